//! `PATCH /api/v1/people/{id}`: changes some of a person's details. The body names the version
//! it was made from; the fields it carries are merged over the current details and the whole is
//! parsed again, so a change can never leave a record that a new one could not have been.

use super::PersonResponse;
use crate::AppState;
use crate::api::access::{PersonPath, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_app::PersonChange;
use haven_domain::person::PersonForm;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

const PURPOSE: &str = "PATCH /api/v1/people/{id}";

/// A change to a person. `version` is required; every other field is optional, and a field
/// that is sent replaces the current value (`null` clears an optional one).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePersonRequest {
    /// The `version` of the record the change was made from.
    pub version: i64,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "child")]
    pub kind: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub given_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub middle_names: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub family_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "2011-02-28")]
    pub date_of_birth: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "female")]
    pub sex: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub gender: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub ethnicity: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub care_status: Option<Option<String>>,
    /// An agency code, or `null` to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub placing_authority: Option<Option<String>>,
    /// An agency code, or `null` to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub host_authority: Option<Option<String>>,
}

/// A field that is present (even as `null`) is `Some`; an absent one stays `None` by default.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl UpdatePersonRequest {
    /// The names of the fields the change carries: the audit detail (names, never values).
    fn merge(&self, mut form: PersonForm) -> PersonForm {
        let optional = |new: &Option<Option<String>>, old: &mut Option<String>| {
            if let Some(v) = new {
                old.clone_from(v);
            }
        };
        let required = |new: &Option<Option<String>>, old: &mut String| {
            if let Some(v) = new {
                *old = v.clone().unwrap_or_default();
            }
        };
        optional(&self.kind, &mut form.kind);
        required(&self.given_name, &mut form.given_name);
        optional(&self.middle_names, &mut form.middle_names);
        required(&self.family_name, &mut form.family_name);
        optional(&self.date_of_birth, &mut form.date_of_birth);
        required(&self.sex, &mut form.sex);
        optional(&self.gender, &mut form.gender);
        optional(&self.ethnicity, &mut form.ethnicity);
        optional(&self.care_status, &mut form.care_status);
        form
    }
}

#[utoipa::path(
    patch,
    path = "/api/v1/people/{id}",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = UpdatePersonRequest,
    responses(
        (status = 200, description = "The person as changed, with the new version", body = PersonResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The record changed since `version`; nothing written",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused; nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn update_person(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
    body: JsonBytes,
) -> ApiResult<Json<PersonResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let change: UpdatePersonRequest = parse(&body.0)?;
    // A field sent as `null` clears the authority; one not sent keeps it.
    fn authority(sent: &Option<Option<String>>) -> Option<&str> {
        sent.as_ref().map(|v| v.as_deref().unwrap_or(""))
    }
    let apply = |form| PersonChange {
        form: change.merge(form),
        placing_authority: authority(&change.placing_authority),
        host_authority: authority(&change.host_authority),
    };
    let person = caller.update_person(id, change.version, &apply, PURPOSE).await?;
    Ok(Json(PersonResponse::render(store, person).await?))
}
