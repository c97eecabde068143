//! Behaviour a caller relies on: groups that a person would draw on known graphs, modularity as
//! networkx and igraph compute it, and the same groups every time for the same seed.
#![expect(clippy::expect_used)] // test helpers outside #[test] functions

use haven_graph::{Graph, GraphError, Method, Options, Partition, communities, modularity, modularity_with_resolution};

const EPS: f64 = 1e-12;

fn leiden() -> Options {
    Options::default()
}

fn louvain() -> Options {
    Options { method: Method::Louvain, ..Options::default() }
}

/// Zachary's karate club (34 members, 78 friendships), as networkx's `karate_club_graph` lists it.
const KARATE: [(usize, usize); 78] = [
    (0, 1),
    (0, 2),
    (0, 3),
    (0, 4),
    (0, 5),
    (0, 6),
    (0, 7),
    (0, 8),
    (0, 10),
    (0, 11),
    (0, 12),
    (0, 13),
    (0, 17),
    (0, 19),
    (0, 21),
    (0, 31),
    (1, 2),
    (1, 3),
    (1, 7),
    (1, 13),
    (1, 17),
    (1, 19),
    (1, 21),
    (1, 30),
    (2, 3),
    (2, 7),
    (2, 8),
    (2, 9),
    (2, 13),
    (2, 27),
    (2, 28),
    (2, 32),
    (3, 7),
    (3, 12),
    (3, 13),
    (4, 6),
    (4, 10),
    (5, 6),
    (5, 10),
    (5, 16),
    (6, 16),
    (8, 30),
    (8, 32),
    (8, 33),
    (9, 33),
    (13, 33),
    (14, 32),
    (14, 33),
    (15, 32),
    (15, 33),
    (18, 32),
    (18, 33),
    (19, 33),
    (20, 32),
    (20, 33),
    (22, 32),
    (22, 33),
    (23, 25),
    (23, 27),
    (23, 29),
    (23, 32),
    (23, 33),
    (24, 25),
    (24, 27),
    (24, 31),
    (25, 31),
    (26, 29),
    (26, 33),
    (27, 33),
    (28, 31),
    (28, 33),
    (29, 32),
    (29, 33),
    (30, 32),
    (30, 33),
    (31, 32),
    (31, 33),
    (32, 33),
];

/// A small deterministic generator for test graphs (not the crate's own, so tests do not lean on it).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// `groups` planted groups of `size` nodes; each node gets `inside` random edges within its group and
/// `outside` to random nodes anywhere (node labels interleaved so groups are not index ranges).
fn planted(groups: usize, size: usize, inside: usize, outside: usize, seed: u64) -> (Graph, Vec<usize>) {
    let n = groups * size;
    let group_of = |v: usize| v % groups;
    let mut rng = Lcg(seed);
    let mut edges = Vec::new();
    for v in 0..n {
        for _ in 0..inside {
            let u = rng.below(size) * groups + group_of(v);
            edges.push((v, u, 1.0));
        }
        for _ in 0..outside {
            edges.push((v, rng.below(n), 1.0));
        }
    }
    let graph = Graph::from_edges(n, edges).expect("valid planted graph");
    (graph, (0..n).map(group_of).collect())
}

fn clique(nodes: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for a in nodes.clone() {
        for b in a + 1..nodes.end {
            edges.push((a, b));
        }
    }
    edges
}

/// Components of the graph by breadth-first search.
fn components(graph: &Graph) -> Vec<usize> {
    let n = graph.node_count();
    let mut component = vec![usize::MAX; n];
    let mut next = 0;
    for s in 0..n {
        if component[s] != usize::MAX {
            continue;
        }
        component[s] = next;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &(u, _) in graph.neighbours(v) {
                if component[u as usize] == usize::MAX {
                    component[u as usize] = next;
                    stack.push(u as usize);
                }
            }
        }
        next += 1;
    }
    component
}

/// Whether every community induces a connected subgraph.
fn communities_connected(graph: &Graph, p: &Partition) -> bool {
    let m = p.membership();
    let mut seen = vec![false; graph.node_count()];
    let mut started = vec![false; p.community_count()];
    for s in 0..graph.node_count() {
        let c = m[s] as usize;
        if seen[s] {
            continue;
        }
        if started[c] {
            return false; // a second piece of a community already entered
        }
        started[c] = true;
        seen[s] = true;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &(u, _) in graph.neighbours(v) {
                let u = u as usize;
                if !seen[u] && m[u] as usize == c {
                    seen[u] = true;
                    stack.push(u);
                }
            }
        }
    }
    true
}

#[test]
fn two_cliques_joined_by_an_edge_are_two_groups() {
    let mut edges = clique(0..5);
    edges.extend(clique(5..10));
    edges.push((4, 5));
    let graph = Graph::from_unweighted_edges(10, edges).expect("valid graph");
    for options in [leiden(), louvain()] {
        let p = communities(&graph, &options).expect("communities");
        assert_eq!(p.membership(), &[0, 0, 0, 0, 0, 1, 1, 1, 1, 1], "{options:?}");
    }
}

#[test]
fn karate_club_modularity_is_that_of_the_known_best_partitions() {
    let graph = Graph::from_unweighted_edges(34, KARATE).expect("karate");
    // The best partition known has Q = 0.4198 (4 groups); Louvain finds 0.39-0.42 depending on order.
    for seed in 0..20 {
        let p = communities(&graph, &Options { seed, ..louvain() }).expect("louvain");
        let q = modularity(&graph, &p).expect("modularity");
        assert!((0.39..=0.4199).contains(&q), "louvain seed {seed}: {q}");
        let p = communities(&graph, &Options { seed, ..leiden() }).expect("leiden");
        let q = modularity(&graph, &p).expect("modularity");
        assert!((0.41..=0.4199).contains(&q), "leiden seed {seed}: {q}");
        assert!(communities_connected(&graph, &p));
    }
    let best = (0..20)
        .map(|seed| {
            let p = communities(&graph, &Options { seed, ..leiden() }).expect("leiden");
            modularity(&graph, &p).expect("modularity")
        })
        .fold(0.0, f64::max);
    assert!((best - 0.419_789_612_097_304_4).abs() < 1e-9, "{best}");
}

#[test]
fn modularity_is_the_hand_worked_value() {
    // Path 0-1-2-3 cut in the middle: m = 3, each half has 1 edge inside and degrees summing to 3.
    // Q = 2 × (1/3 − (3/6)²) = 1/6.
    let path = Graph::from_unweighted_edges(4, [(0, 1), (1, 2), (2, 3)]).expect("path");
    let halves = Partition::from_labels(&[0, 0, 1, 1]);
    assert!((modularity(&path, &halves).expect("q") - 1.0 / 6.0).abs() < EPS);
    // Everyone in one group: Q = 1 − 1 = 0.
    let one = Partition::from_labels(&[0, 0, 0, 0]);
    assert!(modularity(&path, &one).expect("q").abs() < EPS);

    // Weighted with a self-loop: 0-1 (2), 1-2 (1), loop at 2 (1); m = 4; degrees 2, 3, 3.
    // {0,1}: inside 2, degrees 5; {2}: inside 1 (the loop), degree 3.
    // Q = 2/4 − (5/8)² + 1/4 − (3/8)² = 14/64 (networkx and igraph give 0.21875).
    let g = Graph::from_edges(3, [(0, 1, 2.0), (1, 2, 1.0), (2, 2, 1.0)]).expect("weighted");
    let p = Partition::from_labels(&[0, 0, 1]);
    assert!((modularity(&g, &p).expect("q") - 14.0 / 64.0).abs() < EPS);
    // At resolution 0.5 the expected part halves: 0.75 − 0.5 × 34/64.
    let q = modularity_with_resolution(&g, &p, 0.5).expect("q");
    assert!((q - (0.75 - 0.5 * 34.0 / 64.0)).abs() < EPS);
}

#[test]
fn duplicate_edges_count_as_one_edge_with_their_weights_summed() {
    let twice = Graph::from_unweighted_edges(4, [(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)]).expect("g");
    let summed = Graph::from_edges(4, [(0, 1, 2.0), (1, 2, 1.0), (2, 3, 2.0)]).expect("g");
    let p = Partition::from_labels(&[0, 0, 1, 1]);
    assert_eq!(modularity(&twice, &p), modularity(&summed, &p));
    assert_eq!(communities(&twice, &leiden()).expect("c"), communities(&summed, &leiden()).expect("c"));
    assert_eq!(communities(&summed, &leiden()).expect("c"), p);
}

#[test]
fn disconnected_components_never_share_a_group() {
    // Five planted graphs side by side, plus isolated nodes and a lone edge between them.
    let mut edges = Vec::new();
    let mut offset = 0;
    for seed in 0..5 {
        let (g, _) = planted(4, 10, 2, 2, seed);
        for v in 0..g.node_count() {
            for &(u, w) in g.neighbours(v) {
                edges.push((offset + v, offset + u as usize, w));
            }
        }
        offset += g.node_count() + 3; // three isolated nodes after each
    }
    edges.push((offset, offset + 1, 0.5));
    let graph = Graph::from_edges(offset + 2, edges).expect("components");
    let component = components(&graph);
    for seed in 0..10 {
        for options in [Options { seed, ..leiden() }, Options { seed, ..louvain() }] {
            let p = communities(&graph, &options).expect("communities");
            let mut component_of_group = vec![usize::MAX; p.community_count()];
            for (v, &component) in component.iter().enumerate() {
                let c = p.community_of(v);
                if graph.degree(v) == 0.0 {
                    assert_eq!(p.sizes()[c], 1, "an isolated node is alone");
                }
                if component_of_group[c] == usize::MAX {
                    component_of_group[c] = component;
                }
                assert_eq!(component_of_group[c], component, "{options:?}");
            }
        }
    }
}

#[test]
fn same_seed_same_groups_and_leiden_groups_are_connected() {
    let (graph, truth) = planted(50, 40, 6, 3, 42);
    let a = communities(&graph, &Options { seed: 9, ..leiden() }).expect("a");
    let b = communities(&graph, &Options { seed: 9, ..leiden() }).expect("b");
    assert_eq!(a, b);
    assert!(communities_connected(&graph, &a));
    let c = communities(&graph, &Options { seed: 9, ..louvain() }).expect("c");
    assert_eq!(c, communities(&graph, &Options { seed: 9, ..louvain() }).expect("c"));
    // Whatever the seed, Leiden finds groups at least as good as the planted ones; one pass of Louvain
    // can stop a little short (it cannot split a community it has grown wrongly).
    let planted_q = modularity(&graph, &Partition::from_labels(&truth)).expect("q");
    for seed in 0..5 {
        let p = communities(&graph, &Options { seed, ..leiden() }).expect("p");
        let q = modularity(&graph, &p).expect("q");
        assert!(q >= planted_q - 1e-9, "leiden seed {seed}: {q} < planted {planted_q}");
        let p = communities(&graph, &Options { seed, ..louvain() }).expect("p");
        let q = modularity(&graph, &p).expect("q");
        assert!(q >= planted_q - 0.005, "louvain seed {seed}: {q} << planted {planted_q}");
    }
}

#[test]
fn the_groups_do_not_depend_on_the_number_of_threads() {
    let (graph, _) = planted(40, 50, 5, 3, 7);
    let run = |threads: usize, options: Options| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| communities(&graph, &options).expect("communities"))
    };
    for options in [leiden(), Options { max_passes: 3, ..leiden() }, louvain()] {
        assert_eq!(run(1, options.clone()), run(4, options.clone()), "{options:?}");
    }
}

#[test]
fn graphs_without_edges_give_singletons() {
    let empty = Graph::from_unweighted_edges(0, []).expect("empty");
    let p = communities(&empty, &leiden()).expect("p");
    assert_eq!(p.node_count(), 0);
    assert_eq!(p.community_count(), 0);
    assert_eq!(modularity(&empty, &p), Ok(0.0));
    let loners = Graph::from_unweighted_edges(3, []).expect("loners");
    let p = communities(&loners, &leiden()).expect("p");
    assert_eq!(p, Partition::singletons(3));
    assert_eq!(modularity(&loners, &p), Ok(0.0));
}

#[test]
fn self_loops_are_kept() {
    // A heavy loop on node 2 makes it worth keeping apart from the 0-1 pair it barely touches.
    let g = Graph::from_edges(3, [(0, 1, 5.0), (1, 2, 0.1), (2, 2, 5.0)]).expect("g");
    let p = communities(&g, &leiden()).expect("p");
    assert_eq!(p.membership(), &[0, 0, 1]);
    assert_eq!(g.degree(2), 10.1);
}

#[test]
fn bad_resolution_and_partition_of_another_graph_are_refused() {
    let g = Graph::from_unweighted_edges(3, [(0, 1)]).expect("g");
    for resolution in [-1.0, f64::NAN, f64::INFINITY] {
        let e = communities(&g, &Options { resolution, ..leiden() }).expect_err("bad resolution");
        assert!(matches!(e, GraphError::BadResolution { .. }));
        assert!(e.to_string().starts_with("resolution:"), "{e}");
    }
    let e = modularity(&g, &Partition::singletons(4)).expect_err("4 nodes for 3");
    assert_eq!(e, GraphError::PartitionLength { expected: 3, found: 4 });
    assert_eq!(e.to_string(), "partition: it covers 4 nodes but the graph has 3");
}
