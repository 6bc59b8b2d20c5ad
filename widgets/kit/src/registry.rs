//! A family's registry: a plain list of its widgets, keyed by the DOM id the blog uses.
//!
//! No linker tricks (they are unreliable on wasm32): a family's `lib.rs` holds
//! `pub static FAMILY: Family = Family { name, style, widgets: &[…] }`, and everything
//! else is generated from those lists — the wasm module's exports ([`family_module!`]),
//! the manifest that `embed.js` and the site read (`widgets/manifest`), the gallery.

use crate::mount::Handle;
use crate::options::WidgetOptions;
use web_sys::Element;

/// See [`WidgetEntry::mount`].
pub type Mounter = fn(&Element, &'static WidgetEntry, WidgetOptions) -> Box<dyn Handle>;

/// One widget a family can mount.
#[derive(Clone, Copy)]
pub struct WidgetEntry {
    /// The placeholder's DOM id, e.g. `merkle-tree-construction-widget`.
    pub id: &'static str,
    /// A short title for the gallery and for screen readers.
    pub title: &'static str,
    /// Title of the blog post the widget belongs to.
    pub post: &'static str,
    /// Our one-paragraph description, for the gallery.
    pub summary: &'static str,
    /// Height (CSS px) to reserve before the widget has rendered, by the placeholder's
    /// width: `(min_width, height)` pairs in ascending `min_width`, the first at 0. The
    /// loader reserves the height of the last pair whose `min_width` ≤ the width, so the
    /// page does not jump when the module arrives. The heights include the widget root's
    /// margins (the loader makes the placeholder a flow root, so they stay inside it);
    /// `tests/e2e/cls.test.mjs` measures the real heights at 360 and 1,200 px and the
    /// layout shift, and prints the pairs to put here.
    pub heights: &'static [(u32, u32)],
    /// Draws the widget into its (emptied) placeholder with the placeholder's options,
    /// and returns what stops it again. A Yew widget says
    /// `mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render)`;
    /// a widget without Yew, `… distlab_kit::textapp::mount(el, entry, options, Model::new)`.
    /// A function rather than a render function, so that a family whose widgets use no
    /// Yew links none of it.
    pub mount: Mounter,
}

impl WidgetEntry {
    /// The height to reserve at `width` CSS px (see [`WidgetEntry::heights`]).
    pub fn reserved_height(&self, width: u32) -> u32 {
        self.heights
            .iter()
            .take_while(|(min, _)| *min <= width)
            .last()
            .or(self.heights.first())
            .map_or(400, |(_, h)| *h)
    }
}

impl std::fmt::Debug for WidgetEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WidgetEntry").field("id", &self.id).finish()
    }
}

/// A family: the widgets of one post, built as one wasm module.
#[derive(Debug)]
pub struct Family {
    /// The module's name: `dist/families/<name>.js` and `<name>_bg.wasm`.
    pub name: &'static str,
    /// The family's minified stylesheet (every `style.css` of its widget folders).
    pub style: &'static str,
    /// Its widgets, in gallery order.
    pub widgets: &'static [WidgetEntry],
}

/// The entry for `id` in `family`, if it has one.
pub fn find(family: &'static Family, id: &str) -> Option<&'static WidgetEntry> {
    family.widgets.iter().find(|e| e.id == id)
}

/// The wasm module's exports for a family, behind the family crate's `module` feature
/// (so that a test binary linking several families does not get three `mount`s):
///
/// ```text
/// import init, { mount } from "./families/merkle.js";
/// await init({ module_or_path: wasmUrl });
/// mount(placeholder);   // true if this family holds placeholder.id and mounted it
/// unmount(placeholder); // stops it again (the placeholder left the page)
/// ```
#[macro_export]
macro_rules! family_module {
    ($family:path) => {
        /// The JavaScript API of this family's wasm module (see `embed.js`).
        #[cfg(feature = "module")]
        pub mod module {
            use wasm_bindgen::prelude::wasm_bindgen;

            /// Mounts the widget registered for `element`'s id into it; returns whether
            /// it did (false for an id this family does not hold, or one mounted before).
            #[wasm_bindgen]
            pub fn mount(element: web_sys::Element) -> bool {
                matches!(
                    $crate::mount::mount_element(&$family, &element),
                    $crate::MountOutcome::Mounted(_)
                )
            }

            /// Stops the widget mounted into `element` (its placeholder left the page);
            /// returns whether there was one.
            #[wasm_bindgen]
            pub fn unmount(element: web_sys::Element) -> bool {
                $crate::mount::unmount_element(&element)
            }
        }
    };
}
