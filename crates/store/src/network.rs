//! Associations and hotspots (issue 20): the edges of the network read from the structured
//! parts of missing episodes, and the associations recorded on a return or an interview.
//! Both stores read the edges from one view (`network_links`, migration 0021) of the same
//! meaning, so that a record draws the same edge on either; and the links a MACE meeting made
//! from theirs (`mace_links`, migration 0024).

use crate::{StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AgendaItemId, AreaId, EpisodeId, LocationId, MeetingId, PersonId};
use haven_domain::network::{Association, Link, MaceLink, Node, Relation, Source};
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
    /// Records a person or place a MACE meeting linked to agenda item `link.item`, with its
    /// audit event in the same transaction: `NotFound` when the meeting has no such item,
    /// `Duplicate` naming `person_id` or `location_id` when the item is already linked to them,
    /// `Missing` naming either for an unknown person or place.
    async fn add_mace_link(&self, link: &MaceLink, audit: &AuditEvent) -> StoreResult<()>;
    /// The MACE links of meetings `agency` is part of (convening, chairing, attending or sending
    /// apologies) that touch one of `people` or `places`, oldest first, as edges (`linked_at_mace`
    /// from `mace`). No audit event.
    async fn mace_links_touching(
        &self,
        people: &[PersonId],
        places: &[LocationId],
        agency: AgencyId,
    ) -> StoreResult<Vec<Link>>;
    /// The MACE links of `area`'s meetings held in `[since, until)` that `agency` is part of,
    /// oldest first. No audit event.
    async fn area_mace_links(
        &self,
        area: AreaId,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
        agency: AgencyId,
    ) -> StoreResult<Vec<Link>>;
    /// The links of a meeting's agenda items, each with its item, in the order recorded. No
    /// audit event: the caller has read the meeting, audited.
    async fn meeting_mace_links(&self, meeting: MeetingId) -> StoreResult<Vec<(AgendaItemId, Link)>>;
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
    pub episode_id: Option<Uuid>,
    pub meeting_id: Option<Uuid>,
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
            episode: self.episode_id.map(EpisodeId),
            meeting: self.meeting_id.map(MeetingId),
            owner: AgencyId(self.owner),
            at: self.at,
        })
    }
}

/// A row of `mace_links` with its agenda item, as both stores read a meeting's links.
#[derive(Debug)]
pub struct ItemLinkRow {
    pub item_id: Uuid,
    pub child: Uuid,
    pub other_person: Option<Uuid>,
    pub other_location: Option<Uuid>,
    pub source_id: Uuid,
    pub meeting_id: Uuid,
    pub owner: Uuid,
    pub at: DateTime<Utc>,
}

impl ItemLinkRow {
    pub fn into_item_link(self) -> StoreResult<(AgendaItemId, Link)> {
        let row = LinkRow {
            child: self.child,
            other_person: self.other_person,
            other_location: self.other_location,
            relation: Relation::LinkedAtMace.code().to_owned(),
            source: Source::Mace.code().to_owned(),
            source_id: self.source_id,
            episode_id: None,
            meeting_id: Some(self.meeting_id),
            owner: self.owner,
            at: self.at,
        };
        Ok((AgendaItemId(self.item_id), row.into_link()?))
    }
}

/// Rows into links, each checked.
pub fn links(rows: Vec<LinkRow>) -> StoreResult<Vec<Link>> {
    rows.into_iter().map(LinkRow::into_link).collect()
}
