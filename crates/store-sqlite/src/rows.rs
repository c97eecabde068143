//! Rows as SQLite returns them, and their conversion into haven's domain types. A stored value
//! that no longer parses (a code removed from the domain, say) is a `Backend` failure, never a
//! silent default.

use crate::aggregates;
use chrono::{DateTime, NaiveDate, Utc};
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, AliasId, AreaId, AuditId, LocationId, PersonId, PlacementId, UserId};
use haven_domain::location::{Coordinates, Location, LocationKind, Placement, PlacementKind, Postcode};
use haven_domain::person::{AgencyRecord, Alias, CareStatus, Ethnicity, PersonDetails, PersonKind, Sex};
use haven_domain::sharing::{Grant, RecordClass, Roles, Scope};
use haven_domain::text::{Name, Reference};
use haven_domain::user::{Actor, Identity, Role, User, Username};
use haven_store::{PersonSummary, StoreError, StoreResult};
use uuid::Uuid;

/// A stored value parsed back into its domain type.
pub(crate) fn stored<T>(parsed: Result<T, &'static str>, column: &'static str) -> StoreResult<T> {
    parsed.map_err(|code| {
        tracing::error!(column, code, "a stored value does not parse");
        StoreError::Backend(format!("stored {column} is not valid ({code})"))
    })
}

fn stored_opt<T>(
    value: Option<String>,
    parse: fn(&str) -> Result<T, &'static str>,
    column: &'static str,
) -> StoreResult<Option<T>> {
    value.map(|v| stored(parse(&v), column)).transpose()
}

#[derive(Debug)]
pub(crate) struct AreaRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: String,
}

impl TryFrom<AreaRow> for Area {
    type Error = StoreError;
    fn try_from(r: AreaRow) -> StoreResult<Area> {
        Ok(Area {
            id: AreaId(r.id),
            code: stored(AgencyCode::parse(&r.code), "areas.code")?,
            name: r.name,
            kind: stored(AreaKind::parse(&r.kind), "areas.kind")?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct AgencyRow {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub area_id: Option<Uuid>,
}

impl TryFrom<AgencyRow> for Agency {
    type Error = StoreError;
    fn try_from(r: AgencyRow) -> StoreResult<Agency> {
        Ok(Agency {
            id: AgencyId(r.id),
            code: stored(AgencyCode::parse(&r.code), "agencies.code")?,
            name: r.name,
            kind: stored(AgencyKind::parse(&r.kind), "agencies.kind")?,
            area_id: r.area_id.map(AreaId),
        })
    }
}

#[derive(Debug)]
pub(crate) struct UserRow {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub agency_id: Uuid,
    pub role: String,
    pub disabled: bool,
    pub identity: Option<String>,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> StoreResult<User> {
        Ok(User {
            id: UserId(r.id),
            username: stored(Username::parse(&r.username), "users.username")?,
            display_name: r.display_name,
            agency_id: AgencyId(r.agency_id),
            role: stored(Role::parse(&r.role), "users.role")?,
            disabled: r.disabled,
            identity: stored_opt(r.identity, Identity::parse, "users.identity")?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct PersonRow {
    pub id: Uuid,
    pub kind: String,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: String,
    pub gender: Option<String>,
    pub ethnicity: String,
    pub care_status: String,
    pub placing_authority: Option<Uuid>,
    pub host_authority: Option<Uuid>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A [`PersonRow`] from any query's row that selects the person's columns under their own
/// names (the query macros give each query a record type of its own).
macro_rules! person_row {
    ($r:expr) => {
        PersonRow {
            id: $r.id,
            kind: $r.kind,
            given_name: $r.given_name,
            middle_names: $r.middle_names,
            family_name: $r.family_name,
            date_of_birth: $r.date_of_birth,
            sex: $r.sex,
            gender: $r.gender,
            ethnicity: $r.ethnicity,
            care_status: $r.care_status,
            placing_authority: $r.placing_authority,
            host_authority: $r.host_authority,
            version: $r.version,
            created_at: $r.created_at,
            updated_at: $r.updated_at,
        }
    };
}
pub(crate) use person_row;

impl PersonRow {
    pub(crate) fn details(&self) -> StoreResult<PersonDetails> {
        Ok(PersonDetails {
            kind: stored(PersonKind::parse(&self.kind), "people.kind")?,
            given_name: stored(Name::parse(&self.given_name), "people.given_name")?,
            middle_names: self.middle_names.clone(),
            family_name: stored(Name::parse(&self.family_name), "people.family_name")?,
            date_of_birth: self.date_of_birth,
            sex: stored(Sex::parse(&self.sex), "people.sex")?,
            gender: self.gender.clone(),
            ethnicity: stored(Ethnicity::parse(&self.ethnicity), "people.ethnicity")?,
            care_status: stored(CareStatus::parse(&self.care_status), "people.care_status")?,
            placing_authority: self.placing_authority.map(AgencyId),
            host_authority: self.host_authority.map(AgencyId),
        })
    }
}

#[derive(Debug)]
pub(crate) struct SummaryRow {
    pub id: Uuid,
    pub kind: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: String,
}

impl TryFrom<SummaryRow> for PersonSummary {
    type Error = StoreError;
    fn try_from(r: SummaryRow) -> StoreResult<PersonSummary> {
        Ok(PersonSummary {
            id: PersonId(r.id),
            kind: stored(PersonKind::parse(&r.kind), "people.kind")?,
            given_name: r.given_name,
            family_name: r.family_name,
            date_of_birth: r.date_of_birth,
            sex: stored(Sex::parse(&r.sex), "people.sex")?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct AliasRow {
    pub id: Uuid,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub note: Option<String>,
}

impl TryFrom<AliasRow> for Alias {
    type Error = StoreError;
    fn try_from(r: AliasRow) -> StoreResult<Alias> {
        Ok(Alias {
            id: AliasId(r.id),
            given_name: stored_opt(r.given_name, Name::parse, "person_aliases.given_name")?,
            family_name: stored_opt(r.family_name, Name::parse, "person_aliases.family_name")?,
            note: r.note,
        })
    }
}

/// A person's aliases from a JSON array of `[hex id, given name, family name, note]`.
pub(crate) fn aliases_from_json(json: &str) -> StoreResult<Vec<Alias>> {
    type Entry = (String, Option<String>, Option<String>, Option<String>);
    aggregates::parse::<Entry>(json, "aliases")?
        .into_iter()
        .map(|(id, given_name, family_name, note)| {
            Alias::try_from(AliasRow { id: aggregates::uuid(&id)?, given_name, family_name, note })
        })
        .collect()
}

/// A person's agency records from a JSON array of `[hex agency id, reference, recorded at]`,
/// the time as stored.
pub(crate) fn records_from_json(json: &str) -> StoreResult<Vec<AgencyRecord>> {
    aggregates::parse::<(String, Option<String>, String)>(json, "agency records")?
        .into_iter()
        .map(|(agency_id, reference, recorded_at)| {
            let (agency_id, recorded_at) = (aggregates::uuid(&agency_id)?, aggregates::time(&recorded_at)?);
            AgencyRecord::try_from(RecordRow { agency_id, reference, recorded_at })
        })
        .collect()
}

#[derive(Debug)]
pub(crate) struct RecordRow {
    pub agency_id: Uuid,
    pub reference: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl TryFrom<RecordRow> for AgencyRecord {
    type Error = StoreError;
    fn try_from(r: RecordRow) -> StoreResult<AgencyRecord> {
        Ok(AgencyRecord {
            agency_id: AgencyId(r.agency_id),
            reference: stored_opt(r.reference, Reference::parse, "agency_records.reference")?,
            recorded_at: r.recorded_at,
        })
    }
}

#[derive(Debug)]
pub(crate) struct LocationRow {
    pub id: Uuid,
    pub kind: String,
    pub name: Option<String>,
    pub address: String,
    pub postcode: Option<String>,
    pub area_id: Option<Uuid>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl TryFrom<LocationRow> for Location {
    type Error = StoreError;
    fn try_from(r: LocationRow) -> StoreResult<Location> {
        let coordinates = match (r.lat, r.lon) {
            (Some(lat), Some(lon)) => Some(stored(Coordinates::parse(lat, lon), "locations.lat")?),
            _ => None,
        };
        Ok(Location {
            id: LocationId(r.id),
            kind: stored(LocationKind::parse(&r.kind), "locations.kind")?,
            name: r.name,
            address: r.address,
            postcode: stored_opt(r.postcode, Postcode::parse, "locations.postcode")?,
            area_id: r.area_id.map(AreaId),
            coordinates,
        })
    }
}

#[derive(Debug)]
pub(crate) struct PlacementRow {
    pub id: Uuid,
    pub person_id: Uuid,
    pub location_id: Uuid,
    pub kind: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub placing_authority: Option<Uuid>,
}

impl TryFrom<PlacementRow> for Placement {
    type Error = StoreError;
    fn try_from(r: PlacementRow) -> StoreResult<Placement> {
        Ok(Placement {
            id: PlacementId(r.id),
            person_id: PersonId(r.person_id),
            location_id: LocationId(r.location_id),
            kind: stored(PlacementKind::parse(&r.kind), "placements.kind")?,
            started_on: r.started_on,
            ended_on: r.ended_on,
            placing_authority: r.placing_authority.map(AgencyId),
        })
    }
}

#[derive(Debug)]
pub(crate) struct AuditRow {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_agency_id: Option<Uuid>,
    pub actor_role: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub purpose: String,
    pub detail: Option<String>,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;
    fn try_from(r: AuditRow) -> StoreResult<AuditEvent> {
        let actor = match (r.actor_user_id, r.actor_agency_id, r.actor_role) {
            (Some(user_id), Some(agency_id), Some(role)) => Some(Actor {
                user_id: UserId(user_id),
                agency_id: AgencyId(agency_id),
                role: stored(Role::parse(&role), "audit_events.actor_role")?,
            }),
            _ => None,
        };
        Ok(AuditEvent {
            id: AuditId(r.id),
            at: r.at,
            actor,
            actor_label: r.actor_label,
            action: stored(AuditAction::parse(&r.action), "audit_events.action")?,
            subject_kind: stored(SubjectKind::parse(&r.subject_kind), "audit_events.subject_kind")?,
            subject_id: r.subject_id,
            person_id: r.person_id.map(PersonId),
            purpose: r.purpose,
            detail: r.detail,
        })
    }
}

/// One stored line of an agreement.
pub(crate) fn grant(class: &str, to: &str, scope: &str, roles: &str) -> StoreResult<Grant> {
    Ok(Grant {
        class: stored(RecordClass::parse(class), "agreement_grants.record_class")?,
        to: stored(AgencyKind::parse(to), "agreement_grants.to_kind")?,
        scope: stored(Scope::parse(scope), "agreement_grants.scope")?,
        roles: stored(Roles::parse(roles), "agreement_grants.roles")?,
    })
}
