//! `GET|POST /missing/{id}/return`: found and returned — when, where, by whom, with whom, harm
//! seen, whether the child disclosed anything, and the police prevention interview (safe and
//! well check). Starts the return home interview's clock.

use super::episode::person_name;
use super::{form_version, parse_time, ticked, time_value};
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{Field, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::FieldError;
use haven_domain::ids::EpisodeId;
use haven_domain::missing::input::ReturnInput;
use haven_domain::policy::Action;
use std::collections::HashMap;

/// The form, headed with the child's name (`name`).
fn page(
    ctx: PageCtx,
    name: &str,
    id: EpisodeId,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
    version: i64,
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let mut fields = vec![
        Field::text("returned_at", ctx.t("missing-returned-at"), &v("returned_at"), "govuk-input--width-20")
            .hint(ctx.t("missing-time-hint")),
        Field::text("found_where", ctx.t("missing-found-where"), &v("found_where"), "govuk-!-width-two-thirds"),
        Field::text("found_by", ctx.t("missing-found-by"), &v("found_by"), "govuk-!-width-one-half"),
        Field::textarea("with_whom", ctx.t("missing-with-whom"), &v("with_whom")),
        Field::textarea("harm_seen", ctx.t("missing-harm-seen"), &v("harm_seen")),
        Field::checkbox("disclosed", ctx.t("missing-disclosed"), ticked(&v("disclosed"))),
        Field::checkbox(
            "found_in_other_force_area",
            ctx.t("missing-found-in-other-force-area"),
            ticked(&v("found_in_other_force_area")),
        ),
        Field::text(
            "prevention_interview_at",
            ctx.t("missing-prevention-interview-at"),
            &v("prevention_interview_at"),
            "govuk-input--width-20",
        )
        .hint(ctx.t("missing-prevention-interview-hint")),
        Field::textarea(
            "prevention_interview_notes",
            ctx.t("missing-prevention-interview-notes"),
            &v("prevention_interview_notes"),
        ),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.lang.t_args("missing-return-heading", &[("name", name.to_owned())]),
        button: ctx.t("missing-return-button"),
        action: format!("/missing/{id}/return"),
        back: format!("/missing/{id}"),
        version: Some(version.to_string()),
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

async fn open_episode(
    state: &AppState,
    session: &CurrentSession,
    raw: &str,
    purpose: &str,
) -> Result<haven_domain::missing::MissingEpisode, AppError> {
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = caller(state, session).await?;
    Ok(caller.read_episode_for(id, Action::RecordReturn, purpose).await?.0)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let episode = open_episode(&state, &session, &raw, "GET /missing/{id}/return").await?;
    if !episode.is_open() {
        return Ok(Redirect::to(&format!("/missing/{}", episode.id)).into_response());
    }
    let name = person_name(&state, &session, episode.person_id, "GET /missing/{id}/return").await?;
    let posted = HashMap::from([("returned_at".to_owned(), time_value(super::now()))]);
    render(StatusCode::OK, &page(ctx, &name, episode.id, &posted, &[], episode.version))
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /missing/{id}/return";
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let version = form_version(&posted)?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let input = ReturnInput {
        returned_at: parse_time(v("returned_at")),
        found_where: v("found_where"),
        found_by: v("found_by"),
        with_whom: v("with_whom"),
        harm_seen: v("harm_seen"),
        disclosed: ticked(v("disclosed")),
        found_in_other_force_area: ticked(v("found_in_other_force_area")),
        prevention_interview_at: (!v("prevention_interview_at").trim().is_empty())
            .then(|| parse_time(v("prevention_interview_at"))),
        prevention_interview_notes: v("prevention_interview_notes"),
    };
    let caller = caller(&state, &session).await?;
    match Outcome::of(caller.record_return(id, Some(version), &input, state.install_rules(), purpose).await)? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Outcome::Invalid(errors) => {
            let episode = open_episode(&state, &session, &raw, purpose).await?;
            let name = person_name(&state, &session, episode.person_id, purpose).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &name, id, &posted, &errors.0, version))
        }
        Outcome::Conflict => {
            // Someone changed the episode first: the form again, made from it as it is now.
            let episode = open_episode(&state, &session, &raw, purpose).await?;
            let name = person_name(&state, &session, episode.person_id, purpose).await?;
            let mut page = page(ctx, &name, id, &posted, &[], episode.version);
            page.conflict = true;
            render(StatusCode::CONFLICT, &page)
        }
    }
}
