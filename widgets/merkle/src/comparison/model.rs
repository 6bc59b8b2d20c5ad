//! The comparison widget's state, with no Yew in it: two replicas of one data set, the
//! Merkle tree of each, the top-down walk that compares them, and what it cost.
//!
//! ```text
//!  replica A ──build──▶ tree A ─┐
//!                               ├─ diff() ─▶ visits (BFS) ─▶ the walk, one visit per step
//!  replica B ──build──▶ tree B ─┘             comparisons, differing leaves
//! ```
//!
//! The walk is not an animation of a story: it replays [`distlab_core::merkle::diff`]'s
//! own visit list, so what the reader watches is exactly what the algorithm did. A
//! dropped block on B becomes an empty slot (a tombstone): the slot keeps its place so
//! both trees have the same shape and node `i` of A is always compared with node `i`
//! of B.
//!
//! Randomness (the initial data, a "partition") comes from a seeded [`SplitMix64`], so
//! the same `data-seed` replays the same scenario natively and in the browser.

use distlab_core::merkle::{diff, DiffReport, DiffVisit, MerkleTree, Scheme};
use distlab_kit::options::WidgetOptions;
use distlab_kit::rng::SplitMix64;

/// Fewest blocks per replica.
pub const MIN_BLOCKS: usize = 8;
/// Most blocks per replica.
pub const MAX_BLOCKS: usize = 64;
/// Blocks per replica when the placeholder does not say.
pub const DEFAULT_BLOCKS: usize = 16;
/// Seed when the placeholder does not say.
pub const DEFAULT_SEED: u64 = 7;
/// Most blocks a simulated partition diverges.
pub const MAX_K: usize = 4;
/// Default number of blocks a partition diverges.
pub const DEFAULT_K: usize = 2;
/// Largest k in the cost table.
pub const CURVE_MAX_K: usize = 8;
/// Random divergences measured per k in the cost table.
pub const CURVE_TRIALS: usize = 8;
/// Longest block text kept.
pub const MAX_BLOCK_CHARS: usize = 48;
/// The scheme both replicas hash with.
pub const SCHEME: Scheme = Scheme::Rfc6962;

/// Replica A's data: `n` rows with seeded quantities.
pub fn initial_blocks(n: usize, seed: u64) -> Vec<String> {
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .map(|i| format!("row {i:02}: qty={}", 100 + rng.below(900)))
        .collect()
}

/// The write a partitioned replica missed: the same row with another quantity.
fn diverged(block: &str, rng: &mut SplitMix64) -> String {
    let head = block.split("qty=").next().unwrap_or(block);
    loop {
        let v = format!("{head}qty={}", 100 + rng.below(900));
        if v != block {
            return v;
        }
    }
}

/// Bit rot: one character of `block` replaced by another.
pub fn corrupt(block: &str) -> String {
    let mut chars: Vec<char> = block.chars().collect();
    match chars.last_mut() {
        Some(c) => {
            *c = match c.to_digit(10) {
                Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
                None if *c == 'x' => 'y',
                None => 'x',
            };
        }
        None => chars.push('x'),
    }
    chars.into_iter().collect()
}

/// Cuts `s` to [`MAX_BLOCK_CHARS`] characters.
pub fn clamp_block(s: &str) -> String {
    s.chars().take(MAX_BLOCK_CHARS).collect()
}

/// The bytes a slot hashes: its text, or nothing for a dropped block (tombstone).
pub fn slot_bytes(slot: &Option<String>) -> &[u8] {
    slot.as_deref().map_or(&[], str::as_bytes)
}

/// The tree over replica B's slots (dropped slots hash as empty blocks).
pub fn tree_of_slots(slots: &[Option<String>]) -> MerkleTree {
    let bytes: Vec<&[u8]> = slots.iter().map(slot_bytes).collect();
    MerkleTree::build_reference(SCHEME, &bytes)
}

/// ⌈log₂ n⌉ (0 for n ≤ 1).
pub const fn ceil_log2(n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (usize::BITS - (n - 1).leading_zeros()) as usize
    }
}

/// The textbook bound on comparisons for `k` differing leaves among `n`:
/// `1 + 2·k·⌈log₂ n⌉` (the root, then two children per differing node on each level).
pub fn bound(n: usize, k: usize) -> usize {
    if k == 0 {
        1
    } else {
        1 + 2 * k * ceil_log2(n)
    }
}

/// Settings read from the placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Blocks per replica (`data-blocks`, 8–64).
    pub blocks: usize,
    /// Seed for the data and every partition (`data-seed`).
    pub seed: u64,
    /// Blocks a partition diverges (`data-k`, 1–4).
    pub k: usize,
    /// Messages about bad options.
    pub messages: Vec<String>,
}

impl Config {
    /// Reads `data-blocks`, `data-seed` and `data-k`; bad values fall back with a message.
    pub fn from_options(options: &WidgetOptions) -> Config {
        let mut r = options.reader();
        let blocks = r.int(
            "blocks",
            MIN_BLOCKS as i64,
            MAX_BLOCKS as i64,
            DEFAULT_BLOCKS as i64,
        ) as usize;
        let seed = r.u64("seed", DEFAULT_SEED);
        let k = r.int("k", 1, MAX_K as i64, DEFAULT_K as i64) as usize;
        Config {
            blocks,
            seed,
            k,
            messages: r.into_messages(),
        }
    }
}

/// One point of the cost table: comparisons measured for `k` random differing blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostPoint {
    /// Differing blocks.
    pub k: usize,
    /// Fewest comparisons seen.
    pub min: usize,
    /// Most comparisons seen.
    pub max: usize,
    /// Mean, rounded.
    pub mean: usize,
    /// The bound `1 + 2·k·⌈log₂ n⌉`.
    pub bound: usize,
}

/// Comparisons of real diffs for k = 0..=[`CURVE_MAX_K`] random divergences of `a`
/// ([`CURVE_TRIALS`] seeded trials each).
pub fn cost_curve(a: &[String], seed: u64) -> Vec<CostPoint> {
    let n = a.len();
    let tree_a = MerkleTree::build_reference(SCHEME, a);
    let mut rng = SplitMix64::new(seed ^ 0x5EED_C0DE_CAFE_F00D);
    (0..=CURVE_MAX_K.min(n))
        .map(|k| {
            let runs: Vec<usize> = (0..CURVE_TRIALS)
                .map(|_| {
                    let mut b = a.to_vec();
                    for i in rng.choose(n, k) {
                        b[i] = diverged(&b[i], &mut rng);
                    }
                    let tree_b = MerkleTree::build_reference(SCHEME, &b);
                    diff(&tree_a, &tree_b).map_or(n, |r| r.comparisons)
                })
                .collect();
            CostPoint {
                k,
                min: runs.iter().copied().min().unwrap_or(0),
                max: runs.iter().copied().max().unwrap_or(0),
                mean: (runs.iter().sum::<usize>() as f64 / runs.len().max(1) as f64).round()
                    as usize,
                bound: bound(n, k),
            }
        })
        .collect()
}

/// Everything a reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Replace B's block `i` with this text.
    Edit(usize, String),
    /// Flip one character of B's block `i`.
    Corrupt(usize),
    /// Drop B's block `i` (it becomes an empty slot).
    Drop(usize),
    /// Copy A's block `i` back to B.
    Restore(usize),
    /// Make B an exact copy of A.
    ResetB,
    /// B misses `k` writes: reset B, then diverge `k` seeded-random blocks.
    Partition,
    /// How many blocks a partition diverges (1–4).
    SetK(usize),
    /// Blocks per replica (clamped to 8–64): new, identical replicas of that size.
    SetBlocks(usize),
    /// Start the walk: compare the roots, then wait for Play or Step.
    Compare,
    /// Show the next visit.
    Step,
    /// Timer tick while playing.
    Tick,
    /// Play or pause the walk.
    TogglePlay,
    /// Back to before the first comparison.
    ResetWalk,
    /// Animation speed multiplier.
    SetSpeed(f64),
    /// Pick one of B's slots to edit (or none).
    Select(Option<usize>),
    /// Copy every differing block found from A to B.
    Repair,
}

/// What one slot's cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Not looked at (yet).
    Unvisited,
    /// Below an equal node: never looked at, and never needs to be.
    Pruned,
    /// Compared and equal: the whole subtree is skipped.
    Equal,
    /// Compared and different: the walk descends.
    Differ,
    /// Known to differ without a comparison (the only child of a promoted node).
    Carried,
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Replica A's blocks (never changed by the reader).
    pub a: Vec<String>,
    /// Replica B's slots; `None` is a dropped block.
    pub b: Vec<Option<String>>,
    /// Tree over A.
    pub tree_a: MerkleTree,
    /// Tree over B.
    pub tree_b: MerkleTree,
    /// The full top-down diff of the two trees.
    pub report: DiffReport,
    /// Visits of `report.visits` shown so far.
    pub shown: usize,
    /// Whether the walk is playing.
    pub playing: bool,
    /// Speed multiplier.
    pub speed: f64,
    /// Blocks a partition diverges.
    pub k: usize,
    /// PRNG for partitions (advances on each one).
    pub rng: SplitMix64,
    /// The slot being edited.
    pub selected: Option<usize>,
    /// Cost table for this data set.
    pub curve: Vec<CostPoint>,
    /// What the last change to B did, for the status line.
    pub last_change: String,
    /// Blocks repaired by the last Repair (cleared by any other change to B).
    pub repaired: Vec<usize>,
    /// Seed of the data set (`data-seed`), kept for a change of block count.
    pub seed: u64,
    /// What the live region says: set once per reader action (a playback tick only
    /// speaks when it ends the walk), so a screen reader hears each change once.
    pub announce: String,
}

impl Model {
    /// Two identical replicas of `config.blocks` seeded rows.
    pub fn new(config: &Config) -> Model {
        let n = config.blocks.clamp(MIN_BLOCKS, MAX_BLOCKS);
        let a = initial_blocks(n, config.seed);
        let b: Vec<Option<String>> = a.iter().cloned().map(Some).collect();
        let tree_a = MerkleTree::build_reference(SCHEME, &a);
        let tree_b = tree_of_slots(&b);
        let report = empty_report(n);
        let curve = cost_curve(&a, config.seed);
        let mut m = Model {
            a,
            b,
            tree_a,
            tree_b,
            report,
            shown: 0,
            playing: false,
            speed: 1.0,
            k: config.k.clamp(1, MAX_K),
            rng: SplitMix64::new(config.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0xA5A5),
            selected: None,
            curve,
            last_change: "B is an exact copy of A.".into(),
            repaired: Vec::new(),
            seed: config.seed,
            announce: String::new(),
        };
        m.rehash();
        m
    }

    /// Blocks per replica.
    pub fn n(&self) -> usize {
        self.a.len()
    }

    fn rehash(&mut self) {
        self.tree_b = tree_of_slots(&self.b);
        self.report = diff(&self.tree_a, &self.tree_b).unwrap_or_else(|_| empty_report(self.n()));
        self.shown = 0;
        self.playing = false;
    }

    /// Slots where B's block is not A's: the truth the walk must find.
    pub fn truly_differing(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.b[i].as_deref() != Some(self.a[i].as_str()))
            .collect()
    }

    /// The visits shown so far.
    pub fn visits(&self) -> &[DiffVisit] {
        &self.report.visits[..self.shown.min(self.report.visits.len())]
    }

    /// The visit shown last.
    pub fn current(&self) -> Option<DiffVisit> {
        self.visits().last().copied()
    }

    /// Whether the walk has shown every visit.
    pub fn walk_done(&self) -> bool {
        self.shown >= self.report.visits.len()
    }

    /// Hash comparisons made so far.
    pub fn comparisons_so_far(&self) -> usize {
        self.visits().iter().filter(|v| v.compared).count()
    }

    /// Differing leaves found so far, ascending.
    pub fn found_so_far(&self) -> Vec<usize> {
        let mut f: Vec<usize> = self
            .visits()
            .iter()
            .filter(|v| v.level == 0 && !v.equal)
            .map(|v| v.index)
            .collect();
        distlab_core::sort::insertion_sort_by(&mut f, |a, b| a.cmp(b));
        f
    }

    /// What the walk knows about node `(level, index)` so far.
    pub fn node_state(&self, level: usize, index: usize) -> NodeState {
        if let Some(v) = self
            .visits()
            .iter()
            .find(|v| v.level == level && v.index == index)
        {
            return if !v.compared {
                NodeState::Carried
            } else if v.equal {
                NodeState::Equal
            } else {
                NodeState::Differ
            };
        }
        // Pruned when an ancestor was found equal.
        let height = self.tree_a.height();
        let pruned = (level + 1..height).any(|l| {
            let i = index >> (l - level);
            self.visits()
                .iter()
                .any(|v| v.level == l && v.index == i && v.equal)
        });
        if pruned {
            NodeState::Pruned
        } else {
            NodeState::Unvisited
        }
    }

    fn changed_b(&mut self, what: String) {
        self.repaired.clear();
        self.announce = what.clone();
        self.last_change = what;
        self.rehash();
    }

    /// The walk's outcome in one sentence, for the live region.
    pub fn result(&self) -> String {
        let (k, c) = (self.report.differing.len(), self.report.comparisons);
        if k == 0 {
            return format!("Roots equal: the replicas match, found with {c} comparison.");
        }
        format!(
            "Found {k} differing block{} with {c} comparisons; brute force needs {}.",
            if k == 1 { "" } else { "s" },
            self.n()
        )
    }

    /// Applies one action; out-of-range indexes are ignored (never a panic).
    pub fn apply(&mut self, action: Action) {
        let n = self.n();
        match action {
            Action::Edit(i, text) if i < n => {
                let text = clamp_block(&text);
                if self.b[i].as_deref() == Some(text.as_str()) {
                    return;
                }
                self.b[i] = Some(text);
                self.changed_b(format!("You edited block {i} on B."));
            }
            Action::Corrupt(i) if i < n => {
                let base = self.b[i].clone().unwrap_or_else(|| self.a[i].clone());
                self.b[i] = Some(corrupt(&base));
                self.changed_b(format!("One character of block {i} on B flipped."));
            }
            Action::Drop(i) if i < n => {
                if self.b[i].is_none() {
                    return;
                }
                self.b[i] = None;
                self.changed_b(format!(
                    "Block {i} was dropped on B: its slot is now empty."
                ));
            }
            Action::Restore(i) if i < n => {
                if self.b[i].as_deref() == Some(self.a[i].as_str()) {
                    return;
                }
                self.b[i] = Some(self.a[i].clone());
                self.changed_b(format!("Block {i} on B copied back from A."));
            }
            Action::ResetB => {
                self.b = self.a.iter().cloned().map(Some).collect();
                self.selected = None;
                self.changed_b("B is an exact copy of A again.".into());
            }
            Action::Partition => {
                self.b = self.a.iter().cloned().map(Some).collect();
                let picked = self.rng.choose(n, self.k);
                for &i in &picked {
                    // Mostly missed updates; now and then a missed insert (empty slot).
                    self.b[i] = if self.rng.below(4) == 0 {
                        None
                    } else {
                        Some(diverged(&self.a[i], &mut self.rng))
                    };
                }
                self.selected = None;
                let k = picked.len();
                self.changed_b(format!(
                    "Partition: B missed {k} write{} while cut off. Which blocks? Compare to find out.",
                    if k == 1 { "" } else { "s" }
                ));
            }
            Action::SetK(k) => self.k = k.clamp(1, MAX_K),
            Action::SetBlocks(blocks) => {
                let blocks = blocks.clamp(MIN_BLOCKS, MAX_BLOCKS);
                if blocks == n {
                    return;
                }
                let config = Config {
                    blocks,
                    seed: self.seed,
                    k: self.k,
                    messages: Vec::new(),
                };
                let speed = self.speed;
                *self = Model::new(&config);
                self.speed = speed;
                self.announce = format!("{blocks} blocks per replica; B is an exact copy of A.");
            }
            Action::Compare => {
                // The first comparison (the roots) is shown; the reader goes on with
                // Play or Step, so nothing moves before they ask.
                self.shown = 0;
                self.playing = false;
                self.step();
                self.announce = if self.walk_done() {
                    self.result()
                } else {
                    "Walk started: the roots differ. Press Play or Step to go down the tree.".into()
                };
            }
            Action::Step => {
                self.playing = false;
                self.step();
                self.announce = if self.walk_done() {
                    self.result()
                } else {
                    self.describe_current()
                };
            }
            Action::Tick => {
                if self.playing {
                    self.step();
                    if self.walk_done() {
                        self.announce = self.result();
                    }
                }
            }
            Action::TogglePlay => {
                if self.playing {
                    self.playing = false;
                    self.announce =
                        format!("Paused after {} comparisons.", self.comparisons_so_far());
                } else {
                    if self.walk_done() {
                        self.shown = 0;
                    }
                    self.playing = true;
                    self.announce = "Playing the walk.".into();
                }
            }
            Action::ResetWalk => {
                self.shown = 0;
                self.playing = false;
                self.announce = "Walk reset: nothing compared yet.".into();
            }
            Action::SetSpeed(s) => {
                if s.is_finite() {
                    self.speed = s.clamp(0.25, 4.0);
                }
            }
            Action::Select(s) => self.selected = s.filter(|&i| i < n),
            Action::Repair => {
                if !self.walk_done() {
                    return;
                }
                let fixed = self.report.differing.clone();
                if fixed.is_empty() {
                    return;
                }
                for &i in &fixed {
                    if let (Some(slot), Some(a)) = (self.b.get_mut(i), self.a.get(i)) {
                        *slot = Some(a.clone());
                    }
                }
                self.changed_b(format!(
                    "Repaired: {} block{} copied from A to B.",
                    fixed.len(),
                    if fixed.len() == 1 { "" } else { "s" }
                ));
                self.repaired = fixed;
            }
            // Out-of-range slot indexes.
            Action::Edit(..) | Action::Corrupt(_) | Action::Drop(_) | Action::Restore(_) => {}
        }
    }

    fn step(&mut self) {
        if self.shown < self.report.visits.len() {
            self.shown += 1;
        }
        if self.walk_done() {
            self.playing = false;
        }
    }

    /// One sentence about the visit shown last.
    pub fn describe_current(&self) -> String {
        let Some(v) = self.current() else {
            return if self.tree_a.root() == self.tree_b.root() {
                "Press Compare: the walk starts at the roots.".into()
            } else {
                "The roots differ. Press Compare to find where.".into()
            };
        };
        if self.walk_done() && self.shown > 1 {
            let found = &self.report.differing;
            let list = found
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            return format!(
                "Done: {} differing block{} ({list}) found with {} hash comparisons, where \
                 checking every block takes {}. Repair B copies just those from A.",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                self.report.comparisons,
                self.n()
            );
        }
        let height = self.tree_a.height();
        let name = if v.level + 1 == height {
            "The roots".to_string()
        } else if v.level == 0 {
            format!("Block {}", v.index)
        } else {
            let span = leaf_span(self.n(), v.level, v.index);
            format!("The node over blocks {}–{}", span.0, span.1)
        };
        if !v.compared {
            return format!(
                "{name}: its parent had no partner and carried this very hash up, so it is known \
                 to differ — no comparison needed."
            );
        }
        if v.equal {
            if v.level == 0 {
                format!("{name}: hashes equal ✓.")
            } else {
                let (lo, hi) = leaf_span(self.n(), v.level, v.index);
                format!(
                    "{name}: hashes equal ✓ — all {} blocks below are identical; skipped.",
                    hi - lo + 1
                )
            }
        } else if v.level == 0 {
            format!(
                "{name}: hashes differ ✗ — block {} must be repaired.",
                v.index
            )
        } else {
            format!("{name}: hashes differ — descend into its children.")
        }
    }
}

/// The leaves `(first, last)` under node `(level, index)` of a tree over `n` leaves.
pub fn leaf_span(n: usize, level: usize, index: usize) -> (usize, usize) {
    let shift = level.min(usize::BITS as usize - 1);
    let first = (index << shift).min(n.saturating_sub(1));
    let last = ((index + 1) << shift)
        .saturating_sub(1)
        .min(n.saturating_sub(1));
    (first, last)
}

fn empty_report(n: usize) -> DiffReport {
    DiffReport {
        differing: Vec::new(),
        comparisons: 0,
        visits: Vec::new(),
        brute_force: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(n: usize, seed: u64) -> Model {
        Model::new(&Config {
            blocks: n,
            seed,
            k: 2,
            messages: vec![],
        })
    }

    fn run_walk(m: &mut Model) {
        m.apply(Action::Compare);
        if !m.walk_done() {
            m.apply(Action::TogglePlay);
        }
        for _ in 0..10_000 {
            m.apply(Action::Tick);
        }
    }

    #[test]
    fn options_fall_back_with_messages() {
        let c = Config::from_options(&WidgetOptions::from_pairs([
            ("blocks", "32"),
            ("seed", "42"),
            ("k", "3"),
        ]));
        assert_eq!((c.blocks, c.seed, c.k), (32, 42, 3));
        assert!(c.messages.is_empty());
        let c = Config::from_options(&WidgetOptions::from_pairs([
            ("blocks", "4"),
            ("seed", "-1"),
            ("k", "9"),
        ]));
        assert_eq!(
            (c.blocks, c.seed, c.k),
            (DEFAULT_BLOCKS, DEFAULT_SEED, DEFAULT_K)
        );
        assert_eq!(c.messages.len(), 3);
    }

    #[test]
    fn same_seed_same_scenario() {
        let mut a = model(16, 9);
        let mut b = model(16, 9);
        assert_eq!(a.a, b.a);
        a.apply(Action::Partition);
        b.apply(Action::Partition);
        assert_eq!(a.b, b.b);
        assert_ne!(model(16, 10).a, a.a);
    }

    #[test]
    fn partitions_diverge_exactly_k_and_the_walk_finds_them() {
        for n in [8, 9, 16, 23, 33, 64] {
            let mut m = model(n, n as u64);
            for k in 1..=MAX_K {
                m.apply(Action::SetK(k));
                for _ in 0..5 {
                    m.apply(Action::Partition);
                    assert_eq!(m.truly_differing().len(), k, "n={n} k={k}");
                    run_walk(&mut m);
                    assert!(m.walk_done());
                    assert_eq!(m.found_so_far(), m.truly_differing());
                    assert_eq!(m.comparisons_so_far(), m.report.comparisons);
                    assert!(m.report.comparisons <= bound(n, k), "n={n} k={k}");
                    m.apply(Action::Repair);
                    assert_eq!(m.tree_a.root(), m.tree_b.root());
                    assert!(m.truly_differing().is_empty());
                }
            }
        }
    }

    #[test]
    fn one_changed_block_of_sixteen_beats_brute_force() {
        let mut m = model(16, 1);
        m.apply(Action::Corrupt(5));
        run_walk(&mut m);
        assert_eq!(m.found_so_far(), vec![5]);
        assert_eq!(m.comparisons_so_far(), 1 + 2 * 4);
        assert!(m.comparisons_so_far() < m.report.brute_force);
    }

    #[test]
    fn dropped_blocks_keep_the_shape_and_are_found() {
        let mut m = model(12, 3);
        m.apply(Action::Drop(11));
        m.apply(Action::Drop(0));
        assert_eq!(m.tree_b.leaf_count(), 12);
        run_walk(&mut m);
        assert_eq!(m.found_so_far(), vec![0, 11]);
        // n = 12: the last node of a level can be promoted, so some visits need no comparison.
        assert!(m.report.visits.iter().any(|v| !v.compared));
        m.apply(Action::Repair);
        assert_eq!(m.b[0].as_deref(), Some(m.a[0].as_str()));
        assert_eq!(m.tree_a.root(), m.tree_b.root());
    }

    #[test]
    fn node_states_follow_the_walk() {
        let mut m = model(16, 2);
        m.apply(Action::Edit(3, "changed".into()));
        assert_eq!(m.node_state(4, 0), NodeState::Unvisited);
        m.apply(Action::Step);
        assert_eq!(m.node_state(4, 0), NodeState::Differ);
        m.apply(Action::Step); // (3,0) differs
        m.apply(Action::Step); // (3,1) equal
        assert_eq!(m.node_state(3, 1), NodeState::Equal);
        assert_eq!(m.node_state(0, 15), NodeState::Pruned);
        assert!(m.describe_current().contains("skipped"));
        run_walk(&mut m);
        assert_eq!(m.node_state(0, 3), NodeState::Differ);
        assert_eq!(m.node_state(0, 2), NodeState::Equal);
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        let mut m = model(8, 0);
        for a in [
            Action::Edit(99, "x".into()),
            Action::Corrupt(8),
            Action::Drop(100),
            Action::Restore(usize::MAX),
            Action::Select(Some(8)),
            Action::Repair,
            Action::SetK(0),
            Action::SetSpeed(f64::NAN),
            Action::Step,
            Action::Edit(0, "é".repeat(500)),
        ] {
            m.apply(a);
        }
        assert_eq!(
            m.b[0].as_ref().map(|s| s.chars().count()),
            Some(MAX_BLOCK_CHARS)
        );
        assert_eq!(m.k, 1);
        assert_eq!(corrupt(""), "x");
        assert_ne!(corrupt("ab9"), "ab9");
        assert_eq!(leaf_span(5, 2, 1), (4, 4));
        assert_eq!(leaf_span(0, 0, 0), (0, 0));
    }

    #[test]
    fn compare_waits_for_the_reader_and_speaks_once_per_action() {
        let mut m = model(16, 4);
        m.apply(Action::Corrupt(9));
        m.apply(Action::Compare);
        assert!(!m.playing, "Compare does not start playing by itself");
        assert_eq!(m.shown, 1, "only the roots are compared");
        assert!(m.announce.contains("Walk started"), "{}", m.announce);
        for _ in 0..5 {
            m.apply(Action::Tick);
        }
        assert_eq!(m.shown, 1, "ticks do nothing until Play");
        m.apply(Action::Step);
        assert_eq!(
            m.announce,
            m.describe_current(),
            "a hand step says what it showed"
        );
        m.apply(Action::TogglePlay);
        let mut heard = vec![m.announce.clone()];
        while m.playing {
            m.apply(Action::Tick);
            if heard.last() != Some(&m.announce) {
                heard.push(m.announce.clone());
            }
        }
        assert_eq!(heard, ["Playing the walk.".to_string(), m.result()]);
        assert!(m
            .result()
            .contains("Found 1 differing block with 9 comparisons"));
        // Equal replicas: Compare is the whole walk, and says so.
        let mut same = model(8, 1);
        same.apply(Action::Compare);
        assert!(same.walk_done() && same.announce.contains("Roots equal"));
    }

    #[test]
    fn the_block_count_can_change_on_the_page() {
        let mut m = model(16, 5);
        m.apply(Action::SetSpeed(2.0));
        m.apply(Action::Corrupt(3));
        m.apply(Action::SetBlocks(64));
        assert_eq!((m.n(), m.b.len(), m.tree_b.leaf_count()), (64, 64, 64));
        assert!(m.truly_differing().is_empty(), "fresh, identical replicas");
        assert_eq!(m.a, initial_blocks(64, 5), "same seed");
        assert_eq!(m.speed, 2.0);
        m.apply(Action::Corrupt(63));
        run_walk(&mut m);
        assert_eq!(m.found_so_far(), vec![63]);
        assert_eq!(m.report.comparisons, 1 + 2 * 6);
        for (ask, got) in [(3, MIN_BLOCKS), (1000, MAX_BLOCKS), (33, 33)] {
            m.apply(Action::SetBlocks(ask));
            assert_eq!(m.n(), got);
        }
    }

    #[test]
    fn the_cost_table_tracks_k_log_n() {
        let m = model(64, 7);
        assert_eq!(m.curve.len(), CURVE_MAX_K + 1);
        assert_eq!(m.curve[0].mean, 1);
        for p in &m.curve {
            assert!(p.min <= p.mean && p.mean <= p.max);
            assert!(p.max <= p.bound, "{p:?}");
        }
        assert_eq!(m.curve[1].min, 1 + 2 * 6);
        assert!(m.curve[8].mean > m.curve[1].mean);
        assert_eq!(ceil_log2(64), 6);
        assert_eq!(ceil_log2(65), 7);
        assert_eq!(ceil_log2(1), 0);
    }
}
