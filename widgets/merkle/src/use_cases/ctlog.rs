//! A Certificate Transparency log and its auditor, as pure logic (no Yew).
//!
//! The log is append-only by promise: every certificate a CA issues is appended, and
//! the log signs a *tree head* (size, RFC 6962 root) now and then. An auditor keeps one
//! old head. When the log publishes a bigger head, the auditor asks for a consistency
//! proof — a handful of hashes — and rebuilds both roots from it
//! ([`distlab_core::merkle::check_consistency`]). If the operator rewrote an entry the
//! auditor's head already covered, the rebuilt roots cannot both match.
//!
//! The reader appends entries, picks the head the auditor holds, and may play the
//! dishonest operator by rewriting one entry below that head.

use distlab_core::hash::Digest;
use distlab_core::merkle::{
    check_consistency, ConsistencyCheck, ConsistencyError, ConsistencyProof, MerkleTree, Scheme,
};

/// CT's tree.
pub const SCHEME: Scheme = Scheme::Rfc6962;
/// Entries the demo log holds at most (a real log holds billions; the proof would
/// still be about 30 hashes).
pub const MAX_ENTRIES: usize = 64;
/// Characters of an entry name kept.
pub const MAX_NAME: usize = 40;

/// The entries the log starts with.
const START: [&str; 6] = [
    "cert for shop.example",
    "cert for mail.example",
    "cert for bank.example",
    "cert for news.example",
    "cert for blog.example",
    "cert for wiki.example",
];

/// The log, the auditor's head and the operator's tampering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CtLog {
    /// What was appended, in order: the honest log.
    pub honest: Vec<String>,
    /// Size of the tree head the auditor holds (1..=len).
    pub held_size: usize,
    /// Entry the operator rewrote after the auditor saw the head, if any (< held_size).
    pub rewritten: Option<usize>,
}

impl Default for CtLog {
    fn default() -> Self {
        CtLog {
            honest: START.iter().map(|s| s.to_string()).collect(),
            held_size: 3,
            rewritten: None,
        }
    }
}

/// Everything the tab shows, worked out from a [`CtLog`].
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// The old head the auditor holds: size and the root it saw (honest).
    pub old: (usize, Digest),
    /// The head the log publishes now: size and root of what it serves.
    pub new: (usize, Digest),
    /// The proof the log hands over, cut from the tree it serves.
    pub proof: ConsistencyProof,
    /// The auditor's verification.
    pub check: ConsistencyCheck,
}

impl CtLog {
    /// The entries the log serves: the honest ones, with the rewrite applied.
    pub fn served(&self) -> Vec<String> {
        let mut v = self.honest.clone();
        if let Some(e) = self.rewritten.and_then(|i| v.get_mut(i)) {
            *e = rewrite_of(e);
        }
        v
    }

    /// Appends an entry (trimmed, shortened; a default name if empty). False if full.
    pub fn append(&mut self, name: &str) -> bool {
        if self.honest.len() >= MAX_ENTRIES {
            return false;
        }
        let name: String = name.trim().chars().take(MAX_NAME).collect();
        let name = if name.is_empty() {
            format!("cert for site{}.example", self.honest.len() + 1)
        } else {
            name
        };
        self.honest.push(name);
        true
    }

    /// The auditor holds the head of size `m` (clamped to 1..=len); a rewrite that is
    /// no longer below the head moves to the head's last entry.
    pub fn hold(&mut self, m: usize) {
        self.held_size = m.clamp(1, self.honest.len().max(1));
        if let Some(i) = self.rewritten {
            self.rewritten = Some(i.min(self.held_size - 1));
        }
    }

    /// The operator rewrites entry `i` (clamped below the held head), or undoes it
    /// with `None`.
    pub fn rewrite(&mut self, i: Option<usize>) {
        self.rewritten = i.map(|i| i.min(self.held_size.saturating_sub(1)));
    }

    /// The heads, the proof and its verification.
    pub fn audit(&self) -> Result<Audit, ConsistencyError> {
        let honest_old = MerkleTree::build_reference(
            SCHEME,
            &self.honest[..self.held_size.min(self.honest.len())],
        );
        let served = MerkleTree::build_reference(SCHEME, &self.served());
        let proof = served.consistency_proof(self.held_size)?;
        let old = (self.held_size, honest_old.root());
        let new = (served.leaf_count(), served.root());
        let check = check_consistency(SCHEME, old.0, new.0, &old.1, &new.1, &proof.hashes());
        Ok(Audit {
            old,
            new,
            proof,
            check,
        })
    }
}

/// What the dishonest operator turns entry `e` into.
pub fn rewrite_of(e: &str) -> String {
    match e.strip_prefix("cert for ") {
        Some(site) => format!("cert for {site} (issued to an attacker)"),
        None => format!("{e} (rewritten)"),
    }
}

/// One plain sentence on the verdict.
pub fn verdict_sentence(a: &Audit, rewritten: Option<usize>) -> String {
    let (m, n) = (a.old.0, a.new.0);
    let cause = match rewritten {
        Some(i) => format!(" Entry {i} was rewritten after the auditor saw size {m}."),
        None => String::new(),
    };
    match &a.check.verdict {
        Ok(()) if m == n => format!("Same size {m}, same root: nothing was added, nothing changed."),
        Ok(()) => format!(
            "Both roots rebuilt from the proof match: the log of {n} entries is the auditor's {m} entries with {} appended, none changed.",
            n - m
        ),
        Err(ConsistencyError::OldRootMismatch) => format!(
            "The old root rebuilt from the proof does not match the root the auditor holds for size {m}.{cause}"
        ),
        Err(ConsistencyError::NewRootMismatch) => format!(
            "Starting from the auditor's own old root, the proof leads to a new root the log did not publish: the published tree of {n} does not contain the old {m} entries unchanged.{cause}"
        ),
        Err(ConsistencyError::SameSizeDifferentRoots) => format!(
            "The log shows a root for size {m} that is not the one the auditor holds: two histories of the same size.{cause}"
        ),
        Err(e) => format!("Verification fails: {e}.{cause}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_honest_log_extends_every_held_head() {
        let mut log = CtLog::default();
        log.append("cert for extra.example");
        for m in 1..=log.honest.len() {
            log.hold(m);
            let a = log.audit().unwrap();
            assert_eq!(a.check.verdict, Ok(()), "m = {m}");
            assert!(verdict_sentence(&a, None).contains("match") || m == log.honest.len());
        }
    }

    #[test]
    fn a_rewrite_below_the_head_fails_and_names_the_root() {
        let mut log = CtLog::default();
        log.hold(3);
        log.rewrite(Some(1));
        let a = log.audit().unwrap();
        assert_eq!(a.check.verdict, Err(ConsistencyError::OldRootMismatch));
        assert!(verdict_sentence(&a, log.rewritten).starts_with("The old root"));
        log.hold(4); // a power of two: the auditor's own root starts the walk
        let a = log.audit().unwrap();
        assert_eq!(a.check.verdict, Err(ConsistencyError::NewRootMismatch));
        log.hold(6);
        log.rewrite(Some(5));
        log.hold(6);
        assert_eq!(
            log.audit().unwrap().check.verdict,
            Err(ConsistencyError::SameSizeDifferentRoots)
        );
        log.rewrite(None);
        assert_eq!(log.audit().unwrap().check.verdict, Ok(()));
    }

    #[test]
    fn odd_input_is_clamped_not_fatal() {
        let mut log = CtLog::default();
        log.hold(0);
        assert_eq!(log.held_size, 1);
        log.hold(999);
        assert_eq!(log.held_size, log.honest.len());
        log.rewrite(Some(999));
        assert_eq!(log.rewritten, Some(log.honest.len() - 1));
        log.hold(2);
        assert_eq!(log.rewritten, Some(1));
        assert!(log.append("   "));
        assert!(log.honest.last().unwrap().starts_with("cert for site"));
        assert!(log.append(&"x".repeat(500)));
        assert_eq!(log.honest.last().unwrap().len(), MAX_NAME);
        while log.append("more") {}
        assert_eq!(log.honest.len(), MAX_ENTRIES);
        assert!(log.audit().is_ok());
    }
}
