//! The player: a rewindable run of any [`Protocol`] on the engine, with its playback
//! clock, and everything a reader's action does to it. No Yew in here; the views read it
//! and every change goes through [`Player::apply`].
//!
//! ```text
//!  Scenario (seed + inputs) ──▶ Timeline<P> ──step()──▶ World: nodes, queue, history
//!        ▲                         │  seek(k): checkpoint + replay       │
//!        │ encode() = the link     │  inject(input): a new input now     ▼
//!        └──────────────────── reader's actions     the protocol's properties, per step
//! ```
//!
//! Invariants (what a protocol widget can rely on):
//!
//! - **The engine decides everything.** The player never changes a node; it only steps
//!   the engine or injects a scenario [`Input`]. So every run is a [`Scenario`], and its
//!   text form ([`Player::link_text`]) replays it exactly.
//! - **The clock only paces.** Playback advances a display clock (quarter ticks) and runs
//!   every event due by then, at most [`MAX_STEPS_PER_FRAME`] per frame whatever the
//!   scenario holds, so a frame's work stays bounded and the page answers at once. The
//!   clock decides *when* the reader sees an event, never *what* happens.
//! - **Quiet stretches run faster.** With no message in flight, the clock runs
//!   [`QUIET_BOOST`] times faster (under reduced motion it jumps straight to the next
//!   event): nobody should watch three seconds of nothing.
//! - **Rewinding forks.** After a seek to an earlier step, the first action discards the
//!   steps after it (and any scripted inputs not yet applied): the future is new.
//! - **Properties are checked after every step.** The first violation is kept with its
//!   step until the reader rewinds before it; playback stops there.
//! - **Key moments pause.** A widget may give a [`MomentFn`]: when it names a step during
//!   playback, playback pauses after it and [`Player::moment`] says what just happened.

use distlab_core::sim::{
    check_properties, Event, Input, NodeId, Pending, Property, Protocol, Scenario, Step, Time,
    Timeline, Violation, World,
};

/// Quarter ticks the clock advances per animation frame at 1× (2 ticks a frame).
pub const FRAME_Q: u64 = 8;
/// Milliseconds between animation frames (speed scales the ticks per frame instead).
pub const FRAME_MS: f64 = 40.0;
/// Most engine steps one animation frame may run, whatever a scenario holds.
pub const MAX_STEPS_PER_FRAME: usize = 120;
/// Most steps one reader action may run to apply its input (it runs to the next tick).
pub const MAX_STEPS_PER_ACTION: usize = 2_000;
/// How much faster the clock runs while nothing is in flight.
pub const QUIET_BOOST: u64 = 4;
/// Speeds offered (the same as the shared play controls').
pub const SPEED_RANGE: (f64, f64) = (0.25, 4.0);

/// What only the protocol widget knows: its properties and how to say its events.
/// One `static` per protocol widget; every field is a plain function.
pub struct Narrator<P: Protocol + 'static> {
    /// The properties checked after every step (shown as badges).
    pub properties: &'static [Property<P>],
    /// A client request in words ("a=1").
    pub request_text: fn(&P::Request) -> String,
    /// A message's kind in words ("heartbeat"): also the `data-kind` of its glyph.
    pub msg_kind: fn(&P::Msg) -> &'static str,
    /// A timer firing, in words ("node 2's election timer fired").
    pub timer_text: fn(NodeId, &P::Timer) -> String,
    /// The sentences worth announcing for one step (a new leader, a commit), pushed to
    /// `said`. Inputs are announced by the player itself.
    pub outputs: fn(&Step<P>, &World<P>, &mut Vec<String>),
    /// What the status line says at step 0.
    pub start_text: &'static str,
}

impl<P: Protocol + 'static> std::fmt::Debug for Narrator<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Narrator").finish_non_exhaustive()
    }
}

/// Says whether a step was a key moment, and what happened, in one line.
pub type MomentFn<P> = fn(&Step<P>, &World<P>) -> Option<String>;

/// Which messages in flight to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropTarget {
    /// To or from this node.
    Node(NodeId),
    /// From one node to another.
    Link(NodeId, NodeId),
    /// Every message in flight.
    All,
}

/// What a reader can do to any run. `R` is the protocol's request type.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerAction<R> {
    /// An animation frame.
    Tick,
    /// Play / pause.
    Toggle,
    /// Pause (no effect if paused).
    Pause,
    /// One engine event.
    Step,
    /// Back to the start of the current scenario (no reader inputs).
    Reset,
    /// Speed multiplier (clamped to [`SPEED_RANGE`]).
    Speed(f64),
    /// Go to this step (clamped to the horizon).
    Seek(u64),
    /// Inject an input now (forking if rewound) and run until it has been applied.
    Inject(Input<R>),
    /// Drop messages in flight.
    Drop(DropTarget),
}

/// A message in flight, for drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Flight<M> {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: M,
    /// How far along its link, ‰ of the way (by the display clock).
    pub permille: u16,
    /// When it was sent.
    pub sent: Time,
    /// When it arrives.
    pub arrives: Time,
    /// The network lost it (it will be dropped on arrival).
    pub lost: bool,
}

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct Player<P: Protocol + 'static> {
    tl: Timeline<P>,
    base: Scenario<P>,
    narrator: &'static Narrator<P>,
    clock_q: u64,
    moments: Option<MomentFn<P>>,
    /// Whether the scenario's inputs are a script (a guided scenario) whose takeover is
    /// worth a note.
    scripted: bool,
    /// Playing?
    pub playing: bool,
    /// Speed multiplier.
    pub speed: f64,
    /// Under reduced motion the clock jumps from state to state.
    pub reduced_motion: bool,
    /// What the live region says (set once per change, never per frame).
    pub announce: String,
    /// The first property violation on this branch.
    pub violation: Option<Violation>,
    /// Shown after an action forked the future.
    pub fork_note: Option<String>,
    /// The last event, in words, for the status line.
    pub last_event: String,
    /// The last key moment reached, in one line (see [`MomentFn`]).
    pub moment: Option<String>,
}

/// A timeline without the trace digest (the engine's default: a widget never shows it,
/// and formatting and hashing every step would cost several times the step itself).
fn untraced<P: Protocol>(scenario: Scenario<P>) -> Timeline<P> {
    Timeline::new(scenario)
}

impl<P: Protocol + 'static> Player<P> {
    /// A player at step 0 of `scenario`.
    pub fn new(scenario: Scenario<P>, narrator: &'static Narrator<P>) -> Self {
        Player {
            tl: untraced(scenario.clone()),
            base: scenario,
            narrator,
            clock_q: 0,
            moments: None,
            scripted: false,
            playing: false,
            speed: 1.0,
            reduced_motion: false,
            announce: String::new(),
            violation: None,
            fork_note: None,
            last_event: narrator.start_text.into(),
            moment: None,
        }
    }

    /// Start over with `scenario` (kept as what Reset returns to). `scripted`: its inputs
    /// are a guided script (taking over is noted); `moments`: where playback pauses.
    pub fn restart_with(
        &mut self,
        scenario: Scenario<P>,
        scripted: bool,
        moments: Option<MomentFn<P>>,
    ) {
        self.tl = untraced(scenario.clone());
        self.base = scenario;
        self.scripted = scripted;
        self.moments = moments;
        self.clock_q = 0;
        self.playing = false;
        self.violation = None;
        self.fork_note = None;
        self.moment = None;
        self.last_event = self.narrator.start_text.into();
        self.recheck();
    }

    /// The run.
    pub fn timeline(&self) -> &Timeline<P> {
        &self.tl
    }
    /// The current world.
    pub fn world(&self) -> &World<P> {
        self.tl.world()
    }
    /// The scenario Reset goes back to.
    pub fn base(&self) -> &Scenario<P> {
        &self.base
    }
    /// Cluster size.
    pub fn n(&self) -> usize {
        self.world().len()
    }
    /// The current step.
    pub fn position(&self) -> u64 {
        self.tl.position()
    }
    /// The furthest step of this branch.
    pub fn horizon(&self) -> u64 {
        self.tl.horizon()
    }
    /// The display time in ticks (never behind the engine).
    pub fn clock(&self) -> Time {
        (self.clock_q / 4).max(self.world().now())
    }
    /// Whether the run has nothing left to do.
    pub fn finished(&self) -> bool {
        self.world().next_time().is_none()
    }
    /// Whether the reader rewound: the next action forks.
    pub fn rewound(&self) -> bool {
        self.tl.position() < self.tl.horizon()
    }
    /// The scenario of the current branch, as text (the shareable link's payload).
    pub fn link_text(&self) -> String {
        self.tl.scenario().encode()
    }
    /// Whether some pair of nodes cannot talk.
    pub fn partitioned(&self) -> bool {
        let w = self.world();
        (0..w.len()).any(|a| (0..w.len()).any(|b| a != b && !w.connected(a, b)))
    }

    /// The note under the scrubber: rewound, or what the last action forked.
    pub fn timeline_note(&self) -> Option<String> {
        if self.rewound() {
            Some(format!(
                "Rewound {} steps. Play to replay the same future, or act (crash, write, \
                 partition…) to fork a new one from here.",
                self.horizon() - self.position()
            ))
        } else {
            self.fork_note.clone()
        }
    }

    /// Each property's status now: `Ok`, or the failure message.
    pub fn property_status(&self) -> Vec<(&'static str, Result<(), String>)> {
        self.narrator
            .properties
            .iter()
            .map(|p| (p.name, (p.check)(self.world())))
            .collect()
    }

    /// Messages in flight, with their progress by the display clock.
    pub fn in_flight(&self) -> Vec<Flight<P::Msg>> {
        let now = self.clock();
        self.world()
            .pending()
            .filter_map(|(at, p)| match p {
                Pending::Message {
                    from,
                    to,
                    msg,
                    sent,
                    lost,
                } => {
                    let span = at.saturating_sub(*sent).max(1);
                    let done = now.saturating_sub(*sent).min(span);
                    Some(Flight {
                        from: *from,
                        to: *to,
                        msg: msg.clone(),
                        permille: (done * 1000 / span) as u16,
                        sent: *sent,
                        arrives: at,
                        lost: *lost,
                    })
                }
                Pending::Timer { .. } => None,
            })
            .collect()
    }

    /// The next scripted input still to come, with its time, in words.
    pub fn next_scripted(&self) -> Option<String> {
        let now = self.world().now();
        let applied_now = self.tl.position() > 0;
        self.tl
            .scenario()
            .inputs
            .iter()
            .find(|(t, _)| *t > now || (*t == now && !applied_now))
            .map(|(t, i)| format!("t={t}: {}", self.input_text(i)))
    }

    /// An input in words.
    pub fn input_text(&self, i: &Input<P::Request>) -> String {
        input_text(i, self.narrator.request_text)
    }

    /// An event in words.
    pub fn event_text(&self, e: &Event<P>) -> String {
        let n = self.narrator;
        match e {
            Event::Deliver { from, to, msg } => format!(
                "{} from node {} reached node {}",
                (n.msg_kind)(msg),
                from + 1,
                to + 1
            ),
            Event::Drop {
                from,
                to,
                msg,
                reason,
            } => format!(
                "{} from node {} to node {} dropped ({reason:?})",
                (n.msg_kind)(msg),
                from + 1,
                to + 1
            ),
            Event::Timer { node, timer } => (n.timer_text)(*node, timer),
            Event::Input(i) => self.input_text(i),
        }
    }

    /// Apply a reader's action.
    pub fn apply(&mut self, action: PlayerAction<P::Request>) {
        match action {
            PlayerAction::Tick => self.tick(),
            PlayerAction::Toggle => {
                self.playing = !self.playing && !self.finished();
                if self.playing {
                    self.moment = None;
                }
            }
            PlayerAction::Pause => self.playing = false,
            PlayerAction::Step => {
                self.playing = false;
                let mut said = Vec::new();
                self.step_once(&mut said);
                self.clock_q = self.world().now() * 4;
                self.say(said);
            }
            PlayerAction::Reset => {
                let (s, scripted, moments) = (self.base.clone(), self.scripted, self.moments);
                self.restart_with(s, scripted, moments);
                self.announce = "Reset to the start.".into();
            }
            PlayerAction::Speed(s) => {
                self.speed = if s.is_finite() {
                    s.clamp(SPEED_RANGE.0, SPEED_RANGE.1)
                } else {
                    1.0
                }
            }
            PlayerAction::Seek(k) => self.seek(k),
            PlayerAction::Inject(input) => self.act(input),
            PlayerAction::Drop(which) => {
                let links = self.links_in_flight(|f, t| match which {
                    DropTarget::Node(id) => f == id || t == id,
                    DropTarget::Link(a, b) => f == a && t == b,
                    DropTarget::All => true,
                });
                self.drop_links(links);
            }
        }
    }

    fn seek(&mut self, k: u64) {
        self.playing = false;
        let at = self.tl.seek(k.min(self.tl.horizon()));
        self.clock_q = self.world().now() * 4;
        if self.violation.as_ref().is_some_and(|v| v.step > at) {
            self.violation = None;
        }
        self.recheck();
        self.last_event = format!("Rewound to step {at}.");
        self.announce = format!(
            "At step {at} of {}; an action now starts a new future.",
            self.tl.horizon()
        );
    }

    /// The links with messages in flight that `keep` accepts, in (from, to) order.
    pub fn links_in_flight(&self, keep: impl Fn(NodeId, NodeId) -> bool) -> Vec<(NodeId, NodeId)> {
        // Sorted and deduplicated through an n×n bitmap, with no sort (a sort instance
        // for these pairs is kilobytes of wasm).
        let n = self.world().len();
        let mut seen = vec![false; n * n];
        for (_, p) in self.world().pending() {
            if let Pending::Message { from, to, .. } = p {
                if *from < n && *to < n && keep(*from, *to) {
                    seen[from * n + to] = true;
                }
            }
        }
        (0..n * n)
            .filter(|&l| seen[l])
            .map(|l| (l / n, l % n))
            .collect()
    }

    fn drop_links(&mut self, links: Vec<(NodeId, NodeId)>) {
        if links.is_empty() {
            self.announce = "No messages in flight there.".into();
            return;
        }
        let count = links.len();
        for (from, to) in links {
            self.act(Input::DropInFlight { from, to });
        }
        self.announce = format!(
            "Dropped the messages in flight on {count} link{}.",
            if count == 1 { "" } else { "s" }
        );
    }

    /// Inject `input` now (forking if rewound) and run until it has been applied, so the
    /// reader sees its effect at once. Inputs naming a node out of range are ignored.
    pub fn act(&mut self, input: Input<P::Request>) {
        let n = self.n();
        if !input.names_nodes_below(n) {
            return;
        }
        let (pos, horizon) = (self.tl.position(), self.tl.horizon());
        let now = self.world().now();
        let scripted_left = self.tl.scenario().inputs.iter().any(|(t, _)| *t > now);
        if pos < horizon {
            self.fork_note = Some(format!(
                "Forked at step {pos}: the {} steps after it were discarded; this is a new future.",
                horizon - pos
            ));
        } else if scripted_left && self.scripted {
            self.fork_note = Some(
                "You took over: the rest of the guided script was dropped; the run continues \
                 with your actions."
                    .into(),
            );
        }
        let at = self.tl.inject(input);
        let mut said = Vec::new();
        for _ in 0..MAX_STEPS_PER_ACTION {
            if self.world().next_time().is_none_or(|t| t > at) || !self.step_once(&mut said) {
                break;
            }
        }
        self.clock_q = self.clock_q.max(self.world().now() * 4);
        self.say(said);
    }

    fn tick(&mut self) {
        if !self.playing {
            return;
        }
        let dq = ((FRAME_Q as f64) * self.speed).round().max(1.0) as u64;
        self.clock_q = self.clock_q.max(self.world().now() * 4);
        let quiet = !self
            .world()
            .pending()
            .any(|(_, p)| matches!(p, Pending::Message { .. }));
        match self.world().next_time() {
            // Reduced motion: jump from state to state, never sweep through the gap.
            Some(t) if quiet && self.reduced_motion => self.clock_q = self.clock_q.max(t * 4),
            Some(_) if quiet => self.clock_q += dq * QUIET_BOOST,
            _ => self.clock_q += dq,
        }
        let target = self.clock_q / 4;
        let mut said = Vec::new();
        for _ in 0..MAX_STEPS_PER_FRAME {
            match self.world().next_time() {
                Some(t) if t <= target => {
                    if !self.step_once(&mut said) || !self.playing {
                        break;
                    }
                }
                Some(_) => break,
                None => {
                    self.playing = false;
                    break;
                }
            }
        }
        self.say(said);
    }

    /// One engine step, with property checks, key moments and notes for the live region.
    fn step_once(&mut self, said: &mut Vec<String>) -> bool {
        let Some(step) = self.tl.step() else {
            self.playing = false;
            return false;
        };
        self.last_event = format!(
            "Step {} (t={}): {}",
            step.index,
            step.time,
            self.event_text(&step.event)
        );
        if let Event::Input(i) = &step.event {
            said.push(self.input_text(i));
        }
        (self.narrator.outputs)(&step, self.world(), said);
        if let Some(line) = self.moments.and_then(|f| f(&step, self.world())) {
            if self.playing {
                self.playing = false;
                said.push(format!("Paused: {line}"));
            }
            self.moment = Some(line);
        }
        if self.violation.is_none() {
            if let Err(v) = check_properties(self.world(), self.narrator.properties) {
                said.push(format!("{} failed at step {}.", v.property, v.step));
                self.violation = Some(v);
                self.playing = false;
            }
        }
        true
    }

    fn recheck(&mut self) {
        if self.violation.is_none() {
            self.violation = check_properties(self.world(), self.narrator.properties).err();
        }
    }

    fn say(&mut self, said: Vec<String>) {
        if !said.is_empty() {
            let k = said.len().saturating_sub(3);
            self.announce = said[k..].join(" ");
        }
    }
}

/// An input in words; `request` says a client request.
pub fn input_text<R>(i: &Input<R>, request: fn(&R) -> String) -> String {
    match i {
        Input::Client { node, request: r } => {
            format!("Client write {} sent to node {}.", request(r), node + 1)
        }
        Input::Crash(n) => format!("Node {} crashed.", n + 1),
        Input::Restart(n) => format!("Node {} restarted.", n + 1),
        Input::Expire(n) => format!("Node {} timed out now.", n + 1),
        Input::Partition(groups) => {
            let g: Vec<String> = groups
                .iter()
                .map(|g| {
                    let ids: Vec<String> = g.iter().map(|i| (i + 1).to_string()).collect();
                    format!("{{{}}}", ids.join(","))
                })
                .collect();
            format!("Network partitioned: {}.", g.join(" | "))
        }
        Input::Heal => "Partition healed.".into(),
        Input::Block { from, to } => format!("Link {}→{} blocked.", from + 1, to + 1),
        Input::Unblock { from, to } => format!("Link {}→{} unblocked.", from + 1, to + 1),
        Input::DropInFlight { from, to } => {
            format!("Messages in flight {}→{} dropped.", from + 1, to + 1)
        }
    }
}

/// The network as it is now: who can talk to whom, e.g. "Now: N1 N2 | N3 N4 N5".
pub fn network_now<P: Protocol>(w: &World<P>) -> String {
    let n = w.len();
    if !(0..n).any(|a| (0..n).any(|b| a != b && !w.connected(a, b))) {
        return "Now: every node can reach every other.".into();
    }
    let groups = w.groups();
    let mut text = String::from("Now:");
    let mut first = true;
    for (i, g) in groups.iter().enumerate() {
        if groups[..i].contains(g) {
            continue;
        }
        if !first {
            text.push_str(" |");
        }
        first = false;
        for (j, _) in groups.iter().enumerate().filter(|(_, h)| *h == g) {
            text.push_str(&format!(" N{}", j + 1));
        }
    }
    if groups.iter().all(|g| *g == groups[0]) {
        text.push_str(" (one group, but some links are blocked)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::raft::{Command, Msg, Output, Raft, Role, Timer, PROPERTIES};

    fn outputs(step: &Step<Raft>, _: &World<Raft>, said: &mut Vec<String>) {
        for (id, out) in &step.outputs {
            if let Output::Role {
                role: Role::Leader,
                term,
            } = out
            {
                said.push(format!("Node {} is leader of term {term}.", id + 1));
            }
        }
    }

    static NARRATOR: Narrator<Raft> = Narrator {
        properties: &PROPERTIES,
        request_text: |c| format!("{c:?}"),
        msg_kind: |m| match m {
            Msg::RequestVote { .. } => "RequestVote",
            _ => "other",
        },
        timer_text: |n, t| format!("node {} {t:?}", n + 1),
        outputs,
        start_text: "Start.",
    };

    type A = PlayerAction<Command>;

    fn player(seed: u64) -> Player<Raft> {
        Player::new(Scenario::new(5, seed), &NARRATOR)
    }

    fn leader(p: &Player<Raft>) -> Option<usize> {
        p.world()
            .nodes()
            .iter()
            .flatten()
            .find(|n| n.role() == Role::Leader)
            .map(|n| n.id())
    }

    #[test]
    fn seeking_back_then_acting_forks_and_says_so() {
        let mut p = player(7);
        for _ in 0..300 {
            p.apply(A::Step);
        }
        assert_eq!((p.position(), p.horizon()), (300, 300));
        p.apply(A::Seek(100));
        assert!(p.rewound());
        assert!(p.timeline_note().is_some_and(|n| n.contains("Rewound 200")));
        p.apply(A::Inject(Input::Crash(0)));
        assert!(!p.rewound());
        assert!(p.horizon() < 300);
        assert!(p
            .fork_note
            .as_deref()
            .is_some_and(|n| n.starts_with("Forked at step 100")));
        assert!(p.world().node(0).is_none(), "the crash was applied at once");
        // The link replays the fork exactly.
        let s = Scenario::<Raft>::decode(&p.link_text()).expect("decodes");
        let mut w = World::new(&s);
        w.run(p.position());
        assert_eq!(
            format!("{:?}", w.nodes()),
            format!("{:?}", p.world().nodes())
        );
    }

    #[test]
    fn seeking_past_the_horizon_stops_there_and_replay_is_exact() {
        let mut p = player(3);
        for _ in 0..50 {
            p.apply(A::Step);
        }
        let at50 = format!("{:?}", p.world().nodes());
        p.apply(A::Seek(10));
        assert_eq!(p.position(), 10);
        p.apply(A::Seek(1_000_000));
        assert_eq!(p.position(), 50, "clamped to the horizon");
        assert_eq!(format!("{:?}", p.world().nodes()), at50);
    }

    #[test]
    fn play_is_bounded_per_frame_and_quiet_time_runs_faster() {
        let mut p = player(1);
        p.apply(A::Toggle);
        assert!(p.playing);
        p.apply(A::Tick);
        // Nothing in flight at the start: the clock ran QUIET_BOOST × 2 ticks.
        assert_eq!(p.clock(), 2 * QUIET_BOOST);
        let mut most = 0;
        for _ in 0..2000 {
            let before = p.position();
            p.apply(A::Tick);
            most = most.max(p.position() - before);
        }
        assert!(most as usize <= MAX_STEPS_PER_FRAME);
        assert!(leader(&p).is_some());
        p.apply(A::Toggle);
        let (pos, clock) = (p.position(), p.clock());
        p.apply(A::Tick);
        assert_eq!(
            (p.position(), p.clock()),
            (pos, clock),
            "paused: ticks do nothing"
        );
        p.apply(A::Speed(f64::NAN));
        assert_eq!(p.speed, 1.0);
        p.apply(A::Speed(100.0));
        assert_eq!(p.speed, SPEED_RANGE.1);
    }

    #[test]
    fn reduced_motion_jumps_over_quiet_time() {
        let mut p = player(1);
        p.reduced_motion = true;
        p.apply(A::Toggle);
        p.apply(A::Tick);
        assert!(p.position() >= 1, "jumped straight to the first event");
    }

    #[test]
    fn a_violation_is_caught_stops_play_and_is_rewound_past() {
        use distlab_core::raft::{chaos_scenario, check_seed, Mutation};
        let mutation = Mutation::SkipUpToDateCheck;
        let seed = (0..200)
            .find(|&s| check_seed(s, 2_000, mutation).is_err())
            .expect("the core's sweep finds one");
        let mut s = chaos_scenario(seed, 20_000);
        s.config.mutation = mutation;
        let mut p = Player::new(s, &NARRATOR);
        assert!(p.property_status().iter().all(|(_, r)| r.is_ok()));
        p.apply(A::Toggle);
        for _ in 0..20_000 {
            if p.violation.is_some() {
                break;
            }
            p.apply(A::Tick);
        }
        let v = p.violation.clone().expect("violation recorded");
        assert!(!p.playing, "playback stops at a violation");
        assert_eq!(p.position(), v.step);
        assert!(p.property_status().iter().any(|(_, r)| r.is_err()));
        assert!(p.announce.contains("failed"));
        p.apply(A::Seek(v.step - 1));
        assert!(p.violation.is_none());
        assert!(p.property_status().iter().all(|(_, r)| r.is_ok()));
    }

    #[test]
    fn a_key_moment_pauses_play_and_says_what_happened() {
        fn leader_moment(step: &Step<Raft>, _: &World<Raft>) -> Option<String> {
            step.outputs.iter().find_map(|(id, o)| {
                matches!(
                    o,
                    Output::Role {
                        role: Role::Leader,
                        ..
                    }
                )
                .then(|| format!("node {} leads", id + 1))
            })
        }
        let mut p = player(7);
        p.restart_with(Scenario::new(5, 7), true, Some(leader_moment));
        p.apply(A::Toggle);
        for _ in 0..5000 {
            if !p.playing {
                break;
            }
            p.apply(A::Tick);
        }
        assert!(!p.playing, "paused at the moment");
        let l = leader(&p).expect("a leader");
        assert_eq!(
            p.moment.as_deref(),
            Some(format!("node {} leads", l + 1).as_str())
        );
        assert!(p.announce.contains("Paused: node"));
        p.apply(A::Toggle);
        assert!(p.playing && p.moment.is_none(), "play resumes");
    }

    #[test]
    fn drops_and_bad_node_ids_are_harmless() {
        let mut p = player(2);
        while p.in_flight().is_empty() {
            p.apply(A::Step);
        }
        let f = p.in_flight()[0].clone();
        p.apply(A::Drop(DropTarget::Link(f.from, f.to)));
        assert!(!p
            .in_flight()
            .iter()
            .any(|g| g.from == f.from && g.to == f.to));
        let now = p.world().now();
        p.apply(A::Drop(DropTarget::All));
        // The drop runs at the next tick; what is in flight now was sent after it.
        assert!(p.in_flight().iter().all(|g| g.sent > now));
        let mut q = player(2);
        q.apply(A::Drop(DropTarget::All));
        assert_eq!(q.announce, "No messages in flight there.");
        let before = p.link_text();
        for bad in [
            Input::Crash(99),
            Input::Block { from: 0, to: 99 },
            Input::Partition(vec![vec![0], vec![99]]),
        ] {
            p.apply(A::Inject(bad));
        }
        assert_eq!(p.link_text(), before, "ignored");
        p.apply(A::Drop(DropTarget::Node(99)));
        let _ = Timer::Election;
    }
}
