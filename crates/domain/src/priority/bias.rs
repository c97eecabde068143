//! The priority list's make-up against its cohort, by ethnicity, sex and age band, so that bias
//! is visible: the score reads none of these but age, yet what it reads (care status, missing,
//! police grades) can carry bias from the records it comes from.
//!
//! For each group: how many of the list and of the cohort are in it, each as a share, and the
//! ratio of the two shares (1.0: the list looks like its cohort). A ratio outside 0.8–1.25 is
//! marked, after the "four-fifths" rule of thumb used for adverse impact in selection; it is a
//! prompt to look, not a finding.

use crate::code_enum;
use crate::person::{Ethnicity, Sex};
use serde::Serialize;

code_enum!(
    /// Age bands for the report: under the age of criminal responsibility, under 13, 13–15,
    /// 16–17, adults (care leavers), not known.
    AgeBand {
        Under10 => "under_10",
        From10To12 => "10_to_12",
        From13To15 => "13_to_15",
        From16To17 => "16_to_17",
        Adult => "18_and_over",
        NotKnown => "not_known",
    }
);

impl AgeBand {
    pub fn of(age: Option<u32>) -> Self {
        match age {
            None => Self::NotKnown,
            Some(a) if a < 10 => Self::Under10,
            Some(a) if a <= 12 => Self::From10To12,
            Some(a) if a <= 15 => Self::From13To15,
            Some(a) if a <= 17 => Self::From16To17,
            Some(_) => Self::Adult,
        }
    }
}

/// Whom the report groups: one child of the cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub ethnicity: Ethnicity,
    pub sex: Sex,
    pub age: AgeBand,
    /// Whether the child is on the priority list (the top of the ranking).
    pub listed: bool,
}

/// One group's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line<G> {
    pub group: G,
    pub listed: u32,
    pub cohort: u32,
    /// Shares of the list and of the cohort, 0.0–1.0.
    pub listed_share: f64,
    pub cohort_share: f64,
    /// `listed_share / cohort_share`; `None` while the list is empty.
    pub ratio: Option<f64>,
    /// The ratio is outside 0.8–1.25.
    pub marked: bool,
}

/// The list's make-up against the cohort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MakeUp {
    pub listed: u32,
    pub cohort: u32,
    pub ethnicity: Vec<Line<Ethnicity>>,
    pub sex: Vec<Line<Sex>>,
    pub age: Vec<Line<AgeBand>>,
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { f64::from(part) / f64::from(whole) }
}

/// Each group of `all` present in the cohort, in the group's own order.
fn lines<G: Copy + Eq>(members: &[Member], all: &[G], group: impl Fn(&Member) -> G) -> Vec<Line<G>> {
    let listed_total = u32::try_from(members.iter().filter(|m| m.listed).count()).unwrap_or(u32::MAX);
    let cohort_total = u32::try_from(members.len()).unwrap_or(u32::MAX);
    all.iter()
        .filter_map(|g| {
            let cohort = u32::try_from(members.iter().filter(|m| group(m) == *g).count()).unwrap_or(u32::MAX);
            if cohort == 0 {
                return None;
            }
            let listed = u32::try_from(members.iter().filter(|m| m.listed && group(m) == *g).count()).unwrap_or(0);
            let (listed_share, cohort_share) = (share(listed, listed_total), share(cohort, cohort_total));
            let ratio = (listed_total > 0).then(|| listed_share / cohort_share);
            let marked = ratio.is_some_and(|r| !(0.8..=1.25).contains(&r));
            Some(Line { group: *g, listed, cohort, listed_share, cohort_share, ratio, marked })
        })
        .collect()
}

/// The make-up of the listed members against all `members` (the cohort).
pub fn make_up(members: &[Member]) -> MakeUp {
    MakeUp {
        listed: u32::try_from(members.iter().filter(|m| m.listed).count()).unwrap_or(u32::MAX),
        cohort: u32::try_from(members.len()).unwrap_or(u32::MAX),
        ethnicity: lines(members, Ethnicity::ALL, |m| m.ethnicity),
        sex: lines(members, Sex::ALL, |m| m.sex),
        age: lines(members, AgeBand::ALL, |m| m.age),
    }
}
