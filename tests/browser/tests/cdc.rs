//! The CDC widget, driven as a reader would: it opens on the post's insert as JSON; a
//! failed dual write shows as divergence; a stalled Debezium grows retained WAL and slot
//! lag, and on resume the CDC side says it converged while dual write stays diverged;
//! any event opens as JSON; a bad option is reported; pressed controls keep focus.

use distlab_browser_tests::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "cdc-vs-dual-write-widget";

fn num(root: &Element, testid: &str, attr: &str) -> u64 {
    by_testid(root, testid)
        .get_attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{testid} has no {attr}"))
}

async fn step(root: &Element, n: usize) {
    let b = button(root, "Step workload").expect("step button");
    for _ in 0..n {
        click(&b);
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn opens_on_the_posts_insert_and_steps() {
    let ph = mounted(ID, &[]).await;
    let root = &ph.el;
    let json = by_testid(root, "event-json");
    assert_eq!(json.get_attribute("data-op").as_deref(), Some("c"));
    assert_eq!(json.get_attribute("data-lsn").as_deref(), Some("291840"));
    let t = json.text_content().unwrap_or_default();
    assert!(t.contains("\"id\": \"x7Kp2\""), "{t}");
    assert!(t.contains("\"before\": null"));
    assert!(t.contains("\"table\": \"links\""));
    assert!(text(root, "[data-testid='event']").contains("0/47400 c x7Kp2"));
    assert!(text(root, "[data-testid='last-op']").contains("Tick 1"));
    step(root, 3).await;
    assert!(text(root, "[data-testid='last-op']").contains("Tick 4"));
    assert_eq!(
        by_testid(root, "cdc-status")
            .get_attribute("data-converged")
            .as_deref(),
        Some("true")
    );
    assert!(text(root, ".dlc-note").contains("only true with REPLICA IDENTITY FULL"));
}

#[wasm_bindgen_test]
async fn a_failed_dual_write_diverges_and_a_stall_grows_the_slot_then_cdc_converges() {
    // Seed 2: the failed warehouse write is an insert no later write repairs.
    let ph = mounted(ID, &[("seed", "2")]).await;
    let root = &ph.el;
    assert_eq!(num(root, "divergence", "data-count"), 0);
    click(&by_testid(root, "fail-2"));
    settle().await;
    assert!(live(root).contains("Warehouse will fail"), "{}", live(root));
    // The fault fires on the next operation that writes the warehouse.
    for _ in 0..10 {
        if num(root, "divergence", "data-count") > 0 {
            break;
        }
        step(root, 1).await;
    }
    assert!(num(root, "divergence", "data-count") > 0);
    assert!(num(root, "dual-diverged-2", "data-count") > 0);

    // Stall Debezium (the slot's consumer): retained WAL and slot lag grow.
    let wal0 = num(root, "retained-wal", "data-bytes");
    let lag0 = num(root, "slot-lag", "data-bytes");
    click(&by_testid(root, "stall-0"));
    settle().await;
    assert_eq!(
        by_testid(root, "stall-0")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    step(root, 30).await;
    let wal1 = num(root, "retained-wal", "data-bytes");
    let lag1 = num(root, "slot-lag", "data-bytes");
    assert!(wal1 > wal0 + 1000, "{wal0} → {wal1}");
    assert!(lag1 > lag0 + 1000, "{lag0} → {lag1}");
    assert_eq!(
        by_testid(root, "cdc-status")
            .get_attribute("data-converged")
            .as_deref(),
        Some("false")
    );
    // A consumer crash on top: it re-reads from its committed offsets.
    click(&by_testid(root, "crash-1"));
    settle().await;
    // Resume: the CDC side converges, the dual-write side stays diverged.
    click(&by_testid(root, "stall-0"));
    settle().await;
    step(root, 10).await;
    assert_eq!(
        by_testid(root, "cdc-status")
            .get_attribute("data-converged")
            .as_deref(),
        Some("true"),
        "{}",
        text(root, "[data-testid='cdc-status']")
    );
    assert!(num(root, "retained-wal", "data-bytes") < wal1);
    assert!(num(root, "divergence", "data-count") > 0);
}

#[wasm_bindgen_test]
async fn an_event_opens_as_json() {
    let ph = mounted(ID, &[("identity", "full")]).await;
    let root = &ph.el;
    step(root, 12).await;
    let evs = qa(root, "[data-testid='event']");
    assert!(evs.len() > 2);
    let last = evs.last().unwrap().clone();
    let label = last.text_content().unwrap_or_default();
    click(&last);
    settle().await;
    let json = by_testid(root, "event-json");
    let op = json.get_attribute("data-op").unwrap_or_default();
    let lsn: u64 = json
        .get_attribute("data-lsn")
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!(lsn > 291_840);
    assert!(label.contains(&format!(" {op} ")), "{label} vs {op}");
    let t = json.text_content().unwrap_or_default();
    assert!(t.contains(&format!("\"op\": \"{op}\"")), "{t}");
    assert!(t.contains(&format!("\"lsn\": {lsn}")), "{t}");
    // Back to the post's insert in one click.
    click(&qa(root, "[data-testid='event']")[0]);
    settle().await;
    assert_eq!(
        by_testid(root, "event-json")
            .get_attribute("data-lsn")
            .as_deref(),
        Some("291840")
    );
}

#[wasm_bindgen_test]
async fn a_bad_option_gives_a_message_and_the_widget_works() {
    let ph = mounted(ID, &[("partitions", "99"), ("seed", "x")]).await;
    let root = &ph.el;
    let msg = text(root, ".dl-option-messages");
    assert!(msg.contains("data-partitions=\"99\""), "{msg}");
    assert!(msg.contains("data-seed"), "{msg}");
    assert_eq!(
        text(root, ".dlc-parts").matches(": ").count(),
        3,
        "three partitions"
    );
    step(root, 2).await;
    assert!(text(root, "[data-testid='last-op']").contains("Tick 3"));
}

#[wasm_bindgen_test]
async fn pressed_controls_keep_focus() {
    let ph = mounted(ID, &[]).await;
    let root = &ph.el;
    for id in [
        "stall-2",
        "stall-2",
        "crash-0",
        "fail-0",
        "reorder",
        "identity-full",
    ] {
        let b = by_testid(root, id);
        focus(&b);
        click(&b);
        settle().await;
        let active = document().active_element().expect("focus");
        assert_eq!(active, by_testid(root, id), "focus stays on {id}");
    }
    let s = button(root, "Step workload").unwrap();
    focus(&s);
    click(&s);
    settle().await;
    assert!(focus_inside(root));
    let ev = qa(root, "[data-testid='event']")[0].clone();
    focus(&ev);
    click(&ev);
    settle().await;
    assert!(focus_inside(root));
}
