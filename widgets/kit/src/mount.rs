//! The mount API: the loader (`embed.js`) hands a family's wasm module a placeholder,
//!
//! ```html
//! <div class="hn-embed-widget" id="merkle-tree-construction-widget" data-blocks="6">
//!   <a href="…">Merkle tree construction: open the interactive diagram</a>
//! </div>
//! ```
//!
//! and [`mount_element`] renders the family's widget for that id there, through its
//! entry's [`WidgetEntry::mount`]: a Yew widget inside a [`WidgetHost`] ([`yew()`]), a
//! text widget inside the same root section ([`crate::textapp::mount`]). The
//! placeholder's fallback content goes, its `data-*` attributes become
//! the widget's [`WidgetOptions`], and the element is marked [`MOUNTED_ATTR`] so mounting
//! twice is harmless, and a [`FocusKeeper`] keeps keyboard focus inside the widget when
//! an action removes or disables the focused control. An id the family does not hold is
//! left untouched (the loader decides what an unknown id shows); nothing panics, and the
//! other widgets on the page are unaffected.

use crate::focus::FocusKeeper;
use crate::options::WidgetOptions;
use crate::registry::{find, Family, WidgetEntry};
use crate::theme;
use std::cell::RefCell;
use web_sys::Element;
use yew::prelude::*;

thread_local! {
    /// The widgets mounted by this module, so [`unmount_element`] can stop one (its timers
    /// and listeners) when its placeholder leaves the page.
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
}

/// One mounted widget: its placeholder, what stops it and its focus keeper.
type Mounted = (Element, Box<dyn Handle>, FocusKeeper);

/// What stops a mounted widget: its Yew app, or a [`crate::textapp`] host.
pub trait Handle {
    /// Stops the widget (timers, listeners); its placeholder is emptied by the caller.
    fn destroy(self: Box<Self>);
}

impl Handle for yew::AppHandle<WidgetHost> {
    fn destroy(self: Box<Self>) {
        (*self).destroy();
    }
}

/// The root's theme from the `theme` option: `light`, `dark` or `auto`.
pub fn theme_of(options: &WidgetOptions) -> &'static str {
    match options.get("theme").map(str::trim) {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => "auto",
    }
}

/// Mounts a Yew widget: `render(options)` inside a [`WidgetHost`] (see
/// [`WidgetEntry::mount`]).
pub fn yew(
    el: &Element,
    entry: &'static WidgetEntry,
    options: WidgetOptions,
    render: fn(WidgetOptions) -> Html,
) -> Box<dyn Handle> {
    Box::new(
        yew::Renderer::<WidgetHost>::with_root_and_props(
            el.clone(),
            WidgetHostProps {
                entry,
                options,
                render,
            },
        )
        .render(),
    )
}

/// Attribute set on a placeholder once its widget is mounted.
pub const MOUNTED_ATTR: &str = "data-dl-mounted";

/// What happened to one placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountOutcome {
    /// The widget was rendered.
    Mounted(String),
    /// This family has no widget with this id; the element was left alone.
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
    /// Its view.
    pub render: fn(WidgetOptions) -> Html,
}

impl PartialEq for WidgetHostProps {
    fn eq(&self, other: &Self) -> bool {
        self.entry.id == other.entry.id && self.options == other.options
    }
}

/// The frame every widget lives in: scoped root class, theme, an accessible region name.
#[function_component(WidgetHost)]
pub fn widget_host(props: &WidgetHostProps) -> Html {
    let theme = theme_of(&props.options);
    html! {
        <section class="dl-root" data-dl-theme={theme} data-dl-widget={props.entry.id}
            aria-label={props.entry.title}>
            { (props.render)(props.options.clone()) }
        </section>
    }
}

/// Reads the `data-*` attributes of `el` into [`WidgetOptions`] (ours, `data-dl-*`, are
/// skipped).
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

/// Mounts `family`'s widget for `el`'s id into `el`.
pub fn mount_element(family: &'static Family, el: &Element) -> MountOutcome {
    let id = el.id();
    if id.is_empty() {
        return MountOutcome::NoId;
    }
    if el.has_attribute(MOUNTED_ATTR) {
        return MountOutcome::AlreadyMounted(id);
    }
    let Some(entry) = find(family, &id) else {
        return MountOutcome::Unknown(id);
    };
    theme::ensure_stylesheets(family);
    let _ = el.set_attribute(MOUNTED_ATTR, "");
    el.set_inner_html("");
    let options = options_of(el);
    let app = (entry.mount)(el, entry, options);
    let keeper = FocusKeeper::install(el);
    MOUNTED.with(|m| m.borrow_mut().push((el.clone(), app, keeper)));
    MountOutcome::Mounted(id)
}

/// Stops and removes the widget this module mounted into `el` (a single-page app removed
/// its placeholder, or the site moved to another page); returns whether there was one.
/// The element can be mounted again afterwards.
pub fn unmount_element(el: &Element) -> bool {
    let app = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        let i = m.iter().position(|(e, _, _)| e == el)?;
        let (_, app, _keeper) = m.swap_remove(i);
        Some(app)
    });
    match app {
        Some(app) => {
            app.destroy();
            el.set_inner_html("");
            let _ = el.remove_attribute(MOUNTED_ATTR);
            true
        }
        None => false,
    }
}
