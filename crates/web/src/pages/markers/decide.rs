//! `GET|POST /nrm/{id}/decision`: a reasonable-grounds or conclusive-grounds decision on a
//! child's NRM referral, with its date; the heading names the child. Refused by field (a
//! decision dated before the referral or in the future, conclusive grounds before reasonable
//! grounds, a decision already recorded) with nothing written.

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::markers::DecisionForm;
use haven_domain::FieldError;
use haven_domain::ids::NrmId;
use haven_domain::nrm::{DecisionOutcome, NrmReferral, Stage};
use std::collections::HashMap;

fn page(
    ctx: PageCtx,
    referral: &NrmReferral,
    child: &str,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let stages: Vec<(&str, String)> = Stage::ALL.iter().map(|s| (s.code(), ctx.label("stage", s.code()))).collect();
    let outcomes: Vec<(&str, String)> =
        DecisionOutcome::ALL.iter().map(|o| (o.code(), ctx.label("decision", o.code()))).collect();
    let mut fields = vec![
        Field::choose("stage", ctx.t("nrm-decision-stage"), &v("stage"), FieldKind::Radios, &stages),
        Field::choose("outcome", ctx.t("nrm-decision-outcome"), &v("outcome"), FieldKind::Radios, &outcomes),
        Field::text("decided_on", ctx.t("nrm-decided-on"), &v("decided_on"), "govuk-input--width-10").hint(ctx.t1(
            "nrm-decided-on-hint",
            "referred",
            &ctx.date(&referral.referred_on),
        )),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t1("nrm-decision-title", "name", child),
        button: ctx.t("nrm-decision-button"),
        action: format!("/nrm/{}/decision", referral.id),
        back: format!("/people/{}#nrm", referral.person_id),
        version: Some(referral.version.to_string()),
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

fn parse(raw: &str) -> Result<NrmId, AppError> {
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
    let (referral, child) = caller.nrm_decision_form(id, "GET /nrm/{id}/decision").await?;
    render(StatusCode::OK, &page(ctx, &referral, &child, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn decide(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let purpose = "POST /nrm/{id}/decision";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let decided_on = normalise_date(v("decided_on"));
    let form = DecisionForm { stage: v("stage"), outcome: v("outcome"), decided_on: &decided_on };
    let version = v("version").parse::<i64>().ok();
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.decide_nrm(id, version, &form, purpose).await)? {
        Outcome::Done(r) => Ok(Redirect::to(&format!("/people/{}#nrm", r.person_id)).into_response()),
        outcome => {
            // The form again, with the referral as it is now.
            let (referral, child) = caller.nrm_decision_form(id, purpose).await?;
            let (errors, status) = match outcome {
                Outcome::Invalid(e) => (e.0, StatusCode::UNPROCESSABLE_ENTITY),
                _ => (Vec::new(), StatusCode::CONFLICT),
            };
            let mut page = page(ctx, &referral, &child, &posted, &errors);
            page.conflict = status == StatusCode::CONFLICT;
            render(status, &page)
        }
    }
}
