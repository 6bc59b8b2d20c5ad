//! One Raft node: its state and its handlers (sans-IO, driven by [`crate::sim`]).

use super::{properties::History, Index, Mutation, Term};
use crate::sim::{scenario_num, Ctx, NodeId, Protocol, ScenarioError, TextCodec, Time};

/// A command for the key-value state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// A new leader's empty entry (lets earlier-term entries commit).
    Noop,
    /// Set key `key` (a lowercase letter) to `value`.
    Set {
        /// The key, `b'a'..=b'z'`.
        key: u8,
        /// The value.
        value: u32,
    },
}

impl TextCodec for Command {
    /// `a7` sets key `a` to 7; `n` is a no-op.
    fn encode(&self, out: &mut String) {
        match self {
            Command::Noop => out.push('n'),
            Command::Set { key, value } => {
                out.push(char::from(*key));
                out.push_str(&value.to_string());
            }
        }
    }
    fn decode(s: &str) -> Result<Self, ScenarioError> {
        if s == "n" {
            return Ok(Command::Noop);
        }
        let key = s.as_bytes().first().copied().unwrap_or(0);
        if !key.is_ascii_lowercase() || key == b'n' && s.len() == 1 {
            return Err(ScenarioError(format!("bad command \"{s}\"")));
        }
        Ok(Command::Set {
            key,
            value: scenario_num(&s[1..])?,
        })
    }
}

/// One log entry: the term it was created in and its command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The leader's term when it appended this entry.
    pub term: Term,
    /// The command.
    pub cmd: Command,
}

/// A node's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Follows a leader; votes; times out into a candidate.
    Follower,
    /// Asking for votes.
    Candidate,
    /// Accepts writes and replicates them.
    Leader,
}

/// Raft's messages (figure 2's RPCs, each as a request and a reply message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// A candidate asks for a vote.
    RequestVote {
        /// Candidate's term.
        term: Term,
        /// Index of its last log entry.
        last_index: Index,
        /// Term of its last log entry.
        last_term: Term,
    },
    /// The answer to a vote request.
    Vote {
        /// Voter's term.
        term: Term,
        /// Whether the vote was granted.
        granted: bool,
    },
    /// The leader replicates entries (none: a heartbeat).
    AppendEntries {
        /// Leader's term.
        term: Term,
        /// Index of the entry just before `entries`.
        prev_index: Index,
        /// Its term.
        prev_term: Term,
        /// New entries (may be empty).
        entries: Vec<Entry>,
        /// Leader's commit index.
        commit: Index,
    },
    /// A follower's answer.
    AppendReply {
        /// Follower's term.
        term: Term,
        /// Whether the consistency check passed.
        success: bool,
        /// On success, the last index known to match; on failure, the follower's log
        /// length (the leader retries from no further than that).
        index: Index,
    },
}

/// Raft's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// No word from a leader: start an election.
    Election,
    /// Leader: time to send heartbeats.
    Heartbeat,
}

/// What a node reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// A leader accepted a client write at `index`.
    Accepted {
        /// Where the entry went.
        index: Index,
        /// In which term.
        term: Term,
    },
    /// A non-leader refused a write; `leader` is who it believes leads, if anyone.
    Redirect {
        /// The believed leader.
        leader: Option<NodeId>,
    },
    /// The node's role changed.
    Role {
        /// New role.
        role: Role,
        /// In which term.
        term: Term,
    },
    /// A committed entry was applied to the node's key-value store.
    Applied {
        /// Its index.
        index: Index,
        /// Its command.
        cmd: Command,
    },
}

/// What a node writes to stable storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Persisted {
    /// currentTerm.
    pub term: Term,
    /// votedFor in `term`.
    pub voted_for: Option<NodeId>,
    /// The log.
    pub log: Vec<Entry>,
}

/// Timing settings (ticks) and, for tests, a deliberately broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaftConfig {
    /// Shortest election timeout.
    pub election_min: Time,
    /// Longest election timeout.
    pub election_max: Time,
    /// Leader's heartbeat interval (well below `election_min`).
    pub heartbeat: Time,
    /// A rule to break on purpose (mutation testing only; not part of the text form).
    pub mutation: Mutation,
}

impl Default for RaftConfig {
    fn default() -> Self {
        RaftConfig {
            election_min: 150,
            election_max: 300,
            heartbeat: 50,
            mutation: Mutation::None,
        }
    }
}

impl TextCodec for RaftConfig {
    /// `150-300-50`: election timeout range, heartbeat.
    fn encode(&self, out: &mut String) {
        out.push_str(&format!(
            "{}-{}-{}",
            self.election_min, self.election_max, self.heartbeat
        ));
    }
    fn decode(s: &str) -> Result<Self, ScenarioError> {
        let mut it = s.split('-');
        let mut next = || scenario_num::<Time>(it.next().unwrap_or(""));
        let cfg = RaftConfig {
            election_min: next()?,
            election_max: next()?,
            heartbeat: next()?,
            mutation: Mutation::None,
        };
        if it.next().is_some()
            || cfg.election_min > cfg.election_max
            || cfg.election_max > 1 << 32
            || cfg.heartbeat == 0
        {
            return Err(ScenarioError(format!("bad raft config \"{s}\"")));
        }
        Ok(cfg)
    }
}

/// A node's key-value store: keys in order, each once. A sorted `Vec` rather than a
/// `BTreeMap`: the store holds a handful of keys, and every map type costs the widget's
/// wasm module several KB of code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kv(Vec<(u8, u32)>);

impl Kv {
    /// The value of `key`.
    pub fn get(&self, key: &u8) -> Option<&u32> {
        let i = self.0.binary_search_by(|(k, _)| k.cmp(key)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }
    /// Sets `key` to `value`.
    pub fn insert(&mut self, key: u8, value: u32) {
        match self.0.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
    /// No key set yet?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many keys are set.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The keys and values, keys in order.
    pub fn iter(&self) -> impl Iterator<Item = (&u8, &u32)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// One Raft node.
#[derive(Clone, Debug)]
pub struct Raft {
    id: NodeId,
    n: usize,
    cfg: RaftConfig,
    // Persistent (written through `Persisted` before acting on it).
    term: Term,
    voted_for: Option<NodeId>,
    log: Vec<Entry>,
    // Volatile.
    role: Role,
    leader: Option<NodeId>,
    commit: Index,
    applied: Index,
    kv: Kv,
    votes: Vec<bool>,
    next_index: Vec<Index>,
    match_index: Vec<Index>,
    /// How many times the log was cut short (a conflict), and its length after the last
    /// cut: lets [`History::observe`] find what changed since it last looked without
    /// comparing whole logs (between two cuts the log only grows).
    cuts: (u64, Index),
    /// How many leading log entries are known to be on disk already (a persist appends
    /// only the rest, instead of copying the whole log).
    synced: Index,
}

impl Raft {
    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }
    /// Current term.
    pub fn term(&self) -> Term {
        self.term
    }
    /// Who it voted for in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    /// Its role.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The leader it currently believes in (itself, if leader).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// Its log (entry `i` is at `log()[i - 1]`).
    pub fn log(&self) -> &[Entry] {
        &self.log
    }
    /// Highest index known committed.
    pub fn commit_index(&self) -> Index {
        self.commit
    }
    /// Highest index applied to the store.
    pub fn last_applied(&self) -> Index {
        self.applied
    }
    /// The key-value store.
    pub fn kv(&self) -> &Kv {
        &self.kv
    }
    /// Votes received this term (candidates and leaders).
    pub fn votes(&self) -> &[bool] {
        &self.votes
    }
    /// Leader's `matchIndex` per node (zeros otherwise).
    pub fn match_index(&self) -> &[Index] {
        &self.match_index
    }

    /// See the `cuts` field.
    pub(crate) fn cuts(&self) -> (u64, Index) {
        self.cuts
    }

    fn last(&self) -> (Index, Term) {
        (self.log.len(), self.log.last().map_or(0, |e| e.term))
    }
    fn term_at(&self, i: Index) -> Option<Term> {
        match i {
            0 => Some(0),
            _ => self.log.get(i - 1).map(|e| e.term),
        }
    }
    fn majority(&self) -> usize {
        self.n / 2 + 1
    }

    /// Write currentTerm, votedFor and the log to stable storage: in place, appending the
    /// entries past `synced` (the disk then holds exactly what a fresh `Persisted` would).
    fn persist(&mut self, ctx: &mut Ctx<'_, Self>) {
        let (term, voted_for, log, synced) = (self.term, self.voted_for, &self.log, self.synced);
        ctx.persist_with(|disk| match disk {
            Some(p) => {
                p.term = term;
                p.voted_for = voted_for;
                p.log.truncate(synced.min(log.len()));
                let from = p.log.len();
                p.log.extend_from_slice(&log[from..]);
                debug_assert_eq!(&p.log, log, "the disk holds the log");
            }
            None => {
                *disk = Some(Persisted {
                    term,
                    voted_for,
                    log: log.clone(),
                })
            }
        });
        self.synced = self.log.len();
    }

    fn reset_election_timer(&self, ctx: &mut Ctx<'_, Self>) {
        let t = ctx.random_range(self.cfg.election_min, self.cfg.election_max);
        ctx.set_timer(Timer::Election, t);
    }

    fn set_role(&mut self, role: Role, ctx: &mut Ctx<'_, Self>) {
        if self.role != role {
            self.role = role;
            ctx.output(Output::Role {
                role,
                term: self.term,
            });
        }
    }

    /// Adopt a higher term: forget the vote, become a follower.
    fn adopt_term(&mut self, term: Term, ctx: &mut Ctx<'_, Self>) {
        self.term = term;
        self.voted_for = None;
        self.leader = None;
        if self.role == Role::Leader {
            ctx.cancel_timer(Timer::Heartbeat);
            self.reset_election_timer(ctx);
        }
        self.set_role(Role::Follower, ctx);
        self.persist(ctx);
    }

    fn start_election(&mut self, ctx: &mut Ctx<'_, Self>) {
        self.term += 1;
        self.voted_for = Some(self.id);
        self.leader = None;
        self.votes = vec![false; self.n];
        self.votes[self.id] = true;
        self.set_role(Role::Candidate, ctx);
        self.persist(ctx);
        self.reset_election_timer(ctx);
        let (last_index, last_term) = self.last();
        ctx.broadcast(Msg::RequestVote {
            term: self.term,
            last_index,
            last_term,
        });
        self.maybe_win(ctx);
    }

    fn maybe_win(&mut self, ctx: &mut Ctx<'_, Self>) {
        if self.role != Role::Candidate
            || self.votes.iter().filter(|&&v| v).count() < self.majority()
        {
            return;
        }
        self.set_role(Role::Leader, ctx);
        self.leader = Some(self.id);
        ctx.cancel_timer(Timer::Election);
        if self.cfg.mutation != Mutation::CommitEarlierTerms {
            self.log.push(Entry {
                term: self.term,
                cmd: Command::Noop,
            });
            self.persist(ctx);
        }
        self.next_index = vec![self.log.len(); self.n];
        self.match_index = vec![0; self.n];
        self.match_index[self.id] = self.log.len();
        self.advance_commit(ctx); // a one-node cluster commits alone
        self.broadcast_append(ctx);
        ctx.set_timer(Timer::Heartbeat, self.cfg.heartbeat);
    }

    /// Send each follower what it is missing (at most 32 entries), or a heartbeat.
    fn broadcast_append(&self, ctx: &mut Ctx<'_, Self>) {
        for to in (0..self.n).filter(|&to| to != self.id) {
            self.send_append(to, ctx);
        }
    }

    fn send_append(&self, to: NodeId, ctx: &mut Ctx<'_, Self>) {
        let next = self.next_index[to].clamp(1, self.log.len() + 1);
        let prev_index = next - 1;
        let end = self.log.len().min(prev_index + 32);
        ctx.send(
            to,
            Msg::AppendEntries {
                term: self.term,
                prev_index,
                prev_term: self.term_at(prev_index).unwrap_or(0),
                entries: self.log[prev_index..end].to_vec(),
                commit: self.commit,
            },
        );
    }

    fn advance_commit(&mut self, ctx: &mut Ctx<'_, Self>) {
        let mut n = self.log.len();
        while n > self.commit {
            let replicas = self.match_index.iter().filter(|&&m| m >= n).count();
            let own_term = self.log[n - 1].term == self.term;
            if replicas >= self.majority()
                && (own_term || self.cfg.mutation == Mutation::CommitEarlierTerms)
            {
                self.commit = n;
                break;
            }
            n -= 1;
        }
        self.apply(ctx);
    }

    fn apply(&mut self, ctx: &mut Ctx<'_, Self>) {
        while self.applied < self.commit.min(self.log.len()) {
            let e = self.log[self.applied];
            self.applied += 1;
            if let Command::Set { key, value } = e.cmd {
                self.kv.insert(key, value);
            }
            ctx.output(Output::Applied {
                index: self.applied,
                cmd: e.cmd,
            });
        }
    }

    fn on_request_vote(
        &mut self,
        from: NodeId,
        term: Term,
        last_index: Index,
        last_term: Term,
        ctx: &mut Ctx<'_, Self>,
    ) {
        if term > self.term {
            self.adopt_term(term, ctx);
        }
        let (my_index, my_term) = self.last();
        let up_to_date = last_term > my_term || (last_term == my_term && last_index >= my_index);
        let up_to_date = up_to_date || self.cfg.mutation == Mutation::SkipUpToDateCheck;
        let granted = term == self.term && self.voted_for.is_none_or(|v| v == from) && up_to_date;
        if granted {
            self.voted_for = Some(from);
            self.persist(ctx);
            self.reset_election_timer(ctx);
        }
        ctx.send(
            from,
            Msg::Vote {
                term: self.term,
                granted,
            },
        );
    }

    fn on_append(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        let Msg::AppendEntries {
            term,
            prev_index,
            prev_term,
            entries,
            commit,
        } = msg
        else {
            return;
        };
        if term < self.term {
            ctx.send(
                from,
                Msg::AppendReply {
                    term: self.term,
                    success: false,
                    index: self.log.len(),
                },
            );
            return;
        }
        if term > self.term {
            self.adopt_term(term, ctx);
        }
        // Same term: whoever sent this is the term's leader (a candidate gives up).
        self.set_role(Role::Follower, ctx);
        self.leader = Some(from);
        self.reset_election_timer(ctx);
        if self.term_at(prev_index) != Some(prev_term) {
            ctx.send(
                from,
                Msg::AppendReply {
                    term: self.term,
                    success: false,
                    index: self.log.len().min(prev_index.saturating_sub(1)),
                },
            );
            return;
        }
        let mut changed = false;
        for (k, e) in entries.iter().enumerate() {
            let i = prev_index + 1 + k;
            match self.term_at(i) {
                Some(t) if t == e.term => {}
                Some(_) => {
                    self.log.truncate(i - 1); // conflict: drop it and all that follows
                    self.cuts = (self.cuts.0 + 1, i - 1);
                    self.synced = self.synced.min(i - 1);
                    self.log.push(*e);
                    changed = true;
                }
                None => {
                    self.log.push(*e);
                    changed = true;
                }
            }
        }
        if changed {
            self.persist(ctx);
        }
        let last_new = prev_index + entries.len();
        if commit > self.commit {
            self.commit = self.commit.max(commit.min(last_new));
            self.apply(ctx);
        }
        ctx.send(
            from,
            Msg::AppendReply {
                term: self.term,
                success: true,
                index: last_new,
            },
        );
    }
}

impl Protocol for Raft {
    type Msg = Msg;
    type Timer = Timer;
    type Request = Command;
    type Persist = Persisted;
    type Output = Output;
    type Config = RaftConfig;
    type History = History;

    fn init(id: NodeId, nodes: usize, config: &RaftConfig, ctx: &mut Ctx<'_, Self>) -> Self {
        Self::restart(id, nodes, config, None, ctx)
    }

    fn restart(
        id: NodeId,
        nodes: usize,
        config: &RaftConfig,
        persisted: Option<&Persisted>,
        ctx: &mut Ctx<'_, Self>,
    ) -> Self {
        let p = persisted.cloned().unwrap_or(Persisted {
            term: 0,
            voted_for: None,
            log: Vec::new(),
        });
        let synced = p.log.len(); // the log came from the disk
        let node = Raft {
            id,
            n: nodes,
            cfg: config.clone(),
            term: p.term,
            voted_for: p.voted_for,
            log: p.log,
            role: Role::Follower,
            leader: None,
            commit: 0,
            applied: 0,
            kv: Kv::default(),
            votes: vec![false; nodes],
            next_index: vec![1; nodes],
            match_index: vec![0; nodes],
            cuts: (0, 0),
            synced,
        };
        node.reset_election_timer(ctx);
        node
    }

    fn on_message(&mut self, from: NodeId, msg: Msg, ctx: &mut Ctx<'_, Self>) {
        match msg {
            Msg::RequestVote {
                term,
                last_index,
                last_term,
            } => self.on_request_vote(from, term, last_index, last_term, ctx),
            Msg::Vote { term, granted } => {
                if term > self.term {
                    self.adopt_term(term, ctx);
                } else if term == self.term && granted && self.role == Role::Candidate {
                    self.votes[from] = true;
                    self.maybe_win(ctx);
                }
            }
            msg @ Msg::AppendEntries { .. } => self.on_append(from, msg, ctx),
            Msg::AppendReply {
                term,
                success,
                index,
            } => {
                if term > self.term {
                    self.adopt_term(term, ctx);
                    return;
                }
                if self.role != Role::Leader || term < self.term {
                    return; // stale reply
                }
                if success {
                    let index = index.min(self.log.len());
                    self.match_index[from] = self.match_index[from].max(index);
                    self.next_index[from] = self.next_index[from].max(index + 1);
                    self.advance_commit(ctx);
                    if self.next_index[from] <= self.log.len() {
                        self.send_append(from, ctx);
                    }
                } else {
                    // Back off: no further than the follower's log end, at least one step.
                    let next = self.next_index[from];
                    self.next_index[from] = (index + 1).min(next.saturating_sub(1)).max(1);
                    self.send_append(from, ctx);
                }
            }
        }
    }

    fn on_timer(&mut self, timer: Timer, ctx: &mut Ctx<'_, Self>) {
        match (timer, self.role) {
            (Timer::Election, Role::Follower | Role::Candidate) => self.start_election(ctx),
            (Timer::Heartbeat, Role::Leader) => {
                self.broadcast_append(ctx);
                ctx.set_timer(Timer::Heartbeat, self.cfg.heartbeat);
            }
            _ => {}
        }
    }

    fn on_client(&mut self, request: Command, ctx: &mut Ctx<'_, Self>) {
        if self.role != Role::Leader {
            ctx.output(Output::Redirect {
                leader: self.leader,
            });
            return;
        }
        self.log.push(Entry {
            term: self.term,
            cmd: request,
        });
        self.persist(ctx);
        self.match_index[self.id] = self.log.len();
        ctx.output(Output::Accepted {
            index: self.log.len(),
            term: self.term,
        });
        self.advance_commit(ctx);
        self.broadcast_append(ctx);
    }

    fn observe(history: &mut History, id: NodeId, node: Option<&Self>, now: Time) {
        history.observe(id, node, now);
    }
}
