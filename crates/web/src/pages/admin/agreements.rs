//! `GET /admin/agreements`: every sharing agreement, in force or not, for the install's
//! administrator: who shares what with whom, about whom, for which roles, and when it ends and
//! is next reviewed. `GET|POST /admin/agreements/new`: make one, as `haven admin
//! create-agreement` and the API do.

use super::{form, not_a_form, operator, posted};
use crate::error::AppError;
use crate::pages::people::normalise_date;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, form_values};
use crate::views::{PageCtx, render};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use haven_app::admin::NewAgreement;
use haven_domain::FieldError;
use haven_domain::agency::AgencyKind;
use haven_domain::ids::AgencyId;
use haven_domain::sharing::{RecordClass, Scope};
use haven_domain::user::Role;
use std::collections::HashMap;

/// One agreement as the page shows it.
#[derive(Debug)]
pub struct AgreementRow {
    pub name: String,
    pub members: String,
    /// One line per grant: class, to whom, about whom, for which roles.
    pub grants: Vec<String>,
    pub dates: String,
    pub review: String,
    pub in_force: bool,
}

#[derive(Debug, Template)]
#[template(path = "admin/agreements.html")]
struct AgreementsPage {
    ctx: PageCtx,
    rows: Vec<AgreementRow>,
}

#[tracing::instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let agreements = operator(&state, &session).agreements().await.map_err(not_a_form)?;
    let names: HashMap<AgencyId, String> = state.store.agencies().await?.into_iter().map(|a| (a.id, a.name)).collect();
    let today = crate::clock::uk_today();
    let rows = agreements
        .into_iter()
        .map(|a| AgreementRow {
            members: a.members.iter().map(|m| names.get(m).cloned().unwrap_or_default()).collect::<Vec<_>>().join(", "),
            grants: a
                .grants
                .iter()
                .map(|g| {
                    let roles = if g.roles == haven_domain::sharing::Roles::ALL {
                        ctx.t("admin-every-role")
                    } else {
                        g.roles.code().split(',').map(|r| ctx.label("role", r)).collect::<Vec<_>>().join(", ")
                    };
                    ctx.lang.t_args(
                        "admin-grant",
                        &[
                            ("class", ctx.label("record-class", g.class.code())),
                            ("to", ctx.label("agency-kind", g.to.code())),
                            ("scope", ctx.label("scope", g.scope.code())),
                            ("roles", roles),
                        ],
                    )
                })
                .collect(),
            dates: match a.ends_on {
                Some(end) => format!("{} – {}", ctx.date(&a.starts_on), ctx.date(&end)),
                None => ctx.t1("admin-from", "date", &ctx.date(&a.starts_on)),
            },
            review: a.review_on.map(|r| ctx.date(&r)).unwrap_or_default(),
            in_force: a.in_force_on(today),
            name: a.name,
        })
        .collect();
    render(StatusCode::OK, &AgreementsPage { ctx, rows })
}

async fn agreement_form(
    state: &AppState,
    ctx: PageCtx,
    session: &crate::session::CurrentSession,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let agencies: Vec<(String, String)> = operator(state, session)
        .agencies()
        .await
        .map_err(not_a_form)?
        .into_iter()
        .map(|a| (a.code.to_string(), format!("{} ({})", a.name, a.code)))
        .collect();
    let agency_choices: Vec<(&str, String)> = agencies.iter().map(|(c, n)| (c.as_str(), n.clone())).collect();
    let labelled = |prefix: &str, codes: Vec<&'static str>| -> Vec<(&'static str, String)> {
        codes.into_iter().map(|c| (c, ctx.label(prefix, c))).collect()
    };
    let classes = labelled("record-class", RecordClass::ALL.iter().map(|c| c.code()).collect());
    let kinds = labelled("agency-kind", AgencyKind::ALL.iter().map(|k| k.code()).collect());
    let scopes = labelled("scope", Scope::ALL.iter().map(|k| k.code()).collect());
    let roles = labelled("role", Role::ALL.iter().map(|r| r.code()).collect());
    let date_hint = ctx.t("admin-date-hint");
    let fields = vec![
        Field::text("name", ctx.t("admin-agreement-name"), &v("name"), "govuk-!-width-two-thirds"),
        Field::textarea("purpose", ctx.t("admin-agreement-purpose"), &v("purpose"))
            .hint(ctx.t("admin-agreement-purpose-hint")),
        Field::checkboxes("members", ctx.t("admin-agreement-members"), &v("members"), &agency_choices),
        Field::checkboxes("classes", ctx.t("admin-agreement-classes"), &v("classes"), &classes),
        Field::checkboxes("to", ctx.t("admin-agreement-to"), &v("to"), &kinds).hint(ctx.t("admin-agreement-to-hint")),
        Field::choose("scope", ctx.t("admin-agreement-scope"), &v("scope"), FieldKind::Radios, &scopes),
        Field::checkboxes("roles", ctx.t("admin-agreement-roles"), &v("roles"), &roles)
            .hint(ctx.t("admin-agreement-roles-hint")),
        Field::text("starts_on", ctx.t("admin-agreement-starts"), &v("starts_on"), "govuk-input--width-10")
            .hint(date_hint.clone()),
        Field::text("ends_on", ctx.t("admin-agreement-ends"), &v("ends_on"), "govuk-input--width-10")
            .hint(ctx.t("admin-agreement-ends-hint")),
        Field::text("review_on", ctx.t("admin-agreement-review"), &v("review_on"), "govuk-input--width-10")
            .hint(date_hint),
    ];
    Ok(form(ctx, "admin-new-agreement-title", "/admin/agreements/new", "/admin/agreements", fields, errors))
}

#[tracing::instrument(skip_all)]
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    let start = HashMap::from([("scope".to_owned(), Scope::OwnCases.code().to_owned())]);
    render(StatusCode::OK, &agreement_form(&state, ctx, &session, &start, &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let values = form_values(pairs);
    let v = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    let new = NewAgreement {
        name: v("name"),
        purpose: v("purpose"),
        members: v("members").split(',').filter(|m| !m.is_empty()).collect(),
        classes: vec![v("classes")],
        to: vec![v("to")],
        scope: v("scope"),
        roles: v("roles"),
        starts_on: &normalise_date(v("starts_on")),
        ends_on: &normalise_date(v("ends_on")),
        review_on: &normalise_date(v("review_on")),
    };
    let made = operator(&state, &session).create_agreement(&new, "POST /admin/agreements/new").await;
    match posted(made, |_| "/admin/agreements".to_owned())? {
        Ok(next) => Ok(next),
        Err(problems) => {
            let page = agreement_form(&state, ctx, &session, &values, &problems.0).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
