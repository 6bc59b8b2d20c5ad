//! The mount API: fill every blog placeholder on a page from one wasm module.
//!
//! ```html
//! <div class="hn-embed-widget" id="merkle-tree-construction-widget" data-blocks="6"></div>
//! ```
//!
//! [`mount_all`] finds every `.hn-embed-widget[id]`, looks the id up in the
//! [`registry`](crate::registry) and renders the widget there. An id that is not
//! registered gets a short, polite note in place of the widget; nothing panics, and the
//! other widgets on the page are unaffected.

use crate::options::WidgetOptions;
use crate::registry::{find, WidgetEntry};
use crate::theme;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// The CSS selector for blog placeholders.
pub const PLACEHOLDER_SELECTOR: &str = ".hn-embed-widget[id]";
/// Attribute set on a placeholder once it has been handled, so mounting twice is harmless.
pub const MOUNTED_ATTR: &str = "data-dl-mounted";

/// What happened to one placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountOutcome {
    /// The widget was rendered.
    Mounted(String),
    /// No widget has this id; a note was shown instead.
    Unknown(String),
    /// The element had been mounted before and was left alone.
    AlreadyMounted(String),
    /// The element has no id to look up.
    NoId,
}

/// Props of [`WidgetHost`].
#[derive(Properties, Clone)]
pub struct WidgetHostProps {
    /// The widget to show.
    pub entry: &'static WidgetEntry,
    /// Its options.
    pub options: WidgetOptions,
}

impl PartialEq for WidgetHostProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry.id == other.entry.id && self.options == other.options
    }
}

/// The frame every widget lives in: scoped root class, theme, an accessible region name.
#[function_component(WidgetHost)]
pub fn widget_host(props: &WidgetHostProps) -> Html {
    let theme = match props.options.get("theme").map(str::trim) {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => "auto",
    };
    html! {
        <section class="dl-root" data-dl-theme={theme} data-dl-widget={props.entry.id}
            aria-label={props.entry.title}>
            { (props.entry.render)(props.options.clone()) }
        </section>
    }
}

/// Reads the `data-*` attributes of `el` into [`WidgetOptions`].
pub fn options_of(el: &Element) -> WidgetOptions {
    let names = el.get_attribute_names();
    let pairs = names.iter().filter_map(|n| {
        let n = n.as_string()?;
        let rest = n.strip_prefix("data-")?;
        if rest.starts_with("dl-") {
            return None;
        }
        Some((rest.to_owned(), el.get_attribute(&n).unwrap_or_default()))
    });
    WidgetOptions::from_pairs(pairs)
}

/// Mounts the widget registered for `el`'s id into `el`.
pub fn mount_element(el: &Element) -> MountOutcome {
    theme::ensure_stylesheet();
    let id = el.id();
    if id.is_empty() {
        return MountOutcome::NoId;
    }
    if el.has_attribute(MOUNTED_ATTR) {
        return MountOutcome::AlreadyMounted(id);
    }
    let _ = el.set_attribute(MOUNTED_ATTR, "");
    match find(&id) {
        Some(entry) => {
            el.set_inner_html("");
            if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h
                    .style()
                    .set_property("min-height", &format!("{}px", entry.reserved_height));
            }
            let options = options_of(el);
            yew::Renderer::<WidgetHost>::with_root_and_props(
                el.clone(),
                WidgetHostProps { entry, options },
            )
            .render();
            MountOutcome::Mounted(id)
        }
        None => {
            show_unknown(el, &id);
            MountOutcome::Unknown(id)
        }
    }
}

/// Replaces an unknown placeholder's content with a polite note (built as text nodes,
/// so an odd id cannot inject markup).
fn show_unknown(el: &Element, id: &str) {
    el.set_inner_html("");
    let Some(doc) = el.owner_document() else {
        return;
    };
    let Ok(note) = doc.create_element("p") else {
        return;
    };
    note.set_class_name("dl-unknown");
    note.set_text_content(Some(&format!(
        "The interactive diagram “{id}” is not available yet."
    )));
    let _ = el.append_child(&note);
}

/// Mounts every `.hn-embed-widget[id]` in the document; returns what happened to each.
pub fn mount_all() -> Vec<MountOutcome> {
    let Some(doc) = gloo::utils::window().document() else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(PLACEHOLDER_SELECTOR) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|el| mount_element(&el))
        .collect()
}
