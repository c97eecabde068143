//! `GET|POST /people/{id}/grab-pack`: a looked-after child's grab pack (Philomena protocol; in
//! Wales the Child Information Form): the description and what the police need at once when the
//! child goes missing, kept by the agencies that see the whole episode and shown with every
//! report. Photo-free by design; versioned, so a stale form writes nothing. Reads are audited.

use super::episode::person_name;
use super::form_version;
use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{Field, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::FieldError;
use haven_domain::ids::PersonId;
use haven_domain::missing::input::GRAB_PACK_FIELDS;
use haven_domain::missing::record::GrabPack;
use std::collections::HashMap;

fn label(field: &str) -> String {
    format!("grab-{}", field.replace('_', "-"))
}

fn page(
    ctx: PageCtx,
    name: &str,
    person: PersonId,
    posted: &HashMap<String, String>,
    errors: &[FieldError],
    version: i64,
) -> FormPage {
    let mut fields: Vec<Field> = GRAB_PACK_FIELDS
        .iter()
        .map(|f| Field::textarea(f, ctx.t(&label(f)), posted.get(*f).map(String::as_str).unwrap_or("")))
        .collect();
    let errors = attach_errors(ctx.lang, &mut fields, errors);
    FormPage {
        title: ctx.lang.t_args("grab-heading", &[("name", name.to_owned())]),
        button: ctx.t("grab-button"),
        action: format!("/people/{person}/grab-pack"),
        back: format!("/people/{person}/missing"),
        version: Some(version.to_string()),
        fields,
        errors,
        conflict: false,
        ctx,
    }
}

fn as_posted(pack: &GrabPack) -> HashMap<String, String> {
    [
        ("description", &pack.description),
        ("distinguishing_features", &pack.distinguishing_features),
        ("places_frequented", &pack.places_frequented),
        ("associates", &pack.associates),
        ("phone_and_social_media", &pack.phone_and_social_media),
        ("health_and_medication", &pack.health_and_medication),
        ("risks", &pack.risks),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect()
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let person = parse_id(&raw)?;
    let purpose = "GET /people/{id}/grab-pack";
    let pack = caller(&state, &session).await?.grab_pack(person, purpose).await?;
    let name = person_name(&state, &session, person, purpose).await?;
    let (posted, version) = pack.map(|p| (as_posted(&p), p.version)).unwrap_or_default();
    render(StatusCode::OK, &page(ctx, &name, person, &posted, &[], version))
}

#[tracing::instrument(skip_all)]
pub async fn save(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
    Form(posted): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let purpose = "POST /people/{id}/grab-pack";
    let person = parse_id(&raw)?;
    let version = form_version(&posted)?;
    let value = |field: &str| posted.get(field).cloned().unwrap_or_default();
    let caller = caller(&state, &session).await?;
    let outcome = Outcome::of(caller.save_grab_pack(person, version, &value, state.install_rules(), purpose).await)?;
    if matches!(outcome, Outcome::Done(_)) {
        return Ok(Redirect::to(&format!("/people/{person}/missing")).into_response());
    }
    // Refused: the save checked the caller may edit this child's pack, so the name may be shown.
    let name = person_name(&state, &session, person, purpose).await?;
    match outcome {
        Outcome::Done(_) => Ok(Redirect::to(&format!("/people/{person}/missing")).into_response()),
        Outcome::Invalid(errors) => {
            render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, &name, person, &posted, &errors.0, version))
        }
        Outcome::Conflict => {
            let mut page = page(ctx, &name, person, &posted, &[], version);
            page.conflict = true;
            render(StatusCode::CONFLICT, &page)
        }
    }
}
