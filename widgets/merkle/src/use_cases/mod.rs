//! # Merkle trees at work: Cassandra, Git, Bitcoin and Certificate Transparency
//!
//! Four tabs, each running the real thing on data the reader changes:
//!
//! - **Cassandra** ([`cassandra`], logic in [`repair`]): two replicas of one token range
//!   build Merkle trees over fixed sub-ranges, compare them top down and stream only
//!   the rows of the ranges that differ; bytes on the wire against streaming everything.
//! - **Git** ([`git`], logic in [`repo`]): a tiny repository whose blob, tree and commit
//!   ids are the ones `git hash-object`, `git write-tree` and `git commit-tree` print.
//! - **Bitcoin** ([`bitcoin`], logic in [`proof`]): the Merkle proof of one transaction
//!   of a real block, verified step by step with double SHA-256.
//! - **Certificate Transparency** ([`ct`], logic in [`ctlog`]): a log that grows, an
//!   auditor holding an old tree head, and the RFC 6962 consistency proof that the new
//!   head extends it — which fails once the operator rewrites an old entry.
//!
//! Options (`data-*` on the placeholder): `tab` (`cassandra`, `git`, `bitcoin`, `ct`), `seed`,
//! `rows` (32–256), `depth` (2–6), `missed` (0–16 writes B misses at the start),
//! `block` (a block height from the list) and `tx` (a transaction index).
//!
//! ## How it is built
//!
//! No Yew: each tab is its own [`TextApp`] (its state plus the view written as HTML
//! text), and [`UseCases`] is the shell that the kit's text host mounts. Invariants:
//!
//! - all four panels are drawn, the unselected ones `hidden`, so what the reader did in
//!   a tab is still there when they come back;
//! - only the selected tab receives acts, keys and clock ticks (a hidden verification
//!   that was playing waits, and goes on when its tab is shown again); the shell keeps
//!   the act `tab` (the tablist) and `hash` (a hash opened in place) for itself;
//! - the tablist follows the ARIA pattern: one tab in the tab order (roving tabindex),
//!   arrows, Home and End move the selection and the focus with it;
//! - the live region says what the selected tab announces anew; switching tabs is quiet.

pub mod bitcoin;
pub mod cassandra;
pub mod ct;
pub mod ctlog;
pub mod git;
pub mod proof;
pub mod repair;
pub mod repo;

use crate::out::{num, toggle_hash, Out};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use distlab_kit::textapp::{num_attr, option_messages, TextApp};
use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};
use web_sys::{Element, Event, KeyboardEvent};

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-use-cases-widget",
    title: "Merkle trees at work: Cassandra repair, Git objects, Bitcoin proofs, CT audits",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "Repair two diverged Cassandra replicas by streaming only the ranges whose hashes \
              differ, edit a tiny Git repository and watch its real object ids change, and \
              check a Bitcoin transaction against a real block's Merkle root with a handful \
              of hashes, and audit a Certificate Transparency log that must only grow.",
    heights: &[(0, 2281), (700, 1536)],
    mount: |el, entry, options| {
        distlab_kit::textapp::mount(el, entry, options, UseCases::from_options)
    },
};

/// The four tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Anti-entropy repair.
    Cassandra,
    /// Git's object ids.
    Git,
    /// A Bitcoin Merkle proof.
    Bitcoin,
    /// A Certificate Transparency consistency proof.
    Ct,
}

impl Tab {
    /// Every tab, in display order.
    pub const ALL: [Tab; 4] = [Tab::Cassandra, Tab::Git, Tab::Bitcoin, Tab::Ct];

    /// The tab's name in `data-tab` and in element ids.
    pub fn key(self) -> &'static str {
        match self {
            Tab::Cassandra => "cassandra",
            Tab::Git => "git",
            Tab::Bitcoin => "bitcoin",
            Tab::Ct => "ct",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            Tab::Cassandra => "Cassandra repair",
            Tab::Git => "Git objects",
            Tab::Bitcoin => "Bitcoin proof",
            Tab::Ct => "Certificate Transparency",
        }
    }

    /// The tab `delta` places away, wrapping around.
    pub fn offset(self, delta: isize) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        let n = Tab::ALL.len() as isize;
        Tab::ALL[((i + delta).rem_euclid(n)) as usize]
    }
}

/// Settings read from the placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The tab shown first.
    pub tab: Tab,
    /// Seed of every random choice.
    pub seed: u64,
    /// Rows per replica.
    pub rows: usize,
    /// Tree depth, if the page fixed one.
    pub depth: Option<u32>,
    /// Writes replica B misses before the reader starts.
    pub missed: usize,
    /// Bitcoin block height to show first, if any.
    pub block: Option<u64>,
    /// Transaction index to prove first (default: the block's last).
    pub tx: Option<usize>,
    /// Messages about bad options.
    pub messages: Vec<String>,
}

/// Default seed: any fixed value works; this one gives a pleasant spread of rows.
pub const DEFAULT_SEED: u64 = 7;

impl Settings {
    /// Reads the settings, replacing bad values by defaults (with a message each).
    pub fn from_options(options: &WidgetOptions) -> Self {
        let mut r = options.reader();
        let tab = match r.choice("tab", &["cassandra", "git", "bitcoin", "ct"], "cassandra") {
            "git" => Tab::Git,
            "ct" => Tab::Ct,
            "bitcoin" => Tab::Bitcoin,
            _ => Tab::Cassandra,
        };
        let seed = r.u64("seed", DEFAULT_SEED);
        let rows = r.int("rows", repair::MIN_ROWS as i64, repair::MAX_ROWS as i64, 64) as usize;
        let depth = options.get("depth").map(|_| {
            r.int(
                "depth",
                i64::from(repair::MIN_DEPTH),
                i64::from(repair::MAX_DEPTH),
                i64::from(repair::default_depth(rows)),
            ) as u32
        });
        let missed = r.int("missed", 0, 16, 3) as usize;
        let block = options.get("block").map(|_| r.u64("block", 0));
        let tx = options
            .get("tx")
            .map(|_| r.int("tx", 0, 100_000, 0) as usize);
        let mut messages = r.into_messages();
        let block = match block {
            Some(h) if proof::block_index(h).is_none() => {
                messages.push(format!(
                    "data-block=\"{h}\" is not one of the blocks shown here; using the first."
                ));
                None
            }
            b => b,
        };
        Settings {
            tab,
            seed,
            rows,
            depth,
            missed,
            block,
            tx,
            messages,
        }
    }
}

/// The widget: a tablist over the four use cases, each tab its own [`TextApp`]. Every
/// panel is drawn (hidden when not selected) so a reader's edits survive switching tabs;
/// what the reader does goes to the selected tab only, as does the clock: a tab that is
/// not shown does not run.
pub struct UseCases {
    /// The tab shown.
    tab: Tab,
    /// A prefix per instance that keeps element ids unique when a page embeds the widget
    /// twice.
    uid: String,
    /// Notes about bad options.
    messages: Vec<String>,
    /// The tabs, in [`Tab::ALL`] order.
    cassandra: cassandra::Cassandra,
    git: git::GitObjects,
    bitcoin: bitcoin::BitcoinProof,
    ct: ct::CtAudit,
    /// What the live region says: the selected tab's last announcement, made after the
    /// reader came to it (switching tabs says nothing, as a panel shown again is quiet).
    say: String,
    /// Whether the next draw moves keyboard focus to the selected tab (it was chosen
    /// from the keyboard or by a click).
    focus_tab: Cell<bool>,
}

impl UseCases {
    /// The widget as the placeholder's options set it up.
    pub fn from_options(options: WidgetOptions) -> Self {
        let s = Settings::from_options(&options);
        static NEXT: AtomicU32 = AtomicU32::new(0);
        UseCases {
            tab: s.tab,
            uid: ["dluc", &num(NEXT.fetch_add(1, Ordering::Relaxed) as usize)].concat(),
            cassandra: cassandra::Cassandra::new(s.seed, s.rows, s.depth, s.missed),
            git: git::GitObjects::new(),
            bitcoin: bitcoin::BitcoinProof::new(s.block, s.tx),
            ct: ct::CtAudit::new(),
            messages: s.messages,
            say: String::new(),
            focus_tab: Cell::new(false),
        }
    }

    /// The selected tab's app.
    fn selected(&self) -> &dyn TextApp {
        match self.tab {
            Tab::Cassandra => &self.cassandra,
            Tab::Git => &self.git,
            Tab::Bitcoin => &self.bitcoin,
            Tab::Ct => &self.ct,
        }
    }

    fn selected_mut(&mut self) -> &mut dyn TextApp {
        match self.tab {
            Tab::Cassandra => &mut self.cassandra,
            Tab::Git => &mut self.git,
            Tab::Bitcoin => &mut self.bitcoin,
            Tab::Ct => &mut self.ct,
        }
    }

    /// Shows tab `t` and asks the next draw to focus it (a click focused it already; a key
    /// press came from the tab before).
    fn select(&mut self, t: Tab) -> bool {
        if self.tab == t {
            return false;
        }
        self.focus_tab.set(true);
        self.tab = t;
        self.say.clear();
        true
    }

    /// Runs `f` on the selected tab and passes on what it announces anew.
    fn forward(&mut self, f: impl FnOnce(&mut dyn TextApp) -> bool) -> bool {
        let app = self.selected_mut();
        let before = app.announce().to_owned();
        let changed = f(app);
        let now = self.selected().announce();
        if now != before {
            self.say = now.to_owned();
            return true;
        }
        changed
    }
}

impl TextApp for UseCases {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        o.s("<div class=\"dluc\">");
        option_messages(&mut o.0, &self.messages);
        o.s("<div class=\"dl-tabs dluc-tabs\" role=\"tablist\" aria-label=\"Use cases\">");
        for (i, t) in Tab::ALL.iter().enumerate() {
            let on = self.tab == *t;
            let k = t.key();
            o.s("<button type=\"button\" role=\"tab\" class=\"dl-tab\" id=\"")
                .s(&self.uid)
                .s("-tab-")
                .s(k)
                .s("\" data-tab=\"")
                .s(k)
                .s("\" data-testid=\"tab-")
                .s(k)
                .s(if on {
                    "\" aria-selected=\"true\" tabindex=\"0"
                } else {
                    "\" aria-selected=\"false\" tabindex=\"-1"
                })
                .s("\" aria-controls=\"")
                .s(&self.uid)
                .s("-panel-")
                .s(k)
                .s("\" data-act=\"tab\" data-i=\"")
                .n(i)
                .s("\">")
                .s(t.label())
                .s("</button>");
        }
        o.s("</div>");
        for t in Tab::ALL {
            let k = t.key();
            o.s("<div role=\"tabpanel\" id=\"")
                .s(&self.uid)
                .s("-panel-")
                .s(k)
                .s("\" class=\"dluc-panel\" aria-labelledby=\"")
                .s(&self.uid)
                .s("-tab-")
                .s(k)
                .s("\"")
                .when(self.tab != t, " hidden")
                .s(" data-testid=\"panel-")
                .s(k)
                .s("\">");
            match t {
                Tab::Cassandra => self.cassandra.view(&mut o.0),
                Tab::Git => self.git.view(&mut o.0),
                Tab::Bitcoin => self.bitcoin.view(&mut o.0),
                Tab::Ct => self.ct.view(&mut o.0),
            }
            o.s("</div>");
        }
        o.s("</div>");
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        match act {
            "tab" => {
                let i = num_attr(el, "data-i");
                self.select(Tab::ALL.get(i).copied().unwrap_or(self.tab))
            }
            // A hash written by `Out::hash`, in any tab: it opens in place, no redraw.
            "hash" => {
                toggle_hash(el);
                false
            }
            _ => self.forward(|app| app.act(act, el, ev)),
        }
    }

    /// The arrow keys, Home and End move between tabs (the tablist pattern); every other
    /// key goes to the selected tab.
    fn key(&mut self, ev: &KeyboardEvent, el: &Element) -> bool {
        if el.closest(".dluc-tabs").ok().flatten().is_some() {
            let next = match ev.key().as_str() {
                "ArrowRight" | "ArrowDown" => self.tab.offset(1),
                "ArrowLeft" | "ArrowUp" => self.tab.offset(-1),
                "Home" => Tab::ALL[0],
                "End" => Tab::ALL[Tab::ALL.len() - 1],
                _ => return false,
            };
            ev.prevent_default();
            return self.select(next);
        }
        self.forward(|app| app.key(ev, el))
    }

    fn tick_ms(&self) -> Option<u32> {
        self.selected().tick_ms()
    }

    fn tick(&mut self) -> bool {
        self.forward(|app| app.tick())
    }

    fn announce(&self) -> &str {
        &self.say
    }

    fn after_view(&self, view: &Element) {
        if self.focus_tab.replace(false) {
            let sel = ["[data-tab=\"", self.tab.key(), "\"]"].concat();
            if let Ok(Some(tab)) = view.query_selector(&sel) {
                distlab_kit::focus::focus(&tab);
            }
        }
        self.selected().after_view(view);
    }
}

/// Formats a byte count for people: `812 B`, `12.4 KB` (1 KB = 1000 B).
pub fn human_bytes(n: usize) -> String {
    if n < 1000 {
        format!("{n} B")
    } else if n < 1_000_000 {
        format!("{} KB", distlab_kit::numfmt::fixed(n as f64 / 1000.0, 1))
    } else {
        format!(
            "{} MB",
            distlab_kit::numfmt::fixed(n as f64 / 1_000_000.0, 2)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_wrap_around() {
        assert_eq!(Tab::Cassandra.offset(-1), Tab::Ct);
        assert_eq!(Tab::Ct.offset(1), Tab::Cassandra);
        assert_eq!(Tab::Git.offset(1), Tab::Bitcoin);
    }

    #[test]
    fn bad_options_fall_back_with_messages() {
        let o = WidgetOptions::from_pairs([
            ("data-rows", "9999"),
            ("data-tab", "svn"),
            ("data-depth", "x"),
        ]);
        let s = Settings::from_options(&o);
        assert_eq!(s.rows, 64);
        assert_eq!(s.tab, Tab::Cassandra);
        assert_eq!(s.depth, Some(repair::default_depth(64)));
        assert_eq!(s.messages.len(), 3);
        let s = Settings::from_options(&WidgetOptions::from_pairs([
            ("rows", "128"),
            ("tab", "git"),
        ]));
        assert_eq!((s.rows, s.tab, s.depth), (128, Tab::Git, None));
        assert!(s.messages.is_empty());
    }

    #[test]
    fn bytes_read_well() {
        assert_eq!(human_bytes(812), "812 B");
        assert_eq!(human_bytes(12_400), "12.4 KB");
    }
}
