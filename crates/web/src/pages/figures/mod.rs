//! Figures for boards (`/figures`): an area's figures over a range of dates, each with its
//! definition beside it, the change since the period before and a chart with its data table;
//! the week's scrutiny of risk grading; and the board pack to download
//! (`/figures/board-pack?format=pdf|xlsx|csv|json`), the same numbers in a document. The
//! application layer authorises, reads, hides small numbers and audits; these pages translate.

use crate::error::{AppError, Outcome};
use crate::figures_words::{self as words, board_pack};
use crate::i18n::Lang;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use haven_app::figures::{AreaFigures, FiguresAsk};
use haven_domain::figures::Pair;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new().route("/figures", get(page)).route("/figures/board-pack", get(download))
}

/// What the query string carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ask {
    pub area: String,
    pub from: String,
    pub to: String,
    /// `yes` (the checkbox) for exact figures.
    pub exact: String,
    pub format: String,
}

impl Ask {
    fn ask(&self, export: Option<&'static str>) -> FiguresAsk<'_> {
        FiguresAsk { area: &self.area, from: &self.from, to: &self.to, exact: self.exact == "yes", export }
    }

    fn query(&self, format: &str) -> String {
        let mut q = vec![("area", self.area.as_str()), ("from", self.from.as_str()), ("to", self.to.as_str())];
        if self.exact == "yes" {
            q.push(("exact", "yes"));
        }
        q.push(("format", format));
        serde_urlencoded::to_string(q).unwrap_or_default()
    }
}

#[derive(Debug)]
pub struct FigureRow {
    pub id: &'static str,
    pub title: String,
    pub definition: String,
    pub now: String,
    pub before: String,
    pub change: String,
    pub unit: String,
    /// The chart as SVG (drawn on the server) and its data table's caption.
    pub chart: Option<String>,
    pub chart_caption: String,
    pub chart_header: Vec<String>,
    pub chart_rows: Vec<Vec<String>>,
}

#[derive(Debug)]
pub struct SectionView {
    pub code: &'static str,
    pub title: String,
    pub note: Option<String>,
    pub figures: Vec<FigureRow>,
}

#[derive(Debug, Template)]
#[template(path = "figures/page.html")]
struct FiguresPage {
    ctx: PageCtx,
    title: String,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    period: String,
    note: String,
    /// Where the rates' population comes from, or that the area has none.
    population_note: String,
    marking: String,
    sections: Vec<SectionView>,
    downloads: Vec<(String, String)>,
}

fn report_text(c: &haven_report::Cell) -> String {
    match c {
        haven_report::Cell::Text(t) => t.clone(),
        haven_report::Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
        haven_report::Cell::Number(n) => format!("{n}"),
        haven_report::Cell::Date(d) => d.to_string(),
    }
}

/// The figures as the page shows them.
pub fn sections(lang: Lang, af: &AreaFigures) -> Vec<SectionView> {
    let f = &af.figures;
    let t = f.suppressed_below;
    words::sections(f)
        .into_iter()
        .map(|(s, figures)| SectionView {
            code: s.code(),
            title: words::section_title(lang, s),
            note: (s == haven_domain::figures::Section::GradingWeek).then(|| words::period_line(lang, f, true)),
            figures: figures
                .into_iter()
                .map(|fig| {
                    let chart = words::chart(lang, fig, t);
                    FigureRow {
                        id: fig.id,
                        title: words::title(lang, fig.id),
                        definition: words::definition(lang, fig.id),
                        now: words::cell(lang, fig.pair.value, fig.unit, t),
                        before: words::cell(lang, fig.pair.previous, fig.unit, t),
                        change: words::change(lang, &fig.pair, fig.unit),
                        unit: words::unit(lang, fig.unit),
                        chart: chart.as_ref().map(haven_report::chart::Chart::svg),
                        chart_caption: chart.as_ref().map(|c| c.table.caption.clone()).unwrap_or_default(),
                        chart_header: chart.as_ref().map(|c| c.table.header.clone()).unwrap_or_default(),
                        chart_rows: chart
                            .as_ref()
                            .map(|c| c.table.rows.iter().map(|r| r.iter().map(report_text).collect()).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect()
}

async fn fields(state: &AppState, ctx: &PageCtx, a: &Ask) -> Result<Vec<Field>, AppError> {
    let areas: Vec<(String, String)> =
        state.store.areas().await?.into_iter().map(|a| (a.code.to_string(), a.name)).collect();
    let mut choices: Vec<(&str, String)> = vec![("", String::new())];
    choices.extend(areas.iter().map(|(c, n)| (c.as_str(), n.clone())));
    Ok(vec![
        Field::choose("area", ctx.t("figures-area"), &a.area, FieldKind::Select, &choices),
        Field::text("from", ctx.t("figures-from"), &a.from, "govuk-input--width-10").hint(ctx.t("figures-from-hint")),
        Field::text("to", ctx.t("figures-to"), &a.to, "govuk-input--width-10").hint(ctx.t("figures-to-hint")),
        Field { kind: FieldKind::Checkbox, ..Field::text("exact", ctx.t("figures-exact"), &a.exact, "") }
            .hint(ctx.t("figures-exact-hint")),
    ])
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(a): Query<Ask>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    haven_app::for_role(&caller.actor(), haven_domain::policy::Action::ViewAggregates)?;
    let mut fields = fields(&state, &ctx, &a).await?;
    let first_visit = a.area.trim().is_empty() && a.from.trim().is_empty() && a.to.trim().is_empty();
    let empty = |ctx: PageCtx, fields, errors, status| {
        let title = ctx.t("figures-title");
        let page = FiguresPage {
            ctx,
            title,
            fields,
            errors,
            period: String::new(),
            note: String::new(),
            population_note: String::new(),
            marking: String::new(),
            sections: vec![],
            downloads: vec![],
        };
        render(status, &page)
    };
    if first_visit {
        return empty(ctx, fields, vec![], StatusCode::OK);
    }
    let got = caller.figures(&a.ask(None), state.install_rules(), state.config.figures, "GET /figures").await;
    let af = match Outcome::of(got)? {
        Outcome::Done(af) => af,
        Outcome::Invalid(e) => {
            let errors = attach_errors(ctx.lang, &mut fields, &e.0);
            return empty(ctx, fields, errors, StatusCode::BAD_REQUEST);
        }
        Outcome::Conflict => return Err(AppError::BadRequest),
    };
    let lang = ctx.lang;
    let downloads = ["pdf", "xlsx", "csv", "json"]
        .iter()
        .map(|f| {
            (format!("/figures/board-pack?{}", a.query(f)), lang.t1("figures-download-as", "format", &f.to_uppercase()))
        })
        .collect();
    let page = FiguresPage {
        title: ctx.t1("figures-title-area", "area", &af.area.name),
        fields,
        errors: vec![],
        period: words::period_line(lang, &af.figures, false),
        note: words::disclosure_note(lang, &af.figures),
        population_note: words::population_note(lang, &af.figures),
        marking: lang.t1("figures-marking", "marking", af.marking.label()),
        sections: sections(lang, &af),
        downloads,
        ctx,
    };
    render(StatusCode::OK, &page)
}

/// The formats of the board pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl PackFormat {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        match raw.trim() {
            "pdf" => Ok(Self::Pdf),
            "xlsx" => Ok(Self::Xlsx),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            "" => Err("required"),
            _ => Err("unknown-code"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

/// One table of every figure (figure, part, this period, before; for the figures taken against
/// the area's child population, each group's children and rates per 1,000), for CSV: what a
/// spreadsheet user sorts and filters.
pub fn figures_table(lang: Lang, af: &AreaFigures) -> haven_report::Table {
    let f = &af.figures;
    let t = f.suppressed_below;
    let mut table = haven_report::Table::new(
        lang.t("figures-title"),
        vec![
            lang.t("figures-figure"),
            lang.t("figures-part"),
            lang.t("figures-now"),
            lang.t("figures-before"),
            lang.t("figures-population"),
            lang.t("figures-rate-now"),
            lang.t("figures-rate-before"),
            lang.t("figures-definition"),
        ],
    );
    for fig in &f.figures {
        let rates = fig.population.is_some();
        let row = |part: String, pair: &Pair, pop: Option<u64>, rate: Option<Pair>| {
            let (pop, now, before) = if rates {
                (
                    words::population(lang, pop),
                    words::rate(lang, rate.map(|r| r.value), t),
                    words::rate(lang, rate.map(|r| r.previous), t),
                )
            } else {
                (String::new(), String::new(), String::new())
            };
            vec![
                words::title(lang, fig.id).into(),
                part.into(),
                words::cell(lang, pair.value, fig.unit, t).into(),
                words::cell(lang, pair.previous, fig.unit, t).into(),
                pop.into(),
                now.into(),
                before.into(),
                words::definition(lang, fig.id).into(),
            ]
        };
        table.rows.push(row(String::new(), &fig.pair, fig.population, fig.rate));
        for p in &fig.parts {
            table.rows.push(row(words::part_label(lang, fig.id, p.key), &p.pair, p.population, p.rate));
        }
    }
    table
}

/// The board pack of `af` as `format`, laid out off the async threads.
pub async fn render_pack(lang: Lang, af: &AreaFigures, format: PackFormat) -> Result<Vec<u8>, String> {
    let created = crate::clock::uk_today();
    let out = match format {
        PackFormat::Pdf => {
            let doc = board_pack(lang, af, created);
            tokio::task::spawn_blocking(move || haven_report::pdf::render(&doc)).await
        }
        PackFormat::Xlsx => {
            let doc = board_pack(lang, af, created);
            tokio::task::spawn_blocking(move || haven_report::xlsx::render(&doc)).await
        }
        PackFormat::Csv => {
            let table = figures_table(lang, af);
            let marking = words::report_marking(af.marking);
            tokio::task::spawn_blocking(move || haven_report::csv::render(&table, marking)).await
        }
        PackFormat::Json => {
            return serde_json::to_vec_pretty(&crate::api::figures::response(lang, af)).map_err(|e| e.to_string());
        }
    };
    out.map_err(|e| format!("rendering stopped: {e}"))?.map_err(|e| format!("rendering failed: {e}"))
}

/// The file name: `board-pack-<area>-<from>-<to>.<format>`.
pub fn file_name(af: &AreaFigures, format: PackFormat) -> String {
    let area: String = af
        .area
        .code
        .to_string()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("board-pack-{area}-{}-{}.{}", af.figures.period.from, af.figures.period.to, format.code())
}

#[tracing::instrument(skip_all)]
pub async fn download(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(a): Query<Ask>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    haven_app::for_role(&caller.actor(), haven_domain::policy::Action::ViewAggregates)?;
    let format = PackFormat::parse(&a.format).map_err(|_| AppError::BadRequest)?;
    let af = caller
        .figures(&a.ask(Some(format.code())), state.install_rules(), state.config.figures, "GET /figures/board-pack")
        .await
        .map_err(|e| match e {
            haven_app::Failure::Invalid(_) => AppError::BadRequest,
            other => other.into(),
        })?;
    let bytes = render_pack(ctx.lang, &af, format).await.map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file_name(&af, format))),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
