//! # `erasure-coding-vs-replication-widget`: the same data, two ways to keep it
//!
//! The reader stores one data set with `r`-way replication and with Reed-Solomon
//! RS(k, m) and compares what each costs and buys: raw storage, overhead `n/k`,
//! failures tolerated, chunks read to repair one lost chunk, and the probability of
//! losing data within a year for a per-node annual failure rate (AFR) and a mean repair
//! time. Every number comes from [`distlab_core::erasure::durability`] (a Markov chain
//! of failures and repairs; the model is stated on screen). Two SVG charts (written as
//! text, [`chart`]) show the lineup (bars) and the loss probability against AFR or
//! repair time (log scale); a real table carries the same numbers for screen readers
//! and tests.
//!
//! Options (`data-*`): `r` (1–6, default 3), `k` (1–20, default 10), `m` (0–8,
//! default 4), `data` (`1gb` `10gb` … `1pb` … `1eb`, default `1pb`), `chunk` (`1mib`
//! `4mib` `16mib` `64mib` `256mib` `1gib`, default `64mib`), `afr` (percent, 0.5–15 in
//! steps of 0.5, default 4), `repair-hours` (one of 1 2 4 6 12 24 48 72 168 336 720,
//! default 24), `repair` (`serial` or `parallel`, default serial), `x` (the loss chart's
//! axis: `afr` or `repair`, default afr).
//!
//! Test hooks: `preset-{i}`; sliders `in-r`, `in-k`, `in-m`, `in-data`, `in-chunk`,
//! `in-afr`, `in-repair-time`; `in-repair` (select); `axis-afr`, `axis-repair`;
//! charts `chart-bars`, `chart-loss` (boxes holding the SVG; `data-draws` counts
//! redraws); table cells
//! `cell-{row}-{col}` with row `rep`, `rs`, `ref-3x`, `ref-10-4`, `ref-6-3` and col
//! `scheme`, `raw`, `overhead`, `tolerated`, `repair`, `stripe-loss` and `object-nines`
//! (one object), `data-loss` and `nines` (the whole data set); `s3-note` (per object
//! against the whole data set); `verdict` (the comparison in one sentence).

pub mod chart;
pub mod model;

use distlab_core::erasure::durability::Repair;
use distlab_kit::controls::{live_region, option_messages};
use distlab_kit::markup::{delegate, esc, raw};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{
    fmt_afr, fmt_bytes, fmt_hours, fmt_nines, fmt_overhead, fmt_probability, fmt_ratio, fmt_repair,
    lineup, summary, verdict, Action, Config, Inputs, Row, XAxis, AFR_MAX, AFR_MIN, AFR_STEP,
    CHUNK_SIZES, DATA_SIZES, MAX_K, MAX_M, MAX_R, PRESETS, REPAIR_HOURS,
};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "erasure-coding-vs-replication-widget",
    title: "Erasure coding vs replication",
    post: "Erasure Coding: Fault Tolerance Without Full Replication",
    summary: "Store the same data with r copies or with Reed-Solomon k+m and weigh raw \
              storage, failures survived and repair reads against the chance of losing \
              data in a year, from a Markov model of node failures and repairs.",
    heights: &[(0, 3681), (700, 1971)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <ErasureVsReplication {config} /> }
}

distlab_kit::controls::reducible_by_apply!(Inputs, Action);

/// Props of [`ErasureVsReplication`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// Writes a chart's SVG into its box, drawn at the box's inner size (`svg(width,
/// height)`, one unit per CSS pixel; the stylesheet gives the box the height chart.rs
/// computes, `fallback(width)` stands in before layout), and counts the redraws in
/// `data-draws` (a hook for tests).
fn draw(el: &web_sys::Element, fallback: fn(f64) -> f64, svg: impl Fn(f64, f64) -> String) {
    let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
    let w = if w < 1.0 { chart::FALLBACK_WIDTH } else { w };
    el.set_inner_html(&svg(w, if h < 1.0 { fallback(w) } else { h }));
    let n = el
        .get_attribute("data-draws")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    let _ = el.set_attribute("data-draws", &(n.wrapping_add(1)).to_string());
}

/// Draws both charts for `i` at their boxes' widths, and marks the table's scroll box
/// `data-overflow` when it is cut off (the stylesheet then shows its "Scroll sideways →"
/// cue, as the kit's `ScrollBox` does).
fn redraw(root: &web_sys::Element, i: &Inputs) {
    let rows = lineup(i);
    let find = |sel: &str| root.query_selector(sel).ok().flatten();
    if let Some(el) = find("[data-testid='chart-bars']") {
        draw(&el, chart::bars_height, |w, h| chart::bars_svg(&rows, w, h));
    }
    if let Some(el) = find("[data-testid='chart-loss']") {
        let lines = i.lines(&rows);
        draw(&el, chart::loss_height, |w, h| {
            chart::loss_svg(i, &lines, w, h)
        });
    }
    if let Some(el) = find(".evr-table-wrap") {
        let over = el.scroll_width() > el.client_width() + 1;
        let _ = el.set_attribute("data-overflow", if over { "true" } else { "false" });
    }
}

/// The comparison widget.
#[function_component(ErasureVsReplication)]
pub fn erasure_vs_replication(props: &Props) -> Html {
    let inputs = use_reducer_eq({
        let i = props.config.inputs.clone();
        move || i
    });
    let root = use_node_ref();

    // After every change, and on every window resize until the next change: the
    // charts are drawn at their laid-out width (colours follow the theme through CSS,
    // with no redraw).
    {
        let root = root.clone();
        use_effect_with((*inputs).clone(), move |i| {
            let el = root.cast::<web_sys::Element>();
            if let Some(el) = &el {
                redraw(el, i);
            }
            let i = i.clone();
            let resize =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    if let Some(el) = &el {
                        redraw(el, &i);
                    }
                });
            move || drop(resize)
        });
    }

    let i: &Inputs = &inputs;
    let rows = lineup(i);
    // One listener for the seven sliders (input events bubble), by test id.
    let on_slide = {
        let d = inputs.dispatcher();
        Callback::from(move |e: InputEvent| {
            let el = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Ok(v) = el.value().parse::<u32>() else {
                return;
            };
            let n = v as usize;
            d.dispatch(match el.get_attribute("data-testid").as_deref() {
                Some("in-r") => Action::R(v),
                Some("in-k") => Action::K(v),
                Some("in-m") => Action::M(v),
                Some("in-data") => Action::Data(n),
                Some("in-chunk") => Action::Chunk(n),
                Some("in-afr") => Action::Afr(v),
                Some("in-repair-time") => Action::RepairTime(n),
                _ => return,
            });
        })
    };
    let on_repair = {
        let d = inputs.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            d.dispatch(Action::Repair(if v == "parallel" {
                Repair::Parallel
            } else {
                Repair::Serial
            }));
        })
    };
    let onclick = {
        let d = inputs.dispatcher();
        delegate(".evr [data-act]", move |act, n, _| match act {
            "preset" => {
                if let Some(p) = PRESETS.get(n) {
                    d.dispatch(Action::Preset(*p));
                }
            }
            "afr" => d.dispatch(Action::Axis(XAxis::Afr)),
            "repair" => d.dispatch(Action::Axis(XAxis::RepairTime)),
            _ => {}
        })
    };
    let mut head = String::from(
        "<h3>Erasure coding vs replication</h3><p class=\"dl-muted\">The same data stored two ways: r full copies, or k data \
         chunks plus m parity chunks (Reed-Solomon). Move the sliders and compare storage, failures survived, repair reads \
         and the chance of losing data in a year.</p><div class=\"evr-presets\" role=\"group\" aria-label=\"Presets\">\
         <span class=\"dl-muted\">Presets:</span>",
    );
    for (n, p) in PRESETS.iter().enumerate() {
        head += &format!(
            "<button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"preset-{n}\" data-act=\"preset\" data-i=\"{n}\" \
             aria-pressed=\"{}\">{}</button>",
            p.is_active(i),
            p.label()
        );
    }
    head += "</div>";
    let afr_axis = i.x_axis == XAxis::Afr;
    let loss_head = format!(
        "<figcaption>Probability of losing any of the {} in a year</figcaption><div class=\"evr-axis\" role=\"group\" \
         aria-label=\"Loss chart x axis\"><button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"axis-afr\" data-act=\"afr\" \
         aria-pressed=\"{afr_axis}\">vs node AFR</button><button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"axis-repair\" \
         data-act=\"repair\" aria-pressed=\"{}\">vs repair time</button></div>",
        DATA_SIZES[i.data].1, !afr_axis
    );
    let mut legend = String::from("<ul class=\"evr-legend\" aria-hidden=\"true\">");
    for r in &rows {
        legend += &format!(
            "<li class=\"evr-key-{}\"><span class=\"evr-swatch{}\"></span>{}{}</li>",
            r.key,
            if r.yours { "" } else { " evr-swatch-ref" },
            r.scheme,
            if r.yours { "" } else { " (reference)" }
        );
    }
    legend += "<li><span class=\"evr-swatch evr-swatch-now\"></span>current inputs</li></ul>";

    html! {
        <div class="evr" ref={root} {onclick}>
            { option_messages(&props.config.messages) }
            { raw(head) }

            <div class="evr-inputs" oninput={on_slide}>
                <fieldset class="evr-group">
                    <legend>{ "Replication" }</legend>
                    { slider("Copies r", &format!("{}×", i.r), 1, MAX_R, 1, i.r, "in-r") }
                </fieldset>
                <fieldset class="evr-group">
                    <legend>{ "Reed-Solomon" }</legend>
                    { slider("Data chunks k", &i.k.to_string(), 1, MAX_K, 1, i.k, "in-k") }
                    { slider("Parity chunks m", &i.m.to_string(), 0, MAX_M, 1, i.m, "in-m") }
                </fieldset>
                <fieldset class="evr-group">
                    <legend>{ "Data" }</legend>
                    { slider("Data size", DATA_SIZES[i.data].1, 0, DATA_SIZES.len() as u32 - 1, 1,
                        i.data as u32, "in-data") }
                    { slider("Chunk size", CHUNK_SIZES[i.chunk].1, 0, CHUNK_SIZES.len() as u32 - 1, 1,
                        i.chunk as u32, "in-chunk") }
                </fieldset>
                <fieldset class="evr-group">
                    <legend>{ "Failures and repairs" }</legend>
                    { slider("Node AFR", &fmt_afr(i.afr_tenths), AFR_MIN, AFR_MAX, AFR_STEP, i.afr_tenths,
                        "in-afr") }
                    { slider("Mean repair time", &fmt_hours(i.repair_hours()), 0, REPAIR_HOURS.len() as u32 - 1, 1,
                        i.repair_time as u32, "in-repair-time") }
                    <label class="evr-select">
                        { "Repairs " }
                        <select data-testid="in-repair" onchange={on_repair}>
                            <option value="serial" selected={i.repair == Repair::Serial}>{ "one at a time" }</option>
                            <option value="parallel" selected={i.repair == Repair::Parallel}>{ "all in parallel" }</option>
                        </select>
                    </label>
                </fieldset>
            </div>

            { raw(format!("<p class=\"evr-verdict\" data-testid=\"verdict\">{}</p>", esc(&verdict(&rows)))) }

            <figure class="evr-figure">
                { raw("<figcaption>What each scheme costs and survives</figcaption>".into()) }
                <div class="evr-canvas evr-canvas-bars" data-testid="chart-bars"
                    role="img" aria-label={bars_label(&rows)}></div>
            </figure>

            <figure class="evr-figure">
                { raw(loss_head) }
                <div class="evr-canvas evr-canvas-loss" data-testid="chart-loss"
                    role="img" aria-label={loss_label(i, &rows)}></div>
                { raw(legend) }
            </figure>

            { raw(table_note(i)) }
            { raw(format!("<div class=\"dl-scrollbox evr-table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Comparison table\">{}</div>\
                <p class=\"dl-scroll-cue dl-muted\" aria-hidden=\"true\">Scroll sideways →</p>", table(&rows))) }
            { raw(per_object_note(&rows, i)) }

            { raw("<p class=\"evr-model dl-muted\"><strong>The model. </strong>Nodes fail independently, at exponentially \
                   distributed times, each with the chosen annual failure rate; a failed chunk is rebuilt on a new node after the \
                   mean repair time (one repair at a time, or all in parallel). A stripe — the n chunks of one object — is lost \
                   when more than m of its chunks (all r copies) are down at once; the data set is lost if any stripe is, counting \
                   stripes as independent. This is the Markov chain of classic RAID analysis, solved exactly. Correlated failures \
                   (a rack, a power cut, a bad software push) and unreadable sectors found during a rebuild are not modelled, and \
                   they dominate real losses: treat these numbers as an upper bound on durability.</p>".into()) }
            { live_region(summary(i, &rows)) }
        </div>
    }
}

/// A range input named `label` (its `aria-label`, so the name never depends on how the
/// label's text and value are laid out) with its value shown and spoken via
/// `aria-valuetext`.
fn slider(
    label: &str,
    value_text: &str,
    min: u32,
    max: u32,
    step: u32,
    value: u32,
    testid: &str,
) -> Html {
    html! {
        <label class="evr-slider">
            // The value is shown beside the name but not spoken from here: the input's own
            // aria-valuetext says it, and the widget's one live region says what changed.
            // (An <output> would be a live region of its own: seven of them, all talking.)
            <span class="evr-slider-label">{ label }<span class="evr-value" aria-hidden="true">{ value_text }</span></span>
            <input type="range" min={min.to_string()} max={max.to_string()} step={step.to_string()}
                value={value.to_string()} aria-valuetext={value_text.to_string()} aria-label={label.to_string()}
                data-testid={testid.to_string()} />
        </label>
    }
}

/// The bar chart's accessible description: its numbers, scheme by scheme.
fn bars_label(rows: &[Row]) -> String {
    let parts: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{}: overhead {}, tolerates {}, reads {} chunks per repair",
                r.scheme,
                fmt_overhead(r.scheme),
                r.scheme.failures_tolerated(),
                r.repair_reads
            )
        })
        .collect();
    format!(
        "Bar charts. {}. The table below has the same numbers.",
        parts.join("; ")
    )
}

/// The loss chart's accessible description.
fn loss_label(i: &Inputs, rows: &[Row]) -> String {
    let x = match i.x_axis {
        XAxis::Afr => "node annual failure rate from 0.5 % to 15 %",
        XAxis::RepairTime => "mean repair time from 1 hour to 30 days",
    };
    let now: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}", r.scheme, fmt_probability(r.data.log10_annual_loss)))
        .collect();
    format!(
        "Line chart, logarithmic: probability of losing data in a year against the {x}. At the current \
         inputs: {}. The table below has the same numbers.",
        now.join("; ")
    )
}

/// The table's columns: test-hook name and header. At narrow widths each row becomes a
/// card, and each cell shows its header beside it (`data-label`).
const COLUMNS: [(&str, &str); 9] = [
    ("scheme", "Scheme"),
    ("raw", "Raw storage"),
    ("overhead", "Overhead"),
    ("tolerated", "Failures tolerated"),
    ("repair", "Repair reads per lost chunk"),
    ("stripe-loss", "Loss per year, one object"),
    ("object-nines", "Durability per object"),
    ("data-loss", "Loss per year, any of the data"),
    ("nines", "Durability of the whole data set"),
];

/// A row's text in column `col`.
fn cell_text(r: &Row, col: &str) -> String {
    match col {
        "raw" => fmt_bytes(r.raw_bytes),
        "overhead" => fmt_overhead(r.scheme),
        "tolerated" => r.scheme.failures_tolerated().to_string(),
        "repair" => fmt_repair(r),
        "stripe-loss" => fmt_probability(r.stripe.log10_annual_loss),
        "object-nines" => fmt_nines(r.stripe.log10_annual_loss),
        "data-loss" => fmt_probability(r.data.log10_annual_loss),
        "nines" => fmt_nines(r.data.log10_annual_loss),
        _ => String::new(),
    }
}

/// The data and failure settings in one line, above the table.
fn table_note(i: &Inputs) -> String {
    format!(
        "<p class=\"evr-table-note dl-muted\">{} of data in {} chunks; node AFR {}, mean repair {} ({}).</p>",
        DATA_SIZES[i.data].1,
        CHUNK_SIZES[i.chunk].1,
        fmt_afr(i.afr_tenths),
        fmt_hours(i.repair_hours()),
        if i.repair == Repair::Serial {
            "one at a time"
        } else {
            "in parallel"
        }
    )
}

/// The accessible alternative to the charts: every number, one row per scheme (HTML
/// text; the scroll box around it and the per-object note are beside it).
fn table(rows: &[Row]) -> String {
    let mut s = String::from(
        "<table class=\"evr-table\"><caption class=\"dl-sr-only\">The numbers behind the charts, one row per scheme</caption><thead><tr>",
    );
    for (_, h) in COLUMNS {
        s += &format!("<th scope=\"col\">{h}</th>");
    }
    s += "</tr></thead><tbody>";
    for r in rows {
        let key = r.key;
        s += &format!(
            "<tr class=\"{}\"><th scope=\"row\" data-testid=\"cell-{key}-scheme\">{}{}</th>",
            if r.yours { "evr-yours" } else { "" },
            r.scheme,
            if r.yours {
                ""
            } else {
                "<span class=\"dl-muted\"> (reference)</span>"
            }
        );
        for (col, head) in &COLUMNS[1..] {
            s += &format!(
                "<td data-testid=\"cell-{key}-{col}\" data-label=\"{head}\">{}</td>",
                cell_text(r, col)
            );
        }
        s += "</tr>";
    }
    s += "</tbody></table>";
    s
}

/// Why the whole data set looks so much less durable than S3's eleven nines: those are
/// per object, and a data set of many objects is lost if any one of them is.
fn per_object_note(rows: &[Row], i: &Inputs) -> String {
    let Some(rs) = rows.get(1) else {
        return String::new();
    };
    let objects = rs.stripes.max(1);
    let how_many = if objects == 1 {
        "1 object".to_string()
    } else {
        format!("about {} objects", fmt_ratio((objects as f64).log10()))
    };
    format!(
        "<p class=\"evr-s3 dl-muted\" data-testid=\"s3-note\">An object here is one stripe (for {}: {} data chunks of {}). Amazon S3's \
         “eleven nines” are a designed durability per object per year: a given object has about a 1 in 10¹¹ chance of being lost in a \
         year. The whole {} is {how_many}, and losing any one of them counts as losing data: the chance of losing some of it is \
         about that many times the per-object chance, until it nears certainty.</p>",
        rs.scheme,
        rs.scheme.data_chunks(),
        CHUNK_SIZES[i.chunk].1,
        DATA_SIZES[i.data].1
    )
}
