//! The view: the incident picker, the steps, the alert with its chart, what each solved
//! step found, and the current step's choices. Everything but the picker is HTML text
//! (see [`crate::shared::view`]); the choices are buttons handled by one delegated
//! listener.

use super::model::{Action, Investigation, Rule, CASE_FAULTS, FAULT_AT_US, STEPS};
use crate::shared::view::{bar, chart, delegate, esc, raw, span_bar, Chart};
use crate::shared::{fault_name, percent, secs};
use distlab_core::observability::telemetry::SpanStatus;
use distlab_kit::controls::{live_region, on_select_index, option_messages};
use distlab_kit::numfmt::fixed;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The whole widget.
pub fn widget(m: &Investigation, d: &Callback<Action>) -> Html {
    let on_fault = {
        let d = d.clone();
        on_select_index(move |i| d.emit(Action::Fault(i)))
    };
    let on_click = {
        let d = d.clone();
        delegate(move |act, i, el| {
            if act == "pick" {
                // The choices are redrawn as HTML text after a pick, so the button a
                // keyboard reader pressed goes away: focus moves to the box around the
                // current step, which stays (Tab then reaches its choices).
                if let Some(b) = el
                    .closest(".dlo-cur")
                    .ok()
                    .flatten()
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = b.focus();
                }
                d.emit(Action::Pick(i))
            }
        })
    };
    let mut body =
        String::from("<ol class=\"dlo-steps\" aria-label=\"The investigation's steps\">");
    // The five steps the title counts ("Step 2 of 5"); the last entry of STEPS is the
    // end state, shown when all five are done.
    for (i, s) in STEPS[..5].iter().enumerate() {
        body += &format!(
            "<li class=\"{}\"{}>{s}</li>",
            if i < m.step {
                "dlo-done"
            } else if i == m.step {
                "dlo-now"
            } else {
                ""
            },
            if i == m.step {
                " aria-current=\"step\""
            } else {
                ""
            }
        );
    }
    body += "</ol>";
    body += &alert(m);
    body += &trail(m);
    html! {
        <div class="dlo" data-widget="obs-investigation-flow-widget" onclick={on_click}>
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
            { raw(body) }
            <div class="dlo-cur" tabindex="-1" data-testid="current">{ raw(current(m)) }</div>
            { live_region(m.said.clone()) }
        </div>
    }
}

fn alert(m: &Investigation) -> String {
    let c = &m.case;
    let end = c.alert_us as f64 / 1e6;
    let (threshold, fmt): (f64, fn(f64) -> String) = match c.rule {
        Rule::P99(s) => (s, secs),
        Rule::Errors(r) => (r, percent),
    };
    let top = c.series.iter().map(|p| p.1).fold(threshold * 1.2, f64::max) * 1.1;
    let name = match c.rule {
        Rule::P99(_) => "p99 latency",
        Rule::Errors(_) => "error ratio",
    };
    let svg = chart(&Chart {
        label: format!(
            "The {name} over 30 s windows until the alert fired at {}.",
            fmt(c.alert_value)
        ),
        lines: &[(&c.series, "dlo-l-p99")],
        x: (0.0, end),
        y_max: top,
        y_ticks: &[(0.0, "0".into()), (top / 1.1, fmt(top / 1.1))],
        x_ticks: &[(0.0, "0 s".into()), (end, format!("{} s", fixed(end, 0)))],
        threshold: Some((threshold, fmt(threshold))),
        bands: &[(FAULT_AT_US as f64 / 1e6, end)],
    });
    format!(
        "<section class=\"dlo-alert\" aria-label=\"The alert\"><p class=\"dlo-alert-h\" data-testid=\"alert\">{}</p><figure class=\"dlo-fig\">{svg}<figcaption class=\"dlo-legend\"><span class=\"dlo-key dlo-k-p99\">{name}</span><span class=\"dlo-key dlo-k-band\">the incident (unknown to you yet)</span></figcaption></figure><p class=\"dlo-sub\"><code>{}</code></p></section>",
        esc(&m.alert_text()),
        esc(&c.rule.text())
    )
}

fn trail(m: &Investigation) -> String {
    if m.trail.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<ol class=\"dlo-trail\" data-testid=\"trail\" aria-label=\"What you found\">",
    );
    for (i, t) in m.trail.iter().enumerate() {
        s += &format!(
            "<li><strong>{}: </strong>{}",
            ["Traces", "Trace", "Span", "Logs", "Root cause"]
                .get(i)
                .copied()
                .unwrap_or(""),
            esc(t)
        );
        if i == 3 {
            s += "<div class=\"dl-scrollbox dlo-log-box\" tabindex=\"0\" role=\"region\" aria-label=\"The trace's log lines\"><ol class=\"dlo-log\" data-testid=\"trace-logs\">";
            for l in m.trace_logs() {
                s += &format!("<li class=\"dlo-log-l\">{}</li>", esc(&l.to_json()));
            }
            s += "</ol></div>";
        }
        s += "</li>";
    }
    s += "</ol>";
    s
}

fn current(m: &Investigation) -> String {
    if m.step >= 5 {
        return format!(
            "<section class=\"dlo-solved\" aria-label=\"Solved\"><p class=\"dlo-h\" data-testid=\"root-cause\">Root cause: {}</p><p class=\"dlo-sub\">Five steps, {} wrong pick{}: the metric surfaced the symptom, the trace located the service and the operation, the logs gave the exact context.</p></section>",
            esc(&m.root_cause()),
            m.wrong,
            if m.wrong == 1 { "" } else { "s" }
        );
    }
    let latency = matches!(m.case.rule, Rule::P99(_));
    let prompt = match (m.step, latency) {
        (0, _) => "What do you do first?",
        (1, true) => "Traces kept in the alert window, in the order they ended. Open a slow one.",
        (1, false) => {
            "Traces kept in the alert window, in the order they ended. Open a failed one."
        }
        (2, true) => "The trace's waterfall. Which span is the slow part?",
        (2, false) => "The trace's waterfall. Where did the failure start?",
        (3, _) => "You know the request and the span. Which log query tells you more?",
        _ => "What is the root cause?",
    };
    let mut s = format!(
        "<section class=\"dlo-step\" aria-label=\"The current step\"><h3 class=\"dlo-h\" data-testid=\"step-title\">Step {} of 5 · {}</h3><p class=\"dlo-sub\">{prompt}</p><ul class=\"dlo-picks\">",
        m.step + 1,
        STEPS[m.step]
    );
    let choices = m.choices();
    let max = m
        .case
        .listed
        .iter()
        .map(|r| r.duration_us())
        .max()
        .unwrap_or(1)
        .max(1);
    for (i, c) in choices.iter().enumerate() {
        let (class, data, extra) = match (m.step, &m.trace) {
            (1, _) => {
                let r = &m.case.listed[i];
                (
                    "dlo-pick",
                    format!(" data-us=\"{}\"", r.duration_us()),
                    bar(
                        0.0,
                        r.duration_us() as f64 * 100.0 / max as f64,
                        if r.is_error() { "dlo-bar-err" } else { "" },
                    ),
                )
            }
            (2, Some(t)) => (
                "dlo-pick dlo-pick-span",
                format!(" data-own-us=\"{}\"", t.self_us[i]),
                span_bar(t, i, false),
            ),
            _ => ("dlo-pick", String::new(), String::new()),
        };
        let (pad, err) = match (m.step, &m.trace) {
            (2, Some(t)) => (
                t.depth[i] * 10,
                !matches!(t.spans[i].status, SpanStatus::Unset),
            ),
            _ => (0, false),
        };
        s += &format!(
            "<li><button type=\"button\" class=\"{class}\" data-testid=\"pick-{i}\" data-act=\"pick\" data-i=\"{i}\"{data}><span style=\"padding-left:{pad}px\">{}{}</span>{extra}</button></li>",
            esc(&c.text),
            if err { "<span class=\"dlo-err-tag\"> ✕ ERROR</span>" } else { "" }
        );
    }
    s += "</ul>";
    if let Some(h) = &m.hint {
        s += &format!(
            "<p class=\"dlo-hint\" data-testid=\"hint\">Hint: {}</p>",
            esc(h)
        );
    }
    s += "</section>";
    s
}
