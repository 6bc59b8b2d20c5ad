//! The recovery widget's state, with no Yew in it: `n = k + m` nodes each holding one
//! chunk of an encoded text, the nodes the reader fails, and the rebuild.
//!
//! ```text
//!  fail nodes ──▶ lost ≤ m ? ──yes──▶ read k survivors ─▶ S (their k rows of E) ─▶ S⁻¹
//!                     │                                    data = S⁻¹ × survivors' bytes
//!                     │                                    lost chunk j = E[j] × data
//!                     └──no───▶ unrecoverable: fewer than k chunks exist anywhere
//! ```
//!
//! Every number comes from [`ReedSolomon`]: [`ReedSolomon::recovery_plan`] gives `S`
//! and `S⁻¹`, [`ReedSolomon::decode`] the data and [`ReedSolomon::rebuild_chunk`] each
//! replacement chunk. The Gauss-Jordan steps shown ([`Matrix::gauss_jordan_steps`], in the core) redo the
//! inversion one row operation at a time with the field's own `mul`/`inv`, and end at
//! exactly the plan's `S⁻¹` (tested).
//!
//! Invariants the tests pin down:
//! - with at most `m` nodes lost, rebuilding from *any* `k` survivors returns the
//!   original bytes and each lost node's original chunk;
//! - with more than `m` lost there is no rebuild at all (no plan, no bytes);
//! - recovery reads `k` chunks however many are lost; replication would copy one
//!   replica per lost chunk.

use crate::encode::model::{
    code, encode, DEFAULT_K, DEFAULT_M, DEFAULT_TEXT, MAX_BYTES, MAX_K, MAX_M, PRESETS,
};
use distlab_core::erasure::{mul_reference, Matrix, RecoveryPlan, ReedSolomon};
pub use distlab_core::erasure::{GjStep, RowOp};
use distlab_kit::options::WidgetOptions;
use distlab_kit::rng::SplitMix64;

/// Node cards per row for `n` nodes: `(wide, narrow)`. Rows are kept even rather than
/// filled greedily (14 nodes are 7 + 7, never 13 + 1): wide, one row of up to 9, else
/// two equal rows; narrow, rows of at most 5, spread evenly (14 → 5 + 5 + 4).
pub fn node_columns(n: usize) -> (usize, usize) {
    let n = n.max(1);
    let wide = if n <= 9 { n } else { n.div_ceil(2) };
    let rows = n.div_ceil(5);
    (wide, n.div_ceil(rows))
}

/// Seed when the placeholder does not say.
pub const DEFAULT_SEED: u64 = 14;

/// Settings from the placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Data chunks.
    pub k: usize,
    /// Parity chunks.
    pub m: usize,
    /// Seed for "fail random".
    pub seed: u64,
    /// The data stored.
    pub text: String,
    /// Nodes failed at the start.
    pub failed: Vec<usize>,
    /// Messages about bad `data-*` values.
    pub messages: Vec<String>,
}

impl Config {
    /// Reads `data-k` (1–12), `data-m` (0–6), `data-seed`, `data-text` (≤ 256 bytes).
    pub fn from_options(options: &WidgetOptions) -> Config {
        let mut r = options.reader();
        let k = r.int("k", 1, MAX_K as i64, DEFAULT_K as i64) as usize;
        let m = r.int("m", 0, MAX_M as i64, DEFAULT_M as i64) as usize;
        let seed = r.u64("seed", DEFAULT_SEED);
        let mut messages = r.into_messages();
        let text = match options.get("text") {
            Some(t) if t.is_empty() || t.len() > MAX_BYTES => {
                messages.push(format!(
                    "data-text must be 1–{MAX_BYTES} bytes; using \"{DEFAULT_TEXT}\"."
                ));
                DEFAULT_TEXT.to_string()
            }
            Some(t) => t.to_string(),
            None => DEFAULT_TEXT.to_string(),
        };
        let mut failed = Vec::new();
        if let Some(raw) = options.get("failed") {
            for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                match part.parse::<usize>() {
                    Ok(i) if i < k + m => failed.push(i),
                    _ => messages.push(format!(
                        "data-failed: \"{part}\" is not a node number 0–{}; ignored.",
                        k + m - 1
                    )),
                }
            }
        }
        Config {
            k,
            m,
            seed,
            text,
            failed,
            messages,
        }
    }
}

/// One storage node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Holds its original chunk.
    Healthy,
    /// Failed: its chunk is gone.
    Failed,
    /// A replacement node holding a rebuilt chunk.
    Replacement,
}

/// The result of pressing Rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// The `k` chunks read.
    pub used: Vec<usize>,
    /// Each lost node and the chunk rebuilt for its replacement.
    pub rebuilt: Vec<(usize, Vec<u8>)>,
    /// The data decoded from the `k` chunks read (padding dropped).
    pub recovered: Vec<u8>,
}

/// What the reader does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Fail a node that holds a chunk, or bring a failed node back.
    Toggle(usize),
    /// Fail one healthy node chosen by the seeded generator.
    FailRandom,
    /// Every node healthy again, with its original chunk.
    RestoreAll,
    /// Switch to preset `i` (all nodes healthy).
    Preset(usize),
    /// Add or remove a survivor from the chunks read.
    ToggleUse(usize),
    /// Read the first `k` survivors again.
    DefaultUse,
    /// Show Gauss-Jordan step `i` (0 = the starting `[S | I]`).
    GjGoto(usize),
    /// Rebuild the lost chunks onto replacement nodes.
    Rebuild,
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The code.
    pub rs: ReedSolomon,
    /// The original data.
    pub bytes: Vec<u8>,
    /// The `n` chunks as first encoded.
    pub original: Vec<Vec<u8>>,
    /// Each node's state.
    pub nodes: Vec<NodeState>,
    /// What each node holds now (`None` when failed).
    pub stored: Vec<Option<Vec<u8>>>,
    /// The survivors the reader reads from (ascending).
    pub chosen: Vec<usize>,
    /// Gauss-Jordan step shown (0 = start).
    pub gj_at: usize,
    /// The last rebuild, until the nodes change again.
    pub rebuild: Option<Rebuild>,
    /// The generator behind "fail random".
    pub rng: SplitMix64,
    /// What changed last, for screen readers.
    pub announcement: String,
}

impl Model {
    /// The widget as the placeholder configures it: all nodes healthy.
    pub fn new(config: &Config) -> Model {
        let mut bytes = config.text.as_bytes().to_vec();
        bytes.truncate(MAX_BYTES);
        if bytes.is_empty() {
            bytes = DEFAULT_TEXT.as_bytes().to_vec();
        }
        let mut model = Model {
            rs: code(config.k, config.m),
            bytes,
            original: Vec::new(),
            nodes: Vec::new(),
            stored: Vec::new(),
            chosen: Vec::new(),
            gj_at: 0,
            rebuild: None,
            rng: SplitMix64::new(config.seed),
            announcement: String::new(),
        };
        model.reset_nodes();
        for &i in &config.failed {
            if model.nodes.get(i) == Some(&NodeState::Healthy) {
                model.fail(i);
            }
        }
        model.announcement.clear();
        model
    }

    /// `k`.
    pub fn k(&self) -> usize {
        self.rs.data_chunks()
    }

    /// `m`.
    pub fn m(&self) -> usize {
        self.rs.parity_chunks()
    }

    /// `n`.
    pub fn n(&self) -> usize {
        self.rs.total_chunks()
    }

    /// Bytes per chunk.
    pub fn chunk_len(&self) -> usize {
        self.original.first().map_or(0, Vec::len)
    }

    /// Nodes whose chunk is gone.
    pub fn lost(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.nodes[i] == NodeState::Failed)
            .collect()
    }

    /// Nodes that hold a chunk.
    pub fn alive(&self) -> Vec<usize> {
        (0..self.n())
            .filter(|&i| self.nodes[i] != NodeState::Failed)
            .collect()
    }

    /// Whether the data can still be rebuilt: at least `k` chunks survive.
    pub fn recoverable(&self) -> bool {
        self.alive().len() >= self.k()
    }

    /// The plan for the chosen survivors, when exactly `k` are chosen (and recoverable).
    pub fn plan(&self) -> Option<RecoveryPlan> {
        if self.chosen.len() != self.k() {
            return None;
        }
        self.rs.recovery_plan(&self.chosen).ok()
    }

    /// The Gauss-Jordan steps inverting the plan's `S`.
    pub fn gj_steps(&self) -> Vec<GjStep> {
        self.plan()
            .and_then(|p| p.submatrix.gauss_jordan_steps())
            .unwrap_or_default()
    }

    /// Applies one reader action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Toggle(i) if i < self.n() => {
                if self.nodes[i] == NodeState::Failed {
                    self.nodes[i] = NodeState::Healthy;
                    self.stored[i] = self.original.get(i).cloned();
                    self.changed(format!("Node {i} is back with its chunk."));
                } else {
                    self.fail(i);
                }
            }
            Action::Toggle(_) => {}
            Action::FailRandom => {
                let alive = self.alive();
                if !alive.is_empty() {
                    let i = alive[self.rng.below(alive.len())];
                    self.fail(i);
                }
            }
            Action::RestoreAll => {
                self.reset_nodes();
                self.announcement = "All nodes healthy again.".into();
            }
            Action::Preset(p) => {
                if let Some(p) = PRESETS.get(p) {
                    self.rs = code(p.k, p.m);
                    self.reset_nodes();
                    self.announcement = format!(
                        "{} data and {} parity chunks on {} nodes, all healthy.",
                        p.k,
                        p.m,
                        p.k + p.m
                    );
                }
            }
            Action::ToggleUse(i) => {
                if let Some(pos) = self.chosen.iter().position(|&c| c == i) {
                    self.chosen.remove(pos);
                } else if i < self.n() && self.nodes[i] != NodeState::Failed {
                    // Kept in order by inserting in place (a sort would cost ~3 KB).
                    let at = self.chosen.partition_point(|&c| c < i);
                    self.chosen.insert(at, i);
                }
                self.gj_at = 0;
                self.announcement = if self.chosen.len() == self.k() {
                    format!("Reading chunks {}.", list(&self.chosen))
                } else {
                    format!(
                        "{} chunks picked; pick exactly {} to read.",
                        self.chosen.len(),
                        self.k()
                    )
                };
            }
            Action::DefaultUse => {
                self.default_use();
                self.announcement = format!("Reading chunks {}.", list(&self.chosen));
            }
            Action::GjGoto(i) => self.gj_at = i.min(self.gj_steps().len()),
            Action::Rebuild => self.do_rebuild(),
        }
    }

    /// Fails node `i` and says what that means.
    fn fail(&mut self, i: usize) {
        self.nodes[i] = NodeState::Failed;
        self.stored[i] = None;
        let lost = self.lost().len();
        let msg = if self.recoverable() {
            format!(
                "Node {i} failed. {lost} of {} chunks lost; still recoverable (up to {} may be lost).",
                self.n(),
                self.m()
            )
        } else {
            format!(
                "Node {i} failed. Unrecoverable: only {} of the {} chunks needed survive.",
                self.alive().len(),
                self.k()
            )
        };
        self.changed(msg);
    }

    /// After a failure or restore: forget the last rebuild, read the default survivors.
    fn changed(&mut self, announcement: String) {
        self.rebuild = None;
        self.default_use();
        self.announcement = announcement;
    }

    fn default_use(&mut self) {
        self.chosen = self.alive().into_iter().take(self.k()).collect();
        if self.chosen.len() < self.k() {
            self.chosen.clear();
        }
        self.gj_at = 0;
    }

    fn reset_nodes(&mut self) {
        self.original = encode(&self.rs, &self.bytes);
        let n = self.n();
        self.nodes = vec![NodeState::Healthy; n];
        self.stored = self.original.iter().cloned().map(Some).collect();
        self.stored.resize(n, None);
        self.rebuild = None;
        self.default_use();
    }

    /// Decodes the data from the chosen survivors and rebuilds every lost chunk onto a
    /// replacement node. Does nothing unless exactly `k` survivors are chosen.
    ///
    /// Both are the plan's matrices times the chunks read ([`mul_reference`]): the data is
    /// `S⁻¹ × read`, a lost chunk `j` is `(E[j] × S⁻¹) × read` — the same bytes as
    /// [`ReedSolomon::decode`] and [`ReedSolomon::rebuild_chunk`] (tested).
    fn do_rebuild(&mut self) {
        let lost = self.lost();
        let Some(plan) = self.plan() else {
            return;
        };
        if lost.is_empty() {
            return;
        }
        let read: Vec<&[u8]> = plan
            .used
            .iter()
            .filter_map(|&i| self.stored.get(i)?.as_deref())
            .collect();
        if read.len() != self.k() {
            return;
        }
        let Ok(data) = mul_reference(&plan.inverse, &read) else {
            return;
        };
        let Ok(recovered) = self.rs.join(&data, self.bytes.len()) else {
            return;
        };
        let rebuilt: Vec<(usize, Vec<u8>)> = lost
            .iter()
            .filter_map(|&j| {
                let row = Matrix::from_rows(&[plan.rebuild_row(j)?])?;
                mul_reference(&row, &read).ok()?.pop().map(|c| (j, c))
            })
            .collect();
        for (j, chunk) in &rebuilt {
            self.nodes[*j] = NodeState::Replacement;
            self.stored[*j] = Some(chunk.clone());
        }
        let ok = recovered == self.bytes
            && rebuilt
                .iter()
                .all(|(j, c)| self.original.get(*j) == Some(c));
        self.announcement = format!(
            "Rebuilt from chunks {}: {} bytes recovered{}; chunk{} {} written to replacement node{}.",
            list(&self.chosen),
            recovered.len(),
            if ok { ", equal to the original" } else { ", NOT equal to the original" },
            if lost.len() == 1 { "" } else { "s" },
            list(&lost),
            if lost.len() == 1 { "" } else { "s" },
        );
        self.rebuild = Some(Rebuild {
            used: self.chosen.clone(),
            rebuilt,
            recovered,
        });
        self.gj_at = 0;
    }
}

/// "1, 4, 7".
pub fn list(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(&Config::from_options(&WidgetOptions::default()))
    }

    #[test]
    fn gauss_jordan_ends_at_the_plans_inverse() {
        let m = model();
        let rs = &m.rs;
        for used in [
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
            vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            vec![0, 2, 4, 6, 8, 10, 11, 12, 13, 1],
            vec![4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
        ] {
            let plan = rs.recovery_plan(&used).unwrap();
            let steps = plan.submatrix.gauss_jordan_steps().unwrap();
            let last = steps.last().map(|s| s.after.clone()).unwrap_or_else(|| {
                (0..10)
                    .map(|r| (0..20).map(|c| u8::from(c == r || c == r + 10)).collect())
                    .collect()
            });
            for (r, row) in last.iter().enumerate() {
                assert!(row[..10]
                    .iter()
                    .enumerate()
                    .all(|(c, &v)| v == u8::from(c == r)));
                assert_eq!(&row[10..], plan.inverse.row(r));
            }
        }
        // All data chunks: S = I, nothing to do.
        let plan = rs.recovery_plan(&(0..10).collect::<Vec<_>>()).unwrap();
        assert!(plan.submatrix.gauss_jordan_steps().unwrap().is_empty());
    }

    #[test]
    fn every_pattern_of_up_to_m_losses_rebuilds_for_raid6() {
        let mut base = model();
        base.apply(Action::Preset(3)); // 4+2
        for a in 0..6 {
            for b in a..6 {
                let mut m = base.clone();
                m.apply(Action::Toggle(a));
                if b != a {
                    m.apply(Action::Toggle(b));
                }
                assert!(m.recoverable());
                assert_eq!(m.chosen.len(), 4);
                m.apply(Action::Rebuild);
                let r = m.rebuild.clone().unwrap();
                assert_eq!(r.recovered, m.bytes);
                // The same bytes as the core's fast decode and rebuild.
                let read: Vec<(usize, &[u8])> = r
                    .used
                    .iter()
                    .map(|&i| (i, m.original[i].as_slice()))
                    .collect();
                let decoded = m.rs.decode(&read).unwrap();
                assert_eq!(m.rs.join(&decoded, m.bytes.len()).unwrap(), r.recovered);
                for (j, c) in &r.rebuilt {
                    assert_eq!(&m.rs.rebuild_chunk(&read, *j).unwrap(), c);
                }
                for (j, c) in &r.rebuilt {
                    assert_eq!(c, &m.original[*j]);
                    assert_eq!(m.nodes[*j], NodeState::Replacement);
                }
                assert!(m.lost().is_empty());
            }
        }
    }

    #[test]
    fn any_chosen_survivors_work() {
        let mut m = model();
        m.apply(Action::Toggle(0));
        m.apply(Action::Toggle(5));
        assert_eq!(m.chosen, vec![1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
        m.apply(Action::ToggleUse(1));
        assert!(m.plan().is_none());
        m.apply(Action::Rebuild);
        assert!(m.rebuild.is_none());
        m.apply(Action::ToggleUse(13));
        m.apply(Action::ToggleUse(0)); // failed: ignored
        assert_eq!(m.chosen, vec![2, 3, 4, 6, 7, 8, 9, 10, 11, 13]);
        let plan = m.plan().unwrap();
        assert_eq!(plan.used, m.chosen);
        m.apply(Action::Rebuild);
        assert_eq!(m.rebuild.as_ref().unwrap().recovered, m.bytes);
        assert_eq!(m.nodes[0], NodeState::Replacement);
    }

    #[test]
    fn more_than_m_lost_is_unrecoverable_and_restore_fixes_it() {
        let mut m = model();
        for i in [0, 3, 11, 12, 13] {
            m.apply(Action::Toggle(i));
        }
        assert!(!m.recoverable());
        assert!(m.chosen.is_empty());
        assert!(m.plan().is_none());
        assert!(m.announcement.contains("only 9 of the 10"));
        m.apply(Action::Rebuild);
        assert!(m.rebuild.is_none());
        assert_eq!(m.lost().len(), 5);
        m.apply(Action::Toggle(3));
        assert!(m.recoverable());
        m.apply(Action::Rebuild);
        assert_eq!(m.rebuild.unwrap().recovered, m.bytes);
    }

    #[test]
    fn fail_random_is_seeded_and_stops_when_all_failed() {
        let mut a = model();
        let mut b = model();
        for _ in 0..20 {
            a.apply(Action::FailRandom);
            b.apply(Action::FailRandom);
        }
        assert_eq!(a.nodes, b.nodes);
        assert_eq!(a.lost().len(), 14);
        a.apply(Action::RestoreAll);
        assert!(a.lost().is_empty());
    }

    #[test]
    fn gj_goto_is_clamped_and_options_are_checked() {
        let mut m = model();
        m.apply(Action::Toggle(0));
        m.apply(Action::GjGoto(10_000));
        assert_eq!(m.gj_at, m.gj_steps().len());
        let c = Config::from_options(&WidgetOptions::from_pairs([("k", "40"), ("seed", "-1")]));
        assert_eq!((c.k, c.seed), (DEFAULT_K, DEFAULT_SEED));
        assert_eq!(c.messages.len(), 2);
        let c = Config::from_options(&WidgetOptions::from_pairs([("failed", "0, 5,x,99")]));
        assert_eq!(c.failed, vec![0, 5]);
        assert_eq!(c.messages.len(), 2);
        let m = Model::new(&c);
        assert_eq!(m.lost(), vec![0, 5]);
        assert_eq!(m.chosen.len(), 10);
    }

    #[test]
    fn node_rows_are_even() {
        assert_eq!(node_columns(14), (7, 5));
        assert_eq!(node_columns(9), (9, 5));
        assert_eq!(node_columns(5), (5, 5));
        assert_eq!(node_columns(6), (6, 3));
        assert_eq!(node_columns(18), (9, 5));
        assert_eq!(node_columns(0), (1, 1));
        for n in 1..=MAX_K + MAX_M {
            let (wide, narrow) = node_columns(n);
            // Only the last row may be short, and by fewer cards than there are rows
            // (never 13 + 1).
            for cols in [wide, narrow] {
                let rows = n.div_ceil(cols);
                assert!(cols <= 9 && rows * cols - n < rows, "n {n}: {cols} per row");
            }
        }
    }
}
