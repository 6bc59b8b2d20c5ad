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

pub mod bitcoin;
pub mod cassandra;
pub mod ct;
pub mod ctlog;
pub mod git;
pub mod proof;
pub mod repair;
pub mod repo;

use distlab_kit::controls::option_messages;
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use yew::prelude::*;

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
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
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

fn render(options: WidgetOptions) -> Html {
    html! { <UseCases settings={Settings::from_options(&options)} /> }
}

/// Props of [`UseCases`].
#[derive(Properties, PartialEq)]
pub struct UseCasesProps {
    /// Settings from the placeholder.
    pub settings: Settings,
}

/// The widget: a tablist over the four use cases. Every panel stays mounted (hidden
/// when not selected) so a reader's edits survive switching tabs.
#[function_component(UseCases)]
pub fn use_cases(p: &UseCasesProps) -> Html {
    let tab = use_state(|| p.settings.tab);
    // A prefix per instance keeps element ids unique when a page embeds the widget twice.
    let uid = use_state(|| {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        format!(
            "dluc{}",
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        )
    });
    let tabs_ref = use_node_ref();
    let select = {
        let tab = tab.clone();
        let tabs_ref = tabs_ref.clone();
        Callback::from(move |t: Tab| {
            tab.set(t);
            focus_tab(&tabs_ref, t);
        })
    };
    let on_key = {
        let select = select.clone();
        let current = *tab;
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => current.offset(1),
                "ArrowLeft" | "ArrowUp" => current.offset(-1),
                "Home" => Tab::ALL[0],
                "End" => Tab::ALL[Tab::ALL.len() - 1],
                _ => return,
            };
            e.prevent_default();
            select.emit(next);
        })
    };
    let s = &p.settings;
    html! {
        <div class="dluc">
            { option_messages(&s.messages) }
            <div class="dl-tabs dluc-tabs" role="tablist" aria-label="Use cases" ref={tabs_ref}
                onkeydown={on_key}>
                { for Tab::ALL.iter().map(|&t| {
                    let selected = *tab == t;
                    let onclick = { let select = select.clone(); Callback::from(move |_| select.emit(t)) };
                    html! {
                        <button type="button" role="tab" class="dl-tab" id={format!("{}-tab-{}", *uid, t.key())} data-tab={t.key()}
                            data-testid={format!("tab-{}", t.key())}
                            aria-selected={selected.to_string()} aria-controls={format!("{}-panel-{}", *uid, t.key())}
                            tabindex={if selected { "0" } else { "-1" }} {onclick}>
                            { t.label() }
                        </button>
                    }
                }) }
            </div>
            { for Tab::ALL.iter().map(|&t| html! {
                <div role="tabpanel" id={format!("{}-panel-{}", *uid, t.key())} class="dluc-panel"
                    aria-labelledby={format!("{}-tab-{}", *uid, t.key())} hidden={*tab != t}
                    data-testid={format!("panel-{}", t.key())}>
                    { match t {
                        Tab::Cassandra => html! { <cassandra::CassandraRepair
                            seed={s.seed} rows={s.rows} depth={s.depth} missed={s.missed} /> },
                        Tab::Git => html! { <git::GitObjects /> },
                        Tab::Bitcoin => html! { <bitcoin::BitcoinProof block={s.block} tx={s.tx} /> },
                        Tab::Ct => html! { <ct::CtAudit /> },
                    } }
                </div>
            }) }
        </div>
    }
}

/// Moves keyboard focus to tab `t` (roving tabindex: only the selected tab is tabbable).
fn focus_tab(tabs: &NodeRef, t: Tab) {
    if let Some(el) = tabs.cast::<web_sys::Element>().and_then(|root| {
        root.query_selector(&format!("[data-tab=\"{}\"]", t.key()))
            .ok()
            .flatten()
    }) {
        use wasm_bindgen::JsCast;
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
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
