//! Exploitation screenings: each kept as made, never changed (a new screening is made instead).

use crate::StoreResult;
use async_trait::async_trait;
use haven_domain::audit::AuditEvent;
use haven_domain::ids::PersonId;
use haven_domain::screening::Screening;

#[async_trait]
pub trait ScreeningStore {
    /// Writes a screening with its audit event. An unknown child is `Missing { field: "person_id" }`.
    async fn add_screening(&self, screening: &Screening, audit: &AuditEvent) -> StoreResult<()>;
    /// A child's screenings, newest first, with the read's audit event.
    async fn person_screenings(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<Screening>>;
    /// For each of `people`, the latest screening by each agency that screened them (newest
    /// first per child): the caller keeps, per child, the newest one it may see. For listings
    /// (the priority list), which audit their own reading.
    async fn latest_screenings(&self, people: &[PersonId]) -> StoreResult<Vec<Screening>>;
}
