//! `GET|POST /people/{id}/missing/new`: reporting a child missing, with the first risk grade,
//! its rationale and the risk questionnaire. The place the child went missing from and whether
//! they are placed out of area come from their record; everything typed is checked by the
//! domain at once and nothing is written until all of it is right.

use super::episode::person_name;
use super::{authorise, parse_time, time_value};
use crate::error::{AppError, Outcome};
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Report;
use haven_domain::Invalid;
use haven_domain::agency::AreaKind;
use haven_domain::ids::{AreaId, PersonId};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::episode::{Answer, GradingInput, NairaConcerns, RISK_QUESTIONS, ReporterKind};
use haven_domain::policy::Action;
use std::collections::HashMap;

/// The form as posted, by field name (the questionnaire's answers are one field per question).
type Posted = Vec<(String, String)>;

fn value<'a>(posted: &'a HashMap<String, String>, name: &str) -> &'a str {
    posted.get(name).map(String::as_str).unwrap_or("")
}

async fn fields(
    state: &AppState,
    ctx: &PageCtx,
    posted: &HashMap<String, String>,
    concerns: NairaConcerns,
) -> Result<Vec<Field>, AppError> {
    let v = |name: &str| value(posted, name).to_owned();
    // The area is chosen on this form: NAIRA is offered where any area's rules (or the
    // install's) use it, and refused on saving where the episode's area's rules do not.
    // Likewise "very low", where any area's rules make it the lowest grade.
    let book = state.rules_book().await?;
    let naira = book.any_naira();
    let very_low = book.all().any(|r| r.lowest_grade == RiskGrade::VeryLow);
    let reporters: Vec<_> = ReporterKind::ALL.iter().map(|r| (r.code(), ctx.label("reporter", r.code()))).collect();
    let mut grades: Vec<_> = RiskGrade::CURRENT.iter().map(|g| (g.code(), ctx.label("grade", g.code()))).collect();
    if very_low {
        grades.push((RiskGrade::VeryLow.code(), ctx.label("grade", RiskGrade::VeryLow.code())));
    }
    if naira {
        grades.push((RiskGrade::Naira.code(), ctx.label("grade", RiskGrade::Naira.code())));
    }
    let bcus: Vec<(String, String)> = state
        .store
        .areas()
        .await?
        .into_iter()
        .filter(|a| a.kind == AreaKind::Bcu)
        .map(|a| (a.id.to_string(), a.name))
        .collect();
    let mut areas: Vec<(&str, String)> = vec![("", ctx.t("missing-area-choose"))];
    areas.extend(bcus.iter().map(|(id, name)| (id.as_str(), name.clone())));
    let answers: Vec<_> = Answer::ALL.iter().map(|a| (a.code(), ctx.label("answer", a.code()))).collect();
    let mut fields = vec![
        Field::text("reported_at", ctx.t("missing-reported-at"), &v("reported_at"), "govuk-input--width-20")
            .hint(ctx.t("missing-time-hint")),
        Field::text("last_seen_at", ctx.t("missing-last-seen-at"), &v("last_seen_at"), "govuk-input--width-20")
            .hint(ctx.t("missing-time-hint")),
        Field::text(
            "last_seen_where",
            ctx.t("missing-last-seen-where"),
            &v("last_seen_where"),
            "govuk-!-width-two-thirds",
        ),
        Field::choose("reporter", ctx.t("missing-reporter"), &v("reporter"), FieldKind::Radios, &reporters),
        Field::choose("area_id", ctx.t("missing-area"), &v("area_id"), FieldKind::Select, &areas),
        Field::textarea("circumstances", ctx.t("missing-circumstances"), &v("circumstances")),
        Field::text(
            "police_reference",
            ctx.t("missing-police-reference"),
            &v("police_reference"),
            "govuk-input--width-20",
        ),
        Field::text(
            "officer_in_charge",
            ctx.t("missing-officer-in-charge"),
            &v("officer_in_charge"),
            "govuk-input--width-20",
        )
        .hint(ctx.t("missing-officer-in-charge-hint")),
        Field::choose("risk_grade", ctx.t("missing-risk-grade"), &v("risk_grade"), FieldKind::Radios, &grades),
        Field::textarea("risk_rationale", ctx.t("missing-risk-rationale"), &v("risk_rationale"))
            .hint(ctx.t("missing-risk-rationale-hint")),
    ];
    if naira {
        fields.push(naira_reason_field(ctx, &v("naira_reason"), concerns));
    }
    for q in RISK_QUESTIONS {
        fields.push(Field::choose(q, ctx.label("question", q), &v(q), FieldKind::Radios, &answers));
    }
    Ok(fields)
}

/// The reason for a NAIRA grade. Its hint warns when the child has exploitation concerns or is
/// repeat missing, which is when the reason is required.
pub fn naira_reason_field(ctx: &PageCtx, value: &str, concerns: NairaConcerns) -> Field {
    let hint = match (concerns.exploitation, concerns.repeat_missing) {
        (true, true) => ctx.t("missing-naira-warning-both"),
        (true, false) => ctx.t("missing-naira-warning-exploitation"),
        (false, true) => ctx.t("missing-naira-warning-repeat"),
        (false, false) => ctx.t("missing-naira-reason-hint"),
    };
    Field::textarea("naira_reason", ctx.t("missing-naira-reason"), value).hint(hint)
}

/// What weighs against NAIRA for the child, for the form's warning (none where NAIRA is not
/// offered: nothing is read then).
pub async fn concerns_for_form(
    state: &AppState,
    session: &CurrentSession,
    person: PersonId,
    purpose: &str,
) -> Result<NairaConcerns, AppError> {
    if !state.rules_book().await?.any_naira() {
        return Ok(NairaConcerns::default());
    }
    let caller = super::super::people::caller(state, session).await?;
    Ok(caller.naira_concerns(person, state.install_rules(), 1, purpose).await?)
}

async fn page(
    state: &AppState,
    ctx: PageCtx,
    name: &str,
    person: PersonId,
    posted: &HashMap<String, String>,
    errors: &Invalid,
    concerns: NairaConcerns,
) -> Result<FormPage, AppError> {
    let mut fields = fields(state, &ctx, posted, concerns).await?;
    // The domain names an answer `answers.<question>`; on the page each question is its own field.
    let errors: Vec<_> = errors
        .0
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if let Some(q) = e.field.strip_prefix("answers.") {
                e.field = q.to_owned();
            }
            e
        })
        .collect();
    let summary = attach_errors(ctx.lang, &mut fields, &errors);
    Ok(FormPage {
        title: ctx.lang.t_args("missing-report-heading", &[("name", name.to_owned())]),
        button: ctx.t("missing-report-button"),
        action: format!("/people/{person}/missing/new"),
        back: format!("/people/{person}/missing"),
        version: None,
        fields,
        errors: summary,
        conflict: false,
        ctx,
    })
}

async fn allowed(state: &AppState, session: &CurrentSession, raw: &str, purpose: &str) -> Result<PersonId, AppError> {
    let person = super::super::people::parse_id(raw)?;
    authorise(state, session, person, Action::ReportMissing, purpose).await?;
    Ok(person)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/missing/new";
    let person = allowed(&state, &session, &raw, purpose).await?;
    let name = person_name(&state, &session, person, purpose).await?;
    let now = time_value(super::now());
    let posted = HashMap::from([("reported_at".to_owned(), now)]);
    let concerns = concerns_for_form(&state, &session, person, purpose).await?;
    render(StatusCode::OK, &page(&state, ctx, &name, person, &posted, &Invalid::default(), concerns).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<Posted>,
) -> Result<Response, AppError> {
    let purpose = "POST /people/{id}/missing/new";
    // The child is the page's: one the user may not see is a page that does not exist, as for
    // the form itself (the API names it as a field instead).
    let person_id = allowed(&state, &session, &raw, purpose).await?;
    let posted: HashMap<String, String> = posted.into_iter().collect();
    let v = |name: &str| value(&posted, name);
    let answers: Vec<(String, String)> =
        RISK_QUESTIONS.iter().filter(|q| !v(q).trim().is_empty()).map(|q| ((*q).to_owned(), v(q).to_owned())).collect();
    // Where the child went missing from and whether they are placed out of area come from
    // their record.
    let report = Report {
        person: Some(person_id),
        reported_at: parse_time(v("reported_at")),
        last_seen_at: parse_time(v("last_seen_at")),
        last_seen_where: v("last_seen_where"),
        reporter: v("reporter"),
        from_location: None,
        area: match v("area_id").trim() {
            "" => Ok(None),
            raw => raw.parse::<AreaId>().map(Some),
        },
        circumstances: v("circumstances"),
        police_reference: v("police_reference"),
        officer_in_charge: v("officer_in_charge"),
        grading: GradingInput {
            grade: v("risk_grade"),
            rationale: v("risk_rationale"),
            answers: &answers,
            naira_reason: v("naira_reason"),
        },
        refused: Invalid::default(),
    };
    let caller = super::super::people::caller(&state, &session).await?;
    match Outcome::of(caller.report_missing(&report, state.install_rules(), purpose).await)? {
        Outcome::Done(written) => Ok(Redirect::to(&format!("/missing/{}", written.episode.id)).into_response()),
        Outcome::Invalid(errors) => {
            let name = person_name(&state, &session, person_id, purpose).await?;
            let concerns = concerns_for_form(&state, &session, person_id, purpose).await?;
            let page = page(&state, ctx, &name, person_id, &posted, &errors, concerns).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        // A report makes a new episode: there is no version to conflict with.
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}
