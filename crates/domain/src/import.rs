//! Imports of agencies' own records of people. Each row of an agency's file becomes a source record:
//! the agency's record as it came, kept for good (a merge never loses it), linked to the one person
//! haven holds. Rows that cannot become a person are reported by number with the reason.

use crate::code_enum;
use crate::ids::AgencyId;
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
    /// Optional columns, empty when the file has none: what the agency holds beyond identity,
    /// given to a person made from the record ([`person_details_from_source`]).
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub care_status: String,
    /// The placing local authority's agency code.
    #[serde(default)]
    pub placing_authority: String,
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

/// Reads an agency's ethnicity column: haven's codes (`white_british`…), or the Department for
/// Education's census codes that children's services systems export (`WBRI`, `MWBC`, `REFU`…),
/// any case; empty is not stated.
pub fn parse_source_ethnicity(raw: &str) -> Result<Ethnicity, &'static str> {
    let t = raw.trim();
    let dfe = match t.to_ascii_uppercase().as_str() {
        "" | "REFU" | "NOBT" => Some(Ethnicity::NotStated),
        "WBRI" => Some(Ethnicity::WhiteBritish),
        "WIRI" => Some(Ethnicity::WhiteIrish),
        "WIRT" => Some(Ethnicity::WhiteGypsyIrishTraveller),
        "WROM" => Some(Ethnicity::WhiteRoma),
        "WOTH" => Some(Ethnicity::WhiteOther),
        "MWBC" => Some(Ethnicity::MixedWhiteBlackCaribbean),
        "MWBA" => Some(Ethnicity::MixedWhiteBlackAfrican),
        "MWAS" => Some(Ethnicity::MixedWhiteAsian),
        "MOTH" => Some(Ethnicity::MixedOther),
        "AIND" => Some(Ethnicity::AsianIndian),
        "APKN" => Some(Ethnicity::AsianPakistani),
        "ABAN" => Some(Ethnicity::AsianBangladeshi),
        "AOTH" => Some(Ethnicity::AsianOther),
        "CHNE" => Some(Ethnicity::AsianChinese),
        "BCRB" => Some(Ethnicity::BlackCaribbean),
        "BAFR" => Some(Ethnicity::BlackAfrican),
        "BOTH" => Some(Ethnicity::BlackOther),
        "OOTH" => Some(Ethnicity::OtherAny),
        _ => None,
    };
    dfe.map_or_else(|| Ethnicity::parse(&t.to_ascii_lowercase()), Ok)
}

/// Reads an agency's care status column: haven's codes (`looked_after`…) or the usual
/// abbreviations (`CLA`, `LAC`, `CP`, `CPP`, `CIN`), any case; empty is not known.
pub fn parse_source_care_status(raw: &str) -> Result<CareStatus, &'static str> {
    let t = raw.trim().to_ascii_lowercase();
    match t.as_str() {
        "" => Ok(CareStatus::NotKnown),
        "cla" | "lac" => Ok(CareStatus::LookedAfter),
        "cp" | "cpp" => Ok(CareStatus::ChildProtectionPlan),
        "cin" => Ok(CareStatus::ChildInNeed),
        other => CareStatus::parse(other),
    }
}

/// The person a source record describes, for a new person made from it: a child when the date of birth
/// says under 18 on `today`, otherwise an adult (an adult's date of birth may be unknown), with the
/// record's ethnicity, care status and placing authority where it has them (`authority` finds a
/// local authority's agency by its code). Errors name the column and the problem (`surname:
/// required`, `placing_authority: unknown-agency`).
pub fn person_details_from_source(
    f: &SourceFields,
    today: NaiveDate,
    authority: &dyn Fn(&str) -> Option<AgencyId>,
) -> Result<PersonDetails, String> {
    let mut problems: Vec<String> = Vec::new();
    let given = Name::parse(&f.first_name).map_err(|c| problems.push(format!("first_name: {c}"))).ok();
    let family = Name::parse(&f.surname).map_err(|c| problems.push(format!("surname: {c}"))).ok();
    let dob = if f.dob.trim().is_empty() {
        Some(None)
    } else {
        parse_dob(&f.dob, today).map(Some).map_err(|c| problems.push(format!("dob: {c}"))).ok()
    };
    let sex = parse_source_sex(&f.sex).map_err(|c| problems.push(format!("sex: {c}"))).ok();
    let ethnicity = parse_source_ethnicity(&f.ethnicity).map_err(|c| problems.push(format!("ethnicity: {c}"))).ok();
    let care_status =
        parse_source_care_status(&f.care_status).map_err(|c| problems.push(format!("care_status: {c}"))).ok();
    let code = f.placing_authority.trim();
    let placing_authority = if code.is_empty() {
        None
    } else {
        let found = authority(code);
        if found.is_none() {
            problems.push("placing_authority: unknown-agency".to_owned());
        }
        found
    };
    match (given, family, dob, sex, ethnicity, care_status) {
        (Some(given_name), Some(family_name), Some(date_of_birth), Some(sex), Some(ethnicity), Some(care_status))
            if problems.is_empty() =>
        {
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
                ethnicity,
                care_status,
                placing_authority,
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
            ..SourceFields::default()
        }
    }

    fn none(_: &str) -> Option<AgencyId> {
        None
    }

    #[test]
    fn a_young_person_is_a_child_and_an_unknown_date_an_adult() {
        let d = person_details_from_source(&fields("Siân", "Evans", "2012-05-01", "F"), today(), &none);
        assert_eq!(d.map(|d| (d.kind, d.sex)), Ok((PersonKind::Child, Sex::Female)));
        let d = person_details_from_source(&fields("Rhys", "Jones", "", ""), today(), &none);
        assert_eq!(d.map(|d| (d.kind, d.sex, d.date_of_birth)), Ok((PersonKind::Adult, Sex::Unknown, None)));
    }

    #[test]
    fn every_problem_is_named_by_column() {
        let d = person_details_from_source(&fields("", "Evans", "2012-13-40", "dog"), today(), &none);
        assert_eq!(d, Err("first_name: required; dob: date-format; sex: unknown-code".to_owned()));
        let more = SourceFields {
            ethnicity: "purple".into(),
            care_status: "maybe".into(),
            placing_authority: "NOWHERE".into(),
            ..fields("Siân", "Evans", "2012-05-01", "F")
        };
        assert_eq!(
            person_details_from_source(&more, today(), &none),
            Err("ethnicity: unknown-code; care_status: unknown-code; placing_authority: unknown-agency".to_owned())
        );
    }

    #[test]
    fn a_record_brings_its_ethnicity_care_status_and_placing_authority_in_the_codes_agencies_use() {
        let council = AgencyId::new();
        let authority = |code: &str| (code == "CARDIFF-CS").then_some(council);
        let with = |ethnicity: &str, care: &str, placing: &str| SourceFields {
            ethnicity: ethnicity.into(),
            care_status: care.into(),
            placing_authority: placing.into(),
            ..fields("Siân", "Evans", "2012-05-01", "F")
        };
        let d = person_details_from_source(&with("MWBC", "CLA", "CARDIFF-CS"), today(), &authority).unwrap();
        assert_eq!(
            (d.ethnicity, d.care_status, d.placing_authority),
            (Ethnicity::MixedWhiteBlackCaribbean, CareStatus::LookedAfter, Some(council))
        );
        let d = person_details_from_source(&with("black_african", "child_protection_plan", ""), today(), &authority)
            .unwrap();
        assert_eq!(
            (d.ethnicity, d.care_status, d.placing_authority),
            (Ethnicity::BlackAfrican, CareStatus::ChildProtectionPlan, None)
        );
        // Nothing given, or refused: not stated, not known.
        let d = person_details_from_source(&with("", "", ""), today(), &authority).unwrap();
        assert_eq!((d.ethnicity, d.care_status), (Ethnicity::NotStated, CareStatus::NotKnown));
        assert_eq!(parse_source_ethnicity(" refu "), Ok(Ethnicity::NotStated));
        assert_eq!(parse_source_ethnicity("WBRI"), Ok(Ethnicity::WhiteBritish));
        assert_eq!(parse_source_care_status("cin"), Ok(CareStatus::ChildInNeed));
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
