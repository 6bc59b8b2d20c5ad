//! The Bitcoin tab: prove one transaction of a real block with a handful of hashes.
//!
//! The reader picks a block and a transaction; the tree shows the path to the root and
//! the siblings the proof carries (a dashed *copy* where an odd level pairs its last
//! node with itself). Verification replays one `SHA-256(SHA-256(left ‖ right))` per step
//! and ends comparing the computed root — byte-reversed, as explorers print it — with
//! the root in the block header. Tampering with the txid or a sibling makes it fail.

use super::proof::{ceil_log2, default_tx, Tamper, Worked, HASH_BYTES};
use crate::out::{num, Out};
use distlab_core::bitcoin::{internal_to_display, BLOCKS};
use distlab_core::hash::{short_hex, to_hex};
use distlab_kit::textapp::{
    num_attr, play_controls, scroll_box_end, scroll_box_start, speed_of, tick_ms, value_of, TextApp,
};
use std::rc::Rc;
use web_sys::{Element, Event};

/// The tab's state.
#[derive(Debug, Clone, PartialEq)]
pub struct BtcState {
    /// Index into [`BLOCKS`].
    pub block: usize,
    /// Transaction proved.
    pub tx: usize,
    /// What the reader tampered with.
    pub tamper: Tamper,
    /// Verification steps taken: 0 = start, one per proof hash, then the comparison.
    pub step: usize,
    /// Whether the timer is stepping.
    pub playing: bool,
    /// The proof and its check (an error only if the built-in data were malformed).
    pub worked: Rc<Result<Worked, String>>,
    /// Announcement for screen readers.
    pub announce: String,
}

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum BtcAction {
    /// Show block `i` of [`BLOCKS`].
    Block(usize),
    /// Prove transaction `i`.
    Tx(usize),
    /// Flip a bit of the txid, or undo it.
    TamperTxid,
    /// Flip a bit of sibling `k`, or undo it.
    TamperSibling(usize),
    /// Undo all tampering.
    Untamper,
    /// One verification step.
    Step,
    /// Play or pause.
    TogglePlay,
    /// Back to the start of the verification.
    Reset,
}

impl BtcState {
    /// Block `block` (clamped), proving `tx` or the block's default transaction.
    pub fn new(block: usize, tx: Option<usize>) -> Self {
        let block = block.min(BLOCKS.len().saturating_sub(1));
        let tx = tx.unwrap_or_else(|| BLOCKS.get(block).map_or(0, default_tx));
        let mut s = BtcState {
            block,
            tx,
            tamper: Tamper::default(),
            step: 0,
            playing: false,
            worked: Rc::new(Err(String::new())),
            announce: String::new(),
        };
        s.rework();
        s
    }

    fn rework(&mut self) {
        self.step = 0;
        self.playing = false;
        self.worked = Rc::new(match BLOCKS.get(self.block) {
            Some(b) => {
                self.tx = self.tx.min(b.txids.len().saturating_sub(1));
                Worked::new(b, self.tx, self.tamper).map_err(|e| e.to_string())
            }
            None => Err("no blocks available".into()),
        });
    }

    /// Steps in a whole verification: one per proof hash, then the comparison.
    pub fn total_steps(&self) -> usize {
        self.worked
            .as_ref()
            .as_ref()
            .map_or(0, |w| w.proof_hashes() + 1)
    }

    /// Whether the verdict is out.
    pub fn finished(&self) -> bool {
        self.step >= self.total_steps()
    }
}

impl BtcState {
    /// Does what the reader (or the clock: [`BtcAction::Step`]) asked.
    pub fn apply(&mut self, action: BtcAction) {
        let s = self;
        match action {
            BtcAction::Block(i) => {
                *s = BtcState::new(i, None);
                let n = BLOCKS.get(s.block).map_or(0, |b| b.txids.len());
                s.announce = format!("{n} transactions; proving transaction {}.", s.tx);
            }
            BtcAction::Tx(i) => {
                s.tx = i;
                s.rework();
                s.announce = format!("Proving transaction {}.", s.tx);
            }
            BtcAction::TamperTxid => {
                s.tamper.txid = !s.tamper.txid;
                s.rework();
                s.announce = if s.tamper.txid {
                    "One bit of the txid flipped.".into()
                } else {
                    "Txid restored.".into()
                };
            }
            BtcAction::TamperSibling(k) => {
                s.tamper.sibling = if s.tamper.sibling == Some(k) {
                    None
                } else {
                    Some(k)
                };
                s.rework();
                s.announce = match s.tamper.sibling {
                    Some(k) => format!("One bit of sibling {} flipped.", k + 1),
                    None => "Sibling restored.".into(),
                };
            }
            BtcAction::Untamper => {
                if !s.tamper.any() {
                    s.announce = "Nothing to undo.".into();
                    return;
                }
                s.tamper = Tamper::default();
                s.rework();
                s.announce = "Tampering undone.".into();
            }
            BtcAction::Step => {
                if s.finished() {
                    s.playing = false;
                    return;
                }
                s.step += 1;
                if let Ok(w) = s.worked.as_ref() {
                    s.announce = if s.step > w.proof_hashes() {
                        if w.check.ok {
                            "Computed root equals the header's root: the transaction is in the block.".into()
                        } else {
                            "Computed root differs from the header's root: verification fails."
                                .into()
                        }
                    } else {
                        format!("Hashed level {}.", s.step - 1)
                    };
                }
                if s.finished() {
                    s.playing = false;
                }
            }
            BtcAction::TogglePlay => {
                if s.finished() && !s.playing {
                    return;
                }
                s.playing = !s.playing;
            }
            BtcAction::Reset => {
                s.step = 0;
                s.playing = false;
                s.announce = "Verification rewound.".into();
            }
        }
    }
}

/// The Bitcoin tab: the proof being checked and the speed of its player.
pub struct BitcoinProof {
    state: BtcState,
    /// Speed of the player (1 = one step a second).
    speed: f64,
}

impl BitcoinProof {
    /// Block of height `block` (default: the first block with an odd number of
    /// transactions, where a node pairs with itself), proving transaction `tx`
    /// (default: the block's, clamped to it).
    pub fn new(block: Option<u64>, tx: Option<usize>) -> Self {
        let block = block
            .and_then(super::proof::block_index)
            .unwrap_or_else(|| {
                BLOCKS
                    .iter()
                    .position(|b| b.txids.len() % 2 == 1)
                    .unwrap_or(0)
            });
        BitcoinProof {
            state: BtcState::new(block, tx),
            speed: 1.0,
        }
    }
}

impl TextApp for BitcoinProof {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        view(&mut o, &self.state, self.speed);
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        let i = num_attr(el, "data-i");
        self.state.apply(match act {
            // A menu acts on `change` (as it did), not on each `input`.
            "block" if ev.type_() == "change" => match value_of(el).parse() {
                Ok(b) => BtcAction::Block(b),
                Err(_) => return false,
            },
            "speed" if ev.type_() == "change" => {
                self.speed = speed_of(el);
                return true;
            }
            "tx" => BtcAction::Tx(i),
            "txid" => BtcAction::TamperTxid,
            "sibling" => BtcAction::TamperSibling(i),
            "untamper" => BtcAction::Untamper,
            "play" => BtcAction::TogglePlay,
            "step" => BtcAction::Step,
            "reset" => BtcAction::Reset,
            _ => return false,
        });
        true
    }

    fn tick_ms(&self) -> Option<u32> {
        self.state.playing.then(|| tick_ms(1000.0, self.speed))
    }

    fn tick(&mut self) -> bool {
        self.state.apply(BtcAction::Step);
        true
    }

    fn announce(&self) -> &str {
        &self.state.announce
    }
}

fn view(out: &mut Out, s: &BtcState, speed: f64) {
    let Some(block) = BLOCKS.get(s.block) else {
        out.s("<p class=\"dl-error\">No Bitcoin blocks are available.</p>");
        return;
    };
    let w = match s.worked.as_ref() {
        Ok(w) => w,
        Err(e) => {
            out.s("<p class=\"dl-error\">Block data could not be read: ")
                .t(e)
                .s("</p>");
            return;
        }
    };
    let n = block.txids.len();
    let k = w.proof_hashes();
    let finished = s.finished();

    out.s("<div class=\"dluc-btc\"><p class=\"dluc-lede\">A block header commits to all its transactions through one Merkle root. A light wallet that has the header checks that a transaction is in the block from the few sibling hashes on its path — not the whole block.</p><div class=\"dl-row dluc-settings\"><label>Block <select data-testid=\"btc-block\" data-act=\"block\">");
    for (i, b) in BLOCKS.iter().enumerate() {
        out.s("<option value=\"")
            .n(i)
            .s("\"")
            .when(i == s.block, " selected")
            .s(">#")
            .t(&b.height.to_string())
            .s(" — ")
            .n(b.txids.len())
            .s(" transactions")
            .when(b.txids.len() % 2 == 1, " (odd)")
            .s("</option>");
    }
    out.s("</select></label></div>");

    out.s("<dl class=\"dluc-readouts\"><div><dt>Block hash (as explorers show it)</dt><dd><code class=\"dluc-hex\">")

        .t(block.hash)
        .s("</code></dd></div><div><dt>Merkle root in the header (as explorers show it)</dt><dd><code class=\"dluc-hex\" data-testid=\"btc-header-root\">")
        .t(block.merkle_root)
        .s("</code></dd></div></dl><fieldset class=\"dluc-txs\"><legend>Transaction to prove</legend><ul class=\"dluc-txlist\">");
    for (i, t) in block.txids.iter().enumerate() {
        let on = i == w.tx;
        out.s("<li><button type=\"button\" class=\"dluc-tx")
            .when(on, " dluc-file-on")
            .s("\" aria-pressed=\"")
            .s(if on { "true" } else { "false" })
            .s("\" data-act=\"tx\" data-i=\"")
            .n(i)
            .s("\" data-testid=\"btc-tx-")
            .n(i)
            .s("\" aria-label=\"Transaction ")
            .n(i)
            .when(i == 0, ", coinbase")
            .s(": txid ")
            .t(t)
            .s("\"><span>tx")
            .n(i)
            .s("</span><code>")
            .t(t.get(..12).unwrap_or(t))
            .s("…</code>")
            .when(i == 0, "<span class=\"dl-muted\">coinbase</span>")
            .s("</button></li>");
    }
    out.s("</ul></fieldset>");

    out.s("<figure class=\"dluc-figure\">");
    scroll_box_start(&mut out.0, "dluc-scroll", "", "btc-tree");
    tree_svg(out, s, w);
    scroll_box_end(&mut out.0);
    out.s("<figcaption class=\"dl-muted\"><span class=\"dluc-key dluc-b-path\">path of the transaction</span><span class=\"dluc-key dluc-b-sib\">sibling sent in the proof (numbered)</span><span class=\"dluc-key dluc-b-ghost\">copy: odd level, last node paired with itself</span></figcaption></figure>");
    out
        .s("<p class=\"dluc-proofsize\" data-testid=\"btc-proof-size\">Proof size: ")
        .n(k)
        .s(if k == 1 { " hash = " } else { " hashes = " })
        .n(k * HASH_BYTES)
        .s(" bytes, against all ")
        .n(n)
        .s(" txids = ")
        .n(n * HASH_BYTES)
        .s(" bytes. (⌈log₂ ")
        .n(n)
        .s("⌉ = ")
        .n(ceil_log2(n))
        .s(".)</p><div class=\"dl-row dluc-tamper\" role=\"group\" aria-label=\"Tamper: flip one bit of\"><span aria-hidden=\"true\">Tamper (flip one bit):</span><button type=\"button\" class=\"dl-btn dl-toggle\" aria-pressed=\"")
        .s(if s.tamper.txid { "true" } else { "false" })
        .s("\" aria-label=\"Tamper with the txid\" data-testid=\"btc-tamper-txid\" data-act=\"txid\">txid</button>");
    for i in 0..k {
        out.s("<button type=\"button\" class=\"dl-btn dl-toggle\" aria-pressed=\"")
            .s(if s.tamper.sibling == Some(i) {
                "true"
            } else {
                "false"
            })
            .s("\" aria-label=\"Tamper with sibling ")
            .n(i + 1)
            .s("\" data-testid=\"btc-tamper-sibling-")
            .n(i)
            .s("\" data-act=\"sibling\" data-i=\"")
            .n(i)
            .s("\">sibling ")
            .n(i + 1)
            .s("</button>");
    }
    // Always present (aria-disabled, not removed, when there is nothing to undo): a
    // button that vanished when pressed would drop keyboard focus to the page.
    out
        .s("<button type=\"button\" class=\"dl-btn\" aria-disabled=\"")
        .s(if s.tamper.any() { "false" } else { "true" })
        .s("\" aria-label=\"Undo all tampering\" data-testid=\"btc-untamper\" data-act=\"untamper\">Undo</button></div>");
    play_controls(
        &mut out.0,
        s.playing,
        finished,
        Some(speed),
        "verification",
        "btc",
    );

    out
        .s("<ol class=\"dluc-steps\" start=\"0\"><li class=\"dluc-step dluc-step-done\"><div>Start from tx")
        .n(w.tx)
        .s("'s id. Explorers print it byte-reversed; hashing uses the bytes the other way round:</div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">shown</span><code class=\"dluc-hex\">")
        .s(&internal_to_display(&w.leaf))
        .s("</code></div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">internal</span><code class=\"dluc-hex")
        .when(s.tamper.txid, " dluc-bad")
        .s("\">")
        .s(&to_hex(&w.leaf))
        .s("</code></div>")
        .when(
            s.tamper.txid,
            "<div class=\"dluc-note\">Tampered: one bit flipped.</div>",
        )
        .s("</li>");
    for (i, (st, info)) in w.check.steps.iter().zip(&w.info).enumerate() {
        let done = s.step > i;
        let (ours, theirs) = if info.sibling_on_left {
            (st.right, st.left)
        } else {
            (st.left, st.right)
        };
        let (mine, other) = if info.sibling_on_left {
            ("right", "left")
        } else {
            ("left", "right")
        };
        out
            .s(if done {
                "<li class=\"dluc-step dluc-step-done\" data-testid=\"btc-step-"
            } else {
                "<li class=\"dluc-step dluc-step-todo\" data-testid=\"btc-step-"
            })
            .n(i + 1)
            .s("\"><div><strong>Level ")
            .n(info.level)
            .s(": </strong><code>SHA-256(SHA-256(left ‖ right))</code></div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">")
            .s(mine)
            .s("</span>")
            .hash(&ours, 16, &["level ", &num(info.level), " running hash"].concat())
            .s(if i == 0 {
                "<span class=\"dl-muted\">the txid</span>"
            } else {
                "<span class=\"dl-muted\">the hash so far</span>"
            })
            .s("</div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">")
            .s(other)
            .s(if info.tampered {
                "</span><span class=\"dluc-bad\">"
            } else {
                "</span><span>"
            })
            .hash(&theirs, 16, &["sibling ", &num(i + 1)].concat());
        if info.duplicated {
            out.s("</span><span class=\"dluc-dup\">copy of itself — no right neighbour on this odd level, so Bitcoin pairs the node with itself</span>");
        } else {
            out.s("</span><span class=\"dl-muted\">sibling ")
                .n(i + 1)
                .s(" from the proof, on the ")
                .s(other)
                .s("</span>");
        }
        out.when(info.tampered, "<span class=\"dluc-bad\"> (tampered)</span>")
            .s("</div>");
        if done {
            out.s("<div class=\"dluc-hashline\"><span class=\"dluc-tag\">= parent</span>")
                .hash(
                    &st.parent,
                    16,
                    &["level ", &num(info.level + 1), " parent"].concat(),
                )
                .s("</div>");
        }
        out.s("</li>");
    }
    out.s(if finished {
        "<li class=\"dluc-step dluc-step-done\">"
    } else {
        "<li class=\"dluc-step dluc-step-todo\">"
    })
    .s("<div><strong>Compare with the header</strong></div>");
    let ok = w.check.ok;
    if finished {
        let computed = w.computed_display();
        out
            .s("<div class=\"dluc-hashline\"><span class=\"dluc-tag\">computed</span><code class=\"dluc-hex\">")
            .s(&to_hex(&w.check.computed_root))
            .s("</code><span class=\"dl-muted\">internal order</span></div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">reversed</span><code class=\"dluc-hex ")
            .s(if ok { "dluc-good" } else { "dluc-bad" })
            .s("\" data-testid=\"btc-computed-root\" data-hex=\"")
            .t(&computed)
            .s("\">")
            .t(&computed)
            .s("</code></div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">header</span><code class=\"dluc-hex\">")
            .t(block.merkle_root)
            .s("</code></div><p class=\"dl-muted\">Explorers print the root byte-reversed, so the computed root is reversed before comparing.</p>");
    } else {
        out.s("<div class=\"dl-muted\" data-testid=\"btc-computed-root\" data-hex=\"\">Not computed yet.</div>");
    }
    out
        .s("<p><span class=\"dl-badge")
        .s(if !finished {
            " \" data-testid=\"btc-verdict\" data-ok=\"\">pending"
        } else if ok {
            " dl-badge-ok\" data-testid=\"btc-verdict\" data-ok=\"true\">✓ verified: the transaction is in this block"
        } else {
            " dl-badge-bad\" data-testid=\"btc-verdict\" data-ok=\"false\">✗ fails: the proof does not lead to the header's root"
        })
        .s("</span></p></li></ol>");

    out.s("</div>");
}

/// The block's tree: the proved path, the proof's siblings, and dashed copies where an
/// odd level pairs its last node with itself.
fn tree_svg(o: &mut Out, s: &BtcState, w: &Worked) {
    const SLOT: f64 = 60.0;
    const GAP: f64 = 52.0;
    const NODE_H: f64 = 24.0;
    let levels = w.tree.levels();
    let height_levels = levels.len();
    let top = height_levels.saturating_sub(1);
    // Compact layout in slot units: leaves side by side, a level's dashed copy one slot
    // right of its last node, every parent centred over its two children.
    let mut xs: Vec<Vec<f64>> = Vec::with_capacity(height_levels);
    for (level, row) in levels.iter().enumerate() {
        let mut x: Vec<f64> = if level == 0 {
            (0..row.len()).map(|i| i as f64).collect()
        } else {
            let below = &xs[level - 1];
            (0..row.len())
                .map(|i| {
                    let l = below.get(2 * i).copied().unwrap_or_default();
                    (l + below.get(2 * i + 1).copied().unwrap_or(l)) / 2.0
                })
                .collect()
        };
        if row.len() % 2 == 1 && row.len() > 1 {
            x.push(x.last().copied().unwrap_or_default() + 1.0);
        }
        xs.push(x);
    }
    let max_x = xs.iter().flatten().fold(0.0f64, |m, &v| m.max(v));
    let view_w = (max_x + 1.0) * SLOT;
    let x_of = |level: usize, i: usize| {
        (xs.get(level)
            .and_then(|r| r.get(i))
            .copied()
            .unwrap_or_default()
            + 0.5)
            * SLOT
    };
    let y_of = |level: usize| 14.0 + GAP * (top - level) as f64;
    let nw = SLOT - 8.0;
    // Siblings used by the proof: (level, index) with the proof step number.
    let sibling_of = |level: usize| -> Option<(usize, usize)> {
        let k = w.info.iter().position(|i| i.level == level)?;
        let idx = (w.tx >> level) ^ 1;
        let width = levels.get(level).map_or(0, Vec::len);
        Some((k, if idx < width { idx } else { width }))
    };
    let h = y_of(0) + NODE_H + 8.0;
    o.s("<svg class=\"dl-svg dluc-tree\" viewBox=\"0 0 ")
        .c(view_w)
        .s(" ")
        .c(h)
        .s("\" role=\"img\" style=\"min-width: ")
        .c((view_w * 0.75).min(480.0))
        .s("px; max-width: ")
        .c(view_w * 1.3)
        .s("px\" aria-label=\"Merkle tree of ")
        .n(levels.first().map_or(0, Vec::len))
        .s(" transactions; the path of tx")
        .n(w.tx)
        .s(" and its ")
        .n(w.proof_hashes())
        .s(" proof siblings are highlighted\">");
    let mut nodes = Out::default();
    for (level, row) in levels.iter().enumerate() {
        let odd = row.len() % 2 == 1 && row.len() > 1;
        let count = row.len() + usize::from(odd);
        for i in 0..count {
            let ghost = i == row.len();
            let (x, y) = (x_of(level, i), y_of(level));
            if level + 1 < height_levels {
                o.s(if ghost {
                    "<line class=\"dluc-edge dluc-edge-ghost\" x1=\""
                } else {
                    "<line class=\"dluc-edge\" x1=\""
                })
                .c(x)
                .s("\" y1=\"")
                .c(y)
                .s("\" x2=\"")
                .c(x_of(level + 1, i / 2))
                .s("\" y2=\"")
                .c(y_of(level + 1) + NODE_H)
                .s("\"/>");
            }
            let on_path = !ghost && i == w.tx >> level;
            let computed = on_path && (level == 0 || s.step >= level);
            let sib = sibling_of(level).filter(|(_, idx)| *idx == i);
            let tampered = sib.is_some_and(|(k, _)| w.info.get(k).is_some_and(|inf| inf.tampered))
                || (on_path && level == 0 && s.tamper.txid);
            let is_root = level == top && !ghost;
            let verdict = is_root && s.finished();
            nodes
                .s("<g class=\"dluc-node")
                .when(on_path, " dluc-b-path")
                .when(computed, " dluc-b-computed")
                .when(sib.is_some(), " dluc-b-sib")
                .when(ghost, " dluc-b-ghost")
                .when(tampered, " dluc-b-bad")
                .when(verdict && w.check.ok, " dluc-n-same")
                .when(verdict && !w.check.ok, " dluc-n-diff")
                .s("\"><rect x=\"")
                .c(x - nw / 2.0)
                .s("\" y=\"")
                .c(y)
                .s("\" width=\"")
                .c(nw)
                .s("\" height=\"24\" rx=\"4\"/><text x=\"")
                .c(x)
                .s("\" y=\"")
                .c(y + 16.0)
                .s("\" text-anchor=\"middle\">");
            if ghost {
                nodes.s("copy");
            } else if level == 0 {
                nodes.s("tx").n(i);
            } else if is_root {
                nodes.s("root");
            } else {
                nodes.s(short_hex(&row[i], 4).trim_end_matches('…'));
            }
            nodes.s("</text>");
            if let Some((k, _)) = sib {
                nodes
                    .s("<text class=\"dluc-sibno\" x=\"")
                    .c(x + nw / 2.0 - 2.0)
                    .s("\" y=\"")
                    .c(y - 3.0)
                    .s("\" text-anchor=\"end\">")
                    .n(k + 1)
                    .s("</text>");
            }
            nodes.s("</g>");
        }
    }
    o.s(&nodes.0).s("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_ends_with_the_verdict() {
        for b in 0..BLOCKS.len() {
            let mut s = BtcState::new(b, None);
            let total = s.total_steps();
            for _ in 0..total + 3 {
                s.apply(BtcAction::Step);
            }
            assert!(s.finished());
            assert_eq!(s.step, total);
            let w = s.worked.as_ref().as_ref().unwrap();
            assert!(w.check.ok);
            s.apply(BtcAction::TamperSibling(0));
            assert_eq!(s.step, 0);
            assert!(!s.worked.as_ref().as_ref().unwrap().check.ok);
            s.apply(BtcAction::TamperSibling(0));
            assert!(s.worked.as_ref().as_ref().unwrap().check.ok);
        }
    }

    #[test]
    fn out_of_range_choices_are_clamped() {
        let s = BtcState::new(99, Some(99));
        assert_eq!(s.block, BLOCKS.len() - 1);
        assert_eq!(s.tx, BLOCKS[s.block].txids.len() - 1);
    }
}
