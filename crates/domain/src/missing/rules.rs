//! Local rules for missing episodes, configured per area and versioned. The defaults are those
//! documented in DOMAIN.md: the RHI within 72 hours of return (England, statutory guidance
//! 2014); NAIRA off, with a 6-hour hold where switched on (Torbay, seed 004); repeat missing at
//! 3 episodes in 90 days prompting a strategy discussion (a local rule, not national); a long
//! episode over 24 hours. Review intervals have no national source: the defaults below are a
//! starting point for each force to set.

use super::grade::RiskGrade;
use chrono::Duration;
use serde::{Deserialize, Serialize};

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
    /// … prompt this action (a stable code: `strategy_discussion`, `rhi_priority`…).
    pub action: String,
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
}

impl Default for MissingRules {
    fn default() -> Self {
        let review = |grade, kind, every_hours| ReviewRule { grade, kind, every_hours };
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
        }
    }
}

impl MissingRules {
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

    /// Checks a configuration before it is saved: positive intervals and counts, a NAIRA
    /// escalation to a real grade.
    pub fn check(&self) -> Result<(), &'static str> {
        let positive = self.rhi_within_hours > 0
            && self.long_episode_hours > 0
            && self.reviews.iter().all(|r| r.every_hours > 0)
            && self.repeat.iter().all(|r| r.episodes > 0 && r.window_days > 0);
        if !positive {
            return Err("must-be-positive");
        }
        match &self.naira {
            Some(n) if n.max_hold_hours <= 0 => Err("must-be-positive"),
            Some(n) if !RiskGrade::CURRENT.contains(&n.escalate_to) => Err("escalation-grade"),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_naira_is_off() {
        let rules = MissingRules::default();
        assert_eq!(rules.check(), Ok(()));
        assert!(rules.naira.is_none());
        assert_eq!(rules.rhi_within(), Duration::hours(72));
        assert_eq!(rules.with_naira_pilot().naira.map(|n| n.max_hold_hours), Some(6));
    }

    #[test]
    fn nonsense_configuration_is_refused() {
        let rules = MissingRules { rhi_within_hours: 0, ..MissingRules::default() };
        assert_eq!(rules.check(), Err("must-be-positive"));
        let mut rules = MissingRules::default().with_naira_pilot();
        rules.naira = Some(NairaRule { max_hold_hours: 6, escalate_to: RiskGrade::Naira });
        assert_eq!(rules.check(), Err("escalation-grade"));
    }
}
