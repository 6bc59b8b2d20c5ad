//! # `erasure-coding-encode-widget`: k data chunks in, n = k + m chunks out
//!
//! The reader picks `k` and `m` (or a preset: the post's 10+4, HDFS's 6+3, RAID-5,
//! RAID-6), types text or hex bytes, and sees [`distlab_core::erasure::ReedSolomon`]
//! split them into `k` data chunks and encode `m` parity chunks. Each row of the grid
//! is one row of the encoding matrix `E` beside the chunk it produces: the top `k` rows
//! are the identity (data passes through unchanged — a *systematic* code), the bottom
//! `m` rows mix every data chunk. Choosing any byte explains it: the row of `E` times
//! the column of data bytes at that position, every product in GF(2^8) taken through
//! the log/exp tables, XORed together to the byte shown.
//!
//! Options (`data-*`): `k` (1–12, default 10), `m` (0–6, default 4), `text` (the data,
//! at most 256 bytes).
//!
//! Test hooks: `k`, `m` (inputs), `preset-{i}`, `mode-text`, `mode-hex`, `data-input`,
//! `shape-error`, `input-error`, `overhead`, `storage`, `chunk-{c}` (with `data-hex`,
//! the chunk's bytes), `byte-{c}-{i}`, `explain` (with `data-chunk`, `data-pos`),
//! `explain-step-{t}` (with `data-coef`, `data-value`, `data-product`), `explain-result`,
//! `poly-note` (the post's polynomial view against this systematic code).

pub mod model;

use distlab_core::erasure::gf256::DotProduct;
use distlab_kit::controls::{live_region, option_messages};
use distlab_kit::markup::{delegate, esc, raw};
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{chunk_name, hex_byte, printable, ratio, Action, Config, InputMode, Model, PRESETS};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Registry entry.
pub const ENTRY: WidgetEntry = WidgetEntry {
    id: "erasure-coding-encode-widget",
    title: "Reed-Solomon encoding",
    post: "Erasure Coding: Fault Tolerance Without Full Replication",
    summary: "Split your own text into k data chunks and watch m parity chunks computed \
              over GF(2^8); pick any parity byte to see the matrix row, the field \
              products and the XOR that make it.",
    heights: &[(0, 2247), (700, 1629)],
    mount: |el, entry, options| distlab_kit::mount::yew(el, entry, options, render),
};

fn render(options: WidgetOptions) -> Html {
    let config = Config::from_options(&options);
    html! { <ErasureEncode {config} /> }
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

/// Props of [`ErasureEncode`].
#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// Settings from the placeholder.
    pub config: Config,
}

/// The encoding widget. The fields stay Yew elements (they keep focus and caret while
/// the reader types); everything else is HTML text ([`raw`]) whose buttons carry
/// `data-act` and are handled by one listener on the root (see [`body`]).
#[function_component(ErasureEncode)]
pub fn erasure_encode(props: &Props) -> Html {
    let state = use_reducer_eq({
        let config = props.config.clone();
        move || Model::new(&config)
    });
    let m: &Model = &state;
    let field = |make: fn(String) -> Action| {
        let s = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            s.dispatch(make(v));
        })
    };
    let on_input = {
        let s = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            s.dispatch(Action::SetInput(v));
        })
    };
    let onclick = {
        let s = state.dispatcher();
        delegate(".ece [data-act]", move |act, i, el| match act {
            "preset" => s.dispatch(Action::Preset(i)),
            "text" => s.dispatch(Action::SetMode(InputMode::Text)),
            "hex" => s.dispatch(Action::SetMode(InputMode::Hex)),
            _ => {
                if let Some(c) = byte_chunk(el) {
                    s.dispatch(Action::Select(c, i));
                }
            }
        })
    };
    // Focusing a byte (Tab, or the arrows below) selects it.
    let onfocusin = {
        let s = state.dispatcher();
        Callback::from(move |e: FocusEvent| {
            if let Some((c, i)) = e.target().and_then(|t| byte_at(&t)) {
                s.dispatch(Action::Select(c, i));
            }
        })
    };
    let onkeydown = {
        let (n, len) = (m.n(), m.chunk_len());
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let Some((c, i)) = byte_at(&el) else {
                return;
            };
            if let Some((tc, ti)) = arrow_target(&e.key(), c, i, n, len) {
                e.prevent_default();
                focus_byte(&el, tc, ti);
            }
        })
    };
    let k = m.k();
    let mut presets = String::from("<div class=\"dl-row\" role=\"group\" aria-label=\"Presets\">");
    for (i, p) in PRESETS.iter().enumerate() {
        presets += &format!(
            "<button type=\"button\" class=\"dl-btn dl-toggle\" aria-pressed=\"{}\" data-testid=\"preset-{i}\" data-act=\"preset\" data-i=\"{i}\">{}</button>",
            p.k == k && p.m == m.m(),
            p.name
        );
    }
    presets += "</div>";
    let hex = m.mode == InputMode::Hex;
    let modes = format!(
        "<div class=\"dl-row\"><span>Data as</span><div class=\"ece-mode\" role=\"group\" aria-label=\"Input notation\">\
         <button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"mode-text\" data-act=\"text\" aria-pressed=\"{}\">Text</button>\
         <button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"mode-hex\" data-act=\"hex\" aria-pressed=\"{hex}\">Hex bytes</button></div></div>",
        !hex
    );
    html! {
        <div class="ece" {onclick} {onfocusin} {onkeydown}>
            { option_messages(&props.config.messages) }
            { raw("<div><h3>Encode: k data chunks, m parity chunks</h3><p class=\"dl-muted\">Your data is cut into k \
                   equal data chunks; m parity chunks are computed from them. Each chunk is one row of the encoding \
                   matrix E times the data, byte position by byte position, in the 256-element field GF(2^8).</p></div>".into()) }

            <section class="ece-shape" aria-label="Code shape">
                { raw(presets) }
                <div class="dl-row ece-fields">
                    <label>{ "k data " }
                        <input type="number" min="1" max={model::MAX_K.to_string()} inputmode="numeric"
                            value={m.k_field.clone()} oninput={field(Action::SetK)} data-testid="k"
                            aria-describedby="ece-shape-help" />
                    </label>
                    <label>{ "m parity " }
                        <input type="number" min="0" max={model::MAX_M.to_string()} inputmode="numeric"
                            value={m.m_field.clone()} oninput={field(Action::SetM)} data-testid="m"
                            aria-describedby="ece-shape-help" />
                    </label>
                    <span class="dl-muted" id="ece-shape-help">
                        { format!("k 1–{}, m 0–{}", model::MAX_K, model::MAX_M) }
                    </span>
                </div>
                { raw(error_text(&m.shape_error, "shape-error")) }
            </section>

            <section class="ece-data" aria-label="Data">
                { raw(modes) }
                <textarea class="ece-input" rows="2" value={m.input.clone()} oninput={on_input}
                    spellcheck="false" data-testid="data-input"
                    aria-label={if hex { "Data as hex bytes" } else { "Data as text" }} />
                { raw(error_text(&m.input_error, "input-error")) }
            </section>

            { raw(body(m)) }
            { live_region(m.announcement.clone()) }
        </div>
    }
}

/// `<p class="dl-error">` with the message, or nothing.
fn error_text(e: &Option<String>, testid: &str) -> String {
    e.as_ref().map_or(String::new(), |e| {
        format!(
            "<p class=\"dl-error\" data-testid=\"{testid}\">{}</p>",
            esc(e)
        )
    })
}

/// `(chunk, position)` of a byte button (`data-c`, `data-i`).
fn byte_at(t: &web_sys::EventTarget) -> Option<(usize, usize)> {
    let el = t.dyn_ref::<web_sys::Element>()?;
    let i = el.get_attribute("data-i")?.parse().ok()?;
    Some((byte_chunk(el)?, i))
}

/// The chunk of a byte button (`data-c`).
fn byte_chunk(el: &web_sys::Element) -> Option<usize> {
    el.get_attribute("data-c")?.parse().ok()
}

/// The stats, the grid and the explanation, as HTML text.
fn body(m: &Model) -> String {
    let (k, n, len, mm) = (m.k(), m.n(), m.chunk_len(), m.m());
    let bytes = m.bytes.len();
    let mut s = format!(
        "<div class=\"ece-stats dl-panel\"><p data-testid=\"overhead\"><strong>Storage overhead n/k = {n}/{k} = {}×</strong> — tolerates any {mm} lost chunk{}</p>\
         <p data-testid=\"storage\">{bytes} data bytes{}",
        ratio(n, k),
        if mm == 1 { "" } else { "s" },
        if m.padding() > 0 {
            format!(" + {} zero padding", m.padding())
        } else {
            String::new()
        }
    );
    s += &format!(
        " → {k} data chunks of {len} B; stored: {n} chunks × {len} B = {} raw bytes ({}× the {bytes} data bytes; 3× replication would store {}).</p></div>",
        m.raw_bytes(),
        ratio(m.raw_bytes(), bytes),
        3 * bytes
    );
    s += &grid(m);
    s += &explanation(m);
    s
}

/// One row per chunk: its bytes (buttons), then the row of `E` that makes it.
fn grid(m: &Model) -> String {
    let k = m.k();
    let matrix = m.matrix();
    let (sel_chunk, sel_pos) = m.selected.map_or((usize::MAX, usize::MAX), |s| s);
    let (n, len, mm) = (m.n(), m.chunk_len(), m.m());
    let tab_stop = m.selected.unwrap_or((0, 0));
    let mut s = format!(
        "<section class=\"ece-grid-wrap\" aria-label=\"Encoding matrix and chunks\"><p class=\"ece-grid-title\"><strong>chunks = E × data</strong>\
         <span class=\"dl-muted\"> — each row: a chunk's bytes, then the row of E that computes them. Choose a byte to see how (arrow keys move between bytes).</span></p>\
         {}<div class=\"ece-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Matrix and chunk bytes (scrolls sideways)\"><table class=\"ece-grid\"><thead><tr>\
         <th scope=\"col\" class=\"ece-name\">chunk</th><th scope=\"col\" colspan=\"{}\" class=\"ece-head\">bytes (chunk size {len} B)</th><th aria-hidden=\"true\"></th>\
         <th scope=\"col\" colspan=\"{k}\" class=\"ece-head\">its row of E ({k} coefficient{})</th></tr></thead><tbody>",
        scroll_cue("each row continues with its row of E"),
        len.max(1),
        if k == 1 { "" } else { "s" }
    );
    for c in 0..n {
        let bytes = m.chunks.get(c).map_or(&[][..], Vec::as_slice);
        let parity = c >= k;
        let name = chunk_name(c, k);
        let mut class = String::new();
        for (on, cl) in [
            (parity, " ece-parity"),
            (c == k, " ece-first-parity"),
            (c == sel_chunk, " ece-row-sel"),
        ] {
            if on {
                class += cl;
            }
        }
        s += &format!(
            "<tr class=\"{}\" data-testid=\"chunk-{c}\" data-hex=\"{}\"><th scope=\"row\" class=\"ece-name\">{name}</th>",
            class.trim_start(),
            model::hex_bytes(bytes)
        );
        for (i, &b) in bytes.iter().enumerate() {
            let is_sel = c == sel_chunk && i == sel_pos;
            // The data column the selected byte is computed from.
            let is_input = !parity && i == sel_pos && sel_chunk != usize::MAX;
            let h = hex_byte(b);
            // Roving tab stop: one byte of the grid is in the tab order, arrows move.
            // The accessible name is the visible text with its context: "D0 byte 0: 41 A".
            s += &format!(
                "<td class=\"ece-cell\"><button type=\"button\" class=\"ece-byte{}{}\" aria-pressed=\"{is_sel}\" tabindex=\"{}\" \
                 data-testid=\"byte-{c}-{i}\" data-value=\"{h}\" data-act=\"byte\" data-c=\"{c}\" data-i=\"{i}\">\
                 <span class=\"dl-sr-only\">{name} byte {i}: </span><span class=\"ece-hex\">{h}</span>",
                if is_sel { " ece-byte-sel" } else { "" },
                if is_input { " ece-byte-in" } else { "" },
                if (c, i) == tab_stop { "0" } else { "-1" },
            );
            if !parity {
                s += "<span class=\"ece-char\">";
                s += &printable(b).map_or("·".to_string(), |c| esc(&c.to_string()));
                s += "</span>";
            }
            s += "</button></td>";
        }
        s += "<td class=\"ece-gap\" aria-hidden=\"true\">←</td>";
        for (j, &v) in matrix.row(c).iter().enumerate() {
            let h = hex_byte(v);
            s += &format!(
                "<td class=\"ece-coef{}{}\" title=\"E[{c}][{j}] = {h}\">{h}</td>",
                if v == 0 { " ece-zero" } else { "" },
                if c == sel_chunk { " ece-coef-sel" } else { "" }
            );
        }
        s += "</tr>";
    }
    s += "</tbody></table></div><p class=\"dl-muted ece-legend\">";
    s += &if k == 1 {
        "D0 is the data chunk: its row of E is 01, so its bytes are your data unchanged (a systematic code). ".to_string()
    } else {
        format!("D0–D{} are the data chunks: their rows of E are the identity, so their bytes are your data unchanged (a systematic code). ", k - 1)
    };
    s += &if mm > 0 {
        format!(
            "P0–P{} are parity: every one of their bytes mixes all {k} data bytes of its column. ",
            mm - 1
        )
    } else {
        "With m = 0 there is no parity: losing any chunk loses data.".to_string()
    };
    s += "</p><p class=\"dl-muted ece-legend\" data-testid=\"poly-note\">The post's view — the data chunks are a polynomial's coefficients, the n chunks its values \
          at n points — is multiplying by a Vandermonde matrix: a non-systematic code, where no chunk is \
          the data itself. E here is that same matrix times the inverse of its top k rows, so the first \
          k outputs are the data unchanged; both are Reed-Solomon codes, and any k of the n chunks \
          recover the data.</p>";
    if k == 1 && mm > 0 {
        s += "<p class=\"dl-muted ece-legend\" data-testid=\"k1-note\">With k = 1 every row of E is 01: each parity chunk is a plain copy of the data. \
              Replication is the k = 1 erasure code: n/k = n full copies.</p>";
    }
    if mm == 1 || mm == 2 {
        s += "<p class=\"dl-muted ece-legend\" data-testid=\"raid-note\">RAID-5 and RAID-6 have this shape (k+1, k+2), but Linux RAID picks other parity rows: \
              P is the plain XOR of the data (a row of 1s) and Q weights chunk i by 2^i. \
              The rows here come from a Vandermonde matrix made systematic; like RAID's, they rebuild \
              any m lost chunks.</p>";
    }
    s += "</section>";
    s
}

/// The selected byte, computed step by step.
fn explanation(m: &Model) -> String {
    let Some((chunk, pos, dot)) = m.explanation() else {
        return "<section class=\"ece-explain dl-panel\" data-testid=\"explain\" aria-label=\"How a byte is computed\">\
                <p class=\"dl-muted\">Choose any byte above to see how it is computed.</p></section>"
            .into();
    };
    let k = m.k();
    let name = chunk_name(chunk, k);
    let shown = m.byte(chunk, pos).unwrap_or_default();
    let ok = shown == dot.result;
    let names: Vec<String> = (0..k).map(|i| format!("D{i}")).collect();
    let count = dot.steps.len();
    format!(
        "<section class=\"ece-explain dl-panel\" data-testid=\"explain\" aria-label=\"How a byte is computed\" data-chunk=\"{chunk}\" data-pos=\"{pos}\">\
         <h4>{name}[{pos}] = row {chunk} of E · the data bytes at position {pos}</h4>\
         <p class=\"dl-muted\">In GF(2^8) adding is XOR, and a·b = exp[(log a + log b) mod 255] with the field's log/exp tables (a product with 0 is 0).{}</p>\
         {}<p class=\"ece-result {}\" data-testid=\"explain-result\" data-value=\"{r}\">XOR of the {count} product{} = {r}{}</p></section>",
        if chunk < k {
            format!(" This is a data chunk: its row is all 0 except one 1, so the byte is D{chunk}[{pos}] itself.")
        } else {
            String::new()
        },
        steps_table(&dot, &names, &format!("a = E[{chunk}][j]")),
        if ok { "ece-ok" } else { "ece-bad" },
        if count == 1 { "" } else { "s" },
        if ok {
            format!(" = the byte shown in {name} ✓")
        } else {
            format!(" ≠ {} shown ✗", hex_byte(shown))
        },
        r = hex_byte(dot.result),
    )
}

/// A visible "scroll →" hint above a sideways-scrolling box, shown only when the widget
/// is narrow enough for the box to overflow (a container query in `style.css`); the box
/// itself also gets a shadow on the edge where content is hidden. Screen readers
/// already hear "scrolls sideways" in the box's name, so the hint is hidden from them.
pub(crate) fn scroll_cue(what: &str) -> String {
    format!("<p class=\"ece-scroll-cue\" aria-hidden=\"true\">Scroll sideways → ({what})</p>")
}

/// One line per term: coefficient, input byte, logs, exponent, product, running XOR.
/// `names[t]` names term `t`'s input chunk (the recovery widget shows rebuilt bytes
/// with it too). HTML text; `names` and `coef_head` are the widget's own words.
pub(crate) fn steps_table(dot: &DotProduct, names: &[String], coef_head: &str) -> String {
    let log = |l: Option<u8>| l.map_or("—".to_string(), |v| v.to_string());
    let mut s = scroll_cue("more columns: logs, product, running XOR");
    s += &format!(
        "<div class=\"ece-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Products, step by step (scrolls sideways)\"><table class=\"ece-steps\"><thead><tr>\
         <th scope=\"col\">term</th><th scope=\"col\">{coef_head}</th><th scope=\"col\">b = input byte</th><th scope=\"col\">log a</th><th scope=\"col\">log b</th>\
         <th scope=\"col\">(sum) mod 255</th><th scope=\"col\">a·b = exp[…]</th><th scope=\"col\">running XOR</th></tr></thead><tbody>"
    );
    for (t, st) in dot.steps.iter().enumerate() {
        let mul = &st.mul;
        let zero = mul.log_product.is_none();
        let (a, b, p) = (hex_byte(mul.a), hex_byte(mul.b), hex_byte(mul.product));
        s += &format!(
            "<tr{} data-testid=\"explain-step-{t}\" data-coef=\"{a}\" data-value=\"{b}\" data-product=\"{p}\"><th scope=\"row\">{}</th>\
             <td>{a}</td><td>{b}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ⊕ {p} = {}</td></tr>",
            if zero { " class=\"ece-zero\"" } else { "" },
            names.get(st.input).map_or("", String::as_str),
            log(mul.log_a),
            log(mul.log_b),
            log(mul.log_product),
            if zero { "0 (a factor is 0)".to_string() } else { p.clone() },
            hex_byte(st.acc_before),
            hex_byte(st.acc_after),
        );
    }
    s += "</tbody></table></div>";
    s
}

/// The byte an arrow key moves to from `(chunk, pos)` in an `n × len` grid.
fn arrow_target(key: &str, c: usize, i: usize, n: usize, len: usize) -> Option<(usize, usize)> {
    match key {
        "ArrowLeft" if i > 0 => Some((c, i - 1)),
        "ArrowRight" if i + 1 < len => Some((c, i + 1)),
        "ArrowUp" if c > 0 => Some((c - 1, i)),
        "ArrowDown" if c + 1 < n => Some((c + 1, i)),
        "Home" => Some((c, 0)),
        "End" if len > 0 => Some((c, len - 1)),
        _ => None,
    }
}

/// Moves keyboard focus to byte `(c, i)` of the grid `from` is in (focusing it selects
/// it).
fn focus_byte(from: &web_sys::Element, c: usize, i: usize) {
    let target = from
        .closest("table")
        .ok()
        .flatten()
        .and_then(|table| {
            table
                .query_selector(&format!("[data-testid='byte-{c}-{i}']"))
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::arrow_target;

    #[test]
    fn arrows_stay_inside_the_grid() {
        assert_eq!(arrow_target("ArrowLeft", 0, 0, 14, 6), None);
        assert_eq!(arrow_target("ArrowRight", 3, 5, 14, 6), None);
        assert_eq!(arrow_target("ArrowDown", 13, 2, 14, 6), None);
        assert_eq!(arrow_target("ArrowUp", 10, 2, 14, 6), Some((9, 2)));
        assert_eq!(arrow_target("End", 10, 2, 14, 6), Some((10, 5)));
        assert_eq!(arrow_target("x", 10, 2, 14, 6), None);
    }
}
