//! The missing episode, from report to return home interview: risk grades and their rationale,
//! review clocks, the deferred-response hold some forces use (NAIRA), return, the return home
//! interview (RHI) and its 72-hour clock, and the flags computed from a child's history.
//!
//! Every threshold here that is local practice rather than law (review intervals, the NAIRA
//! hold, repeat-missing windows) comes from [`rules::MissingRules`], a versioned configuration
//! per area whose defaults are documented; the version that produced a decision is recorded
//! with it.

pub mod brief;
pub mod clocks;
pub mod episode;
pub mod flags;
pub mod grade;
pub mod input;
pub mod record;
pub mod rules;
pub mod rules_form;
pub mod summary;

pub use grade::RiskGrade;
pub use record::{EpisodeView, MissingEpisode};
pub use rules::MissingRules;
