//! Imports of agencies' own records of people. Each row of an agency's file becomes a source record:
//! the agency's record as it came, kept for good (a merge never loses it), linked to the one person
//! haven holds. Rows that cannot become a person are reported by number with the reason.

use crate::code_enum;
use crate::person::{CareStatus, Ethnicity};
use crate::person::{PersonDetails, PersonKind, Sex, age_on, parse_dob};
use crate::text::Name;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where an import job stands.
    ImportStatus {
        Running => "running",
        Finished => "finished",
        RolledBack => "rolled_back",
    }
);

code_enum!(
    /// Where a possible link stands.
    ReviewStatus {
        Pending => "pending",
        Linked => "linked",
        Rejected => "rejected",
    }
);

/// The fields of an agency's record as imported, as text (what the agency wrote).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFields {
    /// The agency's own reference for the record.
    pub record_id: String,
    pub first_name: String,
    pub surname: String,
    pub dob: String,
    pub sex: String,
    pub postcode: String,
}

/// When an imported row links to a person haven holds, waits for a practitioner's review, or becomes a
/// new person: by the match probability of its best candidate. A job keeps the thresholds it started
/// with, so a resumed job decides its remaining rows as the first attempt would have.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Link to the existing person at or above this match probability.
    pub upper: f64,
    /// Queue for review at or above this (and below `upper`); a new person below.
    pub lower: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { upper: 0.95, lower: 0.60 }
    }
}

impl Thresholds {
    /// Both strictly between 0 and 1, the lower not above the upper. The error names the field.
    pub fn new(upper: f64, lower: f64) -> Result<Self, String> {
        for (field, p) in [("upper", upper), ("lower", lower)] {
            if !(p.is_finite() && p > 0.0 && p < 1.0) {
                return Err(format!("{field}: {p} is not a probability strictly between 0 and 1"));
            }
        }
        if lower > upper {
            return Err(format!("lower: {lower} is above upper ({upper})"));
        }
        Ok(Thresholds { upper, lower })
    }

    /// What a candidate at probability `p` means.
    pub fn decide(self, p: f64) -> Decision {
        if p >= self.upper {
            Decision::Link
        } else if p >= self.lower {
            Decision::Review
        } else {
            Decision::New
        }
    }
}

/// What [`Thresholds::decide`] makes of a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Link,
    Review,
    New,
}

/// Reads an agency's sex column: `female`/`f`, `male`/`m`, `unknown`/`u`/empty (any case).
pub fn parse_source_sex(raw: &str) -> Result<Sex, &'static str> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "f" | "female" | "girl" => Ok(Sex::Female),
        "m" | "male" | "boy" => Ok(Sex::Male),
        "" | "u" | "unknown" | "not known" | "x" => Ok(Sex::Unknown),
        _ => Err("unknown-code"),
    }
}

/// The person a source record describes, for a new person made from it: a child when the date of birth
/// says under 18 on `today`, otherwise an adult (an adult's date of birth may be unknown). Errors name
/// the column and the problem (`surname: required`).
pub fn person_details_from_source(f: &SourceFields, today: NaiveDate) -> Result<PersonDetails, String> {
    let mut problems: Vec<String> = Vec::new();
    let given = Name::parse(&f.first_name).map_err(|c| problems.push(format!("first_name: {c}"))).ok();
    let family = Name::parse(&f.surname).map_err(|c| problems.push(format!("surname: {c}"))).ok();
    let dob = if f.dob.trim().is_empty() {
        Some(None)
    } else {
        parse_dob(&f.dob, today).map(Some).map_err(|c| problems.push(format!("dob: {c}"))).ok()
    };
    let sex = parse_source_sex(&f.sex).map_err(|c| problems.push(format!("sex: {c}"))).ok();
    match (given, family, dob, sex) {
        (Some(given_name), Some(family_name), Some(date_of_birth), Some(sex)) if problems.is_empty() => {
            let kind = match date_of_birth {
                Some(d) if age_on(d, today) < 18 => PersonKind::Child,
                _ => PersonKind::Adult,
            };
            Ok(PersonDetails {
                kind,
                given_name,
                middle_names: None,
                family_name,
                date_of_birth,
                sex,
                gender: None,
                ethnicity: Ethnicity::NotStated,
                care_status: CareStatus::NotKnown,
                placing_authority: None,
                host_authority: None,
            })
        }
        _ => Err(problems.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn fields(first: &str, sur: &str, dob: &str, sex: &str) -> SourceFields {
        SourceFields {
            record_id: "R1".into(),
            first_name: first.into(),
            surname: sur.into(),
            dob: dob.into(),
            sex: sex.into(),
            postcode: String::new(),
        }
    }

    #[test]
    fn a_young_person_is_a_child_and_an_unknown_date_an_adult() {
        let d = person_details_from_source(&fields("Siân", "Evans", "2012-05-01", "F"), today());
        assert_eq!(d.map(|d| (d.kind, d.sex)), Ok((PersonKind::Child, Sex::Female)));
        let d = person_details_from_source(&fields("Rhys", "Jones", "", ""), today());
        assert_eq!(d.map(|d| (d.kind, d.sex, d.date_of_birth)), Ok((PersonKind::Adult, Sex::Unknown, None)));
    }

    #[test]
    fn every_problem_is_named_by_column() {
        let d = person_details_from_source(&fields("", "Evans", "2012-13-40", "dog"), today());
        assert_eq!(d, Err("first_name: required; dob: date-format; sex: unknown-code".to_owned()));
    }

    #[test]
    fn thresholds_name_the_field_at_fault_and_decide_by_probability() {
        assert_eq!(Thresholds::new(0.95, 0.6), Ok(Thresholds::default()));
        assert!(Thresholds::new(1.0, 0.6).err().unwrap_or_default().starts_with("upper:"));
        assert!(Thresholds::new(0.9, f64::NAN).err().unwrap_or_default().starts_with("lower:"));
        assert_eq!(Thresholds::new(0.5, 0.7), Err("lower: 0.7 is above upper (0.5)".to_owned()));
        let t = Thresholds::default();
        assert_eq!(
            [t.decide(0.95), t.decide(0.9499), t.decide(0.6), t.decide(0.59)],
            [Decision::Link, Decision::Review, Decision::Review, Decision::New]
        );
    }

    #[test]
    fn statuses_round_trip_through_their_codes() {
        assert_eq!(ImportStatus::parse("rolled_back"), Ok(ImportStatus::RolledBack));
        assert_eq!(ReviewStatus::parse(ReviewStatus::Pending.code()), Ok(ReviewStatus::Pending));
    }
}
