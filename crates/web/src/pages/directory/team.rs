//! `GET|POST /directory/teams/new?area=` (a team of the user's agency added to an area) and
//! `GET|POST /directory/teams/{id}/edit` (changed): refused by field with nothing written; the
//! heading says what and for which area.

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
use haven_app::directory::{TeamForm, TeamPatch};
use haven_domain::FieldError;
use haven_domain::directory::{Team, TeamInput, TeamKind};
use haven_domain::ids::TeamId;
use std::collections::HashMap;

type Values = HashMap<String, String>;

fn fields(ctx: &PageCtx, posted: &Values, with_active: bool) -> Vec<Field> {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let kinds: Vec<(&str, String)> = std::iter::once(("", String::new()))
        .chain(TeamKind::ALL.iter().map(|k| (k.code(), ctx.label("team-kind", k.code()))))
        .collect();
    let mut out = vec![
        Field::text("name", ctx.t("directory-name"), &v("name"), "govuk-!-width-two-thirds"),
        Field::choose("kind", ctx.t("directory-kind"), &v("kind"), FieldKind::Select, &kinds),
        Field::textarea("what", ctx.t("directory-what"), &v("what")).hint(ctx.t("directory-what-hint")),
        Field::textarea("how_to_refer", ctx.t("directory-how-to-refer"), &v("how_to_refer"))
            .hint(ctx.t("directory-how-to-refer-hint")),
        Field::text("email", ctx.t("directory-email-optional"), &v("email"), "govuk-!-width-two-thirds")
            .autocomplete("email"),
        Field::text("phone", ctx.t("directory-phone-optional"), &v("phone"), "govuk-input--width-20")
            .autocomplete("tel"),
    ];
    if with_active {
        out.push(Field::checkbox("active", ctx.t("directory-active"), v("active") == "yes"));
    }
    out
}

fn input(posted: &Values, active: bool) -> TeamInput<'_> {
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    TeamInput {
        name: v("name"),
        kind: v("kind"),
        what: v("what"),
        how_to_refer: v("how_to_refer"),
        email: v("email"),
        phone: v("phone"),
        active,
    }
}

fn new_page(ctx: PageCtx, area: (&str, &str), posted: &Values, errors: &[FieldError]) -> FormPage {
    let mut fields = fields(&ctx, posted, false);
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t1("directory-new-team-title", "area", area.1),
        button: ctx.t("directory-new-team-button"),
        action: format!("/directory/teams/new?{}", serde_urlencoded::to_string([("area", area.0)]).unwrap_or_default()),
        back: directory_href(area.0),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

fn area_code(query: &HashMap<String, String>) -> String {
    query.get("area").cloned().unwrap_or_default()
}

/// The area a new team is for: the query's, or the user's own; the page's heading names it.
async fn new_area(
    state: &AppState,
    session: &crate::session::CurrentSession,
    code: &str,
) -> Result<(String, String), AppError> {
    let caller = caller(state, session).await?;
    match caller.directory(Some(code).filter(|c| !c.trim().is_empty())).await {
        Ok(d) => Ok((d.area.code.to_string(), d.area.name)),
        Err(Failure::Invalid(_)) => Err(AppError::NotFound),
        Err(Failure::Forbidden(reason)) => Err(AppError::Forbidden(reason)),
        Err(Failure::Store(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}

#[tracing::instrument(skip_all)]
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (code, name) = new_area(&state, &session, &area_code(&query)).await?;
    let caller = caller(&state, &session).await?;
    if !caller.directory(Some(&code)).await.is_ok_and(|d| d.may_add_team()) {
        return Err(AppError::Forbidden("role-not-permitted"));
    }
    render(StatusCode::OK, &new_page(ctx, (&code, &name), &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(query): Query<HashMap<String, String>>,
    Form(posted): Form<Values>,
) -> Result<Response, AppError> {
    let (code, name) = new_area(&state, &session, &area_code(&query)).await?;
    let caller = caller(&state, &session).await?;
    let form = TeamForm { area: &code, input: input(&posted, true) };
    match Outcome::of(caller.create_team(&form, "POST /directory/teams/new").await)? {
        Outcome::Done(team) => Ok(Redirect::to(&format!("{}#team-{}", directory_href(&code), team.id)).into_response()),
        Outcome::Invalid(errors) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &new_page(ctx, (&code, &name), &posted, &errors.0))
        }
        Outcome::Conflict => Ok(Redirect::to(&directory_href(&code)).into_response()),
    }
}

fn values(team: &Team) -> Values {
    let d = &team.details;
    HashMap::from([
        ("name".to_owned(), d.name.clone()),
        ("kind".to_owned(), d.kind.code().to_owned()),
        ("what".to_owned(), d.what.clone()),
        ("how_to_refer".to_owned(), d.how_to_refer.clone()),
        ("email".to_owned(), d.email.clone().unwrap_or_default()),
        ("phone".to_owned(), d.phone.clone().unwrap_or_default()),
        ("active".to_owned(), if d.active { "yes" } else { "" }.to_owned()),
    ])
}

struct Edit<'a> {
    team: &'a Team,
    area: (&'a str, &'a str),
    posted: &'a Values,
    version: String,
    errors: &'a [FieldError],
    conflict: bool,
}

fn edit_page(ctx: PageCtx, e: &Edit<'_>) -> FormPage {
    let mut fields = fields(&ctx, e.posted, true);
    let errors = attach_errors(ctx.lang, &mut fields, e.errors);
    FormPage {
        title: ctx.lang.t_args(
            "directory-edit-team-title",
            &[("team", e.team.details.name.clone()), ("area", e.area.1.to_owned())],
        ),
        button: ctx.t("directory-edit-team-button"),
        action: format!("/directory/teams/{}/edit", e.team.id),
        back: directory_href(e.area.0),
        version: Some(e.version.clone()),
        fields,
        errors,
        conflict: e.conflict,
        ctx,
    }
}

fn parse(raw: &str) -> Result<TeamId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

#[tracing::instrument(skip_all)]
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let (team, area) =
        Outcome::of(caller.team_for_edit(id, "GET /directory/teams/{id}/edit").await).and_then(|o| match o {
            Outcome::Done(found) => Ok(found),
            _ => Err(AppError::NotFound),
        })?;
    let posted = values(&team);
    let code = area.code.to_string();
    let shown = Edit {
        team: &team,
        area: (&code, &area.name),
        posted: &posted,
        version: team.version.to_string(),
        errors: &[],
        conflict: false,
    };
    render(StatusCode::OK, &edit_page(ctx, &shown))
}

#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<Values>,
) -> Result<Response, AppError> {
    let id = parse(&raw)?;
    let purpose = "POST /directory/teams/{id}/edit";
    let caller = caller(&state, &session).await?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let patch = TeamPatch {
        name: Some(v("name")),
        kind: Some(v("kind")),
        what: Some(v("what")),
        how_to_refer: Some(v("how_to_refer")),
        email: Some(v("email")),
        phone: Some(v("phone")),
        active: Some(v("active") == "yes"),
    };
    let version = v("version").parse::<i64>().ok();
    let outcome = Outcome::of(caller.update_team(id, version, &patch, purpose).await)?;
    let (team, area) = match Outcome::of(caller.team_for_edit(id, purpose).await)? {
        Outcome::Done(found) => found,
        _ => return Err(AppError::NotFound),
    };
    let code = area.code.to_string();
    let (errors, conflict) = match outcome {
        Outcome::Done(_) => {
            return Ok(Redirect::to(&format!("{}#team-{}", directory_href(&code), team.id)).into_response());
        }
        Outcome::Invalid(e) => (e.0, false),
        Outcome::Conflict => (Vec::new(), true),
    };
    // The form again: what was typed, from the version it was typed on (a conflict shows the
    // latest version's number so that saving again is a choice made knowing it).
    let version = if conflict { team.version.to_string() } else { v("version").to_owned() };
    let shown = Edit { team: &team, area: (&code, &area.name), posted: &posted, version, errors: &errors, conflict };
    let status = if conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(status, &edit_page(ctx, &shown))
}
