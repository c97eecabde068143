//! `GET /api/v1/people?q=…`: finds people among those the caller's agency may see.

use super::PersonSummaryResponse;
use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use haven_domain::audit::{AuditAction, Detail};
use haven_domain::policy::Action;
use haven_domain::text::Reference;
use haven_store::PersonQuery;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

const PURPOSE: &str = "GET /api/v1/people";
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;
const MAX_NAME: usize = 100;

/// What to search for: at least one of `q`, `date_of_birth` and `reference`, combined with AND.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the parameters; QueryParams reads them")]
pub struct SearchParams {
    /// The start of a given, family or alias name, in any case.
    q: Option<String>,
    /// `YYYY-MM-DD`.
    date_of_birth: Option<NaiveDate>,
    /// An agency's reference, exactly.
    reference: Option<String>,
    /// At most this many results: 1 to 200, 50 by default.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// Ordered by family name, then given name.
    pub people: Vec<PersonSummaryResponse>,
    /// The limit applied: as many results as this means there may be more.
    pub limit: u32,
}

/// Searches the people the caller's agency holds, or may see under an agreement in force.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(SearchParams),
    responses(
        (status = 200, description = "Matching people", body = SearchResponse),
        (status = 400, description = "No criterion, or a malformed or unknown parameter",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's role may not search people",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn search_people(
    State(state): State<AppState>,
    user: ApiUser,
    params: QueryParams,
) -> ApiResult<Json<SearchResponse>> {
    haven_app::for_role(&user.actor(), Action::SearchPeople)?;
    params.only(&["q", "date_of_birth", "reference", "limit"])?;

    let mut problems = Vec::new();
    let name = params.get("q").map(str::to_owned);
    if name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME) {
        problems.push(FieldProblem::field("q", "too-long"));
    }
    let date_of_birth = params.get("date_of_birth").and_then(|raw| match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(FieldProblem::field("date_of_birth", "date-format"));
            None
        }
    });
    let reference = params.get("reference").and_then(|raw| match Reference::parse(raw) {
        Ok(r) => Some(r.as_str().to_owned()),
        Err(code) => {
            problems.push(FieldProblem::field("reference", code));
            None
        }
    });
    let limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT, &mut problems);
    if !problems.is_empty() {
        return Err(ApiError::BadRequest(problems));
    }
    let query = PersonQuery { name, date_of_birth, reference };
    let criteria: Vec<&'static str> = [
        ("q", query.name.is_some()),
        ("date_of_birth", query.date_of_birth.is_some()),
        ("reference", query.reference.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, given)| given.then_some(name))
    .collect();
    if criteria.is_empty() {
        return Err(ApiError::BadRequest(vec![FieldProblem::whole("needs-a-criterion")]));
    }

    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let audit = user.event(AuditAction::PersonSearch, PURPOSE).detail(Detail::Fields(criteria));
    let found = caller.search_people(&query, limit, &audit).await?;
    Ok(Json(SearchResponse { people: found.into_iter().map(Into::into).collect(), limit }))
}
