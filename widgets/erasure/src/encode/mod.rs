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
use distlab_kit::options::WidgetOptions;
use distlab_kit::registry::WidgetEntry;
use model::{chunk_name, hex_byte, printable, ratio, Action, Config, InputMode, Model, PRESETS};
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
    render,
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

/// The encoding widget.
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
    let mode = |mode: InputMode| {
        let s = state.dispatcher();
        Callback::from(move |_: MouseEvent| s.dispatch(Action::SetMode(mode)))
    };
    let (k, n) = (m.k(), m.n());
    html! {
        <div class="ece">
            { option_messages(&props.config.messages) }
            <div>
                <h3>{ "Encode: k data chunks, m parity chunks" }</h3>
                <p class="dl-muted">
                    { "Your data is cut into k equal data chunks; m parity chunks are computed from them. \
                       Each chunk is one row of the encoding matrix E times the data, byte position by byte \
                       position, in the 256-element field GF(2^8)." }
                </p>
            </div>

            <section class="ece-shape" aria-label="Code shape">
                <div class="dl-row" role="group" aria-label="Presets">
                    { for PRESETS.iter().enumerate().map(|(i, p)| {
                        let s = state.dispatcher();
                        let pressed = p.k == k && p.m == m.m();
                        html!{
                            <button type="button" class="dl-btn dl-toggle" aria-pressed={pressed.to_string()}
                                data-testid={format!("preset-{i}")}
                                onclick={Callback::from(move |_: MouseEvent| s.dispatch(Action::Preset(i)))}>
                                { p.name }
                            </button>
                        }
                    }) }
                </div>
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
                if let Some(e) = &m.shape_error {
                    <p class="dl-error" data-testid="shape-error">{ e }</p>
                }
            </section>

            <section class="ece-data" aria-label="Data">
                <div class="dl-row">
                    <span>{ "Data as" }</span>
                    <div class="ece-mode" role="group" aria-label="Input notation">
                        <button type="button" class="dl-btn dl-toggle" data-testid="mode-text"
                            aria-pressed={(m.mode == InputMode::Text).to_string()} onclick={mode(InputMode::Text)}>
                            { "Text" }</button>
                        <button type="button" class="dl-btn dl-toggle" data-testid="mode-hex"
                            aria-pressed={(m.mode == InputMode::Hex).to_string()} onclick={mode(InputMode::Hex)}>
                            { "Hex bytes" }</button>
                    </div>
                </div>
                <textarea class="ece-input" rows="2" value={m.input.clone()} oninput={on_input}
                    spellcheck="false" data-testid="data-input"
                    aria-label={if m.mode == InputMode::Hex { "Data as hex bytes" } else { "Data as text" }} />
                if let Some(e) = &m.input_error {
                    <p class="dl-error" data-testid="input-error">{ e }</p>
                }
            </section>

            <div class="ece-stats dl-panel">
                <p data-testid="overhead">
                    <strong>{ format!("Storage overhead n/k = {n}/{k} = {}×", ratio(n, k)) }</strong>
                    { format!(" — tolerates any {} lost chunk{}", m.m(), if m.m() == 1 { "" } else { "s" }) }
                </p>
                <p data-testid="storage">
                    { format!("{} data bytes", m.bytes.len()) }
                    if m.padding() > 0 {
                        { format!(" + {} zero padding", m.padding()) }
                    }
                    { format!(" → {k} data chunks of {len} B; stored: {n} chunks × {len} B = {} raw bytes ({}× the {} data bytes; 3× replication would store {}).",
                        m.raw_bytes(), ratio(m.raw_bytes(), m.bytes.len()), m.bytes.len(), 3 * m.bytes.len(), len = m.chunk_len()) }
                </p>
            </div>

            { grid(&state) }
            { explanation(m) }
            { live_region(m.announcement.clone()) }
        </div>
    }
}

/// One row per chunk: the row of `E` that makes it, then its bytes (buttons).
fn grid(state: &UseReducerHandle<Model>) -> Html {
    let m: &Model = state;
    let k = m.k();
    let matrix = m.matrix();
    let (sel_chunk, sel_pos) = m.selected.map_or((usize::MAX, usize::MAX), |s| s);
    let (n, len) = (m.n(), m.chunk_len());
    let tab_stop = m.selected.unwrap_or((0, 0));
    let row = |c: usize| {
        let coefs = matrix.row(c);
        let bytes = m.chunks.get(c).cloned().unwrap_or_default();
        let parity = c >= k;
        let name = chunk_name(c, k);
        html! {
            <tr class={classes!(parity.then_some("ece-parity"), (c == k).then_some("ece-first-parity"),
                    (c == sel_chunk).then_some("ece-row-sel"))}
                data-testid={format!("chunk-{c}")} data-hex={model::hex_bytes(&bytes)}>
                <th scope="row" class="ece-name">{ &name }</th>
                { for bytes.iter().enumerate().map(|(i, &b)| {
                    let s = state.dispatcher();
                    let select = move || s.dispatch(Action::Select(c, i));
                    let onclick = { let f = select.clone(); Callback::from(move |_: MouseEvent| f()) };
                    let onfocus = Callback::from(move |_: FocusEvent| select());
                    let onkeydown = Callback::from(move |e: KeyboardEvent| {
                        if let Some((tc, ti)) = arrow_target(&e.key(), c, i, n, len) {
                            e.prevent_default();
                            focus_byte(&e, tc, ti);
                        }
                    });
                    let is_sel = c == sel_chunk && i == sel_pos;
                    // Roving tab stop: one byte of the grid is in the tab order, arrows move.
                    let tab = if (c, i) == tab_stop { "0" } else { "-1" };
                    // The data column the selected byte is computed from.
                    let is_input = !parity && i == sel_pos && sel_chunk != usize::MAX;
                    let ch = printable(b);
                    html!{
                        <td class="ece-cell">
                            <button type="button" class={classes!("ece-byte",
                                    is_sel.then_some("ece-byte-sel"), is_input.then_some("ece-byte-in"))}
                                aria-pressed={is_sel.to_string()} {onclick} {onfocus} {onkeydown} tabindex={tab}
                                data-testid={format!("byte-{c}-{i}")} data-value={hex_byte(b)}>
                                // The accessible name is the visible text with its context:
                                // "D0 byte 0: 41 A".
                                <span class="dl-sr-only">{ format!("{name} byte {i}: ") }</span>
                                <span class="ece-hex">{ hex_byte(b) }</span>
                                if !parity {
                                    <span class="ece-char">{ ch.map_or("·".to_string(), |c| c.to_string()) }</span>
                                }
                            </button>
                        </td>
                    }
                }) }
                <td class="ece-gap" aria-hidden="true">{ "←" }</td>
                { for coefs.iter().enumerate().map(|(j, &v)| html!{
                    <td class={classes!("ece-coef", (v == 0).then_some("ece-zero"),
                        (c == sel_chunk).then_some("ece-coef-sel"))}
                        title={format!("E[{c}][{j}] = {}", hex_byte(v))}>{ hex_byte(v) }</td>
                }) }
            </tr>
        }
    };
    html! {
        <section class="ece-grid-wrap" aria-label="Encoding matrix and chunks">
            <p class="ece-grid-title">
                <strong>{ "chunks = E × data" }</strong>
                <span class="dl-muted">{ " — each row: a chunk's bytes, then the row of E that computes them. Choose a byte to see how (arrow keys move between bytes)." }</span>
            </p>
            { scroll_cue("each row continues with its row of E") }
            <div class="ece-scroll" tabindex="0" role="region" aria-label="Matrix and chunk bytes (scrolls sideways)">
                <table class="ece-grid">
                    <thead>
                        <tr>
                            <th scope="col" class="ece-name">{ "chunk" }</th>
                            <th scope="col" colspan={m.chunk_len().max(1).to_string()} class="ece-head">{ format!("bytes (chunk size {} B)", m.chunk_len()) }</th>
                            <th aria-hidden="true"></th>
                            <th scope="col" colspan={k.to_string()} class="ece-head">{ format!("its row of E ({k} coefficient{})", if k == 1 { "" } else { "s" }) }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..m.n()).map(row) }
                    </tbody>
                </table>
            </div>
            <p class="dl-muted ece-legend">
                { if k == 1 { "D0 is the data chunk: its row of E is 01, so its bytes are your data unchanged (a systematic code). ".to_string() } else {
                    format!("D0–D{} are the data chunks: their rows of E are the identity, so their bytes are your data unchanged (a systematic code). ", k - 1) } }
                if m.m() > 0 {
                    { format!("P0–P{} are parity: every one of their bytes mixes all {k} data bytes of its column. ", m.m() - 1) }
                } else {
                    { "With m = 0 there is no parity: losing any chunk loses data." }
                }
            </p>
            <p class="dl-muted ece-legend" data-testid="poly-note">
                { "The post's view — the data chunks are a polynomial's coefficients, the n chunks its values \
                   at n points — is multiplying by a Vandermonde matrix: a non-systematic code, where no chunk is \
                   the data itself. E here is that same matrix times the inverse of its top k rows, so the first \
                   k outputs are the data unchanged; both are Reed-Solomon codes, and any k of the n chunks \
                   recover the data." }
            </p>
            if k == 1 && m.m() > 0 {
                <p class="dl-muted ece-legend" data-testid="k1-note">
                    { "With k = 1 every row of E is 01: each parity chunk is a plain copy of the data. \
                       Replication is the k = 1 erasure code: n/k = n full copies." }
                </p>
            }
            if m.m() == 1 || m.m() == 2 {
                <p class="dl-muted ece-legend" data-testid="raid-note">
                    { "RAID-5 and RAID-6 have this shape (k+1, k+2), but Linux RAID picks other parity rows:                        P is the plain XOR of the data (a row of 1s) and Q weights chunk i by 2^i.                        The rows here come from a Vandermonde matrix made systematic; like RAID's, they rebuild                        any m lost chunks." }
                </p>
            }
        </section>
    }
}

/// The selected byte, computed step by step.
fn explanation(m: &Model) -> Html {
    let Some((chunk, pos, dot)) = m.explanation() else {
        return html! {
            <section class="ece-explain dl-panel" data-testid="explain" aria-label="How a byte is computed">
                <p class="dl-muted">{ "Choose any byte above to see how it is computed." }</p>
            </section>
        };
    };
    let k = m.k();
    let name = chunk_name(chunk, k);
    let shown = m.byte(chunk, pos).unwrap_or_default();
    let ok = shown == dot.result;
    html! {
        <section class="ece-explain dl-panel" data-testid="explain" aria-label="How a byte is computed"
            data-chunk={chunk.to_string()} data-pos={pos.to_string()}>
            <h4>{ format!("{name}[{pos}] = row {chunk} of E · the data bytes at position {pos}") }</h4>
            <p class="dl-muted">
                { "In GF(2^8) adding is XOR, and a·b = exp[(log a + log b) mod 255] with the field's log/exp tables \
                   (a product with 0 is 0)." }
                if chunk < k {
                    { format!(" This is a data chunk: its row is all 0 except one 1, so the byte is D{chunk}[{pos}] itself.") }
                }
            </p>
            { steps_table(&dot, &(0..k).map(|i| format!("D{i}")).collect::<Vec<_>>(), &format!("a = E[{chunk}][j]")) }
            <p class={classes!("ece-result", if ok { "ece-ok" } else { "ece-bad" })} data-testid="explain-result"
                data-value={hex_byte(dot.result)}>
                { format!("XOR of the {} product{} = {}", dot.steps.len(), if dot.steps.len() == 1 { "" } else { "s" }, hex_byte(dot.result)) }
                { if ok { format!(" = the byte shown in {name} ✓") } else { format!(" ≠ {} shown ✗", hex_byte(shown)) } }
            </p>
        </section>
    }
}

/// A visible "scroll →" hint above a sideways-scrolling box, shown only when the widget
/// is narrow enough for the box to overflow (a container query in `style.css`); the box
/// itself also gets a shadow on the edge where content is hidden. Screen readers
/// already hear "scrolls sideways" in the box's name, so the hint is hidden from them.
pub(crate) fn scroll_cue(what: &str) -> Html {
    html! {
        <p class="ece-scroll-cue" aria-hidden="true">{ format!("Scroll sideways → ({what})") }</p>
    }
}

/// One line per term: coefficient, input byte, logs, exponent, product, running XOR.
/// `names[t]` names term `t`'s input chunk (the recovery widget shows rebuilt bytes
/// with it too).
pub(crate) fn steps_table(dot: &DotProduct, names: &[String], coef_head: &str) -> Html {
    let log = |l: Option<u8>| l.map_or("—".to_string(), |v| v.to_string());
    html! {
        <>
        { scroll_cue("more columns: logs, product, running XOR") }
        <div class="ece-scroll" tabindex="0" role="region" aria-label="Products, step by step (scrolls sideways)">
            <table class="ece-steps">
                <thead>
                    <tr>
                        <th scope="col">{ "term" }</th>
                        <th scope="col">{ coef_head }</th>
                        <th scope="col">{ "b = input byte" }</th>
                        <th scope="col">{ "log a" }</th>
                        <th scope="col">{ "log b" }</th>
                        <th scope="col">{ "(sum) mod 255" }</th>
                        <th scope="col">{ "a·b = exp[…]" }</th>
                        <th scope="col">{ "running XOR" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for dot.steps.iter().enumerate().map(|(t, s)| {
                        let zero = s.mul.log_product.is_none();
                        html!{
                            <tr class={classes!(zero.then_some("ece-zero"))} data-testid={format!("explain-step-{t}")}
                                data-coef={hex_byte(s.mul.a)} data-value={hex_byte(s.mul.b)} data-product={hex_byte(s.mul.product)}>
                                <th scope="row">{ names.get(s.input).cloned().unwrap_or_default() }</th>
                                <td>{ hex_byte(s.mul.a) }</td>
                                <td>{ hex_byte(s.mul.b) }</td>
                                <td>{ log(s.mul.log_a) }</td>
                                <td>{ log(s.mul.log_b) }</td>
                                <td>{ s.mul.log_product.map_or("—".to_string(), |e| e.to_string()) }</td>
                                <td>{ if zero { "0 (a factor is 0)".to_string() } else { hex_byte(s.mul.product) } }</td>
                                <td>{ format!("{} ⊕ {} = {}", hex_byte(s.acc_before), hex_byte(s.mul.product), hex_byte(s.acc_after)) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
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

/// Moves keyboard focus to byte `(c, i)` of the grid the event came from (focusing it
/// selects it).
fn focus_byte(e: &KeyboardEvent, c: usize, i: usize) {
    use wasm_bindgen::JsCast;
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("table").ok().flatten())
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
