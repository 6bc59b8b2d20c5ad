//! The shared focus keeper: when the focused control of a widget goes away, is disabled or
//! hidden, focus moves to the next sensible control instead of falling to the page; when
//! the reader has moved on, it stays where the reader put it.

use distlab_browser_tests::*;
use distlab_kit::focus::FocusKeeper;
use distlab_kit::sim::popover::focus;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A root with buttons labelled `labels` (a label `x=key` also sets `data-testid=key`).
fn root_with(labels: &[&str]) -> (Placeholder, Vec<Element>) {
    let ph = placeholder("focus-keeper-fixture", &[]);
    let buttons = labels.iter().map(|l| add_button(&ph.el, l)).collect();
    (ph, buttons)
}

fn add_button(root: &Element, label: &str) -> Element {
    let b = document().create_element("button").unwrap();
    let (text, key) = label.split_once('=').unwrap_or((label, ""));
    b.set_text_content(Some(text));
    if !key.is_empty() {
        b.set_attribute("data-testid", key).unwrap();
    }
    root.append_child(&b).unwrap();
    b
}

fn active_text() -> String {
    document()
        .active_element()
        .and_then(|a| a.text_content())
        .unwrap_or_default()
}

fn on_body() -> bool {
    let doc = document();
    doc.active_element().is_some_and(|a| {
        doc.body()
            .is_some_and(|b| a == *b.unchecked_ref::<Element>())
    })
}

#[wasm_bindgen_test]
async fn a_disabled_control_hands_focus_to_its_successor() {
    let (ph, b) = root_with(&["one", "two", "three"]);
    let _k = FocusKeeper::install(&ph.el);
    focus(&b[1]);
    assert_eq!(active_text(), "two");
    b[1].set_attribute("disabled", "").unwrap();
    settle().await;
    assert_eq!(active_text(), "three", "focus went to the next control");
}

#[wasm_bindgen_test]
async fn a_removed_last_control_hands_focus_to_the_one_before() {
    let (ph, b) = root_with(&["one", "two", "three"]);
    let _k = FocusKeeper::install(&ph.el);
    focus(&b[2]);
    b[2].remove();
    settle().await;
    assert_eq!(active_text(), "two");
}

#[wasm_bindgen_test]
async fn a_redrawn_control_keeps_focus_by_its_key() {
    let (ph, b) = root_with(&["Pause=play", "Step", "Reset"]);
    let _k = FocusKeeper::install(&ph.el);
    focus(&b[0]);
    // The widget redraws the control elsewhere, as a new element with the same key.
    b[0].remove();
    let _again = add_button(&ph.el, "Play=play");
    settle().await;
    assert_eq!(active_text(), "Play");
}

#[wasm_bindgen_test]
async fn a_hidden_control_hands_focus_on() {
    let (ph, b) = root_with(&["one", "two", "three"]);
    let _k = FocusKeeper::install(&ph.el);
    focus(&b[0]);
    b[0].set_attribute("hidden", "").unwrap();
    settle().await;
    assert_eq!(active_text(), "two");
}

#[wasm_bindgen_test]
async fn the_keeper_never_pulls_focus_back_after_the_reader_moved_on() {
    let (ph, b) = root_with(&["one", "two"]);
    let _k = FocusKeeper::install(&ph.el);
    focus(&b[0]);
    // The reader presses somewhere on the page outside the widget, and focus leaves.
    let body = document().body().unwrap();
    let ev = web_sys::PointerEvent::new("pointerdown").unwrap();
    body.dispatch_event(&ev).unwrap();
    b[0].unchecked_ref::<web_sys::HtmlElement>().blur().unwrap();
    b[0].remove();
    settle().await;
    assert!(on_body(), "focus stayed on the page: {}", active_text());
}

#[wasm_bindgen_test]
async fn without_a_keeper_focus_falls_to_the_page() {
    // The failure the keeper exists for, shown once so the tests above can fail.
    let (_ph, b) = root_with(&["one", "two"]);
    focus(&b[0]);
    b[0].set_attribute("disabled", "").unwrap();
    settle().await;
    assert!(on_body(), "{}", active_text());
}

#[wasm_bindgen_test]
async fn dropping_the_keeper_stops_it() {
    let (ph, b) = root_with(&["one", "two"]);
    let k = FocusKeeper::install(&ph.el);
    focus(&b[0]);
    drop(k);
    b[0].set_attribute("disabled", "").unwrap();
    settle().await;
    assert!(on_body());
}
