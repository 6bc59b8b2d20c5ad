//! # `raft-properties-widget`: a live Raft cluster and its five safety properties
//!
//! Three to seven nodes run the real Raft of [`distlab_core::raft`] on the deterministic
//! simulator: randomized election timeouts, RequestVote and AppendEntries messages that
//! visibly travel between nodes, client writes replicated and committed by a majority.
//! The reader crashes and restarts nodes, sends writes (from a popover at the node),
//! partitions the network into two groups, drops messages in flight, sets the cluster
//! size, latency and loss, steps one event at a time, and rewinds with a scrubber (an
//! action after rewinding forks a new future). After every event the five properties of
//! the Raft paper's figure 3 are checked and shown as badges; "Break it" runs a planted
//! bug so one fails, naming the step that broke it. Four guided scenarios replay the
//! post's key moments and pause at each with one line on what just happened; "Copy
//! link" shares the exact run as a URL (bounded when read back: see [`model::BOUNDS`]).
//!
//! Options (`data-*`): `nodes` (3–7, default 5), `seed` (default 7), `guided`
//! (`leader-crash`, `split-vote`, `old-leader`, `divergent`), `scenario` (a scenario's
//! text form; a `raft=` value in the page's URL fragment wins over it).
//!
//! Test hooks (`data-testid`): `node-{i}` (with `data-role`, `data-term`, `data-commit`,
//! `data-up`), `leader` (the leader's 1-based id or empty, `data-term`), `position`,
//! `horizon`, `scrubber`, `fork-note`, `prop-{0..4}` (badge text "holds" / "violated"),
//! `violation`, `rewind-violation`, `link-text`, `copy-link`, `guided`, `guided-text`,
//! `moment`, `break-it`, `clamp-note`, `set-nodes`, `set-latency`, `set-loss`,
//! `last-event`, `next-scripted`, `log-{i}`, `commit-{i}`, `partition`, `heal`,
//! `drop-all`, `net-now`, `popover` (a node's actions) and `panel` (its title).
//! Messages in flight carry `data-kind` and `data-progress` (‰), timer arcs
//! `data-permille`.
//!
//! Built on the kit's simulation player and views ([`distlab_kit::sim`]): what is here is
//! Raft's — roles, terms, logs, the partition builder, the guided scenarios and their
//! key moments, the planted bug.
//!
//! Cost: one animation frame runs at most
//! [`MAX_STEPS_PER_FRAME`](distlab_kit::sim::player::MAX_STEPS_PER_FRAME) engine steps
//! whatever a link holds (a handful in practice) plus one Yew render (~1 ms in Chromium);
//! at most [`MAX_DRAWN`](distlab_kit::sim::flights::MAX_DRAWN) messages are drawn; the
//! log grid is HTML text, so a frame that changed no log leaves its DOM alone.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use distlab_kit::sim::share::{location_hash, value_in_hash};
use distlab_kit::sim::use_driven;
use model::{Config, Model, LINK_KEY};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "raft-properties-widget",
    title: "Raft and its safety properties",
    post: "Raft: Consensus Made Understandable",
    summary: "A live Raft cluster you can break: crash nodes, split the network, drop \
              messages, rewind and fork, while Raft's five safety properties are checked \
              after every event.",
    // Measured in Chromium (one column below ~714 px, two above; the second column is
    // narrow just above the switch, so the widget is tallest there), rounded up, plus the
    // widget root's 48 px of margins, which the loader keeps inside the placeholder. A
    // post's column is 760 px wide at most: 1,274 px there.
    heights: &[
        (0, 1828),
        (400, 1748),
        (600, 1718),
        (714, 1318),
        (730, 1274),
        (770, 1234),
        (820, 1175),
        (870, 1153),
        (1070, 1113),
        (1170, 1092),
    ],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <RaftProperties {config} /> }
}

/// Props of [`RaftProperties`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// The widget: the model run by the kit's [`use_driven`] (held in a `RefCell`, one
/// dispatch callback, ticking while it plays).
#[function_component(RaftProperties)]
pub fn raft_properties(props: &Props) -> Html {
    let (model, dispatch) = use_driven({
        let config = props.config.clone();
        move || {
            let hash = location_hash();
            let mut m = Model::new(&config, value_in_hash(&hash, LINK_KEY));
            m.player.reduced_motion = distlab_kit::sim::motion::reduced();
            m
        }
    });
    let m = model.borrow();
    view::render(&m, &props.config.messages, &dispatch)
}
