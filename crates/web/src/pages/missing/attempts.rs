//! `GET|POST /missing/{id}/rhi/attempts`: a step towards the return home interview — the case
//! allocated to a worker, or a try at reaching the child (a call, a visit, a message, a letter)
//! with its time and what happened. The interview stays owed until it is held, declined or
//! found not possible; the worklist shows the worker and the tries.

use super::episode::person_name;
use super::{parse_time, time_value};
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::FieldError;
use haven_domain::ids::EpisodeId;
use haven_domain::missing::MissingEpisode;
use haven_domain::missing::input::AttemptInput;
use haven_domain::missing::record::RhiStep;
use haven_domain::policy::Action;
use std::collections::HashMap;

fn page(
    ctx: PageCtx,
    name: &str,
    episode: &MissingEpisode,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    let v = |name: &str| posted.get(name).cloned().unwrap_or_default();
    let steps: Vec<_> = RhiStep::ALL.iter().map(|s| (s.code(), ctx.label("rhi-step", s.code()))).collect();
    let mut fields = vec![
        Field::choose("step", ctx.t("rhi-step"), &v("step"), FieldKind::Radios, &steps),
        Field::text("at", ctx.t("rhi-step-at"), &v("at"), "govuk-input--width-20").hint(ctx.t("missing-time-hint")),
        Field::text("worker", ctx.t("rhi-step-worker"), &v("worker"), "govuk-!-width-two-thirds")
            .hint(ctx.t("rhi-offered-by-hint")),
        Field::textarea("note", ctx.t("rhi-step-note"), &v("note")).hint(ctx.t("rhi-step-note-hint")),
    ];
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.lang.t_args("rhi-step-heading", &[("name", name.to_owned())]),
        button: ctx.t("rhi-step-button"),
        action: format!("/missing/{}/rhi/attempts", episode.id),
        back: format!("/missing/{}", episode.id),
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
) -> Result<Response, AppError> {
    let purpose = "GET /missing/{id}/rhi/attempts";
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let caller = caller(&state, &session).await?;
    let episode = caller.read_episode_for(id, Action::RecordRhi, purpose).await?.0;
    // Nothing is owed while the child is missing, or once the interview is recorded.
    if episode.rhi.is_some() || episode.is_open() {
        return Ok(Redirect::to(&format!("/missing/{id}")).into_response());
    }
    let name = person_name(&state, &session, episode.person_id, purpose).await?;
    let posted = HashMap::from([("at".to_owned(), time_value(super::now()))]);
    render(StatusCode::OK, &page(ctx, &name, &episode, &posted, &[]))
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /missing/{id}/rhi/attempts";
    let id: EpisodeId = raw.parse().map_err(|_| AppError::NotFound)?;
    let v = |name: &str| posted.get(name).map(String::as_str).unwrap_or("");
    let input = AttemptInput { step: v("step"), at: parse_time(v("at")), worker: v("worker"), note: v("note") };
    let caller = caller(&state, &session).await?;
    let errors = match Outcome::of(caller.log_rhi_attempt(id, &input, state.install_rules(), purpose).await)? {
        Outcome::Done(_) => return Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Outcome::Invalid(errors) => errors.0,
        // Only ever added: a race with the interview itself is named on a fresh read below.
        Outcome::Conflict => vec![FieldError { field: "episode".into(), code: "rhi-already-recorded" }],
    };
    let episode = caller.read_episode_for(id, Action::RecordRhi, purpose).await?.0;
    let name = person_name(&state, &session, episode.person_id, purpose).await?;
    render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &name, &episode, &posted, &errors))
}
