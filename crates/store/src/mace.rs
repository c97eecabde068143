//! MACE meetings, their agendas and the action register.

use crate::StoreResult;
use async_trait::async_trait;
use haven_domain::audit::AuditEvent;
use haven_domain::ids::{AgencyId, AgendaItemId, AreaId, MaceActionId, MeetingId};
use haven_domain::mace::action::MaceAction;
use haven_domain::mace::meeting::{AgendaItem, Meeting};

/// A meeting whole: its agenda in order and the actions on its register now.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub items: Vec<AgendaItem>,
    /// Actions whose current meeting this is, by number.
    pub actions: Vec<MaceAction>,
}

/// Which actions a register view asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionQuery {
    /// Actions owned by this agency.
    pub owner_agency: Option<AgencyId>,
    /// Actions on this meeting's register now.
    pub meeting: Option<MeetingId>,
    pub area: Option<AreaId>,
    /// Open and in progress only.
    pub live_only: bool,
}

#[async_trait]
pub trait MaceStore {
    /// Writes a new meeting with its attendees and apologies; an unknown area or agency is
    /// `Missing` naming `area_id` or `agency`.
    async fn create_meeting(&self, meeting: &Meeting, audit: &AuditEvent) -> StoreResult<()>;
    /// One meeting without its content, for the checks before anything else (not audited).
    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<Meeting>>;
    /// A meeting whole, read and audited in one transaction; `NotFound` when there is none.
    async fn meeting_record(&self, id: MeetingId, audit: &AuditEvent) -> StoreResult<MeetingRecord>;
    /// The meetings of which `agency` is one of the agencies (convening, chairing, attending or
    /// sending apologies), newest first, optionally of one area; the listing audited.
    async fn meetings_of(
        &self,
        agency: AgencyId,
        area: Option<AreaId>,
        audit: &AuditEvent,
    ) -> StoreResult<Vec<Meeting>>;
    /// Adds an item at the end of a meeting's agenda: its position must be one more than the
    /// last (`Conflict` otherwise: someone added one meanwhile).
    async fn add_item(&self, item: &AgendaItem, audit: &AuditEvent) -> StoreResult<()>;
    /// Records an item's discussion if it is still at `expected_version`; returns the new
    /// version.
    async fn update_item(&self, item: &AgendaItem, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64>;
    /// Takes an item off a meeting's agenda if it is still at `expected_version` (`Conflict`
    /// otherwise, or when an action was agreed or a link recorded against it); `NotFound` when
    /// there is none.
    async fn remove_item(
        &self,
        meeting: MeetingId,
        item: AgendaItemId,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<()>;
    /// The next number of an area's register.
    async fn next_action_number(&self, area: AreaId) -> StoreResult<i64>;
    /// Writes a new action of `area`'s register; a number already taken is
    /// `Duplicate { field: "number" }` (someone numbered one meanwhile: take the next and retry).
    async fn add_action(&self, area: AreaId, action: &MaceAction, audit: &AuditEvent) -> StoreResult<()>;
    /// One action, for the checks before an update (not audited).
    async fn mace_action(&self, id: MaceActionId) -> StoreResult<Option<MaceAction>>;
    /// Writes an action's status, reason, current meeting and any updates beyond those stored,
    /// if it is still at `expected_version`; returns the new version.
    async fn update_action(&self, action: &MaceAction, expected_version: i64, audit: &AuditEvent) -> StoreResult<i64>;
    /// Moves `actions` (as they now are) onto their current meeting's register, all or none,
    /// each still at its version; returns how many moved.
    async fn carry_actions(&self, actions: &[MaceAction], audit: &AuditEvent) -> StoreResult<usize>;
    /// The actions `query` asks for, by number; the listing audited.
    async fn mace_actions(&self, query: &ActionQuery, audit: &AuditEvent) -> StoreResult<Vec<MaceAction>>;
}
