//! The view: controls and faults, then the three pillars side by side (stacked on a
//! phone): the metric panels with their chart and exposition text, the log tail, and the
//! kept traces. Non-interactive parts are HTML text (see [`crate::shared::view`]).

use super::model::{Action, LogFilter, Pillars, Point, HISTORY, P99_ALERT_S, SLOW_US};
use crate::shared::view::{bar, chart, esc, raw, Chart};
use crate::shared::{
    clock, exposition, fault_key, fault_name, ms, percent, secs, short, Tree, FAULTS,
};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::{Level, LogRecord};
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use distlab_kit::numfmt::{fixed, grouped};
use yew::prelude::*;

/// Milliseconds per simulated second at 1×.
pub const STEP_MS: f64 = 700.0;

/// The whole widget.
pub fn widget(m: &Pillars, d: &Callback<Action>) -> Html {
    let now_us = m.sim.0.borrow().now_us();
    let badges = match (m.p99_alert, m.error_alert) {
        (false, false) => "<span class=\"dl-badge dl-badge-ok\">no alert</span>".to_string(),
        (p, e) => format!(
            "{}{}",
            if p {
                "<span class=\"dl-badge dl-badge-bad\">ALERT p99 &gt; 500 ms</span>"
            } else {
                ""
            },
            if e {
                "<span class=\"dl-badge dl-badge-bad\">ALERT errors &gt; 1 %</span>"
            } else {
                ""
            }
        ),
    };
    html! {
        <div class="dlo" data-widget="obs-three-pillars-widget">
            { option_messages(&m.messages) }
            <p class="dlo-note">{ format!(
                "One request stream of the URL shortener ({}/s, seed {}): api-gateway → redirect-service → Redis, PostgreSQL on a cache miss. Each request is recorded once; its logs, metrics and spans below are all read from that record.",
                grouped(u64::from(m.rps)), m.seed) }</p>
            <PlayControls playing={m.playing} label="Simulation"
                on_toggle={d.reform(|()| Action::Toggle)} on_step={d.reform(|()| Action::Step)}
                on_reset={d.reform(|()| Action::Reset)} speed={Some(m.speed)} on_speed={d.reform(Action::Speed)} />
            <div class="dlo-faults" role="group" aria-label="Inject a fault (each button switches one on or off)">
                <span class="dlo-faults-h">{ "Inject: " }</span>
                { for FAULTS.iter().enumerate().map(|(i, f)| html! {
                    <button type="button" class={if m.active[i] { "dl-btn dlo-on" } else { "dl-btn" }}
                        data-testid={format!("fault-{}", fault_key(*f))} aria-pressed={m.active[i].to_string()}
                        title={crate::shared::fault_help(*f)} onclick={d.reform(move |_| Action::Fault(i))}>
                        { fault_name(*f) }
                    </button>
                }) }
            </div>
            { raw(format!("<p class=\"dlo-status\"><span data-testid=\"clock\">Simulated time {} UTC</span>{badges}</p>", clock(now_us))) }
            <div class="dlo-grid">
                { metrics(m, d) }
                { logs(m, d) }
                { raw(traces(m)) }
            </div>
            { live_region(m.said.clone()) }
        </div>
    }
}

fn tile(out: &mut String, name: &str, value: &str, testid: &str, bad: bool, data_ms: Option<u64>) {
    out.push_str(&format!(
        "<div class=\"dlo-tile{}\" data-testid=\"{testid}\"{}><span class=\"dlo-tile-n\">{name}</span><span class=\"dlo-tile-v\">{value}</span></div>",
        if bad { " dlo-tile-bad" } else { "" },
        data_ms.map_or(String::new(), |v| format!(" data-ms=\"{v}\""))
    ));
}

fn metrics_text(m: &Pillars) -> String {
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
    let mut s = String::from("<h3 class=\"dlo-h\">Metrics: how is it behaving?</h3><p class=\"dlo-sub\">Golden signals over the last 10 s, from the scraped counters and the gateway's latency buckets</p><div class=\"dlo-tiles\">");
    tile(
        &mut s,
        "Traffic",
        &format!("{} req/s", fixed(p.rate, 0)),
        "metric-rate",
        false,
        None,
    );
    tile(
        &mut s,
        "Errors",
        &percent(p.errors),
        "metric-errors",
        m.error_alert,
        None,
    );
    tile(
        &mut s,
        "Saturation (DB)",
        &percent(util),
        "metric-util",
        util > 0.8,
        None,
    );
    tile(&mut s, "p50", &secs(p.p[0]), "metric-p50", false, None);
    tile(
        &mut s,
        "p95",
        &secs(p.p[1]),
        "metric-p95",
        p.p[1] > P99_ALERT_S,
        None,
    );
    tile(
        &mut s,
        "p99",
        &secs(p.p[2]),
        "metric-p99",
        m.p99_alert,
        Some(p99_ms),
    );
    s += "</div>";
    s += &latency_chart(m);
    s += "<p class=\"dlo-sub\">p99 = histogram_quantile(0.99, increase(http_request_duration_seconds_bucket{service=\"api-gateway\"}[10s])): a straight-line guess inside the bucket the rank falls in.</p>";
    s
}

fn metrics(m: &Pillars, d: &Callback<Action>) -> Html {
    html! {
        <section class="dlo-pillar" aria-label="Metrics">
            { raw(metrics_text(m)) }
            <button type="button" class="dl-btn" data-testid="exposition-toggle" aria-expanded={m.show_text.to_string()}
                onclick={d.reform(|_| Action::ToggleText)}>
                { if m.show_text { "Hide the /metrics text" } else { "Show the /metrics text" } }
            </button>
            if m.show_text {
                <p class="dlo-sub">{ "The post's metrics snippet is not a histogram Prometheus would accept: no le=\"+Inf\" bucket and no _sum or _count, so histogram_quantile gives NaN for it; a real one ends as below (and a redirect answers 302, not 200)." }</p>
                <div class="dl-scrollbox dlo-pre-box" tabindex="0" role="region" aria-label="Prometheus exposition text">
                    <pre class="dlo-pre" data-testid="exposition">{ exposition(&m.sim.0.borrow()) }</pre>
                </div>
            }
        </section>
    }
}

fn latency_chart(m: &Pillars) -> String {
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
    let last = |k: usize| secs(m.latest().map_or(f64::NAN, |p| p.p[k]));
    let svg = chart(&Chart {
        label: format!(
            "Gateway latency over the last {HISTORY} s: p99 now {}, p50 now {}; the dashed line is the 500 ms alert.",
            last(2),
            last(0)
        ),
        lines: &[(&p50, "dlo-l-p50"), (&p99, "dlo-l-p99")],
        x: (x0, x0 + HISTORY as f64),
        y_max: top,
        y_ticks: &[(0.0, "0".into()), (top / 1.1, secs(top / 1.1))],
        x_ticks: &[(x0, clock((x0 * 1e6) as u64)), (x0 + HISTORY as f64, clock(((x0 + HISTORY as f64) * 1e6) as u64))],
        threshold: Some((P99_ALERT_S, "500 ms".into())),
        bands: &bands,
    });
    format!("<figure class=\"dlo-fig\">{svg}<figcaption class=\"dlo-legend\"><span class=\"dlo-key dlo-k-p99\">p99</span><span class=\"dlo-key dlo-k-p50\">p50</span><span class=\"dlo-key dlo-k-band\">fault on</span></figcaption></figure>")
}

fn logs(m: &Pillars, d: &Callback<Action>) -> Html {
    let t = m.sim.0.borrow();
    let all: Vec<LogRecord> = t.recent().flat_map(|r| r.logs()).collect();
    let problems = all.iter().filter(|l| l.level != Level::Info).count();
    let tail = last_lines(&all, m.logs == LogFilter::Problems, 8);
    let problems_only = m.logs == LogFilter::Problems;
    let mut lines = String::from("<ol class=\"dlo-log\" data-testid=\"log-tail\">");
    for l in &tail {
        let class = match l.level {
            Level::Info => "",
            Level::Warn => " dlo-warn",
            Level::Error => " dlo-err",
        };
        lines += &format!("<li class=\"dlo-log-l{class}\">{}</li>", esc(&l.to_json()));
    }
    if tail.is_empty() {
        lines += "<li class=\"dlo-muted\">No WARN or ERROR lines among the recent requests.</li>";
    }
    lines += "</ol>";
    html! {
        <section class="dlo-pillar" aria-label="Logs">
            <h3 class="dlo-h">{ "Logs: what happened?" }</h3>
            <p class="dlo-sub">{ format!("{} lines from the last {} requests, {} of them WARN or ERROR", grouped(all.len() as u64), grouped(t.recent().count() as u64), problems) }</p>
            <button type="button" class="dl-btn" data-testid="log-filter" aria-pressed={(m.logs == LogFilter::Problems).to_string()}
                onclick={d.reform(move |_| Action::Logs(if problems_only { LogFilter::All } else { LogFilter::Problems }))}>
                { "Only WARN and ERROR" }
            </button>
            <div class="dl-scrollbox dlo-log-box" tabindex="0" role="region" aria-label="Log tail, newest last">{ raw(lines) }</div>
        </section>
    }
}

/// The last `n` lines by time (WARN and ERROR only if `problems`), oldest first: picked by
/// scanning rather than sorting (a sort instantiation costs the module kilobytes).
fn last_lines(all: &[LogRecord], problems: bool, n: usize) -> Vec<&LogRecord> {
    let mut taken = vec![false; all.len()];
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let next = (0..all.len())
            .filter(|&i| !taken[i] && (!problems || all[i].level != Level::Info))
            .max_by_key(|&i| (all[i].time_us, i));
        let Some(i) = next else { break };
        taken[i] = true;
        out.push(&all[i]);
    }
    out.reverse();
    out
}

fn traces(m: &Pillars) -> String {
    let t = m.sim.0.borrow();
    let kept: Vec<_> = t.kept().collect();
    let max = kept
        .iter()
        .rev()
        .take(8)
        .map(|r| r.duration_us())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut s = format!(
        "<section class=\"dlo-pillar\" aria-label=\"Traces\"><h3 class=\"dlo-h\">Traces: where did the time go?</h3><p class=\"dlo-sub\">Adaptive sampling keeps every error, every trace over 500 ms and 1 % of the rest: {} kept. The last to finish first (each with its start time):</p><ol class=\"dlo-traces\" data-testid=\"trace-list\">",
        grouped(kept.len() as u64)
    );
    for r in kept.iter().rev().take(8) {
        let slow = r.duration_us() >= SLOW_US;
        let err = r.is_error();
        let tree = Tree::new(r);
        let at = if err {
            tree.error_origin().unwrap_or(0)
        } else {
            tree.slowest()
        };
        let sp = &tree.spans[at];
        s += &format!(
            "<li class=\"dlo-trace{}{}\" data-testid=\"trace-row\" data-slow=\"{slow}\" data-error=\"{err}\"><span class=\"dlo-trace-h\"><code>{}</code> {} {} {} · <strong>{}</strong></span>{}<span class=\"dlo-trace-w\">{} {} in {} ({} own time)</span></li>",
            if slow { " dlo-slow" } else { "" },
            if err { " dlo-error" } else { "" },
            short(&to_hex(&r.trace_id), 8),
            clock(r.start_us),
            r.route.method(),
            r.status,
            ms(r.duration_us()),
            bar(0.0, r.duration_us() as f64 * 100.0 / max as f64, if err { "dlo-bar-err" } else if slow { "dlo-bar-slow" } else { "" }),
            if err { "failed at" } else { "most time:" },
            esc(sp.name),
            esc(sp.service),
            ms(tree.self_us[at])
        );
    }
    s += "</ol></section>";
    s
}
