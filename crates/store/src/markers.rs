//! Warning markers on people and places, and children's NRM referrals. Markers and referrals
//! are changed only by adding: an approval, a review (kept with each marker), a decision; each
//! change names the version it was made from.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::NaiveDate;
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, LocationId, MarkerId, NrmId, PersonId};
use haven_domain::marker::{Approval, Marker, MarkerType};
use haven_domain::nrm::NrmReferral;

/// A marker in a listing, with what the access policy and the page need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerListed {
    pub marker: Marker,
    /// The agencies holding the person it is on; empty for a place.
    pub holders: Vec<AgencyId>,
    /// The person's name, or the place's name or address.
    pub label: String,
}

#[async_trait]
pub trait MarkerStore {
    /// Writes a new marker. An unknown person or place is `Missing { field: "person_id" }` or
    /// `Missing { field: "location_id" }`; an unknown source agency `Missing { field:
    /// "source_agency" }`.
    async fn raise_marker(&self, marker: &Marker, audit: &AuditEvent) -> StoreResult<()>;
    /// One marker with its reviews, for the checks before a change (not audited: nothing is
    /// shown from it).
    async fn marker(&self, id: MarkerId) -> StoreResult<Option<Marker>>;
    /// A person's markers, open and ended, newest start first; the read audited.
    async fn person_markers(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<Marker>>;
    /// A place's markers, open and ended, newest start first; the read audited.
    async fn location_markers(&self, location: LocationId, audit: &AuditEvent) -> StoreResult<Vec<Marker>>;
    /// The open markers (pending or active) of each of `people`, by person then newest start:
    /// what the priority list reads for a cohort at once. Not audited: the caller records its
    /// own listing.
    async fn open_markers_of(&self, people: &[PersonId]) -> StoreResult<Vec<Marker>>;
    /// The open markers of `types` owned by any of `owners`, newest first: what a MACE agenda
    /// drafts its persons and places of concern from. Not audited: the caller records its own
    /// listing.
    async fn open_markers_owned(&self, owners: &[AgencyId], types: &[MarkerType]) -> StoreResult<Vec<Marker>>;
    /// Open markers owned by any of `owners` whose review date is before `today`, the most
    /// overdue first; the listing audited.
    async fn overdue_markers(
        &self,
        today: NaiveDate,
        owners: &[AgencyId],
        audit: &AuditEvent,
    ) -> StoreResult<Vec<MarkerListed>>;
    /// Records the approval if the marker is still at `expected_version` and not yet approved
    /// (`Conflict` otherwise); returns the new version.
    async fn approve_marker(
        &self,
        id: MarkerId,
        expected_version: i64,
        approval: &Approval,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
    /// Records `marker`'s last review, with its review date and end as they now stand, if the
    /// marker is still at `expected_version` and open (`Conflict` otherwise); returns the new
    /// version.
    async fn review_marker(&self, marker: &Marker, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64>;
}

#[async_trait]
pub trait NrmStore {
    /// Writes a new referral; an unknown person is `Missing { field: "person_id" }`.
    async fn refer_nrm(&self, referral: &NrmReferral, audit: &AuditEvent) -> StoreResult<()>;
    /// One referral, for the checks before a decision (not audited).
    async fn nrm(&self, id: NrmId) -> StoreResult<Option<NrmReferral>>;
    /// A person's referrals, newest referred first; the read audited.
    async fn person_nrm(&self, person: PersonId, audit: &AuditEvent) -> StoreResult<Vec<NrmReferral>>;
    /// The referrals of `people`, ordered by person then newest referred first, for a listing
    /// that audits its own reading.
    async fn nrm_of(&self, people: &[PersonId]) -> StoreResult<Vec<NrmReferral>>;
    /// Records `referral`'s decisions as they now stand if it is still at `expected_version`
    /// (`Conflict` otherwise); a decision already recorded is never changed (`Conflict`).
    /// Returns the new version.
    async fn decide_nrm(&self, referral: &NrmReferral, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64>;
}
