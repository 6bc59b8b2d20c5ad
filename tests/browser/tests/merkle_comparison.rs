//! The comparison widget, driven as a reader would: make replica B diverge (edit one
//! block, or a seeded partition), walk the comparison to the end, repair. Expected
//! results are recomputed here with distlab-core from the blocks the widget shows.

use distlab_browser_tests::*;
use distlab_core::hash::to_hex;
use distlab_core::merkle::{diff, DiffReport, MerkleTree, Scheme};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "merkle-tree-comparison-widget";

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

/// Both replicas as the widget shows them: A's blocks, and B's (empty when dropped).
fn replicas(root: &Element) -> (Vec<String>, Vec<String>) {
    let slots = qa(root, "[data-testid^='slot-']");
    let a = slots
        .iter()
        .map(|s| s.get_attribute("data-a").unwrap_or_default())
        .collect();
    let b = slots
        .iter()
        .map(|s| s.get_attribute("data-b").unwrap_or_default())
        .collect();
    (a, b)
}

fn expected(root: &Element) -> (DiffReport, Vec<usize>) {
    let (a, b) = replicas(root);
    let truth = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let ta = MerkleTree::build(Scheme::Rfc6962, &a);
    let tb = MerkleTree::build(Scheme::Rfc6962, &b);
    (diff(&ta, &tb).expect("same shape"), truth)
}

fn readout(root: &Element, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

fn hex(root: &Element, id: &str) -> String {
    by_testid(root, id)
        .get_attribute("data-hex")
        .unwrap_or_default()
}

fn list(v: &[usize]) -> String {
    v.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pauses the walk if it is playing (Compare starts it playing).
async fn pause(root: &Element) {
    if let Some(b) = button(root, "Pause") {
        click(&b);
        settle().await;
    }
}

/// Presses Compare, then steps the walk until Step is disabled; returns the steps taken.
async fn compare_to_the_end(root: &Element) -> usize {
    click(&by_testid(root, "compare"));
    settle().await;
    pause(root).await;
    // The view is drawn anew after each step: look the button up again each time.
    let step = || button(root, "Step walk").expect("Step walk");
    let mut steps = 1;
    while !step().has_attribute("disabled") {
        click(&step());
        settle().await;
        steps += 1;
        assert!(steps < 1000, "the walk never ends");
    }
    steps
}

async fn repair_and_check(root: &Element) {
    let repair = by_testid(root, "repair");
    assert!(!repair.has_attribute("disabled"), "Repair is offered");
    click(&repair);
    settle().await;
    assert_eq!(
        hex(root, "root-a"),
        hex(root, "root-b"),
        "roots match again"
    );
    let (a, b) = replicas(root);
    assert_eq!(a, b);
    assert_eq!(
        hex(root, "root-b"),
        to_hex(&MerkleTree::build(Scheme::Rfc6962, &a).root())
    );
}

#[wasm_bindgen_test]
async fn one_edited_block_is_found_in_fewer_comparisons_than_brute_force() {
    let ph = mount(&[("blocks", "16")]).await;
    assert_eq!(hex(&ph.el, "root-a"), hex(&ph.el, "root-b"));
    assert_eq!(readout(&ph.el, "brute-force"), "16");

    click(&by_testid(&ph.el, "slot-5"));
    settle().await;
    type_into(&by_testid(&ph.el, "edit-block"), "row 05: qty=0");
    settle().await;
    assert_ne!(hex(&ph.el, "root-a"), hex(&ph.el, "root-b"));
    let (report, truth) = expected(&ph.el);
    assert_eq!(truth, vec![5]);

    let steps = compare_to_the_end(&ph.el).await;
    assert_eq!(steps, report.visits.len(), "one visit per step");
    assert_eq!(readout(&ph.el, "differing"), list(&report.differing));
    assert_eq!(report.differing, truth);
    let comparisons: usize = readout(&ph.el, "comparisons").parse().expect("a number");
    assert_eq!(comparisons, report.comparisons);
    assert!(
        comparisons < 16,
        "{comparisons} comparisons for k = 1, n = 16"
    );
    repair_and_check(&ph.el).await;
}

#[wasm_bindgen_test]
async fn a_seeded_partition_is_found_exactly_and_repaired() {
    let ph = mount(&[("blocks", "32"), ("seed", "11"), ("k", "3")]).await;
    click(&button(&ph.el, "Simulate a partition").expect("partition button"));
    settle().await;
    let (report, truth) = expected(&ph.el);
    assert_eq!(truth.len(), 3, "k = 3 blocks diverged");
    compare_to_the_end(&ph.el).await;
    assert_eq!(readout(&ph.el, "differing"), list(&truth));
    assert_eq!(report.differing, truth);
    assert_eq!(
        readout(&ph.el, "comparisons"),
        report.comparisons.to_string()
    );
    let status = text(&ph.el, "[role='status']");
    assert!(
        status.contains(&format!(
            "Found 3 differing blocks with {} comparisons",
            report.comparisons
        )),
        "{status}"
    );
    repair_and_check(&ph.el).await;

    // The same seed gives the same partition.
    let again = mount(&[("blocks", "32"), ("seed", "11"), ("k", "3")]).await;
    click(&button(&again.el, "Simulate a partition").expect("partition button"));
    settle().await;
    assert_eq!(expected(&again.el).1, truth);
}

#[wasm_bindgen_test]
async fn the_walk_prunes_equal_subtrees_step_by_step() {
    let ph = mount(&[("blocks", "8")]).await;
    click(&by_testid(&ph.el, "slot-2"));
    settle().await;
    click(&button(&ph.el, "Drop block").expect("Drop block"));
    settle().await;
    assert_eq!(
        by_testid(&ph.el, "slot-2")
            .get_attribute("data-dropped")
            .as_deref(),
        Some("true")
    );
    click(&by_testid(&ph.el, "compare"));
    settle().await;
    pause(&ph.el).await;
    // The root pair was compared first, and differs.
    assert_eq!(readout(&ph.el, "comparisons"), "1");
    assert_eq!(
        by_testid(&ph.el, "node-3-0")
            .get_attribute("data-state")
            .as_deref(),
        Some("differ")
    );
    let step = || button(&ph.el, "Step walk").expect("Step walk");
    click(&step()); // left half (blocks 0–3) differs
    settle().await;
    click(&step()); // right half (blocks 4–7) equal: pruned
    settle().await;
    assert_eq!(readout(&ph.el, "comparisons"), "3");
    assert_eq!(
        by_testid(&ph.el, "node-2-1")
            .get_attribute("data-state")
            .as_deref(),
        Some("equal")
    );
    assert_eq!(
        by_testid(&ph.el, "leaf-7")
            .get_attribute("data-state")
            .as_deref(),
        Some("pruned")
    );
    assert!(text(&ph.el, "[data-testid='walk-status']").contains("skipped"));
    compare_to_the_end(&ph.el).await;
    assert_eq!(readout(&ph.el, "differing"), "2");
    repair_and_check(&ph.el).await;
}

#[wasm_bindgen_test]
async fn bad_options_show_a_message_and_the_defaults() {
    let ph = mount(&[("blocks", "999"), ("k", "zero")]).await;
    let msg = text(&ph.el, ".dl-option-messages");
    assert!(msg.contains("999") && msg.contains("zero"), "{msg}");
    assert_eq!(qa(&ph.el, "[data-testid^='slot-']").len(), 16);
    assert_eq!(readout(&ph.el, "brute-force"), "16");
    // Equal replicas: the walk is one comparison of the roots.
    compare_to_the_end(&ph.el).await;
    assert_eq!(readout(&ph.el, "comparisons"), "1");
    assert_eq!(readout(&ph.el, "differing"), "");
}

// ---- Issue 12: block count, the post's scale, leaf hashes, no auto-play, focus, live region.

/// Sets the block-count slider to `n`, as dragging it would.
async fn set_blocks(root: &Element, n: usize) {
    type_into(&by_testid(root, "blocks"), &n.to_string());
    settle().await;
}

#[wasm_bindgen_test]
async fn the_block_count_control_redraws_the_leaves_and_the_walk() {
    let ph = mount(&[("blocks", "16")]).await;
    assert_eq!(
        by_testid(&ph.el, "blocks")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Blocks per replica")
    );
    for n in [8, 64, 23] {
        set_blocks(&ph.el, n).await;
        assert_eq!(qa(&ph.el, "[data-testid^='slot-']").len(), n);
        assert_eq!(
            qa(&ph.el, "[data-testid^='leaf-']").len(),
            n,
            "leaves drawn"
        );
        assert_eq!(readout(&ph.el, "brute-force"), n.to_string());
        click(&by_testid(&ph.el, &format!("slot-{}", n - 1)));
        settle().await;
        click(&button(&ph.el, "Corrupt").expect("Corrupt"));
        settle().await;
        let (report, truth) = expected(&ph.el);
        assert_eq!(truth, vec![n - 1]);
        let steps = compare_to_the_end(&ph.el).await;
        assert_eq!(steps, report.visits.len());
        assert_eq!(
            readout(&ph.el, "comparisons"),
            report.comparisons.to_string()
        );
        assert_eq!(readout(&ph.el, "differing"), (n - 1).to_string());
    }
    set_blocks(&ph.el, 64).await;
    let (a, _) = replicas(&ph.el);
    let mut b = a.clone();
    b[40].push('!');
    let ta = MerkleTree::build(Scheme::Rfc6962, &a);
    let tb = MerkleTree::build(Scheme::Rfc6962, &b);
    assert_eq!(
        diff(&ta, &tb).expect("same shape").comparisons,
        13,
        "1 + 2·log₂ 64"
    );
}

/// Comparisons of the top-down walk over `n` leaves when the leaves in `d` differ,
/// recounted here from first principles: level by level, a node differs when a differing
/// leaf lies under it, and each differing node with two children costs two comparisons
/// (a level's last, unpaired node is promoted: its child needs none); plus the roots.
fn walk_comparisons(n: u64, d: &[u64]) -> u64 {
    use std::collections::BTreeSet;
    let mut level: BTreeSet<u64> = d.iter().copied().collect();
    let (mut width, mut total) = (n, 1);
    while width > 1 {
        let parents: BTreeSet<u64> = level.iter().map(|i| i / 2).collect();
        total += 2 * parents.iter().filter(|&&p| 2 * p + 1 < width).count() as u64;
        level = parents;
        width = width.div_ceil(2);
    }
    total
}

fn with_commas(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[wasm_bindgen_test]
async fn the_readout_scales_the_walk_to_the_posts_example() {
    let ph = mount(&[]).await;
    let n: u64 = 100_000_000;
    let spread: Vec<u64> = (0..100).map(|j| j * n / 100).collect();
    let walk = walk_comparisons(n, &spread);
    // Cross-check the recount on a size the core can build.
    let small: Vec<String> = (0..40).map(|i| format!("b{i}")).collect();
    let mut changed = small.clone();
    for i in [0, 13, 26, 39] {
        changed[i].push('!');
    }
    let real = diff(
        &MerkleTree::build(Scheme::Rfc6962, &small),
        &MerkleTree::build(Scheme::Rfc6962, &changed),
    )
    .expect("same shape");
    assert_eq!(
        walk_comparisons(40, &[0, 13, 26, 39]),
        real.comparisons as u64
    );

    assert_eq!(readout(&ph.el, "scale-walk"), with_commas(walk));
    assert_eq!(readout(&ph.el, "scale-walk-bytes"), with_commas(walk * 32));
    assert_eq!(readout(&ph.el, "scale-brute"), "100,000,000");
    assert_eq!(readout(&ph.el, "scale-brute-bytes"), "3,200,000,000");
    let table = readout(&ph.el, "scale");
    assert!(table.contains("3.2 GB"), "{table}");
    assert!(walk < 5_000, "{walk}: thousands, not millions");
}

#[wasm_bindgen_test]
async fn every_leaf_shows_its_hash() {
    use distlab_core::hash::{sha256_parts, short_hex};
    for n in ["8", "16"] {
        let ph = mount(&[("blocks", n)]).await;
        click(&by_testid(&ph.el, "slot-3"));
        settle().await;
        type_into(&by_testid(&ph.el, "edit-block"), "row 03: qty=1");
        settle().await;
        let (a, b) = replicas(&ph.el);
        for i in 0..a.len() {
            // RFC 6962 leaf hash: SHA-256(0x00 ‖ block).
            let ha = sha256_parts(&[&[0], a[i].as_bytes()]);
            let hb = sha256_parts(&[&[0], b[i].as_bytes()]);
            let leaf = by_testid(&ph.el, &format!("leaf-{i}"));
            let shown = leaf.text_content().unwrap_or_default();
            assert!(
                shown.contains(&short_hex(&ha, 4)),
                "n={n} leaf {i}: {shown}"
            );
            assert!(
                shown.contains(&short_hex(&hb, 4)),
                "n={n} leaf {i}: {shown}"
            );
            let title = text(&leaf, "title");
            assert!(
                title.contains(&short_hex(&ha, 8)) && title.contains(&short_hex(&hb, 8)),
                "{title}"
            );
        }
        assert_ne!(a[3], b[3]);
    }
}

#[wasm_bindgen_test]
async fn compare_waits_for_play_or_step() {
    let ph = mount(&[("blocks", "16")]).await;
    click(&by_testid(&ph.el, "slot-9"));
    settle().await;
    click(&button(&ph.el, "Corrupt").expect("Corrupt"));
    settle().await;
    click(&by_testid(&ph.el, "compare"));
    settle().await;
    assert!(button(&ph.el, "Pause").is_none(), "not playing");
    yew::platform::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        readout(&ph.el, "comparisons"),
        "1",
        "only the roots, until the reader asks"
    );
    assert!(
        live(&ph.el).contains("Press Play or Step"),
        "{}",
        live(&ph.el)
    );
}

#[wasm_bindgen_test]
async fn playback_announces_its_start_and_its_result_only() {
    let ph = mount(&[("blocks", "16"), ("seed", "3"), ("k", "3")]).await;
    click(&button(&ph.el, "Simulate a partition").expect("partition"));
    settle().await;
    let (report, _) = expected(&ph.el);
    click(&by_testid(&ph.el, "compare"));
    settle().await;
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
        button(&ph.el, "Pause").is_none()
    })
    .await;
    assert!(done, "the walk ends");
    settle().await;
    let now = live(&ph.el);
    if heard.last() != Some(&now) {
        heard.push(now);
    }
    assert!(report.visits.len() > 5, "a walk of many ticks");
    assert_eq!(heard.len(), 2, "{heard:?}");
    assert_eq!(heard[0], "Playing the walk.");
    assert!(
        heard[1].starts_with("Found 3 differing blocks"),
        "{heard:?}"
    );
    // Play is disabled at the end; focus stays inside the widget.
    assert!(focus_inside(&ph.el), "focus after the end of playback");
}

#[wasm_bindgen_test]
async fn focus_stays_in_the_widget_after_drop_done_and_reset() {
    let ph = mount(&[("blocks", "8")]).await;
    click(&by_testid(&ph.el, "slot-2"));
    settle().await;
    let drop = button(&ph.el, "Drop block").expect("Drop block");
    focus(&drop);
    click(&drop);
    settle().await;
    // The panel is HTML text, drawn anew: the button now in Drop block's place.
    let drop = button(&ph.el, "Drop block").expect("Drop block");
    assert!(drop.has_attribute("disabled"));
    assert!(focus_inside(&ph.el), "focus after Drop block");
    let done = button(&ph.el, "Done").expect("Done");
    focus(&done);
    click(&done);
    settle().await;
    assert!(focus_inside(&ph.el), "focus after Done");
    assert_eq!(
        document()
            .active_element()
            .and_then(|a| a.get_attribute("data-testid"))
            .as_deref(),
        Some("slot-2"),
        "Done hands focus back to the block's button"
    );
    click(&by_testid(&ph.el, "compare"));
    settle().await;
    let reset = button(&ph.el, "Reset walk").expect("Reset walk");
    focus(&reset);
    click(&reset);
    settle().await;
    assert!(focus_inside(&ph.el), "focus after Reset");
    assert!(live(&ph.el).contains("Walk reset"));
    // Walk to the end and repair B from the keyboard: Repair B disables itself.
    compare_to_the_end(&ph.el).await;
    let repair = by_testid(&ph.el, "repair");
    focus(&repair);
    click(&repair);
    settle().await;
    let repair = by_testid(&ph.el, "repair");
    assert!(repair.has_attribute("disabled"), "nothing left to repair");
    assert!(focus_inside(&ph.el), "focus after Repair B");
}

/// The widget's own height (its root element inside the placeholder).
fn height(root: &Element) -> f64 {
    q(root, ".mcmp")
        .expect("widget")
        .get_bounding_client_rect()
        .height()
}

#[wasm_bindgen_test]
async fn actions_do_not_change_the_height_by_more_than_a_line() {
    let ph = mount(&[("blocks", "16")]).await;
    let start = height(&ph.el);
    let check = |what: &str, root: &Element| {
        let h = height(root);
        assert!((h - start).abs() <= 28.0, "{what}: {start} → {h}");
    };
    click(&by_testid(&ph.el, "slot-4"));
    settle().await;
    check("pick a block", &ph.el);
    click(&button(&ph.el, "Drop block").expect("Drop"));
    settle().await;
    check("drop", &ph.el);
    click(&by_testid(&ph.el, "compare"));
    settle().await;
    check("compare", &ph.el);
    compare_to_the_end(&ph.el).await;
    check("walk done", &ph.el);
    click(&by_testid(&ph.el, "repair"));
    settle().await;
    check("repair", &ph.el);
    click(&button(&ph.el, "Done").expect("Done"));
    settle().await;
    check("done", &ph.el);
    for n in [8, 64] {
        set_blocks(&ph.el, n).await;
        check("block count", &ph.el);
    }
}

/// The name of the control holding focus.
fn focused_testid() -> Option<String> {
    document()
        .active_element()
        .and_then(|a| a.get_attribute("data-testid"))
}

#[wasm_bindgen_test]
async fn typing_and_the_slider_keep_focus_and_caret_across_redraws() {
    let ph = mount(&[("blocks", "16")]).await;
    click(&by_testid(&ph.el, "slot-6"));
    settle().await;
    // Typing a character: the view is drawn anew, the field keeps focus and its caret.
    let field = by_testid(&ph.el, "edit-block");
    focus(&field);
    let input = field
        .dyn_ref::<web_sys::HtmlInputElement>()
        .expect("a text field")
        .clone();
    let typed = format!("{}!", input.value());
    input.set_value(&typed);
    let _ = input.set_selection_range(3, 3);
    fire(&field, "input");
    settle().await;
    assert_eq!(focused_testid().as_deref(), Some("edit-block"));
    let now = by_testid(&ph.el, "edit-block")
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("a text field");
    assert_eq!(now.value(), typed);
    assert_eq!(now.selection_start().ok().flatten(), Some(3), "caret kept");
    assert_eq!(replicas(&ph.el).1[6], typed);
    // The slider, moved from the keyboard: focus stays on it.
    let slider = by_testid(&ph.el, "blocks");
    focus(&slider);
    type_into(&slider, "24");
    settle().await;
    assert_eq!(focused_testid().as_deref(), Some("blocks"));
    assert_eq!(qa(&ph.el, "[data-testid^='slot-']").len(), 24);
}
