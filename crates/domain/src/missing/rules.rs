//! Local rules for missing episodes, configured per area and versioned, with two presets.
//!
//! **England** ([`Preset::England`], also the install's default): the return home interview
//! within 72 hours of return (statutory guidance, DfE 2014 ✅); NAIRA off, with a 6-hour hold
//! where a force switches it on (Torbay, seed 004); repeat missing at 3 episodes in 90 days
//! prompting a strategy discussion (a local rule, not national ❌); a long episode over 24 hours
//! (local ◐). Review intervals have no national source (❌): the defaults below are a starting
//! point for each force to set.
//!
//! **Wales** ([`Preset::Wales`]): the All Wales Practice Guide *Safeguarding children who go
//! missing from home or care* (2021). The interview is called a **debrief** ✅ and was
//! historically not statutory ✅; whether the guide sets 72 hours or another timescale is not
//! verified ❌, so the preset's hours are a placeholder marked to be set locally. Missing
//! episodes of care-experienced young adults are kept up to 25, as the All Wales protocol on
//! reducing the criminalisation of children in care and care leavers (2022) covers them ✅.
//!
//! Every value that no source fixes is listed in [`MissingRules::to_set_locally`], so that the
//! rules page says which numbers are still placeholders. Each saved version of an area's rules
//! is a [`RulesVersion`]; every decision records the version that made it.

use super::grade::RiskGrade;
use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AreaId, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest any interval may be set to: a year of hours. Longer is a typing mistake (and
/// would overflow a time computed from it).
pub const MAX_HOURS: i64 = 24 * 365;
/// The longest a NAIRA hold may be (as `haven serve --naira-hold-hours` allows).
pub const MAX_NAIRA_HOURS: i64 = 24;
/// The longest window of a repeat-missing rule: two years.
pub const MAX_WINDOW_DAYS: i64 = 730;
/// The most episodes a repeat-missing rule may count.
pub const MAX_REPEAT_EPISODES: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NairaRule {
    /// The longest the control room may hold a NAIRA report.
    pub max_hold_hours: i64,
    /// The grade a report takes by itself when the hold expires with the child still missing.
    pub escalate_to: RiskGrade,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewKind {
    Supervisor,
    Inspector,
}

impl ReviewKind {
    pub const ALL: &'static [ReviewKind] = &[ReviewKind::Supervisor, ReviewKind::Inspector];

    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::Supervisor => "supervisor",
            ReviewKind::Inspector => "inspector",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRule {
    pub grade: RiskGrade,
    pub kind: ReviewKind,
    /// Hours after the grading (and after each review of this kind) that the next is due.
    pub every_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatRule {
    /// How many episodes within the window …
    pub episodes: u32,
    pub window_days: i64,
    /// … prompt this action (a [`RepeatAction`] code: `strategy_discussion`, `rhi_priority`…).
    pub action: String,
}

code_enum!(
    /// What a repeat-missing rule prompts (DOMAIN.md 2.3's example presets).
    RepeatAction {
        StrategyDiscussion => "strategy_discussion",
        MultiAgencyMeeting => "multi_agency_meeting",
        RhiPriority => "rhi_priority",
    }
);

code_enum!(
    /// What the interview after a child's return is called: a return home interview in
    /// England, a debrief in Wales.
    RhiTerm {
        ReturnHomeInterview => "return_home_interview",
        Debrief => "debrief",
    }
);

code_enum!(
    /// Whose missing episodes the area keeps: children only, or care-experienced young adults
    /// as well, up to 25 (the All Wales protocol). Enforced when a report is made (issue 18).
    EpisodeAges {
        Children => "children",
        CareLeaversTo25 => "care_leavers_to_25",
    }
);

code_enum!(
    /// The settings of the rules, as named on every edge; those in
    /// [`MissingRules::to_set_locally`] are placeholders no source fixes.
    Setting {
        RhiWithinHours => "rhi_within_hours",
        Reviews => "reviews",
        Repeat => "repeat",
        LongEpisodeHours => "long_episode_hours",
        Naira => "naira",
        LowestGrade => "lowest_grade",
        Ages => "ages",
    }
);

code_enum!(
    /// A starting point for an area's rules.
    Preset {
        England => "england",
        Wales => "wales",
    }
);

impl Preset {
    pub fn rules(self) -> MissingRules {
        match self {
            Preset::England => MissingRules::default(),
            Preset::Wales => MissingRules::wales(),
        }
    }
}

fn default_rhi_term() -> RhiTerm {
    RhiTerm::ReturnHomeInterview
}

fn default_lowest_grade() -> RiskGrade {
    RiskGrade::Low
}

fn default_ages() -> EpisodeAges {
    EpisodeAges::Children
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingRules {
    /// Recorded with every decision these rules make.
    pub version: String,
    /// `None`: NAIRA is switched off and cannot be chosen.
    pub naira: Option<NairaRule>,
    pub reviews: Vec<ReviewRule>,
    pub rhi_within_hours: i64,
    pub repeat: Vec<RepeatRule>,
    pub long_episode_hours: i64,
    /// What the interview after return is called where the pages name it.
    #[serde(default = "default_rhi_term")]
    pub rhi_term: RhiTerm,
    /// The lowest grade a new report may be given: `low`, or `very_low` (the APP's latest
    /// lowest tier) where the force uses it. Enforced when a report is graded (issue 18).
    #[serde(default = "default_lowest_grade")]
    pub lowest_grade: RiskGrade,
    /// Whose episodes are kept: children, or care leavers up to 25 as well.
    #[serde(default = "default_ages")]
    pub ages: EpisodeAges,
    /// Settings whose values are placeholders, still to be set locally.
    #[serde(default)]
    pub to_set_locally: Vec<Setting>,
    /// The points of each factor of the area's priority list (not a missing-episode rule, but
    /// the area's configuration, versioned and audited with the rest).
    #[serde(default)]
    pub priority: crate::priority::Weights,
}

fn review(grade: RiskGrade, kind: ReviewKind, every_hours: i64) -> ReviewRule {
    ReviewRule { grade, kind, every_hours }
}

impl Default for MissingRules {
    /// The England preset, which is also what an area without rules of its own runs under.
    fn default() -> Self {
        Self {
            version: "haven-default-2026-11".into(),
            naira: None,
            reviews: vec![
                review(RiskGrade::High, ReviewKind::Supervisor, 1),
                review(RiskGrade::High, ReviewKind::Inspector, 4),
                review(RiskGrade::Medium, ReviewKind::Supervisor, 4),
                review(RiskGrade::Medium, ReviewKind::Inspector, 12),
                review(RiskGrade::Low, ReviewKind::Supervisor, 12),
                review(RiskGrade::Low, ReviewKind::Inspector, 24),
            ],
            rhi_within_hours: 72,
            repeat: vec![RepeatRule { episodes: 3, window_days: 90, action: "strategy_discussion".into() }],
            long_episode_hours: 24,
            rhi_term: RhiTerm::ReturnHomeInterview,
            lowest_grade: RiskGrade::Low,
            ages: EpisodeAges::Children,
            // The 72 hours are statutory in England; these have no national source.
            to_set_locally: vec![Setting::Reviews, Setting::Repeat, Setting::LongEpisodeHours],
            priority: crate::priority::Weights::default(),
        }
    }
}

impl MissingRules {
    /// The England preset (the defaults).
    pub fn england() -> Self {
        Self::default()
    }

    /// The Wales preset: the All Wales practice guide's debrief, whose timescale is not
    /// verified (72 hours as a placeholder, to be set locally), and episodes of care leavers up
    /// to 25 (the All Wales protocol).
    pub fn wales() -> Self {
        Self {
            version: "wales-2026-11".into(),
            rhi_term: RhiTerm::Debrief,
            ages: EpisodeAges::CareLeaversTo25,
            to_set_locally: vec![Setting::RhiWithinHours, Setting::Reviews, Setting::Repeat, Setting::LongEpisodeHours],
            ..Self::default()
        }
    }

    /// The defaults with NAIRA switched on as piloted in Torbay: a 6-hour hold.
    pub fn with_naira_pilot(mut self) -> Self {
        self.naira = Some(NairaRule { max_hold_hours: 6, escalate_to: RiskGrade::Medium });
        self
    }

    pub fn rhi_within(&self) -> Duration {
        Duration::hours(self.rhi_within_hours)
    }

    pub fn long_episode(&self) -> Duration {
        Duration::hours(self.long_episode_hours)
    }

    /// Whether a setting's value is a placeholder, still to be set locally.
    pub fn is_placeholder(&self, setting: Setting) -> bool {
        self.to_set_locally.contains(&setting)
    }

    /// The grades a new report may be given under these rules, highest first.
    pub fn grades_given(&self) -> Vec<RiskGrade> {
        let mut grades = RiskGrade::CURRENT.to_vec();
        if self.lowest_grade == RiskGrade::VeryLow {
            grades.push(RiskGrade::VeryLow);
        }
        grades
    }

    /// The interval of one review, if the rules set one.
    pub fn review_every(&self, grade: RiskGrade, kind: ReviewKind) -> Option<i64> {
        self.reviews.iter().find(|r| r.grade == grade && r.kind == kind).map(|r| r.every_hours)
    }

    /// The settings (as the edges name them) in which these rules differ from `before`: what an
    /// audit event of a new version records.
    pub fn changed_from(&self, before: &MissingRules) -> Vec<&'static str> {
        [
            ("rhi_term", self.rhi_term != before.rhi_term),
            ("rhi_within_hours", self.rhi_within_hours != before.rhi_within_hours),
            ("long_episode_hours", self.long_episode_hours != before.long_episode_hours),
            ("lowest_grade", self.lowest_grade != before.lowest_grade),
            ("ages", self.ages != before.ages),
            ("naira", self.naira != before.naira),
            ("reviews", sorted_reviews(self) != sorted_reviews(before)),
            ("repeat", self.repeat != before.repeat),
            ("to_set_locally", sorted_settings(self) != sorted_settings(before)),
            ("priority", self.priority != before.priority),
        ]
        .into_iter()
        .filter_map(|(name, changed)| changed.then_some(name))
        .collect()
    }

    /// Checks a configuration before it is saved, naming each setting that is wrong as the
    /// edges name it: `rhi_within_hours`, `long_episode_hours`, `reviews.high.supervisor`,
    /// `naira.max_hold_hours`, `naira.escalate_to`, `repeat.0.episodes`, `lowest_grade`.
    pub fn check(&self) -> Result<(), Invalid> {
        let mut e = Invalid::default();
        hours(&mut e, "rhi_within_hours", self.rhi_within_hours, MAX_HOURS);
        hours(&mut e, "long_episode_hours", self.long_episode_hours, MAX_HOURS);
        if !matches!(self.lowest_grade, RiskGrade::Low | RiskGrade::VeryLow) {
            e.push("lowest_grade", "lowest-grade");
        }
        if let Some(n) = &self.naira {
            hours(&mut e, "naira.max_hold_hours", n.max_hold_hours, MAX_NAIRA_HOURS);
            if !RiskGrade::CURRENT.contains(&n.escalate_to) {
                e.push("naira.escalate_to", "escalation-grade");
            }
        }
        let given = self.grades_given();
        for (i, r) in self.reviews.iter().enumerate() {
            let field = review_field(r.grade, r.kind);
            if self.reviews[..i].iter().any(|s| s.grade == r.grade && s.kind == r.kind) {
                e.push(field, "repeated");
            } else if !given.contains(&r.grade) {
                e.push(field, "grade-not-given");
            } else {
                hours(&mut e, &field, r.every_hours, MAX_HOURS);
            }
        }
        // Every grade a report may be given is reviewed by a supervisor (the APP: supervisors
        // "regularly review and confirm the risk assessment").
        for grade in &given {
            if self.review_every(*grade, ReviewKind::Supervisor).is_none() {
                e.push(review_field(*grade, ReviewKind::Supervisor), "required");
            }
        }
        for (i, r) in self.repeat.iter().enumerate() {
            if r.episodes == 0 {
                e.push(format!("repeat.{i}.episodes"), "must-be-positive");
            } else if r.episodes > MAX_REPEAT_EPISODES {
                e.push(format!("repeat.{i}.episodes"), "too-large");
            }
            hours(&mut e, &format!("repeat.{i}.window_days"), r.window_days, MAX_WINDOW_DAYS);
            if let Err(code) = RepeatAction::parse(&r.action) {
                e.push(format!("repeat.{i}.action"), code);
            }
        }
        if let Err((factor, code)) = self.priority.check() {
            e.push(crate::priority::Weights::setting(factor), code);
        }
        e.into_result()
    }
}

fn sorted_reviews(rules: &MissingRules) -> Vec<(RiskGrade, &'static str, i64)> {
    let mut out: Vec<_> = rules.reviews.iter().map(|r| (r.grade, r.kind.code(), r.every_hours)).collect();
    out.sort();
    out
}

fn sorted_settings(rules: &MissingRules) -> Vec<Setting> {
    let mut out = rules.to_set_locally.clone();
    out.sort();
    out.dedup();
    out
}

/// The name of one review's setting: `reviews.high.supervisor`.
pub fn review_field(grade: RiskGrade, kind: ReviewKind) -> String {
    format!("reviews.{}.{}", grade.code(), kind.code())
}

/// A count of hours (or days) must be at least 1 and at most `max`.
fn hours(e: &mut Invalid, field: &str, value: i64, max: i64) {
    if value <= 0 {
        e.push(field, "must-be-positive");
    } else if value > max {
        e.push(field, "too-large");
    }
}

/// One saved version of an area's rules. Versions are only ever added: an episode's decisions
/// name the version that made them (`rules.version`, which is [`RulesVersion::label`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesVersion {
    pub area_id: AreaId,
    /// 1 for an area's first version, then one more each time.
    pub number: i64,
    pub rules: MissingRules,
    /// From when these rules decide the area's episodes.
    pub applies_from: DateTime<Utc>,
    pub saved_at: DateTime<Utc>,
    /// `None` when saved at the command line.
    pub saved_by: Option<UserId>,
    /// Who saved it, for people reading the history: a username or `cli`.
    pub saved_by_label: String,
}

impl RulesVersion {
    /// The version's name, recorded with every decision it makes: `CARDIFF v3`.
    pub fn label(area_code: &str, number: i64) -> String {
        format!("{area_code} v{number}")
    }
}

/// The version in force at `at`: of those applying by then, the one that applies latest (the
/// higher number where two apply from the same moment). `None` before the first applies.
pub fn in_force(versions: &[RulesVersion], at: DateTime<Utc>) -> Option<&RulesVersion> {
    versions.iter().filter(|v| v.applies_from <= at).max_by_key(|v| (v.applies_from, v.number))
}

/// The rules deciding each area's episodes at one moment: the version in force for each area
/// that has one, and the install's default for every other episode (and one with no area).
/// The one place a listing (the board, the worklists, the brief, the NAIRA job) asks which
/// rules an episode runs under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesBook {
    default: MissingRules,
    areas: BTreeMap<AreaId, MissingRules>,
}

impl RulesBook {
    /// The install's `default`, with `in_force` (one version per area) over it.
    pub fn new(default: MissingRules, in_force: impl IntoIterator<Item = RulesVersion>) -> Self {
        Self { default, areas: in_force.into_iter().map(|v| (v.area_id, v.rules)).collect() }
    }

    /// The rules of an episode in `area`.
    pub fn of(&self, area: Option<AreaId>) -> &MissingRules {
        area.and_then(|a| self.areas.get(&a)).unwrap_or(&self.default)
    }

    /// The install's default and every area's rules.
    pub fn all(&self) -> impl Iterator<Item = &MissingRules> {
        std::iter::once(&self.default).chain(self.areas.values())
    }

    /// Whether NAIRA is switched on anywhere.
    pub fn any_naira(&self) -> bool {
        self.all().any(|r| r.naira.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(rules: &MissingRules) -> Vec<(String, &'static str)> {
        rules.check().err().unwrap_or_default().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn the_defaults_are_valid_and_naira_is_off() {
        let rules = MissingRules::default();
        assert_eq!(rules.check(), Ok(()));
        assert!(rules.naira.is_none());
        assert_eq!(rules.rhi_within(), Duration::hours(72));
        assert_eq!(rules.with_naira_pilot().naira.map(|n| n.max_hold_hours), Some(6));
    }

    #[test]
    fn both_presets_are_valid_and_say_what_is_a_placeholder() {
        for preset in Preset::ALL {
            assert_eq!(preset.rules().check(), Ok(()), "{preset}");
        }
        let england = Preset::England.rules();
        assert_eq!(england, MissingRules::default());
        assert_eq!((england.rhi_term, england.ages), (RhiTerm::ReturnHomeInterview, EpisodeAges::Children));
        // 72 hours is statutory in England, not a placeholder; review intervals are.
        assert!(!england.is_placeholder(Setting::RhiWithinHours));
        assert!(england.is_placeholder(Setting::Reviews));
        let wales = Preset::Wales.rules();
        assert_eq!(wales.rhi_term, RhiTerm::Debrief);
        assert_eq!(wales.ages, EpisodeAges::CareLeaversTo25);
        assert!(wales.is_placeholder(Setting::RhiWithinHours), "the Welsh debrief's timescale is not verified");
        assert!(wales.naira.is_none());
        assert_eq!(wales.lowest_grade, RiskGrade::Low);
    }

    #[test]
    fn nonsense_configuration_is_refused_by_the_setting_that_is_wrong() {
        let rules = MissingRules { rhi_within_hours: 0, ..MissingRules::default() };
        assert_eq!(fields(&rules), [("rhi_within_hours".to_owned(), "must-be-positive")]);
        let rules = MissingRules { long_episode_hours: MAX_HOURS + 1, ..MissingRules::default() };
        assert_eq!(fields(&rules), [("long_episode_hours".to_owned(), "too-large")]);
        let mut rules = MissingRules::default().with_naira_pilot();
        rules.naira = Some(NairaRule { max_hold_hours: 30, escalate_to: RiskGrade::Naira });
        assert_eq!(
            fields(&rules),
            [("naira.max_hold_hours".to_owned(), "too-large"), ("naira.escalate_to".to_owned(), "escalation-grade")]
        );
        let rules = MissingRules { lowest_grade: RiskGrade::Medium, ..MissingRules::default() };
        assert_eq!(fields(&rules), [("lowest_grade".to_owned(), "lowest-grade")]);
    }

    #[test]
    fn reviews_are_named_by_grade_and_kind_and_every_grade_given_has_a_supervisor_review() {
        let mut rules = MissingRules::default();
        rules.reviews.retain(|r| !(r.grade == RiskGrade::Medium && r.kind == ReviewKind::Supervisor));
        rules.reviews[0].every_hours = -1;
        rules.reviews.push(review(RiskGrade::High, ReviewKind::Inspector, 2));
        rules.reviews.push(review(RiskGrade::Naira, ReviewKind::Supervisor, 2));
        assert_eq!(
            fields(&rules),
            [
                ("reviews.high.supervisor".to_owned(), "must-be-positive"),
                ("reviews.high.inspector".to_owned(), "repeated"),
                ("reviews.naira.supervisor".to_owned(), "grade-not-given"),
                ("reviews.medium.supervisor".to_owned(), "required"),
            ]
        );
        // Very low allowed: it needs its own supervisor review.
        let rules = MissingRules { lowest_grade: RiskGrade::VeryLow, ..MissingRules::default() };
        assert_eq!(fields(&rules), [("reviews.very_low.supervisor".to_owned(), "required")]);
    }

    #[test]
    fn repeat_rules_are_named_by_position() {
        let mut rules = MissingRules::default();
        rules.repeat.push(RepeatRule { episodes: 0, window_days: 9999, action: "party".into() });
        assert_eq!(
            fields(&rules),
            [
                ("repeat.1.episodes".to_owned(), "must-be-positive"),
                ("repeat.1.window_days".to_owned(), "too-large"),
                ("repeat.1.action".to_owned(), "unknown-code"),
            ]
        );
    }

    #[test]
    fn the_book_gives_an_area_its_own_rules_and_everyone_else_the_default() {
        let (north, south) = (AreaId(uuid::Uuid::from_u128(1)), AreaId(uuid::Uuid::from_u128(2)));
        let wales = RulesVersion {
            area_id: north,
            number: 1,
            rules: Preset::Wales.rules(),
            applies_from: DateTime::<Utc>::UNIX_EPOCH,
            saved_at: DateTime::<Utc>::UNIX_EPOCH,
            saved_by: None,
            saved_by_label: "cli".into(),
        };
        let book = RulesBook::new(MissingRules::default(), [wales]);
        assert_eq!(book.of(Some(north)).rhi_term, RhiTerm::Debrief);
        assert_eq!(book.of(Some(south)), &MissingRules::default());
        assert_eq!(book.of(None), &MissingRules::default());
        assert!(!book.any_naira());
        assert!(RulesBook::new(MissingRules::default().with_naira_pilot(), []).any_naira());
    }

    #[test]
    fn a_change_names_the_settings_it_changed() {
        let england = Preset::England.rules();
        assert_eq!(england.changed_from(&england), Vec::<&str>::new());
        assert_eq!(Preset::Wales.rules().changed_from(&england), ["rhi_term", "ages", "to_set_locally"]);
        let mut reordered = england.clone();
        reordered.reviews.reverse();
        assert_eq!(reordered.changed_from(&england), Vec::<&str>::new(), "the order of reviews is no change");
        let naira = england.clone().with_naira_pilot();
        assert_eq!(naira.changed_from(&england), ["naira"]);
    }

    #[test]
    fn the_version_in_force_is_the_latest_applying_by_then() {
        let t = |h: i64| DateTime::<Utc>::UNIX_EPOCH + Duration::hours(h);
        let v = |number, applies| RulesVersion {
            area_id: AreaId(uuid::Uuid::nil()),
            number,
            rules: MissingRules::default(),
            applies_from: t(applies),
            saved_at: t(0),
            saved_by: None,
            saved_by_label: "cli".into(),
        };
        // v2 scheduled for hour 100; v3 saved later to apply at once, from hour 10.
        let versions = [v(1, 0), v(2, 100), v(3, 10)];
        assert_eq!(in_force(&versions, t(5)).map(|v| v.number), Some(1));
        assert_eq!(in_force(&versions, t(50)).map(|v| v.number), Some(3));
        assert_eq!(in_force(&versions, t(100)).map(|v| v.number), Some(2));
        assert_eq!(in_force(&versions[1..2], t(5)), None);
        let same = [v(1, 10), v(2, 10)];
        assert_eq!(in_force(&same, t(10)).map(|v| v.number), Some(2));
        assert_eq!(RulesVersion::label("CARDIFF", 3), "CARDIFF v3");
    }
}
