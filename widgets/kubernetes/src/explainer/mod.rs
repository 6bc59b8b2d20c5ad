//! # `docker-kubernetes-widget`
//!
//! The post is only this widget, so it carries the whole explainer, in three sections
//! the reader steps through (Back/Next) or jumps between (a tab list: arrow keys, Home,
//! End):
//!
//! 1. **Containers vs virtual machines**: a stacked diagram, toggled between the two,
//!    of what is shared (hardware; the kernel for containers only) and what each brings.
//! 2. **An image as layers**: the Dockerfile's steps after a change the reader picks
//!    (app source, requirements, base image, CMD; optionally the cache-unfriendly order),
//!    each with its layer's `sha256:` diff_id (12 hex digits) marked cached or rebuilt by
//!    Docker's cache rule ([`distlab_core::kubernetes::image`]).
//! 3. **The cluster**: three nodes, pods coloured and labelled by version; replicas +/−,
//!    kill/restore a node, roll out v2 or a broken v3 under the chosen maxSurge and
//!    maxUnavailable, traffic through the Service (requests per pod); play, pause, step,
//!    reset, speed; a line of what the control loop just did, desired vs observed, and a
//!    converged badge ([`distlab_core::kubernetes::Cluster`]).
//!
//! Options (`data-*`): `section` (`containers`, `layers`, `cluster`), `replicas` (1–12,
//! default 3), `nodes` (2–5, default 3), `balance` (`round-robin`, `random`),
//! `max-surge`, `max-unavailable` (`0`, `1`, `2`, `10%`, `25%`, `50%`, `100%`; default 25%;
//! both 0 is refused), `seed`.
//!
//! Test hooks (`data-testid`): `tab-{containers,layers,cluster}`, `panel` (with
//! `data-section`), `back`, `next`; `show-containers`, `show-vms`, `stack` (with
//! `data-view`); `change`, `copy-first`, `layer-{i}` (with `data-cached`),
//! `build-summary`; `replicas-plus`, `replicas-minus`, `replicas`, `rollout-v{1,2,3}`,
//! `max-surge`, `max-unavailable`, `traffic`, `burst`, `state` (with `data-status`,
//! `data-pods`, `data-ready`, `data-replicas`, `data-surge`, `data-unavailable`,
//! `data-tick`), `badge`, `loop`, `node-{i}` (with `data-up`, `data-ready`), `kill-{i}`,
//! `pod` (with `data-version`, `data-ready`, `data-served`), `pending`, `service`,
//! `scores`.

pub mod model;
mod view;

use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::Model;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "docker-kubernetes-widget",
    title: "Docker & Kubernetes: containers, layers and a desired-state loop",
    post: "Docker & Kubernetes: What They Are, Why They Matter, and How to Get Started",
    summary: "Containers beside virtual machines; an image as layers with real SHA-256 diff_ids, cached or rebuilt after a change; and a small cluster whose controllers converge to the desired state while you scale, kill nodes, roll out versions and send traffic.",
    heights: &[
        (0, 990),
        (380, 814),
        (460, 768),
        (540, 702),
        (620, 657),
        (680, 634),
        (900, 611),
        (1100, 568),
    ],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    html! { <Explainer {options} /> }
}

/// Props of [`Explainer`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The placeholder's options.
    pub options: WidgetOptions,
}

/// See the module documentation.
#[function_component(Explainer)]
pub fn explainer(p: &Props) -> Html {
    let state = use_reducer({
        let o = p.options.clone();
        move || Model::from_options(&o)
    });
    let d: Callback<model::Action> = {
        let state = state.clone();
        Callback::from(move |a| state.dispatch(a))
    };
    distlab_kit::controls::use_ticker(
        state.playing,
        state.speed,
        view::TICK_MS,
        d.reform(|()| model::Action::Tick),
    );
    view::widget(&state, &d)
}
