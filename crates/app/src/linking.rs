//! One child across agencies, once for every adapter: the possible links an import could not
//! decide, and moving an agency's own record of a person (unlink to a person of its own, link
//! back). Linking, rejecting and unlinking are edits of the people concerned, decided as such;
//! a record or review the caller may not see is `NotFound`, audited. Nothing is ever deleted.

use crate::access::{Caller, Refusal, for_role};
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use haven_domain::agency::AgencyKind;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{LinkReviewId, PersonId, SourceRecordId};
use haven_domain::import::person_details_from_source;
use haven_domain::person::Person;
use haven_domain::policy::{Action, Target};
use haven_domain::sharing::RecordClass;
use haven_store::{LinkReview, ReviewDecision, SourceRecord, StoreError};

/// A record moved out of one person into a new person of its own.
#[derive(Debug, Clone, Copy)]
pub struct Unlinked {
    pub record: SourceRecordId,
    pub from: PersonId,
    pub to: PersonId,
}

impl<'a> Caller<'a> {
    /// Whether the caller may change `person`'s record (and so move agencies' records to or from
    /// it). An unknown person is `false`.
    pub async fn may_edit(&self, person: PersonId) -> Result<bool, StoreError> {
        let holders = match self.store().person_holders(person).await {
            Err(StoreError::NotFound) => return Ok(false),
            other => other?,
        };
        Ok(self.may(Action::EditPerson, Target::Person { holders: &holders, sharing: self.sharing() }))
    }

    /// The first person a review concerns that the caller may not change (the candidate, and
    /// the person the agency's record belongs to now), if any.
    async fn not_editable(&self, r: &LinkReview) -> Result<Option<PersonId>, StoreError> {
        for person in std::iter::once(r.candidate.id).chain(r.source.person_id) {
            if !self.may_edit(person).await? {
                return Ok(Some(person));
            }
        }
        Ok(None)
    }

    /// The possible links waiting, oldest first, that the caller may decide: the store keeps
    /// to agencies that could share, then each is kept only if the caller may change both
    /// people it concerns. The listing is audited with its count.
    pub async fn pending_reviews(&self, limit: u32, purpose: &str) -> Result<Vec<LinkReview>, Refusal> {
        for_role(&self.actor(), Action::CreatePerson)?;
        let mut reviews = Vec::new();
        for r in self.store().pending_reviews(&self.sharing().listing_filter(), limit).await? {
            if self.not_editable(&r).await?.is_none() {
                reviews.push(r);
            }
        }
        let event =
            self.event(AuditAction::ReviewList, purpose).detail(Detail::Count { n: reviews.len(), of: "pending" });
        self.store().append_audit(&event).await?;
        Ok(reviews)
    }

    /// A possible link, to decide: read (audited on the candidate's trail) only if the caller
    /// may change both people it concerns.
    pub async fn link_review(&self, id: LinkReviewId, purpose: &str) -> Result<LinkReview, Refusal> {
        let r = self.review_to_decide(id, purpose).await?;
        let event = self.event(AuditAction::PersonView, purpose).person(r.candidate.id).detail(review_detail(&r));
        self.store().append_audit(&event).await?;
        Ok(r)
    }

    async fn review_to_decide(&self, id: LinkReviewId, purpose: &str) -> Result<LinkReview, Refusal> {
        for_role(&self.actor(), Action::CreatePerson)?;
        let r = self.store().link_review(id).await?.ok_or(Refusal::NotFound)?;
        if let Some(person) = self.not_editable(&r).await? {
            let event =
                self.event(AuditAction::ReviewLink, purpose).person(person).detail(Detail::Denied("not-shared"));
            self.store().append_audit(&event).await?;
            return Err(Refusal::NotFound);
        }
        Ok(r)
    }

    /// Links the agency's record to the candidate, or rejects the link. A review decided by
    /// someone else first is `Conflict`.
    pub async fn decide_review(
        &self,
        id: LinkReviewId,
        decision: ReviewDecision,
        purpose: &str,
    ) -> Result<LinkReview, Failure> {
        let r = self.review_to_decide(id, purpose).await?;
        let action = match decision {
            ReviewDecision::Link => AuditAction::ReviewLink,
            ReviewDecision::Reject => AuditAction::ReviewReject,
        };
        let event = self.event(action, purpose).person(r.candidate.id).detail(review_detail(&r));
        let event = AuditEvent { subject_kind: SubjectKind::LinkReview, subject_id: Some(r.id.0), ..event };
        self.store().decide_review(r.id, decision, Some(self.actor().user_id), &event).await?;
        Ok(r)
    }

    /// Person `id`'s record (for its name) and each agency's record of them as sent, where that
    /// agency shares identity with the caller's; and whether the caller may move them.
    pub async fn source_records(
        &self,
        id: PersonId,
        purpose: &str,
    ) -> Result<(Person, Vec<SourceRecord>, bool), Refusal> {
        let (person, access) = self.read_person(id, purpose).await?;
        let records = self
            .store()
            .person_source_records(id)
            .await?
            .into_iter()
            .filter(|r| self.sharing().sees(RecordClass::Identity, r.agency_id, &access.holders))
            .collect();
        let can_move = for_role(&self.actor(), Action::CreatePerson).is_ok() && self.may_edit(id).await?;
        Ok((person, records, can_move))
    }

    /// The source record and the person it belongs to, if the caller may change that person
    /// now. A record the caller may not see is one that does not exist (audited); one whose
    /// import was rolled back belongs to no one: nothing to move.
    async fn record_to_move(
        &self,
        id: SourceRecordId,
        action: AuditAction,
        purpose: &str,
    ) -> Result<(SourceRecord, PersonId), Refusal> {
        for_role(&self.actor(), Action::CreatePerson)?;
        let r = self.store().source_record(id).await?.ok_or(Refusal::NotFound)?;
        let Some(person) = r.person_id else { return Err(Refusal::NotFound) };
        let holders = self.store().person_holders(person).await?;
        if !self.sharing().sees(RecordClass::Identity, r.agency_id, &holders) {
            let refused = self.event(action, purpose).person(person).detail(Detail::Denied("not-shared"));
            self.store().append_audit(&refused).await?;
            return Err(Refusal::NotFound);
        }
        if self.may_edit(person).await? { Ok((r, person)) } else { Err(Refusal::Forbidden("not-a-holder")) }
    }

    /// Moves an agency's record out of the person it is linked to, into a new person made
    /// from the record.
    pub async fn unlink_source_record(&self, id: SourceRecordId, purpose: &str) -> Result<Unlinked, Failure> {
        let (r, from) = self.record_to_move(id, AuditAction::SourceUnlink, purpose).await?;
        // The record was checked when it was imported; one that no longer makes a person (a
        // date of birth now over the age limit, say) is refused by its field.
        let agencies = self.store().agencies().await?;
        let authority = |code: &str| {
            agencies
                .iter()
                .find(|a| a.kind == AgencyKind::LocalAuthority && a.code.as_str().eq_ignore_ascii_case(code))
                .map(|a| a.id)
        };
        let details = person_details_from_source(&r.fields, uk_today(), &authority)
            .map_err(|_| Failure::Invalid(haven_domain::Invalid::one("source_record", "not-a-person")))?;
        let person = Person::new(details, r.agency_id, None, now());
        let audit = self.event(AuditAction::SourceUnlink, purpose).person(from).detail(Detail::Link {
            source: r.id.0,
            from: Some(from),
            to: person.id,
        });
        let audit = AuditEvent { subject_kind: SubjectKind::SourceRecord, subject_id: Some(r.id.0), ..audit };
        self.store().unlink_source_record(r.id, &person, &audit).await?;
        Ok(Unlinked { record: r.id, from, to: person.id })
    }

    /// Moves an agency's record to person `to`, whom the caller must also be able to change.
    pub async fn link_source_record(&self, id: SourceRecordId, to: PersonId, purpose: &str) -> Result<(), Failure> {
        let (r, from) = self.record_to_move(id, AuditAction::SourceLink, purpose).await?;
        if !self.sees(to).await? {
            return Err(Failure::NotFound);
        }
        if !self.may_edit(to).await? {
            return Err(Failure::Forbidden("not-a-holder"));
        }
        let audit = self.event(AuditAction::SourceLink, purpose).person(to).detail(Detail::Link {
            source: r.id.0,
            from: Some(from),
            to,
        });
        let audit = AuditEvent { subject_kind: SubjectKind::SourceRecord, subject_id: Some(r.id.0), ..audit };
        self.store().link_source_record(r.id, to, &audit).await?;
        Ok(())
    }
}

fn review_detail(r: &LinkReview) -> Detail {
    Detail::Review { review: r.id.0, source: r.source.id.0, probability: r.probability }
}
