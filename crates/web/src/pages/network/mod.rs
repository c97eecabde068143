//! Associations and hotspots (issue 20): `/people/{id}/network?depth=` (a person's network as a
//! table of links, the page itself, with a graph drawn over it by a small script from the same
//! data embedded in the page) and `/hotspots?area=&from=&to=` (an area's places ranked, as a
//! map drawn on the server from boundaries served locally and the same ranking as a table).
//! Who may see what is `haven_app::network`'s to decide; these pages translate.

mod associate;
mod map;
pub(crate) mod pick;

use crate::error::{AppError, Outcome};
use crate::pages::people::{caller, normalise_date, parse_id};
use crate::session::SignedIn;
use crate::state::AppState;
use crate::views::{ErrorItem, Field, FieldKind, PageCtx, attach_errors, render};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use haven_app::network::{HotspotsAsk, Network, NodeLabel};
use haven_domain::network::{Link, Node};
use haven_domain::person::PersonKind;
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people/{id}/network", get(network))
        .route("/hotspots", get(hotspots))
        .route("/missing/{id}/associations", get(associate::form).post(associate::record))
}

/// What the network page's query string carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NetworkAsk {
    pub depth: String,
}

/// One link as the table shows it.
#[derive(Debug)]
pub struct EdgeRow {
    pub from: String,
    pub from_href: Option<String>,
    pub to: String,
    pub to_href: Option<String>,
    pub relation: String,
    pub source: String,
    pub date: String,
}

/// The graph's data, embedded in the page as JSON for the script.
#[derive(Debug, Serialize)]
struct GraphData {
    nodes: Vec<GraphNode>,
    edges: Vec<GraphEdge>,
}

#[derive(Debug, Serialize)]
struct GraphNode {
    id: String,
    label: String,
    /// `child`, `adult`, `hidden` or `place`.
    kind: &'static str,
    step: u8,
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct GraphEdge {
    source: String,
    target: String,
    label: String,
}

#[derive(Debug, Template)]
#[template(path = "network/person.html")]
struct NetworkPage {
    ctx: PageCtx,
    title: String,
    person_href: String,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    rows: Vec<EdgeRow>,
    counts: String,
    cut: bool,
    /// The graph's data as JSON, `<` escaped so that it cannot close the script element.
    graph: String,
    action: String,
}

fn node_id(n: Node) -> String {
    match n {
        Node::Person(p) => format!("p-{p}"),
        Node::Location(l) => format!("l-{l}"),
    }
}

/// A node's name as shown, and the page it links to.
fn node_text(ctx: &PageCtx, network: &Network, n: Node) -> (String, Option<String>) {
    match (network.label(n), n) {
        (Some(NodeLabel::Person { name, .. }), Node::Person(p)) => (name.clone(), Some(format!("/people/{p}"))),
        (Some(NodeLabel::Place { label, .. }), _) => (label.clone(), None),
        _ => (ctx.t("network-hidden-person"), None),
    }
}

fn relation(ctx: &PageCtx, l: &Link) -> String {
    ctx.label("network-relation", l.relation.code())
}

fn depth_field(ctx: &PageCtx, value: &str) -> Field {
    let choices = [("2", ctx.t("network-depth-2")), ("1", ctx.t("network-depth-1"))];
    let value = if value.trim().is_empty() { "2" } else { value };
    Field::choose("depth", ctx.t("network-depth"), value, FieldKind::Select, &choices)
}

#[tracing::instrument(skip_all, fields(person_id = %id))]
pub async fn network(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    Query(ask): Query<NetworkAsk>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let caller = caller(&state, &session).await?;
    let mut fields = vec![depth_field(&ctx, &ask.depth)];
    let action = format!("/people/{id}/network");
    let network = match Outcome::of(caller.network(id, &ask.depth, "GET /people/{id}/network").await)? {
        Outcome::Done(n) => n,
        Outcome::Invalid(e) => {
            // Nothing was read: the page names the field only.
            let errors = attach_errors(ctx.lang, &mut fields, &e.0);
            let page = NetworkPage {
                title: ctx.t("network-title-plain"),
                person_href: format!("/people/{id}"),
                fields,
                errors,
                rows: vec![],
                counts: String::new(),
                cut: false,
                graph: String::new(),
                action,
                ctx,
            };
            return render(StatusCode::BAD_REQUEST, &page);
        }
        Outcome::Conflict => return Err(AppError::BadRequest),
    };
    let name = node_text(&ctx, &network, Node::Person(id)).0;
    let rows: Vec<EdgeRow> = network
        .edges
        .iter()
        .map(|l| {
            let (from, from_href) = node_text(&ctx, &network, Node::Person(l.child));
            let (to, to_href) = node_text(&ctx, &network, l.other);
            EdgeRow {
                from,
                from_href,
                to,
                to_href,
                relation: relation(&ctx, l),
                source: ctx.label("network-source", l.source.code()),
                date: ctx.time(&l.at),
            }
        })
        .collect();
    let graph = GraphData {
        nodes: network
            .nodes
            .iter()
            .map(|n| {
                let (label, href) = node_text(&ctx, &network, n.node);
                let kind = match &n.label {
                    NodeLabel::Person { kind: PersonKind::Child, .. } => "child",
                    NodeLabel::Person { .. } => "adult",
                    NodeLabel::Hidden => "hidden",
                    NodeLabel::Place { .. } => "place",
                };
                GraphNode { id: node_id(n.node), label, kind, step: n.step, href }
            })
            .collect(),
        edges: network
            .edges
            .iter()
            .map(|l| GraphEdge {
                source: node_id(Node::Person(l.child)),
                target: node_id(l.other),
                label: relation(&ctx, l),
            })
            .collect(),
    };
    let graph = serde_json::to_string(&graph).unwrap_or_default().replace('<', "\\u003c");
    let counts = ctx.lang.t_args(
        "network-counts",
        &[("edges", network.edges.len().to_string()), ("nodes", network.nodes.len().to_string())],
    );
    let page = NetworkPage {
        title: ctx.t1("network-title", "name", &name),
        person_href: format!("/people/{id}"),
        fields,
        errors: vec![],
        rows,
        counts,
        cut: network.cut,
        graph,
        action,
        ctx,
    };
    render(StatusCode::OK, &page)
}

/// What the hotspots page's query string carries.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HotspotsQuery {
    pub area: String,
    pub from: String,
    pub to: String,
}

/// One place as the ranking table shows it.
#[derive(Debug)]
pub struct HotspotRow {
    pub rank: usize,
    pub place: String,
    pub kind: String,
    pub missing_from: u32,
    pub found_at: u32,
    pub children: u32,
    pub previous: u32,
    pub trend: String,
}

/// One member of a group: its name (or "not named") and the page it links to.
#[derive(Debug)]
pub struct GroupMember {
    pub text: String,
    pub href: Option<String>,
}

/// One group as the groups table shows it.
#[derive(Debug)]
pub struct GroupRow {
    pub number: usize,
    /// Children, adults, people not named, places.
    pub counts: [usize; 4],
    pub members: Vec<GroupMember>,
}

fn group_rows(ctx: &PageCtx, groups: &[haven_app::network::Group]) -> Vec<GroupRow> {
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| GroupRow {
            number: i + 1,
            counts: g.counts(),
            members: g
                .members
                .iter()
                .map(|m| match (&m.label, m.node) {
                    (NodeLabel::Person { name, .. }, Node::Person(p)) => {
                        GroupMember { text: name.clone(), href: Some(format!("/people/{p}/network")) }
                    }
                    (NodeLabel::Place { label, .. }, _) => GroupMember { text: label.clone(), href: None },
                    _ => GroupMember { text: ctx.t("network-hidden-person"), href: None },
                })
                .collect(),
        })
        .collect()
}

#[derive(Debug, Template)]
#[template(path = "network/hotspots.html")]
struct HotspotsPage {
    ctx: PageCtx,
    title: String,
    fields: Vec<Field>,
    errors: Vec<ErrorItem>,
    shown: bool,
    period: String,
    map: String,
    map_note: Option<String>,
    not_mapped: Option<String>,
    rows: Vec<HotspotRow>,
    groups: Vec<GroupRow>,
}

#[tracing::instrument(skip_all)]
pub async fn hotspots(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(session): SignedIn,
    Query(q): Query<HotspotsQuery>,
) -> Result<Response, AppError> {
    let caller = caller(&state, &session).await?;
    haven_app::for_role(&caller.actor(), haven_domain::policy::Action::ViewEpisodes)?;
    let areas = caller.hotspot_areas().await?;
    let mut choices: Vec<(&str, String)> = vec![("", String::new())];
    choices.extend(areas.iter().map(|a| (a.code.as_str(), a.name.clone())));
    let mut fields = vec![
        Field::choose("area", ctx.t("hotspots-area"), &q.area, FieldKind::Select, &choices),
        Field::text("from", ctx.t("hotspots-from"), &q.from, "govuk-input--width-10").hint(ctx.t("hotspots-from-hint")),
        Field::text("to", ctx.t("hotspots-to"), &q.to, "govuk-input--width-10").hint(ctx.t("hotspots-to-hint")),
    ];
    let empty = |ctx: PageCtx, fields, errors, status| {
        let page = HotspotsPage {
            title: ctx.t("hotspots-title"),
            fields,
            errors,
            shown: false,
            period: String::new(),
            map: String::new(),
            map_note: None,
            not_mapped: None,
            rows: vec![],
            groups: vec![],
            ctx,
        };
        render(status, &page)
    };
    if q.area.trim().is_empty() && q.from.trim().is_empty() && q.to.trim().is_empty() {
        return empty(ctx, fields, vec![], StatusCode::OK);
    }
    let (from, to) = (normalise_date(&q.from), normalise_date(&q.to));
    let ask = HotspotsAsk { area: &q.area, from: &from, to: &to };
    let h = match Outcome::of(caller.hotspots(&ask, "GET /hotspots").await)? {
        Outcome::Done(h) => h,
        Outcome::Invalid(e) => {
            let errors = attach_errors(ctx.lang, &mut fields, &e.0);
            return empty(ctx, fields, errors, StatusCode::BAD_REQUEST);
        }
        Outcome::Conflict => return Err(AppError::BadRequest),
    };
    let previous = h.period.previous();
    let period = ctx.lang.t_args(
        "hotspots-period",
        &[
            ("from", ctx.date(&h.period.from)),
            ("to", ctx.date(&h.period.to)),
            ("previous_from", ctx.date(&previous.from)),
            ("previous_to", ctx.date(&previous.to)),
        ],
    );
    let label = |l: &haven_domain::location::Location| match &l.name {
        Some(name) => format!("{name}, {}", l.address),
        None => l.address.clone(),
    };
    let rows: Vec<HotspotRow> = h
        .ranked
        .iter()
        .enumerate()
        .map(|(i, (spot, place))| HotspotRow {
            rank: i + 1,
            place: label(place),
            kind: ctx.label("location-kind", place.kind.code()),
            missing_from: spot.missing_from,
            found_at: spot.found_at,
            children: spot.children,
            previous: spot.previous,
            trend: ctx.label("hotspots-trend", spot.trend().code()),
        })
        .collect();
    // The same ask has just been checked: the groups' read can only fail as the store can.
    let groups = caller.groups(&ask, "GET /hotspots").await.map_err(AppError::from)?;
    let groups = group_rows(&ctx, &groups);
    let boundary = map::boundary(h.area.code.as_str());
    let points: Vec<map::Point> = h
        .ranked
        .iter()
        .enumerate()
        .filter_map(|(i, (spot, place))| {
            let c = place.coordinates?;
            let title = ctx.lang.t_args(
                "hotspots-point",
                &[("rank", (i + 1).to_string()), ("place", label(place)), ("episodes", spot.episodes().to_string())],
            );
            Some(map::Point { lat: c.lat, lon: c.lon, weight: f64::from(spot.episodes()), title })
        })
        .collect();
    let unmapped = h.ranked.len() - points.len();
    let map = map::svg(
        boundary.as_deref(),
        &points,
        &ctx.t1("hotspots-map-title", "area", &h.area.name),
        &ctx.t("hotspots-map-desc"),
        state.config.map_tiles.as_ref(),
    );
    let page = HotspotsPage {
        title: ctx.t1("hotspots-title-area", "area", &h.area.name),
        fields,
        errors: vec![],
        shown: true,
        period,
        map,
        map_note: boundary.is_none().then(|| ctx.t("hotspots-map-no-boundary")),
        not_mapped: (unmapped > 0).then(|| ctx.t1("hotspots-not-mapped", "n", &unmapped.to_string())),
        rows,
        groups,
        ctx,
    };
    render(StatusCode::OK, &page)
}
