//! Reading the audit trail, itself audited: a person's trail (supervisors and inspectors, cut to
//! the events of agencies whose records of the person the caller sees) and an agency's trail
//! (its admin: what the agency's own users did, never anyone else's).

use crate::access::{Caller, Refusal, for_role};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::PersonId;
use haven_domain::policy::Action;

/// How far back a person's trail is read before it is cut, so that the events the caller may
/// not see do not crowd out the ones they may.
const TRAIL_READ: u32 = 5000;

impl<'a> Caller<'a> {
    /// Person `id`'s trail as the caller may read it, newest first, at most `limit` events.
    pub async fn person_trail(&self, id: PersonId, limit: u32, purpose: &str) -> Result<Vec<AuditEvent>, Refusal> {
        let person = self.person(id, Action::ViewPersonAudit, purpose).await?;
        self.store().append_audit(&self.event(AuditAction::AuditView, purpose).person(id)).await?;
        let read = self.store().person_audit(id, limit.max(TRAIL_READ)).await?;
        let mut events = self.visible_trail(&person.holders, read);
        events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(events)
    }

    /// What the users of the caller's own agency did, newest first, at most `limit` events.
    pub async fn agency_trail(&self, limit: u32, purpose: &str) -> Result<Vec<AuditEvent>, Refusal> {
        for_role(&self.actor(), Action::ViewAgencyAudit)?;
        let agency = self.sharing().agency();
        let read = self.event(AuditAction::AuditView, purpose).subject(SubjectKind::Agency, agency.0);
        self.store().append_audit(&read).await?;
        Ok(self.store().agency_audit(agency, limit).await?)
    }
}
