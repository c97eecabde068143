//! `GET|POST /missing/{id}/associations`: record whom a child was found with, where they were
//! found or last seen (with the police's return), or a person or place they disclosed (with the
//! return home interview). The person or place is picked from haven's own records: a search by
//! name (people the user may see) or by address (places), then a choice among what it found.
//! Who may record what is `haven_app::network`'s to decide.

use super::pick::{PickPage, Search, choices};
use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FieldKind, PageCtx, attach_errors, form_values, render};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Caller;
use haven_domain::FieldError;
use haven_domain::audit::AuditAction;
use haven_domain::ids::EpisodeId;
use haven_domain::network::{AssociationInput, Relation};
use haven_domain::policy::Action;

const RELATIONS: [Relation; 4] = [Relation::FoundWith, Relation::FoundAt, Relation::LastSeenAt, Relation::Disclosed];

fn episode_id(raw: &str) -> Result<EpisodeId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The form: the relation, and the people and places the search found to choose from.
async fn page(
    state: &AppState,
    caller: &Caller<'_>,
    ctx: PageCtx,
    id: EpisodeId,
    search: &Search,
    chosen: (&str, &str, &str),
    problems: &[FieldError],
) -> Result<Response, AppError> {
    let purpose = "GET /missing/{id}/associations";
    let seen = caller.episode(id, Action::ViewEpisodes, purpose).await?;
    let read = caller.event(AuditAction::PersonView, purpose).person(seen.person);
    let child = state.store.person(seen.person, &read).await?.details.full_name();
    let (relation, person, location) = chosen;
    let relations: Vec<(&str, String)> =
        RELATIONS.iter().map(|r| (r.code(), ctx.label("association-relation", r.code()))).collect();
    let mut fields =
        vec![Field::choose("relation", ctx.t("association-relation"), relation, FieldKind::Radios, &relations)];
    let found = choices(state, caller, &ctx, search, Some(seen.person), (person, location), purpose).await?;
    let nothing_found = !search.is_empty() && found.is_empty();
    fields.extend(found);
    let errors = attach_errors(ctx.lang, &mut fields, problems);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = PickPage {
        title: ctx.t1("association-title", "name", &child),
        intro: ctx.t("association-intro"),
        back_href: format!("/missing/{id}"),
        action: format!("/missing/{id}/associations"),
        button: ctx.t("association-record"),
        q: search.q.clone(),
        place: search.place.clone(),
        fields,
        errors,
        nothing_found,
        recorded_heading: String::new(),
        recorded: Vec::new(),
        runs: true,
        ctx,
    };
    render(status, &page)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Query(search): Query<Search>,
) -> Result<Response, AppError> {
    let id = episode_id(&raw)?;
    let caller = caller(&state, &session).await?;
    page(&state, &caller, ctx, id, &search, ("", "", ""), &[]).await
}

#[tracing::instrument(skip_all)]
pub async fn record(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = episode_id(&raw)?;
    let caller = caller(&state, &session).await?;
    let v = form_values(pairs);
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let (relation, person, location) = (get("relation"), get("person_id"), get("location_id"));
    let input = AssociationInput { relation: &relation, person: &person, location: &location };
    match Outcome::of(caller.record_association(id, &input, "POST /missing/{id}/associations").await)? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/missing/{id}")).into_response()),
        Outcome::Invalid(e) => {
            let search = Search { q: get("q"), place: get("place") };
            page(&state, &caller, ctx, id, &search, (&relation, &person, &location), &e.0).await
        }
        Outcome::Conflict => {
            let problem = FieldError::new("relation", "not-yet-recorded");
            let search = Search { q: get("q"), place: get("place") };
            page(&state, &caller, ctx, id, &search, (&relation, &person, &location), &[problem]).await
        }
    }
}
