//! Community detection: the Leiden algorithm (Traag, Waltman and van Eck 2019, "From Louvain to
//! Leiden: guaranteeing well-connected communities", Sci. Rep. 9:5233), with Louvain (Blondel et al.
//! 2008) as the same code without the refinement step.
//!
//! One pass of either has levels; each level
//! 1. moves nodes between communities while that raises modularity (the "fast local move" of the
//!    Leiden paper: a queue of nodes, a node re-queued only when a neighbour changes community, instead
//!    of Louvain's repeated sweeps over every node);
//! 2. (Leiden only) refines each community: starting from singletons inside it, merges a node into a
//!    sub-community only when both are well connected to the rest of the community and the merge
//!    raises modularity. Louvain can leave a community held together by a node that has since moved
//!    away (even disconnected); the refined sub-communities are always connected;
//! 3. aggregates: each (refined) community becomes one node of a smaller graph, whose starting
//!    partition is the unrefined one, and the next level works on that.
//!
//! A pass ends when moving nodes leaves every community a single node. Both methods start with one
//! Louvain pass from singletons; Leiden then runs passes with refinement, each starting from the
//! partition found, until a pass changes nothing or [`Options::max_passes`] is reached.
//!
//! Choices made here, and why (figures from the bench graph, 200,000 nodes and 1,000,000 edges:
//! `bench/network/README.md`):
//! * the refinement merges greedily (the best well-connected sub-community, if its gain is positive)
//!   rather than drawing one at random with probability `exp(gain / θ)`: deterministic without a
//!   draw per candidate, and its modularity is already that of igraph's randomised Leiden;
//! * the first pass is Louvain's even for Leiden: it gives the same modularity as a first Leiden
//!   pass in about half the time; the Leiden pass that follows gives the guarantee (connected
//!   communities) and most of the gain over Louvain. One Leiden pass by default: a second adds about
//!   0.00005 to modularity for half as much time again;
//! * node orders are shuffled by a seeded generator of our own (`src/rng.rs`), so a partition
//!   depends on the graph and the seed only;
//! * moving nodes is sequential (its result depends on order; a parallel move would make the groups
//!   depend on thread timing). Refining is parallel by community, each community with its own seeded
//!   order; building rows and aggregating use rayon too. None of it depends on the number of threads;
//! * tried and dropped: numbering nodes in breadth-first order for cache locality (no measurable
//!   gain here: the graph's arrays fit this machine's cache).

use std::borrow::Cow;
use std::collections::VecDeque;

use rayon::prelude::*;

use crate::quality::check_resolution;
use crate::rng::SplitMix64;
use crate::{Graph, GraphError, Partition};

/// Which algorithm [`communities`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Louvain with the Leiden refinement step; communities are always connected. The default.
    Leiden,
    /// Louvain: local moving and aggregation, one pass.
    Louvain,
}

/// Options for [`communities`].
#[derive(Debug, Clone)]
pub struct Options {
    /// Seeds the order nodes are visited in; the same graph and seed always give the same partition.
    pub seed: u64,
    /// Modularity resolution `γ` (1 = Newman's modularity; higher gives smaller groups). Finite, `>= 0`.
    pub resolution: f64,
    /// Leiden or Louvain.
    pub method: Method,
    /// Leiden: the most Leiden passes to run after the first (Louvain) pass; it stops sooner when a
    /// pass changes nothing. At least one is run. Louvain ignores it.
    pub max_passes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self { seed: 1, resolution: 1.0, method: Method::Leiden, max_passes: 1 }
    }
}

/// Finds communities that maximise modularity (at `options.resolution`).
///
/// Isolated nodes are each a community of their own; nodes in different connected components are
/// never in the same community; a graph without edges gives singletons. The only error is a
/// resolution that is negative, NaN or infinite.
pub fn communities(graph: &Graph, options: &Options) -> Result<Partition, GraphError> {
    check_resolution(options.resolution)?;
    let nodes = graph.node_count();
    if graph.total_weight() <= 0.0 {
        return Ok(Partition::singletons(nodes));
    }
    let mut rng = SplitMix64::new(options.seed);
    // A Louvain pass first, for both methods: it finds most of the structure at a fraction of the
    // cost of a Leiden pass (whose refinement leaves many more nodes to the next level).
    let labels = one_pass(graph, (0..nodes as u32).collect(), false, options.resolution, &mut rng);
    let mut current = Partition::from_dense_labels(&labels, nodes);
    if options.method == Method::Leiden {
        // Leiden passes from there, until one changes nothing. Each ends with communities that are
        // connected (the guarantee of the Leiden paper) and improves on the last.
        for _ in 0..options.max_passes.max(1) {
            let labels = one_pass(graph, current.membership().to_vec(), true, options.resolution, &mut rng);
            let next = Partition::from_dense_labels(&labels, nodes);
            if next == current {
                break;
            }
            current = next;
        }
    }
    Ok(current)
}

/// One pass of levels, starting from `membership` (labels `< graph.node_count()`); returns a label
/// per node.
fn one_pass(graph: &Graph, mut membership: Vec<u32>, refine: bool, resolution: f64, rng: &mut SplitMix64) -> Vec<u32> {
    // Every level has the same total weight, so the same 2m.
    let scale = resolution / (2.0 * graph.total_weight());
    let mut level: Cow<'_, Graph> = Cow::Borrowed(graph);
    // The node of the current level that each node of `graph` has been aggregated into.
    let mut node_to_level: Vec<u32> = (0..graph.node_count() as u32).collect();
    loop {
        let nodes = level.node_count();
        move_nodes_fast(&level, &mut membership, scale, rng);
        let (labels, count) = renumber(&membership, nodes);
        membership = labels;
        if count == nodes {
            break;
        }
        // Aggregate by the refined partition, unless refining merged nothing (then aggregating by it
        // would give the same graph again): aggregate by the communities, as Louvain does.
        let (aggregate_by, aggregates) = if refine {
            let refined = refine_partition(&level, &membership, count, scale, rng.next_u64());
            let (refined, refined_count) = renumber(&refined, nodes);
            if refined_count < nodes { (refined, refined_count) } else { (membership.clone(), count) }
        } else {
            (membership.clone(), count)
        };
        let mut next_membership = vec![0u32; aggregates];
        for (v, &a) in aggregate_by.iter().enumerate() {
            next_membership[a as usize] = membership[v];
        }
        let next = aggregate(&level, &aggregate_by, aggregates);
        for x in node_to_level.iter_mut() {
            *x = aggregate_by[*x as usize];
        }
        level = Cow::Owned(next);
        membership = next_membership;
    }
    node_to_level.iter().map(|&x| membership[x as usize]).collect()
}

/// Labels in `0..bound` renumbered `0..count` by first appearance.
fn renumber(labels: &[u32], bound: usize) -> (Vec<u32>, usize) {
    let p = Partition::from_dense_labels(labels, bound);
    let count = p.community_count();
    (p.into_membership(), count)
}

/// The change in modularity (times `2m`, without the constant for the node leaving) of putting a node
/// of degree `degree` into a community with `weight_to` edge weight from the node and degrees
/// summing to `total` (the node itself not counted): `weight_to − γ·degree·total / 2m`.
#[inline]
fn gain(weight_to: f64, degree: f64, total: f64, scale: f64) -> f64 {
    weight_to - degree * total * scale
}

/// Moves nodes to the neighbouring community (or an empty one) that raises modularity most, until no
/// move raises it. Visits nodes from a queue seeded in random order; a node goes back on the queue
/// when a neighbour moves to a community other than its own. Returns whether any node moved.
fn move_nodes_fast(graph: &Graph, membership: &mut [u32], scale: f64, rng: &mut SplitMix64) -> bool {
    let nodes = graph.node_count();
    let degrees = graph.degrees();
    let mut total = vec![0.0f64; nodes];
    let mut size = vec![0u32; nodes];
    for (v, &c) in membership.iter().enumerate() {
        total[c as usize] += degrees[v];
        size[c as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..nodes as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut order: Vec<u32> = (0..nodes as u32).collect();
    rng.shuffle(&mut order);
    let mut queue: VecDeque<u32> = order.into();
    let mut queued = vec![true; nodes];
    let mut weight_to = vec![0.0f64; nodes];
    let mut touched = Touched::new(graph);
    let mut moved = false;
    while let Some(v) = queue.pop_front() {
        let v = v as usize;
        queued[v] = false;
        let own = membership[v] as usize;
        let degree = degrees[v];
        for &(u, w) in graph.neighbours(v) {
            let c = membership[u as usize];
            touched.add(c, w, &mut weight_to);
        }
        total[own] -= degree;
        let mut best = own;
        let mut best_gain = gain(weight_to[own], degree, total[own], scale);
        for &c in touched.list() {
            let c = c as usize;
            let g = gain(weight_to[c], degree, total[c], scale);
            // Strictly better: ties keep the node where it is, then the first neighbour seen.
            if g > best_gain {
                best = c;
                best_gain = g;
            }
        }
        // Alone, the node would gain 0. If staying is worse and it is not alone, it leaves for an
        // empty community (one exists: it shares its own with another node).
        if best_gain < 0.0
            && size[own] > 1
            && let Some(c) = empty.pop()
        {
            best = c as usize;
        }
        total[best] += degree;
        if best != own {
            moved = true;
            size[own] -= 1;
            size[best] += 1;
            if size[own] == 0 {
                empty.push(own as u32);
            }
            membership[v] = best as u32;
            for &(u, _) in graph.neighbours(v) {
                let u = u as usize;
                if !queued[u] && membership[u] as usize != best {
                    queued[u] = true;
                    queue.push_back(u as u32);
                }
            }
        }
        touched.clear(&mut weight_to);
    }
    moved
}

/// The communities seen among a node's neighbours, each listed once, with the weight to each kept in
/// a table indexed by community. Listing is branch-free (always written, counted only when new):
/// whether a neighbour's community is new is a coin toss the processor cannot predict, and a
/// mispredicted branch per edge cost more than the write.
struct Touched {
    list: Vec<u32>,
    len: usize,
}

impl Touched {
    fn new(graph: &Graph) -> Self {
        Self::with_width((0..graph.node_count()).map(|v| graph.neighbours(v).len()).max().unwrap_or(0))
    }

    /// For rows of at most `widest` neighbours.
    fn with_width(widest: usize) -> Self {
        Self { list: vec![0; widest + 1], len: 0 }
    }

    /// Adds weight `w` towards community `c` (`w > 0`; with `w == 0` nothing is listed).
    #[inline]
    fn add(&mut self, c: u32, w: f64, weight_to: &mut [f64]) {
        let slot = &mut weight_to[c as usize];
        // Weights are positive, so 0 means not seen yet.
        self.list[self.len] = c;
        self.len += usize::from(*slot == 0.0 && w > 0.0);
        *slot += w;
    }

    fn list(&self) -> &[u32] {
        &self.list[..self.len]
    }

    fn clear(&mut self, weight_to: &mut [f64]) {
        for &c in &self.list[..self.len] {
            weight_to[c as usize] = 0.0;
        }
        self.len = 0;
    }
}

/// Leiden's refinement: inside each community of `membership` (labels `0..count`), starting from
/// singletons, merges each still-single, well-connected node (in random order) into the
/// well-connected sub-community of the same community that raises modularity most, if any raises it.
/// "Well connected" (for a node or sub-community `C` of community `S`): the edge weight from `C` to
/// the rest of `S` is at least `γ·K_C·(K_S − K_C) / 2m`. Returns a sub-community label per node (the
/// number of one of its members).
///
/// Communities are refined independently of each other, so in parallel; each draws its node order
/// from its own generator, seeded from `seed` and its label, so the result does not depend on how the
/// work is shared between threads.
fn refine_partition(graph: &Graph, membership: &[u32], count: usize, scale: f64, seed: u64) -> Vec<u32> {
    let (start, members) = members_by_group(membership, count);
    // Each node's place in its community's list of members.
    let mut place = vec![0u32; graph.node_count()];
    for s in 0..count {
        for (i, &v) in members[start[s]..start[s + 1]].iter().enumerate() {
            place[v as usize] = i as u32;
        }
    }
    let refined: Vec<Vec<u32>> = (0..count)
        .into_par_iter()
        .map(|s| {
            let mut rng = SplitMix64::new(seed ^ (s as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            refine_community(graph, membership, s as u32, &members[start[s]..start[s + 1]], &place, scale, &mut rng)
        })
        .collect();
    let mut sub = vec![0u32; graph.node_count()];
    for (s, local) in refined.iter().enumerate() {
        let group = &members[start[s]..start[s + 1]];
        for (i, &label) in local.iter().enumerate() {
            sub[group[i] as usize] = group[label as usize];
        }
    }
    sub
}

/// Refines one community `s` whose nodes are `group`; works in local numbers (`place`) and returns,
/// for each member, the local number of the member whose sub-community it joined (itself if none).
fn refine_community(
    graph: &Graph,
    membership: &[u32],
    s: u32,
    group: &[u32],
    place: &[u32],
    scale: f64,
    rng: &mut SplitMix64,
) -> Vec<u32> {
    let size = group.len();
    let mut sub: Vec<u32> = (0..size as u32).collect();
    if size < 2 {
        return sub;
    }
    let degrees = graph.degrees();
    let s_total: f64 = group.iter().map(|&v| degrees[v as usize]).sum();
    // Each member's edge weight to the rest of the community.
    let inside: Vec<f64> = group
        .iter()
        .map(|&v| {
            graph.neighbours(v as usize).iter().filter(|&&(u, _)| membership[u as usize] == s).map(|&(_, w)| w).sum()
        })
        .collect();
    let mut sub_total: Vec<f64> = group.iter().map(|&v| degrees[v as usize]).collect();
    let mut sub_outward = inside.clone(); // weight from the sub-community to the rest of the community
    let mut sub_size = vec![1u32; size];
    let mut order: Vec<u32> = (0..size as u32).collect();
    rng.shuffle(&mut order);
    let mut weight_to = vec![0.0f64; size];
    let widest = group.iter().map(|&v| graph.neighbours(v as usize).len()).max().unwrap_or(0);
    let mut touched = Touched::with_width(widest);
    for i in order {
        let i = i as usize;
        if sub_size[sub[i] as usize] != 1 {
            continue; // others have joined it: only single nodes move
        }
        let v = group[i] as usize;
        let degree = degrees[v];
        if inside[i] < degree * (s_total - degree) * scale {
            continue;
        }
        for &(u, w) in graph.neighbours(v) {
            // Neighbours in other communities add nothing (branch-free, as in `Touched`); their local
            // number is another community's, so it is read but its weight stays 0.
            let same = membership[u as usize] == s;
            let j = if same { place[u as usize] as usize } else { 0 };
            touched.add(sub[j], if same { w } else { 0.0 }, &mut weight_to);
        }
        let mut best: Option<usize> = None;
        let mut best_gain = 0.0;
        for &c in touched.list() {
            let c = c as usize;
            let well_connected = sub_outward[c] >= sub_total[c] * (s_total - sub_total[c]) * scale;
            if !well_connected {
                continue;
            }
            let g = gain(weight_to[c], degree, sub_total[c], scale);
            if g > best_gain {
                best = Some(c);
                best_gain = g;
            }
        }
        if let Some(c) = best {
            let own = sub[i] as usize;
            sub[i] = c as u32;
            sub_size[own] = 0;
            sub_size[c] += 1;
            sub_total[c] += degree;
            // Edges between the node and the sub-community are now inside it.
            sub_outward[c] += inside[i] - 2.0 * weight_to[c];
        }
        touched.clear(&mut weight_to);
    }
    sub
}

/// Nodes sorted by group (counting sort): group `g` is `members[start[g]..start[g + 1]]`, ascending.
fn members_by_group(labels: &[u32], groups: usize) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; groups + 1];
    for &g in labels {
        start[g as usize + 1] += 1;
    }
    for g in 0..groups {
        start[g + 1] += start[g];
    }
    let mut cursor = start.clone();
    let mut members = vec![0u32; labels.len()];
    for (v, &g) in labels.iter().enumerate() {
        members[cursor[g as usize]] = v as u32;
        cursor[g as usize] += 1;
    }
    (start, members)
}

/// The graph whose nodes are the groups `labels` (in `0..groups`): the edge weight between two groups
/// is the sum of the weights between their nodes, and a group's self-loop the weight inside it.
fn aggregate(graph: &Graph, labels: &[u32], groups: usize) -> Graph {
    let (start, members) = members_by_group(labels, groups);
    let self_loops = graph.self_loops();
    let rows: Vec<(Vec<(u32, f64)>, f64)> = (0..groups)
        .into_par_iter()
        .with_min_len(256)
        .map_init(
            || (vec![0.0f64; groups], Vec::<u32>::new()),
            |(weight_to, touched), g| {
                let mut inside_twice = 0.0;
                for &v in &members[start[g]..start[g + 1]] {
                    let v = v as usize;
                    inside_twice += 2.0 * self_loops[v];
                    for &(u, w) in graph.neighbours(v) {
                        let h = labels[u as usize] as usize;
                        if h == g {
                            inside_twice += w; // seen again from the other end
                        } else {
                            if weight_to[h] == 0.0 {
                                touched.push(h as u32);
                            }
                            weight_to[h] += w;
                        }
                    }
                }
                touched.sort_unstable();
                let row = touched.iter().map(|&h| (h, std::mem::take(&mut weight_to[h as usize]))).collect();
                touched.clear();
                (row, inside_twice / 2.0)
            },
        )
        .collect();
    let mut offsets = Vec::with_capacity(groups + 1);
    offsets.push(0);
    let mut adjacency = Vec::with_capacity(rows.iter().map(|(r, _)| r.len()).sum());
    let mut loops = Vec::with_capacity(groups);
    for (row, inside) in rows {
        adjacency.extend_from_slice(&row);
        offsets.push(adjacency.len());
        loops.push(inside);
    }
    Graph::from_csr(offsets, adjacency, loops)
}
