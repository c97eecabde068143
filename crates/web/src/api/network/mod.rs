//! Associations and hotspots (issue 20): a person's network to one or two steps
//! (`GET /api/v1/people/{id}/network?depth=`), an area's hotspots
//! (`GET /api/v1/hotspots?area=&from=&to=`), and an association recorded on an episode's return
//! or interview (`POST /api/v1/missing-episodes/{id}/associations`). The same application calls
//! as the pages: the same need to know, the same audit.

use crate::AppState;
use crate::api::access::{PersonPath, caller};
use crate::api::auth::ApiUser;
use crate::api::error::{ApiError, ApiResult, FieldProblem, Problem};
use crate::api::json::{JsonBytes, parse};
use crate::api::query::QueryParams;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use haven_app::Failure;
use haven_app::network::{HotspotsAsk, Network, NetworkNode, NodeLabel};
use haven_domain::network::{AssociationInput, Link, Node};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(person_network)).routes(routes!(hotspots)).routes(routes!(add_association))
}

/// A query refused: a bad request, each parameter named.
fn refused(f: Failure) -> ApiError {
    match f {
        Failure::Invalid(e) => {
            ApiError::BadRequest(e.0.into_iter().map(|p| FieldProblem::field(p.field, p.code)).collect())
        }
        other => other.into(),
    }
}

/// A node of a network.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NodeResponse {
    /// `person` or `location`.
    pub kind: String,
    pub id: Uuid,
    /// Steps from the person the network is drawn around (0 for them).
    pub step: u8,
    /// The person's name or the place's name and address; `null` for a person not shared with
    /// the caller.
    pub label: Option<String>,
    /// `child` or `adult` for a person shared with the caller, the place's kind
    /// (`childrens_home`, `premises_of_concern`…) for a place; `null` for a person not shared.
    pub category: Option<String>,
}

/// An edge of a network: a child joined to a person or a place by a part of their missing
/// episode, or by a MACE meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EdgeResponse {
    /// The child.
    pub from: Uuid,
    /// The person or place (`to_kind`).
    pub to: Uuid,
    /// `person` or `location`.
    pub to_kind: String,
    /// `missing_from`, `last_seen_at`, `found_at`, `found_with`, `disclosed`, `linked_person`,
    /// `linked_place`, `seen_at` or `linked_at_mace`.
    pub relation: String,
    /// Where it came from: `episode` (the report), `note`, `return` or `rhi` (parts of a
    /// missing episode), or `mace` (an item of a MACE meeting).
    pub source: String,
    /// The record it came from (the episode, the note, the association or the MACE link).
    pub source_id: Uuid,
    /// The episode, for an edge from a missing episode.
    pub episode_id: Option<Uuid>,
    /// The meeting, for an edge from a MACE meeting.
    pub meeting_id: Option<Uuid>,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// A person's network as the caller may see it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NetworkResponse {
    pub person_id: Uuid,
    pub depth: u8,
    pub nodes: Vec<NodeResponse>,
    pub edges: Vec<EdgeResponse>,
    /// Whether the network was cut at its most nodes (200).
    pub cut: bool,
}

fn node_kind(n: Node) -> &'static str {
    match n {
        Node::Person(_) => "person",
        Node::Location(_) => "location",
    }
}

pub(crate) fn edge(l: &Link) -> EdgeResponse {
    EdgeResponse {
        from: l.child.0,
        to: l.other.uuid(),
        to_kind: node_kind(l.other).to_owned(),
        relation: l.relation.code().to_owned(),
        source: l.source.code().to_owned(),
        source_id: l.source_id,
        episode_id: l.episode.map(|e| e.0),
        meeting_id: l.meeting.map(|m| m.0),
        at: l.at,
    }
}

fn node(node: &NetworkNode) -> NodeResponse {
    let (label, category) = match &node.label {
        NodeLabel::Person { name, kind } => (Some(name.clone()), Some(kind.code().to_owned())),
        NodeLabel::Place { label, kind } => (Some(label.clone()), Some(kind.code().to_owned())),
        NodeLabel::Hidden => (None, None),
    };
    NodeResponse { kind: node_kind(node.node).to_owned(), id: node.node.uuid(), step: node.step, label, category }
}

impl From<&Network> for NetworkResponse {
    fn from(n: &Network) -> Self {
        let nodes = n.nodes.iter().map(node).collect();
        Self { person_id: n.centre.0, depth: n.depth, nodes, edges: n.edges.iter().map(edge).collect(), cut: n.cut }
    }
}

/// A person's network of children, adults and places, to one or two steps, from the structured
/// parts of missing episodes (where the child went missing from, notes naming a person or a
/// place, whom they were found with and where, what they disclosed), each edge with its source
/// and date. Only edges from records the caller sees; a person not shared with the caller is
/// shown without a name and not gone through. Audited (`network.view`).
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/network",
    tag = "network",
    params(
        ("id" = uuid::Uuid, Path, description = "The person's id"),
        ("depth" = Option<u8>, Query, description = "`1` or `2` steps (default 2)"),
    ),
    responses(
        (status = 200, description = "The network", body = NetworkResponse),
        (status = 400, description = "Malformed id, an unknown parameter, or `depth` refused (`whole-number`, `out-of-range`, `too-large`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such person, or one not shared with the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(person_id = %id.0))]
pub async fn person_network(
    State(state): State<AppState>,
    user: ApiUser,
    PersonPath(id): PersonPath,
    q: QueryParams,
) -> ApiResult<Json<NetworkResponse>> {
    q.only(&["depth"])?;
    let caller = caller(state.store.as_ref(), &user).await?;
    let depth = q.get("depth").unwrap_or_default();
    let network = caller.network(id, depth, "GET /api/v1/people/{id}/network").await.map_err(refused)?;
    Ok(Json(NetworkResponse::from(&network)))
}

/// One place of an area's hotspots.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HotspotResponse {
    /// 1 for the place with the most episodes.
    pub rank: usize,
    pub location_id: Uuid,
    pub label: String,
    /// The place's kind (`childrens_home`, `public_place`…).
    pub kind: String,
    pub postcode: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Episodes in the period that went missing from the place.
    pub missing_from: u32,
    /// Episodes in the period whose child was found there.
    pub found_at: u32,
    /// Children linked to the place by those episodes.
    pub children: u32,
    /// Episodes (missing from and found at) in the period of equal length before.
    pub previous: u32,
    /// `up`, `down` or `same` against the period before.
    pub trend: String,
}

/// A group of an area: people and places linked more among themselves than with the rest.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct GroupResponse {
    pub children: usize,
    pub adults: usize,
    /// People not shared with the caller (shown without a name).
    pub not_named: usize,
    pub places: usize,
    /// The members, as a network's nodes (`step` 0).
    pub members: Vec<NodeResponse>,
}

/// An area's hotspots.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct HotspotsResponse {
    pub area: String,
    pub area_name: String,
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub places: Vec<HotspotResponse>,
    /// The area's groups over the period by community detection, the largest first (at most
    /// 20, each of three or more), as the hotspots page shows them.
    pub groups: Vec<GroupResponse>,
}

/// An area's places ranked by the missing episodes the caller sees that went missing from them
/// or were found there in the period, then by the children linked, with the trend against the
/// period of equal length before. Audited (`hotspots.view`).
#[utoipa::path(
    get,
    path = "/api/v1/hotspots",
    tag = "network",
    params(
        ("area" = String, Query, description = "The area's code"),
        ("from" = Option<String>, Query, description = "The first day, YYYY-MM-DD (with `to`; both blank: the 90 days to today)"),
        ("to" = Option<String>, Query, description = "The last day, YYYY-MM-DD"),
    ),
    responses(
        (status = 200, description = "The ranking", body = HotspotsResponse),
        (status = 400, description = "A parameter refused, by name (`area: required`, `area: unknown-area` for an area that does not exist or the caller's agency does not work in, `to: before-from`, `to: date-in-future`)",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy (a role or agency that sees no episodes)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all)]
pub async fn hotspots(
    State(state): State<AppState>,
    user: ApiUser,
    q: QueryParams,
) -> ApiResult<Json<HotspotsResponse>> {
    q.only(&["area", "from", "to"])?;
    let get = |name| q.get(name).unwrap_or_default();
    let ask = HotspotsAsk { area: get("area"), from: get("from"), to: get("to") };
    let caller = caller(state.store.as_ref(), &user).await?;
    let h = caller.hotspots(&ask, "GET /api/v1/hotspots").await.map_err(refused)?;
    let groups = caller.groups(&ask, "GET /api/v1/hotspots").await.map_err(refused)?;
    let groups = groups
        .iter()
        .map(|g| {
            let [children, adults, not_named, places] = g.counts();
            GroupResponse { children, adults, not_named, places, members: g.members.iter().map(node).collect() }
        })
        .collect();
    let previous = h.period.previous();
    let places = h
        .ranked
        .iter()
        .enumerate()
        .map(|(i, (spot, place))| HotspotResponse {
            rank: i + 1,
            location_id: place.id.0,
            label: match &place.name {
                Some(name) => format!("{name}, {}", place.address),
                None => place.address.clone(),
            },
            kind: place.kind.code().to_owned(),
            postcode: place.postcode.as_ref().map(|p| p.as_str().to_owned()),
            lat: place.coordinates.map(|c| c.lat),
            lon: place.coordinates.map(|c| c.lon),
            missing_from: spot.missing_from,
            found_at: spot.found_at,
            children: spot.children,
            previous: spot.previous,
            trend: spot.trend().code().to_owned(),
        })
        .collect();
    Ok(Json(HotspotsResponse {
        area: h.area.code.to_string(),
        area_name: h.area.name.clone(),
        from: h.period.from.to_string(),
        to: h.period.to.to_string(),
        previous_from: previous.from.to_string(),
        previous_to: previous.to.to_string(),
        places,
        groups,
    }))
}

/// An association to record on an episode.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AssociationRequest {
    /// With the return: `found_with` (a person), `found_at` or `last_seen_at` (a place); with
    /// the return home interview: `disclosed` (a person or a place).
    #[schema(required = true, example = "found_with")]
    pub relation: Option<String>,
    /// The person (one of `person_id` and `location_id`).
    pub person_id: Option<String>,
    /// The place.
    pub location_id: Option<String>,
}

/// The association as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssociationResponse {
    pub id: Uuid,
    pub episode_id: Uuid,
    pub relation: String,
    /// `return` or `rhi`.
    pub source: String,
    pub person_id: Option<Uuid>,
    pub location_id: Option<Uuid>,
    /// The return's or the interview's time.
    pub at: DateTime<Utc>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTime<Utc>,
}

/// Records whom the child was found with, where they were found or last seen (the police, on
/// their own episode, once the child has returned), or a person or place the child disclosed in
/// the return home interview (those who record it, once it is recorded). Audited
/// (`episode.association_add`).
#[utoipa::path(
    post,
    path = "/api/v1/missing-episodes/{id}/associations",
    tag = "network",
    params(("id" = uuid::Uuid, Path, description = "The episode's id")),
    request_body = AssociationRequest,
    responses(
        (status = 201, description = "Recorded", body = AssociationResponse),
        (status = 400, description = "Malformed id or JSON, an unknown field or a wrong type",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Refused by the access policy", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such episode, or one not shared with the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The child has not returned, or the interview is not recorded yet; nothing written",
            body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 1 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Values refused (`relation: unknown-code`, `person_id: required`, `location_id: required`, `subject: person-or-place`, `person_id: unknown-record`); nothing written",
            body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[tracing::instrument(skip_all, fields(episode_id = %id))]
pub async fn add_association(
    State(state): State<AppState>,
    user: ApiUser,
    crate::api::missing::EpisodePath(id): crate::api::missing::EpisodePath,
    body: JsonBytes,
) -> ApiResult<Response> {
    let caller = caller(state.store.as_ref(), &user).await?;
    let request: AssociationRequest = parse(&body.0)?;
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let (relation, person, location) = (text(&request.relation), text(&request.person_id), text(&request.location_id));
    let input = AssociationInput { relation: &relation, person: &person, location: &location };
    let a = caller.record_association(id, &input, "POST /api/v1/missing-episodes/{id}/associations").await?;
    let (person_id, location_id) = match a.other {
        Node::Person(p) => (Some(p.0), None),
        Node::Location(l) => (None, Some(l.0)),
    };
    let body = AssociationResponse {
        id: a.id.0,
        episode_id: a.episode.0,
        relation: a.relation.code().to_owned(),
        source: a.source.code().to_owned(),
        person_id,
        location_id,
        at: a.at,
        recorded_by: a.recorded_by.map(|u| u.0),
        recorded_at: a.recorded_at,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}
