//! Warning markers and NRM referrals, each action once for every adapter. A marker or referral
//! is the fact of the agency whose user recorded it: a partner sees it where an agreement in
//! force shares the `warning_marker` (or `nrm`) class with the partner's kind (and role), and
//! only its owner reviews it or records decisions. A supervisor of any agency that sees a
//! child's marker may approve it, never the user who raised it. Every value is checked by field
//! all at once, and each change is written with its audit event in one transaction; refusals
//! are audited.

use crate::access::{Caller, Refusal, for_role};
use crate::admin::date;
use crate::clock::{now, uk_today};
use crate::failure::{Failure, with_problems};
use crate::references::resolve_agency;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, LocationId, MarkerId, NrmId, PersonId};
use haven_domain::location::Location;
use haven_domain::marker::{self, Marker, MarkerSubject, NewMarker, Raising, ReviewInput, SubjectFacts};
use haven_domain::nrm::{self, DecisionInput, NewReferral, NrmReferral};
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::sharing::RecordClass;
use haven_store::{MarkerListed, StoreError};
use std::collections::HashMap;

/// A new marker as typed. Dates are `YYYY-MM-DD`; `source_agency` an agency's code (blank: the
/// caller's own agency).
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkerForm<'a> {
    pub marker_type: &'a str,
    pub reason: &'a str,
    pub source_agency: &'a str,
    pub source_note: &'a str,
    pub starts_on: &'a str,
    pub review_on: &'a str,
}

/// A review as typed: `outcome` `keep` or `end`; `reviewed_on` blank is today; `next_review_on`
/// blank when ending.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewForm<'a> {
    pub outcome: &'a str,
    pub reviewed_on: &'a str,
    pub next_review_on: &'a str,
    pub note: &'a str,
}

/// A referral as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferralForm<'a> {
    pub first_responder: &'a str,
    pub first_responder_note: &'a str,
    pub referred_on: &'a str,
    pub exploitation: &'a str,
}

/// A decision as typed: `stage` `reasonable_grounds` or `conclusive_grounds`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecisionForm<'a> {
    pub stage: &'a str,
    pub outcome: &'a str,
    pub decided_on: &'a str,
}

/// A person's markers as the caller sees them, and what the caller may do with each.
#[derive(Debug, Clone)]
pub struct PersonMarkers {
    pub holders: Vec<AgencyId>,
    /// Those the caller may see, newest start first.
    pub markers: Vec<Marker>,
    pub may_raise: bool,
}

fn blank_today(raw: &str) -> Result<chrono::NaiveDate, &'static str> {
    if raw.trim().is_empty() { Ok(uk_today()) } else { date(raw) }
}

fn optional(raw: &str) -> Result<Option<chrono::NaiveDate>, &'static str> {
    if raw.trim().is_empty() { Ok(None) } else { date(raw).map(Some) }
}

impl<'a> Caller<'a> {
    fn marker_event(&self, action: AuditAction, purpose: &str, m: &Marker) -> AuditEvent {
        let event = self.event(action, purpose);
        let event = match m.subject {
            MarkerSubject::Person(p) => event.person(p),
            MarkerSubject::Location(_) => event,
        };
        event.subject(SubjectKind::Marker, m.id.0)
    }

    /// The facts the marker rules need about a person (the read audited).
    async fn facts_of(&self, person: PersonId, purpose: &str) -> Result<SubjectFacts, StoreError> {
        let read = self.event(AuditAction::PersonView, purpose).person(person);
        Ok(SubjectFacts::of_person(&self.store().person(person, &read).await?.details))
    }

    async fn check_marker(
        &self,
        subject: MarkerSubject,
        facts: SubjectFacts,
        form: &MarkerForm<'_>,
    ) -> Result<Marker, Failure> {
        let mut problems = Invalid::default();
        let source = match resolve_agency(self.store(), "source_agency", form.source_agency, &mut problems).await? {
            None if form.source_agency.trim().is_empty() => Some(self.sharing().agency()),
            other => other,
        };
        let new = NewMarker {
            marker_type: form.marker_type,
            reason: form.reason,
            source_agency: source,
            source_note: form.source_note,
            starts_on: date(form.starts_on),
            review_on: date(form.review_on),
        };
        let by =
            Raising { owner: self.sharing().agency(), by: Some(self.actor().user_id), at: now(), today: uk_today() };
        let raised = marker::raise(subject, facts, &new, by);
        // An unknown source agency is named alongside the rule's own problems, once.
        let raised = match raised {
            Err(mut e) if source.is_none() && !form.source_agency.trim().is_empty() => {
                e.0.retain(|p| p.field != "source_agency");
                Err(e)
            }
            other => other,
        };
        with_problems(raised, problems)
    }

    /// Raises a marker on a person the caller sees. Refused by field (`marker_type`:
    /// `under-age-of-criminal-responsibility`, `review_on`: `review-more-than-12-months`…),
    /// nothing written. On a child it waits for a supervisor's approval.
    pub async fn raise_person_marker(
        &self,
        person: PersonId,
        form: &MarkerForm<'_>,
        purpose: &str,
    ) -> Result<Marker, Failure> {
        self.person(person, Action::RaiseMarker, purpose).await?;
        let facts = self.facts_of(person, purpose).await?;
        let m = self.check_marker(MarkerSubject::Person(person), facts, form).await?;
        let audit = self
            .marker_event(AuditAction::MarkerRaise, purpose, &m)
            .detail(Detail::Marker { kind: m.marker_type, pending: m.needs_approval });
        self.store().raise_marker(&m, &audit).await?;
        tracing::info!(marker_id = %m.id, "marker raised on a person");
        Ok(m)
    }

    /// Raises a marker on a place; an unknown place is `NotFound`.
    pub async fn raise_location_marker(
        &self,
        location: LocationId,
        form: &MarkerForm<'_>,
        purpose: &str,
    ) -> Result<Marker, Failure> {
        for_role(&self.actor(), Action::RaiseMarker)?;
        self.store().location(location).await?.ok_or(Failure::NotFound)?;
        let m = self.check_marker(MarkerSubject::Location(location), SubjectFacts::Place, form).await?;
        let audit = self
            .marker_event(AuditAction::MarkerRaise, purpose, &m)
            .detail(Detail::Marker { kind: m.marker_type, pending: false });
        self.store().raise_marker(&m, &audit).await?;
        tracing::info!(marker_id = %m.id, "marker raised on a place");
        Ok(m)
    }

    /// A person's markers that the caller may see (the read audited).
    pub async fn person_markers(&self, person: PersonId, purpose: &str) -> Result<PersonMarkers, Refusal> {
        let access = self.person(person, Action::ViewMarkers, purpose).await?;
        let read = self.event(AuditAction::MarkerList, purpose).person(person);
        let markers = self.store().person_markers(person, &read).await?;
        let markers = markers.into_iter().filter(|m| self.sees_marker(m.owner, Some(&access.holders))).collect();
        let target = Target::Person { holders: &access.holders, sharing: self.sharing() };
        let may_raise = self.may(Action::RaiseMarker, target);
        Ok(PersonMarkers { holders: access.holders, markers, may_raise })
    }

    /// A place and the markers on it that the caller may see (the read audited).
    pub async fn location_markers(
        &self,
        location: LocationId,
        purpose: &str,
    ) -> Result<(Location, Vec<Marker>), Refusal> {
        for_role(&self.actor(), Action::ViewMarkers)?;
        let place = self.store().location(location).await?.ok_or(Refusal::NotFound)?;
        let read = self.event(AuditAction::MarkerList, purpose).subject(SubjectKind::Location, location.0);
        let markers = self.store().location_markers(location, &read).await?;
        Ok((place, markers.into_iter().filter(|m| self.sees_marker(m.owner, None)).collect()))
    }

    fn sees_marker(&self, owner: AgencyId, holders: Option<&[AgencyId]>) -> bool {
        let target = Target::Owned { class: RecordClass::WarningMarker, owner, holders, sharing: self.sharing() };
        can(&self.actor(), Action::ViewMarkers, target).is_allowed()
    }

    /// Marker `id` with its person's holders, if the caller may do `action` to it; a hidden
    /// marker is `NotFound` (audited), like an unknown one.
    async fn marker_for(&self, id: MarkerId, action: Action, purpose: &str) -> Result<Marker, Refusal> {
        let m = self.store().marker(id).await?.ok_or(Refusal::NotFound)?;
        let holders = match m.subject {
            MarkerSubject::Person(p) => Some(self.store().person_holders(p).await?),
            MarkerSubject::Location(_) => None,
        };
        let target = Target::Owned {
            class: RecordClass::WarningMarker,
            owner: m.owner,
            holders: holders.as_deref(),
            sharing: self.sharing(),
        };
        let decision = can(&self.actor(), action, target);
        if decision == Decision::Allow {
            return Ok(m);
        }
        let event = self.marker_event(audit_action(action), purpose, &m);
        Err(self.refuse(decision, action, event).await)
    }

    /// Approves a child's marker: by a supervisor or inspector of an agency that sees it, not
    /// its raiser (`marker: approver-is-raiser`). `version`, when sent, must be the marker's.
    pub async fn approve_marker(&self, id: MarkerId, version: Option<i64>, purpose: &str) -> Result<Marker, Failure> {
        let mut m = self.marker_for(id, Action::ApproveMarker, purpose).await?;
        if version.is_some_and(|v| v != m.version) {
            return Err(Failure::Conflict);
        }
        let approval = marker::approve(&m, self.actor().user_id, self.sharing().agency(), now())?;
        let audit = self.marker_event(AuditAction::MarkerApprove, purpose, &m);
        m.version = self.store().approve_marker(id, m.version, &approval, &audit).await?;
        m.approval = Some(approval);
        tracing::info!(marker_id = %id, "marker approved");
        Ok(m)
    }

    /// Reviews a marker its agency owns: keeps it with the next review date or ends it.
    pub async fn review_marker(
        &self,
        id: MarkerId,
        version: Option<i64>,
        form: &ReviewForm<'_>,
        purpose: &str,
    ) -> Result<Marker, Failure> {
        let m = self.marker_for(id, Action::ReviewMarker, purpose).await?;
        if version.is_some_and(|v| v != m.version) {
            return Err(Failure::Conflict);
        }
        let facts = match m.subject {
            MarkerSubject::Person(p) => self.facts_of(p, purpose).await?,
            MarkerSubject::Location(_) => SubjectFacts::Place,
        };
        let input = ReviewInput {
            outcome: form.outcome,
            reviewed_on: blank_today(form.reviewed_on),
            next_review_on: optional(form.next_review_on),
            note: form.note,
        };
        let review = marker::review(&m, facts, &input, Some(self.actor().user_id), now(), uk_today())?;
        let outcome = review.outcome;
        let expected = m.version;
        let mut m = marker::apply_review(m, review);
        let audit = self.marker_event(AuditAction::MarkerReview, purpose, &m).detail(Detail::MarkerReview(outcome));
        m.version = self.store().review_marker(&m, expected, &audit).await?;
        tracing::info!(marker_id = %id, "marker reviewed");
        Ok(m)
    }

    /// Open markers whose review is overdue today, of every agency that shares them with the
    /// caller, each decided on its own; the listing audited.
    pub async fn overdue_markers(&self, purpose: &str) -> Result<Vec<MarkerListed>, Refusal> {
        for_role(&self.actor(), Action::ViewMarkers)?;
        let owners = self.sharing().owners_shared(RecordClass::WarningMarker);
        let audit = self.event(AuditAction::MarkerList, purpose).detail(Detail::Code("overdue"));
        let listed = self.store().overdue_markers(uk_today(), &owners, &audit).await?;
        Ok(listed
            .into_iter()
            .filter(|row| {
                let holders = match row.marker.subject {
                    MarkerSubject::Person(_) => Some(row.holders.as_slice()),
                    MarkerSubject::Location(_) => None,
                };
                self.sees_marker(row.marker.owner, holders)
            })
            .collect())
    }

    /// The open markers of a cohort at once, as the caller sees them, by person: what the
    /// priority list reads. `people` gives each person with their holders (from the listing
    /// the caller has already read and audited); people the caller may not see get nothing.
    /// Not audited here: the listing that asks is.
    pub async fn open_markers_of(
        &self,
        people: &[(PersonId, Vec<AgencyId>)],
    ) -> Result<HashMap<PersonId, Vec<Marker>>, StoreError> {
        let holders: HashMap<PersonId, &[AgencyId]> = people.iter().map(|(p, h)| (*p, h.as_slice())).collect();
        let ids: Vec<PersonId> = people.iter().map(|(p, _)| *p).collect();
        let mut out: HashMap<PersonId, Vec<Marker>> = HashMap::new();
        for m in self.store().open_markers_of(&ids).await? {
            let MarkerSubject::Person(p) = m.subject else { continue };
            let Some(h) = holders.get(&p) else { continue };
            if self.sees_marker(m.owner, Some(h)) {
                out.entry(p).or_default().push(m);
            }
        }
        Ok(out)
    }

    /// Records a child's NRM referral. Refused by field (`person_id: not-a-child`,
    /// `referred_on: date-in-future`…), nothing written.
    pub async fn refer_nrm(
        &self,
        person: PersonId,
        form: &ReferralForm<'_>,
        purpose: &str,
    ) -> Result<NrmReferral, Failure> {
        self.person(person, Action::RecordNrm, purpose).await?;
        let facts = self.facts_of(person, purpose).await?;
        let new = NewReferral {
            first_responder: form.first_responder,
            first_responder_note: form.first_responder_note,
            referred_on: date(form.referred_on),
            exploitation: form.exploitation,
        };
        let agency = self.sharing().agency();
        let referral = nrm::refer(person, facts, &new, agency, Some(self.actor().user_id), now(), uk_today())?;
        let audit = self
            .event(AuditAction::NrmRefer, purpose)
            .person(person)
            .subject(SubjectKind::Nrm, referral.id.0)
            .detail(Detail::Nrm(referral.exploitation));
        self.store().refer_nrm(&referral, &audit).await?;
        tracing::info!(nrm_id = %referral.id, "NRM referral recorded");
        Ok(referral)
    }

    /// A person's NRM referrals that the caller may see (the read audited), and whether the
    /// caller may record one.
    pub async fn person_nrm(&self, person: PersonId, purpose: &str) -> Result<(Vec<NrmReferral>, bool), Refusal> {
        let access = self.person(person, Action::ViewNrm, purpose).await?;
        let read = self.event(AuditAction::NrmList, purpose).person(person);
        let all = self.store().person_nrm(person, &read).await?;
        let seen = all
            .into_iter()
            .filter(|r| {
                let target = Target::Owned {
                    class: RecordClass::Nrm,
                    owner: r.owner,
                    holders: Some(&access.holders),
                    sharing: self.sharing(),
                };
                can(&self.actor(), Action::ViewNrm, target).is_allowed()
            })
            .collect();
        let target = Target::Person { holders: &access.holders, sharing: self.sharing() };
        Ok((seen, self.may(Action::RecordNrm, target)))
    }

    /// Records a reasonable- or conclusive-grounds decision on a referral the caller's agency
    /// owns. Refused by field (`decided_on: decision-before-referral`,
    /// `decided_on: conclusive-before-reasonable`, `stage: needs-reasonable-grounds`…).
    /// Referral `id`, if the caller may record its decisions (refused as a decision would be).
    async fn nrm_to_decide(&self, id: NrmId, purpose: &str) -> Result<NrmReferral, Refusal> {
        let referral = self.store().nrm(id).await?.ok_or(Refusal::NotFound)?;
        let holders = self.store().person_holders(referral.person_id).await?;
        let target = Target::Owned {
            class: RecordClass::Nrm,
            owner: referral.owner,
            holders: Some(&holders),
            sharing: self.sharing(),
        };
        let decision = can(&self.actor(), Action::RecordNrm, target);
        if decision != Decision::Allow {
            let event =
                self.event(AuditAction::NrmDecide, purpose).person(referral.person_id).subject(SubjectKind::Nrm, id.0);
            return Err(self.refuse(decision, Action::RecordNrm, event).await);
        }
        Ok(referral)
    }

    /// What the form to record a decision on referral `id` shows: the referral and the child's
    /// name (the read audited); refused as the decision itself would be.
    pub async fn nrm_decision_form(&self, id: NrmId, purpose: &str) -> Result<(NrmReferral, String), Refusal> {
        let referral = self.nrm_to_decide(id, purpose).await?;
        let read = self.event(AuditAction::PersonView, purpose).person(referral.person_id);
        let name = self.store().person(referral.person_id, &read).await?.details.full_name();
        Ok((referral, name))
    }

    /// What the form to review marker `id` shows: the marker and who or what it is on (a
    /// person's read audited); refused as the review itself would be.
    pub async fn marker_review_form(&self, id: MarkerId, purpose: &str) -> Result<(Marker, String), Refusal> {
        let m = self.marker_for(id, Action::ReviewMarker, purpose).await?;
        let on = match m.subject {
            MarkerSubject::Person(p) => {
                let read = self.event(AuditAction::PersonView, purpose).person(p);
                self.store().person(p, &read).await?.details.full_name()
            }
            MarkerSubject::Location(l) => {
                self.store().location(l).await?.map(|l| l.name.unwrap_or(l.address)).unwrap_or_default()
            }
        };
        Ok((m, on))
    }

    pub async fn decide_nrm(
        &self,
        id: NrmId,
        version: Option<i64>,
        form: &DecisionForm<'_>,
        purpose: &str,
    ) -> Result<NrmReferral, Failure> {
        let referral = self.nrm_to_decide(id, purpose).await?;
        if version.is_some_and(|v| v != referral.version) {
            return Err(Failure::Conflict);
        }
        let input = DecisionInput { stage: form.stage, outcome: form.outcome, decided_on: date(form.decided_on) };
        let mut decided = nrm::decide(&referral, &input, uk_today())?;
        let (stage, outcome) =
            match (decided.conclusive_grounds, referral.conclusive_grounds, decided.reasonable_grounds) {
                (Some(cg), None, _) => (nrm::Stage::ConclusiveGrounds, cg.outcome),
                (_, _, Some(rg)) => (nrm::Stage::ReasonableGrounds, rg.outcome),
                _ => return Err(Failure::Invalid(Invalid::one("stage", "required"))),
            };
        let audit = self
            .event(AuditAction::NrmDecide, purpose)
            .person(referral.person_id)
            .subject(SubjectKind::Nrm, id.0)
            .detail(Detail::NrmDecision { stage, outcome });
        decided.version = self.store().decide_nrm(&decided, referral.version, &audit).await?;
        tracing::info!(nrm_id = %id, "NRM decision recorded");
        Ok(decided)
    }
}

/// The audit action a refusal of a marker action is recorded under.
fn audit_action(action: Action) -> AuditAction {
    match action {
        Action::ApproveMarker => AuditAction::MarkerApprove,
        Action::ReviewMarker => AuditAction::MarkerReview,
        _ => AuditAction::MarkerList,
    }
}
