//! The access policy: one pure function, [`can`], decides every request. The application layer
//! (`haven-app`) calls it before it touches the store, for the API, the pages, the command line
//! and the import job alike; the store filters listings by agency as well (defence in depth).
//!
//! The rules, as a data-protection officer would state them:
//! - a user sees a person only when their own agency holds a record of them or a partner's
//!   record of them is shared with their agency under an agreement in force ([`Sharing`]); a
//!   person they may not see is answered as if it did not exist ([`Decision::Hidden`]);
//! - of an episode they see what its owner shares with their kind of agency, never more than
//!   that kind may see ([`crate::missing::EpisodeView`]);
//! - what an agency owns only that agency changes: the police grade, review, record actions and
//!   the return on their own episodes (supervisor reviews by supervisors and inspectors,
//!   inspector reviews by inspectors); partners with the whole episode add sightings and
//!   notifications of their own; identity is edited only by an agency that holds the person;
//! - `admin` manages users and agencies and reads their own agency's users' audit events, but
//!   sees no case data; `scrutiny` sees aggregate figures only; `analyst` reads but does not
//!   change case records;
//! - a person's audit trail is for supervisors and inspectors who may see the person.

use crate::agency::AgencyKind;
use crate::ids::AgencyId;
use crate::missing::EpisodeView;
use crate::missing::record::NoteKind;
use crate::sharing::{RecordClass, Sharing};
use crate::user::{Actor, Role};
use serde::Serialize;

/// What a user is trying to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Action {
    SearchPeople,
    ViewPerson,
    CreatePerson,
    EditPerson,
    ViewPersonAudit,
    /// The audit events of the user's own agency's users (an admin investigating misuse).
    ViewAgencyAudit,
    ManageAgencies,
    ManageUsers,
    ViewAggregates,
    /// See a child's missing episodes (as much as the agency's view allows).
    ViewEpisodes,
    /// Report a child missing: the police record the report.
    ReportMissing,
    /// Grade an episode again (the police, on their own episode).
    Regrade,
    /// Add a note of this kind to an episode.
    AddNote(NoteKind),
    /// Record that the child was found or returned (the police, on their own episode).
    RecordReturn,
    /// Record a return home interview.
    RecordRhi,
    /// Write a looked-after child's grab pack.
    EditGrabPack,
    /// See warning markers (a person's, a place's, the overdue reviews).
    ViewMarkers,
    /// Raise a warning marker on a person or a place.
    RaiseMarker,
    /// Approve a marker on a child (supervisors and inspectors).
    ApproveMarker,
    /// Review a marker: keep it with a next review date, or end it (its owner's agency).
    ReviewMarker,
    /// See a child's NRM referrals and decisions.
    ViewNrm,
    /// Record a child's NRM referral, or a decision on it (its owner's agency).
    RecordNrm,
    /// Read a child's exploitation screenings (each as far as its owner shares screenings).
    ViewScreenings,
    /// Screen a child for exploitation.
    ScreenChild,
    /// See an area's children in priority order with each score's reasons, and the list's
    /// make-up against its cohort.
    ViewPriority,
    /// See disruption activity (a person's, a place's, an area's), each as far as its owner
    /// shares the `disruption` class.
    ViewDisruption,
    /// Record disruption against a person or a place, or change the outcome of one the
    /// agency recorded: police and local authorities' case workers.
    RecordDisruption,
}

impl Action {
    /// Every action, each note kind once: for matrices of tests.
    pub fn all() -> Vec<Action> {
        let mut out = vec![
            Action::SearchPeople,
            Action::ViewPerson,
            Action::CreatePerson,
            Action::EditPerson,
            Action::ViewPersonAudit,
            Action::ViewAgencyAudit,
            Action::ManageAgencies,
            Action::ManageUsers,
            Action::ViewAggregates,
            Action::ViewEpisodes,
            Action::ReportMissing,
            Action::Regrade,
            Action::RecordReturn,
            Action::RecordRhi,
            Action::EditGrabPack,
            Action::ViewMarkers,
            Action::RaiseMarker,
            Action::ApproveMarker,
            Action::ReviewMarker,
            Action::ViewNrm,
            Action::RecordNrm,
            Action::ViewScreenings,
            Action::ScreenChild,
            Action::ViewPriority,
            Action::ViewDisruption,
            Action::RecordDisruption,
        ];
        out.extend(NoteKind::ALL.iter().map(|k| Action::AddNote(*k)));
        out
    }
}

/// What the action is done to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Nothing in particular: a search, a new record, an admin page, a listing (which the
    /// caller then cuts row by row).
    Service,
    /// A person's record: the agencies that hold a record of them, and what the actor's agency
    /// may see today.
    Person { holders: &'a [AgencyId], sharing: &'a Sharing },
    /// One episode (`owner`: the agency whose episode it is), or a child's episodes as a whole
    /// (`owner` is `None`: the history, a new report, the grab pack).
    Episode { holders: &'a [AgencyId], owner: Option<AgencyId>, sharing: &'a Sharing },
    /// An agency's own administration: its users and their tokens.
    Agency(AgencyId),
    /// A fact of `class` owned by `owner` (a warning marker, an NRM referral): about a person
    /// held by `holders`, or about a place (`holders` is `None`: only a grant about the whole
    /// cohort reaches it, a place being nobody's own case).
    Owned { class: RecordClass, owner: AgencyId, holders: Option<&'a [AgencyId]>, sharing: &'a Sharing },
}

/// The answer, with a stable reason key when it is no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Allow,
    /// The caller may see the record but not do this to it.
    Deny(&'static str),
    /// The caller may not see the record: answer as if it did not exist.
    Hidden,
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }

    /// The reason key, for the refusal's audit event.
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Decision::Allow => None,
            Decision::Deny(r) => Some(r),
            Decision::Hidden => Some("not-shared"),
        }
    }
}

/// Roles that work with case records (people, episodes, screenings).
fn works_cases(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::Supervisor | Role::Inspector | Role::MaceChair | Role::Analyst)
}

/// Roles that may change case records.
fn changes_cases(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::Supervisor | Role::Inspector | Role::MaceChair)
}

/// Note kinds that are the police's own record of their investigation.
fn police_note(kind: NoteKind) -> bool {
    !matches!(kind, NoteKind::Sighting | NoteKind::Notification)
}

fn role_ok(role: Role, action: Action) -> bool {
    use Action::*;
    match action {
        SearchPeople | ViewPerson | ViewEpisodes | ViewMarkers | ViewNrm | ViewScreenings | ViewPriority
        | ViewDisruption => works_cases(role),
        RecordDisruption => {
            matches!(role, Role::Practitioner | Role::Supervisor | Role::Inspector | Role::MaceChair)
        }
        RaiseMarker | ReviewMarker | RecordNrm => changes_cases(role),
        ApproveMarker => matches!(role, Role::Supervisor | Role::Inspector),
        // A screening is a practitioner's professional judgement, and their supervisor's.
        ScreenChild => matches!(role, Role::Practitioner | Role::Supervisor),
        CreatePerson | EditPerson | ReportMissing | Regrade | RecordReturn | RecordRhi | EditGrabPack => {
            changes_cases(role)
        }
        AddNote(NoteKind::SupervisorReview) => matches!(role, Role::Supervisor | Role::Inspector),
        AddNote(NoteKind::InspectorReview) => role == Role::Inspector,
        AddNote(_) => changes_cases(role),
        ViewPersonAudit => matches!(role, Role::Supervisor | Role::Inspector),
        ViewAgencyAudit | ManageUsers => matches!(role, Role::Admin | Role::SystemAdmin),
        ManageAgencies => role == Role::SystemAdmin,
        ViewAggregates => {
            matches!(role, Role::Supervisor | Role::Inspector | Role::MaceChair | Role::Analyst | Role::Scrutiny)
        }
    }
}

/// Whether an agency of `kind` does this at all, whatever the record.
fn kind_ok(kind: AgencyKind, action: Action) -> bool {
    use Action::*;
    match action {
        ReportMissing | Regrade | RecordReturn => kind == AgencyKind::Police,
        AddNote(k) if police_note(k) => kind == AgencyKind::Police,
        AddNote(_) => EpisodeView::for_agency(kind) == Some(EpisodeView::Full),
        RecordRhi => matches!(kind, AgencyKind::RhiProvider | AgencyKind::LocalAuthority),
        EditGrabPack => matches!(kind, AgencyKind::LocalAuthority | AgencyKind::Police),
        ViewEpisodes => EpisodeView::for_agency(kind).is_some(),
        // Disruption is police and council work (enforcement, licensing, community safety).
        RecordDisruption => matches!(kind, AgencyKind::Police | AgencyKind::LocalAuthority),
        _ => true,
    }
}

/// Whether `target` is a record the actor's agency may not see at all. Decided before anything
/// else, so that a role without a right gets the same answer for a hidden record as for one
/// that does not exist (a 403 for the one and a 404 for the other would tell it the record is
/// there).
fn hidden(target: &Target<'_>) -> bool {
    match target {
        Target::Service | Target::Agency(_) => false,
        Target::Person { holders, sharing } => !sharing.sees_person(holders),
        Target::Episode { holders, owner, sharing } => {
            !sharing.sees_person(holders) || owner.is_some_and(|o| sharing.episode_view(o, holders).is_none())
        }
        Target::Owned { class, owner, holders: Some(holders), sharing } => {
            !sharing.sees_person(holders) || !sharing.sees(*class, *owner, holders)
        }
        Target::Owned { class, owner, holders: None, sharing } => !sharing.sees(*class, *owner, &[]),
    }
}

/// Decides whether `actor` may do `action` to `target`.
pub fn can(actor: &Actor, action: Action, target: Target<'_>) -> Decision {
    use Action::*;
    if hidden(&target) {
        return Decision::Hidden;
    }
    if !role_ok(actor.role, action) {
        return Decision::Deny("role-not-permitted");
    }
    match target {
        Target::Service => match action {
            SearchPeople | CreatePerson | ViewAggregates | ViewAgencyAudit | ManageAgencies | ManageUsers => {
                Decision::Allow
            }
            // Listings of episodes (the board, worklists, the brief): each row is then decided
            // on its own.
            ViewEpisodes | ViewScreenings | ViewPriority => Decision::Allow,
            // Raising a marker on a place, and listings of markers (the overdue reviews): each
            // row is then decided on its own.
            RaiseMarker | ViewMarkers => Decision::Allow,
            // Listings of disruption (an area's), each row then decided on its own; recording
            // is then decided on the person, or on the new record for a place.
            ViewDisruption | RecordDisruption => Decision::Allow,
            ViewPerson | EditPerson | ViewPersonAudit | ScreenChild => Decision::Deny("needs-a-record"),
            _ => Decision::Deny("needs-an-episode"),
        },
        // An agency's admin manages their own agency's users; the install's, any agency's.
        Target::Agency(agency) => match action {
            ManageUsers if actor.role == Role::SystemAdmin || actor.agency_id == agency => Decision::Allow,
            ManageUsers => Decision::Deny("not-your-agency"),
            _ => Decision::Deny("needs-a-record"),
        },
        Target::Person { holders, sharing } => {
            if !sharing.sees_person(holders) {
                return Decision::Hidden;
            }
            match action {
                ViewPerson | ViewPersonAudit | ViewScreenings => Decision::Allow,
                // A person's markers and NRM referrals as a whole (each then decided on its
                // own), and a new one.
                ViewMarkers | RaiseMarker | ViewNrm | RecordNrm => Decision::Allow,
                // The commissioner funds and scrutinises; it does not screen children.
                ScreenChild if sharing.kind() == AgencyKind::Commissioner => Decision::Deny("agency-not-permitted"),
                ScreenChild => Decision::Allow,
                ViewDisruption => Decision::Allow,
                RecordDisruption if !kind_ok(sharing.kind(), action) => Decision::Deny("agency-not-permitted"),
                RecordDisruption => Decision::Allow,
                EditPerson if holders.contains(&actor.agency_id) => Decision::Allow,
                EditPerson => Decision::Deny("not-a-holder"),
                _ => Decision::Deny("needs-a-person"),
            }
        }
        Target::Episode { holders, owner, sharing } => {
            if !sharing.sees_person(holders) {
                return Decision::Hidden;
            }
            let view = match owner {
                Some(owner) => match sharing.episode_view(owner, holders) {
                    Some(view) => Some(view),
                    None => return Decision::Hidden,
                },
                None => None,
            };
            if !kind_ok(sharing.kind(), action) {
                return Decision::Deny("agency-not-permitted");
            }
            let owns = owner == Some(actor.agency_id);
            let allowed = match (action, owner) {
                (ViewEpisodes, _) => true,
                (ReportMissing, None) => true,
                (EditGrabPack, None) => holders.contains(&actor.agency_id),
                (Regrade | RecordReturn, Some(_)) => owns,
                (AddNote(k), Some(_)) if police_note(k) => owns,
                (AddNote(_), Some(_)) => view == Some(EpisodeView::Full),
                (RecordRhi, Some(_)) => view.is_some_and(EpisodeView::records_rhi),
                (ReportMissing | EditGrabPack, Some(_)) => return Decision::Deny("needs-a-child"),
                _ => return Decision::Deny("needs-an-episode"),
            };
            if allowed { Decision::Allow } else { Decision::Deny("owned-by-another-agency") }
        }
        Target::Owned { class, owner, sharing, .. } => {
            let owns = owner == actor.agency_id;
            match (class, action) {
                (RecordClass::WarningMarker, ViewMarkers) | (RecordClass::Nrm, ViewNrm) => Decision::Allow,
                (RecordClass::Disruption, ViewDisruption) => Decision::Allow,
                // A new disruption on a place, or a change of outcome: its owner's, if the
                // owner's kind records disruption at all.
                (RecordClass::Disruption, RecordDisruption) if !kind_ok(sharing.kind(), action) => {
                    Decision::Deny("agency-not-permitted")
                }
                (RecordClass::Disruption, RecordDisruption) if owns => Decision::Allow,
                (RecordClass::Disruption, RecordDisruption) => Decision::Deny("owned-by-another-agency"),
                // A supervisor of any agency that sees the marker approves it (not its raiser:
                // the domain's rule, `marker::approve`).
                (RecordClass::WarningMarker, ApproveMarker) => Decision::Allow,
                (RecordClass::WarningMarker, ReviewMarker) | (RecordClass::Nrm, RecordNrm) if owns => Decision::Allow,
                (RecordClass::WarningMarker, ReviewMarker) | (RecordClass::Nrm, RecordNrm) => {
                    Decision::Deny("owned-by-another-agency")
                }
                _ => Decision::Deny("needs-a-record"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgreementId, UserId};
    use crate::sharing::{Agreement, Grant, RecordClass, Scope};
    use chrono::NaiveDate;

    fn actor(role: Role, agency: AgencyId) -> Actor {
        Actor { user_id: UserId::new(), agency_id: agency, role }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 10).unwrap_or_default()
    }

    /// A police force and a council sharing everything about their cohorts.
    fn shared(police: AgencyId, council: AgencyId) -> Vec<Agreement> {
        vec![Agreement {
            id: AgreementId::new(),
            name: "ISP".into(),
            purpose: String::new(),
            members: vec![police, council],
            grants: RecordClass::ALL
                .iter()
                .flat_map(|c| {
                    [AgencyKind::Police, AgencyKind::LocalAuthority].map(|to| Grant::new(*c, to, Scope::Cohort))
                })
                .collect(),
            starts_on: day(),
            ends_on: None,
            review_on: None,
        }]
    }

    #[test]
    fn only_the_police_change_their_own_episode_and_reviews_follow_rank() {
        let (police, council) = (AgencyId::new(), AgencyId::new());
        let agreements = shared(police, council);
        let at_police = Sharing::for_agency(police, AgencyKind::Police, &agreements, day());
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, &agreements, day());
        let holders = [police];
        let episode = |sharing| Target::Episode { holders: &holders, owner: Some(police), sharing };
        let officer = actor(Role::Practitioner, police);
        let sergeant = actor(Role::Supervisor, police);
        let inspector = actor(Role::Inspector, police);
        let social_worker = actor(Role::Practitioner, council);
        assert!(can(&officer, Action::Regrade, episode(&at_police)).is_allowed());
        assert!(can(&officer, Action::RecordReturn, episode(&at_police)).is_allowed());
        assert_eq!(can(&social_worker, Action::ViewEpisodes, episode(&at_council)), Decision::Allow);
        for action in [Action::Regrade, Action::RecordReturn, Action::AddNote(NoteKind::Action)] {
            assert_eq!(can(&social_worker, action, episode(&at_council)), Decision::Deny("agency-not-permitted"));
        }
        assert!(can(&social_worker, Action::AddNote(NoteKind::Sighting), episode(&at_council)).is_allowed());
        let review = Action::AddNote(NoteKind::SupervisorReview);
        let inspection = Action::AddNote(NoteKind::InspectorReview);
        assert_eq!(can(&officer, review, episode(&at_police)), Decision::Deny("role-not-permitted"));
        assert!(can(&sergeant, review, episode(&at_police)).is_allowed());
        assert_eq!(can(&sergeant, inspection, episode(&at_police)), Decision::Deny("role-not-permitted"));
        assert!(can(&inspector, inspection, episode(&at_police)).is_allowed());
        // Another force's episode is not this force's to grade.
        let other_force = AgencyId::new();
        let theirs = Target::Episode { holders: &holders, owner: Some(other_force), sharing: &at_police };
        assert_eq!(can(&officer, Action::ViewEpisodes, theirs), Decision::Hidden);
        assert!(
            can(
                &officer,
                Action::ReportMissing,
                Target::Episode { holders: &holders, owner: None, sharing: &at_police }
            )
            .is_allowed()
        );
        assert_eq!(
            can(
                &social_worker,
                Action::ReportMissing,
                Target::Episode { holders: &holders, owner: None, sharing: &at_council }
            ),
            Decision::Deny("agency-not-permitted")
        );
    }

    #[test]
    fn a_person_not_shared_is_hidden_and_only_holders_edit_identity() {
        let (police, council, charity) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        let agreements = shared(police, council);
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, &agreements, day());
        let at_charity = Sharing::for_agency(charity, AgencyKind::RhiProvider, &agreements, day());
        let police_only = [police];
        let sw = actor(Role::Practitioner, council);
        let person = |holders, sharing| Target::Person { holders, sharing };
        assert!(can(&sw, Action::ViewPerson, person(&police_only, &at_council)).is_allowed());
        assert_eq!(can(&sw, Action::EditPerson, person(&police_only, &at_council)), Decision::Deny("not-a-holder"));
        let worker = actor(Role::Practitioner, charity);
        assert_eq!(can(&worker, Action::ViewPerson, person(&police_only, &at_charity)), Decision::Hidden);
        // Linked by the charity's own import, without an agreement: the person is the charity's
        // own, but nothing the police hold shows through.
        let both = [police, charity];
        assert!(can(&worker, Action::ViewPerson, person(&both, &at_charity)).is_allowed());
        let police_episode = Target::Episode { holders: &both, owner: Some(police), sharing: &at_charity };
        assert_eq!(can(&worker, Action::ViewEpisodes, police_episode), Decision::Hidden);
        assert_eq!(can(&worker, Action::RecordRhi, police_episode), Decision::Hidden);
        // A role without the right is told no more than anyone: hidden is hidden before the role
        // is asked, so a hidden record and an unknown id answer alike.
        let admin = actor(Role::Admin, charity);
        assert_eq!(can(&admin, Action::ViewPerson, person(&police_only, &at_charity)), Decision::Hidden);
        assert_eq!(can(&admin, Action::ViewEpisodes, police_episode), Decision::Hidden);
        assert_eq!(can(&admin, Action::ViewPerson, person(&both, &at_charity)), Decision::Deny("role-not-permitted"));
    }

    #[test]
    fn roles_matrix_on_a_record_of_their_own() {
        let police = AgencyId::new();
        let sharing = Sharing::alone(police, AgencyKind::Police);
        let holders = [police];
        let expected: &[(Role, &[Action])] = &[
            (
                Role::Practitioner,
                &[
                    Action::SearchPeople,
                    Action::ViewPerson,
                    Action::CreatePerson,
                    Action::EditPerson,
                    Action::ViewEpisodes,
                    Action::ReportMissing,
                    Action::Regrade,
                    Action::RecordReturn,
                    Action::EditGrabPack,
                    Action::AddNote(NoteKind::Action),
                    Action::AddNote(NoteKind::Enquiry),
                    Action::AddNote(NoteKind::Sighting),
                    Action::AddNote(NoteKind::LinkedPerson),
                    Action::AddNote(NoteKind::LinkedPlace),
                    Action::AddNote(NoteKind::Notification),
                    Action::ViewMarkers,
                    Action::RaiseMarker,
                    Action::ReviewMarker,
                    Action::ViewNrm,
                    Action::RecordNrm,
                    Action::ViewScreenings,
                    Action::ScreenChild,
                    Action::ViewPriority,
                    Action::ViewDisruption,
                    Action::RecordDisruption,
                ],
            ),
            (
                Role::Analyst,
                &[
                    Action::SearchPeople,
                    Action::ViewPerson,
                    Action::ViewAggregates,
                    Action::ViewEpisodes,
                    Action::ViewMarkers,
                    Action::ViewNrm,
                    Action::ViewScreenings,
                    Action::ViewPriority,
                    Action::ViewDisruption,
                ],
            ),
            (Role::Scrutiny, &[Action::ViewAggregates]),
            (Role::Admin, &[Action::ViewAgencyAudit, Action::ManageUsers]),
            (Role::SystemAdmin, &[Action::ViewAgencyAudit, Action::ManageAgencies, Action::ManageUsers]),
        ];
        for (role, allowed) in expected {
            let a = actor(*role, police);
            for action in Action::all() {
                let t = match action {
                    Action::ViewPerson
                    | Action::EditPerson
                    | Action::ViewPersonAudit
                    | Action::RaiseMarker
                    | Action::ViewNrm
                    | Action::RecordNrm => Target::Person { holders: &holders, sharing: &sharing },
                    Action::ViewMarkers | Action::ApproveMarker | Action::ReviewMarker => Target::Owned {
                        class: RecordClass::WarningMarker,
                        owner: police,
                        holders: Some(&holders),
                        sharing: &sharing,
                    },
                    Action::ViewScreenings | Action::ScreenChild => {
                        Target::Person { holders: &holders, sharing: &sharing }
                    }
                    Action::ViewDisruption | Action::RecordDisruption => Target::Owned {
                        class: RecordClass::Disruption,
                        owner: police,
                        holders: Some(&holders),
                        sharing: &sharing,
                    },
                    Action::ReportMissing | Action::EditGrabPack => {
                        Target::Episode { holders: &holders, owner: None, sharing: &sharing }
                    }
                    Action::ViewEpisodes
                    | Action::Regrade
                    | Action::RecordReturn
                    | Action::RecordRhi
                    | Action::AddNote(_) => {
                        Target::Episode { holders: &holders, owner: Some(police), sharing: &sharing }
                    }
                    _ => Target::Service,
                };
                assert_eq!(can(&a, action, t).is_allowed(), allowed.contains(&action), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn an_agency_admin_manages_their_own_agency_and_the_system_admin_every_agency() {
        let (police, council) = (AgencyId::new(), AgencyId::new());
        let admin = actor(Role::Admin, police);
        let system = actor(Role::SystemAdmin, council);
        assert!(can(&admin, Action::ManageUsers, Target::Agency(police)).is_allowed());
        assert_eq!(can(&admin, Action::ManageUsers, Target::Agency(council)), Decision::Deny("not-your-agency"));
        assert!(can(&system, Action::ManageUsers, Target::Agency(police)).is_allowed());
        assert_eq!(can(&admin, Action::ManageAgencies, Target::Service), Decision::Deny("role-not-permitted"));
        assert!(can(&system, Action::ManageAgencies, Target::Service).is_allowed());
        let supervisor = actor(Role::Supervisor, police);
        assert_eq!(can(&supervisor, Action::ManageUsers, Target::Agency(police)), Decision::Deny("role-not-permitted"));
    }

    #[test]
    fn markers_and_nrm_follow_their_own_class_and_their_owner_changes_them() {
        let (police, council) = (AgencyId::new(), AgencyId::new());
        let mut agreements = shared(police, council);
        // The council shares everything but its NRM referrals with the police.
        agreements[0].grants.retain(|g| !(g.class == RecordClass::Nrm && g.to == AgencyKind::Police));
        let at_police = Sharing::for_agency(police, AgencyKind::Police, &agreements, day());
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, &agreements, day());
        let child = [council];
        let owned = |class, owner, sharing| Target::Owned { class, owner, holders: Some(&child), sharing };
        let sergeant = actor(Role::Supervisor, police);
        let officer = actor(Role::Practitioner, police);
        let marker = owned(RecordClass::WarningMarker, council, &at_police);
        assert!(can(&officer, Action::ViewMarkers, marker).is_allowed());
        assert!(can(&sergeant, Action::ApproveMarker, marker).is_allowed(), "a partner's supervisor approves");
        assert_eq!(can(&officer, Action::ApproveMarker, marker), Decision::Deny("role-not-permitted"));
        assert_eq!(can(&officer, Action::ReviewMarker, marker), Decision::Deny("owned-by-another-agency"));
        let social_worker = actor(Role::Practitioner, council);
        assert!(
            can(&social_worker, Action::ReviewMarker, owned(RecordClass::WarningMarker, council, &at_council))
                .is_allowed()
        );
        assert_eq!(can(&officer, Action::ViewNrm, owned(RecordClass::Nrm, council, &at_police)), Decision::Hidden);
        assert!(can(&social_worker, Action::RecordNrm, owned(RecordClass::Nrm, council, &at_council)).is_allowed());
        // A place's marker reaches only through a grant about the whole cohort.
        let place =
            Target::Owned { class: RecordClass::WarningMarker, owner: council, holders: None, sharing: &at_police };
        assert!(can(&officer, Action::ViewMarkers, place).is_allowed());
        let alone = Sharing::alone(police, AgencyKind::Police);
        let hidden =
            Target::Owned { class: RecordClass::WarningMarker, owner: council, holders: None, sharing: &alone };
        assert_eq!(can(&sergeant, Action::ApproveMarker, hidden), Decision::Hidden);
    }

    #[test]
    fn disruption_follows_its_class_and_only_police_and_councils_record_it() {
        let (police, council, school) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        let mut agreements = shared(police, council);
        agreements[0].members.push(school);
        agreements[0].grants.push(Grant::new(RecordClass::Identity, AgencyKind::Education, Scope::Cohort));
        agreements[0].grants.push(Grant::new(RecordClass::Disruption, AgencyKind::Education, Scope::Cohort));
        let at_police = Sharing::for_agency(police, AgencyKind::Police, &agreements, day());
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, &agreements, day());
        let at_school = Sharing::for_agency(school, AgencyKind::Education, &agreements, day());
        let adult = [police];
        let owned =
            |owner, sharing| Target::Owned { class: RecordClass::Disruption, owner, holders: Some(&adult), sharing };
        let officer = actor(Role::Practitioner, police);
        let social_worker = actor(Role::Practitioner, council);
        let teacher = actor(Role::Practitioner, school);
        assert!(can(&social_worker, Action::ViewDisruption, owned(police, &at_council)).is_allowed());
        assert!(can(&officer, Action::RecordDisruption, owned(police, &at_police)).is_allowed());
        assert_eq!(
            can(&social_worker, Action::RecordDisruption, owned(police, &at_council)),
            Decision::Deny("owned-by-another-agency")
        );
        assert!(can(&teacher, Action::ViewDisruption, owned(police, &at_school)).is_allowed());
        let person = Target::Person { holders: &adult, sharing: &at_school };
        assert_eq!(can(&teacher, Action::RecordDisruption, person), Decision::Deny("agency-not-permitted"));
        assert!(
            can(&social_worker, Action::RecordDisruption, Target::Person { holders: &adult, sharing: &at_council })
                .is_allowed()
        );
        // Without a grant of the class, a partner's disruption is as if it did not exist.
        agreements[0].grants.retain(|g| g.class != RecordClass::Disruption || g.to != AgencyKind::LocalAuthority);
        let at_council = Sharing::for_agency(council, AgencyKind::LocalAuthority, &agreements, day());
        assert_eq!(can(&social_worker, Action::ViewDisruption, owned(police, &at_council)), Decision::Hidden);
        for role in [Role::Scrutiny, Role::Admin] {
            assert_eq!(
                can(&actor(role, police), Action::ViewDisruption, owned(police, &at_police)),
                Decision::Deny("role-not-permitted")
            );
        }
        assert_eq!(
            can(&actor(Role::Analyst, police), Action::RecordDisruption, owned(police, &at_police)),
            Decision::Deny("role-not-permitted")
        );
    }

    #[test]
    fn viewing_a_person_needs_a_person() {
        let a = actor(Role::Practitioner, AgencyId::new());
        assert_eq!(can(&a, Action::ViewPerson, Target::Service), Decision::Deny("needs-a-record"));
        assert_eq!(Decision::Hidden.reason(), Some("not-shared"));
    }
}
