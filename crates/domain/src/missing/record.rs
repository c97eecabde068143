//! The missing episode as a record: the report, every grading, the notes made while the child
//! is missing, the return and the return home interview; the child's grab pack (in Wales the
//! Child Information Form); and what each kind of agency may see of an episode.

use super::clocks::{ReviewDone, ReviewDue, reviews_due};
use super::episode::{Consent, Grading, ReporterKind, RhiOutcome, RhiQuality};
use super::flags::EpisodeFacts;
use super::grade::RiskGrade;
use super::rules::{MissingRules, ReviewKind};
use crate::agency::AgencyKind;
use crate::code_enum;
use crate::ids::{AgencyId, AreaId, EpisodeId, EpisodeNoteId, LocationId, PersonId, UserId};
use crate::location::LocationKind;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A missing episode, from report to return home interview. Gradings and notes are only ever
/// added; the latest grading is the current grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingEpisode {
    pub id: EpisodeId,
    pub person_id: PersonId,
    pub reported_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Where the child was last seen, as the reporter described it.
    pub last_seen_where: String,
    pub reporter: ReporterKind,
    /// The placement or home the child went missing from, where known.
    pub from_location: Option<LocationId>,
    /// The BCU dealing with the episode, for the "missing now" board.
    pub area_id: Option<AreaId>,
    pub circumstances: String,
    /// The police incident or occurrence reference.
    pub police_reference: Option<String>,
    /// The officer in charge of the investigation, as named by the force; empty when not named.
    #[serde(default)]
    pub officer_in_charge: String,
    /// Whether the child was placed out of their home authority's area when they went missing.
    pub out_of_area: bool,
    /// Oldest first; never empty.
    pub gradings: Vec<Grading>,
    /// Oldest first.
    pub notes: Vec<EpisodeNote>,
    pub found: Option<ReturnRecord>,
    pub rhi: Option<RhiRecord>,
    pub recorded_by: Option<UserId>,
    /// The agency whose episode this is (the force that recorded the report): what it shares
    /// decides who sees the episode, and only it grades and closes it.
    pub owner: AgencyId,
    /// Imported history (legacy grades allowed) rather than a report made in haven.
    pub imported: bool,
    pub version: i64,
}

impl MissingEpisode {
    /// The current grading: the latest.
    pub fn grading(&self) -> Option<&Grading> {
        self.gradings.last()
    }

    pub fn grade(&self) -> Option<RiskGrade> {
        self.grading().map(|g| g.grade)
    }

    pub fn is_open(&self) -> bool {
        self.found.is_none()
    }

    pub fn returned_at(&self) -> Option<DateTime<Utc>> {
        self.found.as_ref().map(|f| f.returned_at)
    }

    /// How long the child has been (or was) missing, from last seen.
    pub fn time_missing(&self, now: DateTime<Utc>) -> Duration {
        self.returned_at().unwrap_or(now) - self.last_seen_at
    }

    /// The reviews recorded on the episode, for the review clocks.
    pub fn reviews_done(&self) -> Vec<ReviewDone> {
        self.notes
            .iter()
            .filter_map(|n| Some(ReviewDone { kind: n.kind.review_kind()?, at: n.at, next_at: n.next_review_at }))
            .collect()
    }

    /// The reviews due now on an open episode (none once the child has returned).
    pub fn reviews_due(&self, rules: &MissingRules, now: DateTime<Utc>) -> Vec<ReviewDue> {
        match self.grading() {
            Some(latest) if self.is_open() => reviews_due(latest, &self.reviews_done(), rules, now),
            _ => Vec::new(),
        }
    }

    /// What the flags need of this episode; `from_kind` is the kind of the place the child went
    /// missing from, which the caller looks up.
    pub fn facts(&self, from_kind: Option<LocationKind>) -> EpisodeFacts {
        EpisodeFacts {
            id: self.id.0,
            person_id: self.person_id,
            reported_at: self.reported_at,
            last_seen_at: self.last_seen_at,
            returned_at: self.returned_at(),
            from_kind,
            out_of_area: self.out_of_area,
            found_in_other_force_area: self.found.as_ref().is_some_and(|f| f.found_in_other_force_area),
        }
    }
}

code_enum!(
    /// What a note on an open episode records.
    NoteKind {
        Action => "action",
        Enquiry => "enquiry",
        Sighting => "sighting",
        LinkedPerson => "linked_person",
        LinkedPlace => "linked_place",
        Notification => "notification",
        SupervisorReview => "supervisor_review",
        InspectorReview => "inspector_review",
    }
);

impl NoteKind {
    /// The review a note records, if it is one.
    pub fn review_kind(self) -> Option<ReviewKind> {
        match self {
            NoteKind::SupervisorReview => Some(ReviewKind::Supervisor),
            NoteKind::InspectorReview => Some(ReviewKind::Inspector),
            _ => None,
        }
    }
}

code_enum!(
    /// Who must be told that a child is missing.
    Recipient {
        ChildrensServices => "childrens_services",
        PlacingAuthority => "placing_authority",
        HostAuthority => "host_authority",
        School => "school",
    }
);

/// An action, enquiry, sighting, linked person or place, or notification on an episode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpisodeNote {
    pub id: EpisodeNoteId,
    pub kind: NoteKind,
    /// When it happened (a sighting's time, a notification's sending).
    pub at: DateTime<Utc>,
    pub text: String,
    /// A linked person (with whom the child may be).
    pub person_id: Option<PersonId>,
    /// A linked place.
    pub location_id: Option<LocationId>,
    /// Who was notified.
    pub recipient: Option<Recipient>,
    /// On a review: when the reviewer set the next review of its kind to be due.
    #[serde(default)]
    pub next_review_at: Option<DateTime<Utc>>,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

/// Found and returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnRecord {
    pub returned_at: DateTime<Utc>,
    pub found_where: String,
    /// By whom the child was found or to whom they returned (police, carer, self).
    pub found_by: String,
    pub with_whom: String,
    /// Injuries or harm seen; empty when none.
    pub harm_seen: String,
    pub disclosed: bool,
    pub found_in_other_force_area: bool,
    /// The police prevention interview (safe and well check), when held.
    pub prevention_interview_at: Option<DateTime<Utc>>,
    pub prevention_interview_notes: String,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

/// The return home interview: offered and held, declined, or not possible, and what the child
/// said. Quality is measured from it (see [`RhiRecord::quality`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RhiRecord {
    pub outcome: RhiOutcome,
    /// Who offered the interview (a name and role); empty on records made before it was asked.
    #[serde(default)]
    pub offered_by: String,
    /// Whether the interviewer was independent of the child's care and of the police, as the
    /// statutory guidance asks; `None` where not recorded (not held, or an older record).
    #[serde(default)]
    pub interviewer_independent: Option<bool>,
    /// Whether the child agreed to what they said being shared; `None` where not recorded.
    #[serde(default)]
    pub consent_to_share: Option<Consent>,
    /// Why it was declined or not possible.
    pub reason: String,
    /// When it was held (or the offer refused).
    pub held_at: DateTime<Utc>,
    /// The agency that held it (an independent provider, say).
    pub held_by: Option<AgencyId>,
    pub in_person: bool,
    pub non_uniformed_officer_present: bool,
    pub where_and_with_whom: String,
    pub push_factors: String,
    pub pull_factors: String,
    pub disclosures: String,
    pub harm: String,
    pub exploitation_indicators: String,
    /// What the child wants, in their words: the child's voice.
    pub child_wants: String,
    pub information_shared_at: Option<DateTime<Utc>>,
    pub follow_up_actions: String,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

code_enum!(
    /// A step towards a return home interview before it is held, declined or found not
    /// possible: the case allocated to a worker, or a try at reaching the child.
    RhiStep {
        Allocated => "allocated",
        Phone => "phone",
        Visit => "visit",
        Message => "message",
        Letter => "letter",
    }
);

/// One step towards the interview, with its time: every return owes its own interview until it
/// is held, declined or not possible, and the tries on the way are the provider's record of
/// trying (and what a board asks when one is late).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RhiAttempt {
    pub step: RhiStep,
    pub at: DateTime<Utc>,
    /// The worker allocated, or who tried.
    pub worker: String,
    /// What happened: "no answer", "carer says she is asleep", "visit booked for Tuesday".
    pub note: String,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

impl RhiRecord {
    /// The five quality measures, given the return it followed and the hours allowed.
    pub fn quality(&self, returned_at: DateTime<Utc>, within_hours: i64) -> RhiQuality {
        RhiQuality {
            within_time: self.outcome == RhiOutcome::Held
                && self.held_at <= returned_at + Duration::hours(within_hours),
            in_person: self.outcome == RhiOutcome::Held && self.in_person,
            child_voice_recorded: !self.child_wants.trim().is_empty(),
            information_shared: self.information_shared_at.is_some(),
            follow_up_actions: !self.follow_up_actions.trim().is_empty(),
        }
    }
}

/// A looked-after child's grab pack (Philomena protocol; the Child Information Form in Wales):
/// what the police need at once when the child goes missing. Photo-free by design; versioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GrabPack {
    pub person_id: Option<PersonId>,
    pub description: String,
    pub distinguishing_features: String,
    pub places_frequented: String,
    pub associates: String,
    pub phone_and_social_media: String,
    pub health_and_medication: String,
    pub risks: String,
    pub updated_by: Option<UserId>,
    pub updated_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// How much of an episode an agency sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EpisodeView {
    /// The whole episode: police, children's services, health, youth justice.
    Full,
    /// The return home interview provider: when the child went missing and returned, and the
    /// RHI, but not the police's grading, enquiries or intelligence.
    RhiWork,
    /// A school or college: only that a pupil was reported missing and returned.
    NoticeOnly,
}

impl EpisodeView {
    /// The view's code, as the API and the audit trail name it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::RhiWork => "rhi_work",
            Self::NoticeOnly => "notice_only",
        }
    }

    /// What an agency of this kind may see of an episode of a child it may see. `None` for an
    /// agency that sees no episodes (the commissioner's office sees figures only).
    pub fn for_agency(kind: AgencyKind) -> Option<Self> {
        match kind {
            AgencyKind::Police | AgencyKind::LocalAuthority | AgencyKind::Health | AgencyKind::YouthJustice => {
                Some(Self::Full)
            }
            AgencyKind::RhiProvider => Some(Self::RhiWork),
            AgencyKind::Education => Some(Self::NoticeOnly),
            AgencyKind::Commissioner => None,
        }
    }

    /// The episode as this view shows it: what the view may not see is removed here, once, so
    /// that no page or API response can show it by mistake.
    pub fn redact(self, mut e: MissingEpisode) -> MissingEpisode {
        if self == Self::Full {
            return e;
        }
        e.gradings.clear();
        e.notes.clear();
        e.circumstances.clear();
        e.police_reference = None;
        e.last_seen_where.clear();
        if let Some(found) = e.found.as_mut() {
            // Where the child was found and with whom is what the interviewer starts from (and
            // what their worklist shows); how they were found and what the police saw is not.
            if self == Self::NoticeOnly {
                found.found_where.clear();
                found.with_whom.clear();
            }
            found.found_by.clear();
            found.harm_seen.clear();
            found.disclosed = false;
            found.prevention_interview_at = None;
            found.prevention_interview_notes.clear();
        }
        if self == Self::NoticeOnly {
            e.rhi = None;
            e.from_location = None;
        }
        e
    }

    /// The narrower of two views: what both allow.
    pub fn narrower(self, other: Self) -> Self {
        let rank = |v: Self| match v {
            Self::Full => 2,
            Self::RhiWork => 1,
            Self::NoticeOnly => 0,
        };
        if rank(other) < rank(self) { other } else { self }
    }

    /// Whether this view records return home interviews.
    pub fn records_rhi(self) -> bool {
        matches!(self, Self::Full | Self::RhiWork)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::missing::episode::{Answer, RiskAnswer};

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z").unwrap().with_timezone(&Utc) + Duration::hours(h)
    }

    fn episode() -> MissingEpisode {
        MissingEpisode {
            id: EpisodeId::new(),
            person_id: PersonId::new(),
            reported_at: t(1),
            last_seen_at: t(0),
            last_seen_where: "Bus station".into(),
            reporter: ReporterKind::ChildrensHomeStaff,
            from_location: Some(LocationId::new()),
            area_id: None,
            circumstances: "Left after an argument".into(),
            police_reference: Some("MOR-2026-0001".into()),
            officer_in_charge: "PC 2211 Dafydd Rees".into(),
            out_of_area: true,
            gradings: vec![Grading {
                grade: RiskGrade::High,
                rationale: "Known to an older male".into(),
                answers: vec![RiskAnswer { question: "with_whom".into(), answer: Answer::Yes }],
                graded_at: t(1),
                graded_by: None,
                rules_version: "default-2026".into(),
                naira_reason: None,
            }],
            notes: vec![EpisodeNote {
                id: EpisodeNoteId::new(),
                kind: NoteKind::Sighting,
                at: t(3),
                text: "Seen at the station with an adult".into(),
                person_id: None,
                location_id: None,
                recipient: None,
                next_review_at: None,
                recorded_by: None,
                recorded_at: t(3),
            }],
            found: Some(ReturnRecord {
                returned_at: t(20),
                found_where: "A flat in town".into(),
                found_by: "police".into(),
                with_whom: "two adults".into(),
                harm_seen: "bruising".into(),
                disclosed: true,
                found_in_other_force_area: true,
                prevention_interview_at: Some(t(21)),
                prevention_interview_notes: "Spoke of a debt".into(),
                recorded_by: None,
                recorded_at: t(20),
            }),
            rhi: Some(rhi(t(50))),
            recorded_by: None,
            owner: crate::ids::AgencyId::default(),
            imported: false,
            version: 3,
        }
    }

    fn rhi(held_at: DateTime<Utc>) -> RhiRecord {
        RhiRecord {
            outcome: RhiOutcome::Held,
            offered_by: "Pathways duty worker".into(),
            interviewer_independent: Some(true),
            consent_to_share: Some(Consent::Given),
            reason: String::new(),
            held_at,
            held_by: None,
            in_person: true,
            non_uniformed_officer_present: false,
            where_and_with_whom: "At a friend's".into(),
            push_factors: "Rows at home".into(),
            pull_factors: "Older friends".into(),
            disclosures: String::new(),
            harm: String::new(),
            exploitation_indicators: "New phone".into(),
            child_wants: "To see my sister more".into(),
            information_shared_at: Some(held_at),
            follow_up_actions: String::new(),
            recorded_by: None,
            recorded_at: held_at,
        }
    }

    #[test]
    fn the_current_grade_is_the_latest_and_time_missing_runs_from_last_seen() {
        let mut e = episode();
        assert_eq!(e.grade(), Some(RiskGrade::High));
        e.gradings.push(Grading { grade: RiskGrade::Medium, ..e.gradings[0].clone() });
        assert_eq!(e.grade(), Some(RiskGrade::Medium));
        assert_eq!(e.time_missing(t(100)), Duration::hours(20));
        e.found = None;
        assert!(e.is_open());
        assert_eq!(e.time_missing(t(100)), Duration::hours(100));
    }

    #[test]
    fn the_rhi_provider_sees_the_rhi_but_no_police_intelligence() {
        let seen = EpisodeView::for_agency(AgencyKind::RhiProvider).unwrap().redact(episode());
        assert!(seen.gradings.is_empty() && seen.notes.is_empty());
        assert_eq!((seen.circumstances.as_str(), seen.police_reference.as_deref()), ("", None));
        let found = seen.found.as_ref().unwrap();
        assert_eq!((found.returned_at, found.harm_seen.as_str(), found.disclosed), (t(20), "", false));
        assert_eq!((found.found_by.as_str(), found.prevention_interview_notes.as_str()), ("", ""));
        // Where and with whom the child was found: what the interview starts from.
        assert_eq!((found.found_where.as_str(), found.with_whom.as_str()), ("A flat in town", "two adults"));
        assert!(seen.rhi.is_some());
    }

    #[test]
    fn a_school_sees_only_that_a_pupil_went_missing_and_returned() {
        let seen = EpisodeView::for_agency(AgencyKind::Education).unwrap().redact(episode());
        assert!(seen.rhi.is_none() && seen.gradings.is_empty() && seen.from_location.is_none());
        let found = seen.found.as_ref().unwrap();
        assert_eq!((found.found_where.as_str(), found.with_whom.as_str()), ("", ""));
        assert_eq!((seen.reported_at, seen.returned_at()), (t(1), Some(t(20))));
        assert_eq!(EpisodeView::for_agency(AgencyKind::Commissioner), None);
        let whole = episode();
        assert_eq!(EpisodeView::Full.redact(whole.clone()), whole);
    }

    #[test]
    fn rhi_quality_measures_time_presence_voice_sharing_and_follow_up() {
        let returned = t(20);
        let q = rhi(returned + Duration::hours(71)).quality(returned, 72);
        assert_eq!(
            (q.within_time, q.in_person, q.child_voice_recorded, q.information_shared),
            (true, true, true, true)
        );
        assert!(!q.follow_up_actions);
        assert_eq!(q.score(), 4);
        let late = rhi(returned + Duration::hours(73)).quality(returned, 72);
        assert!(!late.within_time);
        let declined = RhiRecord { outcome: RhiOutcome::Declined, ..rhi(returned + Duration::hours(2)) };
        assert!(!declined.quality(returned, 72).within_time);
    }
}
