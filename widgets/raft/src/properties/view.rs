//! The Raft widget's view: the cluster ring (SVG) with Raft's node glyphs, the controls
//! and badges, the node actions (a popover at the node), the per-node logs. Plain
//! functions of the [`Model`]; every change goes through one `Callback<Action>`. The
//! scrubber, the settings, the share box and the popover are the kit's
//! ([`distlab_kit::sim`]).
//!
//! Size: what only shows data (the ring's links, the messages in flight, the node texts,
//! the status line, the badges, the legend, the log grid) is written as HTML text
//! ([`distlab_kit::markup`]) in the same DOM the kit's and Yew's elements gave; the
//! few controls in it (drop a link's messages, rewind before a violation, select a node
//! from its log row) carry `data-act` and are handled by one listener on the widget's
//! root. What keeps focus across redraws stays a Yew element: the node glyphs (buttons),
//! the popover's actions, the group and network buttons, the menus.

use super::model::{
    cmd_text, guided_text, msg_kind, msg_text, Action, Model, NodeView, GUIDED_NAMES, LINK_KEY,
    LOG_WINDOW, MAX_NODES, MIN_NODES,
};
use distlab_core::raft::scenarios::Guided;
use distlab_core::raft::{Entry, Msg, Role};
use distlab_core::sim::{NodeId, Violation};
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use distlab_kit::markup::{delegate, esc, raw};
use distlab_kit::sim::flights::{flight_xy, MAX_DRAWN};
use distlab_kit::sim::player::network_now;
use distlab_kit::sim::ring::px;
use distlab_kit::sim::settings::{Setting, LATENCIES, LOSSES};
use distlab_kit::sim::{motion, scrubber, DropTarget, PlayerAction, Popover, Ring, ShareLink};
use std::fmt::Write;
use yew::prelude::*;

const VIEW: i32 = 360;
const VIEW_H: i32 = 372;
const NODE_R: i32 = 27;
/// Circumference of the timer arc (r = 33), ×100.
const ARC_C100: u32 = 20735;

/// The ring for `n` nodes.
fn ring_of(n: usize) -> Ring {
    Ring {
        n,
        cx: f64::from(VIEW / 2),
        cy: 170.0,
        radius: 128.0,
        node_r: f64::from(NODE_R),
    }
}

/// What each property promises, for its badge's tooltip (our words).
const PROMISES: [&str; 5] = [
    "At most one leader is ever elected in a term.",
    "A leader only appends to its log; it never overwrites or deletes its own entries.",
    "Two logs with an entry of the same index and term are identical up to that index.",
    "An entry committed in a term is in the log of every leader of a later term.",
    "No two nodes ever apply different commands at the same index.",
];

// The log grid's heading says "last 20 indexes".
const _: () = assert!(LOG_WINDOW == 20);

/// The legend (static HTML).
const LEGEND: &str = concat!(
    r#"<ul class="raft-legend" aria-label="Legend">"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><rect class="raft-m-rv" x="3" y="3" width="8" height="8" transform="rotate(45 7 7)"/></svg>RequestVote</li>"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ae" cx="7" cy="7" r="6"/></svg>AppendEntries</li>"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-hb" cx="7" cy="7" r="4"/></svg>heartbeat</li>"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ar raft-m-yes" cx="7" cy="7" r="4"/></svg>reply: yes</li>"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ar" cx="7" cy="7" r="4"/></svg>reply: no (◇ vote, ○ append)</li>"#,
    r#"<li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-timer" cx="7" cy="7" r="5"/></svg>election timer left</li>"#,
    "</ul>"
);

/// A message's glyph: its CSS classes, and its shape (a diamond this wide, or a dot of
/// this radius).
fn glyph(m: &Msg) -> (&'static str, bool, f64) {
    match m {
        Msg::RequestVote { .. } => ("raft-m-rv", true, 10.0),
        Msg::Vote { granted: true, .. } => ("raft-m-vote raft-m-yes", true, 8.0),
        Msg::Vote { .. } => ("raft-m-vote", true, 8.0),
        Msg::AppendEntries { entries, .. } if entries.is_empty() => ("raft-m-hb", false, 5.0),
        Msg::AppendEntries { .. } => ("raft-m-ae", false, 7.0),
        Msg::AppendReply { success: true, .. } => ("raft-m-ar raft-m-yes", false, 4.0),
        Msg::AppendReply { .. } => ("raft-m-ar", false, 4.0),
    }
}

/// The one click listener for the controls inside the HTML text, and for the buttons
/// (Yew elements, so they keep focus) that carry `data-act` and `data-i` instead of a
/// listener each.
fn on_act(dispatch: &Callback<Action>) -> Callback<MouseEvent> {
    let d = dispatch.clone();
    delegate(".raft [data-act]", move |act, i, _| {
        d.emit(match act {
            // A link's messages: `data-i` is from × 8 + to.
            "drop" => Action::Run(PlayerAction::Drop(DropTarget::Link(i / 8, i % 8))),
            "drop-node" => Action::Run(PlayerAction::Drop(DropTarget::Node(i))),
            "drop-all" => Action::Run(PlayerAction::Drop(DropTarget::All)),
            "rewind" => Action::Run(PlayerAction::Seek(i as u64)),
            "crash" => Action::Crash(i),
            "restart" => Action::Restart(i),
            "write" => Action::Write(i),
            "time-out" => Action::TimeoutNow(i),
            "group" => Action::ToggleGroup(i),
            "partition" => Action::Partition,
            "heal" => Action::Heal,
            _ => Action::Select(Some(i)),
        });
    })
}

/// The whole widget.
pub fn render(m: &Model, messages: &[String], dispatch: &Callback<Action>) -> Html {
    let run = dispatch.reform(Action::Run);
    let p = &m.player;
    html! {
        <div class="raft" onclick={on_act(dispatch)} onchange={on_change(dispatch)}>
            { option_messages(messages) }
            if let Some(n) = &m.load_note { <p class="dl-error" role="note">{ n }</p> }
            if let Some(c) = &m.clamp_note { <p class="dl-clamp" role="note" data-testid="clamp-note">{ c }</p> }
            { raw(guided_bar(m)) }
            <div class="raft-main">
                <div class="raft-stage">
                    { ring(m, dispatch) }
                    { raw(LEGEND.to_string()) }
                </div>
                <div class="raft-side">
                    <PlayControls playing={p.playing} finished={p.finished()}
                        on_toggle={run.reform(|()| PlayerAction::Toggle)}
                        on_step={run.reform(|()| PlayerAction::Step)}
                        on_reset={run.reform(|()| PlayerAction::Reset)}
                        speed={Some(p.speed)}
                        on_speed={run.reform(PlayerAction::Speed)}
                        label="simulation" />
                    { scrubber(p.position(), p.horizon(), p.timeline_note(), &run.reform(PlayerAction::Seek)) }
                    { raw(status(m)) }
                    { raw(badges(m)) }
                    { raw(network_panel(m)) }
                    { raw(settings(m)) }
                </div>
            </div>
            <section class="raft-logs" aria-label="Logs and key-value stores">
                <h3 class="raft-h">{ "Logs" }<span class="dl-muted">{
                    if log_first(m) > 1 {
                        " — term and command per index; committed entries solid; last 20 indexes"
                    } else {
                        " — term and command per index; committed entries solid"
                    }
                }</span></h3>
                <div class="raft-scroll">{ raw(log_table(m)) }</div>
            </section>
            <ShareLink key_name={LINK_KEY} text={p.link_text()} widget_id={super::ENTRY.id} />
            { live_region(p.announce.clone()) }
        </div>
    }
}

/// The status line: the leader, the clock, the last event, the next scripted input.
fn status(m: &Model) -> String {
    let p = &m.player;
    let mut s = String::from(r#"<p class="raft-status"><span data-testid="leader" data-term=""#);
    match m.leader() {
        Some(l) => {
            let _ = write!(
                s,
                r#"{t}">Leader: node {}, term {t}"#,
                l.id() + 1,
                t = l.term()
            );
        }
        None => s.push_str(r#"">No leader"#),
    }
    let _ = write!(
        s,
        r#"</span><span class="dl-muted"> · t = {}</span><br><span class="dl-muted" data-testid="last-event">{}</span>"#,
        p.clock(),
        esc(&p.last_event)
    );
    if let Some(next) = p.next_scripted() {
        let _ = write!(
            s,
            r#"<br><span class="raft-next" data-testid="next-scripted">Next scripted: {}</span>"#,
            esc(&next)
        );
    }
    s.push_str("</p>");
    s
}

/// The safety badges (the kit's badges' DOM), and the hint under them. Once one fails:
/// the step that broke it, in an alert, with a button that rewinds to just before it.
fn badges(m: &Model) -> String {
    let p = &m.player;
    let mut s = String::from(
        r#"<section class="dl-props" aria-label="Safety properties, checked after every event"><h3 class="dl-h">Safety properties<span class="dl-muted"> — checked after every event</span></h3><ul>"#,
    );
    for (i, ((name, r), promise)) in p.property_status().iter().zip(PROMISES).enumerate() {
        let (class, word) = if r.is_ok() {
            ("ok", "✓ holds")
        } else {
            ("bad", "✗ violated")
        };
        let _ = write!(
            s,
            r#"<li title="{promise}"><span class="dl-badge dl-badge-{class}" data-testid="prop-{i}">{word}</span> {name}</li>"#
        );
    }
    s.push_str("</ul>");
    if let Some(Violation {
        property,
        step,
        time,
        detail,
    }) = p.violation.as_ref()
    {
        let before = step.saturating_sub(1);
        let _ = write!(
            s,
            r#"<div class="dl-error" data-testid="violation" role="alert">{} failed after step {step} (t={time}): {}<button type="button" class="dl-btn" data-testid="rewind-violation" data-act="rewind" data-i="{before}">Rewind to just before it (step {before})</button></div>"#,
            esc(property),
            esc(detail)
        );
    }
    s.push_str(r#"</section><p class="dl-muted raft-hint">Select a node (click, or Tab to it and press Enter) to crash, restart or write to it.</p>"#);
    s
}

/// `<option>`s as HTML text: `(value, text, selected)` each, after a selected, disabled
/// "custom" one if `custom` is given (a run's value no menu entry offers).
fn options(
    s: &mut String,
    custom: Option<String>,
    list: impl Iterator<Item = (String, String, bool)>,
) {
    if let Some(c) = custom {
        let _ = write!(s, "<option selected disabled>{}</option>", esc(&c));
    }
    for (value, text, selected) in list {
        let _ = write!(
            s,
            r#"<option value="{value}"{}>{text}</option>"#,
            if selected { " selected" } else { "" }
        );
    }
}

/// The one change listener for the menus and the checkbox inside the HTML text: the
/// control's test id says which it is.
fn on_change(dispatch: &Callback<Action>) -> Callback<Event> {
    let d = dispatch.clone();
    Callback::from(move |e: Event| {
        let el = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let v = el.value();
        let setting = match el.get_attribute("data-testid").as_deref() {
            Some("guided") => return d.emit(Action::Guided(super::model::guided_by_name(&v))),
            Some("break-it") => {
                let on = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked();
                return d.emit(Action::BreakIt(on));
            }
            Some("set-nodes") => Setting::Nodes(v.parse().unwrap_or(5)),
            Some("set-latency") => {
                let i: usize = v.parse().unwrap_or(1);
                let (a, b, _) = LATENCIES[i.min(LATENCIES.len() - 1)];
                Setting::Latency(a, b)
            }
            Some("set-loss") => Setting::Loss(v.parse().unwrap_or(0)),
            // The kit's controls (speed, scrubber, link) have their own listeners.
            _ => return,
        };
        d.emit(Action::Setting(setting));
    })
}

/// Cluster settings on the page (the kit's [`cluster_settings`](distlab_kit::sim::settings::cluster_settings)
/// DOM, its menus' options as HTML text): size, latency and loss, each a menu of sensible
/// values. Changing one starts a fresh run.
fn settings(m: &Model) -> String {
    let net = &m.player.base().net;
    let (nodes, latency, loss) = (m.n(), (net.latency_min, net.latency_max), net.loss_permille);
    let lat_custom = (!LATENCIES.iter().any(|(a, b, _)| (*a, *b) == latency))
        .then(|| format!("custom {}–{}", latency.0, latency.1));
    let loss_custom = (!LOSSES.contains(&loss)).then(|| format!("custom {loss}‰"));
    let mut s = String::from(
        r#"<section class="raft-cluster" aria-label="Cluster"><h3 class="raft-h">Cluster</h3><div class="dl-settings" role="group" aria-label="Cluster settings (a change starts a new run)"><label class="dl-field">Nodes <select data-testid="set-nodes">"#,
    );
    options(
        &mut s,
        None,
        (MIN_NODES..=MAX_NODES).map(|n| (n.to_string(), n.to_string(), n == nodes)),
    );
    s.push_str(
        r#"</select></label><label class="dl-field">Latency <select data-testid="set-latency">"#,
    );
    options(
        &mut s,
        lat_custom,
        LATENCIES.iter().enumerate().map(|(i, (a, b, w))| {
            (
                i.to_string(),
                format!("{w} ({a}–{b} ticks)"),
                (*a, *b) == latency,
            )
        }),
    );
    s.push_str(r#"</select></label><label class="dl-field">Loss <select data-testid="set-loss">"#);
    options(
        &mut s,
        loss_custom,
        LOSSES
            .iter()
            .map(|l| (l.to_string(), format!("{}%", l / 10), *l == loss)),
    );
    s.push_str("</select></label></div></section>");
    s
}

fn guided_bar(m: &Model) -> String {
    let current = m
        .guided
        .and_then(|g| Guided::ALL.iter().position(|x| *x == g))
        .map(|i| GUIDED_NAMES[i]);
    let base = m.player.base();
    let text = match m.guided {
        _ if m.broken => "Planted bug: a node grants its vote without checking that the \
            candidate's log is at least as up to date as its own. Amid crashes and \
            partitions a node missing committed entries wins an election — press Play and \
            watch Leader Completeness fail; the badge names the step, and you can rewind \
            to just before it and step through. (A copied link replays this run on \
            correct Raft.)"
            .to_string(),
        Some(g) => guided_text(g).1.to_string(),
        None if m.shared => format!(
            "A shared run: {} nodes, seed {}, {} scripted input{}. \
            Press Play to replay it exactly; rewind or act to explore from any point.",
            m.n(),
            base.seed,
            base.inputs.len(),
            if base.inputs.len() == 1 { "" } else { "s" }
        ),
        None => format!(
            "{} nodes, seed {}. Press Play, or Step one event at a time. \
            Select a node to crash it, restart it or send it a write.",
            m.n(),
            base.seed
        ),
    };
    let mut s = String::from(
        r#"<div class="raft-guided"><label class="raft-field">Scenario <select data-testid="guided" aria-label="Guided scenario">"#,
    );
    options(
        &mut s,
        None,
        std::iter::once((
            "free".to_string(),
            "Free play".to_string(),
            current.is_none(),
        ))
        .chain(Guided::ALL.iter().zip(GUIDED_NAMES).map(|(g, name)| {
            (
                name.to_string(),
                esc(guided_text(*g).0),
                current == Some(name),
            )
        })),
    );
    let _ = write!(
        s,
        r#"</select></label><label class="raft-break"><input type="checkbox" data-testid="break-it"{}> Break it: run Raft with a planted bug</label><p class="raft-watch" data-testid="guided-text">{}</p>"#,
        if m.broken { " checked" } else { "" },
        esc(&text)
    );
    if let Some(line) = &m.player.moment {
        let _ = write!(
            s,
            r#"<p class="dl-moment" data-testid="moment">Paused here: {} Press Play to go on.</p>"#,
            esc(line)
        );
    }
    s.push_str("</div>");
    s
}

fn ring(m: &Model, dispatch: &Callback<Action>) -> Html {
    let n = m.n();
    let w = m.world();
    let ring = ring_of(n);
    let list = m.player.in_flight();
    let reduced = motion::reduced();
    let on_select = dispatch.reform(Action::Select);
    // The links (the kit's ring links' DOM), then the messages in flight (the kit's
    // flights' DOM; a click drops what is in flight on that link).
    let mut under = String::from(r#"<g class="dl-links">"#);
    for a in 0..n {
        for b in a + 1..n {
            let (x1, y1) = ring.pos(a);
            let (x2, y2) = ring.pos(b);
            let cut = !w.connected(a, b) || !w.connected(b, a);
            let _ = write!(
                under,
                r#"<g class="dl-link{}"><line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
                if cut { " dl-cut" } else { "" },
                px(x1),
                px(y1),
                px(x2),
                px(y2)
            );
            if cut {
                let _ = write!(
                    under,
                    r#"<text class="dl-cut-mark" x="{}" y="{}" text-anchor="middle">✕<title>Link {}–{} cut</title></text>"#,
                    px((x1 + x2) / 2.0),
                    px((y1 + y2) / 2.0 + 5.0),
                    a + 1,
                    b + 1
                );
            }
            under.push_str("</g>");
        }
    }
    under.push_str(r#"</g><g class="dl-msgs" aria-hidden="true">"#);
    for f in list.iter().take(MAX_DRAWN) {
        let permille = motion::flight_permille(reduced, f.permille);
        let (x, y) = flight_xy(&ring, f.from, f.to, permille);
        let (class, diamond, size) = glyph(&f.msg);
        let _ = write!(
            under,
            r#"<g class="dl-msg {class}{}" data-kind="{}" data-progress="{permille}" data-act="drop" data-i="{}">"#,
            if f.lost { " dl-msg-lost" } else { "" },
            msg_kind(&f.msg),
            f.from * 8 + f.to
        );
        let (cx, cy) = (px(x), px(y));
        if diamond {
            let _ = write!(
                under,
                r#"<rect x="{}" y="{}" width="{w}" height="{w}" transform="rotate(45 {cx} {cy})"/>"#,
                px(x - size / 2.0),
                px(y - size / 2.0),
                w = px(size)
            );
        } else {
            let _ = write!(under, r#"<circle cx="{cx}" cy="{cy}" r="{}"/>"#, px(size));
        }
        let _ = write!(
            under,
            "<title>{} from node {} to node {} (sent t={}, arrives t={}){}. Click to drop the messages on this link.</title></g>",
            esc(&msg_text(&f.msg)),
            f.from + 1,
            f.to + 1,
            f.sent,
            f.arrives,
            if f.lost { ", will be lost" } else { "" }
        );
    }
    under.push_str("</g>");
    let views: Vec<NodeView> = (0..n).map(|i| m.node_view(i)).collect();
    // The texts sit outside the buttons (each named by its aria-label), and let clicks
    // through to the circle below.
    let mut texts = String::new();
    for v in &views {
        node_text(&mut texts, v, &ring);
    }
    html! {
        <div class="raft-ring-box">
            <svg class="dl-svg raft-svg" viewBox="0 0 360 372" role="group"
                aria-label={format!("Cluster of {n} nodes; {} messages in flight", list.len())}>
                { raw(under) }
                { for views.iter().map(|v| node(v, &ring, m.selected == Some(v.id), reduced, &on_select)) }
                { raw(texts) }
            </svg>
            { node_actions(m, &ring, dispatch) }
        </div>
    }
}

/// A node's role class.
fn role_class(v: &NodeView) -> &'static str {
    if !v.up {
        return "raft-down";
    }
    match v.role {
        Role::Follower => "raft-follower",
        Role::Candidate => "raft-candidate",
        Role::Leader => "raft-leader",
    }
}

/// A node's glyph: a button (a Yew element, so it keeps focus while the ring redraws)
/// holding its circles as HTML text.
fn node(
    v: &NodeView,
    ring: &Ring,
    selected: bool,
    reduced: bool,
    on_select: &Callback<Option<NodeId>>,
) -> Html {
    let (x, y) = ring.pos(v.id);
    let (cx, cy) = (px(x), px(y));
    let id = v.id;
    let (click, key) = distlab_kit::sim::ring::node_handlers(id, selected, on_select);
    let mut inner = String::new();
    if let Some(p) = v.timer_permille {
        let p = motion::arc_permille(reduced, p);
        let dash = ARC_C100 * u32::from(p) / 100_000;
        let _ = write!(
            inner,
            r#"<circle class="raft-timer" cx="{cx}" cy="{cy}" r="33" stroke-dasharray="{dash} 400" data-permille="{p}" transform="rotate(-90 {cx} {cy})"/>"#
        );
    }
    if v.up && v.role == Role::Leader {
        let _ = write!(
            inner,
            r#"<circle class="raft-crown" cx="{cx}" cy="{cy}" r="32"/>"#
        );
    }
    let _ = write!(
        inner,
        r#"<circle class="raft-body" cx="{cx}" cy="{cy}" r="27"/>"#
    );
    let class = format!(
        "raft-node {}{}",
        role_class(v),
        if selected { " raft-selected" } else { "" }
    );
    html! {
        <g {class} tabindex="0" role="button" aria-label={v.label()} aria-expanded={selected.to_string()}
            aria-haspopup="dialog"
            data-testid={format!("node-{id}")} data-role={v.role_word()} data-term={v.term.to_string()}
            data-commit={v.commit.to_string()} data-up={v.up.to_string()}
            onclick={click} onkeydown={key}>
            { raw(inner) }
        </g>
    }
}

/// A node's texts: name, term and role.
fn node_text(s: &mut String, v: &NodeView, ring: &Ring) {
    let (x, y) = ring.pos(v.id);
    let cx = px(x);
    let _ = write!(
        s,
        r#"<g class="raft-node-text {}" aria-hidden="true"><text class="raft-name" x="{cx}" y="{}" text-anchor="middle">N{}</text><text class="raft-term" x="{cx}" y="{}" text-anchor="middle">T{}</text><text class="raft-role" x="{cx}" y="{}" text-anchor="middle">"#,
        role_class(v),
        px(y - 2.0),
        v.id + 1,
        px(y + 14.0),
        v.term,
        px(y + f64::from(NODE_R) + 27.0)
    );
    if !v.up {
        s.push_str("✕ crashed");
    } else {
        match v.role {
            Role::Leader => s.push_str("★ leader"),
            Role::Candidate => {
                let _ = write!(s, "candidate {}/{} votes", v.votes, ring.n / 2 + 1);
            }
            Role::Follower => s.push_str("follower"),
        }
    }
    s.push_str("</text></g>");
}

/// The selected node's actions, in a popover at the node.
fn node_actions(m: &Model, ring: &Ring, dispatch: &Callback<Action>) -> Html {
    let Some(id) = m.selected.filter(|&i| i < m.n()) else {
        return html! {};
    };
    let (x, y) = ring.pos(id);
    let k = id + 1;
    html! {
        <Popover label={format!("Node {k} actions")}
            x_pct={x * 100.0 / f64::from(VIEW)} y_pct={y * 100.0 / f64::from(VIEW_H)}
            return_to={format!("[data-testid='node-{id}']")}
            on_close={dispatch.reform(|()| Action::Select(None))}>
            { raw(pop_body(m, &m.node_view(id), id)) }
        </Popover>
    }
}

/// The popover's content: the node's role and term, and its actions, as HTML text.
/// Each button keeps focus across redraws by its `data-focus-key` ([`distlab_kit::focus`]):
/// one button crashes or restarts (not two that swap), so the key stays when the node
/// goes down or comes back.
fn pop_body(m: &Model, v: &NodeView, id: NodeId) -> String {
    let next = m.writes;
    let k = id + 1;
    let (act, word) = if v.up {
        ("crash", "Crash")
    } else {
        ("restart", "Restart")
    };
    let dis = |on: bool| if on { "" } else { " disabled" };
    let mut s = format!(
        r#"<p class="raft-pop-title" data-testid="panel"><b>Node {k}</b> — {}, term {}</p><button type="button" class="dl-btn" data-act="{act}" data-i="{id}" data-focus-key="pop-0">{word} node {k}</button><button type="button" class="dl-btn"{} data-act="write" data-i="{id}" data-focus-key="pop-1">Write {}={} to node {k}</button><button type="button" class="dl-btn"{} data-act="time-out" data-i="{id}" data-focus-key="pop-2">Time out node {k} now</button><button type="button" class="dl-btn" data-act="drop-node" data-i="{id}" data-focus-key="pop-3">Drop node {k}'s messages in flight</button>"#,
        v.role_word(),
        v.term,
        dis(v.up),
        char::from(b'a' + (next % 6) as u8),
        next + 1,
        dis(m.can_time_out(id)),
    );
    if v.up && v.role != Role::Leader {
        s.push_str(r#"<p class="dl-muted">A write to a non-leader is refused (the node names the leader it knows).</p>"#);
    }
    s
}

/// The network panel. Its buttons keep focus across redraws by their `data-focus-key`
/// or test id ([`distlab_kit::focus`]).
fn network_panel(m: &Model) -> String {
    let mut s = String::from(
        r#"<section class="raft-net" aria-label="Network"><h3 class="raft-h">Network</h3><p class="dl-muted raft-hint">Press nodes to put them in group A or B, then partition: only nodes in the same group can talk.</p><div class="raft-groups" role="group" aria-label="Partition groups: press a node to move it between A and B">"#,
    );
    for i in 0..m.n() {
        let b = m.group_b.get(i).copied().unwrap_or(false);
        let g = if b { "B" } else { "A" };
        let _ = write!(
            s,
            r#"<button type="button" class="dl-btn raft-group{}" aria-pressed="{b}" data-act="group" data-i="{i}" data-focus-key="group-{i}">N{k} {g}<span class="dl-sr-only">: Node {k} in group {g}</span></button>"#,
            if b { " raft-group-b" } else { "" },
            k = i + 1
        );
    }
    let _ = write!(
        s,
        r#"</div><p class="raft-net-now" data-testid="net-now">{}</p><div class="dl-row"><button type="button" class="dl-btn" data-testid="partition" data-act="partition">Partition A | B</button><button type="button" class="dl-btn" data-testid="heal" data-act="heal"{}>Heal</button><button type="button" class="dl-btn" data-testid="drop-all" data-act="drop-all">Drop all in flight</button></div></section>"#,
        esc(&network_now(m.world())),
        if m.player.partitioned() {
            ""
        } else {
            " disabled"
        }
    );
    s
}

/// A node's log, whether it runs or is down (then its disk's).
fn log_of(m: &Model, i: NodeId) -> &[Entry] {
    let w = m.world();
    match w.node(i) {
        Some(r) => r.log(),
        None => w.disk(i).map_or(&[][..], |d| &d.log[..]),
    }
}

/// The first index shown in the log grid (the last [`LOG_WINDOW`] indexes are).
fn log_first(m: &Model) -> usize {
    let longest = (0..m.n()).map(|i| log_of(m, i).len()).max().unwrap_or(0);
    longest.saturating_sub(LOG_WINDOW - 1).max(1)
}

/// The log grid: one row per node, one column per index shown, and each node's store.
/// Only its text changes the DOM (Yew compares it), so an animation frame that changed
/// no log leaves it alone.
fn log_table(m: &Model) -> String {
    let w = m.world();
    let n = m.n();
    let leader = m.leader().map(|l| l.id());
    let longest = (0..n).map(|i| log_of(m, i).len()).max().unwrap_or(0);
    let first = log_first(m);
    let cols = if longest == 0 { 0 } else { longest - first + 1 };
    let mut s = String::from(r#"<table class="raft-log"><thead><tr><th scope="col">node</th>"#);
    for i in first..first + cols {
        let _ = write!(s, r#"<th scope="col" class="raft-idx">{i}</th>"#);
    }
    s.push_str(r#"<th scope="col" class="raft-kv-h">store</th></tr></thead><tbody>"#);
    for id in 0..n {
        let log = log_of(m, id);
        let node = w.node(id);
        let commit = node.map_or(0, |r| r.commit_index());
        let is_leader = leader == Some(id);
        let k = id + 1;
        s.push_str("<tr");
        match (is_leader, node.is_some()) {
            (true, true) => s.push_str(r#" class="raft-row-leader""#),
            (true, false) => s.push_str(r#" class="raft-row-leader raft-row-down""#),
            (false, false) => s.push_str(r#" class="raft-row-down""#),
            (false, true) => {}
        }
        let _ = write!(
            s,
            r#" data-testid="log-{id}" data-len="{}"><th scope="row"><button type="button" class="raft-rowname" data-act="sel" data-i="{id}" data-focus-key="sel-{id}">N{k}{}<span class="dl-sr-only">: select node {k}</span></button><span class="raft-commit" data-testid="commit-{id}">c{commit}</span></th>"#,
            log.len(),
            if is_leader { " ★" } else { "" }
        );
        let shown = log.get(first - 1..).unwrap_or(&[]);
        for c in 0..cols {
            match shown.get(c) {
                Some(e) => {
                    let i = first + c;
                    let committed = i <= commit;
                    let cmd = esc(&cmd_text(&e.cmd));
                    let _ = write!(
                        s,
                        r#"<td class="raft-e{}{} raft-t{}" title="index {i}, term {}, {cmd}, {}committed"><span class="raft-e-t">{}</span><span class="raft-e-c2">{cmd}</span></td>"#,
                        if committed { " raft-e-c" } else { "" },
                        if i == commit { " raft-e-ci" } else { "" },
                        e.term % 4,
                        e.term,
                        if committed { "" } else { "not " },
                        e.term
                    );
                }
                None => s.push_str(r#"<td class="raft-e-empty"></td>"#),
            }
        }
        let _ = write!(
            s,
            r#"<td class="raft-kv" title="Key-value store (applied entries)">{}</td></tr>"#,
            node.map_or_else(|| "—".to_string(), |r| esc(&kv_text(r.kv())))
        );
    }
    s.push_str("</tbody></table>");
    s
}

fn kv_text(kv: &distlab_core::raft::Kv) -> String {
    if kv.is_empty() {
        return "∅".into();
    }
    let mut s = String::new();
    for (k, v) in kv.iter() {
        if !s.is_empty() {
            s.push(' ');
        }
        let _ = write!(s, "{}={v}", char::from(*k));
    }
    s
}
