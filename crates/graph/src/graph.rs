//! The graph: undirected, weighted, in compressed sparse row (CSR) form.

use rayon::prelude::*;

use crate::GraphError;

/// An undirected weighted graph over nodes `0..n`, stored as compressed sparse rows.
///
/// Each edge between two different nodes is stored in both nodes' rows; duplicate edges are merged
/// with their weights summed; a self-loop is kept apart, once, in [`Graph::self_loop`]. Edges of
/// weight 0 are dropped (they change neither degrees nor modularity).
///
/// Degrees follow the usual convention (networkx, igraph): a self-loop of weight `w` adds `2w` to its
/// node's degree, so the degrees sum to twice the total edge weight.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Row `v` is `adjacency[offsets[v]..offsets[v + 1]]`, sorted by neighbour.
    offsets: Vec<usize>,
    /// (neighbour, weight); never the node itself.
    adjacency: Vec<(u32, f64)>,
    self_loops: Vec<f64>,
    degrees: Vec<f64>,
    total_weight: f64,
}

impl Graph {
    /// Builds a graph of `nodes` nodes from `(a, b, weight)` edges.
    ///
    /// Errors name the edge (its position in the list) when a node is `>= nodes` or a weight is
    /// negative, NaN or infinite.
    pub fn from_edges<I>(nodes: usize, edges: I) -> Result<Self, GraphError>
    where
        I: IntoIterator<Item = (usize, usize, f64)>,
    {
        if nodes > u32::MAX as usize {
            return Err(GraphError::TooManyNodes { nodes });
        }
        let mut list: Vec<(u32, u32, f64)> = Vec::new();
        let mut self_loops = vec![0.0; nodes];
        let mut counts = vec![0usize; nodes + 1];
        for (i, (a, b, w)) in edges.into_iter().enumerate() {
            for node in [a, b] {
                if node >= nodes {
                    return Err(GraphError::NodeOutOfRange { edge: i, node, nodes });
                }
            }
            if !(w.is_finite() && w >= 0.0) {
                return Err(GraphError::BadWeight { edge: i, weight: w });
            }
            if w == 0.0 {
                continue;
            }
            if a == b {
                self_loops[a] += w;
            } else {
                counts[a] += 1;
                counts[b] += 1;
                list.push((a as u32, b as u32, w));
            }
        }
        // Prefix sums: counts becomes the row offsets, then a cursor per row while filling.
        let mut offsets = vec![0usize; nodes + 1];
        for v in 0..nodes {
            offsets[v + 1] = offsets[v] + counts[v];
        }
        let mut cursor = offsets.clone();
        let mut adjacency = vec![(0u32, 0.0f64); offsets[nodes]];
        for &(a, b, w) in &list {
            adjacency[cursor[a as usize]] = (b, w);
            cursor[a as usize] += 1;
            adjacency[cursor[b as usize]] = (a, w);
            cursor[b as usize] += 1;
        }
        drop(list);
        Ok(Self::from_unsorted_rows(offsets, adjacency, self_loops))
    }

    /// Builds a graph with every edge of weight 1.
    pub fn from_unweighted_edges<I>(nodes: usize, edges: I) -> Result<Self, GraphError>
    where
        I: IntoIterator<Item = (usize, usize)>,
    {
        Self::from_edges(nodes, edges.into_iter().map(|(a, b)| (a, b, 1.0)))
    }

    /// Sorts each row by neighbour, merges duplicates (summing weights), compacts, and computes the
    /// degrees. Rows are sorted in parallel; the result does not depend on the number of threads.
    pub(crate) fn from_unsorted_rows(
        offsets: Vec<usize>,
        mut adjacency: Vec<(u32, f64)>,
        self_loops: Vec<f64>,
    ) -> Self {
        let nodes = self_loops.len();
        let mut rows: Vec<&mut [(u32, f64)]> = Vec::with_capacity(nodes);
        let mut rest = adjacency.as_mut_slice();
        for v in 0..nodes {
            let (row, tail) = rest.split_at_mut(offsets[v + 1] - offsets[v]);
            rows.push(row);
            rest = tail;
        }
        let lengths: Vec<usize> = rows.par_iter_mut().with_min_len(256).map(|row| merge_row(row)).collect();
        // Compact the rows towards the front, now that duplicates are gone.
        let mut new_offsets = vec![0usize; nodes + 1];
        let mut write = 0;
        for v in 0..nodes {
            let start = offsets[v];
            adjacency.copy_within(start..start + lengths[v], write);
            write += lengths[v];
            new_offsets[v + 1] = write;
        }
        adjacency.truncate(write);
        adjacency.shrink_to_fit();
        Self::from_csr(new_offsets, adjacency, self_loops)
    }

    /// From rows already sorted by neighbour and free of duplicates and self-loops.
    pub(crate) fn from_csr(offsets: Vec<usize>, adjacency: Vec<(u32, f64)>, self_loops: Vec<f64>) -> Self {
        let nodes = self_loops.len();
        let degrees: Vec<f64> = (0..nodes)
            .into_par_iter()
            .with_min_len(1024)
            .map(|v| {
                let row = &adjacency[offsets[v]..offsets[v + 1]];
                row.iter().map(|&(_, w)| w).sum::<f64>() + 2.0 * self_loops[v]
            })
            .collect();
        let total_weight = degrees.iter().sum::<f64>() / 2.0;
        Self { offsets, adjacency, self_loops, degrees, total_weight }
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.degrees.len()
    }

    /// The number of distinct edges, self-loops included (duplicates given to the builder count once).
    pub fn edge_count(&self) -> usize {
        self.adjacency.len() / 2 + self.self_loops.iter().filter(|&&w| w > 0.0).count()
    }

    /// The neighbours of `node` with the summed weight of the edges to each, sorted by neighbour; the
    /// node's self-loop is not among them (see [`Graph::self_loop`]).
    ///
    /// # Panics
    /// If `node >= node_count()`.
    pub fn neighbours(&self, node: usize) -> &[(u32, f64)] {
        &self.adjacency[self.offsets[node]..self.offsets[node + 1]]
    }

    /// The summed weight of `node`'s self-loops (0 if it has none).
    ///
    /// # Panics
    /// If `node >= node_count()`.
    pub fn self_loop(&self, node: usize) -> f64 {
        self.self_loops[node]
    }

    /// The weighted degree of `node` (a self-loop counts twice).
    ///
    /// # Panics
    /// If `node >= node_count()`.
    pub fn degree(&self, node: usize) -> f64 {
        self.degrees[node]
    }

    /// The sum of all edge weights, each edge once (`m` in the modularity formula).
    pub fn total_weight(&self) -> f64 {
        self.total_weight
    }

    pub(crate) fn degrees(&self) -> &[f64] {
        &self.degrees
    }

    pub(crate) fn self_loops(&self) -> &[f64] {
        &self.self_loops
    }
}

/// Sorts a row by neighbour and merges runs of the same neighbour into its first entry; returns the
/// number of entries kept at the front.
fn merge_row(row: &mut [(u32, f64)]) -> usize {
    if row.is_empty() {
        return 0;
    }
    row.sort_unstable_by_key(|&(to, _)| to);
    let mut kept = 0;
    for i in 1..row.len() {
        if row[i].0 == row[kept].0 {
            row[kept].1 += row[i].1;
        } else {
            kept += 1;
            row[kept] = row[i];
        }
    }
    kept + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_edges_are_merged_with_weights_summed_and_self_loops_count_twice_in_degree() {
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 0, 2.0), (1, 2, 1.0), (2, 2, 0.5), (2, 2, 0.5), (0, 3, 0.0)])
            .expect("valid graph");
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.neighbours(0), &[(1, 3.0)]);
        assert_eq!(g.neighbours(1), &[(0, 3.0), (2, 1.0)]);
        assert_eq!(g.neighbours(3), &[]);
        assert_eq!(g.self_loop(2), 1.0);
        assert_eq!(g.degree(2), 3.0);
        assert_eq!(g.degree(3), 0.0);
        assert_eq!(g.edge_count(), 3);
        // 3 + 1 + 1 (the two loops summed)
        assert_eq!(g.total_weight(), 5.0);
    }

    #[test]
    fn bad_edges_are_refused_naming_the_edge() {
        let e = Graph::from_edges(3, [(0, 1, 1.0), (1, 3, 1.0)]).expect_err("node 3 of 3");
        assert_eq!(e, GraphError::NodeOutOfRange { edge: 1, node: 3, nodes: 3 });
        assert!(e.to_string().starts_with("edges[1]: node 3 is out of range"));
        for w in [-1.0, f64::NAN, f64::INFINITY] {
            let e = Graph::from_edges(3, [(0, 1, w)]).expect_err("bad weight");
            assert!(matches!(e, GraphError::BadWeight { edge: 0, .. }), "{e}");
        }
    }

    #[test]
    fn empty_graph() {
        let g = Graph::from_unweighted_edges(0, []).expect("empty graph");
        assert_eq!(g.node_count(), 0);
        assert_eq!(g.edge_count(), 0);
        assert_eq!(g.total_weight(), 0.0);
    }
}
