//! Agencies (the organisations that use haven together) and areas (police BCUs and local
//! authorities), the units that figures and access are counted by.

use crate::code_enum;
use crate::ids::{AgencyId, AreaId};
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// What kind of organisation an agency is. Drives defaults for what its users may see.
    AgencyKind {
        Police => "police",
        LocalAuthority => "local_authority",
        Health => "health",
        Education => "education",
        RhiProvider => "rhi_provider",
        YouthJustice => "youth_justice",
        Commissioner => "commissioner",
    }
);

code_enum!(
    /// A police basic command unit or a local authority.
    AreaKind {
        Bcu => "bcu",
        LocalAuthority => "local_authority",
    }
);

/// An agency's short code, used on the command line and in imports: `SWP`, `CARDIFF-CS`.
/// Upper-case letters, digits and hyphens, 2 to 20 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err("required");
        }
        if !(2..=20).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err("agency-code-format");
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AgencyCode> for String {
    fn from(c: AgencyCode) -> String {
        c.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: AreaId,
    pub code: AgencyCode,
    pub name: String,
    pub kind: AreaKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: AgencyId,
    pub code: AgencyCode,
    pub name: String,
    pub kind: AgencyKind,
    /// The area an agency serves, where it serves one (a council, a BCU's safeguarding hub).
    pub area_id: Option<AreaId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes_are_upper_cased_and_bounded() {
        assert_eq!(AgencyCode::parse(" swp ").map(|c| c.0), Ok("SWP".to_owned()));
        assert_eq!(AgencyCode::parse("A"), Err("agency-code-format"));
        assert_eq!(AgencyCode::parse("has space"), Err("agency-code-format"));
        assert_eq!(AgencyCode::parse(""), Err("required"));
    }

    #[test]
    fn kinds_parse_from_their_codes_only() {
        for kind in AgencyKind::ALL {
            assert_eq!(AgencyKind::parse(kind.code()), Ok(*kind));
        }
        assert_eq!(AgencyKind::parse("army"), Err("unknown-code"));
        assert_eq!(AgencyKind::ALL.len(), 7);
    }
}
