//! A MACE meeting: when, where (its area), who chaired and attended for which agency, who sent
//! apologies; and its agenda.

use super::{NAME_MAX, TEXT_MAX};
use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AgendaItemId, AreaId, LocationId, MeetingId, PersonId, UserId};
use crate::screening::Tier;
use crate::text::clean;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A person at (or sending apologies to) a meeting, for an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub agency: AgencyId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub area_id: AreaId,
    pub starts_at: DateTime<Utc>,
    pub chair: Attendee,
    pub attendees: Vec<Attendee>,
    pub apologies: Vec<Attendee>,
    /// The convening agency: its partners under agreements in force may attend.
    pub owner: AgencyId,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl Meeting {
    /// The agencies of the meeting (the owner, the chair's, attendees' and apologies'): the
    /// only agencies whose members see its content.
    pub fn agencies(&self) -> Vec<AgencyId> {
        let mut out: Vec<AgencyId> = std::iter::once(self.owner)
            .chain(std::iter::once(self.chair.agency))
            .chain(self.attendees.iter().chain(&self.apologies).map(|a| a.agency))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// A person as typed on the form: a name and the agency chosen (`None`: unknown code).
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a> {
    pub name: &'a str,
    pub agency: Option<AgencyId>,
}

/// A meeting as typed.
#[derive(Debug, Clone)]
pub struct NewMeeting<'a> {
    pub starts_at: Result<DateTime<Utc>, &'static str>,
    pub chair: Typed<'a>,
    pub attendees: Vec<Typed<'a>>,
    pub apologies: Vec<Typed<'a>>,
}

/// Who convenes, when, and with whom they may share.
#[derive(Debug, Clone)]
pub struct Convening<'a> {
    pub area_id: AreaId,
    pub owner: AgencyId,
    /// The agencies the owner shares with under agreements in force.
    pub partners: &'a [AgencyId],
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

fn person(e: &mut Invalid, field: &str, t: &Typed<'_>, c: &Convening<'_>) -> Option<Attendee> {
    let name = e.check(&format!("{field}.name"), clean(t.name, NAME_MAX, false));
    let agency = match t.agency {
        None => {
            e.push(format!("{field}.agency"), "unknown-agency");
            None
        }
        Some(a) if a != c.owner && !c.partners.contains(&a) => {
            e.push(format!("{field}.agency"), "outside-agreement");
            None
        }
        Some(a) => Some(a),
    };
    Some(Attendee { name: name?, agency: agency? })
}

/// Checks a meeting, every problem at once: the time (`starts_at`), the chair (`chair.name`,
/// `chair.agency`), each attendee and apology (`attendees.0.agency: outside-agreement`).
pub fn convene(new: &NewMeeting<'_>, c: &Convening<'_>) -> Result<Meeting, Invalid> {
    let mut e = Invalid::default();
    let starts_at = e.check("starts_at", new.starts_at);
    let chair = person(&mut e, "chair", &new.chair, c);
    let mut list = |field: &str, typed: &[Typed<'_>]| -> Vec<Attendee> {
        typed
            .iter()
            .enumerate()
            .filter(|(_, t)| !(t.name.trim().is_empty() && t.agency.is_none()))
            .filter_map(|(i, t)| person(&mut e, &format!("{field}.{i}"), t, c))
            .collect()
    };
    let attendees = list("attendees", &new.attendees);
    let apologies = list("apologies", &new.apologies);
    let (Some(starts_at), Some(chair)) = (starts_at, chair) else { return Err(e) };
    e.into_result()?;
    Ok(Meeting {
        id: MeetingId::new(),
        area_id: c.area_id,
        starts_at,
        chair,
        attendees,
        apologies,
        owner: c.owner,
        created_by: c.by,
        created_at: c.at,
        version: 1,
    })
}

code_enum!(
    /// What an agenda item is about (DOMAIN.md §7: children, persons of concern, locations,
    /// themes and trends).
    ItemKind {
        Child => "child",
        PersonOfConcern => "person_of_concern",
        Location => "location",
        Theme => "theme",
    }
);

/// Who or what an item is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ItemSubject {
    Child(PersonId),
    PersonOfConcern(PersonId),
    Location(LocationId),
    Theme(String),
}

impl ItemSubject {
    pub fn kind(&self) -> ItemKind {
        match self {
            Self::Child(_) => ItemKind::Child,
            Self::PersonOfConcern(_) => ItemKind::PersonOfConcern,
            Self::Location(_) => ItemKind::Location,
            Self::Theme(_) => ItemKind::Theme,
        }
    }

    pub fn person(&self) -> Option<PersonId> {
        match self {
            Self::Child(p) | Self::PersonOfConcern(p) => Some(*p),
            _ => None,
        }
    }
}

/// An item on the agenda, with what the meeting made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: AgendaItemId,
    pub meeting_id: MeetingId,
    /// Order on the agenda, from 1.
    pub position: i64,
    pub subject: ItemSubject,
    /// Why it is on the agenda: the priority score's reasons when drafted from the list.
    pub reason: String,
    /// What was discussed, as the minutes say it.
    pub summary: String,
    pub decisions: String,
    /// The risk the meeting judged after discussion.
    pub risk_after: Option<Tier>,
    pub version: i64,
}

/// What the meeting made of an item, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discussion<'a> {
    pub summary: &'a str,
    pub decisions: &'a str,
    /// `green`, `amber`, `red`; blank for not judged.
    pub risk_after: &'a str,
}

fn optional_text(raw: &str) -> Result<String, &'static str> {
    if raw.trim().is_empty() { Ok(String::new()) } else { clean(raw, TEXT_MAX, true) }
}

/// The item with the discussion recorded, every problem named by field.
pub fn discuss(item: &AgendaItem, d: &Discussion<'_>) -> Result<AgendaItem, Invalid> {
    let mut e = Invalid::default();
    let summary = e.check("summary", optional_text(d.summary));
    let decisions = e.check("decisions", optional_text(d.decisions));
    let risk_after = match d.risk_after.trim() {
        "" => Some(None),
        raw => e.check("risk_after", Tier::parse(raw)).map(Some),
    };
    let (Some(summary), Some(decisions), Some(risk_after)) = (summary, decisions, risk_after) else {
        return Err(e);
    };
    Ok(AgendaItem { summary, decisions, risk_after, ..item.clone() })
}

/// A theme as typed, for an item about one.
pub fn theme(raw: &str) -> Result<ItemSubject, Invalid> {
    clean(raw, NAME_MAX, false).map(ItemSubject::Theme).map_err(|c| Invalid::one("theme", c))
}
