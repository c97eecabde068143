//! `GET|POST /people/{id}/grab-pack`: a looked-after child's grab pack (Philomena protocol; in
//! Wales the Child Information Form): the description and what the police need at once when the
//! child goes missing, kept by the agencies that see the whole episode and shown with every
//! report. Photo-free by design; versioned, so a stale form writes nothing. Reads are audited.

use super::{acting, authorise, event, form_version, rules};
use crate::error::AppError;
use crate::session::{CurrentSession, SignedIn};
use crate::state::AppState;
use crate::views::{Field, FormPage, PageCtx, attach_errors, render};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_domain::FieldError;
use haven_domain::audit::AuditAction;
use haven_domain::ids::PersonId;
use haven_domain::missing::input::{GRAB_PACK_FIELDS, parse_grab_pack};
use haven_domain::missing::record::GrabPack;
use haven_domain::policy::Action;
use haven_store::StoreError;
use std::collections::HashMap;

fn label(field: &str) -> String {
    format!("grab-{}", field.replace('_', "-"))
}

fn page(
    ctx: PageCtx,
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
        title: ctx.t("grab-title"),
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

async fn allowed(state: &AppState, session: &CurrentSession, raw: &str, purpose: &str) -> Result<PersonId, AppError> {
    let person = super::super::people::parse_id(raw)?;
    authorise(state, session, person, Action::EditGrabPack, purpose).await?;
    Ok(person)
}

#[tracing::instrument(skip_all)]
pub async fn form(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let purpose = "GET /people/{id}/grab-pack";
    let person = allowed(&state, &session, &raw, purpose).await?;
    let pack = state.store.grab_pack(person).await?;
    state
        .store
        .append_audit(&event(&session, AuditAction::EpisodeView, purpose).person(person).detail("grab-pack"))
        .await?;
    let (posted, version) = pack.map(|p| (as_posted(&p), p.version)).unwrap_or_default();
    render(StatusCode::OK, &page(ctx, person, &posted, &[], version))
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
    let person = allowed(&state, &session, &raw, purpose).await?;
    let version = form_version(&posted)?;
    let rules = rules(&state);
    let value = |field: &str| posted.get(field).cloned().unwrap_or_default();
    let pack = match parse_grab_pack(person, &value, version, acting(&session, &rules)) {
        Ok(p) => p,
        Err(errors) => {
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page(ctx, person, &posted, &errors.0, version));
        }
    };
    let audit = event(&session, AuditAction::GrabPackSave, purpose).person(person);
    match state.store.save_grab_pack(person, version, &pack, &audit).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{person}/missing")).into_response()),
        Err(StoreError::Conflict | StoreError::NotFound) => {
            let mut page = page(ctx, person, &posted, &[], version);
            page.conflict = true;
            render(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e.into()),
    }
}
