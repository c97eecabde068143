//! `GET /people/{id}/missing`: a child's missing history: how often and how recently, the
//! flags it raises (each with the episodes that raised it), the return home interview still
//! owed, and every episode. The read is audited.

use super::{Access, duration, event, grade_class};
use crate::child_summary::child_summary;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::ChildEpisodes;
use haven_domain::audit::AuditAction;
use haven_domain::missing::{EpisodeView, MissingEpisode};
use haven_domain::policy::Action;
use std::collections::HashMap;

#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub number: usize,
    pub reported: String,
    pub returned: String,
    pub duration: String,
    pub grade: String,
    pub grade_class: &'static str,
    pub rhi: String,
}

#[derive(Debug)]
pub struct FlagRow {
    pub label: String,
    pub action: Option<String>,
    /// The numbers of the episodes behind the flag, as shown in the table.
    pub episodes: Vec<(String, usize)>,
}

#[derive(Debug, Template)]
#[template(path = "missing/history.html")]
struct HistoryPage {
    ctx: PageCtx,
    person_id: String,
    person_name: String,
    full: bool,
    total: usize,
    recent: usize,
    open_episode: Option<String>,
    rhi_due: Option<String>,
    flags: Vec<FlagRow>,
    rows: Vec<Row>,
    can_report: bool,
    can_edit_grab_pack: bool,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/missing";
    let person_id = super::super::people::parse_id(&raw)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let ChildEpisodes { episodes, view, access } = caller.child_episodes(person_id, purpose).await?;
    let access = Access::of(&caller, view, access.holders, None);
    let person =
        state.store.person(person_id, &event(&session, AuditAction::PersonView, purpose).person(person_id)).await?;
    let book = state.rules_book().await?;
    let now = super::now();
    let summary = child_summary(state.store.as_ref(), person_id, &episodes, view, &book, now).await?;

    // Numbered oldest first, shown newest first: "episode 12 of 12".
    let mut oldest_first: Vec<&MissingEpisode> = episodes.iter().collect();
    oldest_first.sort_by_key(|e| e.reported_at);
    let number: HashMap<uuid::Uuid, usize> = oldest_first.iter().enumerate().map(|(n, e)| (e.id.0, n + 1)).collect();
    let rows = oldest_first
        .iter()
        .rev()
        .map(|e| Row {
            id: e.id.to_string(),
            number: number.get(&e.id.0).copied().unwrap_or_default(),
            reported: ctx.time(&e.reported_at),
            returned: e.returned_at().map(|t| ctx.time(&t)).unwrap_or_else(|| ctx.t("missing-status-open")),
            duration: duration(&ctx, e.time_missing(now)),
            grade: e.grade().map(|g| ctx.label("grade", g.code())).unwrap_or_default(),
            grade_class: grade_class(e.grade()),
            rhi: match (&e.rhi, e.returned_at()) {
                (Some(r), _) => ctx.label("rhi-outcome", r.outcome.code()),
                (None, Some(_)) if view.records_rhi() => ctx.t("rhi-not-recorded"),
                _ => String::new(),
            },
        })
        .collect();
    let flags = summary
        .flags
        .iter()
        .map(|f| FlagRow {
            label: ctx.label("flag", f.code),
            action: f.action.as_ref().map(|a| ctx.label("flag-action", a)),
            episodes: f
                .episodes
                .iter()
                .map(|id| (id.to_string(), number.get(id).copied().unwrap_or_default()))
                .collect(),
        })
        .collect();
    let can_edit_grab_pack = access.may(&session, Action::EditGrabPack);
    let can_report = !summary.currently_missing && access.may(&session, Action::ReportMissing);
    let page = HistoryPage {
        person_id: person_id.to_string(),
        person_name: person.details.full_name(),
        full: view == EpisodeView::Full,
        total: summary.episodes_total,
        recent: summary.episodes_90d,
        open_episode: summary.open_episode.map(|id| id.to_string()),
        rhi_due: summary.rhi_clock.filter(|_| view.records_rhi()).map(|c| ctx.time(&c.due_at)),
        flags,
        rows,
        can_report,
        can_edit_grab_pack,
        ctx,
    };
    render(StatusCode::OK, &page)
}
