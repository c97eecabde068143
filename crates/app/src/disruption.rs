//! Disruption activity under the 4Ps, once for every adapter (issue 16): recording a tactic
//! against a person of concern or a place, changing its outcome, and reading it by person, by
//! place and by area. A disruption is the fact of the agency whose user recorded it: a partner
//! sees it where an agreement in force shares the `disruption` class with the partner's kind
//! (and role); only its owner changes its outcome; only the police and local authorities'
//! case workers record it; `scrutiny` and administrators never read it. An unknown person or
//! place and one the caller may not see are answered alike; every refusal is audited.

use crate::access::{Caller, Refusal, for_role};
use crate::admin::date;
use crate::clock::{now, uk_today};
use crate::failure::{Failure, with_problems};
use crate::references::{resolve_agency, resolve_area};
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::disruption::{self, Disruption, DisruptionSubject, NewDisruption, OutcomeInput, Recording, Tactic};
use haven_domain::ids::{DisruptionId, LocationId, MaceActionId, MeetingId, PersonId};
use haven_domain::mace::FourP;
use haven_domain::mace::access::{Right, decide};
use haven_domain::marker::SubjectFacts;
use haven_domain::policy::{Action, Decision, Target, can};
use haven_domain::sharing::RecordClass;
use haven_store::{DisruptionListed, DisruptionQuery};

/// A disruption as typed. Ids are as the pages and the API show them; dates `YYYY-MM-DD`;
/// `officer_agency` an agency's code (blank: the caller's own agency); `four_p` blank for the
/// tactic's usual one.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisruptionForm<'a> {
    /// The area's code.
    pub area: &'a str,
    /// The person it is against, or (not both) the place.
    pub person: &'a str,
    pub location: &'a str,
    /// The child it protects.
    pub child: &'a str,
    pub meeting: &'a str,
    pub action: &'a str,
    pub four_p: &'a str,
    pub tactic: &'a str,
    pub done_on: &'a str,
    pub issued_on: &'a str,
    pub expires_on: &'a str,
    pub outcome: &'a str,
    pub outcome_note: &'a str,
    pub officer_name: &'a str,
    pub officer_agency: &'a str,
}

/// What a listing asks for, as typed: each part optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisruptionFilter<'a> {
    pub person: &'a str,
    pub location: &'a str,
    /// The area's code.
    pub area: &'a str,
    pub four_p: &'a str,
    pub tactic: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

/// Whom or what a new disruption is against, as the form's heading names it.
#[derive(Debug, Clone)]
pub struct DisruptionTarget {
    pub subject: DisruptionSubject,
    /// The person's name, or the place's name and address.
    pub label: String,
    /// The place's area, to offer first.
    pub area: Option<haven_domain::ids::AreaId>,
    /// What the rules need to know of them.
    pub facts: SubjectFacts,
}

fn optional_date(raw: &str) -> Result<Option<chrono::NaiveDate>, &'static str> {
    if raw.trim().is_empty() { Ok(None) } else { date(raw).map(Some) }
}

/// An id typed into `field`, if any; a malformed one is the field's problem.
fn optional_id<T: std::str::FromStr<Err = &'static str>>(field: &str, raw: &str, problems: &mut Invalid) -> Option<T> {
    if raw.trim().is_empty() { None } else { problems.check(field, raw.parse()) }
}

fn place_label(l: &haven_domain::location::Location) -> String {
    match &l.name {
        Some(name) => format!("{name}, {}", l.address),
        None => l.address.clone(),
    }
}

impl Caller<'_> {
    fn disruption_event(&self, action: AuditAction, purpose: &str, d: &Disruption) -> AuditEvent {
        let event = self.event(action, purpose);
        let event = match d.subject {
            DisruptionSubject::Person(p) => event.person(p),
            DisruptionSubject::Location(_) => event,
        };
        event.subject(SubjectKind::Disruption, d.id.0)
    }

    /// The facts the rules need about a person (the read audited).
    async fn disruption_facts(&self, person: PersonId, purpose: &str) -> Result<(SubjectFacts, String), Failure> {
        let read = self.event(AuditAction::PersonView, purpose).person(person);
        let p = self.store().person(person, &read).await?;
        Ok((SubjectFacts::of_person(&p.details), p.details.full_name()))
    }

    /// Refuses (audited) unless the caller may record disruption for their own agency at all:
    /// their role, and their agency's kind (police and local authorities). `about` is the place
    /// the refusal names, if any.
    async fn may_record_here(&self, about: Option<LocationId>, purpose: &str) -> Result<(), Failure> {
        let own = self.sharing().agency();
        let target =
            Target::Owned { class: RecordClass::Disruption, owner: own, holders: None, sharing: self.sharing() };
        let decision = can(&self.actor(), Action::RecordDisruption, target);
        if decision == Decision::Allow {
            return Ok(());
        }
        let mut event = self.event(AuditAction::DisruptionRecord, purpose);
        if let Some(l) = about {
            event = event.subject(SubjectKind::Location, l.0);
        }
        Err(self.refuse(decision, Action::RecordDisruption, event).await.into())
    }

    /// Decides whether the caller may record disruption against a person they see (as the
    /// policy decides on the person: one they may not see is answered as one that does not
    /// exist, whatever their role) or a place (as it decides on a new record of their agency).
    /// An unknown person or place is `NotFound`; refusals are audited.
    pub async fn disruption_target(
        &self,
        person: Option<PersonId>,
        location: Option<LocationId>,
        purpose: &str,
    ) -> Result<DisruptionTarget, Failure> {
        match (person, location) {
            (Some(p), None) => {
                self.person(p, Action::RecordDisruption, purpose).await?;
                let (facts, label) = self.disruption_facts(p, purpose).await?;
                Ok(DisruptionTarget { subject: DisruptionSubject::Person(p), label, area: None, facts })
            }
            (None, Some(l)) => {
                let place = self.store().location(l).await?.ok_or(Failure::NotFound)?;
                self.may_record_here(Some(l), purpose).await?;
                Ok(DisruptionTarget {
                    subject: DisruptionSubject::Location(l),
                    label: place_label(&place),
                    area: place.area_id,
                    facts: SubjectFacts::Place,
                })
            }
            _ => {
                self.may_record_here(None, purpose).await?;
                Err(Failure::Invalid(Invalid::one("subject", "required")))
            }
        }
    }

    /// The meeting (and action) a disruption carries out, checked: each must exist and be a
    /// meeting the caller's agency is part of (`meeting_id: unknown-record` otherwise, like one
    /// that does not exist); an action of another meeting is `action_id: not-of-meeting`.
    async fn mace_link(
        &self,
        form: &DisruptionForm<'_>,
        problems: &mut Invalid,
    ) -> Result<(Option<MeetingId>, Option<MaceActionId>), Failure> {
        let mut meeting: Option<MeetingId> = optional_id("meeting_id", form.meeting, problems);
        let action: Option<MaceActionId> = optional_id("action_id", form.action, problems);
        if let Some(a) = action {
            match self.store().mace_action(a).await? {
                None => problems.push("action_id", "unknown-record"),
                Some(found) => match meeting {
                    None => meeting = Some(found.meeting_id),
                    Some(m) if m != found.meeting_id && m != found.current_meeting => {
                        problems.push("action_id", "not-of-meeting");
                    }
                    Some(_) => {}
                },
            }
        }
        if let Some(m) = meeting {
            let seen = match self.store().meeting(m).await? {
                Some(found) => decide(&self.actor(), &found.agencies(), Right::See) == Decision::Allow,
                None => false,
            };
            if !seen {
                problems.push("meeting_id", "unknown-record");
            }
        }
        Ok((meeting, action))
    }

    /// Records disruption against a person or a place. Refused by field, every problem at once
    /// (`expires_on: expires-before-issued`, `tactic: unknown-code`, `subject: required`,
    /// `issued_on: required-for-tactic`, `done_on: date-in-future`…), nothing written; an
    /// unknown or hidden person or place is `NotFound`.
    pub async fn record_disruption(&self, form: &DisruptionForm<'_>, purpose: &str) -> Result<Disruption, Failure> {
        let mut problems = Invalid::default();
        let person: Option<PersonId> = optional_id("person_id", form.person, &mut problems);
        let location: Option<LocationId> = optional_id("location_id", form.location, &mut problems);
        let subject = match (person, location) {
            (None, None) => {
                self.may_record_here(None, purpose).await?;
                None
            }
            (Some(_), Some(_)) => {
                problems.push("subject", "person-or-place");
                None
            }
            (p, l) => {
                let target = self.disruption_target(p, l, purpose).await?;
                Some((target.subject, target.facts))
            }
        };
        let child = match optional_id::<PersonId>("child_id", form.child, &mut problems) {
            None => None,
            Some(c) => {
                // A child the caller may not see is answered as one that does not exist.
                let seen = match self.store().person_holders(c).await {
                    Ok(holders) => self.sharing().sees_person(&holders),
                    Err(haven_store::StoreError::NotFound) => false,
                    Err(e) => return Err(e.into()),
                };
                if seen {
                    Some((c, self.disruption_facts(c, purpose).await?.0))
                } else {
                    problems.push("child_id", "unknown-record");
                    None
                }
            }
        };
        let (meeting_id, action_id) = self.mace_link(form, &mut problems).await?;
        let area = if form.area.trim().is_empty() {
            None
        } else {
            resolve_area(self.store(), "area", form.area, &mut problems).await?.map(|a| a.id)
        };
        let officer_agency =
            match resolve_agency(self.store(), "officer_agency", form.officer_agency, &mut problems).await? {
                None if form.officer_agency.trim().is_empty() => Some(self.sharing().agency()),
                other => other,
            };
        let new = NewDisruption {
            area_id: area,
            subject,
            child,
            meeting_id,
            action_id,
            four_p: form.four_p,
            tactic: form.tactic,
            done_on: date(form.done_on),
            issued_on: optional_date(form.issued_on),
            expires_on: optional_date(form.expires_on),
            outcome: form.outcome,
            outcome_note: form.outcome_note,
            officer_name: form.officer_name,
            officer_agency,
        };
        let by =
            Recording { owner: self.sharing().agency(), by: Some(self.actor().user_id), at: now(), today: uk_today() };
        // A reference already found wanting is named once, by its resolver.
        let recorded = disruption::record(&new, by).map_err(|mut e| {
            e.0.retain(|p| !already_named(&problems, &p.field));
            e
        });
        let d = with_problems(recorded, problems)?;
        let audit = self
            .disruption_event(AuditAction::DisruptionRecord, purpose, &d)
            .detail(Detail::Disruption { tactic: d.tactic, outcome: d.outcome });
        self.store().record_disruption(&d, &audit).await?;
        tracing::info!(disruption_id = %d.id, "disruption recorded");
        Ok(d)
    }

    fn sees_disruption(&self, row: &DisruptionListed) -> bool {
        let holders = match row.disruption.subject {
            DisruptionSubject::Person(_) => Some(row.holders.as_slice()),
            DisruptionSubject::Location(_) => None,
        };
        let target = Target::Owned {
            class: RecordClass::Disruption,
            owner: row.disruption.owner,
            holders,
            sharing: self.sharing(),
        };
        can(&self.actor(), Action::ViewDisruption, target).is_allowed()
    }

    /// The row as the caller sees it: a protected child they may not see is not named.
    fn cut_disruption(&self, mut row: DisruptionListed) -> DisruptionListed {
        if row.disruption.child_id.is_some() && !self.sharing().sees_person(&row.child_holders) {
            row.disruption.child_id = None;
            row.child_label = None;
            row.child_holders.clear();
        }
        row
    }

    /// Whether the caller may change the outcome of `d` (to offer the form).
    pub fn may_update_disruption(&self, row: &DisruptionListed) -> bool {
        let holders = match row.disruption.subject {
            DisruptionSubject::Person(_) => Some(row.holders.as_slice()),
            DisruptionSubject::Location(_) => None,
        };
        let target = Target::Owned {
            class: RecordClass::Disruption,
            owner: row.disruption.owner,
            holders,
            sharing: self.sharing(),
        };
        self.may(Action::RecordDisruption, target)
    }

    /// The disruptions `filter` asks for that the caller may see, newest first; the listing
    /// audited. A person or place the caller may not see is `NotFound`; a bad filter is its
    /// field's problem.
    pub async fn disruptions(
        &self,
        filter: &DisruptionFilter<'_>,
        purpose: &str,
    ) -> Result<Vec<DisruptionListed>, Failure> {
        let mut problems = Invalid::default();
        let person: Option<PersonId> = optional_id("person", filter.person, &mut problems);
        // A person the caller may not see is answered as one that does not exist, whatever the
        // caller's role: the policy decides on the person before the role.
        match person {
            Some(p) => {
                self.person(p, Action::ViewDisruption, purpose).await?;
            }
            None => for_role(&self.actor(), Action::ViewDisruption)?,
        }
        let location: Option<LocationId> = optional_id("location", filter.location, &mut problems);
        let area = if filter.area.trim().is_empty() {
            None
        } else {
            resolve_area(self.store(), "area", filter.area, &mut problems).await?.map(|a| a.id)
        };
        let four_p =
            if filter.four_p.trim().is_empty() { None } else { problems.check("four_p", FourP::parse(filter.four_p)) };
        let tactic =
            if filter.tactic.trim().is_empty() { None } else { problems.check("tactic", Tactic::parse(filter.tactic)) };
        let from = problems.check("from", optional_date(filter.from)).flatten();
        let to = problems.check("to", optional_date(filter.to)).flatten();
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            problems.push("to", "ends-before-start");
        }
        problems.into_result()?;
        let mut event = self.event(AuditAction::DisruptionList, purpose);
        if let Some(p) = person {
            event = event.person(p);
        }
        if let Some(l) = location {
            self.store().location(l).await?.ok_or(Failure::NotFound)?;
            event = event.subject(SubjectKind::Location, l.0);
        }
        let used: Vec<&'static str> = [
            ("person", person.is_some()),
            ("location", location.is_some()),
            ("area", area.is_some()),
            ("four_p", four_p.is_some()),
            ("tactic", tactic.is_some()),
            ("from", from.is_some()),
            ("to", to.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, used)| used.then_some(f))
        .collect();
        let query = DisruptionQuery {
            id: None,
            area,
            person,
            location,
            four_p,
            tactic,
            from,
            to,
            owners: self.sharing().owners_shared(RecordClass::Disruption),
        };
        let rows = self.store().disruptions(&query, &event.detail(Detail::Fields(used))).await?;
        Ok(rows.into_iter().filter(|r| self.sees_disruption(r)).map(|r| self.cut_disruption(r)).collect())
    }

    /// Disruption `id`, if the caller may do `action` to it; a hidden one is `NotFound`
    /// (audited), like an unknown one.
    async fn disruption_for(
        &self,
        id: DisruptionId,
        action: Action,
        purpose: &str,
    ) -> Result<DisruptionListed, Refusal> {
        let row = self.store().disruption(id).await?.ok_or(Refusal::NotFound)?;
        let holders = match row.disruption.subject {
            DisruptionSubject::Person(_) => Some(row.holders.as_slice()),
            DisruptionSubject::Location(_) => None,
        };
        let target = Target::Owned {
            class: RecordClass::Disruption,
            owner: row.disruption.owner,
            holders,
            sharing: self.sharing(),
        };
        let decision = can(&self.actor(), action, target);
        if decision == Decision::Allow {
            return Ok(row);
        }
        let audit = match action {
            Action::RecordDisruption => AuditAction::DisruptionUpdate,
            _ => AuditAction::DisruptionView,
        };
        let event = self.disruption_event(audit, purpose, &row.disruption);
        Err(self.refuse(decision, action, event).await)
    }

    /// One disruption as the caller sees it (the read audited).
    pub async fn disruption(&self, id: DisruptionId, purpose: &str) -> Result<DisruptionListed, Refusal> {
        let row = self.disruption_for(id, Action::ViewDisruption, purpose).await?;
        let query = DisruptionQuery {
            id: Some(id),
            owners: self.sharing().owners_shared(RecordClass::Disruption),
            ..DisruptionQuery::default()
        };
        let read = self.disruption_event(AuditAction::DisruptionView, purpose, &row.disruption);
        let row = self.store().disruptions(&query, &read).await?.pop().ok_or(Refusal::NotFound)?;
        Ok(self.cut_disruption(row))
    }

    /// Changes the outcome of a disruption the caller's agency recorded. `version`, when sent,
    /// must be the disruption's. Refused by field (`outcome: unknown-code`, `outcome:
    /// unchanged`), nothing written.
    pub async fn update_disruption_outcome(
        &self,
        id: DisruptionId,
        version: Option<i64>,
        input: &OutcomeInput<'_>,
        purpose: &str,
    ) -> Result<Disruption, Failure> {
        let row = self.disruption_for(id, Action::RecordDisruption, purpose).await?;
        let d = row.disruption;
        if version.is_some_and(|v| v != d.version) {
            return Err(Failure::Conflict);
        }
        let mut changed = disruption::update_outcome(&d, input)?;
        let audit = self
            .disruption_event(AuditAction::DisruptionUpdate, purpose, &changed)
            .detail(Detail::Disruption { tactic: changed.tactic, outcome: changed.outcome });
        changed.version = self.store().update_disruption_outcome(&changed, d.version, &audit).await?;
        tracing::info!(disruption_id = %id, "disruption outcome changed");
        Ok(changed)
    }
}

/// Whether the resolvers already named `field`'s problem (the subject's, when its id did not
/// parse or both a person and a place were given).
fn already_named(problems: &Invalid, field: &str) -> bool {
    let subject = |f: &str| matches!(f, "person_id" | "location_id" | "subject");
    problems.0.iter().any(|q| q.field == field || (field == "subject" && subject(&q.field)))
}
