//! # `obs-three-pillars-widget`
//!
//! One simulated request stream of the URL shortener (api-gateway → redirect-service →
//! Redis, PostgreSQL) shown three ways at once, all read from the same request records:
//! a tail of its JSON logs (each line with `trace_id` and `span_id`), its metrics (rate,
//! error ratio, p50/p95/p99 over the last 10 s computed by `histogram_quantile` over
//! the scraped buckets, database utilisation, the `/metrics` text behind a toggle) and
//! the traces adaptive sampling kept. The reader injects the post's missing index, a
//! cache outage, an error burst or a slow downstream and watches each pillar show it.
//!
//! Options (`data-*`): `seed`, `rate` (requests/s, 50–5,000, default 500), `fault`
//! (`missing-index`, `cache-outage`, `error-burst`, `slow-downstream`: on at the start).
//!
//! Test hooks (`data-testid`): `fault-{key}`, `metric-p99` (with `data-ms`),
//! `metric-errors`, `log-tail`, `log-filter` (a toggle), `trace-list`, `trace-row` (with
//! `data-slow`, `data-error`), `exposition-toggle`, `exposition`, `clock`.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::Pillars;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "obs-three-pillars-widget",
    title: "Logs, metrics and traces from one request stream",
    post: "Observability: Understanding Your System at Runtime",
    summary: "A simulated URL shortener's requests as a JSON log tail, Prometheus metrics (rate, errors, p50/p95/p99 from histogram buckets, the exposition text) and sampled traces; inject a missing index, a cache outage, an error burst or a slow downstream and see each pillar show it.",
    heights: &[(0, 2190), (700, 1385)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <PillarsWidget {options} /> }
}

/// Props of [`PillarsWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(PillarsWidget)]
pub fn pillars_widget(p: &Props) -> Html {
    let state = use_reducer({
        let o = p.options.clone();
        move || Pillars::from_options(&o)
    });
    let d: Callback<model::Action> = {
        let state = state.clone();
        Callback::from(move |a| state.dispatch(a))
    };
    distlab_kit::controls::use_ticker(
        state.playing,
        state.speed,
        view::STEP_MS,
        d.reform(|()| model::Action::Tick),
    );
    view::widget(&state, &d)
}
