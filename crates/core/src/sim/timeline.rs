//! A run you can rewind: checkpoints plus replay.
//!
//! ```text
//!  step: 0        256       512       768   now
//!        ●─────────●─────────●─────────●─────▶        ● = checkpoint (a cloned World)
//!  seek(600): clone ● at 512, replay 88 steps  ──▶ same state as the first time
//!  inject(x) at step 600: inputs after now are dropped, x is added: a new future
//! ```
//!
//! Because a [`World`] is a pure function of its scenario, replaying from a checkpoint
//! reaches exactly the state the run had the first time. The scenario held here always
//! describes the current branch, so it can be shared as a link at any moment.
//!
//! A timeline can also start from a [`Fixture`] (starting disks, crafted messages). It
//! then keeps the whole fixture up to date as it keeps the scenario: crafted messages are
//! put back on every seek and dropped by a fork like inputs, and [`Timeline::fixture`]
//! always replays the current branch. (Only a plain fixture has a text form, see
//! [`Fixture::encode`]; [`Timeline::scenario`] alone does not describe a fixture's run.)

use super::{Fixture, Input, NodeId, Protocol, Scenario, Step, Time, World};

/// How many steps apart checkpoints are taken.
pub const CHECKPOINT_EVERY: u64 = 256;

/// A world with its scenario and checkpoints, able to seek backwards and fork.
#[derive(Clone, Debug)]
pub struct Timeline<P: Protocol> {
    /// The current branch: the scenario, and what a fixture adds to it.
    fixture: Fixture<P>,
    world: World<P>,
    /// Worlds at steps 0, 256, 512, ... of the current branch (sorted by step).
    checkpoints: Vec<World<P>>,
    /// The furthest step reached on this branch.
    horizon: u64,
}

impl<P: Protocol> Timeline<P> {
    /// Start `scenario` at step 0.
    pub fn new(scenario: Scenario<P>) -> Self {
        Self::from_fixture(Fixture::from(scenario))
    }

    /// Start `fixture` at step 0 (see [`World::from_fixture`]).
    pub fn from_fixture(mut fixture: Fixture<P>) -> Self {
        let world = World::from_fixture(&fixture);
        // Held exactly as the world holds them (sorted by time, crafted messages naming
        // nodes out of range left out), so a seek can hand the lists back to a checkpoint
        // whose cursors index into them.
        fixture.scenario.inputs = world.inputs().to_vec();
        fixture.messages = world.crafted().to_vec();
        Timeline {
            checkpoints: vec![world.clone()],
            fixture,
            world,
            horizon: 0,
        }
    }

    /// Turn the trace digest on or off for the current world and every checkpoint (so a
    /// seek replays the same way). Off by default (see [`World::set_tracing`]): an
    /// interactive view never shows the digest, and formatting and hashing each step
    /// costs several times the step itself.
    pub fn set_tracing(&mut self, on: bool) {
        self.world.set_tracing(on);
        for c in &mut self.checkpoints {
            c.set_tracing(on);
        }
    }

    /// The current world.
    pub fn world(&self) -> &World<P> {
        &self.world
    }
    /// The scenario of the current branch (config, seed and every input so far).
    pub fn scenario(&self) -> &Scenario<P> {
        &self.fixture.scenario
    }
    /// The fixture of the current branch: the scenario, starting disks and every crafted
    /// message so far. [`Timeline::from_fixture`] on it replays this branch.
    pub fn fixture(&self) -> &Fixture<P> {
        &self.fixture
    }
    /// The current step.
    pub fn position(&self) -> u64 {
        self.world.steps()
    }
    /// The furthest step reached on this branch (a scrubber's right end).
    pub fn horizon(&self) -> u64 {
        self.horizon
    }

    /// Run one step, taking a checkpoint when due.
    pub fn step(&mut self) -> Option<Step<P>> {
        let step = self.world.step()?;
        let at = self.world.steps();
        if at.is_multiple_of(CHECKPOINT_EVERY)
            && self.checkpoints.last().is_some_and(|c| c.steps() < at)
        {
            self.checkpoints.push(self.world.clone());
        }
        self.horizon = self.horizon.max(at);
        Some(step)
    }

    /// Go to step `target` (backwards or forwards): restore the nearest checkpoint at or
    /// before it and replay. Stops early if the run ends first. Returns the step reached.
    pub fn seek(&mut self, target: u64) -> u64 {
        if target < self.world.steps() || target - self.world.steps() > CHECKPOINT_EVERY {
            let i = self.checkpoints.partition_point(|c| c.steps() <= target);
            if let Some(c) = i.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
                if c.steps() > self.world.steps() || target < self.world.steps() {
                    self.world = c.clone();
                    self.world
                        .replace_inputs(self.fixture.scenario.inputs.clone());
                    self.world.replace_crafted(self.fixture.messages.clone());
                }
            }
        }
        while self.world.steps() < target {
            if self.step().is_none() {
                break;
            }
        }
        self.world.steps()
    }

    /// Apply an input at the next tick. If we are not at the end of the branch, the future
    /// is forked: inputs not yet applied and checkpoints past now are discarded.
    pub fn inject(&mut self, input: Input<P::Request>) -> Time {
        self.world.drop_future_inputs();
        let at = self.world.inject(self.world.now().saturating_add(1), input);
        self.forked();
        at
    }

    /// Hand `msg` to node `to` at the next tick, as if `from` had sent it (a crafted
    /// message, see [`Fixture`]). Forks like [`Timeline::inject`].
    pub fn deliver(&mut self, from: NodeId, to: NodeId, msg: P::Msg) -> Time {
        self.world.drop_future_inputs();
        let at = self
            .world
            .deliver(self.world.now().saturating_add(1), from, to, msg);
        self.forked();
        at
    }

    /// After the world's future changed: record it, and forget checkpoints past now.
    fn forked(&mut self) {
        self.fixture.scenario.inputs = self.world.inputs().to_vec();
        self.fixture.messages = self.world.crafted().to_vec();
        let now = self.world.steps();
        self.checkpoints.retain(|c| c.steps() <= now);
        self.horizon = now;
    }
}
