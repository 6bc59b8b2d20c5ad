//! The construction widget's state, with no Yew in it: data blocks, the tree built from
//! them by [`distlab_core::merkle`], how far the step-by-step build has got, and which
//! hashes the last edit changed.
//!
//! ```text
//!  Action ──reduce──▶ Model ──view──▶ DOM
//!    ▲                                 │
//!    └──────── reader input ◀──────────┘
//! ```
//!
//! Every hash shown comes from [`MerkleTree`]; this module only decides what to show.
//! The "changed" set is computed by comparing the tree before an edit with the tree
//! after it, node by node — not by assuming which path must have changed — so the
//! widget shows the O(log n) effect of an edit as a fact, not as a claim.

use distlab_core::hash::{short_hex, to_hex, Digest};
use distlab_core::merkle::{MerkleTree, NodeKind, Scheme};
use distlab_kit::options::WidgetOptions;

/// A node of the tree as `(level, index)`; level 0 holds the leaves.
pub type NodeId = (usize, usize);

/// Fewest blocks a reader can have.
pub const MIN_BLOCKS: usize = 1;
/// Most blocks a reader can have (the tree stays readable on a phone up to here).
pub const MAX_BLOCKS: usize = 16;
/// Blocks shown when the placeholder does not say.
pub const DEFAULT_BLOCKS: usize = 6;
/// Longest block text kept (longer input is cut; the hash is still real).
pub const MAX_BLOCK_CHARS: usize = 64;

/// Small transactions used as the default data blocks.
pub const SAMPLE_BLOCKS: [&str; MAX_BLOCKS] = [
    "tx: alice→bob 5",
    "tx: bob→carol 2",
    "tx: carol→dan 7",
    "tx: dan→erin 1",
    "tx: erin→frank 3",
    "tx: frank→grace 4",
    "tx: grace→heidi 6",
    "tx: heidi→ivan 8",
    "tx: ivan→judy 9",
    "tx: judy→mallory 2",
    "tx: mallory→niaj 5",
    "tx: niaj→olivia 1",
    "tx: olivia→peggy 7",
    "tx: peggy→rupert 3",
    "tx: rupert→sybil 4",
    "tx: sybil→trent 6",
];

/// The `data-scheme` values, in the order the selector lists them.
pub const SCHEME_KEYS: [&str; 3] = ["rfc6962", "plain", "bitcoin"];

/// The option value for a scheme (`rfc6962`, `plain`, `bitcoin`).
pub fn scheme_key(s: Scheme) -> &'static str {
    match s {
        Scheme::Rfc6962 => "rfc6962",
        Scheme::Plain => "plain",
        Scheme::Bitcoin => "bitcoin",
    }
}

/// The scheme for an option value; unknown values give the default.
pub fn scheme_from_key(k: &str) -> Scheme {
    match k.trim().to_ascii_lowercase().as_str() {
        "plain" => Scheme::Plain,
        "bitcoin" => Scheme::Bitcoin,
        _ => Scheme::Rfc6962,
    }
}

/// Cuts `s` to [`MAX_BLOCK_CHARS`] characters (never inside a character).
pub fn clamp_block(s: &str) -> String {
    s.chars().take(MAX_BLOCK_CHARS).collect()
}

/// Settings read from the placeholder's `data-*` attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Hashing scheme (`data-scheme`).
    pub scheme: Scheme,
    /// Initial blocks (`data-text`, or `data-blocks` sample transactions).
    pub blocks: Vec<String>,
    /// Messages about bad options (the defaults were used).
    pub messages: Vec<String>,
}

impl Config {
    /// Reads `data-blocks` (1–16), `data-scheme` (rfc6962 | plain | bitcoin) and
    /// `data-text` (comma-separated blocks; wins over `data-blocks`).
    pub fn from_options(options: &WidgetOptions) -> Config {
        let mut r = options.reader();
        let count = r.int(
            "blocks",
            MIN_BLOCKS as i64,
            MAX_BLOCKS as i64,
            DEFAULT_BLOCKS as i64,
        ) as usize;
        let scheme = scheme_from_key(r.choice("scheme", &SCHEME_KEYS, "rfc6962"));
        let mut messages = r.into_messages();
        let mut blocks: Vec<String> = SAMPLE_BLOCKS
            .iter()
            .take(count.clamp(MIN_BLOCKS, MAX_BLOCKS))
            .map(|s| s.to_string())
            .collect();
        if let Some(text) = options.get("text") {
            let parts: Vec<String> = text
                .split(',')
                .map(|p| clamp_block(p.trim()))
                .filter(|p| !p.is_empty())
                .collect();
            if parts.is_empty() {
                messages.push("data-text has no blocks; using the sample blocks.".into());
            } else {
                if parts.len() > MAX_BLOCKS {
                    messages.push(format!(
                        "data-text has {} blocks; keeping the first {MAX_BLOCKS}.",
                        parts.len()
                    ));
                }
                blocks = parts.into_iter().take(MAX_BLOCKS).collect();
            }
        }
        Config {
            scheme,
            blocks,
            messages,
        }
    }
}

/// How much one step of the build reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    /// One hash per step.
    #[default]
    Node,
    /// A whole level per step.
    Level,
}

/// What the last edit did, for the "k of n hashes changed" readout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeNote {
    /// What happened, e.g. "Block 2 edited".
    pub what: String,
    /// Nodes whose hash differs from before (or that are new).
    pub changed: usize,
    /// Nodes in the tree now.
    pub total: usize,
}

/// Everything a reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Block `i` now holds this text.
    Edit(usize, String),
    /// Append a block.
    Add,
    /// Remove the last block.
    Remove,
    /// Hash with another scheme.
    SetScheme(Scheme),
    /// Build one more step (a node or a level).
    Step,
    /// A timer tick while playing: like `Step`, and stops at the end.
    Tick,
    /// Play or pause the build.
    TogglePlay,
    /// Back to an unbuilt tree (blocks only).
    ResetBuild,
    /// Build everything at once.
    BuildAll,
    /// Step by node or by level.
    SetGranularity(Granularity),
    /// Animation speed multiplier.
    SetSpeed(f64),
    /// Select a node for the details panel (or clear the selection).
    Select(Option<NodeId>),
}

/// The widget's whole state.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Hashing scheme.
    pub scheme: Scheme,
    /// The data blocks, one per leaf.
    pub blocks: Vec<String>,
    /// The tree over `blocks` (always complete; the build only decides what is shown).
    pub tree: MerkleTree,
    /// Nodes whose hash the last edit changed (empty when nothing to compare).
    pub changed: Vec<NodeId>,
    /// Summary of the last edit.
    pub note: Option<ChangeNote>,
    /// How many nodes of [`build_order`] are built (shown).
    pub revealed: usize,
    /// Step size.
    pub granularity: Granularity,
    /// Whether the build is playing.
    pub playing: bool,
    /// Speed multiplier for playing.
    pub speed: f64,
    /// The node shown in the details panel, if the reader picked one.
    pub selected: Option<NodeId>,
    /// What the live region says: set once per reader action (a playback tick only
    /// speaks when it completes the tree), so a screen reader hears each change once.
    pub announce: String,
}

/// The order in which a build computes hashes: leaves left to right, then each level up.
pub fn build_order(tree: &MerkleTree) -> Vec<NodeId> {
    tree.levels()
        .iter()
        .enumerate()
        .flat_map(|(l, level)| (0..level.len()).map(move |i| (l, i)))
        .collect()
}

/// Nodes of `new` whose hash differs from the node at the same place in `old`, or that
/// `old` does not have. Levels count from the leaves, so a tree that grew keeps its
/// lower nodes in place.
pub fn changed_nodes(old: &MerkleTree, new: &MerkleTree) -> Vec<NodeId> {
    build_order(new)
        .into_iter()
        .filter(|&(l, i)| old.node(l, i) != new.node(l, i))
        .collect()
}

/// Total nodes in a tree.
pub fn node_count(tree: &MerkleTree) -> usize {
    tree.levels().iter().map(Vec::len).sum()
}

impl Model {
    /// The configured blocks with nothing hashed yet: the reader watches the build from
    /// its first step (or builds it all at once).
    pub fn new(config: &Config) -> Model {
        let mut blocks: Vec<String> = config
            .blocks
            .iter()
            .take(MAX_BLOCKS)
            .map(|b| clamp_block(b))
            .collect();
        if blocks.is_empty() {
            blocks.push(SAMPLE_BLOCKS[0].to_string());
        }
        let tree = MerkleTree::build_reference(config.scheme, &blocks);
        Model {
            scheme: config.scheme,
            blocks,
            tree,
            changed: Vec::new(),
            note: None,
            revealed: 0,
            granularity: Granularity::Node,
            playing: false,
            speed: 1.0,
            selected: None,
            announce: String::new(),
        }
    }

    /// Nodes in the tree.
    pub fn total(&self) -> usize {
        node_count(&self.tree)
    }

    /// Whether every node is built.
    pub fn complete(&self) -> bool {
        self.revealed >= self.total()
    }

    /// Whether `node` has been built yet.
    pub fn is_built(&self, node: NodeId) -> bool {
        self.position(node).is_some_and(|p| p < self.revealed)
    }

    /// Position of `node` in [`build_order`].
    fn position(&self, (l, i): NodeId) -> Option<usize> {
        let levels = self.tree.levels();
        let level = levels.get(l)?;
        (i < level.len()).then(|| levels[..l].iter().map(Vec::len).sum::<usize>() + i)
    }

    /// The nodes built by the latest step (one node, or one level).
    pub fn last_built(&self) -> Vec<NodeId> {
        if self.revealed == 0 {
            return Vec::new();
        }
        let order = build_order(&self.tree);
        let Some(&(l, i)) = order.get(self.revealed - 1) else {
            return Vec::new();
        };
        match self.granularity {
            Granularity::Node => vec![(l, i)],
            Granularity::Level => (0..=i).map(|j| (l, j)).collect(),
        }
    }

    /// The node the details panel explains: the reader's pick, else the latest built.
    pub fn focus(&self) -> Option<NodeId> {
        self.selected
            .filter(|&n| self.tree.node(n.0, n.1).is_some())
            .or_else(|| self.last_built().last().copied())
    }

    /// The root hash, once the build has reached it.
    pub fn built_root(&self) -> Option<Digest> {
        self.complete().then(|| self.tree.root())
    }

    fn rebuild(&mut self, what: String) {
        let old = std::mem::replace(
            &mut self.tree,
            MerkleTree::build_reference(self.scheme, &self.blocks),
        );
        self.changed = changed_nodes(&old, &self.tree);
        self.note = Some(ChangeNote {
            what: what.clone(),
            changed: self.changed.len(),
            total: self.total(),
        });
        self.revealed = self.total();
        self.playing = false;
        self.selected = self.selected.filter(|n| self.tree.node(n.0, n.1).is_some());
        self.announce = format!(
            "{what}: {} of {} hashes changed. Root is now {}.",
            self.changed.len(),
            self.total(),
            short_hex(&self.tree.root(), 8)
        );
    }

    /// "Tree built", with the root, for the live region.
    fn built_message(&self) -> String {
        format!(
            "Tree built: {} nodes. Root hash {}.",
            self.total(),
            short_hex(&self.tree.root(), 8)
        )
    }

    /// The node the latest step built, for the live region.
    fn step_message(&self) -> String {
        if self.complete() {
            return self.built_message();
        }
        match self.last_built().last().and_then(|&n| self.explain(n)) {
            Some(e) => format!(
                "Built {}. {} of {} nodes.",
                e.name,
                self.revealed,
                self.total()
            ),
            None => String::new(),
        }
    }

    fn step(&mut self) {
        let total = self.total();
        if self.revealed >= total {
            return;
        }
        if self.revealed == 0 {
            // A new build starts: the last edit's highlight no longer applies.
            self.changed.clear();
            self.note = None;
        }
        self.revealed = match self.granularity {
            Granularity::Node => self.revealed + 1,
            Granularity::Level => {
                let order = build_order(&self.tree);
                let level = order.get(self.revealed).map_or(0, |n| n.0);
                order.iter().filter(|n| n.0 <= level).count()
            }
        };
        if self.revealed >= total {
            self.playing = false;
        }
    }

    /// Applies one action (never panics, whatever the input).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Edit(i, text) => {
                let Some(block) = self.blocks.get_mut(i) else {
                    return;
                };
                let text = clamp_block(&text);
                if *block == text {
                    return;
                }
                *block = text;
                self.rebuild(format!("Block {i} edited"));
            }
            Action::Add => {
                if self.blocks.len() >= MAX_BLOCKS {
                    return;
                }
                let i = self.blocks.len();
                self.blocks.push(SAMPLE_BLOCKS[i % MAX_BLOCKS].to_string());
                self.rebuild(format!("Block {i} added"));
            }
            Action::Remove => {
                if self.blocks.len() <= MIN_BLOCKS {
                    return;
                }
                let i = self.blocks.len() - 1;
                self.blocks.pop();
                self.rebuild(format!("Block {i} removed"));
            }
            Action::SetScheme(s) => {
                if s == self.scheme {
                    return;
                }
                self.scheme = s;
                self.rebuild(format!("Switched to {}", s.name()));
            }
            Action::Step => {
                self.playing = false;
                self.step();
                self.announce = self.step_message();
            }
            Action::Tick => {
                if self.playing {
                    self.step();
                    if self.complete() {
                        self.announce = self.built_message();
                    }
                }
            }
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                    self.announce =
                        format!("Paused: {} of {} nodes built.", self.revealed, self.total());
                } else {
                    if self.complete() {
                        self.revealed = 0;
                    }
                    self.playing = true;
                    self.announce = "Building the tree from the leaves up.".into();
                }
            }
            Action::ResetBuild => {
                self.playing = false;
                self.revealed = 0;
                self.selected = None;
                self.changed.clear();
                self.note = None;
                self.announce = "Build reset: nothing hashed yet.".into();
            }
            Action::BuildAll => {
                self.playing = false;
                self.revealed = self.total();
                self.announce = self.built_message();
            }
            Action::SetGranularity(g) => self.granularity = g,
            Action::SetSpeed(s) => {
                if s.is_finite() {
                    self.speed = s.clamp(0.25, 4.0);
                }
            }
            Action::Select(n) => {
                self.selected = n.filter(|&(l, i)| self.tree.node(l, i).is_some());
            }
        }
    }

    /// What goes into node `n`'s hash, for the details panel.
    pub fn explain(&self, (l, i): NodeId) -> Option<Explanation> {
        let hash = *self.tree.node(l, i)?;
        let kind = self.tree.node_kind(l, i)?;
        let short = |d: &Digest| short_hex(d, 8);
        let is_root = l + 1 == self.tree.height();
        let name = if is_root {
            "Root".to_string()
        } else if l == 0 {
            format!("Leaf {i}")
        } else {
            format!("Node {i} on level {l}")
        };
        let child = |j: usize| self.tree.node(l.wrapping_sub(1), j).copied();
        let (formula, inputs, note) = match kind {
            NodeKind::Leaf => {
                let block = self.blocks.get(i).cloned().unwrap_or_default();
                let f = leaf_formula_for(self.scheme, &block);
                let note = format!(
                    "Block {i} is {} bytes of UTF-8 text: 0x{}",
                    block.len(),
                    hex_preview(block.as_bytes(), 24)
                );
                (f, vec![(format!("Block {i}"), block)], note)
            }
            NodeKind::Pair => {
                let (a, b) = (child(2 * i)?, child(2 * i + 1)?);
                let f = self
                    .scheme
                    .node_formula()
                    .replace("left", &short(&a))
                    .replace("right", &short(&b));
                (
                    f,
                    vec![
                        (
                            format!("Left: node {} on level {}", 2 * i, l - 1),
                            to_hex(&a),
                        ),
                        (
                            format!("Right: node {} on level {}", 2 * i + 1, l - 1),
                            to_hex(&b),
                        ),
                    ],
                    "Each input is the child's 32-byte hash, not its hex text.".to_string(),
                )
            }
            NodeKind::Promoted => {
                let a = child(2 * i)?;
                (
                    format!("= node {} on level {} (promoted)", 2 * i, l - 1),
                    vec![(
                        format!("Only child: node {} on level {}", 2 * i, l - 1),
                        to_hex(&a),
                    )],
                    format!(
                        "Level {} has an odd number of nodes, so its last node has no partner. {} \
                         carries it up unchanged: no hash is computed here.",
                        l - 1,
                        self.scheme.name()
                    ),
                )
            }
            NodeKind::Duplicated => {
                let a = child(2 * i)?;
                let f = self
                    .scheme
                    .node_formula()
                    .replace("left", &short(&a))
                    .replace("right", &short(&a));
                (
                    f,
                    vec![(
                        format!("Node {} on level {}, used twice", 2 * i, l - 1),
                        to_hex(&a),
                    )],
                    format!(
                        "Level {} has an odd number of nodes; Bitcoin pairs the last one with a \
                         copy of itself.",
                        l - 1
                    ),
                )
            }
        };
        Some(Explanation {
            node: (l, i),
            name,
            kind,
            formula,
            inputs,
            hash,
            note,
        })
    }
}

/// The first `max` bytes of `bytes` as hex, with "…" when there are more.
fn hex_preview(bytes: &[u8], max: usize) -> String {
    let hex = to_hex(&bytes[..bytes.len().min(max)]);
    if bytes.len() > max {
        format!("{hex}…")
    } else {
        hex
    }
}

/// What went into one node's hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The node.
    pub node: NodeId,
    /// "Root", "Leaf 3", "Node 1 on level 2".
    pub name: String,
    /// Leaf, pair, promoted or duplicated.
    pub kind: NodeKind,
    /// The formula with this node's inputs filled in (hashes shortened).
    pub formula: String,
    /// Each input, named, in full (a block's text, or a child's hex).
    pub inputs: Vec<(String, String)>,
    /// The node's hash.
    pub hash: Digest,
    /// One sentence about this kind of node.
    pub note: String,
}

/// The scheme's leaf formula with the block written in, quoted: `SHA-256(0x00 ‖ "tx: a")`.
/// The one placeholder (`block`, or Bitcoin's `tx`) is replaced once, so a block that
/// itself says "tx" or "block" stays as typed.
pub fn leaf_formula_for(scheme: Scheme, block: &str) -> String {
    let formula = scheme.leaf_formula();
    let at = ["block", "tx"]
        .iter()
        .find_map(|p| Some((formula.find(p)?, p.len())));
    match at {
        Some((i, n)) => [&formula[..i], "\"", block, "\"", &formula[i + n..]].concat(),
        None => formula.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(n: usize, scheme: Scheme) -> Model {
        Model::new(&Config {
            scheme,
            blocks: SAMPLE_BLOCKS[..n].iter().map(|s| s.to_string()).collect(),
            messages: vec![],
        })
    }

    #[test]
    fn options_are_read_and_bad_ones_reported() {
        let c = Config::from_options(&WidgetOptions::from_pairs([("blocks", "5")]));
        assert_eq!(c.blocks.len(), 5);
        assert!(c.messages.is_empty());
        let c = Config::from_options(&WidgetOptions::from_pairs([
            ("blocks", "999"),
            ("scheme", "md5"),
        ]));
        assert_eq!(c.blocks.len(), DEFAULT_BLOCKS);
        assert_eq!(c.scheme, Scheme::Rfc6962);
        assert_eq!(c.messages.len(), 2);
        let c = Config::from_options(&WidgetOptions::from_pairs([
            ("text", "a, b ,,c"),
            ("scheme", "Bitcoin"),
        ]));
        assert_eq!(c.blocks, ["a", "b", "c"]);
        assert_eq!(c.scheme, Scheme::Bitcoin);
        let long = ["x"; 20].join(",");
        let c = Config::from_options(&WidgetOptions::from_pairs([("text", long.as_str())]));
        assert_eq!(c.blocks.len(), MAX_BLOCKS);
        assert_eq!(c.messages.len(), 1);
        let c = Config::from_options(&WidgetOptions::from_pairs([("text", " , ")]));
        assert_eq!(c.blocks.len(), DEFAULT_BLOCKS);
        assert_eq!(c.messages.len(), 1);
    }

    #[test]
    fn editing_one_block_changes_exactly_its_path() {
        for n in 1..=MAX_BLOCKS {
            for scheme in Scheme::ALL {
                for i in 0..n {
                    let mut m = model(n, scheme);
                    m.apply(Action::Edit(i, "changed!".into()));
                    let mut path = m.tree.path_to_root(i).unwrap();
                    path.sort();
                    let mut changed = m.changed.clone();
                    changed.sort();
                    assert_eq!(changed, path, "n={n} i={i} {scheme:?}");
                    assert_eq!(m.note.as_ref().unwrap().changed, m.tree.height());
                    let expect = MerkleTree::build(scheme, &m.blocks).root();
                    assert_eq!(m.tree.root(), expect);
                }
            }
        }
    }

    #[test]
    fn add_and_remove_stay_within_bounds() {
        let mut m = model(1, Scheme::Rfc6962);
        m.apply(Action::Remove);
        assert_eq!(m.blocks.len(), 1);
        for _ in 0..20 {
            m.apply(Action::Add);
        }
        assert_eq!(m.blocks.len(), MAX_BLOCKS);
        assert_eq!(m.tree.leaf_count(), MAX_BLOCKS);
        m.apply(Action::Remove);
        assert_eq!(m.tree.leaf_count(), MAX_BLOCKS - 1);
        // Out-of-range edits are ignored, not a panic.
        m.apply(Action::Edit(99, "x".into()));
        m.apply(Action::Select(Some((40, 40))));
        assert_eq!(m.selected, None);
    }

    #[test]
    fn stepping_builds_leaves_first_and_ends_at_the_root() {
        let mut m = model(5, Scheme::Rfc6962);
        m.apply(Action::ResetBuild);
        assert_eq!(m.revealed, 0);
        assert_eq!(m.built_root(), None);
        let mut seen = Vec::new();
        while !m.complete() {
            m.apply(Action::Step);
            seen.push(m.last_built()[0]);
        }
        assert_eq!(seen, build_order(&m.tree));
        assert_eq!(seen.len(), 5 + 3 + 2 + 1);
        assert_eq!(*seen.last().unwrap(), (3, 0));
        assert_eq!(m.built_root(), Some(m.tree.root()));

        m.apply(Action::SetGranularity(Granularity::Level));
        m.apply(Action::ResetBuild);
        m.apply(Action::Step);
        assert_eq!(m.revealed, 5);
        assert_eq!(m.last_built().len(), 5);
        m.apply(Action::Step);
        assert_eq!(m.revealed, 8);
    }

    #[test]
    fn play_runs_to_the_end_and_stops() {
        let mut m = model(4, Scheme::Plain);
        m.apply(Action::BuildAll);
        m.apply(Action::TogglePlay); // complete → restarts from zero
        assert!(m.playing);
        assert_eq!(m.revealed, 0);
        for _ in 0..100 {
            m.apply(Action::Tick);
        }
        assert!(m.complete());
        assert!(!m.playing);
    }

    #[test]
    fn it_opens_unbuilt_and_speaks_once_per_action() {
        let mut m = model(4, Scheme::Rfc6962);
        assert_eq!(
            m.revealed, 0,
            "the reader watches the build from its first step"
        );
        assert!(!m.complete() && m.built_root().is_none());
        m.apply(Action::TogglePlay);
        let started = m.announce.clone();
        assert!(started.contains("Building"), "{started}");
        let mut heard = vec![started];
        for _ in 0..100 {
            m.apply(Action::Tick);
            if heard.last() != Some(&m.announce) {
                heard.push(m.announce.clone());
            }
        }
        // Seven ticks built seven nodes; the reader heard the start and the end only.
        assert_eq!(heard.len(), 2, "{heard:?}");
        assert!(
            heard[1].contains("Tree built") && heard[1].contains(&short_hex(&m.tree.root(), 8))
        );
        m.apply(Action::ResetBuild);
        m.apply(Action::Step);
        assert!(m.announce.starts_with("Built Leaf 0"), "{}", m.announce);
        m.apply(Action::BuildAll);
        assert!(m.complete() && m.announce.contains("Tree built"));
        m.apply(Action::Edit(1, "x".into()));
        assert!(
            m.announce.starts_with("Block 1 edited: 3 of 7"),
            "{}",
            m.announce
        );
    }

    #[test]
    fn explanations_recompute_to_the_shown_hash() {
        for scheme in Scheme::ALL {
            let m = model(5, scheme);
            for (l, i) in build_order(&m.tree) {
                let e = m.explain((l, i)).unwrap();
                assert_eq!(&e.hash, m.tree.node(l, i).unwrap());
                let kind = m.tree.node_kind(l, i).unwrap();
                let again = match kind {
                    NodeKind::Leaf => scheme.hash_leaf(m.blocks[i].as_bytes()),
                    NodeKind::Pair => {
                        let a = distlab_core::hash::digest_from_hex(&e.inputs[0].1).unwrap();
                        let b = distlab_core::hash::digest_from_hex(&e.inputs[1].1).unwrap();
                        scheme.hash_node(&a, &b)
                    }
                    NodeKind::Promoted => {
                        distlab_core::hash::digest_from_hex(&e.inputs[0].1).unwrap()
                    }
                    NodeKind::Duplicated => {
                        let a = distlab_core::hash::digest_from_hex(&e.inputs[0].1).unwrap();
                        scheme.hash_node(&a, &a)
                    }
                };
                assert_eq!(again, e.hash, "{scheme:?} ({l},{i})");
            }
            // Odd counts: promoted for RFC 6962 and Plain, duplicated for Bitcoin.
            let kind = m.tree.node_kind(1, 2).unwrap();
            assert_eq!(
                kind,
                if scheme == Scheme::Bitcoin {
                    NodeKind::Duplicated
                } else {
                    NodeKind::Promoted
                }
            );
        }
    }

    #[test]
    fn long_and_multibyte_blocks_are_cut_safely() {
        let mut m = model(2, Scheme::Rfc6962);
        m.apply(Action::Edit(0, "→".repeat(200)));
        assert_eq!(m.blocks[0].chars().count(), MAX_BLOCK_CHARS);
        assert!(m.explain((0, 0)).unwrap().note.ends_with('…'));
    }

    #[test]
    fn a_leaf_formula_writes_the_block_in_once() {
        assert_eq!(
            leaf_formula_for(Scheme::Rfc6962, "tx: alice→bob 5"),
            "SHA-256(0x00 ‖ \"tx: alice→bob 5\")"
        );
        assert_eq!(
            leaf_formula_for(Scheme::Bitcoin, "a block of tx"),
            "SHA-256(SHA-256(\"a block of tx\"))"
        );
        assert_eq!(leaf_formula_for(Scheme::Plain, ""), "SHA-256(\"\")");
    }
}
