//! The gossip widget, driven as a reader would: the post's N = 100, k = 3 opens with its
//! log₃(100) ≈ 4.2 and the verdict on it; stepping rounds spreads the rumour until every
//! node up knows; settings start new runs (1,000 nodes on the canvas, 16 on the ring
//! with every message); killing a node in the heartbeat cluster gets it suspected with φ
//! over the threshold, while live nodes stay trusted; focus survives Kill → Restart.

use distlab_browser_tests::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn informed(root: &Element) -> u32 {
    attr(&by_testid(root, "cluster"), "data-informed")
        .parse()
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn the_posts_example_spreads_to_everyone_and_the_estimate_is_judged() {
    let ph = mounted("gossip-protocol-widget", &[]).await;
    let root = &ph.el;
    let cluster = by_testid(root, "cluster");
    assert_eq!(attr(&cluster, "data-live"), "100");
    assert_eq!(informed(root), 1);
    let verdict = text(root, "[data-testid='verdict']");
    assert!(verdict.contains("log₃(100) ≈ 4.2"), "{verdict}");
    assert!(verdict.contains("optimistic"), "{verdict}");
    assert!(
        q(root, "canvas").is_some(),
        "100 nodes are drawn on the canvas"
    );
    let step = button(root, "Step rounds").expect("step button");
    let mut last = 1;
    for _ in 0..30 {
        click(&step);
        settle().await;
        let now = informed(root);
        assert!(now >= last, "informed never falls: {last} → {now}");
        last = now;
        if now == 100 {
            break;
        }
    }
    assert_eq!(last, 100);
    assert!(live(root).contains("Everyone up knows"), "{}", live(root));
    assert!(text(root, "[data-testid='cost']").contains("9,900"));
    // Finished: Step is disabled; focus did not fall to the page.
    assert!(step.has_attribute("disabled"));
    assert!(focus_inside(root) || document().active_element().is_some());
}

#[wasm_bindgen_test]
async fn settings_start_new_runs_at_both_scales() {
    let ph = mounted(
        "gossip-protocol-widget",
        &[("nodes", "16"), ("fanout", "2")],
    )
    .await;
    let root = &ph.el;
    assert!(
        q(root, ".dlg-ring").is_some(),
        "16 nodes are drawn as a ring"
    );
    click(&button(root, "Step rounds").unwrap());
    settle().await;
    // Round 1: node 0 told two peers; each message is drawn.
    assert!(qa(root, ".dlg-e").len() >= 2);
    // 1,000 nodes, pull.
    type_into(&by_testid(root, "set-nodes"), "8");
    type_into(&by_testid(root, "set-mode"), "1");
    settle().await;
    let cluster = by_testid(root, "cluster");
    assert_eq!(attr(&cluster, "data-live"), "1000");
    assert_eq!(attr(&cluster, "data-round"), "0");
    assert!(q(root, "canvas").is_some());
    // Down at start: 10 %.
    type_into(&by_testid(root, "set-dead"), "3");
    settle().await;
    assert_eq!(attr(&by_testid(root, "cluster"), "data-live"), "900");
    // Play runs to the end by itself.
    click(&button(root, "Play").unwrap());
    assert!(wait_for(20_000, || informed(root) == 900).await);
}

#[wasm_bindgen_test]
async fn a_killed_node_is_suspected_and_live_ones_are_not() {
    let ph = mounted("gossip-protocol-widget", &[]).await;
    let root = &ph.el;
    let step = button(root, "Step heartbeats").expect("heartbeat step");
    for _ in 0..5 {
        click(&step);
        settle().await;
    }
    let kill = by_testid(root, "hb-kill-5");
    focus(&kill);
    click(&kill);
    settle().await;
    // The Restart button took its place, and focus stayed on it.
    let restart = by_testid(root, "hb-restart-5");
    assert!(focus_inside(root));
    assert_eq!(document().active_element().as_ref(), Some(&restart));
    for _ in 0..40 {
        click(&step);
        settle().await;
        if attr(&by_testid(root, "hb-row-5"), "data-suspected") == "true" {
            break;
        }
    }
    let row = by_testid(root, "hb-row-5");
    assert_eq!(attr(&row, "data-suspected"), "true");
    let phi: f64 = attr(&row, "data-phi").parse().unwrap();
    assert!(phi >= 8.0, "φ {phi}");
    for i in [1, 2, 3, 4, 6, 7] {
        let r = by_testid(root, &format!("hb-row-{i}"));
        assert_eq!(attr(&r, "data-suspected"), "false", "node {i}");
    }
    assert!(text(root, "[data-testid='hb-status']").contains("suspected"));
    // Restart: it is heard again and trusted.
    click(&restart);
    for _ in 0..5 {
        click(&step);
        settle().await;
    }
    assert_eq!(
        attr(&by_testid(root, "hb-row-5"), "data-suspected"),
        "false"
    );
}

#[wasm_bindgen_test]
async fn bad_options_are_reported_and_defaults_used() {
    let ph = mounted(
        "gossip-protocol-widget",
        &[("nodes", "5"), ("mode", "shout")],
    )
    .await;
    let root = &ph.el;
    assert_eq!(qa(root, ".dl-option-messages li").len(), 2);
    assert_eq!(attr(&by_testid(root, "cluster"), "data-live"), "100");
}
