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
//! ## How it is drawn
//!
//! No Yew: [`Construction`] is a [`TextApp`]. Its view is the whole widget as escaped
//! HTML text, written again after every change (the host replaces the HTML only when the
//! text differs, and gives back focus, the caret of a block being typed in and the tree
//! boxes' sideways scroll). Every control carries `data-act`, and [`Construction::act`]
//! turns it into one [`Action`] of the pure [`Model`]; the playback clock is
//! [`TextApp::tick_ms`]. Invariants:
//!
//! - everything shown comes from the model, so drawing the same model twice gives the
//!   same text (a hash shown whole is model state too, see [`Construction`]);
//! - every control that can hold focus has a stable name (`data-testid` or
//!   `data-focus-key`), so a redraw never drops the reader's place;
//! - the drawings follow the node being built (or the edited leaf) only when the build
//!   or the edit moves on, never when the reader merely selects a node.
//!
//! Test hooks: `data-testid="root-hash"` (full hex in `data-hex`, empty until the build
//! reaches the root), `build-all`, `block-input-{i}`, `node-{level}-{index}` (with `data-state` =
//! `hidden` | `built` | `current` and `data-changed`), `changed-summary`, `details`.

pub mod model;

use crate::out::{num, Out};
use distlab_core::hash::{short_hex, Digest};
use distlab_core::merkle::{NodeKind, Scheme};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use distlab_kit::textapp::{self, TextApp};
use model::{
    scheme_from_key, scheme_key, Action, ChangeNote, Config, Granularity, Model, NodeId,
    MAX_BLOCKS, MAX_BLOCK_CHARS, MIN_BLOCKS,
};
use std::cell::RefCell;
use web_sys::{Element, Event};

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-construction-widget",
    title: "Merkle tree construction",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Type data blocks and watch real SHA-256 hashes climb, pair by pair, to one \
              root. Edit a block and only its path to the root lights up.",
    heights: &[(0, 1814), (700, 1456)],
    mount: |el, entry, options| textapp::mount(el, entry, options, Construction::from_options),
};

/// Milliseconds between build steps at speed 1×.
const BASE_TICK_MS: f64 = 800.0;

/// `data-focus-key` of the root hash's button (the leaves' are `mct-hash-{i}`).
const ROOT_HASH_KEY: &str = "mct-hash-root";

/// Where the drawings were last scrolled for: the scroll target (see [`follow_target`]),
/// and the build progress and edit it belonged to.
type Followed = (Option<[(f64, f64); 2]>, usize, Option<ChangeNote>);

/// The construction widget: the [`Model`] plus what only the page needs.
pub struct Construction {
    /// Blocks, tree, build progress, selection and announcement (pure, tested natively).
    m: Model,
    /// Notes about bad `data-*` options (the defaults were used).
    messages: Vec<String>,
    /// Hashes the reader opened to full length: the button's key and the hash it showed.
    /// An entry goes as soon as that button shows another hash or none: after an edit or
    /// a new build, every hash shows shortened again.
    open: Vec<(String, Digest)>,
    /// What [`TextApp::after_view`] last scrolled the drawings for.
    followed: RefCell<Option<Followed>>,
}

impl Construction {
    /// The widget for the placeholder's options (see the module documentation).
    pub fn from_options(options: WidgetOptions) -> Construction {
        let config = Config::from_options(&options);
        Construction {
            m: Model::new(&config),
            messages: config.messages,
            open: Vec::new(),
            followed: RefCell::new(None),
        }
    }

    /// The hash the button `key` shows now, if it is drawn.
    fn shown_hash(&self, key: &str) -> Option<Digest> {
        if key == ROOT_HASH_KEY {
            return self.m.built_root();
        }
        let i: usize = key.strip_prefix("mct-hash-")?.parse().ok()?;
        let h = self.m.tree.node(0, i)?;
        self.m.is_built((0, i)).then_some(*h)
    }

    /// Opens the hash button `el` to full length, or shortens it again.
    fn toggle_hash(&mut self, el: &Element) -> bool {
        let Some(key) = el.get_attribute("data-focus-key") else {
            return false;
        };
        let Some(hash) = self.shown_hash(&key) else {
            return false;
        };
        let before = self.open.len();
        self.open.retain(|(k, h)| *k != key || *h != hash);
        if self.open.len() == before {
            self.open.push((key, hash));
        }
        true
    }

    /// Forgets open hashes whose button now shows another hash or none.
    fn forget_closed(&mut self) {
        let mut open = std::mem::take(&mut self.open);
        open.retain(|(k, h)| self.shown_hash(k).as_ref() == Some(h));
        self.open = open;
    }

    /// A hash that shows itself whole when pressed ([`Out::hash_at`]); `label` and `key`
    /// are literals of this crate.
    fn hash(&self, o: &mut Out, bytes: &Digest, chars: usize, label: &str, key: &str) {
        let open = self.open.iter().any(|(k, h)| k == key && h == bytes);
        o.hash_at(bytes, chars, label, key, open);
    }

    /// One block's input and its leaf hash.
    fn block_row(&self, o: &mut Out, i: usize, block: &str) {
        let m = &self.m;
        let n = num(i);
        o.s("<li class=\"mct-block")
            .when(m.changed.contains(&(0, i)), " mct-changed")
            .s("\"><label><span class=\"mct-block-name\">B")
            .s(&n)
            .s("</span><input type=\"text\" data-testid=\"block-input-")
            .s(&n)
            .s("\" aria-label=\"Block ")
            .s(&n)
            .s("\" value=\"")
            .t(block)
            .s("\" maxlength=\"")
            .n(MAX_BLOCK_CHARS)
            .s("\" spellcheck=\"false\" autocomplete=\"off\" data-act=\"edit\" data-i=\"")
            .s(&n)
            .s("\"></label><span class=\"mct-leaf-hash\"><span aria-hidden=\"true\">→ </span>");
        match m.tree.node(0, i) {
            Some(h) if m.is_built((0, i)) => self.hash(
                o,
                h,
                8,
                &["Leaf ", &n, " hash"].concat(),
                &["mct-hash-", &n].concat(),
            ),
            _ => {
                o.s("<span class=\"dl-muted\">not hashed yet</span>");
            }
        }
        o.s("</span></li>");
    }

    /// The root hash, once built, in full in `data-hex`.
    fn root_readout(&self, o: &mut Out) {
        o.s("<div class=\"mct-root\" data-testid=\"root-hash\" data-hex=\"");
        match self.m.built_root() {
            Some(r) => {
                o.s(&distlab_core::hash::to_hex(&r))
                    .s("\"><span class=\"mct-root-label\">Root hash</span>");
                self.hash(o, &r, 16, "Root hash", ROOT_HASH_KEY);
            }
            None => {
                o.s("\"><span class=\"mct-root-label\">Root hash</span><span class=\"dl-muted\">not built yet</span>");
            }
        }
        o.s("</div>");
    }
}

impl TextApp for Construction {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        let m = &self.m;
        let n = m.blocks.len();
        o.s("<div class=\"mct\">");
        textapp::option_messages(&mut o.0, &self.messages);
        o.s("<div class=\"mct-head\"><h3>Build a Merkle tree</h3><p class=\"dl-muted\">Each leaf is the hash of one data block; each node above is the hash of its two children. Edit a block and watch which hashes change.</p></div>")
            .s("<div class=\"mct-toolbar dl-row\"><label class=\"mct-field\">Hashing scheme <select data-testid=\"scheme\" data-act=\"scheme\">");
        for s in Scheme::ALL {
            o.s("<option value=\"")
                .s(scheme_key(s))
                .s("\"")
                .when(s == m.scheme, " selected")
                .s(">")
                .t(s.name())
                .s("</option>");
        }
        o.s("</select></label></div>");
        scheme_panel(&mut o, m.scheme);

        o.s("<section class=\"mct-blocks\" aria-label=\"Data blocks\"><h4>Data blocks (")
            .n(n)
            .s(")</h4><ol class=\"mct-block-list\">");
        for (i, b) in m.blocks.iter().enumerate() {
            self.block_row(&mut o, i, b);
        }
        o.s("</ol><div class=\"dl-row\"><button type=\"button\" class=\"dl-btn\" data-act=\"add\" data-focus-key=\"mct-add\" aria-label=\"Add block\"")
            .when(n >= MAX_BLOCKS, " disabled")
            .s(">+ Add block</button><button type=\"button\" class=\"dl-btn\" data-act=\"remove\" data-focus-key=\"mct-remove\" aria-label=\"Remove block\"")
            .when(n <= MIN_BLOCKS, " disabled")
            .s(">− Remove block</button><span class=\"dl-muted\">")
            .n(MIN_BLOCKS)
            .s(" to ")
            .n(MAX_BLOCKS)
            .s(" blocks; odd counts welcome.</span></div></section>");

        o.s("<section class=\"mct-build\" aria-label=\"The tree\"><div class=\"mct-build-bar\">");
        textapp::play_controls(
            &mut o.0,
            m.playing,
            m.complete(),
            Some(m.speed),
            "Build",
            "mct-build",
        );
        // One button, two jobs: build everything now, or (once built) start over step by
        // step. It never disappears or goes disabled, and its test id keeps the keyboard
        // focus on it across the redraw.
        o.s(if m.complete() {
            "<button type=\"button\" class=\"dl-btn mct-build-all\" data-act=\"rebuild\" aria-label=\"Rebuild step by step\" data-testid=\"build-all\">↺ Rebuild</button>"
        } else {
            "<button type=\"button\" class=\"dl-btn mct-build-all\" data-act=\"build-all\" data-testid=\"build-all\">Build all at once</button>"
        })
        .s("<label class=\"mct-field\">Step by <select data-act=\"granularity\" data-focus-key=\"mct-granularity\" aria-label=\"Build step size\"><option value=\"node\"")
        .when(m.granularity == Granularity::Node, " selected")
        .s(">one node</option><option value=\"level\"")
        .when(m.granularity == Granularity::Level, " selected")
        .s(">one level</option></select></label></div><p class=\"mct-progress dl-muted\" data-testid=\"build-progress\">")
        .t(&progress_text(m))
        .s("</p>");
        tree_svg(&mut o, m, false);
        tree_svg(&mut o, m, true);
        legend(&mut o, m.scheme);
        self.root_readout(&mut o);
        change_summary(&mut o, m);
        details(&mut o, m);
        o.s("</section></div>");
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, _ev: &Event) -> bool {
        let action = match act {
            "add" => Action::Add,
            "remove" => Action::Remove,
            "build-all" => Action::BuildAll,
            "rebuild" | "reset" => Action::ResetBuild,
            "play" => Action::TogglePlay,
            "step" => Action::Step,
            "speed" => Action::SetSpeed(textapp::speed_of(el)),
            "scheme" => Action::SetScheme(scheme_from_key(&textapp::value_of(el))),
            "granularity" => Action::SetGranularity(if textapp::value_of(el) == "level" {
                Granularity::Level
            } else {
                Granularity::Node
            }),
            // (While an input method composes, the host holds the draw until it ends.)
            "edit" => Action::Edit(textapp::num_attr(el, "data-i"), textapp::value_of(el)),
            "node" => {
                // A second press on the selected node clears the selection.
                let id = (
                    textapp::num_attr(el, "data-level"),
                    textapp::num_attr(el, "data-index"),
                );
                Action::Select((self.m.selected != Some(id)).then_some(id))
            }
            "hash" => return self.toggle_hash(el),
            _ => return false,
        };
        self.m.apply(action);
        self.forget_closed();
        true
    }

    fn tick_ms(&self) -> Option<u32> {
        self.m
            .playing
            .then(|| textapp::tick_ms(BASE_TICK_MS, self.m.speed))
    }

    fn tick(&mut self) -> bool {
        self.m.apply(Action::Tick);
        self.forget_closed();
        true
    }

    fn announce(&self) -> &str {
        &self.m.announce
    }

    /// Keeps the node being built (or the edited leaf) in view when the tree scrolls:
    /// only when the build or the edit moved on since the last time.
    fn after_view(&self, view: &Element) {
        let target = follow_target(&self.m);
        let now = (target, self.m.revealed, self.m.note.clone());
        let Ok(mut last) = self.followed.try_borrow_mut() else {
            return;
        };
        if last.as_ref() == Some(&now) {
            return;
        }
        *last = Some(now);
        let Some(target) = target else {
            return;
        };
        for (sel, t) in [".mct-wide .mct-scroll", ".mct-compact .mct-scroll"]
            .into_iter()
            .zip(target)
        {
            if let Ok(Some(el)) = view.query_selector(sel) {
                scroll_to(&el, t);
            }
        }
    }
}

/// The scheme's formulas and how it treats an unpaired node.
fn scheme_panel(o: &mut Out, scheme: Scheme) {
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
    o.s("<div class=\"mct-formulas dl-panel\" data-testid=\"formulas\"><dl><div><dt>Leaf</dt><dd><code>")
        .t(scheme.leaf_formula())
        .s("</code></dd></div><div><dt>Node</dt><dd><code>")
        .t(scheme.node_formula())
        .s("</code></dd></div><div><dt>Odd node out</dt><dd>")
        .s(odd)
        .s("</dd></div></dl><p class=\"dl-muted\">")
        .s(blurb)
        .s("</p></div>");
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

/// The tree as SVG: leaves at the bottom, the root on top; unbuilt nodes dashed. Drawn
/// twice, wide and compact; a container query shows the one that fits. Each sits in a
/// sideways-scrolling box whose `data-keep-scroll` name keeps its scroll position across
/// redraws ([`TextApp::after_view`] scrolls it to follow the build). The nodes are
/// buttons (`data-act="node"`; click, or Enter/Space when focused).
fn tree_svg(o: &mut Out, m: &Model, compact: bool) {
    let g = Geometry::new(m, compact);
    let width = g.width();
    let height = g.height();
    let last: Vec<NodeId> = m.last_built();
    let focus = m.focus();
    let (w2, h2) = (g.node_w / 2.0, g.node_h / 2.0);
    let root_level = m.tree.height().saturating_sub(1);
    o.s(if compact {
        "<div class=\"mct-compact\">"
    } else {
        "<div class=\"mct-wide\">"
    });
    if compact && g.width() > 330.0 {
        o.s("<p class=\"mct-scroll-hint dl-muted\">Scroll the tree sideways to see all of it.</p>");
    }
    o.s("<div class=\"mct-scroll\" data-keep-scroll=\"")
        .s(if compact { "mct-compact" } else { "mct-wide" })
        .s("\" role=\"group\" aria-label=\"Merkle tree diagram; select a node to see its inputs\">");
    o.s("<svg class=\"dl-svg mct-svg\" viewBox=\"0 0 ")
        .c(width)
        .s(" ")
        .c(height)
        .s("\" style=\"");
    if compact {
        let w = distlab_kit::numfmt::coord(width.round());
        o.s("width:")
            .s(&w)
            .s("px;min-width:")
            .s(&w)
            .s("px;max-width:none\"");
    } else {
        o.s("min-width:")
            .c((width * 0.9).round())
            .s("px;max-width:")
            .c((width * 1.7).round())
            .s("px\"");
    }
    o.s(" preserveAspectRatio=\"xMidYMin meet\">");
    let mut ghosts = Out::default();
    for (l, level) in m.tree.levels().iter().enumerate().skip(1) {
        for i in 0..level.len() {
            let kind = m.tree.node_kind(l, i);
            let (px, py) = (g.x((l, i)), g.y(l));
            let built = m.is_built((l, i));
            let on_path = m.changed.contains(&(l, i));
            for c in m.tree.children(l, i) {
                let (cx, cy) = (g.x((l - 1, c)), g.y(l - 1));
                o.s("<line class=\"mct-edge")
                    .when(built, " mct-edge-built")
                    .when(
                        on_path && m.changed.contains(&(l - 1, c)),
                        " mct-edge-changed",
                    )
                    .when(kind == Some(NodeKind::Promoted), " mct-edge-promoted")
                    .when(
                        built && !m.complete() && last.contains(&(l, i)),
                        " mct-edge-input",
                    )
                    .line_end(cx, cy - h2, px, py + h2);
                if kind == Some(NodeKind::Duplicated) {
                    // The copy Bitcoin pairs the odd node with, drawn as a ghost.
                    let gx = cx + g.slot;
                    let hex = match m.tree.node(l - 1, c) {
                        Some(d) if m.is_built((l - 1, c)) => {
                            short_hex(d, if g.compact { 4 } else { g.hex_chars })
                        }
                        _ => "?".into(),
                    };
                    o.s("<line class=\"mct-edge mct-edge-dup")
                        .when(built, " mct-edge-built")
                        .line_end(gx, cy - h2, px, py + h2);
                    ghosts
                        .s("<g class=\"mct-ghost\" aria-hidden=\"true\"><rect x=\"")
                        .c(gx - w2)
                        .s("\" y=\"")
                        .c(cy - h2)
                        .s("\" width=\"")
                        .c(g.node_w)
                        .s("\" height=\"")
                        .c(g.node_h)
                        .s("\" rx=\"5\"/><text x=\"")
                        .c(gx)
                        .s("\" y=\"")
                        .c(cy + 4.0)
                        .s("\" text-anchor=\"middle\">")
                        .s(&hex)
                        .s("</text><text class=\"mct-ghost-label\" x=\"")
                        .c(gx)
                        .s("\" y=\"")
                        .c(cy + h2 + 11.0)
                        .s("\" text-anchor=\"middle\">copy</text></g>");
                }
            }
        }
    }
    o.s(&ghosts.0);
    for (l, level) in m.tree.levels().iter().enumerate() {
        for i in 0..level.len() {
            let id = (l, i);
            let built = m.is_built(id);
            let current = built && last.contains(&id) && !m.complete();
            let changed = m.changed.contains(&id);
            let kind = m.tree.node_kind(l, i);
            let promoted = matches!(kind, Some(NodeKind::Promoted));
            let (x, y) = (g.x(id), g.y(l));
            let hash = m.tree.node(l, i).copied().unwrap_or_default();
            let selected = m.selected == Some(id);
            let ring = focus == Some(id) && built;
            let is_root = l == root_level && m.tree.height() > 1;
            // What the node shows, in document order: its hash (or "?") and its tags.
            // The accessible name starts with exactly that text, so a reader who sees
            // "B0" or a hash can say it to voice control (WCAG 2.5.3, label in name).
            let hash_text = if built {
                short_hex(&hash, g.hex_chars)
            } else {
                "?".to_string()
            };
            let promoted_tag = if g.compact { "↑" } else { "↑ promoted" };
            let mut leaf_tag = String::new();
            if l == 0 {
                leaf_tag = ["B", &num(i)].concat();
                if root_level == 0 {
                    leaf_tag.push_str(" (leaf = root)");
                }
            }
            o.s("<g class=\"mct-node")
                .when(!built, " mct-node-hidden")
                .when(current, " mct-node-current")
                .when(changed, " mct-node-changed")
                .when(ring, " mct-node-focus")
                .when(selected, " mct-node-selected")
                .when(promoted, " mct-node-promoted")
                .when(matches!(kind, Some(NodeKind::Duplicated)), " mct-node-dup")
                .when(l == root_level, " mct-node-root")
                .s(if g.compact {
                    "\" data-focus-key=\"mct-c-"
                } else {
                    "\" data-testid=\"node-"
                })
                .n(l)
                .s("-")
                .n(i)
                .s("\" data-level=\"")
                .n(l)
                .s("\" data-index=\"")
                .n(i)
                .s("\" data-state=\"")
                .s(if !built {
                    "hidden"
                } else if current {
                    "current"
                } else {
                    "built"
                })
                .s("\" data-changed=\"")
                .s(if changed { "true" } else { "false" })
                .s("\" data-act=\"node\" tabindex=\"0\" role=\"button\" aria-label=\"")
                .s(&hash_text)
                .when(is_root, " root")
                .when(promoted, " ")
                .when(promoted, promoted_tag);
            if l == 0 {
                o.s(" ").s(&leaf_tag);
            }
            o.s(": ");
            if l == root_level {
                o.s("Root");
            } else if l == 0 {
                o.s("Leaf ").n(i);
            } else {
                o.s("Node ").n(i).s(" on level ").n(l);
            }
            if built {
                o.s(match kind {
                    Some(NodeKind::Promoted) => ", promoted",
                    Some(NodeKind::Duplicated) => ", paired with its copy",
                    _ => "",
                })
                .s(", hash ")
                .s(&short_hex(&hash, 8))
                .when(changed, ", changed by the last edit");
            } else {
                o.s(", not built yet");
            }
            o.s("\" aria-pressed=\"")
                .s(if selected { "true" } else { "false" })
                .s("\">");
            if ring {
                o.s("<rect class=\"mct-ring\" x=\"")
                    .c(x - w2 - 4.0)
                    .s("\" y=\"")
                    .c(y - h2 - 4.0)
                    .s("\" width=\"")
                    .c(g.node_w + 8.0)
                    .s("\" height=\"")
                    .c(g.node_h + 8.0)
                    .s("\" rx=\"8\"/>");
            }
            o.s("<rect class=\"mct-box\" x=\"")
                .c(x - w2)
                .s("\" y=\"")
                .c(y - h2)
                .s("\" width=\"")
                .c(g.node_w)
                .s("\" height=\"")
                .c(g.node_h)
                .s("\" rx=\"5\"/>");
            let text = |o: &mut Out, dy: f64, s: &str| {
                o.s("<text x=\"")
                    .c(x)
                    .s("\" y=\"")
                    .c(y + dy)
                    .s("\" text-anchor=\"middle\">")
                    .s(s)
                    .s("</text>");
            };
            if g.compact && built {
                // Eight hex characters on two lines of four: a phone-width tree shows
                // as much of each hash as the wide one, in the same width.
                text(o, -2.0, hash_text.get(..4).unwrap_or_default());
                text(o, 10.0, hash_text.get(4..).unwrap_or_default());
            } else {
                text(o, 4.0, &hash_text);
            }
            if is_root {
                o.s("<text class=\"mct-node-tag\" x=\"")
                    .c(x)
                    .s("\" y=\"")
                    .c(y - h2 - 6.0)
                    .s("\" text-anchor=\"middle\">root</text>");
            }
            if promoted {
                o.s("<text class=\"mct-node-tag\" x=\"")
                    .c(x + w2 + 3.0)
                    .s("\" y=\"")
                    .c(y + g.gap / 2.0 + 4.0)
                    .s("\">")
                    .s(promoted_tag)
                    .s("</text>");
            }
            if l == 0 {
                o.s("<text class=\"mct-node-tag\" x=\"")
                    .c(x)
                    .s("\" y=\"")
                    .c(y + h2 + 14.0)
                    .s("\" text-anchor=\"middle\">")
                    .s(&leaf_tag)
                    .s("</text>");
            }
            o.s("</g>");
        }
    }
    o.s("</svg></div></div>");
}

fn legend(o: &mut Out, scheme: Scheme) {
    o.s("<ul class=\"mct-legend\" aria-label=\"Legend\"><li><span class=\"mct-swatch mct-swatch-changed\"></span>changed by the last edit</li><li><span class=\"mct-swatch mct-swatch-current\"></span>just built</li><li><span class=\"mct-swatch mct-swatch-hidden\"></span>not built yet</li>")
        .s(if scheme == Scheme::Bitcoin {
            "<li><span class=\"mct-swatch mct-swatch-ghost\"></span>copy of an odd node (Bitcoin)</li>"
        } else {
            "<li><span class=\"mct-swatch mct-swatch-promoted\"></span>promoted odd node (same hash)</li>"
        })
        .s("</ul>");
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

fn change_summary(o: &mut Out, m: &Model) {
    let Some(note) = &m.note else {
        o.s("<p class=\"mct-summary dl-muted\" data-testid=\"changed-summary\">Edit any block above: the hashes that change will light up.</p>");
        return;
    };
    let reused = note.total - note.changed;
    o.s("<p class=\"mct-summary\" data-testid=\"changed-summary\"><strong>")
        .t(&note.what)
        .s(": </strong><span class=\"mct-count\">")
        .n(note.changed)
        .s(" of ")
        .n(note.total)
        .s(" hashes changed</span>");
    if note.changed == m.tree.height() && note.what.contains("edited") {
        o.s(" — one per level, the leaf's path to the root. The other ")
            .n(reused)
            .s(" were reused.");
    } else if note.changed == note.total {
        o.s(" — every one.");
    } else {
        o.s(" — the other ").n(reused).s(" were reused.");
    }
    o.s("</p>");
}

/// What went into the focused node's hash. Before there is anything to explain (nothing
/// selected or built yet) the panel keeps the same lines with placeholders, so the first
/// Step, Build all or Reset never makes the widget jump.
fn details(o: &mut Out, m: &Model) {
    let e = m
        .focus()
        .filter(|&n| m.is_built(n))
        .and_then(|n| m.explain(n));
    o.s("<div class=\"mct-details dl-panel\" data-testid=\"details\"><h4>");
    let Some(e) = e else {
        match m.focus().and_then(|n| m.explain(n)) {
            Some(e) => o.t(&e.name).s(": not built yet"),
            None => o.s("No node built yet"),
        };
        o.s("</h4><p class=\"mct-formula dl-muted\">Step the build, or select a built node (click, or Tab then Enter),</p><p class=\"mct-full\"><code data-testid=\"details-hash\">—</code></p><dl class=\"mct-inputs\"><div><dt>inputs</dt><dd class=\"dl-muted\">to see what went into its hash.</dd></div></dl><p class=\"dl-muted\">\u{a0}</p></div>");
        return;
    };
    let kind = match e.kind {
        NodeKind::Leaf => "leaf",
        NodeKind::Pair => "pair",
        NodeKind::Promoted => "promoted",
        NodeKind::Duplicated => "duplicated",
    };
    o.t(&e.name)
        .s(" <span class=\"dl-badge\">")
        .s(kind)
        .s("</span>");
    if m.selected.is_none() {
        o.s("<span class=\"dl-muted\">")
            .s(if m.complete() {
                " — select any node to see its inputs"
            } else {
                " (just built)"
            })
            .s("</span>");
    }
    o.s("</h4><p class=\"mct-formula\"><code>")
        .t(&e.formula)
        .s("</code> =</p><p class=\"mct-full\"><code data-testid=\"details-hash\">")
        .s(&distlab_core::hash::to_hex(&e.hash))
        .s("</code></p><dl class=\"mct-inputs\">");
    for (k, v) in &e.inputs {
        o.s("<div><dt>")
            .t(k)
            .s("</dt><dd><code>")
            .t(v)
            .s("</code></dd></div>");
    }
    o.s("</dl><p class=\"dl-muted\">")
        .t(&e.note)
        .s("</p></div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widget(pairs: &[(&str, &str)]) -> Construction {
        Construction::from_options(WidgetOptions::from_pairs(pairs.iter().copied()))
    }

    fn view(w: &Construction) -> String {
        let mut s = String::new();
        w.view(&mut s);
        s
    }

    #[test]
    fn the_view_escapes_what_the_reader_typed_and_is_the_same_for_the_same_model() {
        let mut w = widget(&[("text", "<img src=x onerror=alert(1)>,\"quoted\" & 'single'")]);
        w.m.apply(Action::BuildAll);
        w.m.apply(Action::Select(Some((0, 0))));
        let html = view(&w);
        assert!(!html.contains("<img"), "block text became markup");
        assert!(html.contains("value=\"&lt;img src=x onerror=alert(1)&gt;\""));
        assert!(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"));
        assert_eq!(html, view(&w), "one model, one text");
        // Every control that can hold focus has a name a redraw can find it by.
        for tag in html
            .split('<')
            .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        {
            let control = ["button", "select", "input"]
                .iter()
                .any(|n| tag.starts_with(n))
                || tag.contains("tabindex=\"0\"");
            assert!(
                !control || tag.contains("data-focus-key=") || tag.contains("data-testid="),
                "<{tag}>"
            );
        }
        assert!(html.matches("tabindex=\"0\"").count() >= 2 * w.m.total());
    }

    #[test]
    fn a_hash_shown_whole_is_forgotten_when_its_hash_changes() {
        let mut w = widget(&[("blocks", "3")]);
        w.m.apply(Action::BuildAll);
        let root = w.m.tree.root();
        w.open.push((ROOT_HASH_KEY.into(), root));
        w.open
            .push(("mct-hash-2".into(), *w.m.tree.node(0, 2).unwrap()));
        w.forget_closed();
        assert_eq!(w.open.len(), 2);
        assert!(view(&w).contains(&distlab_core::hash::to_hex(&root)[..40]));
        w.m.apply(Action::Edit(0, "x".into()));
        w.forget_closed();
        // The root changed; leaf 2 did not.
        assert_eq!(w.open.len(), 1);
        assert_eq!(w.open[0].0, "mct-hash-2");
        w.m.apply(Action::ResetBuild);
        w.forget_closed();
        assert!(w.open.is_empty(), "nothing is shown before the build");
        assert_eq!(w.shown_hash("mct-hash-99"), None);
        assert_eq!(w.shown_hash("mct-hash-x"), None);
    }
}
