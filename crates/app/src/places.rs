//! Places: locations (a children's home, an asylum hotel, a family home…) and children's
//! placements at them. A placement is a fact about a child that other decisions rest on: a child
//! reported missing with no place given went missing from their placement today, which raises
//! `missing_from_childrens_home`; a current placement at an asylum hotel raises
//! `unaccompanied_asylum_seeking_child`. So both are kept by the install's administrator
//! (`system_admin`) or the command line, as areas and agencies are, one at a time or from a CSV
//! file; every value is checked by field before anything is written, and every write carries its
//! audit event.

use crate::admin::{Operator, date, optional_date};
use crate::failure::Failure;
use haven_domain::Invalid;
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area};
use haven_domain::audit::{AuditAction, Detail, SubjectKind};
use haven_domain::ids::{LocationId, PersonId, PlacementId};
use haven_domain::location::{Coordinates, Location, LocationKind, Placement, PlacementKind, Postcode};
use haven_domain::text::{Reference, clean, clean_optional};
use haven_store::{BulkLoad, PersonQuery, StoreError};
use std::collections::{BTreeSet, HashMap};

/// A new location as typed; blank optional values are not given.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewLocation<'a> {
    /// A [`LocationKind`] code: `childrens_home`, `asylum_hotel`, `family_home`…
    pub kind: &'a str,
    /// The place's name, if it has one (optional).
    pub name: &'a str,
    pub address: &'a str,
    /// A UK postcode (optional).
    pub postcode: &'a str,
    /// The code of the area it lies in (optional).
    pub area: &'a str,
    /// WGS84 decimal degrees, both or neither (optional).
    pub latitude: &'a str,
    pub longitude: &'a str,
}

/// A new placement as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewPlacement<'a> {
    /// The person's id, or `AGENCY:reference`: the reference the agency (by its code) holds
    /// them under, as in `CARDIFF-CS:CS-2026/114`.
    pub person: &'a str,
    /// The location's id.
    pub location: &'a str,
    /// `care_placement` or `home_address`.
    pub kind: &'a str,
    /// `YYYY-MM-DD`; the end is blank while it lasts.
    pub started_on: &'a str,
    pub ended_on: &'a str,
    /// The code of the local authority that placed the child (optional; for care placements).
    pub placing_authority: &'a str,
}

/// What an import of places wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub locations: usize,
    pub placements: usize,
}

/// The largest file of places taken at once: it is checked whole and written in one transaction.
pub const MAX_IMPORT_ROWS: usize = 10_000;

/// The columns of a file of places. Every column but `record` may be left out of the header.
const COLUMNS: [&str; 14] = [
    "record",
    "key",
    "kind",
    "name",
    "address",
    "postcode",
    "area",
    "latitude",
    "longitude",
    "person",
    "location",
    "started_on",
    "ended_on",
    "placing_authority",
];
const LOCATION_COLUMNS: [&str; 9] =
    ["record", "key", "kind", "name", "address", "postcode", "area", "latitude", "longitude"];
const PLACEMENT_COLUMNS: [&str; 7] =
    ["record", "kind", "person", "location", "started_on", "ended_on", "placing_authority"];

/// The field names a placement's references are refused under: the action's
/// (`person_id`, `location_id`) or the file's columns (`person`, `location`).
#[derive(Debug, Clone, Copy)]
struct PlacementFields {
    person: &'static str,
    location: &'static str,
}

const ACTION_FIELDS: PlacementFields = PlacementFields { person: "person_id", location: "location_id" };
const FILE_FIELDS: PlacementFields = PlacementFields { person: "person", location: "location" };

impl Operator<'_> {
    /// A location. Only the install's administrator (or the command line) adds one. Refused by
    /// field: `kind` (unknown-code), `name`, `address` (required), `postcode` (postcode-format),
    /// `area` (unknown-area), `latitude`/`longitude` (number-format, coordinates-outside-uk, or
    /// `coordinates-need-both` on the one left blank).
    pub async fn create_location(&self, new: &NewLocation<'_>, purpose: &str) -> Result<Location, Failure> {
        self.may_manage_install()?;
        let areas = self.store().areas().await?;
        let mut e = Invalid::default();
        let Some(location) = check_location(new, &areas, &mut e) else { return Err(Failure::Invalid(e)) };
        let audit = self.event(AuditAction::LocationCreate, purpose).subject(SubjectKind::Location, location.id.0);
        self.store().create_location(&location, &audit).await?;
        Ok(location)
    }

    /// A person's placement at a location. Only the install's administrator (or the command
    /// line): a placement decides flags every agency sees. Refused by field: `person_id` or
    /// `location_id` (id-format, unknown-record, unknown-agency), `kind` (unknown-code),
    /// `started_on`/`ended_on` (date-format, `ended_on: ends-before-start`), `placing_authority`
    /// (unknown-agency, not-a-local-authority).
    pub async fn add_placement(&self, new: &NewPlacement<'_>, purpose: &str) -> Result<Placement, Failure> {
        self.may_manage_install()?;
        let agencies = self.store().agencies().await?;
        let mut e = Invalid::default();
        let placement = self.check_placement(new, ACTION_FIELDS, &HashMap::new(), &agencies, &mut e, purpose).await?;
        let Some(placement) = placement else { return Err(Failure::Invalid(e)) };
        let audit = self.event(AuditAction::PlacementAdd, purpose).person(placement.person_id);
        self.store().add_placement(&placement, &audit).await.map_err(|err| match err {
            // Someone removed the person or the place since the check.
            StoreError::Missing { field: "person" } => Failure::Invalid(Invalid::one("person_id", "unknown-record")),
            StoreError::Missing { field: "location" } => {
                Failure::Invalid(Invalid::one("location_id", "unknown-record"))
            }
            other => other.into(),
        })?;
        Ok(placement)
    }

    /// Locations whose name, address or postcode contains `text` (every one when blank), at most
    /// `limit`: for the install's administrator to find a place to put a child.
    pub async fn locations(&self, text: &str, limit: u32) -> Result<Vec<Location>, Failure> {
        self.may_manage_install()?;
        let text = clean_optional(text, 200).map_err(|code| Failure::Invalid(Invalid::one("q", code)))?;
        Ok(self.store().locations(text.as_deref().unwrap_or(""), limit).await?)
    }

    /// Ends a placement on a day, or corrects the day it ended. Refused by field: `placement_id`
    /// (id-format, unknown-record), `ended_on` (required, date-format, ends-before-start).
    pub async fn end_placement(&self, placement: &str, ended_on: &str, purpose: &str) -> Result<Placement, Failure> {
        self.may_manage_install()?;
        let mut e = Invalid::default();
        let id = e.check("placement_id", placement.parse::<PlacementId>().map_err(|_| "id-format"));
        let ended_on = e.check("ended_on", date(ended_on));
        let found = match id {
            Some(id) => self.store().placement(id).await?,
            None => None,
        };
        if id.is_some() && found.is_none() {
            e.push("placement_id", "unknown-record");
        }
        let (Some(found), Some(ended_on), true) = (found, ended_on, e.is_empty()) else {
            return Err(Failure::Invalid(e));
        };
        if let Err(code) = Placement::check_dates(found.started_on, Some(ended_on)) {
            return Err(Failure::Invalid(Invalid::one("ended_on", code)));
        }
        let audit = self.event(AuditAction::PlacementEnd, purpose).person(found.person_id);
        self.store().end_placement(found.id, ended_on, &audit).await.map_err(|err| match err {
            StoreError::Missing { .. } => Failure::Invalid(Invalid::one("placement_id", "unknown-record")),
            other => other.into(),
        })?;
        Ok(Placement { ended_on: Some(ended_on), ..found })
    }

    /// Locations and placements from a CSV file, all or nothing: every row is checked first,
    /// each problem reported as `row N: column` with its code (row 1 is the first after the
    /// header), and nothing is written if any row is refused. Then everything is written in one
    /// transaction. Only the install's administrator (or the command line).
    ///
    /// The header names the columns, in any order:
    /// `record,key,kind,name,address,postcode,area,latitude,longitude,person,location,started_on,ended_on,placing_authority`.
    /// Only `record` is required in the header; a column left out is blank in every row, and a
    /// column haven does not know refuses the file. Each row is one of:
    ///
    /// - `record` = `location`: `kind`, `name`, `address`, `postcode`, `area`, `latitude`,
    ///   `longitude` as for [`Operator::create_location`], and an optional `key`: a name for the
    ///   location within this file, unique in it, for placement rows to point at.
    /// - `record` = `placement`: `kind` (`care_placement` or `home_address`), `person` (the
    ///   person's id, or `AGENCY:reference`), `location` (the `key` of a location row of this
    ///   file, or an existing location's id), `started_on`, `ended_on` and `placing_authority`
    ///   as for [`Operator::add_placement`].
    ///
    /// A value in a column the row's record does not use is refused (`not-used-by-this-record`)
    /// rather than dropped unseen.
    pub async fn import_places(&self, csv_bytes: &[u8], purpose: &str) -> Result<ImportSummary, Failure> {
        self.may_manage_install()?;
        let (rows, mut problems) = read_rows(csv_bytes)?;
        let areas = self.store().areas().await?;
        let agencies = self.store().agencies().await?;
        let mut locations: Vec<Location> = Vec::new();
        let mut keys: HashMap<String, LocationId> = HashMap::new();
        let mut used_keys: BTreeSet<&str> = BTreeSet::new();
        // Locations first, so that a placement may point at a location on a later row.
        for row in &rows {
            if row.get("record") != "location" {
                continue;
            }
            let mut e = Invalid::default();
            unused(row, &LOCATION_COLUMNS, &mut e);
            let key = row.get("key");
            if !key.is_empty() && !used_keys.insert(key) {
                e.push("key", "repeated");
            }
            let new = NewLocation {
                kind: row.get("kind"),
                name: row.get("name"),
                address: row.get("address"),
                postcode: row.get("postcode"),
                area: row.get("area"),
                latitude: row.get("latitude"),
                longitude: row.get("longitude"),
            };
            if let Some(location) = check_location(&new, &areas, &mut e) {
                if !key.is_empty() {
                    // A repeated key keeps its first row's location.
                    keys.entry(key.to_owned()).or_insert(location.id);
                }
                locations.push(location);
            }
            row.report(e, &mut problems);
        }
        let mut placements = Vec::new();
        for row in &rows {
            let mut e = Invalid::default();
            match row.get("record") {
                "location" => continue,
                "placement" => {
                    unused(row, &PLACEMENT_COLUMNS, &mut e);
                    let new = NewPlacement {
                        person: row.get("person"),
                        location: row.get("location"),
                        kind: row.get("kind"),
                        started_on: row.get("started_on"),
                        ended_on: row.get("ended_on"),
                        placing_authority: row.get("placing_authority"),
                    };
                    let checked = self.check_placement(&new, FILE_FIELDS, &keys, &agencies, &mut e, purpose).await?;
                    placements.extend(checked);
                }
                "" => e.push("record", "required"),
                _ => e.push("record", "unknown-code"),
            }
            row.report(e, &mut problems);
        }
        if rows.is_empty() && problems.is_empty() {
            problems.push("file", "no-rows");
        }
        if !problems.is_empty() {
            // Rows in file order, whichever pass found their problems.
            problems.0.sort_by_key(|p| row_number(&p.field));
            return Err(Failure::Invalid(problems));
        }
        let summary = ImportSummary { locations: locations.len(), placements: placements.len() };
        let audit = self
            .event(AuditAction::ImportBatch, purpose)
            .detail(Detail::Count { n: locations.len() + placements.len(), of: "places imported" });
        // Each child's trail shows their placement, as one added by itself would, written in
        // the load's own transaction.
        let trail =
            placements.iter().map(|p| self.event(AuditAction::PlacementAdd, purpose).person(p.person_id)).collect();
        let load = BulkLoad { locations, placements, trail, ..BulkLoad::default() };
        self.store().bulk_load(&load, &audit).await?;
        Ok(summary)
    }

    /// Checks a placement, resolving its person, location (`keys` first: a file's own locations)
    /// and placing authority. Problems go to `e`; the store's failures are returned.
    async fn check_placement(
        &self,
        new: &NewPlacement<'_>,
        fields: PlacementFields,
        keys: &HashMap<String, LocationId>,
        agencies: &[Agency],
        e: &mut Invalid,
        purpose: &str,
    ) -> Result<Option<Placement>, StoreError> {
        let person = self.person(new.person, fields.person, agencies, e, purpose).await?;
        let location = match new.location.trim() {
            "" => {
                e.push(fields.location, "required");
                None
            }
            raw => match (keys.get(raw), raw.parse::<LocationId>()) {
                (Some(id), _) => Some(*id),
                (None, Ok(id)) => {
                    let found = self.store().location(id).await?;
                    if found.is_none() {
                        e.push(fields.location, "unknown-record");
                    }
                    found.map(|l| l.id)
                }
                (None, Err(_)) => {
                    // In a file, a key no location row has; in the action, not an id at all.
                    e.push(fields.location, "unknown-record");
                    None
                }
            },
        };
        let kind = e.check("kind", PlacementKind::parse(new.kind.trim()));
        let started_on = e.check("started_on", date(new.started_on));
        let ended_on = optional_date(e, "ended_on", new.ended_on);
        if let (Some(start), Some(end)) = (started_on, ended_on)
            && let Err(code) = Placement::check_dates(start, end)
        {
            e.push("ended_on", code);
        }
        let placing_authority = match new.placing_authority.trim() {
            "" => Some(None),
            raw => match e.check("placing_authority", AgencyCode::parse(raw)) {
                None => None,
                Some(code) => match agencies.iter().find(|a| a.code == code) {
                    None => {
                        e.push("placing_authority", "unknown-agency");
                        None
                    }
                    Some(a) if a.kind != AgencyKind::LocalAuthority => {
                        e.push("placing_authority", "not-a-local-authority");
                        None
                    }
                    Some(a) => Some(Some(a.id)),
                },
            },
        };
        let (Some(person_id), Some(location_id), Some(kind), Some(started_on), Some(ended_on), Some(placing_authority)) =
            (person, location, kind, started_on, ended_on, placing_authority)
        else {
            return Ok(None);
        };
        if !e.is_empty() {
            return Ok(None);
        }
        Ok(Some(Placement {
            id: PlacementId::new(),
            person_id,
            location_id,
            kind,
            started_on,
            ended_on,
            placing_authority,
        }))
    }

    /// A person by id, or by `AGENCY:reference` (an agency's reference is unique within it).
    /// Looking someone up by reference is a search, and audited as one.
    async fn person(
        &self,
        raw: &str,
        field: &str,
        agencies: &[Agency],
        e: &mut Invalid,
        purpose: &str,
    ) -> Result<Option<PersonId>, StoreError> {
        let raw = raw.trim();
        if raw.is_empty() {
            e.push(field, "required");
            return Ok(None);
        }
        if let Ok(id) = raw.parse::<PersonId>() {
            return match self.store().person_holders(id).await {
                Ok(_) => Ok(Some(id)),
                Err(StoreError::NotFound) => {
                    e.push(field, "unknown-record");
                    Ok(None)
                }
                Err(other) => Err(other),
            };
        }
        let Some((code, reference)) = raw.split_once(':') else {
            e.push(field, "id-format");
            return Ok(None);
        };
        let agency = AgencyCode::parse(code).ok().and_then(|c| agencies.iter().find(|a| a.code == c));
        let (Some(agency), Ok(reference)) = (agency, Reference::parse(reference)) else {
            e.push(field, if agency.is_none() { "unknown-agency" } else { "unknown-record" });
            return Ok(None);
        };
        let query = PersonQuery { reference: Some(reference.as_str().to_owned()), ..PersonQuery::default() };
        let audit = self.event(AuditAction::PersonSearch, purpose).detail(Detail::Fields(vec!["reference"]));
        let found = self.store().search_people(&query, &[agency.id], 2, &audit).await?;
        match found.as_slice() {
            [one] => Ok(Some(one.id)),
            _ => {
                e.push(field, "unknown-record");
                Ok(None)
            }
        }
    }
}

/// Checks a location against the install's areas; problems go to `e`.
fn check_location(new: &NewLocation<'_>, areas: &[Area], e: &mut Invalid) -> Option<Location> {
    let kind = e.check("kind", LocationKind::parse(new.kind.trim()));
    let name = e.check("name", clean_optional(new.name, 200));
    let address = e.check("address", clean(new.address, 500, false));
    let postcode = match new.postcode.trim() {
        "" => Some(None),
        raw => e.check("postcode", Postcode::parse(raw)).map(Some),
    };
    let area_id = match new.area.trim() {
        "" => Some(None),
        raw => match e.check("area", AgencyCode::parse(raw)) {
            None => None,
            Some(code) => {
                let found = areas.iter().find(|a| a.code == code).map(|a| a.id);
                if found.is_none() {
                    e.push("area", "unknown-area");
                }
                found.map(Some)
            }
        },
    };
    let coordinates = coordinates(new.latitude, new.longitude, e);
    let (Some(kind), Some(name), Some(address), Some(postcode), Some(area_id), Some(coordinates)) =
        (kind, name, address, postcode, area_id, coordinates)
    else {
        return None;
    };
    Some(Location { id: LocationId::new(), kind, name, address, postcode, area_id, coordinates })
}

/// Both coordinates or neither; each checked on its own so that the wrong one is named.
fn coordinates(latitude: &str, longitude: &str, e: &mut Invalid) -> Option<Option<Coordinates>> {
    let number = |e: &mut Invalid, field: &str, raw: &str| match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            e.push(field, "number-format");
            None
        }
    };
    match (latitude.trim(), longitude.trim()) {
        ("", "") => Some(None),
        (_, "") => {
            e.push("longitude", "coordinates-need-both");
            None
        }
        ("", _) => {
            e.push("latitude", "coordinates-need-both");
            None
        }
        (lat, lon) => {
            let (lat, lon) = (number(e, "latitude", lat)?, number(e, "longitude", lon)?);
            // A point well inside the box stands in for the other half, to name the bad one.
            let lat_ok = e.check("latitude", Coordinates::parse(lat, -3.0)).is_some();
            let lon_ok = e.check("longitude", Coordinates::parse(52.0, lon)).is_some();
            (lat_ok && lon_ok).then(|| Coordinates::parse(lat, lon).ok()).flatten().map(Some)
        }
    }
}

/// One data row of a file of places; `n` is 1 for the first row after the header.
struct Row {
    n: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |v| v.trim())
    }

    /// The row's problems, each as `row N: field`.
    fn report(&self, e: Invalid, into: &mut Invalid) {
        for p in e.0 {
            into.push(format!("row {}: {}", self.n, p.field), p.code);
        }
    }
}

/// A value in a column this row's record does not use.
fn unused(row: &Row, used: &[&str], e: &mut Invalid) {
    for (column, value) in &row.cells {
        if !value.trim().is_empty() && !used.contains(column) {
            e.push(*column, "not-used-by-this-record");
        }
    }
    // Each row's problems in the order of the columns, whatever the map's order.
    e.0.sort_by_key(|p| COLUMNS.iter().position(|c| *c == p.field));
}

fn row_number(field: &str) -> usize {
    field.strip_prefix("row ").and_then(|rest| rest.split(':').next()).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// The file's rows by column. A file that cannot be read as CSV with a known header is refused
/// as a whole (`file`, or `header: <column>`); a row that cannot be read is a problem of
/// `row N: record`, returned beside the rows that can.
fn read_rows(bytes: &[u8]) -> Result<(Vec<Row>, Invalid), Failure> {
    let file = |code| Failure::Invalid(Invalid::one("file", code));
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|_| file("not-csv-text"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut e = Invalid::default();
    let mut at: Vec<&'static str> = Vec::new();
    let mut seen = BTreeSet::new();
    for name in &header {
        match COLUMNS.iter().find(|c| *c == name) {
            None => e.push(format!("header: {name}"), "unknown-column"),
            Some(_) if !seen.insert(name.clone()) => e.push(format!("header: {name}"), "repeated"),
            Some(c) => at.push(c),
        }
    }
    if !seen.contains("record") {
        e.push("header: record", "required");
    }
    if !e.is_empty() {
        return Err(Failure::Invalid(e));
    }
    let mut rows = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let n = k + 1;
        if n > MAX_IMPORT_ROWS {
            return Err(file("too-many-rows"));
        }
        match record {
            Ok(r) if r.len() == at.len() => {
                let cells = at.iter().zip(r.iter()).map(|(c, v)| (*c, v.to_owned())).collect();
                rows.push(Row { n, cells });
            }
            Ok(_) => e.push(format!("row {n}: record"), "wrong-number-of-fields"),
            Err(_) => e.push(format!("row {n}: record"), "not-csv-text"),
        }
    }
    Ok((rows, e))
}
