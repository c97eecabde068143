//! The rules as named settings with text values, the one shape every edge types them in: the
//! page's form fields, the API's JSON (whose paths are the same names), the command line's
//! flags laid over a preset. [`values`] writes a version's settings out; [`parse`] reads them
//! back, naming every setting that is wrong, and checks the whole with [`MissingRules::check`].

use super::grade::RiskGrade;
use super::rules::{EpisodeAges, MissingRules, NairaRule, RepeatRule, ReviewKind, ReviewRule, RhiTerm, Setting};
use crate::error::Invalid;
use crate::priority::{Factor, Weights};
use std::collections::BTreeMap;

pub const RHI_TERM: &str = "rhi_term";
pub const RHI_WITHIN_HOURS: &str = "rhi_within_hours";
pub const LONG_EPISODE_HOURS: &str = "long_episode_hours";
pub const LOWEST_GRADE: &str = "lowest_grade";
pub const AGES: &str = "ages";
/// `yes` when NAIRA is switched on.
pub const NAIRA: &str = "naira";
pub const NAIRA_MAX_HOLD_HOURS: &str = "naira.max_hold_hours";
pub const NAIRA_ESCALATE_TO: &str = "naira.escalate_to";

/// Each review interval's setting, by grade and kind; blank when the rules set none.
pub const REVIEWS: [(RiskGrade, ReviewKind, &str); 8] = [
    (RiskGrade::High, ReviewKind::Supervisor, "reviews.high.supervisor"),
    (RiskGrade::High, ReviewKind::Inspector, "reviews.high.inspector"),
    (RiskGrade::Medium, ReviewKind::Supervisor, "reviews.medium.supervisor"),
    (RiskGrade::Medium, ReviewKind::Inspector, "reviews.medium.inspector"),
    (RiskGrade::Low, ReviewKind::Supervisor, "reviews.low.supervisor"),
    (RiskGrade::Low, ReviewKind::Inspector, "reviews.low.inspector"),
    (RiskGrade::VeryLow, ReviewKind::Supervisor, "reviews.very_low.supervisor"),
    (RiskGrade::VeryLow, ReviewKind::Inspector, "reviews.very_low.inspector"),
];

/// Up to three repeat-missing rules: episodes, window in days, action. A row left blank is no
/// rule.
pub const REPEAT: [[&str; 3]; 3] = [
    ["repeat.0.episodes", "repeat.0.window_days", "repeat.0.action"],
    ["repeat.1.episodes", "repeat.1.window_days", "repeat.1.action"],
    ["repeat.2.episodes", "repeat.2.window_days", "repeat.2.action"],
];

/// `yes` when a setting is still a placeholder: `to_set_locally.rhi_within_hours`.
pub const TO_SET_LOCALLY: [(Setting, &str); 7] = [
    (Setting::RhiWithinHours, "to_set_locally.rhi_within_hours"),
    (Setting::Reviews, "to_set_locally.reviews"),
    (Setting::Repeat, "to_set_locally.repeat"),
    (Setting::LongEpisodeHours, "to_set_locally.long_episode_hours"),
    (Setting::Naira, "to_set_locally.naira"),
    (Setting::LowestGrade, "to_set_locally.lowest_grade"),
    (Setting::Ages, "to_set_locally.ages"),
];

/// The settings of `rules`, by name.
pub fn values(rules: &MissingRules) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let mut set = |k: &str, value: String| {
        v.insert(k.to_owned(), value);
    };
    set(RHI_TERM, rules.rhi_term.code().to_owned());
    set(RHI_WITHIN_HOURS, rules.rhi_within_hours.to_string());
    set(LONG_EPISODE_HOURS, rules.long_episode_hours.to_string());
    set(LOWEST_GRADE, rules.lowest_grade.code().to_owned());
    set(AGES, rules.ages.code().to_owned());
    match &rules.naira {
        Some(n) => {
            set(NAIRA, "yes".to_owned());
            set(NAIRA_MAX_HOLD_HOURS, n.max_hold_hours.to_string());
            set(NAIRA_ESCALATE_TO, n.escalate_to.code().to_owned());
        }
        None => set(NAIRA, String::new()),
    }
    for (grade, kind, name) in REVIEWS {
        set(name, rules.review_every(grade, kind).map(|h| h.to_string()).unwrap_or_default());
    }
    for (row, names) in REPEAT.iter().enumerate() {
        let r = rules.repeat.get(row);
        set(names[0], r.map(|r| r.episodes.to_string()).unwrap_or_default());
        set(names[1], r.map(|r| r.window_days.to_string()).unwrap_or_default());
        set(names[2], r.map(|r| r.action.clone()).unwrap_or_default());
    }
    for (setting, name) in TO_SET_LOCALLY {
        set(name, if rules.is_placeholder(setting) { "yes" } else { "" }.to_owned());
    }
    for factor in Factor::ALL {
        set(Weights::setting(*factor), rules.priority.points(*factor).to_string());
    }
    v
}

/// Reads the rules from their settings (`get` gives each by name; absent is blank) under the
/// version name `version`. Every problem is named by its setting; nothing partial is returned.
pub fn parse(version: &str, get: &dyn Fn(&str) -> Option<String>) -> Result<MissingRules, Invalid> {
    let mut e = Invalid::default();
    let text = |name: &str| get(name).map(|s| s.trim().to_owned()).unwrap_or_default();
    let ticked = |name: &str| matches!(text(name).as_str(), "yes" | "true" | "on");
    let rhi_term = e.check(RHI_TERM, RhiTerm::parse(&text(RHI_TERM)));
    let rhi_within_hours = e.check(RHI_WITHIN_HOURS, number(&text(RHI_WITHIN_HOURS)));
    let long_episode_hours = e.check(LONG_EPISODE_HOURS, number(&text(LONG_EPISODE_HOURS)));
    let lowest_grade = e.check(LOWEST_GRADE, RiskGrade::parse(&text(LOWEST_GRADE)));
    let ages = e.check(AGES, EpisodeAges::parse(&text(AGES)));
    let naira = if ticked(NAIRA) {
        let max = e.check(NAIRA_MAX_HOLD_HOURS, number(&text(NAIRA_MAX_HOLD_HOURS)));
        let to = e.check(NAIRA_ESCALATE_TO, RiskGrade::parse(&text(NAIRA_ESCALATE_TO)));
        match (max, to) {
            (Some(max_hold_hours), Some(escalate_to)) => Some(Some(NairaRule { max_hold_hours, escalate_to })),
            _ => None,
        }
    } else {
        Some(None)
    };
    let mut reviews = Vec::new();
    for (grade, kind, name) in REVIEWS {
        match text(name).as_str() {
            "" => {}
            raw => {
                if let Some(every_hours) = e.check(name, number(raw)) {
                    reviews.push(ReviewRule { grade, kind, every_hours });
                }
            }
        }
    }
    let mut repeat = Vec::new();
    for names in REPEAT {
        let [episodes, window, action] = names.map(text);
        if episodes.is_empty() && window.is_empty() && action.is_empty() {
            continue;
        }
        let episodes = e.check(names[0], number(&episodes).and_then(|n| u32::try_from(n).map_err(|_| "too-large")));
        let window_days = e.check(names[1], number(&window));
        let action = match action.as_str() {
            "" => {
                e.push(names[2], "required");
                None
            }
            a => Some(a.to_owned()),
        };
        if let (Some(episodes), Some(window_days), Some(action)) = (episodes, window_days, action) {
            repeat.push(RepeatRule { episodes, window_days, action });
        }
    }
    let to_set_locally = TO_SET_LOCALLY.iter().filter(|(_, name)| ticked(name)).map(|(s, _)| *s).collect();
    // A weight left blank takes haven's default (the command line sets only what it names).
    let mut priority = Weights::default();
    for factor in Factor::ALL {
        let name = Weights::setting(*factor);
        let raw = text(name);
        if raw.is_empty() {
            continue;
        }
        let points = number(&raw).and_then(|n| u32::try_from(n).map_err(|_| "negative"));
        if let Some(points) = e.check(name, points) {
            priority = priority.with(*factor, points);
        }
    }
    let (
        Some(rhi_term),
        Some(rhi_within_hours),
        Some(long_episode_hours),
        Some(lowest_grade),
        Some(ages),
        Some(naira),
        true,
    ) = (rhi_term, rhi_within_hours, long_episode_hours, lowest_grade, ages, naira, e.is_empty())
    else {
        return Err(e);
    };
    let rules = MissingRules {
        version: version.to_owned(),
        naira,
        reviews,
        rhi_within_hours,
        repeat,
        long_episode_hours,
        rhi_term,
        lowest_grade,
        ages,
        to_set_locally,
        priority,
    };
    rules.check()?;
    Ok(rules)
}

/// A whole number as typed (`72`); blank is `required`.
fn number(raw: &str) -> Result<i64, &'static str> {
    match raw.trim() {
        "" => Err("required"),
        raw => raw.parse::<i64>().map_err(|_| "whole-number"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::missing::rules::Preset;

    fn read(v: &BTreeMap<String, String>) -> Result<MissingRules, Invalid> {
        parse("v", &|name| v.get(name).cloned())
    }

    fn problems(v: &BTreeMap<String, String>) -> Vec<(String, &'static str)> {
        read(v).err().unwrap_or_default().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn each_preset_reads_back_as_it_was_written() {
        for preset in Preset::ALL {
            let rules = preset.rules();
            let back = read(&values(&rules)).map(|r| MissingRules { version: rules.version.clone(), ..r });
            assert_eq!(back, Ok(rules), "{preset}");
        }
        let naira = MissingRules::default().with_naira_pilot();
        assert_eq!(read(&values(&naira)).map(|r| r.naira), Ok(naira.naira));
    }

    #[test]
    fn the_priority_weights_are_settings_checked_like_the_rest() {
        let mut v = values(&Preset::England.rules());
        assert_eq!(v.get("priority.screening_red").map(String::as_str), Some("40"));
        v.insert("priority.looked_after".into(), "25".into());
        v.insert("priority.harm".into(), "".into());
        let rules = read(&v).unwrap();
        assert_eq!(rules.priority.points(Factor::LookedAfter), 25);
        assert_eq!(rules.priority.points(Factor::Harm), Weights::default().points(Factor::Harm));
        v.insert("priority.harm".into(), "-3".into());
        v.insert("priority.young_child".into(), "lots".into());
        v.insert("priority.missing_now".into(), "101".into());
        assert_eq!(
            problems(&v),
            [("priority.harm".to_owned(), "negative"), ("priority.young_child".to_owned(), "whole-number")]
        );
        v.insert("priority.harm".into(), "3".into());
        v.insert("priority.young_child".into(), "3".into());
        assert_eq!(problems(&v), [("priority.missing_now".to_owned(), "too-large")]);
    }

    #[test]
    fn every_mistake_is_named_by_its_setting_and_nothing_is_returned() {
        let mut v = values(&Preset::Wales.rules());
        v.insert(RHI_WITHIN_HOURS.into(), "three days".into());
        v.insert(LONG_EPISODE_HOURS.into(), "".into());
        v.insert("reviews.high.supervisor".into(), "0".into());
        v.insert(NAIRA.into(), "yes".into());
        v.insert("repeat.1.episodes".into(), "2".into());
        v.insert(RHI_TERM.into(), "chat".into());
        assert_eq!(
            problems(&v),
            [
                ("rhi_term".to_owned(), "unknown-code"),
                ("rhi_within_hours".to_owned(), "whole-number"),
                ("long_episode_hours".to_owned(), "required"),
                ("naira.max_hold_hours".to_owned(), "required"),
                ("naira.escalate_to".to_owned(), "required"),
                ("repeat.1.window_days".to_owned(), "required"),
                ("repeat.1.action".to_owned(), "required"),
            ]
        );
        // Once each value reads, the whole is checked: still named by setting.
        let mut v = values(&Preset::England.rules());
        v.insert("reviews.high.supervisor".into(), "0".into());
        v.insert("reviews.medium.supervisor".into(), "".into());
        assert_eq!(
            problems(&v),
            [
                ("reviews.high.supervisor".to_owned(), "must-be-positive"),
                ("reviews.medium.supervisor".to_owned(), "required")
            ]
        );
    }

    #[test]
    fn a_placeholder_is_cleared_by_unticking_it() {
        let mut v = values(&Preset::Wales.rules());
        assert_eq!(v.get("to_set_locally.rhi_within_hours").map(String::as_str), Some("yes"));
        v.insert("to_set_locally.rhi_within_hours".into(), String::new());
        v.insert(RHI_WITHIN_HOURS.into(), "120".into());
        let rules = read(&v).unwrap_or_default();
        assert_eq!(rules.rhi_within_hours, 120);
        assert!(!rules.is_placeholder(Setting::RhiWithinHours));
        assert!(rules.is_placeholder(Setting::Reviews));
    }
}
