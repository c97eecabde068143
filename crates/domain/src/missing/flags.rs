//! Flags computed from a child's missing history. Each flag names the episodes that made it, so
//! a practitioner can check the reasoning rather than trust a label.

use super::rules::MissingRules;
use crate::ids::PersonId;
use crate::location::LocationKind;
use crate::uktime::uk_date;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

/// What the flags need to know of one episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpisodeFacts {
    pub id: Uuid,
    pub person_id: PersonId,
    pub reported_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
    /// The kind of place the child went missing from, where known.
    pub from_kind: Option<LocationKind>,
    /// Whether the child was placed out of their home authority's area at the time.
    pub out_of_area: bool,
    pub found_in_other_force_area: bool,
}

/// One of the child's placements: where they lived from one date to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedAt {
    pub from: NaiveDate,
    /// The last day; `None` while it lasts.
    pub to: Option<NaiveDate>,
    pub kind: LocationKind,
}

/// What the flags need to know of the child: where they were placed over time (none where the
/// caller may not see placements).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChildFacts {
    pub placements: Vec<PlacedAt>,
}

impl ChildFacts {
    /// The kind of place the child was placed at on `day`: of the placements in force that day,
    /// the one that began last (a move on the day counts the new placement).
    pub fn placed_on(&self, day: NaiveDate) -> Option<LocationKind> {
        self.placements
            .iter()
            .filter(|p| p.from <= day && p.to.is_none_or(|to| day <= to))
            .max_by_key(|p| p.from)
            .map(|p| p.kind)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// A stable code: `currently_missing`, `repeat_missing`, `missing_from_childrens_home`,
    /// `out_of_area_placement`, `unaccompanied_asylum_seeking_child`, `long_episode`,
    /// `found_in_other_force_area`. The children's-home and asylum-hotel flags name the
    /// episodes that began while the child was placed there (or that went missing from such a
    /// place): an episode before the placement is not one of them.
    pub code: &'static str,
    /// For `repeat_missing`: the action the rule prompts (`strategy_discussion`).
    pub action: Option<String>,
    pub episodes: Vec<Uuid>,
}

fn flag(code: &'static str, episodes: Vec<Uuid>) -> Option<Flag> {
    (!episodes.is_empty()).then_some(Flag { code, action: None, episodes })
}

/// Whether the history makes the child repeat missing at `now` by any of the area's rules.
pub fn is_repeat_missing(history: &[EpisodeFacts], rules: &MissingRules, now: DateTime<Utc>) -> bool {
    rules.repeat.iter().any(|rule| {
        let since = now - Duration::days(rule.window_days);
        history.iter().filter(|e| e.reported_at >= since && e.reported_at <= now).count() >= rule.episodes as usize
    })
}

/// Every flag the history raises at `now`, in a fixed order.
pub fn flags(history: &[EpisodeFacts], child: &ChildFacts, rules: &MissingRules, now: DateTime<Utc>) -> Vec<Flag> {
    // Where the child was placed when each episode began (the UK day they were last seen).
    let placed = |e: &EpisodeFacts| child.placed_on(uk_date(e.last_seen_at));
    let at = |e: &EpisodeFacts, kind: LocationKind| e.from_kind == Some(kind) || placed(e) == Some(kind);
    let ids =
        |pred: &dyn Fn(&EpisodeFacts) -> bool| history.iter().filter(|e| pred(e)).map(|e| e.id).collect::<Vec<_>>();
    let mut out = Vec::new();
    out.extend(flag("currently_missing", ids(&|e| e.returned_at.is_none())));
    for rule in &rules.repeat {
        let since = now - Duration::days(rule.window_days);
        let recent = ids(&|e| e.reported_at >= since && e.reported_at <= now);
        if recent.len() >= rule.episodes as usize {
            out.push(Flag { code: "repeat_missing", action: Some(rule.action.clone()), episodes: recent });
        }
    }
    out.extend(flag("missing_from_childrens_home", ids(&|e| at(e, LocationKind::ChildrensHome))));
    out.extend(flag("out_of_area_placement", ids(&|e| e.out_of_area)));
    // haven records no immigration status: a placement in an asylum hotel is what it knows.
    out.extend(flag("unaccompanied_asylum_seeking_child", ids(&|e| at(e, LocationKind::AsylumHotel))));
    let long = rules.long_episode();
    out.extend(flag("long_episode", ids(&|e| e.returned_at.unwrap_or(now) - e.last_seen_at > long)));
    out.extend(flag("found_in_other_force_area", ids(&|e| e.found_in_other_force_area)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(d: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z").unwrap().with_timezone(&Utc) + Duration::days(d)
    }

    fn episode(reported_day: i64, hours_away: Option<i64>) -> EpisodeFacts {
        EpisodeFacts {
            id: Uuid::new_v4(),
            person_id: PersonId(Uuid::nil()),
            reported_at: t(reported_day),
            last_seen_at: t(reported_day),
            returned_at: hours_away.map(|h| t(reported_day) + Duration::hours(h)),
            from_kind: None,
            out_of_area: false,
            found_in_other_force_area: false,
        }
    }

    fn codes(f: &[Flag]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn three_episodes_in_ninety_days_flag_repeat_missing_with_those_episodes() {
        let rules = MissingRules::default();
        let old = episode(-120, Some(2));
        let recent = [episode(-80, Some(2)), episode(-30, Some(2)), episode(-1, Some(2))];
        let mut history = vec![old.clone()];
        history.extend(recent.iter().cloned());
        let f = flags(&history, &ChildFacts::default(), &rules, t(0));
        assert_eq!(codes(&f), ["repeat_missing"]);
        assert_eq!(f[0].action.as_deref(), Some("strategy_discussion"));
        assert_eq!(f[0].episodes, recent.iter().map(|e| e.id).collect::<Vec<_>>());
        let two = flags(&history[..3], &ChildFacts::default(), &rules, t(0));
        assert!(two.is_empty());
        assert!(is_repeat_missing(&history, &rules, t(0)));
        assert!(!is_repeat_missing(&history[..3], &rules, t(0)));
    }

    #[test]
    fn open_long_and_placement_flags_name_their_episodes() {
        let rules = MissingRules::default();
        let mut from_home = episode(-10, Some(30));
        from_home.from_kind = Some(LocationKind::ChildrensHome);
        from_home.out_of_area = true;
        from_home.found_in_other_force_area = true;
        let open = episode(-2, None);
        let history = vec![from_home.clone(), open.clone()];
        let hotel = PlacedAt { from: t(-30).date_naive(), to: None, kind: LocationKind::AsylumHotel };
        let f = flags(&history, &ChildFacts { placements: vec![hotel] }, &rules, t(0));
        assert_eq!(
            codes(&f),
            [
                "currently_missing",
                "missing_from_childrens_home",
                "out_of_area_placement",
                "unaccompanied_asylum_seeking_child",
                "long_episode",
                "found_in_other_force_area"
            ]
        );
        assert_eq!(f[0].episodes, vec![open.id]);
        // Both are long: one lasted 30 hours, the open one has run for two days.
        assert_eq!(f[4].episodes, vec![from_home.id, open.id]);
    }

    #[test]
    fn placement_flags_come_from_the_placement_in_force_when_each_episode_began() {
        let rules = MissingRules { repeat: vec![], ..MissingRules::default() };
        let day = |d: i64| t(d).date_naive();
        // At home until day -100, in a children's home to day -40, in an asylum hotel since.
        let child = ChildFacts {
            placements: vec![
                PlacedAt { from: day(-400), to: Some(day(-101)), kind: LocationKind::FamilyHome },
                PlacedAt { from: day(-100), to: Some(day(-40)), kind: LocationKind::ChildrensHome },
                PlacedAt { from: day(-40), to: None, kind: LocationKind::AsylumHotel },
            ],
        };
        let before = episode(-200, Some(2));
        let in_home = episode(-60, Some(2));
        // Moved on day -40: the hotel, the placement that began that day, is where she was.
        let moving_day = episode(-40, Some(2));
        let in_hotel = episode(-5, Some(2));
        let history = vec![before.clone(), in_home.clone(), moving_day.clone(), in_hotel.clone()];
        let f = flags(&history, &child, &rules, t(0));
        let named = |code: &str| f.iter().find(|f| f.code == code).map(|f| f.episodes.clone());
        assert_eq!(named("missing_from_childrens_home"), Some(vec![in_home.id]));
        assert_eq!(named("unaccompanied_asylum_seeking_child"), Some(vec![moving_day.id, in_hotel.id]));
        // The episode from before any of it is flagged by neither; nor is a child never placed.
        let alone = flags(&[before], &child, &rules, t(0));
        assert!(alone.is_empty(), "{alone:?}");
        assert!(flags(&history, &ChildFacts::default(), &rules, t(0)).is_empty());
    }
}
