//! Drawing shared by the widgets: a span's timing bar, a small line chart in SVG.

use super::Tree;
use distlab_kit::numfmt::{coord, fixed};
use yew::prelude::*;

/// Span `i`'s bar inside its trace's time axis (a `div` positioned in percent).
pub fn span_bar(tree: &Tree, i: usize, slow: bool) -> Html {
    let (t0, len) = tree.extent();
    let s = &tree.spans[i];
    let left = (s.start_us - t0) as f64 * 100.0 / len as f64;
    let width = (s.duration_us() as f64 * 100.0 / len as f64).max(0.4);
    let error = !matches!(
        s.status,
        distlab_core::observability::telemetry::SpanStatus::Unset
    );
    html! {
        <span class="dlo-track" aria-hidden="true">
            <span class={classes!("dlo-bar", slow.then_some("dlo-bar-slow"), error.then_some("dlo-bar-err"))}
                style={format!("left:{}%;width:{}%", fixed(left.min(99.6), 2), fixed(width.min(100.0 - left.min(99.6)), 2))}></span>
        </span>
    }
}

/// One line of a [`chart`]: points `(x, y)` in data units, a class, a name for the legend.
pub struct Line<'a> {
    /// Points, x increasing.
    pub points: &'a [(f64, f64)],
    /// CSS class of the path.
    pub class: &'static str,
}

/// A small line chart: `lines` over `x_range`, y from 0 to `y_max`, with a dashed
/// horizontal `threshold`, shaded x-intervals `bands`, and tick labels given as text.
#[allow(clippy::too_many_arguments)]
pub fn chart(
    label: String,
    lines: &[Line],
    x_range: (f64, f64),
    y_max: f64,
    y_ticks: &[(f64, String)],
    x_ticks: &[(f64, String)],
    threshold: Option<(f64, String)>,
    bands: &[(f64, f64)],
) -> Html {
    const W: f64 = 320.0;
    const H: f64 = 130.0;
    const L: f64 = 44.0;
    const B: f64 = 18.0;
    const T: f64 = 6.0;
    let (x0, x1) = x_range;
    let xs = |x: f64| L + (x - x0) / (x1 - x0).max(1e-9) * (W - L - 4.0);
    let ys = |y: f64| T + (1.0 - (y / y_max.max(1e-12)).clamp(0.0, 1.05)) * (H - T - B);
    let path = |pts: &[(f64, f64)]| {
        let mut d = String::new();
        for (k, (x, y)) in pts.iter().enumerate() {
            d.push_str(if k == 0 { "M" } else { "L" });
            d.push_str(&coord(xs(*x)));
            d.push(' ');
            d.push_str(&coord(ys(*y)));
        }
        d
    };
    html! {
        <svg class="dlo-chart" viewBox="0 0 320 130" role="img" aria-label={label}>
            { for bands.iter().map(|(a, b)| html! {
                <rect class="dlo-band" x={coord(xs(a.max(x0)))} y={coord(T)}
                    width={coord((xs(b.min(x1)) - xs(a.max(x0))).max(0.0))} height={coord(H - T - B)} />
            }) }
            <line class="dlo-axis" x1={coord(L)} y1={coord(H - B)} x2={coord(W - 4.0)} y2={coord(H - B)} />
            <line class="dlo-axis" x1={coord(L)} y1={coord(T)} x2={coord(L)} y2={coord(H - B)} />
            { for y_ticks.iter().map(|(y, t)| html! {
                <text class="dlo-tick dlo-y" x={coord(L - 3.0)} y={coord(ys(*y) + 3.0)}>{ t.clone() }</text>
            }) }
            { for x_ticks.iter().map(|(x, t)| html! {
                <text class="dlo-tick" x={coord(xs(*x))} y={coord(H - 5.0)}>{ t.clone() }</text>
            }) }
            if let Some((y, t)) = threshold {
                <line class="dlo-threshold" x1={coord(L)} y1={coord(ys(y))} x2={coord(W - 4.0)} y2={coord(ys(y))} />
                <text class="dlo-tick dlo-threshold-t" x={coord(W - 6.0)} y={coord(ys(y) - 3.0)}>{ t }</text>
            }
            { for lines.iter().filter(|l| !l.points.is_empty()).map(|l| html! {
                <path class={l.class} d={path(l.points)} />
            }) }
        </svg>
    }
}
