//! Warning markers on people and places, and children's NRM referrals, one file per action.
//! Who may do what is `haven_app`'s to decide (`haven_app::markers`); this module parses ids and
//! bodies at the edge and renders.

mod approve;
mod decide;
mod location;
mod nrm;
mod overdue;
mod person;
mod review;

use crate::AppState;
use crate::api::error::ApiError;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::AgencyCode;
use haven_domain::ids::AgencyId;
use haven_domain::marker::{Marker, MarkerSubject};
use haven_domain::nrm::{NrmDecision, NrmReferral};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(person::list_person_markers, person::raise_person_marker))
        .routes(routes!(location::list_location_markers, location::raise_location_marker))
        .routes(routes!(approve::approve_marker))
        .routes(routes!(review::review_marker))
        .routes(routes!(overdue::overdue_markers))
        .routes(routes!(nrm::list_nrm, nrm::refer_nrm))
        .routes(routes!(decide::decide_nrm))
}

/// The `{id}` of a path, parsed as `T`; a malformed id is `{field: "id", code: "not-an-id"}`.
#[derive(Debug, Clone, Copy)]
pub struct IdPath<T>(pub T);

impl<S: Send + Sync, T: FromStr<Err = &'static str>> FromRequestParts<S> for IdPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::bad_field("id", "not-an-id"))?;
        raw.parse::<T>().map(Self).map_err(|code| ApiError::bad_field("id", code))
    }
}

fn code_of(codes: &HashMap<AgencyId, AgencyCode>, id: AgencyId) -> String {
    codes.get(&id).map_or_else(|| id.to_string(), |c| c.as_str().to_owned())
}

/// A new marker.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkerRequest {
    /// `county_lines`, `at_risk_cse`, `at_risk_cce`, `trafficking`, `person_of_concern`,
    /// `weapons`, `violence`, `drug_supply` (people); `cuckooed_address`, `place_of_concern`
    /// (places); `county_lines`, `weapons`, `violence` go on either. `person_of_concern`,
    /// `weapons`, `violence` and `drug_supply` are offending types: never on a child under 10.
    #[serde(default)]
    #[schema(required = true, example = "at_risk_cce")]
    pub marker_type: Option<String>,
    #[serde(default)]
    #[schema(required = true, example = "Found in a flat in another force area with older males")]
    pub reason: Option<String>,
    /// The code of the agency the information came from; absent is the caller's own.
    #[serde(default)]
    #[schema(example = "MORLAIS-POL")]
    pub source_agency: Option<String>,
    /// What it rests on: `PNC`, `MACE 12 November`, `strategy meeting`.
    #[serde(default)]
    #[schema(required = true, example = "MACE 12 November")]
    pub source_note: Option<String>,
    /// `YYYY-MM-DD`, not in the future.
    #[serde(default)]
    #[schema(required = true, example = "2026-11-12")]
    pub starts_on: Option<String>,
    /// `YYYY-MM-DD`, after the start; on a child within 12 months of it.
    #[serde(default)]
    #[schema(required = true, example = "2027-05-12")]
    pub review_on: Option<String>,
}

impl MarkerRequest {
    fn form(&self) -> haven_app::markers::MarkerForm<'_> {
        haven_app::markers::MarkerForm {
            marker_type: text(&self.marker_type),
            reason: text(&self.reason),
            source_agency: text(&self.source_agency),
            source_note: text(&self.source_note),
            starts_on: text(&self.starts_on),
            review_on: text(&self.review_on),
        }
    }
}

/// A warning marker as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MarkerResponse {
    pub id: Uuid,
    /// Send this back as `version` on an approval or a review; it goes up with every change.
    pub version: i64,
    /// The person it is on, or `null` for a place.
    pub person_id: Option<Uuid>,
    /// The place it is on, or `null` for a person.
    pub location_id: Option<Uuid>,
    #[schema(example = "at_risk_cce")]
    pub marker_type: String,
    /// Whether the type says the person offends (never on a child under 10).
    pub offending: bool,
    /// `pending` (a child's, waiting for a supervisor's approval), `active` or `ended`.
    #[schema(example = "pending")]
    pub status: String,
    pub reason: String,
    /// The code of the agency the information came from.
    pub source_agency: String,
    pub source_note: String,
    pub starts_on: NaiveDate,
    /// When it is next reviewed.
    pub review_on: NaiveDate,
    /// Whether that review is overdue today.
    pub review_overdue: bool,
    /// The code of the agency that raised it and owns it.
    pub owner: String,
    pub raised_at: DateTime<Utc>,
    pub approved_at: Option<DateTime<Utc>>,
    /// The code of the approving supervisor's agency.
    pub approved_by_agency: Option<String>,
    pub ended_on: Option<NaiveDate>,
    pub reviews: Vec<MarkerReviewResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MarkerReviewResponse {
    pub reviewed_on: NaiveDate,
    /// `keep` or `end`.
    pub outcome: String,
    pub next_review_on: Option<NaiveDate>,
    pub note: String,
    pub at: DateTime<Utc>,
}

impl MarkerResponse {
    pub fn new(m: Marker, codes: &HashMap<AgencyId, AgencyCode>, today: NaiveDate) -> Self {
        let (person_id, location_id) = match m.subject {
            MarkerSubject::Person(p) => (Some(p.0), None),
            MarkerSubject::Location(l) => (None, Some(l.0)),
        };
        Self {
            id: m.id.0,
            version: m.version,
            person_id,
            location_id,
            marker_type: m.marker_type.code().to_owned(),
            offending: m.marker_type.is_offending(),
            status: m.status().code().to_owned(),
            review_overdue: m.is_overdue(today),
            reason: m.reason,
            source_agency: code_of(codes, m.source_agency),
            source_note: m.source_note,
            starts_on: m.starts_on,
            review_on: m.review_on,
            owner: code_of(codes, m.owner),
            raised_at: m.raised_at,
            approved_at: m.approval.as_ref().map(|a| a.at),
            approved_by_agency: m.approval.as_ref().map(|a| code_of(codes, a.agency)),
            ended_on: m.ended_on,
            reviews: m
                .reviews
                .into_iter()
                .map(|r| MarkerReviewResponse {
                    reviewed_on: r.reviewed_on,
                    outcome: r.outcome.code().to_owned(),
                    next_review_on: r.next_review_on,
                    note: r.note,
                    at: r.at,
                })
                .collect(),
        }
    }
}

/// An NRM referral as the API returns it, with the days each decision took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NrmResponse {
    pub id: Uuid,
    /// Send this back as `version` on a decision.
    pub version: i64,
    pub person_id: Uuid,
    /// `police`, `local_authority`, `home_office`, `national_crime_agency`, `glaa`,
    /// `salvation_army`, `migrant_help`, `medaille_trust`, `kalayaan`, `barnardos`, `unseen`,
    /// `nspcc`, `bawso`, `new_pathways` or `refugee_council`.
    #[schema(example = "local_authority")]
    pub first_responder: String,
    pub first_responder_note: Option<String>,
    pub referred_on: NaiveDate,
    /// `cce`, `cse`, `labour` or `other`.
    #[schema(example = "cce")]
    pub exploitation: String,
    pub reasonable_grounds: Option<DecisionResponse>,
    pub conclusive_grounds: Option<DecisionResponse>,
    /// Days from referral to the reasonable-grounds decision.
    pub rg_days: Option<i64>,
    /// Days from referral to the conclusive-grounds decision.
    pub cg_days: Option<i64>,
    /// Days from the reasonable- to the conclusive-grounds decision.
    pub cg_after_rg_days: Option<i64>,
    /// Whether the reasonable-grounds decision is still awaited more than 45 days after
    /// referral (the devolved child decision-making pilot's limit).
    pub rg_overdue: bool,
    /// The code of the agency that recorded it and owns it.
    pub owner: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecisionResponse {
    /// `positive` or `negative`.
    #[schema(example = "positive")]
    pub outcome: String,
    pub decided_on: NaiveDate,
}

fn decision(d: Option<NrmDecision>) -> Option<DecisionResponse> {
    d.map(|d| DecisionResponse { outcome: d.outcome.code().to_owned(), decided_on: d.decided_on })
}

impl NrmResponse {
    pub fn new(r: NrmReferral, codes: &HashMap<AgencyId, AgencyCode>, today: NaiveDate) -> Self {
        let times = r.times(today);
        Self {
            id: r.id.0,
            version: r.version,
            person_id: r.person_id.0,
            first_responder: r.first_responder.code().to_owned(),
            first_responder_note: r.first_responder_note,
            referred_on: r.referred_on,
            exploitation: r.exploitation.code().to_owned(),
            reasonable_grounds: decision(r.reasonable_grounds),
            conclusive_grounds: decision(r.conclusive_grounds),
            rg_days: times.rg_days,
            cg_days: times.cg_days,
            cg_after_rg_days: times.cg_after_rg_days,
            rg_overdue: times.rg_overdue,
            owner: code_of(codes, r.owner),
            recorded_at: r.recorded_at,
        }
    }
}

/// A text field as sent, empty when absent or `null` (the domain says whether it is required).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}
