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
//! Drawn without Yew: [`Comparison`] is a [`TextApp`] that writes the whole view as HTML
//! text ([`crate::out`]); each control carries `data-act` (a block's also `data-i`) and
//! [`distlab_kit::textapp::mount`] routes clicks, input and Enter/Space to
//! [`TextApp::act`], then draws the view again. Invariants: the [`Model`] is the only
//! state (the exceptions live in their element until the next draw: a hash shown whole,
//! the slider's number while it is dragged); every text that is not a literal of this
//! crate is escaped; a control the reader keeps focus on across a draw has a
//! `data-testid` or `data-focus-key`, so the host gives focus (and the caret of the
//! block's text) back. The host never draws under a pressed pointer or during an input
//! method's composition, so neither a click, a drag nor a composed character is lost.
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

use crate::out::{num, toggle_hash, Out};
use distlab_core::hash::{short_hex, to_hex};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use distlab_kit::textapp::{self, TextApp};
use model::{
    leaf_span, Action, Config, Model, NodeState, MAX_BLOCKS, MAX_BLOCK_CHARS, MAX_K, MIN_BLOCKS,
};
use web_sys::{Element, Event};

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-comparison-widget",
    title: "Merkle tree comparison",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Two replicas drift apart; compare their Merkle trees from the root down, skip \
              every equal subtree, and find the differing blocks in far fewer hash \
              comparisons than checking every block.",
    heights: &[(0, 3488), (700, 2098)],
    mount: |el, entry, options| {
        distlab_kit::textapp::mount(el, entry, options, Comparison::from_options)
    },
};

/// Milliseconds between walk steps at 1×.
const BASE_TICK_MS: f64 = 600.0;

/// The comparison widget as a [`TextApp`]: the [`Model`] and the notes about bad
/// options. The whole view is HTML text ([`crate::out`]); every control carries
/// `data-act` (and `data-i` for a block), and the ones a reader keeps focus on across a
/// redraw have a `data-testid` or `data-focus-key`.
pub struct Comparison {
    /// The replicas, the walk and everything shown.
    m: Model,
    /// Messages about bad `data-*` options, shown above the widget.
    messages: Vec<String>,
}

impl Comparison {
    /// The widget for a placeholder's options.
    pub fn from_options(options: WidgetOptions) -> Comparison {
        let config = Config::from_options(&options);
        Comparison {
            m: Model::new(&config),
            messages: config.messages,
        }
    }
}

impl TextApp for Comparison {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        view(&mut o, &self.m, &self.messages);
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        let m = &mut self.m;
        let i = textapp::num_attr(el, "data-i");
        let picked = m.selected.unwrap_or(0);
        let a = match act {
            "slot" => Action::Select(
                (el.get_attribute("aria-pressed").as_deref() != Some("true")).then_some(i),
            ),
            "leaf" => Action::Select(Some(i)),
            "partition" => Action::Partition,
            "reset-b" => Action::ResetB,
            "compare" => Action::Compare,
            "repair" => Action::Repair,
            "corrupt" => Action::Corrupt(picked),
            "drop" => Action::Drop(picked),
            "restore" => Action::Restore(picked),
            "done" => Action::Select(None),
            "play" => Action::TogglePlay,
            "step" => Action::Step,
            "reset" => Action::ResetWalk,
            "speed" => Action::SetSpeed(textapp::speed_of(el)),
            "k" => Action::SetK(textapp::value_of(el).parse().unwrap_or(1)),
            "edit" => Action::Edit(picked, textapp::value_of(el)),
            "blocks" => {
                let v = textapp::value_of(el);
                let Ok(n) = v.parse() else {
                    return false;
                };
                // While the slider is dragged, drawing the view again would replace the
                // slider under the pointer and end the drag: only its number follows,
                // and the trees are drawn when it is let go (`change`). The keyboard's
                // arrows (no pointer held) redraw at once.
                if ev.type_() == "input" && el.matches(":active").unwrap_or(false) {
                    if let Some(shown) = el.next_element_sibling() {
                        shown.set_text_content(Some(&v));
                    }
                    return false;
                }
                Action::SetBlocks(n)
            }
            "hash" => {
                toggle_hash(el);
                return false;
            }
            _ => return false,
        };
        m.apply(a);
        true
    }

    fn tick_ms(&self) -> Option<u32> {
        self.m
            .playing
            .then(|| textapp::tick_ms(BASE_TICK_MS, self.m.speed))
    }

    fn tick(&mut self) -> bool {
        // (The host skips ticks while a pointer is pressed in the widget, so a click or a
        // drag under way never loses its control.)
        self.m.apply(Action::Tick);
        true
    }

    fn announce(&self) -> &str {
        &self.m.announce
    }
}

/// The whole widget: B's controls, the walk, the post's scale and the cost chart.
fn view(o: &mut Out, m: &Model, messages: &[String]) {
    let n = m.n();
    let done = m.walk_done() && m.shown > 0;
    let can_repair = done && !m.report.differing.is_empty();

    o.s("<div class=\"mcmp\">");
    textapp::option_messages(&mut o.0, messages);
    o.s("<div class=\"mcmp-head\"><h3>Compare two replicas</h3><p class=\"dl-muted\">Replicas A and B each hold the same ")
        .n(n)
        .s(" rows and build a Merkle tree over them. Make B drift, then compare the trees from the root down: an equal hash means the whole subtree below is identical and is skipped.</p></div>");

    o.s("<section class=\"mcmp-diverge\" aria-label=\"Make replica B diverge\"><label class=\"mcmp-field mcmp-blocks\">Blocks per replica <input type=\"range\" data-act=\"blocks\" min=\"")
        .n(MIN_BLOCKS)
        .s("\" max=\"")
        .n(MAX_BLOCKS)
        .s("\" step=\"1\" value=\"")
        .n(n)
        .s("\" data-testid=\"blocks\" aria-label=\"Blocks per replica\" aria-valuetext=\"")
        .n(n)
        .s(" blocks\"/><output class=\"mcmp-num-out\" aria-hidden=\"true\">")
        .n(n)
        .s("</output></label><div class=\"dl-row\"><button type=\"button\" class=\"dl-btn\" data-act=\"partition\" data-focus-key=\"mcmp-partition\">Simulate a partition</button><label class=\"mcmp-field\">B misses <select data-act=\"k\" data-focus-key=\"mcmp-k\" aria-label=\"Writes B misses in a partition\">");
    for k in 1..=MAX_K {
        o.s("<option value=\"")
            .n(k)
            .s("\"")
            .when(k == m.k, " selected")
            .s(">")
            .n(k)
            .s("</option>");
    }
    o.s("</select>")
        .s(if m.k == 1 { " write" } else { " writes" })
        .s("</label><button type=\"button\" class=\"dl-btn\" data-act=\"reset-b\" data-focus-key=\"mcmp-reset-b\">Reset B to A</button></div>");
    slots(o, m);
    edit_panel(o, m);
    o.s("</section>");

    o.s("<section class=\"mcmp-walk\" aria-label=\"The comparison\"><div class=\"mcmp-walk-bar\"><button type=\"button\" class=\"dl-btn dl-btn-primary\" data-act=\"compare\" data-testid=\"compare\">Compare</button>");
    textapp::play_controls(
        &mut o.0,
        m.playing,
        m.walk_done(),
        Some(m.speed),
        "Walk",
        "mcmp-walk",
    );
    o.s("<button type=\"button\" class=\"dl-btn mcmp-repair\" data-act=\"repair\" data-testid=\"repair\"")
        .when(!can_repair, " disabled")
        .s(">Repair B</button></div><p class=\"mcmp-status\" data-testid=\"walk-status\" aria-live=\"off\">")
        .t(&m.describe_current())
        .s("</p><div class=\"mcmp-trees\">");
    tree_svg(o, m, false);
    tree_svg(o, m, true);
    o.s("</div>");
    legend(o);
    o.s("<div class=\"mcmp-stats\">");
    stats(o, m);
    roots(o, m);
    o.s("</div></section>");
    scale_readout(o, m);
    cost_chart(o, m);
    o.s("</div>");
}

/// The edit panel: always drawn, its controls disabled while no block is picked, so
/// picking a block (or pressing Done) never makes the widget grow or shrink.
fn edit_panel(o: &mut Out, m: &Model) {
    let n = m.n();
    let picked = m.selected.filter(|&i| i < n);
    let off = picked.is_none();
    let i = picked.unwrap_or(0);
    let b = m.b.get(i).cloned().flatten();
    let a = m.a.get(i).cloned().unwrap_or_default();
    let same = b.as_deref() == Some(a.as_str());
    o.s(if off {
        "<div class=\"mcmp-edit dl-panel mcmp-edit-off\" data-testid=\"edit-panel\"><h4>"
    } else {
        "<div class=\"mcmp-edit dl-panel\" data-testid=\"edit-panel\"><h4>"
    });
    if off {
        o.s("No block picked<span class=\"dl-muted mcmp-edit-hint\">pick one of B's blocks above, or a leaf of the tree</span>");
    } else {
        o.s("Block ")
            .n(i)
            .s(if same {
                "<span class=\"dl-badge mcmp-badge-ok\">same on A and B"
            } else if b.is_none() {
                "<span class=\"dl-badge mcmp-badge-bad\">dropped on B"
            } else {
                "<span class=\"dl-badge mcmp-badge-bad\">differs from A"
            })
            .s("</span>");
    }
    o.s("</h4><p class=\"mcmp-edit-a\">On A: <code>");
    if off {
        o.s("—");
    } else {
        o.t(&a);
    }
    o.s("</code></p><label class=\"mcmp-edit-b\">On B: <input type=\"text\" data-act=\"edit\" data-testid=\"edit-block\" value=\"");
    if !off {
        o.t(b.as_deref().unwrap_or_default());
    }
    o.s("\" maxlength=\"").n(MAX_BLOCK_CHARS);
    if off {
        o.s("\" aria-label=\"Block on replica B (pick a block first)\" disabled");
    } else {
        o.s("\" placeholder=\"(dropped: empty slot)\" aria-label=\"Block ")
            .n(i)
            .s(" on replica B\"");
    }
    o.s(" spellcheck=\"false\" autocomplete=\"off\"/></label>");
    let leaf = |t: &distlab_core::merkle::MerkleTree| {
        if off {
            "—".to_string()
        } else {
            short_hex(&t.node(0, i).copied().unwrap_or_default(), 16)
        }
    };
    o.s("<p class=\"mcmp-edit-hash\" data-testid=\"edit-hashes\">Leaf hash: A <code>")
        .s(&leaf(&m.tree_a))
        .s("</code>, B <code>")
        .s(&leaf(&m.tree_b))
        .s("</code></p><div class=\"dl-row\"><button type=\"button\" class=\"dl-btn\" data-act=\"corrupt\" data-focus-key=\"mcmp-corrupt\"")
        .when(off, " disabled")
        .s(">Corrupt (flip a character)</button><button type=\"button\" class=\"dl-btn\" data-act=\"drop\" data-focus-key=\"mcmp-drop\"")
        .when(off || b.is_none(), " disabled")
        .s(">Drop block</button><button type=\"button\" class=\"dl-btn\" data-act=\"restore\" data-focus-key=\"mcmp-restore\"")
        .when(off || same, " disabled")
        // Done hands focus back to the block's own button: once Done is disabled, the
        // kit's focus keeper finds the control whose name (here its `data-testid`) is
        // this key.
        .s(">Restore from A</button><button type=\"button\" class=\"dl-btn\" data-act=\"done\" data-focus-key=\"slot-")
        .n(i)
        .s("\"")
        .when(off, " disabled")
        .s(">Done</button></div></div>");
}

/// The last change, and B's blocks as buttons: pick one to edit, corrupt, drop or
/// restore it.
fn slots(o: &mut Out, m: &Model) {
    let found = if m.walk_done() && m.shown > 0 {
        m.report.differing.clone()
    } else {
        m.found_so_far()
    };
    o.s("<p class=\"mcmp-change\" data-testid=\"last-change\">")
        .t(&m.last_change)
        .s("</p><div class=\"mcmp-slots-wrap\"><p class=\"mcmp-slots-title\"><strong>Replica B's blocks</strong><span class=\"dl-muted\"> — pick one to change it</span></p><ol class=\"mcmp-slots\" aria-label=\"Replica B's blocks\">");
    for (i, slot) in m.b.iter().enumerate() {
        let selected = m.selected == Some(i);
        let a = m.a.get(i).map_or("", String::as_str);
        let label = |o: &mut Out| {
            o.s("Block ").n(i).s(" on B: ");
            match slot {
                Some(t) => o.t(t),
                None => o.s("dropped, empty slot"),
            };
        };
        o.s("<li><button type=\"button\" class=\"mcmp-slot")
            .when(slot.is_none(), " mcmp-slot-dropped")
            .when(found.contains(&i), " mcmp-slot-found")
            .when(m.repaired.contains(&i), " mcmp-slot-repaired")
            .when(selected, " mcmp-slot-selected")
            .s("\" data-act=\"slot\" data-i=\"")
            .n(i)
            .s("\" aria-label=\"");
        label(o);
        o.s("\" title=\"");
        label(o);
        o.s("\" aria-pressed=\"")
            .s(if selected { "true" } else { "false" })
            .s("\" data-testid=\"slot-")
            .n(i)
            .s("\" data-a=\"")
            .t(a)
            .s("\" data-b=\"")
            .t(slot.as_deref().unwrap_or_default())
            .s("\" data-dropped=\"")
            .s(if slot.is_none() {
                "true\">"
            } else {
                "false\">"
            })
            .n(i)
            .when(slot.is_none(), " ∅")
            .s("</button></li>");
    }
    o.s("</ol><p class=\"dl-muted mcmp-tombstone\">∅ marks a dropped block. Its slot stays, empty, so both trees keep the same shape and node i of A is always compared with node i of B (real systems keep a tombstone for the same reason).</p></div>");
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

/// One merged tree: every node shows A's hash over B's and what the walk learnt there.
/// Drawn twice, for a wide widget and for a phone; a container query in the stylesheet
/// shows the one that fits (an SVG scales, but its text would not stay readable over a
/// 3× range of widths).
fn tree_svg(o: &mut Out, m: &Model, compact: bool) {
    let g = Geometry::new(m, compact);
    let current = m.current();
    let levels = m.tree_a.levels().len();
    let (width, height) = (g.width(), g.height());
    o.s(if compact {
        "<div class=\"mcmp-scroll mcmp-compact\" data-keep-scroll=\"mcmp-compact\"><svg class=\"dl-svg mcmp-svg\" viewBox=\"0 0 "
    } else {
        "<div class=\"mcmp-scroll mcmp-wide\" data-keep-scroll=\"mcmp-wide\"><svg class=\"dl-svg mcmp-svg\" viewBox=\"0 0 "
    })
    .c(width)
    .s(" ")
    .c(height);
    if compact {
        o.s("\" style=\"width:")
            .c(width)
            .s("px;min-width:")
            .c(width)
            .s("px;max-width:none;height:")
            .c(height);
    } else {
        o.s("\" style=\"min-width:")
            .c(width * 0.5)
            .s("px;max-width:")
            .c(width * 1.15);
    }
    o.s("px\" role=\"img\" aria-label=\"Merged tree of replicas A and B, ")
        .n(levels)
        .s(" levels. ")
        .n(m.shown)
        .s(" of ")
        .n(m.report.visits.len())
        .s(" node pairs looked at so far.\">");
    for l in (1..levels).rev() {
        let count = m.tree_a.levels()[l].len();
        for i in 0..count {
            let st = m.node_state(l, i);
            let (x, y) = (g.x(l, i), g.y(l));
            for c in m.tree_a.children(l, i) {
                let child = m.node_state(l - 1, c);
                o.s("<line class=\"mcmp-edge")
                    .when(
                        matches!(child, NodeState::Differ | NodeState::Carried),
                        " mcmp-edge-differ",
                    )
                    .when(child == NodeState::Equal, " mcmp-edge-equal")
                    .when(
                        child == NodeState::Pruned
                            || matches!(st, NodeState::Equal | NodeState::Pruned),
                        " mcmp-edge-pruned",
                    )
                    .s("\" x1=\"")
                    .c(g.x(l - 1, c))
                    .s("\" y1=\"")
                    .c(g.y(l - 1) - g.box_h(l - 1) / 2.0)
                    .s("\" x2=\"")
                    .c(x)
                    .s("\" y2=\"")
                    .c(y + g.box_h(l) / 2.0)
                    .s("\"/>");
            }
        }
    }
    for l in (0..levels).rev() {
        for i in 0..m.tree_a.levels()[l].len() {
            node(o, m, &g, l, i, current);
        }
    }
    o.s("</svg></div>");
}

fn node(
    o: &mut Out,
    m: &Model,
    g: &Geometry,
    l: usize,
    i: usize,
    current: Option<distlab_core::merkle::DiffVisit>,
) {
    let st = m.node_state(l, i);
    let (x, y) = (g.x(l, i), g.y(l));
    let (w, h) = (g.box_w(l), g.box_h(l));
    let ha = m.tree_a.node(l, i).copied().unwrap_or_default();
    let hb = m.tree_b.node(l, i).copied().unwrap_or_default();
    let is_current = current.is_some_and(|v| v.level == l && v.index == i);
    let st_name = match st {
        NodeState::Unvisited => "unvisited",
        NodeState::Pruned => "pruned",
        NodeState::Equal => "equal",
        NodeState::Differ => "differ",
        NodeState::Carried => "carried",
    };
    let glyph = match st {
        NodeState::Equal => "✓",
        NodeState::Differ | NodeState::Carried if l == 0 => "✗",
        NodeState::Differ | NodeState::Carried => "≠",
        _ => "",
    };
    let dropped = l == 0 && m.b.get(i).is_some_and(Option::is_none);
    o.s("<g class=\"mcmp-node mcmp-")
        .s(st_name)
        .when(l == 0, " mcmp-leaf")
        .when(is_current, " mcmp-current")
        .when(l == 0 && m.selected == Some(i), " mcmp-selected")
        .s("\"");
    if l == 0 {
        o.s(" data-act=\"leaf\" data-i=\"").n(i).s("\"");
    }
    // Test hooks on the wide drawing only, so each id is unique.
    if !g.compact {
        if l == 0 {
            o.s(" data-testid=\"leaf-").n(i);
        } else {
            o.s(" data-testid=\"node-").n(l).s("-").n(i);
        }
        o.s("\"");
    }
    o.s(" data-state=\"").s(st_name).s("\"><title>");
    if l == 0 {
        o.s("Block ").n(i);
    } else {
        let (a, b) = leaf_span(m.n(), l, i);
        o.s("Blocks ").n(a).s("–").n(b);
    }
    o.s(": A ").s(&short_hex(&ha, 8)).s(" / B ");
    if dropped {
        o.s("∅ (dropped)");
    } else {
        o.s(&short_hex(&hb, 8));
    }
    o.s("</title>");
    if is_current {
        o.s("<rect class=\"mcmp-ring\" x=\"")
            .c(x - w / 2.0 - 4.0)
            .s("\" y=\"")
            .c(y - h / 2.0 - 4.0)
            .s("\" width=\"")
            .c(w + 8.0)
            .s("\" height=\"")
            .c(h + 8.0)
            .s("\" rx=\"7\"/>");
    }
    o.s("<rect class=\"mcmp-box\" x=\"")
        .c(x - w / 2.0)
        .s("\" y=\"")
        .c(y - h / 2.0)
        .s("\" width=\"")
        .c(w)
        .s("\" height=\"")
        .c(h)
        .s("\" rx=\"5\"/>");
    let prefixed = !(l == 0 && g.box_w(0) < 74.0);
    if g.text_fits(l) {
        o.s("<text class=\"mcmp-hex\" x=\"")
            .c(x - w / 2.0 + 6.0)
            .s("\" y=\"")
            .c(y - 3.0)
            .s("\">")
            .when(prefixed, "A ")
            .s(&short_hex(&ha, 4))
            .s("</text><text class=\"mcmp-hex")
            .when(ha != hb, " mcmp-hex-b-diff")
            .s("\" x=\"")
            .c(x - w / 2.0 + 6.0)
            .s("\" y=\"")
            .c(y + 12.0)
            .s("\">")
            .when(prefixed, "B ");
        if dropped {
            o.s("∅");
        } else {
            o.s(&short_hex(&hb, 4));
        }
        o.s("</text>");
        if !glyph.is_empty() {
            o.s("<text class=\"mcmp-glyph\" x=\"")
                .c(x + w / 2.0 - 9.0)
                .s("\" y=\"")
                .c(y + 5.0)
                .s("\" text-anchor=\"middle\">")
                .s(glyph)
                .s("</text>");
        }
    } else {
        o.s("<text class=\"mcmp-glyph\" x=\"")
            .c(x)
            .s("\" y=\"")
            .c(y + 5.0)
            .s("\" text-anchor=\"middle\">")
            .s(if glyph.is_empty() && dropped {
                "∅"
            } else {
                glyph
            })
            .s("</text>");
    }
    if l == 0 && (g.slot >= 16.0 || i.is_multiple_of(4)) {
        o.s("<text class=\"mcmp-index\" x=\"")
            .c(x)
            .s("\" y=\"")
            .c(y + h / 2.0 + 14.0)
            .s("\" text-anchor=\"middle\">")
            .n(i)
            .s("</text>");
    }
    o.s("</g>");
}

fn legend(o: &mut Out) {
    o.s("<ul class=\"mcmp-legend\" aria-label=\"Legend\"><li><span class=\"mcmp-swatch mcmp-sw-equal\">✓</span>equal: subtree skipped</li><li><span class=\"mcmp-swatch mcmp-sw-differ\">≠</span>differs: look at its children</li><li><span class=\"mcmp-swatch mcmp-sw-found\">✗</span>differing block found</li><li><span class=\"mcmp-swatch mcmp-sw-pruned\"></span>never compared</li><li><span class=\"mcmp-swatch mcmp-sw-current\"></span>compared just now</li></ul>");
}

/// The counts against brute force, and the bound.
fn stats(o: &mut Out, m: &Model) {
    let n = m.n();
    let comps = m.comparisons_so_far();
    let found = m.found_so_far();
    let done = m.walk_done() && m.shown > 0;
    let k = m.report.differing.len();
    let log = model::ceil_log2(n);
    let pct = |v: usize| (v as f64 / n.max(1) as f64 * 100.0).min(100.0);
    o.s("<div class=\"mcmp-counts dl-panel\"><div class=\"mcmp-bar-row\"><span class=\"mcmp-bar-label\">Hash comparisons</span><strong class=\"mcmp-num\" data-testid=\"comparisons\" data-value=\"")
        .n(comps)
        .s("\" aria-label=\"Hash comparisons so far: ")
        .n(comps)
        .s("\">")
        .n(comps)
        .s("</strong><span class=\"mcmp-bar\"><span class=\"mcmp-bar-fill mcmp-bar-tree\" style=\"width:")
        .s(&distlab_kit::numfmt::fixed(pct(comps), 1))
        .s("%\"></span></span></div><div class=\"mcmp-bar-row\"><span class=\"mcmp-bar-label\">Brute force (every block)</span><strong class=\"mcmp-num\" data-testid=\"brute-force\" aria-label=\"Brute force comparisons: ")
        .n(n)
        .s("\">")
        .n(n)
        .s("</strong><span class=\"mcmp-bar\"><span class=\"mcmp-bar-fill mcmp-bar-brute\" style=\"width:100%\"></span></span></div><p class=\"mcmp-found\">Differing blocks found: <strong data-testid=\"differing\">");
    o.nums(&found, ", ").s("</strong>");
    if found.is_empty() {
        o.s(if done {
            "<span class=\"dl-muted\">none — the replicas match</span>"
        } else {
            "<span class=\"dl-muted\">none yet</span>"
        });
    }
    o.s("</p><p class=\"mcmp-bound dl-muted\" data-testid=\"bound\">");
    if done {
        o.s("k = ")
            .n(k)
            .s(" differing of n = ")
            .n(n)
            .s(": the walk is bounded by 1 + 2·k·⌈log₂ n⌉ = 1 + 2·")
            .n(k)
            .s("·")
            .n(log)
            .s(" = ")
            .n(model::bound(n, k))
            .s("; it made ")
            .n(m.report.comparisons)
            .s(".");
    } else {
        o.s("For k differing blocks of n = ")
            .n(n)
            .s(" the walk makes at most 1 + 2·k·⌈log₂ n⌉ = 1 + ")
            .n(2 * log)
            .s("·k comparisons.");
    }
    o.s("</p></div>");
}

/// Both roots, each in full on a click.
fn roots(o: &mut Out, m: &Model) {
    let (ra, rb) = (m.tree_a.root(), m.tree_b.root());
    o.s("<div class=\"mcmp-roots dl-panel\"><div class=\"mcmp-root\" data-testid=\"root-a\" data-hex=\"")
        .s(&to_hex(&ra))
        .s("\"><span>Root A</span>")
        .hash(&ra, 12, "Root of replica A")
        .s("</div><div class=\"mcmp-root\" data-testid=\"root-b\" data-hex=\"")
        .s(&to_hex(&rb))
        .s("\"><span>Root B</span>")
        .hash(&rb, 12, "Root of replica B")
        .s(if ra == rb {
            "</div><span class=\"dl-badge mcmp-badge-ok\" data-testid=\"roots-match\">roots match: replicas identical</span></div>"
        } else {
            "</div><span class=\"dl-badge mcmp-badge-bad\" data-testid=\"roots-match\">roots differ</span></div>"
        });
}

/// The same walk at the post's scale (see [`scale`]): 100 million blocks with 100
/// differing, against brute force, in comparisons and in bytes sent; then the page's own
/// n with the reader's k, where the walk's edge is thin.
fn scale_readout(o: &mut Out, m: &Model) {
    use scale::{bytes, grouped, spread_evenly, worst_case, HASH_BYTES};
    let (n, k) = (scale::POST_BLOCKS, scale::POST_DIFFERING);
    let walk = spread_evenly(n, k);
    let cell = |o: &mut Out, id: &str, v: u64| {
        o.s("<td data-testid=\"")
            .s(id)
            .s("\" data-value=\"")
            .s(&v.to_string())
            .s("\">")
            .s(&grouped(v))
            .s("</td>");
    };
    o.s("<section class=\"mcmp-scale dl-panel\" aria-labelledby=\"mcmp-scale-h\" data-testid=\"scale\"><h4 id=\"mcmp-scale-h\">At the post's scale: ")
        .s(&grouped(n))
        .s(" blocks, ")
        .s(&k.to_string())
        .s(" differing</h4>");
    textapp::scroll_box_start(&mut o.0, "mcmp-scale-table", "", "mcmp-scale");
    o.s("<table class=\"mcmp-table\"><thead><tr><td></td><th scope=\"col\">Merkle walk</th><th scope=\"col\">Brute force</th></tr></thead><tbody><tr><th scope=\"row\">Hash pairs compared</th>");
    cell(o, "scale-walk", walk);
    cell(o, "scale-brute", n);
    o.s("</tr><tr><th scope=\"row\">Bytes sent</th>");
    cell(o, "scale-walk-bytes", walk * HASH_BYTES);
    cell(o, "scale-brute-bytes", n * HASH_BYTES);
    o.s("</tr><tr class=\"dl-muted\"><th scope=\"row\"></th><td>")
        .s(&bytes(walk * HASH_BYTES))
        .s("</td><td>")
        .s(&bytes(n * HASH_BYTES))
        .s("</td></tr></tbody></table>");
    textapp::scroll_box_end(&mut o.0);
    let here_n = m.n();
    let here_k = match m.truly_differing().len() {
        0 => m.k,
        d => d,
    };
    o.s("<p class=\"dl-muted\">Counted exactly for the ")
        .s(&k.to_string())
        .s(" blocks spread evenly, each in its own subtree — the placement that costs the walk most: no placement needs more than ")
        .s(&grouped(worst_case(n, k)))
        .s(" comparisons (about 2·k·log₂(n/k) + 2·k). Each comparison sends one ")
        .s(&HASH_BYTES.to_string())
        .s("-byte SHA-256 hash; brute force sends every block, or at best every block's hash.</p><p data-testid=\"scale-here\">Here, n = ")
        .n(here_n)
        .s(" with k = ")
        .n(here_k)
        .s(": at most ")
        .s(&worst_case(here_n as u64, here_k as u64).to_string())
        .s(" comparisons against ")
        .n(here_n)
        .s(". The walk's edge grows with n — try 64 blocks.</p></section>");
}

/// Comparisons measured by real diffs for k = 0..8 on this data set, against the bound and
/// brute force: a chart, and the same numbers as a table.
fn cost_chart(o: &mut Out, m: &Model) {
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
    let point = |o: &mut Out, lead: &str, x: f64, y: f64| {
        o.s(lead).c(x).s(",").c(y);
    };
    let done = m.walk_done() && m.shown > 0;
    let you = done.then_some((m.report.differing.len(), m.report.comparisons));
    o.s("<section class=\"mcmp-cost\" aria-label=\"Cost as k grows\"><h4>Cost as more blocks differ (n = ")
        .n(n)
        .s(")</h4><p class=\"dl-muted\">Each dot is the average of ")
        .n(model::CURVE_TRIALS)
        .s(" real diffs of this data set with k random blocks changed; the bar spans the fewest to the most comparisons seen. Brute force always needs ")
        .n(n)
        .s(".</p><div class=\"mcmp-cost-body\"><svg class=\"mcmp-chart\" viewBox=\"0 0 360 170\" role=\"img\" aria-label=\"Chart: comparisons against k, with brute force at ")
        .n(n)
        .s("; the numbers are in the table beside it.\">");
    for t in [0.0, (ymax / 1.15 / 2.0).round(), (ymax / 1.15).round()] {
        o.s("<line class=\"mcmp-grid\" x1=\"34\" x2=\"350\" y1=\"")
            .c(py(t))
            .s("\" y2=\"")
            .c(py(t))
            .s("\"/><text class=\"mcmp-axis\" x=\"30\" y=\"")
            .c(py(t) + 4.0)
            .s("\" text-anchor=\"end\">")
            .n(t as usize)
            .s("</text>");
    }
    for p in pts {
        o.s("<text class=\"mcmp-axis\" x=\"")
            .c(px(p.k as f64))
            .s("\" y=\"158\" text-anchor=\"middle\">")
            .n(p.k)
            .s("</text>");
    }
    let yb = py(n as f64);
    o.s("<text class=\"mcmp-axis\" x=\"192\" y=\"169\" text-anchor=\"middle\">k = differing blocks</text><line class=\"mcmp-brute\" x1=\"34\" x2=\"350\" y1=\"")
        .c(yb)
        .s("\" y2=\"")
        .c(yb)
        .s("\"/><text class=\"mcmp-axis mcmp-brute-label\" x=\"350\" y=\"")
        .c(yb - 4.0)
        .s("\" text-anchor=\"end\">brute force ")
        .n(n)
        .s("</text><path class=\"mcmp-bound-line\" d=\"");
    // The bound grows past the top of the chart: draw it up to the edge, not flattened.
    let mut prev: Option<(f64, f64)> = None;
    for p in pts {
        let (k, b) = (p.k as f64, p.bound as f64);
        if b <= ymax {
            point(o, if prev.is_none() { "M" } else { "L" }, px(k), py(b));
            prev = Some((k, b));
        } else {
            if let Some((k0, b0)) = prev {
                let kx = k0 + (ymax - b0) / (b - b0) * (k - k0);
                point(o, "L", px(kx), py(ymax));
            }
            break;
        }
    }
    o.s("\"/><path class=\"mcmp-mean-line\" d=\"");
    for p in pts {
        point(
            o,
            if p.k == 0 { "M" } else { "L" },
            px(p.k as f64),
            py(p.mean as f64),
        );
    }
    o.s("\"/>");
    for p in pts {
        let x = px(p.k as f64);
        o.s("<line class=\"mcmp-range\" x1=\"")
            .c(x)
            .s("\" x2=\"")
            .c(x)
            .s("\" y1=\"")
            .c(py(p.min as f64))
            .s("\" y2=\"")
            .c(py(p.max as f64))
            .s("\"/><circle class=\"mcmp-dot\" cx=\"")
            .c(x)
            .s("\" cy=\"")
            .c(py(p.mean as f64))
            .s("\" r=\"3.5\"/>");
    }
    if let Some((k, c)) = you.filter(|(k, _)| *k as f64 <= kmax) {
        o.s("<circle class=\"mcmp-you\" cx=\"")
            .c(px(k as f64))
            .s("\" cy=\"")
            .c(py(c as f64))
            .s("\" r=\"7\"/>");
    }
    o.s("</svg><table class=\"mcmp-table\" data-testid=\"cost-table\"><caption class=\"dl-sr-only\">Hash comparisons by number of differing blocks</caption><thead><tr><th scope=\"col\">k</th><th scope=\"col\">measured (avg, range)</th><th scope=\"col\">bound</th></tr></thead><tbody>");
    for p in pts {
        o.s(if you.is_some_and(|(k, _)| k == p.k) {
            "<tr class=\"mcmp-row-you\">"
        } else {
            "<tr>"
        })
        .s("<th scope=\"row\">")
        .n(p.k)
        .s("</th><td>")
        .n(p.mean);
        if p.min != p.max {
            o.s(" (").n(p.min).s("–").n(p.max).s(")");
        }
        o.s("</td><td>").n(p.bound).s("</td></tr>");
    }
    o.s("</tbody></table></div><ul class=\"mcmp-legend\"><li><span class=\"mcmp-key mcmp-key-mean\"></span>measured</li><li><span class=\"mcmp-key mcmp-key-bound\"></span>bound 1 + 2·k·⌈log₂ n⌉</li><li><span class=\"mcmp-key mcmp-key-brute\"></span>brute force n</li>")
        .when(
            you.is_some(),
            "<li><span class=\"mcmp-key mcmp-key-you\"></span>your last walk</li>",
        )
        .s("</ul><p class=\"dl-muted\" data-testid=\"cost-verdict\">")
        .s(&cost_verdict(m))
        .s("</p></section>");
}

/// What the measured table says, in one sentence.
fn cost_verdict(m: &Model) -> String {
    let n = num(m.n());
    let lead = "With few differences the walk wins by a mile, but its cost grows like k·log₂ n.";
    match m.curve.iter().find(|p| p.k > 0 && p.mean >= m.n()) {
        Some(p) => [
            lead,
            " Here, from k = ",
            &num(p.k),
            " on, it costs as much as checking all ",
            &n,
            " blocks — why a repair tool picks its tree depth from how much data it expects to differ.",
        ]
        .concat(),
        None => match m.curve.last() {
            Some(p) => [
                lead,
                " Here it still beats brute force at k = ",
                &num(p.k),
                ": ",
                &num(p.mean),
                " comparisons against ",
                &n,
                ".",
            ]
            .concat(),
            None => lead.to_string(),
        },
    }
}
