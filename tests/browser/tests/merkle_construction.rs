//! The construction widget, driven as a reader would: edit a block, add and remove
//! blocks, step the build, switch scheme, select a node. Every expected hash is
//! recomputed here with distlab-core from what the inputs hold.

use distlab_browser_tests::*;
use distlab_core::hash::to_hex;
use distlab_core::merkle::{MerkleTree, Scheme};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "merkle-tree-construction-widget";

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

fn blocks(root: &Element) -> Vec<String> {
    qa(root, "[data-testid^='block-input-']")
        .into_iter()
        .map(|e| e.unchecked_into::<HtmlInputElement>().value())
        .collect()
}

fn root_hex(root: &Element) -> String {
    q(root, "[data-testid='root-hash']")
        .and_then(|e| e.get_attribute("data-hex"))
        .unwrap_or_default()
}

fn leaf_count(root: &Element) -> usize {
    qa(root, "[data-testid^='node-'][data-level='0']").len()
}

fn nodes_where(root: &Element, attr: &str, value: &str) -> Vec<(usize, usize)> {
    qa(root, &format!("[data-testid^='node-'][{attr}='{value}']"))
        .into_iter()
        .map(|e| {
            let n = |a: &str| {
                e.get_attribute(a)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(usize::MAX)
            };
            (n("data-level"), n("data-index"))
        })
        .collect()
}

/// Presses "Build all at once" (the widget opens unbuilt).
async fn build_all(root: &Element) {
    let b = by_testid(root, "build-all");
    assert!(text(root, "[data-testid='build-all']").contains("Build all at once"));
    click(&b);
    settle().await;
}

fn expected_root(scheme: Scheme, blocks: &[String]) -> String {
    to_hex(&MerkleTree::build(scheme, blocks).root())
}

#[wasm_bindgen_test]
async fn editing_a_block_changes_the_root_along_one_path() {
    let ph = mount(&[("blocks", "5")]).await;
    build_all(&ph.el).await;
    let before = blocks(&ph.el);
    assert_eq!(before.len(), 5);
    let old = root_hex(&ph.el);
    assert_eq!(old, expected_root(Scheme::Rfc6962, &before));

    let input = q(&ph.el, "[data-testid='block-input-2']").expect("block 2 input");
    type_into(&input, "tx: carol→mallory 700");
    settle().await;

    let after = blocks(&ph.el);
    assert_eq!(after[2], "tx: carol→mallory 700");
    let new = root_hex(&ph.el);
    assert_ne!(new, old, "root must change");
    let tree = MerkleTree::build(Scheme::Rfc6962, &after);
    assert_eq!(new, to_hex(&tree.root()));

    let mut changed = nodes_where(&ph.el, "data-changed", "true");
    changed.sort();
    let mut path = tree.path_to_root(2).expect("path");
    path.sort();
    assert_eq!(changed.len(), tree.height(), "one changed node per level");
    assert_eq!(
        changed, path,
        "the highlighted nodes are block 2's path to the root"
    );
    let summary = text(&ph.el, "[data-testid='changed-summary']");
    assert!(summary.contains("4 of 11 hashes changed"), "{summary}");
}

#[wasm_bindgen_test]
async fn adding_and_removing_blocks_changes_the_leaf_count() {
    let ph = mount(&[("blocks", "5")]).await;
    assert_eq!(leaf_count(&ph.el), 5);
    click(&button(&ph.el, "Add block").expect("Add block"));
    settle().await;
    assert_eq!(leaf_count(&ph.el), 6);
    assert_eq!(blocks(&ph.el).len(), 6);
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
    // The view is HTML text drawn anew after each action: look each button up again.
    let remove = |el: &Element| button(el, "Remove block").expect("Remove block");
    click(&remove(&ph.el));
    settle().await;
    click(&remove(&ph.el));
    settle().await;
    assert_eq!(leaf_count(&ph.el), 4);
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
    // Down to one block; Remove is then disabled and the single leaf is the root.
    for _ in 0..5 {
        click(&remove(&ph.el));
        settle().await;
    }
    assert_eq!(leaf_count(&ph.el), 1);
    assert!(remove(&ph.el).has_attribute("disabled"));
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
}

#[wasm_bindgen_test]
async fn a_bad_option_shows_a_message_and_the_default() {
    let ph = mount(&[("blocks", "999"), ("scheme", "md5")]).await;
    let msg = text(&ph.el, ".dl-option-messages");
    assert!(msg.contains("999"), "message names the bad value: {msg}");
    assert!(msg.contains("md5"), "message names the bad value: {msg}");
    assert_eq!(blocks(&ph.el).len(), 6, "default block count");
    build_all(&ph.el).await;
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
}

#[wasm_bindgen_test]
async fn stepping_the_build_reveals_nodes_one_by_one_up_to_the_root() {
    let ph = mount(&[("blocks", "5")]).await;
    let total = qa(&ph.el, "[data-testid^='node-']").len();
    assert_eq!(total, 5 + 3 + 2 + 1);
    click(&button(&ph.el, "Reset build").expect("Reset build"));
    settle().await;
    assert_eq!(nodes_where(&ph.el, "data-state", "hidden").len(), total);
    assert_eq!(root_hex(&ph.el), "", "no root before the build reaches it");

    // The view is HTML text drawn anew after each step: look Step up again each time.
    let step = |el: &Element| button(el, "Step build").expect("Step build");
    let mut order = Vec::new();
    for k in 1..=total {
        let hidden_before = nodes_where(&ph.el, "data-state", "hidden");
        click(&step(&ph.el));
        settle().await;
        let hidden_after = nodes_where(&ph.el, "data-state", "hidden");
        assert_eq!(hidden_after.len(), total - k, "one node per step");
        let new: Vec<_> = hidden_before
            .into_iter()
            .filter(|n| !hidden_after.contains(n))
            .collect();
        assert_eq!(new.len(), 1);
        order.push(new[0]);
        if k < total {
            assert_eq!(nodes_where(&ph.el, "data-state", "current"), vec![new[0]]);
            assert_eq!(root_hex(&ph.el), "");
        }
    }
    // Leaves first, then each level, and the root last.
    assert!(order[..5].iter().all(|n| n.0 == 0));
    assert!(order.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(*order.last().expect("steps"), (3, 0));
    assert!(
        step(&ph.el).has_attribute("disabled"),
        "nothing left to step"
    );
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
}

#[wasm_bindgen_test]
async fn scheme_switch_and_node_details_use_real_hashes() {
    let ph = mount(&[("text", "a,b,c")]).await;
    assert_eq!(blocks(&ph.el), ["a", "b", "c"]);
    let select = q(&ph.el, "[data-testid='scheme']").expect("scheme select");
    type_into(&select, "bitcoin");
    settle().await;
    let tree = MerkleTree::build(Scheme::Bitcoin, &["a", "b", "c"]);
    assert_eq!(root_hex(&ph.el), to_hex(&tree.root()));
    assert!(text(&ph.el, "[data-testid='formulas']").contains("SHA-256(SHA-256(left ‖ right))"));
    // Bitcoin pairs the odd leaf with a copy of itself: a ghost copy is drawn.
    assert_eq!(qa(&ph.el, ".mct-wide .mct-ghost").len(), 1);

    // SVG nodes are not HTML elements: a bubbling click event, as a pointer sends.
    let node = q(&ph.el, "[data-testid='node-1-1']").expect("node 1-1");
    fire(&node, "click");
    settle().await;
    let shown = text(&ph.el, "[data-testid='details-hash']");
    assert_eq!(shown, to_hex(tree.node(1, 1).expect("node")));
    assert!(text(&ph.el, "[data-testid='details']").contains("duplicated"));

    // Drawn anew since: the scheme menu is looked up again.
    let select = q(&ph.el, "[data-testid='scheme']").expect("scheme select");
    type_into(&select, "rfc6962");
    settle().await;
    assert_eq!(qa(&ph.el, ".mct-wide .mct-ghost").len(), 0);
    assert_eq!(
        root_hex(&ph.el),
        to_hex(&MerkleTree::build(Scheme::Rfc6962, &["a", "b", "c"]).root())
    );
    assert!(text(&ph.el, "[data-testid='details']").contains("promoted"));

    // Keyboard: Enter on a focused node selects it.
    let leaf = q(&ph.el, "[data-testid='node-0-0']").expect("leaf 0");
    keydown(&leaf, "Enter");
    settle().await;
    assert_eq!(
        text(&ph.el, "[data-testid='details-hash']"),
        to_hex(&Scheme::Rfc6962.hash_leaf(b"a"))
    );
}

#[wasm_bindgen_test]
async fn play_builds_to_the_root_on_its_own_and_pause_stops_it() {
    let ph = mount(&[("blocks", "4")]).await;
    click(&button(&ph.el, "Reset build").expect("Reset build"));
    settle().await;
    let total = qa(&ph.el, "[data-testid^='node-']").len();
    let hidden = |el: &web_sys::Element| nodes_where(el, "data-state", "hidden").len();
    assert_eq!(hidden(&ph.el), total);
    // Fastest speed, then Play: the playback clock alone must reveal every node.
    let speed = q(&ph.el, "select[aria-label='Animation speed']").expect("speed menu");
    type_into(&speed, "4");
    settle().await;
    click(&button(&ph.el, "Play").expect("Play"));
    assert!(
        wait_for(5_000, || hidden(&ph.el) < total).await,
        "Play revealed nothing"
    );
    // Pause: nothing more is revealed while paused.
    click(&button(&ph.el, "Pause").expect("Pause"));
    settle().await;
    let paused_at = hidden(&ph.el);
    yew::platform::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(hidden(&ph.el), paused_at, "the build went on while paused");
    // Play again to the end: the root appears and equals the core's.
    if paused_at > 0 {
        click(&button(&ph.el, "Play").expect("Play"));
        assert!(
            wait_for(10_000, || hidden(&ph.el) == 0).await,
            "Play never finished"
        );
    }
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );
}

// ---- Issue 12: opens unbuilt, 8 hex characters at phone width, focus, live region.

#[wasm_bindgen_test]
async fn it_opens_on_the_first_step_with_play_enabled() {
    let ph = mount(&[("blocks", "4")]).await;
    assert_eq!(root_hex(&ph.el), "", "no root before the build");
    let hidden = nodes_where(&ph.el, "data-state", "hidden").len();
    assert_eq!(hidden, 4 + 2 + 1, "nothing built yet");
    let play = button(&ph.el, "Play").expect("Play");
    assert!(!play.has_attribute("disabled"), "Play is enabled");
    let step = button(&ph.el, "Step build").expect("Step build");
    assert!(!step.has_attribute("disabled"));
    click(&step);
    settle().await;
    assert_eq!(nodes_where(&ph.el, "data-state", "current"), vec![(0, 0)]);
    assert!(live(&ph.el).starts_with("Built Leaf 0"), "{}", live(&ph.el));
}

#[wasm_bindgen_test]
async fn the_phone_drawing_shows_eight_hex_characters_of_every_hash() {
    let ph = mount(&[("blocks", "16")]).await;
    build_all(&ph.el).await;
    let tree = MerkleTree::build(Scheme::Rfc6962, &blocks(&ph.el));
    let compact = qa(&ph.el, ".mct-compact g.mct-node");
    assert_eq!(
        compact.len(),
        tree.levels().iter().map(Vec::len).sum::<usize>()
    );
    for g in compact {
        let n = |a: &str| {
            g.get_attribute(a)
                .and_then(|v| v.parse().ok())
                .unwrap_or(usize::MAX)
        };
        let (l, i) = (n("data-level"), n("data-index"));
        let hex = to_hex(tree.node(l, i).expect("node"));
        let shown: String = qa(&g, "text")
            .iter()
            .map(|t| t.text_content().unwrap_or_default())
            .collect::<String>()
            .replace('…', "");
        assert!(shown.contains(&hex[..8]), "node ({l},{i}) shows {shown}");
    }
}

#[wasm_bindgen_test]
async fn build_all_rebuild_reset_and_playback_keep_focus_and_speak_once() {
    let ph = mount(&[("blocks", "6")]).await;
    let build = by_testid(&ph.el, "build-all");
    focus(&build);
    click(&build);
    settle().await;
    assert!(focus_inside(&ph.el), "focus after Build all at once");
    assert!(live(&ph.el).starts_with("Tree built"), "{}", live(&ph.el));
    assert_eq!(
        root_hex(&ph.el),
        expected_root(Scheme::Rfc6962, &blocks(&ph.el))
    );

    let rebuild = by_testid(&ph.el, "build-all");
    assert!(rebuild
        .text_content()
        .unwrap_or_default()
        .contains("Rebuild"));
    focus(&rebuild);
    click(&rebuild);
    settle().await;
    assert!(focus_inside(&ph.el), "focus after Rebuild");
    assert_eq!(root_hex(&ph.el), "", "back to the first step");

    let reset = button(&ph.el, "Reset build").expect("Reset build");
    focus(&reset);
    click(&reset);
    settle().await;
    assert!(focus_inside(&ph.el), "focus after Reset");

    let speed = q(&ph.el, "select[aria-label='Animation speed']").expect("speed");
    type_into(&speed, "4");
    settle().await;
    let play = button(&ph.el, "Play").expect("Play");
    focus(&play);
    click(&play);
    settle().await;
    let mut heard = vec![live(&ph.el)];
    let done = wait_for(20_000, || {
        let now = live(&ph.el);
        if heard.last() != Some(&now) {
            heard.push(now);
        }
        !root_hex(&ph.el).is_empty()
    })
    .await;
    assert!(done, "the build ends");
    settle().await;
    let now = live(&ph.el);
    if heard.last() != Some(&now) {
        heard.push(now);
    }
    assert_eq!(heard.len(), 2, "12 ticks, two announcements: {heard:?}");
    assert!(
        heard[0].contains("Building") && heard[1].starts_with("Tree built"),
        "{heard:?}"
    );
    assert!(focus_inside(&ph.el), "focus after the end of playback");
}

#[wasm_bindgen_test]
async fn stepping_and_building_do_not_change_the_height_by_more_than_a_line() {
    let ph = mount(&[("blocks", "6")]).await;
    let h = |r: &Element| {
        q(r, ".mct")
            .expect("widget")
            .get_bounding_client_rect()
            .height()
    };
    let start = h(&ph.el);
    let parts = |r: &Element| {
        qa(r, ".mct-build > *, .mct-details > *")
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    e.class_name(),
                    e.get_bounding_client_rect().height()
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    for what in ["step 1", "step 2"] {
        click(&button(&ph.el, "Step build").expect("Step build"));
        settle().await;
        assert!(
            (h(&ph.el) - start).abs() <= 28.0,
            "{what}: {start} → {}",
            h(&ph.el)
        );
    }
    let before = parts(&ph.el);
    click(&by_testid(&ph.el, "build-all"));
    settle().await;
    assert!(
        (h(&ph.el) - start).abs() <= 28.0,
        "build all: {start} → {}\n{before}\n{}",
        h(&ph.el),
        parts(&ph.el)
    );
    type_into(&by_testid(&ph.el, "block-input-1"), "tx: changed");
    settle().await;
    assert!(
        (h(&ph.el) - start).abs() <= 28.0,
        "edit: {start} → {}",
        h(&ph.el)
    );
}

// ---- Drawn as HTML text (no Yew): what a redraw must keep.

#[wasm_bindgen_test]
async fn typing_in_a_block_keeps_focus_and_the_caret() {
    let ph = mount(&[("blocks", "3")]).await;
    let input = by_testid(&ph.el, "block-input-1");
    focus(&input);
    let i = input.unchecked_ref::<HtmlInputElement>();
    i.set_value("tx: bob→carol 29");
    i.set_selection_range(4, 4).expect("caret");
    fire(&input, "input");
    settle().await;
    // The row was drawn anew around the field being typed in, which stays the same
    // element, with the focus and the caret.
    let now = by_testid(&ph.el, "block-input-1");
    assert!(input.is_same_node(Some(&now)), "the typed-in field stays");
    assert_eq!(document().active_element(), Some(now.clone()));
    let now = now.unchecked_into::<HtmlInputElement>();
    assert_eq!(now.value(), "tx: bob→carol 29");
    assert_eq!(now.selection_start().ok().flatten(), Some(4));
    assert!(text(&ph.el, "[data-testid='changed-summary']").contains("Block 1 edited"));
    // Key after key, as a reader types: each goes to the focused field, at its caret.
    for ch in [' ', '(', 'x', ')'] {
        let el = document().active_element().expect("a focused field");
        let i = el.unchecked_into::<HtmlInputElement>();
        let at = i.selection_start().ok().flatten().unwrap_or(0) as usize;
        let mut v: Vec<char> = i.value().chars().collect();
        v.insert(at, ch);
        i.set_value(&v.into_iter().collect::<String>());
        i.set_selection_range(at as u32 + 1, at as u32 + 1)
            .expect("caret");
        fire(&i, "input");
        settle().await;
    }
    assert_eq!(blocks(&ph.el)[1], "tx:  (x)bob→carol 29");
}

#[wasm_bindgen_test]
async fn a_hash_shown_whole_stays_whole_until_it_changes() {
    let ph = mount(&[("blocks", "4")]).await;
    build_all(&ph.el).await;
    let hex = root_hex(&ph.el);
    let root_button = |el: &Element| q(el, "[data-testid='root-hash'] .dl-hash").expect("hash");
    click(&root_button(&ph.el));
    settle().await;
    assert_eq!(text(&ph.el, "[data-testid='root-hash'] code"), hex);
    assert_eq!(
        root_button(&ph.el)
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    // Selecting a node draws the view again; the root hash stays whole.
    fire(&by_testid(&ph.el, "node-1-0"), "click");
    settle().await;
    assert_eq!(text(&ph.el, "[data-testid='root-hash'] code"), hex);
    // An edit changes the root: the new one is shown shortened.
    type_into(&by_testid(&ph.el, "block-input-0"), "x");
    settle().await;
    let b = root_button(&ph.el);
    assert_eq!(b.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert_eq!(text(&ph.el, "[data-testid='root-hash'] code").len(), 16 + 3);
}

#[wasm_bindgen_test]
async fn space_selects_a_node_and_a_second_press_clears_it() {
    let ph = mount(&[("blocks", "4")]).await;
    build_all(&ph.el).await;
    let node = by_testid(&ph.el, "node-0-2");
    focus(&node);
    keydown(&node, " ");
    settle().await;
    let node = by_testid(&ph.el, "node-0-2");
    assert_eq!(node.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        document().active_element(),
        Some(node.clone()),
        "focus stays on the node"
    );
    assert!(text(&ph.el, "[data-testid='details']").starts_with("Leaf 2"));
    keydown(&node, "Enter");
    settle().await;
    let node = by_testid(&ph.el, "node-0-2");
    assert_eq!(node.get_attribute("aria-pressed").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn the_phone_drawing_keeps_its_scroll_and_follows_only_edits_and_builds() {
    let ph = mount(&[("blocks", "16")]).await;
    ph.el
        .set_attribute("style", "width:360px")
        .expect("narrow placeholder");
    build_all(&ph.el).await;
    let scroller = |el: &Element| q(el, ".mct-compact .mct-scroll").expect("compact box");
    let s = scroller(&ph.el);
    assert!(
        s.scroll_width() > s.client_width(),
        "the phone tree scrolls"
    );
    assert_eq!(s.scroll_left(), 0);
    // An edit of the last block scrolls its leaf into view.
    type_into(&by_testid(&ph.el, "block-input-15"), "x");
    settle().await;
    let s = scroller(&ph.el);
    assert!(s.scroll_left() > 100, "followed the edited leaf");
    // The reader scrolls back; selecting a node draws the view again, and the box stays
    // where the reader put it (the edit was followed once, not on every draw).
    s.set_scroll_left(20);
    fire(
        &q(&ph.el, ".mct-compact [data-focus-key='mct-c-0-3']").expect("node"),
        "click",
    );
    settle().await;
    assert!(q(&ph.el, ".mct-compact [aria-pressed='true']").is_some());
    assert_eq!(scroller(&ph.el).scroll_left(), 20);
}

#[wasm_bindgen_test]
async fn typing_through_an_input_method_is_not_interrupted() {
    let ph = mount(&[("blocks", "3")]).await;
    build_all(&ph.el).await;
    let old = root_hex(&ph.el);
    let input = by_testid(&ph.el, "block-input-1");
    focus(&input);
    // An input method composes: `compositionstart`, then `input`s while it composes.
    fire(&input, "compositionstart");
    input
        .unchecked_ref::<HtmlInputElement>()
        .set_value("tx: 日本");
    fire(&input, "input");
    settle().await;
    assert!(input.is_connected(), "the field being composed in stays");
    assert_eq!(root_hex(&ph.el), old, "nothing is drawn while composing");
    // The composition ends: the edit is drawn.
    fire(&input, "compositionend");
    settle().await;
    let summary = text(&ph.el, "[data-testid='changed-summary']");
    assert!(summary.contains("Block 1 edited"), "{summary}");
    assert_ne!(root_hex(&ph.el), old);
    assert_eq!(blocks(&ph.el)[1], "tx: 日本");
}
