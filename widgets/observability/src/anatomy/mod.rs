//! # `obs-trace-anatomy-widget`
//!
//! One trace of the URL shortener as a waterfall: the api-gateway's server and client
//! spans, the redirect-service's server span, and its DNS, Redis and PostgreSQL calls,
//! each with its timing bar; the span with the most time of its own is marked slow. A
//! click or Enter opens a span's details (attributes, status, ids); ArrowUp/ArrowDown
//! (or k/j) move between spans, ArrowLeft/ArrowRight collapse and expand, with the count
//! of hidden spans. Below, the `traceparent` header the gateway sent the
//! redirect-service, parsed field by field and editable, with the core parser's errors;
//! the post's `00-abc123-def456-01` is one click away, and refused.
//!
//! Options (`data-*`): `seed`, `scenario` (`normal`, `missing-index` (default),
//! `cache-outage`, `error-burst`, `slow-downstream`).
//!
//! Test hooks (`data-testid`): `scenario`, `new-trace`, `waterfall`, `span-{i}` (with
//! `data-slow`), `span-details`, `tp-input`, `tp-fields`, `tp-errors`, `tp-verdict`,
//! `tp-post`, `tp-spec`, `tp-trace`.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::Anatomy;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "obs-trace-anatomy-widget",
    title: "Anatomy of a distributed trace",
    post: "Observability: Understanding Your System at Runtime",
    summary: "One request's trace as a waterfall of parent and child spans with the slow span marked; open any span's attributes, status and ids by click or keyboard; collapse and expand; the W3C traceparent header parsed field by field and editable, with the post's shorthand shown invalid.",
    heights: &[(0, 1380), (700, 738)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <AnatomyWidget {options} /> }
}

/// Props of [`AnatomyWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(AnatomyWidget)]
pub fn anatomy_widget(p: &Props) -> Html {
    let state = use_reducer({
        let o = p.options.clone();
        move || Anatomy::from_options(&o)
    });
    let d: Callback<model::Action> = {
        let state = state.clone();
        Callback::from(move |a| state.dispatch(a))
    };
    view::widget(&state, &d, state.uid)
}
