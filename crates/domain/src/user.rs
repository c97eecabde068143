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

/// Who a user is at their organisation's identity provider (OpenID Connect): the provider's
/// subject (`sub`), or Entra ID's object id (`oid`), as an admin links it to a haven user. The
/// provider's own string, kept as it is: case-sensitive, printable ASCII, at most 255 characters
/// (OpenID Connect Core 1.0 §2, `sub`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Identity(String);

impl Identity {
    pub const MAX_LENGTH: usize = 255;

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("required");
        }
        if s.len() > Self::MAX_LENGTH {
            return Err("identity-too-long");
        }
        if !s.chars().all(|c| c.is_ascii_graphic()) {
            return Err("identity-format");
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Identity {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Identity> for String {
    fn from(i: Identity) -> String {
        i.0
    }
}

impl fmt::Display for Identity {
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
    /// Their identity at the organisation's identity provider, when an admin has linked one:
    /// they may then sign in through the provider as well as with their password.
    pub identity: Option<Identity>,
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
    fn identities_are_kept_as_the_provider_sent_them() {
        let entra_oid = "00000000-0000-0000-66f3-3332eca7ea81";
        assert_eq!(Identity::parse(&format!(" {entra_oid} ")).map(|i| i.0), Ok(entra_oid.to_owned()));
        // Case matters: `sub` is compared exactly.
        assert_eq!(Identity::parse("AbC").map(|i| i.0), Ok("AbC".to_owned()));
        assert_eq!(Identity::parse("  "), Err("required"));
        assert_eq!(Identity::parse("two words"), Err("identity-format"));
        assert_eq!(Identity::parse("caf\u{e9}"), Err("identity-format"));
        assert_eq!(Identity::parse(&"x".repeat(255)).map(|i| i.0.len()), Ok(255));
        assert_eq!(Identity::parse(&"x".repeat(256)), Err("identity-too-long"));
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
