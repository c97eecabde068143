//! People: create, read, change and search, one file per action.

mod create;
mod read;
mod search;
mod update;

use super::access::agency_codes;
use super::error::ApiResult;
use crate::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::AgencyCode;
use haven_domain::ids::AgencyId;
use haven_domain::person::Person;
use haven_store::{PersonSummary, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create::create_person, search::search_people))
        .routes(routes!(read::get_person, update::update_person))
}

/// A person as the API returns them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonResponse {
    pub id: Uuid,
    /// Send this back in `PATCH` as `version`; it goes up by one with every change.
    pub version: i64,
    /// `child` or `adult`.
    #[schema(example = "child")]
    pub kind: String,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// `female`, `male` or `unknown`.
    #[schema(example = "female")]
    pub sex: String,
    pub gender: Option<String>,
    /// One of the ONS 2021 codes (`white_british`…) or `not_stated`.
    #[schema(example = "not_stated")]
    pub ethnicity: String,
    /// `not_known`, `no_involvement`, `child_in_need`, `child_protection_plan`, `looked_after`
    /// or `care_leaver`.
    #[schema(example = "not_known")]
    pub care_status: String,
    /// The placing local authority's agency code.
    pub placing_authority: Option<String>,
    /// The host local authority's agency code.
    pub host_authority: Option<String>,
    pub aliases: Vec<AliasResponse>,
    /// The agencies that hold a record of the person, with their own references.
    pub records: Vec<AgencyRecordResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AliasResponse {
    pub id: Uuid,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgencyRecordResponse {
    /// The holding agency's code (`SWP`).
    pub agency: String,
    pub reference: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// The code of an agency, or its id when the agency is unknown (it should not be).
fn code_of(codes: &HashMap<AgencyId, AgencyCode>, id: AgencyId) -> String {
    codes.get(&id).map_or_else(|| id.to_string(), |c| c.as_str().to_owned())
}

impl PersonResponse {
    pub fn new(person: Person, codes: &HashMap<AgencyId, AgencyCode>) -> Self {
        let d = person.details;
        Self {
            id: person.id.0,
            version: person.version,
            kind: d.kind.code().to_owned(),
            given_name: d.given_name.into(),
            middle_names: d.middle_names,
            family_name: d.family_name.into(),
            date_of_birth: d.date_of_birth,
            sex: d.sex.code().to_owned(),
            gender: d.gender,
            ethnicity: d.ethnicity.code().to_owned(),
            care_status: d.care_status.code().to_owned(),
            placing_authority: d.placing_authority.map(|a| code_of(codes, a)),
            host_authority: d.host_authority.map(|a| code_of(codes, a)),
            aliases: person
                .aliases
                .into_iter()
                .map(|a| AliasResponse {
                    id: a.id.0,
                    given_name: a.given_name.map(Into::into),
                    family_name: a.family_name.map(Into::into),
                    note: a.note,
                })
                .collect(),
            records: person
                .records
                .into_iter()
                .map(|r| AgencyRecordResponse {
                    agency: code_of(codes, r.agency_id),
                    reference: r.reference.map(Into::into),
                    recorded_at: r.recorded_at,
                })
                .collect(),
            created_at: person.created_at,
            updated_at: person.updated_at,
        }
    }

    /// Renders a person with their agencies' codes.
    pub async fn render(store: &dyn Store, person: Person) -> ApiResult<Self> {
        Ok(Self::new(person, &agency_codes(store).await?))
    }
}

/// One line of a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonSummaryResponse {
    pub id: Uuid,
    #[schema(example = "child")]
    pub kind: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    #[schema(example = "female")]
    pub sex: String,
}

impl From<PersonSummary> for PersonSummaryResponse {
    fn from(s: PersonSummary) -> Self {
        Self {
            id: s.id.0,
            kind: s.kind.code().to_owned(),
            given_name: s.given_name,
            family_name: s.family_name,
            date_of_birth: s.date_of_birth,
            sex: s.sex.code().to_owned(),
        }
    }
}
