//! The five safety properties of the Raft paper (figure 3), checked after every step.
//!
//! | Property | Holds when | How it is checked |
//! |---|---|---|
//! | Election Safety | at most one leader per term, ever | leaders seen per term |
//! | Leader Append-Only | a leader never overwrites or deletes its own entries | each leader's log, step to step |
//! | Log Matching | two logs with an entry of the same index and term agree on everything up to it | every `(index, term)` ever seen maps to one command and one previous term |
//! | Leader Completeness | an entry committed in a term is in the log of every leader of a later term | committed prefix (and the term it was committed in) vs each live leader's log |
//! | State Machine Safety | no two nodes apply different commands at one index | first command applied/committed per index |
//!
//! Some properties talk about all of time, so [`History`] keeps what they need: it is
//! updated after every step, for the node the step touched, by [`History::observe`].
//! The Log Matching check is inductive: if every `(index, term)` pair always comes with the
//! same command *and the same term at `index - 1`*, then two logs agreeing on
//! `(index, term)` agree on the term at `index - 1`, hence (by the same argument) on every
//! entry before it — which is the property, without comparing logs pairwise.
//!
//! Every check is incremental, so a step costs about the same however long the logs are:
//! `observe` learns where the touched node's log changed from the node's count of log
//! cuts (between two cuts a log only grows), and keeps for every node the length of the
//! longest common prefix of its log and the committed entries, extended as either grows —
//! which is all State Machine Safety and Leader Completeness need to compare. (Debug
//! builds recompute every such shortcut the long way and assert they agree.)

use super::{Command, Entry, Index, Raft, Role, Term};
use crate::sim::{NodeId, Property, Time, World};

/// What the safety properties remember across time.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The leader of each term, by term (a sorted `Vec`, see [`entry_or_insert`]).
    leaders: Vec<(Term, NodeId)>,
    /// Per node: role, term, log, last applied, at its last observation (`None`: down).
    seen: Vec<Option<Seen>>,
    /// Per (index, term): the command and the previous entry's term first seen there.
    by_index_term: Vec<((Index, Term), (Command, Term))>,
    committed: Vec<Entry>,
    /// The term in which each committed entry became committed (its leader's term then,
    /// which may be later than the entry's own term).
    committed_in: Vec<Term>,
    applied: Vec<Entry>,
    /// Per node: how many leading entries of its log (as last observed) equal `committed`'s.
    agree: Vec<Index>,
    election: Option<String>,
    append_only: Option<String>,
    log_matching: Option<String>,
    state_machine: Option<String>,
}

#[derive(Clone, Debug)]
struct Seen {
    role: Role,
    term: Term,
    log: Vec<Entry>,
    applied: Index,
    /// The node's log cut count ([`Raft::cuts`]) then.
    cuts: u64,
}

/// The value at `key` in `map` (a `Vec` sorted by key, each key once), inserting `value`
/// there first if `key` is absent. The History's maps are kept this way rather than as
/// `BTreeMap`s: each map type costs the widget's wasm module several KB of code.
fn entry_or_insert<K: Ord + Copy, V: Copy>(map: &mut Vec<(K, V)>, key: K, value: V) -> V {
    match map.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(i) => map.get(i).map_or(value, |e| e.1),
        Err(i) => {
            map.insert(i, (key, value));
            value
        }
    }
}

/// How many leading entries `a` and `b` share, counting on from `from` (which they share).
fn common_prefix(a: &[Entry], b: &[Entry], from: Index) -> Index {
    let n = a.len().min(b.len());
    let mut i = from.min(n);
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

impl History {
    /// The leader of each term so far (its first one, if the run broke Election Safety).
    pub fn leaders(&self) -> &[(Term, NodeId)] {
        &self.leaders
    }
    /// Every entry ever known committed, by index (entry `i` at `[i - 1]`).
    pub fn committed(&self) -> &[Entry] {
        &self.committed
    }

    /// Record node `id` after a step that touched it.
    pub fn observe(&mut self, id: NodeId, node: Option<&Raft>, now: Time) {
        if self.seen.len() <= id {
            self.seen.resize(id + 1, None);
            self.agree.resize(id + 1, 0);
        }
        let Some(node) = node else {
            self.seen[id] = None;
            self.agree[id] = 0;
            return;
        };
        let (term, log) = (node.term(), node.log());
        let (cuts, cut_at) = node.cuts();
        let c = node.commit_index().min(log.len());
        let applied = node.last_applied().min(log.len());
        // Nothing changed since last seen (same role, term and log, nothing newly committed
        // or applied; a log neither cut nor grown is the same log): every check below would
        // find what it found then — except State Machine Safety, whose committed entries
        // may have grown meanwhile, so that comparison is repeated here.
        if let Some(p) = &self.seen[id] {
            if p.role == node.role()
                && p.term == term
                && p.cuts == cuts
                && p.log.len() == log.len()
                && p.applied == applied
                && c <= self.committed.len()
                && self.agree[id] >= c
            {
                return;
            }
        }
        let prev = self.seen[id].take();

        // Election Safety.
        if node.role() == Role::Leader {
            let first = entry_or_insert(&mut self.leaders, term, id);
            if first != id && self.election.is_none() {
                self.election = Some(format!(
                    "nodes {first} and {id} were both leader in term {term} (t={now})"
                ));
            }
        }

        let old: &[Entry] = prev.as_ref().map_or(&[], |p| &p.log);
        // Where the log changed since last seen: nowhere below the old length without a
        // cut; from the cut with one (the entry there has another term); else compare.
        let same = match &prev {
            Some(p) if p.cuts == cuts => old.len(),
            Some(p) if p.cuts + 1 == cuts => cut_at.min(old.len()),
            _ => common_prefix(old, log, 0),
        };
        debug_assert_eq!(same, common_prefix(old, log, 0), "node {id}: log change");

        // Leader Append-Only.
        if let Some(p) = &prev {
            let still_leader = p.role == Role::Leader && node.role() == Role::Leader;
            if still_leader && p.term == term && same < old.len() && self.append_only.is_none() {
                self.append_only = Some(format!(
                    "leader {id} of term {term} changed its own entry {} (t={now})",
                    same + 1
                ));
            }
        }

        // Log Matching: every (index, term) keeps one command and one predecessor term.
        for i in same..log.len() {
            let e = log[i];
            let before = if i == 0 { 0 } else { log[i - 1].term };
            let known = entry_or_insert(&mut self.by_index_term, (i + 1, e.term), (e.cmd, before));
            if known != (e.cmd, before) && self.log_matching.is_none() {
                self.log_matching = Some(format!(
                    "entry {} of term {} on node {id} is {:?} after term {before}, \
                     elsewhere {:?} after term {} (t={now})",
                    i + 1,
                    e.term,
                    e.cmd,
                    known.0,
                    known.1
                ));
            }
        }

        // State Machine Safety: one committed entry, and one applied command, per index.
        let k = c.min(self.committed.len());
        let agree = common_prefix(log, &self.committed, self.agree[id].min(same));
        debug_assert_eq!(agree, common_prefix(log, &self.committed, 0));
        self.agree[id] = agree;
        if agree < k && self.state_machine.is_none() {
            let i = agree;
            self.state_machine = Some(format!(
                "node {id} committed {:?} at index {}, another node committed {:?} (t={now})",
                log[i],
                i + 1,
                self.committed[i]
            ));
        }
        if c > self.committed.len() {
            let before = self.committed.len();
            self.committed
                .extend_from_slice(&log[self.committed.len()..c]);
            // Logs that agreed with all of it may agree with the new entries too.
            for (j, seen) in self.seen.iter().enumerate() {
                if let Some(seen) = seen {
                    if self.agree[j] == before {
                        self.agree[j] = common_prefix(&seen.log, &self.committed, before);
                    }
                }
            }
            self.agree[id] = common_prefix(log, &self.committed, agree);
            let t = self
                .committed_in
                .last()
                .map_or(term, |&last| last.max(term));
            self.committed_in.resize(c, t);
        }
        let from = prev
            .as_ref()
            .map_or(0, |p| p.applied)
            .min(applied)
            .min(self.applied.len());
        for (i, e) in log.iter().enumerate().take(applied).skip(from) {
            if i == self.applied.len() {
                self.applied.push(*e);
            } else if self.applied[i].cmd != e.cmd && self.state_machine.is_none() {
                self.state_machine = Some(format!(
                    "node {id} applied {:?} at index {}, another node applied {:?} (t={now})",
                    e.cmd,
                    i + 1,
                    self.applied[i].cmd
                ));
            }
        }

        let mut seen = prev.unwrap_or(Seen {
            role: Role::Follower,
            term: 0,
            log: Vec::new(),
            applied: 0,
            cuts: 0,
        });
        seen.cuts = cuts;
        seen.role = node.role();
        seen.term = term;
        seen.log.truncate(same);
        seen.log.extend_from_slice(&log[same..]);
        seen.applied = applied;
        self.seen[id] = Some(seen);
    }
}

fn recorded(v: &Option<String>) -> Result<(), String> {
    v.as_ref().map_or(Ok(()), |e| Err(e.clone()))
}

/// At most one leader can be elected in a given term.
pub fn election_safety(w: &World<Raft>) -> Result<(), String> {
    recorded(&w.history.election)
}

/// A leader never overwrites or deletes entries in its log; it only appends.
pub fn leader_append_only(w: &World<Raft>) -> Result<(), String> {
    recorded(&w.history.append_only)
}

/// If two logs contain an entry with the same index and term, the logs are identical in
/// all entries up through that index.
pub fn log_matching(w: &World<Raft>) -> Result<(), String> {
    recorded(&w.history.log_matching)
}

/// If an entry is committed in a term, it is in the logs of the leaders of all higher
/// terms. Checked against every live leader: its log must start with the entries
/// committed in terms up to its own. ("Committed in" is the term of the leader that
/// committed it, not the entry's own term: a leader of term 38 elected before an entry of
/// term 33 was committed, in term 39, may rightly lack it.)
pub fn leader_completeness(w: &World<Raft>) -> Result<(), String> {
    let committed = &w.history.committed;
    for node in w.nodes().iter().flatten() {
        if node.role() != Role::Leader {
            continue;
        }
        let k = w
            .history
            .committed_in
            .partition_point(|&t| t <= node.term());
        let log = node.log();
        // `agree` is the common prefix of this log and `committed` (kept by observe).
        let agree = w.history.agree.get(node.id()).copied().unwrap_or(0);
        debug_assert_eq!(
            agree,
            common_prefix(log, committed, 0),
            "leader {}",
            node.id()
        );
        if agree < k && (log.len() < k || log[..k] != committed[..k]) {
            let i = (0..k)
                .find(|&i| log.get(i) != Some(&committed[i]))
                .unwrap_or(0);
            return Err(format!(
                "leader {} of term {} lacks committed entry {} ({:?})",
                node.id(),
                node.term(),
                i + 1,
                committed[i]
            ));
        }
    }
    Ok(())
}

/// If a node has applied a log entry at an index, no other node ever applies a different
/// entry at that index.
pub fn state_machine_safety(w: &World<Raft>) -> Result<(), String> {
    recorded(&w.history.state_machine)
}

/// The five properties, in the paper's order.
pub const PROPERTIES: [Property<Raft>; 5] = [
    Property {
        name: "Election Safety",
        check: election_safety,
    },
    Property {
        name: "Leader Append-Only",
        check: leader_append_only,
    },
    Property {
        name: "Log Matching",
        check: log_matching,
    },
    Property {
        name: "Leader Completeness",
        check: leader_completeness,
    },
    Property {
        name: "State Machine Safety",
        check: state_machine_safety,
    },
];
