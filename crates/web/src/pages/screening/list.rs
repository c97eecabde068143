//! `GET /people/{id}/screenings`: a child's exploitation screenings that the user may see,
//! newest first, and the way to screen them. The read is audited.

use super::{ResultView, tier_class};
use crate::error::AppError;
use crate::pages::people::{caller, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{PageCtx, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::audit::AuditAction;
use haven_domain::policy::{Action, Target};

#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub at: String,
    pub by: String,
    pub score: u32,
    pub tier: String,
    pub tier_class: &'static str,
}

#[derive(Debug, Template)]
#[template(path = "screening/list.html")]
struct ListPage {
    ctx: PageCtx,
    person_id: String,
    person_name: String,
    rows: Vec<Row>,
    latest: Option<ResultView>,
    can_screen: bool,
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/screenings";
    let person_id = parse_id(&raw)?;
    let caller = caller(&state, &session).await?;
    let (screenings, access) = caller.child_screenings(person_id, purpose).await?;
    let read = caller.event(AuditAction::PersonView, purpose).person(person_id);
    let person = state.store.person(person_id, &read).await?;
    let target = Target::Person { holders: &access.holders, sharing: caller.sharing() };
    let tools = &state.config.screening_tools;
    let latest = screenings.first().map(|s| ResultView::new(&ctx, s, tools.version(s.tool_version)));
    let rows = screenings
        .iter()
        .map(|s| Row {
            id: s.id.to_string(),
            at: ctx.time(&s.at),
            by: s.by_label.clone(),
            score: s.assessment.score,
            tier: ctx.label("screening-tier", s.tier.code()),
            tier_class: tier_class(s.tier),
        })
        .collect();
    let page = ListPage {
        person_id: person_id.to_string(),
        person_name: person.details.full_name(),
        rows,
        latest,
        can_screen: caller.may(Action::ScreenChild, target),
        ctx,
    };
    render(StatusCode::OK, &page)
}
