//! The MACE action register: who owns what, by when, and what closed.

use super::meeting::Meeting;
use super::{FourP, NAME_MAX, TEXT_MAX};
use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AgendaItemId, MaceActionId, MeetingId, UserId};
use crate::text::clean;
use crate::uktime::uk_date;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where an action stands.
    ActionStatus {
        Open => "open",
        InProgress => "in_progress",
        Done => "done",
        /// Closed without being done, with a reason (no longer needed, superseded…).
        Closed => "closed",
    }
);

impl ActionStatus {
    /// Still to do: open or in progress.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }
}

/// One change of an action: its status then, and what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionUpdate {
    pub status: ActionStatus,
    pub note: String,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaceAction {
    pub id: MaceActionId,
    /// The meeting that agreed it.
    pub meeting_id: MeetingId,
    /// The meeting whose register it is on now: carried forward from meeting to meeting while
    /// it is live.
    pub current_meeting: MeetingId,
    pub item_id: Option<AgendaItemId>,
    /// Its number in its area's register, from 1: what minutes and owners call it.
    pub number: i64,
    pub text: String,
    pub owner_name: String,
    pub owner_agency: AgencyId,
    pub due_on: NaiveDate,
    pub four_p: Option<FourP>,
    pub status: ActionStatus,
    /// Why it was closed (required to close).
    pub closed_reason: Option<String>,
    /// Oldest first.
    pub updates: Vec<ActionUpdate>,
    pub version: i64,
}

/// How many days ahead the morning brief reminds an owner of an action falling due.
pub const REMIND_DAYS: i64 = 7;

impl MaceAction {
    /// Live and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_live() && self.due_on < today
    }

    /// Whether the owner is reminded of it in the morning brief of `today`: live, and overdue or
    /// due within [`REMIND_DAYS`].
    pub fn is_reminded(&self, today: NaiveDate) -> bool {
        self.status.is_live() && self.due_on <= today + chrono::Duration::days(REMIND_DAYS)
    }
}

/// An action as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewAction<'a> {
    pub text: &'a str,
    pub owner_name: &'a str,
    /// The owner's agency as chosen (`None`: none, or an unknown code).
    pub owner_agency: Option<AgencyId>,
    pub due_on: Result<NaiveDate, &'static str>,
    /// `prepare`, `prevent`, `protect`, `pursue`; blank for none.
    pub four_p: &'a str,
    pub item_id: Option<AgendaItemId>,
}

/// Checks a new action of `meeting`, numbered `number`, every problem at once: no text, no
/// owner, an owner's agency that is not one of the meeting's (`owner_agency:
/// not-at-the-meeting`), no due date or one before the meeting (`due_on:
/// due-before-meeting`), an unknown 4P.
pub fn agree(meeting: &Meeting, new: &NewAction<'_>, number: i64) -> Result<MaceAction, Invalid> {
    let mut e = Invalid::default();
    let text = e.check("text", clean(new.text, TEXT_MAX, true));
    let owner_name = e.check("owner_name", clean(new.owner_name, NAME_MAX, false));
    let owner_agency = match new.owner_agency {
        None => {
            e.push("owner_agency", "required");
            None
        }
        Some(a) if !meeting.agencies().contains(&a) => {
            e.push("owner_agency", "not-at-the-meeting");
            None
        }
        Some(a) => Some(a),
    };
    let due_on = match new.due_on {
        Ok(d) if d < uk_date(meeting.starts_at) => {
            e.push("due_on", "due-before-meeting");
            None
        }
        other => e.check("due_on", other),
    };
    let four_p = match new.four_p.trim() {
        "" => Some(None),
        raw => e.check("four_p", FourP::parse(raw)).map(Some),
    };
    let (Some(text), Some(owner_name), Some(owner_agency), Some(due_on), Some(four_p)) =
        (text, owner_name, owner_agency, due_on, four_p)
    else {
        return Err(e);
    };
    e.into_result()?;
    Ok(MaceAction {
        id: MaceActionId::new(),
        meeting_id: meeting.id,
        current_meeting: meeting.id,
        item_id: new.item_id,
        number,
        text,
        owner_name,
        owner_agency,
        due_on,
        four_p,
        status: ActionStatus::Open,
        closed_reason: None,
        updates: Vec::new(),
        version: 1,
    })
}

/// An update as typed.
#[derive(Debug, Clone, Copy)]
pub struct UpdateInput<'a> {
    /// The new status; blank keeps the current one (a note on progress).
    pub status: &'a str,
    pub note: &'a str,
}

/// The action with the update applied, every problem named: an unknown status, a note too
/// long, closing without a reason (`note: closed-without-reason`), an update to a closed action
/// (`status: action-closed`), an update that says nothing (`note: required`).
pub fn update(
    action: &MaceAction,
    input: &UpdateInput<'_>,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> Result<MaceAction, Invalid> {
    let mut e = Invalid::default();
    if action.status == ActionStatus::Closed {
        return Err(Invalid::one("status", "action-closed"));
    }
    let status = match input.status.trim() {
        "" => Some(action.status),
        raw => e.check("status", ActionStatus::parse(raw)),
    };
    let note = if input.note.trim().is_empty() {
        Some(String::new())
    } else {
        e.check("note", clean(input.note, TEXT_MAX, true))
    };
    let (Some(status), Some(note)) = (status, note) else { return Err(e) };
    if status == ActionStatus::Closed && note.is_empty() {
        e.push("note", "closed-without-reason");
    } else if status == action.status && note.is_empty() {
        e.push("note", "required");
    }
    e.into_result()?;
    let mut next = action.clone();
    if status == ActionStatus::Closed {
        next.closed_reason = Some(note.clone());
    }
    next.status = status;
    next.updates.push(ActionUpdate { status, note, by, at });
    Ok(next)
}

/// The live actions of `register` carried to meeting `to`: those on another meeting's register
/// now come onto `to`'s; done and closed actions stay where they were.
pub fn carry_forward(register: &[MaceAction], to: MeetingId) -> Vec<MaceAction> {
    register
        .iter()
        .filter(|a| a.status.is_live() && a.current_meeting != to)
        .map(|a| MaceAction { current_meeting: to, ..a.clone() })
        .collect()
}
