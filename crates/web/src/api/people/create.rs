//! `POST /api/v1/people`: records a new person, held by the caller's agency.

use super::PersonResponse;
use crate::AppState;
use crate::api::access::{agency_codes, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_app::NewPerson;
use haven_domain::person::PersonForm;
use haven_domain::policy::Action;
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
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    caller.authorise_service(Action::CreatePerson)?;
    let request: CreatePersonRequest = parse(&body.0)?;
    let new = NewPerson {
        form: request.form(),
        reference: request.reference.as_deref().unwrap_or(""),
        placing_authority: request.placing_authority.as_deref().unwrap_or(""),
        host_authority: request.host_authority.as_deref().unwrap_or(""),
    };
    let person = caller.create_person(&new, PURPOSE).await?;
    let location = HeaderValue::try_from(format!("/api/v1/people/{}", person.id)).map_err(ApiError::internal)?;
    let body = PersonResponse::new(person, &agency_codes(store).await?);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}
