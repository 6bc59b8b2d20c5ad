//! Every registered widget mounts into a blog placeholder and renders something real;
//! an unknown id gets the polite note; a bad `data-*` value shows a message.

use distlab_browser_tests::*;
use distlab_widgets::{mount_element, MountOutcome, REGISTRY};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_registered_widget_mounts() {
    assert!(!REGISTRY.is_empty());
    for entry in REGISTRY {
        let ph = placeholder(entry.id, &[]);
        assert_eq!(
            mount_element(&ph.el),
            MountOutcome::Mounted(entry.id.to_string())
        );
        settle().await;
        let root = q(&ph.el, ".dl-root").unwrap_or_else(|| panic!("{}: no .dl-root", entry.id));
        assert_eq!(
            root.get_attribute("data-dl-widget").as_deref(),
            Some(entry.id)
        );
        let content = root.text_content().unwrap_or_default();
        assert!(
            content.trim().len() > 40,
            "{}: renders almost nothing: {content:?}",
            entry.id
        );
        // Mounting twice leaves the first widget alone.
        assert_eq!(
            mount_element(&ph.el),
            MountOutcome::AlreadyMounted(entry.id.to_string())
        );
        assert_eq!(
            qa(&ph.el, ".dl-root").len(),
            1,
            "{}: mounted twice",
            entry.id
        );
    }
}

#[wasm_bindgen_test]
async fn unknown_id_gets_a_polite_note() {
    let ph = placeholder("no-such-widget", &[]);
    assert_eq!(
        mount_element(&ph.el),
        MountOutcome::Unknown("no-such-widget".into())
    );
    assert!(text(&ph.el, ".dl-unknown").contains("no-such-widget"));
}

#[wasm_bindgen_test]
async fn mount_all_fills_every_placeholder() {
    let a = placeholder(REGISTRY[0].id, &[]);
    let b = placeholder("not-built-yet-widget", &[]);
    let outcomes = distlab_widgets::mount_all();
    assert!(outcomes.contains(&MountOutcome::Mounted(REGISTRY[0].id.into())));
    assert!(outcomes.contains(&MountOutcome::Unknown("not-built-yet-widget".into())));
    settle().await;
    assert!(q(&a.el, ".dl-root").is_some());
    assert!(q(&b.el, ".dl-unknown").is_some());
}
