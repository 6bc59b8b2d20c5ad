//! Bitcoin's transaction Merkle tree: implementation in progress.
