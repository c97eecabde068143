//! The missing episode's writes, each once for every adapter: reporting a child missing,
//! regrading, a note, found and returned, the return home interview and the grab pack. Each
//! decides on the record first (a hidden one is `NotFound`, audited), reads what the domain's
//! checks need (the read audited as well), checks the values all at once and writes the change
//! with its audit event in one transaction. The caller's adapter only turns its own format
//! (JSON, a form) into the domain's inputs and the outcome into its answer.
//!
//! Each action is decided by the rules of the episode's area ([`crate::rules::for_area`]); the
//! adapter passes the install's default (`install`), which decides where an area has none.

use crate::access::{Caller, Refusal};
use crate::clock::{now, uk_today};
use crate::failure::{Failure, with_problems};
use crate::references::resolve_agency;
use crate::rules::for_area;
use haven_domain::Invalid;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::ids::{AreaId, EpisodeId, LocationId, PersonId};
use haven_domain::missing::RiskGrade;
use haven_domain::missing::episode::{GradingInput, NairaConcerns, Subject};
use haven_domain::missing::flags::{EpisodeFacts, is_repeat_missing};
use haven_domain::missing::input::{
    Acting, AttemptInput, NoteInput, ReportInput, ReturnInput, RhiInput, TimeField, parse_grab_pack, parse_note,
    parse_regrade, parse_report, parse_return, parse_rhi, parse_rhi_attempt,
};
use haven_domain::missing::record::{GrabPack, NoteKind, RhiAttempt};
use haven_domain::missing::{EpisodeView, MissingEpisode, MissingRules};
use haven_domain::person::PersonDetails;
use haven_domain::policy::{Action, Decision};
use haven_domain::screening::Tier;
use haven_domain::sharing::RecordClass;
use haven_domain::uktime::uk_date;
use haven_store::StoreError;
use std::collections::HashMap;
use uuid::Uuid;

/// An episode as written, how much of it the caller sees (the adapter shows it cut), and the
/// rules that decided it (its area's: the adapter shows its clocks by them).
#[derive(Debug, Clone)]
pub struct Written {
    pub episode: MissingEpisode,
    pub view: EpisodeView,
    pub rules: MissingRules,
}

/// A report of a child missing, as the reporting officer gave it.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The child; `None` when the client sent none (refused with the other problems).
    pub person: Option<PersonId>,
    pub reported_at: TimeField,
    pub last_seen_at: TimeField,
    pub last_seen_where: &'a str,
    pub reporter: &'a str,
    /// Where the child went missing from; `None` takes their placement today, if any.
    pub from_location: Option<LocationId>,
    /// The BCU dealing with it (a malformed choice is its field's problem); `None` takes the
    /// place's area, else the reporting agency's.
    pub area: Result<Option<AreaId>, &'static str>,
    pub circumstances: &'a str,
    pub police_reference: &'a str,
    pub officer_in_charge: &'a str,
    pub grading: GradingInput<'a>,
    /// Problems the adapter found in its own format (a field the caller may not set), named
    /// with the rest so that every problem is reported at once and nothing is written.
    pub refused: Invalid,
}

impl<'a> Caller<'a> {
    fn acting<'r>(&self, rules: &'r MissingRules) -> Acting<'r> {
        Acting { now: now(), by: Some(self.actor().user_id), rules }
    }

    fn episode_event(&self, action: AuditAction, purpose: &str, person: PersonId, id: EpisodeId) -> AuditEvent {
        self.event(action, purpose).person(person).subject(SubjectKind::Episode, id.0)
    }

    /// Reads a whole episode for a write's checks (the read audited); the version it was read
    /// at must be `sent`, when the client sent one.
    async fn episode_for_write(
        &self,
        id: EpisodeId,
        person: PersonId,
        sent: Option<i64>,
        purpose: &str,
    ) -> Result<MissingEpisode, Failure> {
        let read = self.episode_event(AuditAction::EpisodeView, purpose, person, id);
        let episode = self.store().episode(id, &read).await?;
        match sent {
            Some(v) if v != episode.version => Err(Failure::Conflict),
            _ => Ok(episode),
        }
    }

    /// Reports a child missing, with the first risk grading. The child must be one the caller
    /// sees; a second open episode is `person_id: already-missing` (the database keeps one open
    /// episode per child, so two racing reports cannot both be written). Whose episodes the
    /// area keeps (children; care leavers to 25 where its rules say so) is decided from the
    /// child's record, and whether they are placed out of area is worked out from its placing
    /// and host authority, never taken from the caller.
    pub async fn report_missing(
        &self,
        report: &Report<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Written, Failure> {
        self.could(Action::ReportMissing)?;
        let store = self.store();
        let mut problems = report.refused.clone();
        // Without a child there is nothing to authorise against; the other fields are still
        // checked so that every problem is named at once.
        let child = match report.person {
            None => {
                problems.push("person_id", "required");
                None
            }
            Some(person) => match self.child(person, Action::ReportMissing, purpose).await {
                Err(Refusal::NotFound) => {
                    problems.push("person_id", "unknown-record");
                    None
                }
                Err(other) => return Err(other.into()),
                Ok(child) => Some(child),
            },
        };
        // The child's record, read once (audited): who they are and where they are placed.
        let details = match &child {
            Some(child) => {
                let read = self.event(AuditAction::PersonView, purpose).person(child.id);
                Some(store.person(child.id, &read).await?.details)
            }
            None => None,
        };
        // The placement in force when the child was last seen (else today's).
        let placed = match (&child, report.from_location) {
            (Some(child), None) => {
                let day = report.last_seen_at.map(uk_date).unwrap_or_else(|_| uk_today());
                store.placements(child.id).await?.into_iter().find(|p| p.placement.is_current_on(day))
            }
            _ => None,
        };
        let from_location = match report.from_location {
            None => placed.map(|p| p.location),
            Some(id) => {
                let found = store.location(id).await?;
                if found.is_none() {
                    problems.push("from_location_id", "unknown-record");
                }
                found
            }
        };
        let area_id = match problems.check("area_id", report.area).flatten() {
            Some(area) => Some(area),
            None => match from_location.as_ref().and_then(|l| l.area_id) {
                Some(area) => Some(area),
                None => store.agency(self.sharing().agency()).await?.and_then(|a| a.area_id),
            },
        };
        let out_of_area = details.as_ref().is_some_and(PersonDetails::placed_out_of_area);
        // Without a known child (refused above) the age rule has nothing to decide.
        let subject = details.as_ref().map_or(Subject::child_of_unknown_age(), Subject::of);
        let input = ReportInput {
            person_id: child.as_ref().map_or(PersonId(Uuid::nil()), |c| c.id),
            subject,
            owner: self.sharing().agency(),
            reported_at: report.reported_at,
            last_seen_at: report.last_seen_at,
            last_seen_where: report.last_seen_where,
            reporter: report.reporter,
            from_location: from_location.as_ref().map(|l| l.id),
            area_id,
            circumstances: report.circumstances,
            police_reference: report.police_reference,
            officer_in_charge: report.officer_in_charge,
            out_of_area,
            grading: report.grading,
            concerns: NairaConcerns::default(),
        };
        let rules = for_area(store, install, area_id).await?;
        // Only a NAIRA grade asks what weighs against it; the report itself counts as an episode.
        let input = match &child {
            Some(child) if is_naira(report.grading.grade) => {
                let concerns = self.naira_concerns(child.id, &rules, 1, purpose).await?;
                ReportInput { concerns, ..input }
            }
            _ => input,
        };
        let episode = with_problems(parse_report(&input, false, self.acting(&rules)), problems)?;
        let Some(child) = child else {
            // Unreachable: a report without a known child has its problem recorded above.
            return Err(Failure::Invalid(Invalid::one("person_id", "required")));
        };
        let view = self
            .sharing()
            .episode_view(self.sharing().agency(), &child.holders)
            .ok_or(Failure::Forbidden("agency-not-permitted"))?;
        let audit = self
            .episode_event(AuditAction::EpisodeReport, purpose, child.id, episode.id)
            .detail(Detail::Grade { from: None, to: episode.grade() });
        match store.report_episode(&episode, &audit).await {
            Ok(()) => {}
            Err(StoreError::Duplicate { field: "person_id" }) => {
                return Err(Failure::Invalid(Invalid::one("person_id", "already-missing")));
            }
            Err(e) => return Err(e.into()),
        }
        tracing::info!(episode_id = %episode.id, "missing episode reported");
        Ok(Written { episode, view, rules })
    }

    /// Regrades an open episode if it is still at `version`. Every grading is kept with who,
    /// when and why.
    pub async fn regrade(
        &self,
        id: EpisodeId,
        version: i64,
        input: &GradingInput<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Written, Failure> {
        let access = self.episode(id, Action::Regrade, purpose).await?;
        let mut episode = self.episode_for_write(id, access.person, Some(version), purpose).await?;
        let rules = for_area(self.store(), install, episode.area_id).await?;
        let concerns = if is_naira(input.grade) {
            self.naira_concerns(access.person, &rules, 0, purpose).await?
        } else {
            NairaConcerns::default()
        };
        let grading = parse_regrade(&episode, input, concerns, self.acting(&rules))?;
        let audit = self
            .episode_event(AuditAction::EpisodeRegrade, purpose, access.person, id)
            .detail(Detail::Grade { from: episode.grade(), to: Some(grading.grade) });
        episode.version = self.store().regrade(id, version, &grading, &audit).await?;
        tracing::info!(version = episode.version, "missing episode regraded");
        episode.gradings.push(grading);
        Ok(Written { episode, view: access.view, rules })
    }

    /// Adds a note. Who may add one depends on its kind: the police's own record of their
    /// investigation only by them, sightings and notifications by partners too. A linked person
    /// must be one the caller sees, a linked place one that exists.
    pub async fn add_note(
        &self,
        id: EpisodeId,
        input: &NoteInput<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Written, Failure> {
        // Seen first, so that a hidden episode is a 404 whatever the note.
        self.episode(id, Action::ViewEpisodes, purpose).await?;
        let kind = NoteKind::parse(input.kind).map_err(|code| Invalid::one("kind", code))?;
        let access = self.episode(id, Action::AddNote(kind), purpose).await?;
        let mut problems = Invalid::default();
        if let Some(linked) = input.person_id
            && !self.sees(linked).await?
        {
            problems.push("person_id", "unknown-record");
        }
        if let Some(place) = input.location_id
            && self.store().location(place).await?.is_none()
        {
            problems.push("location_id", "unknown-record");
        }
        let mut episode = self.episode_for_write(id, access.person, None, purpose).await?;
        let rules = for_area(self.store(), install, episode.area_id).await?;
        let note = with_problems(parse_note(&episode, input, self.acting(&rules)), problems)?;
        let audit = self.episode_event(AuditAction::EpisodeNote, purpose, access.person, id).detail(Detail::Note(kind));
        episode.version = self.store().add_episode_note(id, &note, &audit).await?;
        tracing::info!(version = episode.version, "note added to a missing episode");
        episode.notes.push(note);
        Ok(Written { episode, view: access.view, rules })
    }

    /// Records that a missing child was found or came back; it starts the return home
    /// interview's clock. `version`, when sent, must be the episode's.
    pub async fn record_return(
        &self,
        id: EpisodeId,
        version: Option<i64>,
        input: &ReturnInput<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Written, Failure> {
        let access = self.episode(id, Action::RecordReturn, purpose).await?;
        let mut episode = self.episode_for_write(id, access.person, version, purpose).await?;
        let rules = for_area(self.store(), install, episode.area_id).await?;
        let found = parse_return(&episode, input, self.acting(&rules))?;
        let audit = self.episode_event(AuditAction::EpisodeReturn, purpose, access.person, id);
        episode.version = self.store().record_return(id, episode.version, &found, &audit).await?;
        tracing::info!(version = episode.version, "return recorded");
        episode.found = Some(found);
        Ok(Written { episode, view: access.view, rules })
    }

    /// Records the return home interview of a returned episode. `held_by` is an agency's code;
    /// `None` is the caller's own agency. The provider records it without seeing the police's
    /// grading or intelligence: the checks read the whole episode, the answer is cut.
    pub async fn record_rhi(
        &self,
        id: EpisodeId,
        version: Option<i64>,
        input: &RhiInput<'_>,
        held_by: Option<&str>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<Written, Failure> {
        let access = self.episode(id, Action::RecordRhi, purpose).await?;
        let mut problems = Invalid::default();
        let held_by = match held_by.map(str::trim).filter(|c| !c.is_empty()) {
            None => Some(self.sharing().agency()),
            Some(code) => resolve_agency(self.store(), "held_by", code, &mut problems).await?,
        };
        let mut episode = self.episode_for_write(id, access.person, version, purpose).await?;
        let input = RhiInput { held_by, ..input.clone() };
        let rules = for_area(self.store(), install, episode.area_id).await?;
        let rhi = with_problems(parse_rhi(&episode, &input, self.acting(&rules)), problems)?;
        let audit =
            self.episode_event(AuditAction::EpisodeRhi, purpose, access.person, id).detail(Detail::Rhi(rhi.outcome));
        episode.version = self.store().record_rhi(id, episode.version, &rhi, &audit).await?;
        tracing::info!(version = episode.version, "return home interview recorded");
        episode.rhi = Some(rhi);
        Ok(Written { episode, view: access.view, rules })
    }

    /// Records a step towards the return home interview (the case allocated to a worker, a
    /// try at reaching the child) on a returned episode whose interview is owed: by those who
    /// may record the interview. The interview stays owed until it is held, declined or found
    /// not possible.
    pub async fn log_rhi_attempt(
        &self,
        id: EpisodeId,
        input: &AttemptInput<'_>,
        install: &MissingRules,
        purpose: &str,
    ) -> Result<(Written, RhiAttempt), Failure> {
        let access = self.episode(id, Action::RecordRhi, purpose).await?;
        let mut episode = self.episode_for_write(id, access.person, None, purpose).await?;
        let rules = for_area(self.store(), install, episode.area_id).await?;
        let attempt = parse_rhi_attempt(&episode, input, self.acting(&rules))?;
        let audit = self
            .episode_event(AuditAction::EpisodeRhi, purpose, access.person, id)
            .detail(Detail::Code(attempt.step.code()));
        episode.version = match self.store().add_rhi_attempt(id, &attempt, &audit).await {
            // Recorded or returned-and-interviewed meanwhile: the checks on a fresh read say which.
            Err(StoreError::Conflict) => return Err(Failure::Conflict),
            other => other?,
        };
        tracing::info!(version = episode.version, "step towards the return home interview recorded");
        Ok((Written { episode, view: access.view, rules }, attempt))
    }

    /// The steps towards the interview of episodes the caller has read (their read audited).
    pub async fn rhi_attempts(&self, ids: &[EpisodeId]) -> Result<HashMap<EpisodeId, Vec<RhiAttempt>>, StoreError> {
        let mut out: HashMap<EpisodeId, Vec<RhiAttempt>> = HashMap::new();
        for (id, attempt) in self.store().rhi_attempts(ids).await? {
            out.entry(id).or_default().push(attempt);
        }
        Ok(out)
    }

    /// A child's grab pack to edit, if one is kept; the read is audited.
    pub async fn grab_pack(&self, person: PersonId, purpose: &str) -> Result<Option<GrabPack>, Refusal> {
        let pack = self.shared_grab_pack(person, purpose).await?;
        let read = self.event(AuditAction::EpisodeView, purpose).person(person).detail(Detail::Code("grab-pack"));
        self.store().append_audit(&read).await?;
        Ok(pack)
    }

    /// The child's grab pack, if the caller may edit it: it is the fact of the agency whose user
    /// last saved it, seen (like who the child is) where that agency shares identity with the
    /// caller's. Holding the child is not enough: a council that linked her by its own import,
    /// with no agreement, does not read the police's description of where she goes.
    async fn shared_grab_pack(&self, person: PersonId, purpose: &str) -> Result<Option<GrabPack>, Refusal> {
        let child = self.child(person, Action::EditGrabPack, purpose).await?;
        let Some(pack) = self.store().grab_pack(person).await? else { return Ok(None) };
        let owner = match pack.updated_by {
            Some(user) => self.store().user(user).await?.map(|u| u.agency_id),
            None => None,
        };
        // A pack with no known author (imported) is the holders' alike.
        if owner.is_none_or(|o| self.sharing().sees(RecordClass::Identity, o, &child.holders)) {
            return Ok(Some(pack));
        }
        let event = self.event(AuditAction::EpisodeView, purpose).person(person).detail(Detail::Code("grab-pack"));
        Err(self.refuse(Decision::Hidden, Action::EditGrabPack, event).await)
    }

    /// Saves a child's grab pack made from `version` (0 for the first); `value` gives each of
    /// its fields as typed.
    pub async fn save_grab_pack(
        &self,
        person: PersonId,
        version: i64,
        value: &(dyn Fn(&str) -> String + Sync),
        rules: &MissingRules,
        purpose: &str,
    ) -> Result<GrabPack, Failure> {
        self.shared_grab_pack(person, purpose).await?;
        let mut pack = parse_grab_pack(person, value, version, self.acting(rules))?;
        let audit = self.event(AuditAction::GrabPackSave, purpose).person(person);
        pack.version = match self.store().save_grab_pack(person, version, &pack, &audit).await {
            // A pack saved by someone else since (or first, when this form had none).
            Err(StoreError::NotFound) => return Err(Failure::Conflict),
            other => other?,
        };
        Ok(pack)
    }

    /// What weighs against a NAIRA grade for the child, as far as the caller may see it: an
    /// exploitation screening at amber or red or an open exploitation marker, or a repeat-missing
    /// flag by the area's rules (counting `new` episodes not yet written: the report being made).
    /// The form shows the same, so the grader is warned before they choose.
    pub async fn naira_concerns(
        &self,
        person: PersonId,
        rules: &MissingRules,
        new: usize,
        purpose: &str,
    ) -> Result<NairaConcerns, Failure> {
        let holders = self.store().person_holders(person).await?;
        if !self.sharing().sees_person(&holders) {
            return Ok(NairaConcerns::default());
        }
        let screened = match self.latest_screenings(&[person]).await {
            Ok(latest) => latest.get(&person).is_some_and(|s| matches!(s.tier, Tier::Amber | Tier::Red)),
            // A role that may not read screenings is warned by markers and history alone.
            Err(Refusal::Forbidden(_)) => false,
            Err(other) => return Err(other.into()),
        };
        let marked = self
            .open_markers_of(&[(person, holders)])
            .await?
            .get(&person)
            .is_some_and(|markers| markers.iter().any(|m| m.marker_type.is_exploitation()));
        // Only the episodes the caller may see count towards the flag: it must not tell of
        // another agency's episodes that need to know keeps from them.
        let history = match self.child_episodes(person, purpose).await {
            Ok(seen) => seen.episodes,
            Err(Refusal::Store(e)) => return Err(e.into()),
            Err(_) => Vec::new(),
        };
        let now = now();
        let mut facts: Vec<_> = history.iter().map(|e| e.facts(None)).collect();
        let reporting = EpisodeFacts {
            id: Uuid::nil(),
            person_id: person,
            reported_at: now,
            last_seen_at: now,
            returned_at: None,
            from_kind: None,
            out_of_area: false,
            found_in_other_force_area: false,
        };
        facts.extend(std::iter::repeat_n(reporting, new));
        Ok(NairaConcerns { exploitation: screened || marked, repeat_missing: is_repeat_missing(&facts, rules, now) })
    }

    /// Whether `person` exists and the caller may see them.
    pub async fn sees(&self, person: PersonId) -> Result<bool, StoreError> {
        match self.store().person_holders(person).await {
            Ok(holders) => Ok(self.sharing().sees_person(&holders)),
            Err(StoreError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// Whether a grade as typed is NAIRA: only then are the child's concerns read.
fn is_naira(grade: &str) -> bool {
    RiskGrade::parse(grade) == Ok(RiskGrade::Naira)
}
