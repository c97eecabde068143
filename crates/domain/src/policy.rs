//! The access policy: one pure function, [`can`], decides every request. Handlers call it before
//! they touch the store, and the store filters by agency as well (defence in depth).
//!
//! The rules, as a data-protection officer would state them:
//! - a user sees a person only when their agency holds a record of that person, or an
//!   information-sharing agreement in force joins their agency to one that does (need to know);
//! - `admin` manages users and agencies and reads the audit trail, but sees no case data;
//! - `scrutiny` sees aggregate figures only, never a person-level record;
//! - `analyst` reads but does not change case records;
//! - reading the audit trail of a person is for supervisors (of people they may see) and admins.

use crate::ids::AgencyId;
use crate::missing::EpisodeView;
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
    ManageAgencies,
    ManageUsers,
    ViewAggregates,
    /// See a child's missing episodes (as much as the agency's [`EpisodeView`] allows).
    ViewEpisodes,
    /// Report a child missing, regrade, add notes, record the return.
    ManageEpisode,
    /// Record a return home interview.
    RecordRhi,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::SearchPeople,
        Action::ViewPerson,
        Action::CreatePerson,
        Action::EditPerson,
        Action::ViewPersonAudit,
        Action::ManageAgencies,
        Action::ManageUsers,
        Action::ViewAggregates,
        Action::ViewEpisodes,
        Action::ManageEpisode,
        Action::RecordRhi,
    ];
}

/// What the action is done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Nothing in particular: a search, a new record, an admin page.
    Service,
    /// A person's record, with the agencies that hold a record of them (`holders`) and the
    /// agencies whose records the actor's agency may see today (`partners`, from
    /// [`crate::sharing::partners`]).
    Person { holders: &'a [AgencyId], partners: &'a [AgencyId] },
    /// A child's missing episodes: the person's holders and partners as above, and what the
    /// actor's kind of agency sees of an episode (`None`: nothing).
    Episode { holders: &'a [AgencyId], partners: &'a [AgencyId], view: Option<EpisodeView> },
}

/// The answer, with a stable reason key when it is no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Decision {
    Allow,
    Deny(&'static str),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// Roles that work with case records (people, episodes, screenings).
fn works_cases(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::Supervisor | Role::MaceChair | Role::Analyst)
}

/// Roles that may change case records.
fn changes_cases(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::Supervisor | Role::MaceChair)
}

/// Whether the actor's agency may see a person held by `holders`.
fn need_to_know(holders: &[AgencyId], partners: &[AgencyId]) -> bool {
    holders.iter().any(|h| partners.contains(h))
}

/// Decides whether `actor` may do `action` to `target`.
pub fn can(actor: &Actor, action: Action, target: Target<'_>) -> Decision {
    use Action::*;
    let role = actor.role;
    let role_ok = match action {
        SearchPeople | ViewPerson => works_cases(role),
        CreatePerson | EditPerson => changes_cases(role),
        ViewPersonAudit => matches!(role, Role::Supervisor | Role::Admin),
        ManageAgencies | ManageUsers => role == Role::Admin,
        ViewAggregates => matches!(role, Role::Supervisor | Role::MaceChair | Role::Analyst | Role::Scrutiny),
        ViewEpisodes => works_cases(role),
        ManageEpisode | RecordRhi => changes_cases(role),
    };
    if !role_ok {
        return Decision::Deny("role-not-permitted");
    }
    match (action, target) {
        // The admin reads the trail of any record to investigate misuse, but never the record.
        (ViewPersonAudit, Target::Person { .. }) if role == Role::Admin => Decision::Allow,
        (ViewPerson | EditPerson | ViewPersonAudit, Target::Person { holders, partners }) => {
            if need_to_know(holders, partners) { Decision::Allow } else { Decision::Deny("no-sharing-agreement") }
        }
        (ViewPerson | EditPerson | ViewPersonAudit, Target::Service) => Decision::Deny("needs-a-record"),
        (ViewEpisodes | ManageEpisode | RecordRhi, Target::Episode { holders, partners, view }) => {
            let view_ok = match (action, view) {
                (_, None) => false,
                (ViewEpisodes, Some(_)) => true,
                (ManageEpisode, Some(v)) => v == EpisodeView::Full,
                (_, Some(v)) => v.records_rhi(),
            };
            if !view_ok {
                Decision::Deny("agency-not-permitted")
            } else if need_to_know(holders, partners) {
                Decision::Allow
            } else {
                Decision::Deny("no-sharing-agreement")
            }
        }
        // The missing-now board and worklists are listings: the store keeps to the people the
        // agency may see and each row is cut to the agency's [`EpisodeView`].
        (ViewEpisodes, Target::Service) => Decision::Allow,
        (ViewEpisodes | ManageEpisode | RecordRhi, _) => Decision::Deny("needs-an-episode"),
        _ => Decision::Allow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn actor(role: Role, agency: AgencyId) -> Actor {
        Actor { user_id: UserId::new(), agency_id: agency, role }
    }

    #[test]
    fn episodes_follow_need_to_know_and_what_the_agency_kind_sees() {
        let mine = AgencyId::new();
        let (holders, partners) = ([mine], [mine]);
        let episode = |view| Target::Episode { holders: &holders, partners: &partners, view };
        let practitioner = actor(Role::Practitioner, mine);
        let full = episode(Some(EpisodeView::Full));
        let rhi = episode(Some(EpisodeView::RhiWork));
        let school = episode(Some(EpisodeView::NoticeOnly));
        assert!(can(&practitioner, Action::ManageEpisode, full).is_allowed());
        assert_eq!(can(&practitioner, Action::ManageEpisode, rhi), Decision::Deny("agency-not-permitted"));
        assert!(can(&practitioner, Action::RecordRhi, rhi).is_allowed());
        assert!(can(&practitioner, Action::ViewEpisodes, school).is_allowed());
        assert_eq!(can(&practitioner, Action::RecordRhi, school), Decision::Deny("agency-not-permitted"));
        assert_eq!(can(&practitioner, Action::ViewEpisodes, episode(None)), Decision::Deny("agency-not-permitted"));
        let elsewhere = [AgencyId::new()];
        let unshared = Target::Episode { holders: &elsewhere, partners: &partners, view: Some(EpisodeView::Full) };
        assert_eq!(can(&practitioner, Action::ViewEpisodes, unshared), Decision::Deny("no-sharing-agreement"));
        assert_eq!(can(&actor(Role::Analyst, mine), Action::ManageEpisode, full), Decision::Deny("role-not-permitted"));
        assert_eq!(can(&actor(Role::Scrutiny, mine), Action::ViewEpisodes, full), Decision::Deny("role-not-permitted"));
        assert_eq!(can(&actor(Role::Admin, mine), Action::ViewEpisodes, full), Decision::Deny("role-not-permitted"));
        assert!(can(&practitioner, Action::ViewEpisodes, Target::Service).is_allowed());
        assert_eq!(can(&practitioner, Action::ManageEpisode, Target::Service), Decision::Deny("needs-an-episode"));
    }

    #[test]
    fn the_whole_matrix_of_role_and_action_on_a_shared_person() {
        let mine = AgencyId::new();
        let holders = [mine];
        let partners = [mine];
        let target = Target::Person { holders: &holders, partners: &partners };
        let expected: &[(Role, &[Action])] = &[
            (
                Role::Practitioner,
                &[
                    Action::SearchPeople,
                    Action::ViewPerson,
                    Action::CreatePerson,
                    Action::EditPerson,
                    Action::ViewEpisodes,
                    Action::ManageEpisode,
                    Action::RecordRhi,
                ],
            ),
            (
                Role::Supervisor,
                &[
                    Action::SearchPeople,
                    Action::ViewPerson,
                    Action::CreatePerson,
                    Action::EditPerson,
                    Action::ViewPersonAudit,
                    Action::ViewAggregates,
                    Action::ViewEpisodes,
                    Action::ManageEpisode,
                    Action::RecordRhi,
                ],
            ),
            (
                Role::MaceChair,
                &[
                    Action::SearchPeople,
                    Action::ViewPerson,
                    Action::CreatePerson,
                    Action::EditPerson,
                    Action::ViewAggregates,
                    Action::ViewEpisodes,
                    Action::ManageEpisode,
                    Action::RecordRhi,
                ],
            ),
            (Role::Analyst, &[Action::SearchPeople, Action::ViewPerson, Action::ViewAggregates, Action::ViewEpisodes]),
            (Role::Scrutiny, &[Action::ViewAggregates]),
            (Role::Admin, &[Action::ViewPersonAudit, Action::ManageAgencies, Action::ManageUsers]),
        ];
        let episode = Target::Episode { holders: &holders, partners: &partners, view: Some(EpisodeView::Full) };
        for (role, allowed) in expected {
            let a = actor(*role, mine);
            for action in Action::ALL {
                let t = match action {
                    Action::ViewPerson | Action::EditPerson | Action::ViewPersonAudit => target,
                    Action::ViewEpisodes | Action::ManageEpisode | Action::RecordRhi => episode,
                    _ => Target::Service,
                };
                assert_eq!(can(&a, *action, t).is_allowed(), allowed.contains(action), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn a_person_held_only_by_another_agency_is_hidden_without_an_agreement() {
        let (mine, theirs) = (AgencyId::new(), AgencyId::new());
        let a = actor(Role::Supervisor, mine);
        let holders = [theirs];
        let alone = [mine];
        let shared = [mine, theirs];
        assert_eq!(
            can(&a, Action::ViewPerson, Target::Person { holders: &holders, partners: &alone }),
            Decision::Deny("no-sharing-agreement")
        );
        assert_eq!(
            can(&a, Action::ViewPerson, Target::Person { holders: &holders, partners: &shared }),
            Decision::Allow
        );
        assert_eq!(
            can(&a, Action::ViewPersonAudit, Target::Person { holders: &holders, partners: &alone }),
            Decision::Deny("no-sharing-agreement")
        );
    }

    #[test]
    fn scrutiny_and_admin_never_see_a_person_even_their_own_agencys() {
        let mine = AgencyId::new();
        let holders = [mine];
        let t = Target::Person { holders: &holders, partners: &holders };
        for role in [Role::Scrutiny, Role::Admin] {
            assert_eq!(can(&actor(role, mine), Action::ViewPerson, t), Decision::Deny("role-not-permitted"));
            assert_eq!(
                can(&actor(role, mine), Action::SearchPeople, Target::Service),
                Decision::Deny("role-not-permitted")
            );
        }
    }

    #[test]
    fn viewing_a_person_needs_a_person() {
        let a = actor(Role::Practitioner, AgencyId::new());
        assert_eq!(can(&a, Action::ViewPerson, Target::Service), Decision::Deny("needs-a-record"));
    }
}
