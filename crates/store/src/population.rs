//! Each area's child population, for the rates of the figures for boards: versions that are
//! only ever added, the newest the one in use.

use crate::StoreResult;
use async_trait::async_trait;
use haven_domain::audit::AuditEvent;
use haven_domain::figures::PopulationVersion;
use haven_domain::ids::AreaId;

#[async_trait]
pub trait PopulationStore {
    /// Adds a version of an area's population with its audit event (in one transaction). Its
    /// number must be one more than the area's latest: a number already taken (someone saved
    /// meanwhile) is [`crate::StoreError::Conflict`], an unknown area `Missing { field: "area" }`.
    async fn add_population_version(&self, version: &PopulationVersion, audit: &AuditEvent) -> StoreResult<()>;
    /// The area's population in use: its newest version, if it has any.
    async fn population(&self, area: AreaId) -> StoreResult<Option<PopulationVersion>>;
    /// Every version of an area's population, the newest number first.
    async fn population_versions(&self, area: AreaId) -> StoreResult<Vec<PopulationVersion>>;
}
