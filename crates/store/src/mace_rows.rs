//! Rows of the MACE tables as both stores read them, and what they make: one shape for SQLite
//! and PostgreSQL, so that a stored meeting, item or action reads back the same on either.

use crate::{StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::ids::{AgencyId, AgendaItemId, AreaId, LocationId, MaceActionId, MeetingId, PersonId, UserId};
use haven_domain::mace::FourP;
use haven_domain::mace::action::{ActionStatus, ActionUpdate, MaceAction};
use haven_domain::mace::meeting::{AgendaItem, Attendee, ItemKind, ItemSubject, Meeting};
use haven_domain::screening::Tier;
use std::collections::HashMap;
use uuid::Uuid;

/// A stored code that no longer parses: the database holds what haven never wrote.
fn stored<T>(parsed: Result<T, &'static str>, column: &'static str) -> StoreResult<T> {
    parsed.map_err(|code| StoreError::Backend(format!("stored {column} is not valid ({code})")))
}

#[derive(Debug)]
pub struct MeetingRow {
    pub id: Uuid,
    pub area_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub chair_name: String,
    pub chair_agency: Uuid,
    pub owner_agency: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug)]
pub struct AttendeeRow {
    pub meeting_id: Uuid,
    pub apology: bool,
    pub name: String,
    pub agency_id: Uuid,
}

#[derive(Debug)]
pub struct ItemRow {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub position: i64,
    pub kind: String,
    pub person_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub theme: Option<String>,
    pub reason: String,
    pub summary: String,
    pub decisions: String,
    pub risk_after: Option<String>,
    pub version: i64,
}

impl TryFrom<ItemRow> for AgendaItem {
    type Error = StoreError;
    fn try_from(r: ItemRow) -> StoreResult<AgendaItem> {
        let kind = stored(ItemKind::parse(&r.kind), "mace_items.kind")?;
        let missing = || StoreError::Backend("stored mace_items has no subject for its kind".into());
        let subject = match kind {
            ItemKind::Child => ItemSubject::Child(PersonId(r.person_id.ok_or_else(missing)?)),
            ItemKind::PersonOfConcern => ItemSubject::PersonOfConcern(PersonId(r.person_id.ok_or_else(missing)?)),
            ItemKind::Location => ItemSubject::Location(LocationId(r.location_id.ok_or_else(missing)?)),
            ItemKind::Theme => ItemSubject::Theme(r.theme.ok_or_else(missing)?),
        };
        Ok(AgendaItem {
            id: AgendaItemId(r.id),
            meeting_id: MeetingId(r.meeting_id),
            position: r.position,
            subject,
            reason: r.reason,
            summary: r.summary,
            decisions: r.decisions,
            risk_after: r.risk_after.map(|t| stored(Tier::parse(&t), "mace_items.risk_after")).transpose()?,
            version: r.version,
        })
    }
}

#[derive(Debug)]
pub struct ActionRow {
    pub id: Uuid,
    pub number: i64,
    pub meeting_id: Uuid,
    pub current_meeting: Uuid,
    pub item_id: Option<Uuid>,
    pub text: String,
    pub owner_name: String,
    pub owner_agency: Uuid,
    pub due_on: NaiveDate,
    pub four_p: Option<String>,
    pub status: String,
    pub closed_reason: Option<String>,
    pub version: i64,
}

#[derive(Debug)]
pub struct UpdateRow {
    pub action_id: Uuid,
    pub status: String,
    pub note: String,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

/// Meetings from their rows and their attendees' rows (attendees in position order).
pub fn meetings(rows: Vec<MeetingRow>, people: Vec<AttendeeRow>) -> Vec<Meeting> {
    let mut by_meeting: HashMap<Uuid, (Vec<Attendee>, Vec<Attendee>)> = HashMap::new();
    for p in people {
        let entry = by_meeting.entry(p.meeting_id).or_default();
        let list = if p.apology { &mut entry.1 } else { &mut entry.0 };
        list.push(Attendee { name: p.name, agency: AgencyId(p.agency_id) });
    }
    rows.into_iter()
        .map(|r| {
            let (attendees, apologies) = by_meeting.remove(&r.id).unwrap_or_default();
            Meeting {
                id: MeetingId(r.id),
                area_id: AreaId(r.area_id),
                starts_at: r.starts_at,
                chair: Attendee { name: r.chair_name, agency: AgencyId(r.chair_agency) },
                attendees,
                apologies,
                owner: AgencyId(r.owner_agency),
                created_by: r.created_by.map(UserId),
                created_at: r.created_at,
                version: r.version,
            }
        })
        .collect()
}

/// Actions from their rows and their updates' rows (updates in position order).
pub fn actions(rows: Vec<ActionRow>, updates: Vec<UpdateRow>) -> StoreResult<Vec<MaceAction>> {
    let mut by_action: HashMap<Uuid, Vec<ActionUpdate>> = HashMap::new();
    for u in updates {
        by_action.entry(u.action_id).or_default().push(ActionUpdate {
            status: stored(ActionStatus::parse(&u.status), "mace_action_updates.status")?,
            note: u.note,
            by: u.updated_by.map(UserId),
            at: u.updated_at,
        });
    }
    rows.into_iter()
        .map(|r| {
            Ok(MaceAction {
                id: MaceActionId(r.id),
                meeting_id: MeetingId(r.meeting_id),
                current_meeting: MeetingId(r.current_meeting),
                item_id: r.item_id.map(AgendaItemId),
                number: r.number,
                text: r.text,
                owner_name: r.owner_name,
                owner_agency: AgencyId(r.owner_agency),
                due_on: r.due_on,
                four_p: r.four_p.map(|p| stored(FourP::parse(&p), "mace_actions.four_p")).transpose()?,
                status: stored(ActionStatus::parse(&r.status), "mace_actions.status")?,
                closed_reason: r.closed_reason,
                updates: by_action.remove(&r.id).unwrap_or_default(),
                version: r.version,
            })
        })
        .collect()
}

/// An item's subject as its columns hold it: kind, person, place, theme.
pub fn subject_columns(s: &ItemSubject) -> (&'static str, Option<Uuid>, Option<Uuid>, Option<&str>) {
    match s {
        ItemSubject::Child(p) | ItemSubject::PersonOfConcern(p) => (s.kind().code(), Some(p.0), None, None),
        ItemSubject::Location(l) => (ItemKind::Location.code(), None, Some(l.0), None),
        ItemSubject::Theme(t) => (ItemKind::Theme.code(), None, None, Some(t.as_str())),
    }
}
