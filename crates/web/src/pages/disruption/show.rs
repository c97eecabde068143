//! `GET /disruption/{id}`: one disruption as the user's agency sees it; with, for the agency
//! that recorded it, the form to change its outcome (`POST /disruption/{id}/outcome`, from the
//! version read: a stale change says so).

use super::Row;
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Caller;
use haven_domain::FieldError;
use haven_domain::disruption::{Outcome as DisruptionOutcome, OutcomeInput};
use haven_domain::ids::DisruptionId;
use std::collections::HashMap;

#[derive(Debug, Template)]
#[template(path = "disruption/show.html")]
struct ShowPage {
    ctx: PageCtx,
    title: String,
    row: Row,
    area: String,
    owner: String,
    meeting: Option<String>,
    /// The outcome form, for the agency that recorded it.
    fields: Option<Vec<Field>>,
    version: i64,
    errors: Vec<ErrorItem>,
    conflict: bool,
}

/// What the page shows again after a refused change: what was posted, its problems, or that
/// someone else changed it first.
#[derive(Debug, Default)]
struct Again<'a> {
    posted: Option<&'a HashMap<String, String>>,
    errors: &'a [FieldError],
    conflict: bool,
}

fn parse(raw: &str) -> Result<DisruptionId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn page(
    state: &AppState,
    caller: &Caller<'_>,
    ctx: PageCtx,
    id: DisruptionId,
    again: Again<'_>,
    purpose: &str,
) -> Result<ShowPage, AppError> {
    let Again { posted, errors, conflict } = again;
    let listed = caller.disruption(id, purpose).await?;
    let agencies: HashMap<_, _> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let name = |id| agencies.get(&id).cloned().unwrap_or_default();
    let d = &listed.disruption;
    let area = state.store.areas().await?.into_iter().find(|a| a.id == d.area_id).map(|a| a.name).unwrap_or_default();
    let may_update = caller.may_update_disruption(&listed);
    let (owner, version, meeting) = (name(d.owner), d.version, d.meeting_id.map(|m| m.to_string()));
    let (outcome, note) = (d.outcome.code().to_owned(), d.outcome_note.clone());
    let row = Row::new(&ctx, &listed, name);
    let mut errors_out = Vec::new();
    let fields = if may_update {
        let v = |k: &str, default: &str| posted.and_then(|p| p.get(k).cloned()).unwrap_or_else(|| default.to_owned());
        let outcomes: Vec<(&str, String)> =
            DisruptionOutcome::ALL.iter().map(|o| (o.code(), ctx.label("disruption-outcome", o.code()))).collect();
        let mut fields = vec![
            Field::choose(
                "outcome",
                ctx.t("disruption-outcome"),
                &v("outcome", &outcome),
                FieldKind::Radios,
                &outcomes,
            ),
            Field::textarea("outcome_note", ctx.t("disruption-outcome-note"), &v("outcome_note", &note)),
        ];
        errors_out = attach_errors(ctx.lang, &mut fields, errors);
        Some(fields)
    } else {
        None
    };
    Ok(ShowPage {
        title: ctx
            .lang
            .t_args("disruption-show-title", &[("tactic", row.tactic.clone()), ("subject", row.subject.clone())]),
        row,
        area,
        owner,
        meeting,
        fields,
        version,
        errors: errors_out,
        conflict,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    render(StatusCode::OK, &page(&state, &caller, ctx, id, Again::default(), "GET /disruption/{id}").await?)
}

#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let version = v("version").parse::<i64>().ok();
    let input = OutcomeInput { outcome: v("outcome"), outcome_note: v("outcome_note") };
    let purpose = "POST /disruption/{id}/outcome";
    match Outcome::of(caller.update_disruption_outcome(id, version, &input, purpose).await)? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/disruption/{id}")).into_response()),
        Outcome::Invalid(errors) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                &state,
                &caller,
                ctx,
                id,
                Again { posted: Some(&posted), errors: &errors.0, conflict: false },
                purpose,
            )
            .await?,
        ),
        Outcome::Conflict => {
            let again = Again { conflict: true, ..Again::default() };
            render(StatusCode::CONFLICT, &page(&state, &caller, ctx, id, again, purpose).await?)
        }
    }
}
