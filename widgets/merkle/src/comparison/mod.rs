//! # `merkle-tree-comparison-widget`: find what differs between two replicas
//!
//! Two replicas, A and B, hold the same rows (8–64 blocks). The reader makes B diverge —
//! edits, corrupts or drops blocks, or simulates a partition that makes B miss k
//! seeded-random writes — then presses Compare and watches the top-down walk of
//! [`distlab_core::merkle::diff`]: equal subtrees pruned with a ✓, differing ones
//! opened, down to the blocks that differ. A counter puts the hash comparisons next to
//! brute force's n, and a small table of real diffs shows the cost growing like
//! k·log₂ n. Repair copies the differing blocks from A to B and the roots match again.
//!
//! One merged tree is drawn: each node carries A's hash over B's, so the eye compares
//! the same node of both replicas in one place.
//!
//! A slider changes the block count on the page; [`scale`] carries the same walk to the
//! post's example (100 million blocks, 100 differing) in comparisons and bytes. Compare
//! only compares the roots: the reader goes on with Play or Step, and the live region
//! speaks once per action (a playback announces its start and its result).
//!
//! Options (`data-*`): `blocks` (initial block count, 8–64, default 16), `seed` (default
//! 7), `k` (blocks a partition diverges, 1–4, default 2).
//!
//! Test hooks: `blocks` (the slider), `comparisons`, `brute-force`, `differing` (comma
//! list), `root-a`, `root-b` (full hex in `data-hex`), `slot-{i}` (B's block buttons, with
//! `data-a` and `data-b` holding both replicas' text), `edit-block`, `walk-status`,
//! `leaf-{i}` (its `<title>` holds both leaf hashes), `scale-walk`, `scale-brute`,
//! `scale-walk-bytes`, `scale-brute-bytes`.

pub mod model;
pub mod scale;

use distlab_core::hash::{short_hex, to_hex};
use distlab_kit::controls::{live_region, option_messages, use_ticker, HashText, PlayControls};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use distlab_kit::scrollbox::ScrollBox;
use model::{
    leaf_span, Action, Config, Model, NodeState, MAX_BLOCKS, MAX_BLOCK_CHARS, MAX_K, MIN_BLOCKS,
};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-comparison-widget",
    title: "Merkle tree comparison",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Two replicas drift apart; compare their Merkle trees from the root down, skip \
              every equal subtree, and find the differing blocks in far fewer hash \
              comparisons than checking every block.",
    heights: &[(0, 3488), (700, 2098)],
    render,
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <MerkleComparison {config} /> }
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

/// Props of [`MerkleComparison`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// Milliseconds between walk steps at 1×.
const BASE_TICK_MS: f64 = 600.0;

/// The comparison widget.
#[function_component(MerkleComparison)]
pub fn merkle_comparison(props: &Props) -> Html {
    let state = use_reducer_eq({
        let config = props.config.clone();
        move || Model::new(&config)
    });
    use_ticker(state.playing, state.speed, BASE_TICK_MS, {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Tick))
    });
    let on = |a: Action| {
        let s = state.dispatcher();
        Callback::from(move |_: MouseEvent| s.dispatch(a.clone()))
    };
    let on_k = {
        let s = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            s.dispatch(Action::SetK(v.parse().unwrap_or(1)));
        })
    };
    let on_blocks = {
        let s = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(n) = v.parse() {
                s.dispatch(Action::SetBlocks(n));
            }
        })
    };
    let m: &Model = &state;
    let n = m.n();
    let done = m.walk_done() && m.shown > 0;
    let can_repair = done && !m.report.differing.is_empty();

    html! {
        <div class="mcmp">
            { option_messages(&props.config.messages) }
            <div class="mcmp-head">
                <h3>{ "Compare two replicas" }</h3>
                <p class="dl-muted">
                    { format!("Replicas A and B each hold the same {n} rows and build a Merkle tree over them. \
                       Make B drift, then compare the trees from the root down: an equal hash means the whole \
                       subtree below is identical and is skipped.") }
                </p>
            </div>

            <section class="mcmp-diverge" aria-label="Make replica B diverge">
                <label class="mcmp-field mcmp-blocks">{ "Blocks per replica " }
                    <input type="range" min={MIN_BLOCKS.to_string()} max={MAX_BLOCKS.to_string()} step="1"
                        value={n.to_string()} oninput={on_blocks} data-testid="blocks"
                        aria-label="Blocks per replica" aria-valuetext={format!("{n} blocks")} />
                    <output class="mcmp-num-out" aria-hidden="true">{ n }</output>
                </label>
                <div class="dl-row">
                    <button type="button" class="dl-btn" onclick={on(Action::Partition)}>{ "Simulate a partition" }</button>
                    <label class="mcmp-field">{ "B misses " }
                        <select onchange={on_k} aria-label="Writes B misses in a partition">
                            { for (1..=MAX_K).map(|k| html!{
                                <option value={k.to_string()} selected={k == m.k}>{ k }</option>
                            }) }
                        </select>
                        { if m.k == 1 { " write" } else { " writes" } }
                    </label>
                    <button type="button" class="dl-btn" onclick={on(Action::ResetB)}>{ "Reset B to A" }</button>
                </div>
                <p class="mcmp-change" data-testid="last-change">{ &m.last_change }</p>
                { slots(&state) }
                { edit_panel(&state) }
            </section>

            <section class="mcmp-walk" aria-label="The comparison">
                <div class="mcmp-walk-bar">
                    <button type="button" class="dl-btn dl-btn-primary" onclick={on(Action::Compare)}
                        data-testid="compare">{ "Compare" }</button>
                    <PlayControls playing={m.playing} finished={m.walk_done()}
                        on_toggle={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::TogglePlay)) }}
                        on_step={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::Step)) }}
                        on_reset={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::ResetWalk)) }}
                        speed={Some(m.speed)}
                        on_speed={{ let s = state.dispatcher(); Callback::from(move |v| s.dispatch(Action::SetSpeed(v))) }}
                        label="Walk" />
                    <button type="button" class="dl-btn mcmp-repair" onclick={on(Action::Repair)}
                        disabled={!can_repair} data-testid="repair">{ "Repair B" }</button>
                </div>
                <p class="mcmp-status" data-testid="walk-status" aria-live="off">{ m.describe_current() }</p>
                { trees(&state) }
                { legend() }
                { stats(m) }
            </section>
            { scale_readout(m) }
            { cost_chart(m) }
            { live_region(m.announce.clone()) }
        </div>
    }
}

/// B's blocks as buttons: pick one to edit, corrupt, drop or restore it.
fn slots(state: &UseReducerHandle<Model>) -> Html {
    let m: &Model = state;
    let found = if m.walk_done() && m.shown > 0 {
        m.report.differing.clone()
    } else {
        m.found_so_far()
    };
    html! {
        <div class="mcmp-slots-wrap">
            <p class="mcmp-slots-title">
                <strong>{ "Replica B's blocks" }</strong>
                <span class="dl-muted">{ " — pick one to change it" }</span>
            </p>
            <ol class="mcmp-slots" aria-label="Replica B's blocks">
                { for m.b.iter().enumerate().map(|(i, slot)| {
                    let s = state.dispatcher();
                    let selected = m.selected == Some(i);
                    let onclick = Callback::from(move |_: MouseEvent| {
                        s.dispatch(Action::Select(if selected { None } else { Some(i) }))
                    });
                    let a = m.a.get(i).cloned().unwrap_or_default();
                    let b = slot.clone();
                    let label = match &b {
                        Some(t) => format!("Block {i} on B: {t}"),
                        None => format!("Block {i} on B: dropped, empty slot"),
                    };
                    let class = classes!(
                        "mcmp-slot",
                        b.is_none().then_some("mcmp-slot-dropped"),
                        found.contains(&i).then_some("mcmp-slot-found"),
                        m.repaired.contains(&i).then_some("mcmp-slot-repaired"),
                        selected.then_some("mcmp-slot-selected"),
                    );
                    html! {
                        <li>
                            <button type="button" {class} {onclick} aria-label={label.clone()} title={label}
                                aria-pressed={selected.to_string()} data-testid={format!("slot-{i}")}
                                data-a={a} data-b={b.clone().unwrap_or_default()}
                                data-dropped={b.is_none().to_string()}>
                                { if b.is_none() { format!("{i} ∅") } else { i.to_string() } }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <p class="dl-muted mcmp-tombstone">
                { "∅ marks a dropped block. Its slot stays, empty, so both trees keep the same shape and node i \
                   of A is always compared with node i of B (real systems keep a tombstone for the same reason)." }
            </p>
        </div>
    }
}

/// The selected slot: A's text, B's text to edit, both leaf hashes, and quick changes.
///
/// The panel is always drawn, with its controls disabled while no block is picked, so
/// picking a block (or pressing Done) never makes the widget grow or shrink.
fn edit_panel(state: &UseReducerHandle<Model>) -> Html {
    let m: &Model = state;
    let picked = m.selected.filter(|&i| i < m.n());
    let i = picked.unwrap_or(0);
    let s = state.dispatcher();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        s.dispatch(Action::Edit(i, v));
    });
    let on = |a: Action| {
        let s = state.dispatcher();
        Callback::from(move |_: MouseEvent| s.dispatch(a.clone()))
    };
    let b = m.b.get(i).cloned().flatten();
    let a = m.a.get(i).cloned().unwrap_or_default();
    let same = b.as_deref() == Some(a.as_str());
    let off = picked.is_none();
    let leaf = |t: &distlab_core::merkle::MerkleTree| t.node(0, i).copied().unwrap_or_default();
    html! {
        <div class={classes!("mcmp-edit", "dl-panel", off.then_some("mcmp-edit-off"))} data-testid="edit-panel">
            <h4>
                if off {
                    { "No block picked" }
                    <span class="dl-muted mcmp-edit-hint">{ "pick one of B's blocks above, or a leaf of the tree" }</span>
                } else {
                    { format!("Block {i}") }
                    <span class={classes!("dl-badge", if same { "mcmp-badge-ok" } else { "mcmp-badge-bad" })}>
                        { if same { "same on A and B" } else if b.is_none() { "dropped on B" } else { "differs from A" } }
                    </span>
                }
            </h4>
            <p class="mcmp-edit-a">{ "On A: " }<code>{ if off { "—" } else { a.as_str() } }</code></p>
            <label class="mcmp-edit-b">{ "On B: " }
                <input type="text" data-testid="edit-block" value={if off { String::new() } else { b.clone().unwrap_or_default() }}
                    placeholder={if off { "" } else { "(dropped: empty slot)" }} maxlength={MAX_BLOCK_CHARS.to_string()}
                    aria-label={if off { "Block on replica B (pick a block first)".to_string() } else { format!("Block {i} on replica B") }}
                    spellcheck="false" autocomplete="off" disabled={off}
                    {oninput} />
            </label>
            <p class="mcmp-edit-hash" data-testid="edit-hashes">{ "Leaf hash: A " }
                <code>{ if off { "—".to_string() } else { short_hex(&leaf(&m.tree_a), 16) } }</code>
                { ", B " }
                <code>{ if off { "—".to_string() } else { short_hex(&leaf(&m.tree_b), 16) } }</code>
            </p>
            <div class="dl-row">
                <button type="button" class="dl-btn" onclick={on(Action::Corrupt(i))} disabled={off}>{ "Corrupt (flip a character)" }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Drop(i))} disabled={off || b.is_none()}>{ "Drop block" }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Restore(i))} disabled={off || same}>{ "Restore from A" }</button>
                // Done hands focus back to the block's own button (the focus keeper finds
                // the control with this key once Done is disabled).
                <button type="button" class="dl-btn" onclick={on(Action::Select(None))} disabled={off}
                    data-focus-key={format!("slot-{i}")}>{ "Done" }</button>
            </div>
        </div>
    }
}

/// Drawing sizes. The wide drawing is 1,100 units across whatever the block count (it
/// scales with the widget); the compact one is drawn 1 unit = 1 px and scrolls sideways.
/// Both are as tall for 8 blocks as for 64 (the levels spread out to fill the height of
/// the tallest tree), so changing the block count never moves the rest of the page.
struct Geometry {
    /// The narrow-screen drawing: inner hashes hidden, nodes sized for a phone.
    compact: bool,
    slot: f64,
    pad: f64,
    top: f64,
    gap: f64,
    levels: usize,
    n: usize,
}

/// Levels of the tallest tree drawn (64 leaves).
const MAX_LEVELS: usize = model::ceil_log2(MAX_BLOCKS) + 1;

impl Geometry {
    fn new(m: &Model, compact: bool) -> Geometry {
        let n = m.n().max(1);
        let slot = if compact {
            (280.0 / n as f64).max(12.0)
        } else {
            1080.0 / n as f64
        };
        let levels = m.tree_a.height().max(2);
        let span = if compact { 46.0 } else { 64.0 } * (MAX_LEVELS - 1) as f64;
        Geometry {
            compact,
            slot,
            pad: if compact { 6.0 } else { 10.0 },
            top: if compact { 16.0 } else { 22.0 },
            gap: span / (levels - 1) as f64,
            levels,
            n,
        }
    }
    fn width(&self) -> f64 {
        2.0 * self.pad + self.slot * self.n as f64
    }
    /// The same for every tree: the tallest tree's levels, a box and the index row.
    fn height(&self) -> f64 {
        self.top + self.gap * (self.levels - 1) as f64 + 40.0 + 22.0
    }
    fn leaf_x(&self, j: usize) -> f64 {
        self.pad + self.slot * (j as f64 + 0.5)
    }
    fn x(&self, level: usize, index: usize) -> f64 {
        let (a, b) = leaf_span(self.n, level, index);
        (self.leaf_x(a) + self.leaf_x(b)) / 2.0
    }
    fn y(&self, level: usize) -> f64 {
        self.top + self.levels.saturating_sub(1 + level) as f64 * self.gap
    }
    /// Box width of a node on `level`: as wide as its subtree allows, capped.
    fn box_w(&self, level: usize) -> f64 {
        let span = self.slot * (1u64 << level.min(20)) as f64;
        (span - (self.slot * 0.18).min(8.0)).min(120.0)
    }
    fn box_h(&self, level: usize) -> f64 {
        if self.text_fits(level) {
            38.0
        } else {
            26.0
        }
    }
    /// Whether the box has room for its hashes: "A 3f2a" over "B 3f2a" plus the ✓ / ≠
    /// mark; a leaf (always A over B, like its parents) drops the "A "/"B " prefix.
    fn text_fits(&self, level: usize) -> bool {
        self.box_w(level) >= if level == 0 { 50.0 } else { 74.0 }
    }
}

/// An SVG coordinate (see [`distlab_kit::numfmt::coord`]).
fn fmt(v: f64) -> String {
    distlab_kit::numfmt::coord(v)
}

/// The merged tree twice: drawn for a wide widget and for a phone; a container query
/// in the stylesheet shows the one that fits (an SVG scales, but its text would not
/// stay readable over a 3× range of widths).
fn trees(state: &UseReducerHandle<Model>) -> Html {
    html! {
        <div class="mcmp-trees">
            { tree_svg(state, false) }
            { tree_svg(state, true) }
        </div>
    }
}

/// One merged tree: every node shows A's hash over B's and what the walk learnt there.
fn tree_svg(state: &UseReducerHandle<Model>, compact: bool) -> Html {
    let m: &Model = state;
    let g = Geometry::new(m, compact);
    let current = m.current();
    let levels = m.tree_a.levels().len();
    let mut edges = Vec::new();
    let mut nodes = Vec::new();
    for l in (0..levels).rev() {
        let count = m.tree_a.levels()[l].len();
        for i in 0..count {
            let st = m.node_state(l, i);
            let (x, y) = (g.x(l, i), g.y(l));
            if l > 0 {
                for c in m.tree_a.children(l, i) {
                    let child = m.node_state(l - 1, c);
                    let class = classes!(
                        "mcmp-edge",
                        matches!(child, NodeState::Differ | NodeState::Carried)
                            .then_some("mcmp-edge-differ"),
                        (child == NodeState::Equal).then_some("mcmp-edge-equal"),
                        (child == NodeState::Pruned
                            || matches!(st, NodeState::Equal | NodeState::Pruned))
                        .then_some("mcmp-edge-pruned"),
                    );
                    let (cx, cy) = (g.x(l - 1, c), g.y(l - 1));
                    edges.push(html! {
                        <line {class} x1={fmt(cx)} y1={fmt(cy - g.box_h(l - 1) / 2.0)}
                            x2={fmt(x)} y2={fmt(y + g.box_h(l) / 2.0)} />
                    });
                }
            }
            nodes.push(node_html(state, &g, l, i, st, current));
        }
    }
    let width = g.width();
    let height = g.height();
    let summary = format!(
        "Merged tree of replicas A and B, {} levels. {} of {} node pairs looked at so far.",
        levels,
        m.shown,
        m.report.visits.len()
    );
    let style = if compact {
        format!(
            "width:{0}px;min-width:{0}px;max-width:none;height:{1}px",
            fmt(width),
            fmt(height)
        )
    } else {
        format!(
            "min-width:{}px;max-width:{}px",
            fmt(width * 0.5),
            fmt(width * 1.15)
        )
    };
    html! {
        <div class={classes!("mcmp-scroll", if compact { "mcmp-compact" } else { "mcmp-wide" })}>
            <svg class="dl-svg mcmp-svg" viewBox={format!("0 0 {} {}", fmt(width), fmt(height))}
                {style}
                role="img" aria-label={summary}>
                { for edges }
                { for nodes }
            </svg>
        </div>
    }
}

fn node_html(
    state: &UseReducerHandle<Model>,
    g: &Geometry,
    l: usize,
    i: usize,
    st: NodeState,
    current: Option<distlab_core::merkle::DiffVisit>,
) -> Html {
    let m: &Model = state;
    let (x, y) = (g.x(l, i), g.y(l));
    let (w, h) = (g.box_w(l), g.box_h(l));
    let ha = m.tree_a.node(l, i).copied().unwrap_or_default();
    let hb = m.tree_b.node(l, i).copied().unwrap_or_default();
    let is_current = current.is_some_and(|v| v.level == l && v.index == i);
    let st_class = match st {
        NodeState::Unvisited => "mcmp-unvisited",
        NodeState::Pruned => "mcmp-pruned",
        NodeState::Equal => "mcmp-equal",
        NodeState::Differ => "mcmp-differ",
        NodeState::Carried => "mcmp-carried",
    };
    let glyph = match st {
        NodeState::Equal => "✓",
        NodeState::Differ | NodeState::Carried if l == 0 => "✗",
        NodeState::Differ | NodeState::Carried => "≠",
        _ => "",
    };
    let dropped = l == 0 && m.b.get(i).is_some_and(Option::is_none);
    let class = classes!(
        "mcmp-node",
        st_class,
        (l == 0).then_some("mcmp-leaf"),
        is_current.then_some("mcmp-current"),
        (l == 0 && m.selected == Some(i)).then_some("mcmp-selected"),
    );
    let onclick = (l == 0).then(|| {
        let s = state.dispatcher();
        Callback::from(move |_: MouseEvent| s.dispatch(Action::Select(Some(i))))
    });
    let title = format!(
        "{}: A {} / B {}",
        if l == 0 {
            format!("Block {i}")
        } else {
            let (a, b) = leaf_span(m.n(), l, i);
            format!("Blocks {a}–{b}")
        },
        short_hex(&ha, 8),
        if dropped {
            "∅ (dropped)".to_string()
        } else {
            short_hex(&hb, 8)
        }
    );
    // Test hooks on the wide drawing only, so each id is unique.
    let testid = match (g.compact, l) {
        (true, _) => None,
        (false, 0) => Some(format!("leaf-{i}")),
        (false, _) => Some(format!("node-{l}-{i}")),
    };
    let (prefix_a, prefix_b) = if l == 0 && g.box_w(0) < 74.0 {
        ("", "")
    } else {
        ("A ", "B ")
    };
    let show_index = l == 0 && (g.slot >= 16.0 || i.is_multiple_of(4));
    html! {
        <g {class} {onclick} data-testid={testid} data-state={st_class.trim_start_matches("mcmp-")}>
            <title>{ title }</title>
            if is_current {
                <rect class="mcmp-ring" x={fmt(x - w / 2.0 - 4.0)} y={fmt(y - h / 2.0 - 4.0)}
                    width={fmt(w + 8.0)} height={fmt(h + 8.0)} rx="7" />
            }
            <rect class="mcmp-box" x={fmt(x - w / 2.0)} y={fmt(y - h / 2.0)} width={fmt(w)} height={fmt(h)} rx="5" />
            if g.text_fits(l) {
                <text class="mcmp-hex" x={fmt(x - w / 2.0 + 6.0)} y={fmt(y - 3.0)}>{ format!("{prefix_a}{}", short_hex(&ha, 4)) }</text>
                <text class={classes!("mcmp-hex", (ha != hb).then_some("mcmp-hex-b-diff"))}
                    x={fmt(x - w / 2.0 + 6.0)} y={fmt(y + 12.0)}>
                    { if dropped { format!("{prefix_b}∅") } else { format!("{prefix_b}{}", short_hex(&hb, 4)) } }
                </text>
                if !glyph.is_empty() {
                    <text class="mcmp-glyph" x={fmt(x + w / 2.0 - 9.0)} y={fmt(y + 5.0)} text-anchor="middle">{ glyph }</text>
                }
            } else {
                <text class="mcmp-glyph" x={fmt(x)} y={fmt(y + 5.0)} text-anchor="middle">
                    { if glyph.is_empty() && dropped { "∅" } else { glyph } }
                </text>
            }
            if show_index {
                <text class="mcmp-index" x={fmt(x)} y={fmt(y + h / 2.0 + 14.0)} text-anchor="middle">{ i }</text>
            }
        </g>
    }
}

fn legend() -> Html {
    html! {
        <ul class="mcmp-legend" aria-label="Legend">
            <li><span class="mcmp-swatch mcmp-sw-equal">{ "✓" }</span>{ "equal: subtree skipped" }</li>
            <li><span class="mcmp-swatch mcmp-sw-differ">{ "≠" }</span>{ "differs: look at its children" }</li>
            <li><span class="mcmp-swatch mcmp-sw-found">{ "✗" }</span>{ "differing block found" }</li>
            <li><span class="mcmp-swatch mcmp-sw-pruned"></span>{ "never compared" }</li>
            <li><span class="mcmp-swatch mcmp-sw-current"></span>{ "compared just now" }</li>
        </ul>
    }
}

fn stats(m: &Model) -> Html {
    let n = m.n();
    let comps = m.comparisons_so_far();
    let found = m.found_so_far();
    let list = found
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let done = m.walk_done() && m.shown > 0;
    let k = m.report.differing.len();
    let log = model::ceil_log2(n);
    let (ra, rb) = (m.tree_a.root(), m.tree_b.root());
    let pct = |v: usize| (v as f64 / n.max(1) as f64 * 100.0).min(100.0);
    html! {
        <div class="mcmp-stats">
            <div class="mcmp-counts dl-panel">
                <div class="mcmp-bar-row">
                    <span class="mcmp-bar-label">{ "Hash comparisons" }</span>
                    <strong class="mcmp-num" data-testid="comparisons" data-value={comps.to_string()}
                        aria-label={format!("Hash comparisons so far: {comps}")}>{ comps }</strong>
                    <span class="mcmp-bar"><span class="mcmp-bar-fill mcmp-bar-tree"
                        style={format!("width:{}%", distlab_kit::numfmt::fixed(pct(comps), 1))}></span></span>
                </div>
                <div class="mcmp-bar-row">
                    <span class="mcmp-bar-label">{ "Brute force (every block)" }</span>
                    <strong class="mcmp-num" data-testid="brute-force" aria-label={format!("Brute force comparisons: {n}")}>{ n }</strong>
                    <span class="mcmp-bar"><span class="mcmp-bar-fill mcmp-bar-brute" style="width:100%"></span></span>
                </div>
                <p class="mcmp-found">
                    { "Differing blocks found: " }
                    <strong data-testid="differing">{ list }</strong>
                    if found.is_empty() {
                        <span class="dl-muted">{ if done { "none — the replicas match" } else { "none yet" } }</span>
                    }
                </p>
                <p class="mcmp-bound dl-muted" data-testid="bound">
                    if done {
                        { format!("k = {k} differing of n = {n}: the walk is bounded by 1 + 2·k·⌈log₂ n⌉ = 1 + 2·{k}·{log} = {}; it made {}.",
                            model::bound(n, k), m.report.comparisons) }
                    } else {
                        { format!("For k differing blocks of n = {n} the walk makes at most 1 + 2·k·⌈log₂ n⌉ = 1 + {}·k comparisons.", 2 * log) }
                    }
                </p>
            </div>
            <div class="mcmp-roots dl-panel">
                <div class="mcmp-root" data-testid="root-a" data-hex={to_hex(&ra)}>
                    <span>{ "Root A" }</span><HashText bytes={ra.to_vec()} chars={12} label="Root of replica A" />
                </div>
                <div class="mcmp-root" data-testid="root-b" data-hex={to_hex(&rb)}>
                    <span>{ "Root B" }</span><HashText bytes={rb.to_vec()} chars={12} label="Root of replica B" />
                </div>
                if ra == rb {
                    <span class="dl-badge mcmp-badge-ok" data-testid="roots-match">{ "roots match: replicas identical" }</span>
                } else {
                    <span class="dl-badge mcmp-badge-bad" data-testid="roots-match">{ "roots differ" }</span>
                }
            </div>
        </div>
    }
}

/// The same walk at the post's scale (see [`scale`]): 100 million blocks with 100
/// differing, against brute force, in comparisons and in bytes sent; then the page's own
/// n with the reader's k, where the walk's edge is thin.
fn scale_readout(m: &Model) -> Html {
    use scale::{bytes, grouped, spread_evenly, worst_case, HASH_BYTES};
    let (n, k) = (scale::POST_BLOCKS, scale::POST_DIFFERING);
    let walk = spread_evenly(n, k);
    let cell = |id: &'static str, v: u64| {
        html! { <td data-testid={id} data-value={v.to_string()}>{ grouped(v) }</td> }
    };
    let here_n = m.n() as u64;
    let here_k = match m.truly_differing().len() {
        0 => m.k,
        d => d,
    } as u64;
    let here = worst_case(here_n, here_k);
    html! {
        <section class="mcmp-scale dl-panel" aria-labelledby="mcmp-scale-h" data-testid="scale">
            <h4 id="mcmp-scale-h">{ format!("At the post's scale: {} blocks, {k} differing", grouped(n)) }</h4>
            <ScrollBox class="mcmp-scale-table">
                <table class="mcmp-table">
                    <thead><tr><td></td><th scope="col">{ "Merkle walk" }</th><th scope="col">{ "Brute force" }</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">{ "Hash pairs compared" }</th>
                            { cell("scale-walk", walk) }{ cell("scale-brute", n) }</tr>
                        <tr><th scope="row">{ "Bytes sent" }</th>
                            { cell("scale-walk-bytes", walk * HASH_BYTES) }{ cell("scale-brute-bytes", n * HASH_BYTES) }</tr>
                        <tr class="dl-muted"><th scope="row">{ "" }</th>
                            <td>{ bytes(walk * HASH_BYTES) }</td><td>{ bytes(n * HASH_BYTES) }</td></tr>
                    </tbody>
                </table>
            </ScrollBox>
            <p class="dl-muted">
                { format!("Counted exactly for the {k} blocks spread evenly, each in its own subtree —                    the placement that costs the walk most: no placement needs more than {} comparisons                    (about 2·k·log₂(n/k) + 2·k). Each comparison sends one {HASH_BYTES}-byte SHA-256 hash;                    brute force sends every block, or at best every block's hash.",
                   grouped(worst_case(n, k))) }
            </p>
            <p data-testid="scale-here">
                { format!("Here, n = {here_n} with k = {here_k}: at most {here} comparisons against {here_n}.                    The walk's edge grows with n — try 64 blocks.") }
            </p>
        </section>
    }
}

/// Comparisons measured by real diffs for k = 0..8 on this data set, against the bound and
/// brute force: a chart, and the same numbers as a table.
fn cost_chart(m: &Model) -> Html {
    let n = m.n();
    let pts = &m.curve;
    let (w, h) = (360.0, 170.0);
    let (left, right, top, bottom) = (34.0, 10.0, 10.0, 28.0);
    let kmax = pts.last().map_or(1, |p| p.k).max(1) as f64;
    let ymax = pts
        .iter()
        .map(|p| p.max)
        .chain([n])
        .max()
        .unwrap_or(1)
        .max(1) as f64
        * 1.15;
    let px = |k: f64| left + (w - left - right) * k / kmax;
    let py = |v: f64| top + (h - top - bottom) * (1.0 - (v / ymax).min(1.0));
    // The bound grows past the top of the chart: draw it up to the edge, not flattened.
    let mut bound_path = String::new();
    let mut prev: Option<(f64, f64)> = None;
    for p in pts {
        let (k, b) = (p.k as f64, p.bound as f64);
        if b <= ymax {
            bound_path += &format!(
                "{}{},{}",
                if prev.is_none() { "M" } else { "L" },
                fmt(px(k)),
                fmt(py(b))
            );
            prev = Some((k, b));
        } else {
            if let Some((k0, b0)) = prev {
                let kx = k0 + (ymax - b0) / (b - b0) * (k - k0);
                bound_path += &format!("L{},{}", fmt(px(kx)), fmt(py(ymax)));
            }
            break;
        }
    }
    let mean_path: String = pts
        .iter()
        .map(|p| {
            format!(
                "{}{},{}",
                if p.k == 0 { "M" } else { "L" },
                fmt(px(p.k as f64)),
                fmt(py(p.mean as f64))
            )
        })
        .collect();
    let done = m.walk_done() && m.shown > 0;
    let you = done.then_some((m.report.differing.len(), m.report.comparisons));
    let ticks = [0.0, (ymax / 1.15 / 2.0).round(), (ymax / 1.15).round()];
    html! {
        <section class="mcmp-cost" aria-label="Cost as k grows">
            <h4>{ format!("Cost as more blocks differ (n = {n})") }</h4>
            <p class="dl-muted">
                { format!("Each dot is the average of {} real diffs of this data set with k random blocks changed; \
                   the bar spans the fewest to the most comparisons seen. Brute force always needs {n}.",
                   model::CURVE_TRIALS) }
            </p>
            <div class="mcmp-cost-body">
                <svg class="mcmp-chart" viewBox={format!("0 0 {} {}", fmt(w), fmt(h))} role="img"
                    aria-label={format!("Chart: comparisons against k, with brute force at {n}; the numbers are in the table beside it.")}>
                    { for ticks.iter().map(|t| html!{ <>
                        <line class="mcmp-grid" x1={fmt(left)} x2={fmt(w - right)} y1={fmt(py(*t))} y2={fmt(py(*t))} />
                        <text class="mcmp-axis" x={fmt(left - 4.0)} y={fmt(py(*t) + 4.0)} text-anchor="end">{ *t as usize }</text>
                    </> }) }
                    { for pts.iter().map(|p| html!{
                        <text class="mcmp-axis" x={fmt(px(p.k as f64))} y={fmt(h - 12.0)} text-anchor="middle">{ p.k }</text>
                    }) }
                    <text class="mcmp-axis" x={fmt((left + w - right) / 2.0)} y={fmt(h - 1.0)} text-anchor="middle">{ "k = differing blocks" }</text>
                    <line class="mcmp-brute" x1={fmt(left)} x2={fmt(w - right)} y1={fmt(py(n as f64))} y2={fmt(py(n as f64))} />
                    <text class="mcmp-axis mcmp-brute-label" x={fmt(w - right)} y={fmt(py(n as f64) - 4.0)} text-anchor="end">{ format!("brute force {n}") }</text>
                    <path class="mcmp-bound-line" d={bound_path} />
                    <path class="mcmp-mean-line" d={mean_path} />
                    { for pts.iter().map(|p| html!{ <>
                        <line class="mcmp-range" x1={fmt(px(p.k as f64))} x2={fmt(px(p.k as f64))}
                            y1={fmt(py(p.min as f64))} y2={fmt(py(p.max as f64))} />
                        <circle class="mcmp-dot" cx={fmt(px(p.k as f64))} cy={fmt(py(p.mean as f64))} r="3.5" />
                    </> }) }
                    if let Some((k, c)) = you.filter(|(k, _)| *k as f64 <= kmax) {
                        <circle class="mcmp-you" cx={fmt(px(k as f64))} cy={fmt(py(c as f64))} r="7" />
                    }
                </svg>
                <table class="mcmp-table" data-testid="cost-table">
                    <caption class="dl-sr-only">{ "Hash comparisons by number of differing blocks" }</caption>
                    <thead><tr><th scope="col">{ "k" }</th><th scope="col">{ "measured (avg, range)" }</th><th scope="col">{ "bound" }</th></tr></thead>
                    <tbody>
                        { for pts.iter().map(|p| html!{
                            <tr class={classes!(you.is_some_and(|(k, _)| k == p.k).then_some("mcmp-row-you"))}>
                                <th scope="row">{ p.k }</th>
                                <td>{ if p.min == p.max { p.mean.to_string() } else { format!("{} ({}–{})", p.mean, p.min, p.max) } }</td>
                                <td>{ p.bound }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <ul class="mcmp-legend">
                <li><span class="mcmp-key mcmp-key-mean"></span>{ "measured" }</li>
                <li><span class="mcmp-key mcmp-key-bound"></span>{ "bound 1 + 2·k·⌈log₂ n⌉" }</li>
                <li><span class="mcmp-key mcmp-key-brute"></span>{ "brute force n" }</li>
                if you.is_some() { <li><span class="mcmp-key mcmp-key-you"></span>{ "your last walk" }</li> }
            </ul>
            <p class="dl-muted" data-testid="cost-verdict">{ cost_verdict(m) }</p>
        </section>
    }
}

/// What the measured table says, in one sentence.
fn cost_verdict(m: &Model) -> String {
    let n = m.n();
    let lead = "With few differences the walk wins by a mile, but its cost grows like k·log₂ n.";
    match m.curve.iter().find(|p| p.k > 0 && p.mean >= n) {
        Some(p) => format!(
            "{lead} Here, from k = {} on, it costs as much as checking all {n} blocks — why a repair \
             tool picks its tree depth from how much data it expects to differ.",
            p.k
        ),
        None => match m.curve.last() {
            Some(p) => format!(
                "{lead} Here it still beats brute force at k = {}: {} comparisons against {n}.",
                p.k, p.mean
            ),
            None => lead.to_string(),
        },
    }
}
