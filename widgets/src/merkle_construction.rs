//! Placeholder while the widget is being built.

use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-construction-widget",
    title: "merkle_construction",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "in progress",
    reserved_height: 400,
    render,
};

fn render(_options: WidgetOptions) -> Html {
    html! { <p>{ "merkle_construction" }</p> }
}
