//! `/api/v1/admin/locations`, `/placements`: places and children's placements at them, for the
//! install's administrator (`system_admin`). A placement decides flags every agency sees (a
//! child reported missing with no place given went missing from their placement today), so no
//! one else adds one. Each call is `haven_app::places`' action, as the command line's.

use super::operator;
use crate::AppState;
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use haven_app::places::{NewLocation, NewPlacement};
use haven_domain::location::{Location, Placement};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A new location.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewLocationRequest {
    /// `family_home`, `foster_placement`, `childrens_home`, `supported_lodging`,
    /// `asylum_hotel`, `school_or_college`, `premises_of_concern` or `public_place`.
    #[schema(required = true, example = "childrens_home")]
    pub kind: String,
    /// The place's name, if it has one.
    #[schema(example = "Tŷ Gwyn")]
    pub name: String,
    #[schema(required = true, example = "1 Heol y Coed, Cardiff")]
    pub address: String,
    #[schema(example = "CF10 1AA")]
    pub postcode: String,
    /// The code of the area it lies in.
    #[schema(example = "CARDIFF")]
    pub area: String,
    /// WGS84 decimal degrees; both or neither.
    #[schema(example = 51.48)]
    pub latitude: Option<f64>,
    #[schema(example = -3.18)]
    pub longitude: Option<f64>,
}

/// A location as made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationResponse {
    pub id: Uuid,
    pub kind: String,
    pub name: Option<String>,
    pub address: String,
    pub postcode: Option<String>,
    pub area_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl From<Location> for LocationResponse {
    fn from(l: Location) -> Self {
        Self {
            id: l.id.0,
            kind: l.kind.code().to_owned(),
            name: l.name,
            address: l.address,
            postcode: l.postcode.map(String::from),
            area_id: l.area_id.map(|a| a.0),
            latitude: l.coordinates.map(|c| c.lat),
            longitude: l.coordinates.map(|c| c.lon),
        }
    }
}

/// A new placement of a person at a location.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NewPlacementRequest {
    /// The person's id, or `AGENCY:reference` (the reference that agency holds them under).
    #[schema(required = true, example = "CARDIFF-CS:CS-2026/114")]
    pub person_id: String,
    #[schema(required = true)]
    pub location_id: String,
    /// `care_placement` (default) or `home_address`.
    #[schema(example = "care_placement")]
    pub kind: String,
    #[schema(required = true, example = "2026-11-01")]
    pub started_on: String,
    /// Blank while the placement lasts.
    pub ended_on: String,
    /// The code of the local authority that placed the child.
    #[schema(example = "CARDIFF-CS")]
    pub placing_authority: String,
}

/// A placement as made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacementResponse {
    pub id: Uuid,
    pub person_id: Uuid,
    pub location_id: Uuid,
    pub kind: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// The placing authority's agency id.
    pub placing_authority: Option<Uuid>,
}

impl From<Placement> for PlacementResponse {
    fn from(p: Placement) -> Self {
        Self {
            id: p.id.0,
            person_id: p.person_id.0,
            location_id: p.location_id.0,
            kind: p.kind.code().to_owned(),
            started_on: p.started_on,
            ended_on: p.ended_on,
            placing_authority: p.placing_authority.map(|a| a.0),
        }
    }
}

const REFUSED: &str = "Not the install's administrator";

/// Adds a location.
#[utoipa::path(post, path = "/api/v1/admin/locations", tag = "admin", request_body = NewLocationRequest,
    responses(
        (status = 201, description = "The location", body = LocationResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (an unknown kind or area, a bad postcode, coordinates outside the UK or only one given…); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn create_location(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<LocationResponse>)> {
    let r: NewLocationRequest = parse(&body.0)?;
    let (latitude, longitude) = (r.latitude.map(|v| v.to_string()), r.longitude.map(|v| v.to_string()));
    let new = NewLocation {
        kind: &r.kind,
        name: &r.name,
        address: &r.address,
        postcode: &r.postcode,
        area: &r.area,
        latitude: latitude.as_deref().unwrap_or(""),
        longitude: longitude.as_deref().unwrap_or(""),
    };
    let location = operator(&state, &user).create_location(&new, "POST /api/v1/admin/locations").await?;
    Ok((StatusCode::CREATED, Json(location.into())))
}

/// Places a person at a location.
#[utoipa::path(post, path = "/api/v1/admin/placements", tag = "admin", request_body = NewPlacementRequest,
    responses(
        (status = 201, description = "The placement", body = PlacementResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (an unknown person or location, an end before the start, a placing authority that is not a local authority…); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn add_placement(
    State(state): State<AppState>,
    user: ApiUser,
    body: JsonBytes,
) -> ApiResult<(StatusCode, Json<PlacementResponse>)> {
    let r: NewPlacementRequest = parse(&body.0)?;
    let new = NewPlacement {
        person: &r.person_id,
        location: &r.location_id,
        kind: if r.kind.trim().is_empty() { "care_placement" } else { &r.kind },
        started_on: &r.started_on,
        ended_on: &r.ended_on,
        placing_authority: &r.placing_authority,
    };
    let placement = operator(&state, &user).add_placement(&new, "POST /api/v1/admin/placements").await?;
    Ok((StatusCode::CREATED, Json(placement.into())))
}

/// Which locations to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "documents the parameters; QueryParams reads them")]
pub struct LocationParams {
    /// Part of the name, address or postcode, in any case; every location when absent.
    q: Option<String>,
    /// At most this many: 1 to 1000, 200 by default.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
}

/// Lists locations by name, then address.
#[utoipa::path(get, path = "/api/v1/admin/locations", tag = "admin", params(LocationParams),
    responses(
        (status = 200, description = "The locations", body = Vec<LocationResponse>),
        (status = 400, description = "A malformed or unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn list_locations(
    State(state): State<AppState>,
    user: ApiUser,
    params: QueryParams,
) -> ApiResult<Json<Vec<LocationResponse>>> {
    params.only(&["q", "limit"])?;
    let mut problems = Vec::new();
    let limit = params.limit(200, 1000, &mut problems);
    if !problems.is_empty() {
        return Err(ApiError::BadRequest(problems));
    }
    let found = operator(&state, &user).locations(params.get("q").unwrap_or(""), limit).await?;
    Ok(Json(found.into_iter().map(Into::into).collect()))
}

/// The day a placement ended.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct EndPlacementRequest {
    /// The last day of the placement (it may correct an end given before).
    #[schema(required = true, example = "2026-11-30")]
    pub ended_on: String,
}

/// Ends a placement.
#[utoipa::path(post, path = "/api/v1/admin/placements/{id}/end", tag = "admin", request_body = EndPlacementRequest,
    params(("id" = String, Path, description = "The placement's id")),
    responses(
        (status = 200, description = "The placement, ended", body = PlacementResponse),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (an unknown placement, an end before its start…); nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn end_placement(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    body: JsonBytes,
) -> ApiResult<Json<PlacementResponse>> {
    let r: EndPlacementRequest = parse(&body.0)?;
    let purpose = "POST /api/v1/admin/placements/{id}/end";
    let placement = operator(&state, &user).end_placement(&id, &r.ended_on, purpose).await?;
    Ok(Json(placement.into()))
}

/// What an import of places wrote.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportPlacesResponse {
    pub locations: usize,
    pub placements: usize,
}

/// Imports locations and placements from a CSV file, every row or none.
///
/// The header names the columns, in any order (only `record` is required):
/// `record,key,kind,name,address,postcode,area,latitude,longitude,person,location,started_on,ended_on,placing_authority`.
/// Each row's `record` is `location` or `placement`. A refused file answers 422 with one problem
/// per refused cell, its field `row N: column`; nothing is written.
#[utoipa::path(post, path = "/api/v1/admin/places/import", tag = "admin",
    request_body(content = String, content_type = "text/csv", description = "The file"),
    responses(
        (status = 201, description = "What was imported", body = ImportPlacesResponse),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = REFUSED, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 1 MiB (about 5,000 rows): split the file"),
        (status = 422, description = "Rows refused, each by row and column; nothing written", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
pub async fn import_places(
    State(state): State<AppState>,
    user: ApiUser,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<ImportPlacesResponse>)> {
    let done = operator(&state, &user).import_places(&body, "POST /api/v1/admin/places/import").await?;
    Ok((StatusCode::CREATED, Json(ImportPlacesResponse { locations: done.locations, placements: done.placements })))
}
