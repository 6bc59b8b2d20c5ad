//! placeholder
pub mod model;
use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use yew::prelude::*;
/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "erasure-coding-recovery-widget",
    title: "Reed-Solomon recovery",
    post: "Erasure Coding: Fault Tolerance Without Full Replication",
    summary: "Being built.",
    reserved_height: 950,
    render,
};
fn render(_options: WidgetOptions) -> Html {
    html! { <p class="dl-muted">{ "This widget is being built." }</p> }
}
