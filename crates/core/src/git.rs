//! Git's object model is a Merkle tree: see the `git` implementation in progress.
