//! Cluster settings on the page: size, latency and loss, each a menu of sensible values
//! (so nothing out of bounds can be chosen). Changing one starts a fresh run. Test
//! hooks: `set-nodes`, `set-latency`, `set-loss`.

use distlab_core::sim::Time;
use std::ops::RangeInclusive;
use yew::prelude::*;

/// Latency ranges offered, ticks: (min, max, words).
pub const LATENCIES: [(Time, Time, &str); 4] = [
    (5, 15, "fast"),
    (10, 30, "normal"),
    (30, 90, "slow"),
    (5, 200, "erratic"),
];
/// Loss chances offered, ‰.
pub const LOSSES: [u16; 5] = [0, 50, 100, 200, 300];

/// A setting the reader changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Cluster size.
    Nodes(usize),
    /// Latency range (min, max), ticks.
    Latency(Time, Time),
    /// Loss chance, ‰.
    Loss(u16),
}

/// The three menus. `latency` and `loss` are the run's; a value not offered is shown as
/// "custom" until changed.
pub fn cluster_settings(
    nodes: usize,
    range: RangeInclusive<usize>,
    latency: (Time, Time),
    loss: u16,
    on: &Callback<Setting>,
) -> Html {
    let value = |e: Event| {
        e.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value()
    };
    let on_nodes = on.reform(move |e: Event| Setting::Nodes(value(e).parse().unwrap_or(5)));
    let on_latency = on.reform(move |e: Event| {
        let i: usize = value(e).parse().unwrap_or(1);
        let (a, b, _) = LATENCIES[i.min(LATENCIES.len() - 1)];
        Setting::Latency(a, b)
    });
    let on_loss = on.reform(move |e: Event| Setting::Loss(value(e).parse().unwrap_or(0)));
    let lat_known = LATENCIES.iter().any(|(a, b, _)| (*a, *b) == latency);
    let loss_known = LOSSES.contains(&loss);
    html! {
        <div class="dl-settings" role="group" aria-label="Cluster settings (a change starts a new run)">
            <label class="dl-field">{ "Nodes " }
                <select data-testid="set-nodes" onchange={on_nodes}>
                    { for range.map(|n| html! { <option value={n.to_string()} selected={n == nodes}>{ n }</option> }) }
                </select>
            </label>
            <label class="dl-field">{ "Latency " }
                <select data-testid="set-latency" onchange={on_latency}>
                    if !lat_known { <option selected=true disabled=true>{ format!("custom {}–{}", latency.0, latency.1) }</option> }
                    { for LATENCIES.iter().enumerate().map(|(i, (a, b, w))| html! {
                        <option value={i.to_string()} selected={(*a, *b) == latency}>{ format!("{w} ({a}–{b} ticks)") }</option>
                    }) }
                </select>
            </label>
            <label class="dl-field">{ "Loss " }
                <select data-testid="set-loss" onchange={on_loss}>
                    if !loss_known { <option selected=true disabled=true>{ format!("custom {loss}‰") }</option> }
                    { for LOSSES.iter().map(|l| html! {
                        <option value={l.to_string()} selected={*l == loss}>{ format!("{}%", l / 10) }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
