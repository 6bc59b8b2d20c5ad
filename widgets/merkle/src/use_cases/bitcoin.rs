//! The Bitcoin tab: prove one transaction of a real block with a handful of hashes.
//!
//! The reader picks a block and a transaction; the tree shows the path to the root and
//! the siblings the proof carries (a dashed *copy* where an odd level pairs its last
//! node with itself). Verification replays one `SHA-256(SHA-256(left ‖ right))` per step
//! and ends comparing the computed root — byte-reversed, as explorers print it — with
//! the root in the block header. Tampering with the txid or a sibling makes it fail.

use super::proof::{ceil_log2, default_tx, Tamper, Worked, HASH_BYTES};
use distlab_core::bitcoin::{internal_to_display, BLOCKS};
use distlab_core::hash::{short_hex, to_hex};
use distlab_kit::controls::{live_region, use_ticker, HashText, PlayControls};
use distlab_kit::scrollbox::ScrollBox;
use std::rc::Rc;
use yew::prelude::*;

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

impl Reducible for BtcState {
    type Action = BtcAction;

    fn reduce(self: Rc<Self>, action: BtcAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            BtcAction::Block(i) => {
                s = BtcState::new(i, None);
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
                    return Rc::new(s);
                }
                s.tamper = Tamper::default();
                s.rework();
                s.announce = "Tampering undone.".into();
            }
            BtcAction::Step => {
                if s.finished() {
                    s.playing = false;
                    return Rc::new(s);
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
                    return self;
                }
                s.playing = !s.playing;
            }
            BtcAction::Reset => {
                s.step = 0;
                s.playing = false;
                s.announce = "Verification rewound.".into();
            }
        }
        Rc::new(s)
    }
}

/// Props of [`BitcoinProof`].
#[derive(Properties, PartialEq)]
pub struct BitcoinProofProps {
    /// Block height to show first.
    pub block: Option<u64>,
    /// Transaction index to prove first (clamped to the block).
    pub tx: Option<usize>,
}

/// The Bitcoin tab.
#[function_component(BitcoinProof)]
pub fn bitcoin_proof(p: &BitcoinProofProps) -> Html {
    let state = {
        let block = p
            .block
            .and_then(super::proof::block_index)
            .unwrap_or_else(|| {
                BLOCKS
                    .iter()
                    .position(|b| b.txids.len() % 2 == 1)
                    .unwrap_or(0)
            });
        let tx = p.tx;
        use_reducer(move || BtcState::new(block, tx))
    };
    let speed = use_state(|| 1.0f64);
    use_ticker(state.playing, *speed, 1000.0, {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(BtcAction::Step))
    });
    let s = &*state;
    let Some(block) = BLOCKS.get(s.block) else {
        return html! { <p class="dl-error">{ "No Bitcoin blocks are available." }</p> };
    };
    let w = match s.worked.as_ref() {
        Ok(w) => w,
        Err(e) => {
            return html! { <p class="dl-error">{ format!("Block data could not be read: {e}") }</p> }
        }
    };
    let act = |a: BtcAction| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a.clone()))
    };
    let on_block = {
        let state = state.clone();
        distlab_kit::controls::on_select_index(move |i| state.dispatch(BtcAction::Block(i)))
    };
    let n = block.txids.len();
    let k = w.proof_hashes();
    let finished = s.finished();
    let computed = w.computed_display();

    html! {
        <div class="dluc-btc">
            <p class="dluc-lede">
                { "A block header commits to all its transactions through one Merkle root. A light wallet that has the header \
                   checks that a transaction is in the block from the few sibling hashes on its path — not the whole block." }
            </p>
            <div class="dl-row dluc-settings">
                <label>{ "Block " }
                    <select onchange={on_block} data-testid="btc-block">
                        { for BLOCKS.iter().enumerate().map(|(i, b)| html! {
                            <option value={i.to_string()} selected={i == s.block}>
                                { format!("#{} — {} transactions{}", b.height, b.txids.len(),
                                    if b.txids.len() % 2 == 1 { " (odd)" } else { "" }) }
                            </option>
                        }) }
                    </select>
                </label>
            </div>
            <dl class="dluc-readouts">
                <div>
                    <dt>{ "Block hash (as explorers show it)" }</dt>
                    <dd><code class="dluc-hex">{ block.hash }</code></dd>
                </div>
                <div>
                    <dt>{ "Merkle root in the header (as explorers show it)" }</dt>
                    <dd><code class="dluc-hex" data-testid="btc-header-root">{ block.merkle_root }</code></dd>
                </div>
            </dl>

            <fieldset class="dluc-txs">
                <legend>{ "Transaction to prove" }</legend>
                <ul class="dluc-txlist">
                    { for block.txids.iter().enumerate().map(|(i, t)| html! {
                        <li>
                            <button type="button" class={classes!("dluc-tx", (i == w.tx).then_some("dluc-file-on"))}
                                aria-pressed={(i == w.tx).to_string()} data-testid={format!("btc-tx-{i}")}
                                aria-label={format!("Transaction {i}{}: txid {t}", if i == 0 { ", coinbase" } else { "" })}
                                onclick={act(BtcAction::Tx(i))}>
                                <span>{ format!("tx{i}") }</span>
                                <code>{ format!("{}…", &t[..12.min(t.len())]) }</code>
                                if i == 0 { <span class="dl-muted">{ "coinbase" }</span> }
                            </button>
                        </li>
                    }) }
                </ul>
            </fieldset>

            { tree_svg(s, w) }

            <p class="dluc-proofsize" data-testid="btc-proof-size">
                { format!("Proof size: {k} hash{} = {} bytes, against all {n} txids = {} bytes. (⌈log₂ {n}⌉ = {}.)",
                    if k == 1 { "" } else { "es" }, k * HASH_BYTES, n * HASH_BYTES, ceil_log2(n)) }
            </p>

            <div class="dl-row dluc-tamper" role="group" aria-label="Tamper: flip one bit of">
                <span aria-hidden="true">{ "Tamper (flip one bit):" }</span>
                <button type="button" class="dl-btn dl-toggle" aria-pressed={s.tamper.txid.to_string()}
                    aria-label="Tamper with the txid" data-testid="btc-tamper-txid" onclick={act(BtcAction::TamperTxid)}>
                    { "txid" }
                </button>
                { for (0..k).map(|i| html! {
                    <button type="button" class="dl-btn dl-toggle" aria-pressed={(s.tamper.sibling == Some(i)).to_string()}
                        aria-label={format!("Tamper with sibling {}", i + 1)}
                        data-testid={format!("btc-tamper-sibling-{i}")} onclick={act(BtcAction::TamperSibling(i))}>
                        { format!("sibling {}", i + 1) }
                    </button>
                }) }
                // Always present (aria-disabled, not removed, when there is nothing to undo):
                // a button that vanished when pressed would drop keyboard focus to the page.
                <button type="button" class="dl-btn" aria-disabled={(!s.tamper.any()).to_string()}
                    aria-label="Undo all tampering" data-testid="btc-untamper" onclick={act(BtcAction::Untamper)}>{ "Undo" }</button>
            </div>

            <PlayControls playing={s.playing} finished={finished} label="verification"
                on_toggle={{ let st = state.clone(); Callback::from(move |_| st.dispatch(BtcAction::TogglePlay)) }}
                on_step={{ let st = state.clone(); Callback::from(move |_| st.dispatch(BtcAction::Step)) }}
                on_reset={{ let st = state.clone(); Callback::from(move |_| st.dispatch(BtcAction::Reset)) }}
                speed={Some(*speed)}
                on_speed={{ let sp = speed.clone(); Callback::from(move |v| sp.set(v)) }} />

            <ol class="dluc-steps" start="0">
                <li class="dluc-step dluc-step-done">
                    <div>{ format!("Start from tx{}'s id. Explorers print it byte-reversed; hashing uses the bytes the other way round:", w.tx) }</div>
                    <div class="dluc-hashline"><span class="dluc-tag">{ "shown" }</span>
                        <code class="dluc-hex">{ internal_to_display(&w.leaf) }</code></div>
                    <div class="dluc-hashline"><span class="dluc-tag">{ "internal" }</span>
                        <code class={classes!("dluc-hex", s.tamper.txid.then_some("dluc-bad"))}>{ to_hex(&w.leaf) }</code></div>
                    if s.tamper.txid {
                        <div class="dluc-note">{ "Tampered: one bit flipped." }</div>
                    }
                </li>
                { for w.check.steps.iter().zip(&w.info).enumerate().map(|(i, (st, info))| {
                    let done = s.step > i;
                    let (ours, theirs) = if info.sibling_on_left { (st.right, st.left) } else { (st.left, st.right) };
                    let sib_label = if info.duplicated {
                        "copy of itself — no right neighbour on this odd level, so Bitcoin pairs the node with itself".to_string()
                    } else {
                        format!("sibling {} from the proof, on the {}", i + 1, if info.sibling_on_left { "left" } else { "right" })
                    };
                    html! {
                        <li class={classes!("dluc-step", if done { "dluc-step-done" } else { "dluc-step-todo" })}
                            data-testid={format!("btc-step-{}", i + 1)}>
                            <div><strong>{ format!("Level {}: ", info.level) }</strong>
                                <code>{ "SHA-256(SHA-256(left ‖ right))" }</code></div>
                            <div class="dluc-hashline">
                                <span class="dluc-tag">{ if info.sibling_on_left { "right" } else { "left" } }</span>
                                <HashText bytes={ours.to_vec()} chars={16} label={format!("level {} running hash", info.level)} />
                                <span class="dl-muted">{ if i == 0 { "the txid" } else { "the hash so far" } }</span>
                            </div>
                            <div class="dluc-hashline">
                                <span class="dluc-tag">{ if info.sibling_on_left { "left" } else { "right" } }</span>
                                <span class={classes!(info.tampered.then_some("dluc-bad"))}>
                                    <HashText bytes={theirs.to_vec()} chars={16} label={format!("sibling {}", i + 1)} />
                                </span>
                                <span class={classes!(if info.duplicated { "dluc-dup" } else { "dl-muted" })}>{ sib_label }</span>
                                if info.tampered { <span class="dluc-bad">{ " (tampered)" }</span> }
                            </div>
                            if done {
                                <div class="dluc-hashline">
                                    <span class="dluc-tag">{ "= parent" }</span>
                                    <HashText bytes={st.parent.to_vec()} chars={16} label={format!("level {} parent", info.level + 1)} />
                                </div>
                            }
                        </li>
                    }
                }) }
                <li class={classes!("dluc-step", if finished { "dluc-step-done" } else { "dluc-step-todo" })}>
                    <div><strong>{ "Compare with the header" }</strong></div>
                    if finished {
                        <div class="dluc-hashline"><span class="dluc-tag">{ "computed" }</span>
                            <code class="dluc-hex">{ to_hex(&w.check.computed_root) }</code>
                            <span class="dl-muted">{ "internal order" }</span></div>
                        <div class="dluc-hashline"><span class="dluc-tag">{ "reversed" }</span>
                            <code class={classes!("dluc-hex", if w.check.ok { "dluc-good" } else { "dluc-bad" })}
                                data-testid="btc-computed-root" data-hex={computed.clone()}>{ computed.clone() }</code></div>
                        <div class="dluc-hashline"><span class="dluc-tag">{ "header" }</span>
                            <code class="dluc-hex">{ block.merkle_root }</code></div>
                        <p class="dl-muted">{ "Explorers print the root byte-reversed, so the computed root is reversed before comparing." }</p>
                    } else {
                        <div class="dl-muted" data-testid="btc-computed-root" data-hex="">{ "Not computed yet." }</div>
                    }
                    <p>
                        <span class={classes!("dl-badge", if !finished { "" } else if w.check.ok { "dl-badge-ok" } else { "dl-badge-bad" })}
                            data-testid="btc-verdict" data-ok={if finished { w.check.ok.to_string() } else { String::new() }}>
                            { if !finished { "pending" } else if w.check.ok { "✓ verified: the transaction is in this block" } else { "✗ fails: the proof does not lead to the header's root" } }
                        </span>
                    </p>
                </li>
            </ol>
            { live_region(s.announce.clone()) }
        </div>
    }
}

/// The block's tree: the proved path, the proof's siblings, and dashed copies where an
/// odd level pairs its last node with itself.
fn tree_svg(s: &BtcState, w: &Worked) -> Html {
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
    let node_w = |_level: usize| SLOT - 8.0;
    // Siblings used by the proof: (level, index) with the proof step number.
    let sibling_of = |level: usize| -> Option<(usize, usize)> {
        let k = w.info.iter().position(|i| i.level == level)?;
        let idx = (w.tx >> level) ^ 1;
        let width = levels.get(level).map_or(0, Vec::len);
        Some((k, if idx < width { idx } else { width }))
    };
    let mut edges = Vec::new();
    let mut nodes = Vec::new();
    for (level, row) in levels.iter().enumerate() {
        let odd = row.len() % 2 == 1 && row.len() > 1;
        let count = row.len() + usize::from(odd);
        for i in 0..count {
            let ghost = i == row.len();
            let (x, y) = (x_of(level, i), y_of(level));
            if level + 1 < height_levels {
                edges.push(
                    html! { <line class={classes!("dluc-edge", ghost.then_some("dluc-edge-ghost"))}
                    x1={distlab_kit::numfmt::coord(x)} y1={distlab_kit::numfmt::coord(y)} x2={distlab_kit::numfmt::coord(x_of(level + 1, i / 2))}
                    y2={distlab_kit::numfmt::coord(y_of(level + 1) + NODE_H)} /> },
                );
            }
            let on_path = !ghost && i == w.tx >> level;
            let computed = on_path && (level == 0 || s.step >= level);
            let sib = sibling_of(level).filter(|(_, idx)| *idx == i);
            let tampered = sib.is_some_and(|(k, _)| w.info.get(k).is_some_and(|inf| inf.tampered))
                || (on_path && level == 0 && s.tamper.txid);
            let is_root = level == top && !ghost;
            let verdict = is_root && s.finished();
            let class = classes!(
                "dluc-node",
                on_path.then_some("dluc-b-path"),
                computed.then_some("dluc-b-computed"),
                sib.is_some().then_some("dluc-b-sib"),
                ghost.then_some("dluc-b-ghost"),
                tampered.then_some("dluc-b-bad"),
                verdict.then_some(if w.check.ok {
                    "dluc-n-same"
                } else {
                    "dluc-n-diff"
                }),
            );
            let label = if ghost {
                "copy".to_string()
            } else if level == 0 {
                format!("tx{i}")
            } else if is_root {
                "root".to_string()
            } else {
                short_hex(&row[i], 4).trim_end_matches('…').to_string()
            };
            let nw = node_w(level);
            nodes.push(html! {
                <g class={class}>
                    <rect x={distlab_kit::numfmt::coord(x - nw / 2.0)} y={distlab_kit::numfmt::coord(y)} width={distlab_kit::numfmt::coord(nw)}
                        height={distlab_kit::numfmt::coord(NODE_H)} rx="4" />
                    <text x={distlab_kit::numfmt::coord(x)} y={distlab_kit::numfmt::coord(y + 16.0)} text-anchor="middle">{ label }</text>
                    if let Some((k, _)) = sib {
                        <text class="dluc-sibno" x={distlab_kit::numfmt::coord(x + nw / 2.0 - 2.0)} y={distlab_kit::numfmt::coord(y - 3.0)}
                            text-anchor="end">{ format!("{}", k + 1) }</text>
                    }
                </g>
            });
        }
    }
    let h = y_of(0) + NODE_H + 8.0;
    html! {
        <figure class="dluc-figure">
            <ScrollBox class="dluc-scroll">
                <svg class="dl-svg dluc-tree" viewBox={format!("0 0 {} {}", distlab_kit::numfmt::coord(view_w), distlab_kit::numfmt::coord(h))} role="img"
                    style={format!("min-width: {}px; max-width: {}px", distlab_kit::numfmt::coord((view_w * 0.75).min(480.0)), distlab_kit::numfmt::coord(view_w * 1.3))}
                    aria-label={format!("Merkle tree of {} transactions; the path of tx{} and its {} proof siblings are highlighted",
                        levels.first().map_or(0, Vec::len), w.tx, w.proof_hashes())}>
                    { for edges }
                    { for nodes }
                </svg>
            </ScrollBox>
            <figcaption class="dl-muted">
                <span class="dluc-key dluc-b-path">{ "path of the transaction" }</span>
                <span class="dluc-key dluc-b-sib">{ "sibling sent in the proof (numbered)" }</span>
                <span class="dluc-key dluc-b-ghost">{ "copy: odd level, last node paired with itself" }</span>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepping_ends_with_the_verdict() {
        for b in 0..BLOCKS.len() {
            let mut s = Rc::new(BtcState::new(b, None));
            let total = s.total_steps();
            for _ in 0..total + 3 {
                s = s.reduce(BtcAction::Step);
            }
            assert!(s.finished());
            assert_eq!(s.step, total);
            let w = s.worked.as_ref().as_ref().unwrap();
            assert!(w.check.ok);
            let s = s.reduce(BtcAction::TamperSibling(0));
            assert_eq!(s.step, 0);
            assert!(!s.worked.as_ref().as_ref().unwrap().check.ok);
            let s = s.reduce(BtcAction::TamperSibling(0));
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
