//! The partner directory (issue 16, point 5): the teams and services of an area (the police
//! missing persons coordinator and exploitation team, the council's MASH and exploitation hub,
//! the charity that holds return home interviews, the youth justice service, specialist
//! charities, school nursing…), what each does and how to refer to it, and the referral pathways
//! between them ("child returns from a missing episode": police → RHI provider, "referral form
//! within 24 hours"), so that a partner can see who does what.
//!
//! The directory holds no person data: it describes services, not children.
//!
//! The rules, as a safeguarding partnership's business manager could state them:
//! - a team belongs to one area and is run by one agency; it has a name, a kind, what it does and
//!   how to refer to it; a contact email and phone are optional, checked loosely (a slip is
//!   caught, a real address is never refused);
//! - a pathway goes from one team to another team of the same area (never to itself), says when
//!   it is used and how; a new pathway to or from a team no longer active is refused;
//! - anyone who works in an area may browse its directory (scrutiny too: it is not person-level;
//!   the install's administrator may browse every area); only the admins and supervisors of the
//!   agency that runs a team change it, and a pathway is added or removed by the admins and
//!   supervisors of the agency at either end of it.

use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AreaId, PathwayId, TeamId};
use crate::policy::Decision;
use crate::text::{clean, clean_optional};
use crate::user::{Actor, Role};
use serde::Serialize;

code_enum!(
    /// What kind of team or service a directory entry is: the chart groups teams by it.
    TeamKind {
        ExploitationTeam => "exploitation_team",
        MissingPersonsTeam => "missing_persons_team",
        Mash => "mash",
        RhiProvider => "rhi_provider",
        YouthService => "youth_service",
        YouthJustice => "youth_justice_service",
        SpecialistCharity => "specialist_charity",
        HealthService => "health_service",
        EducationService => "education_service",
        Other => "other",
    }
);

/// The longest team name kept.
pub const NAME_MAX: usize = 100;
/// The longest "what it does" or "how to refer" kept.
pub const TEXT_MAX: usize = 2000;
/// The longest "when" or "how" of a pathway kept.
pub const PATHWAY_TEXT_MAX: usize = 300;
/// The longest email address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;

/// What a team's form or API body gives, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TeamInput<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub what: &'a str,
    pub how_to_refer: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub active: bool,
}

/// What a team says about itself, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamDetails {
    pub name: String,
    pub kind: TeamKind,
    /// What it does, in its own words.
    pub what: String,
    /// How to refer: phone, email, form, hours.
    pub how_to_refer: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
}

/// A team or service of an area's directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub id: TeamId,
    pub area_id: AreaId,
    /// The agency that runs it: its admins and supervisors change it.
    pub agency_id: AgencyId,
    pub details: TeamDetails,
    pub version: i64,
}

/// A referral pathway: when `from_team` refers to `to_team`, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pathway {
    pub id: PathwayId,
    pub from_team: TeamId,
    pub to_team: TeamId,
    /// When it is used: "child returns from a missing episode".
    pub when: String,
    /// How: "referral form within 24 hours".
    pub how: String,
}

/// An email address, checked loosely: one `@` with something before it, a domain with a dot
/// after it, no spaces. Enough to catch a slip (a phone number typed in the email box), never
/// enough to refuse a real address.
pub fn parse_email(raw: &str) -> Result<Option<String>, &'static str> {
    let Some(s) = clean_optional(raw, EMAIL_MAX)? else { return Ok(None) };
    let ok = match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok { Ok(Some(s)) } else { Err("format") }
}

/// A telephone number, checked loosely: digits with spaces, `+`, brackets and hyphens, and
/// between 3 (`999`, `101`) and 15 digits (E.164's longest).
pub fn parse_phone(raw: &str) -> Result<Option<String>, &'static str> {
    let Some(s) = clean_optional(raw, 30)? else { return Ok(None) };
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !s.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) || !(3..=15).contains(&digits) {
        return Err("format");
    }
    Ok(Some(s))
}

impl TeamInput<'_> {
    /// Checks every field, naming each problem by field: `name: required`,
    /// `kind: unknown-code`, `email: format`…
    pub fn parse(&self) -> Result<TeamDetails, Invalid> {
        let mut e = Invalid::default();
        let name = e.check("name", clean(self.name, NAME_MAX, false));
        let kind = e.check("kind", TeamKind::parse(self.kind));
        let what = e.check("what", clean(self.what, TEXT_MAX, true));
        let how_to_refer = e.check("how_to_refer", clean(self.how_to_refer, TEXT_MAX, true));
        let email = e.check("email", parse_email(self.email));
        let phone = e.check("phone", parse_phone(self.phone));
        match (name, kind, what, how_to_refer, email, phone) {
            (Some(name), Some(kind), Some(what), Some(how_to_refer), Some(email), Some(phone)) if e.is_empty() => {
                Ok(TeamDetails { name, kind, what, how_to_refer, email, phone, active: self.active })
            }
            _ => Err(e),
        }
    }
}

impl Team {
    /// A new team of `area` run by `agency`, at its first version.
    pub fn new(area_id: AreaId, agency_id: AgencyId, details: TeamDetails) -> Self {
        Self { id: TeamId::new(), area_id, agency_id, details, version: 1 }
    }

    /// The fields a change of details changes, for the audit trail.
    pub fn changed(&self, to: &TeamDetails) -> Vec<&'static str> {
        let d = &self.details;
        [
            ("name", d.name != to.name),
            ("kind", d.kind != to.kind),
            ("what", d.what != to.what),
            ("how_to_refer", d.how_to_refer != to.how_to_refer),
            ("email", d.email != to.email),
            ("phone", d.phone != to.phone),
            ("active", d.active != to.active),
        ]
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect()
    }
}

/// What a pathway's form or API body gives, as typed (the teams resolved by the caller).
#[derive(Debug, Clone, Copy, Default)]
pub struct PathwayInput<'a> {
    pub when: &'a str,
    pub how: &'a str,
}

/// A new pathway from `from` to `to`, or every problem by field: `to_team: same-as-from`,
/// `to_team: other-area`, `from_team: inactive`, `when: required`…
pub fn new_pathway(from: Option<&Team>, to: Option<&Team>, input: &PathwayInput<'_>) -> Result<Pathway, Invalid> {
    let mut e = Invalid::default();
    if from.is_some_and(|f| !f.details.active) {
        e.push("from_team", "inactive");
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f.id == t.id {
            e.push("to_team", "same-as-from");
        } else if f.area_id != t.area_id {
            e.push("to_team", "other-area");
        } else if !t.details.active {
            e.push("to_team", "inactive");
        }
    }
    let when = e.check("when", clean(input.when, PATHWAY_TEXT_MAX, false));
    let how = e.check("how", clean(input.how, PATHWAY_TEXT_MAX, false));
    match (from, to, when, how) {
        (Some(f), Some(t), Some(when), Some(how)) if e.is_empty() => {
            Ok(Pathway { id: PathwayId::new(), from_team: f.id, to_team: t.id, when, how })
        }
        _ => Err(e),
    }
}

/// What is asked of an area's directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    /// Read its teams and pathways.
    Browse,
    /// Add a team run by `agency`, or change one.
    EditTeam { agency: AgencyId },
    /// Add or remove a pathway between teams run by `from` and `to`.
    EditPathway { from: AgencyId, to: AgencyId },
}

/// Roles that keep their agency's entries in the directory up to date.
fn keeps_directory(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Supervisor)
}

/// Decides `right` on an area's directory for `actor`, whose agency `works_in` the area or not
/// (it serves the area, runs a team there, or shares with an agency that serves it under an
/// agreement in force). An area the actor does not work in is refused, not hidden: areas are no
/// secret.
pub fn decide(actor: &Actor, works_in: bool, right: Right) -> Decision {
    let browses = works_in || actor.role == Role::SystemAdmin;
    match right {
        Right::Browse if browses => Decision::Allow,
        Right::Browse => Decision::Deny("not-in-area"),
        Right::EditTeam { agency } if agency != actor.agency_id => Decision::Deny("not-your-team"),
        Right::EditPathway { from, to } if from != actor.agency_id && to != actor.agency_id => {
            Decision::Deny("not-your-team")
        }
        _ if !keeps_directory(actor.role) => Decision::Deny("role-not-permitted"),
        _ if !works_in => Decision::Deny("not-in-area"),
        _ => Decision::Allow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    fn input() -> TeamInput<'static> {
        TeamInput {
            name: " Morlais MASH ",
            kind: "mash",
            what: "Screens every safeguarding referral for the county.",
            how_to_refer: "Phone 01234 567890, 9am to 5pm; out of hours the emergency duty team.",
            email: "mash@morlais.gov.uk",
            phone: "01234 567890",
            active: true,
        }
    }

    fn team(area: AreaId, active: bool) -> Team {
        let mut t = Team::new(area, AgencyId::new(), input().parse().unwrap());
        t.details.active = active;
        t
    }

    #[test]
    fn a_team_is_kept_trimmed_with_its_kind_and_contacts() {
        let d = input().parse().unwrap();
        assert_eq!(d.name, "Morlais MASH");
        assert_eq!(d.kind, TeamKind::Mash);
        assert_eq!(d.email.as_deref(), Some("mash@morlais.gov.uk"));
        let bare = TeamInput { email: " ", phone: "", ..input() }.parse().unwrap();
        assert_eq!((bare.email, bare.phone), (None, None), "contacts are optional");
    }

    #[test]
    fn every_problem_of_a_team_is_named_by_its_field() {
        let bad = TeamInput {
            name: "  ",
            kind: "police",
            what: "",
            how_to_refer: "x",
            email: "01234 567890",
            phone: "ring me",
            active: true,
        };
        let e = bad.parse().unwrap_err();
        let got: Vec<_> = e.0.iter().map(|f| (f.field.as_str(), f.code)).collect();
        assert_eq!(
            got,
            [
                ("name", "required"),
                ("kind", "unknown-code"),
                ("what", "required"),
                ("email", "format"),
                ("phone", "format")
            ]
        );
        let e = TeamInput { kind: "", ..input() }.parse().unwrap_err();
        assert_eq!(e.0[0].code, "required");
        let e = TeamInput { name: &"n".repeat(NAME_MAX + 1), ..input() }.parse().unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("name", "too-long"));
    }

    #[test]
    fn emails_and_phones_are_checked_loosely() {
        for ok in ["a@b.co", "first.last+mace@council.gov.wales", "MASH@Morlais.Gov.UK"] {
            assert!(parse_email(ok).is_ok(), "{ok}");
        }
        for bad in ["mash", "mash@", "@council.gov.uk", "a@b", "a b@c.uk", "a@@c.uk", "a@c.uk.", "a@.uk"] {
            assert_eq!(parse_email(bad), Err("format"), "{bad}");
        }
        for ok in ["101", "999", "01234 567890", "+44 (0)1234 567-890", "0800 1111"] {
            assert!(parse_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["12", "ring the desk", "0123456789012345678", "01234 567890 ext. 4"] {
            assert_eq!(parse_phone(bad), Err("format"), "{bad}");
        }
    }

    #[test]
    fn every_kind_parses_from_its_code_only() {
        for kind in TeamKind::ALL {
            assert_eq!(TeamKind::parse(kind.code()), Ok(*kind));
        }
        assert_eq!(TeamKind::ALL.len(), 10);
        assert_eq!(TeamKind::parse("army"), Err("unknown-code"));
    }

    #[test]
    fn a_change_names_the_fields_it_changes() {
        let t = team(AreaId::new(), true);
        let mut to = t.details.clone();
        assert!(t.changed(&to).is_empty());
        to.phone = None;
        to.active = false;
        assert_eq!(t.changed(&to), ["phone", "active"]);
    }

    #[test]
    fn a_pathway_joins_two_active_teams_of_one_area() {
        let area = AreaId::new();
        let (misper, rhi) = (team(area, true), team(area, true));
        let how = PathwayInput { when: "Child returns from a missing episode", how: "Referral form within 24 hours" };
        let p = new_pathway(Some(&misper), Some(&rhi), &how).unwrap();
        assert_eq!(
            (p.from_team, p.to_team, p.when.as_str()),
            (misper.id, rhi.id, "Child returns from a missing episode")
        );

        let codes = |r: Result<Pathway, Invalid>| -> Vec<(String, &'static str)> {
            r.unwrap_err().0.into_iter().map(|f| (f.field, f.code)).collect()
        };
        let to_self = codes(new_pathway(Some(&misper), Some(&misper), &how));
        assert_eq!(to_self, [("to_team".to_owned(), "same-as-from")]);
        let elsewhere = team(AreaId::new(), true);
        assert_eq!(codes(new_pathway(Some(&misper), Some(&elsewhere), &how)), [("to_team".to_owned(), "other-area")]);
        let closed = team(area, false);
        assert_eq!(codes(new_pathway(Some(&misper), Some(&closed), &how)), [("to_team".to_owned(), "inactive")]);
        assert_eq!(codes(new_pathway(Some(&closed), Some(&rhi), &how)), [("from_team".to_owned(), "inactive")]);
        let blank = PathwayInput { when: " ", how: "" };
        assert_eq!(
            codes(new_pathway(Some(&misper), Some(&rhi), &blank)),
            [("when".to_owned(), "required"), ("how".to_owned(), "required")]
        );
        // Teams the caller could not resolve are named by the caller; the texts are still checked.
        assert_eq!(codes(new_pathway(None, None, &blank)).len(), 2);
    }

    #[test]
    fn anyone_in_the_area_browses_and_only_the_runners_admins_and_supervisors_edit() {
        let (own, other) = (AgencyId::new(), AgencyId::new());
        let actor = |role| Actor { user_id: UserId::new(), agency_id: own, role };
        for role in Role::ALL {
            let expected = if *role == Role::SystemAdmin { Decision::Allow } else { Decision::Deny("not-in-area") };
            assert_eq!(decide(&actor(*role), true, Right::Browse), Decision::Allow, "{role}");
            assert_eq!(decide(&actor(*role), false, Right::Browse), expected, "{role}");
        }
        let edit = Right::EditTeam { agency: own };
        for role in [Role::Admin, Role::Supervisor] {
            assert_eq!(decide(&actor(role), true, edit), Decision::Allow);
            assert_eq!(decide(&actor(role), false, edit), Decision::Deny("not-in-area"));
            assert_eq!(decide(&actor(role), true, Right::EditTeam { agency: other }), Decision::Deny("not-your-team"));
            assert_eq!(decide(&actor(role), true, Right::EditPathway { from: other, to: own }), Decision::Allow);
            let theirs = Right::EditPathway { from: other, to: other };
            assert_eq!(decide(&actor(role), true, theirs), Decision::Deny("not-your-team"));
        }
        for role in
            [Role::Practitioner, Role::Inspector, Role::MaceChair, Role::Analyst, Role::Scrutiny, Role::SystemAdmin]
        {
            assert_eq!(decide(&actor(role), true, edit), Decision::Deny("role-not-permitted"), "{role}");
        }
    }
}
