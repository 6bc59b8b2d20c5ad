//! # `logical-clocks-widget`
//!
//! Three servers stamp events with wall clocks that disagree by a few milliseconds (the
//! post's A, B +3 ms, C −3 ms). The reader adds events and messages on a space-time
//! diagram, skews the clocks, and sees the post's contradiction: a click at 14:00:00.001
//! causes an update stamped 13:59:59.998. Picking two events shows their happened-before
//! relation with its proof, beside what the wall clocks claim.
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
    id: "logical-clocks-widget",
    title: "Wall clocks versus causality",
    post: "Logical Clocks: When Physical Time Isn't Enough",
    summary: "Three servers whose clocks disagree by milliseconds: add events and messages, skew the clocks, and watch a message arrive before it was sent, while happened-before stays right.",
    heights: &[(0, 1150), (700, 860)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(Kind::Wall, &options);
    html! { <ClockWidget {config} /> }
}
