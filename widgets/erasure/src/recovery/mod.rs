//! # `erasure-coding-recovery-widget`: lose up to m nodes, rebuild from any k
//!
//! Fourteen nodes (10+4, or another preset) each hold one chunk of an encoded text.
//! The reader fails nodes by clicking them (or "Fail a random node", seeded) and
//! brings them back. While at most `m` are lost, recovery reads `k` survivors — the
//! reader may choose which — takes their `k` rows of the encoding matrix (`S`), inverts
//! `S` by Gauss-Jordan elimination (step by step), multiplies to get the data back
//! (checked byte for byte against the original) and re-encodes each lost chunk onto a
//! replacement node. With more than `m` lost the widget says the data is gone: fewer
//! than `k` chunks exist, and no arithmetic can make up the difference. A cost panel
//! sets the `k` chunks recovery reads against the one replica replication copies.
//!
//! Options (`data-*`): `k` (1–12, default 10), `m` (0–6, default 4), `seed` (for "fail
//! random", default 14), `text` (the data stored, at most 256 bytes), `failed` (nodes
//! failed at the start, a comma list such as `0,5`; default none).
//!
//! Test hooks: `preset-{i}`, `node-{i}` (with `data-state` healthy / failed /
//! replacement and `data-hex`, the chunk held), `fail-random`, `restore-all`, `status`
//! (with `data-state` healthy / recoverable / unrecoverable), `use-{i}`, `picked`,
//! `submatrix`, `inverse` (with `data-hex`, rows joined by `/`), `gj-step`, `gj-next`,
//! `gj-end`, `augmented`, `rebuild`, `recovered` (with `data-hex`), `recovered-check`,
//! `rebuilt-{j}` (with `data-hex`), `read-cost`, `steps-gone` (what stands in the
//! steps' place, at their height, while recovery is impossible).

pub mod model;

use crate::encode::model::{chunk_name, hex_byte, hex_bytes, printable, PRESETS};
use crate::encode::steps_table;
use distlab_core::erasure::{Matrix, RecoveryPlan};
use distlab_kit::controls::{live_region, option_messages};
use distlab_kit::markup::{delegate, esc, raw};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{Action, Config, GjStep, Model, NodeState, RowOp};
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "erasure-coding-recovery-widget",
    title: "Reed-Solomon recovery",
    post: "Erasure Coding: Fault Tolerance Without Full Replication",
    summary: "Fail storage nodes and rebuild their chunks from any k survivors: see the \
              submatrix inverted step by step, the data recovered byte for byte, and \
              what one more failure than m costs.",
    heights: &[(0, 2464), (700, 1581)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <ErasureRecovery {config} /> }
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

/// Props of [`ErasureRecovery`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// The recovery widget. Its markup is HTML text ([`raw`]), in pieces that change on
/// their own; every button carries `data-act` (and `data-i`) and is handled by one
/// listener on the root. The elimination's `<details>` and its spoken step line stay
/// Yew elements, so the reader's open/closed choice and the live line persist.
#[function_component(ErasureRecovery)]
pub fn erasure_recovery(props: &Props) -> Html {
    let state = use_reducer_eq({
        let config = props.config.clone();
        move || Model::new(&config)
    });
    let onclick = {
        let s = state.dispatcher();
        delegate(".erc [data-act]", move |act, i, _| {
            s.dispatch(match act {
                "toggle" => Action::Toggle(i),
                "random" => Action::FailRandom,
                "restore" => Action::RestoreAll,
                "preset" => Action::Preset(i),
                "use" => Action::ToggleUse(i),
                "first" => Action::DefaultUse,
                "gj" => Action::GjGoto(i),
                "rebuild" => Action::Rebuild,
                _ => return,
            })
        })
    };
    let m: &Model = &state;
    let k = m.k();
    let steps_ref = use_node_ref();
    use_reserve(steps_ref.clone(), (k, m.m()));
    html! {
        <div class="erc" {onclick}>
            { option_messages(&props.config.messages) }
            { raw(top(m)) }
            // The steps keep their space when recovery becomes impossible: a message
            // stands in their place, so the post below does not jump (see `use_reserve`).
            <div class="erc-steps" ref={steps_ref}>
                if m.recoverable() {
                    { raw(survivors(m)) }
                    { inversion(m) }
                    { raw(rebuild(m)) }
                } else {
                    { raw(format!("<p class=\"erc-gone\" data-testid=\"steps-gone\">No recovery steps to show: a rebuild needs {k} chunks \
                        and only {} survive, and no choice of survivors or arithmetic can make up the difference. Bring a node back and \
                        the steps return.</p>", m.alive().len())) }
                }
                { raw(read_cost(m)) }
            </div>
            { live_region(m.announcement.clone()) }
        </div>
    }
}

/// `<button>` HTML: classes, `data-act`/`data-i`, extra attributes, the label (HTML).
fn button(class: &str, act: &str, i: usize, attrs: &str, label: &str) -> String {
    format!("<button type=\"button\" class=\"{class}\" data-act=\"{act}\" data-i=\"{i}\"{attrs}>{label}</button>")
}

/// The title, presets, the fail/restore row, the nodes, their legend and the status.
fn top(m: &Model) -> String {
    let (k, n) = (m.k(), m.n());
    let mut s = format!(
        "<div><h3>Recover: lose nodes, rebuild from any k</h3><p class=\"dl-muted\">Each of the {n} nodes holds one chunk: D0–D{} \
         are the data, the rest parity. Click a node to fail it (click again to bring it back).</p></div>\
         <div class=\"dl-row\" role=\"group\" aria-label=\"Presets\">",
        k - 1
    );
    for (i, p) in PRESETS.iter().enumerate() {
        s += &button(
            "dl-btn dl-toggle",
            "preset",
            i,
            &format!(
                " data-testid=\"preset-{i}\" aria-pressed=\"{}\"",
                p.k == k && p.m == m.m()
            ),
            p.name,
        );
    }
    s += "</div><div class=\"dl-row\">";
    s += &button(
        "dl-btn",
        "random",
        0,
        if m.alive().is_empty() {
            " data-testid=\"fail-random\" disabled"
        } else {
            " data-testid=\"fail-random\""
        },
        "Fail a random node",
    );
    s += &button(
        "dl-btn",
        "restore",
        0,
        " data-testid=\"restore-all\"",
        "Restore all",
    );
    s += "</div>";
    s += &nodes(m);
    s += "<p class=\"dl-muted erc-legend\"><span class=\"erc-key erc-key-read\" aria-hidden=\"true\"></span> read for recovery  \
          <span class=\"erc-key erc-key-failed\" aria-hidden=\"true\"></span> failed  \
          <span class=\"erc-key erc-key-repl\" aria-hidden=\"true\"></span> replacement (rebuilt chunk)</p>";
    s += &status(m);
    s
}

/// Keeps the element's tallest height so far as its `min-height`, so it never shrinks
/// under the reader (failing a fifth node of 10+4 would otherwise drop ~700 px of
/// steps at once). Forgotten when the code (`key`) or the element's width changes,
/// since both change what fits.
#[hook]
fn use_reserve(el: NodeRef, key: (usize, usize)) {
    let seen = use_mut_ref(|| ((0usize, 0usize), 0i32, 0i32));
    use_effect(move || {
        let Some(el) = el.cast::<web_sys::HtmlElement>() else {
            return;
        };
        let mut s = seen.borrow_mut();
        let width = el.client_width();
        let style = el.style();
        if s.0 != key || s.1 != width {
            *s = (key, width, 0);
            let _ = style.remove_property("min-height");
        }
        s.2 = s.2.max(el.offset_height());
        let _ = style.set_property("min-height", &format!("{}px", s.2));
    });
}

/// The nodes as buttons: fail / restore.
fn nodes(m: &Model) -> String {
    let k = m.k();
    let read: &[usize] = if m.recoverable() { &m.chosen } else { &[] };
    let (wide, narrow) = model::node_columns(m.n());
    let mut s = format!(
        "<ul class=\"erc-nodes\" aria-label=\"Storage nodes\" style=\"--wide: {wide}; --narrow: {narrow}\">"
    );
    for (i, st) in m.nodes.iter().enumerate() {
        let (word, icon, class) = match st {
            NodeState::Healthy => ("healthy", "●", "erc-healthy"),
            NodeState::Failed => ("failed", "✗", "erc-failed"),
            NodeState::Replacement => ("replacement", "", "erc-replacement"),
        };
        let failed = *st == NodeState::Failed;
        let name = chunk_name(i, k);
        let is_read = read.contains(&i);
        let hex = m
            .stored
            .get(i)
            .and_then(|c| c.as_deref())
            .map(hex_bytes)
            .unwrap_or_default();
        // Accessible name: the visible text plus what a press does.
        let label = format!(
            "<span class=\"erc-node-name\">node {i}</span><span class=\"dl-sr-only\">, chunk </span>{}\
             <span class=\"erc-node-state\"><span aria-hidden=\"true\">{icon}</span>{}{word}</span>\
             <span class=\"dl-sr-only\">{}. {}</span>",
            if failed {
                format!("<s class=\"erc-node-chunk\">{name}</s>")
            } else {
                format!("<span class=\"erc-node-chunk\">{name}</span>")
            },
            if icon.is_empty() { "" } else { " " },
            if is_read { ", read for recovery" } else { "" },
            if failed {
                "Press to bring it back."
            } else {
                "Press to fail it."
            }
        );
        s += "<li>";
        s += &button(
            &format!("erc-node {class}{}", if is_read { " erc-read" } else { "" }),
            "toggle",
            i,
            &format!(" data-testid=\"node-{i}\" data-state=\"{word}\" data-hex=\"{hex}\""),
            &label,
        );
        s += "</li>";
    }
    s += "</ul>";
    s
}

/// Healthy, recoverable or unrecoverable, in words.
fn status(m: &Model) -> String {
    let (k, mm, n) = (m.k(), m.m(), m.n());
    let lost = m.lost().len();
    let alive = m.alive().len();
    let (state, class, text) = if lost == 0 {
        (
            "healthy",
            "erc-status-ok",
            format!(
                "All {n} chunks present. Any {k} of them hold the data; up to {mm} may be lost."
            ),
        )
    } else if m.recoverable() {
        ("recoverable", "erc-status-warn", format!(
            "{lost} of {n} chunks lost (at most {mm} may be): recoverable. {alive} survive; any {k} of them rebuild everything."))
    } else {
        ("unrecoverable", "erc-status-bad", format!(
            "Unrecoverable: {lost} chunks lost, more than m = {mm}. Only {alive} of the {k} chunks needed survive: \
             the data is gone."))
    };
    format!(
        "<p class=\"erc-status {class}\" data-testid=\"status\" data-state=\"{state}\">{text}</p>"
    )
}

/// Step 1: which survivors to read.
fn survivors(m: &Model) -> String {
    let k = m.k();
    let picked = m.chosen.len();
    let mut s = format!(
        "<section class=\"erc-step\" aria-label=\"Step 1: choose the chunks to read\"><h4>1. Read any {k} surviving chunks</h4>\
         <div class=\"erc-uses\" role=\"group\" aria-label=\"Chunks to read\">"
    );
    for i in m.alive() {
        let name = chunk_name(i, k);
        s += &button(
            "dl-btn dl-toggle erc-use",
            "use",
            i,
            &format!(
                " aria-pressed=\"{}\" data-testid=\"use-{i}\" aria-label=\"Read chunk {name}\"",
                m.chosen.contains(&i)
            ),
            &name,
        );
    }
    s += &button(
        "dl-btn",
        "first",
        0,
        " data-focus-key=\"first-k\"",
        &format!("First {k}"),
    );
    s += &format!(
        "</div><p class=\"{}\" data-testid=\"picked\">{}</p></section>",
        if picked == k { "dl-muted" } else { "dl-error" },
        if picked == k {
            format!("Reading {}.", names(&m.chosen, k))
        } else {
            format!("{picked} picked: pick exactly {k} chunks to read.")
        }
    );
    s
}

/// The chunk names of `chunks`, joined by ", ".
fn names(chunks: &[usize], k: usize) -> String {
    chunks
        .iter()
        .map(|&i| chunk_name(i, k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A matrix as a table with row labels; `hl` rows get `hl_class`; `split` draws a bar
/// before that column.
fn matrix_table(
    rows: &[Vec<u8>],
    labels: &[String],
    hl: &[(usize, &'static str)],
    split: Option<usize>,
) -> String {
    let mut s = String::from("<table class=\"erc-matrix\"><tbody>");
    for (r, row) in rows.iter().enumerate() {
        let class = hl.iter().find(|(h, _)| *h == r).map_or("", |(_, c)| *c);
        s += &format!(
            "<tr class=\"{class}\"><th scope=\"row\">{}</th>",
            labels.get(r).map_or("", String::as_str)
        );
        for (c, &v) in row.iter().enumerate() {
            let mut cl = "";
            if v == 0 {
                cl = "erc-zero";
            }
            if Some(c) == split {
                cl = if v == 0 {
                    "erc-zero erc-split"
                } else {
                    "erc-split"
                };
            }
            s += &format!("<td class=\"{cl}\">{}</td>", hex_byte(v));
        }
        s += "</tr>";
    }
    s += "</tbody></table>";
    s
}

fn rows_of(m: &Matrix) -> Vec<Vec<u8>> {
    m.iter_rows().map(<[u8]>::to_vec).collect()
}

fn rows_hex(rows: &[Vec<u8>]) -> String {
    rows.iter()
        .map(|r| hex_bytes(r))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Step 2: the submatrix, its inverse, and Gauss-Jordan step by step.
fn inversion(m: &Model) -> Html {
    let k = m.k();
    let Some(plan) = m.plan() else {
        return html! {};
    };
    let used_names: Vec<String> = plan.used.iter().map(|&i| chunk_name(i, k)).collect();
    let data_names: Vec<String> = (0..k).map(|i| format!("D{i}")).collect();
    let s_rows = rows_of(&plan.submatrix);
    let inv_rows = rows_of(&plan.inverse);
    let steps = m.gj_steps();
    let last = steps.len();
    let at = m.gj_at.min(last);
    let current: Vec<Vec<u8>> = if at == 0 {
        s_rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let mut v = row.clone();
                v.extend((0..k).map(|c| u8::from(c == r)));
                v
            })
            .collect()
    } else {
        steps[at - 1].after.clone()
    };
    let (describe, hl) = describe_step(at, &steps, k);
    let aug_labels: Vec<String> = (0..k).map(|r| format!("R{r}")).collect();
    let head = format!(
        "<h4>2. Invert their rows of the encoding matrix</h4><p class=\"dl-muted\">The bytes read are S × data, where S holds the {k} \
         chosen chunks' rows of E. So data = S⁻¹ × (bytes read).</p><div class=\"erc-matrices\">\
         <figure><figcaption>S (rows of E for the chunks read)</figcaption><div class=\"erc-scroll\" tabindex=\"0\" role=\"region\" \
         aria-label=\"Submatrix S\" data-testid=\"submatrix\" data-hex=\"{}\">{}</div></figure>\
         <figure><figcaption>S⁻¹ (row i gives data chunk Di)</figcaption><div class=\"erc-scroll\" tabindex=\"0\" role=\"region\" \
         aria-label=\"Inverse of S\" data-testid=\"inverse\" data-hex=\"{}\">{}</div></figure></div>",
        rows_hex(&s_rows),
        matrix_table(&s_rows, &used_names, &[], None),
        rows_hex(&inv_rows),
        matrix_table(&inv_rows, &data_names, &[], None),
    );
    let dis = |off: bool| if off { " disabled" } else { "" };
    let mut controls =
        String::from("<div class=\"dl-row\" role=\"group\" aria-label=\"Elimination steps\">");
    for (to, attrs, label) in [
        (0, " data-focus-key=\"gj-start\"", "« Start"),
        (
            at.saturating_sub(1),
            " data-focus-key=\"gj-back\" aria-label=\"Back one row operation\"",
            "‹ Back",
        ),
    ] {
        controls += &button(
            "dl-btn",
            "gj",
            to,
            &format!("{attrs}{}", dis(at == 0)),
            label,
        );
    }
    controls += &button(
        "dl-btn dl-btn-primary",
        "gj",
        at + 1,
        &format!(
            " data-testid=\"gj-next\" aria-label=\"Next row operation\"{}",
            dis(at >= last)
        ),
        "Next ›",
    );
    controls += &button(
        "dl-btn",
        "gj",
        last,
        &format!(
            " data-testid=\"gj-end\" aria-label=\"End: the last row operation\"{}",
            dis(at >= last)
        ),
        "End »",
    );
    controls += &format!("<span class=\"dl-muted\">step {at} of {last}</span></div>");
    let augmented = format!(
        "{}<div class=\"erc-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Augmented matrix [S | I] (scrolls sideways)\" \
         data-testid=\"augmented\" data-hex=\"{}\">{}</div>",
        crate::encode::scroll_cue("the right half continues"),
        rows_hex(&current),
        matrix_table(&current, &aug_labels, &hl, Some(k)),
    );
    html! {
        <section class="erc-step" aria-label="Step 2: invert the submatrix">
            { raw(head) }
            // Shown even with no steps (only data chunks read: S = I), so the widget
            // keeps its height whichever chunks are read.
            <details class="erc-gj" open=true>
                <summary>{ format!("Gauss-Jordan elimination, step by step ({last} row operations)") }</summary>
                { raw(controls) }
                <p class="erc-gj-what" data-testid="gj-step" aria-live="polite">{ describe }</p>
                { raw(augmented) }
            </details>
        </section>
    }
}

/// What step `at` did, and which rows to highlight.
fn describe_step(at: usize, steps: &[GjStep], k: usize) -> (String, Vec<(usize, &'static str)>) {
    if steps.is_empty() {
        return ("Only data chunks are read: S is the identity, so S⁻¹ = S = I and the data is simply the chunks read.".into(), vec![]);
    }
    if at == 0 {
        return (format!("Start: [S | I]. Row operations will turn the left half into I; the right half then becomes S⁻¹. \
                         {} operations for this S.", steps.len()), vec![]);
    }
    let step = &steps[at - 1];
    let done = if at == steps.len() {
        " The left half is now I: the right half is S⁻¹ (compare above)."
    } else {
        ""
    };
    let _ = k;
    match step.op {
        RowOp::Swap(a, b) => (format!("Swap R{a} and R{b}: column {} needs a non-zero pivot in R{a}.{done}", step.column),
            vec![(a, "erc-target"), (b, "erc-source")]),
        RowOp::Scale { row, factor } => (format!(
            "R{row} ← R{row} · {} (the pivot's inverse), so the pivot in column {} becomes 01.{done}",
            hex_byte(factor), step.column), vec![(row, "erc-target")]),
        RowOp::Eliminate { target, source, factor } => (format!(
            "R{target} ← R{target} + {}·R{source}: clears column {} of R{target} (adding is XOR, so {} ⊕ {} = 00).{done}",
            hex_byte(factor), step.column, hex_byte(factor), hex_byte(factor)),
            vec![(target, "erc-target"), (source, "erc-source")]),
    }
}

/// Step 3: rebuild, with the recovered bytes checked against the original.
fn rebuild(m: &Model) -> String {
    let k = m.k();
    let lost = m.lost();
    let can = !lost.is_empty() && m.plan().is_some();
    let plural = if lost.len() == 1 { "" } else { "s" };
    let mut s = String::from(
        "<section class=\"erc-step\" aria-label=\"Step 3: rebuild\"><h4>3. Rebuild the data and the lost chunks</h4><div class=\"dl-row\">",
    );
    s += &button(
        "dl-btn dl-btn-primary",
        "rebuild",
        0,
        if can {
            " data-testid=\"rebuild\""
        } else {
            " data-testid=\"rebuild\" disabled"
        },
        &if lost.is_empty() {
            "Rebuild".to_string()
        } else {
            format!(
                "Rebuild chunk{plural} {} onto replacement node{plural}",
                names(&lost, k)
            )
        },
    );
    if lost.is_empty() && m.rebuild.is_none() {
        s += "<span class=\"dl-muted\">Nothing is lost yet: fail a node first.</span>";
    }
    s += "</div>";
    if let Some(r) = &m.rebuild {
        s += &rebuild_result(m, r);
    }
    s += "</section>";
    s
}

fn rebuild_result(m: &Model, r: &model::Rebuild) -> String {
    let k = m.k();
    let equal = r
        .recovered
        .iter()
        .zip(&m.bytes)
        .filter(|(a, b)| a == b)
        .count();
    let all = equal == m.bytes.len() && r.recovered.len() == m.bytes.len();
    let plan = m.rs.recovery_plan(&r.used).ok();
    let mut s = format!(
        "<div class=\"erc-result\"><p>Read {}; data = S⁻¹ × bytes read:</p><div class=\"erc-bytes\" data-testid=\"recovered\" \
         data-hex=\"{}\" aria-label=\"Recovered bytes\">",
        names(&r.used, k),
        hex_bytes(&r.recovered)
    );
    for (i, &b) in r.recovered.iter().enumerate() {
        let ok = m.bytes.get(i) == Some(&b);
        let h = hex_byte(b);
        s += &format!(
            "<span class=\"erc-byte {}\" title=\"byte {i}: {h}\"><span>{h}</span><span class=\"erc-char\">{}</span></span>",
            if ok { "erc-byte-ok" } else { "erc-byte-bad" },
            printable(b).map_or("·".to_string(), |c| esc(&c.to_string()))
        );
    }
    s += &format!(
        "</div><p class=\"erc-check {}\" data-testid=\"recovered-check\">{equal} of {} bytes equal the original {} — “{}”</p><ul class=\"erc-rebuilt\">",
        if all { "erc-status-ok" } else { "erc-status-bad" },
        m.bytes.len(),
        if all { "✓" } else { "✗" },
        esc(&String::from_utf8_lossy(&r.recovered))
    );
    for (j, c) in &r.rebuilt {
        let j = *j;
        let same = m.original.get(j) == Some(c);
        let row = plan
            .as_ref()
            .and_then(|p| p.rebuild_row(j))
            .map(hex_bytes)
            .unwrap_or_default();
        let hex = hex_bytes(c);
        s += &format!(
            "<li data-testid=\"rebuilt-{j}\" data-hex=\"{hex}\">{} = E[{j}] × S⁻¹ × bytes read = ({row}) · bytes read → <code>{hex}</code> {} written to a replacement node {j}.{}</li>",
            chunk_name(j, k),
            if same { "= the lost chunk ✓," } else { "≠ the lost chunk ✗," },
            rebuilt_byte(m, plan.as_ref(), r, j)
        );
    }
    s += "</ul></div>";
    s
}

/// Byte 0 of rebuilt chunk `j`, step by step: its rebuild row times byte 0 of each
/// chunk read.
fn rebuilt_byte(m: &Model, plan: Option<&RecoveryPlan>, r: &model::Rebuild, j: usize) -> String {
    let k = m.k();
    let read: Vec<&[u8]> = r
        .used
        .iter()
        .filter_map(|&i| m.stored.get(i)?.as_deref())
        .collect();
    let Some(dot) = plan.and_then(|p| p.explain_byte(j, &read, 0).ok()) else {
        return String::new();
    };
    let used: Vec<String> = r.used.iter().map(|&i| chunk_name(i, k)).collect();
    format!(
        "<details class=\"erc-byte-how\"><summary>How byte 0 of {} is computed</summary>{}<p class=\"erc-check erc-status-ok\" \
         data-testid=\"rebuilt-byte-{j}\">XOR of the {} products = {}</p></details>",
        chunk_name(j, k),
        steps_table(&dot, &used, "a = rebuild row"),
        dot.steps.len(),
        hex_byte(dot.result)
    )
}

/// Reading k chunks to rebuild vs copying one replica.
fn read_cost(m: &Model) -> String {
    let (k, len) = (m.k(), m.chunk_len());
    // The chunks lost now, or those just rebuilt, or (nothing lost yet) one.
    let lost = match (m.lost().len(), &m.rebuild) {
        (0, Some(r)) => r.rebuilt.len().max(1),
        (l, _) => l.max(1),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let head = "<section class=\"erc-cost dl-panel\" aria-label=\"Repair traffic\" data-testid=\"read-cost\"><h4>Repair traffic</h4>";
    if !m.recoverable() {
        return format!(
            "{head}<p>No repair is possible: it must read {k} chunks, and only {} exist.</p></section>",
            m.alive().len()
        );
    }
    format!(
        "{head}<p><strong>Erasure coding reads {k} chunks × {len} B = {} B</strong> to rebuild {lost} lost chunk{} (one pass over k \
         survivors rebuilds them all).</p><p><strong>Replication copies {lost} replica{} × {len} B = {} B</strong> — {}× less to read, \
         but three full copies store 3× the data, against n/k = {}/{k} = {}×.</p><p class=\"dl-muted\">At the post's 100 MB chunks: \
         {} MB read to repair, against {} MB copied.</p></section>",
        k * len,
        plural(lost),
        plural(lost),
        lost * len,
        ratio_int(k, lost),
        m.n(),
        crate::encode::model::ratio(m.n(), k),
        k * 100,
        lost * 100
    )
}

/// `a / b` as "2.5" or "10" (one decimal at most), from integers.
fn ratio_int(a: usize, b: usize) -> String {
    let tenths = (a * 10 + b / 2) / b.max(1);
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ratio_int_rounds() {
        assert_eq!(super::ratio_int(10, 1), "10");
        assert_eq!(super::ratio_int(10, 4), "2.5");
        assert_eq!(super::ratio_int(4, 3), "1.3");
    }
}
