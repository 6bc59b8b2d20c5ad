//! Top-down comparison of two trees: descend only into subtrees whose hashes differ.

use super::{MerkleTree, NodeKind};

/// One node pair the comparison looked at, in the order it looked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffVisit {
    /// Level of the node (0 = leaves).
    pub level: usize,
    /// Index of the node on its level.
    pub index: usize,
    /// Whether the two hashes were equal (the subtree is then pruned).
    pub equal: bool,
    /// False when the pair was known to differ without a comparison: the only child of
    /// a promoted or duplicated node that differed.
    pub compared: bool,
}

/// What a top-down diff found and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffReport {
    /// Indexes of the leaves whose hashes differ, ascending.
    pub differing: Vec<usize>,
    /// Hash comparisons made. Promoted and duplicated nodes carry their child's hash, so
    /// the walk passes through them without a second comparison.
    pub comparisons: usize,
    /// Every comparison in visit order (breadth first: the root, then each level).
    pub visits: Vec<DiffVisit>,
    /// What comparing every leaf one by one would cost: one comparison per leaf.
    pub brute_force: usize,
}

/// Why two trees could not be compared node by node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    /// The trees have different shapes (leaf counts); a replica keyed by position must
    /// keep every slot, marking a dropped block as empty instead of removing it.
    ShapeMismatch {
        /// Leaves on the left.
        left: usize,
        /// Leaves on the right.
        right: usize,
    },
    /// The trees hash differently, so no node could ever match.
    SchemeMismatch,
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::ShapeMismatch { left, right } => {
                write!(
                    f,
                    "trees of {left} and {right} leaves cannot be compared node by node"
                )
            }
            DiffError::SchemeMismatch => write!(f, "trees built with different hashing schemes"),
        }
    }
}

impl std::error::Error for DiffError {}

/// Compares `a` and `b` from the root down, breadth first.
///
/// Invariant: a node pair is compared only if its parents differed, and a leaf is
/// reported exactly when its two hashes differ. For k differing leaves among n this makes
/// at most `1 + 2·k·⌈log₂ n⌉` comparisons, against `n` for brute force.
pub fn diff(a: &MerkleTree, b: &MerkleTree) -> Result<DiffReport, DiffError> {
    if a.scheme() != b.scheme() {
        return Err(DiffError::SchemeMismatch);
    }
    if a.leaf_count() != b.leaf_count() {
        return Err(DiffError::ShapeMismatch {
            left: a.leaf_count(),
            right: b.leaf_count(),
        });
    }
    let mut report = DiffReport {
        differing: Vec::new(),
        comparisons: 0,
        visits: Vec::new(),
        brute_force: a.leaf_count(),
    };
    if a.leaf_count() == 0 {
        return Ok(report);
    }
    // Breadth-first queue of node pairs to look at. `known` marks the single child of a
    // promoted or duplicated node: its hash equals (or determines) its parent's, so it
    // is known to differ without comparing again.
    let mut queue = std::collections::VecDeque::from([(a.height() - 1, 0usize, false)]);
    while let Some((level, index, known)) = queue.pop_front() {
        let equal = !known && a.node(level, index) == b.node(level, index);
        if !known {
            report.comparisons += 1;
        }
        report.visits.push(DiffVisit {
            level,
            index,
            equal,
            compared: !known,
        });
        if equal {
            continue;
        }
        if level == 0 {
            report.differing.push(index);
            continue;
        }
        let single = matches!(
            a.node_kind(level, index),
            Some(NodeKind::Promoted | NodeKind::Duplicated)
        );
        for child in a.children(level, index) {
            queue.push_back((level - 1, child, single));
        }
    }
    // Breadth first, level by level in ascending index, reaches the leaves in order, so
    // this finds them sorted and costs one pass; it stays as the guarantee. (Insertion
    // sort: the one sort the wasm modules carry.)
    crate::sort::insertion_sort_by(&mut report.differing, Ord::cmp);
    Ok(report)
}
