//! # `gossip-protocol-widget`
//!
//! The post says a rumour reaches every node in about `log_k(N)` rounds. Here it spreads
//! for real: N nodes (10 to 1,000) on the engine, each round every node that knows tells
//! `k` random peers (or asks, or both), messages get lost, some nodes are down. Beside the
//! run, a chart of informed nodes per round with the post's estimate, the mean-field
//! curve and the spread of 200 seeded runs of the same setting, and one sentence saying
//! whether the post's estimate holds. Below, a cluster gossiping heartbeat counters: kill
//! a node, watch its counter stop, φ climb, and the node get suspected.
//!
//! Options (`data-*`): `nodes` (10–1000, default 100), `fanout` (1–8, default 3), `mode`
//! (`push`, `pull`, `push-pull`), `loss` (‰), `dead` (% down at the start), `interval`
//! (ms between rounds, 100–2000), `seed`.
//!
//! Test hooks (`data-testid`): `set-nodes`, `set-fanout`, `set-mode`, `set-loss`,
//! `set-interval`, `set-dead`, `new-seed`, `cluster` (with `data-informed`, `data-live`, `data-round`),
//! `chart`, `round-status`, `verdict`, `cost`; heartbeats: `hb-table`, `hb-row-{i}`
//! (with `data-phi`, `data-suspected`), `hb-kill-{i}`, `hb-restart-{i}`, `hb-formula`,
//! `hb-threshold`, `hb-loss`, `hb-status`, `phi-chart`.

pub mod model;
pub mod state;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use state::Model;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "gossip-protocol-widget",
    title: "Gossip: a rumour, round by round",
    post: "Gossip Protocol: Decentralised Cluster Communication",
    summary: "A rumour spreads through 10 to 1,000 nodes by push, pull or push-pull with fanout k, loss and dead nodes; its curve against log_k(N) and 200 seeded runs; then kill a node and watch the phi-accrual detector suspect it.",
    heights: &[(0, 2680), (700, 1556)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <GossipWidget {options} /> }
}

/// Props of [`GossipWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(GossipWidget)]
pub fn gossip_widget(p: &Props) -> Html {
    let state = use_reducer_eq({
        let o = p.options.clone();
        move || Model::from_options(&o)
    });
    let d: Callback<state::Action> = {
        let state = state.clone();
        Callback::from(move |a| state.dispatch(a))
    };
    distlab_kit::controls::use_ticker(
        state.playing,
        state.speed,
        view::ROUND_MS,
        d.reform(|()| state::Action::Tick),
    );
    distlab_kit::controls::use_ticker(
        state.hb_playing,
        state.hb_speed,
        view::HB_ROUND_MS,
        d.reform(|()| state::Action::Hb(state::Hb::Tick)),
    );
    view::widget(&state, &d)
}
