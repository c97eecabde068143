//! Reading the audit trail, itself audited: a person's trail (supervisors and inspectors, cut to
//! the events of agencies whose records of the person the caller sees) and an agency's trail
//! (its admin: what the agency's own users did, never anyone else's).

use crate::access::{Caller, Refusal, for_role};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, EpisodeId, MarkerId, NrmId, PersonId};
use haven_domain::missing::EpisodeView;
use haven_domain::policy::Action;
use haven_domain::sharing::RecordClass;
use haven_store::StoreError;
use std::collections::HashMap;
use uuid::Uuid;

/// How far back a person's trail is read before it is cut, so that the events the caller may
/// not see do not crowd out the ones they may.
const TRAIL_READ: u32 = 5000;

impl<'a> Caller<'a> {
    /// Person `id`'s trail as the caller may read it, newest first, at most `limit` events.
    pub async fn person_trail(&self, id: PersonId, limit: u32, purpose: &str) -> Result<Vec<AuditEvent>, Refusal> {
        let person = self.person(id, Action::ViewPersonAudit, purpose).await?;
        self.store().append_audit(&self.event(AuditAction::AuditView, purpose).person(id)).await?;
        let read = self.store().person_audit(id, limit.max(TRAIL_READ)).await?;
        let mut events = self.visible_trail(&person.holders, read).await?;
        events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(events)
    }

    /// The events of a person's trail the caller may read: those by users of agencies whose
    /// records of the person the caller sees (and the system's own); and of those about an
    /// episode, only the episodes the caller sees, each as its view shows it. A refusal of a
    /// hidden episode, even the caller's own agency's, would name an episode the caller may not
    /// know of.
    async fn visible_trail(
        &self,
        holders: &[AgencyId],
        events: Vec<AuditEvent>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let shared = self.sharing().visible_holders(holders);
        let own = self.sharing().agency();
        let mut views: HashMap<Uuid, Option<EpisodeView>> = HashMap::new();
        let mut marked: HashMap<Uuid, bool> = HashMap::new();
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            if !e.actor.is_none_or(|a| a.agency_id == own || shared.contains(&a.agency_id)) {
                continue;
            }
            // A screening's event says its score and tier: only for callers its agency shares
            // screenings with.
            if e.subject_kind == SubjectKind::Screening {
                let owner = e.actor.map(|a| a.agency_id);
                if owner.is_none_or(|o| self.sharing().sees(RecordClass::ExploitationScreening, o, holders)) {
                    out.push(e);
                }
                continue;
            }
            let episode = match (e.subject_kind, e.subject_id) {
                (SubjectKind::Episode, Some(id)) => id,
                // A marker's or an NRM referral's events only where the caller sees it: its id
                // alone would tell that one exists.
                (SubjectKind::Marker | SubjectKind::Nrm, Some(id)) => {
                    let seen = match marked.get(&id) {
                        Some(seen) => *seen,
                        None => {
                            let seen = self.sees_fact(e.subject_kind, id, holders).await?;
                            marked.insert(id, seen);
                            seen
                        }
                    };
                    if seen {
                        out.push(e);
                    }
                    continue;
                }
                _ => {
                    out.push(e);
                    continue;
                }
            };
            let view = match views.get(&episode) {
                Some(view) => *view,
                None => {
                    let owner = self.store().episode_parties(EpisodeId(episode)).await?.map(|(_, owner)| owner);
                    let view = owner.and_then(|o| self.sharing().episode_view(o, holders));
                    views.insert(episode, view);
                    view
                }
            };
            out.extend(view.and_then(|v| e.as_seen_in(v)));
        }
        Ok(out)
    }

    /// Whether the caller sees the marker or NRM referral `id` about a person held by `holders`.
    async fn sees_fact(&self, kind: SubjectKind, id: Uuid, holders: &[AgencyId]) -> Result<bool, StoreError> {
        let (class, owner) = match kind {
            SubjectKind::Marker => {
                (RecordClass::WarningMarker, self.store().marker(MarkerId(id)).await?.map(|m| m.owner))
            }
            _ => (RecordClass::Nrm, self.store().nrm(NrmId(id)).await?.map(|r| r.owner)),
        };
        Ok(owner.is_some_and(|o| self.sharing().sees(class, o, holders)))
    }

    /// What the users of the caller's own agency did, newest first, at most `limit` events.
    pub async fn agency_trail(&self, limit: u32, purpose: &str) -> Result<Vec<AuditEvent>, Refusal> {
        for_role(&self.actor(), Action::ViewAgencyAudit)?;
        let agency = self.sharing().agency();
        let read = self.event(AuditAction::AuditView, purpose).subject(SubjectKind::Agency, agency.0);
        self.store().append_audit(&read).await?;
        // A refusal names a record the user was not given: the admin sees that their user was
        // refused, and where, but not which record (so that the trail is no way to learn that a
        // record exists).
        let events = self.store().agency_audit(agency, limit).await?;
        Ok(events
            .into_iter()
            .map(|e| if e.is_refusal() { AuditEvent { person_id: None, subject_id: None, ..e } } else { e })
            .collect())
    }
}
