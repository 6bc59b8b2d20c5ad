//! The two charts, drawn by plotters onto a `<canvas>` ([`CanvasBackend`]).
//!
//! - [`draw_bars`]: three small bar panels — storage overhead, failures tolerated,
//!   chunks read per repair — one bar per scheme of the lineup.
//! - [`draw_loss`]: log10 P(losing data in a year) against AFR or repair time, one line
//!   per scheme (the reader's solid, references dashed), the current inputs marked.
//!
//! Crisp on every screen: the canvas's pixel size is its CSS size times
//! `devicePixelRatio`, and every length here (fonts, margins, strokes) is scaled by the
//! same ratio. Colours come from the widget's CSS custom properties
//! ([`Palette::from_element`]), so dark mode and the blog's theme apply; the caller
//! redraws on resize and theme change. Errors are returned as text, never a panic.

use super::model::{fmt_afr, fmt_hours, fmt_power, y_range, Inputs, Line, Row, XAxis};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The theme's colours, read from CSS custom properties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// `--dl-bg`.
    pub bg: RGBColor,
    /// `--dl-fg`.
    pub fg: RGBColor,
    /// `--dl-muted`.
    pub muted: RGBColor,
    /// `--dl-border`.
    pub border: RGBColor,
    /// The reader's replication line (`--dl-warn`).
    pub rep: RGBColor,
    /// The reader's RS line (`--dl-accent`).
    pub rs: RGBColor,
    /// The references (`--dl-ok`, `--dl-bad`, `--dl-muted`).
    pub refs: [RGBColor; 3],
}

impl Default for Palette {
    /// The light theme of `base.css`.
    fn default() -> Self {
        Palette {
            bg: RGBColor(0xff, 0xff, 0xff),
            fg: RGBColor(0x1d, 0x24, 0x30),
            muted: RGBColor(0x5b, 0x66, 0x76),
            border: RGBColor(0xd5, 0xdb, 0xe3),
            rep: RGBColor(0x8a, 0x5a, 0x00),
            rs: RGBColor(0x2f, 0x6f, 0xdf),
            refs: [
                RGBColor(0x13, 0x66, 0x3a),
                RGBColor(0xb4, 0x23, 0x18),
                RGBColor(0x5b, 0x66, 0x76),
            ],
        }
    }
}

impl Palette {
    /// Reads the custom properties in effect at `el` (falling back to the light theme
    /// for any that are missing or unreadable).
    pub fn from_element(el: &web_sys::Element) -> Palette {
        let mut p = Palette::default();
        let Some(style) = gloo::utils::window().get_computed_style(el).ok().flatten() else {
            return p;
        };
        let read = |name: &str, fallback: RGBColor| {
            style
                .get_property_value(name)
                .ok()
                .and_then(|v| parse_color(&v))
                .unwrap_or(fallback)
        };
        p.bg = read("--dl-bg", p.bg);
        p.fg = read("--dl-fg", p.fg);
        p.muted = read("--dl-muted", p.muted);
        p.border = read("--dl-border", p.border);
        p.rep = read("--dl-warn", p.rep);
        p.rs = read("--dl-accent", p.rs);
        p.refs = [
            read("--dl-ok", p.refs[0]),
            read("--dl-bad", p.refs[1]),
            read("--dl-muted", p.refs[2]),
        ];
        p
    }

    /// A row's colour: the reader's two their own, references by their key.
    pub fn of(&self, row_key: &str) -> RGBColor {
        match row_key {
            "rep" => self.rep,
            "rs" => self.rs,
            "ref-3x" => self.refs[0],
            "ref-10-4" => self.refs[1],
            _ => self.refs[2],
        }
    }
}

/// `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgba(r, g, b, a)` (alpha ignored).
pub fn parse_color(s: &str) -> Option<RGBColor> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        return match hex.len() {
            3 => Some(RGBColor(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(RGBColor(
                digit(0)? * 16 + digit(1)?,
                digit(2)? * 16 + digit(3)?,
                digit(4)? * 16 + digit(5)?,
            )),
            _ => None,
        };
    }
    let inner = s
        .strip_prefix("rgba(")
        .or_else(|| s.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let mut parts = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim().parse::<u8>().ok());
    Some(RGBColor(parts.next()??, parts.next()??, parts.next()??))
}

/// Sizes the canvas to its CSS width (and the given CSS height) times the pixel ratio;
/// returns the ratio. The canvas's CSS height is set here too.
pub fn fit_canvas(canvas: &HtmlCanvasElement, css_height: f64) -> f64 {
    let dpr = gloo::utils::window().device_pixel_ratio().clamp(1.0, 4.0);
    let width = f64::from(canvas.client_width().max(0));
    let width = if width < 1.0 { 600.0 } else { width };
    let _ = canvas
        .style()
        .set_property("height", &format!("{}px", css_height.round() as u32));
    canvas.set_width((width * dpr).round() as u32);
    canvas.set_height((css_height * dpr).round() as u32);
    dpr
}

/// The CSS width the canvas is laid out at (600 when it is not laid out yet).
pub fn css_width(canvas: &HtmlCanvasElement) -> f64 {
    let w = f64::from(canvas.client_width().max(0));
    if w < 1.0 {
        600.0
    } else {
        w
    }
}

type Area = DrawingArea<CanvasBackend, Shift>;

/// The smallest text on either chart, in CSS pixels (tick labels, the values above the
/// bars). Every length is scaled by the pixel ratio, and the canvas is drawn at its laid
/// out width, so this is the size the reader sees; 12 keeps it legible on a phone.
pub const LABEL_PX: f64 = 12.0;

/// A bar panel: title, one value per row, and the text written above each bar.
type Panel<'a> = (&'a str, &'a [f64], &'a dyn Fn(usize) -> String);

/// A linear `f64` axis with the ticks we choose (bar centres, powers of ten, round
/// AFRs). Labels always come from our own formatters (integer text), so the default
/// formatter is empty and no float formatting is linked in for it.
struct Ticks {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Ticks {
    fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Ticks {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        let ticks = ticks
            .into_iter()
            .filter(|t| (lo..=hi).contains(t))
            .collect();
        Ticks { lo, hi, ticks }
    }
}

impl Ranged for Ticks {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(-1.0, 2.0);
        let t = if t.is_finite() { t } else { 0.0 };
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Ticks {
    fn format_ext(&self, _: &f64) -> String {
        String::new()
    }
}

fn err<E>(_: E) -> String {
    "The chart could not be drawn; the table below has the same numbers.".into()
}

fn backend(canvas: &HtmlCanvasElement) -> Result<Area, String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("This browser gives no 2D canvas; the table below has the numbers.")?;
    Ok(backend.into_drawing_area())
}

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

/// One bar panel: `values[i]` for `rows[i]`, written above each bar with `text`.
fn bar_panel(
    area: &Area,
    title: &str,
    rows: &[Row],
    values: &[f64],
    text: &dyn Fn(usize) -> String,
    pal: &Palette,
    dpr: f64,
) -> Result<(), String> {
    let px = |v: f64| (v * dpr).round() as u32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr).into_font();
    let n = rows.len().max(1);
    let (top, ticks) = int_ticks(values.iter().copied().fold(0.0, f64::max));
    let names: Vec<String> = rows.iter().map(Row::short_name).collect();
    let centres: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
    let mut chart = ChartBuilder::on(area)
        .margin(px(6.0))
        .caption(title, font(13.0).color(&pal.fg))
        .x_label_area_size(px(22.0))
        .y_label_area_size(px(26.0))
        .build_cartesian_2d(
            Ticks::new(0.0, n as f64, centres),
            Ticks::new(0.0, top, ticks),
        )
        .map_err(err)?;
    let x_label = |x: &f64| {
        let i = x.floor().max(0.0) as usize;
        names.get(i).cloned().unwrap_or_default()
    };
    let y_label = |y: &f64| (y.round() as i64).to_string();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(pal.border.stroke_width(px(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(pal.muted.stroke_width(px(1.0)))
        .label_style(font(LABEL_PX).color(&pal.fg))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .set_all_tick_mark_size(px(3.0))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(rows.iter().zip(values).enumerate().map(|(i, (row, v))| {
            let c = pal.of(&row.key);
            let style = if row.yours {
                c.filled()
            } else {
                c.mix(0.7).filled()
            };
            Rectangle::new([(i as f64 + 0.2, 0.0), (i as f64 + 0.8, *v)], style)
        }))
        .map_err(err)?;
    let above = font(LABEL_PX)
        .color(&pal.fg)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    chart
        .draw_series(
            values
                .iter()
                .enumerate()
                .map(|(i, v)| Text::new(text(i), (i as f64 + 0.5, *v + top * 0.02), above.clone())),
        )
        .map_err(err)?;
    Ok(())
}

/// The bar chart's CSS height at a CSS width: three panels side by side from 560 px,
/// stacked below.
pub fn bars_height(width: f64) -> f64 {
    if width >= 560.0 {
        230.0
    } else {
        3.0 * 165.0
    }
}

/// Draws the three bar panels for `rows` (overhead, tolerated, repair reads).
pub fn draw_bars(canvas: &HtmlCanvasElement, rows: &[Row], pal: &Palette) -> Result<(), String> {
    let width = css_width(canvas);
    let dpr = fit_canvas(canvas, bars_height(width));
    let root = backend(canvas)?;
    root.fill(&pal.bg).map_err(err)?;
    let panels = if width >= 560.0 {
        root.split_evenly((1, 3))
    } else {
        root.split_evenly((3, 1))
    };
    let overhead: Vec<f64> = rows.iter().map(|r| r.scheme.overhead()).collect();
    let tolerated: Vec<f64> = rows
        .iter()
        .map(|r| f64::from(r.scheme.failures_tolerated()))
        .collect();
    let reads: Vec<f64> = rows.iter().map(|r| f64::from(r.repair_reads)).collect();
    let over_text = |i: usize| {
        rows.get(i)
            .map(|r| super::model::fmt_overhead(r.scheme))
            .unwrap_or_default()
    };
    let tol_text = |i: usize| {
        rows.get(i)
            .map(|r| r.scheme.failures_tolerated().to_string())
            .unwrap_or_default()
    };
    let read_text = |i: usize| {
        rows.get(i)
            .map(|r| r.repair_reads.to_string())
            .unwrap_or_default()
    };
    let specs: [Panel; 3] = [
        ("Storage overhead (×)", &overhead, &over_text),
        ("Failures tolerated", &tolerated, &tol_text),
        ("Chunks read per repair", &reads, &read_text),
    ];
    for (area, (title, values, text)) in panels.iter().zip(specs) {
        bar_panel(area, title, rows, values, text, pal, dpr)?;
    }
    root.present().map_err(err)?;
    Ok(())
}

/// The loss chart's CSS height at a CSS width.
pub fn loss_height(width: f64) -> f64 {
    (width * 0.55).clamp(260.0, 380.0)
}

/// Draws the loss chart: `lines` against the x axis of `inputs`.
pub fn draw_loss(
    canvas: &HtmlCanvasElement,
    inputs: &Inputs,
    lines: &[Line],
    pal: &Palette,
) -> Result<(), String> {
    let width = css_width(canvas);
    let dpr = fit_canvas(canvas, loss_height(width));
    let px = |v: f64| (v * dpr).round() as u32;
    let font = |size: f64| ("system-ui, sans-serif", size * dpr).into_font();
    let narrow = width < 520.0;
    let root = backend(canvas)?;
    root.fill(&pal.bg).map_err(err)?;

    let (x_lo, x_hi) = inputs.x_range();
    let (y_lo, y_hi, y_step) = y_range(lines);
    let x_ticks: Vec<f64> = match inputs.x_axis {
        XAxis::Afr if narrow => vec![1.0, 5.0, 10.0, 15.0],
        XAxis::Afr => vec![1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0],
        XAxis::RepairTime if narrow => [1.0f64, 24.0, 168.0, 720.0].map(f64::log10).to_vec(),
        XAxis::RepairTime => [1.0f64, 6.0, 24.0, 72.0, 168.0, 720.0]
            .map(f64::log10)
            .to_vec(),
    };
    let every = if narrow { 2.0 } else { 1.0 } * y_step;
    let count = ((y_hi - y_lo) / every).round() as u32;
    let y_ticks: Vec<f64> = (0..=count).map(|i| y_lo + f64::from(i) * every).collect();
    let x_desc = match inputs.x_axis {
        XAxis::Afr => "Annual failure rate per node",
        XAxis::RepairTime => "Mean repair time (log scale)",
    };
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0))
        .margin_right(px(30.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(if narrow { 50.0 } else { 62.0 }))
        .build_cartesian_2d(
            Ticks::new(x_lo, x_hi, x_ticks),
            Ticks::new(y_lo, y_hi, y_ticks),
        )
        .map_err(err)?;
    let x_label = |x: &f64| match inputs.x_axis {
        XAxis::Afr => fmt_afr((x * 10.0).round() as u32),
        XAxis::RepairTime => fmt_hours(10f64.powf(*x).round() as u32),
    };
    let y_label = |y: &f64| fmt_power(*y);
    chart
        .configure_mesh()
        .bold_line_style(pal.border.stroke_width(px(1.0)))
        .light_line_style(TRANSPARENT)
        .axis_style(pal.muted.stroke_width(px(1.0)))
        .label_style(font(LABEL_PX).color(&pal.fg))
        .axis_desc_style(font(12.0).color(&pal.muted))
        .x_desc(x_desc)
        .y_desc(if narrow {
            "P(loss) per year"
        } else {
            "P(any data lost in a year)"
        })
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .set_all_tick_mark_size(px(3.0))
        .draw()
        .map_err(err)?;

    // The current inputs: a vertical rule.
    let now = inputs.current_x();
    chart
        .draw_series(DashedLineSeries::new(
            vec![(now, y_lo), (now, y_hi)],
            px(4.0),
            px(4.0),
            pal.muted.stroke_width(px(1.0)),
        ))
        .map_err(err)?;

    // One line per scheme (the legend is HTML, below the canvas): the reader's solid,
    // references dashed, a dot at the current inputs.
    for line in lines {
        let c = pal.of(&line.key);
        let style = c.stroke_width(px(if line.yours { 2.5 } else { 1.5 }));
        let points = line.points.clone();
        if line.yours {
            chart.draw_series(LineSeries::new(points, style))
        } else {
            chart.draw_series(DashedLineSeries::new(points, px(6.0), px(4.0), style))
        }
        .map_err(err)?;
        if let Some(p) = line.current {
            let r = px(if line.yours { 5.0 } else { 3.5 });
            chart
                .draw_series(std::iter::once(Circle::new(p, r, c.filled())))
                .map_err(err)?;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("#2f6fdf"), Some(RGBColor(0x2f, 0x6f, 0xdf)));
        assert_eq!(parse_color(" #fff "), Some(RGBColor(255, 255, 255)));
        assert_eq!(parse_color("rgb(1, 2, 3)"), Some(RGBColor(1, 2, 3)));
        assert_eq!(parse_color("rgba(1,2,3,0.5)"), Some(RGBColor(1, 2, 3)));
        assert_eq!(parse_color("rgb(1 2 3 / 50%)"), Some(RGBColor(1, 2, 3)));
        for bad in [
            "",
            "#ff",
            "#gggggg",
            "red",
            "rgb(1,2)",
            "rgb(300,0,0)",
            "#ffé",
        ] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

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
}
