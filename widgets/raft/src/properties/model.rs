//! The Raft widget's state, with no Yew in it: what is Raft's — roles, terms, logs, the
//! guided scenarios, the partition builder, client writes — on top of the kit's
//! [`Player`] (the rewindable run, playback, faults, property checks; see
//! [`distlab_kit::sim`]).
//!
//! ```text
//!  Action ──▶ Model::apply ──┬─▶ Player<Raft>::apply(PlayerAction)   (step, play, seek, drop…)
//!                            └─▶ Raft's own: select a node, write, partition groups, guided
//! ```
//!
//! Invariant: the model never changes a node; every reader action is a scenario input
//! given to the player, so the "Copy link" text replays the run exactly.

use distlab_core::raft::scenarios::Guided;
use distlab_core::raft::{
    Command, Msg, Mutation, Output, Raft, RaftConfig, Role, Term, Timer, PROPERTIES,
};
use distlab_core::sim::{Event, Input, NodeId, Scenario, Step, Time, World};
use distlab_kit::options::WidgetOptions;
use distlab_kit::sim::{
    bound_scenario, note_line, Bounds, Driven, MomentFn, Narrator, Player, PlayerAction, Setting,
};

/// Fewest nodes.
pub const MIN_NODES: usize = 3;
/// Most nodes.
pub const MAX_NODES: usize = 7;
/// Nodes when the placeholder does not say.
pub const DEFAULT_NODES: usize = 5;
/// Seed when the placeholder does not say.
pub const DEFAULT_SEED: u64 = 7;
/// Log entries shown per node (the most recent ones).
pub const LOG_WINDOW: usize = 20;
/// Distinct keys client writes cycle through.
const KEYS: u8 = 6;

/// What a shared run may hold (see [`distlab_kit::sim::bounds`]): the nodes this widget
/// draws, latency up to 500 ticks, loss up to 50 %, 200 inputs within 200,000 ticks.
pub const BOUNDS: Bounds = Bounds {
    nodes: MIN_NODES..=MAX_NODES,
    latency_max: 500,
    loss_max: 500,
    dup_max: 300,
    inputs_max: 200,
    input_time_max: 200_000,
};
/// Election timeouts a shared run may ask for, ticks.
pub const ELECTION_RANGE: (Time, Time) = (50, 3_000);

/// Bound Raft's own settings: election timeouts within [`ELECTION_RANGE`], a heartbeat
/// between 10 ticks and the shortest timeout. One note per change.
pub fn bound_config(c: &mut RaftConfig) -> Vec<String> {
    let mut notes = Vec::new();
    let (lo, hi) = ELECTION_RANGE;
    let (a, b) = (c.election_min, c.election_max);
    c.election_min = a.clamp(lo, hi);
    c.election_max = b.clamp(c.election_min, hi);
    if (a, b) != (c.election_min, c.election_max) {
        notes.push(format!(
            "election timeout {a}–{b} → {}–{} ticks",
            c.election_min, c.election_max
        ));
    }
    let h = c.heartbeat;
    c.heartbeat = h.clamp(10, c.election_min);
    if h != c.heartbeat {
        notes.push(format!("heartbeat {h} → {} ticks", c.heartbeat));
    }
    notes
}

/// The rule "Break it" breaks: votes granted without checking that the candidate's log
/// is at least as up to date as the voter's (Raft §5.4.1).
pub const BREAK_MUTATION: Mutation = Mutation::SkipUpToDateCheck;
/// The chaos run that shows it: with [`BREAK_MUTATION`], Leader Completeness fails at
/// step [`BREAK_STEP`] (found by sweeping seeds with the core's `check_seed`; pinned by
/// a test below).
pub const BREAK_SEED: u64 = 191;
/// The step at which the planted bug breaks a property in [`broken_scenario`].
pub const BREAK_STEP: u64 = 55;

/// A run of 5 nodes with writes, crashes and partitions (the core's
/// [`chaos_scenario`](distlab_core::raft::chaos_scenario)) on the planted-bug variant of
/// Raft. (The bug is not part of a scenario's text form: a copied link replays the run on
/// correct Raft.)
///
/// Decoded from its pinned text form ([`BROKEN_TEXT`], which a test checks against
/// `chaos_scenario(BREAK_SEED, 5_000)`): the chaos generator stays out of the wasm module.
pub fn broken_scenario() -> Scenario<Raft> {
    let mut s =
        Scenario::<Raft>::decode(BROKEN_TEXT).unwrap_or_else(|_| Scenario::new(5, BREAK_SEED));
    s.config.mutation = BREAK_MUTATION;
    s
}

/// The text form of `chaos_scenario(BREAK_SEED, 5_000)`.
pub const BROKEN_TEXT: &str =
    "v1~n5~l1-33~x124~d41~o1~s191~c150-300-50~t111.p0-1423~t278.c2.b45~t309.p402-31~t468.\
    c2.c27~t558.c1.c35~t679.r1~t746.c2.d1~t934.c0.d30~t961.e2~t1137.c2.d99~t1287.u11~t14\
    60.r3~t1572.h~t1692.k2~t1871.h~t1995.c4.b54~t2179.c1.b6~t2248.c1.d72~t2432.c1.c18~t2\
    591.c0.c49~t2752.c3.b10~t2910.c1.b36~t2978.e0~t3050.r3~t3247.p1-0423~t3322.c3.a42~t3\
    378.r3~t3567.c0.d36~t3686.c1.d88~t3822.p1-0234~t4013.r4~t4169.h~t4307.p10-342~t4360.\
    c4.a95~t4413.c3.a43~t4591.c2.b13~t4684.u24~t4850.h";

/// A guided scenario's key moments: playback pauses after each, and this one line says
/// what just happened — a fault (crash, restart, partition, heal), a split vote, an
/// election won, a write committed.
pub fn guided_moment(step: &Step<Raft>, world: &World<Raft>) -> Option<String> {
    if let Event::Input(i) = &step.event {
        let line = match i {
            Input::Crash(n) => format!(
                "Node {} crashed. The others stop hearing from it; if it led, their election \
                 timers now run out.",
                n + 1
            ),
            Input::Restart(n) => format!(
                "Node {} restarted from its disk (term, vote and log) as a follower.",
                n + 1
            ),
            Input::Partition(_) => "The network split. Only a side holding a majority can elect \
                a leader and commit; the other side's writes stay uncommitted."
                .to_string(),
            Input::Heal => "The partition healed. A leader that sees a higher term steps down, \
                and logs that conflict with the new leader's are overwritten."
                .to_string(),
            _ => return None,
        };
        return Some(line);
    }
    step.outputs.iter().find_map(|(id, out)| match out {
        Output::Role {
            role: Role::Leader,
            term,
        } => Some(format!(
            "Node {} won a majority of votes: it is leader of term {term}.",
            id + 1
        )),
        Output::Role {
            role: Role::Candidate,
            term,
        } => {
            let others: Vec<String> = world
                .nodes()
                .iter()
                .flatten()
                .filter(|n| n.id() != *id && n.role() == Role::Candidate && n.term() == *term)
                .map(|n| (n.id() + 1).to_string())
                .collect();
            (!others.is_empty()).then(|| {
                format!(
                    "Node {} and node {} are candidates in the same term {term}: the votes \
                     split, and nobody may reach a majority.",
                    id + 1,
                    others.join(" and node ")
                )
            })
        }
        Output::Applied {
            index,
            cmd: Command::Set { key, value },
        } if world.node(*id).is_some_and(|n| n.role() == Role::Leader) => Some(format!(
            "Entry {index} ({}={value}) is committed: a majority stores it, so every later \
             leader will have it.",
            char::from(*key)
        )),
        _ => None,
    })
}

/// How the kit's player speaks Raft.
pub static NARRATOR: Narrator<Raft> = Narrator {
    properties: &PROPERTIES,
    request_text: cmd_text,
    msg_kind,
    timer_text,
    outputs: announce_outputs,
    start_text: "Start: every node is a follower in term 0.",
};

fn timer_text(node: NodeId, timer: &Timer) -> String {
    match timer {
        Timer::Election => format!("node {}'s election timer fired", node + 1),
        Timer::Heartbeat => format!("node {} sends heartbeats", node + 1),
    }
}

/// What a step did that is worth announcing: a new leader, an election, a commit, a
/// refused write.
fn announce_outputs(step: &Step<Raft>, world: &World<Raft>, said: &mut Vec<String>) {
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
            } if world.node(*id).is_some_and(|n| n.role() == Role::Leader) => said.push(format!(
                "Entry {index} ({}={value}) committed.",
                char::from(*key)
            )),
            Output::Redirect { leader } => said.push(match leader {
                Some(l) => format!("Node {} refused the write: node {} leads.", id + 1, l + 1),
                None => format!("Node {} refused the write: no leader known.", id + 1),
            }),
            _ => {}
        }
    }
}

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

/// The fragment key of a shared run: `#raft=<scenario>`.
pub const LINK_KEY: &str = "raft";

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Anything the kit's player does: tick, play, step, reset, speed, seek, drop.
    Run(PlayerAction<Command>),
    /// Open (or close) a node's actions.
    Select(Option<NodeId>),
    /// Crash a node.
    Crash(NodeId),
    /// Restart a crashed node.
    Restart(NodeId),
    /// A client write to this node.
    Write(NodeId),
    /// Make a follower's (or candidate's) election timer fire now: it starts an election.
    TimeoutNow(NodeId),
    /// Move a node between partition groups A and B.
    ToggleGroup(NodeId),
    /// Split the network into groups A and B.
    Partition,
    /// Remove the partition.
    Heal,
    /// Load a guided scenario (`None`: free play with the placeholder's seed).
    Guided(Option<Guided>),
    /// Change the cluster size, latency or loss: a fresh free-play run.
    Setting(Setting),
    /// Run the planted-bug variant of Raft ([`broken_scenario`]), or go back to free play.
    BreakIt(bool),
}

impl Driven for Model {
    type Action = Action;
    fn apply(&mut self, action: Action) {
        Model::apply(self, action);
    }
    fn playing(&self) -> bool {
        self.player.playing
    }
    fn tick() -> Action {
        Action::Run(PlayerAction::Tick)
    }
}

impl From<PlayerAction<Command>> for Action {
    fn from(a: PlayerAction<Command>) -> Self {
        Action::Run(a)
    }
}

/// The widget's state.
#[derive(Debug, Clone)]
pub struct Model {
    /// The run (the kit's player).
    pub player: Player<Raft>,
    /// The free-play scenario (seed, nodes) from the placeholder.
    pub free: Scenario<Raft>,
    /// Node whose actions are open.
    pub selected: Option<NodeId>,
    /// Partition builder: `true` puts the node in group B.
    pub group_b: Vec<bool>,
    /// Client writes sent so far (key and value of the next one come from it).
    pub writes: u32,
    /// The guided scenario loaded, if any.
    pub guided: Option<Guided>,
    /// Whether the run came from a shared link or `data-scenario`.
    pub shared: bool,
    /// What was clamped in a shared run, in one line.
    pub clamp_note: Option<String>,
    /// Why a shared run could not be read (the seed's run is shown instead).
    pub load_note: Option<String>,
    /// Running the planted bug ("Break it")?
    pub broken: bool,
}

impl Model {
    /// A model for `config`; `hash_text` is a scenario found in the page's URL fragment
    /// (it wins over `data-scenario`). Bad text falls back to the seed, with a message
    /// ([`Model::load_note`]).
    pub fn new(config: &Config, hash_text: Option<&str>) -> Self {
        let free = Scenario::<Raft>::new(config.nodes, config.seed);
        let mut note = None;
        let text = hash_text.or(config.scenario.as_deref());
        let mut guided = config.guided;
        let mut shared = false;
        let mut clamp_note = None;
        let base = match text.map(Scenario::<Raft>::decode) {
            Some(Ok(mut s)) => {
                guided = None;
                shared = true;
                let mut notes = bound_scenario(&mut s, &BOUNDS);
                notes.extend(bound_config(&mut s.config));
                clamp_note = note_line("This shared run", &notes);
                s
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
            player: Player::new(free.clone(), &NARRATOR),
            group_b: Vec::new(),
            free,
            selected: None,
            writes: 0,
            guided,
            shared,
            clamp_note,
            load_note: note,
            broken: false,
        };
        m.restart_with(base);
        m
    }

    /// The current world.
    pub fn world(&self) -> &World<Raft> {
        self.player.world()
    }

    /// Cluster size.
    pub fn n(&self) -> usize {
        self.world().len()
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

    /// Whether node `id` can be told to time out now: up and not the leader (a leader's
    /// only timer sends heartbeats; it has no election to start).
    pub fn can_time_out(&self, id: NodeId) -> bool {
        self.player
            .world()
            .node(id)
            .is_some_and(|n| n.role() != Role::Leader)
    }

    /// Fire `id`'s timers at the next tick and run to that tick, so the reader sees the
    /// node become a candidate in a higher term at once.
    fn timeout_now(&mut self, id: NodeId) {
        if !self.can_time_out(id) {
            return;
        }
        self.player.act(Input::Expire(id));
        let until = self.player.world().now().saturating_add(1);
        for _ in 0..256 {
            if self.player.world().next_time().is_none_or(|t| t > until) {
                break;
            }
            self.player.apply(PlayerAction::Step);
        }
        self.player.announce = format!("Node {} timed out and started an election.", id + 1);
    }

    /// Apply an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Run(PlayerAction::Reset) => {
                let keep = self.guided;
                self.restart_with(self.player.base().clone());
                self.guided = keep;
                self.player.announce = "Reset to the start.".into();
            }
            Action::Run(a) => self.player.apply(a),
            Action::Select(id) => self.selected = id.filter(|&i| i < self.n()),
            Action::Crash(id) => self.player.act(Input::Crash(id)),
            Action::Restart(id) => self.player.act(Input::Restart(id)),
            Action::TimeoutNow(id) => self.timeout_now(id),
            Action::Write(id) => {
                if id >= self.n() {
                    return;
                }
                let k = self.writes;
                self.writes += 1;
                let request = Command::Set {
                    key: b'a' + (k % u32::from(KEYS)) as u8,
                    value: k + 1,
                };
                self.player.act(Input::Client { node: id, request });
            }
            Action::ToggleGroup(id) => {
                if let Some(b) = self.group_b.get_mut(id) {
                    *b = !*b;
                }
            }
            Action::Partition => {
                let (a, b) = self.groups();
                if a.is_empty() || b.is_empty() {
                    self.player.announce = "Put at least one node in each group first.".into();
                } else {
                    self.player.act(Input::Partition(vec![a, b]));
                }
            }
            Action::Heal => self.player.act(Input::Heal),
            Action::Setting(setting) => {
                self.broken = false;
                self.change(setting);
            }
            Action::BreakIt(on) => {
                self.broken = on;
                self.guided = None;
                self.shared = false;
                self.restart_with(if on {
                    broken_scenario()
                } else {
                    self.free.clone()
                });
                self.player.announce = if on {
                    "Planted bug on: votes are granted without the up-to-date log check. \
                     Press Play and watch the badges."
                        .into()
                } else {
                    "Planted bug off: Raft as in the paper.".into()
                };
            }
            Action::Guided(g) => {
                self.broken = false;
                let s = g.map_or_else(|| self.free.clone(), Guided::scenario);
                self.guided = g;
                self.restart_with(s);
                self.shared = false;
                self.player.announce = match g {
                    Some(g) => format!("Loaded the {} scenario.", guided_text(g).0),
                    None => "Free play.".into(),
                };
            }
        }
    }

    /// A fresh free-play run with the current run's size and network, one setting
    /// changed (bounded like a link: the menus offer only sensible values anyway).
    fn change(&mut self, setting: Setting) {
        let mut f = self.free.clone();
        f.nodes = self.n();
        f.net = self.player.base().net.clone();
        match setting {
            Setting::Nodes(n) => f.nodes = n,
            Setting::Latency(a, b) => (f.net.latency_min, f.net.latency_max) = (a, b),
            Setting::Loss(l) => f.net.loss_permille = l,
        }
        bound_scenario(&mut f, &BOUNDS);
        self.free = f.clone();
        self.guided = None;
        self.shared = false;
        self.restart_with(f);
        let net = &self.player.base().net;
        self.player.announce = format!(
            "New run: {} nodes, latency {}–{} ticks, loss {} %.",
            self.n(),
            net.latency_min,
            net.latency_max,
            net.loss_permille / 10
        );
    }

    /// Start over with `s` (the guided scenario, if any, is already set).
    pub fn restart_with(&mut self, s: Scenario<Raft>) {
        self.group_b = vec![false; s.nodes];
        self.selected = None;
        let moments = self.guided.map(|_| guided_moment as MomentFn<Raft>);
        self.player.restart_with(s, self.guided.is_some(), moments);
        self.writes = self.count_writes();
    }

    /// Client writes already in the scenario (so new ones get fresh values).
    fn count_writes(&self) -> u32 {
        let n = self.player.timeline().scenario().inputs.iter();
        n.filter(|(_, i)| matches!(i, Input::Client { .. })).count() as u32
    }

    /// The partition builder's groups.
    pub fn groups(&self) -> (Vec<NodeId>, Vec<NodeId>) {
        let n = self.n();
        let a = (0..n).filter(|&i| !self.group_b[i]).collect();
        let b = (0..n).filter(|&i| self.group_b[i]).collect();
        (a, b)
    }

    /// A node's view for drawing and for its accessible name.
    pub fn node_view(&self, id: NodeId) -> NodeView {
        let w = self.world();
        let now = self.player.clock();
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

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_kit::sim::DropTarget;

    #[test]
    fn the_broken_scenario_is_the_pinned_chaos_run() {
        let chaos = distlab_core::raft::chaos_scenario(BREAK_SEED, 5_000);
        assert_eq!(chaos.encode(), BROKEN_TEXT);
        let mut s = broken_scenario();
        s.config.mutation = chaos.config.mutation;
        assert_eq!(s, chaos);
    }

    fn model(nodes: usize, seed: u64) -> Model {
        let cfg = Config {
            nodes,
            seed,
            scenario: None,
            guided: None,
            messages: vec![],
        };
        Model::new(&cfg, None)
    }

    fn run(a: PlayerAction<Command>) -> Action {
        Action::Run(a)
    }

    fn step_until(m: &mut Model, max: usize, f: impl Fn(&Model) -> bool) -> bool {
        for _ in 0..max {
            if f(m) {
                return true;
            }
            m.apply(run(PlayerAction::Step));
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
        assert!(m.player.property_status().iter().all(|(_, r)| r.is_ok()));
        assert!(m.node_view(l).label().contains("leader"));
    }

    #[test]
    fn a_follower_told_to_time_out_now_is_a_candidate_of_the_next_term_at_once() {
        let mut m = model(5, 7);
        step_until(&mut m, 2000, |m| m.leader().is_some());
        let (l, t) = m.leader().map(|l| (l.id(), l.term())).unwrap_or((0, 0));
        let f = (l + 1) % 5;
        assert!(!m.can_time_out(l), "a leader has no election to start");
        assert!(m.can_time_out(f));
        m.apply(Action::TimeoutNow(f));
        let v = m.node_view(f);
        assert_eq!((v.role, v.term), (Role::Candidate, t + 1));
        assert!(m.player.announce.contains("started an election"));
        // The leader is unchanged by the same action.
        let before = m.player.world().steps();
        m.apply(Action::TimeoutNow(l));
        assert_eq!(m.player.world().steps(), before);
        // Elections settle again, with every property holding.
        assert!(step_until(&mut m, 3000, |m| m
            .leader()
            .is_some_and(|n| n.term() > t)));
        assert!(m.player.property_status().iter().all(|(_, r)| r.is_ok()));
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
    fn partition_heal_and_drops_are_scenario_inputs() {
        let mut m = model(5, 7);
        step_until(&mut m, 2000, |m| !m.player.in_flight().is_empty());
        m.apply(Action::Partition);
        assert!(!m.player.partitioned(), "one group only: refused");
        m.apply(Action::ToggleGroup(0));
        m.apply(Action::ToggleGroup(1));
        m.apply(Action::Partition);
        assert!(m.player.partitioned());
        assert!(!m.world().connected(0, 2));
        m.apply(Action::Heal);
        assert!(!m.player.partitioned());
        step_until(&mut m, 2000, |m| !m.player.in_flight().is_empty());
        m.apply(run(PlayerAction::Drop(DropTarget::All)));
        // The link replays exactly.
        let s = Scenario::<Raft>::decode(&m.player.link_text()).expect("decodes");
        let mut w = World::new(&s);
        w.run(m.player.position());
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
                Action::TimeoutNow(id),
                Action::ToggleGroup(id),
                run(PlayerAction::Drop(DropTarget::Node(id))),
                run(PlayerAction::Drop(DropTarget::Link(id, 0))),
                run(PlayerAction::Seek(id as u64 * 1000)),
            ] {
                m.apply(a);
            }
        }
        m.apply(run(PlayerAction::Drop(DropTarget::All)));
        m.apply(Action::Guided(Some(Guided::SplitVote)));
        m.apply(run(PlayerAction::Reset));
        assert_eq!(
            m.guided,
            Some(Guided::SplitVote),
            "reset keeps the scenario"
        );
        m.apply(Action::Guided(None));
        assert_eq!(m.n(), 3);
    }

    #[test]
    fn bad_shared_text_falls_back_with_a_note() {
        let m = Model::new(
            &Config {
                nodes: 5,
                seed: 1,
                scenario: Some("junk".into()),
                guided: None,
                messages: vec![],
            },
            None,
        );
        assert!(m.load_note.is_some());
        assert_eq!(m.n(), 5);
    }

    #[test]
    fn a_hostile_link_is_bounded_and_stays_cheap() {
        let mut text = String::from("v1~n7~l1-4000000000~x0~d0~o1~s7~c1-4000000000-1");
        for t in 0..400 {
            text.push_str(&format!("~t{}.c{}.a{t}", t * 1_000_000, t % 7));
        }
        let cfg = Config {
            nodes: 5,
            seed: 1,
            scenario: Some(text),
            guided: None,
            messages: vec![],
        };
        let mut m = Model::new(&cfg, None);
        assert_eq!(m.load_note, None);
        let line = m.clamp_note.clone().expect("a clamping note");
        for part in [
            "latency 1–4000000000 → 1–500",
            "election timeout",
            "heartbeat",
            "inputs",
        ] {
            assert!(line.contains(part), "{part}: {line}");
        }
        assert_eq!(m.n(), 7);
        let s = m.player.base();
        assert!(s.net.latency_max <= 500 && s.inputs.len() <= 200);
        // Playing it: every frame runs a bounded number of steps.
        m.apply(run(PlayerAction::Toggle));
        for _ in 0..1000 {
            let before = m.player.position();
            m.apply(run(PlayerAction::Tick));
            assert!(
                m.player.position() - before
                    <= distlab_kit::sim::player::MAX_STEPS_PER_FRAME as u64
            );
        }
        assert!(m.player.in_flight().len() < 2_000);
    }

    #[test]
    fn settings_start_a_fresh_bounded_run() {
        let mut m = model(5, 4);
        m.apply(Action::Guided(Some(Guided::LeaderCrash)));
        m.apply(Action::Setting(Setting::Nodes(3)));
        assert_eq!((m.n(), m.guided, m.player.position()), (3, None, 0));
        m.apply(Action::Setting(Setting::Latency(30, 90)));
        m.apply(Action::Setting(Setting::Loss(100)));
        let net = &m.player.base().net;
        assert_eq!(
            (m.n(), net.latency_min, net.latency_max, net.loss_permille),
            (3, 30, 90, 100)
        );
        assert!(m.player.announce.contains("loss 10 %"));
        assert!(step_until(&mut m, 3000, |m| m.leader().is_some()));
        m.apply(Action::Setting(Setting::Nodes(40)));
        m.apply(Action::Setting(Setting::Latency(1, 1 << 40)));
        m.apply(Action::Setting(Setting::Loss(1000)));
        let net = &m.player.base().net;
        assert_eq!(
            (m.n(), net.latency_max, net.loss_permille),
            (MAX_NODES, 500, 500)
        );
    }

    #[test]
    fn break_it_shows_a_property_fail_and_rewinds_before_it() {
        let mut m = model(5, 7);
        m.apply(Action::BreakIt(true));
        assert!(m.broken);
        assert!(m.player.announce.contains("Planted bug on"));
        m.apply(run(PlayerAction::Toggle));
        for _ in 0..5_000 {
            if !m.player.playing {
                break;
            }
            m.apply(run(PlayerAction::Tick));
        }
        let v = m.player.violation.clone().expect("a property failed");
        assert_eq!((v.property, v.step), ("Leader Completeness", BREAK_STEP));
        assert_eq!(m.player.position(), BREAK_STEP, "playback stopped at it");
        m.apply(run(PlayerAction::Seek(BREAK_STEP - 1)));
        assert!(m.player.violation.is_none());
        m.apply(run(PlayerAction::Step));
        assert!(
            m.player.violation.is_some(),
            "the same step breaks it again"
        );
        // Correct Raft on the very same run: nothing fails.
        let mut fine = broken_scenario();
        fine.config.mutation = Mutation::None;
        assert!(distlab_core::raft::check_run(&fine, 2_000).is_ok());
        m.apply(Action::BreakIt(false));
        assert!(!m.broken && m.player.violation.is_none() && m.player.base().inputs.is_empty());
    }

    #[test]
    fn guided_scenarios_pause_at_their_key_moments() {
        for g in Guided::ALL {
            let mut m = model(5, 7);
            m.apply(Action::Guided(Some(g)));
            m.apply(run(PlayerAction::Toggle));
            let mut moments = Vec::new();
            let mut frames = 0;
            while moments.len() < 4 && frames < 20_000 {
                m.apply(run(PlayerAction::Tick));
                frames += 1;
                if !m.player.playing {
                    moments.push((frames, m.player.moment.clone().expect("a moment line")));
                    m.apply(run(PlayerAction::Toggle));
                }
            }
            assert!(moments.len() >= 3, "{g:?}: {moments:?}");
            // The first moment comes within 4 s at 1× (25 frames a second).
            assert!(moments[0].0 < 100, "{g:?}: {moments:?}");
            if g == Guided::SplitVote {
                assert!(moments[0].1.contains("same term"), "{moments:?}");
            }
            if g == Guided::LeaderCrash {
                let lines: Vec<&str> = moments.iter().map(|(_, l)| l.as_str()).collect();
                assert!(lines[0].contains("leader of term 1"), "{lines:?}");
                assert!(lines[1].contains("committed"), "{lines:?}");
            }
        }
        // Free play never pauses by itself.
        let mut m = model(5, 7);
        m.apply(run(PlayerAction::Toggle));
        for _ in 0..2000 {
            m.apply(run(PlayerAction::Tick));
        }
        assert!(m.player.playing && m.player.moment.is_none());
    }

    #[test]
    fn a_guided_takeover_is_noted() {
        let mut m = model(5, 1);
        m.apply(Action::Guided(Some(Guided::LeaderCrash)));
        m.apply(Action::Crash(0));
        assert!(m
            .player
            .fork_note
            .as_deref()
            .is_some_and(|n| n.contains("took over")));
    }
}
