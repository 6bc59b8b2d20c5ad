//! The recovery widget, driven as a reader would: fail nodes, rebuild, check the bytes
//! against the original; fail one too many and see the honest "unrecoverable"; bring a
//! node back. Expected values come from distlab-core.

use distlab_browser_tests::*;
use distlab_core::erasure::ReedSolomon;
use distlab_widgets_erasure::encode::model::DEFAULT_TEXT;
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
