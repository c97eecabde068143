//! The clocks of an open episode: reviews due by grade, the NAIRA hold and its expiry, and the
//! return home interview's clock from return.

use super::episode::Grading;
use super::grade::RiskGrade;
use super::rules::{MissingRules, ReviewKind};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A high grade goes straight to the supervisors' queue as an alert.
pub fn raises_immediate_alert(grade: RiskGrade) -> bool {
    grade == RiskGrade::High
}

/// When the episode's NAIRA hold began: at its first NAIRA grading. The hold is the episode's,
/// not the grading's: choosing NAIRA again on a regrade does not restart it.
pub fn naira_hold_start(gradings: &[Grading]) -> Option<DateTime<Utc>> {
    gradings.iter().find(|g| g.grade == RiskGrade::Naira).map(|g| g.graded_at)
}

/// When the episode's NAIRA hold ends, if its latest grading is NAIRA: the configured hours
/// after the hold began ([`naira_hold_start`]).
pub fn naira_expires_at(gradings: &[Grading], rules: &MissingRules) -> Option<DateTime<Utc>> {
    let naira = rules.naira.as_ref()?;
    let latest = gradings.last()?;
    let start = naira_hold_start(gradings)?;
    (latest.grade == RiskGrade::Naira).then(|| start + Duration::hours(naira.max_hold_hours))
}

/// Whether choosing NAIRA for the episode at `now` would find its hold already run out: a
/// regrade may not hold the report again once its hold has ended.
pub fn naira_hold_spent(gradings: &[Grading], rules: &MissingRules, now: DateTime<Utc>) -> bool {
    match (rules.naira.as_ref(), naira_hold_start(gradings)) {
        (Some(naira), Some(start)) => now >= start + Duration::hours(naira.max_hold_hours),
        _ => false,
    }
}

/// When a NAIRA hold ends, the report takes the configured grade by itself. Returns that
/// automatic grading (timed at the expiry, not at whenever the check ran) when the hold has
/// expired and the child is still missing; `None` otherwise.
pub fn naira_escalation(
    gradings: &[Grading],
    rules: &MissingRules,
    still_missing: bool,
    now: DateTime<Utc>,
) -> Option<Grading> {
    let naira = rules.naira.as_ref()?;
    let expires = naira_expires_at(gradings, rules)?;
    let latest = gradings.last()?;
    (still_missing && now >= expires).then(|| Grading {
        grade: naira.escalate_to,
        rationale: format!(
            "NAIRA hold of {} hours expired with the child still missing: graded {} automatically.",
            naira.max_hold_hours,
            naira.escalate_to.code()
        ),
        answers: Vec::new(),
        // Never before the grading it follows (an imported history may have one late).
        graded_at: expires.max(latest.graded_at),
        graded_by: None,
        rules_version: rules.version.clone(),
        naira_reason: None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    pub kind: ReviewKind,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
}

/// A review recorded on an episode, and when its reviewer set the next one, if they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewDone {
    pub kind: ReviewKind,
    pub at: DateTime<Utc>,
    pub next_at: Option<DateTime<Utc>>,
}

/// The reviews due on an open episode: for each review the rules set for the current grade,
/// due a fixed time after the later of the grading and the last review of that kind, or when
/// that last review's supervisor set the next one.
pub fn reviews_due(
    latest: &Grading,
    reviews_done: &[ReviewDone],
    rules: &MissingRules,
    now: DateTime<Utc>,
) -> Vec<ReviewDue> {
    rules
        .reviews
        .iter()
        .filter(|r| r.grade == latest.grade)
        .map(|r| {
            let last =
                reviews_done.iter().filter(|d| d.kind == r.kind && d.at >= latest.graded_at).max_by_key(|d| d.at);
            let due_at = match last {
                Some(ReviewDone { next_at: Some(next), .. }) => *next,
                Some(done) => done.at + Duration::hours(r.every_hours),
                None => latest.graded_at + Duration::hours(r.every_hours),
            };
            ReviewDue { kind: r.kind, due_at, overdue: now > due_at }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RhiState {
    Due,
    Overdue,
    DoneInTime,
    DoneLate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RhiClock {
    pub due_at: DateTime<Utc>,
    pub state: RhiState,
}

/// The return home interview's clock: due a fixed time after return (72 hours in England).
pub fn rhi_clock(
    returned_at: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
    rules: &MissingRules,
    now: DateTime<Utc>,
) -> RhiClock {
    let due_at = returned_at + rules.rhi_within();
    let state = match done_at {
        Some(done) if done <= due_at => RhiState::DoneInTime,
        Some(_) => RhiState::DoneLate,
        None if now > due_at => RhiState::Overdue,
        None => RhiState::Due,
    };
    RhiClock { due_at, state }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T00:00:00Z").unwrap().with_timezone(&Utc) + Duration::hours(h)
    }

    fn graded(grade: RiskGrade, at: DateTime<Utc>) -> Grading {
        Grading {
            grade,
            rationale: "r".into(),
            answers: vec![],
            graded_at: at,
            graded_by: None,
            rules_version: "v".into(),
            naira_reason: None,
        }
    }

    #[test]
    fn a_naira_hold_escalates_by_itself_at_expiry_only_while_missing() {
        let rules = MissingRules::default().with_naira_pilot();
        let g = [graded(RiskGrade::Naira, t(0))];
        assert_eq!(naira_expires_at(&g, &rules), Some(t(6)));
        assert_eq!(naira_escalation(&g, &rules, true, t(5)), None);
        let escalated = naira_escalation(&g, &rules, true, t(9)).unwrap();
        assert_eq!((escalated.grade, escalated.graded_at, escalated.graded_by), (RiskGrade::Medium, t(6), None));
        assert_eq!(naira_escalation(&g, &rules, false, t(9)), None);
        assert_eq!(naira_escalation(&[graded(RiskGrade::Low, t(0))], &rules, true, t(9)), None);
        assert_eq!(naira_escalation(&g, &MissingRules::default(), true, t(9)), None);
    }

    #[test]
    fn choosing_naira_again_on_a_regrade_does_not_restart_the_hold() {
        let rules = MissingRules::default().with_naira_pilot();
        // Held at hour 0, regraded NAIRA at hour 5: the hold still ends at hour 6.
        let regraded = [graded(RiskGrade::Naira, t(0)), graded(RiskGrade::Naira, t(5))];
        assert_eq!(naira_expires_at(&regraded, &rules), Some(t(6)));
        assert_eq!(naira_escalation(&regraded, &rules, true, t(7)).map(|g| g.graded_at), Some(t(6)));
        // Nor does going up and coming back down: low at hour 2, NAIRA again at hour 4.
        let back = [graded(RiskGrade::Naira, t(0)), graded(RiskGrade::Low, t(2)), graded(RiskGrade::Naira, t(4))];
        assert_eq!(naira_expires_at(&back, &rules), Some(t(6)));
        assert!(!naira_hold_spent(&back, &rules, t(5)));
        assert!(naira_hold_spent(&back, &rules, t(6)), "the hold has run out: NAIRA cannot be chosen again");
        assert!(!naira_hold_spent(&[graded(RiskGrade::Medium, t(0))], &rules, t(9)), "never held");
    }

    #[test]
    fn reviews_fall_due_from_the_grading_and_then_from_each_review() {
        let rules = MissingRules::default();
        let g = graded(RiskGrade::High, t(0));
        let due = reviews_due(&g, &[], &rules, t(2));
        assert_eq!(due.len(), 2);
        assert_eq!((due[0].kind, due[0].due_at, due[0].overdue), (ReviewKind::Supervisor, t(1), true));
        assert_eq!((due[1].kind, due[1].due_at, due[1].overdue), (ReviewKind::Inspector, t(4), false));
        let review = |at, next_at| ReviewDone { kind: ReviewKind::Supervisor, at, next_at };
        let after_review = reviews_due(&g, &[review(t(1) + Duration::minutes(30), None)], &rules, t(2));
        assert!(!after_review[0].overdue);
        // A review made before a regrade does not count towards the new grade's clock.
        let regraded = graded(RiskGrade::High, t(3));
        let stale = reviews_due(&regraded, &[review(t(2), None)], &rules, t(3));
        assert_eq!(stale[0].due_at, t(4));
    }

    #[test]
    fn a_supervisor_may_set_when_the_next_review_is_due() {
        let rules = MissingRules::default();
        let g = graded(RiskGrade::Medium, t(0));
        let by_rule =
            reviews_due(&g, &[ReviewDone { kind: ReviewKind::Supervisor, at: t(1), next_at: None }], &rules, t(1));
        let every = rules.reviews.iter().find(|r| r.grade == RiskGrade::Medium && r.kind == ReviewKind::Supervisor);
        assert_eq!(by_rule[0].due_at, t(1 + every.unwrap().every_hours));
        // Set sooner (or later) by the supervisor: the clock follows the supervisor.
        let set = [ReviewDone { kind: ReviewKind::Supervisor, at: t(1), next_at: Some(t(3)) }];
        let due = reviews_due(&g, &set, &rules, t(4));
        assert_eq!((due[0].due_at, due[0].overdue), (t(3), true));
        // A later review without a time set goes back to the area's interval.
        let later = [set[0], ReviewDone { kind: ReviewKind::Supervisor, at: t(2), next_at: None }];
        assert_eq!(reviews_due(&g, &later, &rules, t(4))[0].due_at, t(2 + every.unwrap().every_hours));
    }

    #[test]
    fn the_rhi_clock_runs_72_hours_from_return() {
        let rules = MissingRules::default();
        assert_eq!(rhi_clock(t(0), None, &rules, t(10)), RhiClock { due_at: t(72), state: RhiState::Due });
        assert_eq!(rhi_clock(t(0), None, &rules, t(73)).state, RhiState::Overdue);
        assert_eq!(rhi_clock(t(0), Some(t(70)), &rules, t(100)).state, RhiState::DoneInTime);
        assert_eq!(rhi_clock(t(0), Some(t(80)), &rules, t(100)).state, RhiState::DoneLate);
    }

    #[test]
    fn only_a_high_grade_alerts_the_supervisor_at_once() {
        assert!(raises_immediate_alert(RiskGrade::High));
        assert!(!raises_immediate_alert(RiskGrade::Medium));
    }
}
