//! Locations (addresses, placements, places of concern) and a person's placements over time.

use crate::code_enum;
use crate::ids::{AgencyId, AreaId, LocationId, PersonId, PlacementId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// What a location is. Children's homes and hotels matter to the missing and exploitation
    /// work: who goes missing from where, and where children are found.
    LocationKind {
        FamilyHome => "family_home",
        FosterPlacement => "foster_placement",
        ChildrensHome => "childrens_home",
        SupportedLodging => "supported_lodging",
        AsylumHotel => "asylum_hotel",
        SchoolOrCollege => "school_or_college",
        PremisesOfConcern => "premises_of_concern",
        PublicPlace => "public_place",
    }
);

/// A UK postcode, stored in its standard form: upper case, one space before the inward code
/// (`CF10 1AA`). Checked against the shapes the Royal Mail uses (A9, A99, AA9, AA99, A9A, AA9A
/// outward codes; 9AA inward codes), plus the special `GIR 0AA`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        if compact.is_empty() {
            return Err("required");
        }
        if compact == "GIR0AA" {
            return Ok(Self("GIR 0AA".to_owned()));
        }
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err("postcode-format");
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        // Letters C I K M O V are never used in the inward code.
        let inward_letters_ok = !inward[1..].chars().any(|c| "CIKMOV".contains(c));
        let shape: String = outward.chars().map(|c| if c.is_ascii_digit() { '9' } else { 'A' }).collect();
        let outward_ok = matches!(shape.as_str(), "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A");
        if inward_ok && inward_letters_ok && outward_ok {
            Ok(Self(format!("{outward} {inward}")))
        } else {
            Err("postcode-format")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code (`CF10`): the district, used for hotspots without exact addresses.
    pub fn district(&self) -> &str {
        self.0.split(' ').next().unwrap_or(&self.0)
    }
}

impl TryFrom<String> for Postcode {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> String {
        p.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point inside the United Kingdom (WGS84). Coordinates outside a generous box around the
/// UK are refused: they are almost always latitude and longitude swapped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

impl Coordinates {
    pub fn parse(lat: f64, lon: f64) -> Result<Self, &'static str> {
        if (49.8..=60.95).contains(&lat) && (-8.7..=1.8).contains(&lon) {
            Ok(Self { lat, lon })
        } else {
            Err("coordinates-outside-uk")
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub id: LocationId,
    pub kind: LocationKind,
    /// A name where the place has one (a children's home, a school, a hotel).
    pub name: Option<String>,
    pub address: String,
    pub postcode: Option<Postcode>,
    pub area_id: Option<AreaId>,
    pub coordinates: Option<Coordinates>,
}

code_enum!(
    /// Whether a period at a location is the person's home address or a care placement.
    PlacementKind {
        HomeAddress => "home_address",
        CarePlacement => "care_placement",
    }
);

/// A person at a location from one date to another: the history of where a child lived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub id: PlacementId,
    pub person_id: PersonId,
    pub location_id: LocationId,
    pub kind: PlacementKind,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub placing_authority: Option<AgencyId>,
}

impl Placement {
    /// Checks the dates of a placement: it cannot end before it starts.
    pub fn check_dates(started_on: NaiveDate, ended_on: Option<NaiveDate>) -> Result<(), &'static str> {
        match ended_on {
            Some(end) if end < started_on => Err("ends-before-start"),
            _ => Ok(()),
        }
    }

    pub fn is_current_on(&self, day: NaiveDate) -> bool {
        self.started_on <= day && self.ended_on.is_none_or(|end| day <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(Postcode::parse("cf101aa").map(|p| p.0), Ok("CF10 1AA".to_owned()));
        assert_eq!(Postcode::parse(" SW1A  2AA ").map(|p| p.0), Ok("SW1A 2AA".to_owned()));
        assert_eq!(Postcode::parse("m1 1ae").map(|p| p.0), Ok("M1 1AE".to_owned()));
        assert_eq!(Postcode::parse("b33 8th").map(|p| p.district().to_owned()), Ok("B33".to_owned()));
    }

    #[test]
    fn things_that_are_not_uk_postcodes_are_refused() {
        for bad in ["12345", "CF10", "CF10 1AAA", "CF10 AA1", "90210-1234", "CF10 1CA", "ÅB1 1AA"] {
            assert_eq!(Postcode::parse(bad), Err("postcode-format"), "{bad}");
        }
        assert_eq!(Postcode::parse("  "), Err("required"));
    }

    #[test]
    fn coordinates_outside_the_uk_are_refused() {
        assert!(Coordinates::parse(51.48, -3.18).is_ok());
        assert_eq!(Coordinates::parse(-3.18, 51.48), Err("coordinates-outside-uk"));
    }

    #[test]
    fn placements_cannot_end_before_they_start() {
        let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        assert_eq!(Placement::check_dates(d(5), Some(d(4))), Err("ends-before-start"));
        assert_eq!(Placement::check_dates(d(5), None), Ok(()));
    }
}
