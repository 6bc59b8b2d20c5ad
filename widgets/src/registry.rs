//! The registry: a plain list of every widget, keyed by the DOM id the blog uses.
//!
//! No linker tricks (they are unreliable on wasm32): adding a widget means adding its
//! `ENTRY` to [`REGISTRY`]. Tests, the gallery and the mount API all loop over this list.

use crate::options::WidgetOptions;
use yew::Html;

/// One widget the project can mount.
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
    /// Height (CSS px) reserved before the widget has rendered, so the page does not jump.
    pub reserved_height: u32,
    /// Renders the widget's component with the placeholder's options.
    pub render: fn(WidgetOptions) -> Html,
}

impl std::fmt::Debug for WidgetEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WidgetEntry").field("id", &self.id).finish()
    }
}

/// Every registered widget, in gallery order.
pub static REGISTRY: &[WidgetEntry] = &[
    crate::merkle_comparison::ENTRY,
    crate::merkle_construction::ENTRY,
    crate::merkle_use_cases::ENTRY,
    crate::erasure_encode::ENTRY,
    crate::erasure_recovery::ENTRY,
    crate::erasure_vs_replication::ENTRY,
    crate::raft_properties::ENTRY,
];

/// The entry for `id`, if one is registered.
pub fn find(id: &str) -> Option<&'static WidgetEntry> {
    REGISTRY.iter().find(|e| e.id == id)
}
