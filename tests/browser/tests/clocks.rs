//! The three clock widgets, driven as a reader would: each post's example comes out with
//! its own numbers, events and messages are added by pointer and keyboard, picks show the
//! relation and its reason, the wall clocks' contradiction follows the skew slider, the
//! Dynamo story ends in siblings the reader resolves, and a ShiViz log is read or refused
//! with the line named.

use distlab_browser_tests::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn stamp(root: &Element, i: usize) -> String {
    text(root, &format!("[data-testid='event-{i}'] .dl-st-stamp"))
}

fn relation(root: &Element) -> String {
    by_testid(root, "relation")
        .get_attribute("data-relation")
        .unwrap_or_default()
}

fn says(root: &Element) -> String {
    text(root, "[data-testid='clock-says']")
}

#[wasm_bindgen_test]
async fn lamport_the_posts_numbers_and_its_misleading_pair() {
    let ph = mounted("lamport-clocks-widget", &[]).await;
    let root = &ph.el;
    // a1, B's receive, b1, C's receive, c1, a2: 1 2 3 4 5 2, as the post prints them.
    let stamps: Vec<String> = (0..6).map(|i| stamp(root, i)).collect();
    assert_eq!(stamps, ["L=1", "L=2", "L=3", "L=4", "L=5", "L=2"]);
    // It opens on a2 and b1: L(a2) < L(b1), yet concurrent.
    assert_eq!(relation(root), "concurrent");
    assert!(
        says(root).contains("L(a2) = 2 < L(b1) = 3, yet"),
        "{}",
        says(root)
    );
    let rules = text(root, "[data-testid='rule']");
    assert!(rules.contains("b1: C = C + 1 = 2 + 1 = 3"), "{rules}");
    assert_eq!(
        text(root, "[data-testid='order']"),
        "a1 1 · a2 2 · recv 2 · b1 3 · recv 4 · c1 5"
    );
}

#[wasm_bindgen_test]
async fn events_and_messages_by_keyboard_and_a_causal_chain() {
    let ph = mounted("lamport-clocks-widget", &[("preset", "empty")]).await;
    let root = &ph.el;
    assert!(q(root, "[data-testid='event-0']").is_none());
    click(&by_testid(root, "add-0"));
    settle().await;
    type_into(&by_testid(root, "send-from"), "0");
    type_into(&by_testid(root, "send-to"), "2");
    click(&by_testid(root, "send"));
    settle().await;
    // a1, a2 (the send) and c1 (its receive), with the arrow.
    assert!(q(root, "[data-testid='message-1-2']").is_some());
    assert_eq!(
        [stamp(root, 0), stamp(root, 1), stamp(root, 2)],
        ["L=1", "L=2", "L=3"]
    );
    // Pick by keyboard: Enter on a1, Space on c1.
    keydown(&by_testid(root, "event-0"), "Enter");
    keydown(&by_testid(root, "event-2"), " ");
    settle().await;
    assert_eq!(
        by_testid(root, "event-0")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(relation(root), "before");
    assert!(text(root, "[data-testid='relation']").contains("a1 → a2 → c1"));
    // A same-process send is refused with a message, nothing added.
    type_into(&by_testid(root, "send-to"), "0");
    click(&by_testid(root, "send"));
    settle().await;
    assert!(q(root, "[data-testid='event-3']").is_none());
    // Undo removes the message's two events.
    click(&by_testid(root, "undo"));
    settle().await;
    assert!(q(root, "[data-testid='event-1']").is_none());
}

#[wasm_bindgen_test]
async fn vector_the_posts_pair_and_the_dynamo_story() {
    let ph = mounted("vector-clocks-widget", &[]).await;
    let root = &ph.el;
    let stamps: Vec<String> = (0..4).map(|i| stamp(root, i)).collect();
    assert_eq!(stamps, ["[1,0,0]", "[1,1,0]", "[1,2,0]", "[2,0,0]"]);
    assert_eq!(relation(root), "concurrent");
    assert!(says(root).contains("V(a2) = [2,0,0], V(b2) = [1,2,0]"));
    for _ in 0..3 {
        click(&by_testid(root, "dynamo-next"));
        settle().await;
    }
    assert!(text(root, "[data-testid='dynamo-a']").contains("2 siblings"));
    assert!(text(root, "[data-testid='dynamo-said']").contains("concurrent"));
    click(&by_testid(root, "dynamo-keep-v3"));
    settle().await;
    for r in ["dynamo-a", "dynamo-b"] {
        let t = text(root, &format!("[data-testid='{r}']"));
        assert!(t.contains("https://v3.com at [A:3, B:1]"), "{t}");
        assert!(!t.contains("v2.com"), "{t}");
    }
}

#[wasm_bindgen_test]
async fn wall_clocks_contradict_causality_until_the_skew_changes() {
    let ph = mounted("logical-clocks-widget", &[]).await;
    let root = &ph.el;
    let verdict = text(root, "[data-testid='clock-verdict']");
    assert!(
        verdict.contains("14:00:00.001") && verdict.contains("13:59:59.998"),
        "{verdict}"
    );
    assert_eq!(relation(root), "before", "the click caused the update");
    type_into(&by_testid(root, "skew-2"), "1");
    settle().await;
    let verdict = text(root, "[data-testid='clock-verdict']");
    assert!(verdict.starts_with("No message"), "{verdict}");
    assert!(by_testid(root, "skew-2")
        .get_attribute("aria-label")
        .is_some_and(|l| l.contains("C's clock")));
}

#[wasm_bindgen_test]
async fn a_shiviz_log_is_drawn_or_refused_with_its_line() {
    let ph = mounted("vector-clocks-widget", &[]).await;
    let root = &ph.el;
    let log = by_testid(root, "log");
    type_into(&log, "x\nA {\"A\":1}\ny\nB {\"B\":1,\"A\":2}\n");
    click(&by_testid(root, "log-import"));
    settle().await;
    let note = text(root, "[data-testid='log-note']");
    assert!(note.starts_with("line 4:"), "{note}");
    // The run is unchanged.
    assert_eq!(stamp(root, 3), "[2,0,0]");
    type_into(&log, "x\nA {\"A\":1}\ny\nB {\"B\":1,\"A\":1}\n");
    click(&by_testid(root, "log-import"));
    settle().await;
    assert!(text(root, "[data-testid='log-note']").contains("2 events and 1 message"));
    assert_eq!(stamp(root, 1), "[1,1]");
    assert!(q(root, "[data-testid='message-0-1']").is_some());
}
