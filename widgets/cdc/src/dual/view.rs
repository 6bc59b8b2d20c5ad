//! The view: controls and faults, the two pipelines side by side (stacked on a phone),
//! then the change events with the replica identity switch and one event as JSON.
//! Readouts are escaped HTML text ([`raw`]); only controls are Yew elements, in a fixed
//! order, so a pressed button is the same element after the redraw and keeps focus.

use super::model::{sink_of, who_name, Action, Cdc};
use distlab_core::cdc::{event::pretty, ReplicaIdentity, Sim, WalStatus, SINKS};
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use distlab_kit::markup::{esc, raw};
use distlab_kit::numfmt::grouped;
use yew::prelude::*;

/// Milliseconds per tick at 1×.
pub const STEP_MS: f64 = 900.0;

fn btn(label: String, testid: String, pressed: Option<bool>, on: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class={if pressed.is_some() { "dl-btn dlc-b dl-toggle" } else { "dl-btn dlc-b" }} data-testid={testid}
            aria-pressed={pressed.map(|p| if p { "true" } else { "false" })} onclick={on}>{ label }</button>
    }
}

fn rows(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

fn differ(n: usize) -> &'static str {
    if n == 1 {
        "differs"
    } else {
        "differ"
    }
}

fn bytes(n: u64) -> String {
    format!("{} B", grouped(n))
}

/// The whole widget.
pub fn widget(m: &Cdc, d: &Callback<Action>) -> Html {
    let s = m.sim.0.borrow();
    let full = s.db.replica_identity == ReplicaIdentity::Full;
    let a = |x: Action| d.reform(move |_: MouseEvent| x);
    html! {
        <div class="dlc" data-widget="cdc-vs-dual-write-widget">
            { option_messages(&m.messages) }
            <PlayControls playing={m.playing} finished={m.finished()} label="Workload"
                on_toggle={d.reform(|()| Action::Toggle)} on_step={d.reform(|()| Action::Step)}
                on_reset={d.reform(|()| Action::Reset)} speed={Some(m.speed)} on_speed={d.reform(Action::Speed)} />
            <div class="dlc-faults" role="group" aria-label="Faults for both pipelines">
                <span class="dlc-fh">{ "Next write fails:" }</span>
                { for (0..3).map(|i| btn(SINKS[i].name().into(), format!("fail-{i}"), None, a(Action::Fail(i)))) }
                { btn("App crashes between writes".into(), "crash-app".into(), None, a(Action::CrashApp)) }
                { btn("Reorder 2 concurrent updates".into(), "reorder".into(), None, a(Action::Reorder)) }
            </div>
            { raw(format!("<p class=\"dlc-last\" data-testid=\"last-op\">Tick {}: {}</p>", s.tick, esc(&s.last))) }
            <div class="dlc-grid">
                <section class="dlc-side" aria-label="Dual write">{ raw(dual(&s)) }</section>
                <section class="dlc-side" aria-label="Change data capture">
                    { raw(slot(&s)) }
                    { for (0..4).map(|i| {
                        let stalled = s.stalled(super::model::who(i));
                        html! {
                            <div class="dlc-who">
                                { raw(who_text(&s, i)) }
                                <span class="dlc-btns">
                                    { btn(if stalled { "Resume" } else { "Stall" }.into(), format!("stall-{i}"), Some(stalled), a(Action::Stall(i))) }
                                    { btn("Crash".into(), format!("crash-{i}"), None, a(Action::Crash(i))) }
                                </span>
                            </div>
                        }
                    }) }
                    { raw(cdc_status(&s)) }
                </section>
            </div>
            <section class="dlc-events" aria-label="Change events">
                <div class="dlc-col">
                <h3 class="dlc-h">{ "Change events on postgres.public.links" }</h3>
                <div class="dlc-faults" role="group" aria-label="Replica identity of links">
                    <span class="dlc-fh">{ "REPLICA IDENTITY" }</span>
                    { btn("DEFAULT".into(), "identity-default".into(), Some(!full), a(Action::Full(false))) }
                    { btn("FULL".into(), "identity-full".into(), Some(full), a(Action::Full(true))) }
                </div>
                { raw(format!("<p class=\"dlc-sub\">{}</p>", if full {
                    "FULL logs the whole old row: an update's and a delete's <code>before</code> is the row as it was."
                } else {
                    "DEFAULT (PostgreSQL's default) logs only the key of an old row: an update's <code>before</code> is null, a delete's holds just the id."
                })) }
                <p class="dlc-note">{ "The post says an UPDATE's before is filled in and a DELETE's before is the deleted row: that is only true with REPLICA IDENTITY FULL." }</p>
                <div class="dlc-evs" role="group" aria-label="Recent events (newest last); pick one to see its JSON">
                    { for recent(&s).into_iter().map(|(i, label, tomb)| if tomb {
                        html! { <span key={i} class="dlc-tomb">{ label }</span> }
                    } else {
                        html! {
                            <button key={i} type="button" class="dl-btn dlc-ev" data-testid="event"
                                aria-pressed={(i == m.selected).to_string()} onclick={a(Action::Select(i))}>{ label }</button>
                        }
                    }) }
                </div>
                </div>
                <div class="dlc-col">{ raw(json(&s, m.selected)) }</div>
            </section>
            { live_region(m.said.clone()) }
        </div>
    }
}

fn dual(s: &Sim) -> String {
    let mut h = String::from("<h3 class=\"dlc-h\">Dual write</h3><p class=\"dlc-sub\">The app commits to PostgreSQL, then writes Elasticsearch, Redis and the warehouse itself, one after the other.</p><ul class=\"dlc-stores\">");
    h += &format!(
        "<li><b>PostgreSQL</b> {}, the source of truth</li>",
        rows(s.db.rows.len())
    );
    let mut total = 0;
    for (i, sink) in SINKS.iter().enumerate() {
        let keys = s.dual_diverged(*sink);
        total += keys.len();
        let shown: Vec<String> = keys.iter().take(4).map(|k| esc(k)).collect();
        h += &format!(
            "<li class=\"{}\"><b>{}</b> <span data-testid=\"dual-diverged-{i}\" data-count=\"{}\">{} {}</span>{}</li>",
            if keys.is_empty() { "" } else { "dlc-bad" },
            sink.name(),
            keys.len(),
            rows(keys.len()),
            differ(keys.len()),
            if keys.is_empty() {
                String::new()
            } else {
                format!(
                    " <code>{}{}</code>",
                    shown.join(", "),
                    if keys.len() > 4 { ", …" } else { "" }
                )
            }
        );
    }
    h += "</ul>";
    h += &format!(
        "<p class=\"dlc-verdict {}\" data-testid=\"divergence\" data-count=\"{total}\">{}</p><p class=\"dlc-sub\">Failed writes {}, crashes {}, reorders {}. Nothing replays a lost write.</p>",
        if total > 0 { "dlc-bad" } else { "dlc-ok" },
        if total > 0 {
            format!(
                "Diverged: {} {} from PostgreSQL, for good",
                rows(total),
                differ(total)
            )
        } else {
            "Every store matches PostgreSQL".into()
        },
        s.dual.failed,
        s.dual.crashes,
        s.reorders
    );
    h
}

fn slot(s: &Sim) -> String {
    let db = &s.db;
    let st = db.wal_status();
    let mut h = String::from("<h3 class=\"dlc-h\">Change data capture</h3><p class=\"dlc-sub\">The app writes only PostgreSQL. Debezium reads the WAL through the slot <code>debezium_slot</code> and publishes each change, partitioned by key (Kafka's murmur2), to <code>postgres.public.links</code>; each store is a consumer group.</p><dl class=\"dlc-slot\">");
    let item = |h: &mut String, name: &str, val: String, extra: &str| {
        *h += &format!("<div><dt>{name}</dt><dd{extra}>{val}</dd></div>");
    };
    item(&mut h, "current LSN", db.current.to_string(), "");
    item(
        &mut h,
        "confirmed_flush_lsn",
        db.slot.confirmed_flush_lsn.to_string(),
        " data-testid=\"confirmed-lsn\"",
    );
    item(&mut h, "restart_lsn", db.slot.restart_lsn.to_string(), "");
    item(
        &mut h,
        "retained WAL",
        bytes(db.retained_wal()),
        &format!(
            " data-testid=\"retained-wal\" data-bytes=\"{}\"",
            db.retained_wal()
        ),
    );
    item(
        &mut h,
        "slot lag",
        bytes(db.slot_lag()),
        &format!(" data-testid=\"slot-lag\" data-bytes=\"{}\"", db.slot_lag()),
    );
    item(
        &mut h,
        "wal_status",
        st.name().into(),
        if st == WalStatus::Reserved {
            " data-testid=\"wal-status\""
        } else {
            " data-testid=\"wal-status\" class=\"dlc-warn\""
        },
    );
    h += "</dl><p class=\"dlc-sub\">Retained WAL = current − restart_lsn. Past max_wal_size (4 kB here, 1 GB by default) the status is <i>extended</i>; with max_slot_wal_keep_size at its default −1 a stalled slot keeps WAL until the disk is full. Only Debezium holds the slot: a stalled consumer leaves its records waiting in the topic instead.</p><p class=\"dlc-parts\">";
    for (p, part) in s.topic.partitions.iter().enumerate() {
        h += &format!(
            "<span>p{p}: {} record{}</span> ",
            part.len(),
            if part.len() == 1 { "" } else { "s" }
        );
        if p + 1 < s.topic.partitions.len() {
            h += "· ";
        }
    }
    h += "</p>";
    h
}

fn who_text(s: &Sim, i: usize) -> String {
    if i == 0 {
        let c = &s.connector;
        return format!(
            "<span class=\"dlc-wt\"><b>Debezium</b> {} · decoded to {}{}</span>",
            state(c.stalled),
            c.read_lsn,
            if c.crashes > 0 {
                format!(" · crashes {}", c.crashes)
            } else {
                String::new()
            }
        );
    }
    let sink = sink_of(i);
    let c = &s.consumers[sink.index()];
    let join = |v: &[usize]| {
        v.iter()
            .map(|o| o.to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    let behind = s.cdc_behind(sink).len();
    format!(
        "<span class=\"dlc-wt\"><b>{}</b> {} · offsets {} (committed {}) · lag {} · <span data-testid=\"cdc-behind-{i}\" data-count=\"{behind}\">{} behind</span> · applied {}, replays skipped {}{}</span>",
        who_name(i),
        state(c.stalled),
        join(&c.position),
        join(&c.committed),
        s.consumer_lag(sink),
        rows(behind),
        c.applied,
        c.duplicates,
        if c.retries > 0 {
            format!(", retried {}", c.retries)
        } else {
            String::new()
        }
    )
}

fn state(stalled: bool) -> &'static str {
    if stalled {
        "<span class=\"dl-badge dl-badge-bad\">stalled</span>"
    } else {
        "<span class=\"dl-badge dl-badge-ok\">running</span>"
    }
}

fn cdc_status(s: &Sim) -> String {
    let behind: usize = SINKS.iter().map(|k| s.cdc_behind(*k).len()).sum();
    if s.cdc_converged() {
        "<p class=\"dlc-verdict dlc-ok\" data-testid=\"cdc-status\" data-converged=\"true\">Converged: every store matches PostgreSQL</p>".into()
    } else if s.db.slot.lost {
        "<p class=\"dlc-verdict dlc-bad\" data-testid=\"cdc-status\" data-converged=\"false\">Slot lost: its WAL was removed; Debezium must snapshot again</p>".into()
    } else {
        format!("<p class=\"dlc-verdict dlc-warn\" data-testid=\"cdc-status\" data-converged=\"false\">Catching up: {behind} rows behind; nothing is lost, the slot and the topic keep it</p>")
    }
}

/// The post's insert, then the last records: (publish index, label, tombstone?).
fn recent(s: &Sim) -> Vec<(usize, String, bool)> {
    let n = s.published.len();
    let from = n.saturating_sub(7).max(1);
    std::iter::once(0)
        .chain(from..n)
        .filter(|i| *i < n)
        .map(|i| match s.event(i) {
            Some(e) => (i, format!("{} {} {}", e.lsn, e.op.code(), e.key), false),
            None => {
                let (p, o) = s.published[i];
                let key = s.topic.partitions[p][o].key.clone();
                (i, format!("tombstone {key}"), true)
            }
        })
        .collect()
}

fn json(s: &Sim, i: usize) -> String {
    let Some(e) = s.event(i) else {
        return String::new();
    };
    let (p, o) = s.published[i];
    let sink_note = if i == 0 {
        "<p class=\"dlc-sub\">The post's example, exactly: op c, before null, source.table links, source.lsn 291840 (0/47400). A real event also carries source.txId, source.ts_ms (commit time) and ts_ms (when Debezium read it).</p>"
    } else {
        ""
    };
    format!(
        "<p class=\"dlc-sub\">Partition {p}, offset {o}, LSN {}. Key <code>{}</code></p>{sink_note}<pre class=\"dlc-json\" data-testid=\"event-json\" data-op=\"{}\" data-lsn=\"{}\" tabindex=\"0\" role=\"region\" aria-label=\"Event at LSN {} as JSON\">{}</pre>",
        e.lsn,
        esc(&e.key_json()),
        e.op.code(),
        e.lsn.0,
        e.lsn,
        esc(&pretty(&e.json(), 1))
    )
}
