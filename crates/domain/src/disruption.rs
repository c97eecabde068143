//! Disruption activity under the 4Ps (prepare, prevent, protect, pursue): what the police and
//! their partners did against a person of concern or a place to disrupt the exploitation of
//! children, with the tactic from the Home Office *Child exploitation disruption toolkit* list
//! (`../shared/DOMAIN.md` §4.6, §4.7), its outcome and the officer who did it (issue 16).
//!
//! A disruption belongs to the agency whose user recorded it (its owner, for sharing: the
//! `disruption` record class). The rules a practitioner could state, fixed here:
//! - every tactic is for people, for places or for both: a child abduction warning notice is
//!   served on an adult, never on a place or a child, and names the child it protects;
//! - a notice or an order has the date it was issued; a CAWN also its expiry, after its issue;
//!   a tactic that is neither (an arrest, a visit) takes no issue or expiry date;
//! - nothing is recorded as done, or issued, in the future;
//! - each tactic has the 4P it usually falls under, which the form offers; the recorder may
//!   choose another.

use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, AreaId, DisruptionId, LocationId, MaceActionId, MeetingId, PersonId, UserId};
use crate::mace::FourP;
use crate::marker::SubjectFacts;
use crate::text::clean;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest outcome note kept.
pub const NOTE_MAX: usize = 2000;
/// The longest officer's name kept.
pub const NAME_MAX: usize = 200;

code_enum!(
    /// A disruption tactic, from the Home Office toolkit and the local guides that list it
    /// (DOMAIN.md §4.6).
    Tactic {
        /// Child abduction warning notice (formerly a harbourers' warning): served by the police
        /// on an adult, naming a child under 16 (or under 18 and in care).
        Cawn => "cawn",
        SexualHarmPreventionOrder => "shpo",
        SexualRiskOrder => "sro",
        /// Slavery and trafficking prevention order (Modern Slavery Act 2015).
        SlaveryTraffickingPreventionOrder => "stpo",
        /// Slavery and trafficking risk order (Modern Slavery Act 2015).
        SlaveryTraffickingRiskOrder => "stro",
        /// Closure notice or order on premises (ASB, Crime and Policing Act 2014, Part 4).
        ClosureOrder => "closure_order",
        /// A cuckooing or safe and well visit to an address or its occupant.
        CuckooingVisit => "cuckooing_visit",
        /// A visit to a hotel or licensed premises (Makesafe), or a shop.
        PremisesVisit => "premises_visit",
        LicensingReview => "licensing_review",
        /// A warning letter to the keeper of premises.
        PremisesWarning => "premises_warning",
        /// A civil or gang injunction, or a criminal behaviour order.
        Injunction => "injunction",
        StopAndSearch => "stop_and_search",
        Arrest => "arrest",
        DrugsWarrant => "drugs_warrant",
        /// A drug dealing telecommunications restriction order, or a line closed.
        LineClosure => "line_closure",
        /// Account freezing, cash seizure or other Proceeds of Crime Act work.
        Financial => "financial",
        /// A community protection warning or notice.
        CommunityProtection => "community_protection",
        /// A referral to education, employment, diversion or youth work.
        DiversionReferral => "diversion_referral",
        Other => "other",
    }
);

/// Whom or what a tactic may be used against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    People,
    Places,
    Both,
}

/// Which dates a tactic takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dates {
    /// Neither an issue nor an expiry date: something done on a day.
    None,
    /// An issue date; an expiry date if it has one.
    Issued,
    /// An issue date and an expiry date after it.
    IssuedAndExpiry,
}

impl Tactic {
    /// The 4P it usually falls under: what the form offers first.
    pub fn usual_four_p(self) -> FourP {
        use Tactic::*;
        match self {
            Cawn
            | SexualHarmPreventionOrder
            | SexualRiskOrder
            | SlaveryTraffickingPreventionOrder
            | SlaveryTraffickingRiskOrder
            | Injunction
            | StopAndSearch
            | Arrest
            | DrugsWarrant
            | LineClosure
            | Financial
            | ClosureOrder => FourP::Pursue,
            CuckooingVisit => FourP::Protect,
            PremisesVisit | LicensingReview | PremisesWarning | CommunityProtection | DiversionReferral => {
                FourP::Prevent
            }
            Other => FourP::Prepare,
        }
    }

    pub fn against(self) -> Against {
        use Tactic::*;
        match self {
            Cawn
            | SexualHarmPreventionOrder
            | SexualRiskOrder
            | SlaveryTraffickingPreventionOrder
            | SlaveryTraffickingRiskOrder
            | Injunction
            | StopAndSearch
            | Arrest
            | Financial
            | DiversionReferral => Against::People,
            ClosureOrder | PremisesVisit | LicensingReview | PremisesWarning | DrugsWarrant => Against::Places,
            CuckooingVisit | LineClosure | CommunityProtection | Other => Against::Both,
        }
    }

    pub fn dates(self) -> Dates {
        use Tactic::*;
        match self {
            Cawn => Dates::IssuedAndExpiry,
            SexualHarmPreventionOrder
            | SexualRiskOrder
            | SlaveryTraffickingPreventionOrder
            | SlaveryTraffickingRiskOrder
            | ClosureOrder
            | PremisesWarning
            | Injunction
            | LineClosure
            | CommunityProtection => Dates::Issued,
            CuckooingVisit | PremisesVisit | LicensingReview | StopAndSearch | Arrest | DrugsWarrant | Financial
            | DiversionReferral | Other => Dates::None,
        }
    }

    pub fn for_people(self) -> bool {
        self.against() != Against::Places
    }

    pub fn for_places(self) -> bool {
        self.against() != Against::People
    }

    /// Whether it names the child it protects (a CAWN does).
    pub fn needs_child(self) -> bool {
        self == Tactic::Cawn
    }

    /// The tactics usually under `four_p`, in the list's order: the form's groups.
    pub fn under(four_p: FourP) -> Vec<Tactic> {
        Self::ALL.iter().copied().filter(|t| t.usual_four_p() == four_p).collect()
    }
}

code_enum!(
    /// What came of it.
    Outcome {
        /// Still running: an order in force, a referral open.
        Ongoing => "ongoing",
        /// Done: served, granted, visited, arrested.
        Completed => "completed",
        /// Breached by its subject.
        Breached => "breached",
        /// Refused (by a court, or by the person it was offered to).
        Refused => "refused",
        /// Withdrawn or discharged before it ran its course.
        Withdrawn => "withdrawn",
        NoFurtherAction => "no_further_action",
    }
);

/// Whom or what a disruption is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum DisruptionSubject {
    Person(PersonId),
    Location(LocationId),
}

impl DisruptionSubject {
    pub fn person(self) -> Option<PersonId> {
        match self {
            Self::Person(p) => Some(p),
            Self::Location(_) => None,
        }
    }

    pub fn location(self) -> Option<LocationId> {
        match self {
            Self::Location(l) => Some(l),
            Self::Person(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disruption {
    pub id: DisruptionId,
    pub area_id: AreaId,
    pub subject: DisruptionSubject,
    /// The child it protects, where it names one.
    pub child_id: Option<PersonId>,
    /// The MACE meeting that agreed it, and the action on the register it carries out.
    pub meeting_id: Option<MeetingId>,
    pub action_id: Option<MaceActionId>,
    pub four_p: FourP,
    pub tactic: Tactic,
    /// The day it was done (served, visited, applied for).
    pub done_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub outcome: Outcome,
    pub outcome_note: String,
    pub officer_name: String,
    pub officer_agency: AgencyId,
    /// The agency whose user recorded it: the owner of the fact, for sharing.
    pub owner: AgencyId,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl Disruption {
    /// A notice or order in force on `day`: issued by then, not expired, neither refused nor
    /// withdrawn.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.issued_on.is_some_and(|i| i <= day)
            && self.expires_on.is_none_or(|e| day <= e)
            && !matches!(self.outcome, Outcome::Refused | Outcome::Withdrawn)
    }

    /// Expired on `day`: it had an expiry date and the day is after it.
    pub fn expired_on(&self, day: NaiveDate) -> bool {
        self.expires_on.is_some_and(|e| e < day)
    }
}

/// A disruption as typed, its references already resolved (`None` where none was given or the
/// reference was unknown: the caller names those).
#[derive(Debug, Clone, Copy)]
pub struct NewDisruption<'a> {
    pub area_id: Option<AreaId>,
    /// Whom or what it is against, with what the rules need to know of them.
    pub subject: Option<(DisruptionSubject, SubjectFacts)>,
    /// The child it protects, with what the rules need to know of them.
    pub child: Option<(PersonId, SubjectFacts)>,
    pub meeting_id: Option<MeetingId>,
    pub action_id: Option<MaceActionId>,
    /// Blank: the tactic's usual 4P.
    pub four_p: &'a str,
    pub tactic: &'a str,
    pub done_on: Result<NaiveDate, &'static str>,
    pub issued_on: Result<Option<NaiveDate>, &'static str>,
    pub expires_on: Result<Option<NaiveDate>, &'static str>,
    pub outcome: &'a str,
    pub outcome_note: &'a str,
    pub officer_name: &'a str,
    pub officer_agency: Option<AgencyId>,
}

/// Who records a disruption, and when.
#[derive(Debug, Clone, Copy)]
pub struct Recording {
    pub owner: AgencyId,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
}

fn note(raw: &str, required: bool) -> Result<String, &'static str> {
    if raw.trim().is_empty() && !required { Ok(String::new()) } else { clean(raw, NOTE_MAX, true) }
}

/// Checks a new disruption field by field, every problem at once, and makes it: `subject:
/// required`, `tactic: unknown-code`, `tactic: tactic-for-places-only`, `subject:
/// cawn-needs-an-adult`, `child_id: required-for-tactic`, `issued_on: required-for-tactic`,
/// `expires_on: expires-before-issued`, `done_on: date-in-future`…
pub fn record(new: &NewDisruption<'_>, by: Recording) -> Result<Disruption, Invalid> {
    let mut e = Invalid::default();
    if new.area_id.is_none() {
        e.push("area", "required");
    }
    if new.subject.is_none() {
        e.push("subject", "required");
    }
    let tactic = e.check("tactic", Tactic::parse(new.tactic));
    let four_p = match (new.four_p.trim(), tactic) {
        ("", Some(t)) => Some(t.usual_four_p()),
        ("", None) => None,
        (raw, _) => e.check("four_p", FourP::parse(raw)),
    };
    let done_on = e.check("done_on", new.done_on);
    if done_on.is_some_and(|d| d > by.today) {
        e.push("done_on", "date-in-future");
    }
    let issued_on = e.check("issued_on", new.issued_on);
    let expires_on = e.check("expires_on", new.expires_on);
    let outcome = e.check("outcome", Outcome::parse(new.outcome));
    let outcome_note = e.check("outcome_note", note(new.outcome_note, tactic == Some(Tactic::Other)));
    let officer_name = e.check("officer_name", clean(new.officer_name, NAME_MAX, false));
    if new.officer_agency.is_none() {
        e.push("officer_agency", "required");
    }
    if let (Some(t), Some((subject, facts))) = (tactic, new.subject) {
        match subject {
            DisruptionSubject::Person(_) if !t.for_people() => e.push("tactic", "tactic-for-places-only"),
            DisruptionSubject::Location(_) if !t.for_places() => e.push("tactic", "tactic-for-people-only"),
            _ => {}
        }
        // A CAWN is served on an adult: never on a child (who is its protected party).
        if t == Tactic::Cawn
            && matches!(subject, DisruptionSubject::Person(_))
            && done_on.is_some_and(|d| facts.is_child_on(d))
        {
            e.push("subject", "cawn-needs-an-adult");
        }
    }
    if let Some((child, facts)) = new.child {
        if new.subject.and_then(|(s, _)| s.person()) == Some(child) {
            e.push("child_id", "same-as-subject");
        } else if done_on.is_some_and(|d| !facts.is_child_on(d)) {
            e.push("child_id", "not-a-child");
        }
    } else if tactic.is_some_and(Tactic::needs_child) {
        e.push("child_id", "required-for-tactic");
    }
    if let (Some(t), Some(issued), Some(expires)) = (tactic, issued_on, expires_on) {
        check_dates(&mut e, t, issued, expires, by.today);
    }
    let (
        Some(area_id),
        Some((subject, _)),
        Some(tactic),
        Some(four_p),
        Some(done_on),
        Some(issued_on),
        Some(expires_on),
        Some(outcome),
        Some(outcome_note),
        Some(officer_name),
        Some(officer_agency),
    ) = (
        new.area_id,
        new.subject,
        tactic,
        four_p,
        done_on,
        issued_on,
        expires_on,
        outcome,
        outcome_note,
        officer_name,
        new.officer_agency,
    )
    else {
        return Err(e);
    };
    e.into_result()?;
    Ok(Disruption {
        id: DisruptionId::new(),
        area_id,
        subject,
        child_id: new.child.map(|(c, _)| c),
        meeting_id: new.meeting_id,
        action_id: new.action_id,
        four_p,
        tactic,
        done_on,
        issued_on,
        expires_on,
        outcome,
        outcome_note,
        officer_name,
        officer_agency,
        owner: by.owner,
        created_by: by.by,
        created_at: by.at,
        version: 1,
    })
}

/// The issue and expiry dates a tactic takes, checked.
fn check_dates(e: &mut Invalid, t: Tactic, issued: Option<NaiveDate>, expires: Option<NaiveDate>, today: NaiveDate) {
    match t.dates() {
        Dates::None => {
            if issued.is_some() {
                e.push("issued_on", "not-for-tactic");
            }
            if expires.is_some() {
                e.push("expires_on", "not-for-tactic");
            }
            return;
        }
        Dates::Issued | Dates::IssuedAndExpiry if issued.is_none() => e.push("issued_on", "required-for-tactic"),
        _ => {}
    }
    if t.dates() == Dates::IssuedAndExpiry && expires.is_none() {
        e.push("expires_on", "required-for-tactic");
    }
    if issued.is_some_and(|i| i > today) {
        e.push("issued_on", "date-in-future");
    }
    if let (Some(i), Some(x)) = (issued, expires)
        && x <= i
    {
        e.push("expires_on", "expires-before-issued");
    }
}

/// An outcome as typed.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeInput<'a> {
    pub outcome: &'a str,
    pub outcome_note: &'a str,
}

/// `d` with its outcome changed, every problem named: an unknown outcome, a note too long, a
/// change that changes nothing (`outcome: unchanged`).
pub fn update_outcome(d: &Disruption, input: &OutcomeInput<'_>) -> Result<Disruption, Invalid> {
    let mut e = Invalid::default();
    let outcome = e.check("outcome", Outcome::parse(input.outcome));
    let outcome_note = e.check("outcome_note", note(input.outcome_note, d.tactic == Tactic::Other));
    let (Some(outcome), Some(outcome_note)) = (outcome, outcome_note) else { return Err(e) };
    if outcome == d.outcome && outcome_note == d.outcome_note {
        return Err(Invalid::one("outcome", "unchanged"));
    }
    Ok(Disruption { outcome, outcome_note, ..d.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::PersonKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 12, 3)
    }

    fn adult() -> SubjectFacts {
        SubjectFacts::Person { kind: PersonKind::Adult, date_of_birth: Some(d(1990, 1, 1)) }
    }

    fn child() -> SubjectFacts {
        SubjectFacts::Person { kind: PersonKind::Child, date_of_birth: Some(d(2012, 5, 1)) }
    }

    fn by() -> Recording {
        Recording { owner: AgencyId::new(), by: Some(UserId::new()), at: Utc::now(), today: today() }
    }

    /// A CAWN served on an adult, protecting a child: all well.
    fn cawn() -> NewDisruption<'static> {
        NewDisruption {
            area_id: Some(AreaId::new()),
            subject: Some((DisruptionSubject::Person(PersonId::new()), adult())),
            child: Some((PersonId::new(), child())),
            meeting_id: None,
            action_id: None,
            four_p: "",
            tactic: "cawn",
            done_on: Ok(d(2026, 11, 20)),
            issued_on: Ok(Some(d(2026, 11, 20))),
            expires_on: Ok(Some(d(2027, 11, 20))),
            outcome: "ongoing",
            outcome_note: "Served in person at his flat.",
            officer_name: "PC 1234 Rees",
            officer_agency: Some(AgencyId::new()),
        }
    }

    fn problems(r: Result<Disruption, Invalid>) -> Vec<(String, &'static str)> {
        r.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_cawn_with_its_dates_is_recorded_under_pursue_and_in_force_until_it_expires() {
        let made = record(&cawn(), by()).unwrap();
        assert_eq!(made.four_p, FourP::Pursue, "the tactic's usual 4P when none is chosen");
        assert_eq!(made.tactic, Tactic::Cawn);
        assert!(made.in_force_on(today()));
        assert!(!made.in_force_on(d(2027, 11, 21)));
        assert!(made.expired_on(d(2027, 11, 21)));
        let chosen = record(&NewDisruption { four_p: "protect", ..cawn() }, by()).unwrap();
        assert_eq!(chosen.four_p, FourP::Protect);
    }

    #[test]
    fn a_cawn_expiring_before_its_issue_is_refused_by_field() {
        let new = NewDisruption { expires_on: Ok(Some(d(2026, 11, 1))), ..cawn() };
        assert_eq!(problems(record(&new, by())), [("expires_on".to_owned(), "expires-before-issued")]);
        let same_day = NewDisruption { expires_on: Ok(Some(d(2026, 11, 20))), ..cawn() };
        assert_eq!(problems(record(&same_day, by())), [("expires_on".to_owned(), "expires-before-issued")]);
    }

    #[test]
    fn a_cawn_needs_both_dates_an_adult_and_the_child_it_protects() {
        let new = NewDisruption { issued_on: Ok(None), expires_on: Ok(None), child: None, ..cawn() };
        assert_eq!(
            problems(record(&new, by())),
            [
                ("child_id".to_owned(), "required-for-tactic"),
                ("issued_on".to_owned(), "required-for-tactic"),
                ("expires_on".to_owned(), "required-for-tactic"),
            ]
        );
        let on_a_child =
            NewDisruption { subject: Some((DisruptionSubject::Person(PersonId::new()), child())), ..cawn() };
        assert_eq!(problems(record(&on_a_child, by())), [("subject".to_owned(), "cawn-needs-an-adult")]);
        let place = NewDisruption {
            subject: Some((DisruptionSubject::Location(LocationId::new()), SubjectFacts::Place)),
            ..cawn()
        };
        assert_eq!(problems(record(&place, by())), [("tactic".to_owned(), "tactic-for-people-only")]);
        let protects_an_adult = NewDisruption { child: Some((PersonId::new(), adult())), ..cawn() };
        assert_eq!(problems(record(&protects_an_adult, by())), [("child_id".to_owned(), "not-a-child")]);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let new = NewDisruption {
            area_id: None,
            subject: None,
            child: None,
            four_p: "persuade",
            tactic: "knock",
            done_on: Ok(d(2026, 12, 25)),
            issued_on: Err("date-format"),
            outcome: "",
            officer_name: " ",
            officer_agency: None,
            ..cawn()
        };
        assert_eq!(
            problems(record(&new, by())),
            [
                ("area".to_owned(), "required"),
                ("subject".to_owned(), "required"),
                ("tactic".to_owned(), "unknown-code"),
                ("four_p".to_owned(), "unknown-code"),
                ("done_on".to_owned(), "date-in-future"),
                ("issued_on".to_owned(), "date-format"),
                ("outcome".to_owned(), "required"),
                ("officer_name".to_owned(), "required"),
                ("officer_agency".to_owned(), "required"),
            ]
        );
    }

    #[test]
    fn orders_need_an_issue_date_and_visits_take_none() {
        let place = Some((DisruptionSubject::Location(LocationId::new()), SubjectFacts::Place));
        let closure = NewDisruption {
            subject: place,
            child: None,
            tactic: "closure_order",
            issued_on: Ok(None),
            expires_on: Ok(None),
            ..cawn()
        };
        assert_eq!(problems(record(&closure, by())), [("issued_on".to_owned(), "required-for-tactic")]);
        let issued = NewDisruption { issued_on: Ok(Some(d(2026, 11, 20))), ..closure };
        let made = record(&issued, by()).unwrap();
        assert_eq!((made.four_p, made.expires_on), (FourP::Pursue, None), "an order's expiry is optional");
        let visit = NewDisruption { tactic: "premises_visit", ..cawn() };
        let visit = NewDisruption { subject: place, child: None, ..visit };
        assert_eq!(
            problems(record(&visit, by())),
            [("issued_on".to_owned(), "not-for-tactic"), ("expires_on".to_owned(), "not-for-tactic")]
        );
        let visit = NewDisruption { issued_on: Ok(None), expires_on: Ok(None), ..visit };
        assert_eq!(record(&visit, by()).map(|v| v.four_p), Ok(FourP::Prevent));
        let future = NewDisruption { issued_on: Ok(Some(d(2026, 12, 4))), expires_on: Ok(None), ..issued };
        assert_eq!(problems(record(&future, by())), [("issued_on".to_owned(), "date-in-future")]);
    }

    #[test]
    fn other_needs_a_note_saying_what_was_done() {
        let other = NewDisruption {
            tactic: "other",
            child: None,
            issued_on: Ok(None),
            expires_on: Ok(None),
            outcome_note: "",
            ..cawn()
        };
        assert_eq!(problems(record(&other, by())), [("outcome_note".to_owned(), "required")]);
    }

    #[test]
    fn every_tactic_has_a_usual_four_p_and_the_groups_cover_the_list() {
        let grouped: usize = FourP::ALL.iter().map(|p| Tactic::under(*p).len()).sum();
        assert_eq!(grouped, Tactic::ALL.len());
        assert!(Tactic::under(FourP::Pursue).contains(&Tactic::Cawn));
        for t in Tactic::ALL {
            assert!(t.for_people() || t.for_places(), "{t}");
        }
    }

    #[test]
    fn an_outcome_change_is_checked_and_must_change_something() {
        let made = record(&cawn(), by()).unwrap();
        let breached = update_outcome(&made, &OutcomeInput { outcome: "breached", outcome_note: "Seen with her." });
        assert_eq!(breached.as_ref().map(|b| b.outcome), Ok(Outcome::Breached));
        assert_eq!(breached.map(|b| b.version), Ok(made.version), "the store moves the version");
        let same = OutcomeInput { outcome: "ongoing", outcome_note: "Served in person at his flat." };
        assert_eq!(problems(update_outcome(&made, &same)), [("outcome".to_owned(), "unchanged")]);
        let bad = OutcomeInput { outcome: "won", outcome_note: "" };
        assert_eq!(problems(update_outcome(&made, &bad)), [("outcome".to_owned(), "unknown-code")]);
    }
}
