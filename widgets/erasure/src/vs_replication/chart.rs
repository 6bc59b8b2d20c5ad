//! The two charts, written as SVG text (one string each, set into the chart's box).
//!
//! - [`bars_svg`]: three small bar panels — storage overhead, failures tolerated,
//!   chunks read per repair — one bar per scheme of the lineup.
//! - [`loss_svg`]: log10 P(losing data in a year) against AFR or repair time, one line
//!   per scheme (the reader's solid, references dashed), the current inputs marked.
//!
//! Crisp and legible on every screen: the SVG is drawn at the box's laid-out width, one
//! user unit per CSS pixel, so the 12 px labels ([`LABEL_PX`]) show at 12 px. Colours
//! are classes whose CSS reads the theme's custom properties (`--dl-accent`, …), so dark
//! mode and the blog's theme apply with no redraw; the caller redraws on resize.
//! (Plotters on a canvas drew these before: the SVG text is about 30 KB gzip smaller in
//! the module and needs no canvas.) Every number is written with integer arithmetic
//! ([`coord`]), so no float formatting code is linked in. Nothing here can fail.

use super::model::{
    fmt_afr, fmt_hours, fmt_overhead, fmt_power, y_range, Inputs, Line, Row, XAxis,
};
use distlab_kit::markup::esc;
use distlab_kit::numfmt::coord;

/// The smallest text on either chart, in CSS pixels (tick labels, the values above the
/// bars). The SVG is drawn at its laid-out width, so this is the size the reader sees;
/// 12 keeps it legible on a phone.
pub const LABEL_PX: f64 = 12.0;

/// The chart's CSS width when it is not laid out yet.
pub const FALLBACK_WIDTH: f64 = 600.0;

/// Integer ticks from 0 covering `max`: `(top of the axis, ticks)`.
fn int_ticks(max: f64) -> (f64, Vec<f64>) {
    let max = if max.is_finite() { max.max(1.0) } else { 1.0 };
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|s| max / s <= 5.0)
        .unwrap_or(100.0);
    let top = (max / step).ceil() * step;
    let ticks = (0..=((top / step) as u32))
        .map(|i| f64::from(i) * step)
        .collect();
    (top * 1.18, ticks)
}

/// `<text>` at `(x, y)` with a class (anchor and style), the content escaped.
fn text(s: &mut String, class: &str, x: f64, y: f64, content: &str) {
    *s += &format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
        coord(x),
        coord(y),
        esc(content)
    );
}

/// A horizontal line from `x0` to `x1` at `y` (`class` gives its stroke).
fn hline(s: &mut String, class: &str, x0: f64, x1: f64, y: f64) {
    *s += &format!(
        "<path class=\"{class}\" d=\"M{} {}H{}\"/>",
        coord(x0),
        coord(y),
        coord(x1)
    );
}

/// The opening tag of a chart `w` × `h` CSS px.
fn open(w: f64, h: f64) -> String {
    let (w, h) = (coord(w), coord(h));
    format!("<svg class=\"evr-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" aria-hidden=\"true\">")
}

/// One bar panel in the box `(x, y, w, h)`: `values[i]` for `rows[i]`, written above
/// each bar with `label(i)`, names below.
#[allow(clippy::too_many_arguments)]
fn bar_panel(
    s: &mut String,
    (x, y, w, h): (f64, f64, f64, f64),
    title: &str,
    rows: &[Row],
    values: &[f64],
    label: &dyn Fn(&Row) -> String,
) {
    // Margins as plotters laid them out: 6 around, a 20 px caption, 26 px of y labels
    // on the left, 22 px of names below.
    let (l, r) = (x + 6.0 + 26.0, x + w - 6.0);
    let (t, b) = (y + 6.0 + 20.0, y + h - 6.0 - 22.0);
    text(s, "evr-title", x + w / 2.0, y + 20.0, title);
    let n = rows.len().max(1) as f64;
    let (top, ticks) = int_ticks(values.iter().copied().fold(0.0, f64::max));
    let ys = |v: f64| b - (v / top).clamp(0.0, 1.0) * (b - t);
    let xs = |i: f64| l + i / n * (r - l);
    for tick in ticks {
        let yy = ys(tick);
        hline(s, "evr-grid", l, r, yy);
        text(
            s,
            "evr-tick evr-end",
            l - 5.0,
            yy + 4.0,
            &(tick as u64).to_string(),
        );
    }
    *s += &format!(
        "<path class=\"evr-axis-line\" d=\"M{l} {t}V{b}H{r}\"/>",
        l = coord(l),
        t = coord(t),
        b = coord(b),
        r = coord(r)
    );
    for (i, (row, v)) in rows.iter().zip(values).enumerate() {
        let (x0, x1) = (xs(i as f64 + 0.2), xs(i as f64 + 0.8));
        let top_y = ys(*v);
        *s += &format!(
            "<rect class=\"evr-key-{}{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            row.key,
            if row.yours { "" } else { " evr-ref" },
            coord(x0),
            coord(top_y),
            coord(x1 - x0),
            coord((b - top_y).max(0.0))
        );
        let cx = xs(i as f64 + 0.5);
        text(s, "evr-tick", cx, top_y - 4.0, &label(row));
        text(s, "evr-tick", cx, b + 16.0, &row.short_name());
    }
}

/// A bar panel: title, one value per row, and the text written above each bar.
type Panel<'a> = (&'a str, &'a [f64], &'a dyn Fn(&Row) -> String);

/// The bar chart's CSS height at a CSS width: three panels side by side from 560 px,
/// stacked below.
pub fn bars_height(width: f64) -> f64 {
    if width >= 560.0 {
        230.0
    } else {
        3.0 * 165.0
    }
}

/// The three bar panels for `rows` (overhead, tolerated, repair reads) in a box of
/// `width` × `h` CSS px (`h` is [`bars_height`] less the box's border).
pub fn bars_svg(rows: &[Row], width: f64, h: f64) -> String {
    let mut s = open(width, h);
    let overhead: Vec<f64> = rows.iter().map(|r| r.scheme.overhead()).collect();
    let tolerated: Vec<f64> = rows
        .iter()
        .map(|r| f64::from(r.scheme.failures_tolerated()))
        .collect();
    let reads: Vec<f64> = rows.iter().map(|r| f64::from(r.repair_reads)).collect();
    let over_text = |r: &Row| fmt_overhead(r.scheme);
    let tol_text = |r: &Row| r.scheme.failures_tolerated().to_string();
    let read_text = |r: &Row| r.repair_reads.to_string();
    let specs: [Panel; 3] = [
        ("Storage overhead (×)", &overhead, &over_text),
        ("Failures tolerated", &tolerated, &tol_text),
        ("Chunks read per repair", &reads, &read_text),
    ];
    // Side by side or stacked as the stylesheet sized the box (its container query is
    // on the figure, a border wider than the box): 230 px tall or 495.
    let wide = h < 2.0 * 165.0;
    for (p, (title, values, label)) in specs.into_iter().enumerate() {
        let p = p as f64;
        let cell = if wide {
            (p * width / 3.0, 0.0, width / 3.0, h)
        } else {
            (0.0, p * h / 3.0, width, h / 3.0)
        };
        bar_panel(&mut s, cell, title, rows, values, label);
    }
    s += "</svg>";
    s
}

/// The loss chart's CSS height at a CSS width.
pub fn loss_height(width: f64) -> f64 {
    (width * 0.55).clamp(260.0, 380.0)
}

/// The loss chart in a box of `width` × `h` CSS px (`h` is [`loss_height`] less the
/// box's border): `lines` against the x axis of `inputs`.
pub fn loss_svg(inputs: &Inputs, lines: &[Line], width: f64, h: f64) -> String {
    let narrow = width < 520.0;
    let mut s = open(width, h);
    // Margins: 10 around (30 on the right), 40 px of x labels and title below, y labels
    // and title on the left.
    let l = 10.0 + if narrow { 50.0 } else { 62.0 };
    let (r, t, b) = (width - 30.0, 10.0, h - 10.0 - 40.0);
    let (x_lo, x_hi) = inputs.x_range();
    let (y_lo, y_hi, y_step) = y_range(lines);
    let span = |lo: f64, hi: f64| if hi > lo { hi - lo } else { 1.0 };
    let xs = |x: f64| l + ((x - x_lo) / span(x_lo, x_hi)).clamp(-1.0, 2.0) * (r - l);
    let ys = |y: f64| b - ((y - y_lo) / span(y_lo, y_hi)).clamp(-1.0, 2.0) * (b - t);

    let every = if narrow { 2.0 } else { 1.0 } * y_step;
    let count = ((y_hi - y_lo) / every).round().max(0.0) as u32;
    for i in 0..=count {
        let y = y_lo + f64::from(i) * every;
        hline(&mut s, "evr-grid", l, r, ys(y));
        text(
            &mut s,
            "evr-tick evr-end",
            l - 5.0,
            ys(y) + 4.0,
            &fmt_power(y),
        );
    }
    let x_ticks: &[f64] = match inputs.x_axis {
        XAxis::Afr if narrow => &[1.0, 5.0, 10.0, 15.0],
        XAxis::Afr => &[1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0],
        XAxis::RepairTime if narrow => &[1.0, 24.0, 168.0, 720.0],
        XAxis::RepairTime => &[1.0, 6.0, 24.0, 72.0, 168.0, 720.0],
    };
    for &tick in x_ticks {
        let (x, label) = match inputs.x_axis {
            XAxis::Afr => (tick, fmt_afr((tick * 10.0) as u32)),
            XAxis::RepairTime => (tick.log10(), fmt_hours(tick as u32)),
        };
        let px = xs(x);
        s += &format!(
            "<path class=\"evr-grid\" d=\"M{x} {t}V{b}\"/>",
            x = coord(px),
            t = coord(t),
            b = coord(b)
        );
        text(&mut s, "evr-tick", px, b + 16.0, &label);
    }
    s += &format!(
        "<path class=\"evr-axis-line\" d=\"M{l} {t}V{b}H{r}\"/>",
        l = coord(l),
        t = coord(t),
        b = coord(b),
        r = coord(r)
    );
    let x_desc = match inputs.x_axis {
        XAxis::Afr => "Annual failure rate per node",
        XAxis::RepairTime => "Mean repair time (log scale)",
    };
    text(&mut s, "evr-desc", (l + r) / 2.0, h - 12.0, x_desc);
    let y_desc = if narrow {
        "P(loss) per year"
    } else {
        "P(any data lost in a year)"
    };
    s += &format!(
        "<text class=\"evr-desc\" transform=\"translate(16 {}) rotate(-90)\">{y_desc}</text>",
        coord((t + b) / 2.0)
    );

    // The current inputs: a vertical rule.
    let now = xs(inputs.current_x());
    s += &format!(
        "<path class=\"evr-now\" d=\"M{x} {t}V{b}\"/>",
        x = coord(now),
        t = coord(t),
        b = coord(b)
    );

    // One line per scheme (the legend is HTML, below the chart): the reader's solid,
    // references dashed, a dot at the current inputs.
    for line in lines {
        let class = format!(
            "evr-key-{}{}",
            line.key,
            if line.yours { "" } else { " evr-ref" }
        );
        if !line.points.is_empty() {
            s += &format!("<path class=\"evr-line {class}\" d=\"");
            for (k, (x, y)) in line.points.iter().enumerate() {
                s.push(if k == 0 { 'M' } else { 'L' });
                s += &coord(xs(*x));
                s.push(' ');
                s += &coord(ys(*y));
            }
            s += "\"/>";
        }
        if let Some((x, y)) = line.current {
            s += &format!(
                "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
                coord(xs(x)),
                coord(ys(y)),
                if line.yours { "5" } else { "3.5" }
            );
        }
    }
    s += "</svg>";
    s
}

#[cfg(test)]
mod tests {
    use super::super::model::{lineup, Action};
    use super::*;

    #[test]
    fn ticks_cover_the_values() {
        let (top, ticks) = int_ticks(3.0);
        assert_eq!(ticks, [0.0, 1.0, 2.0, 3.0]);
        assert!(top > 3.0);
        let (_, ticks) = int_ticks(20.0);
        assert_eq!(ticks, [0.0, 5.0, 10.0, 15.0, 20.0]);
        let (_, ticks) = int_ticks(f64::NAN);
        assert_eq!(ticks, [0.0, 1.0]);
    }

    #[test]
    fn the_bars_show_every_scheme_in_three_panels() {
        let i = Inputs::default();
        let rows = lineup(&i);
        for width in [340.0, 900.0] {
            let svg = bars_svg(&rows, width, bars_height(width));
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert_eq!(svg.matches("<rect").count(), 3 * rows.len(), "{svg}");
            for title in ["Storage overhead", "Failures tolerated", "Chunks read"] {
                assert!(svg.contains(title), "{title}");
            }
            // 10+4: 1.4×, tolerates 4, reads 10.
            assert!(svg.contains(">1.4×<") && svg.contains(">10+4<"), "{svg}");
            assert!(svg.contains(&format!("height=\"{}\"", coord(bars_height(width)))));
        }
    }

    #[test]
    fn the_loss_chart_draws_a_line_and_a_dot_per_scheme() {
        for axis in [XAxis::Afr, XAxis::RepairTime] {
            let mut i = Inputs::default();
            i.apply(Action::Axis(axis));
            let rows = lineup(&i);
            let lines = i.lines(&rows);
            for width in [340.0, 1000.0] {
                let svg = loss_svg(&i, &lines, width, loss_height(width));
                assert_eq!(svg.matches("evr-line").count(), lines.len());
                assert_eq!(svg.matches("<circle").count(), lines.len());
                assert_eq!(svg.matches("evr-ref").count(), 2 * (lines.len() - 2));
                assert!(!svg.contains("NaN"), "{svg}");
                let tick = if axis == XAxis::Afr {
                    ">15\u{a0}%<"
                } else {
                    ">30\u{a0}days<"
                };
                assert!(svg.contains(tick), "{svg}");
            }
        }
        // A different AFR moves the lines.
        let mut i = Inputs::default();
        let a = loss_svg(&i, &i.lines(&lineup(&i)), 600.0, 330.0);
        i.apply(Action::Afr(100));
        let b = loss_svg(&i, &i.lines(&lineup(&i)), 600.0, 330.0);
        assert_ne!(a, b);
    }
}
