//! `GET /api/v1/audit?person_id=…`: a person's audit trail, newest first, for supervisors of
//! people they may see and for admins. Reading the trail is itself audited.

use crate::AppState;
use crate::api::access::{agency_codes, caller, person_id};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use haven_domain::agency::AgencyCode;
use haven_domain::audit::AuditEvent;
use haven_domain::ids::AgencyId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const PURPOSE: &str = "GET /api/v1/audit";
const DEFAULT_LIMIT: u32 = 200;
const MAX_LIMIT: u32 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the parameters; QueryParams reads them")]
pub struct AuditParams {
    /// The person whose trail to read.
    person_id: Uuid,
    /// At most this many events: 1 to 1000, 200 by default.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// One audit event. Events hold codes and identifiers, never personal details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEventResponse {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// What happened: `person.create`, `person.view`, `person.update`, `audit.view`…
    #[schema(example = "person.view")]
    pub action: String,
    /// Who acted: a username, or `cli` for the command line.
    pub actor: String,
    /// The actor's role code, when a user acted.
    pub actor_role: Option<String>,
    /// The actor's agency code, when a user acted.
    pub actor_agency: Option<String>,
    /// `person`, `agency`, `user`…
    pub subject_kind: String,
    pub subject_id: Option<Uuid>,
    /// The person the event is about, if any.
    pub person_id: Option<Uuid>,
    /// Why: the page or API call (`GET /api/v1/people/{id}`) or the command.
    pub purpose: String,
    /// A note without personal details (`denied: no-sharing-agreement`, changed field names).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditTrailResponse {
    pub person_id: Uuid,
    /// Newest first.
    pub events: Vec<AuditEventResponse>,
}

/// A person's audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "The trail, newest first", body = AuditTrailResponse),
        (status = 400, description = "Missing or malformed `person_id`, or an unknown parameter",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = tracing::field::Empty))]
pub async fn person_audit(
    State(state): State<AppState>,
    user: ApiUser,
    params: QueryParams,
) -> ApiResult<Json<AuditTrailResponse>> {
    params.only(&["person_id", "limit"])?;
    let mut problems = Vec::new();
    let id = match params.get("person_id").map(|raw| person_id(raw, "person_id")) {
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => {
            problems.push(FieldProblem::field("person_id", "not-an-id"));
            None
        }
        None => {
            problems.push(FieldProblem::field("person_id", "required"));
            None
        }
    };
    let limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT, &mut problems);
    let Some(id) = id.filter(|_| problems.is_empty()) else { return Err(ApiError::BadRequest(problems)) };
    tracing::Span::current().record("person_id", tracing::field::display(id));

    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    // Only the events of agencies whose records of the person the caller may see.
    let events = caller.person_trail(id, limit, PURPOSE).await?;
    let codes = agency_codes(store).await?;
    let events = events.into_iter().map(|e| AuditEventResponse::new(e, &codes)).collect();
    Ok(Json(AuditTrailResponse { person_id: id.0, events }))
}

impl AuditEventResponse {
    /// An event with its actor's agency as its code.
    pub fn new(e: AuditEvent, codes: &HashMap<AgencyId, AgencyCode>) -> Self {
        Self {
            id: e.id.0,
            at: e.at,
            action: e.action.code().to_owned(),
            actor: e.actor_label,
            actor_role: e.actor.map(|a| a.role.code().to_owned()),
            actor_agency: e
                .actor
                .map(|a| codes.get(&a.agency_id).map_or_else(|| a.agency_id.to_string(), |c| c.as_str().to_owned())),
            subject_kind: e.subject_kind.code().to_owned(),
            subject_id: e.subject_id,
            person_id: e.person_id.map(|p| p.0),
            purpose: e.purpose,
            detail: e.detail,
        }
    }
}
