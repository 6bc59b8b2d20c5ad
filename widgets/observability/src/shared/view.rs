//! Drawing shared by the widgets, as HTML text: a span's timing bar, a small line chart
//! in SVG, and a delegated click handler.
//!
//! Why text: every element of Yew's `html!` becomes its own construction code in the
//! module, and these widgets draw many non-interactive elements (tables, log lines,
//! charts). Written as escaped HTML text and handed to Yew as one raw node, they cost a
//! fraction of that; the few interactive controls inside carry `data-act` / `data-i` and
//! are handled by one listener on their container ([`delegate`]).

use super::Tree;
use distlab_core::observability::telemetry::SpanStatus;
pub use distlab_kit::markup::{esc, raw};
use distlab_kit::numfmt::{coord, fixed};
use yew::prelude::*;

/// A click listener for a container of the three widgets (inside their root `.dlo`): see
/// [`distlab_kit::markup::delegate`].
pub fn delegate(f: impl Fn(&str, usize, &web_sys::Element) + 'static) -> Callback<MouseEvent> {
    distlab_kit::markup::delegate(".dlo [data-act]", f)
}

/// A bar `from`–`from + width` percent of its track.
#[allow(clippy::manual_clamp)] // see below
pub fn bar(from: f64, width: f64, class: &str) -> String {
    // `max`/`min`, not `clamp`: a float clamp with bounds not known at compile time
    // keeps its panic message, which prints floats.
    let left = from.max(0.0).min(99.6);
    let w = width.max(0.4).min(100.0 - left);
    format!(
        "<span class=\"dlo-track\" aria-hidden=\"true\"><span class=\"dlo-bar {class}\" style=\"left:{}%;width:{}%\"></span></span>",
        fixed(left, 2),
        fixed(w, 2)
    )
}

/// Span `i`'s bar inside its trace's time axis.
pub fn span_bar(tree: &Tree, i: usize, slow: bool) -> String {
    let (t0, len) = tree.extent();
    let s = &tree.spans[i];
    let class = if !matches!(s.status, SpanStatus::Unset) {
        "dlo-bar-err"
    } else if slow {
        "dlo-bar-slow"
    } else {
        ""
    };
    bar(
        (s.start_us - t0) as f64 * 100.0 / len as f64,
        s.duration_us() as f64 * 100.0 / len as f64,
        class,
    )
}

/// What a [`chart`] draws.
pub struct Chart<'a> {
    /// Its accessible description.
    pub label: String,
    /// Lines: points `(x, y)` in data units, x increasing, and the path's class.
    pub lines: &'a [(&'a [(f64, f64)], &'static str)],
    /// The x range.
    pub x: (f64, f64),
    /// The top of the y axis (the bottom is 0).
    pub y_max: f64,
    /// Tick labels on y and on x.
    pub y_ticks: &'a [(f64, String)],
    /// Tick labels on x.
    pub x_ticks: &'a [(f64, String)],
    /// A dashed horizontal line and its label.
    pub threshold: Option<(f64, String)>,
    /// Shaded x-intervals.
    pub bands: &'a [(f64, f64)],
}

/// A small line chart as SVG text.
pub fn chart(c: &Chart) -> String {
    const W: f64 = 320.0;
    const H: f64 = 130.0;
    const L: f64 = 52.0;
    const B: f64 = 18.0;
    const T: f64 = 6.0;
    let (x0, x1) = c.x;
    let xs = |x: f64| L + (x - x0) / (x1 - x0).max(1e-9) * (W - L - 4.0);
    let ys = |y: f64| T + (1.0 - (y / c.y_max.max(1e-12)).clamp(0.0, 1.05)) * (H - T - B);
    let mut s = format!(
        "<svg class=\"dlo-chart\" viewBox=\"0 0 320 130\" role=\"img\" aria-label=\"{}\">",
        esc(&c.label)
    );
    for (a, b) in c.bands {
        let (a, b) = (xs(a.max(x0)), xs(b.min(x1)));
        s += &format!(
            "<rect class=\"dlo-band\" x=\"{}\" y=\"6\" width=\"{}\" height=\"106\"/>",
            coord(a),
            coord((b - a).max(0.0))
        );
    }
    s += "<path class=\"dlo-axis\" d=\"M52 6V112H316\"/>";
    for (y, t) in c.y_ticks {
        s += &format!(
            "<text class=\"dlo-tick dlo-y\" x=\"49\" y=\"{}\">{}</text>",
            coord(ys(*y) + 3.0),
            esc(t)
        );
    }
    for (k, (x, t)) in c.x_ticks.iter().enumerate() {
        let anchor = if k == 0 { "dlo-start" } else { "dlo-end" };
        s += &format!(
            "<text class=\"dlo-tick {anchor}\" x=\"{}\" y=\"125\">{}</text>",
            coord(xs(*x)),
            esc(t)
        );
    }
    if let Some((y, t)) = &c.threshold {
        let y = coord(ys(*y));
        s += &format!(
            "<path class=\"dlo-threshold\" d=\"M52 {y}H316\"/><text class=\"dlo-tick dlo-threshold-t\" x=\"314\" y=\"{y}\" dy=\"-3\">{}</text>",
            esc(t)
        );
    }
    for (pts, class) in c.lines {
        if pts.is_empty() {
            continue;
        }
        s += &format!("<path class=\"{class}\" d=\"");
        for (k, (x, y)) in pts.iter().enumerate() {
            s.push(if k == 0 { 'M' } else { 'L' });
            s += &coord(xs(*x));
            s.push(' ');
            s += &coord(ys(*y));
        }
        s += "\"/>";
    }
    s += "</svg>";
    s
}
