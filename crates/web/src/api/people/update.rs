//! `PATCH /api/v1/people/{id}`: changes some of a person's details. The body names the version
//! it was made from; the fields it carries are merged over the current details and the whole is
//! parsed again, so a change can never leave a record that a new one could not have been.

use super::create::resolve_agency;
use super::{PersonResponse, with_problems};
use crate::AppState;
use crate::api::access::{PersonPath, authorise_person, caller, uk_today};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::State;
use haven_domain::audit::AuditAction;
use haven_domain::ids::AgencyId;
use haven_domain::person::PersonForm;
use haven_domain::policy::Action;
use haven_store::Store;
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
    fn fields(&self) -> Vec<&'static str> {
        [
            ("kind", self.kind.is_some()),
            ("given_name", self.given_name.is_some()),
            ("middle_names", self.middle_names.is_some()),
            ("family_name", self.family_name.is_some()),
            ("date_of_birth", self.date_of_birth.is_some()),
            ("sex", self.sex.is_some()),
            ("gender", self.gender.is_some()),
            ("ethnicity", self.ethnicity.is_some()),
            ("care_status", self.care_status.is_some()),
            ("placing_authority", self.placing_authority.is_some()),
            ("host_authority", self.host_authority.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    /// The current form with the fields this change carries laid over it.
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

async fn authority(
    store: &dyn Store,
    field: &str,
    change: Option<&Option<String>>,
    current: Option<AgencyId>,
    problems: &mut Vec<FieldProblem>,
) -> ApiResult<Option<AgencyId>> {
    match change {
        None => Ok(current),
        Some(raw) => resolve_agency(store, field, raw.as_deref(), problems).await,
    }
}

/// Changes a person's details if the record is still at `version`.
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
    let access = authorise_person(&caller, id, Action::EditPerson, PURPOSE).await?;
    let change: UpdatePersonRequest = parse(&body.0)?;

    let mut person = store.person(id, &user.event(AuditAction::PersonView, PURPOSE).person(id)).await?;
    if person.version != change.version {
        return Err(ApiError::VersionConflict);
    }
    let mut problems = Vec::new();
    let current = &person.details;
    let placing = authority(
        store,
        "placing_authority",
        change.placing_authority.as_ref(),
        current.placing_authority,
        &mut problems,
    )
    .await?;
    let host =
        authority(store, "host_authority", change.host_authority.as_ref(), current.host_authority, &mut problems)
            .await?;
    let form = change.merge(PersonForm::from_details(current));
    let details = with_problems(form.parse(uk_today(), placing, host), problems)?;

    let audit = user.event(AuditAction::PersonUpdate, PURPOSE).person(id).detail(change.fields().join(","));
    let version = store.update_person(id, change.version, &details, &audit).await?;
    tracing::info!(version, "person updated");
    person.details = details;
    person.version = version;
    // The stores stamp the change with its audit event's time.
    person.updated_at = audit.at;
    Ok(Json(PersonResponse::render(store, caller.sharing().cut_person(person, &access.holders)).await?))
}
