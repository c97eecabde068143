use super::bias::{AgeBand, Member, make_up};
use super::*;
use crate::ids::{AgencyId, NrmId, PersonId, ScreeningId};
use crate::missing::episode::Grading;
use crate::nrm::{DecisionOutcome, ExploitationType, FirstResponder, NrmDecision};
use crate::person::{Ethnicity, PersonKind, Sex};
use crate::screening::{Assessment, Screening};
use crate::testkit::episode;
use crate::text::Name;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z").unwrap().with_timezone(&Utc)
}

fn today() -> NaiveDate {
    crate::uktime::uk_date(now())
}

fn screening(tier: Tier) -> Screening {
    Screening {
        id: ScreeningId::new(),
        person_id: PersonId::new(),
        owner: AgencyId::new(),
        tool_version: 1,
        answers: Default::default(),
        assessment: Assessment { score: 0, band: tier, floor_applied: false, tier },
        tier,
        reason: None,
        by: None,
        by_label: "sw".into(),
        at: now() - Duration::days(3),
    }
}

fn marker(t: MarkerType, approved: bool) -> Marker {
    crate::testkit::marker(t, approved, now())
}

fn nrm(decided: bool) -> NrmReferral {
    NrmReferral {
        id: NrmId::new(),
        person_id: PersonId::new(),
        first_responder: FirstResponder::Police,
        first_responder_note: None,
        referred_on: today() - Duration::days(20),
        exploitation: ExploitationType::Cce,
        reasonable_grounds: None,
        conclusive_grounds: decided
            .then_some(NrmDecision { outcome: DecisionOutcome::Positive, decided_on: today() - Duration::days(1) }),
        owner: AgencyId::new(),
        recorded_by: None,
        recorded_at: now(),
        version: 1,
    }
}

fn child(age: Option<u32>, care: CareStatus) -> ChildFacts<'static> {
    ChildFacts {
        age,
        care_status: care,
        placed_out_of_area: false,
        screening: None,
        episodes: &[],
        markers: &[],
        nrm: &[],
    }
}

fn points(p: &Priority, f: Factor) -> u32 {
    p.contributions.iter().filter(|c| c.factor == Some(f)).map(|c| c.points).sum()
}

#[test]
fn a_child_with_nothing_known_scores_nothing_and_says_not_screened() {
    let p = score(&child(Some(15), CareStatus::NoInvolvement), &Weights::default(), now());
    assert_eq!(p.score, 0);
    assert_eq!(p.tier, None);
    assert_eq!(p.contributions.iter().map(|c| &c.fact).collect::<Vec<_>>(), vec![&Fact::NotScreened]);
}

#[test]
fn each_factor_gives_its_weight_with_its_facts() {
    let w = Weights::default();
    let red = screening(Tier::Red);
    let mut harmed = episode(now(), 10, Some(20));
    if let Some(f) = harmed.found.as_mut() {
        f.harm_seen = "bruising to the arm".into();
    }
    harmed.gradings.push(Grading {
        grade: RiskGrade::High,
        rationale: "r".into(),
        answers: vec![],
        graded_at: harmed.reported_at,
        graded_by: None,
        rules_version: "v".into(),
        naira_reason: None,
    });
    let episodes = [harmed, episode(now(), 40, Some(5)), episode(now(), 60, Some(5)), episode(now(), 150, Some(5))];
    let markers = [marker(MarkerType::AtRiskOfCce, true), marker(MarkerType::CountyLines, true)];
    let facts = ChildFacts { placed_out_of_area: true, ..child(Some(12), CareStatus::LookedAfter) }.with(
        Some(&red),
        &episodes,
        &markers,
        &[],
    );
    let p = score(&facts, &w, now());
    let expect = [
        (Factor::ScreeningRed, 40),
        (Factor::RecentEpisode, 3 * 5),
        (Factor::RisingTrend, 10),
        (Factor::Harm, 10),
        (Factor::HighRiskEpisode, 10),
        (Factor::ExploitationMarker, 2 * 10),
        (Factor::LookedAfter, 5),
        (Factor::PlacedOutOfArea, 5),
        (Factor::YoungChild, 5),
        (Factor::NoProtectiveWork, 15),
    ];
    for (f, pts) in expect {
        assert_eq!(points(&p, f), pts, "{f}");
    }
    // Returned ten days ago less 20 hours: neither "in the last 7 days" nor missing now.
    assert_eq!(points(&p, Factor::MissingLast30Days), 5);
    assert_eq!(p.score, expect.iter().map(|(_, p)| p).sum::<u32>() + 5);
    assert_eq!(p.tier, Some(Tier::Red));
    let rising = p.contributions.iter().find(|c| c.factor == Some(Factor::RisingTrend)).map(|c| &c.fact);
    assert_eq!(rising, Some(&Fact::Rising { recent: 3, before: 1 }));
    // Largest first.
    assert!(p.contributions.windows(2).all(|w| w[0].points >= w[1].points));
}

#[test]
fn missing_now_counts_and_recency_is_then_not_counted_twice() {
    let episodes = [episode(now(), 1, None), episode(now(), 5, Some(3))];
    let p = score(&child(Some(15), CareStatus::NotKnown).with(None, &episodes, &[], &[]), &Weights::default(), now());
    assert_eq!(points(&p, Factor::MissingNow), 15);
    assert_eq!(points(&p, Factor::MissingLast7Days), 0);
    assert_eq!(points(&p, Factor::RecentEpisode), 10);
}

#[test]
fn pending_and_ended_markers_and_offending_types_add_nothing() {
    let mut ended = marker(MarkerType::AtRiskOfCse, true);
    ended.ended_on = Some(today());
    let markers = [marker(MarkerType::AtRiskOfCse, false), ended, marker(MarkerType::Violence, true)];
    let p = score(&child(Some(15), CareStatus::NotKnown).with(None, &[], &markers, &[]), &Weights::default(), now());
    assert_eq!(p.score, 0);
}

#[test]
fn open_protective_work_is_shown_and_stops_the_no_protective_work_points() {
    let amber = screening(Tier::Amber);
    let open = [nrm(false)];
    let p =
        score(&child(Some(15), CareStatus::NotKnown).with(Some(&amber), &[], &[], &open), &Weights::default(), now());
    assert_eq!(points(&p, Factor::NoProtectiveWork), 0);
    assert!(
        p.contributions
            .iter()
            .any(|c| c.fact == Fact::ProtectiveWork { work: vec![ProtectiveWork::NrmAwaitingDecision] })
    );
    let decided = [nrm(true)];
    let p = score(
        &child(Some(15), CareStatus::NotKnown).with(Some(&amber), &[], &[], &decided),
        &Weights::default(),
        now(),
    );
    assert_eq!(points(&p, Factor::NoProtectiveWork), 15);
    let p = score(
        &child(Some(15), CareStatus::ChildProtectionPlan).with(Some(&amber), &[], &[], &[]),
        &Weights::default(),
        now(),
    );
    assert_eq!(points(&p, Factor::NoProtectiveWork), 0);
    // A green screening alone is not risk: no points for the absence of protective work.
    let green = screening(Tier::Green);
    let p = score(&child(Some(15), CareStatus::NotKnown).with(Some(&green), &[], &[], &[]), &Weights::default(), now());
    assert_eq!(p.score, 5);
}

#[test]
fn the_weights_are_configuration() {
    let w = Weights::default().with(Factor::LookedAfter, 30).with(Factor::YoungChild, 0);
    let p = score(&child(Some(9), CareStatus::LookedAfter), &w, now());
    assert_eq!(p.score, 30);
    assert_eq!(w.check(), Ok(()));
    assert_eq!(w.with(Factor::Harm, MAX_POINTS + 1).check(), Err((Factor::Harm, "too-large")));
    // A version saved before a factor existed takes the factor's default.
    for f in Factor::ALL {
        assert_eq!(Weights::setting(*f), format!("priority.{}", f.code()));
    }
    let old: Weights = serde_json::from_str(r#"{"screening_red": 50}"#).unwrap();
    assert_eq!((old.points(Factor::ScreeningRed), old.points(Factor::Harm)), (50, 10));
}

#[test]
fn ranking_puts_the_highest_score_first_then_the_higher_tier_then_the_name() {
    let pr = |score, tier| Priority { score, tier, contributions: vec![] };
    let list = vec![
        Ranked { child: "Cai", priority: pr(20, Some(Tier::Green)) },
        Ranked { child: "Bea", priority: pr(20, Some(Tier::Amber)) },
        Ranked { child: "Ann", priority: pr(20, Some(Tier::Amber)) },
        Ranked { child: "Dai", priority: pr(45, None) },
    ];
    let order: Vec<&str> = rank(list, |c| *c).into_iter().map(|r| r.child).collect();
    assert_eq!(order, ["Dai", "Ann", "Bea", "Cai"]);
}

#[test]
fn the_make_up_compares_the_list_with_its_cohort() {
    let m = |ethnicity, sex, age, listed| Member { ethnicity, sex, age: AgeBand::of(age), listed };
    let members = [
        m(Ethnicity::BlackCaribbean, Sex::Male, Some(15), true),
        m(Ethnicity::BlackCaribbean, Sex::Male, Some(16), true),
        m(Ethnicity::WhiteBritish, Sex::Female, Some(14), true),
        m(Ethnicity::WhiteBritish, Sex::Female, Some(14), false),
        m(Ethnicity::WhiteBritish, Sex::Male, Some(9), false),
        m(Ethnicity::WhiteBritish, Sex::Female, None, false),
    ];
    let r = make_up(&members);
    assert_eq!((r.listed, r.cohort), (3, 6));
    let black = &r.ethnicity[0];
    assert_eq!((black.group, black.listed, black.cohort), (Ethnicity::BlackCaribbean, 2, 2));
    // Two thirds of the list against a third of the cohort: twice its share, marked.
    assert!((black.ratio.unwrap() - 2.0).abs() < 1e-9 && black.marked);
    let white = &r.ethnicity[1];
    assert_eq!((white.group, white.listed, white.cohort), (Ethnicity::WhiteBritish, 1, 4));
    assert!((white.ratio.unwrap() - 0.5).abs() < 1e-9 && white.marked);
    assert_eq!(
        r.age.iter().map(|l| (l.group, l.cohort)).collect::<Vec<_>>(),
        [(AgeBand::Under10, 1), (AgeBand::From13To15, 3), (AgeBand::From16To17, 1), (AgeBand::NotKnown, 1)]
    );
    let empty = make_up(&[m(Ethnicity::WhiteBritish, Sex::Male, Some(15), false)]);
    assert_eq!(empty.sex[0].ratio, None);
}

fn details(ethnicity: Ethnicity, sex: Sex, gender: Option<String>, care: CareStatus) -> PersonDetails {
    PersonDetails {
        kind: PersonKind::Child,
        given_name: Name::parse("Sam").unwrap(),
        middle_names: None,
        family_name: Name::parse("Jones").unwrap(),
        date_of_birth: NaiveDate::from_ymd_opt(2012, 3, 4),
        sex,
        gender,
        ethnicity,
        care_status: care,
        placing_authority: None,
        host_authority: None,
    }
}

fn tier() -> impl Strategy<Value = Option<Tier>> {
    proptest::option::of(proptest::sample::select(Tier::ALL))
}

fn days() -> impl Strategy<Value = Vec<(i64, Option<i64>)>> {
    proptest::collection::vec((0i64..400, proptest::option::of(1i64..100)), 0..8)
}

fn kinds() -> impl Strategy<Value = Vec<MarkerType>> {
    proptest::collection::vec(proptest::sample::select(MarkerType::ALL), 0..4)
}

fn scored(t: Option<Tier>, eps: &[(i64, Option<i64>)], mk: &[MarkerType], care: CareStatus) -> u32 {
    let s = t.map(screening);
    // At most one open episode, as the store enforces: the latest.
    let newest = eps.iter().map(|(d, _)| *d).min();
    let episodes: Vec<MissingEpisode> = eps
        .iter()
        .map(|(d, h)| episode(now(), *d, if Some(*d) == newest { *h } else { Some(h.unwrap_or(2)) }))
        .collect();
    let markers: Vec<Marker> = mk.iter().map(|k| marker(*k, true)).collect();
    score(&child(Some(15), care).with(s.as_ref(), &episodes, &markers, &[]), &Weights::default(), now()).score
}

proptest! {
    #[test]
    fn the_score_is_the_sum_of_its_contributions(t in tier(), eps in days(), mk in kinds()) {
        let s = t.map(screening);
        let episodes: Vec<MissingEpisode> = eps.iter().map(|(d, h)| episode(now(), *d, Some(h.unwrap_or(1)))).collect();
        let markers: Vec<Marker> = mk.iter().map(|k| marker(*k, true)).collect();
        let p = score(&child(Some(14), CareStatus::LookedAfter).with(s.as_ref(), &episodes, &markers, &[]), &Weights::default(), now());
        prop_assert_eq!(p.score, p.contributions.iter().map(|c| c.points).sum::<u32>());
    }

    #[test]
    fn a_higher_tier_never_lowers_the_priority(a in tier(), b in tier(), eps in days(), mk in kinds()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(scored(lo, &eps, &mk, CareStatus::NotKnown) <= scored(hi, &eps, &mk, CareStatus::NotKnown));
    }

    #[test]
    fn another_marker_never_lowers_the_priority(t in tier(), eps in days(), mk in kinds(), extra in proptest::sample::select(MarkerType::ALL)) {
        let mut more = mk.clone();
        more.push(extra);
        prop_assert!(scored(t, &eps, &mk, CareStatus::NotKnown) <= scored(t, &eps, &more, CareStatus::NotKnown));
    }

    #[test]
    fn another_recent_episode_never_lowers_the_priority(t in tier(), eps in days(), mk in kinds(), d in 0i64..90) {
        // All returned: a child missing now cannot go missing again until they are back.
        let eps: Vec<(i64, Option<i64>)> = eps.into_iter().map(|(d, h)| (d, Some(h.unwrap_or(2)))).collect();
        let mut more = eps.clone();
        more.push((d, Some(3)));
        prop_assert!(scored(t, &eps, &mk, CareStatus::NotKnown) <= scored(t, &more, &mk, CareStatus::NotKnown));
    }

    #[test]
    fn no_protected_characteristic_but_age_moves_the_score(
        e1 in proptest::sample::select(Ethnicity::ALL),
        e2 in proptest::sample::select(Ethnicity::ALL),
        s1 in proptest::sample::select(Sex::ALL),
        s2 in proptest::sample::select(Sex::ALL),
        g in proptest::option::of("[a-z ]{1,12}"),
        care in proptest::sample::select(CareStatus::ALL),
        t in tier(),
        eps in days(),
    ) {
        let s = t.map(screening);
        let episodes: Vec<MissingEpisode> = eps.iter().map(|(d, h)| episode(now(), *d, Some(h.unwrap_or(1)))).collect();
        let a = ChildFacts::of(&details(e1, s1, None, care), today()).with(s.as_ref(), &episodes, &[], &[]);
        let b = ChildFacts::of(&details(e2, s2, g, care), today()).with(s.as_ref(), &episodes, &[], &[]);
        prop_assert_eq!(score(&a, &Weights::default(), now()), score(&b, &Weights::default(), now()));
    }
}
