//! Associations and hotspots (issue 20): the network of children, adults of concern and places
//! that haven's structured records already draw, and the places where children go missing from
//! and are found.
//!
//! Every edge ([`Link`]) joins the child of a missing episode to a person or a place, and says
//! which record it came from ([`Source`]), whose record that is (the episode's owner) and when.
//! The sources are the structured parts of an episode, never its free text:
//! - the place the child went missing from (`from_location`);
//! - the notes on the episode that name a person or a place (a linked person or place, a
//!   sighting at a place);
//! - the associations recorded with the return (found with, found at, last seen at) and with
//!   the return home interview (a person or place the child disclosed): [`Association`].
//!
//! An edge is shown only where the caller sees the part of the episode it came from
//! ([`Link::visible_in`]): the notes and where the child was last seen are the police's record
//! (the full view), where and with whom they were found and what they disclosed are also the
//! interviewer's (as the episode's own redaction has it), and a school sees none.

use crate::code_enum;
use crate::figures::Period;
use crate::ids::{
    AgencyId, AgendaItemId, AssociationId, EpisodeId, LocationId, MaceLinkId, MeetingId, PersonId, UserId,
};
use crate::mace::meeting::ItemSubject;
use crate::missing::EpisodeView;
use crate::uktime::uk_date;
use crate::{FieldError, Invalid};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The furthest a person's network is drawn from them, in steps.
pub const MAX_DEPTH: u8 = 2;

/// The most nodes one network shows; a busier one is cut, and says so.
pub const MAX_NODES: usize = 200;

code_enum!(
    /// How a child is joined to a person or a place.
    Relation {
        /// The placement or home the child went missing from.
        MissingFrom => "missing_from",
        /// Where the child was last seen.
        LastSeenAt => "last_seen_at",
        /// Where the child was found.
        FoundAt => "found_at",
        /// Whom the child was found with.
        FoundWith => "found_with",
        /// A person or a place the child named in their return home interview.
        Disclosed => "disclosed",
        /// A person linked to the episode by the police (with whom the child may be).
        LinkedPerson => "linked_person",
        /// A place linked to the episode by the police.
        LinkedPlace => "linked_place",
        /// A place the child was seen at while missing.
        SeenAt => "seen_at",
        /// A person or a place a MACE meeting linked to the child (or the child to them).
        LinkedAtMace => "linked_at_mace",
    }
);

code_enum!(
    /// Which part of an episode an edge comes from.
    Source {
        /// The report (where the child went missing from).
        Episode => "episode",
        /// A note on the episode.
        Note => "note",
        /// The return: where and with whom the child was found.
        Return => "return",
        /// The return home interview.
        Rhi => "rhi",
        /// A MACE meeting's agenda item.
        Mace => "mace",
    }
);

/// A node of the network: a person (a child or an adult of concern) or a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Node {
    Person(PersonId),
    Location(LocationId),
}

impl Node {
    pub fn uuid(self) -> Uuid {
        match self {
            Node::Person(p) => p.0,
            Node::Location(l) => l.0,
        }
    }
}

/// One edge, as the store reads it: a child joined to `other` by a part of their missing
/// episode `episode`, or by an item of MACE meeting `meeting`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub child: PersonId,
    pub other: Node,
    pub relation: Relation,
    pub source: Source,
    /// The record it came from: the episode, the note, the association or the MACE link.
    pub source_id: Uuid,
    /// The episode, for every source but a MACE meeting's.
    pub episode: Option<EpisodeId>,
    /// The meeting, for a MACE meeting's link.
    pub meeting: Option<MeetingId>,
    /// The agency whose episode it is (what it shares decides who sees the edge), or which
    /// convened the meeting (whose agencies alone see it).
    pub owner: AgencyId,
    /// When: the time last seen, the note's time, the return's, the interview's or the meeting's.
    pub at: DateTime<Utc>,
}

impl Link {
    /// Whether a caller who sees the episode as `view` sees this edge: the notes and where the
    /// child was last seen only with the whole episode; where they went missing from, where and
    /// with whom they were found and what they disclosed also in the interviewer's view; a
    /// school's notice shows none.
    pub fn visible_in(&self, view: EpisodeView) -> bool {
        match (self.source, self.relation) {
            // A meeting's link is its agencies', never an episode's to share.
            (Source::Mace, _) => false,
            (Source::Note, _) | (_, Relation::LastSeenAt) => view == EpisodeView::Full,
            _ => matches!(view, EpisodeView::Full | EpisodeView::RhiWork),
        }
    }

    /// Both ends: the child first.
    pub fn ends(&self) -> (Node, Node) {
        (Node::Person(self.child), self.other)
    }

    /// Whether the edge touches `node`.
    pub fn touches(&self, node: Node) -> bool {
        let (a, b) = self.ends();
        a == node || b == node
    }
}

/// An association recorded on an episode's return or return home interview: whom the child was
/// found with, where they were found or last seen (with the return), or a person or place they
/// disclosed (with the interview). The person or place is one haven holds, picked from the
/// directory of people and places, never free text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Association {
    pub id: AssociationId,
    pub episode: EpisodeId,
    pub relation: Relation,
    pub other: Node,
    pub source: Source,
    /// When it happened (the return's or the interview's time).
    pub at: DateTime<Utc>,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

impl Relation {
    /// The relations recorded as associations, and the part of the episode each is recorded
    /// with.
    pub fn recorded_with(self) -> Option<Source> {
        match self {
            Relation::FoundWith | Relation::FoundAt | Relation::LastSeenAt => Some(Source::Return),
            Relation::Disclosed => Some(Source::Rhi),
            _ => None,
        }
    }

    /// Whether the relation joins the child to a person (`Some(true)`), a place (`Some(false)`)
    /// or either (`None`: a disclosure).
    pub fn to_person(self) -> Option<bool> {
        match self {
            Relation::FoundWith | Relation::LinkedPerson => Some(true),
            Relation::Disclosed => None,
            _ => Some(false),
        }
    }
}

/// An association as typed: the relation's code, and a person's or a place's id (one of them).
#[derive(Debug, Clone, Copy, Default)]
pub struct AssociationInput<'a> {
    pub relation: &'a str,
    pub person: &'a str,
    pub location: &'a str,
}

impl AssociationInput<'_> {
    /// The relation and the node, every problem named by field: `relation: unknown-code` (a code
    /// that is not recorded as an association), `person_id: required` (found with, without a
    /// person), `location_id: required` (found at or last seen at, without a place),
    /// `subject: person-or-place` (both given), `person_id: not-an-id`.
    pub fn parse(&self) -> Result<(Relation, Node), Invalid> {
        let mut e = Invalid::default();
        let relation = match Relation::parse(self.relation) {
            Ok(r) if r.recorded_with().is_some() => Some(r),
            Ok(_) => {
                e.push("relation", "unknown-code");
                None
            }
            Err(code) => {
                e.push("relation", code);
                None
            }
        };
        let blank = |s: &str| s.trim().is_empty();
        let person: Option<PersonId> =
            if blank(self.person) { None } else { e.check("person_id", self.person.parse()) };
        let location: Option<LocationId> =
            if blank(self.location) { None } else { e.check("location_id", self.location.parse()) };
        let Some(relation) = relation else {
            return Err(e);
        };
        if !blank(self.person) && !blank(self.location) {
            e.push("subject", "person-or-place");
            return Err(e);
        }
        let node = match (relation.to_person(), person, location) {
            (Some(true) | None, Some(p), _) => Some(Node::Person(p)),
            (Some(false) | None, _, Some(l)) => Some(Node::Location(l)),
            (Some(true), _, _) if blank(self.person) => {
                e.push("person_id", "required");
                None
            }
            (Some(false), _, _) if blank(self.location) => {
                e.push("location_id", "required");
                None
            }
            (None, None, None) if blank(self.person) && blank(self.location) => {
                e.push("subject", "required");
                None
            }
            // The id was given but malformed: already named.
            _ => None,
        };
        match node {
            Some(node) if e.is_empty() => Ok((relation, node)),
            _ => Err(e),
        }
    }
}

/// A person or a place a MACE meeting linked to an agenda item's subject: for a child's item,
/// an adult, another child or a place linked to the child; for a person of concern's or a
/// place's item, a child linked to them. Dated by the meeting; an edge for the meeting's
/// agencies only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaceLink {
    pub id: MaceLinkId,
    pub meeting: MeetingId,
    pub item: AgendaItemId,
    pub other: Node,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

/// What a MACE item is linked to, as typed: a person's id or a place's id (one of them).
#[derive(Debug, Clone, Copy, Default)]
pub struct MaceLinkInput<'a> {
    pub person: &'a str,
    pub location: &'a str,
}

impl MaceLinkInput<'_> {
    /// The node, every problem named by field: `subject: required` (neither),
    /// `subject: person-or-place` (both), `person_id: not-an-id`, `location_id: not-an-id`.
    pub fn parse(&self) -> Result<Node, Invalid> {
        let (person, location) = (self.person.trim(), self.location.trim());
        match (person.is_empty(), location.is_empty()) {
            (true, true) => Err(Invalid::one("subject", "required")),
            (false, false) => Err(Invalid::one("subject", "person-or-place")),
            (false, true) => person.parse().map(Node::Person).map_err(|c| Invalid::one("person_id", c)),
            (true, false) => location.parse().map(Node::Location).map_err(|c| Invalid::one("location_id", c)),
        }
    }
}

/// The edge a link to `other` on an item about `subject` draws, as (child, other end): every
/// edge has a child at one end. On a child's item, any other person or a place; on a person of
/// concern's or a place's item, a child only (`person_id: needs-a-child`, `location_id:
/// needs-a-child`); never the subject itself (`person_id: same-as-subject`); a theme has no
/// subject to link (`item: no-subject-to-link`). `other_is_child` says whether `other` is a
/// child.
pub fn mace_edge(subject: &ItemSubject, other: Node, other_is_child: bool) -> Result<(PersonId, Node), FieldError> {
    let field = match other {
        Node::Person(_) => "person_id",
        Node::Location(_) => "location_id",
    };
    let subject_node = match subject {
        ItemSubject::Child(p) | ItemSubject::PersonOfConcern(p) => Node::Person(*p),
        ItemSubject::Location(l) => Node::Location(*l),
        ItemSubject::Theme(_) => return Err(FieldError::new("item", "no-subject-to-link")),
    };
    if other == subject_node {
        return Err(FieldError::new(field, "same-as-subject"));
    }
    match (subject, other) {
        (ItemSubject::Child(child), _) => Ok((*child, other)),
        (_, Node::Person(child)) if other_is_child => Ok((child, subject_node)),
        _ => Err(FieldError::new(field, "needs-a-child")),
    }
}

/// How far a network is drawn, as typed: blank is [`MAX_DEPTH`]; `1` or `2`; anything else is
/// refused on `depth` (`whole-number`, `out-of-range` for 0, `too-large` past the limit).
pub fn parse_depth(raw: &str) -> Result<u8, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(MAX_DEPTH);
    }
    let n: i64 = raw.parse().map_err(|_| FieldError::new("depth", "whole-number"))?;
    match n {
        n if n < 1 => Err(FieldError::new("depth", "out-of-range")),
        n if n > i64::from(MAX_DEPTH) => Err(FieldError::new("depth", "too-large")),
        n => Ok(u8::try_from(n).unwrap_or(MAX_DEPTH)),
    }
}

/// The nodes that `links` join to any of `frontier`, not yet in `seen`, in a stable order.
pub fn next_step(frontier: &BTreeSet<Node>, seen: &BTreeSet<Node>, links: &[Link]) -> BTreeSet<Node> {
    let mut out = BTreeSet::new();
    for link in links {
        let (a, b) = link.ends();
        for (from, to) in [(a, b), (b, a)] {
            if frontier.contains(&from) && !seen.contains(&to) {
                out.insert(to);
            }
        }
    }
    out
}

/// A community-detection function: given `n_nodes` and weighted edges between node indexes,
/// the group of each node (numbered from 0). `haven-graph` plugs in here.
pub type Grouping = fn(usize, &[(usize, usize, f64)]) -> Vec<usize>;

/// The simplest grouping behind the [`Grouping`] seam: connected components (nodes joined by
/// any path are one group), numbered in the order their first node appears. Not community
/// detection: one busy adult or address joins everyone they touch into one group.
pub fn connected_components(n_nodes: usize, edges: &[(usize, usize, f64)]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..n_nodes).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b, _) in edges {
        if a < n_nodes && b < n_nodes {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut numbers: BTreeMap<usize, usize> = BTreeMap::new();
    (0..n_nodes)
        .map(|i| {
            let r = root(&mut parent, i);
            let next = numbers.len();
            *numbers.entry(r).or_insert(next)
        })
        .collect()
}

/// The groups of an area's visible edges by `grouping`: each group's nodes, largest group first
/// (ties by their first node). An edge's weight is how many records join its two ends.
pub fn groups(links: &[Link], grouping: Grouping) -> Vec<Vec<Node>> {
    let mut index: BTreeMap<Node, usize> = BTreeMap::new();
    let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for link in links {
        let (a, b) = link.ends();
        let next = index.len();
        let ia = *index.entry(a).or_insert(next);
        let next = index.len();
        let ib = *index.entry(b).or_insert(next);
        *weights.entry((ia.min(ib), ia.max(ib))).or_insert(0.0) += 1.0;
    }
    let edges: Vec<(usize, usize, f64)> = weights.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    let community = grouping(index.len(), &edges);
    let mut by_group: BTreeMap<usize, Vec<Node>> = BTreeMap::new();
    for (node, i) in &index {
        if let Some(g) = community.get(*i) {
            by_group.entry(*g).or_default().push(*node);
        }
    }
    let mut out: Vec<Vec<Node>> = by_group.into_values().collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.first().cmp(&b.first())));
    out
}

code_enum!(
    /// How a place's episodes moved against the period before.
    Trend {
        Up => "up",
        Down => "down",
        Same => "same",
    }
);

/// One place's standing in an area over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hotspot {
    pub location: LocationId,
    /// Episodes in the period whose child went missing from here.
    pub missing_from: u32,
    /// Episodes in the period whose child was found here.
    pub found_at: u32,
    /// Children joined to the place by those episodes.
    pub children: u32,
    /// The same count of episodes in the period of equal length before.
    pub previous: u32,
}

impl Hotspot {
    /// Episodes that touch the place in the period (missing from or found at; an episode that
    /// did both counts twice, once for each).
    pub fn episodes(&self) -> u32 {
        self.missing_from + self.found_at
    }

    pub fn trend(&self) -> Trend {
        match self.episodes().cmp(&self.previous) {
            std::cmp::Ordering::Greater => Trend::Up,
            std::cmp::Ordering::Less => Trend::Down,
            std::cmp::Ordering::Equal => Trend::Same,
        }
    }
}

/// An area's places ranked by the episodes that touch them in `period` (missing from, found
/// at), then by the children linked, from the edges the caller sees; each with its count in the
/// period before. Only `missing_from` and `found_at` edges count; each edge once (the same
/// episode's found-at recorded twice is one).
pub fn rank_hotspots(links: &[Link], period: Period) -> Vec<Hotspot> {
    let previous = period.previous();
    #[derive(Default)]
    struct Tally {
        missing_from: BTreeSet<EpisodeId>,
        found_at: BTreeSet<EpisodeId>,
        children: BTreeSet<PersonId>,
        previous: BTreeSet<(EpisodeId, Relation)>,
    }
    let mut by_place: BTreeMap<LocationId, Tally> = BTreeMap::new();
    for link in links {
        let (Node::Location(place), Some(episode)) = (link.other, link.episode) else { continue };
        if !matches!(link.relation, Relation::MissingFrom | Relation::FoundAt) {
            continue;
        }
        let day = uk_date(link.at);
        if period.contains(day) {
            let t = by_place.entry(place).or_default();
            match link.relation {
                Relation::MissingFrom => t.missing_from.insert(episode),
                _ => t.found_at.insert(episode),
            };
            t.children.insert(link.child);
        } else if previous.contains(day) {
            by_place.entry(place).or_default().previous.insert((episode, link.relation));
        }
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut out: Vec<Hotspot> = by_place
        .into_iter()
        .map(|(location, t)| Hotspot {
            location,
            missing_from: count(t.missing_from.len()),
            found_at: count(t.found_at.len()),
            children: count(t.children.len()),
            previous: count(t.previous.len()),
        })
        .filter(|h| h.episodes() > 0)
        .collect();
    out.sort_by(|a, b| {
        b.episodes().cmp(&a.episodes()).then(b.children.cmp(&a.children)).then(a.location.cmp(&b.location))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T12:00:00Z")).unwrap().with_timezone(&Utc)
    }

    fn link(child: PersonId, other: Node, relation: Relation, source: Source, day: u32) -> Link {
        Link {
            child,
            other,
            relation,
            source,
            source_id: Uuid::now_v7(),
            episode: Some(EpisodeId::new()),
            meeting: None,
            owner: AgencyId::new(),
            at: at(day),
        }
    }

    #[test]
    fn an_edge_is_seen_only_in_the_view_that_shows_its_source() {
        let (child, adult, place) = (PersonId::new(), Node::Person(PersonId::new()), Node::Location(LocationId::new()));
        let note = link(child, adult, Relation::LinkedPerson, Source::Note, 1);
        let found_with = link(child, adult, Relation::FoundWith, Source::Return, 1);
        let last_seen = link(child, place, Relation::LastSeenAt, Source::Return, 1);
        let disclosed = link(child, adult, Relation::Disclosed, Source::Rhi, 1);
        let from = link(child, place, Relation::MissingFrom, Source::Episode, 1);
        for l in [&note, &found_with, &last_seen, &disclosed, &from] {
            assert!(l.visible_in(EpisodeView::Full));
            assert!(!l.visible_in(EpisodeView::NoticeOnly), "a school sees no edge");
        }
        // A MACE meeting's link is never shown through an episode's sharing.
        let mace = link(child, adult, Relation::LinkedAtMace, Source::Mace, 1);
        assert!(!mace.visible_in(EpisodeView::Full));
        // The interviewer sees where and with whom the child was found, and what they said,
        // not the police's notes nor where the child was last seen.
        assert!(found_with.visible_in(EpisodeView::RhiWork));
        assert!(disclosed.visible_in(EpisodeView::RhiWork));
        assert!(from.visible_in(EpisodeView::RhiWork));
        assert!(!note.visible_in(EpisodeView::RhiWork));
        assert!(!last_seen.visible_in(EpisodeView::RhiWork));
    }

    #[test]
    fn depth_is_one_or_two_and_anything_else_is_named_on_depth() {
        assert_eq!(parse_depth(""), Ok(2));
        assert_eq!(parse_depth("1"), Ok(1));
        assert_eq!(parse_depth(" 2 "), Ok(2));
        assert_eq!(parse_depth("3"), Err(FieldError::new("depth", "too-large")));
        assert_eq!(parse_depth("0"), Err(FieldError::new("depth", "out-of-range")));
        assert_eq!(parse_depth("two"), Err(FieldError::new("depth", "whole-number")));
    }

    #[test]
    fn an_association_needs_the_kind_of_node_its_relation_joins() {
        let p = PersonId::new().to_string();
        let l = LocationId::new().to_string();
        let ok = |relation, person: &str, location: &str| {
            AssociationInput { relation, person, location }.parse().map(|(r, n)| (r, matches!(n, Node::Person(_))))
        };
        assert_eq!(ok("found_with", &p, ""), Ok((Relation::FoundWith, true)));
        assert_eq!(ok("found_at", "", &l), Ok((Relation::FoundAt, false)));
        assert_eq!(ok("disclosed", "", &l), Ok((Relation::Disclosed, false)));
        assert_eq!(ok("disclosed", &p, ""), Ok((Relation::Disclosed, true)));
        assert_eq!(ok("found_with", "", &l), Err(Invalid::one("person_id", "required")));
        assert_eq!(ok("found_at", &p, ""), Err(Invalid::one("location_id", "required")));
        assert_eq!(ok("found_at", &p, &l), Err(Invalid::one("subject", "person-or-place")));
        assert_eq!(ok("missing_from", "", &l), Err(Invalid::one("relation", "unknown-code")));
        assert_eq!(ok("", "", ""), Err(Invalid::one("relation", "required")));
        assert_eq!(ok("found_with", "nobody", ""), Err(Invalid::one("person_id", "not-an-id")));
        assert_eq!(ok("disclosed", "", ""), Err(Invalid::one("subject", "required")));
    }

    #[test]
    fn a_mace_link_always_has_a_child_at_one_end() {
        let (child, adult, other_child) = (PersonId::new(), PersonId::new(), PersonId::new());
        let place = LocationId::new();
        let (c, a, l) = (ItemSubject::Child(child), ItemSubject::PersonOfConcern(adult), ItemSubject::Location(place));
        // A child's item: an adult, another child or a place, the child first.
        assert_eq!(mace_edge(&c, Node::Person(adult), false), Ok((child, Node::Person(adult))));
        assert_eq!(mace_edge(&c, Node::Person(other_child), true), Ok((child, Node::Person(other_child))));
        assert_eq!(mace_edge(&c, Node::Location(place), false), Ok((child, Node::Location(place))));
        assert_eq!(mace_edge(&c, Node::Person(child), true), Err(FieldError::new("person_id", "same-as-subject")));
        // An adult's or a place's item: the linked child first, then the adult or place.
        assert_eq!(mace_edge(&a, Node::Person(child), true), Ok((child, Node::Person(adult))));
        assert_eq!(mace_edge(&l, Node::Person(child), true), Ok((child, Node::Location(place))));
        assert_eq!(mace_edge(&a, Node::Person(other_child), false), Err(FieldError::new("person_id", "needs-a-child")));
        assert_eq!(mace_edge(&a, Node::Location(place), false), Err(FieldError::new("location_id", "needs-a-child")));
        assert_eq!(mace_edge(&l, Node::Location(place), false), Err(FieldError::new("location_id", "same-as-subject")));
        let theme = ItemSubject::Theme("county lines".into());
        assert_eq!(mace_edge(&theme, Node::Person(child), true), Err(FieldError::new("item", "no-subject-to-link")));
        // As typed: one of a person or a place.
        let p = child.to_string();
        assert_eq!(MaceLinkInput { person: &p, location: "" }.parse(), Ok(Node::Person(child)));
        assert_eq!(MaceLinkInput { person: "", location: " " }.parse(), Err(Invalid::one("subject", "required")));
        assert_eq!(MaceLinkInput { person: &p, location: &p }.parse(), Err(Invalid::one("subject", "person-or-place")));
        assert_eq!(MaceLinkInput { person: "x", location: "" }.parse(), Err(Invalid::one("person_id", "not-an-id")));
    }

    #[test]
    fn the_next_step_reaches_both_ways_and_not_back() {
        let (child, adult, other_child) = (PersonId::new(), PersonId::new(), PersonId::new());
        let links = [
            link(child, Node::Person(adult), Relation::FoundWith, Source::Return, 1),
            link(other_child, Node::Person(adult), Relation::Disclosed, Source::Rhi, 2),
        ];
        let start: BTreeSet<Node> = [Node::Person(child)].into();
        let one = next_step(&start, &start, &links);
        assert_eq!(one, [Node::Person(adult)].into());
        let seen: BTreeSet<Node> = start.union(&one).copied().collect();
        assert_eq!(next_step(&one, &seen, &links), [Node::Person(other_child)].into());
    }

    #[test]
    fn connected_components_group_what_any_path_joins() {
        let numbered = connected_components(5, &[(0, 1, 1.0), (3, 1, 2.0), (2, 4, 1.0)]);
        assert_eq!(numbered, vec![0, 0, 1, 0, 1]);
        assert_eq!(connected_components(2, &[]), vec![0, 1]);
        // A cohort around one adult: the three children and the adult are one group.
        let adult = Node::Person(PersonId::new());
        let links: Vec<Link> =
            (0..3).map(|d| link(PersonId::new(), adult, Relation::FoundWith, Source::Return, d + 1)).collect();
        let mut alone = links.clone();
        alone.push(link(PersonId::new(), Node::Location(LocationId::new()), Relation::FoundAt, Source::Return, 1));
        let found = groups(&alone, connected_components);
        assert_eq!(found.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 2]);
        assert!(found[0].contains(&adult));
    }

    #[test]
    fn hotspots_rank_by_episodes_then_children_against_the_period_before() {
        let period = Period {
            from: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        };
        let (home, park) = (LocationId::new(), LocationId::new());
        let (a, b) = (PersonId::new(), PersonId::new());
        let mut links = vec![
            // The home: one child missing from it three times in the period, once before.
            link(a, Node::Location(home), Relation::MissingFrom, Source::Episode, 12),
            link(a, Node::Location(home), Relation::MissingFrom, Source::Episode, 14),
            link(a, Node::Location(home), Relation::MissingFrom, Source::Episode, 20),
            link(a, Node::Location(home), Relation::MissingFrom, Source::Episode, 5),
            // The park: two children found there, three times before; a sighting does not count.
            link(a, Node::Location(park), Relation::FoundAt, Source::Return, 13),
            link(b, Node::Location(park), Relation::FoundAt, Source::Return, 15),
            link(b, Node::Location(park), Relation::FoundAt, Source::Return, 1),
            link(b, Node::Location(park), Relation::FoundAt, Source::Return, 2),
            link(b, Node::Location(park), Relation::FoundAt, Source::Return, 3),
            link(b, Node::Location(park), Relation::SeenAt, Source::Note, 16),
            // After the period: not counted.
            link(b, Node::Location(park), Relation::FoundAt, Source::Return, 21),
        ];
        // The same episode's place recorded twice counts once.
        let mut again = links[0].clone();
        again.source_id = Uuid::now_v7();
        links.push(again);
        let ranked = rank_hotspots(&links, period);
        assert_eq!(ranked.len(), 2);
        assert_eq!(
            (ranked[0].location, ranked[0].missing_from, ranked[0].children, ranked[0].previous),
            (home, 3, 1, 1)
        );
        assert_eq!(ranked[0].trend(), Trend::Up);
        assert_eq!((ranked[1].location, ranked[1].found_at, ranked[1].children, ranked[1].previous), (park, 2, 2, 3));
        assert_eq!(ranked[1].trend(), Trend::Down);
    }
}
