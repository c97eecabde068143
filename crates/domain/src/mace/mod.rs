//! Multi-agency child exploitation (MACE) meetings and their action register
//! (`../shared/DOMAIN.md` §7): a meeting of an area, its chair, attendees and apologies by
//! agency; its agenda (children, persons of concern, places and themes), each item with the
//! discussion, the decisions and the risk after discussion; and the actions agreed, each with a
//! number, an owner (a person and an agency), a due date, a 4P tag and a history of updates.
//!
//! The rules a chair could state, fixed here:
//! - every attendee's agency is the convening agency or a partner under a sharing agreement in
//!   force with it: the meeting's content goes to its agencies and no others;
//! - an action has text, an owner from one of the meeting's agencies and a due date on or after
//!   the meeting;
//! - an action is closed only with a reason; a closed action takes no further update;
//! - an open or in-progress action past its due date is overdue.

pub mod access;
pub mod action;
pub mod meeting;

use crate::code_enum;

code_enum!(
    /// The 4P framework (DOMAIN.md §4.7): every MACE action and disruption is tagged with one.
    FourP {
        Prepare => "prepare",
        Prevent => "prevent",
        Protect => "protect",
        Pursue => "pursue",
    }
);

/// The longest free text kept (a discussion summary, decisions).
pub const TEXT_MAX: usize = 4000;
/// The longest name or short text kept (an attendee's name, an action's owner).
pub const NAME_MAX: usize = 200;

#[cfg(test)]
mod tests;
