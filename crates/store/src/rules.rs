//! The missing-episode rules of each area, as versions that are only ever added.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::AreaId;
use haven_domain::missing::rules::RulesVersion;

#[async_trait]
pub trait RulesStore {
    /// Adds a version of an area's rules with its audit event. Its number must be one more
    /// than the area's latest: a number already taken (someone saved meanwhile) is
    /// [`crate::StoreError::Conflict`], an unknown area `Missing { field: "area" }`.
    async fn add_rules_version(&self, version: &RulesVersion, audit: &AuditEvent) -> StoreResult<()>;
    /// The version of an area's rules in force at `at`, if any applies by then.
    async fn rules_at(&self, area: AreaId, at: DateTime<Utc>) -> StoreResult<Option<RulesVersion>>;
    /// Every version of an area's rules, the newest number first.
    async fn rules_versions(&self, area: AreaId) -> StoreResult<Vec<RulesVersion>>;
    /// For each area with rules applying by `at`, the version in force then
    /// ([`haven_domain::missing::rules::in_force`]).
    async fn rules_in_force(&self, at: DateTime<Utc>) -> StoreResult<Vec<RulesVersion>>;
}
