//! What the three clock widgets share: the run the reader builds ([`model`]), the widget
//! state ([`widget`]), and one component that draws any of them: the space-time diagram
//! with the chosen clock's stamps, the controls that add events and messages, the
//! relation of two picked events with its reason, the clock's own panel, and the ShiViz
//! box.
//!
//! Test hooks (`data-testid`): `event-{i}` and `message-{from}-{to}` (the diagram),
//! `add-{p}`, `send-from`, `send-to`, `send`, `undo`, `reset`, `clear-picks`, `show-pair`,
//! `post-example`, `relation` (with `data-relation`: `before`, `after`, `concurrent`,
//! `equal`), `clock-says`, `rule`, `order`, `skew-{p}`, `dynamo-*`, `log`, `log-export`,
//! `log-import`, `log-note`.

pub mod model;
pub mod widget;

use crate::{lamport, logical, vector};
use distlab_core::clocks::{Causality, Execution};
use distlab_kit::controls::{live_region, on_select_index, option_messages};
use distlab_kit::spacetime::{columns, SpaceTime, StEvent};
use model::{RunAction, MAX_LANES};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use widget::{Action, Config, Kind, Model};
use yew::prelude::*;

/// The diagram's columns for `x` (see [`distlab_kit::spacetime::columns`]).
pub fn columns_of(x: &Execution) -> Vec<usize> {
    columns(&bare_events(x))
}

fn bare_events(x: &Execution) -> Vec<StEvent> {
    x.events()
        .iter()
        .map(|e| StEvent {
            lane: e.process,
            received: e.received.clone(),
            name: AttrValue::from(e.label.clone()),
            stamp: AttrValue::default(),
            label: AttrValue::default(),
        })
        .collect()
}

/// Props of [`ClockWidget`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// One clock widget (see the module documentation).
#[function_component(ClockWidget)]
pub fn clock_widget(p: &Props) -> Html {
    let state = use_reducer_eq({
        let c = p.config.clone();
        move || Model::new(&c)
    });
    let m: &Model = &state;
    let d: Callback<Action> = {
        let s = state.dispatcher();
        Callback::from(move |a| s.dispatch(a))
    };
    let run = |a: RunAction| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Run(a.clone())))
    };
    let x = &m.run.x;
    let cols = columns_of(x);
    let wall = m.wall(&cols);
    let (stamps, flagged): (Vec<String>, Vec<usize>) = match m.kind {
        Kind::Lamport => (
            lamport::model::stamps(x)
                .iter()
                .map(|l| format!("L={l}"))
                .collect(),
            Vec::new(),
        ),
        Kind::Vector => (
            vector::model::stamps(x)
                .iter()
                .map(ToString::to_string)
                .collect(),
            Vec::new(),
        ),
        Kind::Wall => (
            wall.iter()
                .map(|&ms| logical::model::clock_text(ms)[3..].to_string())
                .collect(),
            logical::model::contradictions(x, &wall)
                .into_iter()
                .flat_map(|(s, r)| [s, r])
                .collect(),
        ),
    };
    let events: Vec<StEvent> = bare_events(x)
        .into_iter()
        .zip(&stamps)
        .enumerate()
        .map(|(i, (mut e, s))| {
            // The visible name and stamp first, as shown (screen readers and voice
            // control users name the event by what they see), then where and what.
            let ev = &x.events()[i];
            e.label = AttrValue::from(format!(
                "{} {s}, on {}, {}",
                ev.label,
                x.names().get(ev.process).map_or("?", String::as_str),
                match m.kind {
                    Kind::Lamport => "Lamport timestamp",
                    Kind::Vector => "vector clock",
                    Kind::Wall => "wall clock",
                },
            ));
            e.stamp = AttrValue::from(s.clone());
            e
        })
        .collect();
    let lanes: Vec<AttrValue> = x
        .names()
        .iter()
        .map(|n| AttrValue::from(n.clone()))
        .collect();
    let summary = format!(
        "Space-time diagram: {} processes, {} events, {} messages. Events are buttons: pick two to compare them.",
        x.processes(),
        x.events().len(),
        x.messages().count()
    );
    let on_pick = d.reform(|i| Action::Run(RunAction::Pick(i)));

    html! {
        <div class="clk">
            { option_messages(&p.config.messages) }
            { intro(m.kind) }
            <SpaceTime lanes={Rc::new(lanes)} events={Rc::new(events)} picked={m.run.picks.clone()}
                chain={m.run.chain()} {flagged} {on_pick} summary={summary} />
            { relation(m, &wall) }
            { build_controls(m, &d, &run) }
            { match m.kind {
                Kind::Lamport => lamport_panel(m, &d),
                Kind::Vector => vector_panel(m, &d),
                Kind::Wall => wall_panel(m, &d, &wall),
            } }
            { shiviz_box(m, &d) }
            { live_region(m.run.announce.clone()) }
        </div>
    }
}

fn intro(kind: Kind) -> Html {
    let text = match kind {
        Kind::Wall => {
            "Each server stamps its events with its own wall clock. Drag a clock's skew and \
             watch a message arrive \"before\" it was sent."
        }
        Kind::Lamport => {
            "Every event adds 1 to its process's counter; a receive first takes the larger of \
             its counter and the message's stamp. Pick an event to see the rule applied, or \
             two to compare them."
        }
        Kind::Vector => {
            "Each process keeps one counter per process and merges by maximum on receive. Pick \
             two events: their vectors say whether one happened before the other or neither."
        }
    };
    html! { <p class="clk-intro">{ text }</p> }
}

fn relation(m: &Model, wall: &[i64]) -> Html {
    let picked = m.run.picks.len();
    let (kind, text) = match m.run.relation_text() {
        Some((rel, text)) => (
            match rel {
                Causality::Before => "before",
                Causality::After => "after",
                Causality::Concurrent => "concurrent",
                Causality::Equal => "equal",
            },
            text,
        ),
        None if picked == 1 => (
            "",
            format!(
                "Picked {}. Pick a second event to compare.",
                m.run.describe(m.run.picks[0])
            ),
        ),
        None => (
            "",
            "Pick two events (tap, or Tab to one and press Enter) to see how they are related."
                .into(),
        ),
    };
    let says = m.run.pair().map(|(a, b)| {
        let x = &m.run.x;
        match m.kind {
            Kind::Lamport => lamport::model::pair_text(x, &lamport::model::stamps(x), a, b),
            Kind::Vector => vector::model::compare_text(x, &vector::model::stamps(x), a, b),
            Kind::Wall => {
                let rel = x.relation(a, b).unwrap_or(Causality::Equal);
                let (ta, tb) = (logical::model::clock_text(wall[a]), logical::model::clock_text(wall[b]));
                let (na, nb) = (&x.events()[a].label, &x.events()[b].label);
                let wrong = match rel {
                    Causality::Before => wall[b] <= wall[a],
                    Causality::After => wall[a] <= wall[b],
                    _ => false,
                };
                if wrong {
                    format!("Wall clocks: {na} at {ta}, {nb} at {tb}. They put the effect no later than its cause: the clocks are wrong, not causality.")
                } else if rel == Causality::Concurrent {
                    format!("Wall clocks: {na} at {ta}, {nb} at {tb}. The clocks order them, but nothing links them: the order means nothing.")
                } else {
                    format!("Wall clocks: {na} at {ta}, {nb} at {tb}. Here they agree with causality, by luck of the skews.")
                }
            }
        }
    });
    html! {
        <div class="clk-relation dl-panel" data-testid="relation" data-relation={kind}>
            <p>{ text }</p>
            if let Some(s) = says {
                <p class="clk-says" data-testid="clock-says">{ s }</p>
            }
        </div>
    }
}

fn build_controls(
    m: &Model,
    d: &Callback<Action>,
    run: &dyn Fn(RunAction) -> Callback<MouseEvent>,
) -> Html {
    let names = m.run.x.names();
    let select = |id: &'static str, value: usize, make: fn(usize) -> RunAction| {
        let d = d.clone();
        let onchange = on_select_index(move |v| d.emit(Action::Run(make(v))));
        html! {
            <select data-testid={id} aria-label={if id == "send-from" { "Send from" } else { "Send to" }} {onchange}>
                { for names.iter().enumerate().map(|(i, n)| html! {
                    <option value={i.to_string()} selected={i == value}>{ n.clone() }</option>
                }) }
            </select>
        }
    };
    let lanes = names.len();
    html! {
        <div class="clk-build">
            <div class="dl-controls" role="group" aria-label="Add a local event">
                <span class="dl-muted">{ "Local event on" }</span>
                { for names.iter().enumerate().map(|(i, n)| html! {
                    <button type="button" class="dl-btn" data-testid={format!("add-{i}")}
                        aria-label={format!("Add a local event on {n}")}
                        onclick={run(RunAction::Local(i))}>{ n.clone() }</button>
                }) }
            </div>
            <div class="dl-controls" role="group" aria-label="Send a message">
                <span class="dl-muted">{ "Message" }</span>
                { select("send-from", m.run.from, RunAction::From) }
                <span aria-hidden="true">{ "→" }</span>
                { select("send-to", m.run.to, RunAction::To) }
                <button type="button" class="dl-btn dl-btn-primary" data-testid="send" onclick={run(RunAction::Send)}>{ "Send" }</button>
            </div>
            <div class="dl-controls">
                <button type="button" class="dl-btn" data-testid="undo" disabled={m.run.added.is_empty()} onclick={run(RunAction::Undo)}>{ "Undo" }</button>
                <button type="button" class="dl-btn" data-testid="clear-picks" disabled={m.run.picks.is_empty()} onclick={run(RunAction::ClearPicks)}>{ "Clear picks" }</button>
                <button type="button" class="dl-btn" data-testid="post-example" onclick={d.reform(|_: MouseEvent| Action::PostExample)}>{ "The post's example" }</button>
                <button type="button" class="dl-btn" data-testid="reset" onclick={run(RunAction::Empty(lanes.clamp(2, MAX_LANES)))}>{ "Empty run" }</button>
            </div>
        </div>
    }
}

fn lamport_panel(m: &Model, d: &Callback<Action>) -> Html {
    let x = &m.run.x;
    let l = lamport::model::stamps(x);
    let rules: Vec<String> = m
        .run
        .picks
        .iter()
        .map(|&e| lamport::model::rule(x, &l, e))
        .collect();
    html! {
        <div class="clk-panel">
            <h4>{ "The rules, applied" }</h4>
            <p class="dl-muted">{ "Local event or send: C = C + 1. Receive with stamp T: C = max(C, T) + 1." }</p>
            <ul class="clk-rules" data-testid="rule">
                { for rules.iter().map(|r| html! { <li><code>{ r.clone() }</code></li> }) }
                if rules.is_empty() { <li class="dl-muted">{ "Pick an event to see its rule with the numbers." }</li> }
            </ul>
            <h4>{ "Total order (stamp, then process)" }</h4>
            <p class="clk-order" data-testid="order"><code>{ lamport::model::order_text(x, &l) }</code></p>
            <p class="dl-muted">{ "It extends happened-before, but between concurrent events the order is arbitrary." }</p>
            <button type="button" class="dl-btn" data-testid="show-pair" onclick={d.reform(|_: MouseEvent| Action::ShowPair)}>{ "Pick a pair the stamps mislead on" }</button>
        </div>
    }
}

fn vector_panel(m: &Model, d: &Callback<Action>) -> Html {
    let dy = &m.dynamo;
    let replicas = dy.replicas.iter().zip(["Server A", "Server B"]).map(|(r, name)| {
        html! {
            <div class="clk-replica dl-panel" data-testid={format!("dynamo-{}", &name[7..].to_ascii_lowercase())}>
                <b>{ name }</b>
                if r.in_conflict() { <span class="dl-badge dl-badge-bad">{ format!("{} siblings", r.siblings.len()) }</span> }
                <ul>
                    { for r.siblings.iter().map(|s| html! {
                        <li><code>{ s.value }</code>{ " at " }<code>{ vector::dynamo::show(&s.version()) }</code></li>
                    }) }
                </ul>
            </div>
        }
    });
    let next = if dy.done() {
        html! {
            <button type="button" class="dl-btn" data-testid="dynamo-reset" onclick={d.reform(|_: MouseEvent| Action::DynamoReset)}>{ "Start the story again" }</button>
        }
    } else if dy.step == vector::dynamo::STEPS.len() - 1 {
        html! {
            <>
                <button type="button" class="dl-btn dl-btn-primary" data-testid="dynamo-keep-v2" data-focus-key="dynamo-next"
                    onclick={d.reform(|_: MouseEvent| Action::Dynamo("https://v2.com"))}>{ "Resolve: keep v2" }</button>
                <button type="button" class="dl-btn dl-btn-primary" data-testid="dynamo-keep-v3"
                    onclick={d.reform(|_: MouseEvent| Action::Dynamo("https://v3.com"))}>{ "Resolve: keep v3" }</button>
            </>
        }
    } else {
        html! {
            <button type="button" class="dl-btn dl-btn-primary" data-testid="dynamo-next" data-focus-key="dynamo-next"
                onclick={d.reform(|_: MouseEvent| Action::Dynamo(""))}>{ vector::dynamo::STEPS[dy.step] }</button>
        }
    };
    html! {
        <div class="clk-panel">
            <h4>{ "Dynamo: one key, two servers, two clients" }</h4>
            <div class="clk-replicas">{ for replicas }</div>
            <p data-testid="dynamo-said">{ dy.said.clone() }</p>
            <div class="dl-controls">{ next }</div>
        </div>
    }
}

fn wall_panel(m: &Model, d: &Callback<Action>, wall: &[i64]) -> Html {
    let x = &m.run.x;
    let bad = logical::model::contradictions(x, wall);
    let sliders = x.names().iter().enumerate().map(|(p, n)| {
        let skew = m.skews.get(p).copied().unwrap_or(0);
        let d = d.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) {
                if let Ok(v) = i.value().parse::<i64>() {
                    d.emit(Action::Skew(p, v));
                }
            }
        });
        let sign = if skew > 0 { "+" } else { "" };
        html! {
            <label class="clk-skew">
                <span>{ format!("{n}'s clock {sign}{skew} ms") }</span>
                <input type="range" min={(-logical::model::MAX_SKEW_MS).to_string()} max={logical::model::MAX_SKEW_MS.to_string()}
                    step="1" value={skew.to_string()} data-testid={format!("skew-{p}")}
                    aria-label={format!("{n}'s clock skew in milliseconds")} {oninput} />
            </label>
        }
    });
    let verdict = if bad.is_empty() {
        "No message arrives before it was sent by these clocks, this time.".to_string()
    } else {
        let (s, r) = bad[0];
        format!(
            "{} of {} messages look impossible: {} is stamped {}, after {} ({}) that it caused.",
            bad.len(),
            x.messages().count(),
            x.events()[s].label,
            logical::model::clock_text(wall[s]),
            x.events()[r].label,
            logical::model::clock_text(wall[r]),
        )
    };
    html! {
        <div class="clk-panel">
            <h4>{ "The servers' clocks" }</h4>
            <div class="clk-skews">{ for sliders }</div>
            <p data-testid="clock-verdict">{ verdict }</p>
            <button type="button" class="dl-btn" data-testid="show-pair" onclick={d.reform(|_: MouseEvent| Action::ShowPair)}>{ "Pick a contradicted message" }</button>
        </div>
    }
}

fn shiviz_box(m: &Model, d: &Callback<Action>) -> Html {
    let oninput = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                d.emit(Action::Run(RunAction::LogText(t.value())));
            }
        })
    };
    html! {
        <details class="clk-log">
            <summary>{ "ShiViz log: export this run, or paste a log" }</summary>
            <p class="dl-muted">{ "Two lines per event: its description, then the host and its vector clock as JSON, e.g. " }<code>{ "B {\"A\":1, \"B\":2}" }</code>{ "." }</p>
            <textarea data-testid="log" rows="6" aria-label="ShiViz log" value={m.run.log.clone()} {oninput} spellcheck="false" />
            <div class="dl-controls">
                <button type="button" class="dl-btn" data-testid="log-export" onclick={d.reform(|_: MouseEvent| Action::Run(RunAction::Export))}>{ "Export this run" }</button>
                <button type="button" class="dl-btn" data-testid="log-import" onclick={d.reform(|_: MouseEvent| Action::Run(RunAction::Import))}>{ "Draw this log" }</button>
            </div>
            if let Some((ok, note)) = &m.run.log_note {
                <p class={classes!("clk-log-note", (!ok).then_some("clk-bad"))} data-testid="log-note" role="status">{ note.clone() }</p>
            }
        </details>
    }
}
