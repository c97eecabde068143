//! Disruption activity against persons of concern and places (issue 16). A disruption is
//! written once with its audit event; only its outcome changes afterwards, each change naming
//! the version it was made from.

use crate::{StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::audit::AuditEvent;
use haven_domain::disruption::{Disruption, DisruptionSubject, Outcome, Tactic};
use haven_domain::ids::{AgencyId, AreaId, DisruptionId, LocationId, MaceActionId, MeetingId, PersonId, UserId};
use haven_domain::mace::FourP;
use std::collections::HashMap;
use uuid::Uuid;

/// Which disruptions a listing asks for. Every part is optional and the parts combine with AND,
/// except `owners`, which is always applied: only disruptions recorded by one of these agencies
/// (the caller's own and those sharing the class with it: defence in depth).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisruptionQuery {
    pub id: Option<DisruptionId>,
    pub area: Option<AreaId>,
    /// Against this person, or protecting them.
    pub person: Option<PersonId>,
    pub location: Option<LocationId>,
    pub four_p: Option<FourP>,
    pub tactic: Option<Tactic>,
    /// Done on or after.
    pub from: Option<NaiveDate>,
    /// Done on or before.
    pub to: Option<NaiveDate>,
    pub owners: Vec<AgencyId>,
}

/// A disruption with what the access policy and the pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisruptionListed {
    pub disruption: Disruption,
    /// The agencies holding the person it is against; empty for a place.
    pub holders: Vec<AgencyId>,
    /// The agencies holding the child it protects; empty when it names none.
    pub child_holders: Vec<AgencyId>,
    /// The person's name, or the place's name and address.
    pub label: String,
    /// The protected child's name, when it names one.
    pub child_label: Option<String>,
}

#[async_trait]
pub trait DisruptionStore {
    /// Writes a new disruption. An unknown reference is `Missing` naming its field:
    /// `person_id`, `location_id`, `child_id`, `area`, `officer_agency`, `meeting_id`,
    /// `action_id`.
    async fn record_disruption(&self, d: &Disruption, audit: &AuditEvent) -> StoreResult<()>;
    /// One disruption with its parties, for the checks before anything is shown or changed
    /// (not audited: nothing is shown from it).
    async fn disruption(&self, id: DisruptionId) -> StoreResult<Option<DisruptionListed>>;
    /// The disruptions `query` asks for, newest done first; the listing audited.
    async fn disruptions(&self, query: &DisruptionQuery, audit: &AuditEvent) -> StoreResult<Vec<DisruptionListed>>;
    /// Writes `d`'s outcome and note if it is still at `expected_version` (`Conflict`
    /// otherwise); returns the new version.
    async fn update_disruption_outcome(
        &self,
        d: &Disruption,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> StoreResult<i64>;
}

/// A row of `disruptions` with its labels, as both stores read it.
#[derive(Debug)]
pub struct DisruptionRow {
    pub id: Uuid,
    pub area_id: Uuid,
    pub person_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    pub child_id: Option<Uuid>,
    pub meeting_id: Option<Uuid>,
    pub action_id: Option<Uuid>,
    pub four_p: String,
    pub tactic: String,
    pub done_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub outcome: String,
    pub outcome_note: String,
    pub officer_name: String,
    pub officer_agency: Uuid,
    pub owner_agency: Uuid,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    pub label: String,
    pub child_label: Option<String>,
}

/// A stored code that no longer parses: the database holds what haven never wrote.
fn stored<T>(parsed: Result<T, &'static str>, column: &'static str) -> StoreResult<T> {
    parsed.map_err(|code| StoreError::Backend(format!("stored {column} is not valid ({code})")))
}

impl DisruptionRow {
    /// The people whose holders a listing of these rows needs: those it is against and those
    /// it protects.
    pub fn people(rows: &[DisruptionRow]) -> Vec<Uuid> {
        let mut out: Vec<Uuid> = rows.iter().flat_map(|r| r.person_id.into_iter().chain(r.child_id)).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The rows as disruptions with their parties' holders (`holders`: person and agency, any
/// order).
pub fn disruptions_listed(rows: Vec<DisruptionRow>, holders: &[(Uuid, Uuid)]) -> StoreResult<Vec<DisruptionListed>> {
    let mut of: HashMap<Uuid, Vec<AgencyId>> = HashMap::new();
    for (person, agency) in holders {
        of.entry(*person).or_default().push(AgencyId(*agency));
    }
    for list in of.values_mut() {
        list.sort();
        list.dedup();
    }
    let holders_of = |p: Option<Uuid>| p.and_then(|p| of.get(&p).cloned()).unwrap_or_default();
    rows.into_iter()
        .map(|r| {
            let subject = match (r.person_id, r.location_id) {
                (Some(p), None) => DisruptionSubject::Person(PersonId(p)),
                (None, Some(l)) => DisruptionSubject::Location(LocationId(l)),
                _ => return Err(StoreError::Backend("a disruption is against neither a person nor a place".into())),
            };
            let disruption = Disruption {
                id: DisruptionId(r.id),
                area_id: AreaId(r.area_id),
                subject,
                child_id: r.child_id.map(PersonId),
                meeting_id: r.meeting_id.map(MeetingId),
                action_id: r.action_id.map(MaceActionId),
                four_p: stored(FourP::parse(&r.four_p), "disruptions.four_p")?,
                tactic: stored(Tactic::parse(&r.tactic), "disruptions.tactic")?,
                done_on: r.done_on,
                issued_on: r.issued_on,
                expires_on: r.expires_on,
                outcome: stored(Outcome::parse(&r.outcome), "disruptions.outcome")?,
                outcome_note: r.outcome_note,
                officer_name: r.officer_name,
                officer_agency: AgencyId(r.officer_agency),
                owner: AgencyId(r.owner_agency),
                created_by: r.created_by.map(UserId),
                created_at: r.created_at,
                version: r.version,
            };
            Ok(DisruptionListed {
                holders: holders_of(r.person_id),
                child_holders: holders_of(r.child_id),
                label: r.label,
                child_label: r.child_label,
                disruption,
            })
        })
        .collect()
}
