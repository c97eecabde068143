//! The partner directory: an area's teams and referral pathways (`GET /api/v1/directory`), a
//! team added or changed, a pathway added or removed, one file per action. Who may is
//! `haven_app::directory`'s to decide; this module parses bodies at the edge and renders.

mod list;
mod pathways;
mod teams;

use crate::AppState;
use haven_app::directory::Directory;
use haven_domain::agency::Agency;
use haven_domain::directory::{Pathway, Team};
use haven_domain::ids::AgencyId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::directory))
        .routes(routes!(teams::create_team))
        .routes(routes!(teams::update_team))
        .routes(routes!(pathways::create_pathway))
        .routes(routes!(pathways::remove_pathway))
}

/// A team or service of an area's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TeamResponse {
    pub id: Uuid,
    /// Send this back as `version` on a change; it goes up with every change.
    pub version: i64,
    /// The area's code.
    #[schema(example = "CAERWEN")]
    pub area: String,
    /// The code of the agency that runs it.
    #[schema(example = "CAERWEN-CS")]
    pub agency: String,
    pub agency_name: String,
    #[schema(example = "Caerwen MASH")]
    pub name: String,
    /// `exploitation_team`, `missing_persons_team`, `mash`, `rhi_provider`, `youth_service`,
    /// `youth_justice_service`, `specialist_charity`, `health_service`, `education_service`,
    /// `other`.
    #[schema(example = "mash")]
    pub kind: String,
    /// What it does.
    pub what: String,
    /// How to refer: phone, email, form, hours.
    pub how_to_refer: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
}

impl TeamResponse {
    fn new(t: &Team, area: &str, agencies: &HashMap<AgencyId, Agency>) -> Self {
        let agency = agencies.get(&t.agency_id);
        let d = &t.details;
        Self {
            id: t.id.0,
            version: t.version,
            area: area.to_owned(),
            agency: agency.map_or_else(|| t.agency_id.to_string(), |a| a.code.to_string()),
            agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
            name: d.name.clone(),
            kind: d.kind.code().to_owned(),
            what: d.what.clone(),
            how_to_refer: d.how_to_refer.clone(),
            email: d.email.clone(),
            phone: d.phone.clone(),
            active: d.active,
        }
    }
}

/// A referral pathway: when one team refers to another, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PathwayResponse {
    pub id: Uuid,
    pub from_team: Uuid,
    pub to_team: Uuid,
    #[schema(example = "Child returns from a missing episode")]
    pub when: String,
    #[schema(example = "Referral form within 24 hours")]
    pub how: String,
}

impl From<&Pathway> for PathwayResponse {
    fn from(p: &Pathway) -> Self {
        Self { id: p.id.0, from_team: p.from_team.0, to_team: p.to_team.0, when: p.when.clone(), how: p.how.clone() }
    }
}

/// An area's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DirectoryResponse {
    /// The area's code.
    pub area: String,
    pub area_name: String,
    /// Its teams by kind, then name, active or not.
    pub teams: Vec<TeamResponse>,
    /// Its live pathways by the name of the team they come from.
    pub pathways: Vec<PathwayResponse>,
}

impl From<&Directory> for DirectoryResponse {
    fn from(d: &Directory) -> Self {
        let area = d.area.code.to_string();
        Self {
            teams: d.teams.iter().map(|t| TeamResponse::new(t, &area, &d.agencies)).collect(),
            pathways: d.pathways.iter().map(PathwayResponse::from).collect(),
            area_name: d.area.name.clone(),
            area,
        }
    }
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}
