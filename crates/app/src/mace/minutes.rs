//! A meeting as its members read it, and as its minutes are exported: the meeting with its
//! area and agencies named, each agenda item's subject named, the actions on its register, and
//! the meetings of the same area before it (for carrying actions). Names of the people on the
//! agenda are the meeting's shared content: every member of the meeting's agencies reads them,
//! and each read is on that person's audit trail.

use super::{Caller, Failure};
use chrono::NaiveDate;
use haven_domain::agency::{Agency, Area};
use haven_domain::audit::AuditAction;
use haven_domain::ids::{AgencyId, LocationId, MeetingId, PersonId};
use haven_domain::mace::access::Right;
use haven_domain::mace::action::MaceAction;
use haven_domain::mace::meeting::{AgendaItem, ItemKind, ItemSubject, Meeting};
use haven_domain::network::Link;
use haven_store::StoreError;

/// Who or what an item is about, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectShown {
    pub kind: ItemKind,
    /// A person's full name, a place's name and address, or the theme.
    pub label: String,
    pub date_of_birth: Option<NaiveDate>,
    pub person: Option<PersonId>,
    pub location: Option<LocationId>,
}

/// An agenda item with its subject named.
#[derive(Debug, Clone)]
pub struct MinutesItem {
    pub item: AgendaItem,
    pub subject: SubjectShown,
    /// The people and places the meeting linked to the item's subject, in the order recorded.
    pub links: Vec<Link>,
}

/// A meeting whole, named for reading.
#[derive(Debug, Clone)]
pub struct Minutes {
    pub meeting: Meeting,
    pub area: Area,
    /// Every agency, to name attendees and owners.
    pub agencies: Vec<Agency>,
    pub items: Vec<MinutesItem>,
    pub actions: Vec<MaceAction>,
    /// Earlier meetings of the same area that the caller's agency is part of, newest first.
    pub earlier: Vec<Meeting>,
    /// Whether the caller runs this meeting (agenda, minutes, actions, carrying).
    pub runs: bool,
}

impl Minutes {
    /// An agency's name, or its id when it is unknown.
    pub fn agency_name(&self, id: AgencyId) -> String {
        self.agencies.iter().find(|a| a.id == id).map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    /// The item with this id.
    pub fn item(&self, id: haven_domain::ids::AgendaItemId) -> Option<&MinutesItem> {
        self.items.iter().find(|i| i.item.id == id)
    }
}

impl Caller<'_> {
    /// Meeting `id` named for reading, for its agencies only (any other: not found, the attempt
    /// audited); the meeting read audited, and each person on its agenda read on their trail.
    pub async fn minutes(&self, id: MeetingId, purpose: &str) -> Result<Minutes, Failure> {
        let record = self.meeting_record(id, purpose).await?;
        let m = &record.meeting;
        let area = self.store().areas().await?.into_iter().find(|a| a.id == m.area_id).ok_or(Failure::NotFound)?;
        let mut items = Vec::with_capacity(record.items.len());
        let links = self.store().meeting_mace_links(id).await?;
        for item in record.items {
            let subject = self.subject_shown(&item.subject, id, purpose).await?;
            let links = links.iter().filter(|(i, _)| *i == item.id).map(|(_, l)| l.clone()).collect();
            items.push(MinutesItem { item, subject, links });
        }
        let view = self.event(AuditAction::MaceMeetingList, purpose);
        let earlier = self
            .store()
            .meetings_of(self.sharing().agency(), Some(m.area_id), &view)
            .await?
            .into_iter()
            .filter(|e| e.starts_at < m.starts_at && e.id != m.id)
            .collect();
        let runs = haven_domain::mace::access::decide(&self.actor(), &m.agencies(), Right::Run)
            == haven_domain::policy::Decision::Allow;
        Ok(Minutes {
            meeting: record.meeting,
            area,
            agencies: self.store().agencies().await?,
            items,
            actions: record.actions,
            earlier,
            runs,
        })
    }

    async fn subject_shown(
        &self,
        s: &ItemSubject,
        meeting: MeetingId,
        purpose: &str,
    ) -> Result<SubjectShown, StoreError> {
        let shown =
            |label: String| SubjectShown { kind: s.kind(), label, date_of_birth: None, person: None, location: None };
        Ok(match s {
            ItemSubject::Child(p) | ItemSubject::PersonOfConcern(p) => {
                let audit = self.mace_event(AuditAction::MaceMeetingView, purpose, meeting).person(*p);
                let person = self.store().person(*p, &audit).await?;
                SubjectShown {
                    date_of_birth: person.details.date_of_birth,
                    person: Some(*p),
                    ..shown(person.details.full_name())
                }
            }
            ItemSubject::Location(l) => {
                let label = match self.store().location(*l).await? {
                    Some(place) => match place.name {
                        Some(name) => format!("{name}, {}", place.address),
                        None => place.address,
                    },
                    None => l.to_string(),
                };
                SubjectShown { location: Some(*l), ..shown(label) }
            }
            ItemSubject::Theme(t) => shown(t.clone()),
        })
    }

    /// Meeting `id` named for an export of its minutes or register as `format` (`pdf`, `xlsx`,
    /// `csv`): read as [`Caller::minutes`] is, and the export itself on the meeting's trail.
    pub async fn export_minutes(&self, id: MeetingId, format: &'static str, purpose: &str) -> Result<Minutes, Failure> {
        let minutes = self.minutes(id, purpose).await?;
        let event = self
            .mace_event(AuditAction::MaceMinutesExport, purpose, id)
            .detail(haven_domain::audit::Detail::Code(format));
        self.store().append_audit(&event).await?;
        Ok(minutes)
    }

    /// The meetings the caller's agency is part of, newest first, of one area or all; the
    /// listing audited.
    pub async fn meetings(&self, area: Option<&str>, purpose: &str) -> Result<(Vec<Meeting>, Vec<Area>), Failure> {
        let own = [self.sharing().agency()];
        if haven_domain::mace::access::decide(&self.actor(), &own, Right::See) != haven_domain::policy::Decision::Allow
        {
            return Err(Failure::Forbidden("role-not-permitted"));
        }
        let mut e = haven_domain::Invalid::default();
        let area = match area.map(str::trim).filter(|a| !a.is_empty()) {
            Some(code) => crate::references::resolve_area(self.store(), "area", code, &mut e).await?,
            None => None,
        };
        if !e.is_empty() {
            return Err(Failure::Invalid(e));
        }
        let audit = self.event(AuditAction::MaceMeetingList, purpose);
        let meetings = self.store().meetings_of(own[0], area.map(|a| a.id), &audit).await?;
        Ok((meetings, self.store().areas().await?))
    }
}
