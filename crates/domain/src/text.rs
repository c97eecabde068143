//! Free text that people type: names, references, descriptions. Each is trimmed, bounded and
//! free of control characters, so a 500-character name or an invisible character pasted from
//! another system is refused at the edge with a clear key.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Checks text typed by a person: trimmed, not empty, at most `max` characters, no control
/// characters (a newline is allowed only where `multiline`).
pub fn clean(raw: &str, max: usize, multiline: bool) -> Result<String, &'static str> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("required");
    }
    if trimmed.chars().count() > max {
        return Err("too-long");
    }
    let bad = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t'));
    if trimmed.chars().any(bad) {
        return Err("control-characters");
    }
    Ok(trimmed.to_owned())
}

/// Like [`clean`] but an empty value means "not given".
pub fn clean_optional(raw: &str, max: usize) -> Result<Option<String>, &'static str> {
    if raw.trim().is_empty() { Ok(None) } else { clean(raw, max, false).map(Some) }
}

/// A personal name (given or family name, or an alias). Names are compared by people, not
/// machines: we keep what was typed, apostrophes, hyphens, accents (Siân) and all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = clean(raw, Self::MAX, false)?;
        // A name has at least one letter; "123" or "!!!" is a slip of the keyboard.
        if !s.chars().any(char::is_alphabetic) {
            return Err("name-needs-letters");
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Name {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An agency's own reference for a record (a crime or occurrence number, a social care id, a
/// school's pupil number): letters, digits and a few separators, at most 50 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

impl Reference {
    pub const MAX: usize = 50;

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let s = clean(raw, Self::MAX, false)?;
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || "-/_. ".contains(c)) {
            return Err("reference-characters");
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Reference {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A closed list of values with stable codes (`female`, `police`, `supervisor`…). The code is
/// what the API, the CSV files and the database carry; the UI translates it.
#[macro_export]
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, &'static str> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    "" => Err("required"),
                    _ => Err("unknown-code"),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = &'static str;
            fn try_from(s: String) -> Result<Self, Self::Error> { Self::parse(&s) }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.code() }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_what_was_typed_but_trimmed() {
        assert_eq!(Name::parse("  Siân ").map(|n| n.0), Ok("Siân".to_owned()));
        assert_eq!(Name::parse("O'Neill-Jones").map(|n| n.0), Ok("O'Neill-Jones".to_owned()));
    }

    #[test]
    fn names_refuse_empty_long_control_and_letterless_values() {
        assert_eq!(Name::parse("   "), Err("required"));
        assert_eq!(Name::parse(&"a".repeat(500)), Err("too-long"));
        assert_eq!(Name::parse(&"a".repeat(100)).map(|n| n.0.len()), Ok(100));
        assert_eq!(Name::parse("Ann\u{0}"), Err("control-characters"));
        assert_eq!(Name::parse("1234"), Err("name-needs-letters"));
    }

    #[test]
    fn references_allow_agency_formats_only() {
        assert!(Reference::parse("CRN-2026/000123").is_ok());
        assert_eq!(Reference::parse("<script>"), Err("reference-characters"));
        assert_eq!(Reference::parse(&"1".repeat(51)), Err("too-long"));
    }

    #[test]
    fn multiline_text_allows_newlines_only_when_asked() {
        assert!(clean("line one\nline two", 100, true).is_ok());
        assert_eq!(clean("line one\nline two", 100, false), Err("control-characters"));
        assert_eq!(clean_optional("  ", 10), Ok(None));
    }
}
