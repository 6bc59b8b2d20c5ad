//! The recovery widget, driven as a reader would: fail nodes, rebuild, check the bytes
//! against the original; fail one too many and see the honest "unrecoverable"; bring a
//! node back. Expected values come from distlab-core.

use distlab_browser_tests::*;
use distlab_core::erasure::ReedSolomon;
use distlab_widgets_erasure::encode::model::DEFAULT_TEXT;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "erasure-coding-recovery-widget";

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn click_id(root: &Element, id: &str) {
    click(&by_testid(root, id));
    settle().await;
}

#[wasm_bindgen_test]
async fn up_to_m_failures_rebuild_the_original() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    assert_eq!(attr(root, "status", "data-state"), "healthy");
    let originals: Vec<String> = (0..14)
        .map(|i| attr(root, &format!("node-{i}"), "data-hex"))
        .collect();

    for i in [0, 5, 12] {
        click_id(root, &format!("node-{i}")).await;
    }
    assert_eq!(attr(root, "node-5", "data-state"), "failed");
    assert_eq!(attr(root, "status", "data-state"), "recoverable");

    // The inverse shown is distlab-core's, for the survivors read (the first k).
    let rs = ReedSolomon::new(10, 4).expect("code");
    let used = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11];
    let plan = rs.recovery_plan(&used).expect("plan");
    let rows =
        |m: &distlab_core::erasure::Matrix| m.iter_rows().map(hex).collect::<Vec<_>>().join(" / ");
    assert_eq!(attr(root, "submatrix", "data-hex"), rows(&plan.submatrix));
    assert_eq!(attr(root, "inverse", "data-hex"), rows(&plan.inverse));

    // Gauss-Jordan, run to the end, leaves [I | S⁻¹].
    click_id(root, "gj-end").await;
    let aug = attr(root, "augmented", "data-hex");
    for (r, row) in aug.split(" / ").enumerate() {
        let cells: Vec<&str> = row.split(' ').collect();
        for (c, cell) in cells[..10].iter().enumerate() {
            assert_eq!(*cell, if c == r { "01" } else { "00" });
        }
        assert_eq!(cells[10..].join(" "), hex(plan.inverse.row(r)));
    }

    click_id(root, "rebuild").await;
    assert_eq!(
        attr(root, "recovered", "data-hex"),
        hex(DEFAULT_TEXT.as_bytes())
    );
    assert!(text(root, "[data-testid='recovered-check']").contains('✓'));
    for i in [0, 5, 12] {
        assert_eq!(
            attr(root, &format!("node-{i}"), "data-state"),
            "replacement"
        );
        assert_eq!(attr(root, &format!("node-{i}"), "data-hex"), originals[i]);
        assert_eq!(
            attr(root, &format!("rebuilt-{i}"), "data-hex"),
            originals[i]
        );
        // Byte 0 explained: the rebuild row's products XOR to the chunk's first byte.
        let first = &originals[i][..2];
        assert!(text(root, &format!("[data-testid='rebuilt-byte-{i}']")).ends_with(first));
    }
    assert_eq!(attr(root, "status", "data-state"), "healthy");
}

#[wasm_bindgen_test]
async fn chosen_survivors_rebuild_too() {
    let ph = mount(&[("k", "4"), ("m", "2")]).await;
    let root = &ph.el;
    click_id(root, "node-1").await;
    // Read D0, D2, P0, P1 instead of the default D0, D2, D3, P0.
    click_id(root, "use-3").await;
    assert!(text(root, "[data-testid='picked']").contains("pick exactly 4"));
    click_id(root, "use-5").await;
    assert!(text(root, "[data-testid='picked']").contains("D0, D2, P0, P1"));
    click_id(root, "rebuild").await;
    assert!(text(root, "[data-testid='recovered-check']").contains('✓'));
    assert_eq!(attr(root, "node-1", "data-state"), "replacement");
}

#[wasm_bindgen_test]
async fn more_than_m_failures_are_unrecoverable_until_a_node_returns() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    for i in [0, 3, 7, 11, 13] {
        click_id(root, &format!("node-{i}")).await;
    }
    assert_eq!(attr(root, "status", "data-state"), "unrecoverable");
    assert!(text(root, "[data-testid='status']").contains("Only 9 of the 10 chunks needed survive"));
    assert!(
        q(root, "[data-testid='rebuild']").is_none(),
        "no rebuild offered"
    );
    assert!(
        q(root, "[data-testid='recovered']").is_none(),
        "no fake data"
    );

    click_id(root, "node-7").await;
    assert_eq!(attr(root, "status", "data-state"), "recoverable");
    click_id(root, "rebuild").await;
    assert_eq!(
        attr(root, "recovered", "data-hex"),
        hex(DEFAULT_TEXT.as_bytes())
    );
}

#[wasm_bindgen_test]
async fn fail_random_is_seeded() {
    let a = mount(&[("seed", "3")]).await;
    click_id(&a.el, "fail-random").await;
    click_id(&a.el, "fail-random").await;
    let states = |root: &Element| -> Vec<String> {
        (0..14)
            .map(|i| attr(root, &format!("node-{i}"), "data-state"))
            .collect()
    };
    let first = states(&a.el);
    drop(a);
    let b = mount(&[("seed", "3")]).await;
    click_id(&b.el, "fail-random").await;
    click_id(&b.el, "fail-random").await;
    assert_eq!(states(&b.el), first);
    assert_eq!(first.iter().filter(|s| *s == "failed").count(), 2);
    assert!(text(&b.el, "[data-testid='read-cost']").contains("10 chunks"));
}

/// The widget's rendered height in CSS pixels.
fn height(root: &Element) -> f64 {
    root.get_bounding_client_rect().height()
}

/// Focuses `id` and presses it, as a keyboard reader would, then lets Yew and the focus
/// keeper run.
async fn press(root: &Element, id: &str) {
    let el = by_testid(root, id);
    el.unchecked_ref::<web_sys::HtmlElement>()
        .focus()
        .expect("focus");
    click(&el);
    settle().await;
}

#[wasm_bindgen_test]
async fn the_height_holds_while_nodes_fail_past_the_limit() {
    for width in ["700px", "340px"] {
        let ph = mount(&[]).await;
        let root = &ph.el;
        root.set_attribute("style", &format!("width: {width}"))
            .unwrap();
        settle().await;
        let mut heights = vec![height(root)];
        // 10+4: the fifth and sixth failures are past the limit.
        for i in 0..6 {
            click_id(root, &format!("node-{i}")).await;
            heights.push(height(root));
        }
        assert_eq!(attr(root, "status", "data-state"), "unrecoverable");
        assert!(
            q(root, "[data-testid='steps-gone']").is_some(),
            "a message in place of the steps"
        );
        let lo = heights.iter().copied().fold(f64::MAX, f64::min);
        let hi = heights.iter().copied().fold(0.0, f64::max);
        assert!(
            hi - lo <= 30.0,
            "at {width}, heights {heights:?} vary by more than a line"
        );
        // Bringing two nodes back (four lost again) returns the steps in the same space.
        click_id(root, "node-5").await;
        click_id(root, "node-4").await;
        assert_eq!(attr(root, "status", "data-state"), "recoverable");
        assert!(
            (height(root) - heights[0]).abs() <= 30.0,
            "at {width}: {} vs {}",
            height(root),
            heights[0]
        );
    }
}

/// How many node cards stand in each row, top to bottom.
fn cards_per_row(root: &Element) -> Vec<usize> {
    let mut rows: Vec<(i64, usize)> = Vec::new();
    for card in qa(root, "[data-testid^='node-']") {
        let top = card.get_bounding_client_rect().top().round() as i64;
        match rows.iter_mut().find(|(t, _)| (*t - top).abs() <= 2) {
            Some(row) => row.1 += 1,
            None => rows.push((top, 1)),
        }
    }
    rows.into_iter().map(|(_, n)| n).collect()
}

#[wasm_bindgen_test]
async fn node_cards_stand_in_even_rows_wide_and_narrow() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    root.set_attribute("style", "width: 760px").unwrap();
    settle().await;
    assert_eq!(cards_per_row(root), [7, 7], "14 nodes wide");
    root.set_attribute("style", "width: 340px").unwrap();
    settle().await;
    assert_eq!(cards_per_row(root), [5, 5, 4], "14 nodes narrow");
    for card in qa(root, "[data-testid^='node-']") {
        assert!(
            card.get_bounding_client_rect().right()
                <= root.get_bounding_client_rect().right() + 0.5
        );
    }
}

#[wasm_bindgen_test]
async fn focus_stays_in_the_widget_after_each_action() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    click_id(root, "node-0").await;
    // Step through the elimination to its end: Next and End disable themselves there.
    for _ in 0..200 {
        if by_testid(root, "gj-next").has_attribute("disabled") {
            break;
        }
        press(root, "gj-next").await;
        assert!(focus_inside(root), "focus left the widget while stepping");
    }
    assert!(
        by_testid(root, "gj-next").has_attribute("disabled"),
        "reached the end"
    );
    assert!(focus_inside(root), "after the last step");
    // From the start again, End jumps to the last step and disables itself.
    click(&button(root, "Start").expect("Start"));
    settle().await;
    press(root, "gj-end").await;
    assert!(by_testid(root, "gj-end").has_attribute("disabled"));
    assert!(focus_inside(root), "after End");
    press(root, "rebuild").await;
    assert!(q(root, "[data-testid='recovered']").is_some());
    assert!(focus_inside(root), "after Rebuild");
    press(root, "restore-all").await;
    assert!(focus_inside(root), "after Restore all");
    for i in 0..5 {
        press(root, &format!("node-{i}")).await;
        assert!(focus_inside(root), "after failing node {i}");
    }
    press(root, "fail-random").await;
    assert!(focus_inside(root), "after Fail a random node");
}
