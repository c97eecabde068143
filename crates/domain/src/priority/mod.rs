//! Priority: one score for every child in an area, so that a MACE and supervisors can see the
//! cohort in order, and each score's reasons. The score is the sum of factors, each with its
//! points and the facts behind it (shown in words on the page and in the API), from:
//! - the latest exploitation screening's tier;
//! - missing history: missing now, how often in the last 90 days, how recently, and whether
//!   it is rising (more in the last 90 days than in the 90 before);
//! - harm: episodes in the last six months with harm seen or disclosed on return or in the
//!   return home interview, and any episode graded high risk;
//! - approved exploitation markers (county lines, CSE, CCE, trafficking) on the child;
//! - vulnerability: looked after, placed out of area, aged 12 or under;
//! - open protective work: a child with risk and none recorded (no child protection or child
//!   in need plan, no NRM referral awaiting a decision) rises.
//!
//! The points of each factor are configuration (an area's rules carry them; see
//! [`Weights`]). No protected characteristic but age is an input: [`ChildFacts`] holds no
//! ethnicity, sex, gender, religion or disability, and is made from a person's record by
//! [`ChildFacts::of`], which reads only age, care status and placement. Age is one on purpose:
//! the issue asks for it as a vulnerability, as DOMAIN.md Appendix B does for under-13s, and
//! [`bias`] shows the list's make-up by age beside ethnicity and sex so that its effect is seen.
//!
//! Facts come as the caller sees them (already cut by sharing): a factor never rests on a
//! record the viewer's agency may not see.

pub mod bias;
mod weights;

pub use weights::{Factor, MAX_POINTS, Weights};

use crate::marker::{Marker, MarkerStatus, MarkerSubject, MarkerType};
use crate::missing::{MissingEpisode, RiskGrade};
use crate::nrm::NrmReferral;
use crate::person::{CareStatus, PersonDetails, age_on};
use crate::screening::{Screening, Tier};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// Days back that count as "recent" missing, and the window before it for the trend.
pub const RECENT_DAYS: i64 = 90;
/// Days back that harm and high-risk grades count.
pub const HARM_DAYS: i64 = 183;
/// The most episodes, harmed episodes and markers that each add points: beyond these the
/// factor has said what it can, and one factor should not swamp the others.
pub const EPISODES_COUNTED: u32 = 5;
pub const HARM_COUNTED: u32 = 3;
pub const MARKERS_COUNTED: u32 = 3;
/// Children this age or younger are the "young child" vulnerability.
pub const YOUNG_AGE: u32 = 12;

/// What the score reads about one child: no protected characteristic but age.
#[derive(Debug, Clone, Copy)]
pub struct ChildFacts<'a> {
    pub age: Option<u32>,
    pub care_status: CareStatus,
    pub placed_out_of_area: bool,
    /// The latest screening the viewer sees.
    pub screening: Option<&'a Screening>,
    /// The child's episodes the viewer sees.
    pub episodes: &'a [MissingEpisode],
    /// The child's markers the viewer sees (only open, approved exploitation markers count).
    pub markers: &'a [Marker],
    /// The child's NRM referrals the viewer sees.
    pub nrm: &'a [NrmReferral],
}

impl<'a> ChildFacts<'a> {
    /// The facts of a person's record that the score may read: age on `today`, care status and
    /// whether placed out of area. Nothing else of `details` is read.
    pub fn of(details: &PersonDetails, today: NaiveDate) -> ChildFacts<'static> {
        ChildFacts {
            age: details.date_of_birth.map(|dob| age_on(dob, today)),
            care_status: details.care_status,
            placed_out_of_area: details.placed_out_of_area(),
            screening: None,
            episodes: &[],
            markers: &[],
            nrm: &[],
        }
    }

    pub fn with(
        self,
        screening: Option<&'a Screening>,
        episodes: &'a [MissingEpisode],
        markers: &'a [Marker],
        nrm: &'a [NrmReferral],
    ) -> ChildFacts<'a> {
        ChildFacts { screening, episodes, markers, nrm, ..self }
    }
}

/// The facts behind one factor's points, for the words beside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    /// The latest screening's tier and the day it was made.
    Screening {
        tier: Tier,
        on: NaiveDate,
    },
    /// No screening the viewer can see.
    NotScreened,
    /// Missing now, since `since`.
    MissingNow {
        since: DateTime<Utc>,
    },
    /// `count` episodes reported in the last [`RECENT_DAYS`] days (`counted` of them scored).
    RecentEpisodes {
        count: u32,
        counted: u32,
    },
    /// Last missing `days` ago.
    LastMissing {
        days: i64,
    },
    /// `recent` episodes in the last 90 days against `before` in the 90 days before.
    Rising {
        recent: u32,
        before: u32,
    },
    /// `count` episodes in the last six months with harm seen or disclosed (`counted` scored).
    Harm {
        count: u32,
        counted: u32,
    },
    /// An episode in the last six months graded high risk.
    HighRisk {
        count: u32,
    },
    /// Approved exploitation markers, by type (`counted` scored).
    Markers {
        types: Vec<MarkerType>,
        counted: u32,
    },
    LookedAfter,
    PlacedOutOfArea,
    Young {
        age: u32,
    },
    /// Risk, and no open protective work the viewer can see.
    NoProtectiveWork,
    /// Open protective work (no points): which.
    ProtectiveWork {
        work: Vec<ProtectiveWork>,
    },
}

/// Work that protects a child, open now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectiveWork {
    ChildProtectionPlan,
    ChildInNeedPlan,
    /// An NRM referral with a decision still to come.
    NrmAwaitingDecision,
}

/// One factor's part of a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contribution {
    /// The factor whose weight gave the points (none for a fact shown for context only).
    pub factor: Option<Factor>,
    pub points: u32,
    pub fact: Fact,
}

/// A child's priority: the score and its reasons, largest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub score: u32,
    /// The latest screening's tier, for the list's filter; `None` when not screened.
    pub tier: Option<Tier>,
    pub contributions: Vec<Contribution>,
}

/// Exploitation markers: a child's vulnerability, never an offence (DOMAIN §8.2).
fn exploitation_marker(t: MarkerType) -> bool {
    matches!(t, MarkerType::CountyLines | MarkerType::AtRiskOfCse | MarkerType::AtRiskOfCce | MarkerType::Trafficking)
}

fn harmed(e: &MissingEpisode) -> bool {
    let on_return = e.found.as_ref().is_some_and(|f| f.disclosed || !f.harm_seen.trim().is_empty());
    let in_rhi = e.rhi.as_ref().is_some_and(|r| !r.harm.trim().is_empty() || !r.disclosures.trim().is_empty());
    on_return || in_rhi
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Scores one child at `now` with `weights`.
pub fn score(facts: &ChildFacts<'_>, weights: &Weights, now: DateTime<Utc>) -> Priority {
    let mut out: Vec<Contribution> = Vec::new();
    let mut add = |factor: Factor, times: u32, fact: Fact| {
        let points = weights.points(factor).saturating_mul(times);
        if points > 0 {
            out.push(Contribution { factor: Some(factor), points, fact });
        }
    };
    let today = crate::uktime::uk_date(now);
    let tier = facts.screening.map(|s| s.tier);
    if let Some(s) = facts.screening {
        let factor = match s.tier {
            Tier::Red => Factor::ScreeningRed,
            Tier::Amber => Factor::ScreeningAmber,
            Tier::Green => Factor::ScreeningGreen,
        };
        add(factor, 1, Fact::Screening { tier: s.tier, on: crate::uktime::uk_date(s.at) });
    }

    let recent_from = now - Duration::days(RECENT_DAYS);
    let before_from = recent_from - Duration::days(RECENT_DAYS);
    let reported_between = |from: DateTime<Utc>, to: DateTime<Utc>| {
        count(facts.episodes.iter().filter(|e| e.reported_at >= from && e.reported_at < to).count())
    };
    let recent = reported_between(recent_from, now + Duration::seconds(1));
    let before = reported_between(before_from, recent_from);
    if let Some(open) = facts.episodes.iter().filter(|e| e.is_open()).max_by_key(|e| e.reported_at) {
        add(Factor::MissingNow, 1, Fact::MissingNow { since: open.last_seen_at });
    } else if let Some(last) = facts.episodes.iter().filter_map(MissingEpisode::returned_at).max() {
        let days = (now - last).num_days().max(0);
        if days <= 7 {
            add(Factor::MissingLast7Days, 1, Fact::LastMissing { days });
        } else if days <= 30 {
            add(Factor::MissingLast30Days, 1, Fact::LastMissing { days });
        }
    }
    if recent > 0 {
        let counted = recent.min(EPISODES_COUNTED);
        add(Factor::RecentEpisode, counted, Fact::RecentEpisodes { count: recent, counted });
    }
    if recent >= 2 && recent > before {
        add(Factor::RisingTrend, 1, Fact::Rising { recent, before });
    }

    let harm_from = now - Duration::days(HARM_DAYS);
    let current: Vec<&MissingEpisode> = facts.episodes.iter().filter(|e| e.reported_at >= harm_from).collect();
    let harm = count(current.iter().filter(|e| harmed(e)).count());
    if harm > 0 {
        let counted = harm.min(HARM_COUNTED);
        add(Factor::Harm, counted, Fact::Harm { count: harm, counted });
    }
    let high = count(current.iter().filter(|e| e.gradings.iter().any(|g| g.grade == RiskGrade::High)).count());
    if high > 0 {
        add(Factor::HighRiskEpisode, 1, Fact::HighRisk { count: high });
    }

    let mut types: Vec<MarkerType> = facts
        .markers
        .iter()
        .filter(|m| matches!(m.subject, MarkerSubject::Person(_)))
        .filter(|m| m.status() == MarkerStatus::Active && exploitation_marker(m.marker_type))
        .map(|m| m.marker_type)
        .collect();
    types.sort();
    types.dedup();
    let marked = !types.is_empty();
    if marked {
        let counted = count(types.len()).min(MARKERS_COUNTED);
        add(Factor::ExploitationMarker, counted, Fact::Markers { types, counted });
    }

    if facts.care_status == CareStatus::LookedAfter {
        add(Factor::LookedAfter, 1, Fact::LookedAfter);
    }
    if facts.placed_out_of_area {
        add(Factor::PlacedOutOfArea, 1, Fact::PlacedOutOfArea);
    }
    if let Some(age) = facts.age.filter(|a| *a <= YOUNG_AGE) {
        add(Factor::YoungChild, 1, Fact::Young { age });
    }

    let mut work = Vec::new();
    match facts.care_status {
        CareStatus::ChildProtectionPlan => work.push(ProtectiveWork::ChildProtectionPlan),
        CareStatus::ChildInNeed => work.push(ProtectiveWork::ChildInNeedPlan),
        _ => {}
    }
    if facts.nrm.iter().any(|r| r.conclusive_grounds.is_none() && r.referred_on <= today) {
        work.push(ProtectiveWork::NrmAwaitingDecision);
    }
    // Risk is anything but the vulnerabilities alone: a screening above green, missing, harm,
    // a high grade or a marker.
    let at_risk = tier.is_some_and(|t| t > Tier::Green) || recent > 0 || harm > 0 || high > 0 || marked;
    if !work.is_empty() {
        out.push(Contribution { factor: None, points: 0, fact: Fact::ProtectiveWork { work } });
    } else if at_risk {
        let points = weights.points(Factor::NoProtectiveWork);
        if points > 0 {
            out.push(Contribution { factor: Some(Factor::NoProtectiveWork), points, fact: Fact::NoProtectiveWork });
        }
    }
    if facts.screening.is_none() {
        out.push(Contribution { factor: None, points: 0, fact: Fact::NotScreened });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.points));
    let score = out.iter().map(|c| c.points).fold(0u32, u32::saturating_add);
    Priority { score, tier, contributions: out }
}

/// A child in the list: who, and their priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ranked<T> {
    pub child: T,
    pub priority: Priority,
}

/// Orders a cohort: highest score first; among equals, the higher tier, then `tie` (the caller's
/// stable key: a name, say) so that the list reads the same each time.
pub fn rank<T, K: Ord>(mut list: Vec<Ranked<T>>, tie: impl Fn(&T) -> K) -> Vec<Ranked<T>> {
    list.sort_by(|a, b| {
        b.priority
            .score
            .cmp(&a.priority.score)
            .then(b.priority.tier.cmp(&a.priority.tier))
            .then_with(|| tie(&a.child).cmp(&tie(&b.child)))
    });
    list
}

#[cfg(test)]
mod tests;
