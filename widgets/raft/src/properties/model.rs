//! The Raft widget's state, with no Yew in it: a rewindable run of a real Raft cluster
//! ([`distlab_core::raft::Raft`] on the deterministic [`distlab_core::sim`] engine), the
//! playback clock, what the reader has asked for, and what to announce.
//!
//! ```text
//!  Scenario (seed + inputs) ──▶ Timeline<Raft> ──step()──▶ World: nodes, queue, history
//!        ▲                         │  seek(k): checkpoint + replay       │
//!        │ encode() = the link     │  inject(input): a new input now     ▼
//!        └──────────────────── reader's actions          5 properties checked per step
//! ```
//!
//! Invariants:
//!
//! - **The engine decides everything.** The model never changes a node; it only steps
//!   the engine or injects a scenario input (crash, restart, client write, partition,
//!   heal, drop in flight). So every run the reader makes is a [`Scenario`], and its text
//!   form (the "Copy link" URL) replays it exactly.
//! - **The clock only paces.** Playback advances a display clock (`clock_q`, quarter
//!   ticks) and runs every event due by then; the clock decides *when* the reader sees an
//!   event, never *what* happens. Messages in flight are drawn at
//!   `(clock − sent) / (arrival − sent)` along their link.
//! - **Rewinding forks.** After a seek to an earlier step, the first action discards the
//!   steps after it (and any scripted inputs not yet applied): the future is new.
//! - **Properties are checked after every step.** The first violation is kept with its
//!   step, time and message until the reader rewinds before it.

use distlab_core::raft::scenarios::Guided;
use distlab_core::raft::{Command, Msg, Output, Raft, Role, Term, Timer, PROPERTIES};
use distlab_core::sim::{
    check_properties, Event, Input, NodeId, Pending, Scenario, Step, Time, Timeline, Violation,
    World,
};
use distlab_kit::options::WidgetOptions;

/// A timeline without the trace digest: the widget never shows it, and formatting and
/// hashing every step would cost several times the step itself.
fn untraced(scenario: Scenario<Raft>) -> Timeline<Raft> {
    let mut tl = Timeline::new(scenario);
    tl.set_tracing(false);
    tl
}

/// Fewest nodes.
pub const MIN_NODES: usize = 3;
/// Most nodes.
pub const MAX_NODES: usize = 7;
/// Nodes when the placeholder does not say.
pub const DEFAULT_NODES: usize = 5;
/// Seed when the placeholder does not say.
pub const DEFAULT_SEED: u64 = 7;
/// Quarter ticks the clock advances per animation frame at 1× (so 2 ticks a frame).
pub const FRAME_Q: u64 = 8;
/// Most engine steps one frame may run (a frame's work stays small even at 4×).
pub const MAX_STEPS_PER_FRAME: usize = 200;
/// Log entries shown per node (the most recent ones).
pub const LOG_WINDOW: usize = 20;
/// Distinct keys client writes cycle through.
const KEYS: u8 = 6;

/// Settings from the placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Cluster size.
    pub nodes: usize,
    /// Seed.
    pub seed: u64,
    /// A scenario to start from (its text form), if given.
    pub scenario: Option<String>,
    /// A guided scenario to start with.
    pub guided: Option<Guided>,
    /// Notes about bad values.
    pub messages: Vec<String>,
}

/// The guided scenarios' option names (also their `<select>` values).
pub const GUIDED_NAMES: [&str; 4] = ["leader-crash", "split-vote", "old-leader", "divergent"];

/// A guided scenario by option name.
pub fn guided_by_name(name: &str) -> Option<Guided> {
    GUIDED_NAMES
        .iter()
        .position(|n| *n == name)
        .map(|i| Guided::ALL[i])
}

/// Title and what to watch for, in our words.
pub fn guided_text(g: Guided) -> (&'static str, &'static str) {
    match g {
        Guided::LeaderCrash => (
            "Leader crash",
            "The leader commits two writes and then crashes. Watch the followers' election \
             timers run out: one becomes a candidate in a higher term, wins a majority, and its \
             log still holds both committed writes. Later the old leader restarts and simply \
             follows.",
        ),
        Guided::SplitVote => (
            "Split vote",
            "Election timeouts here are close together, so several followers become candidates \
             in the same term and split the votes: nobody reaches a majority. Their randomized \
             timers expire again at different moments, and the next term elects one leader.",
        ),
        Guided::OldLeaderReturns => (
            "Old leader returns",
            "The leader is cut off alone and still accepts writes x and y, which can never \
             reach a majority. The other four elect a new leader in a higher term. When the \
             partition heals, the old leader sees that term, steps down, and its uncommitted \
             entries are replaced by the new leader's.",
        ),
        Guided::DivergentFollower => (
            "Divergent follower",
            "A leader and one follower are cut off together; the follower copies writes that \
             never commit, then the leader crashes. After the heal the new leader's \
             AppendEntries fail the consistency check on that follower, walk back, and \
             overwrite its conflicting entries.",
        ),
    }
}

impl Config {
    /// Reads `data-nodes`, `data-seed`, `data-scenario`, `data-guided`.
    pub fn from_options(options: &WidgetOptions) -> Self {
        let mut r = options.reader();
        let nodes = r.int(
            "nodes",
            MIN_NODES as i64,
            MAX_NODES as i64,
            DEFAULT_NODES as i64,
        ) as usize;
        let seed = r.u64("seed", DEFAULT_SEED);
        let guided = options.get("guided").map(|_| {
            let mut names = vec!["none"];
            names.extend(GUIDED_NAMES);
            r.choice("guided", &names, "none")
        });
        let guided = guided.and_then(guided_by_name);
        let scenario = r.text("scenario");
        Config {
            nodes,
            seed,
            scenario,
            guided,
            messages: r.into_messages(),
        }
    }
}

/// The scenario text in a URL fragment: the value of `raft=`, after `#`, `?` or `&`.
pub fn scenario_in_hash(hash: &str) -> Option<&str> {
    let mut rest = hash;
    while let Some(i) = rest.find("raft=") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 5..];
        if matches!(before, Some('#' | '?' | '&')) || (i == 0 && rest.len() == hash.len()) {
            return Some(after.split('&').next().unwrap_or(after));
        }
        rest = after;
    }
    None
}

/// The fragment to share: the page's own route kept (the site's router reads the part
/// before `?`), with `raft=<scenario>` added or replaced.
pub fn fragment_with(hash: &str, text: &str) -> String {
    let path = hash.trim_start_matches('#');
    let path = path.split('?').next().unwrap_or("");
    if path.starts_with('/') {
        format!("#{path}?raft={text}")
    } else {
        format!("#raft={text}")
    }
}

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An animation frame.
    Tick,
    /// Play / pause.
    Toggle,
    /// One engine event.
    Step,
    /// Back to the start of the current scenario (no reader inputs).
    Reset,
    /// Speed multiplier.
    Speed(f64),
    /// Open (or close) a node's action panel.
    Select(Option<NodeId>),
    /// Crash a node.
    Crash(NodeId),
    /// Restart a crashed node.
    Restart(NodeId),
    /// A client write to this node.
    Write(NodeId),
    /// Move a node between partition groups A and B.
    ToggleGroup(NodeId),
    /// Split the network into groups A and B.
    Partition,
    /// Remove the partition.
    Heal,
    /// Drop the messages in flight to or from this node.
    DropNode(NodeId),
    /// Drop the messages in flight from one node to another.
    DropLink(NodeId, NodeId),
    /// Drop every message in flight.
    DropAll,
    /// Go to this step.
    Seek(u64),
    /// Load a guided scenario (`None`: free play with the placeholder's seed).
    Guided(Option<Guided>),
}

/// The widget's state.
#[derive(Debug, Clone)]
pub struct Model {
    /// The run.
    pub tl: Timeline<Raft>,
    /// Where Reset goes back to.
    pub base: Scenario<Raft>,
    /// The free-play scenario (seed, nodes) from the placeholder.
    pub free: Scenario<Raft>,
    /// Display clock in quarter ticks.
    pub clock_q: u64,
    /// Playing?
    pub playing: bool,
    /// Speed multiplier.
    pub speed: f64,
    /// Node whose action panel is open.
    pub selected: Option<NodeId>,
    /// Partition builder: `true` puts the node in group B.
    pub group_b: Vec<bool>,
    /// What the live region says.
    pub announce: String,
    /// The first property violation on this branch.
    pub violation: Option<Violation>,
    /// Shown after an action forked the future.
    pub fork_note: Option<String>,
    /// Client writes sent so far (key and value of the next one come from it).
    pub writes: u32,
    /// The guided scenario loaded, if any.
    pub guided: Option<Guided>,
    /// A short description of the last event, for the status line.
    pub last_event: String,
    /// Whether the run came from a shared link or `data-scenario`.
    pub shared: bool,
}

impl Model {
    /// A model for `config`; `hash_text` is a scenario found in the page's URL fragment
    /// (it wins over `data-scenario`). Bad text falls back to the seed, with a message.
    pub fn new(config: &Config, hash_text: Option<&str>) -> (Self, Option<String>) {
        let free = Scenario::<Raft>::new(config.nodes, config.seed);
        let mut note = None;
        let text = hash_text.or(config.scenario.as_deref());
        let mut guided = config.guided;
        let mut shared = false;
        let base = match text.map(Scenario::<Raft>::decode) {
            Some(Ok(s)) if (MIN_NODES..=MAX_NODES).contains(&s.nodes) => {
                guided = None;
                shared = true;
                s
            }
            Some(Ok(_)) => {
                note = Some(format!(
                    "The shared scenario needs {MIN_NODES}–{MAX_NODES} nodes; starting fresh."
                ));
                free.clone()
            }
            Some(Err(e)) => {
                note = Some(format!(
                    "Could not read the shared scenario ({e}); starting fresh."
                ));
                free.clone()
            }
            None => guided.map_or_else(|| free.clone(), Guided::scenario),
        };
        let mut m = Model {
            tl: untraced(base.clone()),
            group_b: vec![false; base.nodes],
            base,
            free,
            clock_q: 0,
            playing: false,
            speed: 1.0,
            selected: None,
            announce: String::new(),
            violation: None,
            fork_note: None,
            writes: 0,
            guided,
            last_event: "Start: every node is a follower in term 0.".into(),
            shared,
        };
        m.writes = m.count_writes();
        (m, note)
    }

    /// The current world.
    pub fn world(&self) -> &World<Raft> {
        self.tl.world()
    }

    /// Cluster size.
    pub fn n(&self) -> usize {
        self.world().len()
    }

    /// The display time in ticks (never behind the engine).
    pub fn clock(&self) -> Time {
        (self.clock_q / 4).max(self.world().now())
    }

    /// Whether the run has nothing left to do (never, in practice: timers keep firing).
    pub fn finished(&self) -> bool {
        self.world().next_time().is_none()
    }

    /// Whether the reader rewound: the next action forks.
    pub fn rewound(&self) -> bool {
        self.tl.position() < self.tl.horizon()
    }

    /// The leader with the highest term among live nodes.
    pub fn leader(&self) -> Option<&Raft> {
        self.world()
            .nodes()
            .iter()
            .flatten()
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.term())
    }

    /// Apply an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Tick => self.tick(),
            Action::Toggle => self.playing = !self.playing && !self.finished(),
            Action::Step => {
                self.playing = false;
                let mut said = Vec::new();
                self.step_once(&mut said);
                self.clock_q = self.world().now() * 4;
                self.say(said);
            }
            Action::Reset => {
                let keep = self.guided;
                self.restart_with(self.base.clone());
                self.guided = keep;
                self.announce = "Reset to the start.".into();
            }
            Action::Speed(s) => self.speed = s.clamp(0.25, 4.0),
            Action::Select(id) => self.selected = id.filter(|&i| i < self.n()),
            Action::Crash(id) => self.act(Input::Crash(id)),
            Action::Restart(id) => self.act(Input::Restart(id)),
            Action::Write(id) => {
                let k = self.writes;
                self.writes += 1;
                let request = Command::Set {
                    key: b'a' + (k % u32::from(KEYS)) as u8,
                    value: k + 1,
                };
                self.act(Input::Client { node: id, request });
            }
            Action::ToggleGroup(id) => {
                if let Some(b) = self.group_b.get_mut(id) {
                    *b = !*b;
                }
            }
            Action::Partition => {
                let (a, b) = self.groups();
                if a.is_empty() || b.is_empty() {
                    self.announce = "Put at least one node in each group first.".into();
                } else {
                    self.act(Input::Partition(vec![a, b]));
                }
            }
            Action::Heal => self.act(Input::Heal),
            Action::DropNode(id) => {
                let links = self.links_in_flight(|f, t| f == id || t == id);
                self.drop_links(links);
            }
            Action::DropLink(from, to) => {
                let links = self.links_in_flight(|f, t| f == from && t == to);
                self.drop_links(links);
            }
            Action::DropAll => {
                let links = self.links_in_flight(|_, _| true);
                self.drop_links(links);
            }
            Action::Seek(k) => {
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
            Action::Guided(g) => {
                let s = g.map_or_else(|| self.free.clone(), Guided::scenario);
                self.restart_with(s);
                self.guided = g;
                self.shared = false;
                self.announce = match g {
                    Some(g) => format!("Loaded the {} scenario.", guided_text(g).0),
                    None => "Free play.".into(),
                };
            }
        }
    }

    fn restart_with(&mut self, s: Scenario<Raft>) {
        self.group_b = vec![false; s.nodes];
        self.tl = untraced(s.clone());
        self.base = s;
        self.clock_q = 0;
        self.playing = false;
        self.selected = None;
        self.violation = None;
        self.fork_note = None;
        self.writes = self.count_writes();
        self.last_event = "Start: every node is a follower in term 0.".into();
    }

    /// Client writes already in the scenario (so new ones get fresh values).
    fn count_writes(&self) -> u32 {
        let n = self.tl.scenario().inputs.iter();
        n.filter(|(_, i)| matches!(i, Input::Client { .. })).count() as u32
    }

    /// The partition builder's groups.
    pub fn groups(&self) -> (Vec<NodeId>, Vec<NodeId>) {
        let n = self.n();
        let a = (0..n).filter(|&i| !self.group_b[i]).collect();
        let b = (0..n).filter(|&i| self.group_b[i]).collect();
        (a, b)
    }

    /// Whether the network is split (some pair of nodes cannot talk).
    pub fn partitioned(&self) -> bool {
        let w = self.world();
        (0..w.len()).any(|a| (0..w.len()).any(|b| a != b && !w.connected(a, b)))
    }

    fn links_in_flight(&self, keep: impl Fn(NodeId, NodeId) -> bool) -> Vec<(NodeId, NodeId)> {
        // Sorted and deduplicated through an n×n bitmap: no sort (a quicksort instance for
        // these pairs was ~3 KB of wasm).
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

    /// Inject an input now (forking if rewound) and run until it has been applied, so
    /// the reader sees its effect at once.
    fn act(&mut self, input: Input<Command>) {
        let n = self.n();
        let valid = match &input {
            Input::Crash(i) | Input::Restart(i) | Input::Client { node: i, .. } => *i < n,
            _ => true,
        };
        if !valid {
            return;
        }
        let (pos, horizon) = (self.tl.position(), self.tl.horizon());
        let scripted_left = self
            .tl
            .scenario()
            .inputs
            .iter()
            .any(|(t, _)| *t > self.world().now());
        if pos < horizon {
            self.fork_note = Some(format!(
                "Forked at step {pos}: the {} steps after it were discarded; this is a new future.",
                horizon - pos
            ));
        } else if scripted_left && self.guided.is_some() {
            self.fork_note = Some(
                "You took over: the rest of the guided script was dropped; the run continues \
                 with your actions."
                    .into(),
            );
        }
        let at = self.tl.inject(input);
        let mut said = Vec::new();
        while self.world().next_time().is_some_and(|t| t <= at) {
            if !self.step_once(&mut said) {
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
        self.clock_q = self.clock_q.max(self.world().now() * 4) + dq;
        let target = self.clock_q / 4;
        let mut said = Vec::new();
        for _ in 0..MAX_STEPS_PER_FRAME {
            match self.world().next_time() {
                Some(t) if t <= target => {
                    if !self.step_once(&mut said) {
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

    /// One engine step, with property checks and notes for the live region.
    fn step_once(&mut self, said: &mut Vec<String>) -> bool {
        let Some(step) = self.tl.step() else {
            self.playing = false;
            return false;
        };
        self.describe(&step, said);
        if self.violation.is_none() {
            if let Err(v) = check_properties(self.world(), &PROPERTIES) {
                said.push(format!("{} failed at step {}.", v.property, v.step));
                self.violation = Some(v);
                self.playing = false;
            }
        }
        true
    }

    fn recheck(&mut self) {
        if self.violation.is_none() {
            self.violation = check_properties(self.world(), &PROPERTIES).err();
        }
    }

    fn say(&mut self, said: Vec<String>) {
        if !said.is_empty() {
            let k = said.len().saturating_sub(3);
            self.announce = said[k..].join(" ");
        }
    }

    fn describe(&mut self, step: &Step<Raft>, said: &mut Vec<String>) {
        self.last_event = format!(
            "Step {} (t={}): {}",
            step.index,
            step.time,
            event_text(&step.event)
        );
        if let Event::Input(i) = &step.event {
            said.push(input_text(i));
        }
        for (id, out) in &step.outputs {
            match out {
                Output::Role {
                    role: Role::Leader,
                    term,
                } => said.push(format!("Node {} is leader of term {term}.", id + 1)),
                Output::Role {
                    role: Role::Candidate,
                    term,
                } => said.push(format!(
                    "Node {} starts an election for term {term}.",
                    id + 1
                )),
                Output::Applied {
                    index,
                    cmd: Command::Set { key, value },
                } if self
                    .world()
                    .node(*id)
                    .is_some_and(|n| n.role() == Role::Leader) =>
                {
                    said.push(format!(
                        "Entry {index} ({}={value}) committed.",
                        char::from(*key)
                    ))
                }
                Output::Redirect { leader } => said.push(match leader {
                    Some(l) => format!("Node {} refused the write: node {} leads.", id + 1, l + 1),
                    None => format!("Node {} refused the write: no leader known.", id + 1),
                }),
                _ => {}
            }
        }
    }

    /// Each property's status now: `Ok`, or the failure message.
    pub fn property_status(&self) -> Vec<(&'static str, Result<(), String>)> {
        PROPERTIES
            .iter()
            .map(|p| (p.name, (p.check)(self.world())))
            .collect()
    }

    /// A node's view for drawing and for its accessible name.
    pub fn node_view(&self, id: NodeId) -> NodeView {
        let w = self.world();
        let now = self.clock();
        match w.node(id) {
            Some(n) => {
                let due = w.timer_due(id, &Timer::Election);
                let span = w.config().election_max.max(1);
                let timer = due.map(|d| {
                    let left = d.saturating_sub(now).min(span);
                    (left * 1000 / span) as u16
                });
                NodeView {
                    id,
                    up: true,
                    role: n.role(),
                    term: n.term(),
                    log_len: n.log().len(),
                    commit: n.commit_index(),
                    votes: n.votes().iter().filter(|&&v| v).count(),
                    voted_for: n.voted_for(),
                    timer_permille: timer.filter(|_| n.role() != Role::Leader),
                }
            }
            None => {
                let disk = w.disk(id);
                NodeView {
                    id,
                    up: false,
                    role: Role::Follower,
                    term: disk.map_or(0, |d| d.term),
                    log_len: disk.map_or(0, |d| d.log.len()),
                    commit: 0,
                    votes: 0,
                    voted_for: disk.and_then(|d| d.voted_for),
                    timer_permille: None,
                }
            }
        }
    }

    /// Messages in flight: sender, receiver, message, progress along the link (‰) and
    /// arrival time.
    pub fn in_flight(&self) -> Vec<Flight> {
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
                        arrives: at,
                        sent: *sent,
                        lost: *lost,
                    })
                }
                Pending::Timer { .. } => None,
            })
            .collect()
    }

    /// The next scripted input still to come (a guided scenario's or a shared run's), with
    /// its time, in words.
    pub fn next_scripted(&self) -> Option<String> {
        let now = self.world().now();
        let applied_now = self.tl.position() > 0;
        self.tl
            .scenario()
            .inputs
            .iter()
            .find(|(t, _)| *t > now || (*t == now && !applied_now))
            .map(|(t, i)| format!("t={t}: {}", input_text(i)))
    }

    /// The scenario of the current branch, as text (the shareable link's payload).
    pub fn link_text(&self) -> String {
        self.tl.scenario().encode()
    }
}

/// A message in flight, for drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Flight {
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: Msg,
    /// How far along, ‰.
    pub permille: u16,
    /// When it arrives.
    pub arrives: Time,
    /// When it was sent.
    pub sent: Time,
    /// The network lost it (it will be dropped on arrival).
    pub lost: bool,
}

/// One node, as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeView {
    /// Its id (0-based; shown 1-based).
    pub id: NodeId,
    /// Running?
    pub up: bool,
    /// Role (followers when down).
    pub role: Role,
    /// Current term (the persisted one when down).
    pub term: Term,
    /// Log length.
    pub log_len: usize,
    /// Commit index.
    pub commit: usize,
    /// Votes granted to it this term.
    pub votes: usize,
    /// Whom it voted for this term.
    pub voted_for: Option<NodeId>,
    /// Election timer left, ‰ of the longest timeout (`None`: leader, or down).
    pub timer_permille: Option<u16>,
}

impl NodeView {
    /// The role word.
    pub fn role_word(&self) -> &'static str {
        if !self.up {
            return "crashed";
        }
        role_word(self.role)
    }

    /// Its accessible name.
    pub fn label(&self) -> String {
        let mut s = format!(
            "Node {}, {}, term {}, log {} entr{}, commit {}",
            self.id + 1,
            self.role_word(),
            self.term,
            self.log_len,
            if self.log_len == 1 { "y" } else { "ies" },
            self.commit
        );
        match (self.up, self.role) {
            (true, Role::Candidate) => s.push_str(&format!(", {} votes", self.votes)),
            (true, Role::Follower) => {
                if let Some(v) = self.voted_for.filter(|&v| v != self.id) {
                    s.push_str(&format!(", voted for node {}", v + 1));
                }
            }
            _ => {}
        }
        s
    }
}

/// A role in words.
pub fn role_word(r: Role) -> &'static str {
    match r {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

/// A command as shown in a log cell.
pub fn cmd_text(c: &Command) -> String {
    match c {
        Command::Noop => "·".into(),
        Command::Set { key, value } => format!("{}={value}", char::from(*key)),
    }
}

/// A message's kind in words.
pub fn msg_kind(m: &Msg) -> &'static str {
    match m {
        Msg::RequestVote { .. } => "RequestVote",
        Msg::Vote { .. } => "vote reply",
        Msg::AppendEntries { entries, .. } if entries.is_empty() => "heartbeat",
        Msg::AppendEntries { .. } => "AppendEntries",
        Msg::AppendReply { .. } => "append reply",
    }
}

/// A message in words (its tooltip).
pub fn msg_text(m: &Msg) -> String {
    match m {
        Msg::RequestVote {
            term,
            last_index,
            last_term,
        } => format!("RequestVote term {term}, last entry {last_index} of term {last_term}"),
        Msg::Vote { term, granted } => format!(
            "Vote {} (term {term})",
            if *granted { "granted" } else { "refused" }
        ),
        Msg::AppendEntries {
            term,
            prev_index,
            prev_term,
            entries,
            commit,
        } => format!(
            "AppendEntries term {term}, after {prev_index} of term {prev_term}, {} entr{}, commit {commit}",
            entries.len(),
            if entries.len() == 1 { "y" } else { "ies" }
        ),
        Msg::AppendReply {
            term,
            success,
            index,
        } => format!(
            "Append {} (term {term}, index {index})",
            if *success { "ok" } else { "refused" }
        ),
    }
}

fn input_text(i: &Input<Command>) -> String {
    match i {
        Input::Client { node, request } => {
            format!(
                "Client write {} sent to node {}.",
                cmd_text(request),
                node + 1
            )
        }
        Input::Crash(n) => format!("Node {} crashed.", n + 1),
        Input::Restart(n) => format!("Node {} restarted.", n + 1),
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

fn event_text(e: &Event<Raft>) -> String {
    match e {
        Event::Deliver { from, to, msg } => {
            format!(
                "{} from node {} reached node {}",
                msg_kind(msg),
                from + 1,
                to + 1
            )
        }
        Event::Drop {
            from,
            to,
            msg,
            reason,
        } => format!(
            "{} from node {} to node {} dropped ({reason:?})",
            msg_kind(msg),
            from + 1,
            to + 1
        ),
        Event::Timer { node, timer } => match timer {
            Timer::Election => format!("node {}'s election timer fired", node + 1),
            Timer::Heartbeat => format!("node {} sends heartbeats", node + 1),
        },
        Event::Input(i) => input_text(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(nodes: usize, seed: u64) -> Model {
        let cfg = Config {
            nodes,
            seed,
            scenario: None,
            guided: None,
            messages: vec![],
        };
        Model::new(&cfg, None).0
    }

    fn step_until(m: &mut Model, max: usize, f: impl Fn(&Model) -> bool) -> bool {
        for _ in 0..max {
            if f(m) {
                return true;
            }
            m.apply(Action::Step);
        }
        f(m)
    }

    #[test]
    fn options_are_read_and_clamped() {
        let o =
            WidgetOptions::from_pairs([("nodes", "9"), ("seed", "3"), ("guided", "split-vote")]);
        let c = Config::from_options(&o);
        assert_eq!(c.nodes, DEFAULT_NODES);
        assert_eq!(c.seed, 3);
        assert_eq!(c.guided, Some(Guided::SplitVote));
        assert_eq!(c.messages.len(), 1);
        let o = WidgetOptions::from_pairs([("guided", "nope")]);
        assert_eq!(Config::from_options(&o).guided, None);
    }

    #[test]
    fn a_leader_is_elected_and_a_write_commits() {
        let mut m = model(5, 7);
        assert!(step_until(&mut m, 2000, |m| m.leader().is_some()));
        let l = m.leader().map(|l| l.id()).unwrap_or(0);
        let before = m.node_view(l).commit;
        m.apply(Action::Write(l));
        assert!(step_until(&mut m, 2000, |m| m.node_view(l).commit > before));
        assert!(m.property_status().iter().all(|(_, r)| r.is_ok()));
        assert!(m.node_view(l).label().contains("leader"));
    }

    #[test]
    fn crashing_the_leader_gives_a_new_leader_in_a_higher_term() {
        let mut m = model(5, 7);
        step_until(&mut m, 2000, |m| m.leader().is_some());
        let (l, t) = m.leader().map(|l| (l.id(), l.term())).unwrap_or((0, 0));
        m.apply(Action::Crash(l));
        assert!(!m.node_view(l).up);
        assert!(step_until(&mut m, 3000, |m| m
            .leader()
            .is_some_and(|n| n.term() > t)));
    }

    #[test]
    fn playing_advances_the_clock_and_runs_due_events() {
        let mut m = model(3, 1);
        m.apply(Action::Toggle);
        for _ in 0..500 {
            m.apply(Action::Tick);
        }
        assert_eq!(m.clock(), 1000);
        assert!(m.world().now() <= 1000);
        assert!(m.leader().is_some());
    }

    #[test]
    fn rewinding_then_acting_forks_the_future() {
        let mut m = model(5, 7);
        for _ in 0..300 {
            m.apply(Action::Step);
        }
        assert_eq!(m.tl.horizon(), 300);
        m.apply(Action::Seek(100));
        assert!(m.rewound());
        m.apply(Action::Crash(0));
        assert!(m.fork_note.is_some());
        assert!(m.tl.horizon() < 300);
        assert!(!m.rewound());
    }

    #[test]
    fn partition_heal_and_drops_are_scenario_inputs() {
        let mut m = model(5, 7);
        step_until(&mut m, 2000, |m| !m.in_flight().is_empty());
        m.apply(Action::Partition);
        assert!(!m.partitioned(), "one group only: refused");
        m.apply(Action::ToggleGroup(0));
        m.apply(Action::ToggleGroup(1));
        m.apply(Action::Partition);
        assert!(m.partitioned());
        assert!(!m.world().connected(0, 2));
        m.apply(Action::Heal);
        assert!(!m.partitioned());
        step_until(&mut m, 2000, |m| !m.in_flight().is_empty());
        let f = m.in_flight()[0].clone();
        m.apply(Action::DropLink(f.from, f.to));
        assert!(!m
            .in_flight()
            .iter()
            .any(|g| g.from == f.from && g.to == f.to));
        m.apply(Action::DropAll);
        assert!(m.in_flight().is_empty());
        // The link replays exactly.
        let s = Scenario::<Raft>::decode(&m.link_text()).expect("decodes");
        let mut w = World::new(&s);
        w.run(m.tl.position());
        assert_eq!(w.now(), m.world().now());
        assert_eq!(
            format!("{:?}", w.nodes()),
            format!("{:?}", m.world().nodes())
        );
    }

    #[test]
    fn every_action_is_harmless_on_any_node_id() {
        let mut m = model(3, 2);
        for id in [0, 2, 3, 99] {
            for a in [
                Action::Select(Some(id)),
                Action::Crash(id),
                Action::Restart(id),
                Action::Write(id),
                Action::ToggleGroup(id),
                Action::DropNode(id),
                Action::DropLink(id, 0),
                Action::Seek(id as u64 * 1000),
            ] {
                m.apply(a);
            }
        }
        m.apply(Action::DropAll);
        m.apply(Action::Guided(Some(Guided::SplitVote)));
        m.apply(Action::Reset);
        m.apply(Action::Guided(None));
        assert_eq!(m.n(), 3);
    }

    #[test]
    fn hash_fragments_round_trip() {
        assert_eq!(scenario_in_hash("#/widget/x?raft=v1~n3"), Some("v1~n3"));
        assert_eq!(scenario_in_hash("#raft=v1~n3&z=1"), Some("v1~n3"));
        assert_eq!(scenario_in_hash("#/widget/x"), None);
        assert_eq!(scenario_in_hash("#xraft=1"), None);
        assert_eq!(
            fragment_with("#/widget/x?raft=old", "v1"),
            "#/widget/x?raft=v1"
        );
        assert_eq!(fragment_with("", "v1"), "#raft=v1");
        let (m, note) = Model::new(
            &Config {
                nodes: 5,
                seed: 1,
                scenario: Some("junk".into()),
                guided: None,
                messages: vec![],
            },
            None,
        );
        assert!(note.is_some());
        assert_eq!(m.n(), 5);
    }

    #[test]
    fn one_frame_of_work_is_small() {
        // 5 nodes at 4×: a frame covers 8 ticks; count the steps it runs at most.
        let mut m = model(5, 7);
        m.apply(Action::Speed(4.0));
        m.apply(Action::Toggle);
        let mut most = 0;
        let start = std::time::Instant::now();
        for _ in 0..2000 {
            let before = m.tl.position();
            m.apply(Action::Tick);
            most = most.max(m.tl.position() - before);
        }
        // Natively (debug build) a frame's simulation costs microseconds; print it.
        eprintln!(
            "2000 frames at 4x: {:?} in all, at most {most} steps in one frame",
            start.elapsed()
        );
        assert!(most < 60, "{most} steps in one frame");
    }

    #[test]
    fn a_broken_rule_is_caught_shown_and_rewound_past() {
        use distlab_core::raft::{chaos_scenario, check_seed, Mutation};
        let mutation = Mutation::SkipUpToDateCheck;
        let seed = (0..200)
            .find(|&s| check_seed(s, 2_000, mutation).is_err())
            .expect("the core's sweep finds one");
        let mut s = chaos_scenario(seed, 20_000);
        s.config.mutation = mutation;
        let mut m = model(5, 1);
        m.restart_with(s);
        m.apply(Action::Toggle);
        for _ in 0..20_000 {
            if m.violation.is_some() {
                break;
            }
            m.apply(Action::Tick);
        }
        let v = m.violation.clone().expect("violation recorded");
        assert!(!m.playing, "playback stops at a violation");
        assert!(m.property_status().iter().any(|(_, r)| r.is_err()));
        assert!(m.announce.contains("failed"));
        m.apply(Action::Seek(v.step - 1));
        assert!(m.violation.is_none());
        assert!(m.property_status().iter().all(|(_, r)| r.is_ok()));
    }
}
