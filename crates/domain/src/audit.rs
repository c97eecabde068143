//! Audit events: who did or saw what, when, and why (the page or API call). Every write carries
//! its event into the store, which inserts both in one transaction; reads of a person's record
//! are audited too. Events hold identifiers and codes, never personal details, so that the
//! audit trail itself does not spread what it guards.

use crate::code_enum;
use crate::ids::{AuditId, PersonId};
use crate::user::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum!(
    /// What happened.
    AuditAction {
        PersonCreate => "person.create",
        PersonUpdate => "person.update",
        PersonView => "person.view",
        PersonSearch => "person.search",
        AliasAdd => "person.alias_add",
        RecordAdd => "person.record_add",
        PlacementAdd => "person.placement_add",
        LocationCreate => "location.create",
        AgencyCreate => "agency.create",
        AreaCreate => "area.create",
        AgreementCreate => "agreement.create",
        UserCreate => "user.create",
        UserPasswordSet => "user.password_set",
        TokenIssue => "token.issue",
        SignIn => "session.sign_in",
        SignInFailed => "session.sign_in_failed",
        SignOut => "session.sign_out",
        AuditView => "audit.view",
        DemoLoad => "demo.load",
        EpisodeReport => "episode.report",
        EpisodeView => "episode.view",
        EpisodeRegrade => "episode.regrade",
        EpisodeNote => "episode.note",
        EpisodeReturn => "episode.return",
        EpisodeRhi => "episode.rhi",
        EpisodeList => "episode.list",
        GrabPackSave => "grab_pack.save",
        ReportView => "report.view",
        ImportStart => "import.start",
        ImportBatch => "import.batch",
        ImportRollback => "import.rollback",
        SourceImport => "source.import",
        SourceLink => "source.link",
        SourceUnlink => "source.unlink",
        ReviewList => "review.list",
        ReviewLink => "review.link",
        ReviewReject => "review.reject",
    }
);

code_enum!(
    /// What kind of record an event is about.
    SubjectKind {
        Person => "person",
        Location => "location",
        Agency => "agency",
        Area => "area",
        Agreement => "agreement",
        User => "user",
        Token => "token",
        Episode => "episode",
        ImportJob => "import_job",
        SourceRecord => "source_record",
        LinkReview => "link_review",
        System => "system",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: AuditId,
    pub at: DateTime<Utc>,
    /// The signed-in user, or `None` for the system itself (the command line, the demo loader).
    pub actor: Option<Actor>,
    /// Who acted, for people reading the trail: a username or `cli`.
    pub actor_label: String,
    pub action: AuditAction,
    pub subject_kind: SubjectKind,
    pub subject_id: Option<Uuid>,
    /// The person whose record this is about, so that a person's whole trail is one query.
    pub person_id: Option<PersonId>,
    /// Why: the page or API call (`GET /people/{id}`) or the command.
    pub purpose: String,
    /// A short note without personal details (a field list, a count, a reason code).
    pub detail: Option<String>,
}

impl AuditEvent {
    /// An event by a signed-in user.
    pub fn by(actor: Actor, actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self::new(Some(actor), actor_label, action, purpose, at)
    }

    /// An event by the system (the command line, the demo loader, a failed sign-in by nobody).
    pub fn system(actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self::new(None, actor_label, action, purpose, at)
    }

    fn new(actor: Option<Actor>, actor_label: &str, action: AuditAction, purpose: &str, at: DateTime<Utc>) -> Self {
        Self {
            id: AuditId::new(),
            at,
            actor,
            actor_label: actor_label.to_owned(),
            action,
            subject_kind: SubjectKind::System,
            subject_id: None,
            person_id: None,
            purpose: purpose.to_owned(),
            detail: None,
        }
    }

    /// About a person's record.
    pub fn person(mut self, id: PersonId) -> Self {
        self.subject_kind = SubjectKind::Person;
        self.subject_id = Some(id.0);
        self.person_id = Some(id);
        self
    }

    /// About another record.
    pub fn subject(mut self, kind: SubjectKind, id: Uuid) -> Self {
        self.subject_kind = kind;
        self.subject_id = Some(id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, UserId};
    use crate::user::Role;

    #[test]
    fn a_person_event_names_the_person_as_subject() {
        let actor = Actor { user_id: UserId::new(), agency_id: AgencyId::new(), role: Role::Practitioner };
        let id = PersonId::new();
        let e = AuditEvent::by(actor, "j.evans", AuditAction::PersonView, "GET /people/{id}", Utc::now()).person(id);
        assert_eq!((e.subject_kind, e.subject_id, e.person_id), (SubjectKind::Person, Some(id.0), Some(id)));
        assert_eq!(e.action.code(), "person.view");
    }
}
