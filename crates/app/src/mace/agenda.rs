//! A meeting's agenda: drafted from the area's priority list (children) and from the open
//! person-of-concern and place markers of the meeting's agencies, then edited by the chair (a
//! theme added, an item taken off) and minuted item by item.

use super::{Caller, Failure, MinutesItem};
use crate::clock::{now, uk_today};
use crate::network::NodeLabel;
use haven_domain::Invalid;
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgendaItemId, LocationId, MaceLinkId, MeetingId, PersonId};
use haven_domain::mace::access::Right;
use haven_domain::mace::meeting::{self, AgendaItem, Discussion, ItemSubject, Meeting};
use haven_domain::marker::{MarkerSubject, MarkerType};
use haven_domain::missing::MissingRules;
use haven_domain::network::{self, Link, MaceLink, MaceLinkInput, Node, Relation, Source};
use haven_domain::person::PersonKind;
use haven_store::StoreError;

/// How many of the priority list's children a drafted agenda takes, at most.
pub const DRAFT_CHILDREN: usize = 10;

/// Markers that put an adult or a place on a MACE agenda.
const CONCERN_MARKERS: [MarkerType; 3] =
    [MarkerType::PersonOfConcern, MarkerType::CuckooedAddress, MarkerType::PlaceOfConcern];

/// A new item at `position`, not yet discussed.
fn item(meeting: MeetingId, position: i64, subject: ItemSubject, reason: String) -> AgendaItem {
    AgendaItem {
        id: AgendaItemId::new(),
        meeting_id: meeting,
        position,
        subject,
        reason,
        summary: String::new(),
        decisions: String::new(),
        risk_after: None,
        version: 1,
    }
}

impl Caller<'_> {
    /// The meeting, after the caller's right to run it is checked (refusals audited).
    async fn run_meeting(&self, id: MeetingId, action: AuditAction, purpose: &str) -> Result<Meeting, Failure> {
        let m = self.store().meeting(id).await?.ok_or(Failure::NotFound)?;
        self.mace_right(&m, Right::Run, action, purpose).await?;
        Ok(m)
    }

    /// Drafts the agenda of meeting `id`: the top of its area's priority list as the caller
    /// sees it (each child with its score and factors as the reason), then the adults with an
    /// open person-of-concern marker and the area's places with an open marker, each raised by
    /// one of the meeting's agencies; nothing already on the agenda twice. The chair then edits
    /// it. Returns the items added.
    pub async fn draft_agenda(
        &self,
        id: MeetingId,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Vec<AgendaItem>, Failure> {
        let m = self.run_meeting(id, AuditAction::MaceItemAdd, purpose).await?;
        let area = self.store().areas().await?.into_iter().find(|a| a.id == m.area_id).ok_or(Failure::NotFound)?;
        let code = area.code.to_string();
        let top = DRAFT_CHILDREN.to_string();
        let ask = crate::priority::PriorityAsk { area: &code, shown: &top, ..Default::default() };
        let list = self.priority_list(&ask, install, purpose).await?;
        let record = self.read_record(id, purpose).await?;
        let mut on_agenda: Vec<ItemSubject> = record.items.iter().map(|i| i.subject.clone()).collect();
        let mut wanted: Vec<(ItemSubject, String)> = Vec::new();
        for r in list.children.iter().filter(|r| r.priority.score > 0) {
            let factors: Vec<&str> =
                r.priority.contributions.iter().filter_map(|c| c.factor.map(|f| f.code())).collect();
            wanted.push((
                ItemSubject::Child(r.child.id),
                format!("priority {}: {}", r.priority.score, factors.join(", ")),
            ));
        }
        let today = uk_today();
        for marker in self.store().open_markers_owned(&m.agencies(), &CONCERN_MARKERS).await? {
            if marker.approval.is_none() && marker.needs_approval || marker.starts_on > today {
                continue;
            }
            let reason = format!("marker {}: {}", marker.marker_type.code(), marker.reason);
            match marker.subject {
                MarkerSubject::Person(p) => wanted.push((ItemSubject::PersonOfConcern(p), reason)),
                MarkerSubject::Location(l) if self.in_area(l, &m).await? => {
                    wanted.push((ItemSubject::Location(l), reason));
                }
                MarkerSubject::Location(_) => {}
            }
        }
        let mut next = record.items.iter().map(|i| i.position).max().unwrap_or(0) + 1;
        let mut added = Vec::new();
        for (subject, reason) in wanted {
            if on_agenda.contains(&subject) {
                continue;
            }
            on_agenda.push(subject.clone());
            let new = item(id, next, subject, reason);
            let audit = self.mace_event(AuditAction::MaceItemAdd, purpose, id);
            let audit = match new.subject.person() {
                Some(p) => audit.person(p),
                None => audit,
            };
            self.store().add_item(&new, &audit).await?;
            next += 1;
            added.push(new);
        }
        Ok(added)
    }

    async fn in_area(&self, place: LocationId, m: &Meeting) -> Result<bool, StoreError> {
        Ok(self.store().location(place).await?.is_some_and(|l| l.area_id == Some(m.area_id)))
    }

    /// Adds a theme (county lines in the town centre, a school's concerns) to the end of
    /// meeting `id`'s agenda: `theme: required` when empty; audited.
    pub async fn add_theme(
        &self,
        id: MeetingId,
        theme: &str,
        reason: &str,
        purpose: &str,
    ) -> Result<AgendaItem, Failure> {
        self.run_meeting(id, AuditAction::MaceItemAdd, purpose).await?;
        let subject = meeting::theme(theme)?;
        let reason = haven_domain::text::clean(reason, haven_domain::mace::TEXT_MAX, true).unwrap_or_default();
        let record = self.read_record(id, purpose).await?;
        let next = record.items.iter().map(|i| i.position).max().unwrap_or(0) + 1;
        let new = item(id, next, subject, reason);
        self.store().add_item(&new, &self.mace_event(AuditAction::MaceItemAdd, purpose, id)).await?;
        Ok(new)
    }

    /// Takes item `item` off meeting `id`'s agenda (the chair's edit): refused when an action
    /// was agreed against it (`item: has-actions`) or a person or place linked to it (`item:
    /// has-links`); `version` must be the item's; audited.
    pub async fn remove_item(
        &self,
        id: MeetingId,
        item: AgendaItemId,
        version: i64,
        purpose: &str,
    ) -> Result<(), Failure> {
        self.run_meeting(id, AuditAction::MaceItemRemove, purpose).await?;
        let record = self.read_record(id, purpose).await?;
        let found = record.items.iter().find(|i| i.id == item).ok_or(Failure::NotFound)?;
        if record.actions.iter().any(|a| a.item_id == Some(item)) {
            return Err(Failure::Invalid(Invalid::one("item", "has-actions")));
        }
        if self.store().meeting_mace_links(id).await?.iter().any(|(i, _)| *i == item) {
            return Err(Failure::Invalid(Invalid::one("item", "has-links")));
        }
        let audit = self.mace_event(AuditAction::MaceItemRemove, purpose, id);
        let audit = match found.subject.person() {
            Some(p) => audit.person(p),
            None => audit,
        };
        Ok(self.store().remove_item(id, item, version, &audit).await?)
    }

    /// Records what the meeting made of item `item` of meeting `id`: refused by field
    /// (`risk_after: unknown-code`); `version`, when sent, must be the item's (a conflict
    /// otherwise).
    pub async fn record_discussion(
        &self,
        id: MeetingId,
        item: AgendaItemId,
        version: Option<i64>,
        d: &Discussion<'_>,
        purpose: &str,
    ) -> Result<AgendaItem, Failure> {
        self.run_meeting(id, AuditAction::MaceItemUpdate, purpose).await?;
        let record = self.read_record(id, purpose).await?;
        let found = record.items.into_iter().find(|i| i.id == item).ok_or(Failure::NotFound)?;
        if version.is_some_and(|v| v != found.version) {
            return Err(Failure::Conflict);
        }
        let mut discussed = meeting::discuss(&found, d)?;
        let audit = self.mace_event(AuditAction::MaceItemUpdate, purpose, id);
        discussed.version = self.store().update_item(&discussed, found.version, &audit).await?;
        Ok(discussed)
    }

    /// Records that meeting `id` linked a person or a place to item `item`'s subject (those who
    /// run the meeting): on a child's item an adult, another child or a place; on a person of
    /// concern's or a place's item a child. The person must be one the caller sees
    /// (`person_id: unknown-record`) and the place one haven holds (`location_id:
    /// unknown-record`); the rest is refused by field as [`network::mace_edge`] and
    /// [`MaceLinkInput::parse`] say, a second link to the same person or place as `duplicate`.
    /// Audited on the child's trail (`mace.item_link`). Returns the edge it draws.
    pub async fn link_item(
        &self,
        id: MeetingId,
        item: AgendaItemId,
        input: &MaceLinkInput<'_>,
        purpose: &str,
    ) -> Result<Link, Failure> {
        let m = self.run_meeting(id, AuditAction::MaceItemLink, purpose).await?;
        let other = input.parse()?;
        let record = self.read_record(id, purpose).await?;
        let found = record.items.into_iter().find(|i| i.id == item).ok_or(Failure::NotFound)?;
        self.check_known(other).await?;
        let other_is_child = match other {
            Node::Person(p) => {
                let read = self.event(AuditAction::PersonView, purpose).person(p);
                self.store().person(p, &read).await?.details.kind == PersonKind::Child
            }
            Node::Location(_) => false,
        };
        let (child, other_end) = network::mace_edge(&found.subject, other, other_is_child)
            .map_err(|e| Failure::Invalid(Invalid(vec![e])))?;
        let link = MaceLink {
            id: MaceLinkId::new(),
            meeting: id,
            item,
            other,
            recorded_by: Some(self.user().id),
            recorded_at: now(),
        };
        let audit = self.mace_event(AuditAction::MaceItemLink, purpose, id).person(child);
        self.store().add_mace_link(&link, &audit).await.map_err(|e| match e {
            StoreError::Duplicate { field } => Failure::Invalid(Invalid::one(field, "duplicate")),
            e => e.into(),
        })?;
        Ok(Link {
            child,
            other: other_end,
            relation: Relation::LinkedAtMace,
            source: Source::Mace,
            source_id: link.id.0,
            episode: None,
            meeting: Some(id),
            owner: m.owner,
            at: m.starts_at,
        })
    }

    /// Item `item` of meeting `id` with the people and places the meeting linked to its
    /// subject, each labelled (a person the caller may not see, not named; each person named
    /// read on their trail), for the meeting's agencies (others: not found, the attempt
    /// audited); the meeting's read is audited as the minutes'.
    pub async fn item_links(
        &self,
        id: MeetingId,
        item: AgendaItemId,
        purpose: &str,
    ) -> Result<(MinutesItem, bool, Vec<NodeLabel>), Failure> {
        let minutes = self.minutes(id, purpose).await?;
        let found = minutes.item(item).ok_or(Failure::NotFound)?.clone();
        let subject = match found.item.subject {
            ItemSubject::Child(p) | ItemSubject::PersonOfConcern(p) => Some(Node::Person(p)),
            ItemSubject::Location(l) => Some(Node::Location(l)),
            ItemSubject::Theme(_) => None,
        };
        let mut labels = Vec::with_capacity(found.links.len());
        for link in &found.links {
            let end = if Some(link.other) == subject { Node::Person(link.child) } else { link.other };
            let hidden = match end {
                Node::Person(p) => !self.sharing().sees_person(&self.store().person_holders(p).await?),
                Node::Location(_) => false,
            };
            let read = |p: PersonId| self.mace_event(AuditAction::MaceMeetingView, purpose, id).person(p);
            if let Some(label) = self.node_label(end, hidden, read).await? {
                labels.push(label);
            }
        }
        Ok((found, minutes.runs, labels))
    }
}
