//! The comparison widget, driven as a reader would: make replica B diverge (edit one
//! block, or a seeded partition), walk the comparison to the end, repair. Expected
//! results are recomputed here with distlab-core from the blocks the widget shows.

use distlab_browser_tests::*;
use distlab_core::hash::to_hex;
use distlab_core::merkle::{diff, DiffReport, MerkleTree, Scheme};
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
    let step = button(root, "Step walk").expect("Step walk");
    let mut steps = 1;
    while !step.has_attribute("disabled") {
        click(&step);
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
    let step = button(&ph.el, "Step walk").expect("Step walk");
    click(&step); // left half (blocks 0–3) differs
    settle().await;
    click(&step); // right half (blocks 4–7) equal: pruned
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
