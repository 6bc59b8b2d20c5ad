//! The view: controls and faults, then the three pillars side by side (stacked on a
//! phone): the log tail, the metric panels with their chart and exposition text, and the
//! kept traces.

use super::model::{Action, LogFilter, Pillars, Point, HISTORY, P99_ALERT_S, SLOW_US};
use crate::shared::view::{chart, Line};
use crate::shared::{
    clock, exposition, fault_key, fault_name, ms, percent, secs, short, Tree, FAULTS,
};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::Level;
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use distlab_kit::numfmt::{fixed, grouped};
use distlab_kit::scrollbox::ScrollBox;
use yew::prelude::*;

/// Milliseconds per simulated second at 1×.
pub const STEP_MS: f64 = 700.0;

/// The whole widget.
pub fn widget(m: &Pillars, d: &Callback<Action>) -> Html {
    let now_us = m.sim.0.borrow().now_us();
    html! {
        <div class="dlo" data-widget="obs-three-pillars-widget">
            { option_messages(&m.messages) }
            <p class="dlo-note">{ format!(
                "One stream of requests to the URL shortener ({} a second, seed {}): api-gateway → redirect-service → Redis, and PostgreSQL on a cache miss. Each request is recorded once; its log lines, its counter and histogram updates and its spans are all read from that one record.",
                grouped(u64::from(m.rps)), m.seed) }</p>
            <PlayControls playing={m.playing} label="Simulation"
                on_toggle={d.reform(|()| Action::Toggle)} on_step={d.reform(|()| Action::Step)}
                on_reset={d.reform(|()| Action::Reset)} speed={Some(m.speed)} on_speed={d.reform(Action::Speed)} />
            <div class="dlo-faults" role="group" aria-label="Inject a fault (each button switches one on or off)">
                <span class="dlo-faults-h">{ "Inject: " }</span>
                { for FAULTS.iter().enumerate().map(|(i, f)| html! {
                    <button type="button" class={classes!("dl-btn", m.active[i].then_some("dlo-on"))}
                        data-testid={format!("fault-{}", fault_key(*f))} aria-pressed={m.active[i].to_string()}
                        title={crate::shared::fault_help(*f)} onclick={d.reform(move |_| Action::Fault(i))}>
                        { fault_name(*f) }
                    </button>
                }) }
            </div>
            <p class="dlo-status">
                <span data-testid="clock">{ format!("Simulated time {} UTC", clock(now_us)) }</span>
                if m.p99_alert { <span class="dl-badge dl-badge-bad">{ "ALERT p99 > 500 ms" }</span> }
                if m.error_alert { <span class="dl-badge dl-badge-bad">{ "ALERT errors > 1 %" }</span> }
                if !m.p99_alert && !m.error_alert { <span class="dl-badge dl-badge-ok">{ "no alert" }</span> }
            </p>
            <div class="dlo-grid">
                { metrics(m, d) }
                { logs(m, d) }
                { traces(m) }
            </div>
            { live_region(m.said.clone()) }
        </div>
    }
}

fn tile(name: &str, value: String, testid: &str, bad: bool, data_ms: Option<String>) -> Html {
    html! {
        <div class={classes!("dlo-tile", bad.then_some("dlo-tile-bad"))} data-testid={testid.to_string()} data-ms={data_ms}>
            <span class="dlo-tile-n">{ name }</span>
            <span class="dlo-tile-v">{ value }</span>
        </div>
    }
}

fn metrics(m: &Pillars, d: &Callback<Action>) -> Html {
    let p = m.latest().copied().unwrap_or(Point {
        t_s: 0.0,
        rate: 0.0,
        errors: 0.0,
        p: [f64::NAN; 3],
    });
    let util = m.sim.0.borrow().metrics().db_utilization;
    let p99_ms = if p.p[2].is_nan() {
        0
    } else {
        (p.p[2] * 1000.0) as u64
    };
    html! {
        <section class="dlo-pillar" aria-label="Metrics">
            <h3 class="dlo-h">{ "Metrics: how is it behaving?" }</h3>
            <p class="dlo-sub">{ "Golden signals over the last 10 s, from the scraped counters and gateway latency buckets" }</p>
            <div class="dlo-tiles">
                { tile("Traffic", format!("{} req/s", fixed(p.rate, 0)), "metric-rate", false, None) }
                { tile("Errors", percent(p.errors), "metric-errors", m.error_alert, None) }
                { tile("Saturation (DB)", percent(util), "metric-util", util > 0.8, None) }
                { tile("p50", secs(p.p[0]), "metric-p50", false, None) }
                { tile("p95", secs(p.p[1]), "metric-p95", p.p[1] > P99_ALERT_S, None) }
                { tile("p99", secs(p.p[2]), "metric-p99", m.p99_alert, Some(p99_ms.to_string())) }
            </div>
            { latency_chart(m) }
            <p class="dlo-sub">{ "p99 = histogram_quantile(0.99, increase(http_request_duration_seconds_bucket{service=\"api-gateway\"}[10s])): a straight-line guess inside the bucket the rank falls in." }</p>
            <button type="button" class="dl-btn" data-testid="exposition-toggle" aria-expanded={m.show_text.to_string()}
                onclick={d.reform(|_| Action::ToggleText)}>
                { if m.show_text { "Hide the /metrics text" } else { "Show the /metrics text" } }
            </button>
            if m.show_text {
                <p class="dlo-sub">{ "The post's metrics snippet is not a histogram Prometheus would accept: its buckets stop at le=\"0.1\" with no le=\"+Inf\" bucket and no _sum or _count, so histogram_quantile returns NaN for it; a real one ends like these (and a redirect answers 302, not 200)." }</p>
                <ScrollBox class="dlo-pre-box" label="Prometheus exposition text">
                    <pre class="dlo-pre" data-testid="exposition">{ exposition(&m.sim.0.borrow()) }</pre>
                </ScrollBox>
            }
        </section>
    }
}

fn latency_chart(m: &Pillars) -> Html {
    let now = m.now_s();
    let x0 = (now - HISTORY as f64).max(0.0);
    let pts = |k: usize| -> Vec<(f64, f64)> {
        m.history
            .iter()
            .filter(|p| !p.p[k].is_nan())
            .map(|p| (p.t_s, p.p[k]))
            .collect()
    };
    let (p50, p99) = (pts(0), pts(2));
    let top = p99.iter().map(|p| p.1).fold(0.6_f64, f64::max) * 1.1;
    let bands: Vec<(f64, f64)> = m
        .bands
        .iter()
        .map(|(_, a, b)| (*a, b.unwrap_or(now)))
        .collect();
    let label = format!(
        "Gateway latency over the last {} s: p99 now {}, p50 now {}; the dashed line is the 500 ms alert.",
        HISTORY,
        secs(m.latest().map_or(f64::NAN, |p| p.p[2])),
        secs(m.latest().map_or(f64::NAN, |p| p.p[0]))
    );
    html! {
        <figure class="dlo-fig">
            { chart(label, &[Line { points: &p50, class: "dlo-l-p50" }, Line { points: &p99, class: "dlo-l-p99" }],
                (x0, x0 + HISTORY as f64), top,
                &[(0.0, "0".into()), (top / 1.1, secs(top / 1.1))],
                &[(x0, clock((x0 * 1e6) as u64)), (now, clock((now * 1e6) as u64))],
                Some((P99_ALERT_S, "500 ms".into())), &bands) }
            <figcaption class="dlo-legend">
                <span class="dlo-key dlo-k-p99">{ "p99" }</span>
                <span class="dlo-key dlo-k-p50">{ "p50" }</span>
                <span class="dlo-key dlo-k-band">{ "fault on" }</span>
            </figcaption>
        </figure>
    }
}

fn logs(m: &Pillars, d: &Callback<Action>) -> Html {
    let t = m.sim.0.borrow();
    let all = t.recent_logs();
    let problems = all.iter().filter(|l| l.level != Level::Info).count();
    let shown: Vec<_> = all
        .iter()
        .filter(|l| m.logs == LogFilter::All || l.level != Level::Info)
        .collect();
    let tail = &shown[shown.len().saturating_sub(8)..];
    let on_filter = {
        let d = d.clone();
        distlab_kit::controls::on_select_index(move |i| {
            d.emit(Action::Logs(if i == 1 {
                LogFilter::Problems
            } else {
                LogFilter::All
            }))
        })
    };
    html! {
        <section class="dlo-pillar" aria-label="Logs">
            <h3 class="dlo-h">{ "Logs: what happened?" }</h3>
            <p class="dlo-sub">{ format!("{} lines from the last {} requests, {} of them WARN or ERROR", grouped(all.len() as u64), grouped(t.recent().count() as u64), problems) }</p>
            <label class="dl-field">{ "Show " }
                <select data-testid="log-filter" onchange={on_filter}>
                    <option value="0" selected={m.logs == LogFilter::All}>{ "every level" }</option>
                    <option value="1" selected={m.logs == LogFilter::Problems}>{ "WARN and ERROR" }</option>
                </select>
            </label>
            <ScrollBox class="dlo-log-box" label="Log tail, newest last">
                <ol class="dlo-log" data-testid="log-tail">
                    { for tail.iter().map(|l| html! {
                        <li class={classes!("dlo-log-l", match l.level { Level::Info => None, Level::Warn => Some("dlo-warn"), Level::Error => Some("dlo-err") })}>
                            { l.to_json() }
                        </li>
                    }) }
                    if tail.is_empty() { <li class="dlo-muted">{ "No WARN or ERROR lines among the recent requests." }</li> }
                </ol>
            </ScrollBox>
        </section>
    }
}

fn traces(m: &Pillars) -> Html {
    let t = m.sim.0.borrow();
    let kept: Vec<_> = t.kept().collect();
    let rows: Vec<_> = kept.iter().rev().take(8).collect();
    let max = rows
        .iter()
        .map(|r| r.duration_us())
        .max()
        .unwrap_or(1)
        .max(1);
    html! {
        <section class="dlo-pillar" aria-label="Traces">
            <h3 class="dlo-h">{ "Traces: where did the time go?" }</h3>
            <p class="dlo-sub">{ format!("Adaptive sampling keeps every error, every trace over 500 ms and 1 % of the rest: {} kept. Newest first:", grouped(kept.len() as u64)) }</p>
            <ol class="dlo-traces" data-testid="trace-list">
                { for rows.iter().map(|r| {
                    let slow = r.duration_us() >= SLOW_US;
                    let err = r.is_error();
                    let tree = Tree::new(r);
                    let at = if err { tree.error_origin().unwrap_or(0) } else { tree.slowest() };
                    let s = &tree.spans[at];
                    let w = r.duration_us() as f64 * 100.0 / max as f64;
                    html! {
                        <li class={classes!("dlo-trace", slow.then_some("dlo-slow"), err.then_some("dlo-error"))}
                            data-testid="trace-row" data-slow={slow.to_string()} data-error={err.to_string()}>
                            <span class="dlo-trace-h">
                                <code>{ short(&to_hex(&r.trace_id), 8) }</code>
                                { format!(" {} {} {} · ", clock(r.start_us), r.route.method(), r.status) }
                                <strong>{ ms(r.duration_us()) }</strong>
                            </span>
                            <span class="dlo-track" aria-hidden="true"><span class={classes!("dlo-bar", slow.then_some("dlo-bar-slow"), err.then_some("dlo-bar-err"))} style={format!("left:0;width:{}%", fixed(w.max(0.5), 1))}></span></span>
                            <span class="dlo-trace-w">{ format!("{} {} in {} ({} own time)", if err { "failed at" } else { "most time:" }, s.name, s.service, ms(tree.self_us[at])) }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
