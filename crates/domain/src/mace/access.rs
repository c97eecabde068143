//! Who may do what with a MACE meeting (issue 16): its content is for the members of its
//! agencies only, and its person-level content never for `scrutiny` (which sees figures) nor for
//! administrators (who read no record). The meeting's agencies run it: a chair, supervisor or
//! inspector of one convenes, minutes and agrees actions; any case worker of the agency that owns
//! an action updates it.

use crate::ids::AgencyId;
use crate::policy::Decision;
use crate::user::{Actor, Role};

/// What is asked of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Read the meeting, its agenda, minutes and actions.
    See,
    /// Convene it, set its agenda, record its discussion, agree and carry its actions.
    Run,
    /// Update an action owned by this agency.
    Update { owner: AgencyId },
}

fn works_cases(role: Role) -> bool {
    matches!(role, Role::Practitioner | Role::Supervisor | Role::Inspector | Role::MaceChair | Role::Analyst)
}

fn runs(role: Role) -> bool {
    matches!(role, Role::MaceChair | Role::Supervisor | Role::Inspector)
}

/// Decides `right` for `actor` on a meeting of `agencies`. A meeting the actor's agency is not
/// part of is hidden (answered as one that does not exist).
pub fn decide(actor: &Actor, agencies: &[AgencyId], right: Right) -> Decision {
    if !agencies.contains(&actor.agency_id) {
        return Decision::Hidden;
    }
    if !works_cases(actor.role) {
        return Decision::Deny("role-not-permitted");
    }
    let allowed = match right {
        Right::See => true,
        Right::Run => runs(actor.role),
        Right::Update { owner } => runs(actor.role) || (owner == actor.agency_id && actor.role != Role::Analyst),
    };
    if allowed { Decision::Allow } else { Decision::Deny("role-not-permitted") }
}

/// Whether `actor` may convene a meeting for their agency at all (before any meeting exists).
pub fn may_convene(actor: &Actor) -> Decision {
    if runs(actor.role) { Decision::Allow } else { Decision::Deny("role-not-permitted") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    #[test]
    fn the_meetings_agencies_see_it_chairs_run_it_and_owners_update_their_actions() {
        let (police, council, outsider) = (AgencyId::new(), AgencyId::new(), AgencyId::new());
        let agencies = [police, council];
        let actor = |agency, role| Actor { user_id: UserId::new(), agency_id: agency, role };
        let pc = actor(council, Role::Practitioner);
        assert_eq!(decide(&pc, &agencies, Right::See), Decision::Allow);
        assert_eq!(decide(&pc, &agencies, Right::Run), Decision::Deny("role-not-permitted"));
        assert_eq!(decide(&pc, &agencies, Right::Update { owner: council }), Decision::Allow);
        assert_eq!(decide(&pc, &agencies, Right::Update { owner: police }), Decision::Deny("role-not-permitted"));
        let chair = actor(police, Role::MaceChair);
        assert_eq!(decide(&chair, &agencies, Right::Run), Decision::Allow);
        assert_eq!(decide(&chair, &agencies, Right::Update { owner: council }), Decision::Allow);
        for role in [Role::Scrutiny, Role::Admin, Role::SystemAdmin] {
            assert_eq!(decide(&actor(police, role), &agencies, Right::See), Decision::Deny("role-not-permitted"));
        }
        let analyst = actor(police, Role::Analyst);
        assert_eq!(decide(&analyst, &agencies, Right::Update { owner: police }), Decision::Deny("role-not-permitted"));
        for role in Role::ALL {
            assert_eq!(decide(&actor(outsider, *role), &agencies, Right::See), Decision::Hidden);
        }
        assert_eq!(may_convene(&pc), Decision::Deny("role-not-permitted"));
        assert_eq!(may_convene(&chair), Decision::Allow);
    }
}
