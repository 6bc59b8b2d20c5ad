//! The view: the trace picker, the waterfall (a keyboard tree), the open span's details,
//! and the `traceparent` editor.

use super::model::{
    error_field, gateway_header, scenario_name, Action, Anatomy, HEADER_MAX, SCENARIOS,
};
use crate::shared::view::span_bar;
use crate::shared::{ms, Tree};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::{AttrValue, SpanStatus};
use distlab_core::observability::traceparent::{Field, Traceparent, POST_SHORTHAND, SPEC_EXAMPLE};
use distlab_kit::controls::{live_region, on_select_index, option_messages};
use distlab_kit::numfmt::grouped;
use distlab_kit::scrollbox::ScrollBox;
use yew::prelude::*;

/// The whole widget.
pub fn widget(m: &Anatomy, d: &Callback<Action>, uid: u32) -> Html {
    let on_scenario = {
        let d = d.clone();
        on_select_index(move |i| d.emit(Action::Scenario(i)))
    };
    let r = &m.tree.request;
    html! {
        <div class="dlo" data-widget="obs-trace-anatomy-widget">
            { option_messages(&m.messages) }
            <div class="dl-settings" role="group" aria-label="Which trace">
                <label class="dl-field">{ "Trace from " }
                    <select data-testid="scenario" onchange={on_scenario}>
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
            { waterfall(m, d, uid) }
            { details(m, d) }
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

fn waterfall(m: &Anatomy, d: &Callback<Action>, uid: u32) -> Html {
    let t = &m.tree;
    let slow = t.slowest();
    let row_id = |i: usize| format!("dlo-{uid}-span-{i}");
    html! {
        <div class="dlo-wf-wrap">
            <p class="dlo-sub" id={format!("dlo-{uid}-keys")}>{ "Click a span, or focus the waterfall and use ↑ ↓ (or k j) to move, Enter to open, ← → to collapse and expand." }</p>
            <ul class="dlo-wf" role="tree" tabindex="0" data-testid="waterfall" aria-label="Trace waterfall"
                aria-describedby={format!("dlo-{uid}-keys")} aria-activedescendant={row_id(m.cursor)} onkeydown={on_key(d)}>
                { for m.rows().into_iter().map(|i| {
                    let s = &t.spans[i];
                    let kids = t.has_children(i);
                    let hidden = if m.collapsed[i] { t.descendants(i) } else { 0 };
                    let err = !matches!(s.status, SpanStatus::Unset);
                    html! {
                        <li role="treeitem" id={row_id(i)} data-testid={format!("span-{i}")} data-slow={(i == slow).to_string()}
                            aria-level={(t.depth[i] + 1).to_string()} aria-selected={(i == m.cursor).to_string()}
                            aria-expanded={kids.then(|| (!m.collapsed[i]).to_string())}
                            class={classes!("dlo-wf-row", (i == m.cursor).then_some("dlo-cursor"), (i == slow).then_some("dlo-slow"), (m.open == Some(i)).then_some("dlo-open"))}
                            onclick={d.reform(move |_| Action::Open(i))}>
                            <span class="dlo-wf-name" style={format!("padding-left:{}px", t.depth[i] * 10)}>
                                if kids {
                                    <span class="dlo-twisty" aria-hidden="true" onclick={d.reform(move |e: MouseEvent| { e.stop_propagation(); Action::ToggleCollapse(i) })}>
                                        { if m.collapsed[i] { "▸" } else { "▾" } }</span>
                                } else { <span class="dlo-twisty" aria-hidden="true">{ "·" }</span> }
                                <span class="dlo-svc">{ s.service }</span>{ " " }{ s.name }
                                if hidden > 0 { <span class="dlo-hidden">{ format!(" (+{hidden} hidden)") }</span> }
                                if i == slow { <span class="dlo-slow-tag">{ " ← slow" }</span> }
                                if err { <span class="dlo-err-tag">{ " ✕ error" }</span> }
                            </span>
                            { span_bar(t, i, i == slow) }
                            <span class="dlo-wf-dur">{ ms(s.duration_us()) }</span>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn attr_text(v: &AttrValue) -> String {
    match v {
        AttrValue::Str(s) => format!("\"{s}\""),
        AttrValue::Int(i) => grouped_signed(*i),
        AttrValue::Bool(b) => b.to_string(),
    }
}

fn grouped_signed(i: i64) -> String {
    if i < 0 {
        format!("-{}", grouped(i.unsigned_abs()))
    } else {
        grouped(i as u64)
    }
}

fn details(m: &Anatomy, d: &Callback<Action>) -> Html {
    let Some(i) = m.open else {
        return html! {};
    };
    let t: &Tree = &m.tree;
    let s = &t.spans[i];
    let (t0, _) = t.extent();
    let parent = s
        .parent_span_id
        .map_or("none (the root span)".to_string(), |p| to_hex(&p));
    let status = match s.status {
        SpanStatus::Unset => "UNSET (no error)".to_string(),
        SpanStatus::Error(why) => format!("ERROR: {why}"),
    };
    let rows = [
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
    html! {
        <section class="dlo-details" data-testid="span-details" aria-label={format!("Details of span {}", s.name)}>
            <div class="dlo-details-h">
                <h4 class="dlo-h">{ format!("{} · {}", s.service, s.name) }</h4>
                <button type="button" class="dl-btn" onclick={d.reform(|_| Action::Close)} aria-label="Close span details">{ "✕ Close" }</button>
            </div>
            <ScrollBox label="Span fields and attributes">
                <table class="dlo-table">
                    <tbody>
                        { for rows.iter().map(|(k, v)| html! { <tr><th scope="row">{ *k }</th><td><code>{ v.clone() }</code></td></tr> }) }
                        { for s.attributes.iter().map(|(k, v)| html! { <tr><th scope="row">{ *k }</th><td><code>{ attr_text(v) }</code></td></tr> }) }
                    </tbody>
                </table>
            </ScrollBox>
        </section>
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
    let preset = |h: String| d.reform(move |_| Action::Header(h.clone()));
    let meaning = |f: Field| match f {
        Field::Version => "version: 2 hex digits, 00 today (ff is never valid)",
        Field::TraceId => "trace-id: 32 hex digits, the whole trace's id, not all zeros",
        Field::ParentId => "parent-id: 16 hex digits, the caller's span id, not all zeros",
        Field::TraceFlags => "trace-flags: 2 hex digits, bit 0 = sampled",
    };
    let verdict = match &parsed {
        Ok(tp) if tp.to_string() == sent => format!(
            "Valid. This is the header the api-gateway sent: trace {}…, and the redirect-service's server span records span {} (the gateway's client span) as its parent; sampled = {}.",
            &tp.trace_id_hex()[..8], tp.parent_id_hex(), tp.sampled()),
        Ok(tp) => format!(
            "Valid. A service receiving it continues trace {}… and makes its span a child of span {}; sampled = {}.",
            &tp.trace_id_hex()[..8], tp.parent_id_hex(), tp.sampled()),
        Err(_) => "Invalid: a receiving service must ignore this header and start a new trace.".to_string(),
    };
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
                <button type="button" class="dl-btn" data-testid="tp-trace" onclick={preset(sent.clone())}>{ "This trace's header" }</button>
                <button type="button" class="dl-btn" data-testid="tp-post" onclick={preset(POST_SHORTHAND.to_string())}>{ format!("The post's {POST_SHORTHAND}") }</button>
                <button type="button" class="dl-btn" data-testid="tp-spec" onclick={preset(SPEC_EXAMPLE.to_string())}>{ "The spec's example" }</button>
            </div>
            <ScrollBox label="The header's fields">
                <table class="dlo-table dlo-tp-fields" data-testid="tp-fields">
                    <thead><tr><th scope="col">{ "field" }</th><th scope="col">{ "found" }</th><th scope="col">{ "verdict" }</th></tr></thead>
                    <tbody>
                        { for Field::ALL.iter().enumerate().map(|(k, f)| {
                            let err = errors.iter().find(|e| error_field(e) == Some(*f));
                            html! {
                                <tr class={classes!(err.is_some().then_some("dlo-bad"))}>
                                    <th scope="row">{ meaning(*f) }</th>
                                    <td><code>{ parts.get(k).map_or("(missing)".to_string(), |p| p.chars().take(40).collect()) }</code></td>
                                    <td>{ match err { Some(e) => format!("✕ {e}"), None => "✓".to_string() } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </ScrollBox>
            if !errors.is_empty() {
                <ul class="dlo-errors" data-testid="tp-errors">
                    { for errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                </ul>
            }
            <p class={classes!("dlo-verdict", parsed.is_err().then_some("dlo-bad"))} id={verdict_id} data-testid="tp-verdict">{ verdict }</p>
            if m.header == POST_SHORTHAND {
                <p class="dlo-sub">{ "The post writes this shorthand, but it is not a valid header: version 00 needs a 32-digit trace-id and a 16-digit parent-id, as in the post's second example (the spec's own)." }</p>
            }
        </section>
    }
}
