//! `GET|POST /disruption/new?person=…` or `?location=…`: disruption against a person or a
//! place: the tactic (grouped by the 4P it usually falls under), its 4P, dates (a CAWN's issue
//! and expiry), the child it protects, outcome and officer; refused by field (a CAWN expiring
//! before its issue) with nothing written.

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Choice, ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::disruption::{DisruptionForm, DisruptionTarget};
use haven_domain::FieldError;
use haven_domain::disruption::{DisruptionSubject, Outcome as DisruptionOutcome, Tactic};
use haven_domain::mace::FourP;
use serde::Deserialize;
use std::collections::HashMap;

/// Whom or what the form is about, as its address carries it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Subject {
    pub person: String,
    pub location: String,
}

/// The tactics under one 4P, as an `<optgroup>`.
#[derive(Debug)]
pub struct Group {
    pub label: String,
    pub choices: Vec<Choice>,
}

#[derive(Debug, Template)]
#[template(path = "disruption/new.html")]
struct NewPage {
    ctx: PageCtx,
    title: String,
    action: String,
    back: String,
    tactic: Field,
    groups: Vec<Group>,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
}

/// The subject from the address: a person or a place (not both); anything else is a page
/// that does not exist.
async fn target(caller: &haven_app::Caller<'_>, s: &Subject, purpose: &str) -> Result<DisruptionTarget, AppError> {
    let person = match s.person.trim() {
        "" => None,
        raw => Some(raw.parse().map_err(|_| AppError::NotFound)?),
    };
    let location = match s.location.trim() {
        "" => None,
        raw => Some(raw.parse().map_err(|_| AppError::NotFound)?),
    };
    if person.is_some() == location.is_some() {
        return Err(AppError::NotFound);
    }
    match caller.disruption_target(person, location, purpose).await {
        Ok(t) => Ok(t),
        Err(haven_app::Failure::NotFound | haven_app::Failure::Invalid(_)) => Err(AppError::NotFound),
        Err(haven_app::Failure::Forbidden(reason)) => Err(AppError::Forbidden(reason)),
        Err(haven_app::Failure::Conflict) => Err(AppError::BadRequest),
        Err(haven_app::Failure::Store(e)) => Err(e.into()),
    }
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    t: &DisruptionTarget,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let for_subject = |tactic: &Tactic| match t.subject {
        DisruptionSubject::Person(_) => tactic.for_people(),
        DisruptionSubject::Location(_) => tactic.for_places(),
    };
    let chosen = v("tactic");
    let groups: Vec<Group> = FourP::ALL
        .iter()
        .map(|p| Group {
            label: ctx.label("disruption-four-p", p.code()),
            choices: Tactic::under(*p)
                .iter()
                .filter(|tactic| for_subject(tactic))
                .map(|tactic| Choice {
                    value: tactic.code().to_owned(),
                    label: ctx.label("disruption-tactic", tactic.code()),
                    selected: chosen == tactic.code(),
                })
                .collect(),
        })
        .filter(|g| !g.choices.is_empty())
        .collect();
    let four_ps: Vec<(&str, String)> = std::iter::once(("", ctx.t("disruption-four-p-usual")))
        .chain(FourP::ALL.iter().map(|p| (p.code(), ctx.label("disruption-four-p", p.code()))))
        .collect();
    let outcomes: Vec<(&str, String)> =
        DisruptionOutcome::ALL.iter().map(|o| (o.code(), ctx.label("disruption-outcome", o.code()))).collect();
    let areas = state.store.areas().await?;
    let area_choices: Vec<(&str, String)> =
        std::iter::once(("", String::new())).chain(areas.iter().map(|a| (a.code.as_str(), a.name.clone()))).collect();
    let area = match (v("area"), t.area) {
        (a, _) if !a.is_empty() => a,
        (_, Some(id)) => areas.iter().find(|a| a.id == id).map(|a| a.code.as_str().to_owned()).unwrap_or_default(),
        _ => String::new(),
    };
    let date_hint = ctx.t("disruption-date-hint");
    let mut fields = vec![
        Field::choose("tactic", ctx.t("disruption-tactic"), &chosen, FieldKind::Select, &[])
            .hint(ctx.t("disruption-tactic-hint")),
        Field::choose("four_p", ctx.t("disruption-four-p"), &v("four_p"), FieldKind::Select, &four_ps)
            .hint(ctx.t("disruption-four-p-hint")),
        Field::choose("area", ctx.t("disruption-area"), &area, FieldKind::Select, &area_choices),
        Field::text("done_on", ctx.t("disruption-done-on"), &v("done_on"), "govuk-input--width-10").hint(date_hint),
        Field::text("issued_on", ctx.t("disruption-issued-on"), &v("issued_on"), "govuk-input--width-10")
            .hint(ctx.t("disruption-issued-on-hint")),
        Field::text("expires_on", ctx.t("disruption-expires-on"), &v("expires_on"), "govuk-input--width-10")
            .hint(ctx.t("disruption-expires-on-hint")),
        Field::text("child_id", ctx.t("disruption-child-id"), &v("child_id"), "govuk-input--width-30")
            .hint(ctx.t("disruption-child-id-hint")),
        Field::choose("outcome", ctx.t("disruption-outcome"), &v("outcome"), FieldKind::Radios, &outcomes),
        Field::textarea("outcome_note", ctx.t("disruption-outcome-note"), &v("outcome_note"))
            .hint(ctx.t("disruption-outcome-note-hint")),
        Field::text("officer_name", ctx.t("disruption-officer-name"), &v("officer_name"), "govuk-!-width-one-half")
            .hint(ctx.t("disruption-officer-name-hint")),
        Field::text(
            "officer_agency",
            ctx.t("disruption-officer-agency"),
            &v("officer_agency"),
            "govuk-input--width-20",
        )
        .hint(ctx.t("disruption-officer-agency-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    let tactic = fields.remove(0);
    let (action, back) = match t.subject {
        DisruptionSubject::Person(p) => (format!("/disruption/new?person={p}"), format!("/people/{p}")),
        DisruptionSubject::Location(l) => {
            (format!("/disruption/new?location={l}"), format!("/disruption?location={l}"))
        }
    };
    Ok(NewPage {
        title: ctx.t1("disruption-new-title", "subject", &t.label),
        action,
        back,
        tactic,
        groups,
        fields,
        errors,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(s): Query<Subject>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let t = target(&caller, &s, "GET /disruption/new").await?;
    let posted = HashMap::from([
        ("done_on".to_owned(), crate::pages::today_uk().format("%d/%m/%Y").to_string()),
        ("officer_name".to_owned(), session.user.display_name.clone()),
    ]);
    render(StatusCode::OK, &page(&state, ctx, &t, &posted, &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(s): Query<Subject>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let t = target(&caller, &s, "POST /disruption/new").await?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let (done_on, issued_on, expires_on) =
        (normalise_date(v("done_on")), normalise_date(v("issued_on")), normalise_date(v("expires_on")));
    let form = DisruptionForm {
        area: v("area"),
        person: s.person.trim(),
        location: s.location.trim(),
        child: v("child_id"),
        meeting: "",
        action: "",
        four_p: v("four_p"),
        tactic: v("tactic"),
        done_on: &done_on,
        issued_on: &issued_on,
        expires_on: &expires_on,
        outcome: v("outcome"),
        outcome_note: v("outcome_note"),
        officer_name: v("officer_name"),
        officer_agency: v("officer_agency"),
    };
    match Outcome::of(caller.record_disruption(&form, "POST /disruption/new").await)? {
        Outcome::Done(d) => Ok(Redirect::to(&format!("/disruption/{}", d.id)).into_response()),
        Outcome::Invalid(errors) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, ctx, &t, &posted, &errors.0).await?)
        }
        // A new disruption has no version to go stale.
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}
