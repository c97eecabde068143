//! `GET|POST /people/{id}/nrm/new`: a child's National Referral Mechanism referral: the first
//! responder, when, and for what exploitation; refused by field (a referral dated in the future,
//! a person who was not a child that day) with nothing written.

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::markers::ReferralForm;
use haven_domain::FieldError;
use haven_domain::ids::PersonId;
use haven_domain::nrm::{ExploitationType, FirstResponder};
use haven_domain::policy::Action;
use std::collections::HashMap;

fn page(ctx: PageCtx, id: PersonId, posted: &HashMap<String, String>, errors: &[FieldError]) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let responders: Vec<(&str, String)> = std::iter::once(("", String::new()))
        .chain(FirstResponder::ALL.iter().map(|f| (f.code(), ctx.label("first-responder", f.code()))))
        .collect();
    let kinds: Vec<(&str, String)> =
        ExploitationType::ALL.iter().map(|k| (k.code(), ctx.label("exploitation", k.code()))).collect();
    let mut fields = vec![
        Field::choose(
            "first_responder",
            ctx.t("nrm-first-responder"),
            &v("first_responder"),
            FieldKind::Select,
            &responders,
        ),
        Field::text(
            "first_responder_note",
            ctx.t("nrm-first-responder-note"),
            &v("first_responder_note"),
            "govuk-!-width-two-thirds",
        ),
        Field::text("referred_on", ctx.t("nrm-referred-on"), &v("referred_on"), "govuk-input--width-10")
            .hint(ctx.t("nrm-referred-on-hint")),
        Field::choose("exploitation", ctx.t("nrm-exploitation"), &v("exploitation"), FieldKind::Radios, &kinds),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t("nrm-new-title"),
        button: ctx.t("nrm-new-button"),
        action: format!("/people/{id}/nrm/new"),
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
    caller.person(id, Action::RecordNrm, "GET /people/{id}/nrm/new").await?;
    render(StatusCode::OK, &page(ctx, id, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn refer(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = parse_id(&raw)?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let referred_on = normalise_date(v("referred_on"));
    let form = ReferralForm {
        first_responder: v("first_responder"),
        first_responder_note: v("first_responder_note"),
        referred_on: &referred_on,
        exploitation: v("exploitation"),
    };
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.refer_nrm(id, &form, "POST /people/{id}/nrm/new").await)? {
        Outcome::Done(_) | Outcome::Conflict => Ok(Redirect::to(&format!("/people/{id}#nrm")).into_response()),
        Outcome::Invalid(errors) => render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, id, &posted, &errors.0)),
    }
}
