//! A popover anchored at a point of the diagram (a node), for the actions on that thing:
//! it opens where the reader tapped, not below the fold.
//!
//! Keyboard: focus moves to its first button when it opens; Escape (or its Close button)
//! closes it and puts focus back on the element `return_to` names, so focus never falls
//! to the page. Test hook: `popover`.

use web_sys::Element;
use yew::prelude::*;

/// Props of [`Popover`].
#[derive(Properties, PartialEq, Clone)]
pub struct PopoverProps {
    /// Its accessible name ("Node 3 actions").
    pub label: AttrValue,
    /// The anchor, in % of the positioned parent's width.
    pub x_pct: f64,
    /// The anchor, in % of the positioned parent's height.
    pub y_pct: f64,
    /// A selector, inside the widget's root, of the element to refocus on close.
    pub return_to: AttrValue,
    /// Close it.
    pub on_close: Callback<()>,
    /// Its content (buttons).
    #[prop_or_default]
    pub children: Html,
}

pub use crate::focus::focus;

/// See the module documentation.
#[function_component(Popover)]
pub fn popover(p: &PopoverProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.return_to.clone(), move |_| {
            if let Some(first) = node
                .cast::<Element>()
                .and_then(|el| el.query_selector("button").ok().flatten())
            {
                focus(&first);
            }
        });
    }
    let close = {
        let (node, on_close, target) = (node.clone(), p.on_close.clone(), p.return_to.clone());
        Callback::from(move |()| {
            let back = node
                .cast::<Element>()
                .and_then(|el| el.closest(".dl-root").ok().flatten())
                .and_then(|root| root.query_selector(&target).ok().flatten());
            on_close.emit(());
            if let Some(el) = back {
                focus(&el);
            }
        })
    };
    let key = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                close.emit(());
            }
        })
    };
    let below = p.y_pct < 60.0;
    // Whole percents, formatted as integers: float formatting would cost the bundle
    // kilobytes for nothing visible.
    let x = p.x_pct.clamp(0.0, 100.0).round() as i32;
    let y = p.y_pct.clamp(0.0, 100.0).round() as i32;
    let left = format!("left: clamp(0px, calc({x}% - 8rem), calc(100% - 16rem));");
    let style = if below {
        format!("{left} top: calc({y}% + 2.2rem);")
    } else {
        format!("{left} bottom: calc({}% + 2.2rem);", 100 - y)
    };
    html! {
        <div class="dl-pop" role="dialog" aria-label={p.label.clone()} data-testid="popover"
            ref={node} {style} onkeydown={key}>
            { p.children.clone() }
            <button type="button" class="dl-btn dl-pop-close" aria-label="Close node actions"
                onclick={close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
        </div>
    }
}
