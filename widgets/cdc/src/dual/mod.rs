//! # `cdc-vs-dual-write-widget`
//!
//! One workload of the URL shortener (inserts, updates, deletes and redirect reads of
//! short links, seeded) through two pipelines side by side, with the same faults:
//!
//! - **Dual write**: the application commits to PostgreSQL, then writes Elasticsearch,
//!   Redis and the warehouse in turn. A failed write, a crash between writes or two
//!   concurrent updates arriving out of order leave rows that differ, counted per
//!   store, and nothing repairs them.
//! - **CDC**: the application writes only PostgreSQL; Debezium decodes the WAL through a
//!   logical replication slot (its `confirmed_flush_lsn`, `restart_lsn`, retained WAL
//!   and `wal_status` shown), publishes Debezium envelopes to a topic partitioned by
//!   key, and three consumer groups apply them idempotently. The reader stalls or
//!   crashes Debezium or a consumer: retained WAL and lag grow, and on resume every
//!   store converges.
//!
//! The first event is the post's own insert (`x7Kp2` at LSN 291840, `0/47400`), shown as
//! JSON from the start; any event opens as JSON. A switch sets `REPLICA IDENTITY`
//! (DEFAULT or FULL) and says what `before` then holds, and where the post is wrong.
//!
//! Options (`data-*`): `seed`, `partitions` (1–8, default 3), `identity` (`default` or
//! `full`).
//!
//! Test hooks (`data-testid`): `fail-{0..2}`, `crash-app`, `reorder`, `stall-{0..3}` and
//! `crash-{0..3}` (0 Debezium, then Elasticsearch, Redis, warehouse), `divergence` and
//! `dual-diverged-{0..2}` (with `data-count`), `retained-wal` and `slot-lag` (with
//! `data-bytes`), `confirmed-lsn`, `wal-status`, `cdc-behind-{1..3}`, `cdc-status` (with
//! `data-converged`), `event` (buttons), `event-json` (with `data-op`, `data-lsn`),
//! `identity-default`, `identity-full`, `last-op`.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::Cdc;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "cdc-vs-dual-write-widget",
    title: "Change data capture against dual writes",
    post: "Change Data Capture: Streaming Your Database in Real Time",
    summary: "One workload, two pipelines: an app dual-writing PostgreSQL, Elasticsearch, Redis and a warehouse, beside Debezium reading the WAL through a replication slot into a partitioned topic. Inject failed writes, crashes and reordered updates, stall consumers; watch dual write diverge and CDC converge, with LSNs, slot lag, retained WAL and each event as JSON.",
    heights: &[(0, 2740), (700, 1805)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <CdcWidget {options} /> }
}

/// Props of [`CdcWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(CdcWidget)]
pub fn cdc_widget(p: &Props) -> Html {
    let state = use_reducer({
        let o = p.options.clone();
        move || Cdc::from_options(&o)
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
