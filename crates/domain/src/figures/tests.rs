//! Every figure on one hand-built area: five children, nine episodes, screenings, NRMs,
//! disruption, markers and MACE actions, with each answer worked out by hand beside it.
//!
//! The period is March 2026 (1–31 March); the period before is 29 January – 28 February (31
//! days); the week is 25–31 March and the week before 18–24 March. Times are UTC at midday or
//! so, clear of midnight in London (BST begins 29 March).

use super::compute::{Config, compute, median, p90};
use super::inputs::*;
use super::{Cell, Figure, Figures, Pair, Period, Population, suppress, suppress_table};
use crate::disruption::Tactic;
use crate::ids::PersonId;
use crate::location::LocationKind;
use crate::mace::FourP;
use crate::marker::MarkerType;
use crate::missing::RiskGrade::{self, High, Low, Medium};
use crate::missing::episode::RhiOutcome;
use crate::missing::rules::{MissingRules, ReviewKind, ReviewRule};
use crate::person::{Ethnicity, Sex};
use crate::screening::Tier;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

fn t(s: &str) -> DateTime<Utc> {
    format!("2026-{s}:00Z").parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn child(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

const A: u128 = 1;
const B: u128 = 2;
const C: u128 = 3;
const D: u128 = 4;
const E: u128 = 5;

fn episode(who: u128, seen: &str, reported: &str, back: Option<&str>, from: Option<LocationKind>) -> EpisodeFacts {
    EpisodeFacts {
        person: child(who),
        reported_at: t(reported),
        last_seen_at: t(seen),
        returned_at: back.map(t),
        from_kind: from,
        out_of_area: false,
        gradings: vec![],
        reviews: vec![],
        harm_on_return: false,
        rhi: None,
    }
}

fn graded(mut e: EpisodeFacts, grades: &[(RiskGrade, &str)]) -> EpisodeFacts {
    e.gradings = grades.iter().map(|(g, at)| (*g, t(at))).collect();
    e
}

fn rhi(outcome: RhiOutcome, at: &str, measures: [bool; 4]) -> Option<RhiFacts> {
    let [in_person, child_voice, information_shared, follow_up] = measures;
    Some(RhiFacts { outcome, at: t(at), in_person, child_voice, information_shared, follow_up, harm: false })
}

fn person(who: u128, sex: Sex, ethnicity: Ethnicity, dob: Option<&str>) -> PersonFacts {
    PersonFacts { id: child(who), sex, ethnicity, date_of_birth: dob.map(d) }
}

fn rules() -> MissingRules {
    MissingRules {
        rhi_within_hours: 72,
        reviews: vec![
            ReviewRule { grade: High, kind: ReviewKind::Supervisor, every_hours: 2 },
            ReviewRule { grade: Medium, kind: ReviewKind::Supervisor, every_hours: 24 },
        ],
        ..MissingRules::default()
    }
}

use LocationKind::{AsylumHotel, ChildrensHome, FamilyHome, FosterPlacement};
use RhiOutcome::{Declined, Held, NotPossible};

fn area() -> Inputs {
    let mut e1 = graded(
        episode(A, "03-02T08:00", "03-02T10:00", Some("03-02T20:00"), Some(ChildrensHome)),
        &[(Medium, "03-02T10:00")],
    );
    // Held 38 hours after return: in person, the child's voice, shared; no follow-up: 4 of 5.
    e1.rhi = rhi(Held, "03-04T10:00", [true, true, true, false]);
    let mut e2 = graded(
        episode(A, "03-10T09:00", "03-10T10:00", Some("03-11T09:00"), Some(ChildrensHome)),
        &[(Low, "03-10T10:00"), (High, "03-10T15:00")],
    );
    e2.reviews = vec![(ReviewKind::Supervisor, t("03-10T16:30"))];
    e2.rhi = rhi(Declined, "03-12T10:00", [false; 4]);
    let e3 = graded(
        episode(A, "03-20T12:00", "03-20T12:00", Some("03-20T18:00"), Some(ChildrensHome)),
        &[(Low, "03-20T12:00")],
    );
    let mut e4 = graded(
        episode(B, "03-05T10:00", "03-05T12:00", Some("03-07T10:00"), Some(FosterPlacement)),
        &[(High, "03-05T12:00"), (Medium, "03-06T12:00")],
    );
    e4.out_of_area = true;
    e4.reviews = vec![(ReviewKind::Supervisor, t("03-05T15:00"))];
    // Held 120 hours after return, not in person; the child's voice and a follow-up: 2 of 5.
    e4.rhi = rhi(Held, "03-12T10:00", [false, true, false, true]);
    let mut e5 = graded(
        episode(C, "03-26T11:00", "03-26T12:00", Some("03-27T11:00"), Some(AsylumHotel)),
        &[(Low, "03-26T12:00")],
    );
    e5.harm_on_return = true;
    let e6 = graded(episode(D, "03-28T12:00", "03-28T12:00", None, Some(FamilyHome)), &[(Medium, "03-28T12:00")]);
    let mut e7 = graded(episode(E, "03-15T10:00", "03-15T12:00", Some("03-15T20:00"), None), &[(Low, "03-15T12:00")]);
    e7.rhi = rhi(NotPossible, "03-16T10:00", [false; 4]);
    // The period before.
    let e8 = graded(
        episode(B, "02-10T12:00", "02-10T12:00", Some("02-11T12:00"), Some(FosterPlacement)),
        &[(High, "02-10T12:00")],
    );
    let e9 = graded(
        episode(C, "02-20T12:00", "02-20T12:00", Some("02-20T14:00"), Some(AsylumHotel)),
        &[(Medium, "02-20T12:00")],
    );
    let nrm = |who, referred: &str, rg: Option<&str>, cg: Option<&str>| NrmFacts {
        person: child(who),
        referred_on: d(referred),
        reasonable_grounds_on: rg.map(d),
        conclusive_grounds_on: cg.map(d),
    };
    let disruption = |four_p, tactic, on: &str| DisruptionFacts { four_p, tactic, done_on: d(on) };
    let action = |set: &str, due: &str, closed: Option<&str>| ActionFacts {
        set_on: d(set),
        due_on: d(due),
        closed_on: closed.map(d),
    };
    let marker = |who, marker_type, starts: &str, ended: Option<&str>| MarkerFacts {
        person: child(who),
        marker_type,
        starts_on: d(starts),
        ended_on: ended.map(d),
    };
    let screening = |who, tier, at: &str| ScreeningFacts { person: child(who), tier, at: t(at) };
    Inputs {
        episodes: vec![e1, e2, e3, e4, e5, e6, e7, e8, e9],
        people: vec![
            person(A, Sex::Female, Ethnicity::WhiteBritish, Some("2010-06-01")),
            person(B, Sex::Male, Ethnicity::BlackCaribbean, Some("2012-01-01")),
            person(C, Sex::Male, Ethnicity::AsianPakistani, Some("2009-01-01")),
            person(D, Sex::Female, Ethnicity::MixedOther, None),
            person(E, Sex::Unknown, Ethnicity::NotStated, Some("2016-05-01")),
        ],
        screenings: vec![
            screening(A, Tier::Red, "03-03T12:00"),
            screening(B, Tier::Amber, "03-08T12:00"),
            screening(C, Tier::Green, "02-15T12:00"),
            screening(A, Tier::Amber, "03-25T12:00"),
        ],
        nrms: vec![
            nrm(A, "2026-03-01", Some("2026-03-06"), None),
            nrm(B, "2026-03-10", Some("2026-03-30"), None),
            nrm(C, "2026-02-01", Some("2026-02-11"), Some("2026-03-20")),
        ],
        disruptions: vec![
            disruption(FourP::Pursue, Tactic::Cawn, "2026-03-05"),
            disruption(FourP::Pursue, Tactic::Arrest, "2026-03-06"),
            disruption(FourP::Prevent, Tactic::PremisesVisit, "2026-03-20"),
            disruption(FourP::Protect, Tactic::CuckooingVisit, "2026-02-10"),
        ],
        actions: vec![
            action("2026-02-01", "2026-02-20", Some("2026-02-15")),
            action("2026-02-10", "2026-03-10", Some("2026-03-15")),
            action("2026-03-05", "2026-03-20", None),
            action("2026-03-25", "2026-04-15", None),
            action("2026-03-01", "2026-03-31", Some("2026-03-31")),
        ],
        markers: vec![
            marker(A, MarkerType::CountyLines, "2026-01-01", None),
            marker(B, MarkerType::AtRiskOfCce, "2026-03-10", None),
            marker(C, MarkerType::Trafficking, "2025-06-01", Some("2026-02-01")),
        ],
    }
}

fn march() -> Figures {
    let period = Period::new(d("2026-03-01"), d("2026-03-31"), d("2026-12-03")).unwrap();
    let rules = rules();
    compute(&area(), period, Config { rules: &rules, versions: &[], population: None })
}

fn fig<'a>(f: &'a Figures, id: &str) -> &'a Figure {
    f.get(id).unwrap_or_else(|| panic!("no figure {id}"))
}

fn n(x: u64) -> Cell {
    Cell::Count(x)
}

fn x(v: f64) -> Cell {
    Cell::Number(v)
}

fn pair(value: Cell, previous: Cell) -> Pair {
    Pair { value, previous }
}

/// The figure's (value, previous) and each part's, in order.
fn table(f: &Figures, id: &str) -> (Pair, Vec<(&'static str, Pair)>) {
    let fig = fig(f, id);
    (fig.pair, fig.parts.iter().map(|p| (p.key, p.pair)).collect())
}

#[test]
fn the_periods_are_the_ones_asked_for() {
    let f = march();
    assert_eq!((f.period.from, f.period.to), (d("2026-03-01"), d("2026-03-31")));
    assert_eq!((f.previous.from, f.previous.to), (d("2026-01-29"), d("2026-02-28")));
    assert_eq!((f.week.from, f.week.to), (d("2026-03-25"), d("2026-03-31")));
    assert_eq!((f.previous_week.from, f.previous_week.to), (d("2026-03-18"), d("2026-03-24")));
    assert_eq!(f.suppressed_below, None);
}

#[test]
fn episodes_children_and_repeats() {
    let f = march();
    // Episodes 1–7 in March; 8 and 9 in February.
    assert_eq!(fig(&f, "missing-episodes").pair, pair(n(7), n(2)));
    let months: Vec<_> = fig(&f, "missing-episodes").months.iter().map(|m| (m.month.as_str(), m.value)).collect();
    assert_eq!(months, [("2026-03", n(7))]);
    // A, B, C, D, E in March; B and C in February.
    assert_eq!(fig(&f, "children-missing").pair, pair(n(5), n(2)));
    // 7 / 5 and 2 / 2.
    assert_eq!(fig(&f, "episodes-per-child").pair, pair(x(1.4), x(1.0)));
    // A went missing three times in March.
    assert_eq!(fig(&f, "repeat-missing-children").pair, pair(n(1), n(0)));
    // From a children's home: 1, 2, 3; foster: 4; home: 6; other: 5 (a hotel), 7 (not known).
    assert_eq!(
        table(&f, "episodes-by-placement"),
        (
            pair(n(7), n(2)),
            vec![
                ("childrens_home", pair(n(3), n(0))),
                ("foster_placement", pair(n(1), n(1))),
                ("family_home", pair(n(1), n(0))),
                ("other", pair(n(2), n(1))),
            ]
        )
    );
    // B was placed out of area (episode 4); C went missing from an asylum hotel both months.
    assert_eq!(fig(&f, "out-of-area-children").pair, pair(n(1), n(0)));
    assert_eq!(fig(&f, "uasc-children").pair, pair(n(1), n(1)));
}

#[test]
fn time_missing() {
    let f = march();
    // Returned in March: 12, 24, 6, 48, 24, 10 hours (episode 6 is still open). Sorted 6, 10,
    // 12, 24, 24, 48: median (12 + 24) / 2 = 18; 90th percentile rank ⌈0.9 × 6⌉ = 6th = 48.
    // February: 24 and 2 hours: median 13, 90th percentile the 2nd, 24.
    assert_eq!(fig(&f, "hours-missing-median").pair, pair(x(18.0), x(13.0)));
    assert_eq!(fig(&f, "hours-missing-p90").pair, pair(x(48.0), x(24.0)));
    assert_eq!(fig(&f, "hours-missing-median").basis, Some((6, 2)));
    assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(p90((1..=10).map(f64::from).collect()), Some(9.0));
    assert_eq!(p90(vec![]), None);
}

#[test]
fn the_children_by_sex_age_and_ethnic_group() {
    let f = march();
    assert_eq!(
        table(&f, "children-by-sex").1,
        [
            ("female", pair(n(2), n(0))),  // A, D
            ("male", pair(n(2), n(2))),    // B, C both periods
            ("unknown", pair(n(1), n(0))), // E
        ]
    );
    // On 31 March: A 15, B 14, C 17, D not known, E 9. On 28 February: B 14, C 17.
    assert_eq!(
        table(&f, "children-by-age").1,
        [
            ("under_10", pair(n(1), n(0))),
            ("10_to_12", pair(n(0), n(0))),
            ("13_to_15", pair(n(2), n(1))),
            ("16_to_17", pair(n(1), n(1))),
            ("18_and_over", pair(n(0), n(0))),
            ("not_known", pair(n(1), n(0))),
        ]
    );
    assert_eq!(
        table(&f, "children-by-ethnicity").1,
        [
            ("asian", pair(n(1), n(1))),
            ("black", pair(n(1), n(1))),
            ("mixed", pair(n(1), n(0))),
            ("white", pair(n(1), n(0))),
            ("other", pair(n(0), n(0))),
            ("not_stated", pair(n(1), n(0))),
        ]
    );
}

#[test]
fn grades_regrades_and_reviews() {
    let f = march();
    // At report: 1 medium, 2 low, 3 low, 4 high, 5 low, 6 medium, 7 low; before: 8 high, 9 medium.
    assert_eq!(
        table(&f, "episodes-by-grade"),
        (
            pair(n(7), n(2)),
            vec![
                ("high", pair(n(1), n(1))),
                ("medium", pair(n(2), n(1))),
                ("low", pair(n(4), n(0))),
                ("lower", pair(n(0), n(0))),
            ]
        )
    );
    // Episode 2 low → high on 10 March; episode 4 high → medium on 6 March.
    assert_eq!(table(&f, "regrades"), (pair(n(2), n(0)), vec![("up", pair(n(1), n(0))), ("down", pair(n(1), n(0)))]));
    // High needs a supervisor review in 2 hours, medium in 24. Episode 2's high grading (15:00)
    // was reviewed at 16:30: on time. Episode 4's (12:00) at 15:00: late; its medium grading
    // stood under 24 hours. Episode 6's medium (28 March) was never reviewed: not done. Episode
    // 1's medium ended with the return after 10 hours: not due. February: episode 8's high
    // grading was never reviewed.
    assert_eq!(
        table(&f, "reviews"),
        (
            pair(n(3), n(1)),
            vec![("on_time", pair(n(1), n(0))), ("late", pair(n(1), n(0))), ("not_done", pair(n(1), n(1))),]
        )
    );
}

fn version(number: i64, applies_from: &str, rules: MissingRules) -> crate::missing::rules::RulesVersion {
    crate::missing::rules::RulesVersion {
        area_id: crate::ids::AreaId(Uuid::nil()),
        number,
        rules,
        applies_from: t(applies_from),
        saved_at: t(applies_from),
        saved_by: None,
        saved_by_label: "cli".into(),
    }
}

#[test]
fn reviews_are_judged_by_the_rules_in_force_when_the_grading_was_made() {
    let period = Period::new(d("2026-03-01"), d("2026-03-31"), d("2026-12-03")).unwrap();
    let high_only = MissingRules {
        reviews: vec![ReviewRule { grade: High, kind: ReviewKind::Supervisor, every_hours: 2 }],
        ..rules()
    };
    let none = MissingRules { reviews: vec![], ..rules() };
    // Version 1 from January (the rules above); version 2 from 20 March drops the medium
    // review; version 3, from December, drops every review.
    let versions =
        [version(3, "12-01T00:00", none), version(1, "01-01T00:00", rules()), version(2, "03-20T00:00", high_only)];
    let install = MissingRules::default();
    let f = compute(&area(), period, Config { rules: &install, versions: &versions, population: None });
    // Episode 6's medium grading (28 March) needed no review under version 2; episode 2's high
    // (on time) and episode 4's (late) were made under version 1, as was February's episode 8.
    // Version 3, saved since, changes none of it.
    assert_eq!(
        table(&f, "reviews"),
        (
            pair(n(2), n(1)),
            vec![("on_time", pair(n(1), n(0))), ("late", pair(n(1), n(0))), ("not_done", pair(n(0), n(1))),]
        )
    );
    // Before an area's first version, the install's default decides: with only December's
    // version, March is judged by the default (no reviews at all here).
    let later = [version(1, "12-01T00:00", rules())];
    let f = compute(
        &area(),
        period,
        Config { rules: &MissingRules { reviews: vec![], ..rules() }, versions: &later, population: None },
    );
    assert_eq!(table(&f, "reviews").0, pair(n(0), n(0)));
}

#[test]
fn return_home_interviews() {
    let f = march();
    // Returned: 1, 2, 3, 4, 5, 7. Held: 1, 4; declined: 2; not possible: 7; none: 3, 5.
    assert_eq!(
        table(&f, "rhi-outcomes"),
        (
            pair(n(6), n(2)),
            vec![
                ("held", pair(n(2), n(0))),
                ("declined", pair(n(1), n(0))),
                ("not_possible", pair(n(1), n(0))),
                ("not_recorded", pair(n(2), n(2))),
            ]
        )
    );
    // Within 72 hours: 1 (38 h), 2 (25 h), 7 (14 h); late: 4 (120 h).
    assert_eq!(
        table(&f, "rhi-offered-in-time").1,
        [("in_time", pair(n(3), n(0))), ("late", pair(n(1), n(0))), ("not_recorded", pair(n(2), n(2))),]
    );
    // Of the two held: in time 1 (episode 1), in person 1, voice 2, shared 1, follow-up 1.
    assert_eq!(
        table(&f, "rhi-quality-measures"),
        (
            pair(n(2), n(0)),
            vec![
                ("within_time", pair(n(1), n(0))),
                ("in_person", pair(n(1), n(0))),
                ("child_voice", pair(n(2), n(0))),
                ("information_shared", pair(n(1), n(0))),
                ("follow_up", pair(n(1), n(0))),
            ]
        )
    );
    // Scores 4 and 2: mean 3; none held before.
    assert_eq!(fig(&f, "rhi-quality-score").pair, pair(x(3.0), Cell::None));
}

#[test]
fn exploitation_figures() {
    let f = march();
    assert_eq!(
        table(&f, "screenings-by-tier"),
        (pair(n(3), n(1)), vec![("red", pair(n(1), n(0))), ("amber", pair(n(2), n(0))), ("green", pair(n(0), n(1))),])
    );
    assert_eq!(fig(&f, "nrm-referrals").pair, pair(n(2), n(1)));
    // March's referrals took 5 and 20 days to reasonable grounds (median 12.5); February's 10.
    assert_eq!(fig(&f, "nrm-reasonable-grounds-days").pair, pair(x(12.5), x(10.0)));
    // Only February's referral has a conclusive decision, 47 days on.
    assert_eq!(fig(&f, "nrm-conclusive-grounds-days").pair, pair(Cell::None, x(47.0)));
    assert_eq!(
        table(&f, "disruption-by-4p"),
        (
            pair(n(3), n(1)),
            vec![
                ("prepare", pair(n(0), n(0))),
                ("prevent", pair(n(1), n(0))),
                ("protect", pair(n(0), n(1))),
                ("pursue", pair(n(2), n(0))),
            ]
        )
    );
    // Only the tactics used in either period, in the toolkit's order.
    let tactics: Vec<_> = table(&f, "disruption-by-tactic").1.into_iter().map(|(k, p)| (k, p.value)).collect();
    assert_eq!(tactics, [("cawn", n(1)), ("cuckooing_visit", n(0)), ("premises_visit", n(1)), ("arrest", n(1))]);
    // In force in March: A's (15) and B's (14); before: A's (15) and C's until 1 February (17).
    assert_eq!(fig(&f, "markers-by-age").pair, pair(n(2), n(2)));
    assert_eq!(fig(&f, "markers-by-age").part("13_to_15"), Some(&pair(n(2), n(1))));
    assert_eq!(fig(&f, "markers-by-age").part("16_to_17"), Some(&pair(n(0), n(1))));
}

#[test]
fn mace_actions() {
    let f = march();
    // March: the one due 31 March closed that day (on time); the one due 10 March closed on the
    // 15th (late); one due 20 March open (overdue); one due in April open. The one closed on
    // 15 February is not live in March. February: that one on time, and the one due in March
    // still open.
    assert_eq!(
        table(&f, "mace-actions"),
        (
            pair(n(4), n(2)),
            vec![
                ("closed_on_time", pair(n(1), n(1))),
                ("closed_late", pair(n(1), n(0))),
                ("open_overdue", pair(n(1), n(0))),
                ("open", pair(n(1), n(1))),
            ]
        )
    );
}

#[test]
fn the_weeks_grading_scrutiny() {
    let f = march();
    // 25–31 March: episode 5 (low) and 6 (medium); 18–24 March: episode 3 (low).
    assert_eq!(
        table(&f, "week-grades"),
        (
            pair(n(2), n(1)),
            vec![
                ("high", pair(n(0), n(0))),
                ("medium", pair(n(1), n(0))),
                ("low", pair(n(1), n(1))),
                ("lower", pair(n(0), n(0))),
            ]
        )
    );
    assert_eq!(fig(&f, "week-regrades").pair, pair(n(0), n(0)));
    // C, graded low, came back with harm seen; A (episode 3, low) did not.
    assert_eq!(fig(&f, "week-low-risk-harmed").pair, pair(n(1), n(0)));
    // D, missing since 28 March at medium, has had no review in 24 hours; nobody was missing
    // at the end of 24 March.
    assert_eq!(fig(&f, "week-reviews-overdue").pair, pair(n(1), n(0)));
}

#[test]
fn records_outside_the_periods_are_not_counted() {
    let mut inputs = area();
    // A report on 1 April (UK), and one on 28 January: neither period holds them.
    inputs.episodes.push(graded(episode(E, "03-31T23:30", "03-31T23:30", None, None), &[(High, "03-31T23:30")]));
    inputs
        .episodes
        .push(graded(episode(E, "01-28T12:00", "01-28T12:00", Some("01-28T13:00"), None), &[(High, "01-28T12:00")]));
    let rules = rules();
    let period = Period::new(d("2026-03-01"), d("2026-03-31"), d("2026-12-03")).unwrap();
    let f = compute(&inputs, period, Config { rules: &rules, versions: &[], population: None });
    assert_eq!(fig(&f, "missing-episodes").pair, pair(n(7), n(2)));
}

#[test]
fn small_numbers_are_hidden_from_scrutiny() {
    let f = suppress(march(), 5);
    assert_eq!(f.suppressed_below, Some(5));
    // 7 shown; 2 before is fewer than 5, and so no change is shown.
    let episodes = fig(&f, "missing-episodes");
    assert_eq!(episodes.pair, pair(n(7), Cell::Suppressed));
    assert_eq!(episodes.pair.change(), None);
    // Five children is not fewer than five, but the five are of five ethnic groups, one each
    // (one not stated): the ethnicity table had to hide its total, so the five children are
    // shown nowhere, nor the episodes per child worked out from them.
    assert_eq!(fig(&f, "children-by-ethnicity").pair.value, Cell::Hidden);
    assert_eq!(fig(&f, "children-missing").pair.value, Cell::Hidden);
    assert_eq!(fig(&f, "children-by-sex").pair.value, Cell::Hidden);
    assert_eq!(fig(&f, "episodes-per-child").pair, pair(Cell::Suppressed, Cell::Suppressed));
    // Parts 3, 1, 1, 2 of 7: all fewer than five.
    let placement = fig(&f, "episodes-by-placement");
    assert!(placement.parts.iter().all(|p| p.pair.value == Cell::Suppressed));
    assert_eq!(placement.pair.value, n(7));
    // Medians over 6 returns shown, over 2 not; a score over 2 interviews not; "none" stays.
    assert_eq!(fig(&f, "hours-missing-median").pair, pair(x(18.0), Cell::Suppressed));
    assert_eq!(fig(&f, "rhi-quality-score").pair, pair(Cell::Suppressed, Cell::None));
    // Zeros are shown where the total is: nobody to protect.
    assert_eq!(fig(&f, "episodes-by-grade").pair.value, n(7));
    assert_eq!(fig(&f, "episodes-by-grade").part("lower").map(|p| p.value), Some(n(0)));
    // No shown count anywhere is from 1 to 4.
    for fig in &f.figures {
        let cells = [fig.pair.value, fig.pair.previous]
            .into_iter()
            .chain(fig.parts.iter().flat_map(|p| [p.pair.value, p.pair.previous]))
            .chain(fig.months.iter().map(|m| m.value));
        for c in cells {
            assert!(!matches!(c, Cell::Count(1..=4)), "{} shows {c:?}", fig.id);
        }
    }
}

fn cells(values: &[u64]) -> Vec<Cell> {
    values.iter().map(|v| n(*v)).collect()
}

fn run(total: u64, parts: &[u64]) -> (Cell, Vec<Cell>) {
    let mut total = n(total);
    let mut parts = cells(parts);
    let mut refs: Vec<&mut Cell> = parts.iter_mut().collect();
    suppress_table(&mut total, &mut refs, 5);
    (total, parts)
}

#[test]
fn a_small_part_cannot_be_worked_out_from_the_total() {
    let (s, h) = (Cell::Suppressed, Cell::Hidden);
    // 20 = 12 + 3 + 5: the 3 alone would be 20 − 12 − 5. Hiding the 5 too leaves 8 for the two,
    // which a reader knows as (1–4) + (0 or 5+): 3 + 5, 2 + 6 or 1 + 7.
    assert_eq!(run(20, &[12, 3, 5]), (n(20), vec![n(12), s, h]));
    // 15 = 12 + 3 + 0: hiding the zero is not enough (0 or 5+ with 3 left over can only be 0),
    // so the 12 goes as well.
    assert_eq!(run(15, &[12, 3, 0]), (n(15), vec![h, s, h]));
    // Two small parts making 6: 2 + 4, 3 + 3 or 4 + 2: safe.
    assert_eq!(run(20, &[14, 3, 3]), (n(20), vec![n(14), s, s]));
    // Two small parts making 2 can only be 1 + 1: the 14 is hidden too.
    assert_eq!(run(16, &[14, 1, 1]), (n(16), vec![h, s, s]));
    // 6 = 1 + 5: hiding the 5 leaves 6, which can only be 1 + 5; nothing else to hide: the
    // total goes.
    assert_eq!(run(6, &[1, 5]), (h, vec![s, h]));
    // A lone part with nothing else to hide: the total goes.
    assert_eq!(run(9, &[3]), (h, vec![s]));
    // A small total hides every part that is not zero.
    assert_eq!(run(4, &[3, 1, 0]), (s, vec![s, s, n(0)]));
    // Nothing small: nothing hidden.
    assert_eq!(run(30, &[10, 20]), (n(30), cells(&[10, 20])));
}

/// What a reader can work out of a table, knowing the rule: each "fewer than 5" is 1 to 4, each
/// "not shown" is 0 or at least 5, and the hidden cells add up to the total less the shown ones.
/// For each small count, the values it could have.
fn what_a_reader_knows(total: u64, shown: &[Cell], t: u64) -> Vec<Vec<u64>> {
    let rest = total - shown.iter().filter_map(|c| if let Cell::Count(v) = c { Some(*v) } else { None }).sum::<u64>();
    let could = |c: Cell| -> Vec<u64> {
        match c {
            Cell::Suppressed => (1..t).collect(),
            _ => std::iter::once(0).chain(t..=rest).collect(),
        }
    };
    let hidden: Vec<Cell> = shown.iter().copied().filter(|c| c.is_suppressed()).collect();
    let mut out = Vec::new();
    for (i, c) in hidden.iter().enumerate() {
        if *c != Cell::Suppressed {
            continue;
        }
        // The sums the other hidden cells can make, up to `rest`.
        let mut sums = vec![false; usize::try_from(rest).unwrap() + 1];
        sums[0] = true;
        for (j, o) in hidden.iter().enumerate() {
            if j == i {
                continue;
            }
            let mut next = vec![false; sums.len()];
            for (s, ok) in sums.iter().enumerate() {
                if *ok {
                    for v in could(*o) {
                        if let Some(slot) = next.get_mut(s + usize::try_from(v).unwrap()) {
                            *slot = true;
                        }
                    }
                }
            }
            sums = next;
        }
        out.push(could(*c).into_iter().filter(|v| *v <= rest && sums[usize::try_from(rest - v).unwrap()]).collect());
    }
    out
}

#[test]
fn the_months_of_a_total_are_protected_as_a_table() {
    let mut f = march();
    let episodes = f.figures.iter_mut().find(|f| f.id == "missing-episodes").unwrap();
    episodes.months = vec![
        super::MonthCell { month: "2026-03".into(), value: n(9) },
        super::MonthCell { month: "2026-04".into(), value: n(2) },
    ];
    episodes.pair.value = n(11);
    let f = suppress(f, 5);
    let months: Vec<Cell> = fig(&f, "missing-episodes").months.iter().map(|m| m.value).collect();
    assert_eq!(months, [Cell::Hidden, Cell::Suppressed]);
    // 8 = 4 + 4: two months of fewer than five adding up to 8 can only be 4 and 4, so the 8
    // goes, from the headline and from every table it heads.
    let mut f = march_with_grades([6, 2, 0, 0]);
    let episodes = f.figures.iter_mut().find(|f| f.id == "missing-episodes").unwrap();
    episodes.months = vec![
        super::MonthCell { month: "2026-03".into(), value: n(4) },
        super::MonthCell { month: "2026-04".into(), value: n(4) },
    ];
    assert_eq!(suppress(march_with_grades([6, 2, 0, 0]), 5).get("episodes-by-grade").unwrap().pair.value, n(8));
    let f = suppress(f, 5);
    for id in ["missing-episodes", "episodes-by-grade", "episodes-by-placement"] {
        assert_eq!(fig(&f, id).pair.value, Cell::Hidden, "{id}");
    }
}

/// March's figures with the episodes by grade at report set to `grades` (high, medium, low,
/// lower), the period's episodes to as many, all from a children's home.
fn march_with_grades(grades: [u64; 4]) -> Figures {
    let mut f = march();
    let total: u64 = grades.iter().sum();
    for fig in &mut f.figures {
        match fig.id {
            "missing-episodes" => {
                fig.pair.value = n(total);
                fig.months.clear();
            }
            "episodes-by-grade" | "episodes-by-placement" => {
                fig.pair.value = n(total);
                for (i, p) in fig.parts.iter_mut().enumerate() {
                    p.pair.value = n(if fig.id == "episodes-by-grade" {
                        grades[i]
                    } else if i == 0 {
                        total
                    } else {
                        0
                    });
                }
            }
            _ => {}
        }
    }
    f
}

#[test]
fn a_small_part_cannot_be_worked_out_from_a_total_shown_elsewhere() {
    // Episodes by grade at report: 1 high and 5 medium. The table's own total must go (6 can
    // only be 1 + 5), and so must every other figure's 6 episodes: the headline, the episodes
    // by placement, and the episodes per child worked out from them.
    let f = suppress(march_with_grades([1, 5, 0, 0]), 5);
    for id in ["episodes-by-grade", "missing-episodes", "episodes-by-placement"] {
        let (total, parts) = table(&f, id);
        assert_eq!(total.value, Cell::Hidden, "{id}");
        assert!(parts.iter().all(|(_, p)| p.value.is_suppressed()), "{id}: {parts:?}");
    }
    assert!(fig(&f, "episodes-per-child").pair.value.is_suppressed());
}

/// The hand-built area's child population: 4,000 children; 1,600 girls and 2,000 boys; by age
/// band 2,000, 600, 800 and 500; by ethnic group only 250 Asian and 3,000 White children given.
fn population() -> Population {
    let counts: Vec<(String, String)> = [
        ("total", "4000"),
        ("sex.female", "1600"),
        ("sex.male", "2000"),
        ("age.under_10", "2000"),
        ("age.10_to_12", "600"),
        ("age.13_to_15", "800"),
        ("age.16_to_17", "500"),
        ("ethnicity.asian", "250"),
        ("ethnicity.white", "3000"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    Population::parse("Test estimates", "2025-06-30", d("2026-12-03"), &counts).unwrap()
}

fn march_against(p: &Population) -> Figures {
    let period = Period::new(d("2026-03-01"), d("2026-03-31"), d("2026-12-03")).unwrap();
    let rules = rules();
    compute(&area(), period, Config { rules: &rules, versions: &[], population: Some(p) })
}

/// A figure against the population: its own (population, rate) and each part's (key,
/// population, rate now and before).
type Rates = (Option<u64>, Option<Pair>, Vec<(&'static str, Option<u64>, Option<Pair>)>);

/// Each part's (key, population, rate now and before) and the figure's (population, rate).
fn rates(f: &Figures, id: &str) -> Rates {
    let fig = fig(f, id);
    (fig.population, fig.rate, fig.parts.iter().map(|p| (p.key, p.population, p.rate)).collect())
}

#[test]
fn the_children_by_group_against_the_areas_child_population() {
    let p = population();
    let f = march_against(&p);
    let note = f.population.as_ref().unwrap();
    assert_eq!((note.source.as_str(), note.as_of), ("Test estimates", d("2025-06-30")));
    // Counts are as without a population (the_children_by_sex_age_and_ethnic_group).
    assert_eq!(table(&f, "children-by-sex"), table(&march(), "children-by-sex"));
    // Per 1,000, to one place. All: 5 of 4,000 = 1.25 → 1.3; before 2 of 4,000 = 0.5.
    // Girls: 2 of 1,600 = 1.25 → 1.3; none before. Boys: 2 of 2,000 = 1.0 both periods.
    // Sex not known: no population, no rate.
    assert_eq!(
        rates(&f, "children-by-sex"),
        (
            Some(4000),
            Some(pair(x(1.3), x(0.5))),
            vec![
                ("female", Some(1600), Some(pair(x(1.3), x(0.0)))),
                ("male", Some(2000), Some(pair(x(1.0), x(1.0)))),
                ("unknown", None, None),
            ]
        )
    );
    // Under 10: 1 of 2,000 = 0.5; 10–12: none of 600; 13–15: 2 of 800 = 2.5, before 1 of 800 =
    // 1.25 → 1.3; 16–17: 1 of 500 = 2.0 both; 18 and over, not known: no rate.
    assert_eq!(
        rates(&f, "children-by-age").2,
        [
            ("under_10", Some(2000), Some(pair(x(0.5), x(0.0)))),
            ("10_to_12", Some(600), Some(pair(x(0.0), x(0.0)))),
            ("13_to_15", Some(800), Some(pair(x(2.5), x(1.3)))),
            ("16_to_17", Some(500), Some(pair(x(2.0), x(2.0)))),
            ("18_and_over", None, None),
            ("not_known", None, None),
        ]
    );
    // Asian: 1 of 250 = 4.0 both periods; White: 1 of 3,000 = 0.33 → 0.3, none before; the
    // groups the population does not give have no rate.
    assert_eq!(
        rates(&f, "children-by-ethnicity").2,
        [
            ("asian", Some(250), Some(pair(x(4.0), x(4.0)))),
            ("black", None, None),
            ("mixed", None, None),
            ("white", Some(3000), Some(pair(x(0.3), x(0.0)))),
            ("other", None, None),
            ("not_stated", None, None),
        ]
    );
    // Markers: 2 in force in March, 2 before (exploitation_figures): 0.5 per 1,000 both; at
    // 13–15 2 of 800 = 2.5, before 1.25 → 1.3; at 16–17 none, before 1 of 500 = 2.0.
    let (pop, rate, parts) = rates(&f, "markers-by-age");
    assert_eq!((pop, rate), (Some(4000), Some(pair(x(0.5), x(0.5)))));
    assert_eq!(parts[2], ("13_to_15", Some(800), Some(pair(x(2.5), x(1.3)))));
    assert_eq!(parts[3], ("16_to_17", Some(500), Some(pair(x(0.0), x(2.0)))));
    // No other figure is taken against the population.
    for other in f
        .figures
        .iter()
        .filter(|g| !["children-by-sex", "children-by-age", "children-by-ethnicity", "markers-by-age"].contains(&g.id))
    {
        assert_eq!((other.population, other.rate), (None, None), "{}", other.id);
        assert!(other.parts.iter().all(|p| p.population.is_none() && p.rate.is_none()), "{}", other.id);
    }
}

#[test]
fn without_a_population_no_rate_is_made_up() {
    let f = march();
    assert_eq!(f.population, None);
    for g in &f.figures {
        assert_eq!((g.population, g.rate), (None, None), "{}", g.id);
        assert!(g.parts.iter().all(|p| p.population.is_none() && p.rate.is_none()), "{}", g.id);
    }
}

#[test]
fn a_rate_is_hidden_wherever_its_count_is() {
    let f = suppress(march_against(&population()), 5);
    // Every child group of March is fewer than 5, so every rate beside one is not shown; the
    // five children are hidden (small_numbers_are_hidden_from_scrutiny), and so is their rate.
    let (_, rate, parts) = rates(&f, "children-by-sex");
    assert_eq!(rate, Some(pair(Cell::Hidden, Cell::Hidden)));
    // Girls: 2 now ("fewer than 5"), none before: the rate now is not shown, the 0.0 before is.
    assert_eq!(fig(&f, "children-by-sex").part("female"), Some(&pair(Cell::Suppressed, n(0))));
    assert_eq!(parts[0], ("female", Some(1600), Some(pair(Cell::Hidden, x(0.0)))));
    assert_eq!(parts[2], ("unknown", None, None));
    // A zero count is shown where its total is, and so is its rate of 0.
    let markers = fig(&f, "markers-by-age");
    assert_eq!(markers.part("10_to_12"), Some(&pair(n(0), n(0))));
    assert_eq!(markers.parts[1].rate, Some(pair(x(0.0), x(0.0))));
    assert_rates_follow_counts(&f);
}

/// Wherever a count is not shown, neither is its rate; wherever it is shown, its rate is too
/// (where there is one).
fn assert_rates_follow_counts(f: &Figures) {
    let check = |id: &str, count: Pair, rate: Option<Pair>| {
        let Some(rate) = rate else { return };
        for (c, r) in [(count.value, rate.value), (count.previous, rate.previous)] {
            if c.is_suppressed() {
                assert_eq!(r, Cell::Hidden, "{id}: a rate beside {c:?}");
            } else {
                assert!(matches!(r, Cell::Number(_) | Cell::None), "{id}: {r:?} beside {c:?}");
            }
        }
    };
    for g in &f.figures {
        check(g.id, g.pair, g.rate);
        for p in &g.parts {
            check(g.id, p.pair, p.rate);
        }
    }
}

mod prop {
    use super::*;
    use crate::figures::Unit;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the episodes by grade, no count figure of the period shows the number of
        /// episodes where one of them had to hide it.
        #[test]
        fn a_hidden_total_is_shown_nowhere(grades in proptest::array::uniform4(0u64..9)) {
            let total: u64 = grades.iter().sum();
            let f = suppress(march_with_grades(grades), 5);
            if fig(&f, "episodes-by-grade").pair.value == Cell::Hidden {
                for g in f.figures.iter().filter(|g| g.unit == Unit::Count) {
                    prop_assert_ne!(g.pair.value, n(total), "{} shows the hidden {}", g.id, total);
                }
            }
        }

        /// Whatever the children by sex and the population, a rate is shown exactly where its
        /// count is: never beside a count that is "fewer than 5" or "not shown".
        #[test]
        fn a_rate_never_gives_a_hidden_count_back(
            sexes in proptest::array::uniform3(0u64..12),
            before in proptest::array::uniform3(0u64..12),
            girls in 1u64..5000,
        ) {
            let p = population();
            let p = Population { sex: [("female".to_owned(), girls), ("male".to_owned(), 100)].into(), ..p };
            let mut f = march_against(&p);
            let g = f.figures.iter_mut().find(|g| g.id == "children-by-sex").unwrap();
            g.pair = pair(n(sexes.iter().sum()), n(before.iter().sum()));
            for (i, part) in g.parts.iter_mut().enumerate() {
                part.pair = pair(n(sexes[i]), n(before[i]));
            }
            crate::figures::compute::against(g, &p, crate::figures::population::Dimension::Sex);
            let f = suppress(f, 5);
            assert_rates_follow_counts(&f);
            for g in &f.figures {
                for part in &g.parts {
                    if let (Some(r), Cell::Suppressed) = (part.rate, part.pair.value) {
                        prop_assert_eq!(r.value, Cell::Hidden);
                    }
                }
            }
        }

        /// Whatever the table, no count from 1 to 4 is shown, and where the total is shown a
        /// reader who knows the rule can narrow no small count to one value.
        #[test]
        fn suppression_holds(parts in proptest::collection::vec(0u64..14, 1..6)) {
            let total: u64 = parts.iter().sum();
            let (t, ps) = run(total, &parts);
            for c in ps.iter().chain([&t]) {
                prop_assert!(!matches!(c, Cell::Count(1..=4)));
            }
            if let Cell::Count(total) = t {
                for values in what_a_reader_knows(total, &ps, 5) {
                    prop_assert!(values.len() >= 2, "{parts:?} shown as {ps:?}: {values:?}");
                }
            }
        }
    }
}
