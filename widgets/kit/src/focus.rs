//! Keyboard focus never falls to the page.
//!
//! A reader on a keyboard presses *Drop block*, *Done*, *Rebuild* or *Play*; the widget
//! re-renders and that very button is gone (replaced by another), disabled (nothing left to
//! do) or hidden. The browser then moves focus to `<body>`, and the reader's next Tab starts
//! again at the top of the page, hundreds of pixels above the widget. Screen readers lose
//! their place the same way.
//!
//! [`FocusKeeper`] fixes this once for every widget: the mount host installs one per widget
//! root. It remembers the control the reader last focused inside the widget (and its place
//! among the widget's focusable controls). Whenever the widget's DOM changes, if focus has
//! fallen to the page *because that control is gone, disabled or hidden*, it moves focus to
//! the next sensible control:
//!
//! 1. a control with the same `data-focus-key`, `data-testid` or `id` (the widget re-drew
//!    the same control: *Pause* that became *Play*);
//! 2. otherwise the control that now stands where it stood (its successor in document
//!    order, since the lost one left the list), or the last control if it was the last;
//!
//! and never anywhere if the reader moved on: a pointer press or a focus outside the widget
//! forgets the remembered control, so the widget never steals focus back.
//!
//! Invariant: the keeper only ever moves focus while the remembered control can no longer
//! hold it and focus is on that control or on the page (the body, or nothing).

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, MutationObserver, MutationObserverInit};

/// What can hold keyboard focus inside a widget.
pub const FOCUSABLE: &str = "button, a[href], input, select, textarea, summary, \
     [tabindex]:not([tabindex='-1'])";

/// The control the reader last focused in the widget, and where it stood.
#[derive(Default)]
struct Last {
    el: Option<Element>,
    index: usize,
    key: Option<String>,
}

/// Keeps focus inside one widget root; see the module documentation. Dropping it stops
/// the observer and removes its listeners.
pub struct FocusKeeper {
    root: Element,
    observer: Option<MutationObserver>,
    on_focusin: Closure<dyn FnMut(Event)>,
    on_outside: Closure<dyn FnMut(Event)>,
    _on_mutation: Closure<dyn FnMut()>,
}

/// Whether `el` can take focus now: not disabled, not inside `[hidden]`/`inert`, rendered.
pub fn usable(el: &Element) -> bool {
    !el.matches(":disabled").unwrap_or(true)
        && el.closest("[hidden], [inert]").ok().flatten().is_none()
        && el.get_client_rects().length() > 0
}

/// The controls of `root` that can take focus now, in document order.
pub fn candidates(root: &Element) -> Vec<Element> {
    all(root, FOCUSABLE).into_iter().filter(usable).collect()
}

/// Focus `el`, whatever kind of element it is (an SVG `<g tabindex>` too).
pub fn focus(el: &Element) {
    if let Ok(f) = js_sys::Reflect::get(el, &"focus".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(el);
        }
    }
}

/// The elements under `root` matching `selector`, in document order.
pub(crate) fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The name a control keeps when the widget re-draws it, and the attribute holding it:
/// its `data-focus-key`, `data-testid` or `id`, the first one set.
pub(crate) fn key_of(el: &Element) -> Option<(&'static str, String)> {
    ["data-focus-key", "data-testid", "id"]
        .into_iter()
        .find_map(|a| Some((a, el.get_attribute(a).filter(|v| !v.is_empty())?)))
}

/// Where focus should go now that `last` can no longer hold it (see the module doc).
fn successor(root: &Element, last: &Last) -> Option<Element> {
    let list = candidates(root);
    if let Some(key) = &last.key {
        if let Some(same) = list
            .iter()
            .find(|e| key_of(e).is_some_and(|(_, k)| k == *key))
        {
            return Some(same.clone());
        }
    }
    let i = last.index.min(list.len().checked_sub(1)?);
    list.get(i).cloned()
}

/// Whether focus is on the page itself (nothing focused), not on a control.
fn focus_fell_to_page() -> bool {
    let doc = gloo::utils::document();
    match doc.active_element() {
        None => true,
        Some(a) => doc
            .body()
            .is_some_and(|b| a == *b.unchecked_ref::<Element>()),
    }
}

impl FocusKeeper {
    /// Starts keeping focus inside `root`.
    pub fn install(root: &Element) -> Self {
        let last = Rc::new(RefCell::new(Last::default()));

        let on_focusin = {
            let (root, last) = (root.clone(), last.clone());
            Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                    return;
                };
                let index = candidates(&root).iter().position(|c| *c == el).unwrap_or(0);
                *last.borrow_mut() = Last {
                    key: key_of(&el).map(|(_, k)| k),
                    el: Some(el),
                    index,
                };
            })
        };
        let _ =
            root.add_event_listener_with_callback("focusin", on_focusin.as_ref().unchecked_ref());

        // A press or a focus anywhere outside the widget: the reader moved on.
        let on_outside = {
            let (root, last) = (root.clone(), last.clone());
            Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                let inside = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .is_some_and(|n| root.contains(Some(&n)));
                if !inside {
                    last.borrow_mut().el = None;
                }
            })
        };
        let doc = gloo::utils::document();
        for ev in ["pointerdown", "focusin"] {
            let _ = doc.add_event_listener_with_callback_and_bool(
                ev,
                on_outside.as_ref().unchecked_ref(),
                true,
            );
        }

        let on_mutation = {
            let (root, last) = (root.clone(), last.clone());
            Closure::<dyn FnMut()>::new(move || {
                let target = {
                    let l = last.borrow();
                    let Some(prev) = &l.el else { return };
                    if prev.is_connected() && usable(prev) {
                        return;
                    }
                    // Chromium blurs a control that became disabled only at its next
                    // style update, after this callback: focus still on `prev` counts too.
                    let on_prev = gloo::utils::document()
                        .active_element()
                        .is_some_and(|a| a == *prev);
                    if !on_prev && !focus_fell_to_page() {
                        return;
                    }
                    successor(&root, &l)
                };
                if let Some(t) = target {
                    // Focusing fires `focusin`, which records `t` as the new last control.
                    focus(&t);
                }
            })
        };
        let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref()).ok();
        if let Some(o) = &observer {
            let init = MutationObserverInit::new();
            init.set_child_list(true);
            init.set_subtree(true);
            init.set_attributes(true);
            let filter = js_sys::Array::of4(
                &"disabled".into(),
                &"hidden".into(),
                &"class".into(),
                &"style".into(),
            );
            init.set_attribute_filter(&filter);
            let _ = o.observe_with_options(root, &init);
        }
        Self {
            root: root.clone(),
            observer,
            on_focusin,
            on_outside,
            _on_mutation: on_mutation,
        }
    }
}

impl Drop for FocusKeeper {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
        let _ = self.root.remove_event_listener_with_callback(
            "focusin",
            self.on_focusin.as_ref().unchecked_ref(),
        );
        let doc = gloo::utils::document();
        for ev in ["pointerdown", "focusin"] {
            let _ = doc.remove_event_listener_with_callback_and_bool(
                ev,
                self.on_outside.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}
