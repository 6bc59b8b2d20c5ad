//! # `erasure-coding-vs-replication-widget` (being built)
//!
//! Placeholder: the widget lands in this module.

use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "erasure-coding-vs-replication-widget",
    title: "Erasure coding vs replication",
    post: "Erasure Coding: Fault Tolerance Without Full Replication",
    summary: "Being built.",
    reserved_height: 1000,
    render,
};

fn render(_options: WidgetOptions) -> Html {
    html! { <p class="dl-muted">{ "This widget is being built." }</p> }
}
