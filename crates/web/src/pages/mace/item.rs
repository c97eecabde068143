//! An agenda item: `GET|POST /mace/meetings/{id}/items/{item}` records what the meeting made of
//! it (summary, decisions, the risk after discussion), the heading naming the child, person,
//! place or theme; `POST …/remove` takes it off the agenda (the chair's edit);
//! `GET|POST /mace/meetings/{id}/themes/new` adds a theme.

use super::meeting::meeting_title;
use super::parse;
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::mace::MinutesItem;
use haven_domain::FieldError;
use haven_domain::ids::{AgendaItemId, MeetingId};
use haven_domain::mace::meeting::Discussion;
use haven_domain::screening::Tier;
use std::collections::HashMap;

fn back(id: MeetingId) -> String {
    format!("/mace/meetings/{id}#agenda")
}

fn discussion_page(
    ctx: PageCtx,
    id: MeetingId,
    item: &MinutesItem,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
    conflict: bool,
) -> FormPage {
    let it = &item.item;
    let from_item = |name: &str| match name {
        "summary" => it.summary.clone(),
        "decisions" => it.decisions.clone(),
        _ => it.risk_after.map(|t| t.code().to_owned()).unwrap_or_default(),
    };
    let v = |name: &str| posted.get(name).cloned().unwrap_or_else(|| from_item(name));
    let mut tiers: Vec<(&str, String)> =
        Tier::ALL.iter().map(|t| (t.code(), ctx.label("screening-tier", t.code()))).collect();
    tiers.push(("", ctx.t("mace-risk-not-assessed")));
    let mut fields = vec![
        Field::textarea("summary", ctx.t("mace-summary"), &v("summary")).hint(ctx.t("mace-summary-hint")),
        Field::textarea("decisions", ctx.t("mace-decisions"), &v("decisions")),
        Field::choose("risk_after", ctx.t("mace-risk-after"), &v("risk_after"), FieldKind::Radios, &tiers)
            .hint(ctx.t("mace-risk-after-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t1("mace-discussion-title", "subject", &item.subject.label),
        button: ctx.t("mace-save"),
        action: format!("/mace/meetings/{id}/items/{}", it.id),
        back: back(id),
        version: Some(it.version.to_string()),
        fields,
        errors,
        conflict,
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path((raw, raw_item)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, item_id): (MeetingId, AgendaItemId) = (parse(&raw)?, parse(&raw_item)?);
    let caller = caller(&state, &session).await?;
    let minutes = caller.minutes(id, "GET /mace/meetings/{id}/items/{item}").await?;
    if !minutes.runs {
        return Err(AppError::Forbidden("role-not-permitted"));
    }
    let item = minutes.item(item_id).ok_or(AppError::NotFound)?;
    render(StatusCode::OK, &discussion_page(ctx, id, item, &HashMap::new(), &[], false))
}

#[tracing::instrument(skip_all)]
pub async fn discuss(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path((raw, raw_item)): Path<(String, String)>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (id, item_id): (MeetingId, AgendaItemId) = (parse(&raw)?, parse(&raw_item)?);
    let purpose = "POST /mace/meetings/{id}/items/{item}";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let version = v("version").parse::<i64>().ok();
    let d = Discussion { summary: v("summary"), decisions: v("decisions"), risk_after: v("risk_after") };
    let caller = caller(&state, &session).await?;
    let outcome = Outcome::of(caller.record_discussion(id, item_id, version, &d, purpose).await)?;
    if let Outcome::Done(_) = outcome {
        return Ok(Redirect::to(&back(id)).into_response());
    }
    let minutes = caller.minutes(id, purpose).await?;
    let item = minutes.item(item_id).ok_or(AppError::NotFound)?;
    let (errors, conflict) = match outcome {
        Outcome::Invalid(e) => (e.0, false),
        _ => (Vec::new(), true),
    };
    let status = if conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(status, &discussion_page(ctx, id, item, &posted, &errors, conflict))
}

#[tracing::instrument(skip_all)]
pub async fn remove(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((raw, raw_item)): Path<(String, String)>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (id, item_id): (MeetingId, AgendaItemId) = (parse(&raw)?, parse(&raw_item)?);
    let version = posted.get("version").and_then(|v| v.parse::<i64>().ok()).ok_or(AppError::BadRequest)?;
    let caller = caller(&state, &session).await?;
    caller.remove_item(id, item_id, version, "POST /mace/meetings/{id}/items/{item}/remove").await?;
    Ok(Redirect::to(&back(id)).into_response())
}

fn theme_page(
    ctx: PageCtx,
    id: MeetingId,
    title: String,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let mut fields = vec![
        Field::text("theme", ctx.t("mace-theme"), &v("theme"), "govuk-!-width-full").hint(ctx.t("mace-theme-hint")),
        Field::textarea("reason", ctx.t("mace-reason"), &v("reason")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t1("mace-theme-title", "meeting", &title),
        button: ctx.t("mace-add-theme"),
        action: format!("/mace/meetings/{id}/themes/new"),
        back: back(id),
        version: None,
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

#[tracing::instrument(skip_all)]
pub async fn theme_form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let minutes = caller.minutes(id, "GET /mace/meetings/{id}/themes/new").await?;
    if !minutes.runs {
        return Err(AppError::Forbidden("role-not-permitted"));
    }
    let title = meeting_title(&ctx, &minutes);
    render(StatusCode::OK, &theme_page(ctx, id, title, &HashMap::new(), &[]))
}

#[tracing::instrument(skip_all)]
pub async fn add_theme(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let purpose = "POST /mace/meetings/{id}/themes/new";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.add_theme(id, v("theme"), v("reason"), purpose).await)? {
        Outcome::Done(_) => Ok(Redirect::to(&back(id)).into_response()),
        Outcome::Invalid(e) => {
            let minutes = caller.minutes(id, purpose).await?;
            let title = meeting_title(&ctx, &minutes);
            render(StatusCode::UNPROCESSABLE_ENTITY, &theme_page(ctx, id, title, &posted, &e.0))
        }
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}
