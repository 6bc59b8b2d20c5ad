//! Every registered widget of every family mounts into a blog placeholder and renders
//! something real; a family leaves ids it does not hold alone (the loader decides what
//! an unknown id shows); mounting twice is harmless.

use distlab_browser_tests::*;
use distlab_kit::{mount_element, MountOutcome};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_registered_widget_mounts() {
    for family in FAMILIES {
        assert!(!family.widgets.is_empty(), "{}: no widgets", family.name);
        for entry in family.widgets {
            let ph = placeholder(entry.id, &[]);
            assert_eq!(
                mount_element(family, &ph.el),
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
            // The family's stylesheet and the shared one are on the page, once each.
            let doc = document();
            assert!(doc.get_element_by_id("distlab-css-base").is_some());
            assert!(doc
                .get_element_by_id(&format!("distlab-css-{}", family.name))
                .is_some());
            // Mounting twice leaves the first widget alone.
            assert_eq!(
                mount_element(family, &ph.el),
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
}

#[wasm_bindgen_test]
async fn a_family_leaves_other_ids_alone() {
    let ph = placeholder("no-such-widget", &[]);
    ph.el.set_inner_html("<a href='#'>fallback</a>");
    for family in FAMILIES {
        assert_eq!(
            mount_element(family, &ph.el),
            MountOutcome::Unknown("no-such-widget".into())
        );
    }
    assert!(!ph.el.has_attribute("data-dl-mounted"));
    assert_eq!(text(&ph.el, "a"), "fallback", "the fallback link must stay");
    // Another family's widget is unknown to this one, too.
    let raft = distlab_widgets_raft::FAMILY.widgets[0].id;
    let other = placeholder(raft, &[]);
    assert_eq!(
        mount_element(&distlab_widgets_merkle::FAMILY, &other.el),
        MountOutcome::Unknown(raft.into())
    );
}

#[wasm_bindgen_test]
async fn mounting_replaces_the_fallback_link() {
    let id = distlab_widgets_merkle::FAMILY.widgets[0].id;
    let ph = placeholder(id, &[]);
    ph.el
        .set_inner_html("<a href='https://example.invalid/'>open the interactive diagram</a>");
    assert_eq!(mount_any(&ph.el), MountOutcome::Mounted(id.into()));
    settle().await;
    assert!(q(&ph.el, "a[href='https://example.invalid/']").is_none());
    assert!(q(&ph.el, ".dl-root").is_some());
}
