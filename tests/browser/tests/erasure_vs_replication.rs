//! The replication-vs-erasure-coding comparison, driven as a reader would: presets and
//! sliders change the table, whose numbers are recomputed here with distlab-core's
//! durability model; both SVG charts are drawn (bars, lines, labels) and redrawn on change.

use distlab_browser_tests::*;
use distlab_core::erasure::durability::{
    data_durability, stripe_durability, FailureModel, Repair, Scheme,
};
use distlab_widgets_erasure::vs_replication::model::{fmt_nines, fmt_overhead, fmt_probability};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "erasure-coding-vs-replication-widget";
const PB: u64 = 1_000_000_000_000_000;
const CHUNK: u64 = 64 << 20;

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

fn cell(root: &Element, row: &str, col: &str) -> String {
    by_testid(root, &format!("cell-{row}-{col}"))
        .text_content()
        .unwrap_or_default()
}

/// Checks the table row `row` against the core's numbers for `scheme`.
fn check_row(root: &Element, row: &str, scheme: Scheme, model: &FailureModel, data: u64) {
    assert!(cell(root, row, "scheme").starts_with(&scheme.to_string()));
    assert_eq!(cell(root, row, "overhead"), fmt_overhead(scheme));
    assert_eq!(
        cell(root, row, "tolerated"),
        scheme.failures_tolerated().to_string()
    );
    let stripe = stripe_durability(scheme, model);
    let all = data_durability(scheme, model, data, CHUNK);
    assert_eq!(
        cell(root, row, "stripe-loss"),
        fmt_probability(stripe.log10_annual_loss)
    );
    assert_eq!(
        cell(root, row, "data-loss"),
        fmt_probability(all.log10_annual_loss)
    );
    assert_eq!(cell(root, row, "nines"), fmt_nines(all.log10_annual_loss));
}

/// What a chart box shows: its SVG markup.
fn drawing(chart: &Element) -> String {
    chart.inner_html()
}

/// How many marks of `selector` a chart box's SVG holds.
fn marks(chart: &Element, selector: &str) -> usize {
    qa(chart, &format!("svg {selector}")).len()
}

fn draws(canvas: &Element) -> u32 {
    canvas
        .get_attribute("data-draws")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn defaults_match_the_core() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    let model = FailureModel::new(0.04, 24.0, Repair::Serial);
    check_row(root, "rep", Scheme::replication(3), &model, PB);
    check_row(root, "rs", Scheme::reed_solomon(10, 4), &model, PB);
    check_row(root, "ref-6-3", Scheme::reed_solomon(6, 3), &model, PB);
    // The post's numbers: 1 PB is 3 PB raw with 3 copies, 1.4 PB with 10+4.
    assert_eq!(cell(root, "rep", "raw"), "3\u{a0}PB");
    assert_eq!(cell(root, "rs", "raw"), "1.4\u{a0}PB");
    assert_eq!(
        cell(root, "rs", "repair"),
        "10 × 64\u{a0}MiB = 640\u{a0}MiB"
    );
    assert_eq!(cell(root, "rep", "repair"), "1 × 64\u{a0}MiB = 64\u{a0}MiB");
}

#[wasm_bindgen_test]
async fn a_preset_changes_the_numbers() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    let before = cell(root, "rs", "data-loss");
    click(&by_testid(root, "preset-2")); // RS 6+3
    settle().await;
    let model = FailureModel::new(0.04, 24.0, Repair::Serial);
    check_row(root, "rs", Scheme::reed_solomon(6, 3), &model, PB);
    assert_ne!(cell(root, "rs", "data-loss"), before);
    assert!(text(root, "[data-testid='verdict']").starts_with("RS(6, 3) against 3× replication"));
    assert_eq!(
        by_testid(root, "preset-2").get_attribute("aria-pressed"),
        Some("true".into())
    );
    // 6+3 is now the reader's: the reference row goes, 10+4 comes in as a reference.
    assert!(q(root, "[data-testid='cell-ref-6-3-raw']").is_none());
    check_row(root, "ref-10-4", Scheme::reed_solomon(10, 4), &model, PB);

    click(&by_testid(root, "preset-4")); // RAID-6: k + 2
    settle().await;
    check_row(root, "rs", Scheme::reed_solomon(6, 2), &model, PB);
}

#[wasm_bindgen_test]
async fn the_charts_draw_and_redraw() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    let bars = by_testid(root, "chart-bars");
    let loss = by_testid(root, "chart-loss");
    assert!(wait_for(2000, || draws(&bars) >= 1 && draws(&loss) >= 1).await);
    // Three panels of one bar per scheme (3×, 10+4 and the 6+3 reference), each labelled.
    assert_eq!(marks(&bars, "rect"), 9, "bar chart is blank");
    assert!(marks(&bars, "text") >= 9 + 3);
    // One line and one dot per scheme, with labelled axes.
    assert_eq!(marks(&loss, "path.evr-line"), 3, "loss chart is blank");
    assert_eq!(marks(&loss, "circle"), 3);
    assert!(marks(&loss, "text") > 6);
    let first = drawing(&loss);
    assert!(bars
        .get_attribute("aria-label")
        .unwrap()
        .contains("RS(10, 4)"));

    // A slider moves: AFR 4 % → 10 %.
    let n = draws(&loss);
    let afr = by_testid(root, "in-afr");
    type_into(&afr, "100");
    settle().await;
    assert!(wait_for(2000, || draws(&loss) > n).await, "no redraw");
    assert_ne!(drawing(&loss), first, "the loss chart did not change");
    let model = FailureModel::new(0.10, 24.0, Repair::Serial);
    check_row(root, "rs", Scheme::reed_solomon(10, 4), &model, PB);
    check_row(root, "rep", Scheme::replication(3), &model, PB);

    // Repair-time axis and parallel repairs.
    let before = drawing(&loss);
    click(&by_testid(root, "axis-repair"));
    let select = by_testid(root, "in-repair");
    type_into(&select, "parallel");
    settle().await;
    let model = FailureModel::new(0.10, 24.0, Repair::Parallel);
    check_row(root, "rs", Scheme::reed_solomon(10, 4), &model, PB);
    assert_eq!(marks(&loss, "path.evr-line"), 3);
    assert_ne!(drawing(&loss), before, "the loss chart did not change axis");
    assert!(drawing(&loss).contains("Mean repair time"));
}

#[wasm_bindgen_test]
async fn options_set_the_start_and_bad_ones_are_reported() {
    let ph = mount(&[
        ("r", "2"),
        ("k", "4"),
        ("m", "2"),
        ("data", "1tb"),
        ("afr", "2.5"),
        ("repair-hours", "72"),
        ("chunk", "bogus"),
    ])
    .await;
    let root = &ph.el;
    let model = FailureModel::new(0.025, 72.0, Repair::Serial);
    check_row(
        root,
        "rep",
        Scheme::replication(2),
        &model,
        1_000_000_000_000,
    );
    check_row(
        root,
        "rs",
        Scheme::reed_solomon(4, 2),
        &model,
        1_000_000_000_000,
    );
    assert!(text(root, ".dl-option-messages").contains("data-chunk"));
}

#[wasm_bindgen_test]
async fn every_slider_has_its_own_name_and_one_region_talks() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    let sliders = qa(root, "input[type='range']");
    assert_eq!(sliders.len(), 7);
    let mut names: Vec<String> = sliders
        .iter()
        .map(|s| s.get_attribute("aria-label").unwrap_or_default())
        .collect();
    assert!(names.iter().all(|n| n.trim().len() > 3), "{names:?}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 7, "distinct names: {names:?}");
    let talkers = "[aria-live], output, [role='status'], [role='alert'], [role='log']";
    assert_eq!(qa(root, talkers).len(), 1, "one live region");
    type_into(&by_testid(root, "in-m"), "5");
    settle().await;
    let said = qa(root, talkers)[0].text_content().unwrap_or_default();
    assert!(said.starts_with("Parity chunks m 5. "), "{said}");
}

/// "3.1 × 10⁻⁹" or "4.5 %" as a number.
fn parse_probability(s: &str) -> f64 {
    if let Some(p) = s.strip_suffix("\u{a0}%") {
        return p.parse::<f64>().expect("percent") / 100.0;
    }
    let (mant, pow) = s.split_once('×').expect("a × 10ⁿ");
    let digits: String = pow
        .trim()
        .trim_start_matches("10")
        .chars()
        .map(|c| match c {
            '⁻' => '-',
            c => "⁰¹²³⁴⁵⁶⁷⁸⁹"
                .chars()
                .position(|d| d == c)
                .map_or(c, |d| (b'0' + d as u8) as char),
        })
        .collect();
    mant.trim().parse::<f64>().expect("mantissa") * 10f64.powi(digits.parse().expect("exponent"))
}

/// P(a given object is lost within a year), worked out here on its own: nodes fail at
/// λ = −ln(1 − AFR) a year, one repair at a time at μ = 8766 h / repair hours; the time
/// to climb from j to j + 1 failures is τ_j = (1 + μ τ_{j−1}) / ((n − j) λ); the object
/// is lost past m failures, after Στ years on average.
fn object_loss(k: u32, m: u32, afr: f64, repair_hours: f64) -> f64 {
    let lambda = -(1.0 - afr).ln();
    let mu = 8766.0 / repair_hours;
    let n = f64::from(k + m);
    let (mut tau, mut mttdl) = (0.0, 0.0);
    for j in 0..=m {
        tau = (1.0 + mu * tau) / ((n - f64::from(j)) * lambda);
        mttdl += tau;
    }
    -(-1.0 / mttdl).exp_m1()
}

#[wasm_bindgen_test]
async fn per_object_durability_matches_an_independent_formula() {
    for (r, k, m, afr, hours) in [("3", "10", "4", 0.04, 24.0), ("2", "6", "3", 0.1, 72.0)] {
        let afr_text = if afr == 0.04 { "4" } else { "10" };
        let ph = mount(&[
            ("r", r),
            ("k", k),
            ("m", m),
            ("afr", afr_text),
            ("repair-hours", &(hours as u32).to_string()),
        ])
        .await;
        let root = &ph.el;
        let r: u32 = r.parse().unwrap();
        let (k, m): (u32, u32) = (k.parse().unwrap(), m.parse().unwrap());
        for (row, code) in [("rep", (1, r - 1)), ("rs", (k, m))] {
            let p = object_loss(code.0, code.1, afr, hours);
            let shown = parse_probability(&cell(root, row, "stripe-loss"));
            assert!(
                (shown / p - 1.0).abs() < 0.06,
                "{row}: shown {shown}, expected {p}"
            );
            let nines = (-p.log10()).floor() as u32;
            assert_eq!(
                cell(root, row, "object-nines"),
                format!("{nines} nines"),
                "{row}: P = {p}"
            );
            // Per object is far more durable than the whole data set.
            let all = parse_probability(&cell(root, row, "data-loss"));
            assert!(all > p * 1000.0, "{row}: {all} vs {p}");
        }
        let note = text(root, "[data-testid='s3-note']");
        assert!(
            note.contains("eleven nines") && note.contains("per object per year"),
            "{note}"
        );
    }
}

/// Fails if `v` says "X instead of X" or counts in broken English.
fn reads_right(v: &str) {
    let words: Vec<&str> = v.split_whitespace().collect();
    for w in words.windows(4) {
        if w[1] == "instead" && w[2] == "of" {
            assert_ne!(w[0], w[3].trim_end_matches([',', ')']), "{v}");
        }
    }
    for bad in [
        " 0 chunks instead of 1",
        " 0 instead of 0",
        " 0 chunks",
        " 1 chunks",
        " 1 failed nodes",
        " 1 times",
    ] {
        assert!(!v.contains(bad), "{bad:?} in {v}");
    }
}

#[wasm_bindgen_test]
async fn the_verdict_reads_right_at_the_slider_edges() {
    for (r, k, m) in [
        ("3", "10", "0"),
        ("1", "1", "0"),
        ("1", "20", "8"),
        ("6", "20", "8"),
        ("6", "1", "0"),
        ("2", "1", "1"),
        ("1", "10", "4"),
    ] {
        let ph = mount(&[("r", r), ("k", k), ("m", m)]).await;
        let v = text(&ph.el, "[data-testid='verdict']");
        reads_right(&v);
        assert!(v.ends_with("in a year."), "{v}");
    }
    let ph = mount(&[("r", "1"), ("k", "1"), ("m", "0")]).await;
    let v = text(&ph.el, "[data-testid='verdict']");
    assert!(v.contains("neither survives a single failed node"), "{v}");
}

#[wasm_bindgen_test]
async fn at_360_px_the_loss_and_durability_numbers_are_on_screen() {
    let ph = mount(&[]).await;
    let root = &ph.el;
    root.set_attribute("style", "width: 340px").unwrap();
    settle().await;
    let right = root.get_bounding_client_rect().right();
    for row in ["rep", "rs"] {
        for col in ["stripe-loss", "object-nines", "data-loss", "nines"] {
            let c = by_testid(root, &format!("cell-{row}-{col}"));
            let rect = c.get_bounding_client_rect();
            assert!(
                rect.width() > 0.0 && rect.right() <= right + 0.5,
                "{row} {col} off screen: {} > {right}",
                rect.right()
            );
        }
    }
}

#[wasm_bindgen_test]
async fn narrow_charts_are_drawn_at_their_own_width_so_labels_stay_legible() {
    use distlab_widgets_erasure::vs_replication::chart::LABEL_PX;
    const { assert!(LABEL_PX >= 11.0) };
    let ph = mount(&[]).await;
    let root = &ph.el;
    root.set_attribute("style", "width: 340px").unwrap();
    // The widget redraws on resize; a phone's first draw is at its own width the same way.
    let resize = web_sys::Event::new("resize").unwrap();
    gloo::utils::window().dispatch_event(&resize).unwrap();
    settle().await;
    for id in ["chart-bars", "chart-loss"] {
        let c = by_testid(root, id);
        let css = f64::from(c.client_width());
        assert!(css <= 340.0, "{id} is {css} px wide");
        // The SVG is drawn at the box's width, one unit per CSS pixel, so text of
        // LABEL_PX units shows at LABEL_PX CSS pixels (it is not scaled down to fit).
        let svg = q(&c, "svg").expect("an svg");
        let drawn: f64 = svg
            .get_attribute("width")
            .and_then(|w| w.parse().ok())
            .unwrap_or(0.0);
        assert!(
            (drawn - css).abs() <= 1.0,
            "{id}: drawn at {drawn} for {css} CSS px"
        );
        let shown = svg.get_bounding_client_rect().width();
        assert!(
            (shown - css).abs() <= 1.0,
            "{id}: shown at {shown} for {css} CSS px"
        );
        let tick = q(&c, "text.evr-tick").expect("a tick label");
        let size = gloo::utils::window()
            .get_computed_style(&tick)
            .unwrap()
            .unwrap()
            .get_property_value("font-size")
            .unwrap();
        let px: f64 = size.trim_end_matches("px").parse().unwrap_or(0.0);
        assert!(px >= LABEL_PX, "{id}: labels at {size}");
    }
}
