//! Exploitation screening, once for every adapter: the form's content (the tool in force and
//! the suggestions from what haven knows, each with its source), screening a child (decided,
//! checked all at once, written with its audit event) and reading a child's screenings cut by
//! sharing (a screening is its agency's fact, seen by partners whose agreement names the
//! `exploitation_screening` class). For listings, the latest screening of each child the caller
//! may see, for many children at once.

use crate::access::{Caller, PersonAccess, Refusal};
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use crate::rules::for_area;
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::ids::{AgencyId, PersonId, ScreeningId};
use haven_domain::missing::MissingRules;
use haven_domain::person::{Person, age_on};
use haven_domain::policy::{Action, Decision};
use haven_domain::screening::evidence::{Evidence, MarkerFact, Suggestion, marker_fact, suggest};
use haven_domain::screening::{Outcomes, Screener, Screening, ScreeningInput, Tool, Tools, parse_screening};
use haven_domain::sharing::RecordClass;
use std::collections::BTreeMap;

/// What the screening form shows: the child, the tool in force, and suggested answers.
#[derive(Debug, Clone)]
pub struct ScreeningForm {
    pub access: PersonAccess,
    pub person: Person,
    pub tool: Tool,
    /// From the child's episodes as the caller sees them (and markers, when they exist).
    pub suggestions: Vec<Suggestion>,
}

/// A screening as written, with what it makes due.
#[derive(Debug, Clone)]
pub struct Screened {
    pub screening: Screening,
    pub outcomes: Outcomes,
}

/// The child's age today, if their date of birth is known.
fn age(person: &Person) -> Option<u32> {
    person.details.date_of_birth.map(|dob| age_on(dob, uk_today()))
}

impl<'a> Caller<'a> {
    /// The form to screen child `person`: refused as the screening itself would be. The
    /// suggestions read the child's episodes as the caller sees them (an agency that sees no
    /// episodes gets none); `install` decides the long-episode hours where the child's latest
    /// episode's area has no rules of its own.
    pub async fn screening_form(
        &self,
        person: PersonId,
        tools: &Tools,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<ScreeningForm, Failure> {
        let access = self.person(person, Action::ScreenChild, purpose).await?;
        let tool = tools.current().cloned().ok_or(Failure::Forbidden("no-tool-in-force"))?;
        let read = self.event(AuditAction::PersonView, purpose).person(person);
        let found = self.sharing().cut_person(self.store().person(person, &read).await?, &access.holders);
        let episodes = match self.child_episodes(person, purpose).await {
            Ok(seen) => seen.episodes,
            Err(Refusal::Forbidden(_) | Refusal::NotFound) => Vec::new(),
            Err(Refusal::Store(e)) => return Err(e.into()),
        };
        let area = episodes.iter().max_by_key(|e| e.reported_at).and_then(|e| e.area_id);
        let rules = for_area(self.store(), install, area).await?;
        // The child's active markers the caller may see, each naming the indicator it bears on.
        let markers: Vec<MarkerFact> = self
            .open_markers_of(&[(person, access.holders.clone())])
            .await?
            .remove(&person)
            .unwrap_or_default()
            .iter()
            .filter_map(marker_fact)
            .collect();
        let evidence = Evidence {
            episodes: &episodes,
            markers: &markers,
            long_episode_hours: rules.long_episode_hours,
            now: now(),
        };
        let suggestions = suggest(&tool, &evidence);
        Ok(ScreeningForm { access, person: found, tool, suggestions })
    }

    /// Screens child `person`: every problem named at once (an unknown indicator, a retired
    /// tool version, a tier lowered without a reason), nothing written unless all is well;
    /// written with its audit event (`screening: v1 score 16 red -> amber`).
    pub async fn screen_child(
        &self,
        person: PersonId,
        input: &ScreeningInput<'_>,
        tools: &Tools,
        purpose: &str,
    ) -> Result<Screened, Failure> {
        let access = self.person(person, Action::ScreenChild, purpose).await?;
        let read = self.event(AuditAction::PersonView, purpose).person(person);
        let child = self.store().person(person, &read).await?;
        let user = self.user();
        let who = Screener {
            person_id: person,
            owner: self.sharing().agency(),
            by: Some(user.id),
            by_label: user.username.as_str(),
            at: now(),
            age: age(&child),
        };
        let screening = parse_screening(tools, input, &who)?;
        let tool = tools.version(screening.tool_version).ok_or(Failure::Forbidden("no-tool-in-force"))?;
        let audit = self
            .event(AuditAction::ScreeningCreate, purpose)
            .person(access.id)
            .subject(SubjectKind::Screening, screening.id.0)
            .detail(Detail::Screening {
                tool_version: screening.tool_version,
                score: screening.assessment.score,
                computed: screening.assessment.tier,
                tier: screening.tier,
            });
        self.store().add_screening(&screening, &audit).await?;
        tracing::info!(screening_id = %screening.id, "child screened");
        let outcomes = screening.outcomes(tool);
        Ok(Screened { screening, outcomes })
    }

    /// Child `person`'s screenings that the caller may see, newest first (the read audited).
    pub async fn child_screenings(
        &self,
        person: PersonId,
        purpose: &str,
    ) -> Result<(Vec<Screening>, PersonAccess), Refusal> {
        let access = self.person(person, Action::ViewScreenings, purpose).await?;
        let read = self.event(AuditAction::ScreeningList, purpose).person(person);
        let all = self.store().person_screenings(person, &read).await?;
        let seen = all.into_iter().filter(|s| self.sees_screening(s.owner, &access.holders)).collect();
        Ok((seen, access))
    }

    /// Screening `id` of child `person`, if the caller may see it. One that does not exist and
    /// one the caller may not see are both `NotFound`, the second audited on the child's trail.
    pub async fn read_screening(&self, person: PersonId, id: ScreeningId, purpose: &str) -> Result<Screening, Refusal> {
        let access = self.person(person, Action::ViewScreenings, purpose).await?;
        let read = self.event(AuditAction::ScreeningList, purpose).person(person);
        let found = self.store().person_screenings(person, &read).await?.into_iter().find(|s| s.id == id);
        match found {
            Some(s) if self.sees_screening(s.owner, &access.holders) => Ok(s),
            _ => {
                let event = self.event(AuditAction::ScreeningList, purpose).person(person);
                Err(self.refuse(Decision::Hidden, Action::ViewScreenings, event).await)
            }
        }
    }

    fn sees_screening(&self, owner: AgencyId, holders: &[AgencyId]) -> bool {
        self.sharing().sees(RecordClass::ExploitationScreening, owner, holders)
    }

    /// For a listing: the latest screening of each of `people` that the caller may see (by
    /// any agency that shares screenings with them). People the caller may not see, or whose
    /// screenings none share, are left out. The listing audits its own reading.
    pub async fn latest_screenings(&self, people: &[PersonId]) -> Result<BTreeMap<PersonId, Screening>, Refusal> {
        crate::access::for_role(&self.actor(), Action::ViewScreenings)?;
        let mut out: BTreeMap<PersonId, Screening> = BTreeMap::new();
        let mut holders: BTreeMap<PersonId, Vec<AgencyId>> = BTreeMap::new();
        for s in self.store().latest_screenings(people).await? {
            if let std::collections::btree_map::Entry::Vacant(slot) = holders.entry(s.person_id) {
                slot.insert(self.store().person_holders(s.person_id).await?);
            }
            let h = holders.get(&s.person_id).map(Vec::as_slice).unwrap_or_default();
            if !self.sharing().sees_person(h) || !self.sees_screening(s.owner, h) {
                continue;
            }
            let newer = out.get(&s.person_id).is_none_or(|kept| (s.at, s.id) > (kept.at, kept.id));
            if newer {
                out.insert(s.person_id, s);
            }
        }
        Ok(out)
    }
}
