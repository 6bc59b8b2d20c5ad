//! # `merkle-tree-construction-widget`: build a Merkle tree and watch one edit ripple up
//!
//! The reader edits data blocks (1–16, odd counts too) and sees every leaf hash, then
//! each level hashed up to the root — step by step (one node or one level per step) or
//! all at once. Every hash is a real SHA-256 from [`distlab_core::merkle`], under the
//! scheme the reader picks (RFC 6962, plain, or Bitcoin's double SHA-256 with its
//! duplicated odd node).
//!
//! After an edit the widget compares the tree before and after, node by node, and
//! highlights the hashes that changed: exactly the path from the edited leaf to the
//! root, `height` of the tree's nodes — the O(log n) cost of keeping a Merkle root up to
//! date. Selecting a node shows what went into its hash.
//!
//! Options (`data-*` on the placeholder): `blocks` (1–16, default 6), `scheme`
//! (`rfc6962` | `plain` | `bitcoin`), `text` (comma-separated initial blocks).
//!
//! The widget opens on the first step, nothing hashed: Play, Step and "Build all at once"
//! (which becomes "Rebuild" once the tree is built) are all there. At phone width each
//! node shows 8 hex characters on two lines; selecting a node shows its full hash.
//!
//! Test hooks: `data-testid="root-hash"` (full hex in `data-hex`, empty until the build
//! reaches the root), `build-all`, `block-input-{i}`, `node-{level}-{index}` (with `data-state` =
//! `hidden` | `built` | `current` and `data-changed`), `changed-summary`, `details`.

pub mod model;

use distlab_core::hash::short_hex;
use distlab_core::merkle::{NodeKind, Scheme};
use distlab_kit::controls::{live_region, option_messages, use_ticker, HashText, PlayControls};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{
    scheme_from_key, scheme_key, Action, Config, Granularity, Model, NodeId, MAX_BLOCKS,
    MAX_BLOCK_CHARS, MIN_BLOCKS,
};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-construction-widget",
    title: "Merkle tree construction",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Type data blocks and watch real SHA-256 hashes climb, pair by pair, to one \
              root. Edit a block and only its path to the root lights up.",
    heights: &[(0, 1814), (700, 1456)],
    render,
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <MerkleConstruction {config} /> }
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

/// Props of [`MerkleConstruction`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// Milliseconds between build steps at speed 1×.
const BASE_TICK_MS: f64 = 800.0;

/// The construction widget.
#[function_component(MerkleConstruction)]
pub fn merkle_construction(props: &Props) -> Html {
    let state = use_reducer_eq({
        let config = props.config.clone();
        move || Model::new(&config)
    });

    use_ticker(state.playing, state.speed, BASE_TICK_MS, {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Tick))
    });

    // Keep the node being built (or the edited leaf) in view when the tree scrolls.
    let scrollers = use_memo((), |_| [NodeRef::default(), NodeRef::default()]);
    {
        let refs = scrollers.clone();
        let target = follow_target(&state);
        use_effect_with(
            (target, state.revealed, state.note.clone()),
            move |(target, _, _)| {
                if let Some(t) = target {
                    for (r, t) in refs.iter().zip(t) {
                        if let Some(el) = r.cast::<web_sys::Element>() {
                            scroll_to(&el, *t);
                        }
                    }
                }
            },
        );
    }

    let dispatch = |a: Action| {
        let s = state.dispatcher();
        Callback::from(move |_: MouseEvent| s.dispatch(a.clone()))
    };
    let on_scheme = {
        let s = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            s.dispatch(Action::SetScheme(scheme_from_key(&v)));
        })
    };
    let on_granularity = {
        let s = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            s.dispatch(Action::SetGranularity(if v == "level" {
                Granularity::Level
            } else {
                Granularity::Node
            }));
        })
    };
    let m: &Model = &state;
    let n = m.blocks.len();

    html! {
        <div class="mct">
            { option_messages(&props.config.messages) }
            <div class="mct-head">
                <h3>{ "Build a Merkle tree" }</h3>
                <p class="dl-muted">
                    { "Each leaf is the hash of one data block; each node above is the hash of its two children. \
                       Edit a block and watch which hashes change." }
                </p>
            </div>

            <div class="mct-toolbar dl-row">
                <label class="mct-field">{ "Hashing scheme " }
                    <select data-testid="scheme" onchange={on_scheme}>
                        { for Scheme::ALL.iter().map(|s| html!{
                            <option value={scheme_key(*s)} selected={*s == m.scheme}>{ s.name() }</option>
                        }) }
                    </select>
                </label>
            </div>
            { scheme_panel(m.scheme) }

            <section class="mct-blocks" aria-label="Data blocks">
                <h4>{ format!("Data blocks ({n})") }</h4>
                <ol class="mct-block-list">
                    { for m.blocks.iter().enumerate().map(|(i, b)| block_row(&state, i, b)) }
                </ol>
                <div class="dl-row">
                    <button type="button" class="dl-btn" onclick={dispatch(Action::Add)}
                        disabled={n >= MAX_BLOCKS} aria-label="Add block">{ "+ Add block" }</button>
                    <button type="button" class="dl-btn" onclick={dispatch(Action::Remove)}
                        disabled={n <= MIN_BLOCKS} aria-label="Remove block">{ "− Remove block" }</button>
                    <span class="dl-muted">{ format!("{MIN_BLOCKS} to {MAX_BLOCKS} blocks; odd counts welcome.") }</span>
                </div>
            </section>

            <section class="mct-build" aria-label="The tree">
                <div class="mct-build-bar">
                    <PlayControls playing={m.playing} finished={m.complete()}
                        on_toggle={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::TogglePlay)) }}
                        on_step={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::Step)) }}
                        on_reset={{ let s = state.dispatcher(); Callback::from(move |_| s.dispatch(Action::ResetBuild)) }}
                        speed={Some(m.speed)}
                        on_speed={{ let s = state.dispatcher(); Callback::from(move |v| s.dispatch(Action::SetSpeed(v))) }}
                        label="Build" />
                    // One button, two jobs: build everything now, or (once built) start
                    // over step by step. It never disappears or goes disabled, so keyboard
                    // focus stays on it.
                    if m.complete() {
                        <button type="button" class="dl-btn mct-build-all" onclick={dispatch(Action::ResetBuild)}
                            aria-label="Rebuild step by step" data-testid="build-all">{ "↺ Rebuild" }</button>
                    } else {
                        <button type="button" class="dl-btn mct-build-all" onclick={dispatch(Action::BuildAll)}
                            data-testid="build-all">{ "Build all at once" }</button>
                    }
                    <label class="mct-field">{ "Step by " }
                        <select onchange={on_granularity} aria-label="Build step size">
                            <option value="node" selected={m.granularity == Granularity::Node}>{ "one node" }</option>
                            <option value="level" selected={m.granularity == Granularity::Level}>{ "one level" }</option>
                        </select>
                    </label>
                </div>
                <p class="mct-progress dl-muted" data-testid="build-progress">
                    { progress_text(m) }
                </p>
                { trees(&state, &scrollers) }
                { legend(m.scheme) }
                { root_readout(m) }
                { change_summary(m) }
                { details(m) }
            </section>
            { live_region(m.announce.clone()) }
        </div>
    }
}

/// The scheme's formulas and how it treats an unpaired node.
fn scheme_panel(scheme: Scheme) -> Html {
    let (odd, blurb) = match scheme {
        Scheme::Rfc6962 => (
            "promoted: carried up unchanged",
            "Certificate Transparency's tree. The 0x00 and 0x01 prefixes mean a leaf can never \
             pass for an inner node.",
        ),
        Scheme::Plain => (
            "promoted: carried up unchanged",
            "The textbook tree. With no prefixes, a 64-byte block could pose as two child \
             hashes — why real systems add them.",
        ),
        Scheme::Bitcoin => (
            "duplicated: hashed with a copy of itself",
            "Bitcoin's transaction tree: double SHA-256 throughout. Block explorers print these \
             hashes byte-reversed; they are shown here as computed.",
        ),
    };
    html! {
        <div class="mct-formulas dl-panel" data-testid="formulas">
            <dl>
                <div><dt>{ "Leaf" }</dt><dd><code>{ scheme.leaf_formula() }</code></dd></div>
                <div><dt>{ "Node" }</dt><dd><code>{ scheme.node_formula() }</code></dd></div>
                <div><dt>{ "Odd node out" }</dt><dd>{ odd }</dd></div>
            </dl>
            <p class="dl-muted">{ blurb }</p>
        </div>
    }
}

/// One block's input and its leaf hash.
fn block_row(state: &UseReducerHandle<Model>, i: usize, block: &str) -> Html {
    let m: &Model = state;
    let s = state.dispatcher();
    let oninput = Callback::from(move |e: InputEvent| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        s.dispatch(Action::Edit(i, v));
    });
    let changed = m.changed.contains(&(0, i));
    let leaf = m.tree.node(0, i).copied();
    html! {
        <li class={classes!("mct-block", changed.then_some("mct-changed"))}>
            <label>
                <span class="mct-block-name">{ format!("B{i}") }</span>
                <input type="text" data-testid={format!("block-input-{i}")}
                    aria-label={format!("Block {i}")} value={block.to_string()}
                    maxlength={MAX_BLOCK_CHARS.to_string()} spellcheck="false" autocomplete="off"
                    {oninput} />
            </label>
            <span class="mct-leaf-hash">
                <span aria-hidden="true">{ "→ " }</span>
                if let (Some(h), true) = (leaf, m.is_built((0, i))) {
                    <HashText bytes={h.to_vec()} chars={8} label={format!("Leaf {i} hash")} />
                } else {
                    <span class="dl-muted">{ "not hashed yet" }</span>
                }
            </span>
        </li>
    }
}

/// Geometry of the drawing, in SVG user units. The wide drawing scales with the widget;
/// the compact one (for narrow widgets) is drawn 1 unit = 1 px and scrolls sideways.
struct Geometry {
    compact: bool,
    hex_chars: usize,
    slot: f64,
    node_w: f64,
    node_h: f64,
    gap: f64,
    top: f64,
    pad: f64,
    height_levels: usize,
    leaves: usize,
    /// Slots across, at least 3 so a one-block tree is not a postage stamp.
    slots: f64,
    offset: f64,
}

impl Geometry {
    fn new(m: &Model, compact: bool) -> Geometry {
        let leaves = m.tree.leaf_count().max(1);
        let slot = if compact { 46.0 } else { 72.0 };
        // An odd node needs room on its right: Bitcoin's copy, or the "promoted" tag.
        let extra = if leaves > 1 && !leaves.is_power_of_two() {
            1.0
        } else {
            0.0
        };
        let used = leaves as f64 + extra;
        let slots = used.max(3.0);
        Geometry {
            compact,
            hex_chars: if compact { 8 } else { 6 },
            slot,
            node_w: if compact { 40.0 } else { 62.0 },
            node_h: if compact { 34.0 } else { 28.0 },
            gap: if compact { 52.0 } else { 64.0 },
            top: if compact { 24.0 } else { 30.0 },
            pad: 6.0,
            height_levels: m.tree.height(),
            leaves,
            slots,
            offset: (slots - used) * slot / 2.0,
        }
    }
    fn width(&self) -> f64 {
        2.0 * self.pad + self.slot * self.slots
    }
    fn height(&self) -> f64 {
        self.top + (self.height_levels.saturating_sub(1)) as f64 * self.gap + self.node_h + 26.0
    }
    fn leaf_x(&self, j: f64) -> f64 {
        self.pad + self.offset + self.slot * (j + 0.5)
    }
    /// Centre of node `(l, i)`: the middle of the leaves it covers.
    fn x(&self, (l, i): NodeId) -> f64 {
        let first = (i << l).min(self.leaves - 1);
        let last = (((i + 1) << l) - 1).min(self.leaves - 1);
        (self.leaf_x(first as f64) + self.leaf_x(last as f64)) / 2.0
    }
    fn y(&self, l: usize) -> f64 {
        self.top + (self.height_levels.saturating_sub(1 + l)) as f64 * self.gap
    }
}

/// Where the drawings should scroll to: the node being built, or the edited leaf.
/// Returns `(x, width)` in user units for the wide and the compact drawing.
fn follow_target(m: &Model) -> Option<[(f64, f64); 2]> {
    let node = if !m.complete() {
        m.last_built().last().copied()
    } else {
        m.changed.iter().find(|n| n.0 == 0).copied()
    }?;
    let at = |compact| {
        let g = Geometry::new(m, compact);
        (g.x(node), g.width())
    };
    Some([at(false), at(true)])
}

/// Scrolls `el` sideways so user-unit `x` of a drawing `width` units wide is centred.
fn scroll_to(el: &web_sys::Element, (x, width): (f64, f64)) {
    let (sw, cw) = (el.scroll_width() as f64, el.client_width() as f64);
    if sw <= cw + 1.0 || width <= 0.0 {
        return;
    }
    el.set_scroll_left((x * sw / width - cw / 2.0).max(0.0) as i32);
}

/// The tree twice, wide and compact; a container query shows the one that fits.
fn trees(state: &UseReducerHandle<Model>, refs: &[NodeRef; 2]) -> Html {
    html! {<>
        { tree_svg(state, false, refs[0].clone()) }
        { tree_svg(state, true, refs[1].clone()) }
    </>}
}

/// The tree as SVG: leaves at the bottom, the root on top; unbuilt nodes dashed.
fn tree_svg(state: &UseReducerHandle<Model>, compact: bool, scroller: NodeRef) -> Html {
    let m: &Model = state;
    let g = Geometry::new(m, compact);
    let width = g.width();
    let height = g.height();
    let last: Vec<NodeId> = m.last_built();
    let focus = m.focus();
    let (w2, h2) = (g.node_w / 2.0, g.node_h / 2.0);
    let root_level = m.tree.height().saturating_sub(1);
    let mut edges = Vec::new();
    let mut ghosts = Vec::new();
    for (l, level) in m.tree.levels().iter().enumerate().skip(1) {
        for i in 0..level.len() {
            let kind = m.tree.node_kind(l, i);
            let (px, py) = (g.x((l, i)), g.y(l));
            let built = m.is_built((l, i));
            let on_path = m.changed.contains(&(l, i));
            for c in m.tree.children(l, i) {
                let (cx, cy) = (g.x((l - 1, c)), g.y(l - 1));
                let class = classes!(
                    "mct-edge",
                    built.then_some("mct-edge-built"),
                    (on_path && m.changed.contains(&(l - 1, c))).then_some("mct-edge-changed"),
                    (kind == Some(NodeKind::Promoted)).then_some("mct-edge-promoted"),
                    (built && !m.complete() && last.contains(&(l, i))).then_some("mct-edge-input"),
                );
                edges.push(html! {
                    <line {class} x1={fmt(cx)} y1={fmt(cy - h2)} x2={fmt(px)} y2={fmt(py + h2)} />
                });
                if kind == Some(NodeKind::Duplicated) {
                    // The copy Bitcoin pairs the odd node with, drawn as a ghost.
                    let gx = cx + g.slot;
                    let hex = m
                        .tree
                        .node(l - 1, c)
                        .map(|d| short_hex(d, if g.compact { 4 } else { g.hex_chars }))
                        .unwrap_or_default();
                    edges.push(html! {
                        <line class={classes!("mct-edge", "mct-edge-dup", built.then_some("mct-edge-built"))}
                            x1={fmt(gx)} y1={fmt(cy - h2)} x2={fmt(px)} y2={fmt(py + h2)} />
                    });
                    ghosts.push(html! {
                        <g class="mct-ghost" aria-hidden="true">
                            <rect x={fmt(gx - w2)} y={fmt(cy - h2)} width={fmt(g.node_w)} height={fmt(g.node_h)} rx="5" />
                            <text x={fmt(gx)} y={fmt(cy + 4.0)} text-anchor="middle">
                                { if m.is_built((l - 1, c)) { hex } else { "?".into() } }
                            </text>
                            <text class="mct-ghost-label" x={fmt(gx)} y={fmt(cy + h2 + 11.0)} text-anchor="middle">{ "copy" }</text>
                        </g>
                    });
                }
            }
        }
    }
    let nodes = m.tree.levels().iter().enumerate().flat_map(|(l, level)| {
        let last = &last;
        let g = &g;
        (0..level.len()).map(move |i| {
            let id = (l, i);
            let built = m.is_built(id);
            let current = built && last.contains(&id) && !m.complete();
            let changed = m.changed.contains(&id);
            let kind = m.tree.node_kind(l, i);
            let (x, y) = (g.x(id), g.y(l));
            let hash = m.tree.node(l, i).copied().unwrap_or_default();
            let state_attr = if !built {
                "hidden"
            } else if current {
                "current"
            } else {
                "built"
            };
            let name = if l == root_level {
                "Root".to_string()
            } else if l == 0 {
                format!("Leaf {i}")
            } else {
                format!("Node {i} on level {l}")
            };
            let kind_word = match kind {
                Some(NodeKind::Promoted) => ", promoted",
                Some(NodeKind::Duplicated) => ", paired with its copy",
                _ => "",
            };
            // What the node shows, in document order: its hash (or "?") and its tags. The
            // accessible name starts with exactly that text, so a reader who sees "B0" or
            // a hash can say it to voice control (WCAG 2.5.3, label in name).
            let hash_text = if built { short_hex(&hash, g.hex_chars) } else { "?".to_string() };
            let mut visible = vec![hash_text.clone()];
            if l == root_level && m.tree.height() > 1 {
                visible.push("root".into());
            }
            if matches!(kind, Some(NodeKind::Promoted)) {
                visible.push(if g.compact { "↑" } else { "↑ promoted" }.into());
            }
            let leaf_tag = (l == 0).then(|| {
                if root_level == 0 { format!("B{i} (leaf = root)") } else { format!("B{i}") }
            });
            visible.extend(leaf_tag.clone());
            let label = if built {
                format!(
                    "{}: {name}{kind_word}, hash {}{}",
                    visible.join(" "),
                    short_hex(&hash, 8),
                    if changed { ", changed by the last edit" } else { "" }
                )
            } else {
                format!("{}: {name}, not built yet", visible.join(" "))
            };
            let select = {
                let s = state.dispatcher();
                let now = m.selected;
                move || s.dispatch(Action::Select(if now == Some(id) { None } else { Some(id) }))
            };
            let onclick = {
                let select = select.clone();
                Callback::from(move |_: MouseEvent| select())
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    select();
                }
            });
            let class = classes!(
                "mct-node",
                (!built).then_some("mct-node-hidden"),
                current.then_some("mct-node-current"),
                changed.then_some("mct-node-changed"),
                (focus == Some(id) && built).then_some("mct-node-focus"),
                (m.selected == Some(id)).then_some("mct-node-selected"),
                matches!(kind, Some(NodeKind::Promoted)).then_some("mct-node-promoted"),
                matches!(kind, Some(NodeKind::Duplicated)).then_some("mct-node-dup"),
                (l == root_level).then_some("mct-node-root"),
            );
            html! {
                <g {class} data-testid={(!g.compact).then(|| format!("node-{l}-{i}"))} data-level={l.to_string()}
                    data-index={i.to_string()} data-state={state_attr}
                    data-changed={changed.to_string()}
                    tabindex="0" role="button" aria-label={label}
                    aria-pressed={(m.selected == Some(id)).to_string()}
                    {onclick} {onkeydown}>
                    if focus == Some(id) && built {
                        <rect class="mct-ring" x={fmt(x - w2 - 4.0)} y={fmt(y - h2 - 4.0)}
                            width={fmt(g.node_w + 8.0)} height={fmt(g.node_h + 8.0)} rx="8" />
                    }
                    <rect class="mct-box" x={fmt(x - w2)} y={fmt(y - h2)} width={fmt(g.node_w)} height={fmt(g.node_h)} rx="5" />
                    if g.compact && built {
                        // Eight hex characters on two lines of four: a phone-width tree
                        // shows as much of each hash as the wide one, in the same width.
                        <text x={fmt(x)} y={fmt(y - 2.0)} text-anchor="middle">{ hash_text.get(..4).unwrap_or_default() }</text>
                        <text x={fmt(x)} y={fmt(y + 10.0)} text-anchor="middle">{ hash_text.get(4..).unwrap_or_default() }</text>
                    } else {
                        <text x={fmt(x)} y={fmt(y + 4.0)} text-anchor="middle">{ hash_text }</text>
                    }
                    if l == root_level && m.tree.height() > 1 {
                        <text class="mct-node-tag" x={fmt(x)} y={fmt(y - h2 - 6.0)} text-anchor="middle">{ "root" }</text>
                    }
                    if matches!(kind, Some(NodeKind::Promoted)) {
                        <text class="mct-node-tag" x={fmt(x + w2 + 3.0)} y={fmt(y + g.gap / 2.0 + 4.0)}>
                            { if g.compact { "↑" } else { "↑ promoted" } }
                        </text>
                    }
                    if let Some(tag) = leaf_tag {
                        <text class="mct-node-tag" x={fmt(x)} y={fmt(y + h2 + 14.0)} text-anchor="middle">{ tag }</text>
                    }
                </g>
            }
        })
    });
    let style = if compact {
        format!(
            "width:{0}px;min-width:{0}px;max-width:none",
            distlab_kit::numfmt::coord(width.round())
        )
    } else {
        format!(
            "min-width:{}px;max-width:{}px",
            distlab_kit::numfmt::coord((width * 0.9).round()),
            distlab_kit::numfmt::coord((width * 1.7).round())
        )
    };
    let (kind, hint) = if compact {
        ("mct-compact", g.width() > 330.0)
    } else {
        ("mct-wide", false)
    };
    html! {<div class={kind}>
        if hint {
            <p class="mct-scroll-hint dl-muted">{ "Scroll the tree sideways to see all of it." }</p>
        }
        <div class="mct-scroll" ref={scroller} role="group" aria-label="Merkle tree diagram; select a node to see its inputs">
            <svg class="dl-svg mct-svg" viewBox={format!("0 0 {} {}", fmt(width), fmt(height))}
                {style}
                preserveAspectRatio="xMidYMin meet">
                { for edges }
                { for ghosts }
                { for nodes }
            </svg>
        </div>
    </div>}
}

/// A number for an SVG attribute, without needless decimals.
/// An SVG coordinate (see [`distlab_kit::numfmt::coord`]).
fn fmt(v: f64) -> String {
    distlab_kit::numfmt::coord(v)
}

fn legend(scheme: Scheme) -> Html {
    html! {
        <ul class="mct-legend" aria-label="Legend">
            <li><span class="mct-swatch mct-swatch-changed"></span>{ "changed by the last edit" }</li>
            <li><span class="mct-swatch mct-swatch-current"></span>{ "just built" }</li>
            <li><span class="mct-swatch mct-swatch-hidden"></span>{ "not built yet" }</li>
            if scheme == Scheme::Bitcoin {
                <li><span class="mct-swatch mct-swatch-ghost"></span>{ "copy of an odd node (Bitcoin)" }</li>
            } else {
                <li><span class="mct-swatch mct-swatch-promoted"></span>{ "promoted odd node (same hash)" }</li>
            }
        </ul>
    }
}

fn progress_text(m: &Model) -> String {
    let total = m.total();
    if m.complete() {
        format!(
            "All {total} nodes built: {} leaves, {} levels. Press Reset to watch it build again.",
            m.tree.leaf_count(),
            m.tree.height()
        )
    } else if m.revealed == 0 {
        format!("Nothing hashed yet: press Step or Play to build {total} nodes from the leaves up.")
    } else {
        format!("Built {} of {total} nodes.", m.revealed)
    }
}

fn root_readout(m: &Model) -> Html {
    let root = m.built_root();
    let hex = root
        .map(|r| distlab_core::hash::to_hex(&r))
        .unwrap_or_default();
    html! {
        <div class="mct-root" data-testid="root-hash" data-hex={hex}>
            <span class="mct-root-label">{ "Root hash" }</span>
            if let Some(r) = root {
                <HashText bytes={r.to_vec()} chars={16} label="Root hash" />
            } else {
                <span class="dl-muted">{ "not built yet" }</span>
            }
        </div>
    }
}

fn change_summary(m: &Model) -> Html {
    let Some(note) = &m.note else {
        return html! {
            <p class="mct-summary dl-muted" data-testid="changed-summary">
                { "Edit any block above: the hashes that change will light up." }
            </p>
        };
    };
    let height = m.tree.height();
    let tail = if note.changed == height && note.what.contains("edited") {
        format!(
            " — one per level, the leaf's path to the root. The other {} were reused.",
            note.total - note.changed
        )
    } else if note.changed == note.total {
        " — every one.".to_string()
    } else {
        format!(" — the other {} were reused.", note.total - note.changed)
    };
    html! {
        <p class="mct-summary" data-testid="changed-summary">
            <strong>{ format!("{}: ", note.what) }</strong>
            <span class="mct-count">{ format!("{} of {} hashes changed", note.changed, note.total) }</span>
            { tail }
        </p>
    }
}

/// What went into the focused node's hash. Before there is anything to explain (nothing
/// selected or built yet) the panel keeps the same lines with placeholders, so the first
/// Step, Build all or Reset never makes the widget jump.
fn details(m: &Model) -> Html {
    let e = m
        .focus()
        .filter(|&n| m.is_built(n))
        .and_then(|n| m.explain(n));
    let Some(e) = e else {
        let name = m
            .focus()
            .and_then(|n| m.explain(n))
            .map_or("No node built yet".to_string(), |e| {
                format!("{}: not built yet", e.name)
            });
        return html! {
            <div class="mct-details dl-panel" data-testid="details">
                <h4>{ name }</h4>
                <p class="mct-formula dl-muted">{ "Step the build, or select a built node (click, or Tab then Enter)," }</p>
                <p class="mct-full"><code data-testid="details-hash">{ "—" }</code></p>
                <dl class="mct-inputs"><div><dt>{ "inputs" }</dt><dd class="dl-muted">{ "to see what went into its hash." }</dd></div></dl>
                <p class="dl-muted">{ "\u{a0}" }</p>
            </div>
        };
    };
    let kind = match e.kind {
        NodeKind::Leaf => "leaf",
        NodeKind::Pair => "pair",
        NodeKind::Promoted => "promoted",
        NodeKind::Duplicated => "duplicated",
    };
    let hex = distlab_core::hash::to_hex(&e.hash);
    html! {
        <div class="mct-details dl-panel" data-testid="details">
            <h4>{ &e.name }{ " " }<span class="dl-badge">{ kind }</span>
                if m.selected.is_none() {
                    <span class="dl-muted">{ if m.complete() { " — select any node to see its inputs" } else { " (just built)" } }</span>
                }
            </h4>
            <p class="mct-formula"><code>{ &e.formula }</code>{ " =" }</p>
            <p class="mct-full"><code data-testid="details-hash">{ hex }</code></p>
            <dl class="mct-inputs">
                { for e.inputs.iter().map(|(k, v)| html!{
                    <div><dt>{ k }</dt><dd><code>{ v }</code></dd></div>
                }) }
            </dl>
            <p class="dl-muted">{ &e.note }</p>
        </div>
    }
}
