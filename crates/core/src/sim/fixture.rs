//! Fixtures: runs that start somewhere a real run may never go, set up directly.
//!
//! A [`Scenario`] can only start every node fresh and can only deliver messages that real
//! nodes sent. That is enough to *explore*, but not to *set up*: the Raft paper's figure 8
//! starts from five logs with entries of three terms, and checking how a node answers a
//! message from a stale term needs exactly that message. A [`Fixture`] is a scenario plus
//! two things no real run of it could produce:
//!
//! - **starting disks**: nodes that begin from given persisted state (for Raft: a term, a
//!   vote and a log) instead of fresh. Such a node starts exactly as a node restarting from
//!   that disk would ([`Protocol::restart`]), at time 0: all its volatile state is new.
//! - **crafted messages** ([`Crafted`]): a message handed straight to a node at a given
//!   time, as if `from` had sent it. It bypasses the network (no latency, loss,
//!   duplication, partition or blocked link: it is an input from outside, like a client's
//!   request), but a node that is down cannot receive it — it is then reported as dropped
//!   ([`DropReason::Crashed`](super::DropReason::Crashed)). A crafted message that arrives
//!   is an ordinary [`Event::Deliver`](super::Event::Deliver): the node's real handler
//!   runs, and the step is traced, observed and checked like any other.
//!
//! ## Invariants
//!
//! - **Recorded like inputs.** A world keeps its crafted messages in a time-sorted list
//!   beside its inputs ([`World::crafted`](super::World::crafted)). A [`Timeline`]
//!   restores them on every seek and keeps them in its fixture, so a rewind replays them
//!   and a fork drops the ones still in the future, exactly as it does inputs.
//! - **Order within a tick.** At one tick, scenario inputs run first, then crafted
//!   messages (in list order), then queued messages and timers.
//! - **Out of range is ignored.** A starting disk for a node `≥ nodes` is ignored (the last
//!   one given for a node wins); a crafted message naming a node `≥ nodes` is left out of
//!   the world's list (and never recorded by `World::deliver`): it is not a step.
//!
//! ## Text form
//!
//! A fixture with no starting disks and no crafted messages is just its scenario, and
//! [`Fixture::encode`] writes it as one. Protocol messages and disks have no text form
//! (the protocol's types need not implement [`TextCodec`](super::TextCodec)), so a fixture
//! using either is refused with a [`ScenarioError`] that says so: it exists in memory only,
//! for tests and for guided runs built in code.
//!
//! [`Timeline`]: super::Timeline

use super::{NodeId, Protocol, Scenario, ScenarioError, Time};

/// A message handed straight to node `to`, as if `from` had sent it (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crafted<M> {
    /// The node it claims to come from (the receiver's handler sees this sender).
    pub from: NodeId,
    /// The node that receives it.
    pub to: NodeId,
    /// The message.
    pub msg: M,
}

/// A scenario plus starting disks and crafted messages (see the module docs).
#[derive(Clone, Debug)]
pub struct Fixture<P: Protocol> {
    /// Everything an ordinary run depends on.
    pub scenario: Scenario<P>,
    /// Nodes that start from this persisted state instead of fresh; the last entry for a
    /// node wins, entries for nodes out of range are ignored.
    pub disks: Vec<(NodeId, P::Persist)>,
    /// Messages handed to nodes, and when (applied in time order; ties keep list order).
    pub messages: Vec<(Time, Crafted<P::Msg>)>,
}

impl<P: Protocol> From<Scenario<P>> for Fixture<P> {
    fn from(scenario: Scenario<P>) -> Self {
        Fixture {
            scenario,
            disks: Vec::new(),
            messages: Vec::new(),
        }
    }
}

impl<P: Protocol> Fixture<P> {
    /// A fixture that is only `scenario`: every node fresh, nothing crafted.
    pub fn new(scenario: Scenario<P>) -> Self {
        Fixture::from(scenario)
    }

    /// Node `id` starts from `state` instead of fresh.
    pub fn with_disk(mut self, id: NodeId, state: P::Persist) -> Self {
        self.disks.push((id, state));
        self
    }

    /// Hand `msg` to node `to` at time `at`, as if `from` had sent it.
    pub fn with_message(mut self, at: Time, from: NodeId, to: NodeId, msg: P::Msg) -> Self {
        self.messages.push((at, Crafted { from, to, msg }));
        self
    }

    /// Whether this is a plain scenario (no starting disk, no crafted message), which is
    /// what the text form can hold.
    pub fn is_plain(&self) -> bool {
        self.disks.is_empty() && self.messages.is_empty()
    }

    /// The scenario's URL-safe text form, if the fixture is plain; otherwise an error
    /// saying what cannot be written (a fixture like that exists in memory only).
    pub fn encode(&self) -> Result<String, ScenarioError> {
        match (self.disks.len(), self.messages.len()) {
            (0, 0) => Ok(self.scenario.encode()),
            (d, m) => Err(ScenarioError(format!(
                "this fixture has {d} starting disk(s) and {m} crafted message(s); \
                 protocol state and messages have no text form, so it exists in memory only"
            ))),
        }
    }

    /// Parse a scenario's text form into a plain fixture. Never panics.
    pub fn decode(text: &str) -> Result<Self, ScenarioError> {
        Scenario::decode(text).map(Fixture::from)
    }
}
