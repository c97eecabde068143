//! Users, their roles and the actor that every request is made as.

use crate::code_enum;
use crate::ids::{AgencyId, UserId};
use serde::{Deserialize, Serialize};
use std::fmt;

code_enum!(
    /// What a user does. The access policy ([`crate::policy`]) decides from the role and the
    /// user's agency what they may see and do.
    Role {
        Practitioner => "practitioner",
        Supervisor => "supervisor",
        /// A police inspector: reviews high-risk episodes at the intervals the rules set.
        Inspector => "inspector",
        MaceChair => "mace_chair",
        Analyst => "analyst",
        Scrutiny => "scrutiny",
        /// An agency's administrator: its users and tokens, and what its users did.
        Admin => "admin",
        /// The install's administrator: areas, agencies, sharing agreements, places, and any
        /// agency's users. Reads no record, like any admin.
        SystemAdmin => "system_admin",
    }
);

/// A sign-in name: lower-case letters, digits, dots, hyphens and underscores, 3 to 64
/// characters. Case is folded so that `J.Evans` and `j.evans` are one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err("required");
        }
        if !(3..=64).contains(&s.len()) || !s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
            return Err("username-format");
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user account as the rest of haven sees it: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: Username,
    pub display_name: String,
    pub agency_id: AgencyId,
    pub role: Role,
    pub disabled: bool,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor { user_id: self.id, agency_id: self.agency_id, role: self.role }
    }
}

/// Who is making a request: the subject of every access decision and audit event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub agency_id: AgencyId,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_fold_case_and_refuse_odd_characters() {
        assert_eq!(Username::parse("J.Evans").map(|u| u.0), Ok("j.evans".to_owned()));
        assert_eq!(Username::parse("ab"), Err("username-format"));
        assert_eq!(Username::parse("rob'; drop table"), Err("username-format"));
    }

    #[test]
    fn every_role_has_a_code() {
        let codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            ["practitioner", "supervisor", "inspector", "mace_chair", "analyst", "scrutiny", "admin", "system_admin"]
        );
    }
}
