//! Helpers for the headless wasm tests in `tests/`: a fresh placeholder per test, a way to
//! let Yew render, and DOM queries and events that read like what a reader does.
//!
//! Run with `cargo xtask test` (or, with the tools installed,
//! `cargo test -p distlab-browser-tests --target wasm32-unknown-unknown`).

use distlab_kit::{mount_element, Family, MountOutcome};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Every widget family (each is its own wasm module on a page; here they share one test
/// binary, which is why the families' `module` exports stay off).
pub static FAMILIES: [&Family; 8] = [
    &distlab_widgets_merkle::FAMILY,
    &distlab_widgets_erasure::FAMILY,
    &distlab_widgets_raft::FAMILY,
    &distlab_widgets_clocks::FAMILY,
    &distlab_widgets_gossip::FAMILY,
    &distlab_widgets_observability::FAMILY,
    &distlab_widgets_cdc::FAMILY,
    &distlab_widgets_kubernetes::FAMILY,
];

/// Mounts `el` with the family that holds its id, as the loader would after importing
/// that family's module; `Unknown` if no family does.
pub fn mount_any(el: &Element) -> MountOutcome {
    for family in FAMILIES {
        match mount_element(family, el) {
            MountOutcome::Unknown(_) => continue,
            other => return other,
        }
    }
    MountOutcome::Unknown(el.id())
}

/// A placeholder for widget `id` with these `data-*` options, mounted (the mount API must
/// say it mounted that widget) and rendered.
pub async fn mounted(id: &str, data: &[(&str, &str)]) -> Placeholder {
    let ph = placeholder(id, data);
    assert_eq!(mount_any(&ph.el), MountOutcome::Mounted(id.into()));
    settle().await;
    ph
}

/// The element with `data-testid="{id}"` under `root`; panics (failing the test) if none.
pub fn by_testid(root: &Element, id: &str) -> Element {
    q(root, &format!("[data-testid='{id}']")).unwrap_or_else(|| panic!("no {id}"))
}

/// The document.
pub fn document() -> web_sys::Document {
    gloo::utils::document()
}

/// Adds `<div class="hn-embed-widget" id="{id}" data-…>` to the body and returns it.
/// The id is unique per call only if the caller removes the element afterwards
/// (see [`Placeholder`], which does).
pub fn placeholder(id: &str, data: &[(&str, &str)]) -> Placeholder {
    let doc = document();
    let el = doc.create_element("div").expect("create div");
    el.set_class_name("hn-embed-widget");
    el.set_id(id);
    for (k, v) in data {
        el.set_attribute(&format!("data-{k}"), v)
            .expect("set data attribute");
    }
    doc.body()
        .expect("body")
        .append_child(&el)
        .expect("append placeholder");
    Placeholder { el }
}

/// A placeholder that removes itself when dropped, so tests don't see each other's DOM.
pub struct Placeholder {
    /// The element.
    pub el: Element,
}

impl Drop for Placeholder {
    fn drop(&mut self) {
        self.el.remove();
    }
}

/// Lets Yew's scheduler run (renders, effects) and any zero-delay timers fire.
pub async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
    }
}

/// Waits up to `ms` milliseconds (in 10 ms ticks) for `cond` to hold; returns whether it did.
pub async fn wait_for(ms: u32, mut cond: impl FnMut() -> bool) -> bool {
    let mut waited = 0;
    loop {
        if cond() {
            return true;
        }
        if waited >= ms {
            return false;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(10)).await;
        waited += 10;
    }
}

/// The first element under `root` matching `selector`.
pub fn q(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// Every element under `root` matching `selector`.
pub fn qa(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// Text content of the first match, or "" when nothing matches.
pub fn text(root: &Element, selector: &str) -> String {
    q(root, selector)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Clicks an element as a user would.
pub fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// The first button under `root` whose text or aria-label contains `label`.
pub fn button(root: &Element, label: &str) -> Option<Element> {
    qa(root, "button").into_iter().find(|b| {
        b.text_content().unwrap_or_default().contains(label)
            || b.get_attribute("aria-label")
                .unwrap_or_default()
                .contains(label)
    })
}

/// Sets the value of an input or textarea and fires `input` and `change`, as typing would.
pub fn type_into(el: &Element, value: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    }
    fire(el, "input");
    fire(el, "change");
}

/// Presses `key` on `el` as the keyboard would: a bubbling, cancelable `keydown`.
pub fn keydown(el: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("keyboard event");
    el.dispatch_event(&ev).expect("dispatch");
}

/// Dispatches a bubbling event of type `kind`.
pub fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).expect("event");
    el.dispatch_event(&ev).expect("dispatch");
}

/// Focuses `el` as a keyboard reader would reach it (an SVG `<g tabindex>` too).
pub fn focus(el: &Element) {
    distlab_kit::sim::popover::focus(el);
}

/// Whether keyboard focus is on a control inside `root` (not on the page, not on `root`).
pub fn focus_inside(root: &Element) -> bool {
    document()
        .active_element()
        .is_some_and(|a| a != *root && root.contains(Some(&a)))
}

/// The text of the widget's live region (`role="status"`).
pub fn live(root: &Element) -> String {
    text(root, "[role='status']")
}
