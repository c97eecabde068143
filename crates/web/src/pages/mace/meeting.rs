//! `GET /mace/meetings/{id}`: a meeting as its members read it (the facts, the agenda with each
//! item's discussion, decisions and risk after, the actions on its register, and its exports);
//! `POST …/draft` drafts the agenda from the priority list and the markers of concern; `POST
//! …/carry` brings the live actions of an earlier meeting onto this one's register.

use super::parse;
use crate::error::AppError;
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::mace::Minutes;
use haven_domain::ids::MeetingId;
use haven_domain::mace::meeting::ItemKind;
use std::collections::HashMap;

#[derive(Debug)]
pub struct ItemView {
    pub number: i64,
    pub kind: String,
    pub subject: String,
    /// The person's page, for a child or a person of concern.
    pub href: Option<String>,
    pub born: Option<String>,
    pub reason: String,
    pub summary: String,
    pub decisions: String,
    pub risk_after: Option<String>,
    pub risk_class: &'static str,
    pub edit_href: String,
    pub remove_action: Option<String>,
    pub version: i64,
    pub action_href: String,
    /// How many people and places are linked to the item's subject, and the page that shows
    /// and links them; `None` for a theme.
    pub links: Option<(String, String)>,
}

#[derive(Debug)]
pub struct ActionView {
    pub number: i64,
    pub href: String,
    pub text: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
    pub status: String,
    pub four_p: String,
}

#[derive(Debug, Template)]
#[template(path = "mace/meeting.html")]
struct MeetingPage {
    ctx: PageCtx,
    id: String,
    title: String,
    area: String,
    chair: String,
    attendees: Vec<String>,
    apologies: Vec<String>,
    items: Vec<ItemView>,
    actions: Vec<ActionView>,
    earlier: Vec<(String, String)>,
    runs: bool,
    carried: Option<String>,
    drafted: Option<String>,
}

fn risk_class(code: &str) -> &'static str {
    match code {
        "red" => "govuk-tag--red",
        "amber" => "govuk-tag--orange",
        _ => "govuk-tag--green",
    }
}

/// An action as a row of the register, on this page or the register's.
pub fn action_view(
    ctx: &PageCtx,
    minutes_agency: &dyn Fn(haven_domain::ids::AgencyId) -> String,
    a: &haven_domain::mace::action::MaceAction,
) -> ActionView {
    let today = crate::pages::today_uk();
    ActionView {
        number: a.number,
        href: format!("/mace/actions/{}", a.id),
        text: a.text.clone(),
        owner: format!("{}, {}", a.owner_name, minutes_agency(a.owner_agency)),
        due: ctx.date(&a.due_on),
        overdue: a.is_overdue(today),
        status: ctx.label("mace-status", a.status.code()),
        four_p: a.four_p.map(|p| ctx.label("four-p", p.code())).unwrap_or_default(),
    }
}

/// The page's title: "MACE meeting, Morlais North, 3 December 2026 10:00".
pub fn meeting_title(ctx: &PageCtx, minutes: &Minutes) -> String {
    ctx.lang.t_args(
        "mace-meeting-title",
        &[("area", minutes.area.name.clone()), ("when", ctx.time(&minutes.meeting.starts_at))],
    )
}

fn view(ctx: PageCtx, minutes: &Minutes, query: &HashMap<String, String>) -> MeetingPage {
    let m = &minutes.meeting;
    let named = |a: &haven_domain::mace::meeting::Attendee| format!("{}, {}", a.name, minutes.agency_name(a.agency));
    let items = minutes
        .items
        .iter()
        .map(|i| {
            let it = &i.item;
            let agreed = minutes.actions.iter().any(|a| a.item_id == Some(it.id)) || !i.links.is_empty();
            ItemView {
                number: it.position,
                kind: ctx.label("mace-item-kind", it.subject.kind().code()),
                subject: i.subject.label.clone(),
                href: i.subject.person.filter(|_| it.subject.kind() != ItemKind::Theme).map(|p| format!("/people/{p}")),
                born: i.subject.date_of_birth.map(|d| ctx.date(&d)),
                reason: it.reason.clone(),
                summary: it.summary.clone(),
                decisions: it.decisions.clone(),
                risk_after: it.risk_after.map(|t| ctx.label("screening-tier", t.code())),
                risk_class: it.risk_after.map_or("", |t| risk_class(t.code())),
                edit_href: format!("/mace/meetings/{}/items/{}", m.id, it.id),
                remove_action: (minutes.runs && !agreed)
                    .then(|| format!("/mace/meetings/{}/items/{}/remove", m.id, it.id)),
                version: it.version,
                action_href: format!("/mace/meetings/{}/actions/new?item={}", m.id, it.id),
                links: (it.subject.kind() != ItemKind::Theme).then(|| {
                    let count = ctx.t1("mace-links-count", "count", &i.links.len().to_string());
                    (count, format!("/mace/meetings/{}/items/{}/links", m.id, it.id))
                }),
            }
        })
        .collect();
    let name = |id| minutes.agency_name(id);
    let actions = minutes.actions.iter().map(|a| action_view(&ctx, &name, a)).collect();
    let earlier = minutes.earlier.iter().map(|e| (e.id.to_string(), ctx.time(&e.starts_at))).collect();
    MeetingPage {
        id: m.id.to_string(),
        title: meeting_title(&ctx, minutes),
        area: minutes.area.name.clone(),
        chair: named(&m.chair),
        attendees: m.attendees.iter().map(named).collect(),
        apologies: m.apologies.iter().map(named).collect(),
        items,
        actions,
        earlier,
        runs: minutes.runs,
        carried: query.get("carried").map(|n| ctx.t1("mace-carried", "n", n)),
        drafted: query.get("drafted").map(|n| ctx.t1("mace-drafted", "n", n)),
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let minutes = caller.minutes(id, "GET /mace/meetings/{id}").await?;
    render(StatusCode::OK, &view(ctx, &minutes, &query))
}

#[tracing::instrument(skip_all)]
pub async fn draft(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let added = caller.draft_agenda(id, state.install_rules(), "POST /mace/meetings/{id}/draft").await?;
    Ok(Redirect::to(&format!("/mace/meetings/{id}?drafted={}#agenda", added.len())).into_response())
}

#[tracing::instrument(skip_all)]
pub async fn carry(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let from: MeetingId = posted.get("from").and_then(|f| f.parse().ok()).ok_or(AppError::BadRequest)?;
    let caller = caller(&state, &session).await?;
    let n = caller.carry_actions(from, id, "POST /mace/meetings/{id}/carry").await?;
    Ok(Redirect::to(&format!("/mace/meetings/{id}?carried={n}#actions")).into_response())
}
