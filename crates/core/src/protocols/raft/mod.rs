//! # Raft: a replicated log that survives crashes, partitions and lost messages
//!
//! Every node keeps a log of commands. One node at a time — the *leader* of the current
//! *term* — accepts client commands, appends them to its log and copies them to the others.
//! Once a majority holds an entry of the leader's own term, it is *committed*: it will be
//! in every future leader's log, and every node applies committed entries, in index order,
//! to its copy of a small key-value store. So all stores go through the same states.
//!
//! ```text
//!            election timeout                 majority of votes
//!  Follower ───────────────────▶ Candidate ───────────────────▶ Leader
//!     ▲  ▲                          │  │ timeout: new term, again  │
//!     │  └──── sees a leader ◀──────┘  └─────────┘                │
//!     └────────────── sees a higher term ◀────────────────────────┘
//!
//!  index:   1     2     3     4
//!  leader: [1 a1][1 b2][2 a3][3 c4]       term of each entry, then its command
//!  follower[1 a1][1 b2][2 x9]             conflict at 3: truncated, then [2 a3][3 c4]
//! ```
//!
//! Implemented as in figure 2 of the Raft paper (Ongaro & Ousterhout, 2014):
//!
//! - **Terms.** Every message carries the sender's term. A node that sees a higher term
//!   adopts it, forgets its vote and becomes a follower; messages of lower terms are
//!   answered with a refusal carrying the higher term.
//! - **Elections.** A follower that hears no leader for a random timeout (drawn from the
//!   engine's RNG, in `[election_min, election_max]`) becomes a candidate: new term, votes
//!   for itself, asks everyone. A node grants one vote per term, and only to a candidate
//!   whose log is *at least as up to date* as its own (higher last term, or same last term
//!   and at least as long). A majority makes a leader, which appends a no-op entry of its
//!   term (so earlier entries can commit) and sends heartbeats every `heartbeat` ticks.
//! - **Replication.** AppendEntries carries the index and term of the entry before the new
//!   ones; a follower whose log has no such entry refuses (*consistency check*), and the
//!   leader retries from further back. An existing entry that conflicts with a new one (same
//!   index, other term) is deleted with everything after it; entries already present are
//!   kept (a delayed, duplicated message cannot shorten a log).
//! - **Commitment.** The leader commits index `N` when a majority's `matchIndex ≥ N` *and*
//!   entry `N` is of its current term (earlier-term entries commit only along with one of
//!   the current term: figure 8 of the paper shows why counting replicas is not enough).
//! - **Persistence.** `currentTerm`, `votedFor` and the log are persisted before any
//!   message that depends on them is sent. Commit index, roles and the key-value store are
//!   volatile: after a restart they are rebuilt from the log as the leader's commit index
//!   arrives.
//! - **Clients.** A non-leader refuses a write, naming the leader it believes in if any.
//!   A leader reports the index the write got; [`Output::Applied`] reports it executed.
//!
//! **Out of scope:** membership changes (the cluster is fixed), log compaction and
//! snapshots (logs grow for the length of a run), linearizable reads and client
//! sessions (a retried write may be applied twice), and pre-vote / leader leases.
//!
//! The five safety properties of the paper's figure 3 are in [`properties`], checked after
//! every simulation step; [`History`] is what they remember across time.

mod chaos;
mod node;
pub mod properties;
pub mod scenarios;

pub use chaos::{chaos_scenario, check_run, check_seed};
pub use node::{Command, Entry, Kv, Msg, Output, Persisted, Raft, RaftConfig, Role, Timer};
pub use properties::{History, PROPERTIES};

/// Term numbers: a logical clock of elections.
pub type Term = u64;
/// Log positions, 1-based (0 means "before the first entry").
pub type Index = usize;

/// Rules that a test build may deliberately break, to show the property checker notices.
/// Never set in a real scenario (and never encoded in one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mutation {
    /// Follow the paper.
    #[default]
    None,
    /// Grant votes without the up-to-date-log check.
    SkipUpToDateCheck,
    /// Commit any entry stored on a majority, even one of an earlier term — and, as in
    /// the paper's figure 8, without a new leader's no-op entry (which replicates along
    /// with old entries and so mostly hides this bug).
    CommitEarlierTerms,
}
