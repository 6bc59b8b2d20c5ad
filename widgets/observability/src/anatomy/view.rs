//! The view: the trace picker, the waterfall (a keyboard tree), the open span's details,
//! and the `traceparent` editor. Rows, tables and messages are HTML text (see
//! [`crate::shared::view`]); clicks on them are handled by one delegated listener.

use super::model::{
    error_field, gateway_header, scenario_name, Action, Anatomy, HEADER_MAX, POST, SCENARIOS,
};
use crate::shared::ms;
use crate::shared::view::{delegate, esc, raw, span_bar};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::{AttrValue, SpanStatus};
use distlab_core::observability::traceparent::{Field, Traceparent, POST_SHORTHAND, SPEC_EXAMPLE};
use distlab_kit::controls::{live_region, on_select_index, option_messages};
use distlab_kit::numfmt::grouped;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The whole widget.
pub fn widget(m: &Anatomy, d: &Callback<Action>, uid: u32) -> Html {
    let on_scenario = {
        let d = d.clone();
        on_select_index(move |i| d.emit(Action::Scenario(i)))
    };
    let on_click = {
        let d = d.clone();
        delegate(move |act, i, el| match act {
            "open" => d.emit(Action::Open(i)),
            "toggle" => d.emit(Action::ToggleCollapse(i)),
            "close" => {
                // The button goes away with the details: focus back to the waterfall,
                // where the reader was, rather than lost to the page.
                if let Some(wf) = el
                    .closest("[data-widget]")
                    .ok()
                    .flatten()
                    .and_then(|w| w.query_selector("[role='tree']").ok().flatten())
                    .and_then(|w| w.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = wf.focus();
                }
                d.emit(Action::Close)
            }
            _ => {}
        })
    };
    let r = &m.tree.request;
    html! {
        <div class="dlo" data-widget="obs-trace-anatomy-widget" onclick={on_click}>
            { option_messages(&m.messages) }
            <div class="dl-settings" role="group" aria-label="Which trace">
                <label class="dl-field">{ "Trace from " }
                    <select data-testid="scenario" onchange={on_scenario}>
                        <option value={POST.to_string()} selected={m.scenario == POST}>{ "The post's trace (x7Kp2)" }</option>
                        { for SCENARIOS.iter().enumerate().map(|(i, s)| html! {
                            <option value={i.to_string()} selected={i == m.scenario}>{ scenario_name(*s) }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="dl-btn" data-testid="new-trace" onclick={d.reform(|_| Action::NewSeed)}
                    aria-label={format!("Another trace (seed now {})", m.seed)}>{ format!("Another trace ↻ (seed {})", m.seed) }</button>
            </div>
            <p class="dlo-sub">{ format!("Trace {} · {} {} → {} · {} end to end · {} spans",
                to_hex(&r.trace_id), r.route.method(), r.url_path(), r.status, ms(r.duration_us()), m.tree.spans.len()) }</p>
            <p class="dlo-sub" id={format!("dlo-{uid}-keys")}>{ "Click a span, or focus the waterfall and use ↑ ↓ (or k j) to move, Enter to open, ← → to collapse and expand." }</p>
            <ul class="dlo-wf" role="tree" tabindex="0" data-testid="waterfall" aria-label="Trace waterfall"
                aria-describedby={format!("dlo-{uid}-keys")} aria-activedescendant={format!("dlo-{uid}-span-{}", m.cursor)} onkeydown={on_key(d)}>
                { raw(rows(m, uid)) }
            </ul>
            { details(m) }
            { traceparent(m, d, uid) }
            { live_region(m.said.clone()) }
        </div>
    }
}

fn on_key(d: &Callback<Action>) -> Callback<KeyboardEvent> {
    let d = d.clone();
    Callback::from(move |e: KeyboardEvent| {
        let a = match e.key().as_str() {
            "ArrowDown" | "j" => Action::Next,
            "ArrowUp" | "k" => Action::Prev,
            "ArrowLeft" | "h" => Action::Collapse,
            "ArrowRight" | "l" => Action::Expand,
            "Enter" | " " => Action::OpenCursor,
            "Escape" => Action::Close,
            _ => return,
        };
        e.prevent_default();
        d.emit(a);
    })
}

fn rows(m: &Anatomy, uid: u32) -> String {
    let t = &m.tree;
    let slow = t.slowest();
    let mut out = String::new();
    for i in m.rows() {
        let s = &t.spans[i];
        let kids = t.has_children(i);
        let hidden = if m.collapsed[i] { t.descendants(i) } else { 0 };
        let err = !matches!(s.status, SpanStatus::Unset);
        let mut class = String::from("dlo-wf-row");
        for (on, c) in [
            (i == m.cursor, " dlo-cursor"),
            (i == slow, " dlo-slow"),
            (m.open == Some(i), " dlo-open"),
        ] {
            if on {
                class += c;
            }
        }
        let twisty = if kids {
            format!(
                "<span class=\"dlo-twisty\" aria-hidden=\"true\" data-act=\"toggle\" data-i=\"{i}\">{}</span>",
                if m.collapsed[i] { "▸" } else { "▾" }
            )
        } else {
            "<span class=\"dlo-twisty\" aria-hidden=\"true\">·</span>".to_string()
        };
        out += &format!(
            "<li role=\"treeitem\" id=\"dlo-{uid}-span-{i}\" data-testid=\"span-{i}\" data-slow=\"{}\" data-act=\"open\" data-i=\"{i}\" aria-level=\"{}\" aria-selected=\"{}\"{} class=\"{class}\"><span class=\"dlo-wf-name\" style=\"padding-left:{}px\">{twisty}<span class=\"dlo-svc\">{}</span> {}{}{}{}</span>{}<span class=\"dlo-wf-dur\">{}</span></li>",
            i == slow,
            t.depth[i] + 1,
            i == m.cursor,
            if kids { format!(" aria-expanded=\"{}\"", !m.collapsed[i]) } else { String::new() },
            t.depth[i] * 10,
            esc(s.service),
            esc(s.name),
            if hidden > 0 { format!("<span class=\"dlo-hidden\"> (+{hidden} hidden)</span>") } else { String::new() },
            if i == slow { "<span class=\"dlo-slow-tag\"> ← slow</span>" } else { "" },
            if err { "<span class=\"dlo-err-tag\"> ✕ error</span>" } else { "" },
            span_bar(t, i, i == slow),
            ms(s.duration_us())
        );
    }
    out
}

fn attr_text(v: &AttrValue) -> String {
    match v {
        AttrValue::Str(s) => format!("\"{s}\""),
        AttrValue::Int(i) if *i < 0 => format!("-{}", grouped(i.unsigned_abs())),
        AttrValue::Int(i) => grouped(*i as u64),
        AttrValue::Bool(b) => b.to_string(),
    }
}

fn details(m: &Anatomy) -> Html {
    let Some(i) = m.open else {
        return html! {};
    };
    let t = &m.tree;
    let s = &t.spans[i];
    let (t0, _) = t.extent();
    let parent = s
        .parent_span_id
        .map_or("none (the root span)".to_string(), |p| to_hex(&p));
    let status = match s.status {
        SpanStatus::Unset => "UNSET (no error)".to_string(),
        SpanStatus::Error(why) => format!("ERROR: {why}"),
    };
    let mut rows = vec![
        ("service.name", s.service.to_string()),
        ("kind", s.kind.as_str().to_string()),
        ("status", status),
        (
            "start",
            format!("+{} after the trace began", ms(s.start_us - t0)),
        ),
        (
            "duration",
            format!("{} ({} own time)", ms(s.duration_us()), ms(t.self_us[i])),
        ),
        ("trace_id", to_hex(&s.trace_id)),
        ("span_id", to_hex(&s.span_id)),
        ("parent_span_id", parent),
    ];
    rows.extend(s.attributes.iter().map(|(k, v)| (*k, attr_text(v))));
    let mut table = String::from("<table class=\"dlo-table\"><tbody>");
    for (k, v) in rows {
        table += &format!(
            "<tr><th scope=\"row\">{}</th><td><code>{}</code></td></tr>",
            esc(k),
            esc(&v)
        );
    }
    table += "</tbody></table>";
    html! {
        <section class="dlo-details" data-testid="span-details" aria-label={format!("Details of span {}", s.name)}>
            { raw(format!("<div class=\"dlo-details-h\"><h4 class=\"dlo-h\">{} · {}</h4><button type=\"button\" class=\"dl-btn\" data-act=\"close\" aria-label=\"Close span details\">✕ Close</button></div>", esc(s.service), esc(s.name))) }
            <div class="dl-scrollbox" tabindex="0" role="region" aria-label="Span fields and attributes">{ raw(table) }</div>
        </section>
    }
}

fn meaning(f: Field) -> &'static str {
    match f {
        Field::Version => "version: 2 hex digits, 00 today (ff is never valid)",
        Field::TraceId => "trace-id: 32 hex digits, the whole trace's id, not all zeros",
        Field::ParentId => "parent-id: 16 hex digits, the caller's span id, not all zeros",
        Field::TraceFlags => "trace-flags: 2 hex digits, bit 0 = sampled",
    }
}

fn traceparent(m: &Anatomy, d: &Callback<Action>, uid: u32) -> Html {
    let verdict_id = format!("dlo-{uid}-tp-verdict");
    let errors = Traceparent::diagnose(&m.header);
    let parsed = Traceparent::parse(&m.header);
    let parts: Vec<&str> = m.header.split('-').collect();
    let sent = gateway_header(&m.tree);
    let on_input = d.reform(|e: InputEvent| {
        Action::Header(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let preset = |h: &str| {
        let h = h.to_string();
        d.reform(move |_| Action::Header(h.clone()))
    };
    let verdict = match &parsed {
        Ok(tp) if tp.to_string() == sent => format!(
            "Valid. This is the header the api-gateway sent: trace {}…, and the redirect-service's server span records span {} (the gateway's client span) as its parent; sampled = {}.",
            crate::shared::short(&tp.trace_id_hex(), 8), tp.parent_id_hex(), tp.sampled()),
        Ok(tp) => format!(
            "Valid. A service receiving it continues trace {}… and makes its span a child of span {}; sampled = {}.",
            crate::shared::short(&tp.trace_id_hex(), 8), tp.parent_id_hex(), tp.sampled()),
        Err(_) => "Invalid: a receiving service must ignore this header and start a new trace.".to_string(),
    };
    let mut fields = String::from("<table class=\"dlo-table dlo-tp-fields\" data-testid=\"tp-fields\"><thead><tr><th scope=\"col\">field</th><th scope=\"col\">found</th><th scope=\"col\">verdict</th></tr></thead><tbody>");
    for (k, f) in Field::ALL.iter().enumerate() {
        let err = errors.iter().find(|e| error_field(e) == Some(*f));
        let found: String = parts
            .get(k)
            .map_or("(missing)".to_string(), |p| p.chars().take(40).collect());
        fields += &format!(
            "<tr{}><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td></tr>",
            if err.is_some() {
                " class=\"dlo-bad\""
            } else {
                ""
            },
            meaning(*f),
            esc(&found),
            err.map_or("✓".to_string(), |e| format!("✕ {}", esc(&e.to_string())))
        );
    }
    fields += "</tbody></table>";
    let mut tail = String::new();
    if !errors.is_empty() {
        tail += "<ul class=\"dlo-errors\" data-testid=\"tp-errors\">";
        for e in &errors {
            tail += &format!("<li>{}</li>", esc(&e.to_string()));
        }
        tail += "</ul>";
    }
    tail += &format!(
        "<p class=\"dlo-verdict{}\" id=\"{verdict_id}\" data-testid=\"tp-verdict\">{}</p>",
        if parsed.is_err() { " dlo-bad" } else { "" },
        esc(&verdict)
    );
    if m.header == POST_SHORTHAND {
        tail += "<p class=\"dlo-sub\">The post writes this shorthand, but it is not a valid header: version 00 needs a 32-digit trace-id and a 16-digit parent-id, as in the post's second example (the spec's own).</p>";
    }
    html! {
        <section class="dlo-tp" aria-label="The traceparent header">
            <h3 class="dlo-h">{ "The traceparent header" }</h3>
            <p class="dlo-sub">{ "When the api-gateway calls the redirect-service it passes the trace on in one W3C header. Edit it:" }</p>
            <label class="dlo-tp-label">{ "traceparent: " }
                <input type="text" class="dlo-tp-input" data-testid="tp-input" value={m.header.clone()} oninput={on_input}
                    maxlength={HEADER_MAX.to_string()} spellcheck="false" autocomplete="off"
                    aria-invalid={parsed.is_err().to_string()} aria-describedby={verdict_id.clone()} />
            </label>
            <div class="dlo-presets" role="group" aria-label="Headers to try">
                <button type="button" class="dl-btn" data-testid="tp-trace" onclick={preset(&sent)}>{ "This trace's header" }</button>
                <button type="button" class="dl-btn" data-testid="tp-post" onclick={preset(POST_SHORTHAND)}>{ format!("The post's {POST_SHORTHAND}") }</button>
                <button type="button" class="dl-btn" data-testid="tp-spec" onclick={preset(SPEC_EXAMPLE)}>{ "The spec's example" }</button>
            </div>
            <div class="dl-scrollbox" tabindex="0" role="region" aria-label="The header's fields">{ raw(fields) }</div>
            { raw(tail) }
        </section>
    }
}
