//! MACE meetings, their agendas and minutes, and the action register. Who may do what is
//! `haven_app::mace`'s to decide; this module parses ids and bodies at the edge and renders.
//! Meeting content answers only to members of the meeting's agencies: any other caller is told
//! the meeting does not exist.

mod actions;
mod agenda;
mod meetings;

use crate::AppState;
use crate::api::error::ApiError;
use crate::api::network::{EdgeResponse, edge};
use chrono::{DateTime, NaiveDate, Utc};
use haven_app::mace::{Minutes, MinutesItem};
use haven_domain::agency::AgencyCode;
use haven_domain::ids::AgencyId;
use haven_domain::mace::action::MaceAction;
use haven_domain::mace::meeting::{Attendee, Meeting};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(meetings::list_meetings, meetings::convene_meeting))
        .routes(routes!(meetings::read_meeting))
        .routes(routes!(meetings::export_minutes))
        .routes(routes!(agenda::draft_agenda))
        .routes(routes!(agenda::add_theme))
        .routes(routes!(agenda::record_discussion, agenda::remove_item))
        .routes(routes!(agenda::link_item))
        .routes(routes!(actions::agree_action))
        .routes(routes!(actions::carry_actions))
        .routes(routes!(actions::register))
        .routes(routes!(actions::update_action))
}

/// Parses one id of a path; a malformed one is `{field, code: "not-an-id"}`.
fn id<T: std::str::FromStr>(field: &str, raw: &str) -> Result<T, ApiError> {
    raw.parse().map_err(|_| ApiError::bad_field(field, "not-an-id"))
}

fn code_of(codes: &HashMap<AgencyId, AgencyCode>, id: AgencyId) -> String {
    codes.get(&id).map_or_else(|| id.to_string(), |c| c.as_str().to_owned())
}

/// A person at a meeting: their name and their agency's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PersonBody {
    #[schema(example = "DI Carys Morgan")]
    pub name: String,
    #[schema(example = "MORLAIS-POL")]
    pub agency: String,
}

impl PersonBody {
    fn of(a: &Attendee, codes: &HashMap<AgencyId, AgencyCode>) -> Self {
        Self { name: a.name.clone(), agency: code_of(codes, a.agency) }
    }
}

/// A meeting without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeetingResponse {
    pub id: Uuid,
    /// The area's code.
    pub area: String,
    pub starts_at: DateTime<Utc>,
    pub chair: PersonBody,
    pub attendees: Vec<PersonBody>,
    pub apologies: Vec<PersonBody>,
    /// The convening agency's code.
    pub owner: String,
    pub version: i64,
}

impl MeetingResponse {
    fn new(m: &Meeting, area: &str, codes: &HashMap<AgencyId, AgencyCode>) -> Self {
        Self {
            id: m.id.0,
            area: area.to_owned(),
            starts_at: m.starts_at,
            chair: PersonBody::of(&m.chair, codes),
            attendees: m.attendees.iter().map(|a| PersonBody::of(a, codes)).collect(),
            apologies: m.apologies.iter().map(|a| PersonBody::of(a, codes)).collect(),
            owner: code_of(codes, m.owner),
            version: m.version,
        }
    }
}

/// An agenda item and what the meeting made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemResponse {
    pub id: Uuid,
    pub position: i64,
    /// `child`, `person_of_concern`, `location` or `theme`.
    #[schema(example = "child")]
    pub kind: String,
    /// The person's or place's id; `null` for a theme.
    pub subject_id: Option<Uuid>,
    /// The person's full name, the place's name and address, or the theme.
    pub subject: String,
    pub reason: String,
    pub summary: String,
    pub decisions: String,
    /// `green`, `amber`, `red`, or `null` when not assessed.
    pub risk_after: Option<String>,
    /// Send this back as `version` when recording the discussion or taking the item off.
    pub version: i64,
    /// The people and places the meeting linked to the subject, as network edges (each with a
    /// child at one end), in the order recorded.
    pub links: Vec<EdgeResponse>,
}

impl ItemResponse {
    fn new(i: &MinutesItem) -> Self {
        let it = &i.item;
        Self {
            id: it.id.0,
            position: it.position,
            kind: it.subject.kind().code().to_owned(),
            subject_id: i.subject.person.map(|p| p.0).or(i.subject.location.map(|l| l.0)),
            subject: i.subject.label.clone(),
            reason: it.reason.clone(),
            summary: it.summary.clone(),
            decisions: it.decisions.clone(),
            risk_after: it.risk_after.map(|t| t.code().to_owned()),
            version: it.version,
            links: i.links.iter().map(edge).collect(),
        }
    }
}

/// An update of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActionUpdateResponse {
    pub status: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// An action of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActionResponse {
    pub id: Uuid,
    /// Its number in the area's register.
    pub number: i64,
    /// The meeting that agreed it.
    pub meeting_id: Uuid,
    /// The meeting on whose register it is now.
    pub current_meeting: Uuid,
    pub item_id: Option<Uuid>,
    pub text: String,
    pub owner_name: String,
    /// The owning agency's code.
    pub owner_agency: String,
    pub due_on: NaiveDate,
    /// Live (open or in progress) and past its due date today.
    pub overdue: bool,
    /// `prepare`, `prevent`, `protect`, `pursue` or `null`.
    pub four_p: Option<String>,
    /// `open`, `in_progress`, `done` or `closed`.
    #[schema(example = "open")]
    pub status: String,
    pub closed_reason: Option<String>,
    pub updates: Vec<ActionUpdateResponse>,
    /// Send this back as `version` on an update.
    pub version: i64,
}

impl ActionResponse {
    fn new(a: &MaceAction, codes: &HashMap<AgencyId, AgencyCode>, today: NaiveDate) -> Self {
        Self {
            id: a.id.0,
            number: a.number,
            meeting_id: a.meeting_id.0,
            current_meeting: a.current_meeting.0,
            item_id: a.item_id.map(|i| i.0),
            text: a.text.clone(),
            owner_name: a.owner_name.clone(),
            owner_agency: code_of(codes, a.owner_agency),
            due_on: a.due_on,
            overdue: a.is_overdue(today),
            four_p: a.four_p.map(|p| p.code().to_owned()),
            status: a.status.code().to_owned(),
            closed_reason: a.closed_reason.clone(),
            updates: a
                .updates
                .iter()
                .map(|u| ActionUpdateResponse { status: u.status.code().to_owned(), note: u.note.clone(), at: u.at })
                .collect(),
            version: a.version,
        }
    }
}

/// A meeting whole: its facts, agenda and minutes, and the actions on its register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MinutesResponse {
    pub meeting: MeetingResponse,
    pub items: Vec<ItemResponse>,
    pub actions: Vec<ActionResponse>,
    /// Whether the caller runs the meeting (agenda, minutes, actions).
    pub runs: bool,
}

impl MinutesResponse {
    fn new(m: &Minutes, codes: &HashMap<AgencyId, AgencyCode>, today: NaiveDate) -> Self {
        Self {
            meeting: MeetingResponse::new(&m.meeting, m.area.code.as_str(), codes),
            items: m.items.iter().map(ItemResponse::new).collect(),
            actions: m.actions.iter().map(|a| ActionResponse::new(a, codes, today)).collect(),
            runs: m.runs,
        }
    }
}

/// A text field as sent, empty when absent or `null` (the domain says whether it is required).
fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}
