//! `POST /api/v1/people`: records a new person, held by the caller's agency.

use super::{PersonResponse, with_problems};
use crate::AppState;
use crate::api::access::{agency_codes, authorise_service, now, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_domain::agency::AgencyCode;
use haven_domain::audit::AuditAction;
use haven_domain::ids::AgencyId;
use haven_domain::person::{Person, PersonForm};
use haven_domain::policy::Action;
use haven_domain::text::Reference;
use haven_store::Store;
use serde::Deserialize;
use utoipa::ToSchema;

const PURPOSE: &str = "POST /api/v1/people";

/// A new person. Names, date of birth and sex are required (an adult's date of birth may be
/// left out); the other fields take their defaults.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CreatePersonRequest {
    /// `child` (the default) or `adult`.
    #[schema(example = "child")]
    pub kind: Option<String>,
    #[schema(required = true, example = "Siân")]
    pub given_name: String,
    pub middle_names: Option<String>,
    #[schema(required = true, example = "Evans")]
    pub family_name: String,
    /// `YYYY-MM-DD`, not in the future (UK date) nor before 1900.
    #[schema(example = "2011-02-28")]
    pub date_of_birth: Option<String>,
    /// `female`, `male` or `unknown`.
    #[schema(required = true, example = "female")]
    pub sex: String,
    pub gender: Option<String>,
    /// An ONS 2021 ethnic group code, or `not_stated` (the default).
    pub ethnicity: Option<String>,
    /// `not_known` (the default), `no_involvement`, `child_in_need`, `child_protection_plan`,
    /// `looked_after` or `care_leaver`.
    pub care_status: Option<String>,
    /// The calling agency's own reference for the person (a crime or case number).
    #[schema(example = "CRN-2026/000123")]
    pub reference: Option<String>,
    /// The placing local authority, as an agency code.
    pub placing_authority: Option<String>,
    /// The host local authority, as an agency code.
    pub host_authority: Option<String>,
}

impl CreatePersonRequest {
    fn form(&self) -> PersonForm {
        PersonForm {
            kind: self.kind.clone(),
            given_name: self.given_name.clone(),
            middle_names: self.middle_names.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: self.date_of_birth.clone(),
            sex: self.sex.clone(),
            gender: self.gender.clone(),
            ethnicity: self.ethnicity.clone(),
            care_status: self.care_status.clone(),
        }
    }
}

/// Resolves an agency given by its code, recording a problem under `field` when it is
/// malformed or unknown. `Ok(None)` when none was given.
pub async fn resolve_agency(
    store: &dyn Store,
    field: &str,
    raw: Option<&str>,
    problems: &mut Vec<FieldProblem>,
) -> ApiResult<Option<AgencyId>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    let code = match AgencyCode::parse(raw) {
        Ok(code) => code,
        Err(problem) => {
            problems.push(FieldProblem::field(field, problem));
            return Ok(None);
        }
    };
    match store.agency_by_code(&code).await? {
        Some(agency) => Ok(Some(agency.id)),
        None => {
            problems.push(FieldProblem::field(field, "unknown-agency"));
            Ok(None)
        }
    }
}

/// Records a new person; the caller's agency holds the first record.
#[utoipa::path(
    post,
    path = "/api/v1/people",
    tag = "people",
    request_body = CreatePersonRequest,
    responses(
        (status = 201, description = "Created", body = PersonResponse,
            headers(("Location" = String, description = "`/api/v1/people/{id}`"))),
        (status = 400, description = "Malformed JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role may not create people",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused; nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn create_person(State(state): State<AppState>, user: ApiUser, body: JsonBytes) -> ApiResult<Response> {
    authorise_service(&user, Action::CreatePerson)?;
    let request: CreatePersonRequest = parse(&body.0)?;
    let store = state.store.as_ref();

    let mut problems = Vec::new();
    let placing =
        resolve_agency(store, "placing_authority", request.placing_authority.as_deref(), &mut problems).await?;
    let host = resolve_agency(store, "host_authority", request.host_authority.as_deref(), &mut problems).await?;
    let reference = match request.reference.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(raw) => match Reference::parse(raw) {
            Ok(r) => Some(r),
            Err(code) => {
                problems.push(FieldProblem::field("reference", code));
                None
            }
        },
    };
    let details = with_problems(request.form().parse(uk_today(), placing, host), problems)?;

    let person = Person::new(details, user.actor().agency_id, reference, now());
    let audit = user.event(AuditAction::PersonCreate, PURPOSE).person(person.id);
    store.create_person(&person, &audit).await?;
    tracing::info!(person_id = %person.id, "person created");

    let location = HeaderValue::try_from(format!("/api/v1/people/{}", person.id)).map_err(ApiError::internal)?;
    let body = PersonResponse::new(person, &agency_codes(store).await?);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}
