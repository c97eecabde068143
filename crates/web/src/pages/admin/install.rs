//! `/admin/areas` and `/admin/agencies`: the install's areas (BCUs and local authorities) and
//! its agencies, listed and added by the install's administrator. The forms are
//! `haven_app::admin`'s actions, as the API's and the command line's.

use super::table::{Cell, TablePage};
use super::{form, not_a_form, operator, posted};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, render};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use haven_domain::FieldError;
use haven_domain::agency::{AgencyKind, AreaKind};
use std::collections::HashMap;

/// `?added=CODE` after a form added one: the notice shows only for a code in the list.
#[derive(Debug, serde::Deserialize)]
pub struct Added {
    #[serde(default)]
    pub added: Option<String>,
}

fn notice(ctx: &PageCtx, added: Option<&str>, codes: &[String]) -> Option<String> {
    added.filter(|a| codes.iter().any(|c| c == a)).map(|a| ctx.t1("admin-added", "name", a))
}

#[tracing::instrument(skip_all)]
pub async fn areas(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(q): Query<Added>,
) -> Result<Response, AppError> {
    let areas = operator(&state, &session).areas().await.map_err(not_a_form)?;
    let codes: Vec<String> = areas.iter().map(|a| a.code.to_string()).collect();
    let rows = areas
        .iter()
        .map(|a| {
            vec![
                Cell::text(a.code.to_string()),
                Cell::text(a.name.clone()),
                Cell::text(ctx.label("area-kind", a.kind.code())),
                Cell::link(ctx.t1("admin-rules-link", "name", &a.name), format!("/admin/areas/{}/rules", a.code)),
            ]
        })
        .collect();
    let headers = vec![ctx.t("admin-code"), ctx.t("admin-name"), ctx.t("admin-kind"), ctx.t("admin-rules")];
    let notice = notice(&ctx, q.added.as_deref(), &codes);
    let title = ctx.t("admin-areas-title");
    let button = ctx.t("admin-new-area-title");
    let page = TablePage { notice, ..TablePage::new(ctx, title, "areas", headers, rows) };
    render(StatusCode::OK, &page.add_button("/admin/areas/new", button))
}

fn area_form(ctx: PageCtx, posted: &HashMap<String, String>, errors: &[FieldError]) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let kinds: Vec<(&str, String)> =
        AreaKind::ALL.iter().map(|k| (k.code(), ctx.label("area-kind", k.code()))).collect();
    let fields = vec![
        Field::text("code", ctx.t("admin-code"), &v("code"), "govuk-input--width-10").hint(ctx.t("admin-code-hint")),
        Field::text("name", ctx.t("admin-name"), &v("name"), "govuk-!-width-one-half"),
        Field::choose("kind", ctx.t("admin-kind"), &v("kind"), FieldKind::Radios, &kinds),
    ];
    form(ctx, "admin-new-area-title", "/admin/areas/new", "/admin/areas", fields, errors)
}

#[tracing::instrument(skip_all)]
pub async fn new_area(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    operator(&state, &session).areas().await.map_err(not_a_form)?;
    render(StatusCode::OK, &area_form(ctx, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn create_area(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(form_values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| form_values.get(name).map(String::as_str).unwrap_or("");
    let made = operator(&state, &session).create_area(v("code"), v("name"), v("kind"), "POST /admin/areas/new").await;
    match posted(made, |a| format!("/admin/areas?added={}", a.code))? {
        Ok(next) => Ok(next),
        Err(problems) => render(StatusCode::UNPROCESSABLE_ENTITY, &area_form(ctx, &form_values, &problems.0)),
    }
}

#[tracing::instrument(skip_all)]
pub async fn agencies(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(q): Query<Added>,
) -> Result<Response, AppError> {
    let op = operator(&state, &session);
    let agencies = op.agencies().await.map_err(not_a_form)?;
    let areas: HashMap<_, _> = op.areas().await.map_err(not_a_form)?.into_iter().map(|a| (a.id, a.name)).collect();
    let codes: Vec<String> = agencies.iter().map(|a| a.code.to_string()).collect();
    let rows = agencies
        .iter()
        .map(|a| {
            vec![
                Cell::text(a.code.to_string()),
                Cell::text(a.name.clone()),
                Cell::text(ctx.label("agency-type", a.kind.code())),
                Cell::text(a.area_id.and_then(|id| areas.get(&id).cloned()).unwrap_or_default()),
            ]
        })
        .collect();
    let headers = vec![ctx.t("admin-code"), ctx.t("admin-name"), ctx.t("admin-kind"), ctx.t("admin-area")];
    let notice = notice(&ctx, q.added.as_deref(), &codes);
    let title = ctx.t("admin-agencies-title");
    let button = ctx.t("admin-new-agency-title");
    let page = TablePage { notice, ..TablePage::new(ctx, title, "agencies", headers, rows) };
    render(StatusCode::OK, &page.add_button("/admin/agencies/new", button))
}

async fn agency_form(
    state: &AppState,
    ctx: PageCtx,
    session: &crate::session::CurrentSession,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let kinds: Vec<(&str, String)> =
        AgencyKind::ALL.iter().map(|k| (k.code(), ctx.label("agency-type", k.code()))).collect();
    let area = super::area_select(state, &ctx, session, &v("area")).await?;
    let fields = vec![
        Field::text("code", ctx.t("admin-code"), &v("code"), "govuk-input--width-10").hint(ctx.t("admin-code-hint")),
        Field::text("name", ctx.t("admin-name"), &v("name"), "govuk-!-width-one-half"),
        Field::choose("kind", ctx.t("admin-kind"), &v("kind"), FieldKind::Radios, &kinds),
        area.hint(ctx.t("admin-agency-area-hint")),
    ];
    Ok(form(ctx, "admin-new-agency-title", "/admin/agencies/new", "/admin/agencies", fields, errors))
}

#[tracing::instrument(skip_all)]
pub async fn new_agency(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
) -> Result<Response, AppError> {
    render(StatusCode::OK, &agency_form(&state, ctx, &session, &HashMap::new(), &[]).await?)
}

#[tracing::instrument(skip_all)]
pub async fn create_agency(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Form(form_values): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let v = |name: &str| form_values.get(name).map(String::as_str).unwrap_or("");
    let made = operator(&state, &session)
        .create_agency(v("code"), v("name"), v("kind"), v("area"), "POST /admin/agencies/new")
        .await;
    match posted(made, |a| format!("/admin/agencies?added={}", a.code))? {
        Ok(next) => Ok(next),
        Err(problems) => {
            let page = agency_form(&state, ctx, &session, &form_values, &problems.0).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}
