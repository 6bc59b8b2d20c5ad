//! # Gossip: spreading news with no one in charge
//!
//! A cluster of N nodes where every node must learn what any one node knows (a member
//! joined, a node died, a new version of some state). A coordinator is a single point of
//! failure; broadcasting to everyone costs N·(N − 1) messages per update. Gossip does
//! neither: every `T` (a *round*), each node picks `k` peers at random (the *fanout*) and
//! exchanges state with them. News spreads like an epidemic — one node, then about
//! `k + 1`, then `(k + 1)²`, … — so it reaches everyone in `O(log N)` rounds while each
//! node sends only `k` messages per round, whatever N is.
//!
//! Three ways to exchange ([`Mode`]):
//!
//! - **push**: nodes that know tell their `k` peers. Fast at the start; slow at the end,
//!   when almost every message lands on a node that already knows.
//! - **pull**: nodes that do not know ask `k` peers. Slow at the start (almost nobody can
//!   answer), fast at the end (every straggler asks).
//! - **push-pull**: both in one exchange — fast at both ends.
//!
//! Rounds are the unit: a node acts at the start of each round, and its answers during
//! the round carry what it knew when the round began (a rumour learnt mid-round goes out
//! from the next round on, pushed or answered). So a round is one step of the epidemic,
//! the same step the fast round model ([`rounds`]) takes and the expected curve counts.
//!
//! The same exchange carries **heartbeats**: each node bumps its own counter every round
//! and gossips the table of the newest counters it knows, each tagged with the node's
//! generation (how many times it has started) as Cassandra tags them, so that a restarted
//! node counting from 1 again is still news. When a node's counter has not
//! gone up for a while, its peers' suspicion of it rises — measured by the phi-accrual
//! failure detector ([`phi`]), the one Cassandra and Akka use — until it crosses a
//! threshold and the node is suspected.
//!
//! | module | holds |
//! |---|---|
//! | [`node`] | [`Gossip`], the protocol a node runs on the engine; [`GossipConfig`] |
//! | [`phi`] | the phi-accrual detector, with Akka's and Cassandra's formulas |
//! | [`rounds`] | the fast round model for many runs, the expected curve, the post's `log_k N` |
//! | [`run`] | [`GossipRun`]: an engine run advanced round by round, with what each round did |
//!
//! Invariants a test checks: a rumour never un-spreads (informed counts only grow, until a
//! node restarts and forgets); with no loss and no dead node every node learns it; the
//! spread over many seeds follows the expected curve; φ for a dead node crosses the
//! threshold and stays over it, while φ for live nodes at moderate loss stays under it.

pub mod node;
pub mod phi;
pub mod rounds;
pub mod run;

pub use node::{Gossip, GossipConfig, Heartbeat, Mode, Msg, Output, Round, Rumour};
pub use phi::{ArrivalWindow, PhiModel};
pub use rounds::{expected_curve, post_estimate, Spread, Trials};
pub use run::{Edge, GossipRun, RoundLog};
