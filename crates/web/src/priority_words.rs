//! A priority factor's contribution in words, the same on the page and in the API: "Missing 3
//! times in the last 90 days (5 points each, up to 5)".

use crate::i18n::Lang;
use haven_domain::priority::{Contribution, EPISODES_COUNTED, Fact, HARM_COUNTED, MARKERS_COUNTED, ProtectiveWork};

fn date(d: &chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The facts of one contribution in `lang`.
pub fn words(lang: Lang, c: &Contribution) -> String {
    let n = |v: u32| v.to_string();
    match &c.fact {
        Fact::Screening { tier, on } => lang.t_args(
            "priority-fact-screening",
            &[("tier", lang.label("screening-tier", tier.code())), ("date", date(on))],
        ),
        Fact::NotScreened => lang.t("priority-fact-not-screened"),
        Fact::MissingNow { since } => lang.t_args(
            "priority-fact-missing-now",
            &[("since", since.with_timezone(&chrono_tz::Europe::London).format("%d/%m/%Y %H:%M").to_string())],
        ),
        Fact::RecentEpisodes { count, counted } => lang.t_args(
            "priority-fact-recent",
            &[("count", n(*count)), ("counted", n(*counted)), ("most", n(EPISODES_COUNTED))],
        ),
        Fact::LastMissing { days } => lang.t_args("priority-fact-last-missing", &[("days", days.to_string())]),
        Fact::Rising { recent, before } => {
            lang.t_args("priority-fact-rising", &[("recent", n(*recent)), ("before", n(*before))])
        }
        Fact::Harm { count, counted } => lang
            .t_args("priority-fact-harm", &[("count", n(*count)), ("counted", n(*counted)), ("most", n(HARM_COUNTED))]),
        Fact::HighRisk { count } => lang.t_args("priority-fact-high-risk", &[("count", n(*count))]),
        Fact::Markers { types, counted } => {
            let names: Vec<String> = types.iter().map(|t| lang.label("marker-type", t.code())).collect();
            lang.t_args(
                "priority-fact-markers",
                &[("types", names.join(", ")), ("counted", n(*counted)), ("most", n(MARKERS_COUNTED))],
            )
        }
        Fact::LookedAfter => lang.t("priority-fact-looked-after"),
        Fact::PlacedOutOfArea => lang.t("priority-fact-out-of-area"),
        Fact::Young { age } => lang.t_args("priority-fact-young", &[("age", n(*age))]),
        Fact::NoProtectiveWork => lang.t("priority-fact-no-protective-work"),
        Fact::ProtectiveWork { work } => {
            let names: Vec<String> = work
                .iter()
                .map(|w| {
                    lang.t(match w {
                        ProtectiveWork::ChildProtectionPlan => "priority-work-child-protection-plan",
                        ProtectiveWork::ChildInNeedPlan => "priority-work-child-in-need-plan",
                        ProtectiveWork::NrmAwaitingDecision => "priority-work-nrm-awaiting-decision",
                    })
                })
                .collect();
            lang.t_args("priority-fact-protective-work", &[("work", names.join(", "))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use haven_domain::priority::{Fact, Factor};

    #[test]
    fn every_fact_reads_in_both_languages() {
        let facts = [
            Fact::NotScreened,
            Fact::RecentEpisodes { count: 7, counted: 5 },
            Fact::LastMissing { days: 3 },
            Fact::Rising { recent: 3, before: 1 },
            Fact::Harm { count: 1, counted: 1 },
            Fact::HighRisk { count: 2 },
            Fact::Markers { types: vec![haven_domain::marker::MarkerType::CountyLines], counted: 1 },
            Fact::LookedAfter,
            Fact::PlacedOutOfArea,
            Fact::Young { age: 11 },
            Fact::NoProtectiveWork,
            Fact::ProtectiveWork { work: vec![ProtectiveWork::NrmAwaitingDecision] },
        ];
        for lang in [Lang::En, Lang::Cy] {
            for fact in &facts {
                let c = Contribution { factor: Some(Factor::Harm), points: 1, fact: fact.clone() };
                let w = words(lang, &c);
                assert!(!w.starts_with("priority-") && !w.contains("{"), "{lang:?} {fact:?}: {w}");
            }
        }
        let c = Contribution { factor: None, points: 10, fact: Fact::RecentEpisodes { count: 7, counted: 5 } };
        assert_eq!(words(Lang::En, &c), "Missing 7 times in the last 90 days (5 counted, up to 5)");
    }
}
