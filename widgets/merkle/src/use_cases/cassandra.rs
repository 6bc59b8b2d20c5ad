//! The Cassandra tab: anti-entropy repair of two replicas, one step at a time.
//!
//! What it shows: two replicas of one token range, each hashing its rows into a Merkle
//! tree over fixed sub-ranges; repair exchanges the trees' hashes from the root down,
//! descending only where A's and B's hashes differ, then streams the rows of the leaf
//! ranges that differ and merges them (latest timestamp wins). The reader makes B
//! diverge (a write or a delete B alone saw, a partition, a preset), picks the row count
//! and tree depth, steps or plays the repair, and inspects the rows of any sub-range.
//!
//! The state ([`RepairState`]) is plain data changed by [`RepairState::apply`] over
//! [`super::repair`]; [`Cassandra`] is the tab as a [`TextApp`]: it writes the whole tab
//! as HTML text (the comparison as one tree, each node coloured by what comparing A's and
//! B's hashes found; the bytes each phase costs; the rows of the inspected sub-range) and
//! turns the reader's clicks, keys and edits into actions.
//! Playing steps the repair every 1.1 s at speed 1 ([`TextApp::tick_ms`]); the shell runs
//! only the shown tab's clock. What the last step did is the tab's [`TextApp::announce`].
//!
//! Invariants: the view is a function of the state (nothing lives only in the DOM but a
//! hash shown whole, which a redraw shortens again); the selected range is always a leaf
//! of the current depth; exactly one leaf is in the tab order (roving tabindex).

use super::human_bytes;
use super::repair::{
    self, build_tree, naive_bytes, phase, range_bounds, range_count, rows_in_range, total_steps,
    Cluster, Phase, RepairPlan, Row, HASH_BYTES,
};
use crate::out::{num, Out};
use distlab_core::hash::{short_hex, to_hex, Digest};
use distlab_core::merkle::DiffVisit;
use distlab_kit::textapp::{self, TextApp};
use std::cell::Cell;
use web_sys::{Element, Event, KeyboardEvent};

/// What one tree depth would cost for the current divergence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepthCost {
    /// Tree depth.
    pub depth: u32,
    /// Hash comparisons the walk makes.
    pub comparisons: usize,
    /// Rows streamed (both directions).
    pub rows: usize,
    /// Bytes of hashes.
    pub hash_bytes: usize,
    /// Bytes of rows.
    pub row_bytes: usize,
}

/// The repair being shown: the replicas, the plan at the chosen depth and how far the
/// walk has got. Plain data with [`RepairState::apply`]; the view only reads it.
#[derive(Debug)]
pub struct RepairState {
    seed: u64,
    missed: usize,
    /// Rows each replica started with.
    pub rows: usize,
    /// The replicas before repair (divergence is applied here).
    pub cluster: Cluster,
    /// The replicas after the merge step, once reached.
    pub merged: Option<Cluster>,
    /// Tree depth (2–6).
    pub depth: u32,
    /// The repair of `cluster` at `depth`, worked out up front.
    pub plan: RepairPlan,
    /// Costs of the same repair at every depth.
    pub costs: Vec<DepthCost>,
    /// Roots of the replicas as they are now (after the merge, if reached).
    pub roots: (Digest, Digest),
    /// Steps taken.
    pub step: usize,
    /// Whether the timer is stepping.
    pub playing: bool,
    /// The sub-range shown in the inspector.
    pub selected: usize,
    /// The last thing that happened, for the screen-reader live region.
    pub announce: String,
}

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum RepairAction {
    /// One repair step.
    Step,
    /// Play or pause.
    TogglePlay,
    /// Back to before the repair.
    Reset,
    /// Use a tree of this depth.
    Depth(u32),
    /// Regenerate replicas with this many rows.
    Rows(usize),
    /// A write that reaches only B.
    WriteB(String, String),
    /// A delete that reaches only B.
    DeleteB(String),
    /// A partition during which B misses this many writes.
    Partition(usize),
    /// Two identical replicas again.
    Restore,
    /// A preset where the tree wins: identical replicas, then B misses one write, with
    /// the deepest tree (many small ranges, one of which differs).
    FewDifferences,
    /// Inspect this sub-range.
    Select(usize),
}

impl RepairState {
    /// The start state: identical replicas from `seed`, then `missed` writes B misses.
    pub fn new(seed: u64, rows: usize, depth: Option<u32>, missed: usize) -> Self {
        let mut cluster = Cluster::new(seed, rows);
        cluster.partition(missed);
        let depth = depth.map_or_else(|| repair::default_depth(rows), repair::clamp_depth);
        let plan = RepairPlan::new(&cluster.a, &cluster.b, depth);
        let mut s = RepairState {
            seed,
            missed,
            rows: rows.clamp(repair::MIN_ROWS, repair::MAX_ROWS),
            cluster,
            merged: None,
            depth,
            plan,
            costs: Vec::new(),
            roots: ([0; 32], [0; 32]),
            step: 0,
            playing: false,
            selected: 0,
            announce: String::new(),
        };
        s.replan();
        s
    }

    /// Recomputes the plan, costs and roots after the replicas or depth changed, and
    /// rewinds the repair.
    fn replan(&mut self) {
        self.merged = None;
        self.step = 0;
        self.playing = false;
        self.plan = RepairPlan::new(&self.cluster.a, &self.cluster.b, self.depth);
        self.costs = (repair::MIN_DEPTH..=repair::MAX_DEPTH)
            .map(|d| {
                let p = RepairPlan::new(&self.cluster.a, &self.cluster.b, d);
                DepthCost {
                    depth: d,
                    comparisons: p.report.comparisons,
                    rows: p.streamed_rows(),
                    hash_bytes: p.hash_bytes(),
                    row_bytes: p.row_bytes(),
                }
            })
            .collect();
        self.roots = (self.plan.tree_a.root(), self.plan.tree_b.root());
        self.selected = self
            .plan
            .ranges()
            .first()
            .copied()
            .unwrap_or(self.selected)
            .min(range_count(self.depth) - 1);
    }

    /// Level groups of the comparison (one step each).
    pub fn levels(&self) -> usize {
        self.plan.level_groups().len()
    }

    /// Where the repair stands.
    pub fn phase(&self) -> Phase {
        phase(self.step, self.levels(), !self.plan.ranges().is_empty())
    }

    /// Whether every step has been taken.
    pub fn finished(&self) -> bool {
        self.step >= total_steps(self.levels(), !self.plan.ranges().is_empty())
    }

    /// The replicas as they are now.
    pub fn current(&self) -> &Cluster {
        self.merged.as_ref().unwrap_or(&self.cluster)
    }

    /// Comparisons made so far.
    pub fn comparisons_so_far(&self) -> usize {
        let shown = match self.phase() {
            Phase::Idle => 0,
            Phase::Compare(n) => n,
            Phase::Stream | Phase::Merged => usize::MAX,
        };
        self.plan
            .level_groups()
            .iter()
            .take(shown)
            .flatten()
            .filter(|v| v.compared)
            .count()
    }

    /// Differing ranges found so far (the leaves compared and found different).
    pub fn ranges_so_far(&self) -> Vec<usize> {
        let leaves_compared = matches!(self.phase(), Phase::Stream | Phase::Merged)
            || matches!(self.phase(), Phase::Compare(n) if n == self.levels());
        if leaves_compared {
            self.plan.ranges().to_vec()
        } else {
            Vec::new()
        }
    }

    /// Bytes of rows streamed so far.
    pub fn row_bytes_so_far(&self) -> usize {
        match self.phase() {
            Phase::Stream | Phase::Merged => self.plan.row_bytes(),
            _ => 0,
        }
    }

    /// Bytes sent so far: hashes (both directions) plus rows.
    pub fn bytes_so_far(&self) -> usize {
        self.comparisons_so_far() * 2 * HASH_BYTES + self.row_bytes_so_far()
    }

    /// What streaming every row both ways would cost.
    pub fn naive(&self) -> usize {
        naive_bytes(&self.cluster.a, &self.cluster.b)
    }

    /// A divergence: applied to the replicas as they are now, then the repair rewinds.
    fn diverge(&mut self, f: impl FnOnce(&mut Cluster) -> String) {
        if let Some(m) = self.merged.take() {
            self.cluster = m;
        }
        let what = f(&mut self.cluster);
        self.replan();
        self.announce = format!("{what} Roots now {}.", self.roots_word());
    }

    fn roots_word(&self) -> &'static str {
        if self.roots.0 == self.roots.1 {
            "match"
        } else {
            "differ"
        }
    }

    fn step_once(&mut self) {
        if self.finished() {
            self.playing = false;
            return;
        }
        self.step += 1;
        let groups = self.plan.level_groups();
        self.announce = match self.phase() {
            Phase::Idle => String::new(),
            Phase::Compare(n) => {
                let g = groups.get(n - 1).map(Vec::as_slice).unwrap_or_default();
                let differ = g.iter().filter(|v| !v.equal).count();
                if n == 1 {
                    if differ == 0 {
                        "Roots are equal: the replicas are in sync, nothing to stream.".into()
                    } else {
                        "Roots differ: compare their children next.".into()
                    }
                } else {
                    format!(
                        "Compared {} node pairs: {differ} differ, {} equal and pruned.",
                        g.len(),
                        g.len() - differ
                    )
                }
            }
            Phase::Stream => format!(
                "Streaming {} rows of {} ranges.",
                self.plan.streamed_rows(),
                self.plan.ranges().len()
            ),
            Phase::Merged => {
                let (a, b) = self.plan.apply(&self.cluster.a, &self.cluster.b);
                let mut m = self.cluster.clone();
                m.a = a;
                m.b = b;
                self.roots = (
                    build_tree(&m.a, self.depth).root(),
                    build_tree(&m.b, self.depth).root(),
                );
                self.merged = Some(m);
                format!("Merged. Roots {}.", self.roots_word())
            }
        };
        if self.finished() {
            self.playing = false;
        }
    }

    /// Does what the reader asked.
    pub fn apply(&mut self, action: RepairAction) {
        let s = self;
        match action {
            RepairAction::Step => s.step_once(),
            RepairAction::TogglePlay => {
                // A finished repair does not start playing again (Play is disabled then).
                if !s.finished() || s.playing {
                    s.playing = !s.playing;
                }
            }
            RepairAction::Reset => {
                s.replan();
                s.announce = "Repair rewound.".into();
            }
            RepairAction::Depth(d) => {
                s.depth = repair::clamp_depth(d);
                // replan() drops any merge: the same divergence, compared at the new depth.
                s.replan();
                s.announce = format!(
                    "Depth {}: {} ranges. Roots {}.",
                    s.depth,
                    range_count(s.depth),
                    s.roots_word()
                );
            }
            RepairAction::Rows(n) => {
                let depth = repair::default_depth(n);
                *s = RepairState::new(s.seed, n, Some(depth), s.missed);
                s.announce = format!("{} rows per replica, depth {depth}.", s.rows);
            }
            RepairAction::WriteB(key, value) => s.diverge(|c| {
                if c.write_b(&key, &value) {
                    format!("Wrote {key} on B only.")
                } else {
                    "A write needs a key.".into()
                }
            }),
            RepairAction::DeleteB(key) => s.diverge(|c| {
                if c.delete_b(&key) {
                    format!("Deleted {key} on B only (a tombstone).")
                } else {
                    format!("B has no live row {key}.")
                }
            }),
            RepairAction::Partition(k) => s.diverge(|c| {
                let keys = c.partition(k);
                format!("Partition: A accepted {} writes that B missed.", keys.len())
            }),
            RepairAction::Restore => {
                s.cluster = Cluster::new(s.seed, s.rows);
                s.replan();
                s.announce = "Replicas identical again.".into();
            }
            RepairAction::FewDifferences => {
                s.cluster = Cluster::new(s.seed, s.rows);
                s.cluster.partition(1);
                s.depth = repair::MAX_DEPTH;
                s.replan();
                s.announce = format!(
                    "B missed one write; depth {}, {} ranges. Roots {}.",
                    s.depth,
                    range_count(s.depth),
                    s.roots_word()
                );
            }
            RepairAction::Select(i) => s.selected = i.min(range_count(s.depth) - 1),
        }
    }
}

/// Row counts offered in the selector.
const ROW_CHOICES: [usize; 4] = [32, 64, 128, 256];

/// Milliseconds between two repair steps while playing, at speed 1.
const STEP_MS: f64 = 1100.0;

/// The Cassandra tab: the repair plus what the reader is editing.
#[derive(Debug)]
pub struct Cassandra {
    /// The repair.
    pub state: RepairState,
    /// Play speed (a [`distlab_kit::controls::SPEEDS`] value).
    speed: f64,
    /// The row the edit controls act on, as picked (ignored once B has no such live row).
    edit_key: String,
    /// The value "Write on B only" writes.
    edit_value: String,
    /// Writes B misses when the reader presses "Partition".
    k_missed: usize,
    /// The "Writes missed" field as typed (kept across redraws until it is committed).
    k_text: String,
    /// Whether the depth table's `<details>` is open.
    depths_open: bool,
    /// Set when a leaf selection moved: the next draw focuses the selected leaf.
    focus_leaf: Cell<bool>,
}

impl Cassandra {
    /// The tab as the page configured it: identical replicas from `seed` with `rows` rows
    /// each, a tree of `depth` (default: sized to the rows), then `missed` writes B misses.
    pub fn new(seed: u64, rows: usize, depth: Option<u32>, missed: usize) -> Cassandra {
        Cassandra {
            state: RepairState::new(seed, rows, depth, missed),
            speed: 1.0,
            edit_key: String::new(),
            edit_value: "grace.hopper@b-only.test".into(),
            k_missed: 3,
            k_text: "3".into(),
            depths_open: false,
            focus_leaf: Cell::new(false),
        }
    }

    /// B's live rows (the ones a write or delete can name).
    fn live_b(&self) -> impl Iterator<Item = &Row> {
        self.state
            .current()
            .b
            .values()
            .filter(|r| r.value.is_some())
    }

    /// The key the edit controls act on: the reader's pick, else B's first live row
    /// (empty when B has none).
    fn edit_target(&self) -> String {
        let mut first = None;
        for r in self.live_b() {
            if r.key == self.edit_key {
                return r.key.clone();
            }
            first = first.or(Some(r));
        }
        first.map(|r| r.key.clone()).unwrap_or_default()
    }

    /// Selects leaf `i` from the tree (a click, Enter/Space or an arrow key): keyboard
    /// focus follows the selection.
    fn select_leaf(&mut self, i: usize) -> bool {
        let i = i.min(range_count(self.state.depth) - 1);
        if i == self.state.selected {
            return false;
        }
        self.state.apply(RepairAction::Select(i));
        self.focus_leaf.set(true);
        true
    }
}

impl TextApp for Cassandra {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        view(&mut o, self);
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        let action = match act {
            "write" => RepairAction::WriteB(self.edit_target(), self.edit_value.clone()),
            "delete" => RepairAction::DeleteB(self.edit_target()),
            "partition" => RepairAction::Partition(self.k_missed),
            "restore" => RepairAction::Restore,
            "few" => RepairAction::FewDifferences,
            "play" => RepairAction::TogglePlay,
            "step" => RepairAction::Step,
            "reset" => RepairAction::Reset,
            "select" if el.has_attribute("data-leaf") => {
                return self.select_leaf(textapp::num_attr(el, "data-i"));
            }
            "select" => RepairAction::Select(textapp::num_attr(el, "data-i")),
            "rows" => match textapp::value_of(el).parse() {
                Ok(n) => RepairAction::Rows(n),
                Err(_) => return false,
            },
            "depth" => match textapp::value_of(el).parse() {
                Ok(d) => RepairAction::Depth(d),
                Err(_) => return false,
            },
            "speed" => {
                self.speed = textapp::speed_of(el);
                return true;
            }
            "key" => {
                self.edit_key = textapp::value_of(el);
                return true;
            }
            "value" => {
                // Nothing else shows the value: no redraw while typing (a later one
                // writes what was typed).
                self.edit_value = textapp::value_of(el);
                return false;
            }
            "k" => {
                let v = textapp::value_of(el);
                if ev.type_() != "change" {
                    // Typing: keep the text as it is until the field is committed.
                    self.k_text = v;
                    return false;
                }
                self.k_missed = v.trim().parse::<usize>().unwrap_or(3).clamp(1, 16);
                self.k_text = num(self.k_missed);
                return true;
            }
            "depths" => {
                // The <details> opens and closes through the model, so it stays as the
                // reader left it across redraws; the browser's own toggle is cancelled.
                ev.prevent_default();
                self.depths_open = !self.depths_open;
                return true;
            }
            // "hash" (a root shown whole) is the shell's: it opens in place, in any tab.
            _ => return false,
        };
        self.state.apply(action);
        true
    }

    fn key(&mut self, ev: &KeyboardEvent, el: &Element) -> bool {
        // The leaves: one tab stop (roving tabindex), arrows move, Home/End jump; Enter
        // and Space select (the host turns them into the leaf's "select").
        if !el.has_attribute("data-leaf") {
            return false;
        }
        let i = textapp::num_attr(el, "data-i");
        let last = range_count(self.state.depth) - 1;
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (i + 1).min(last),
            "ArrowLeft" | "ArrowUp" => i.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return false,
        };
        ev.prevent_default();
        self.select_leaf(next)
    }

    fn tick_ms(&self) -> Option<u32> {
        self.state
            .playing
            .then(|| textapp::tick_ms(STEP_MS, self.speed))
    }

    fn tick(&mut self) -> bool {
        self.state.apply(RepairAction::Step);
        true
    }

    fn announce(&self) -> &str {
        &self.state.announce
    }

    fn after_view(&self, view: &Element) {
        if self.focus_leaf.replace(false) {
            let sel = ["[data-leaf=\"", &num(self.state.selected), "\"]"].concat();
            if let Ok(Some(leaf)) = view.query_selector(&sel) {
                distlab_kit::focus::focus(&leaf);
            }
        }
    }
}

/// The whole tab (the shell writes the tab panel around it).
fn view(o: &mut Out, c: &Cassandra) {
    let s = &c.state;
    let cur = s.current();
    let key = c.edit_target();
    let leaves = range_count(s.depth);
    let per_leaf = cur.a.len() as f64 / leaves as f64;

    o.s("<div class=\"dluc-cass\"><p class=\"dluc-lede\">Two replicas own the same token range. Each hashes its rows into a Merkle tree over fixed sub-ranges; repair compares the trees from the root down and streams only the rows of sub-ranges whose leaves differ.</p>");
    o.s("<div class=\"dl-row dluc-settings\"><label>Rows per replica <select data-testid=\"cassandra-rows\" data-act=\"rows\">");
    let option = |o: &mut Out, n: usize, selected: bool| {
        o.s("<option value=\"")
            .n(n)
            .s("\"")
            .when(selected, " selected")
            .s(">")
            .n(n);
    };
    for n in ROW_CHOICES {
        option(o, n, n == s.rows);
        o.s("</option>");
    }
    if !ROW_CHOICES.contains(&s.rows) {
        option(o, s.rows, true);
        o.s("</option>");
    }
    o.s("</select></label><label>Tree depth <select data-testid=\"cassandra-depth\" data-act=\"depth\">");
    for d in repair::MIN_DEPTH..=repair::MAX_DEPTH {
        option(o, d as usize, d == s.depth);
        o.s(" (").n(range_count(d)).s(" ranges)</option>");
    }
    o.s("</select></label><span class=\"dl-muted\">≈ ")
        .s(&distlab_kit::numfmt::fixed(per_leaf, 1))
        .s(" rows per leaf. Deeper: smaller ranges, fewer rows streamed for nothing, more hashes to compare.</span></div>");

    o.s("<fieldset class=\"dluc-diverge\"><legend>Make replica B diverge</legend><div class=\"dl-row\"><label>Row <select data-testid=\"cassandra-key\" aria-label=\"Row on replica B\" data-act=\"key\">");
    for r in c.live_b() {
        o.s("<option value=\"")
            .t(&r.key)
            .s("\"")
            .when(r.key == key, " selected")
            .s(">")
            .t(&r.key)
            .s(" (token ")
            .n(r.token as usize)
            .s(")</option>");
    }
    o.s("</select></label><label>New value <input type=\"text\" value=\"")
        .t(&c.edit_value)
        .s("\" maxlength=\"60\" size=\"22\" data-testid=\"cassandra-value\" data-act=\"value\"></label>");
    o.s("<button type=\"button\" class=\"dl-btn\" data-testid=\"cassandra-write\" data-act=\"write\">Write on B only</button><button type=\"button\" class=\"dl-btn\" data-testid=\"cassandra-delete\" data-act=\"delete\"")
        .when(key.is_empty(), " disabled")
        .s(">Delete on B only</button></div>");
    o.s("<div class=\"dl-row\"><label>Writes missed <input type=\"number\" min=\"1\" max=\"16\" value=\"")
        .t(&c.k_text)
        .s("\" data-testid=\"cassandra-k\" data-act=\"k\"></label><button type=\"button\" class=\"dl-btn\" data-testid=\"cassandra-partition\" data-act=\"partition\">Partition: B misses them</button><button type=\"button\" class=\"dl-btn\" data-testid=\"cassandra-restore\" data-act=\"restore\">Identical replicas</button><button type=\"button\" class=\"dl-btn\" data-testid=\"cassandra-few\" data-act=\"few\">Few differences, many ranges</button></div></fieldset>");

    textapp::play_controls(
        &mut o.0,
        s.playing,
        s.finished(),
        Some(c.speed),
        "repair",
        "cass",
    );
    o.s("<p class=\"dluc-phase\" data-testid=\"cassandra-phase\">")
        .s(&phase_text(s))
        .s("</p><figure class=\"dluc-figure\">");
    textapp::scroll_box_start(&mut o.0, "dluc-scroll", "", "cass-tree");
    tree_svg(o, s);
    textapp::scroll_box_end(&mut o.0);
    o.s("<figcaption class=\"dl-muted\"><span class=\"dluc-key dluc-n-same\">= equal, subtree skipped</span><span class=\"dluc-key dluc-n-diff\">≠ differ, descend</span><span class=\"dluc-key dluc-n-pruned\">not needed</span>Leaves show A's row count; select one to inspect its rows.</figcaption></figure>");
    readouts(o, s);
    let (case, text) = cost_explanation(s);
    o.s("<p class=\"dluc-cost\" data-testid=\"cassandra-cost\" data-case=\"")
        .s(case.key())
        .s("\">")
        .s(&text)
        .s("</p>");
    depth_table(o, s, c.depths_open);
    inspector(o, s);
    o.s("</div>");
}

/// Roots, comparisons, ranges found, rows streamed and bytes, as a list of readouts.
fn readouts(o: &mut Out, s: &RepairState) {
    let leaves = range_count(s.depth);
    let ranges_now = s.ranges_so_far();
    let bytes = s.bytes_so_far();
    let naive = s.naive();
    let roots_equal = s.roots.0 == s.roots.1;
    o.s("<dl class=\"dluc-readouts\"><div><dt>Root A / root B</dt><dd><span data-testid=\"cassandra-root-a\" data-hex=\"")
        .s(&to_hex(&s.roots.0))
        .s("\">")
        .hash(&s.roots.0, 8, "root of replica A")
        .s("</span> / <span data-testid=\"cassandra-root-b\" data-hex=\"")
        .s(&to_hex(&s.roots.1))
        .s("\">")
        .hash(&s.roots.1, 8, "root of replica B")
        .s("</span> ")
        .s(if roots_equal {
            "<span class=\"dl-badge dl-badge-ok\" data-testid=\"cassandra-roots-verdict\">✓ match</span>"
        } else {
            "<span class=\"dl-badge dl-badge-bad\" data-testid=\"cassandra-roots-verdict\">✗ differ</span>"
        })
        .s("</dd></div><div><dt>Hash comparisons</dt><dd data-testid=\"cassandra-comparisons\">")
        .n(s.comparisons_so_far())
        .s(" so far; comparing leaf by leaf would take ")
        .n(leaves)
        .s("</dd></div><div><dt>Differing ranges</dt><dd data-testid=\"cassandra-ranges\" data-ranges=\"");
    o.nums(&ranges_now, ",").s("\">");
    if ranges_now.is_empty() {
        o.s(if s.finished() {
            "none"
        } else {
            "not found yet"
        });
    }
    for &i in &ranges_now {
        let (lo, hi) = range_bounds(i, s.depth);
        o.s("<button type=\"button\" class=\"dluc-chip\" data-act=\"select\" data-focus-key=\"cass-chip-")
            .n(i)
            .s("\" data-i=\"")
            .n(i)
            .s("\" aria-label=\"Inspect range ")
            .n(i)
            .s(", tokens ")
            .n(lo as usize)
            .s(" to ")
            .n(hi as usize)
            .s("\">#")
            .n(i)
            .s(" (")
            .n(lo as usize)
            .s("–")
            .n(hi as usize)
            .s(")</button>");
    }
    o.s("</dd></div><div><dt>Rows streamed</dt><dd data-testid=\"cassandra-streamed\">");
    if matches!(s.phase(), Phase::Stream | Phase::Merged) {
        let p = &s.plan;
        o.s("A→B ")
            .n(p.to_b.len())
            .s(", B→A ")
            .n(p.to_a.len())
            .s(": ")
            .n(p.streamed_rows())
            .s(" rows, of which only ")
            .n(p.needed)
            .s(" were out of date on the receiver");
        if p.streamed_rows() > p.needed {
            o.s("<span class=\"dluc-note\"> — ")
                .n(p.streamed_rows() - p.needed)
                .s(" streamed only because they share a range with a changed row (overstreaming).</span>");
        }
    } else {
        o.s("none yet");
    }
    o.s("</dd></div><div class=\"dluc-bytes\"><dt>Bytes on the wire</dt><dd><strong data-testid=\"cassandra-bytes\" data-bytes=\"")
        .n(bytes)
        .s("\">")
        .s(&human_bytes(bytes))
        .s("</strong> = ")
        .n(2 * s.comparisons_so_far())
        .s(" hashes × ")
        .n(HASH_BYTES)
        .s(" B (both replicas send their hash of each compared node) + ")
        .s(&human_bytes(s.row_bytes_so_far()))
        .s(" of rows (key + value + 8-byte timestamp each)<br>Naive (every row, both ways): <strong data-testid=\"cassandra-naive-bytes\" data-bytes=\"")
        .n(naive)
        .s("\">")
        .s(&human_bytes(naive))
        .s("</strong>");
    if s.finished() && naive > 0 {
        o.s(" — repair sent ")
            .s(&distlab_kit::numfmt::fixed(
                100.0 * bytes as f64 / naive as f64,
                0,
            ))
            .s("% of that");
    }
    o.s("</dd></div></dl>");
}

/// Which comparison costs fewer hash comparisons for the current divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostCase {
    /// The replicas are equal: one comparison of the roots settles it.
    InSync,
    /// Few ranges differ among many: the walk skips most of the tree.
    TreeWins,
    /// So many ranges differ that comparing every leaf would be no dearer.
    FlatWins,
}

impl CostCase {
    /// The case's name in `data-case`.
    pub fn key(self) -> &'static str {
        match self {
            CostCase::InSync => "in-sync",
            CostCase::TreeWins => "tree-wins",
            CostCase::FlatWins => "flat-wins",
        }
    }
}

/// Why this repair's walk costs what it does, against comparing one hash per leaf range.
///
/// Each differing range costs about two comparisons per level on its way down (its
/// node and the node's sibling), so a walk makes about `differing × 2 × depth`
/// comparisons, fewer where paths to nearby ranges share their upper nodes; a flat
/// comparison makes one per leaf range, whatever differs. The tree wins when few ranges
/// differ among many.
pub fn cost_explanation(s: &RepairState) -> (CostCase, String) {
    let leaves = range_count(s.depth);
    let differing = s.plan.ranges().len();
    let walk = s.plan.report.comparisons;
    let depth = s.depth as usize;
    let how = format!(
        "A tree walk costs about differing ranges × 2 × depth = {differing} × 2 × {depth} = {} comparisons \
         (this run: {walk}, fewer where paths share nodes); a flat comparison costs one per leaf range: {leaves}.",
        differing * 2 * depth
    );
    let (case, verdict) = if differing == 0 {
        (
            CostCase::InSync,
            format!("Nothing differs, so one comparison of the roots settles it: the tree wins, 1 against {leaves}."),
        )
    } else if walk < leaves {
        (
            CostCase::TreeWins,
            format!("Here few ranges differ among many ({differing} of {leaves}), so the tree wins: {walk} against {leaves}."),
        )
    } else {
        (
            CostCase::FlatWins,
            format!(
                "Here {differing} of only {leaves} ranges differ, so comparing leaf by leaf would be cheaper ({leaves} against {walk}); \
                 the tree wins when few ranges differ among many — try a deeper tree or “Few differences, many ranges”."
            ),
        )
    };
    (case, format!("{how} {verdict}"))
}

/// One sentence on what the current step did.
fn phase_text(s: &RepairState) -> String {
    let groups = s.plan.level_groups();
    let depth = s.depth;
    match s.phase() {
        Phase::Idle => format!(
            "Both replicas have hashed their rows into {} leaves (depth {depth}). Step to exchange the roots.",
            range_count(depth)
        ),
        Phase::Compare(1) if s.plan.ranges().is_empty() => {
            "The roots are equal, so every row is equal: repair ends after one exchange.".into()
        }
        Phase::Compare(1) => "The roots differ: something in the range differs. Next, compare the two halves.".into(),
        Phase::Compare(n) => {
            let g = groups.get(n - 1).map(Vec::as_slice).unwrap_or_default();
            let differ = g.iter().filter(|v| !v.equal).count();
            let level = g.first().map_or(0, |v| v.level);
            let what = if level == 0 { "leaves" } else { "node pairs" };
            format!(
                "Level {level}: compared {} {what} whose parents differed; {differ} differ{}, {} equal (their whole sub-range is skipped).",
                g.len(),
                if level == 0 { " — those ranges need repair" } else { " and are descended" },
                g.len() - differ
            )
        }
        Phase::Stream => format!(
            "Each side streams every row it holds in the {} differing range{} — the tree cannot say which rows inside a leaf differ.",
            s.plan.ranges().len(),
            if s.plan.ranges().len() == 1 { "" } else { "s" }
        ),
        Phase::Merged => "Each replica kept the newest version of every streamed row (latest timestamp wins; a delete travels as a tombstone). The roots match again.".into(),
    }
}

/// The comparison drawn as one tree: a node is grey until compared, green when A's and
/// B's hashes were equal (its subtree is skipped), red when they differed.
fn tree_svg(o: &mut Out, s: &RepairState) {
    const GAP: f64 = 40.0;
    const NODE_H: f64 = 22.0;
    let depth = s.depth as usize;
    // Natural size: a leaf slot of 28 units (18 at depth 6), drawn at most 1.6× that.
    let leaf_slot = match depth {
        0..=4 => 28.0,
        5 => 24.0,
        _ => 18.0,
    };
    let view_w: f64 = (leaf_slot * (1usize << depth) as f64).max(280.0);
    let height = 12.0 + GAP * depth as f64 + NODE_H + 30.0;
    let shown = match s.phase() {
        Phase::Idle => 0,
        Phase::Compare(n) => n,
        _ => usize::MAX,
    };
    // What the comparison has found so far: (level, index) → hashes equal. A plain
    // list (at most 127 pairs) keeps the wasm small; a BTreeMap built by collect()
    // pulls in a sort.
    let visits: Vec<DiffVisit> = s
        .plan
        .level_groups()
        .into_iter()
        .take(shown)
        .flatten()
        .collect();
    let seen = |level: usize, index: usize| {
        visits
            .iter()
            .find(|v| v.level == level && v.index == index)
            .map(|v| v.equal)
    };
    let merged = s.phase() == Phase::Merged;
    let streaming = matches!(s.phase(), Phase::Stream | Phase::Merged);
    let y_of = |level: usize| 12.0 + GAP * (depth - level) as f64;
    let slot = |level: usize| view_w / (1usize << (depth - level)) as f64;
    let x_of = |level: usize, i: usize| (i as f64 + 0.5) * slot(level);
    // A node is pruned when an ancestor was compared equal.
    let pruned = |level: usize, i: usize| {
        (level + 1..=depth).any(|l| seen(l, i >> (l - level)) == Some(true))
    };
    let cur = s.current();
    o.s("<svg class=\"dl-svg dluc-tree\" viewBox=\"0 0 ")
        .c(view_w)
        .s(" ")
        .c(height)
        .s("\" role=\"group\" style=\"max-width: ")
        .c(view_w * 1.6)
        .s("px; min-width: ")
        .n(9 * (1usize << depth))
        .s("px\" aria-label=\"Merkle tree comparison, depth ")
        .n(depth)
        .s(", ")
        .n(range_count(s.depth))
        .s(" leaf ranges\">");
    for level in (1..=depth).rev() {
        for i in 0..1usize << (depth - level) {
            let (x, y) = (x_of(level, i), y_of(level));
            for c in [2 * i, 2 * i + 1] {
                o.s("<line class=\"dluc-edge\" x1=\"")
                    .c(x)
                    .s("\" y1=\"")
                    .c(y + NODE_H)
                    .s("\" x2=\"")
                    .c(x_of(level - 1, c))
                    .s("\" y2=\"")
                    .c(y_of(level - 1))
                    .s("\"/>");
            }
        }
    }
    for level in (0..=depth).rev() {
        let count = 1usize << (depth - level);
        let w = (slot(level) - 3.0).clamp(4.0, 60.0);
        for i in 0..count {
            let (x, y) = (x_of(level, i), y_of(level));
            let state_class = match seen(level, i) {
                Some(true) => " dluc-n-same",
                Some(false) => " dluc-n-diff",
                None if pruned(level, i) => " dluc-n-pruned",
                None => " dluc-n-idle",
            };
            let rect = |o: &mut Out, rx: &str| {
                o.s("<rect x=\"")
                    .c(x - w / 2.0)
                    .s("\" y=\"")
                    .c(y)
                    .s("\" width=\"")
                    .c(w)
                    .s("\" height=\"22\" rx=\"")
                    .s(rx)
                    .s("\"/>");
            };
            let label = |o: &mut Out, text: &str| {
                o.s("<text x=\"")
                    .c(x)
                    .s("\" y=\"")
                    .c(y + 15.0)
                    .s("\" text-anchor=\"middle\">")
                    .s(text)
                    .s("</text>");
            };
            if level > 0 {
                o.s("<g class=\"dluc-node").s(state_class).s("\">");
                rect(o, "4");
                if w >= 14.0 {
                    label(
                        o,
                        match seen(level, i) {
                            Some(true) => "=",
                            Some(false) => "≠",
                            None => "",
                        },
                    );
                }
                o.s("</g>");
                continue;
            }
            // Leaves: one per sub-range, selectable (roving tabindex, arrows move).
            let (lo, hi) = range_bounds(i, s.depth);
            let (na, nb) = (
                rows_in_range(&cur.a, i, s.depth).len(),
                rows_in_range(&cur.b, i, s.depth).len(),
            );
            let selected = s.selected == i;
            let ha = s.plan.tree_a.node(0, i).copied().unwrap_or_default();
            let hb = s.plan.tree_b.node(0, i).copied().unwrap_or_default();
            o.s("<g class=\"dluc-node dluc-leaf")
                .s(state_class)
                .when(
                    streaming && s.plan.ranges().contains(&i),
                    " dluc-n-streamed",
                )
                .when(selected, " dluc-n-selected")
                .s("\" data-leaf=\"")
                .n(i)
                .s("\" data-hash-a=\"")
                .s(&to_hex(&ha))
                .s("\" data-hash-b=\"")
                .s(&to_hex(&hb))
                .s("\" data-act=\"select\" data-i=\"")
                .n(i)
                .s("\" data-focus-key=\"dluc-leaf-")
                .n(i)
                .s(if selected {
                    "\" tabindex=\"0\""
                } else {
                    "\" tabindex=\"-1\""
                })
                .s(" role=\"button\" aria-label=\"Range ")
                .n(i)
                .s(", tokens ")
                .n(lo as usize)
                .s("–")
                .n(hi as usize)
                .s(": ")
                .n(na)
                .s(" rows on A, ")
                .n(nb)
                .s(" on B, ")
                .s(match seen(0, i) {
                    Some(true) => "equal",
                    Some(false) if merged => "repaired",
                    Some(false) => "differs",
                    None if pruned(0, i) => "skipped (an ancestor was equal)",
                    None => "not compared yet",
                })
                .s(". Hash A ")
                .s(&short_hex(&ha, 8))
                .s(", hash B ")
                .s(&short_hex(&hb, 8))
                .s(".\" aria-pressed=\"")
                .s(if selected { "true\">" } else { "false\">" });
            rect(o, "3");
            if w >= 16.0 {
                label(o, &num(na));
            }
            o.s("</g>");
        }
    }
    let axis_y = y_of(0) + NODE_H + 16.0;
    o.s("<text class=\"dluc-axis\" x=\"0\" y=\"")
        .c(axis_y)
        .s("\">token 0</text><text class=\"dluc-axis\" x=\"")
        .c(view_w)
        .s("\" y=\"")
        .c(axis_y)
        .s("\" text-anchor=\"end\">65535</text></svg>");
}

/// The same divergence repaired at every depth: the post's depth-vs-granularity trade-off,
/// in a `<details>` that is `open` as the reader left it.
fn depth_table(o: &mut Out, s: &RepairState, open: bool) {
    o.s("<details class=\"dluc-depths\"")
        .when(open, " open")
        .s("><summary data-act=\"depths\" data-focus-key=\"cass-depths\">Depth vs granularity: this divergence at every depth</summary><p class=\"dl-muted\">Deeper trees name smaller ranges, so fewer unchanged rows ride along; but they have more nodes to build, keep in memory and compare. Cassandra caps the depth and sizes leaves to the data.</p>");
    textapp::scroll_box_start(&mut o.0, "dluc-scroll", "", "cass-depths");
    o.s("<table class=\"dluc-table\"><thead><tr><th scope=\"col\">Depth</th><th scope=\"col\">Ranges</th><th scope=\"col\">Comparisons</th><th scope=\"col\">Hash bytes</th><th scope=\"col\">Rows streamed</th><th scope=\"col\">Row bytes</th><th scope=\"col\">Total</th></tr></thead><tbody>");
    for c in &s.costs {
        o.s(if c.depth == s.depth {
            "<tr class=\"dluc-current\">"
        } else {
            "<tr>"
        })
        .s("<th scope=\"row\">")
        .n(c.depth as usize)
        .s("</th><td>")
        .n(range_count(c.depth))
        .s("</td><td>")
        .n(c.comparisons)
        .s("</td><td>")
        .s(&human_bytes(c.hash_bytes))
        .s("</td><td>")
        .n(c.rows)
        .s("</td><td>")
        .s(&human_bytes(c.row_bytes))
        .s("</td><td>")
        .s(&human_bytes(c.hash_bytes + c.row_bytes))
        .s("</td></tr>");
    }
    o.s("</tbody></table>");
    textapp::scroll_box_end(&mut o.0);
    o.s("</details>");
}

/// A key's row on replica A and on replica B, either possibly absent.
type VersionPair<'a> = (Option<&'a Row>, Option<&'a Row>);

/// Merges two replicas' rows, each in key order (`(token, key)`, as a
/// [`Replica`](super::repair::Replica) iterates), into pairs by key. (A merge, not a map:
/// one `BTreeMap` instantiation less in the wasm.)
fn side_by_side<'a>(a: &[&'a Row], b: &[&'a Row]) -> Vec<VersionPair<'a>> {
    let key = |r: &&'a Row| (r.token, r.key.as_str());
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    while i < a.len() || j < b.len() {
        match (a.get(i).map(key), b.get(j).map(key)) {
            (Some(x), Some(y)) if x == y => {
                out.push((Some(a[i]), Some(b[j])));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x > y => {
                out.push((None, Some(b[j])));
                j += 1;
            }
            (Some(_), _) => {
                out.push((Some(a[i]), None));
                i += 1;
            }
            (None, _) => {
                out.push((None, Some(b[j])));
                j += 1;
            }
        }
    }
    out
}

/// The rows of the selected range on both replicas, side by side.
fn inspector(o: &mut Out, s: &RepairState) {
    let i = s.selected;
    let (lo, hi) = range_bounds(i, s.depth);
    let cur = s.current();
    let rows = side_by_side(
        &rows_in_range(&cur.a, i, s.depth),
        &rows_in_range(&cur.b, i, s.depth),
    );
    let cell = |o: &mut Out, r: Option<&Row>| {
        o.s("<td>");
        match r {
            Some(r) => o
                .t(r.shown_value())
                .s("<span class=\"dl-muted\"> @")
                .s(&r.ts.to_string())
                .s("</span>"),
            None => o.s("<span class=\"dl-muted\">—</span>"),
        };
        o.s("</td>");
    };
    o.s("<section class=\"dluc-inspector\" aria-label=\"Rows of the selected range\" data-testid=\"cassandra-inspector\"><h4>Range #")
        .n(i)
        .s(": tokens ")
        .n(lo as usize)
        .s("–")
        .n(hi as usize)
        .s("</h4>");
    textapp::scroll_box_start(&mut o.0, "dluc-scroll", "", "cass-rows");
    o.s("<table class=\"dluc-table\"><thead><tr><th scope=\"col\">Token</th><th scope=\"col\">Key</th><th scope=\"col\">Replica A (value @time)</th><th scope=\"col\">Replica B</th></tr></thead><tbody>");
    if rows.is_empty() {
        o.s("<tr><td colspan=\"4\" class=\"dl-muted\">No rows fall in this range.</td></tr>");
    }
    for (a, b) in &rows {
        // Every pair has at least one side.
        let Some(Row { token, key, .. }) = a.or(*b) else {
            continue;
        };
        let differs = a != b;
        o.s(if differs {
            "<tr class=\"dluc-row-diff\"><td>"
        } else {
            "<tr><td>"
        })
        .n(*token as usize)
        .s("</td><td><code>")
        .t(key)
        .s("</code>")
        .when(differs, " ≠")
        .s("</td>");
        cell(o, *a);
        cell(o, *b);
        o.s("</tr>");
    }
    o.s("</tbody></table>");
    textapp::scroll_box_end(&mut o.0);
    o.s("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// `s` after `action`.
    fn then(mut s: RepairState, action: RepairAction) -> RepairState {
        s.apply(action);
        s
    }

    fn run_to_end(mut s: RepairState) -> RepairState {
        for _ in 0..20 {
            s.apply(RepairAction::Step);
        }
        s
    }

    #[test]
    fn side_by_side_pairs_rows_by_key_like_a_map() {
        let mut c = Cluster::new(7, 100);
        c.partition(12);
        c.write_b("user:zz-new", "v");
        let (a, b) = (
            c.a.values().collect::<Vec<_>>(),
            c.b.values().collect::<Vec<_>>(),
        );
        let mut map: BTreeMap<(u16, &str), VersionPair> = BTreeMap::new();
        for r in &a {
            map.entry((r.token, &r.key)).or_default().0 = Some(r);
        }
        for r in &b {
            map.entry((r.token, &r.key)).or_default().1 = Some(r);
        }
        let merged = side_by_side(&a, &b);
        assert_eq!(merged, map.into_values().collect::<Vec<_>>());
        assert!(merged.iter().any(|(a, b)| a != b));
        assert_eq!(side_by_side(&[], &b).len(), b.len());
    }

    #[test]
    fn the_cost_explanation_names_the_case_of_the_run() {
        // The default run: 3 missed writes over 16 ranges; the walk costs more.
        let s = RepairState::new(7, 64, None, 3);
        let (case, text) = cost_explanation(&s);
        assert_eq!(case, CostCase::FlatWins);
        assert!(s.plan.report.comparisons >= range_count(s.depth));
        assert!(text.contains(&format!("this run: {}", s.plan.report.comparisons)));
        let few = then(s, RepairAction::FewDifferences);
        let (case, _) = cost_explanation(&few);
        assert_eq!(case, CostCase::TreeWins);
        assert_eq!(few.plan.ranges().len(), 1);
        assert!(few.plan.report.comparisons < range_count(few.depth));
        let same = then(few, RepairAction::Restore);
        assert_eq!(cost_explanation(&same).0, CostCase::InSync);
    }

    #[test]
    fn stepping_accounts_bytes_and_ends_in_sync() {
        let s = RepairState::new(7, 64, None, 3);
        assert_eq!(s.depth, 4);
        assert_ne!(s.roots.0, s.roots.1);
        assert_eq!(s.bytes_so_far(), 0);
        let s1 = then(RepairState::new(7, 64, None, 3), RepairAction::Step);
        assert_eq!(s1.bytes_so_far(), 2 * HASH_BYTES);
        assert!(s1.ranges_so_far().is_empty());
        let end = run_to_end(s);
        assert!(end.finished());
        assert_eq!(end.phase(), Phase::Merged);
        assert_eq!(end.roots.0, end.roots.1);
        assert_eq!(end.ranges_so_far(), end.plan.ranges());
        assert_eq!(end.bytes_so_far(), end.plan.total_bytes());
        assert!(end.bytes_so_far() < end.naive());
        assert!(end.current().in_sync());
        // Reset brings the divergence back.
        let back = then(end, RepairAction::Reset);
        assert_eq!(back.step, 0);
        assert_ne!(back.roots.0, back.roots.1);
    }

    #[test]
    fn divergence_after_repair_starts_from_the_synced_replicas() {
        let end = run_to_end(RepairState::new(7, 64, None, 3));
        let key = end.current().b.values().next().unwrap().key.clone();
        let s = then(end, RepairAction::DeleteB(key));
        assert_eq!(s.step, 0);
        assert_eq!(s.plan.ranges().len(), 1);
    }

    #[test]
    fn costs_cover_every_depth() {
        let s = RepairState::new(7, 128, Some(9), 2);
        assert_eq!(s.depth, repair::MAX_DEPTH);
        assert_eq!(s.costs.len(), 5);
        assert_eq!(then(s, RepairAction::Depth(2)).plan.depth, 2);
    }

    #[test]
    fn in_sync_replicas_finish_after_the_roots() {
        let s = RepairState::new(7, 32, None, 0);
        let s = then(s, RepairAction::Step);
        assert!(s.finished());
        assert!(s.ranges_so_far().is_empty());
        assert_eq!(s.bytes_so_far(), 64);
    }

    #[test]
    fn play_does_not_start_once_finished() {
        let mut s = run_to_end(RepairState::new(7, 32, None, 2));
        s.apply(RepairAction::TogglePlay);
        assert!(!s.playing);
        s.apply(RepairAction::Reset);
        s.apply(RepairAction::TogglePlay);
        assert!(s.playing);
    }

    fn drawn(c: &Cassandra) -> String {
        let mut out = String::new();
        c.view(&mut out);
        out
    }

    #[test]
    fn the_view_has_every_control_and_one_leaf_in_the_tab_order() {
        let c = Cassandra::new(5, 32, None, 1);
        let html = drawn(&c);
        for id in [
            "cassandra-rows",
            "cassandra-depth",
            "cassandra-key",
            "cassandra-value",
            "cassandra-write",
            "cassandra-delete",
            "cassandra-k",
            "cassandra-partition",
            "cassandra-restore",
            "cassandra-few",
            "cassandra-phase",
            "cassandra-root-a",
            "cassandra-root-b",
            "cassandra-roots-verdict",
            "cassandra-comparisons",
            "cassandra-ranges",
            "cassandra-streamed",
            "cassandra-bytes",
            "cassandra-naive-bytes",
            "cassandra-cost",
            "cassandra-inspector",
        ] {
            assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert!(html.starts_with("<div class=\"dluc-cass\">") && html.ends_with("</div>"));
        assert!(html.contains("aria-label=\"Step repair\""));
        assert_eq!(
            html.matches("data-leaf=").count(),
            range_count(c.state.depth)
        );
        assert_eq!(html.matches("tabindex=\"0\" role=\"button\"").count(), 1);
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
        assert!(!html.contains("<details class=\"dluc-depths\" open"));
    }

    #[test]
    fn a_leaf_selection_moves_the_tab_stop_and_asks_for_focus() {
        let mut c = Cassandra::new(5, 32, None, 1);
        let start = c.state.selected;
        let next = if start == 0 { 1 } else { start - 1 };
        assert!(
            !c.select_leaf(start),
            "selecting the selected leaf changes nothing"
        );
        assert!(!c.focus_leaf.get());
        assert!(c.select_leaf(next));
        assert!(c.focus_leaf.get());
        let html = drawn(&c);
        let mark = format!("data-leaf=\"{next}\"");
        let at = html.find(&mark).expect("the leaf");
        let leaf = &html[at..at + html[at..].find('>').unwrap()];
        assert!(leaf.contains("tabindex=\"0\"") && leaf.contains("aria-pressed=\"true\""));
        assert!(html.contains(&format!("<h4>Range #{next}:")));
        // Out of range: the last leaf.
        c.select_leaf(usize::MAX);
        assert_eq!(c.state.selected, range_count(c.state.depth) - 1);
    }

    #[test]
    fn what_the_reader_typed_is_escaped() {
        let mut c = Cassandra::new(5, 32, None, 0);
        c.edit_value = "\"><script>x</script>".into();
        c.k_text = "<b>".into();
        let key = c.edit_target();
        c.state.apply(RepairAction::WriteB(key, "<i>v</i>".into()));
        let html = drawn(&c);
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;"));
    }

    #[test]
    fn the_clock_runs_only_while_playing() {
        let mut c = Cassandra::new(7, 64, None, 3);
        assert_eq!(c.tick_ms(), None);
        c.state.apply(RepairAction::TogglePlay);
        assert_eq!(c.tick_ms(), Some(1100));
        c.speed = 2.0;
        assert_eq!(c.tick_ms(), Some(550));
        while c.state.playing {
            assert!(c.tick());
        }
        assert!(c.state.finished());
        assert_eq!(c.announce(), c.state.announce);
    }
}
