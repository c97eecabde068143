//! Groups in a network: community detection (Leiden, or Louvain) and Newman's modularity on
//! undirected weighted graphs. Pure compute: no IO, nothing of haven's domain; nodes are indices
//! `0..n` that the caller maps to people, addresses or whatever the network links.
//!
//! * [`Graph`] — built once from an edge list (`(a, b, weight)`, node indices `0..n`) into compressed
//!   sparse rows; duplicate edges are merged with their weights summed, self-loops kept, isolated
//!   nodes allowed, an empty graph allowed.
//! * [`communities`] — a [`Partition`] (a community per node) that maximises modularity; the Leiden
//!   algorithm by default, whose communities are always connected; the same graph and
//!   [`Options::seed`] always give the same partition.
//! * [`modularity`] — Newman's weighted modularity of any partition (resolution 1; see
//!   [`modularity_with_resolution`]), the value networkx and igraph give.
//!
//! Why our own code rather than a crate: when this was written the Rust crates for Leiden were young,
//! one-maintainer projects (`leiden-rs` 0.8 builds on the `gryf` graph library with a CLI by default
//! and aggregates through a hash map of node pairs; `rune-leiden` 0.1 had one release). The algorithm
//! is a few hundred lines; owning it lets us keep the partition a function of the graph and seed only
//! (see [`leiden`] for the choices made) and measure it against networkx and igraph
//! (`bench/network/`).
//!
//! # Example
//!
//! Two triangles joined by one edge, and a node on its own:
//!
//! ```
//! use haven_graph::{communities, modularity, Graph, Options};
//!
//! let edges = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)];
//! let graph = Graph::from_edges(7, edges)?;
//! let groups = communities(&graph, &Options::default())?;
//! assert_eq!(groups.community_count(), 3);
//! assert_eq!(groups.membership(), &[0, 0, 0, 1, 1, 1, 2]);
//! assert_eq!(groups.communities(), vec![vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
//! let q = modularity(&graph, &groups)?;
//! assert!((q - 5.0 / 14.0).abs() < 1e-12);
//! # Ok::<(), haven_graph::GraphError>(())
//! ```

mod error;
mod graph;
pub mod leiden;
mod partition;
mod quality;
mod rng;

pub use error::GraphError;
pub use graph::Graph;
pub use leiden::{Method, Options, communities};
pub use partition::Partition;
pub use quality::{modularity, modularity_with_resolution};
