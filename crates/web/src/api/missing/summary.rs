//! `GET /api/v1/people/{id}/missing-summary`: a child's missing history in one answer: counts,
//! whether they are missing now, the flags with the episodes behind them, and the return home
//! interview still owed for the last return. Made by the domain's `summarise` from the
//! episodes as the caller's view sees them, so the summary cannot tell more than the episodes.

use crate::AppState;
use crate::api::access::caller;
use crate::api::access::{PersonPath, now};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiResult, Problem};
use crate::child_summary::child_summary;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use haven_app::ChildEpisodes;
use haven_domain::missing::clocks::RhiState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

const PURPOSE: &str = "GET /api/v1/people/{id}/missing-summary";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MissingSummaryResponse {
    pub person_id: Uuid,
    /// How much of the episodes the caller's agency sees (`full`, `rhi_work`, `notice_only`);
    /// the summary is made from what it sees.
    #[schema(example = "full")]
    pub view: String,
    pub episodes_total: usize,
    /// Episodes reported in the last 90 days.
    pub episodes_90d: usize,
    pub currently_missing: bool,
    /// The open episode, while the child is missing.
    pub open_episode_id: Option<Uuid>,
    /// Flags raised by the history, in a fixed order, each with the episodes behind it.
    pub flags: Vec<FlagResponse>,
    /// When the return home interview for the last return is due, while none is recorded;
    /// `null` when none is owed or the caller's view does not see RHIs.
    pub rhi_due_at: Option<DateTime<Utc>>,
    /// Whether that interview is overdue.
    pub rhi_overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FlagResponse {
    /// A stable code: `currently_missing`, `repeat_missing`, `missing_from_childrens_home`,
    /// `out_of_area_placement`, `unaccompanied_asylum_seeking_child`, `long_episode`,
    /// `found_in_other_force_area`.
    #[schema(example = "repeat_missing")]
    pub code: String,
    /// The action the flag prompts, where the rule names one (`strategy_discussion` for
    /// `repeat_missing`).
    #[schema(example = "strategy_discussion")]
    pub action: Option<String>,
    /// The episodes that raised the flag.
    pub episodes: Vec<Uuid>,
}

/// A child's missing summary, as far as the caller's agency sees their episodes.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/missing-summary",
    tag = "missing",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, description = "The summary", body = MissingSummaryResponse),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn missing_summary(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
) -> ApiResult<Json<MissingSummaryResponse>> {
    let store = state.store.as_ref();
    let caller = caller(store, &user).await?;
    let ChildEpisodes { episodes, view, .. } = caller.child_episodes(id, PURPOSE).await?;

    let summary = child_summary(store, id, &episodes, view, &state.rules_book().await?, now()).await?;
    // Redaction removes the RHIs a school may not see, which would make every return look owed.
    let rhi = summary.rhi_clock.filter(|_| view.records_rhi());
    Ok(Json(MissingSummaryResponse {
        person_id: id.0,
        view: view.code().to_owned(),
        episodes_total: summary.episodes_total,
        episodes_90d: summary.episodes_90d,
        currently_missing: summary.currently_missing,
        open_episode_id: summary.open_episode.map(|e| e.0),
        flags: summary
            .flags
            .into_iter()
            .map(|f| FlagResponse { code: f.code.to_owned(), action: f.action, episodes: f.episodes })
            .collect(),
        rhi_due_at: rhi.map(|c| c.due_at),
        rhi_overdue: rhi.is_some_and(|c| c.state == RhiState::Overdue),
    }))
}
