//! The encoding widget, driven as a reader would: change k and m, pick a parity byte
//! and check its explanation against distlab-core, type bad hex. Expected values are
//! recomputed here from the chunks the widget shows.

use distlab_browser_tests::*;
use distlab_core::erasure::ReedSolomon;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "erasure-coding-encode-widget";

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

fn unhex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|p| u8::from_str_radix(p, 16).expect("hex"))
        .collect()
}

/// Every chunk the widget shows, as bytes.
fn chunks(root: &Element) -> Vec<Vec<u8>> {
    qa(root, "tr[data-testid^='chunk-']")
        .iter()
        .map(|c| unhex(&c.get_attribute("data-hex").unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test]
async fn changing_k_and_m_changes_the_chunk_counts() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    assert_eq!(chunks(root).len(), 14, "10+4 by default");
    assert!(text(root, "[data-testid='overhead']").contains("14/10 = 1.40×"));

    type_into(&by_testid(root, "k"), "6");
    settle().await;
    type_into(&by_testid(root, "m"), "3");
    settle().await;
    assert_eq!(chunks(root).len(), 9);
    assert!(text(root, "[data-testid='overhead']").contains("9/6 = 1.50×"));
    assert_eq!(
        attr(root, "preset-1", "aria-pressed"),
        "true",
        "6+3 is HDFS's preset"
    );

    click(&by_testid(root, "preset-2"));
    settle().await;
    let c = chunks(root);
    assert_eq!(c.len(), 5, "RAID-5 is 4+1");
    let rs = ReedSolomon::new(4, 1).expect("code");
    assert_eq!(rs.encode(&c[..4]).expect("encode"), c);
    // Honest about the matrix: real RAID-5 parity is plain XOR, this row is not.
    assert!(text(root, "[data-testid='raid-note']").contains("XOR"));

    type_into(&by_testid(root, "k"), "40");
    settle().await;
    assert!(text(root, "[data-testid='shape-error']").contains("from 1 to 12"));
    assert_eq!(chunks(root).len(), 5, "the last good shape stays");
}

#[wasm_bindgen_test]
async fn a_parity_bytes_explanation_xors_to_the_shown_byte() {
    let ph = mount(&[("text", "Reed-Solomon over GF(2^8), checked in a browser")]).await;
    let root = &ph.el;
    let (k, m) = (10, 4);
    let all = chunks(root);
    let rs = ReedSolomon::new(k, m).expect("code");
    assert!(rs.verify(&all).expect("n chunks"), "parity is consistent");
    for (chunk, pos) in [(10, 0), (12, 3), (13, 4)] {
        click(&by_testid(root, &format!("byte-{chunk}-{pos}")));
        settle().await;
        assert_eq!(attr(root, "explain", "data-chunk"), chunk.to_string());
        assert_eq!(attr(root, "explain", "data-pos"), pos.to_string());
        let expected = rs.explain_byte(&all[..k], chunk, pos).expect("explain");
        let shown = attr(root, &format!("byte-{chunk}-{pos}"), "data-value");
        assert_eq!(shown, format!("{:02x}", expected.result));
        let steps = qa(root, "[data-testid^='explain-step-']");
        assert_eq!(steps.len(), k);
        let mut acc = 0u8;
        for (s, e) in steps.iter().zip(&expected.steps) {
            let get = |n: &str| unhex(&s.get_attribute(n).unwrap_or_default())[0];
            assert_eq!(get("data-coef"), e.mul.a);
            assert_eq!(get("data-value"), all[e.input][pos]);
            assert_eq!(get("data-product"), e.mul.product);
            acc ^= get("data-product");
        }
        assert_eq!(
            format!("{acc:02x}"),
            shown,
            "the products XOR to the byte shown"
        );
        assert_eq!(attr(root, "explain-result", "data-value"), shown);
        assert!(text(root, "[data-testid='explain-result']").contains('✓'));
    }
}

#[wasm_bindgen_test]
async fn bad_hex_shows_a_message_and_the_widget_keeps_working() {
    let ph = mount(&[("k", "4"), ("m", "2")]).await;
    let root = &ph.el;
    click(&by_testid(root, "mode-hex"));
    settle().await;
    let before = chunks(root);
    type_into(&by_testid(root, "data-input"), "de ad zz");
    settle().await;
    assert!(text(root, "[data-testid='input-error']").contains("\"z\" is not a hex digit"));
    assert_eq!(chunks(root), before, "the last valid bytes stay encoded");

    type_into(&by_testid(root, "data-input"), "de ad be ef 01 02 03 04");
    settle().await;
    assert!(q(root, "[data-testid='input-error']").is_none());
    let c = chunks(root);
    assert_eq!(c.len(), 6);
    assert_eq!(c[0], vec![0xde, 0xad]);
    let rs = ReedSolomon::new(4, 2).expect("code");
    assert_eq!(rs.encode(&c[..4]).expect("encode"), c);

    click(&by_testid(root, "byte-5-1"));
    settle().await;
    assert!(text(root, "[data-testid='explain-result']").contains('✓'));
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_explained_byte() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    let start = by_testid(root, "byte-10-0");
    assert_eq!(
        start.get_attribute("tabindex").as_deref(),
        Some("0"),
        "the selected byte is the tab stop"
    );
    for (key, chunk, pos) in [
        ("ArrowDown", 11, 0),
        ("ArrowRight", 11, 1),
        ("ArrowUp", 10, 1),
    ] {
        let from = by_testid(
            root,
            &format!(
                "byte-{}-{}",
                attr(root, "explain", "data-chunk"),
                attr(root, "explain", "data-pos")
            ),
        );
        keydown(&from, key);
        settle().await;
        assert_eq!(
            attr(root, "explain", "data-chunk"),
            chunk.to_string(),
            "{key}"
        );
        assert_eq!(attr(root, "explain", "data-pos"), pos.to_string(), "{key}");
    }
}

#[wasm_bindgen_test]
async fn narrow_scroll_boxes_show_a_visible_cue() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    root.set_attribute("style", "width: 340px").unwrap();
    click(&by_testid(root, "byte-10-0")); // the products table too
    settle().await;
    let boxes = qa(root, ".ece-scroll");
    assert_eq!(boxes.len(), 2, "the grid and the products");
    let mut overflowing = 0;
    for b in &boxes {
        if b.scroll_width() > b.client_width() {
            overflowing += 1;
            let cue = b
                .previous_element_sibling()
                .expect("something above the box");
            assert_eq!(cue.class_name(), "ece-scroll-cue");
            assert!(
                cue.get_bounding_client_rect().height() > 0.0,
                "the cue shows"
            );
            assert!(cue
                .text_content()
                .unwrap_or_default()
                .contains("Scroll sideways →"));
        }
    }
    assert!(overflowing > 0, "at 340 px the matrix row does not fit");
    // Wide, where nothing overflows, no cue.
    root.set_attribute("style", "width: 1100px").unwrap();
    settle().await;
    for cue in qa(root, ".ece-scroll-cue") {
        assert_eq!(cue.get_bounding_client_rect().height(), 0.0);
    }
}

#[wasm_bindgen_test]
async fn the_posts_polynomial_view_is_reconciled_with_the_systematic_code() {
    let ph = mount(&[]).await;
    let note = text(&ph.el, "[data-testid='poly-note']");
    for words in [
        "coefficients",
        "values at n points",
        "non-systematic",
        "Reed-Solomon",
        "any k of the n chunks",
    ] {
        assert!(note.contains(words), "{words:?} in {note}");
    }
}
