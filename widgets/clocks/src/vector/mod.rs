//! # `vector-clocks-widget`
//!
//! Vector clocks on the space-time diagram: any two picked events are compared entry by
//! entry (the post's [2,0,0] vs [1,2,0] is the opening pair), and the post's Dynamo
//! example runs step by step on version vectors: two clients write through two servers
//! from the same read, the servers keep both values as siblings, and the reader resolves
//! them with a write that carries the merged context.
//!
//! Options (`data-*`): `preset` (`post`, the default: the post's example; or `empty`),
//! `processes` (2–5, for an empty run). Test hooks: see [`crate::common`].

pub mod dynamo;
pub mod model;

use crate::common::widget::{Config, Kind};
use crate::common::ClockWidget;
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "vector-clocks-widget",
    title: "Vector clocks and Dynamo's siblings",
    post: "Vector Clocks: Knowing When Events Are Truly Concurrent",
    summary: "Vector clocks on a space-time diagram: compare any two events entry by entry, start from the post's [2,0,0] vs [1,2,0], and play its Dynamo example where two concurrent writes become siblings you resolve.",
    heights: &[(0, 1262), (700, 910)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(Kind::Vector, &options);
    html! { <ClockWidget {config} /> }
}
