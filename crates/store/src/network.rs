//! Associations and hotspots (issue 20): the edges of the network read from the structured
//! parts of missing episodes, and the associations recorded on a return or an interview.
//! Both stores read the edges from one view (`network_links`, migration 0021) of the same
//! meaning, so that a record draws the same edge on either.

use crate::{StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AreaId, EpisodeId, LocationId, PersonId};
use haven_domain::network::{Association, Link, Node, Relation, Source};
use uuid::Uuid;

#[async_trait]
pub trait NetworkStore {
    /// Records an association on an episode, with its audit event in the same transaction:
    /// one of the return's (`found_with`, `found_at`, `last_seen_at`) once the child has
    /// returned, or the interview's (`disclosed`) once it is recorded, `Conflict` before then;
    /// `NotFound` when there is no such episode; an unknown person or place is `Missing`
    /// naming `person_id` or `location_id`. The association is dated by the return's or the
    /// interview's time (its `at` is not read), which is returned.
    async fn add_association(&self, association: &Association, audit: &AuditEvent) -> StoreResult<DateTime<Utc>>;
    /// Every edge of an episode owned by one of `owners` that touches one of `people` (as the
    /// episode's child or the person at the other end) or one of `places`, oldest first. No
    /// audit event: the caller audits what it shows of them.
    async fn links_touching(
        &self,
        people: &[PersonId],
        places: &[LocationId],
        owners: &[AgencyId],
    ) -> StoreResult<Vec<Link>>;
    /// The `missing_from` and `found_at` edges owned by one of `owners` and dated in
    /// `[since, until)` of episodes of `area` or of places in it (an episode has the police's
    /// area, a place the council's), oldest first: what an area's hotspots count. No audit event.
    async fn area_place_links(
        &self,
        area: AreaId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        owners: &[AgencyId],
    ) -> StoreResult<Vec<Link>>;
}

/// A row of `network_links` as both stores read it.
#[derive(Debug)]
pub struct LinkRow {
    pub child: Uuid,
    pub other_person: Option<Uuid>,
    pub other_location: Option<Uuid>,
    pub relation: String,
    pub source: String,
    pub source_id: Uuid,
    pub episode_id: Uuid,
    pub owner: Uuid,
    pub at: DateTime<Utc>,
}

impl LinkRow {
    pub fn into_link(self) -> StoreResult<Link> {
        let bad = |column: &str, code: &str| StoreError::Backend(format!("stored {column} is not valid ({code})"));
        let other = match (self.other_person, self.other_location) {
            (Some(p), _) => Node::Person(PersonId(p)),
            (None, Some(l)) => Node::Location(LocationId(l)),
            (None, None) => return Err(bad("network_links.other", "neither")),
        };
        Ok(Link {
            child: PersonId(self.child),
            other,
            relation: Relation::parse(&self.relation).map_err(|c| bad("network_links.relation", c))?,
            source: Source::parse(&self.source).map_err(|c| bad("network_links.source", c))?,
            source_id: self.source_id,
            episode: EpisodeId(self.episode_id),
            owner: AgencyId(self.owner),
            at: self.at,
        })
    }
}

/// Rows into links, each checked.
pub fn links(rows: Vec<LinkRow>) -> StoreResult<Vec<Link>> {
    rows.into_iter().map(LinkRow::into_link).collect()
}
