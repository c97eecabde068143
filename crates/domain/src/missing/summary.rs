//! A child's missing history in one answer: counts, whether they are missing now, the flags
//! with the episodes behind them, and the return home interview still owed.

use super::clocks::{RhiClock, rhi_clock};
use super::flags::{ChildFacts, Flag, flags};
use super::record::MissingEpisode;
use super::rules::MissingRules;
use crate::ids::{EpisodeId, LocationId};
use crate::location::LocationKind;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// The window of `episodes_90d`.
pub const RECENT_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissingSummary {
    pub episodes_total: usize,
    pub episodes_90d: usize,
    pub currently_missing: bool,
    pub open_episode: Option<EpisodeId>,
    pub flags: Vec<Flag>,
    /// The last return without an RHI: when the RHI is due, and whether it is overdue.
    pub rhi_due_at: Option<DateTime<Utc>>,
    pub rhi_clock: Option<RhiClock>,
}

/// Summarises `episodes` (any order). `from_kind` gives the kind of a place a child went
/// missing from, where the store knows it.
pub fn summarise(
    episodes: &[MissingEpisode],
    from_kind: &dyn Fn(LocationId) -> Option<LocationKind>,
    child: &ChildFacts,
    rules: &MissingRules,
    now: DateTime<Utc>,
) -> MissingSummary {
    let facts: Vec<_> = episodes.iter().map(|e| e.facts(e.from_location.and_then(from_kind))).collect();
    let since = now - Duration::days(RECENT_DAYS);
    let open = episodes.iter().find(|e| e.is_open());
    let owed = episodes
        .iter()
        .filter(|e| e.rhi.is_none())
        .filter_map(|e| e.returned_at())
        .max()
        .filter(|last| episodes.iter().filter_map(MissingEpisode::returned_at).max() == Some(*last));
    let clock = owed.map(|returned| rhi_clock(returned, None, rules, now));
    MissingSummary {
        episodes_total: episodes.len(),
        episodes_90d: episodes.iter().filter(|e| e.reported_at >= since && e.reported_at <= now).count(),
        currently_missing: open.is_some(),
        open_episode: open.map(|e| e.id),
        flags: flags(&facts, child, rules, now),
        rhi_due_at: clock.map(|c| c.due_at),
        rhi_clock: clock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PersonId;
    use crate::missing::episode::{Grading, ReporterKind, RhiOutcome};
    use crate::missing::grade::RiskGrade;
    use crate::missing::record::{ReturnRecord, RhiRecord};

    fn t(d: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z").unwrap().with_timezone(&Utc) + Duration::days(d)
    }

    fn episode(person: PersonId, day: i64, back_after_hours: Option<i64>, rhi: bool) -> MissingEpisode {
        let returned_at = back_after_hours.map(|h| t(day) + Duration::hours(h));
        MissingEpisode {
            id: EpisodeId::new(),
            person_id: person,
            reported_at: t(day),
            last_seen_at: t(day),
            last_seen_where: "Home".into(),
            reporter: ReporterKind::Parent,
            from_location: Some(LocationId(uuid::Uuid::nil())),
            area_id: None,
            circumstances: String::new(),
            police_reference: None,
            officer_in_charge: String::new(),
            out_of_area: false,
            gradings: vec![Grading {
                grade: RiskGrade::Medium,
                rationale: "r".into(),
                answers: vec![],
                graded_at: t(day),
                graded_by: None,
                rules_version: "v".into(),
                naira_reason: None,
            }],
            notes: vec![],
            found: returned_at.map(|returned_at| ReturnRecord {
                returned_at,
                found_where: "Town".into(),
                found_by: String::new(),
                with_whom: String::new(),
                harm_seen: String::new(),
                disclosed: false,
                found_in_other_force_area: false,
                prevention_interview_at: None,
                prevention_interview_notes: String::new(),
                recorded_by: None,
                recorded_at: returned_at,
            }),
            rhi: (rhi && returned_at.is_some()).then(|| RhiRecord {
                outcome: RhiOutcome::Held,
                offered_by: String::new(),
                interviewer_independent: None,
                consent_to_share: None,
                reason: String::new(),
                held_at: returned_at.unwrap_or(t(day)) + Duration::hours(24),
                held_by: None,
                in_person: true,
                non_uniformed_officer_present: false,
                where_and_with_whom: String::new(),
                push_factors: String::new(),
                pull_factors: String::new(),
                disclosures: String::new(),
                harm: String::new(),
                exploitation_indicators: String::new(),
                child_wants: String::new(),
                information_shared_at: None,
                follow_up_actions: String::new(),
                recorded_by: None,
                recorded_at: t(day),
            }),
            recorded_by: None,
            owner: crate::ids::AgencyId::default(),
            imported: false,
            version: 1,
        }
    }

    #[test]
    fn counts_flags_and_the_rhi_owed_for_the_last_return() {
        let p = PersonId::new();
        let history =
            vec![episode(p, -200, Some(3), false), episode(p, -60, Some(5), true), episode(p, -2, Some(10), false)];
        let home = |_| Some(LocationKind::ChildrensHome);
        let s = summarise(&history, &home, &ChildFacts::default(), &MissingRules::default(), t(0));
        assert_eq!((s.episodes_total, s.episodes_90d, s.currently_missing), (3, 2, false));
        assert_eq!(s.rhi_due_at, Some(t(-2) + Duration::hours(10 + 72)));
        assert_eq!(s.flags.iter().map(|f| f.code).collect::<Vec<_>>(), ["missing_from_childrens_home"]);
    }

    #[test]
    fn a_child_missing_now_has_the_open_episode_and_no_rhi_owed_once_interviewed() {
        let p = PersonId::new();
        let history = vec![
            episode(p, -50, Some(2), false),
            episode(p, -30, Some(2), true),
            episode(p, -10, Some(2), true),
            episode(p, -1, None, false),
        ];
        let s = summarise(&history, &|_| None, &ChildFacts::default(), &MissingRules::default(), t(0));
        assert_eq!((s.currently_missing, s.open_episode), (true, Some(history[3].id)));
        // The RHI owed is for the last return only; an older missed RHI is a quality figure.
        assert_eq!(s.rhi_due_at, None);
        let codes: Vec<_> = s.flags.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["currently_missing", "repeat_missing"]);
        assert_eq!(s.flags[1].episodes.len(), 4);
    }
}
