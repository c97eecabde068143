//! Associations and hotspots (issue 20), once for every adapter: recording whom a child was
//! found with, where they were found or last seen and whom or what they disclosed; a person's
//! network to one or two steps; an area's hotspots.
//!
//! Need to know: an edge is shown only where the caller sees the part of the episode it came
//! from (its owner's sharing with the caller's kind and role, cut as the episode itself is:
//! [`Link::visible_in`]), or, for a link a MACE meeting made, where the caller's agency was
//! part of the meeting and their role reads meetings; a node reached only through hidden edges
//! is not shown; a person the caller may not see is shown without a name, and the network does
//! not go on through them.
//! Every read is audited: the network on the person's trail (and on the trail of each person it
//! names), the hotspots on the area's.

use crate::access::Caller;
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use crate::references::resolve_area;
use haven_domain::Invalid;
use haven_domain::agency::Area;
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::figures::Period;
use haven_domain::ids::{AgencyId, AssociationId, EpisodeId, LocationId, PersonId};
use haven_domain::location::{Location, LocationKind};
use haven_domain::mace::access::{Right, decide};
use haven_domain::network::{
    self, Association, AssociationInput, Grouping, Hotspot, Link, MAX_NODES, Node, Relation, Source,
};
use haven_domain::person::PersonKind;
use haven_domain::policy::{Action, Decision};
use haven_domain::sharing::RecordClass;
use haven_store::StoreError;
use std::collections::{BTreeSet, HashMap};

/// How many of an area's groups a page shows, largest first.
pub const GROUPS_SHOWN: usize = 20;

/// A group of people and places linked more among themselves than with the rest of the area.
#[derive(Debug, Clone)]
pub struct Group {
    /// Labelled as on a network (`step` is 0 for all).
    pub members: Vec<NetworkNode>,
}

impl Group {
    /// How many members are children, adults, people not named, and places.
    pub fn counts(&self) -> [usize; 4] {
        let mut out = [0; 4];
        for m in &self.members {
            let i = match &m.label {
                NodeLabel::Person { kind: PersonKind::Child, .. } => 0,
                NodeLabel::Person { .. } => 1,
                NodeLabel::Hidden => 2,
                NodeLabel::Place { .. } => 3,
            };
            out[i] += 1;
        }
        out
    }
}

/// Community detection behind the domain's [`Grouping`] seam: Leiden (haven-graph), whose
/// groups are always connected, with a fixed seed so a page reads the same twice. Falls back to
/// connected components should the graph be refused (it cannot be: the domain numbers the
/// nodes).
pub fn communities(n_nodes: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    let found = haven_graph::Graph::from_edges(n_nodes, edges.iter().copied())
        .and_then(|g| haven_graph::communities(&g, &haven_graph::Options::default()));
    match found {
        Ok(p) => p.membership().iter().map(|c| *c as usize).collect(),
        Err(_) => network::connected_components(n_nodes, edges),
    }
}

/// What a node of a network is, as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeLabel {
    /// A person the caller sees: their name and whether a child or an adult.
    Person { name: String, kind: PersonKind },
    /// A person the caller may not see: not named.
    Hidden,
    /// A place: its name and address, and its kind.
    Place { label: String, kind: LocationKind },
}

/// A node with how many steps it is from the person the network is drawn around.
#[derive(Debug, Clone)]
pub struct NetworkNode {
    pub node: Node,
    pub step: u8,
    pub label: NodeLabel,
}

/// A person's network as the caller may see it.
#[derive(Debug, Clone)]
pub struct Network {
    pub centre: PersonId,
    pub depth: u8,
    /// The person first, then by step.
    pub nodes: Vec<NetworkNode>,
    /// Oldest first.
    pub edges: Vec<Link>,
    /// Whether the network was cut at [`MAX_NODES`].
    pub cut: bool,
}

impl Network {
    pub fn label(&self, node: Node) -> Option<&NodeLabel> {
        self.nodes.iter().find(|n| n.node == node).map(|n| &n.label)
    }
}

/// What the hotspots ask for, as typed: the area's code and two dates (blank: the 90 days to
/// today).
#[derive(Debug, Clone, Copy, Default)]
pub struct HotspotsAsk<'a> {
    pub area: &'a str,
    pub from: &'a str,
    pub to: &'a str,
}

/// An area's places ranked, each with the place.
#[derive(Debug, Clone)]
pub struct Hotspots {
    pub area: Area,
    pub period: Period,
    pub ranked: Vec<(Hotspot, Location)>,
}

/// The span the hotspots of `period` read: the period before it and the period.
fn hotspot_span(period: Period) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    (period.previous().start(), period.end())
}

fn place_label(l: &Location) -> String {
    match &l.name {
        Some(name) => format!("{name}, {}", l.address),
        None => l.address.clone(),
    }
}

impl Caller<'_> {
    /// The agencies whose episodes could show the caller an edge: those sharing the police
    /// assessment or the interview's content with them, and their own.
    fn edge_owners(&self) -> Vec<AgencyId> {
        let mut owners = self.sharing().owners_shared(RecordClass::PoliceAssessment);
        owners.extend(self.sharing().owners_shared(RecordClass::RhiContent));
        owners.sort();
        owners.dedup();
        owners
    }

    /// The holders of each person, read in one go.
    async fn holders_of(&self, people: &[PersonId]) -> Result<HashMap<PersonId, Vec<AgencyId>>, StoreError> {
        let mut holders: HashMap<PersonId, Vec<AgencyId>> = HashMap::new();
        for (person, agency) in self.store().people_holders(people).await? {
            holders.entry(person).or_default().push(agency);
        }
        Ok(holders)
    }

    /// Whether the caller's role reads MACE meetings at all (the store gives only the meetings
    /// of their agency).
    fn reads_mace(&self) -> bool {
        decide(&self.actor(), &[self.actor().agency_id], Right::See) == Decision::Allow
    }

    /// The edges that touch `people` or `places`: from the episodes of `owners`, and from the
    /// MACE meetings of the caller's agency where their role reads meetings.
    async fn edges_touching(
        &self,
        people: &[PersonId],
        places: &[LocationId],
        owners: &[AgencyId],
    ) -> Result<Vec<Link>, StoreError> {
        let mut found = self.store().links_touching(people, places, owners).await?;
        if self.reads_mace() {
            found.extend(self.store().mace_links_touching(people, places, self.actor().agency_id).await?);
        }
        Ok(found)
    }

    /// The edges of `links` the caller sees: the child is someone they see, and the episode's
    /// owner shares the part the edge comes from, or (a MACE meeting's link, read only for
    /// the meeting's agencies) the caller's role reads meetings.
    async fn visible_links(&self, links: Vec<Link>) -> Result<Vec<Link>, StoreError> {
        let mut children: Vec<PersonId> = links.iter().map(|l| l.child).collect();
        children.sort();
        children.dedup();
        let holders = self.holders_of(&children).await?;
        let none = Vec::new();
        Ok(links
            .into_iter()
            .filter(|l| {
                let h = holders.get(&l.child).unwrap_or(&none);
                self.sharing().sees_person(h)
                    && match l.source {
                        Source::Mace => self.reads_mace(),
                        _ => self.sharing().episode_view(l.owner, h).is_some_and(|view| l.visible_in(view)),
                    }
            })
            .collect())
    }

    /// Person `id`'s network to `depth` steps (`1` or `2`, blank for 2; anything else is
    /// refused on `depth` before anything is read). An unknown person and one the caller may
    /// not see are `NotFound` (the second audited). The read is audited on the person's trail
    /// (`network.view`, with the count of edges shown), and on the trail of each other person
    /// named.
    pub async fn network(&self, id: PersonId, depth: &str, purpose: &str) -> Result<Network, Failure> {
        let depth = network::parse_depth(depth).map_err(|e| Failure::Invalid(Invalid(vec![e])))?;
        self.person(id, Action::ViewPerson, purpose).await?;
        let owners = self.edge_owners();
        let centre = Node::Person(id);
        let mut steps: Vec<(Node, u8)> = vec![(centre, 0)];
        let mut seen: BTreeSet<Node> = [centre].into();
        let mut frontier: BTreeSet<Node> = [centre].into();
        let mut edges: Vec<Link> = Vec::new();
        let mut kept: BTreeSet<(uuid::Uuid, Relation, Node)> = BTreeSet::new();
        let mut hidden_people: BTreeSet<PersonId> = BTreeSet::new();
        let mut cut = false;
        for step in 1..=depth {
            let people: Vec<PersonId> = frontier
                .iter()
                .filter_map(|n| match n {
                    Node::Person(p) if !hidden_people.contains(p) => Some(*p),
                    _ => None,
                })
                .collect();
            let places: Vec<LocationId> = frontier
                .iter()
                .filter_map(|n| match n {
                    Node::Location(l) => Some(*l),
                    Node::Person(_) => None,
                })
                .collect();
            let found = self.edges_touching(&people, &places, &owners).await?;
            let visible = self.visible_links(found).await?;
            // Only edges from a node the network goes on through: not from a hidden person.
            let expandable: BTreeSet<Node> = frontier
                .iter()
                .copied()
                .filter(|n| !matches!(n, Node::Person(p) if hidden_people.contains(p)))
                .collect();
            let visible: Vec<Link> = visible.into_iter().filter(|l| expandable.iter().any(|n| l.touches(*n))).collect();
            let next = network::next_step(&expandable, &seen, &visible);
            let mut added: BTreeSet<Node> = BTreeSet::new();
            for node in next {
                if steps.len() >= MAX_NODES {
                    cut = true;
                    break;
                }
                steps.push((node, step));
                added.insert(node);
            }
            seen.extend(added.iter().copied());
            for link in visible {
                let (a, b) = link.ends();
                if seen.contains(&a) && seen.contains(&b) && kept.insert((link.source_id, link.relation, link.other)) {
                    edges.push(link);
                }
            }
            // Whom the caller may not see among the new people: not named, not gone through.
            let new_people: Vec<PersonId> = added
                .iter()
                .filter_map(|n| match n {
                    Node::Person(p) => Some(*p),
                    Node::Location(_) => None,
                })
                .collect();
            let holders = self.holders_of(&new_people).await?;
            let none = Vec::new();
            for p in new_people {
                if !self.sharing().sees_person(holders.get(&p).unwrap_or(&none)) {
                    hidden_people.insert(p);
                }
            }
            frontier = added;
            if frontier.is_empty() || cut {
                break;
            }
        }
        edges.sort_by(|a, b| a.at.cmp(&b.at).then(a.source_id.cmp(&b.source_id)));
        let audit = self
            .event(AuditAction::NetworkView, purpose)
            .person(id)
            .detail(Detail::Count { n: edges.len(), of: "edges" });
        let mut nodes = Vec::with_capacity(steps.len());
        for (node, step) in steps {
            // The person's own read carries the network's event; each other person named has
            // the network on their trail too.
            let read = |p: PersonId| {
                if p == id {
                    audit.clone()
                } else {
                    self.event(AuditAction::NetworkView, purpose).person(p).subject(SubjectKind::Person, id.0)
                }
            };
            let hidden = matches!(node, Node::Person(p) if hidden_people.contains(&p));
            let Some(label) = self.node_label(node, hidden, read).await? else { continue };
            nodes.push(NetworkNode { node, step, label });
        }
        Ok(Network { centre: id, depth, nodes, edges, cut })
    }

    /// A node as shown: a person the caller may not see (`hidden`) not named, else read with
    /// the audit event `read` makes for them; a place by its name and address; `None` for a
    /// place no longer held.
    pub(crate) async fn node_label(
        &self,
        node: Node,
        hidden: bool,
        read: impl Fn(PersonId) -> AuditEvent,
    ) -> Result<Option<NodeLabel>, Failure> {
        Ok(match node {
            Node::Person(_) if hidden => Some(NodeLabel::Hidden),
            Node::Person(p) => {
                let person = self.store().person(p, &read(p)).await?;
                Some(NodeLabel::Person { name: person.details.full_name(), kind: person.details.kind })
            }
            Node::Location(l) => self
                .store()
                .location(l)
                .await?
                .map(|place| NodeLabel::Place { label: place_label(&place), kind: place.kind }),
        })
    }

    /// The areas the caller may read hotspots of: those their agency works in (as the partner
    /// directory decides), every area for the install's administrator.
    pub async fn hotspot_areas(&self) -> Result<Vec<Area>, Failure> {
        let (areas, worked) = self.directory_areas().await?;
        Ok(areas.into_iter().filter(|a| worked.contains(&a.id)).collect())
    }

    /// Checks the ask: every problem by field (`area: required`, `area: unknown-area` for an
    /// area that does not exist or that the caller's agency does not work in, `from:
    /// date-format`, `to: before-from`, `to: date-in-future`…).
    async fn hotspots_ask(&self, ask: &HotspotsAsk<'_>) -> Result<(Area, Period), Failure> {
        let mut e = Invalid::default();
        let area = resolve_area(self.store(), "area", ask.area, &mut e).await?;
        let area = match area {
            Some(a) if self.hotspot_areas().await?.iter().any(|w| w.id == a.id) => Some(a),
            Some(a) => {
                // Answered as an area that does not exist; the attempt is on the trail.
                let event = self.event(AuditAction::HotspotsView, "hotspots").subject(SubjectKind::Area, a.id.0);
                self.store().append_audit(&event.detail(Detail::Denied("area-not-worked"))).await?;
                e.push("area", "unknown-area");
                None
            }
            None => None,
        };
        let today = uk_today();
        let period = if ask.from.trim().is_empty() && ask.to.trim().is_empty() {
            Period::new(today - chrono::Duration::days(89), today, today)
        } else {
            Period::parse(ask.from, ask.to, today)
        };
        if let Err(p) = &period {
            e.0.extend(p.0.iter().cloned());
        }
        e.into_result()?;
        match (area, period) {
            (Some(area), Ok(period)) => Ok((area, period)),
            _ => Err(Failure::Invalid(Invalid::one("area", "required"))),
        }
    }

    /// An area's places ranked by the episodes the caller sees that went missing from them or
    /// were found there in the period, then by the children linked, each against the period of
    /// equal length before. Refused for a role or agency that sees no episodes; the read is
    /// audited on the area (`hotspots.view`, with the count of places).
    pub async fn hotspots(&self, ask: &HotspotsAsk<'_>, purpose: &str) -> Result<Hotspots, Failure> {
        self.could(Action::ViewEpisodes)?;
        let (area, period) = self.hotspots_ask(ask).await?;
        let (since, until) = hotspot_span(period);
        let links = self.store().area_place_links(area.id, since, until, &self.edge_owners()).await?;
        let visible = self.visible_links(links).await?;
        let ranked = network::rank_hotspots(&visible, period);
        let mut out = Vec::with_capacity(ranked.len());
        for h in ranked {
            if let Some(place) = self.store().location(h.location).await? {
                out.push((h, place));
            }
        }
        let audit = self
            .event(AuditAction::HotspotsView, purpose)
            .subject(SubjectKind::Area, area.id.0)
            .detail(Detail::Count { n: out.len(), of: "places" });
        self.store().append_audit(&audit).await?;
        Ok(Hotspots { area, period, ranked: out })
    }

    /// The groups among an area's edges that the caller sees over the period, by `grouping`
    /// (the seam for community detection; [`network::connected_components`] until it is
    /// plugged in), largest first: a cohort joined to one adult or address. Audited as the
    /// hotspots are.
    pub async fn area_groups(
        &self,
        ask: &HotspotsAsk<'_>,
        grouping: Grouping,
        purpose: &str,
    ) -> Result<Vec<Vec<Node>>, Failure> {
        self.could(Action::ViewEpisodes)?;
        let (area, period) = self.hotspots_ask(ask).await?;
        let (owners, (since, until)) = (self.edge_owners(), (period.start(), period.end()));
        let mut links = self.store().area_place_links(area.id, since, until, &owners).await?;
        if self.reads_mace() {
            links.extend(self.store().area_mace_links(area.id, since, until, self.actor().agency_id).await?);
        }
        let mut children: Vec<PersonId> = links.iter().map(|l| l.child).collect();
        children.sort();
        children.dedup();
        let around = self.edges_touching(&children, &[], &owners).await?;
        let visible = self.visible_links(around).await?;
        let visible: Vec<Link> = visible.into_iter().filter(|l| period.holds(l.at)).collect();
        let groups = network::groups(&visible, grouping);
        let audit = self
            .event(AuditAction::HotspotsView, purpose)
            .subject(SubjectKind::Area, area.id.0)
            .detail(Detail::Count { n: groups.len(), of: "groups" });
        self.store().append_audit(&audit).await?;
        Ok(groups)
    }

    /// The groups of an area as a MACE reads them: community detection ([`communities`]) over
    /// the edges the caller sees in the period, the [`GROUPS_SHOWN`] largest of at least
    /// three members, each member labelled as on a network (a person the caller may not see
    /// is not named). Each named person's read is on their trail.
    pub async fn groups(&self, ask: &HotspotsAsk<'_>, purpose: &str) -> Result<Vec<Group>, Failure> {
        let groups = self.area_groups(ask, communities, purpose).await?;
        let groups: Vec<Vec<Node>> = groups.into_iter().filter(|g| g.len() >= 3).take(GROUPS_SHOWN).collect();
        let people: Vec<PersonId> = groups
            .iter()
            .flatten()
            .filter_map(|n| match n {
                Node::Person(p) => Some(*p),
                Node::Location(_) => None,
            })
            .collect();
        let holders = self.holders_of(&people).await?;
        let none = Vec::new();
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            let mut members = Vec::with_capacity(group.len());
            for node in group {
                let hidden =
                    matches!(node, Node::Person(p) if !self.sharing().sees_person(holders.get(&p).unwrap_or(&none)));
                let read = |p: PersonId| self.event(AuditAction::HotspotsView, purpose).person(p);
                let Some(label) = self.node_label(node, hidden, read).await? else { continue };
                members.push(NetworkNode { node, step: 0, label });
            }
            out.push(Group { members });
        }
        Ok(out)
    }

    /// Checks the other end of a new association or MACE link: a person the caller sees
    /// (`person_id: unknown-record` for one they do not, or no one), a place haven holds
    /// (`location_id: unknown-record`).
    pub(crate) async fn check_known(&self, other: Node) -> Result<(), Failure> {
        let known = match other {
            Node::Person(p) => match self.store().person_holders(p).await {
                Ok(holders) => self.sharing().sees_person(&holders),
                Err(StoreError::NotFound) => false,
                Err(e) => return Err(e.into()),
            },
            Node::Location(l) => self.store().location(l).await?.is_some(),
        };
        if known {
            return Ok(());
        }
        let field = if matches!(other, Node::Person(_)) { "person_id" } else { "location_id" };
        Err(Failure::Invalid(Invalid::one(field, "unknown-record")))
    }

    /// Records an association on an episode: with the return (`found_with` a person,
    /// `found_at` or `last_seen_at` a place: the police, on their own episode, once the child
    /// has returned) or with the return home interview (`disclosed`, a person or a place: those
    /// who record the interview, once it is recorded). The person must be one the caller sees
    /// and the place one haven holds (`person_id: unknown-record`, `location_id:
    /// unknown-record`); a bad relation or a missing person or place is refused by field; an
    /// episode the caller may not see is `NotFound`; before the return or the interview,
    /// `Conflict`. Audited on the child's trail (`episode.association_add`).
    pub async fn record_association(
        &self,
        episode: EpisodeId,
        input: &AssociationInput<'_>,
        purpose: &str,
    ) -> Result<Association, Failure> {
        let parsed = input.parse();
        let action = match &parsed {
            Ok((relation, _)) if relation.recorded_with() == Some(Source::Rhi) => Action::RecordRhi,
            _ => Action::RecordReturn,
        };
        let access = self.episode(episode, action, purpose).await?;
        let (relation, other) = parsed?;
        self.check_known(other).await?;
        if other == Node::Person(access.person) {
            return Err(Failure::Invalid(Invalid::one("person_id", "same-as-from")));
        }
        let source = relation.recorded_with().unwrap_or(Source::Return);
        let mut association = Association {
            id: AssociationId::new(),
            episode,
            relation,
            other,
            source,
            at: now(),
            recorded_by: Some(self.user().id),
            recorded_at: now(),
        };
        let audit = self
            .event(AuditAction::AssociationAdd, purpose)
            .person(access.person)
            .subject(SubjectKind::Episode, episode.0)
            .detail(Detail::Code(relation.code()));
        association.at = self.store().add_association(&association, &audit).await?;
        Ok(association)
    }
}

#[cfg(test)]
mod tests {
    use super::communities;
    use haven_domain::network::connected_components;

    #[test]
    fn community_detection_splits_what_one_edge_joins() {
        // Two triangles joined by one edge: one component, two groups.
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)];
        let by_components = connected_components(6, &edges);
        assert!(by_components.iter().all(|c| *c == by_components[0]));
        let groups = communities(6, &edges);
        assert_eq!(groups[0], groups[2]);
        assert_eq!(groups[3], groups[5]);
        assert_ne!(groups[0], groups[3]);
    }
}
