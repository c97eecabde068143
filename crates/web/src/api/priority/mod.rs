//! The priority list of an area (`GET /api/v1/priority`) and its make-up against the cohort
//! (`GET /api/v1/priority/make-up`): the same application call as the pages, the same numbers,
//! each factor's contribution with its facts and its words.

use crate::AppState;
use crate::api::access::caller;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::query::QueryParams;
use crate::i18n::Lang;
use crate::priority_words::words;
use axum::Json;
use axum::extract::State;
use haven_app::priority::{PriorityAsk, PriorityList};
use haven_domain::priority::bias::Line;
use haven_domain::priority::{Contribution, Factor};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(priority_list)).routes(routes!(priority_make_up))
}

/// One factor's part of a score.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContributionResponse {
    /// The factor whose weight gave the points (`screening_red`, `missing_now`…); `null` for a
    /// fact shown for context only (not screened, open protective work).
    pub factor: Option<String>,
    pub points: u32,
    /// The facts behind the points, by `kind` (`screening`, `recent_episodes`, `harm`…).
    #[schema(value_type = Object)]
    pub fact: serde_json::Value,
    /// The facts in words (English), as the page shows them.
    pub words: String,
}

impl ContributionResponse {
    fn new(c: &Contribution) -> Self {
        Self {
            factor: c.factor.map(|f| f.code().to_owned()),
            points: c.points,
            fact: serde_json::to_value(&c.fact).unwrap_or_default(),
            words: words(Lang::En, c),
        }
    }
}

/// A child on the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityChildResponse {
    pub rank: usize,
    pub person_id: Uuid,
    pub name: String,
    pub age: Option<u32>,
    /// The latest screening's tier the caller may see: `red`, `amber`, `green`; `null` when
    /// not screened.
    pub tier: Option<String>,
    pub score: u32,
    /// Largest first.
    pub contributions: Vec<ContributionResponse>,
}

/// An area's priority list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PriorityListResponse {
    /// The area's code.
    pub area: String,
    /// The points of each factor in this area.
    pub weights: BTreeMap<String, u32>,
    /// Children of the area's cohort the caller may see.
    pub cohort: usize,
    /// Children matching the filters; `children` holds the first `shown` of them.
    pub matching: usize,
    pub children: Vec<PriorityChildResponse>,
}

/// One group's line of the make-up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MakeUpLine {
    pub group: String,
    pub listed: u32,
    pub cohort: u32,
    pub listed_share: f64,
    pub cohort_share: f64,
    /// Share of the list over share of the cohort; `null` when the list is empty.
    pub ratio: Option<f64>,
    /// The ratio is outside 0.8–1.25.
    pub marked: bool,
}

/// The make-up of the top of the list against the cohort.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MakeUpResponse {
    pub area: String,
    /// How many children at the top make the list.
    pub listed: u32,
    pub cohort: u32,
    pub ethnicity: Vec<MakeUpLine>,
    pub sex: Vec<MakeUpLine>,
    /// Age bands: `under_10`, `10_to_12`, `13_to_15`, `16_to_17`, `18_and_over`, `not_known`.
    pub age: Vec<MakeUpLine>,
}

fn lines<G>(all: &[Line<G>], code: impl Fn(&G) -> &'static str) -> Vec<MakeUpLine> {
    all.iter()
        .map(|l| MakeUpLine {
            group: code(&l.group).to_owned(),
            listed: l.listed,
            cohort: l.cohort,
            listed_share: l.listed_share,
            cohort_share: l.cohort_share,
            ratio: l.ratio,
            marked: l.marked,
        })
        .collect()
}

const KNOWN: &[&str] = &["area", "agency", "tier", "shown", "top"];

async fn read(state: &AppState, user: &ApiUser, q: &QueryParams, purpose: &str) -> Result<PriorityList, ApiError> {
    q.only(KNOWN)?;
    let get = |name| q.get(name).unwrap_or_default();
    let ask = PriorityAsk {
        area: get("area"),
        agency: get("agency"),
        tier: get("tier"),
        shown: get("shown"),
        top: get("top"),
    };
    let caller = caller(state.store.as_ref(), user).await?;
    Ok(caller.priority_list(&ask, state.install_rules(), purpose).await?)
}

/// An area's children in priority order, each with its score and every factor's contribution
/// in facts and words, computed from what the caller's agency may see (audited). `area` is
/// the area's code (blank: the caller's agency's area); `agency` keeps children whose record
/// that agency holds; `tier` is `red`, `amber`, `green` or `none`; `shown` is 1–500 (50).
#[utoipa::path(
    get,
    path = "/api/v1/priority",
    tag = "priority",
    params(
        ("area" = Option<String>, Query, description = "The area's code"),
        ("agency" = Option<String>, Query, description = "Only children whose record this agency holds"),
        ("tier" = Option<String>, Query, description = "`red`, `amber`, `green` or `none`"),
        ("shown" = Option<u32>, Query, description = "How many children to return, 1 to 500 (50)"),
        ("top" = Option<u32>, Query, description = "Ignored here; the make-up's list size"),
    ),
    responses(
        (status = 200, description = "The list", body = PriorityListResponse),
        (status = 400, description = "A filter refused, by name", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn priority_list(
    State(state): State<AppState>,
    user: ApiUser,
    q: QueryParams,
) -> ApiResult<Json<PriorityListResponse>> {
    let list = read(&state, &user, &q, "GET /api/v1/priority").await?;
    Ok(Json(PriorityListResponse {
        area: list.area.code.to_string(),
        weights: Factor::ALL.iter().map(|f| (f.code().to_owned(), list.weights.points(*f))).collect(),
        cohort: list.cohort,
        matching: list.matching,
        children: list
            .children
            .iter()
            .enumerate()
            .map(|(i, r)| PriorityChildResponse {
                rank: i + 1,
                person_id: r.child.id.0,
                name: r.child.name.clone(),
                age: r.child.age,
                tier: r.priority.tier.map(|t| t.code().to_owned()),
                score: r.priority.score,
                contributions: r.priority.contributions.iter().map(ContributionResponse::new).collect(),
            })
            .collect(),
    }))
}

/// The make-up of the top `top` children (1–500, 20) of an area's list against its whole
/// cohort, by ethnicity, sex and age band, so that bias is visible (audited).
#[utoipa::path(
    get,
    path = "/api/v1/priority/make-up",
    tag = "priority",
    params(
        ("area" = Option<String>, Query, description = "The area's code"),
        ("top" = Option<u32>, Query, description = "How many at the top make the list, 1 to 500 (20)"),
    ),
    responses(
        (status = 200, description = "The make-up", body = MakeUpResponse),
        (status = 400, description = "A parameter refused, by name", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn priority_make_up(
    State(state): State<AppState>,
    user: ApiUser,
    q: QueryParams,
) -> ApiResult<Json<MakeUpResponse>> {
    q.only(&["area", "top"])?;
    let list = read(&state, &user, &q, "GET /api/v1/priority/make-up").await?;
    let m = list.make_up;
    Ok(Json(MakeUpResponse {
        area: list.area.code.to_string(),
        listed: m.listed,
        cohort: m.cohort,
        ethnicity: lines(&m.ethnicity, |g| g.code()),
        sex: lines(&m.sex, |g| g.code()),
        age: lines(&m.age, |g| g.code()),
    }))
}
