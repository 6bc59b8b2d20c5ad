//! # `raft-properties-widget` (being built)
//!
//! Placeholder: the widget lands in this module.

use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "raft-properties-widget",
    title: "Raft and its safety properties",
    post: "Raft: Consensus Made Understandable",
    summary: "Being built.",
    reserved_height: 1000,
    render,
};

fn render(_options: WidgetOptions) -> Html {
    html! { <p class="dl-muted">{ "This widget is being built." }</p> }
}
