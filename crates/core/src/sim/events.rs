//! What happens in a run: the scenario's [`Input`]s from outside, the [`Event`] each step
//! applies (with the [`Step`] record around it), the [`Pending`] items waiting in the
//! queue, and why a message can be dropped ([`DropReason`]).

use super::{NodeId, Protocol, Time};

/// Something the outside world does to the cluster: the scenario's inputs.
#[derive(Clone, Debug, PartialEq)]
pub enum Input<R> {
    /// A client sends `R` to a node.
    Client {
        /// The node asked.
        node: NodeId,
        /// The request.
        request: R,
    },
    /// A node crashes (loses all but its persisted state). No effect if already down.
    Crash(NodeId),
    /// A crashed node restarts from its persisted state. No effect if it is up.
    Restart(NodeId),
    /// Every timer the node has armed fires at the next tick, as if its clock had jumped
    /// past all its deadlines: a Raft follower told to "time out now" starts an election
    /// (what the leader's TimeoutNow message does in a leadership transfer, §3.10 of
    /// Ongaro's thesis). No effect on a node that is down or has no timer armed.
    Expire(NodeId),
    /// Split the cluster: nodes talk only within their group; unlisted nodes are alone.
    Partition(Vec<Vec<NodeId>>),
    /// Remove the partition and every link block.
    Heal,
    /// Drop every message from `from` to `to` until unblocked (one direction).
    Block {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Undo a [`Input::Block`].
    Unblock {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Drop the messages now in flight from `from` to `to`.
    DropInFlight {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
}

impl<R> Input<R> {
    /// Whether every node this input names is below `n` (exists in an `n`-node cluster).
    pub fn names_nodes_below(&self, n: usize) -> bool {
        match self {
            Input::Client { node, .. }
            | Input::Crash(node)
            | Input::Restart(node)
            | Input::Expire(node) => *node < n,
            Input::Block { from, to }
            | Input::Unblock { from, to }
            | Input::DropInFlight { from, to } => *from < n && *to < n,
            Input::Partition(groups) => groups.iter().flatten().all(|&i| i < n),
            Input::Heal => true,
        }
    }
}

/// Why a message was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// The network lost it (the `loss` chance).
    Lost,
    /// A partition or a blocked link separated the two nodes when it arrived.
    Partitioned,
    /// The receiver was down.
    Crashed,
    /// An input dropped it while in flight.
    Dropped,
}

/// One step of the run: the event the engine applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<P: Protocol> {
    /// A message reached `to`.
    Deliver {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
    },
    /// A message did not reach `to` (lost at send time, or dropped on arrival).
    Drop {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
        /// Why.
        reason: DropReason,
    },
    /// A timer fired on `node`.
    Timer {
        /// The node.
        node: NodeId,
        /// Which timer.
        timer: P::Timer,
    },
    /// A scenario input was applied.
    Input(Input<P::Request>),
}

/// A message or a timer waiting in the queue.
#[derive(Clone, Debug)]
pub enum Pending<P: Protocol> {
    /// A message in flight.
    Message {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: P::Msg,
        /// When it was sent.
        sent: Time,
        /// The network lost it: it will be dropped instead of delivered.
        lost: bool,
    },
    /// A timer; it fires only if still current (`generation`) for this incarnation.
    Timer {
        /// The node.
        node: NodeId,
        /// Which timer.
        timer: P::Timer,
        /// The node's incarnation when armed (bumped by every crash).
        incarnation: u64,
        /// The timer's generation when armed (bumped by every set or cancel).
        generation: u64,
    },
}

/// What one [`World::step`](super::World::step) did.
#[derive(Clone, Debug)]
pub struct Step<P: Protocol> {
    /// 1-based index of this step in the run.
    pub index: u64,
    /// When it happened.
    pub time: Time,
    /// The event applied.
    pub event: Event<P>,
    /// Outputs the handler reported, with the reporting node.
    pub outputs: Vec<(NodeId, P::Output)>,
}
