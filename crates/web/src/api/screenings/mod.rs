//! Exploitation screenings of a child: screen (`POST /api/v1/people/{id}/screenings`) and read
//! (`GET` the same path), one file per action. The application layer decides, checks and
//! audits; this module parses the body and renders a screening with its reasons and what it
//! makes due.

mod create;
mod list;

use crate::AppState;
use chrono::{DateTime, Utc};
use haven_domain::screening::{Answer, Screening, Tools};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create::screen_child, list::list_screenings))
}

/// One answer as sent and returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// `present`, `absent` or `not_known`.
    #[schema(example = "present")]
    pub answer: String,
    /// What the practitioner saw or was told, and by whom.
    #[serde(default)]
    pub note: String,
}

/// An indicator present, with its part in the score: the score's reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReasonResponse {
    #[schema(example = "missing-overnight")]
    pub indicator: String,
    /// The indicator's theme: `missing`, `relationships`, `money`, `substances`, `school`,
    /// `physical`, `online`, `location` or `offending`.
    pub theme: String,
    pub label: String,
    pub points: u32,
    /// A high-risk (SERAF "significant") indicator.
    pub significant: bool,
    /// The exploitation it points to: `cce`, `cse`.
    pub points_to: Vec<String>,
}

/// A screening as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScreeningResponse {
    pub id: Uuid,
    pub person_id: Uuid,
    /// The agency whose screening it is.
    pub agency_id: Uuid,
    pub tool_version: u32,
    /// Indicator code → answer and note.
    pub answers: BTreeMap<String, AnswerBody>,
    /// The sum of the weights of the indicators present.
    pub score: u32,
    /// The tier the tool gives (`green`, `amber`, `red`): the score's band, raised by the
    /// young-child floor where it applies.
    #[schema(example = "red")]
    pub computed_tier: String,
    /// Whether the floor (a child aged 13 or under with a significant indicator is at least
    /// amber) raised the band.
    pub floor_applied: bool,
    /// The tier after the practitioner's judgement.
    #[schema(example = "red")]
    pub tier: String,
    /// Why the practitioner's tier differs from the tool's.
    pub reason: Option<String>,
    /// The indicators present, with their points.
    pub reasons: Vec<ReasonResponse>,
    /// Red: a strategy discussion is due.
    pub strategy_discussion_due: bool,
    /// Red: a referral to MACE is proposed.
    pub mace_referral_proposed: bool,
    /// Consider an NRM referral for these (`cce`, `cse`): a significant indicator pointing to
    /// them is present.
    pub nrm_prompt: Vec<String>,
    pub screened_by: Option<Uuid>,
    pub screened_at: DateTime<Utc>,
}

impl ScreeningResponse {
    pub fn new(s: Screening, tools: &Tools) -> Self {
        let tool = tools.version(s.tool_version);
        let reasons = tool
            .map(|t| {
                s.present(t)
                    .into_iter()
                    .map(|i| ReasonResponse {
                        indicator: i.code.to_owned(),
                        theme: i.theme.code().to_owned(),
                        label: i.label_en.to_owned(),
                        points: i.weight,
                        significant: i.significant,
                        points_to: i.points_to.iter().map(|e| e.code().to_owned()).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let outcomes = tool.map(|t| s.outcomes(t));
        Self {
            id: s.id.0,
            person_id: s.person_id.0,
            agency_id: s.owner.0,
            tool_version: s.tool_version,
            answers: s
                .answers
                .into_iter()
                .map(|(code, a)| (code, AnswerBody { answer: Answer::code(a.answer).to_owned(), note: a.note }))
                .collect(),
            score: s.assessment.score,
            computed_tier: s.assessment.tier.code().to_owned(),
            floor_applied: s.assessment.floor_applied,
            tier: s.tier.code().to_owned(),
            reason: s.reason,
            reasons,
            strategy_discussion_due: outcomes.as_ref().is_some_and(|o| o.strategy_discussion),
            mace_referral_proposed: outcomes.as_ref().is_some_and(|o| o.mace_referral),
            nrm_prompt: outcomes
                .map(|o| o.nrm_prompt.iter().map(|e| e.code().to_owned()).collect())
                .unwrap_or_default(),
            screened_by: s.by.map(|u| u.0),
            screened_at: s.at,
        }
    }
}
