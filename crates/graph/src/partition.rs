//! A partition of a graph's nodes into communities.

/// A community for each node of a graph: `membership()[v]` is the community of node `v`.
///
/// Communities are numbered `0..community_count()` in order of their lowest node (node 0 is in
/// community 0, the lowest node not in community 0 is in community 1, and so on), so two partitions
/// that group the nodes the same way compare equal whatever labels they were made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    membership: Vec<u32>,
    count: usize,
}

impl Partition {
    /// A partition from any labels (one per node); the labels are renumbered as described above.
    pub fn from_labels<L: Copy + Eq + std::hash::Hash>(labels: &[L]) -> Self {
        let mut seen = std::collections::HashMap::new();
        let membership = labels
            .iter()
            .map(|label| {
                let next = seen.len() as u32;
                *seen.entry(*label).or_insert(next)
            })
            .collect();
        Self { membership, count: seen.len() }
    }

    /// Each node in a community of its own.
    pub fn singletons(nodes: usize) -> Self {
        Self { membership: (0..nodes as u32).collect(), count: nodes }
    }

    /// From labels known to be in `0..bound`, renumbered in order of first appearance (no hashing).
    pub(crate) fn from_dense_labels(labels: &[u32], bound: usize) -> Self {
        let mut map = vec![u32::MAX; bound];
        let mut count = 0u32;
        let membership = labels
            .iter()
            .map(|&label| {
                let slot = &mut map[label as usize];
                if *slot == u32::MAX {
                    *slot = count;
                    count += 1;
                }
                *slot
            })
            .collect();
        Self { membership, count: count as usize }
    }

    pub(crate) fn into_membership(self) -> Vec<u32> {
        self.membership
    }

    /// The community of each node.
    pub fn membership(&self) -> &[u32] {
        &self.membership
    }

    /// The community of `node`.
    ///
    /// # Panics
    /// If `node >= node_count()`.
    pub fn community_of(&self, node: usize) -> usize {
        self.membership[node] as usize
    }

    /// The number of nodes the partition covers.
    pub fn node_count(&self) -> usize {
        self.membership.len()
    }

    /// The number of communities.
    pub fn community_count(&self) -> usize {
        self.count
    }

    /// The nodes of each community, in community order, each list ascending.
    pub fn communities(&self) -> Vec<Vec<u32>> {
        let mut groups = vec![Vec::new(); self.count];
        for (node, &c) in self.membership.iter().enumerate() {
            groups[c as usize].push(node as u32);
        }
        groups
    }

    /// The size of each community, in community order.
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.count];
        for &c in &self.membership {
            sizes[c as usize] += 1;
        }
        sizes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_renumbered_by_lowest_node() {
        let p = Partition::from_labels(&["b", "a", "b", "c"]);
        assert_eq!(p.membership(), &[0, 1, 0, 2]);
        assert_eq!(p.community_count(), 3);
        assert_eq!(p, Partition::from_labels(&[9, 4, 9, 1]));
        assert_eq!(p, Partition::from_dense_labels(&[2, 0, 2, 1], 3));
        assert_eq!(p.communities(), vec![vec![0, 2], vec![1], vec![3]]);
        assert_eq!(p.sizes(), vec![2, 1, 1]);
    }
}
