//! `GET|POST /directory/pathways/new?area=`: a referral pathway between two teams of an area,
//! one of them the user's agency's; `POST /directory/pathways/{id}/remove` removes one.

use super::directory_href;
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Failure;
use haven_app::directory::{Directory, PathwayForm};
use haven_domain::FieldError;
use haven_domain::ids::PathwayId;
use std::collections::HashMap;

type Values = HashMap<String, String>;

fn page(ctx: PageCtx, d: &Directory, posted: &Values, errors: &[FieldError]) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let teams: Vec<(String, String)> = d
        .teams
        .iter()
        .filter(|t| t.details.active)
        .map(|t| (t.id.to_string(), format!("{} ({})", t.details.name, d.agency_name(t))))
        .collect();
    let choices: Vec<(&str, String)> = std::iter::once(("", String::new()))
        .chain(teams.iter().map(|(id, name)| (id.as_str(), name.clone())))
        .collect();
    let mut fields = vec![
        Field::choose("from_team", ctx.t("directory-from"), &v("from_team"), FieldKind::Select, &choices),
        Field::choose("to_team", ctx.t("directory-to"), &v("to_team"), FieldKind::Select, &choices),
        Field::text("when", ctx.t("directory-when"), &v("when"), "govuk-!-width-two-thirds")
            .hint(ctx.t("directory-when-hint")),
        Field::text("how", ctx.t("directory-how"), &v("how"), "govuk-!-width-two-thirds")
            .hint(ctx.t("directory-how-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    let code = d.area.code.to_string();
    FormPage {
        title: ctx.t1("directory-new-pathway-title", "area", &d.area.name),
        button: ctx.t("directory-new-pathway-button"),
        action: format!(
            "/directory/pathways/new?{}",
            serde_urlencoded::to_string([("area", &code)]).unwrap_or_default()
        ),
        back: directory_href(&code),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

/// The directory of the query's area, or an error page.
async fn area_directory(
    caller: &haven_app::Caller<'_>,
    query: &HashMap<String, String>,
) -> Result<Directory, AppError> {
    match caller.directory(query.get("area").map(String::as_str).filter(|c| !c.trim().is_empty())).await {
        Ok(d) => Ok(d),
        Err(Failure::Forbidden(reason)) => Err(AppError::Forbidden(reason)),
        Err(Failure::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let d = area_directory(&caller, &query).await?;
    if !d.may_add_pathway() {
        return Err(AppError::Forbidden("role-not-permitted"));
    }
    render(StatusCode::OK, &page(ctx, &d, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
    Form(posted): Form<Values>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    let d = area_directory(&caller, &query).await?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let form = PathwayForm { from_team: v("from_team"), to_team: v("to_team"), when: v("when"), how: v("how") };
    match Outcome::of(caller.create_pathway(&form, "POST /directory/pathways/new").await)? {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("{}#who-refers", directory_href(d.area.code.as_str()))).into_response())
        }
        Outcome::Invalid(errors) => render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &d, &posted, &errors.0)),
        Outcome::Conflict => Ok(Redirect::to(&directory_href(d.area.code.as_str())).into_response()),
    }
}

#[tracing::instrument(skip_all)]
pub async fn remove(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: PathwayId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = caller(&state, &session).await?;
    let removed = match Outcome::of(caller.remove_pathway(id, "POST /directory/pathways/{id}/remove").await)? {
        Outcome::Done(p) => p,
        _ => return Err(AppError::NotFound),
    };
    let area = match state.store.team(removed.from_team).await? {
        Some(team) => state.store.areas().await?.into_iter().find(|a| a.id == team.area_id).map(|a| a.code.to_string()),
        None => None,
    };
    Ok(Redirect::to(&format!("{}#who-refers", directory_href(&area.unwrap_or_default()))).into_response())
}
