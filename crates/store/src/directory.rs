//! The partner directory: an area's teams and the referral pathways between them. No person
//! data; every change carries its audit event, written in the same transaction.

use crate::StoreResult;
use async_trait::async_trait;
use haven_domain::audit::AuditEvent;
use haven_domain::directory::{Pathway, Team};
use haven_domain::ids::{AreaId, PathwayId, TeamId};

/// An area's directory: its teams by kind then name, and its live pathways by the name of the
/// team they come from, then of the team they go to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaDirectory {
    pub teams: Vec<Team>,
    pub pathways: Vec<Pathway>,
}

#[async_trait]
pub trait DirectoryStore {
    /// Writes a new team (at its version); an unknown area or agency is `Missing { field:
    /// "area" }` or `Missing { field: "agency" }`; a name already used in the area is
    /// `Duplicate { field: "name" }`.
    async fn create_team(&self, team: &Team, audit: &AuditEvent) -> StoreResult<()>;
    /// One team, for the checks before a change (not audited: it holds no person data).
    async fn team(&self, id: TeamId) -> StoreResult<Option<Team>>;
    /// Writes `team`'s details if it is still at `expected_version` (`Conflict` otherwise,
    /// `NotFound` for no such team); returns the new version. Its area and agency never change.
    async fn update_team(&self, team: &Team, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64>;
    /// An area's teams (active or not) and live pathways.
    async fn area_directory(&self, area: AreaId) -> StoreResult<AreaDirectory>;
    /// Writes a new pathway; an unknown team is `Missing { field: "from_team" }` (either end);
    /// the same teams and occasion live already is `Duplicate { field: "when" }`.
    async fn create_pathway(&self, pathway: &Pathway, audit: &AuditEvent) -> StoreResult<()>;
    /// A live pathway (not removed), for the checks before its removal.
    async fn pathway(&self, id: PathwayId) -> StoreResult<Option<Pathway>>;
    /// Marks a live pathway removed, by the audit event's actor at its time; `NotFound` when
    /// there is no such live pathway (someone removed it first).
    async fn remove_pathway(&self, id: PathwayId, audit: &AuditEvent) -> StoreResult<()>;
}

/// A team's row as both stores read it.
#[derive(Debug, Clone)]
pub struct TeamRow {
    pub id: uuid::Uuid,
    pub area_id: uuid::Uuid,
    pub agency_id: uuid::Uuid,
    pub name: String,
    pub kind: String,
    pub what: String,
    pub how_to_refer: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
    pub version: i64,
}

impl TryFrom<TeamRow> for Team {
    type Error = crate::StoreError;

    fn try_from(r: TeamRow) -> StoreResult<Team> {
        use haven_domain::directory::{TeamDetails, TeamKind};
        let kind = TeamKind::parse(&r.kind)
            .map_err(|_| crate::StoreError::Backend(format!("unknown team kind {:?} in the store", r.kind)))?;
        Ok(Team {
            id: TeamId(r.id),
            area_id: AreaId(r.area_id),
            agency_id: haven_domain::ids::AgencyId(r.agency_id),
            details: TeamDetails {
                name: r.name,
                kind,
                what: r.what,
                how_to_refer: r.how_to_refer,
                email: r.email,
                phone: r.phone,
                active: r.active,
            },
            version: r.version,
        })
    }
}

/// A pathway's row as both stores read it.
#[derive(Debug, Clone)]
pub struct PathwayRow {
    pub id: uuid::Uuid,
    pub from_team: uuid::Uuid,
    pub to_team: uuid::Uuid,
    pub used_when: String,
    pub how: String,
}

impl From<PathwayRow> for Pathway {
    fn from(r: PathwayRow) -> Pathway {
        Pathway {
            id: PathwayId(r.id),
            from_team: TeamId(r.from_team),
            to_team: TeamId(r.to_team),
            when: r.used_when,
            how: r.how,
        }
    }
}
