//! Warning markers on people and places: county lines, at risk of CSE or CCE, a person of
//! concern, a cuckooed address… Each has a reason, a source (the agency it came from and what
//! it rests on), a start date and a review date, and belongs to the agency whose user raised it
//! (its owner, for sharing: the `warning_marker` record class).
//!
//! The rules a practitioner could state, fixed in code because they are law or the customer's
//! stated practice (issue 15; `../shared/DOMAIN.md` §8):
//! - no offending-type marker on a child under 10, the age of criminal responsibility (s.50
//!   Children and Young Persons Act 1933), judged by date of birth on the marker's start date;
//!   a child without a date of birth cannot be shown to be 10, so gets none either;
//! - exploitation markers on a child are victim-vulnerability markers, never offender markers
//!   (DOMAIN §8.2): county lines, CSE and CCE are not offending types;
//! - a marker on a child is pending until a supervisor approves it, and that supervisor is not
//!   the user who raised it; its review date is within 12 months of its start;
//! - a review keeps the marker (with the next review date, within 12 months for a child) or ends
//!   it; a marker whose review date has passed is overdue.

use crate::code_enum;
use crate::error::Invalid;
use crate::ids::{AgencyId, LocationId, MarkerId, PersonId, UserId};
use crate::person::{PersonDetails, PersonKind, age_on};
use crate::text::clean;
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The age of criminal responsibility in England and Wales (s.50 CYPA 1933, as amended).
pub const AGE_OF_CRIMINAL_RESPONSIBILITY: u32 = 10;

/// How far after its start (or its last review) a child's marker must next be reviewed.
pub const CHILD_REVIEW_MONTHS: u32 = 12;

/// The longest reason or source text kept.
pub const REASON_MAX: usize = 2000;
pub const SOURCE_MAX: usize = 200;

code_enum!(
    /// What a marker warns of.
    MarkerType {
        /// At risk of, or drawn into, county lines: a vulnerability marker on a child.
        CountyLines => "county_lines",
        AtRiskOfCse => "at_risk_cse",
        AtRiskOfCce => "at_risk_cce",
        /// A suspected victim of trafficking or modern slavery.
        Trafficking => "trafficking",
        /// Suspected of exploiting children.
        PersonOfConcern => "person_of_concern",
        /// Known to carry or keep weapons.
        Weapons => "weapons",
        /// Violent, or a risk of violence to staff or officers.
        Violence => "violence",
        /// Suspected of supplying controlled drugs.
        DrugSupply => "drug_supply",
        /// An address taken over to deal drugs or exploit its occupant.
        CuckooedAddress => "cuckooed_address",
        /// A place where children are known to be exploited.
        PlaceOfConcern => "place_of_concern",
    }
);

/// Where a type of marker may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    People,
    Places,
    Both,
}

impl MarkerType {
    /// Whether the marker says a child is being, or at risk of being, exploited.
    pub fn is_exploitation(self) -> bool {
        matches!(self, Self::CountyLines | Self::AtRiskOfCse | Self::AtRiskOfCce | Self::Trafficking)
    }

    /// Whether the marker says the person offends: never on a child under 10.
    pub fn is_offending(self) -> bool {
        matches!(self, Self::PersonOfConcern | Self::Weapons | Self::Violence | Self::DrugSupply)
    }

    pub fn applies(self) -> Applies {
        match self {
            Self::AtRiskOfCse | Self::AtRiskOfCce | Self::Trafficking | Self::PersonOfConcern | Self::DrugSupply => {
                Applies::People
            }
            Self::CuckooedAddress | Self::PlaceOfConcern => Applies::Places,
            Self::CountyLines | Self::Weapons | Self::Violence => Applies::Both,
        }
    }

    pub fn for_people(self) -> bool {
        self.applies() != Applies::Places
    }

    pub fn for_places(self) -> bool {
        self.applies() != Applies::People
    }
}

/// What a marker is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum MarkerSubject {
    Person(PersonId),
    Location(LocationId),
}

code_enum!(
    /// What a review decided.
    ReviewOutcome {
        Keep => "keep",
        End => "end",
    }
);

code_enum!(
    /// Where a marker stands.
    MarkerStatus {
        /// On a child, waiting for a supervisor's approval.
        Pending => "pending",
        Active => "active",
        Ended => "ended",
    }
);

/// A supervisor's approval of a marker on a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: UserId,
    pub agency: AgencyId,
    pub at: DateTime<Utc>,
}

/// One review of a marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkerReview {
    pub reviewed_on: NaiveDate,
    pub outcome: ReviewOutcome,
    /// When it is next reviewed (kept markers only).
    pub next_review_on: Option<NaiveDate>,
    pub note: String,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub id: MarkerId,
    pub subject: MarkerSubject,
    pub marker_type: MarkerType,
    pub reason: String,
    /// The agency the information came from.
    pub source_agency: AgencyId,
    /// What it rests on, in the raiser's words (`PNC`, `MACE 12 November`, `strategy meeting`).
    pub source_note: String,
    pub starts_on: NaiveDate,
    /// When it is next reviewed: the start's review date, then each kept review's next one.
    pub review_on: NaiveDate,
    /// The agency whose user raised it: the owner of the fact, for sharing.
    pub owner: AgencyId,
    pub raised_by: Option<UserId>,
    pub raised_at: DateTime<Utc>,
    /// Whether it needs a supervisor's approval (it was raised on a child).
    pub needs_approval: bool,
    pub approval: Option<Approval>,
    /// Reviews, oldest first.
    pub reviews: Vec<MarkerReview>,
    /// The day a review ended it.
    pub ended_on: Option<NaiveDate>,
    pub version: i64,
}

impl Marker {
    pub fn status(&self) -> MarkerStatus {
        if self.ended_on.is_some() {
            MarkerStatus::Ended
        } else if self.needs_approval && self.approval.is_none() {
            MarkerStatus::Pending
        } else {
            MarkerStatus::Active
        }
    }

    /// Open: not ended (pending or active).
    pub fn is_open(&self) -> bool {
        self.ended_on.is_none()
    }

    /// Whether its review is overdue on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.review_on < today
    }
}

/// Who a marker's subject is, as the rules need it: a place, or a person's kind and date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectFacts {
    Place,
    Person { kind: PersonKind, date_of_birth: Option<NaiveDate> },
}

impl SubjectFacts {
    pub fn of_person(details: &PersonDetails) -> Self {
        Self::Person { kind: details.kind, date_of_birth: details.date_of_birth }
    }

    /// A child on `day`: under 18 by date of birth; without one, a person recorded as a child
    /// (an age-disputed person is treated as a child until assessed, DOMAIN §6).
    pub fn is_child_on(self, day: NaiveDate) -> bool {
        match self {
            Self::Place => false,
            Self::Person { date_of_birth: Some(dob), .. } => age_on(dob, day) < 18,
            Self::Person { kind, date_of_birth: None } => kind == PersonKind::Child,
        }
    }

    /// Whether the person is shown to be at least 10 on `day`: by date of birth only.
    fn criminally_responsible_on(self, day: NaiveDate) -> bool {
        match self {
            Self::Place => false,
            Self::Person { date_of_birth: Some(dob), .. } => age_on(dob, day) >= AGE_OF_CRIMINAL_RESPONSIBILITY,
            Self::Person { date_of_birth: None, kind } => kind == PersonKind::Adult,
        }
    }
}

/// The latest review date allowed for a child's marker reviewed from `from`.
pub fn latest_child_review(from: NaiveDate) -> NaiveDate {
    from.checked_add_months(Months::new(CHILD_REVIEW_MONTHS)).unwrap_or(NaiveDate::MAX)
}

/// A new marker as typed, its references already resolved.
#[derive(Debug, Clone)]
pub struct NewMarker<'a> {
    pub marker_type: &'a str,
    pub reason: &'a str,
    pub source_agency: Option<AgencyId>,
    pub source_note: &'a str,
    pub starts_on: Result<NaiveDate, &'static str>,
    pub review_on: Result<NaiveDate, &'static str>,
}

/// Who raises a marker and when.
#[derive(Debug, Clone, Copy)]
pub struct Raising {
    pub owner: AgencyId,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
}

/// Checks a new marker on `subject` field by field, all at once, and makes it.
pub fn raise(subject: MarkerSubject, facts: SubjectFacts, new: &NewMarker<'_>, by: Raising) -> Result<Marker, Invalid> {
    let mut e = Invalid::default();
    let marker_type = e.check("marker_type", MarkerType::parse(new.marker_type));
    let reason = e.check("reason", clean(new.reason, REASON_MAX, true));
    let source_note = e.check("source_note", clean(new.source_note, SOURCE_MAX, false));
    if new.source_agency.is_none() {
        e.push("source_agency", "required");
    }
    let starts_on = e.check("starts_on", new.starts_on);
    let review_on = e.check("review_on", new.review_on);
    if let Some(start) = starts_on
        && start > by.today
    {
        e.push("starts_on", "date-in-future");
    }
    if let Some(kind) = marker_type {
        match (subject, kind.for_people(), kind.for_places()) {
            (MarkerSubject::Person(_), false, _) => e.push("marker_type", "marker-type-for-places-only"),
            (MarkerSubject::Location(_), _, false) => e.push("marker_type", "marker-type-for-people-only"),
            _ => {}
        }
        if let (true, Some(start)) = (kind.is_offending(), starts_on)
            && matches!(facts, SubjectFacts::Person { .. })
            && !facts.criminally_responsible_on(start)
        {
            let code = match facts {
                SubjectFacts::Person { date_of_birth: None, .. } => "offending-marker-needs-date-of-birth",
                _ => "under-age-of-criminal-responsibility",
            };
            e.push("marker_type", code);
        }
    }
    let child = starts_on.is_some_and(|s| facts.is_child_on(s));
    if let (Some(start), Some(review)) = (starts_on, review_on) {
        check_next_review(&mut e, "review_on", start, review, child);
    }
    let (Some(marker_type), Some(reason), Some(source_note), Some(source_agency), Some(starts_on), Some(review_on)) =
        (marker_type, reason, source_note, new.source_agency, starts_on, review_on)
    else {
        return Err(e);
    };
    e.into_result()?;
    Ok(Marker {
        id: MarkerId::new(),
        subject,
        marker_type,
        reason,
        source_agency,
        source_note,
        starts_on,
        review_on,
        owner: by.owner,
        raised_by: by.by,
        raised_at: by.at,
        needs_approval: child,
        approval: None,
        reviews: Vec::new(),
        ended_on: None,
        version: 1,
    })
}

/// A next review date after `from`: later than it, and for a child within 12 months of it.
fn check_next_review(e: &mut Invalid, field: &str, from: NaiveDate, next: NaiveDate, child: bool) {
    if next <= from {
        e.push(field, "review-not-after-start");
    } else if child && next > latest_child_review(from) {
        e.push(field, "review-more-than-12-months");
    }
}

/// Checks an approval of `marker` by `by` (a supervisor whose agency may see the child: the
/// access policy decides that) and returns it. Refused by field `marker`: `approval-not-needed`,
/// `already-approved`, `marker-ended`, `approver-is-raiser`.
pub fn approve(marker: &Marker, by: UserId, agency: AgencyId, at: DateTime<Utc>) -> Result<Approval, Invalid> {
    let code = if marker.ended_on.is_some() {
        Some("marker-ended")
    } else if !marker.needs_approval {
        Some("approval-not-needed")
    } else if marker.approval.is_some() {
        Some("already-approved")
    } else if marker.raised_by == Some(by) {
        Some("approver-is-raiser")
    } else {
        None
    };
    match code {
        Some(code) => Err(Invalid::one("marker", code)),
        None => Ok(Approval { by, agency, at }),
    }
}

/// A review as typed.
#[derive(Debug, Clone)]
pub struct ReviewInput<'a> {
    pub outcome: &'a str,
    pub reviewed_on: Result<NaiveDate, &'static str>,
    /// Blank when the marker ends.
    pub next_review_on: Result<Option<NaiveDate>, &'static str>,
    pub note: &'a str,
}

/// Checks a review of `marker` on a subject described by `facts`, all at once. A kept marker
/// needs its next review date (after the review, within 12 months for a child); an ended one
/// takes none. The review is dated no later than today and no earlier than the marker's start;
/// a pending marker may be ended (withdrawn) but not kept by review before it is approved.
pub fn review(
    marker: &Marker,
    facts: SubjectFacts,
    input: &ReviewInput<'_>,
    by: Option<UserId>,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<MarkerReview, Invalid> {
    let mut e = Invalid::default();
    if marker.ended_on.is_some() {
        e.push("marker", "marker-ended");
    }
    let outcome = e.check("outcome", ReviewOutcome::parse(input.outcome));
    let reviewed_on = e.check("reviewed_on", input.reviewed_on);
    let next = e.check("next_review_on", input.next_review_on);
    let note = e.check("note", clean(input.note, REASON_MAX, true));
    if let Some(day) = reviewed_on {
        if day > today {
            e.push("reviewed_on", "date-in-future");
        } else if day < marker.starts_on {
            e.push("reviewed_on", "before-marker-start");
        }
    }
    if outcome == Some(ReviewOutcome::Keep) && marker.status() == MarkerStatus::Pending {
        e.push("outcome", "marker-not-approved");
    }
    match (outcome, next) {
        (Some(ReviewOutcome::Keep), Some(None)) => e.push("next_review_on", "required"),
        (Some(ReviewOutcome::Keep), Some(Some(next))) => {
            if let Some(day) = reviewed_on {
                check_next_review(&mut e, "next_review_on", day, next, facts.is_child_on(day));
            }
        }
        (Some(ReviewOutcome::End), Some(Some(_))) => e.push("next_review_on", "not-when-ending"),
        _ => {}
    }
    let (Some(outcome), Some(reviewed_on), Some(next_review_on), Some(note)) = (outcome, reviewed_on, next, note)
    else {
        return Err(e);
    };
    e.into_result()?;
    Ok(MarkerReview { reviewed_on, outcome, next_review_on, note, by, at })
}

/// `marker` after `review`: kept with its next review date, or ended on the review's day.
pub fn apply_review(mut marker: Marker, review: MarkerReview) -> Marker {
    match (review.outcome, review.next_review_on) {
        (ReviewOutcome::Keep, Some(next)) => marker.review_on = next,
        _ => marker.ended_on = Some(review.reviewed_on),
    }
    marker.reviews.push(review);
    marker
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(dob: NaiveDate) -> SubjectFacts {
        SubjectFacts::Person { kind: PersonKind::Child, date_of_birth: Some(dob) }
    }

    fn raising(today: NaiveDate) -> Raising {
        Raising { owner: AgencyId::new(), by: Some(UserId::new()), at: Utc::now(), today }
    }

    fn new<'a>(kind: &'a str, start: NaiveDate, review: NaiveDate) -> NewMarker<'a> {
        NewMarker {
            marker_type: kind,
            reason: "Seen with older males at the station; MACE agreed.",
            source_agency: Some(AgencyId::new()),
            source_note: "MACE 12 November",
            starts_on: Ok(start),
            review_on: Ok(review),
        }
    }

    fn person() -> MarkerSubject {
        MarkerSubject::Person(PersonId::new())
    }

    fn fields(r: Result<impl std::fmt::Debug, Invalid>) -> Vec<(String, &'static str)> {
        r.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn no_offending_marker_on_a_child_under_ten_by_date_of_birth_on_the_start_date() {
        let today = d(2026, 12, 3);
        let dob = d(2016, 12, 4); // ten on 4 December 2026
        let before = new("weapons", d(2026, 12, 3), d(2027, 3, 1));
        assert_eq!(
            fields(raise(person(), child(dob), &before, raising(today))),
            [("marker_type".to_owned(), "under-age-of-criminal-responsibility")]
        );
        // A vulnerability marker on the same child is allowed, pending a supervisor.
        let cse = raise(person(), child(dob), &new("at_risk_cse", d(2026, 12, 3), d(2027, 3, 1)), raising(today));
        assert_eq!(cse.map(|m| m.status()), Ok(MarkerStatus::Pending));
        // On the tenth birthday the age rule no longer refuses it.
        let later =
            raise(person(), child(dob), &new("weapons", d(2026, 12, 4), d(2027, 3, 1)), raising(d(2026, 12, 4)));
        assert!(later.is_ok());
        // Without a date of birth a child cannot be shown to be ten.
        let unknown = SubjectFacts::Person { kind: PersonKind::Child, date_of_birth: None };
        assert_eq!(
            fields(raise(person(), unknown, &before, raising(today))),
            [("marker_type".to_owned(), "offending-marker-needs-date-of-birth")]
        );
    }

    #[test]
    fn exploitation_markers_are_vulnerability_markers() {
        for kind in [MarkerType::CountyLines, MarkerType::AtRiskOfCse, MarkerType::AtRiskOfCce, MarkerType::Trafficking]
        {
            assert!(!kind.is_offending(), "{kind:?}");
        }
        for kind in [MarkerType::PersonOfConcern, MarkerType::Weapons, MarkerType::Violence, MarkerType::DrugSupply] {
            assert!(kind.is_offending(), "{kind:?}");
        }
    }

    #[test]
    fn a_childs_marker_is_reviewed_within_twelve_months_an_adults_need_not_be() {
        let today = d(2026, 12, 3);
        let start = d(2026, 6, 30);
        let minor = child(d(2012, 1, 1));
        assert!(raise(person(), minor, &new("at_risk_cce", start, d(2027, 6, 30)), raising(today)).is_ok());
        assert_eq!(
            fields(raise(person(), minor, &new("at_risk_cce", start, d(2027, 7, 1)), raising(today))),
            [("review_on".to_owned(), "review-more-than-12-months")]
        );
        let adult = SubjectFacts::Person { kind: PersonKind::Adult, date_of_birth: Some(d(1990, 1, 1)) };
        let m = raise(person(), adult, &new("person_of_concern", start, d(2028, 1, 1)), raising(today)).unwrap();
        assert_eq!(m.status(), MarkerStatus::Active, "no approval needed on an adult");
        assert_eq!(
            fields(raise(person(), adult, &new("violence", start, start), raising(today))),
            [("review_on".to_owned(), "review-not-after-start")]
        );
    }

    #[test]
    fn every_problem_is_named_at_once_by_field() {
        let bad = NewMarker {
            marker_type: "cuckooed_address",
            reason: "  ",
            source_agency: None,
            source_note: "",
            starts_on: Ok(d(2027, 1, 1)),
            review_on: Err("date-format"),
        };
        assert_eq!(
            fields(raise(person(), child(d(2012, 1, 1)), &bad, raising(d(2026, 12, 3)))),
            [
                ("reason", "required"),
                ("source_note", "required"),
                ("source_agency", "required"),
                ("review_on", "date-format"),
                ("starts_on", "date-in-future"),
                ("marker_type", "marker-type-for-places-only"),
            ]
            .map(|(f, c)| (f.to_owned(), c))
        );
        let place = MarkerSubject::Location(LocationId::new());
        assert_eq!(
            fields(raise(
                place,
                SubjectFacts::Place,
                &new("at_risk_cse", d(2026, 1, 1), d(2026, 6, 1)),
                raising(d(2026, 12, 3))
            )),
            [("marker_type".to_owned(), "marker-type-for-people-only")]
        );
        let cuckooed = raise(
            place,
            SubjectFacts::Place,
            &new("cuckooed_address", d(2026, 1, 1), d(2028, 6, 1)),
            raising(d(2026, 12, 3)),
        );
        assert_eq!(cuckooed.map(|m| m.status()), Ok(MarkerStatus::Active));
    }

    #[test]
    fn approval_is_by_someone_other_than_the_raiser_once() {
        let today = d(2026, 12, 3);
        let by = raising(today);
        let m = raise(person(), child(d(2012, 1, 1)), &new("county_lines", today, d(2027, 6, 1)), by).unwrap();
        let raiser = by.by.unwrap();
        assert_eq!(fields(approve(&m, raiser, by.owner, Utc::now())), [("marker".to_owned(), "approver-is-raiser")]);
        let sergeant = UserId::new();
        let approval = approve(&m, sergeant, by.owner, Utc::now()).unwrap();
        let approved = Marker { approval: Some(approval), ..m };
        assert_eq!(approved.status(), MarkerStatus::Active);
        assert_eq!(
            fields(approve(&approved, sergeant, by.owner, Utc::now())),
            [("marker".to_owned(), "already-approved")]
        );
    }

    #[test]
    fn a_review_keeps_with_a_next_date_or_ends() {
        let today = d(2026, 12, 3);
        let minor = child(d(2012, 1, 1));
        let m = raise(person(), minor, &new("at_risk_cse", d(2026, 1, 5), d(2026, 11, 1)), raising(today)).unwrap();
        // Pending: it may be withdrawn but not kept.
        let keep = |next| ReviewInput {
            outcome: "keep",
            reviewed_on: Ok(today),
            next_review_on: Ok(next),
            note: "Still seen at the park.",
        };
        assert_eq!(
            fields(review(&m, minor, &keep(Some(d(2027, 3, 1))), None, Utc::now(), today)),
            [("outcome".to_owned(), "marker-not-approved")]
        );
        let m = Marker { approval: Some(Approval { by: UserId::new(), agency: m.owner, at: Utc::now() }), ..m };
        assert!(m.is_overdue(today));
        assert_eq!(
            fields(review(&m, minor, &keep(None), None, Utc::now(), today)),
            [("next_review_on".to_owned(), "required")]
        );
        assert_eq!(
            fields(review(&m, minor, &keep(Some(d(2027, 12, 4))), None, Utc::now(), today)),
            [("next_review_on".to_owned(), "review-more-than-12-months")]
        );
        let kept =
            apply_review(m.clone(), review(&m, minor, &keep(Some(d(2027, 12, 3))), None, Utc::now(), today).unwrap());
        assert_eq!(
            (kept.review_on, kept.status(), kept.is_overdue(today)),
            (d(2027, 12, 3), MarkerStatus::Active, false)
        );
        let end = ReviewInput {
            outcome: "end",
            reviewed_on: Ok(today),
            next_review_on: Ok(None),
            note: "No longer at risk.",
        };
        let ended = apply_review(kept.clone(), review(&kept, minor, &end, None, Utc::now(), today).unwrap());
        assert_eq!(
            (ended.status(), ended.ended_on, ended.is_overdue(d(2030, 1, 1))),
            (MarkerStatus::Ended, Some(today), false)
        );
        assert_eq!(
            fields(review(&ended, minor, &end, None, Utc::now(), today)),
            [("marker".to_owned(), "marker-ended")]
        );
    }

    fn kind() -> impl Strategy<Value = MarkerType> {
        proptest::sample::select(MarkerType::ALL)
    }

    proptest! {
        /// Whatever the dates and type, a marker raised on a child never has an offending type
        /// while the child is under 10 on its start, needs approval, and is reviewed within 12
        /// months of its start.
        #[test]
        fn a_marker_raised_on_a_child_keeps_the_rules(
            kind in kind(),
            born in 0i64..(19 * 366),
            start_back in 0i64..2000,
            review_after in -30i64..800,
        ) {
            let today = d(2026, 12, 3);
            let start = today - chrono::Duration::days(start_back);
            let dob = start - chrono::Duration::days(born);
            let review = start + chrono::Duration::days(review_after);
            let facts = child(dob);
            if let Ok(m) = raise(person(), facts, &new(kind.code(), start, review), raising(today)) {
                let age = age_on(dob, start);
                prop_assert!(!(m.marker_type.is_offending() && age < 10));
                prop_assert!(m.review_on > m.starts_on);
                if age < 18 {
                    prop_assert!(m.needs_approval);
                    prop_assert_eq!(m.status(), MarkerStatus::Pending);
                    prop_assert!(m.review_on <= latest_child_review(m.starts_on));
                }
            }
        }

        /// A review that keeps a child's marker never puts its next review more than 12 months
        /// after the review, nor before it.
        #[test]
        fn a_kept_review_stays_within_twelve_months(back in 0i64..300, next_after in -10i64..500) {
            let today = d(2026, 12, 3);
            let facts = child(d(2011, 5, 5));
            let mut m = raise(person(), facts, &new("at_risk_cce", d(2025, 12, 1), d(2026, 6, 1)), raising(today)).unwrap();
            m.approval = Some(Approval { by: UserId::new(), agency: m.owner, at: Utc::now() });
            let day = today - chrono::Duration::days(back);
            let next = day + chrono::Duration::days(next_after);
            let input = ReviewInput { outcome: "keep", reviewed_on: Ok(day), next_review_on: Ok(Some(next)), note: "kept" };
            if let Ok(r) = review(&m, facts, &input, None, Utc::now(), today) {
                let kept = apply_review(m, r);
                prop_assert!(kept.review_on > day && kept.review_on <= latest_child_review(day));
            }
        }
    }
}
