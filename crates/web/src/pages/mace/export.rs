//! A meeting's minutes and action register as files: `GET /mace/meetings/{id}/minutes.pdf`
//! (tagged, accessible PDF), `…/minutes.xlsx` and `…/actions.csv`, each marked
//! OFFICIAL-SENSITIVE in its header and footer (they name children). The same meeting as its page
//! shows it, to the same people; each export is on the meeting's audit trail with its format.

use super::meeting::meeting_title;
use super::parse;
use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::PageCtx;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use haven_app::mace::Minutes;
use haven_domain::ids::MeetingId;
use haven_report::{Block, Cell, Document, Marking, Table};

/// The register of actions as a table: the CSV whole, and a sheet and a section of the others.
fn actions_table(ctx: &PageCtx, m: &Minutes) -> Table {
    let header = [
        "mace-number",
        "mace-action",
        "mace-owner-name",
        "mace-owner-agency",
        "mace-due",
        "mace-status",
        "mace-four-p",
        "mace-item",
    ]
    .iter()
    .map(|k| ctx.t(k))
    .collect();
    let mut table = Table::new(ctx.t("mace-actions"), header);
    for a in &m.actions {
        let item = a.item_id.and_then(|i| m.item(i)).map(|i| format!("{}. {}", i.item.position, i.subject.label));
        table.rows.push(vec![
            Cell::from(a.number),
            Cell::from(a.text.as_str()),
            Cell::from(a.owner_name.as_str()),
            Cell::from(m.agency_name(a.owner_agency)),
            Cell::from(a.due_on),
            Cell::from(ctx.label("mace-status", a.status.code())),
            Cell::from(a.four_p.map(|p| ctx.label("four-p", p.code())).unwrap_or_default()),
            Cell::from(item.unwrap_or_default()),
        ]);
    }
    table
}

/// The minutes as a document: the meeting's facts, each item with what was made of it, then
/// the register.
fn minutes_document(ctx: &PageCtx, m: &Minutes) -> Document {
    let named = |a: &haven_domain::mace::meeting::Attendee| format!("{}, {}", a.name, m.agency_name(a.agency));
    let list = |people: &[haven_domain::mace::meeting::Attendee]| {
        if people.is_empty() { ctx.t("mace-nobody") } else { people.iter().map(named).collect::<Vec<_>>().join("\n") }
    };
    let meeting = &m.meeting;
    let language = if ctx.lang == crate::i18n::Lang::Cy { "cy" } else { "en-GB" };
    let mut doc = Document::new(
        meeting_title(ctx, m),
        language,
        Marking::OfficialSensitive,
        m.agency_name(meeting.owner),
        crate::pages::today_uk(),
    )
    .with(Block::Facts(vec![
        (ctx.t("mace-area"), m.area.name.clone()),
        (ctx.t("mace-when"), ctx.time(&meeting.starts_at)),
        (ctx.t("mace-chair"), named(&meeting.chair)),
        (ctx.t("mace-attendees"), list(&meeting.attendees)),
        (ctx.t("mace-apologies"), list(&meeting.apologies)),
    ]))
    .with(Block::Heading { level: 2, text: ctx.t("mace-agenda") });
    if m.items.is_empty() {
        doc = doc.with(Block::Paragraph(ctx.t("mace-agenda-empty")));
    }
    let or_not_yet = |text: &str| if text.trim().is_empty() { ctx.t("mace-not-yet") } else { text.to_owned() };
    for i in &m.items {
        let it = &i.item;
        let kind = ctx.label("mace-item-kind", it.subject.kind().code());
        doc = doc.with(Block::Heading { level: 3, text: format!("{}. {} ({kind})", it.position, i.subject.label) });
        let mut facts = Vec::new();
        if let Some(born) = i.subject.date_of_birth {
            facts.push((ctx.t("mace-born"), ctx.date(&born)));
        }
        if !it.reason.is_empty() {
            facts.push((ctx.t("mace-reason"), it.reason.clone()));
        }
        facts.push((ctx.t("mace-summary"), or_not_yet(&it.summary)));
        facts.push((ctx.t("mace-decisions"), or_not_yet(&it.decisions)));
        let risk =
            it.risk_after.map_or_else(|| ctx.t("mace-risk-not-assessed"), |t| ctx.label("screening-tier", t.code()));
        facts.push((ctx.t("mace-risk-after"), risk));
        doc = doc.with(Block::Facts(facts));
    }
    doc = doc.with(Block::Heading { level: 2, text: ctx.t("mace-actions") });
    if m.actions.is_empty() {
        doc = doc.with(Block::Paragraph(ctx.t("mace-actions-none")));
    } else {
        doc = doc.with(Block::Table(actions_table(ctx, m)));
    }
    doc
}

/// A format a meeting exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The minutes and register, tagged and accessible.
    Pdf,
    /// The minutes and register as a workbook.
    Xlsx,
    /// The register alone.
    Csv,
}

impl Format {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// A rendered export: its bytes, type and file name (`mace-minutes-morlais-north-2026-12-08.pdf`).
#[derive(Debug)]
pub struct Export {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub name: String,
}

/// Renders meeting `m` as `format` in `ctx`'s language, off the async threads (a long register
/// takes a while to lay out). The error is the renderer's, for the adapter to report.
pub async fn export(ctx: &PageCtx, m: &Minutes, format: Format) -> Result<Export, String> {
    let area: String =
        m.area.name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let what = if format == Format::Csv { "mace-actions" } else { "mace-minutes" };
    let name = format!("{what}-{area}-{}.{}", haven_domain::uktime::uk_date(m.meeting.starts_at), format.code());
    let bytes = match format {
        Format::Pdf => {
            let doc = minutes_document(ctx, m);
            tokio::task::spawn_blocking(move || haven_report::pdf::render(&doc)).await
        }
        Format::Xlsx => {
            let doc = minutes_document(ctx, m);
            tokio::task::spawn_blocking(move || haven_report::xlsx::render(&doc)).await
        }
        Format::Csv => {
            let table = actions_table(ctx, m);
            tokio::task::spawn_blocking(move || haven_report::csv::render(&table, Marking::OfficialSensitive)).await
        }
    }
    .map_err(|e| format!("rendering stopped: {e}"))?
    .map_err(|e| format!("rendering failed: {e}"))?;
    Ok(Export { bytes, content_type: format.content_type(), name })
}

impl IntoResponse for Export {
    /// A file to save, never cached (it names children).
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type.to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", self.name)),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            self.bytes,
        )
            .into_response()
    }
}

async fn page_export(
    state: &AppState,
    ctx: &PageCtx,
    session: &crate::session::CurrentSession,
    raw: &str,
    format: Format,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(raw)?;
    let caller = caller(state, session).await?;
    let purpose = match format {
        Format::Pdf => "GET /mace/meetings/{id}/minutes.pdf",
        Format::Xlsx => "GET /mace/meetings/{id}/minutes.xlsx",
        Format::Csv => "GET /mace/meetings/{id}/actions.csv",
    };
    let m = caller.export_minutes(id, format.code(), purpose).await?;
    let file = export(ctx, &m, format).await.map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(file.into_response())
}

#[tracing::instrument(skip_all)]
pub async fn pdf(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    page_export(&state, &ctx, &session, &raw, Format::Pdf).await
}

#[tracing::instrument(skip_all)]
pub async fn xlsx(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    page_export(&state, &ctx, &session, &raw, Format::Xlsx).await
}

#[tracing::instrument(skip_all)]
pub async fn csv(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    page_export(&state, &ctx, &session, &raw, Format::Csv).await
}
