//! Placeholder while the widget is being built.

use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "merkle-tree-comparison-widget",
    title: "merkle_comparison",
    post: "Merkle Trees: Efficiently Finding What's Different",
    summary: "in progress",
    reserved_height: 400,
    render,
};

fn render(_options: WidgetOptions) -> Html {
    html! { <p>{ "merkle_comparison" }</p> }
}
