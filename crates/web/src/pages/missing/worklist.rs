//! `GET /rhi`: the return home interview worklist: children returned in the last weeks whose
//! interview is overdue (by how many days), due, or done (with its quality: in time, in person,
//! the child's voice, information shared, follow-up), for the provider and for those who
//! commission it. Each row says where the child was found and with whom, where they were placed
//! when they went missing and by which local authority: what the worker needs to arrange the
//! interview.

use super::event;
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Duration;
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgencyId, EpisodeId};
use haven_domain::missing::EpisodeView;
use haven_domain::missing::clocks::{RhiState, rhi_clock};
use haven_domain::missing::record::RhiStep;
use haven_domain::policy::Action;
use haven_domain::uktime::uk_date;
use haven_store::EpisodeWindow;
use std::collections::HashMap;

/// How far back the worklist looks.
pub const WORKLIST_DAYS: i64 = 28;

#[derive(Debug)]
pub struct WorkRow {
    pub id: String,
    pub name: String,
    pub returned: String,
    pub due: String,
    /// Whole days past the due time, for an overdue interview.
    pub days_overdue: String,
    /// Where found, and with whom.
    pub found: String,
    /// The placement when the child went missing, and the local authority that placed them.
    pub placement: String,
    /// The worker on the latest step towards the interview, and how many tries so far.
    pub worker: String,
    pub outcome: String,
    pub quality: String,
}

#[derive(Debug, Template)]
#[template(path = "missing/worklist.html")]
struct WorklistPage {
    ctx: PageCtx,
    /// Overdue, due and done, each under its key.
    sections: Vec<(&'static str, Vec<WorkRow>)>,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    haven_app::for_role(&session.actor(), Action::ViewEpisodes)?;
    let caller = super::super::people::caller(&state, &session).await?;
    if !EpisodeView::for_agency(caller.sharing().kind()).is_some_and(EpisodeView::records_rhi) {
        return Err(AppError::Forbidden("agency-not-permitted"));
    }
    let now = super::now();
    let book = state.rules_book().await?;
    let audit = event(&session, AuditAction::EpisodeList, "GET /rhi");
    let since = now - Duration::days(WORKLIST_DAYS);
    let listed = caller.sharing().listing_filter();
    let rows = caller.visible_rows(state.store.episodes_in_window(EpisodeWindow { since }, &listed, &audit).await?);
    let (mut overdue, mut due, mut done) = (Vec::new(), Vec::new(), Vec::new());
    let mut sorted: Vec<_> = rows
        .into_iter()
        // Only episodes whose interview the user's agency may see (an RHI is nothing to a view
        // that shows none).
        .filter(|(_, view)| view.records_rhi())
        .filter_map(|(r, view)| {
            let e = view.redact(r.episode);
            let returned = e.returned_at().filter(|t| *t >= since)?;
            Some((returned, e, r.person))
        })
        .collect();
    sorted.sort_by_key(|(returned, _, _)| *returned);
    let owed: Vec<EpisodeId> = sorted.iter().filter(|(_, e, _)| e.rhi.is_none()).map(|(_, e, _)| e.id).collect();
    let mut attempts = caller.rhi_attempts(&owed).await?;
    let agencies: HashMap<AgencyId, String> =
        state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    for (returned, e, person) in sorted {
        let rules = book.of(e.area_id);
        let clock = rhi_clock(returned, e.rhi.as_ref().map(|r| r.held_at), rules, now);
        let days_overdue = match clock.state {
            RhiState::Overdue => ctx.count("worklist-days", "count", (now - clock.due_at).num_days().max(0) as usize),
            _ => String::new(),
        };
        let found = e
            .found
            .as_ref()
            .map(|f| [f.found_where.as_str(), f.with_whom.as_str()].into_iter().filter(|s| !s.is_empty()).collect())
            .map(|parts: Vec<&str>| parts.join(" – "))
            .unwrap_or_default();
        // Where the child was placed when they went missing (the day they were last seen).
        let placement = if e.rhi.is_none() {
            let day = uk_date(e.last_seen_at);
            let placed = state.store.placements(person.id).await?.into_iter().find(|p| p.placement.is_current_on(day));
            placed
                .map(|p| {
                    let place = p.location.name.unwrap_or(p.location.address);
                    match p.placement.placing_authority.and_then(|a| agencies.get(&a)) {
                        Some(la) => format!("{place} ({la})"),
                        None => place,
                    }
                })
                .unwrap_or_default()
        } else {
            String::new()
        };
        let steps = attempts.remove(&e.id).unwrap_or_default();
        let tries = steps.iter().filter(|a| a.step != RhiStep::Allocated).count();
        let worker = steps.last().map(|a| format!("{} ({tries})", a.worker)).unwrap_or_default();
        let row = WorkRow {
            worker,
            id: e.id.to_string(),
            name: format!("{} {}", person.given_name, person.family_name),
            returned: ctx.time(&returned),
            due: ctx.time(&clock.due_at),
            days_overdue,
            found,
            placement,
            outcome: e.rhi.as_ref().map(|r| ctx.label("rhi-outcome", r.outcome.code())).unwrap_or_default(),
            quality: e
                .rhi
                .as_ref()
                .map(|r| {
                    ctx.lang.t_args(
                        "missing-rhi-quality",
                        &[("score", r.quality(returned, rules.rhi_within_hours).score().to_string())],
                    )
                })
                .unwrap_or_default(),
        };
        match clock.state {
            RhiState::Overdue => overdue.push(row),
            RhiState::Due => due.push(row),
            RhiState::DoneInTime | RhiState::DoneLate => done.push(row),
        }
    }
    done.reverse();
    render(StatusCode::OK, &WorklistPage { sections: vec![("overdue", overdue), ("due", due), ("done", done)], ctx })
}
