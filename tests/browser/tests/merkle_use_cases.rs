//! `merkle-tree-use-cases-widget`: each tab shows the core's values, driven as a reader
//! would drive it (clicks, typing, keys).
//!
//! - Cassandra: the ranges repair streams are exactly the leaves `merkle::diff` reports
//!   for the leaf hashes the widget shows; fewer bytes than streaming everything; the
//!   roots match afterwards.
//! - Git: the ids shown are `git::hash_worktree`'s and `git::blob_id`'s.
//! - Bitcoin: every block's default proof verifies to the block's Merkle root, and a
//!   tampered proof does not.
//! - Certificate Transparency: the heads and the consistency proof shown are RFC 6962's
//!   for the entries shown (checked against a recursive reference written here, not the
//!   widget's code); an honest log verifies, a rewritten old entry fails and the widget
//!   says which root stopped matching.
//! - Cassandra's cost explanation names the case of the run, and changes with it.
//! - Cassandra keeps what the reader set (an open table, typed text, the selected leaf and
//!   keyboard focus on it) when the view is drawn again.

use distlab_browser_tests::*;
use distlab_core::hash::{digest_from_hex, sha256_parts, Digest};
use distlab_core::merkle::{diff, MerkleTree, Scheme};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "merkle-tree-use-cases-widget";

/// Mounts the widget with `data` options and returns the placeholder.
/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

/// A tab's panel. The widget draws its view as HTML text, anew after each action, so
/// the panel (and everything in it) is looked up again at each use.
struct Panel {
    root: Element,
    id: &'static str,
}

impl Panel {
    fn of(ph: &Placeholder, id: &'static str) -> Panel {
        Panel {
            root: ph.el.clone(),
            id,
        }
    }

    /// The panel as drawn now.
    fn el(&self) -> Element {
        testid(&self.root, self.id)
    }
}

fn testid(root: &Element, id: &str) -> Element {
    q(root, &format!("[data-testid=\"{id}\"]")).unwrap_or_else(|| panic!("no [data-testid={id}]"))
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {}", el.outer_html()))
}

fn hex_digest(s: &str) -> Digest {
    digest_from_hex(s).unwrap_or_else(|e| panic!("bad hex {s:?}: {e}"))
}

fn number(el: &Element, name: &str) -> usize {
    attr(el, name).parse().expect("a number")
}

fn disabled(el: &Element) -> bool {
    el.has_attribute("disabled")
}

/// Presses Step until it is disabled (at most `max` times); returns the presses.
async fn step_to_end(panel: &Panel, label: &str, max: usize) -> usize {
    for n in 0..max {
        let step = qa(&panel.el(), "button")
            .into_iter()
            .find(|b| attr_or(b, "aria-label").contains(label))
            .unwrap_or_else(|| panic!("no step button labelled {label:?}"));
        if disabled(&step) {
            return n;
        }
        click(&step);
        settle().await;
    }
    panic!("{label}: still not finished after {max} steps");
}

fn attr_or(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// The leaf hashes of replica `side` ("a" or "b") as the tree figure shows them.
fn shown_leaves(panel: &Element, side: &str) -> Vec<Digest> {
    qa(panel, "[data-leaf]")
        .iter()
        .map(|l| hex_digest(&attr(l, &format!("data-hash-{side}"))))
        .collect()
}

#[wasm_bindgen_test]
async fn cassandra_repair_streams_exactly_the_ranges_the_core_diff_finds() {
    let ph = mount(&[("seed", "11"), ("rows", "128"), ("missed", "4")]).await;
    let panel = Panel::of(&ph, "panel-cassandra");
    let leaves_a = shown_leaves(&panel.el(), "a");
    let leaves_b = shown_leaves(&panel.el(), "b");
    assert_eq!(leaves_a.len(), 32, "128 rows → depth 5 → 32 ranges");
    let tree_a = MerkleTree::from_leaf_hashes(Scheme::Plain, leaves_a);
    let tree_b = MerkleTree::from_leaf_hashes(Scheme::Plain, leaves_b);
    // The roots shown are the roots of the leaves shown.
    assert_eq!(
        hex_digest(&attr(&testid(&panel.el(), "cassandra-root-a"), "data-hex")),
        tree_a.root()
    );
    assert_eq!(
        hex_digest(&attr(&testid(&panel.el(), "cassandra-root-b"), "data-hex")),
        tree_b.root()
    );
    let expected = diff(&tree_a, &tree_b).expect("same shape").differing;
    assert!(
        !expected.is_empty(),
        "4 missed writes must make some range differ"
    );
    assert_eq!(
        number(&testid(&panel.el(), "cassandra-bytes"), "data-bytes"),
        0
    );

    let steps = step_to_end(&panel, "Step repair", 30).await;
    // One step per level (depth 5 → 6 levels), then stream, then merge.
    assert_eq!(steps, 8);
    let ranges = attr(&testid(&panel.el(), "cassandra-ranges"), "data-ranges");
    let shown: Vec<usize> = ranges.split(',').map(|s| s.parse().unwrap()).collect();
    assert_eq!(shown, expected);
    let bytes = number(&testid(&panel.el(), "cassandra-bytes"), "data-bytes");
    let naive = number(&testid(&panel.el(), "cassandra-naive-bytes"), "data-bytes");
    assert!(
        bytes > 0 && bytes < naive,
        "repair {bytes} B vs naive {naive} B"
    );
    let root_a = attr(&testid(&panel.el(), "cassandra-root-a"), "data-hex");
    let root_b = attr(&testid(&panel.el(), "cassandra-root-b"), "data-hex");
    assert_eq!(root_a, root_b, "roots must match after repair");
    assert!(text(&panel.el(), "[data-testid=\"cassandra-roots-verdict\"]").contains("match"));
}

#[wasm_bindgen_test]
async fn cassandra_a_delete_on_b_makes_exactly_one_range_differ() {
    let ph = mount(&[("seed", "3"), ("rows", "64"), ("missed", "0")]).await;
    let panel = Panel::of(&ph, "panel-cassandra");
    let root_a = attr(&testid(&panel.el(), "cassandra-root-a"), "data-hex");
    assert_eq!(
        root_a,
        attr(&testid(&panel.el(), "cassandra-root-b"), "data-hex")
    );
    click(&testid(&panel.el(), "cassandra-delete"));
    settle().await;
    assert_ne!(
        root_a,
        attr(&testid(&panel.el(), "cassandra-root-b"), "data-hex")
    );
    assert_eq!(
        root_a,
        attr(&testid(&panel.el(), "cassandra-root-a"), "data-hex")
    );
    step_to_end(&panel, "Step repair", 30).await;
    let ranges = attr(&testid(&panel.el(), "cassandra-ranges"), "data-ranges");
    let parsed: Vec<usize> = ranges.split(',').filter_map(|r| r.parse().ok()).collect();
    assert_eq!(parsed.len(), 1, "one delete, one range: {ranges:?}");
    // The tombstone won on both sides: roots match, and differ from the old root.
    let after = attr(&testid(&panel.el(), "cassandra-root-a"), "data-hex");
    assert_eq!(
        after,
        attr(&testid(&panel.el(), "cassandra-root-b"), "data-hex")
    );
    assert_ne!(after, root_a);
}

fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn tabs_follow_the_arrow_keys() {
    let ph = mount(&[]).await;
    let tab = |k: &str| testid(&ph.el, &format!("tab-{k}"));
    let panel = |k: &str| testid(&ph.el, &format!("panel-{k}"));
    assert_eq!(attr(&tab("cassandra"), "aria-selected"), "true");
    assert!(!panel("cassandra").has_attribute("hidden"));
    assert!(panel("git").has_attribute("hidden"));
    keydown(&tab("cassandra"), "ArrowRight");
    settle().await;
    assert_eq!(attr(&tab("git"), "aria-selected"), "true");
    assert_eq!(attr(&tab("git"), "tabindex"), "0");
    assert_eq!(attr(&tab("cassandra"), "tabindex"), "-1");
    assert!(!panel("git").has_attribute("hidden"));
    assert!(panel("cassandra").has_attribute("hidden"));
    assert_eq!(active_id(), attr(&tab("git"), "id"));
    keydown(&tab("git"), "End");
    settle().await;
    assert_eq!(attr(&tab("ct"), "aria-selected"), "true");
    keydown(&tab("ct"), "ArrowRight");
    settle().await;
    assert_eq!(attr(&tab("cassandra"), "aria-selected"), "true");
    // data-tab picks the first tab.
    let ph2 = mount(&[("tab", "bitcoin")]).await;
    let t = testid(&ph2.el, "tab-bitcoin");
    assert_eq!(attr(&t, "aria-selected"), "true");
    let _ = t.dyn_into::<web_sys::HtmlElement>();
}

#[wasm_bindgen_test]
async fn bad_options_are_reported_not_fatal() {
    let ph = mount(&[("rows", "lots"), ("depth", "12")]).await;
    let notes = text(&ph.el, ".dl-option-messages");
    assert!(notes.contains("data-rows"), "{notes}");
    assert!(notes.contains("data-depth"), "{notes}");
    // Defaults used: 64 rows → depth 4 → 16 leaves.
    assert_eq!(qa(&ph.el, "[data-leaf]").len(), 16);
}

/// Clicks the button with `data-testid` and lets Yew render.
async fn press(root: &Element, id: &str) {
    click(&testid(root, id));
    settle().await;
}

/// Reads each file's content by opening it in the editor, as a reader would.
async fn shown_files(panel: &Panel) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let paths: Vec<String> = qa(&panel.el(), "[data-testid^=\"git-file-\"]")
        .iter()
        .map(|b| attr(b, "data-testid")["git-file-".len()..].to_owned())
        .collect();
    for path in paths {
        // The file list is HTML text, drawn anew after each pick: look the button up.
        click(&testid(&panel.el(), &format!("git-file-{path}")));
        settle().await;
        let area = testid(&panel.el(), "git-content");
        let content = area
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .expect("textarea")
            .value();
        files.insert(path, content.into_bytes());
    }
    files
}

fn shown_id(panel: &Element, id: &str) -> String {
    attr(&testid(panel, id), "data-hex")
}

#[wasm_bindgen_test]
async fn git_ids_are_the_cores_for_the_default_repo() {
    use distlab_core::git::{hash_worktree, id_to_hex, ObjectKind};
    let ph = mount(&[("tab", "git")]).await;
    let panel = Panel::of(&ph, "panel-git");
    let files = shown_files(&panel).await;
    assert!(files.len() >= 3 && files.keys().any(|p| p.contains('/')));
    let wt = hash_worktree(&files).expect("default repo hashes");
    assert_eq!(shown_id(&panel.el(), "git-root-tree"), id_to_hex(&wt.root));
    for o in &wt.objects {
        if o.path.is_empty() {
            continue;
        }
        let kind = match o.kind {
            ObjectKind::Blob => "blob",
            _ => "tree",
        };
        assert_eq!(
            shown_id(&panel.el(), &format!("git-{kind}-{}", o.path)),
            id_to_hex(&o.id),
            "{kind} {}",
            o.path
        );
    }
    // Every object the core lists is shown, and nothing else.
    assert_eq!(
        qa(
            &panel.el(),
            "[data-testid^=\"git-blob-\"], [data-testid^=\"git-tree-\"]"
        )
        .len()
            + 1,
        wt.objects.len()
    );
}

#[wasm_bindgen_test]
async fn git_editing_a_file_changes_its_blob_and_the_trees_above_only() {
    use distlab_core::git::{blob_id, id_to_hex};
    let ph = mount(&[("tab", "git")]).await;
    let panel = Panel::of(&ph, "panel-git");
    let root_before = shown_id(&panel.el(), "git-root-tree");
    let src_before = shown_id(&panel.el(), "git-tree-src");
    let docs_before = shown_id(&panel.el(), "git-tree-docs");
    let lib_before = shown_id(&panel.el(), "git-blob-src/lib.rs");
    let commit_before = shown_id(&panel.el(), "git-commit-id");

    click(&testid(&panel.el(), "git-file-src/main.rs"));
    settle().await;
    let new = "fn main() {\n    println!(\"edited\");\n}\n";
    type_into(&testid(&panel.el(), "git-content"), new);
    settle().await;
    assert_eq!(
        shown_id(&panel.el(), "git-blob-src/main.rs"),
        id_to_hex(&blob_id(new.as_bytes()))
    );
    assert_ne!(shown_id(&panel.el(), "git-root-tree"), root_before);
    assert_ne!(shown_id(&panel.el(), "git-tree-src"), src_before);
    assert_ne!(shown_id(&panel.el(), "git-commit-id"), commit_before);
    // Unchanged subtrees and files keep their ids.
    assert_eq!(shown_id(&panel.el(), "git-tree-docs"), docs_before);
    assert_eq!(shown_id(&panel.el(), "git-blob-src/lib.rs"), lib_before);
    let changed: Vec<String> = qa(&panel.el(), ".dluc-status.dluc-st-changed")
        .iter()
        .filter_map(|e| e.text_content())
        .collect();
    assert_eq!(
        changed.len(),
        3,
        "blob, src/ and the root tree: {changed:?}"
    );

    // Committing makes the pending commit HEAD and the parent of the next.
    let pending = shown_id(&panel.el(), "git-commit-id");
    press(&panel.el(), "git-commit").await;
    assert_eq!(
        attr(&testid(&panel.el(), "git-commit-id"), "data-parent"),
        pending
    );
    assert!(text(&panel.el(), "[data-testid=\"git-history\"]").contains(&pending[..7]));
    assert!(qa(&panel.el(), ".dluc-status.dluc-st-changed").is_empty());

    // A bad path is refused with git's reason, and nothing changes.
    let root = shown_id(&panel.el(), "git-root-tree");
    type_into(&testid(&panel.el(), "git-new-path"), "src//oops.rs");
    settle().await;
    press(&panel.el(), "git-add").await;
    assert!(text(&panel.el(), "[data-testid=\"git-error\"]").contains("empty segment"));
    assert_eq!(shown_id(&panel.el(), "git-root-tree"), root);
}

#[wasm_bindgen_test]
async fn bitcoin_every_block_verifies_and_tampering_fails() {
    use distlab_core::bitcoin::BLOCKS;
    let ph = mount(&[("tab", "bitcoin")]).await;
    let panel = Panel::of(&ph, "panel-bitcoin");
    for (i, block) in BLOCKS.iter().enumerate() {
        type_into(&testid(&panel.el(), "btc-block"), &i.to_string());
        settle().await;
        assert_eq!(
            text(&panel.el(), "[data-testid=\"btc-header-root\"]"),
            block.merkle_root
        );
        assert_eq!(attr(&testid(&panel.el(), "btc-verdict"), "data-ok"), "");
        let steps = step_to_end(&panel, "Step verification", 20).await;
        let n = block.txids.len();
        let log2 = (usize::BITS - (n - 1).leading_zeros()) as usize;
        assert_eq!(
            steps,
            log2 + 1,
            "block {}: ⌈log₂ {n}⌉ hashes + compare",
            block.height
        );
        assert_eq!(attr(&testid(&panel.el(), "btc-verdict"), "data-ok"), "true");
        assert_eq!(
            attr(&testid(&panel.el(), "btc-computed-root"), "data-hex"),
            block.merkle_root,
            "block {}",
            block.height
        );
        assert!(
            text(&panel.el(), "[data-testid=\"btc-proof-size\"]").contains(&format!(
                "{} bytes, against all {n} txids = {} bytes",
                32 * log2,
                32 * n
            ))
        );

        // Tamper with the txid: the verdict flips.
        press(&panel.el(), "btc-tamper-txid").await;
        step_to_end(&panel, "Step verification", 20).await;
        assert_eq!(
            attr(&testid(&panel.el(), "btc-verdict"), "data-ok"),
            "false"
        );
        assert_ne!(
            attr(&testid(&panel.el(), "btc-computed-root"), "data-hex"),
            block.merkle_root
        );
        press(&panel.el(), "btc-tamper-txid").await;
        // Tamper with the last sibling instead.
        press(&panel.el(), &format!("btc-tamper-sibling-{}", log2 - 1)).await;
        step_to_end(&panel, "Step verification", 20).await;
        assert_eq!(
            attr(&testid(&panel.el(), "btc-verdict"), "data-ok"),
            "false"
        );
    }
}

#[wasm_bindgen_test]
async fn bitcoin_odd_block_shows_a_node_paired_with_itself() {
    let ph = mount(&[("tab", "bitcoin"), ("block", "100002"), ("tx", "8")]).await;
    let panel = Panel::of(&ph, "panel-bitcoin");
    assert!(text(&panel.el(), "[data-testid=\"btc-step-1\"]").contains("copy of itself"));
    assert_eq!(
        qa(&panel.el(), "g.dluc-b-ghost").len(),
        3,
        "levels of 9, 5 and 3 nodes"
    );
    step_to_end(&panel, "Step verification", 20).await;
    assert_eq!(attr(&testid(&panel.el(), "btc-verdict"), "data-ok"), "true");
}

#[wasm_bindgen_test]
async fn cassandra_leaves_are_keyboard_operable() {
    let ph = mount(&[("seed", "5"), ("rows", "32"), ("missed", "1")]).await;
    let panel = Panel::of(&ph, "panel-cassandra");
    let tabbable: Vec<Element> = qa(&panel.el(), "[data-leaf][tabindex=\"0\"]");
    assert_eq!(
        tabbable.len(),
        1,
        "roving tabindex: one leaf in the tab order"
    );
    let start: usize = attr(&tabbable[0], "data-leaf").parse().unwrap();
    let next_key = if start == 0 {
        "ArrowRight"
    } else {
        "ArrowLeft"
    };
    focus(&tabbable[0]);
    keydown(&tabbable[0], next_key);
    settle().await;
    let now = qa(&panel.el(), "[data-leaf][tabindex=\"0\"]");
    assert_eq!(now.len(), 1);
    let moved: usize = attr(&now[0], "data-leaf").parse().unwrap();
    assert_eq!(moved, if start == 0 { 1 } else { start - 1 });
    assert_eq!(attr(&now[0], "aria-pressed"), "true");
    assert!(
        text(&panel.el(), "[data-testid=\"cassandra-inspector\"] h4")
            .contains(&format!("#{moved}"))
    );
    assert!(attr(&now[0], "aria-label").starts_with(&format!("Range {moved},")));
    // Keyboard focus follows the selection.
    let active = document().active_element().expect("a focused element");
    assert_eq!(attr_or(&active, "data-leaf"), moved.to_string());
}

// ---------------------------------------------------------------------------------
// Certificate Transparency: RFC 6962 §2.1 and §2.1.2 written here from the RFC, so the
// widget is judged by the RFC's recursion and not by its own code.
// ---------------------------------------------------------------------------------

/// The largest power of two strictly smaller than `n` (n ≥ 2).
fn rfc_split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// `MTH(D[n])`.
fn rfc_mth(d: &[String]) -> Digest {
    match d.len() {
        0 => sha256_parts(&[]),
        1 => sha256_parts(&[&[0x00], d[0].as_bytes()]),
        n => {
            let k = rfc_split(n);
            sha256_parts(&[&[0x01], &rfc_mth(&d[..k]), &rfc_mth(&d[k..])])
        }
    }
}

/// The leaf ranges of `SUBPROOF(m, D[lo..hi], b)`, in the RFC's order.
fn rfc_subproof_ranges(m: usize, lo: usize, hi: usize, b: bool) -> Vec<(usize, usize)> {
    let n = hi - lo;
    if m == n {
        return if b { Vec::new() } else { vec![(lo, hi)] };
    }
    let k = rfc_split(n);
    if m <= k {
        let mut p = rfc_subproof_ranges(m, lo, lo + k, b);
        p.push((lo + k, hi));
        p
    } else {
        let mut p = rfc_subproof_ranges(m - k, lo + k, hi, false);
        p.push((lo, lo + k));
        p
    }
}

/// The log entries as the CT tab lists them.
fn ct_entries(panel: &Element) -> Vec<String> {
    (0..)
        .map_while(|i| q(panel, &format!("[data-testid=\"ct-entry-{i}\"]")))
        .map(|li| {
            // The entry's own text node; a rewritten entry adds a "— was …" note after it.
            li.first_child()
                .and_then(|c| c.text_content())
                .unwrap_or_default()
        })
        .collect()
}

/// The proof as the CT tab shows it: (start, end, hash).
fn ct_proof(panel: &Element) -> Vec<(usize, usize, Digest)> {
    qa(panel, "[data-testid=\"ct-proof-node\"]")
        .iter()
        .map(|li| {
            (
                number(li, "data-start"),
                number(li, "data-end"),
                hex_digest(&attr(li, "data-hex")),
            )
        })
        .collect()
}

async fn hold(panel: &Panel, m: usize) {
    type_into(&testid(&panel.el(), "ct-held"), &m.to_string());
    settle().await;
}

async fn ct_panel() -> (Placeholder, Panel) {
    let ph = mount(&[("tab", "ct")]).await;
    let panel = Panel::of(&ph, "panel-ct");
    assert!(
        !panel.el().has_attribute("hidden"),
        "data-tab=ct shows the CT tab"
    );
    (ph, panel)
}

#[wasm_bindgen_test]
async fn ct_an_honest_extension_verifies_and_a_rewrite_fails() {
    let (_ph, panel) = ct_panel().await;
    let before = ct_entries(&panel.el()).len();
    for name in ["cert for shop2.example", "cert for exam.example"] {
        type_into(&testid(&panel.el(), "ct-name"), name);
        click(&testid(&panel.el(), "ct-append"));
        settle().await;
    }
    let entries = ct_entries(&panel.el());
    assert_eq!(entries.len(), before + 2, "{entries:?}");
    assert_eq!(
        entries.last().map(String::as_str),
        Some("cert for exam.example")
    );
    let n = entries.len();

    hold(&panel, 3).await;
    let old = testid(&panel.el(), "ct-old-head");
    let new = testid(&panel.el(), "ct-new-head");
    assert_eq!(
        (number(&old, "data-size"), number(&new, "data-size")),
        (3, n)
    );
    assert_eq!(hex_digest(&attr(&old, "data-hex")), rfc_mth(&entries[..3]));
    assert_eq!(hex_digest(&attr(&new, "data-hex")), rfc_mth(&entries));
    assert_eq!(attr(&testid(&panel.el(), "ct-verdict"), "data-ok"), "true");
    let sentence = text(&panel.el(), "[data-testid=\"ct-sentence\"]");
    assert!(sentence.contains("match"), "{sentence}");
    // The core's verifier agrees with what is on the page.
    let hashes: Vec<Digest> = ct_proof(&panel.el()).iter().map(|p| p.2).collect();
    assert_eq!(
        distlab_core::merkle::verify_consistency(
            Scheme::Rfc6962,
            3,
            n,
            &rfc_mth(&entries[..3]),
            &rfc_mth(&entries),
            &hashes
        ),
        Ok(())
    );

    // The operator rewrites entry 1, below the auditor's head of size 3. The rewrite
    // button keeps keyboard focus.
    let rewrite = || testid(&panel.el(), "ct-rewrite");
    rewrite()
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    type_into(&testid(&panel.el(), "ct-target"), "1");
    settle().await;
    rewrite()
        .unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&rewrite());
    settle().await;
    assert_eq!(
        attr(&testid(&panel.el(), "ct-rewrite"), "aria-pressed"),
        "true"
    );
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("data-testid")),
        Some("ct-rewrite".to_string()),
        "focus stays on the rewrite button"
    );
    let forged = ct_entries(&panel.el());
    assert_ne!(forged[1], entries[1], "entry 1 is shown rewritten");
    assert_eq!(forged[0], entries[0]);
    // The log now publishes the forged tree; the auditor still holds the honest root.
    assert_eq!(
        hex_digest(&attr(&testid(&panel.el(), "ct-new-head"), "data-hex")),
        rfc_mth(&forged)
    );
    assert_eq!(
        hex_digest(&attr(&testid(&panel.el(), "ct-old-head"), "data-hex")),
        rfc_mth(&entries[..3])
    );
    assert_eq!(attr(&testid(&panel.el(), "ct-verdict"), "data-ok"), "false");
    assert_eq!(
        attr(&testid(&panel.el(), "ct-compare-old"), "data-match"),
        "false"
    );
    assert_eq!(
        attr(&testid(&panel.el(), "ct-compare-new"), "data-match"),
        "true"
    );
    let sentence = text(&panel.el(), "[data-testid=\"ct-sentence\"]");
    assert!(sentence.starts_with("The old root"), "{sentence}");
    assert!(sentence.contains("does not match"), "{sentence}");

    // Size 4 is a power of two: the walk starts from the auditor's own old root and
    // reaches the honest new root, which is not the one published.
    hold(&panel, 4).await;
    assert_eq!(attr(&testid(&panel.el(), "ct-verdict"), "data-ok"), "false");
    assert_eq!(
        attr(&testid(&panel.el(), "ct-compare-new"), "data-match"),
        "false"
    );
    let sentence = text(&panel.el(), "[data-testid=\"ct-sentence\"]");
    assert!(
        sentence.contains("new root the log did not publish"),
        "{sentence}"
    );

    // Undo: consistent again.
    click(&testid(&panel.el(), "ct-rewrite"));
    settle().await;
    assert_eq!(attr(&testid(&panel.el(), "ct-verdict"), "data-ok"), "true");
    assert_eq!(ct_entries(&panel.el()), entries);
}

#[wasm_bindgen_test]
async fn ct_proof_is_the_rfcs_for_every_held_size() {
    let (_ph, panel) = ct_panel().await;
    for _ in 0..5 {
        click(&testid(&panel.el(), "ct-append"));
        settle().await;
    }
    let entries = ct_entries(&panel.el());
    let n = entries.len();
    assert!(n >= 11, "{entries:?}");
    for m in 1..=n {
        hold(&panel, m).await;
        let shown = ct_proof(&panel.el());
        let expected = rfc_subproof_ranges(m, 0, n, true);
        assert_eq!(
            number(&testid(&panel.el(), "ct-proof-size"), "data-len"),
            expected.len(),
            "PROOF({m}, D[{n}]) length"
        );
        assert_eq!(
            shown.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
            expected,
            "PROOF({m}, D[{n}]) ranges"
        );
        for (lo, hi, h) in &shown {
            assert_eq!(
                *h,
                rfc_mth(&entries[*lo..*hi]),
                "hash of entries {lo}..{hi}"
            );
        }
        assert_eq!(
            attr(&testid(&panel.el(), "ct-verdict"), "data-ok"),
            "true",
            "m = {m}"
        );
        // One line per proof hash, less the one that seeds the walk when m is not a
        // power of two (the old root seeds it when it is); none when m = n.
        let steps = qa(&panel.el(), "[data-testid=\"ct-step\"]").len();
        let seeded = usize::from(m != n && !m.is_power_of_two());
        assert_eq!(steps + seeded, expected.len(), "m = {m}");
    }
}

/// The number before "so far" in the comparisons readout.
fn comparisons(panel: &Element) -> usize {
    let t = text(panel, "[data-testid=\"cassandra-comparisons\"]");
    t.split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no count in {t:?}"))
}

#[wasm_bindgen_test]
async fn cassandra_cost_explanation_names_the_case_and_follows_it() {
    let ph = mount(&[]).await;
    let panel = Panel::of(&ph, "panel-cassandra");
    step_to_end(&panel, "Step repair", 30).await;
    let leaves = qa(&panel.el(), "[data-leaf]").len();
    let walk = comparisons(&panel.el());
    let cost = testid(&panel.el(), "cassandra-cost");
    let first = cost.text_content().unwrap_or_default();
    let case = attr(&cost, "data-case");
    // The default run: the walk costs at least as much as a flat comparison.
    assert!(
        walk >= leaves,
        "default run: {walk} comparisons, {leaves} leaves"
    );
    assert_eq!(case, "flat-wins", "{first}");
    assert!(first.contains(&format!("this run: {walk}")), "{first}");
    assert!(
        first.contains(&format!("one per leaf range: {leaves}")),
        "{first}"
    );
    assert!(first.contains("few ranges differ among many"), "{first}");

    click(&testid(&panel.el(), "cassandra-few"));
    settle().await;
    step_to_end(&panel, "Step repair", 30).await;
    let leaves = qa(&panel.el(), "[data-leaf]").len();
    let walk = comparisons(&panel.el());
    assert!(walk < leaves, "preset: {walk} comparisons, {leaves} leaves");
    let cost = testid(&panel.el(), "cassandra-cost");
    let second = cost.text_content().unwrap_or_default();
    assert_eq!(attr(&cost, "data-case"), "tree-wins", "{second}");
    assert!(second.contains("the tree wins"), "{second}");
    assert!(second.contains(&format!("this run: {walk}")), "{second}");
    assert_ne!(first, second);

    click(&testid(&panel.el(), "cassandra-restore"));
    settle().await;
    assert_eq!(
        attr(&testid(&panel.el(), "cassandra-cost"), "data-case"),
        "in-sync"
    );
}

#[wasm_bindgen_test]
async fn bitcoin_undo_keeps_focus() {
    let ph = mount(&[("tab", "bitcoin")]).await;
    let panel = Panel::of(&ph, "panel-bitcoin");
    click(&testid(&panel.el(), "btc-tamper-txid"));
    settle().await;
    let undo = testid(&panel.el(), "btc-untamper");
    undo.unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    click(&undo);
    settle().await;
    assert_eq!(
        attr(&testid(&panel.el(), "btc-tamper-txid"), "aria-pressed"),
        "false"
    );
    assert_eq!(
        document()
            .active_element()
            .and_then(|e| e.get_attribute("data-testid")),
        Some("btc-untamper".to_string())
    );
}

#[wasm_bindgen_test]
async fn ct_fits_a_360_px_column_without_sideways_overflow() {
    let ph = mount(&[("tab", "ct")]).await;
    ph.el.set_attribute("style", "width: 360px").unwrap();
    let panel = Panel::of(&ph, "panel-ct");
    hold(&panel, 3).await;
    click(&testid(&panel.el(), "ct-rewrite"));
    settle().await;
    let right = ph.el.get_bounding_client_rect().right();
    let wide: Vec<String> = qa(&panel.el(), "*")
        .iter()
        // Content inside a horizontal scroller is allowed past the edge: it has a cue.
        .filter(|e| e.closest(".dluc-scroll").ok().flatten().is_none())
        .filter(|e| e.get_bounding_client_rect().right() > right + 1.0)
        .map(|e| format!("<{} class={:?}>", e.tag_name(), e.class_name()))
        .collect();
    assert!(wide.is_empty(), "past the 360 px edge: {wide:?}");
    assert!(ph.el.scroll_width() <= ph.el.client_width() + 1);
    // Every control has an accessible name.
    for c in qa(&panel.el(), "button, select, input") {
        let named = !c.text_content().unwrap_or_default().trim().is_empty()
            || c.has_attribute("aria-label");
        assert!(named, "unnamed control {}", c.outer_html());
    }
}

/// The value of the text field with this test id.
fn field_value(root: &Element, id: &str) -> String {
    testid(root, id)
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("an <input>")
        .value()
}

#[wasm_bindgen_test]
async fn cassandra_keeps_what_the_reader_set_across_redraws() {
    let ph = mount(&[("seed", "5"), ("rows", "32"), ("missed", "1")]).await;
    let panel = || testid(&ph.el, "panel-cassandra");
    let depths = |p: &Element| q(p, "details.dluc-depths").expect("the depth table");
    assert!(!depths(&panel()).has_attribute("open"));
    click(&q(&depths(&panel()), "summary").expect("its summary"));
    settle().await;
    assert!(depths(&panel()).has_attribute("open"));
    type_into(&testid(&panel(), "cassandra-value"), "typed@b-only.test");
    type_into(&testid(&panel(), "cassandra-k"), "99");
    settle().await;
    assert_eq!(field_value(&panel(), "cassandra-k"), "16", "clamped to 16");
    click(&button(&panel(), "Step repair").expect("the step button"));
    settle().await;
    assert!(comparisons(&panel()) > 0, "the step was taken");
    assert!(
        depths(&panel()).has_attribute("open"),
        "the table stays open"
    );
    assert_eq!(
        field_value(&panel(), "cassandra-value"),
        "typed@b-only.test"
    );
    // Enter on a leaf selects it, and focus stays on it.
    let leaf = q(&panel(), "[data-leaf=\"3\"]").expect("leaf 3");
    focus(&leaf);
    keydown(&leaf, "Enter");
    settle().await;
    let leaf = q(&panel(), "[data-leaf=\"3\"]").expect("leaf 3");
    assert_eq!(attr(&leaf, "aria-pressed"), "true");
    assert_eq!(attr(&leaf, "tabindex"), "0");
    let active = document().active_element().expect("a focused element");
    assert_eq!(attr_or(&active, "data-leaf"), "3");
    click(&q(&depths(&panel()), "summary").expect("its summary"));
    settle().await;
    assert!(!depths(&panel()).has_attribute("open"));
}
