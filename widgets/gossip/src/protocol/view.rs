//! The widget's view: settings, the cluster (a ring with every message for small N, a
//! grid of dots on a canvas for large N), the chart, the verdict, and the heartbeat
//! cluster with its φ table and chart.

use super::model::{
    duration, one_decimal, subscript, Formula, Heartbeats, Rumour, DEAD_PCT, FD_NODES, INTERVALS,
    LOSSES, RING_MAX, SIZES, THRESHOLDS,
};
use super::state::{Action, Hb, Model, Setting};
use distlab_core::gossip::rounds::Trials;
use distlab_core::gossip::Mode;
use distlab_kit::controls::{live_region, on_select_index, option_messages, PlayControls};
use distlab_kit::numfmt::{coord, grouped};
use distlab_kit::sim::ring::unit;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Milliseconds per rumour round at 1×.
pub const ROUND_MS: f64 = 700.0;
/// Milliseconds per heartbeat round at 1×.
pub const HB_ROUND_MS: f64 = 350.0;

/// The whole widget.
pub fn widget(m: &Model, d: &Callback<Action>) -> Html {
    html! {
        <div class="dlg">
            { option_messages(&m.messages) }
            { rumour_section(m, d) }
            { heartbeat_section(m, d) }
            { live_region(m.said.clone()) }
        </div>
    }
}

fn select<T: Copy + PartialEq>(
    label: &str,
    testid: &str,
    values: &[T],
    current: T,
    text: impl Fn(T) -> String,
    on: Callback<usize>,
) -> Html {
    let on = on_select_index(move |i| on.emit(i));
    html! {
        <label class="dl-field">{ label }
            <select data-testid={testid.to_string()} onchange={on}>
                { for values.iter().enumerate().map(|(i, v)| html! {
                    <option value={i.to_string()} selected={*v == current}>{ text(*v) }</option>
                }) }
            </select>
        </label>
    }
}

fn rumour_section(m: &Model, d: &Callback<Action>) -> Html {
    let r = &m.rumour;
    let s = r.settings;
    let set = |f: fn(usize) -> Setting| d.reform(move |i| Action::Set(f(i)));
    let fanouts: Vec<usize> = (1..=8).collect();
    let mode_text = |m: Mode| m.name().to_string();
    html! {
        <section class="dlg-part" aria-label="A rumour spreading">
            <h3 class="dlg-h">{ "1 · A rumour spreads" }</h3>
            <div class="dl-settings" role="group" aria-label="Gossip settings (a change starts a new run)">
                { select("Nodes N ", "set-nodes", &SIZES, s.nodes, |n| n.to_string(), set(|i| Setting::Nodes(SIZES[i.min(SIZES.len() - 1)]))) }
                { select("Fanout k ", "set-fanout", &fanouts, s.fanout, |k| k.to_string(), set(|i| Setting::Fanout(i + 1))) }
                { select("Exchange ", "set-mode", &Mode::ALL, s.mode, mode_text, set(|i| Setting::Mode(Mode::ALL[i.min(2)]))) }
                { select("Loss ", "set-loss", &LOSSES, s.loss, percent, set(|i| Setting::Loss(LOSSES[i.min(LOSSES.len() - 1)]))) }
                { select("Round every ", "set-interval", &INTERVALS, s.interval, duration, d.reform(|i: usize| Action::Set(Setting::Interval(INTERVALS[i.min(INTERVALS.len() - 1)])))) }
                { select("Down at start ", "set-dead", &DEAD_PCT, s.dead_pct, |p| format!("{p}%"), set(|i| Setting::Dead(DEAD_PCT[i.min(DEAD_PCT.len() - 1)]))) }
                <button type="button" class="dl-btn" data-testid="new-seed" onclick={d.reform(|_| Action::NewSeed)}
                    title="Run the same setting with the next seed">{ format!("New seed (now {})", s.seed) }</button>
            </div>
            <PlayControls playing={m.playing} finished={r.finished()} label="Rounds"
                on_toggle={d.reform(|()| Action::Toggle)} on_step={d.reform(|()| Action::Step)}
                on_reset={d.reform(|()| Action::Reset)} speed={Some(m.speed)} on_speed={d.reform(Action::Speed)} />
            <div class="dlg-grid">
                { cluster(r) }
                { chart(r) }
            </div>
            <p class="dlg-status" data-testid="round-status">{ r.round_text() }</p>
            <p class="dlg-verdict" data-testid="verdict">{ r.verdict() }</p>
            <p class="dlg-cost" data-testid="cost">{ cost(r) }</p>
        </section>
    }
}

fn percent(permille: u16) -> String {
    if permille.is_multiple_of(10) {
        format!("{}%", permille / 10)
    } else {
        format!("{}%", one_decimal(f64::from(permille) / 10.0))
    }
}

fn cost(r: &Rumour) -> String {
    let n = r.settings.nodes as u64;
    let k = r.settings.fanout as u64;
    format!(
        "Messages so far: {} in {} rounds (at most k·N = {} a round{}). The post's direct broadcast, every node telling all the others each round, would cost N·(N − 1) = {} a round.",
        grouped(r.messages()),
        r.run.round(),
        grouped(k * n),
        if r.settings.mode == Mode::Push { "" } else { ", plus answers" },
        grouped(n * (n - 1))
    )
}

/// 0 unknown, 1 knows, 2 learnt this round, 3 down.
fn node_states(r: &Rumour) -> Vec<u8> {
    let w = r.run.world();
    let mut st: Vec<u8> = w
        .nodes()
        .iter()
        .map(|n| match n {
            None => 3,
            Some(n) if n.informed() => 1,
            Some(_) => 0,
        })
        .collect();
    if let Some(log) = r.run.log().last() {
        for &i in &log.newly {
            if st.get(i) == Some(&1) {
                st[i] = 2;
            }
        }
    }
    st
}

const STATE_CLASS: [&str; 4] = [
    "dlg-n",
    "dlg-n dlg-knows",
    "dlg-n dlg-knows dlg-new",
    "dlg-n dlg-down",
];

fn cluster(r: &Rumour) -> Html {
    let st = node_states(r);
    let n = st.len();
    let informed = r.run.live_informed();
    let live = r.live();
    let label = format!(
        "{n} nodes after round {}: {informed} of {live} up know the rumour, {} learnt it this round, {} down.",
        r.run.round(),
        st.iter().filter(|s| **s == 2).count(),
        n as u32 - live
    );
    let body = if n <= RING_MAX {
        ring(r, &st)
    } else {
        html! { <DotGrid states={Rc::new(st)} /> }
    };
    html! {
        <figure class="dlg-cluster" data-testid="cluster" data-informed={informed.to_string()}
            data-live={live.to_string()} data-round={r.run.round().to_string()}>
            <div role="img" aria-label={label}>{ body }</div>
            <figcaption class="dlg-legend" aria-hidden="true">
                <span class="dlg-key dlg-k-knows">{ "knows" }</span>
                <span class="dlg-key dlg-k-new">{ "learnt this round" }</span>
                <span class="dlg-key dlg-k-none">{ "not yet" }</span>
                <span class="dlg-key dlg-k-down">{ "down" }</span>
                if n <= RING_MAX { <span class="dlg-key dlg-k-msg">{ "this round's messages (dashed: lost)" }</span> }
            </figcaption>
        </figure>
    }
}

fn ring(r: &Rumour, st: &[u8]) -> Html {
    let n = st.len();
    let pos = |i: usize| {
        let (x, y) = unit(i, n);
        (50.0 + 42.0 * x, 50.0 + 42.0 * y)
    };
    let rad = if n <= 16 { 4.2 } else { 2.8 };
    let edges = r
        .run
        .log()
        .last()
        .map(|l| l.edges.clone())
        .unwrap_or_default();
    html! {
        <svg class="dlg-ring" viewBox="0 0 100 100" aria-hidden="true">
            { for edges.iter().map(|e| {
                let ((x1, y1), (x2, y2)) = (pos(e.from), pos(e.to));
                // Stop short of the receiver's circle.
                let (dx, dy) = (x2 - x1, y2 - y1);
                let len = (dx * dx + dy * dy).sqrt().max(1e-6);
                let (ex, ey) = (x2 - dx / len * rad, y2 - dy / len * rad);
                let class = classes!("dlg-e", e.rumour.then_some("dlg-e-rumour"), (!e.delivered).then_some("dlg-e-lost"), e.informed.then_some("dlg-e-new"));
                html! { <line class={class} x1={coord(x1)} y1={coord(y1)} x2={coord(ex)} y2={coord(ey)} /> }
            }) }
            { for st.iter().enumerate().map(|(i, s)| {
                let (x, y) = pos(i);
                html! {
                    <g class={STATE_CLASS[usize::from(*s)]}>
                        <circle cx={coord(x)} cy={coord(y)} r={coord(rad)} />
                        if n <= 16 { <text x={coord(x)} y={coord(y + 1.4)}>{ i }</text> }
                    </g>
                }
            }) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct DotGridProps {
    states: Rc<Vec<u8>>,
}

/// Up to 1,000 nodes as a grid of dots on a canvas (a DOM element per node would cost
/// more than a frame to update).
#[function_component(DotGrid)]
fn dot_grid(p: &DotGridProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let states = p.states.clone();
        use_effect_with(states, move |states| {
            draw_grid(&canvas, states);
        });
    }
    html! { <canvas class="dlg-canvas" ref={canvas} width="600" height="600" /> }
}

fn draw_grid(canvas: &NodeRef, states: &[u8]) {
    let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    let Ok(Some(ctx)) = c.get_context("2d") else {
        return;
    };
    let Ok(ctx) = ctx.dyn_into::<web_sys::CanvasRenderingContext2d>() else {
        return;
    };
    let style = gloo::utils::window().get_computed_style(&c).ok().flatten();
    let color = |var: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(var).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    let colors = [
        color("--dl-border", "#d5dbe3"),
        color("--dl-accent", "#2f6fdf"),
        color("--dl-ok", "#13663a"),
        color("--dl-bad", "#b42318"),
    ];
    let (w, h) = (f64::from(c.width()), f64::from(c.height()));
    ctx.clear_rect(0.0, 0.0, w, h);
    let n = states.len().max(1);
    let cols = (n as f64).sqrt().ceil().max(1.0);
    let rows = (n as f64 / cols).ceil().max(1.0);
    let cell = (w / cols).min(h / rows);
    let gap = (cell * 0.18).max(1.0);
    for (i, s) in states.iter().enumerate() {
        let (cx, cy) = ((i as f64 % cols).floor(), (i as f64 / cols).floor());
        let x = cx * cell + gap / 2.0;
        let y = cy * cell + gap / 2.0;
        ctx.set_fill_style_str(&colors[usize::from(*s).min(3)]);
        ctx.fill_rect(x, y, cell - gap, cell - gap);
    }
}

/// Chart geometry: x in rounds, y in nodes, onto a 320 × 200 view box.
struct Frame {
    x_max: f64,
    y_max: f64,
}

impl Frame {
    const L: f64 = 34.0;
    const R: f64 = 312.0;
    const T: f64 = 10.0;
    const B: f64 = 172.0;
    fn x(&self, r: f64) -> f64 {
        Self::L + (Self::R - Self::L) * r / self.x_max
    }
    fn y(&self, v: f64) -> f64 {
        Self::B - (Self::B - Self::T) * v / self.y_max
    }
    fn path(&self, pts: impl Iterator<Item = (f64, f64)>) -> String {
        let mut s = String::new();
        for (i, (r, v)) in pts.enumerate() {
            s.push_str(if i == 0 { "M" } else { " L" });
            s.push_str(&format!("{} {}", coord(self.x(r)), coord(self.y(v))));
        }
        s
    }
}

fn band(f: &Frame, t: &Trials, x_max: usize) -> String {
    let hi = (0..=x_max).map(|r| (r as f64, f64::from(t.quantile_at(r, 0.95))));
    let lo: Vec<(f64, f64)> = (0..=x_max)
        .rev()
        .map(|r| (r as f64, f64::from(t.quantile_at(r, 0.05))))
        .collect();
    let mut s = f.path(hi.chain(lo));
    s.push_str(" Z");
    s
}

fn chart(r: &Rumour) -> Html {
    let x_max = r.x_max();
    let live = r.trials.live.max(1);
    let f = Frame {
        x_max: x_max as f64,
        y_max: f64::from(live),
    };
    let run = f.path(
        r.run
            .curve()
            .iter()
            .enumerate()
            .map(|(i, c)| (i as f64, f64::from(*c))),
    );
    let expected = f.path(r.expected.iter().enumerate().map(|(i, v)| (i as f64, *v)));
    let median = f.path((0..=x_max).map(|i| (i as f64, f64::from(r.trials.quantile_at(i, 0.5)))));
    let px = f.x(r.post.min(x_max as f64));
    let k = r.settings.fanout;
    let post_label = if k <= 1 {
        "log₂ N".to_string()
    } else {
        format!("log{} N", subscript(k))
    };
    let step = if x_max <= 12 {
        1
    } else if x_max <= 30 {
        5
    } else {
        10
    };
    let label = format!(
        "Informed nodes per round: this run {}; the post's estimate {} rounds; {}",
        r.run
            .curve()
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        one_decimal(r.post),
        r.verdict()
    );
    html! {
        <figure class="dlg-chart" data-testid="chart">
            <svg viewBox="0 0 320 200" role="img" aria-label={label}>
                <path class="dlg-band" d={band(&f, &r.trials, x_max)} />
                <path class="dlg-median" d={median} />
                <path class="dlg-expected" d={expected} />
                <line class="dlg-post" x1={coord(px)} x2={coord(px)} y1={coord(Frame::T)} y2={coord(Frame::B)} />
                <text class="dlg-post-t" x={coord(px + 3.0)} y="22">{ post_label }</text>
                <path class="dlg-run" d={run} />
                <line class="dlg-axis" x1={coord(Frame::L)} x2={coord(Frame::R)} y1={coord(Frame::B)} y2={coord(Frame::B)} />
                <line class="dlg-axis" x1={coord(Frame::L)} x2={coord(Frame::L)} y1={coord(Frame::T)} y2={coord(Frame::B)} />
                { for (0..=x_max).step_by(step).map(|i| html! {
                    <text class="dlg-tick" x={coord(f.x(i as f64))} y="184">{ i }</text>
                }) }
                <text class="dlg-tick dlg-y" x="30" y={coord(f.y(f64::from(live)) + 3.0)}>{ live }</text>
                <text class="dlg-tick dlg-y" x="30" y={coord(Frame::B)}>{ "0" }</text>
                <text class="dlg-axis-t" x="173" y="197">{ "round" }</text>
            </svg>
            <figcaption class="dlg-legend">
                <span class="dlg-key dlg-k-run">{ "this run" }</span>
                <span class="dlg-key dlg-k-band">{ format!("{} seeded runs (90 % band, median)", r.trials.runs.len()) }</span>
                <span class="dlg-key dlg-k-exp">{ "expected (mean-field)" }</span>
                <span class="dlg-key dlg-k-post">{ format!("post: log_k N = {}", one_decimal(r.post)) }</span>
            </figcaption>
        </figure>
    }
}

fn heartbeat_section(m: &Model, d: &Callback<Action>) -> Html {
    let hb = &m.hb;
    let h = |f: fn(usize) -> Hb| d.reform(move |i| Action::Hb(f(i)));
    html! {
        <section class="dlg-part" aria-label="Heartbeats and failure detection">
            <h3 class="dlg-h">{ "2 · Heartbeats and φ: kill a node" }</h3>
            <p class="dlg-note">{ format!(
                "{FD_NODES} nodes gossip their heartbeats (push-pull, k = 2, one round a second), each a generation (how many times the node has started) and a version (its rounds in this life). Node {} shows what it knows: each heartbeat, when it last changed, and φ, its suspicion that the node is dead.",
                hb.observer) }</p>
            <div class="dl-settings" role="group" aria-label="Failure detector settings (a change starts again)">
                { select("φ formula ", "hb-formula", &Formula::ALL, hb.formula, |f| f.name().to_string(), h(|i| Hb::Formula(Formula::ALL[i.min(1)]))) }
                { select("Suspect at φ ≥ ", "hb-threshold", &THRESHOLDS, hb.threshold, |t| t.to_string(), h(|i| Hb::Threshold(THRESHOLDS[i.min(THRESHOLDS.len() - 1)]))) }
                { select("Loss ", "hb-loss", &LOSSES, hb.loss, percent, h(|i| Hb::Loss(LOSSES[i.min(LOSSES.len() - 1)]))) }
            </div>
            <PlayControls playing={m.hb_playing} label="Heartbeats"
                on_toggle={d.reform(|()| Action::Hb(Hb::Toggle))} on_step={d.reform(|()| Action::Hb(Hb::Step))}
                on_reset={d.reform(|()| Action::Hb(Hb::Reset))} speed={Some(m.hb_speed)} on_speed={d.reform(|s| Action::Hb(Hb::Speed(s)))} />
            <div class="dlg-grid">
                { hb_table(hb, d) }
                { phi_chart(hb) }
            </div>
            <p class="dlg-status" data-testid="hb-status">{ hb.status_text() }</p>
        </section>
    }
}

fn hb_table(hb: &Heartbeats, d: &Callback<Action>) -> Html {
    html! {
        <table class="dl-table dlg-table" data-testid="hb-table">
            <caption>{ format!("Node {}'s view after round {}", hb.observer, hb.run.round()) }</caption>
            <thead><tr><th scope="col">{ "Node" }</th><th scope="col" title="generation : version">{ "Heartbeat" }</th><th scope="col">{ "Last change" }</th><th scope="col">{ "φ" }</th><th scope="col"><span class="dl-sr-only">{ "Action" }</span></th></tr></thead>
            <tbody>
                { for (0..FD_NODES).map(|i| {
                    if i == hb.observer {
                        return html! {
                            <tr key={i} class="dlg-self"><th scope="row">{ i }</th><td colspan="4">{ "(the observer)" }</td></tr>
                        };
                    }
                    let (count, ago, phi, suspected) = hb.row(i);
                    let up = hb.up(i);
                    let action = if up {
                        html! { <button type="button" class="dl-btn dlg-act" data-testid={format!("hb-kill-{i}")}
                            data-focus-key={format!("hb-act-{i}")}
                            onclick={d.reform(move |_| Action::Hb(Hb::Kill(i)))} aria-label={format!("Kill node {i}")}>{ "Kill" }</button> }
                    } else {
                        html! { <button type="button" class="dl-btn dlg-act" data-testid={format!("hb-restart-{i}")}
                            data-focus-key={format!("hb-act-{i}")}
                            onclick={d.reform(move |_| Action::Hb(Hb::Restart(i)))} aria-label={format!("Restart node {i}")}>{ "Restart" }</button> }
                    };
                    html! {
                        <tr key={i} data-testid={format!("hb-row-{i}")} data-phi={one_decimal(phi)} data-suspected={suspected.to_string()}
                            class={classes!(suspected.then_some("dlg-suspect"), (i == hb.watched).then_some("dlg-watched"))}>
                            <th scope="row">{ i }{ if up { "" } else { " ✕" } }</th>
                            <td>{ format!("{}:{}", count.0, count.1) }</td>
                            <td>{ ago.map_or("–".to_string(), |t| format!("{} s", one_decimal(t as f64 / 1000.0))) }</td>
                            <td class="dlg-phi">{ one_decimal(phi) }{ if suspected { " suspected" } else { "" } }</td>
                            <td>{ action }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn phi_chart(hb: &Heartbeats) -> Html {
    let n = hb.history.len().max(2);
    let top = hb
        .history
        .iter()
        .copied()
        .fold(f64::from(hb.threshold) * 1.5, f64::max)
        .min(1e6);
    let f = Frame {
        x_max: (n - 1) as f64,
        y_max: top,
    };
    let line = f.path(
        hb.history
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, v.min(top))),
    );
    let ty = f.y(f64::from(hb.threshold));
    let label = format!(
        "φ of node {} at node {} over the last {} rounds, ending at {}; the threshold is {}.",
        hb.watched,
        hb.observer,
        hb.history.len().saturating_sub(1),
        one_decimal(hb.history.last().copied().unwrap_or(0.0)),
        hb.threshold
    );
    html! {
        <figure class="dlg-chart" data-testid="phi-chart">
            <svg viewBox="0 0 320 200" role="img" aria-label={label}>
                <line class="dlg-threshold" x1={coord(Frame::L)} x2={coord(Frame::R)} y1={coord(ty)} y2={coord(ty)} />
                <text class="dlg-post-t" x={coord(Frame::L + 4.0)} y={coord(ty - 3.0)}>{ format!("suspect at φ = {}", hb.threshold) }</text>
                <path class="dlg-run" d={line} />
                <line class="dlg-axis" x1={coord(Frame::L)} x2={coord(Frame::R)} y1={coord(Frame::B)} y2={coord(Frame::B)} />
                <line class="dlg-axis" x1={coord(Frame::L)} x2={coord(Frame::L)} y1={coord(Frame::T)} y2={coord(Frame::B)} />
                <text class="dlg-tick dlg-y" x="30" y={coord(Frame::B)}>{ "0" }</text>
                <text class="dlg-tick dlg-y" x="30" y={coord(Frame::T + 3.0)}>{ one_decimal(top) }</text>
                <text class="dlg-axis-t" x="173" y="197">{ format!("rounds since watching node {}", hb.watched) }</text>
            </svg>
        </figure>
    }
}
