//! `/api/v1/admin/areas/{code}/rules`: an area's missing-episode rules, for the install's
//! administrator (`system_admin`): the rules in force, a new version, and every version. The
//! JSON's paths are the settings' names (`reviews.high.supervisor`, `repeat.0.window_days`), so a
//! refusal names the value to change. Each call is `haven_app::rules`' action, as the command
//! line's and the page's.

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use haven_app::Failure;
use haven_app::rules::RulesChange;
use haven_domain::Invalid;
use haven_domain::missing::MissingRules;
use haven_domain::missing::rules::{RulesVersion, Setting};
use haven_domain::missing::rules_form::{self, REPEAT, REVIEWS, TO_SET_LOCALLY};
use haven_domain::priority::{Factor, Weights};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// NAIRA, where the area uses it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NairaBody {
    /// The longest hold, 1 to 24 hours.
    #[schema(required = true, example = 6)]
    pub max_hold_hours: i64,
    /// The grade a report takes when the hold runs out: `high`, `medium` or `low`.
    #[schema(required = true, example = "medium")]
    pub escalate_to: String,
}

/// One repeat-missing rule: `episodes` within `window_days` prompt `action`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RepeatBody {
    #[schema(required = true, example = 3)]
    pub episodes: i64,
    #[schema(required = true, example = 90)]
    pub window_days: i64,
    /// `strategy_discussion`, `multi_agency_meeting` or `rhi_priority`.
    #[schema(required = true, example = "strategy_discussion")]
    pub action: String,
}

/// The rules of an area.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesBody {
    /// What the interview after return is called: `return_home_interview` or `debrief`.
    #[schema(example = "debrief")]
    pub rhi_term: String,
    /// Hours from return within which the interview is due.
    #[schema(example = 72)]
    pub rhi_within_hours: i64,
    /// Hours after which an episode counts as long.
    #[schema(example = 24)]
    pub long_episode_hours: i64,
    /// The lowest grade a report may be given: `low` or `very_low`.
    #[schema(example = "low")]
    pub lowest_grade: String,
    /// Whose episodes are kept: `children` or `care_leavers_to_25`.
    #[schema(example = "care_leavers_to_25")]
    pub ages: String,
    /// `null` when NAIRA is off.
    #[serde(default)]
    pub naira: Option<NairaBody>,
    /// Review intervals in hours, by grade (`high`, `medium`, `low`, `very_low`) and kind
    /// (`supervisor`, `inspector`). Every grade a report may be given needs a supervisor's.
    #[schema(example = json!({"high": {"supervisor": 1, "inspector": 4}, "medium": {"supervisor": 4}, "low": {"supervisor": 12}}))]
    pub reviews: BTreeMap<String, BTreeMap<String, i64>>,
    /// Up to three repeat-missing rules.
    #[serde(default)]
    pub repeat: Vec<RepeatBody>,
    /// Settings whose values are placeholders still to be set locally: `rhi_within_hours`,
    /// `reviews`, `repeat`, `long_episode_hours`, `naira`, `lowest_grade`, `ages`.
    #[serde(default)]
    pub to_set_locally: Vec<String>,
    /// The points of each factor of the area's priority list, by factor (`screening_red`,
    /// `missing_now`, `looked_after`…), 0 to 100; a factor left out takes haven's default.
    #[serde(default)]
    #[schema(example = json!({"screening_red": 40, "looked_after": 5}))]
    pub priority: BTreeMap<String, i64>,
}

impl From<&MissingRules> for RulesBody {
    fn from(r: &MissingRules) -> Self {
        let mut reviews: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for rule in &r.reviews {
            reviews
                .entry(rule.grade.code().to_owned())
                .or_default()
                .insert(rule.kind.code().to_owned(), rule.every_hours);
        }
        Self {
            rhi_term: r.rhi_term.code().to_owned(),
            rhi_within_hours: r.rhi_within_hours,
            long_episode_hours: r.long_episode_hours,
            lowest_grade: r.lowest_grade.code().to_owned(),
            ages: r.ages.code().to_owned(),
            naira: r
                .naira
                .as_ref()
                .map(|n| NairaBody { max_hold_hours: n.max_hold_hours, escalate_to: n.escalate_to.code().to_owned() }),
            reviews,
            repeat: r
                .repeat
                .iter()
                .map(|x| RepeatBody {
                    episodes: i64::from(x.episodes),
                    window_days: x.window_days,
                    action: x.action.clone(),
                })
                .collect(),
            to_set_locally: r.to_set_locally.iter().map(|s| s.code().to_owned()).collect(),
            priority: Factor::ALL.iter().map(|f| (f.code().to_owned(), i64::from(r.priority.points(*f)))).collect(),
        }
    }
}

impl RulesBody {
    /// The body as the settings every edge types, or the names of what no setting is.
    fn settings(&self) -> Result<BTreeMap<String, String>, Invalid> {
        let mut e = Invalid::default();
        let mut v = BTreeMap::new();
        let mut set = |k: &str, value: String| {
            v.insert(k.to_owned(), value);
        };
        set(rules_form::RHI_TERM, self.rhi_term.clone());
        set(rules_form::RHI_WITHIN_HOURS, self.rhi_within_hours.to_string());
        set(rules_form::LONG_EPISODE_HOURS, self.long_episode_hours.to_string());
        set(rules_form::LOWEST_GRADE, self.lowest_grade.clone());
        set(rules_form::AGES, self.ages.clone());
        if let Some(n) = &self.naira {
            set(rules_form::NAIRA, "yes".to_owned());
            set(rules_form::NAIRA_MAX_HOLD_HOURS, n.max_hold_hours.to_string());
            set(rules_form::NAIRA_ESCALATE_TO, n.escalate_to.clone());
        }
        for (grade, kinds) in &self.reviews {
            for (kind, hours) in kinds {
                let name = format!("reviews.{grade}.{kind}");
                if REVIEWS.iter().any(|(_, _, n)| *n == name) {
                    set(&name, hours.to_string());
                } else {
                    e.push(name, "unknown-code");
                }
            }
        }
        if self.repeat.len() > REPEAT.len() {
            e.push("repeat", "too-many");
        }
        for (names, r) in REPEAT.iter().zip(&self.repeat) {
            set(names[0], r.episodes.to_string());
            set(names[1], r.window_days.to_string());
            set(names[2], r.action.clone());
        }
        for code in &self.to_set_locally {
            match Setting::parse(code) {
                Ok(s) => {
                    if let Some((_, name)) = TO_SET_LOCALLY.iter().find(|(x, _)| *x == s) {
                        set(name, "yes".to_owned());
                    }
                }
                Err(c) => e.push("to_set_locally", c),
            }
        }
        for (factor, points) in &self.priority {
            match Factor::parse(factor) {
                Ok(f) => set(Weights::setting(f), points.to_string()),
                Err(_) => e.push(format!("priority.{factor}"), "unknown-code"),
            }
        }
        e.into_result().map(|()| v)
    }
}

/// A new version of an area's rules.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRulesRequest {
    pub rules: RulesBody,
    /// The first day it applies, `YYYY-MM-DD` (UK); blank or absent for at once. Never a day
    /// gone.
    #[serde(default)]
    #[schema(example = "2026-12-01")]
    pub applies_from: String,
    /// The latest version number the change was made from (0 for an area with none): a change
    /// from an older one is refused with 409, nothing written. Absent: no check.
    #[serde(default)]
    pub made_from: Option<i64>,
}

/// An area's rules as one version (or the install's default, where the area has none).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RulesResponse {
    #[schema(example = "CARDIFF")]
    pub area: String,
    /// The version's number; `null` for the install's default.
    pub number: Option<i64>,
    /// The name decisions record: `CARDIFF v3`, or the default's.
    #[schema(example = "CARDIFF v3")]
    pub version: String,
    pub applies_from: Option<DateTime<Utc>>,
    pub saved_at: Option<DateTime<Utc>>,
    /// Who saved it: a username, or `cli`.
    pub saved_by: Option<String>,
    pub rules: RulesBody,
}

impl RulesResponse {
    fn of(area: &str, v: &RulesVersion) -> Self {
        Self {
            area: area.to_owned(),
            number: Some(v.number),
            version: v.rules.version.clone(),
            applies_from: Some(v.applies_from),
            saved_at: Some(v.saved_at),
            saved_by: Some(v.saved_by_label.clone()),
            rules: (&v.rules).into(),
        }
    }
}

/// An unknown area in the path is a resource that does not exist.
fn area_failure(f: Failure) -> ApiError {
    match f {
        Failure::Invalid(e) if e.0.iter().any(|p| p.field == "area") => ApiError::NotFound,
        other => other.into(),
    }
}

const REFUSED: &str = "Not the install's administrator";
const SET: &str = "PUT /api/v1/admin/areas/{code}/rules";

/// The rules in force for an area now (the install's default where it has none of its own).
#[utoipa::path(get, path = "/api/v1/admin/areas/{code}/rules", tag = "admin",
    params(("code" = String, Path, description = "The area's code")),
    responses(
        (status = 200, description = "The rules in force", body = RulesResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such area", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn show_rules(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
) -> ApiResult<Json<RulesResponse>> {
    let shown = operator(&state, &user).area_rules(&code).await.map_err(area_failure)?;
    let area = shown.area.code.to_string();
    Ok(Json(match &shown.in_force {
        Some(v) => RulesResponse::of(&area, v),
        None => {
            let default = state.install_rules();
            RulesResponse {
                area,
                number: None,
                version: default.version.clone(),
                applies_from: None,
                saved_at: None,
                saved_by: None,
                rules: default.into(),
            }
        }
    }))
}

/// Saves a new version of an area's rules.
#[utoipa::path(put, path = "/api/v1/admin/areas/{code}/rules", tag = "admin", request_body = SetRulesRequest,
    params(("code" = String, Path, description = "The area's code")),
    responses(
        (status = 200, description = "The version saved", body = RulesResponse),
        (status = 400, description = "Malformed JSON, an unknown field or a value of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such area", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another version was saved since `made_from`; nothing written", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Settings refused, each named by its path (`reviews.high.supervisor`); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn set_rules(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<RulesResponse>> {
    let op = operator(&state, &user);
    // Authorised (and the area found) before the body is read: a caller who may not set rules
    // learns nothing from how their body is refused.
    let shown = op.area_rules(&code).await.map_err(area_failure)?;
    let r: SetRulesRequest = parse(&body.0)?;
    let settings = r.rules.settings()?;
    let get = |name: &str| settings.get(name).cloned();
    let change = RulesChange { settings: &get, applies_from: &r.applies_from, made_from: r.made_from };
    let saved = op.set_area_rules(&code, &change, SET).await.map_err(area_failure)?;
    Ok(Json(RulesResponse::of(shown.area.code.as_str(), &saved)))
}

/// Every version of an area's rules, the newest number first.
#[utoipa::path(get, path = "/api/v1/admin/areas/{code}/rules/versions", tag = "admin",
    params(("code" = String, Path, description = "The area's code")),
    responses(
        (status = 200, description = "The versions", body = [RulesResponse]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such area", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_rules_versions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(code): Path<String>,
) -> ApiResult<Json<Vec<RulesResponse>>> {
    let shown = operator(&state, &user).area_rules(&code).await.map_err(area_failure)?;
    let area = shown.area.code.to_string();
    Ok(Json(shown.versions.iter().map(|v| RulesResponse::of(&area, v)).collect()))
}
