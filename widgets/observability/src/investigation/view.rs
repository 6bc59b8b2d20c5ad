//! The view: the incident picker, the steps, the alert with its chart, what each solved
//! step found, and the current step's choices.

use super::model::{Action, Investigation, Rule, CASE_FAULTS, FAULT_AT_US, STEPS};
use crate::shared::view::{chart, span_bar, Line};
use crate::shared::{fault_name, percent, secs};
use distlab_kit::controls::{live_region, on_select_index, option_messages};
use distlab_kit::numfmt::fixed;
use distlab_kit::scrollbox::ScrollBox;
use yew::prelude::*;

/// The whole widget.
pub fn widget(m: &Investigation, d: &Callback<Action>) -> Html {
    let on_fault = {
        let d = d.clone();
        on_select_index(move |i| d.emit(Action::Fault(i)))
    };
    html! {
        <div class="dlo" data-widget="obs-investigation-flow-widget">
            { option_messages(&m.messages) }
            <div class="dl-settings" role="group" aria-label="Which incident">
                <label class="dl-field">{ "Incident " }
                    <select data-testid="case-fault" onchange={on_fault}>
                        { for CASE_FAULTS.iter().enumerate().map(|(i, f)| html! {
                            <option value={i.to_string()} selected={*f == m.case.fault}>{ fault_name(*f) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="dl-btn" data-testid="new-incident" onclick={d.reform(|_| Action::NewSeed)}
                    aria-label={format!("Another incident (seed now {})", m.case.seed)}>{ format!("Another incident ↻ (seed {})", m.case.seed) }</button>
                <button type="button" class="dl-btn" data-testid="restart" onclick={d.reform(|_| Action::Restart)}>{ "↺ Start over" }</button>
            </div>
            <ol class="dlo-steps" aria-label="The investigation's steps">
                { for STEPS.iter().enumerate().map(|(i, s)| html! {
                    <li class={classes!((i < m.step).then_some("dlo-done"), (i == m.step).then_some("dlo-now"))}
                        aria-current={(i == m.step).then_some("step")}>{ *s }</li>
                }) }
            </ol>
            { alert(m) }
            { trail(m) }
            { current(m, d) }
            { live_region(m.said.clone()) }
        </div>
    }
}

fn alert(m: &Investigation) -> Html {
    let c = &m.case;
    let end = c.alert_us as f64 / 1e6;
    let (threshold, label, fmt): (f64, String, fn(f64) -> String) = match c.rule {
        Rule::P99(s) => (s, secs(s), secs),
        Rule::Errors(r) => (r, percent(r), percent),
    };
    let top = c.series.iter().map(|p| p.1).fold(threshold * 1.2, f64::max) * 1.1;
    let name = match c.rule {
        Rule::P99(_) => "p99 latency",
        Rule::Errors(_) => "error ratio",
    };
    html! {
        <section class="dlo-alert" aria-label="The alert">
            <p class="dlo-alert-h" data-testid="alert">{ m.alert_text() }</p>
            <figure class="dlo-fig">
                { chart(format!("The {name} over 30 s windows until the alert fired at {}.", fmt(c.alert_value)),
                    &[Line { points: &c.series, class: "dlo-l-p99" }], (0.0, end), top,
                    &[(0.0, "0".into()), (top / 1.1, fmt(top / 1.1))],
                    &[(0.0, "0 s".into()), (end, format!("{} s", fixed(end, 0)))],
                    Some((threshold, label)), &[(FAULT_AT_US as f64 / 1e6, end)]) }
                <figcaption class="dlo-legend">
                    <span class="dlo-key dlo-k-p99">{ name }</span>
                    <span class="dlo-key dlo-k-band">{ "the incident (unknown to you yet)" }</span>
                </figcaption>
            </figure>
            <p class="dlo-sub"><code>{ c.rule.text() }</code></p>
        </section>
    }
}

fn trail(m: &Investigation) -> Html {
    if m.trail.is_empty() {
        return html! {};
    }
    html! {
        <ol class="dlo-trail" data-testid="trail" aria-label="What you found">
            { for m.trail.iter().enumerate().map(|(i, t)| html! {
                <li>
                    <strong>{ format!("{}: ", ["Traces", "Trace", "Span", "Logs", "Root cause"].get(i).copied().unwrap_or("")) }</strong>{ t.clone() }
                    if i == 3 {
                        <ScrollBox class="dlo-log-box" label="The trace's log lines">
                            <ol class="dlo-log" data-testid="trace-logs">
                                { for m.trace_logs().iter().map(|l| html! { <li class="dlo-log-l">{ l.to_json() }</li> }) }
                            </ol>
                        </ScrollBox>
                    }
                </li>
            }) }
        </ol>
    }
}

fn current(m: &Investigation, d: &Callback<Action>) -> Html {
    if m.step >= 5 {
        return html! {
            <section class="dlo-solved" aria-label="Solved">
                <p class="dlo-h" data-testid="root-cause">{ format!("Root cause: {}", m.root_cause()) }</p>
                <p class="dlo-sub">{ format!("Five steps, {} wrong pick{}: the metric surfaced the symptom, the trace located the service and the operation, the logs gave the exact context.", m.wrong, if m.wrong == 1 { "" } else { "s" }) }</p>
            </section>
        };
    }
    let prompt = match m.step {
        0 => "What do you do first?".to_string(),
        1 => match m.case.rule {
            Rule::P99(_) => {
                "Traces kept in the alert window, in time order. Open a slow one.".to_string()
            }
            Rule::Errors(_) => {
                "Traces kept in the alert window, in time order. Open a failed one.".to_string()
            }
        },
        2 => match m.case.rule {
            Rule::P99(_) => "The trace's waterfall. Which span is the slow part?".to_string(),
            Rule::Errors(_) => "The trace's waterfall. Where did the failure start?".to_string(),
        },
        3 => "You know the request and the span. Which log query tells you more?".to_string(),
        _ => "What is the root cause?".to_string(),
    };
    let choices = m.choices();
    let pick = |i: usize| d.reform(move |_| Action::Pick(i));
    let body = match m.step {
        1 => {
            let max = m
                .case
                .listed
                .iter()
                .map(|r| r.duration_us())
                .max()
                .unwrap_or(1)
                .max(1);
            html! {
                <ul class="dlo-picks dlo-picks-traces">
                    { for m.case.listed.iter().zip(&choices).enumerate().map(|(i, (r, c))| {
                        let w = r.duration_us() as f64 * 100.0 / max as f64;
                        html! {
                            <li><button type="button" class="dlo-pick" data-testid={format!("pick-{i}")} data-us={r.duration_us().to_string()} onclick={pick(i)}>
                                <span>{ c.text.clone() }</span>
                                <span class="dlo-track" aria-hidden="true"><span class={classes!("dlo-bar", r.is_error().then_some("dlo-bar-err"))} style={format!("left:0;width:{}%", fixed(w.max(0.5), 1))}></span></span>
                            </button></li>
                        }
                    }) }
                </ul>
            }
        }
        2 => match &m.trace {
            Some(t) => html! {
                <ul class="dlo-picks">
                    { for choices.iter().enumerate().map(|(i, c)| html! {
                        <li><button type="button" class="dlo-pick dlo-pick-span" data-testid={format!("pick-{i}")} data-own-us={t.self_us[i].to_string()} onclick={pick(i)}>
                            <span style={format!("padding-left:{}px", t.depth[i] * 10)}>{ c.text.clone() }
                                if !matches!(t.spans[i].status, distlab_core::observability::telemetry::SpanStatus::Unset) { <span class="dlo-err-tag">{ " ✕ ERROR" }</span> }
                            </span>
                            { span_bar(t, i, false) }
                        </button></li>
                    }) }
                </ul>
            },
            None => html! {},
        },
        _ => html! {
            <ul class="dlo-picks">
                { for choices.iter().enumerate().map(|(i, c)| html! {
                    <li><button type="button" class="dlo-pick" data-testid={format!("pick-{i}")} onclick={pick(i)}>{ c.text.clone() }</button></li>
                }) }
            </ul>
        },
    };
    html! {
        <section class="dlo-step" aria-label="The current step">
            <h3 class="dlo-h" data-testid="step-title">{ format!("Step {} of 5 · {}", m.step + 1, STEPS[m.step]) }</h3>
            <p class="dlo-sub">{ prompt }</p>
            { body }
            if let Some(h) = &m.hint {
                <p class="dlo-hint" data-testid="hint">{ format!("Hint: {h}") }</p>
            }
        </section>
    }
}
