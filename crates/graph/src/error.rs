//! Errors for bad input: each names the field and the problem.

use std::fmt;

/// What was wrong with a graph, a partition or the options given to this crate.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// An edge names a node outside `0..nodes`.
    NodeOutOfRange {
        /// position of the edge in the list given
        edge: usize,
        /// the node it named
        node: usize,
        /// the number of nodes of the graph
        nodes: usize,
    },
    /// An edge weight is negative, NaN or infinite.
    BadWeight {
        /// position of the edge in the list given
        edge: usize,
        /// the weight it carried
        weight: f64,
    },
    /// More nodes than node indices can hold (`u32::MAX`).
    TooManyNodes {
        /// the number asked for
        nodes: usize,
    },
    /// A partition has a different number of nodes from the graph it is used with.
    PartitionLength {
        /// nodes in the graph
        expected: usize,
        /// nodes in the partition
        found: usize,
    },
    /// The resolution is negative, NaN or infinite.
    BadResolution {
        /// the resolution given
        resolution: f64,
    },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NodeOutOfRange { edge, node, nodes } => {
                write!(f, "edges[{edge}]: node {node} is out of range (the graph has {nodes} nodes, 0..{nodes})")
            }
            Self::BadWeight { edge, weight } => {
                write!(f, "edges[{edge}]: weight {weight} must be a finite number of at least 0")
            }
            Self::TooManyNodes { nodes } => {
                write!(f, "nodes: {nodes} is more than the {} nodes a graph can hold", u32::MAX)
            }
            Self::PartitionLength { expected, found } => {
                write!(f, "partition: it covers {found} nodes but the graph has {expected}")
            }
            Self::BadResolution { resolution } => {
                write!(f, "resolution: {resolution} must be a finite number of at least 0")
            }
        }
    }
}

impl std::error::Error for GraphError {}
