use super::evidence::{Evidence, Source, suggest};
use super::*;
use crate::missing::MissingEpisode;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z").unwrap().with_timezone(&Utc)
}

fn who(age: Option<u32>) -> Screener<'static> {
    Screener {
        person_id: PersonId::new(),
        owner: AgencyId::new(),
        by: Some(UserId::new()),
        by_label: "sw.one",
        at: now(),
        age,
    }
}

fn answers(present: &[&str]) -> Answers {
    present.iter().map(|c| ((*c).to_owned(), Answered { answer: Answer::Present, note: String::new() })).collect()
}

fn tool() -> Tool {
    Tools::standard().current().unwrap().clone()
}

#[test]
fn the_score_is_the_weights_present_and_the_tier_its_band() {
    let t = tool();
    let a = assess(&t, &answers(&["missing-late", "subs-alcohol"]), Some(15));
    assert_eq!((a.score, a.tier, a.floor_applied), (2, Tier::Green, false));
    let a = assess(&t, &answers(&["missing-overnight", "subs-alcohol"]), Some(15));
    assert_eq!((a.score, a.tier), (6, Tier::Amber));
    let a =
        assess(&t, &answers(&["missing-overnight", "money-unexplained", "offending-supply", "money-phone"]), Some(15));
    assert_eq!((a.score, a.tier), (16, Tier::Red));
    // Absent and not known score nothing.
    let mut mixed = answers(&["missing-late"]);
    mixed.insert("missing-overnight".into(), Answered { answer: Answer::Absent, note: String::new() });
    mixed.insert("money-unexplained".into(), Answered { answer: Answer::NotKnown, note: String::new() });
    assert_eq!(assess(&t, &mixed, None).score, 1);
}

#[test]
fn a_child_of_13_or_under_with_a_significant_indicator_is_at_least_amber() {
    let t = tool();
    let a = assess(&t, &answers(&["physical-injuries"]), Some(13));
    assert_eq!((a.score, a.band, a.tier, a.floor_applied), (5, Tier::Green, Tier::Amber, true));
    assert_eq!(assess(&t, &answers(&["physical-injuries"]), Some(14)).tier, Tier::Green);
    assert_eq!(assess(&t, &answers(&["missing-late"]), Some(12)).tier, Tier::Green, "moderate only: no floor");
    assert_eq!(assess(&t, &answers(&["physical-injuries"]), None).tier, Tier::Green, "age unknown: no floor");
}

#[test]
fn red_makes_a_strategy_discussion_due_and_proposes_mace_and_significant_indicators_prompt_the_nrm() {
    let t = tool();
    let a = answers(&["offending-supply", "missing-late"]);
    let o = outcomes(&t, &a, Tier::Amber);
    assert!(!o.strategy_discussion && !o.mace_referral);
    assert_eq!(o.nrm_prompt, vec![Exploitation::Cce]);
    let o = outcomes(&t, &answers(&["rel-older-partner"]), Tier::Red);
    assert!(o.strategy_discussion && o.mace_referral);
    assert_eq!(o.nrm_prompt, vec![Exploitation::Cse]);
    assert!(outcomes(&t, &answers(&["missing-late"]), Tier::Green).nrm_prompt.is_empty());
}

fn input<'a>(answers: &[(&'a str, &'a str, &'a str)], tier: Option<&'a str>, reason: &'a str) -> ScreeningInput<'a> {
    ScreeningInput { tool_version: None, answers: answers.to_vec(), tier, reason }
}

#[test]
fn judgement_may_raise_the_tier_and_lowers_it_only_with_a_reason() {
    let tools = Tools::standard();
    let red = [
        ("missing-overnight", "present", "three nights in October"),
        ("money-unexplained", "present", ""),
        ("offending-supply", "present", ""),
        ("money-phone", "present", ""),
    ];
    let s = parse_screening(&tools, &input(&red, None, ""), &who(Some(15))).unwrap();
    assert_eq!((s.assessment.tier, s.tier, s.judgement()), (Tier::Red, Tier::Red, std::cmp::Ordering::Equal));
    assert_eq!(s.answers["missing-overnight"].note, "three nights in October");
    let lowered = parse_screening(&tools, &input(&red, Some("amber"), " "), &who(Some(15)));
    assert_eq!(lowered, Err(Invalid::one("reason", "lowered-without-reason")));
    let lowered =
        parse_screening(&tools, &input(&red, Some("amber"), "supply was a one-off; now in school"), &who(Some(15)))
            .unwrap();
    assert_eq!((lowered.tier, lowered.judgement()), (Tier::Amber, std::cmp::Ordering::Less));
    let raised =
        parse_screening(&tools, &input(&[("missing-late", "present", "")], Some("red"), ""), &who(Some(15))).unwrap();
    assert_eq!((raised.assessment.tier, raised.tier), (Tier::Green, Tier::Red));
}

#[test]
fn bad_input_is_refused_by_field_all_at_once() {
    let tools = Tools::standard();
    let bad = [
        ("missing-overnight", "present", ""),
        ("missing-nonsense", "present", ""),
        ("subs-drugs", "maybe", ""),
        ("missing-overnight", "absent", ""),
    ];
    let err = parse_screening(&tools, &input(&bad, Some("purple"), ""), &who(None)).unwrap_err();
    let got: Vec<_> = err.0.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(
        got,
        [
            ("answers.missing-nonsense", "unknown-indicator"),
            ("answers.subs-drugs", "unknown-code"),
            ("answers.missing-overnight", "repeated"),
            ("tier", "unknown-code"),
        ]
    );
    let none = parse_screening(&tools, &input(&[], None, ""), &who(None)).unwrap_err();
    assert_eq!(none, Invalid::one("answers", "nothing-answered"));
    let unknowns = parse_screening(&tools, &input(&[("subs-drugs", "not_known", "")], None, ""), &who(None));
    assert_eq!(unknowns.unwrap_err(), Invalid::one("answers", "nothing-answered"));
}

#[test]
fn answers_for_an_unknown_or_retired_version_are_refused() {
    let mut tools = Tools::standard();
    let mut v2 = tools.versions[0].clone();
    v2.version = 2;
    tools.versions[0].retired = true;
    tools.versions.push(v2);
    assert_eq!(tools.current().map(|t| t.version), Some(2));
    let answered = [("subs-drugs", "present", "")];
    let old = ScreeningInput { tool_version: Some(1), ..input(&answered, None, "") };
    assert_eq!(parse_screening(&tools, &old, &who(None)), Err(Invalid::one("tool_version", "retired-tool-version")));
    let unknown = ScreeningInput { tool_version: Some(9), ..input(&answered, None, "") };
    assert_eq!(
        parse_screening(&tools, &unknown, &who(None)),
        Err(Invalid::one("tool_version", "unknown-tool-version"))
    );
    let current = parse_screening(&tools, &input(&answered, None, ""), &who(None)).unwrap();
    assert_eq!(current.tool_version, 2);
}

fn episode(days_ago: i64, hours_away: Option<i64>) -> MissingEpisode {
    crate::testkit::episode(now(), days_ago, hours_away)
}

#[test]
fn evidence_suggests_indicators_with_their_source() {
    let t = tool();
    let mut far = episode(10, Some(30));
    if let Some(f) = far.found.as_mut() {
        f.found_in_other_force_area = true;
        f.with_whom = "two older males in a car".into();
        f.disclosed = true;
    }
    let near = episode(40, Some(3));
    let old = episode(400, Some(50));
    let episodes = [far.clone(), near.clone(), old];
    let ev = Evidence { episodes: &episodes, markers: &[], long_episode_hours: 24, now: now() };
    let got = suggest(&t, &ev);
    let mut sources: Vec<(&str, Source)> = got.into_iter().map(|s| (s.indicator, s.source)).collect();
    sources.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(
        sources,
        vec![
            ("location-out-of-area", Source::FoundOutOfArea { episode: far.id }),
            ("missing-disclosure", Source::Disclosure { episode: far.id }),
            ("missing-overnight", Source::LongEpisode { episode: far.id, hours: 30 }),
            ("missing-repeat", Source::RepeatMissing { count: 2, episodes: vec![near.id, far.id] }),
            (
                "rel-adults-of-concern",
                Source::FoundWith { episode: far.id, with_whom: "two older males in a car".into() }
            ),
        ]
    );
    // One episode, short, nothing found: nothing suggested.
    let quiet = [near];
    assert!(suggest(&t, &Evidence { episodes: &quiet, markers: &[], long_episode_hours: 24, now: now() }).is_empty());
}

fn answer() -> impl Strategy<Value = Answer> {
    proptest::sample::select(Answer::ALL)
}

fn answers_strategy() -> impl Strategy<Value = Answers> {
    let codes: Vec<&'static str> = tool().indicators.iter().map(|i| i.code).collect();
    proptest::collection::btree_map(
        proptest::sample::select(codes),
        answer().prop_map(|answer| Answered { answer, note: String::new() }),
        0..12,
    )
    .prop_map(|m| m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

proptest! {
    /// Marking one more indicator present never lowers the score or the tier, whatever the age.
    #[test]
    fn adding_a_present_indicator_never_lowers_the_score_or_tier(
        before in answers_strategy(),
        extra in proptest::sample::select(tool().indicators.iter().map(|i| i.code).collect::<Vec<_>>()),
        age in proptest::option::of(8u32..18),
    ) {
        let t = tool();
        let a = assess(&t, &before, age);
        let mut after = before.clone();
        after.insert(extra.to_owned(), Answered { answer: Answer::Present, note: String::new() });
        let b = assess(&t, &after, age);
        prop_assert!(b.score >= a.score);
        prop_assert!(b.tier >= a.tier);
        prop_assert!(b.band >= a.band);
    }

    /// The band is monotone in the score, and the tier is never below the band.
    #[test]
    fn the_tier_is_monotone_in_the_score(x in 0u32..200, y in 0u32..200, answers in answers_strategy(), age in proptest::option::of(8u32..18)) {
        let t = tool();
        let (lo, hi) = (x.min(y), x.max(y));
        prop_assert!(t.band(lo) <= t.band(hi));
        let a = assess(&t, &answers, age);
        prop_assert!(a.tier >= a.band);
        prop_assert_eq!(a.band, t.band(a.score));
    }

    /// Whatever tier the practitioner gives: below the tool's needs a reason, at or above does not.
    #[test]
    fn judgement_never_lowers_without_a_reason(
        answers in answers_strategy(),
        tier in proptest::sample::select(Tier::ALL),
        reason in prop_oneof![Just(String::new()), Just("  ".to_owned()), Just("seen in person; the money was a birthday gift".to_owned())],
        age in proptest::option::of(8u32..18),
    ) {
        let tools = Tools::standard();
        let sent: Vec<(&str, &str, &str)> = answers.iter().map(|(c, a)| (c.as_str(), a.answer.code(), "")).collect();
        let input = ScreeningInput { tool_version: None, answers: sent, tier: Some(tier.code()), reason: &reason };
        let computed = assess(&tools.versions[0], &answers, age).tier;
        match parse_screening(&tools, &input, &who(age)) {
            Ok(s) => {
                prop_assert_eq!(s.tier, tier);
                prop_assert_eq!(s.assessment.tier, computed);
                prop_assert!(s.tier >= s.assessment.tier || s.reason.is_some());
            }
            Err(e) => {
                let lowered = tier < computed && reason.trim().is_empty();
                let nothing = answers.values().all(|a| a.answer == Answer::NotKnown);
                prop_assert!(lowered || nothing, "refused: {e:?}");
            }
        }
    }
}

#[test]
fn an_active_marker_on_the_child_suggests_the_indicator_it_evidences() {
    use crate::marker::MarkerType;
    use crate::screening::evidence::marker_fact;
    use crate::testkit::marker;
    let t = tool();
    let lines = marker(MarkerType::CountyLines, true, now());
    let facts: Vec<_> =
        [lines, marker(MarkerType::Weapons, false, now()), marker(MarkerType::AtRiskOfCse, true, now())]
            .iter()
            .filter_map(marker_fact)
            .collect();
    // The pending weapons marker and the CSE marker (no single indicator) suggest nothing.
    assert_eq!(facts.len(), 1);
    let got = suggest(&t, &Evidence { episodes: &[], markers: &facts, long_episode_hours: 24, now: now() });
    assert_eq!(
        got.into_iter().map(|s| (s.indicator, s.source)).collect::<Vec<_>>(),
        [("offending-supply", Source::Marker { marker: "county_lines".into() })]
    );
}
