//! A missing episode's facts and the checks on them: report, grading, return and return home
//! interview. Each check collects every problem with the field it belongs to, so a tired
//! officer sees them all at once and nothing is written until all are right.

use super::grade::RiskGrade;
use super::rules::{EpisodeAges, MissingRules};
use crate::code_enum;
use crate::error::Invalid;
use crate::ids::UserId;
use crate::person::{CareStatus, PersonDetails, PersonKind, age_on};
use crate::text::clean;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Clocks on different machines disagree a little: a time up to this far ahead of the server's
/// is taken as "now", not as "in the future".
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// The longest rationale or note kept in one field.
pub const MAX_NARRATIVE: usize = 4000;

/// The longest a child can have been gone before the report is made: a year. A last-seen time
/// further back is a typing slip (1996 for 2026, a wrong century), never a real report, and
/// would make the episode "long" and the child "missing for decades" on every page.
pub const MAX_DAYS_SEEN_BEFORE_REPORT: i64 = 366;

code_enum!(
    /// Who reported the child missing.
    ReporterKind {
        Parent => "parent",
        FosterCarer => "foster_carer",
        ChildrensHomeStaff => "childrens_home_staff",
        School => "school",
        Hospital => "hospital",
        Other => "other",
    }
);

code_enum!(
    /// An answer to a question of the risk questionnaire.
    Answer {
        Yes => "yes",
        No => "no",
        NotKnown => "not_known",
    }
);

/// The call-taker's questions (West Midlands Police's twelve, DOMAIN.md §1.4), by stable code.
pub const RISK_QUESTIONS: &[&str] = &[
    "out_of_character",
    "contact_or_whereabouts",
    "intentions_and_search",
    "with_whom",
    "danger_to_self_or_others",
    "medical_needs",
    "self_harm_or_suicide",
    "risk_of_harm_or_crime",
    "abuse_or_sexual_exploitation",
    "supported_by_services",
    "behaviour_before",
    "other_concerns",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskAnswer {
    pub question: String,
    pub answer: Answer,
}

#[cfg(test)]
impl RiskAnswer {
    /// Every question answered "not known".
    pub fn all_not_known() -> Vec<RiskAnswer> {
        RISK_QUESTIONS.iter().map(|q| RiskAnswer { question: (*q).to_owned(), answer: Answer::NotKnown }).collect()
    }
}

/// One grading of an episode: the first at report, then every regrade, each kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grading {
    pub grade: RiskGrade,
    pub rationale: String,
    pub answers: Vec<RiskAnswer>,
    pub graded_at: DateTime<Utc>,
    /// `None` when the system graded by itself (a NAIRA hold expiring).
    pub graded_by: Option<UserId>,
    pub rules_version: String,
    /// Why a NAIRA grade is safe for a child with concerns ([`NairaConcerns`]); `None` for other
    /// grades and where none was given.
    #[serde(default)]
    pub naira_reason: Option<String>,
}

fn in_future(at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    at > now + Duration::minutes(CLOCK_SKEW_MINUTES)
}

/// Checks the times of a new report: nothing in the future, last seen no later than reported,
/// and no more than [`MAX_DAYS_SEEN_BEFORE_REPORT`] days before it.
pub fn check_report_times(
    reported_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
    errors: &mut Invalid,
) {
    if in_future(reported_at, now) {
        errors.push("reported_at", "in-future");
    }
    if in_future(last_seen_at, now) {
        errors.push("last_seen_at", "in-future");
    } else if last_seen_at > reported_at {
        errors.push("last_seen_at", "after-reported");
    } else if reported_at - last_seen_at > Duration::days(MAX_DAYS_SEEN_BEFORE_REPORT) {
        errors.push("last_seen_at", "too-long-before-report");
    }
}

/// Who a report would be about, as far as whose episodes an area keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: PersonKind,
    pub date_of_birth: Option<NaiveDate>,
    pub care_status: CareStatus,
}

impl Subject {
    pub fn of(details: &PersonDetails) -> Self {
        Self { kind: details.kind, date_of_birth: details.date_of_birth, care_status: details.care_status }
    }

    /// A child whose date of birth is not recorded.
    pub fn child_of_unknown_age() -> Self {
        Self { kind: PersonKind::Child, date_of_birth: None, care_status: CareStatus::NotKnown }
    }
}

/// Whether the area keeps a missing episode of `subject` beginning on `on` (the UK date they
/// were last seen). Missing-episode work is for children: under 18 by their date of birth, or
/// recorded as a child where it is not known. Where the area's rules say so
/// ([`EpisodeAges::CareLeaversTo25`], the All Wales protocol), care leavers up to 25 as well,
/// which needs a date of birth to tell. Anyone else is refused with a code that says which rule:
/// `not-a-child`, or `not-a-child-or-young-care-leaver` where care leavers are kept.
pub fn check_episode_age(subject: &Subject, on: NaiveDate, ages: EpisodeAges) -> Result<(), &'static str> {
    let age = subject.date_of_birth.map(|dob| age_on(dob, on));
    let child = match age {
        Some(age) => age < 18,
        None => subject.kind == PersonKind::Child,
    };
    match ages {
        _ if child => Ok(()),
        EpisodeAges::Children => Err("not-a-child"),
        EpisodeAges::CareLeaversTo25
            if subject.care_status == CareStatus::CareLeaver && age.is_some_and(|a| a < 25) =>
        {
            Ok(())
        }
        EpisodeAges::CareLeaversTo25 => Err("not-a-child-or-young-care-leaver"),
    }
}

/// A grading as entered: the grade's code, the rationale, questionnaire answers as
/// (question code, answer code) pairs, and the reason for a NAIRA grade despite concerns.
#[derive(Debug, Clone, Copy)]
pub struct GradingInput<'a> {
    pub grade: &'a str,
    pub rationale: &'a str,
    pub answers: &'a [(String, String)],
    pub naira_reason: &'a str,
}

/// Why deferring the police response (NAIRA) may not be safe for this child: exploitation
/// concerns (a screening at amber or red, or an open exploitation marker) or a repeat-missing
/// flag. NAIRA stays the grader's choice, but with these it needs a reason that answers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct NairaConcerns {
    pub exploitation: bool,
    pub repeat_missing: bool,
}

impl NairaConcerns {
    pub fn any(self) -> bool {
        self.exploitation || self.repeat_missing
    }
}

/// Who graded, when, whether the grading comes from imported history, and what is known of
/// the child that weighs against a NAIRA grade.
#[derive(Debug, Clone, Copy)]
pub struct GradingContext {
    pub graded_at: DateTime<Utc>,
    pub graded_by: Option<UserId>,
    pub imported: bool,
    pub concerns: NairaConcerns,
}

/// Parses a grading. A rationale is required for every grading (NPCC, 2015: decisions "based
/// around risk and the rationale … suitably documented"). The lowest grade is the area's choice:
/// `very_low` only where its rules use it ([`MissingRules::lowest_grade`]); the older "no
/// apparent risk" only on imported history; NAIRA only where the force's rules switch it on.
pub fn parse_grading(
    input: &GradingInput<'_>,
    rules: &MissingRules,
    context: GradingContext,
    errors: &mut Invalid,
) -> Option<Grading> {
    let GradingContext { graded_at, graded_by, imported, concerns } = context;
    let grade = match RiskGrade::parse(input.grade) {
        Ok(RiskGrade::VeryLow) if rules.lowest_grade == RiskGrade::VeryLow || imported => Some(RiskGrade::VeryLow),
        Ok(RiskGrade::VeryLow) => {
            errors.push("risk_grade", "very-low-not-used");
            None
        }
        Ok(g) if g.is_legacy() && !imported => {
            errors.push("risk_grade", "legacy-grade");
            None
        }
        Ok(RiskGrade::Naira) if rules.naira.is_none() && !imported => {
            errors.push("risk_grade", "naira-not-enabled");
            None
        }
        other => errors.check("risk_grade", other),
    };
    let rationale = errors.check("risk_rationale", clean(input.rationale, MAX_NARRATIVE, true));
    let mut parsed = Vec::new();
    for (question, answer) in input.answers {
        if !RISK_QUESTIONS.contains(&question.as_str()) {
            errors.push(format!("answers.{question}"), "unknown-code");
            continue;
        }
        if let Some(answer) = errors.check(&format!("answers.{question}"), Answer::parse(answer)) {
            parsed.push(RiskAnswer { question: question.clone(), answer });
        }
    }
    // NAIRA for a child with concerns warns on the form and needs its reason; imported
    // history is taken as it was recorded.
    let naira_reason = match grade {
        Some(RiskGrade::Naira) if !imported => {
            let typed = !input.naira_reason.trim().is_empty();
            if !typed && concerns.any() {
                errors.push("naira_reason", "required-with-concerns");
            }
            if typed { errors.check("naira_reason", clean(input.naira_reason, MAX_NARRATIVE, true)) } else { None }
        }
        _ => None,
    };
    Some(Grading {
        grade: grade?,
        rationale: rationale?,
        answers: parsed,
        graded_at,
        graded_by,
        rules_version: rules.version.clone(),
        naira_reason,
    })
}

/// Refuses a second open episode for a child who is already missing.
pub fn check_not_already_missing(has_open_episode: bool, errors: &mut Invalid) {
    if has_open_episode {
        errors.push("person_id", "already-missing");
    }
}

/// Checks the time of a return: not in the future, not before the child was last seen or
/// reported, and only for an open episode.
pub fn check_return(
    returned_at: DateTime<Utc>,
    reported_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    already_returned: bool,
    now: DateTime<Utc>,
    errors: &mut Invalid,
) {
    if already_returned {
        errors.push("returned_at", "already-returned");
    } else if in_future(returned_at, now) {
        errors.push("returned_at", "in-future");
    } else if returned_at < last_seen_at {
        errors.push("returned_at", "before-last-seen");
    } else if returned_at < reported_at {
        errors.push("returned_at", "before-reported");
    }
}

code_enum!(
    /// What became of the offer of a return home interview.
    RhiOutcome {
        Held => "held",
        Declined => "declined",
        NotPossible => "not_possible",
    }
);

code_enum!(
    /// Whether the child agreed to what they said in a return home interview being shared.
    Consent {
        Given => "given",
        Refused => "refused",
        NotAsked => "not_asked",
    }
);

/// Checks when an RHI (or a step towards it) was offered or held: only after the child
/// returned, never in the future. A problem is named by `field`, the form's field of the time.
pub fn check_rhi_time(
    field: &str,
    at: DateTime<Utc>,
    returned_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    errors: &mut Invalid,
) {
    match returned_at {
        None => errors.push("episode", "not-returned"),
        Some(_) if in_future(at, now) => errors.push(field, "in-future"),
        Some(returned) if at < returned => errors.push(field, "before-return"),
        Some(_) => {}
    }
}

/// The quality of a return home interview, so that providers are judged on quality and not on
/// the number held (seed 000, 3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhiQuality {
    pub within_time: bool,
    pub in_person: bool,
    pub child_voice_recorded: bool,
    pub information_shared: bool,
    pub follow_up_actions: bool,
}

impl RhiQuality {
    /// How many of the five measures were met.
    pub fn score(self) -> u8 {
        [self.within_time, self.in_person, self.child_voice_recorded, self.information_shared, self.follow_up_actions]
            .into_iter()
            .map(u8::from)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc) + Duration::hours(h)
    }

    fn grading(grade: &str, rationale: &str, rules: &MissingRules, imported: bool) -> Result<Grading, Invalid> {
        let mut e = Invalid::default();
        let input = GradingInput { grade, rationale, answers: &[], naira_reason: "" };
        let context = GradingContext { graded_at: t(0), graded_by: None, imported, concerns: NairaConcerns::default() };
        let g = parse_grading(&input, rules, context, &mut e);
        match g {
            Some(g) if e.is_empty() => Ok(g),
            _ => Err(e),
        }
    }

    #[test]
    fn report_times_must_be_in_order_and_not_in_the_future() {
        let mut e = Invalid::default();
        check_report_times(t(0), t(-3), t(0), &mut e);
        assert!(e.is_empty());
        check_report_times(t(2), t(1), t(0), &mut e);
        check_report_times(t(0), t(0) + Duration::minutes(4), t(0) + Duration::minutes(3), &mut e);
        let codes: Vec<_> = e.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            [("reported_at", "in-future"), ("last_seen_at", "in-future"), ("last_seen_at", "after-reported")]
        );
    }

    #[test]
    fn a_grade_needs_a_rationale_and_a_current_grade() {
        let rules = MissingRules::default();
        assert!(grading("high", "Aged 13, CSE markers, out of character", &rules, false).is_ok());
        assert_eq!(grading("high", "   ", &rules, false), Err(Invalid::one("risk_rationale", "required")));
        assert_eq!(grading("no_apparent_risk", "x", &rules, false), Err(Invalid::one("risk_grade", "legacy-grade")));
        assert!(grading("no_apparent_risk", "imported", &rules, true).is_ok());
        assert_eq!(grading("naira", "x", &rules, false), Err(Invalid::one("risk_grade", "naira-not-enabled")));
        assert!(grading("naira", "x", &rules.clone().with_naira_pilot(), false).is_ok());
        assert_eq!(grading("", "x", &rules, false), Err(Invalid::one("risk_grade", "required")));
    }

    #[test]
    fn naira_for_a_child_with_concerns_needs_a_reason_that_is_kept() {
        let rules = MissingRules::default().with_naira_pilot();
        let grade = |reason: &str, concerns: NairaConcerns, grade: &str, imported: bool| {
            let mut e = Invalid::default();
            let input =
                GradingInput { grade, rationale: "Often stays at her aunt's", answers: &[], naira_reason: reason };
            let context = GradingContext { graded_at: t(0), graded_by: None, imported, concerns };
            let g = parse_grading(&input, &rules, context, &mut e);
            if e.is_empty() { Ok(g.unwrap()) } else { Err(e) }
        };
        let screened = NairaConcerns { exploitation: true, repeat_missing: false };
        let repeat = NairaConcerns { exploitation: false, repeat_missing: true };
        let missing = Invalid::one("naira_reason", "required-with-concerns");
        assert_eq!(grade("", screened, "naira", false), Err(missing.clone()));
        assert_eq!(grade("  ", repeat, "naira", false), Err(missing));
        let kept = grade("Aunt confirmed by phone she is there", screened, "naira", false).unwrap();
        assert_eq!(kept.naira_reason.as_deref(), Some("Aunt confirmed by phone she is there"));
        // No concerns: no reason asked; other grades and imported history never ask.
        assert_eq!(grade("", NairaConcerns::default(), "naira", false).unwrap().naira_reason, None);
        assert_eq!(grade("", screened, "medium", false).unwrap().naira_reason, None);
        assert_eq!(grade("ignored", screened, "low", false).unwrap().naira_reason, None);
        assert!(grade("", repeat, "naira", true).is_ok());
    }

    #[test]
    fn very_low_is_given_only_where_the_area_uses_it() {
        let low = MissingRules::default();
        assert_eq!(grading("very_low", "x", &low, false), Err(Invalid::one("risk_grade", "very-low-not-used")));
        let very_low = MissingRules { lowest_grade: RiskGrade::VeryLow, ..MissingRules::default() };
        assert_eq!(
            grading("very_low", "Known to return by midnight", &very_low, false).map(|g| g.grade),
            Ok(RiskGrade::VeryLow)
        );
        // Imported history keeps the grade it was given, whatever the area uses today.
        assert!(grading("very_low", "imported", &low, true).is_ok());
    }

    #[test]
    fn a_last_seen_time_more_than_a_year_before_the_report_is_a_slip() {
        let mut e = Invalid::default();
        check_report_times(t(0), t(0) - Duration::days(MAX_DAYS_SEEN_BEFORE_REPORT), t(0), &mut e);
        assert!(e.is_empty(), "a child gone a year before the report is still reported");
        // 1996 typed for 2026.
        check_report_times(t(0), t(0) - Duration::days(365 * 30), t(0), &mut e);
        assert_eq!(e, Invalid::one("last_seen_at", "too-long-before-report"));
    }

    #[test]
    fn episodes_are_for_children_and_care_leavers_to_25_where_the_area_keeps_them() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let born = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let child =
            Subject { kind: PersonKind::Child, date_of_birth: born(2010, 5, 1), care_status: CareStatus::LookedAfter };
        let eighteen_tomorrow = Subject { date_of_birth: born(2008, 11, 24), ..child };
        let eighteen_today = Subject { date_of_birth: born(2008, 11, 23), ..child };
        let leaver_24 =
            Subject { kind: PersonKind::Adult, date_of_birth: born(2002, 6, 1), care_status: CareStatus::CareLeaver };
        let leaver_25 = Subject { date_of_birth: born(2001, 11, 23), ..leaver_24 };
        let leaver_no_dob = Subject { date_of_birth: None, ..leaver_24 };
        let adult = Subject { care_status: CareStatus::NoInvolvement, ..leaver_24 };
        let child_no_dob = Subject { date_of_birth: None, ..child };
        // The record's kind says "adult" but the date of birth says 16: the date decides.
        let misfiled = Subject { kind: PersonKind::Adult, ..child };
        let england = EpisodeAges::Children;
        let wales = EpisodeAges::CareLeaversTo25;
        for ok in [child, eighteen_tomorrow, child_no_dob, misfiled] {
            assert_eq!(check_episode_age(&ok, on, england), Ok(()), "{ok:?}");
            assert_eq!(check_episode_age(&ok, on, wales), Ok(()), "{ok:?}");
        }
        for adult in [eighteen_today, leaver_24, leaver_25, leaver_no_dob, adult] {
            assert_eq!(check_episode_age(&adult, on, england), Err("not-a-child"), "{adult:?}");
        }
        assert_eq!(check_episode_age(&leaver_24, on, wales), Ok(()));
        for refused in [leaver_25, leaver_no_dob, adult, eighteen_today] {
            assert_eq!(check_episode_age(&refused, on, wales), Err("not-a-child-or-young-care-leaver"), "{refused:?}");
        }
    }

    #[test]
    fn gradings_record_the_rules_version_and_check_answers() {
        let rules = MissingRules::default();
        let mut e = Invalid::default();
        let answers = vec![("with_whom".to_owned(), "yes".to_owned()), ("shoe_size".to_owned(), "no".to_owned())];
        let input = GradingInput { grade: "medium", rationale: "r", answers: &answers, naira_reason: "" };
        let g = parse_grading(
            &input,
            &rules,
            GradingContext { graded_at: t(0), graded_by: None, imported: false, concerns: NairaConcerns::default() },
            &mut e,
        );
        assert_eq!(e, Invalid::one("answers.shoe_size", "unknown-code"));
        assert_eq!(g.map(|g| (g.rules_version, g.answers.len())), Some((rules.version.clone(), 1)));
    }

    #[test]
    fn a_return_must_follow_the_report_and_come_once() {
        let check = |returned, already| {
            let mut e = Invalid::default();
            check_return(returned, t(0), t(-2), already, t(10), &mut e);
            e.0.first().map(|e| e.code)
        };
        assert_eq!(check(t(5), false), None);
        assert_eq!(check(t(11), false), Some("in-future"));
        assert_eq!(check(t(-3), false), Some("before-last-seen"));
        assert_eq!(check(t(-1), false), Some("before-reported"));
        assert_eq!(check(t(5), true), Some("already-returned"));
    }

    #[test]
    fn an_rhi_comes_after_return() {
        let mut e = Invalid::default();
        check_rhi_time("held_at", t(1), None, t(5), &mut e);
        check_rhi_time("held_at", t(1), Some(t(2)), t(5), &mut e);
        check_rhi_time("held_at", t(9), Some(t(2)), t(5), &mut e);
        let codes: Vec<_> = e.0.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["not-returned", "before-return", "in-future"]);
    }

    #[test]
    fn rhi_quality_counts_the_measures_met() {
        let q = RhiQuality {
            within_time: true,
            in_person: true,
            child_voice_recorded: false,
            information_shared: true,
            follow_up_actions: false,
        };
        assert_eq!(q.score(), 3);
    }

    #[test]
    fn a_child_already_missing_cannot_be_reported_again() {
        let mut e = Invalid::default();
        check_not_already_missing(true, &mut e);
        assert_eq!(e, Invalid::one("person_id", "already-missing"));
    }
}
