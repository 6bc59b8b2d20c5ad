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
//! Options (`data-*`): `blocks` (8–64, default 16), `seed` (default 7), `k` (blocks a
//! partition diverges, 1–4, default 2).
//!
//! Test hooks: `comparisons`, `brute-force`, `differing` (comma list), `root-a`,
//! `root-b` (full hex in `data-hex`), `slot-{i}` (B's block buttons, with `data-a` and
//! `data-b` holding both replicas' text), `edit-block`, `walk-status`, `leaf-{i}`.

pub mod model;

use distlab_core::hash::{short_hex, to_hex};
use distlab_kit::controls::{live_region, option_messages, use_ticker, HashText, PlayControls};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{leaf_span, Action, Config, Model, NodeState, MAX_BLOCK_CHARS, MAX_K};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-comparison-widget",
    title: "Merkle tree comparison",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Two replicas drift apart; compare their Merkle trees from the root down, skip \
              every equal subtree, and find the differing blocks in far fewer hash \
              comparisons than checking every block.",
    heights: &[(0, 2343), (700, 1429)],
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
            { cost_chart(m) }
            { live_region(announcement(m)) }
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

/// The selected slot: A's text, B's text to edit, and quick changes.
fn edit_panel(state: &UseReducerHandle<Model>) -> Html {
    let m: &Model = state;
    let Some(i) = m.selected.filter(|&i| i < m.n()) else {
        return html! {};
    };
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
    let b = m.b[i].clone();
    let same = b.as_deref() == Some(m.a[i].as_str());
    html! {
        <div class="mcmp-edit dl-panel" data-testid="edit-panel">
            <h4>{ format!("Block {i}") }
                <span class={classes!("dl-badge", if same { "mcmp-badge-ok" } else { "mcmp-badge-bad" })}>
                    { if same { "same on A and B" } else if b.is_none() { "dropped on B" } else { "differs from A" } }
                </span>
            </h4>
            <p class="mcmp-edit-a">{ "On A: " }<code>{ &m.a[i] }</code></p>
            <label class="mcmp-edit-b">{ "On B: " }
                <input type="text" data-testid="edit-block" value={b.clone().unwrap_or_default()}
                    placeholder="(dropped: empty slot)" maxlength={MAX_BLOCK_CHARS.to_string()}
                    aria-label={format!("Block {i} on replica B")} spellcheck="false" autocomplete="off"
                    {oninput} />
            </label>
            <div class="dl-row">
                <button type="button" class="dl-btn" onclick={on(Action::Corrupt(i))}>{ "Corrupt (flip a character)" }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Drop(i))} disabled={b.is_none()}>{ "Drop block" }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Restore(i))} disabled={same}>{ "Restore from A" }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Select(None))}>{ "Done" }</button>
            </div>
        </div>
    }
}

/// Drawing sizes, in CSS px at a 1,100 px wide widget (the SVG scales below that).
struct Geometry {
    /// The narrow-screen drawing: hashes hidden, nodes sized for a phone.
    compact: bool,
    slot: f64,
    pad: f64,
    top: f64,
    gap: f64,
    levels: usize,
    n: usize,
}

impl Geometry {
    fn new(m: &Model, compact: bool) -> Geometry {
        let n = m.n().max(1);
        let slot = if compact {
            (320.0 / n as f64).clamp(12.0, 72.0)
        } else {
            (1080.0 / n as f64).min(72.0)
        };
        Geometry {
            compact,
            slot,
            pad: if compact { 6.0 } else { 10.0 },
            top: if compact { 16.0 } else { 22.0 },
            gap: if compact { 46.0 } else { 64.0 },
            levels: m.tree_a.height(),
            n,
        }
    }
    fn width(&self) -> f64 {
        2.0 * self.pad + self.slot * self.n as f64
    }
    fn height(&self) -> f64 {
        self.top + self.levels.saturating_sub(1) as f64 * self.gap + 40.0 + 22.0
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
    fn text_fits(&self, level: usize) -> bool {
        // "A 3f2a…" plus room for the ✓ / ≠ mark.
        self.box_w(level) >= 74.0
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
    let min_w = if compact { width * 0.9 } else { width * 0.5 };
    html! {
        <div class={classes!("mcmp-scroll", if compact { "mcmp-compact" } else { "mcmp-wide" })}>
            <svg class="dl-svg mcmp-svg" viewBox={format!("0 0 {} {}", fmt(width), fmt(height))}
                style={format!("min-width:{}px;max-width:{}px", fmt(min_w), fmt(width * 1.15))}
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
                <text class="mcmp-hex" x={fmt(x - w / 2.0 + 6.0)} y={fmt(y - 3.0)}>{ format!("A {}", short_hex(&ha, 4)) }</text>
                <text class={classes!("mcmp-hex", (ha != hb).then_some("mcmp-hex-b-diff"))}
                    x={fmt(x - w / 2.0 + 6.0)} y={fmt(y + 12.0)}>
                    { if dropped { "B ∅".to_string() } else { format!("B {}", short_hex(&hb, 4)) } }
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

fn announcement(m: &Model) -> String {
    if m.shown == 0 {
        return m.last_change.clone();
    }
    if m.walk_done() {
        let k = m.report.differing.len();
        if k == 0 {
            return format!(
                "Roots equal: the replicas match, found with {} comparison.",
                m.report.comparisons
            );
        }
        return format!(
            "Found {k} differing block{} with {} comparisons; brute force needs {}.",
            if k == 1 { "" } else { "s" },
            m.report.comparisons,
            m.n()
        );
    }
    m.describe_current()
}
