//! Risk grades of a missing person report (College of Policing APP), with the legacy grades kept
//! for imported history and the deferred-response grade some forces use.

use crate::code_enum;

code_enum!(
    /// The risk grade as recorded at the time. `very_low` and `no_apparent_risk` ("no apparent
    /// risk (absent)") are earlier APP tiers, accepted only on imported history; `naira` ("no
    /// apparent immediate risk, absent") is a deferred-response grade a force may switch on.
    RiskGrade {
        High => "high",
        Medium => "medium",
        Low => "low",
        VeryLow => "very_low",
        NoApparentRisk => "no_apparent_risk",
        Naira => "naira",
    }
);

impl RiskGrade {
    /// Grades practitioners choose today (NAIRA only where the force has switched it on).
    pub const CURRENT: &'static [RiskGrade] = &[RiskGrade::High, RiskGrade::Medium, RiskGrade::Low];

    /// Grades that are kept as recorded on imported history but never given to a new report.
    pub fn is_legacy(self) -> bool {
        matches!(self, RiskGrade::VeryLow | RiskGrade::NoApparentRisk)
    }

    /// A normalised scale for figures across periods in which the lowest tier was renamed:
    /// 3 high, 2 medium, 1 low, 0 for the lowest tier of each period.
    pub fn severity(self) -> u8 {
        match self {
            RiskGrade::High => 3,
            RiskGrade::Medium => 2,
            RiskGrade::Low => 1,
            RiskGrade::VeryLow | RiskGrade::NoApparentRisk | RiskGrade::Naira => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_grades_are_recognised_and_ordered_lowest() {
        assert!(RiskGrade::NoApparentRisk.is_legacy());
        assert!(RiskGrade::VeryLow.is_legacy());
        assert!(!RiskGrade::Naira.is_legacy());
        assert!(RiskGrade::High.severity() > RiskGrade::Medium.severity());
        assert_eq!(RiskGrade::parse("no_apparent_risk"), Ok(RiskGrade::NoApparentRisk));
    }
}
