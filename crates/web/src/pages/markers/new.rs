//! `GET|POST /people/{id}/markers/new`: a warning marker on a person: its type, reason, source,
//! start and review dates, refused by field (an offending type on a child under 10, a child's
//! review more than 12 months out) with nothing written.

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::markers::MarkerForm;
use haven_domain::FieldError;
use haven_domain::ids::PersonId;
use haven_domain::marker::MarkerType;
use haven_domain::policy::Action;
use std::collections::HashMap;

fn page(ctx: PageCtx, id: PersonId, posted: &HashMap<String, String>, errors: &[FieldError]) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let types: Vec<(&str, String)> = std::iter::once(("", String::new()))
        .chain(
            MarkerType::ALL.iter().filter(|t| t.for_people()).map(|t| (t.code(), ctx.label("marker-type", t.code()))),
        )
        .collect();
    let mut fields = vec![
        Field::choose("marker_type", ctx.t("markers-type"), &v("marker_type"), FieldKind::Select, &types)
            .hint(ctx.t("markers-type-hint")),
        Field::textarea("reason", ctx.t("markers-reason"), &v("reason")),
        Field::text("source_agency", ctx.t("markers-source-agency"), &v("source_agency"), "govuk-input--width-20")
            .hint(ctx.t("markers-source-agency-hint")),
        Field::text("source_note", ctx.t("markers-source-note"), &v("source_note"), "govuk-!-width-two-thirds")
            .hint(ctx.t("markers-source-note-hint")),
        Field::text("starts_on", ctx.t("markers-starts-on"), &v("starts_on"), "govuk-input--width-10")
            .hint(ctx.t("markers-date-hint")),
        Field::text("review_on", ctx.t("markers-review-on"), &v("review_on"), "govuk-input--width-10")
            .hint(ctx.t("markers-date-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t("markers-new-title"),
        button: ctx.t("markers-new-button"),
        action: format!("/people/{id}/markers/new"),
        back: format!("/people/{id}"),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let caller = caller(&state, &session).await?;
    caller.person(id, Action::RaiseMarker, "GET /people/{id}/markers/new").await?;
    let posted = HashMap::from([("starts_on".to_owned(), ctx.date(&crate::pages::today_uk()))]);
    render(StatusCode::OK, &page(ctx, id, &posted, &[]))
}

#[tracing::instrument(skip_all)]
pub async fn raise(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let form = MarkerForm {
        marker_type: v("marker_type"),
        reason: v("reason"),
        source_agency: v("source_agency"),
        source_note: v("source_note"),
        starts_on: &crate::pages::people::normalise_date(v("starts_on")),
        review_on: &crate::pages::people::normalise_date(v("review_on")),
    };
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.raise_person_marker(id, &form, "POST /people/{id}/markers/new").await)? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/people/{id}#markers")).into_response()),
        Outcome::Invalid(errors) => render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, id, &posted, &errors.0)),
        // A new marker has no version to go stale.
        Outcome::Conflict => Ok(Redirect::to(&format!("/people/{id}#markers")).into_response()),
    }
}
