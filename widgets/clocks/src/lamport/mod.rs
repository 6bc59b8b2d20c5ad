//! # `lamport-clocks-widget`
//!
//! Lamport counters on the space-time diagram: each picked event shows the rule that
//! gave its stamp with the numbers (`C = max(C, T) + 1 = max(0, 3) + 1 = 4`), the total
//! order (stamp, then process) is listed, and the post's example comes out exactly
//! (a1 = 1, b1 = 3, c1 = 5, a2 = 2), opening on its pair a2 ‖ b1 with L(a2) < L(b1).
//!
//! Options (`data-*`): `preset` (`post`, the default: the post's example; or `empty`),
//! `processes` (2–5, for an empty run). Test hooks: see [`crate::common`].

pub mod model;

use crate::common::widget::{Config, Kind};
use crate::common::ClockWidget;
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "lamport-clocks-widget",
    title: "Lamport timestamps, rule by rule",
    post: "Lamport Timestamps: Ordering Events Without a Global Clock",
    summary: "The post's three processes with Lamport counters: add events and messages, see each stamp's rule with its numbers, the total order, and a pair with a smaller stamp that did not happen first.",
    heights: &[(0, 1220), (700, 953)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(Kind::Lamport, &options);
    html! { <ClockWidget {config} /> }
}
