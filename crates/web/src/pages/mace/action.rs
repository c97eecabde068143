//! MACE actions: `GET|POST /mace/meetings/{id}/actions/new` agrees one (what, who owns it by
//! name and agency, by when, its 4P, the agenda item it arises from), refused by field with
//! nothing written; `GET|POST /mace/actions/{id}` shows one with its history and records an
//! update (a new status, or a note; closing needs its reason).

use super::meeting::meeting_title;
use super::{agency_label, parse};
use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::mace::{ActionForm, Minutes};
use haven_domain::FieldError;
use haven_domain::ids::{MaceActionId, MeetingId};
use haven_domain::mace::FourP;
use haven_domain::mace::action::{ActionStatus, MaceAction, UpdateInput};
use haven_domain::mace::meeting::Meeting;
use std::collections::HashMap;

fn agree_page(ctx: PageCtx, minutes: &Minutes, posted: &HashMap<String, String>, errors: &[FieldError]) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let m = &minutes.meeting;
    let agencies: Vec<(String, String)> = m
        .agencies()
        .into_iter()
        .filter_map(|id| minutes.agencies.iter().find(|a| a.id == id))
        .map(|a| (a.code.to_string(), agency_label(a)))
        .collect();
    let mut agency_choices: Vec<(&str, String)> = vec![("", ctx.t("mace-choose"))];
    agency_choices.extend(agencies.iter().map(|(c, l)| (c.as_str(), l.clone())));
    let mut four_p: Vec<(&str, String)> =
        FourP::ALL.iter().map(|p| (p.code(), ctx.label("four-p", p.code()))).collect();
    four_p.push(("", ctx.t("mace-four-p-none")));
    let items: Vec<(String, String)> = minutes
        .items
        .iter()
        .map(|i| (i.item.id.to_string(), format!("{}. {}", i.item.position, i.subject.label)))
        .collect();
    let mut item_choices: Vec<(&str, String)> = vec![("", ctx.t("mace-item-none"))];
    item_choices.extend(items.iter().map(|(c, l)| (c.as_str(), l.clone())));
    let mut fields = vec![
        Field::choose("item", ctx.t("mace-item"), &v("item"), FieldKind::Select, &item_choices),
        Field::textarea("text", ctx.t("mace-action-text"), &v("text")),
        Field::text("owner_name", ctx.t("mace-owner-name"), &v("owner_name"), "govuk-input--width-20"),
        Field::choose(
            "owner_agency",
            ctx.t("mace-owner-agency"),
            &v("owner_agency"),
            FieldKind::Select,
            &agency_choices,
        ),
        Field::text("due_on", ctx.t("mace-due"), &v("due_on"), "govuk-input--width-10").hint(ctx.t("mace-due-hint")),
        Field::choose("four_p", ctx.t("mace-four-p"), &v("four_p"), FieldKind::Radios, &four_p),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.t1("mace-agree-title", "meeting", &meeting_title(&ctx, minutes)),
        button: ctx.t("mace-agree-action"),
        action: format!("/mace/meetings/{}/actions/new", m.id),
        back: format!("/mace/meetings/{}#actions", m.id),
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
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let minutes = caller.minutes(id, "GET /mace/meetings/{id}/actions/new").await?;
    if !minutes.runs {
        return Err(AppError::Forbidden("role-not-permitted"));
    }
    let mut posted = HashMap::new();
    if let Some(item) = query.get("item") {
        posted.insert("item".to_owned(), item.clone());
    }
    render(StatusCode::OK, &agree_page(ctx, &minutes, &posted, &[]))
}

#[tracing::instrument(skip_all)]
pub async fn agree(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MeetingId = parse(&raw)?;
    let purpose = "POST /mace/meetings/{id}/actions/new";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let due_on = normalise_date(v("due_on"));
    let form = ActionForm {
        text: v("text"),
        owner_name: v("owner_name"),
        owner_agency: v("owner_agency"),
        due_on: &due_on,
        four_p: v("four_p"),
        item: v("item"),
    };
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.agree_action(id, &form, purpose).await)? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/mace/meetings/{id}#actions")).into_response()),
        Outcome::Invalid(e) => {
            let minutes = caller.minutes(id, purpose).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &agree_page(ctx, &minutes, &posted, &e.0))
        }
        Outcome::Conflict => Err(AppError::BadRequest),
    }
}

#[derive(Debug)]
pub struct UpdateRow {
    pub when: String,
    pub status: String,
    pub note: String,
}

#[derive(Debug, Template)]
#[template(path = "mace/action.html")]
struct ActionPage {
    ctx: PageCtx,
    title: String,
    meeting_href: String,
    meeting: String,
    text: String,
    owner: String,
    due: String,
    overdue: bool,
    status: String,
    four_p: String,
    closed_reason: Option<String>,
    updates: Vec<UpdateRow>,
    action: String,
    version: String,
    may_update: bool,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    conflict: bool,
}

struct Shown<'a> {
    action: &'a MaceAction,
    meeting: &'a Meeting,
    may_update: bool,
    posted: &'a HashMap<String, String>,
    errors: &'a [FieldError],
    conflict: bool,
}

async fn action_page(state: &AppState, ctx: PageCtx, s: &Shown<'_>) -> Result<ActionPage, AppError> {
    let a = s.action;
    let agency = state.store.agency(a.owner_agency).await?.map(|x| x.name).unwrap_or_default();
    let area =
        state.store.areas().await?.into_iter().find(|x| x.id == s.meeting.area_id).map(|x| x.name).unwrap_or_default();
    let v = |name: &str| s.posted.get(name).cloned().unwrap_or_default();
    let statuses: Vec<(&str, String)> =
        ActionStatus::ALL.iter().map(|st| (st.code(), ctx.label("mace-status", st.code()))).collect();
    let mut fields = vec![
        Field::choose("status", ctx.t("mace-new-status"), &v("status"), FieldKind::Radios, &statuses)
            .hint(ctx.t("mace-new-status-hint")),
        Field::textarea("note", ctx.t("mace-note"), &v("note")).hint(ctx.t("mace-note-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, s.errors);
    let meeting = ctx.lang.t_args("mace-meeting-title", &[("area", area), ("when", ctx.time(&s.meeting.starts_at))]);
    Ok(ActionPage {
        title: ctx.t1("mace-action-title", "number", &a.number.to_string()),
        meeting_href: format!("/mace/meetings/{}", s.meeting.id),
        meeting,
        text: a.text.clone(),
        owner: format!("{}, {agency}", a.owner_name),
        due: ctx.date(&a.due_on),
        overdue: a.is_overdue(crate::pages::today_uk()),
        status: ctx.label("mace-status", a.status.code()),
        four_p: a.four_p.map(|p| ctx.label("four-p", p.code())).unwrap_or_default(),
        closed_reason: a.closed_reason.clone(),
        updates: a
            .updates
            .iter()
            .rev()
            .map(|u| UpdateRow {
                when: ctx.time(&u.at),
                status: ctx.label("mace-status", u.status.code()),
                note: u.note.clone(),
            })
            .collect(),
        action: format!("/mace/actions/{}", a.id),
        version: a.version.to_string(),
        may_update: s.may_update,
        fields,
        errors,
        conflict: s.conflict,
        ctx,
    })
}

#[tracing::instrument(skip_all)]
pub async fn show(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: MaceActionId = parse(&raw)?;
    let caller = caller(&state, &session).await?;
    let (action, meeting, may_update) = caller.mace_action_view(id, "GET /mace/actions/{id}").await?;
    let shown =
        Shown { action: &action, meeting: &meeting, may_update, posted: &HashMap::new(), errors: &[], conflict: false };
    render(StatusCode::OK, &action_page(&state, ctx, &shown).await?)
}

#[tracing::instrument(skip_all)]
pub async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let id: MaceActionId = parse(&raw)?;
    let purpose = "POST /mace/actions/{id}";
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let version = v("version").parse::<i64>().ok();
    let caller = caller(&state, &session).await?;
    let input = UpdateInput { status: v("status"), note: v("note") };
    let outcome = Outcome::of(caller.update_mace_action(id, version, &input, purpose).await)?;
    if let Outcome::Done(_) = outcome {
        return Ok(Redirect::to(&format!("/mace/actions/{id}")).into_response());
    }
    let (action, meeting, may_update) = caller.mace_action_view(id, purpose).await?;
    let (errors, conflict) = match outcome {
        Outcome::Invalid(e) => (e.0, false),
        _ => (Vec::new(), true),
    };
    let shown = Shown { action: &action, meeting: &meeting, may_update, posted: &posted, errors: &errors, conflict };
    let status = if conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    render(status, &action_page(&state, ctx, &shown).await?)
}
