//! `GET /missing`: the "missing now" board: every open episode the user's agency may see, by
//! area, highest risk first and then longest missing, with the child's age, where they went
//! missing from, the grade, how long they have been missing, the next review and the officer in
//! charge; and, for supervisors and inspectors (who review them), the alerts of high-risk
//! episodes at the top.
//! The listing is audited.

use super::{duration, event, grade_class};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AreaId, LocationId};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::clocks::naira_escalation;
use haven_domain::person::age_on;
use haven_domain::policy::Action;
use haven_domain::uktime::uk_date;
use haven_domain::user::Role;
use haven_store::EpisodeWindow;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub struct BoardRow {
    pub id: String,
    pub name: String,
    /// The child's age today, where the date of birth is known.
    pub age: String,
    /// The place the child went missing from, where recorded (and seen).
    pub from: String,
    pub since: String,
    pub for_how_long: String,
    pub grade: String,
    pub grade_class: &'static str,
    pub next_review: String,
    pub overdue: bool,
    /// The officer in charge, where named (and seen).
    pub officer: String,
}

#[derive(Debug)]
pub struct AreaGroup {
    pub name: String,
    pub rows: Vec<BoardRow>,
}

#[derive(Debug, Template)]
#[template(path = "missing/board.html")]
struct BoardPage {
    ctx: PageCtx,
    alerts: Vec<BoardRow>,
    areas: Vec<AreaGroup>,
    total: usize,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let purpose = "GET /missing";
    haven_app::for_role(&session.actor(), Action::ViewEpisodes)?;
    let caller = super::super::people::caller(&state, &session).await?;
    let now = super::now();
    let audit = event(&session, AuditAction::EpisodeList, purpose);
    let listed = caller.sharing().listing_filter();
    // The alerts are the supervisors' work (and the inspectors' who review high-risk episodes).
    let supervises = matches!(session.actor().role, Role::Supervisor | Role::Inspector);
    let rows =
        caller.visible_rows(state.store.episodes_in_window(EpisodeWindow { since: now }, &listed, &audit).await?);
    let area_names: HashMap<AreaId, String> = state.store.areas().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let book = state.rules_book().await?;
    let today = uk_date(now);
    let mut places: HashMap<LocationId, String> = HashMap::new();

    // Each row with what orders it: the grade's severity (highest first), then when the child
    // was last seen (longest missing first).
    type Ordered = (std::cmp::Reverse<u8>, chrono::DateTime<chrono::Utc>, BoardRow);
    let mut alerts: Vec<Ordered> = Vec::new();
    let mut by_area: BTreeMap<String, Vec<Ordered>> = BTreeMap::new();
    for (row, view) in rows.into_iter().filter(|(r, _)| r.episode.is_open()) {
        let e = view.redact(row.episode);
        let rules = book.of(e.area_id);
        let grade = naira_escalation(&e.gradings, rules, true, now).map(|g| g.grade).or(e.grade());
        let next = e.reviews_due(rules, now).into_iter().min_by_key(|r| r.due_at);
        let from = match e.from_location {
            Some(place) => match places.get(&place) {
                Some(name) => name.clone(),
                None => {
                    let name = state.store.location(place).await?.map(|l| l.name.unwrap_or(l.address));
                    let name = name.unwrap_or_default();
                    places.insert(place, name.clone());
                    name
                }
            },
            None => String::new(),
        };
        let board_row = BoardRow {
            id: e.id.to_string(),
            name: format!("{} {}", row.person.given_name, row.person.family_name),
            age: row.person.date_of_birth.map(|dob| age_on(dob, today).to_string()).unwrap_or_default(),
            from,
            since: ctx.time(&e.last_seen_at),
            for_how_long: duration(&ctx, e.time_missing(now)),
            grade: grade.map(|g| ctx.label("grade", g.code())).unwrap_or_default(),
            grade_class: grade_class(grade),
            next_review: next
                .map(|r| format!("{} ({})", ctx.time(&r.due_at), ctx.label("review", r.kind.code())))
                .unwrap_or_default(),
            overdue: next.is_some_and(|r| r.overdue),
            officer: e.officer_in_charge.clone(),
        };
        let order = (std::cmp::Reverse(grade.map_or(0, RiskGrade::severity)), e.last_seen_at);
        if grade == Some(RiskGrade::High) && supervises {
            alerts.push((order.0, order.1, board_row.clone()));
        }
        let area = e.area_id.and_then(|a| area_names.get(&a).cloned()).unwrap_or_else(|| ctx.t("missing-area-unknown"));
        by_area.entry(area).or_default().push((order.0, order.1, board_row));
    }
    let total = by_area.values().map(Vec::len).sum();
    let in_order = |mut rows: Vec<Ordered>| {
        rows.sort_by_key(|r| (r.0, r.1));
        rows.into_iter().map(|(_, _, r)| r).collect::<Vec<_>>()
    };
    let alerts = in_order(alerts);
    let areas = by_area.into_iter().map(|(name, rows)| AreaGroup { name, rows: in_order(rows) }).collect();
    render(StatusCode::OK, &BoardPage { alerts, areas, total, ctx })
}
