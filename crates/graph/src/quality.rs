//! Newman's modularity of a partition.

use rayon::prelude::*;

use crate::{Graph, GraphError, Partition};

/// Newman's weighted modularity of `partition` on `graph` at resolution 1:
///
/// `Q = Σ_c [ L_c / m − (K_c / 2m)² ]`
///
/// where `m` is the total edge weight, `L_c` the weight of the edges inside community `c` (each edge
/// once, self-loops included) and `K_c` the sum of the degrees of its nodes. This is the value
/// networkx's `modularity` and igraph's `Graph.modularity` give on the same weighted graph.
///
/// A graph without edges has no structure to measure: its modularity is 0.
pub fn modularity(graph: &Graph, partition: &Partition) -> Result<f64, GraphError> {
    modularity_with_resolution(graph, partition, 1.0)
}

/// Modularity with a resolution `γ`: `Q = Σ_c [ L_c / m − γ (K_c / 2m)² ]`. Above 1 favours smaller
/// communities, below 1 larger ones.
pub fn modularity_with_resolution(graph: &Graph, partition: &Partition, resolution: f64) -> Result<f64, GraphError> {
    if partition.node_count() != graph.node_count() {
        return Err(GraphError::PartitionLength { expected: graph.node_count(), found: partition.node_count() });
    }
    check_resolution(resolution)?;
    let m = graph.total_weight();
    if m <= 0.0 {
        return Ok(0.0);
    }
    let membership = partition.membership();
    // Twice the weight inside communities: an edge is seen from both its ends, a self-loop counted
    // twice. Summed over fixed chunks in order, so the result does not depend on thread timing.
    const CHUNK: usize = 4096;
    let nodes = graph.node_count();
    let inside2: f64 = (0..nodes.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            (chunk * CHUNK..nodes.min((chunk + 1) * CHUNK))
                .map(|v| {
                    let c = membership[v];
                    let row: f64 = graph
                        .neighbours(v)
                        .iter()
                        .filter(|&&(u, _)| membership[u as usize] == c)
                        .map(|&(_, w)| w)
                        .sum();
                    row + 2.0 * graph.self_loop(v)
                })
                .sum::<f64>()
        })
        .collect::<Vec<f64>>()
        .iter()
        .sum();
    let mut totals = vec![0.0f64; partition.community_count()];
    for (v, &c) in membership.iter().enumerate() {
        totals[c as usize] += graph.degree(v);
    }
    let two_m = 2.0 * m;
    let expected: f64 = totals.iter().map(|&k| (k / two_m) * (k / two_m)).sum();
    Ok(inside2 / two_m - resolution * expected)
}

pub(crate) fn check_resolution(resolution: f64) -> Result<(), GraphError> {
    if resolution.is_finite() && resolution >= 0.0 { Ok(()) } else { Err(GraphError::BadResolution { resolution }) }
}
