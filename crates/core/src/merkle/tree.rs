//! Building a tree level by level, and reading its shape back.

use super::Scheme;
use crate::hash::Digest;

/// A Merkle tree with every level kept, so widgets can draw it and proofs can be cut
/// from it. See the [module docs](super) for the invariants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerkleTree {
    scheme: Scheme,
    /// `levels[0]` = leaf hashes, last = `[root]`.
    levels: Vec<Vec<Digest>>,
}

/// What a node is made of, for drawing and explaining it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A leaf: the hash of a data block.
    Leaf,
    /// The hash of two children at `(level - 1, 2i)` and `(level - 1, 2i + 1)`.
    Pair,
    /// An unpaired child carried up unchanged (RFC 6962, Plain): same hash as its child.
    Promoted,
    /// An unpaired child hashed with a copy of itself (Bitcoin).
    Duplicated,
}

/// Errors from tree queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MerkleError {
    /// A leaf index past the end of the tree.
    LeafOutOfRange {
        /// The index asked for.
        index: usize,
        /// How many leaves the tree has.
        leaves: usize,
    },
}

impl std::fmt::Display for MerkleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MerkleError::LeafOutOfRange { index, leaves } => {
                write!(
                    f,
                    "leaf {index} does not exist: the tree has {leaves} leaves"
                )
            }
        }
    }
}

impl std::error::Error for MerkleError {}

impl MerkleTree {
    /// Builds the tree of `blocks` under `scheme`, hashing each block as a leaf.
    ///
    /// This is the fast path (four hashes at a time, see [`crate::sha256x4`]); it gives
    /// exactly the tree of [`build_reference`](Self::build_reference).
    pub fn build<B: AsRef<[u8]>>(scheme: Scheme, blocks: &[B]) -> Self {
        Self::from_leaf_hashes(scheme, super::fast::hash_leaves(scheme, blocks))
    }

    /// Builds the tree over leaf hashes computed elsewhere (Bitcoin txids, for instance).
    /// Fast path, like [`build`](Self::build).
    pub fn from_leaf_hashes(scheme: Scheme, leaves: Vec<Digest>) -> Self {
        Self::from_leaves_with(scheme, leaves, super::fast::parent_level)
    }

    /// Builds the tree the plain way, one [`Scheme::hash_leaf`] per block and one
    /// [`Scheme::hash_node`] per inner node: the construction the widgets explain, and
    /// the reference the fast [`build`](Self::build) is tested against.
    pub fn build_reference<B: AsRef<[u8]>>(scheme: Scheme, blocks: &[B]) -> Self {
        let leaves = blocks
            .iter()
            .map(|b| scheme.hash_leaf(b.as_ref()))
            .collect();
        Self::from_leaf_hashes_reference(scheme, leaves)
    }

    /// [`from_leaf_hashes`](Self::from_leaf_hashes) the plain way, one
    /// [`Scheme::hash_node`] per inner node.
    pub fn from_leaf_hashes_reference(scheme: Scheme, leaves: Vec<Digest>) -> Self {
        Self::from_leaves_with(scheme, leaves, Self::parent_level)
    }

    /// Stacks levels on `leaves` with `parent_level` until one node, the root, is left.
    fn from_leaves_with(
        scheme: Scheme,
        leaves: Vec<Digest>,
        parent_level: fn(Scheme, &[Digest]) -> Vec<Digest>,
    ) -> Self {
        let mut levels = vec![leaves];
        while levels.last().map_or(0, Vec::len) > 1 {
            let below = levels.last().map(Vec::as_slice).unwrap_or_default();
            let next = parent_level(scheme, below);
            levels.push(next);
        }
        MerkleTree { scheme, levels }
    }

    /// Hashes one level into the next: pairs `(2i, 2i+1)`, then the unpaired last node
    /// promoted or duplicated as the scheme says.
    fn parent_level(scheme: Scheme, below: &[Digest]) -> Vec<Digest> {
        let mut next = Vec::with_capacity(below.len().div_ceil(2));
        let mut pairs = below.chunks_exact(2);
        for pair in &mut pairs {
            next.push(scheme.hash_node(&pair[0], &pair[1]));
        }
        if let [odd] = pairs.remainder() {
            next.push(if scheme.duplicates_odd_node() {
                scheme.hash_node(odd, odd)
            } else {
                *odd
            });
        }
        next
    }

    /// The hashing scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Number of leaves.
    pub fn leaf_count(&self) -> usize {
        self.levels[0].len()
    }

    /// The root hash ([`Scheme::empty_root`] for an empty tree).
    pub fn root(&self) -> Digest {
        match self.levels.last() {
            Some(top) if top.len() == 1 => top[0],
            _ => self.scheme.empty_root(),
        }
    }

    /// All levels, leaves first, root last.
    pub fn levels(&self) -> &[Vec<Digest>] {
        &self.levels
    }

    /// Number of levels (1 for a single leaf or an empty tree).
    pub fn height(&self) -> usize {
        self.levels.len()
    }

    /// Hash of node `index` at `level` (0 = leaves), if it exists.
    pub fn node(&self, level: usize, index: usize) -> Option<&Digest> {
        self.levels.get(level)?.get(index)
    }

    /// Leaf hash `index`.
    pub fn leaf(&self, index: usize) -> Result<&Digest, MerkleError> {
        self.levels[0]
            .get(index)
            .ok_or(MerkleError::LeafOutOfRange {
                index,
                leaves: self.leaf_count(),
            })
    }

    /// What node `(level, index)` is made of; `None` if there is no such node.
    pub fn node_kind(&self, level: usize, index: usize) -> Option<NodeKind> {
        self.node(level, index)?;
        if level == 0 {
            return Some(NodeKind::Leaf);
        }
        let below = self.levels[level - 1].len();
        Some(if 2 * index + 1 < below {
            NodeKind::Pair
        } else if self.scheme.duplicates_odd_node() {
            NodeKind::Duplicated
        } else {
            NodeKind::Promoted
        })
    }

    /// The children of `(level, index)` as indexes on `level - 1`: one for a promoted or
    /// duplicated node, two for a pair, none for a leaf.
    pub fn children(&self, level: usize, index: usize) -> Vec<usize> {
        match self.node_kind(level, index) {
            Some(NodeKind::Pair) => vec![2 * index, 2 * index + 1],
            Some(NodeKind::Promoted | NodeKind::Duplicated) => vec![2 * index],
            _ => Vec::new(),
        }
    }

    /// The nodes from leaf `index` up to the root, as `(level, index)`: exactly the
    /// hashes that change when that block changes.
    pub fn path_to_root(&self, index: usize) -> Result<Vec<(usize, usize)>, MerkleError> {
        self.leaf(index)?;
        Ok((0..self.height()).map(|l| (l, index >> l)).collect())
    }

    /// Replaces block `index` and rehashes only its path to the root (O(log n) hashes).
    pub fn update_leaf(&mut self, index: usize, data: &[u8]) -> Result<(), MerkleError> {
        self.leaf(index)?;
        self.levels[0][index] = self.scheme.hash_leaf(data);
        let mut i = index;
        for level in 1..self.levels.len() {
            let p = i / 2;
            let below = &self.levels[level - 1];
            let left = below[2 * p];
            let h = match below.get(2 * p + 1) {
                Some(right) => self.scheme.hash_node(&left, right),
                None if self.scheme.duplicates_odd_node() => self.scheme.hash_node(&left, &left),
                None => left,
            };
            self.levels[level][p] = h;
            i = p;
        }
        Ok(())
    }
}
