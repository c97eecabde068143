//! `GET|POST /missing/{id}/associations`: record whom a child was found with, where they were
//! found or last seen (with the police's return), or a person or place they disclosed (with the
//! return home interview). The person or place is picked from haven's own records: a search by
//! name (people the user may see) or by address (places), then a choice among what it found.
//! Who may record what is `haven_app::network`'s to decide.

use crate::error::{AppError, Outcome};
use crate::pages::people::caller;
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, form_values, render};
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_app::Caller;
use haven_domain::FieldError;
use haven_domain::audit::AuditAction;
use haven_domain::ids::EpisodeId;
use haven_domain::network::{AssociationInput, Relation};
use haven_domain::policy::Action;
use haven_store::PersonQuery;
use serde::Deserialize;

const RELATIONS: [Relation; 4] = [Relation::FoundWith, Relation::FoundAt, Relation::LastSeenAt, Relation::Disclosed];

/// What the search form carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Search {
    /// A person's name.
    pub q: String,
    /// A place's name, address or postcode.
    pub place: String,
}

#[derive(Debug, Template)]
#[template(path = "network/associate.html")]
struct AssociatePage {
    ctx: PageCtx,
    title: String,
    episode_href: String,
    action: String,
    q: String,
    place: String,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    /// Whether a search found nothing to choose from.
    nothing_found: bool,
}

/// Choices borrowed from owned pairs, as a field takes them.
fn borrowed(v: &[(String, String)]) -> Vec<(&str, String)> {
    v.iter().map(|(a, b)| (a.as_str(), b.clone())).collect()
}

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
    let people = if search.q.trim().is_empty() {
        Vec::new()
    } else {
        let query = PersonQuery { name: Some(search.q.trim().to_owned()), ..PersonQuery::default() };
        let audit = caller.event(AuditAction::PersonSearch, purpose);
        caller.search_people(&query, 20, &audit).await?
    };
    let people: Vec<(String, String)> = people
        .into_iter()
        .filter(|p| p.id != seen.person)
        .map(|p| {
            let born = p.date_of_birth.map(|d| format!(" ({})", ctx.date(&d))).unwrap_or_default();
            (p.id.to_string(), format!("{} {}{born}", p.given_name, p.family_name))
        })
        .collect();
    let places = if search.place.trim().is_empty() {
        Vec::new()
    } else {
        state.store.locations(search.place.trim(), 20).await?
    };
    let places: Vec<(String, String)> = places
        .into_iter()
        .map(|l| {
            let label = match &l.name {
                Some(name) => format!("{name}, {}", l.address),
                None => l.address.clone(),
            };
            (l.id.to_string(), label)
        })
        .collect();
    if !people.is_empty() {
        fields.push(Field::choose(
            "person_id",
            ctx.t("association-person"),
            person,
            FieldKind::Radios,
            &borrowed(&people),
        ));
    }
    if !places.is_empty() {
        fields.push(Field::choose(
            "location_id",
            ctx.t("association-place"),
            location,
            FieldKind::Radios,
            &borrowed(&places),
        ));
    }
    let errors = attach_errors(ctx.lang, &mut fields, problems);
    let searched = !search.q.trim().is_empty() || !search.place.trim().is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = AssociatePage {
        title: ctx.t1("association-title", "name", &child),
        episode_href: format!("/missing/{id}"),
        action: format!("/missing/{id}/associations"),
        q: search.q.clone(),
        place: search.place.clone(),
        fields,
        errors,
        nothing_found: searched && people.is_empty() && places.is_empty(),
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
