//! A box that scrolls sideways on a narrow screen, and says so.
//!
//! A phone reader cannot see that a table or a drawing continues to the right unless
//! something says it does. [`ScrollBox`] measures itself after every render and on
//! resize (`scrollWidth > clientWidth`), marks itself `data-overflow="true"` when it is
//! cut off, and the stylesheet then shows the cue line below it ("Scroll sideways →").
//! The mark is written straight to the DOM, so measuring costs no re-render. With a
//! `label`, the box is a focusable named region, so a keyboard can scroll it too.

use yew::prelude::*;

/// Props of [`ScrollBox`].
#[derive(Properties, PartialEq, Clone)]
pub struct ScrollBoxProps {
    /// Extra classes for the box.
    #[prop_or_default]
    pub class: Classes,
    /// The region's accessible name (makes the box focusable).
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// The cue's text.
    #[prop_or(AttrValue::Static("Scroll sideways →"))]
    pub cue: AttrValue,
    /// What scrolls.
    #[prop_or_default]
    pub children: Html,
}

/// Marks `el` `data-overflow="true"` when its content is wider than it (the cue shows),
/// `"false"` otherwise. [`crate::textapp`] marks its text widgets' boxes with it too.
pub fn mark_overflow(el: &web_sys::Element) {
    let over = el.scroll_width() > el.client_width() + 1;
    let _ = el.set_attribute("data-overflow", if over { "true" } else { "false" });
}

/// See the module documentation.
#[function_component(ScrollBox)]
pub fn scroll_box(p: &ScrollBoxProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect(move || {
            let mark = move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    mark_overflow(&el);
                }
            };
            mark();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| mark());
            move || drop(listener)
        });
    }
    let (tabindex, role) = match p.label {
        Some(_) => (Some("0"), Some("region")),
        None => (None, None),
    };
    html! {
        <>
            <div class={classes!("dl-scrollbox", p.class.clone())} ref={node} {tabindex} {role}
                aria-label={p.label.clone()}>
                { p.children.clone() }
            </div>
            <p class="dl-scroll-cue dl-muted" aria-hidden="true">{ p.cue.clone() }</p>
        </>
    }
}
