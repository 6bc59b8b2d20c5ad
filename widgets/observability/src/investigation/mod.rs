//! # `obs-investigation-flow-widget`
//!
//! The post's path from symptom to cause, walked by the reader on what the simulation
//! produced: an alert fires on p99 (or on the error ratio) → open the traces kept in the
//! alert window → pick the slow (or failed) one → find the span where its time went →
//! query the logs by its trace id → name the root cause ("missing index on
//! links.short_code, a full scan of 50,000,000 rows"). Every number comes from the
//! seeded run; another seed or fault gives another incident, still solvable. A wrong
//! pick gets a hint from the data and leaves the reader where they were.
//!
//! Options (`data-*`): `seed`, `fault` (`missing-index` (default), `slow-downstream`,
//! `error-burst`).
//!
//! Test hooks (`data-testid`): `case-fault`, `new-incident`, `restart`, `alert`,
//! `step-title`, `pick-{i}` (trace picks carry `data-us`, span picks `data-own-us`),
//! `hint`, `trail`, `trace-logs`, `root-cause`.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::Investigation;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "obs-investigation-flow-widget",
    title: "From alert to root cause",
    post: "Observability: Understanding Your System at Runtime",
    summary: "The post's investigation as choices on the simulation's own data: a p99 alert fires, open the traces of the alert window, pick the slow one, find its slow span, query the logs by trace id, name the root cause; wrong picks get a hint; other seeds and faults give other incidents.",
    heights: &[(0, 955), (700, 695)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <InvestigationWidget {options} /> }
}

/// Props of [`InvestigationWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(InvestigationWidget)]
pub fn investigation_widget(p: &Props) -> Html {
    let state = use_reducer({
        let o = p.options.clone();
        move || Investigation::from_options(&o)
    });
    let d: Callback<model::Action> = {
        let state = state.clone();
        Callback::from(move |a| state.dispatch(a))
    };
    view::widget(&state, &d)
}
