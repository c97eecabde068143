//! People: children, and adults of concern. One record per person, however many agencies hold
//! their own record of them (each agency's reference is kept beside it).

use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AliasId, PersonId};
use crate::text::{Name, Reference, clean_optional};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

code_enum!(
    /// A child (under 18) or an adult of concern. Kept as a fact about the record, not only
    /// derived from the date of birth, because an adult's date of birth is often unknown.
    PersonKind {
        Child => "child",
        Adult => "adult",
    }
);

code_enum!(
    /// Sex as recorded by the agency.
    Sex {
        Female => "female",
        Male => "male",
        Unknown => "unknown",
    }
);

code_enum!(
    /// Ethnic group, in the 19 categories of the ONS 2021 census for England and Wales, plus
    /// "not stated" (the child or family declined, or it is not yet known).
    Ethnicity {
        AsianBangladeshi => "asian_bangladeshi",
        AsianChinese => "asian_chinese",
        AsianIndian => "asian_indian",
        AsianPakistani => "asian_pakistani",
        AsianOther => "asian_other",
        BlackAfrican => "black_african",
        BlackCaribbean => "black_caribbean",
        BlackOther => "black_other",
        MixedWhiteAsian => "mixed_white_asian",
        MixedWhiteBlackAfrican => "mixed_white_black_african",
        MixedWhiteBlackCaribbean => "mixed_white_black_caribbean",
        MixedOther => "mixed_other",
        WhiteBritish => "white_british",
        WhiteIrish => "white_irish",
        WhiteGypsyIrishTraveller => "white_gypsy_irish_traveller",
        WhiteRoma => "white_roma",
        WhiteOther => "white_other",
        OtherArab => "other_arab",
        OtherAny => "other_any",
        NotStated => "not_stated",
    }
);

code_enum!(
    /// A child's status with children's services. `looked_after` is a child in care (s.20 or a
    /// care order); `care_leaver` a young person who was.
    CareStatus {
        NotKnown => "not_known",
        NoInvolvement => "no_involvement",
        ChildInNeed => "child_in_need",
        ChildProtectionPlan => "child_protection_plan",
        LookedAfter => "looked_after",
        CareLeaver => "care_leaver",
    }
);

/// The earliest date of birth haven accepts: anything before is a typing slip.
pub fn earliest_dob() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Parses a date of birth written as `YYYY-MM-DD`, refusing impossible dates (30 February), dates
/// after `today` and dates before 1900.
pub fn parse_dob(raw: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("required");
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "date-format")?;
    if date > today {
        return Err("dob-in-future");
    }
    if date < earliest_dob() {
        return Err("dob-too-early");
    }
    Ok(date)
}

/// Age in whole years on `on`: the age a practitioner would say.
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub id: AliasId,
    pub given_name: Option<Name>,
    pub family_name: Option<Name>,
    /// Where the alias came from or what it is ("street name", "previous surname").
    pub note: Option<String>,
}

/// One agency's own record of a person. That an agency holds one is what lets its users see
/// the person under the access policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRecord {
    pub agency_id: AgencyId,
    pub reference: Option<Reference>,
    pub recorded_at: DateTime<Utc>,
}

/// The details of a person that a user enters and edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetails {
    pub kind: PersonKind,
    pub given_name: Name,
    pub middle_names: Option<String>,
    pub family_name: Name,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    /// Gender identity in the person's own words, where it differs from sex or was recorded.
    pub gender: Option<String>,
    pub ethnicity: Ethnicity,
    pub care_status: CareStatus,
    /// The local authority that placed a looked-after child, and the one the child lives in.
    pub placing_authority: Option<AgencyId>,
    pub host_authority: Option<AgencyId>,
}

impl PersonDetails {
    /// The names of the fields that differ from `before`, for an audit event (names, never
    /// values).
    pub fn changed_fields(&self, before: &PersonDetails) -> Vec<&'static str> {
        [
            ("kind", self.kind != before.kind),
            ("given_name", self.given_name != before.given_name),
            ("middle_names", self.middle_names != before.middle_names),
            ("family_name", self.family_name != before.family_name),
            ("date_of_birth", self.date_of_birth != before.date_of_birth),
            ("sex", self.sex != before.sex),
            ("gender", self.gender != before.gender),
            ("ethnicity", self.ethnicity != before.ethnicity),
            ("care_status", self.care_status != before.care_status),
            ("placing_authority", self.placing_authority != before.placing_authority),
            ("host_authority", self.host_authority != before.host_authority),
        ]
        .into_iter()
        .filter_map(|(name, changed)| changed.then_some(name))
        .collect()
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// A child placed by one authority in another's area: the host must be told when the child
    /// goes missing.
    pub fn placed_out_of_area(&self) -> bool {
        matches!((self.placing_authority, self.host_authority), (Some(p), Some(h)) if p != h)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub details: PersonDetails,
    pub aliases: Vec<Alias>,
    pub records: Vec<AgencyRecord>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Person {
    /// A new person as recorded by `agency` (optionally under its own `reference`): the
    /// creating agency holds the first record, which is what lets its users see the person.
    pub fn new(details: PersonDetails, agency: AgencyId, reference: Option<Reference>, now: DateTime<Utc>) -> Self {
        Self {
            id: PersonId::new(),
            details,
            aliases: Vec::new(),
            records: vec![AgencyRecord { agency_id: agency, reference, recorded_at: now }],
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    /// The agencies that hold a record of this person.
    pub fn holders(&self) -> Vec<AgencyId> {
        self.records.iter().map(|r| r.agency_id).collect()
    }
}

/// What a form or an API body says about a person, as text, before parsing. Field names are
/// the ones the user and the API see, so that errors name them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PersonForm {
    pub kind: Option<String>,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<String>,
    pub sex: String,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub care_status: Option<String>,
}

impl PersonForm {
    /// Parses every field, collecting every problem. Authorities are resolved by the caller
    /// (they need the store) and passed in.
    pub fn parse(
        &self,
        today: NaiveDate,
        placing_authority: Option<AgencyId>,
        host_authority: Option<AgencyId>,
    ) -> Result<PersonDetails, Invalid> {
        let mut errors = Invalid::default();
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => Some(PersonKind::Child),
            Some(k) => errors.check("kind", PersonKind::parse(k)),
        };
        let given_name = errors.check("given_name", Name::parse(&self.given_name));
        let middle_names =
            errors.check("middle_names", clean_optional(self.middle_names.as_deref().unwrap_or(""), 200));
        let family_name = errors.check("family_name", Name::parse(&self.family_name));
        let dob_raw = self.date_of_birth.as_deref().unwrap_or("").trim();
        let date_of_birth = if dob_raw.is_empty() && kind == Some(PersonKind::Adult) {
            Some(None)
        } else {
            errors.check("date_of_birth", parse_dob(dob_raw, today)).map(Some)
        };
        if let (Some(PersonKind::Child), Some(Some(dob))) = (kind, date_of_birth)
            && age_on(dob, today) >= 18
        {
            errors.push("date_of_birth", "child-over-18");
        }
        let sex = errors.check("sex", Sex::parse(&self.sex));
        let gender = errors.check("gender", clean_optional(self.gender.as_deref().unwrap_or(""), 50));
        let ethnicity = match self.ethnicity.as_deref().map(str::trim) {
            None | Some("") => Some(Ethnicity::NotStated),
            Some(e) => errors.check("ethnicity", Ethnicity::parse(e)),
        };
        let care_status = match self.care_status.as_deref().map(str::trim) {
            None | Some("") => Some(CareStatus::NotKnown),
            Some(c) => errors.check("care_status", CareStatus::parse(c)),
        };
        match (kind, given_name, middle_names, family_name, date_of_birth, sex, gender, ethnicity, care_status) {
            (
                Some(kind),
                Some(given_name),
                Some(middle_names),
                Some(family_name),
                Some(date_of_birth),
                Some(sex),
                Some(gender),
                Some(ethnicity),
                Some(care_status),
            ) if errors.is_empty() => Ok(PersonDetails {
                kind,
                given_name,
                middle_names,
                family_name,
                date_of_birth,
                sex,
                gender,
                ethnicity,
                care_status,
                placing_authority,
                host_authority,
            }),
            _ => Err(errors),
        }
    }

    /// The form as it was filled for an existing person, for the edit page.
    pub fn from_details(d: &PersonDetails) -> Self {
        Self {
            kind: Some(d.kind.code().to_owned()),
            given_name: d.given_name.to_string(),
            middle_names: d.middle_names.clone(),
            family_name: d.family_name.to_string(),
            date_of_birth: d.date_of_birth.map(|d| d.format("%Y-%m-%d").to_string()),
            sex: d.sex.code().to_owned(),
            gender: d.gender.clone(),
            ethnicity: Some(d.ethnicity.code().to_owned()),
            care_status: Some(d.care_status.code().to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    fn form() -> PersonForm {
        PersonForm {
            given_name: "Siân".into(),
            family_name: "Evans".into(),
            date_of_birth: Some("2011-02-28".into()),
            sex: "female".into(),
            ..PersonForm::default()
        }
    }

    #[test]
    fn a_change_names_the_fields_it_changed_and_no_others() {
        let before = form().parse(today(), None, None).unwrap_or_else(|e| panic!("{e}"));
        let changed = PersonForm { given_name: "Sian".into(), gender: Some("girl".into()), ..form() };
        let after = changed.parse(today(), None, Some(crate::ids::AgencyId::new())).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.changed_fields(&before), ["given_name", "gender", "host_authority"]);
        assert!(before.changed_fields(&before).is_empty());
    }

    #[test]
    fn a_plain_child_parses_with_defaults() {
        let d = form().parse(today(), None, None);
        let d = d.as_ref().map(|d| (d.kind, d.ethnicity, d.care_status, d.date_of_birth));
        assert_eq!(
            d,
            Ok((PersonKind::Child, Ethnicity::NotStated, CareStatus::NotKnown, NaiveDate::from_ymd_opt(2011, 2, 28)))
        );
    }

    #[test]
    fn dates_of_birth_must_be_real_past_and_plausible() {
        assert_eq!(parse_dob("2011-02-30", today()), Err("date-format"));
        assert_eq!(parse_dob("28/02/2011", today()), Err("date-format"));
        assert_eq!(parse_dob("2026-11-24", today()), Err("dob-in-future"));
        assert_eq!(parse_dob("1899-12-31", today()), Err("dob-too-early"));
        assert_eq!(parse_dob("2026-11-23", today()), Ok(today()));
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_field() {
        let bad = PersonForm {
            given_name: "x".repeat(500),
            family_name: String::new(),
            date_of_birth: Some("2030-01-01".into()),
            sex: "other".into(),
            ethnicity: Some("martian".into()),
            ..PersonForm::default()
        };
        let errors = bad.parse(today(), None, None).err().map(|e| e.0).unwrap_or_default();
        let pairs: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            pairs,
            [
                ("given_name", "too-long"),
                ("family_name", "required"),
                ("date_of_birth", "dob-in-future"),
                ("sex", "unknown-code"),
                ("ethnicity", "unknown-code"),
            ]
        );
    }

    #[test]
    fn a_child_cannot_be_eighteen_but_an_adult_may_have_no_date_of_birth() {
        let old = PersonForm { date_of_birth: Some("2000-01-01".into()), ..form() };
        assert_eq!(old.parse(today(), None, None), Err(Invalid::one("date_of_birth", "child-over-18")));
        let adult = PersonForm { kind: Some("adult".into()), date_of_birth: None, ..form() };
        assert_eq!(adult.parse(today(), None, None).map(|d| d.date_of_birth), Ok(None));
    }

    #[test]
    fn age_counts_whole_years_around_the_birthday() {
        let dob = NaiveDate::from_ymd_opt(2010, 11, 24).unwrap_or_default();
        assert_eq!(age_on(dob, today()), 15);
        assert_eq!(age_on(dob, today().succ_opt().unwrap_or_default()), 16);
    }

    #[test]
    fn ons_2021_has_nineteen_groups_plus_not_stated() {
        assert_eq!(Ethnicity::ALL.len(), 20);
    }

    #[test]
    fn out_of_area_needs_two_different_authorities() {
        let a = AgencyId::new();
        let b = AgencyId::new();
        let mut d = form().parse(today(), Some(a), Some(b)).unwrap_or_else(|e| panic!("{e}"));
        assert!(d.placed_out_of_area());
        d.host_authority = Some(a);
        assert!(!d.placed_out_of_area());
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let r: Result<PersonForm, _> =
            serde_json::from_str(r#"{"given_name":"A","family_name":"B","sex":"male","shoe_size":9}"#);
        assert!(r.is_err_and(|e| e.to_string().contains("shoe_size")));
    }
}
