//! Disruption activity under the 4Ps against persons of concern and places (issue 16), one
//! file per action. Who may do what is `haven_app`'s to decide (`haven_app::disruption`); this
//! module parses ids, queries and bodies at the edge and renders.

mod create;
mod list;
mod outcome;
mod show;

use crate::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::AgencyCode;
use haven_domain::disruption::DisruptionSubject;
use haven_domain::ids::AgencyId;
use haven_store::DisruptionListed;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::list_disruptions, create::record_disruption))
        .routes(routes!(show::show_disruption, outcome::update_outcome))
}

fn code_of(codes: &HashMap<AgencyId, AgencyCode>, id: AgencyId) -> String {
    codes.get(&id).map_or_else(|| id.to_string(), |c| c.as_str().to_owned())
}

/// A text field as sent, empty when absent or `null` (the domain says whether it is required).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A disruption as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DisruptionResponse {
    pub id: Uuid,
    /// Send this back as `version` on an outcome change; it goes up with every change.
    pub version: i64,
    /// The code of the area it was done in.
    pub area: String,
    /// The person it is against, or `null` for a place.
    pub person_id: Option<Uuid>,
    /// The place it is against, or `null` for a person.
    pub location_id: Option<Uuid>,
    /// The person's name, or the place's name and address.
    pub subject: String,
    /// The child it protects, where it names one the caller may see.
    pub child_id: Option<Uuid>,
    pub child_name: Option<String>,
    pub meeting_id: Option<Uuid>,
    pub action_id: Option<Uuid>,
    /// `prepare`, `prevent`, `protect` or `pursue`.
    #[schema(example = "pursue")]
    pub four_p: String,
    #[schema(example = "cawn")]
    pub tactic: String,
    /// The day it was done.
    pub done_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// Whether a notice or order is in force today.
    pub in_force: bool,
    /// `ongoing`, `completed`, `breached`, `refused`, `withdrawn` or `no_further_action`.
    #[schema(example = "ongoing")]
    pub outcome: String,
    pub outcome_note: String,
    pub officer_name: String,
    /// The code of the officer's agency.
    pub officer_agency: String,
    /// The code of the agency that recorded it and owns it.
    pub owner: String,
    pub created_at: DateTime<Utc>,
}

impl DisruptionResponse {
    pub fn new(
        row: DisruptionListed,
        codes: &HashMap<AgencyId, AgencyCode>,
        areas: &HashMap<haven_domain::ids::AreaId, AgencyCode>,
        today: NaiveDate,
    ) -> Self {
        let d = row.disruption;
        let (person_id, location_id) = match d.subject {
            DisruptionSubject::Person(p) => (Some(p.0), None),
            DisruptionSubject::Location(l) => (None, Some(l.0)),
        };
        Self {
            id: d.id.0,
            version: d.version,
            area: areas.get(&d.area_id).map_or_else(|| d.area_id.to_string(), |c| c.as_str().to_owned()),
            person_id,
            location_id,
            subject: row.label,
            child_id: d.child_id.map(|c| c.0),
            child_name: row.child_label,
            meeting_id: d.meeting_id.map(|m| m.0),
            action_id: d.action_id.map(|a| a.0),
            four_p: d.four_p.code().to_owned(),
            tactic: d.tactic.code().to_owned(),
            done_on: d.done_on,
            issued_on: d.issued_on,
            expires_on: d.expires_on,
            in_force: d.in_force_on(today),
            outcome: d.outcome.code().to_owned(),
            outcome_note: d.outcome_note,
            officer_name: d.officer_name,
            officer_agency: code_of(codes, d.officer_agency),
            owner: code_of(codes, d.owner),
            created_at: d.created_at,
        }
    }
}

/// The areas' codes by id, for responses.
async fn area_codes(
    store: &dyn haven_store::Store,
) -> crate::api::error::ApiResult<HashMap<haven_domain::ids::AreaId, AgencyCode>> {
    let areas = store.areas().await.map_err(crate::api::error::ApiError::internal)?;
    Ok(areas.into_iter().map(|a| (a.id, a.code)).collect())
}
