//! `GET|POST /markers/{id}/review`: a marker's review, keep (with the next review date, within
//! 12 months on a child) or end, with a note; the heading names who or what the marker is on.
//! Refused by field with nothing written; a review made from an older version of the marker
//! (someone reviewed it meanwhile) is shown as a conflict.

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::markers::ReviewForm;
use haven_domain::FieldError;
use haven_domain::ids::MarkerId;
use haven_domain::marker::{Marker, MarkerSubject, ReviewOutcome};
use std::collections::HashMap;

/// Where the marker is shown: the person's page, or the overdue list for a place.
fn back(m: &Marker) -> String {
    match m.subject {
        MarkerSubject::Person(p) => format!("/people/{p}#markers"),
        MarkerSubject::Location(_) => "/markers/overdue".to_owned(),
    }
}

struct Shown<'a> {
    marker: &'a Marker,
    on: &'a str,
    posted: &'a HashMap<String, String>,
    errors: &'a [FieldError],
    conflict: bool,
}

fn page(ctx: PageCtx, s: &Shown<'_>) -> FormPage {
    let v = |name: &str| s.posted.get(name).cloned().unwrap_or_default();
    let outcomes: Vec<(&str, String)> =
        ReviewOutcome::ALL.iter().map(|o| (o.code(), ctx.label("review-outcome", o.code()))).collect();
    let mut fields = vec![
        Field::choose("outcome", ctx.t("markers-review-outcome"), &v("outcome"), FieldKind::Radios, &outcomes),
        Field::text("reviewed_on", ctx.t("markers-reviewed-on"), &v("reviewed_on"), "govuk-input--width-10")
            .hint(ctx.t("markers-reviewed-on-hint")),
        Field::text("next_review_on", ctx.t("markers-next-review-on"), &v("next_review_on"), "govuk-input--width-10")
            .hint(ctx.t("markers-next-review-on-hint")),
        Field::textarea("note", ctx.t("markers-review-note"), &v("note")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, s.errors);
    let kind = ctx.label("marker-type", s.marker.marker_type.code());
    FormPage {
        title: ctx.lang.t_args("markers-review-title", &[("marker", kind), ("on", s.on.to_owned())]),
        button: ctx.t("markers-review-button"),
        action: format!("/markers/{}/review", s.marker.id),
        back: back(s.marker),
        version: Some(s.marker.version.to_string()),
        fields,
        errors,
        conflict: s.conflict,
        ctx,
    }
}

fn parse(raw: &str) -> Result<MarkerId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let (marker, on) = caller.marker_review_form(id, "GET /markers/{id}/review").await?;
    let shown = Shown { marker: &marker, on: &on, posted: &HashMap::new(), errors: &[], conflict: false };
    render(StatusCode::OK, &page(ctx, &shown))
}

#[tracing::instrument(skip_all)]
pub async fn review(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let purpose = "POST /markers/{id}/review";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let (reviewed_on, next_review_on) = (normalise_date(v("reviewed_on")), normalise_date(v("next_review_on")));
    let form = ReviewForm {
        outcome: v("outcome"),
        reviewed_on: &reviewed_on,
        next_review_on: &next_review_on,
        note: v("note"),
    };
    let version = v("version").parse::<i64>().ok();
    let caller = caller(&state, &session).await?;
    let outcome = Outcome::of(caller.review_marker(id, version, &form, purpose).await)?;
    if let Outcome::Done(m) = &outcome {
        return Ok(Redirect::to(&back(m)).into_response());
    }
    // The form again, with the marker as it is now.
    let (marker, on) = caller.marker_review_form(id, purpose).await?;
    let (errors, conflict) = match outcome {
        Outcome::Invalid(e) => (e.0, false),
        _ => (Vec::new(), true),
    };
    let shown = Shown { marker: &marker, on: &on, posted: &posted, errors: &errors, conflict };
    let status = if conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(status, &page(ctx, &shown))
}
