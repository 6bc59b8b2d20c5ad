//! The Raft widget's view: the cluster ring (SVG), the controls and badges, the per-node
//! logs, and the share box. Plain functions of the [`Model`]; every change goes through
//! one `Callback<Action>`.

use super::model::{
    cmd_text, fragment_with, guided_text, msg_kind, msg_text, Action, Flight, Model, NodeView,
    GUIDED_NAMES, LOG_WINDOW,
};
use distlab_core::raft::scenarios::Guided;
use distlab_core::raft::{Entry, Msg, Role};
use distlab_core::sim::NodeId;
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use yew::prelude::*;

const VIEW: i32 = 360;
const VIEW_H: i32 = 372;
const CENTER: i32 = VIEW / 2;
const CENTER_Y: i32 = 170;
const RING: f64 = 128.0;
const NODE_R: i32 = 27;
/// Circumference of the timer arc (r = 33), ×100.
const ARC_C100: u32 = 20735;

/// What each property promises, for its badge's tooltip (our words).
const PROMISES: [&str; 5] = [
    "At most one leader is ever elected in a term.",
    "A leader only appends to its log; it never overwrites or deletes its own entries.",
    "Two logs with an entry of the same index and term are identical up to that index.",
    "An entry committed in a term is in the log of every leader of a later term.",
    "No two nodes ever apply different commands at the same index.",
];

/// (cos a, sin a) of every node's angle a = -90° + 360°·i/n on the ring (node 1 at the top,
/// then clockwise), for n = 1..=MAX_NODES nodes: `f64::cos`/`f64::sin` printed with `{:?}`
/// (which round-trips), so the wasm needs no trigonometry (libm's sin/cos and their argument
/// reduction are ~7 KB). `ring_table_is_cos_sin` checks the table.
const RING_ANGLES: [&[(f64, f64)]; 7] = [
    &[(6.123233995736766e-17, -1.0)],
    &[(6.123233995736766e-17, -1.0), (6.123233995736766e-17, 1.0)],
    &[
        (6.123233995736766e-17, -1.0),
        (0.8660254037844387, 0.49999999999999983),
        (-0.8660254037844385, 0.5000000000000003),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (1.0, 0.0),
        (6.123233995736766e-17, 1.0),
        (-1.0, 1.2246467991473532e-16),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.9510565162951535, -0.3090169943749474),
        (0.5877852522924731, 0.8090169943749475),
        (-0.587785252292473, 0.8090169943749475),
        (-0.9510565162951536, -0.3090169943749473),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.8660254037844386, -0.5),
        (0.8660254037844387, 0.49999999999999983),
        (6.123233995736766e-17, 1.0),
        (-0.8660254037844385, 0.5000000000000003),
        (-0.8660254037844386, -0.5000000000000001),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.7818314824680298, -0.6234898018587335),
        (0.9749279121818236, 0.2225209339563144),
        (0.4338837391175582, 0.9009688679024191),
        (-0.43388373911755806, 0.9009688679024191),
        (-0.9749279121818236, 0.2225209339563145),
        (-0.7818314824680299, -0.6234898018587334),
    ],
];
const _: () = assert!(RING_ANGLES.len() == super::model::MAX_NODES);

fn pos(i: usize, n: usize) -> (f64, f64) {
    let row = RING_ANGLES[n.clamp(1, RING_ANGLES.len()) - 1];
    let (cos, sin) = row[i % row.len()];
    (
        f64::from(CENTER) + RING * cos,
        f64::from(CENTER_Y) + RING * sin,
    )
}

fn px(v: f64) -> String {
    (v.round() as i32).to_string()
}

/// The whole widget.
pub fn render(
    m: &Model,
    messages: &[String],
    note: Option<&str>,
    dispatch: &Callback<Action>,
    copied: &UseStateHandle<Option<String>>,
) -> Html {
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let leader = m.leader();
    let leader_id = leader.map(|l| (l.id() + 1).to_string()).unwrap_or_default();
    let leader_term = leader.map(|l| l.term().to_string()).unwrap_or_default();
    html! {
        <div class="raft">
            { option_messages(messages) }
            if let Some(n) = note { <p class="dl-error" role="note">{ n }</p> }
            { guided_bar(m, dispatch) }
            <div class="raft-main">
                <div class="raft-stage">
                    { ring(m, dispatch) }
                    { legend() }
                </div>
                <div class="raft-side">
                    <PlayControls playing={m.playing} finished={m.finished()}
                        on_toggle={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Toggle)) }}
                        on_step={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Step)) }}
                        on_reset={{ let d = dispatch.clone(); Callback::from(move |_| d.emit(Action::Reset)) }}
                        speed={Some(m.speed)}
                        on_speed={{ let d = dispatch.clone(); Callback::from(move |v| d.emit(Action::Speed(v))) }}
                        label="simulation" />
                    { scrubber(m, dispatch) }
                    <p class="raft-status">
                        <span data-testid="leader" data-term={leader_term.clone()}>{
                            if leader_id.is_empty() { "No leader".to_string() }
                            else { format!("Leader: node {leader_id}, term {leader_term}") }
                        }</span>
                        <span class="dl-muted">{ format!(" · t = {}", m.clock()) }</span>
                        <br />
                        <span class="dl-muted" data-testid="last-event">{ &m.last_event }</span>
                        if let Some(next) = m.next_scripted() {
                            <br />
                            <span class="raft-next" data-testid="next-scripted">{ format!("Next scripted: {next}") }</span>
                        }
                    </p>
                    { badges(m, dispatch) }
                    { node_panel(m, dispatch) }
                    { network_panel(m, dispatch, &on) }
                </div>
            </div>
            { logs(m, dispatch) }
            { share(m, copied) }
            { live_region(m.announce.clone()) }
        </div>
    }
}

fn guided_bar(m: &Model, dispatch: &Callback<Action>) -> Html {
    let d = dispatch.clone();
    let change = Callback::from(move |e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        d.emit(Action::Guided(super::model::guided_by_name(&v)));
    });
    let current = m
        .guided
        .and_then(|g| Guided::ALL.iter().position(|x| *x == g))
        .map(|i| GUIDED_NAMES[i]);
    html! {
        <div class="raft-guided">
            <label class="raft-field">{ "Scenario " }
                <select onchange={change} data-testid="guided" aria-label="Guided scenario">
                    <option value="free" selected={current.is_none()}>{ "Free play" }</option>
                    { for Guided::ALL.iter().zip(GUIDED_NAMES).map(|(g, name)| html!{
                        <option value={name} selected={current == Some(name)}>{ guided_text(*g).0 }</option>
                    }) }
                </select>
            </label>
            <p class="raft-watch" data-testid="guided-text">{
                match m.guided {
                    Some(g) => guided_text(g).1.to_string(),
                    None if m.shared => format!("A shared run: {} nodes, seed {}, {} scripted input{}. \
                        Press Play to replay it exactly; rewind or act to explore from any point.",
                        m.n(), m.base.seed, m.base.inputs.len(), if m.base.inputs.len() == 1 { "" } else { "s" }),
                    None => format!("{} nodes, seed {}. Press Play, or Step one event at a time. \
                        Select a node to crash it, restart it or send it a write.",
                        m.n(), m.base.seed),
                }
            }</p>
        </div>
    }
}

fn ring(m: &Model, dispatch: &Callback<Action>) -> Html {
    let n = m.n();
    let w = m.world();
    let mut links = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let (x1, y1) = pos(a, n);
            let (x2, y2) = pos(b, n);
            let cut = !w.connected(a, b) || !w.connected(b, a);
            links.push(html! {
                <g class={classes!("raft-link", cut.then_some("raft-cut"))}>
                    <line x1={px(x1)} y1={px(y1)} x2={px(x2)} y2={px(y2)} />
                    if cut {
                        <text class="raft-cut-mark" x={px((x1 + x2) / 2.0)} y={px((y1 + y2) / 2.0 + 5.0)}
                            text-anchor="middle">{ "✕" }<title>{ format!("Link {}–{} cut by the partition", a + 1, b + 1) }</title></text>
                    }
                </g>
            });
        }
    }
    let flights = m.in_flight();
    thread_local! {
        static REDUCED: bool = distlab_kit::theme::prefers_reduced_motion();
    }
    let reduced = REDUCED.with(|r| *r);
    html! {
        <svg class="dl-svg raft-svg" viewBox={format!("0 0 {VIEW} {VIEW_H}")} role="group"
            aria-label={format!("Cluster of {n} nodes; {} messages in flight", flights.len())}>
            { for links }
            <g class="raft-msgs" aria-hidden="true">
                { for flights.iter().map(|f| message(f, n, reduced, dispatch)) }
            </g>
            { for (0..n).map(|i| node(&m.node_view(i), n, m.selected == Some(i), dispatch)) }
        </svg>
    }
}

fn message(f: &Flight, n: usize, reduced: bool, dispatch: &Callback<Action>) -> Html {
    let (x1, y1) = pos(f.from, n);
    let (x2, y2) = pos(f.to, n);
    let p = if reduced {
        0.5
    } else {
        f64::from(f.permille) / 1000.0
    };
    // Start and end at the nodes' rims; requests and replies use lanes 4 px apart.
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let rim = f64::from(NODE_R) / len;
    let t = rim + (1.0 - 2.0 * rim) * p;
    let (nx, ny) = (-dy / len * 4.0, dx / len * 4.0);
    let (x, y) = (x1 + dx * t + nx, y1 + dy * t + ny);
    let title = format!(
        "{} from node {} to node {} (sent t={}, arrives t={}){}. Click to drop the messages on this link.",
        msg_text(&f.msg),
        f.from + 1,
        f.to + 1,
        f.sent,
        f.arrives,
        if f.lost { ", will be lost" } else { "" }
    );
    let kind = match &f.msg {
        Msg::RequestVote { .. } => "raft-m-rv",
        Msg::Vote { granted: true, .. } => "raft-m-vote raft-m-yes",
        Msg::Vote { .. } => "raft-m-vote",
        Msg::AppendEntries { entries, .. } if entries.is_empty() => "raft-m-hb",
        Msg::AppendEntries { .. } => "raft-m-ae",
        Msg::AppendReply { success: true, .. } => "raft-m-ar raft-m-yes",
        Msg::AppendReply { .. } => "raft-m-ar",
    };
    let class = classes!("raft-msg", kind, f.lost.then_some("raft-m-lost"));
    let shape = match &f.msg {
        Msg::RequestVote { .. } => html! {
            <rect x={px(x - 5.0)} y={px(y - 5.0)} width="10" height="10" transform={format!("rotate(45 {} {})", px(x), px(y))} />
        },
        Msg::Vote { .. } => html! {
            <rect x={px(x - 4.0)} y={px(y - 4.0)} width="8" height="8" transform={format!("rotate(45 {} {})", px(x), px(y))} />
        },
        Msg::AppendEntries { entries, .. } => html! {
            <circle cx={px(x)} cy={px(y)} r={if entries.is_empty() { "5" } else { "7" }} />
        },
        Msg::AppendReply { .. } => html! { <circle cx={px(x)} cy={px(y)} r="4" /> },
    };
    let drop = {
        let d = dispatch.clone();
        let (from, to) = (f.from, f.to);
        Callback::from(move |_: MouseEvent| d.emit(Action::DropLink(from, to)))
    };
    html! {
        <g {class} data-kind={msg_kind(&f.msg)} onclick={drop}>
            { shape }
            <title>{ title }</title>
        </g>
    }
}

fn node(v: &NodeView, n: usize, selected: bool, dispatch: &Callback<Action>) -> Html {
    let (x, y) = pos(v.id, n);
    let (cx, cy) = (px(x), px(y));
    let id = v.id;
    let click = {
        let d = dispatch.clone();
        let next = if selected { None } else { Some(id) };
        Callback::from(move |_: MouseEvent| d.emit(Action::Select(next)))
    };
    let key = {
        let d = dispatch.clone();
        let next = if selected { None } else { Some(id) };
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                d.emit(Action::Select(next));
            }
            "Escape" => d.emit(Action::Select(None)),
            _ => {}
        })
    };
    let role_class = if !v.up {
        "raft-down"
    } else {
        match v.role {
            Role::Follower => "raft-follower",
            Role::Candidate => "raft-candidate",
            Role::Leader => "raft-leader",
        }
    };
    let arc = v.timer_permille.map(|p| {
        let dash = ARC_C100 * u32::from(p) / 100_000;
        html! {
            <circle class="raft-timer" cx={cx.clone()} cy={cy.clone()} r="33"
                stroke-dasharray={format!("{dash} 400")}
                transform={format!("rotate(-90 {cx} {cy})")} />
        }
    });
    let below = if !v.up {
        "✕ crashed".to_string()
    } else {
        match v.role {
            Role::Leader => "★ leader".into(),
            Role::Candidate => format!("candidate {}/{} votes", v.votes, n / 2 + 1),
            Role::Follower => "follower".into(),
        }
    };
    let label_y = y + f64::from(NODE_R) + 16.0;
    html! {
        <>
        <g class={classes!("raft-node", role_class, selected.then_some("raft-selected"))}
            tabindex="0" role="button" aria-label={v.label()} aria-pressed={selected.to_string()}
            data-testid={format!("node-{id}")} data-role={v.role_word()} data-term={v.term.to_string()}
            data-commit={v.commit.to_string()} data-up={v.up.to_string()}
            onclick={click} onkeydown={key}>
            { for arc }
            if v.up && v.role == Role::Leader {
                <circle class="raft-crown" cx={cx.clone()} cy={cy.clone()} r={(NODE_R + 5).to_string()} />
            }
            <circle class="raft-body" cx={cx.clone()} cy={cy.clone()} r={NODE_R.to_string()} />
        </g>
        // The texts sit outside the button (which is named by its aria-label), and let
        // clicks through to the circle below.
        <g class={classes!("raft-node-text", role_class)} aria-hidden="true">
            <text class="raft-name" x={cx.clone()} y={px(y - 2.0)} text-anchor="middle">{ format!("N{}", id + 1) }</text>
            <text class="raft-term" x={cx.clone()} y={px(y + 14.0)} text-anchor="middle">{ format!("T{}", v.term) }</text>
            <text class="raft-role" x={cx} y={px(label_y + 11.0)} text-anchor="middle">{ below }</text>
        </g>
        </>
    }
}

fn legend() -> Html {
    html! {
        <ul class="raft-legend" aria-label="Legend">
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><rect class="raft-m-rv" x="3" y="3" width="8" height="8" transform="rotate(45 7 7)"/></svg>{ "RequestVote" }</li>
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ae" cx="7" cy="7" r="6"/></svg>{ "AppendEntries" }</li>
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-hb" cx="7" cy="7" r="4"/></svg>{ "heartbeat" }</li>
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ar raft-m-yes" cx="7" cy="7" r="4"/></svg>{ "reply: yes" }</li>
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-m-ar" cx="7" cy="7" r="4"/></svg>{ "reply: no (◇ vote, ○ append)" }</li>
            <li><svg viewBox="0 0 14 14" width="14" height="14" aria-hidden="true"><circle class="raft-timer" cx="7" cy="7" r="5"/></svg>{ "election timer left" }</li>
        </ul>
    }
}

fn scrubber(m: &Model, dispatch: &Callback<Action>) -> Html {
    let d = dispatch.clone();
    let input = Callback::from(move |e: InputEvent| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value();
        d.emit(Action::Seek(v.parse().unwrap_or(0)));
    });
    let (p, h) = (m.tl.position(), m.tl.horizon());
    html! {
        <div class="raft-scrub">
            <label class="raft-field">
                <span>{ "Step " }<b data-testid="position">{ p }</b>{ " of " }<span data-testid="horizon">{ h }</span></span>
                <input type="range" min="0" max={h.to_string()} value={p.to_string()} step="1"
                    data-testid="scrubber" aria-label="Timeline: rewind to an earlier step"
                    aria-valuetext={format!("step {p} of {h}")} oninput={input} />
            </label>
            if m.rewound() {
                <p class="raft-fork" data-testid="fork-note">{
                    format!("Rewound {} steps. Play to replay the same future, or act (crash, write, \
                             partition…) to fork a new one from here.", h - p)
                }</p>
            } else if let Some(note) = &m.fork_note {
                <p class="raft-fork" data-testid="fork-note">{ note }</p>
            }
        </div>
    }
}

fn badges(m: &Model, dispatch: &Callback<Action>) -> Html {
    let status = m.property_status();
    html! {
        <section class="raft-props" aria-label="Safety properties, checked after every event">
            <h3 class="raft-h">{ "Safety properties" }<span class="dl-muted">{ " — checked after every event" }</span></h3>
            <ul>
                { for status.iter().enumerate().map(|(i, (name, r))| {
                    let ok = r.is_ok();
                    html! {
                        <li title={PROMISES[i]}>
                            <span class={classes!("dl-badge", if ok { "dl-badge-ok" } else { "dl-badge-bad" })}
                                data-testid={format!("prop-{i}")}>{ if ok { "✓ holds" } else { "✗ violated" } }</span>
                            { " " }{ *name }
                        </li>
                    }
                }) }
            </ul>
            if let Some(v) = &m.violation {
                <div class="dl-error" data-testid="violation" role="alert">
                    { format!("{} failed after step {} (t={}): {}", v.property, v.step, v.time, v.detail) }
                    <button type="button" class="dl-btn" onclick={{
                        let d = dispatch.clone(); let s = v.step.saturating_sub(1);
                        Callback::from(move |_: MouseEvent| d.emit(Action::Seek(s)))
                    }}>{ "Rewind to just before it" }</button>
                </div>
            }
        </section>
    }
}

fn node_panel(m: &Model, dispatch: &Callback<Action>) -> Html {
    let Some(id) = m.selected.filter(|&i| i < m.n()) else {
        return html! {
            <p class="dl-muted raft-hint">{ "Select a node (click, or Tab to it and press Enter) to crash, restart or write to it." }</p>
        };
    };
    let v = m.node_view(id);
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let next = m.writes;
    let next_write = format!("{}={}", char::from(b'a' + (next % 6) as u8), next + 1);
    html! {
        <section class="dl-panel raft-panel" data-testid="panel" aria-label={format!("Node {} actions", id + 1)}>
            <h3 class="raft-h">{ format!("Node {} — {}, term {}", id + 1, v.role_word(), v.term) }</h3>
            <div class="dl-row">
                if v.up {
                    <button type="button" class="dl-btn" onclick={on(Action::Crash(id))}>{ format!("Crash node {}", id + 1) }</button>
                    <button type="button" class="dl-btn" onclick={on(Action::Write(id))}>{ format!("Write {next_write} to node {}", id + 1) }</button>
                } else {
                    <button type="button" class="dl-btn" onclick={on(Action::Restart(id))}>{ format!("Restart node {}", id + 1) }</button>
                }
                <button type="button" class="dl-btn" onclick={on(Action::DropNode(id))}>{ format!("Drop node {}'s messages in flight", id + 1) }</button>
                <button type="button" class="dl-btn" onclick={on(Action::Select(None))} aria-label="Close node actions">{ "Close" }</button>
            </div>
            if v.up && v.role != Role::Leader {
                <p class="dl-muted">{ "A write to a non-leader is refused (the node names the leader it knows); write to the leader to see it replicate and commit." }</p>
            }
        </section>
    }
}

fn network_panel(
    m: &Model,
    dispatch: &Callback<Action>,
    on: &dyn Fn(Action) -> Callback<MouseEvent>,
) -> Html {
    let _ = dispatch;
    html! {
        <section class="raft-net" aria-label="Network">
            <h3 class="raft-h">{ "Network" }</h3>
            <p class="dl-muted raft-hint">{ "Press nodes to put them in group A or B, then partition: only nodes in the same group can talk." }</p>
            <div class="raft-groups" role="group" aria-label="Partition groups: press a node to move it between A and B">
                { for (0..m.n()).map(|i| {
                    let b = m.group_b.get(i).copied().unwrap_or(false);
                    html! {
                        <button type="button" class={classes!("dl-btn", "raft-group", b.then_some("raft-group-b"))}
                            aria-pressed={b.to_string()} onclick={on(Action::ToggleGroup(i))}>
                            { format!("N{} {}", i + 1, if b { "B" } else { "A" }) }
                            <span class="dl-sr-only">{ format!(": Node {} in group {}", i + 1, if b { "B" } else { "A" }) }</span>
                        </button>
                    }
                }) }
            </div>
            <p class="raft-net-now" data-testid="net-now">{ network_now(m) }</p>
            <div class="dl-row">
                <button type="button" class="dl-btn" data-testid="partition" onclick={on(Action::Partition)}>{ "Partition A | B" }</button>
                <button type="button" class="dl-btn" data-testid="heal" onclick={on(Action::Heal)}
                    disabled={!m.partitioned()}>{ "Heal" }</button>
                <button type="button" class="dl-btn" data-testid="drop-all" onclick={on(Action::DropAll)}>{ "Drop all in flight" }</button>
            </div>
        </section>
    }
}

/// One node's row of the log grid: only what is shown, so the grid re-renders only when
/// something in it changed (not on every animation frame).
#[derive(Clone, PartialEq)]
struct LogRow {
    id: NodeId,
    len: usize,
    /// Entries `first..first + cols` (fewer if the log is shorter).
    entries: Vec<Entry>,
    commit: usize,
    kv: String,
    up: bool,
    leader: bool,
}

fn logs(m: &Model, dispatch: &Callback<Action>) -> Html {
    let w = m.world();
    let n = m.n();
    let leader = m.leader().map(|l| l.id());
    let log_of = |i: NodeId| -> &[Entry] {
        match w.node(i) {
            Some(r) => r.log(),
            None => w.disk(i).map_or(&[][..], |d| &d.log[..]),
        }
    };
    let longest = (0..n).map(|i| log_of(i).len()).max().unwrap_or(0);
    let first = longest.saturating_sub(LOG_WINDOW - 1).max(1);
    let cols = if longest == 0 { 0 } else { longest - first + 1 };
    let rows: Vec<LogRow> = (0..n)
        .map(|id| {
            let log = log_of(id);
            let node = w.node(id);
            LogRow {
                id,
                len: log.len(),
                entries: log.get(first - 1..).unwrap_or(&[]).to_vec(),
                commit: node.map_or(0, |r| r.commit_index()),
                kv: node.map_or_else(|| "—".to_string(), |r| kv_text(r.kv())),
                up: node.is_some(),
                leader: leader == Some(id),
            }
        })
        .collect();
    html! { <LogGrid {rows} {first} {cols} dispatch={dispatch.clone()} /> }
}

fn kv_text(kv: &std::collections::BTreeMap<u8, u32>) -> String {
    if kv.is_empty() {
        return "∅".into();
    }
    kv.iter()
        .map(|(k, v)| format!("{}={v}", char::from(*k)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Properties, PartialEq)]
struct LogGridProps {
    rows: Vec<LogRow>,
    first: usize,
    cols: usize,
    dispatch: Callback<Action>,
}

#[function_component(LogGrid)]
fn log_grid(p: &LogGridProps) -> Html {
    let (first, cols) = (p.first, p.cols);
    html! {
        <section class="raft-logs" aria-label="Logs and key-value stores">
            <h3 class="raft-h">{ "Logs" }<span class="dl-muted">{
                format!(" — term and command per index; committed entries solid{}",
                    if first > 1 { format!("; last {LOG_WINDOW} indexes") } else { String::new() })
            }</span></h3>
            <div class="raft-scroll">
                <table class="raft-log">
                    <thead><tr>
                        <th scope="col">{ "node" }</th>
                        { for (first..first + cols).map(|i| html!{ <th scope="col" class="raft-idx">{ i }</th> }) }
                        <th scope="col" class="raft-kv-h">{ "store" }</th>
                    </tr></thead>
                    <tbody>
                        { for p.rows.iter().map(|r| log_row(r, first, cols, &p.dispatch)) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn log_row(r: &LogRow, first: usize, cols: usize, dispatch: &Callback<Action>) -> Html {
    let id = r.id;
    let select = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Select(Some(id))))
    };
    html! {
        <tr class={classes!(r.leader.then_some("raft-row-leader"), (!r.up).then_some("raft-row-down"))}
            data-testid={format!("log-{id}")} data-len={r.len.to_string()}>
            <th scope="row">
                <button type="button" class="raft-rowname" onclick={select}>
                    { format!("N{}", id + 1) }{ if r.leader { " ★" } else { "" } }
                    <span class="dl-sr-only">{ format!(": select node {}", id + 1) }</span>
                </button>
                <span class="raft-commit" data-testid={format!("commit-{id}")}>{ format!("c{}", r.commit) }</span>
            </th>
            { for (0..cols).map(|k| match r.entries.get(k) {
                Some(e) => {
                    let i = first + k;
                    let committed = i <= r.commit;
                    html! {
                        <td class={classes!("raft-e", committed.then_some("raft-e-c"), (i == r.commit).then_some("raft-e-ci"), format!("raft-t{}", e.term % 4))}
                            title={format!("index {i}, term {}, {}{}", e.term, cmd_text(&e.cmd), if committed { ", committed" } else { ", not committed" })}>
                            <span class="raft-e-t">{ e.term }</span>
                            <span class="raft-e-c2">{ cmd_text(&e.cmd) }</span>
                        </td>
                    }
                }
                None => html! { <td class="raft-e-empty"></td> },
            }) }
            <td class="raft-kv" title="Key-value store (applied entries)">{ &r.kv }</td>
        </tr>
    }
}

fn share(m: &Model, copied: &UseStateHandle<Option<String>>) -> Html {
    let click = {
        let copied = copied.clone();
        let text = m.link_text();
        Callback::from(move |_: MouseEvent| {
            let win = gloo::utils::window();
            let loc = win.location();
            let hash = loc.hash().unwrap_or_default();
            let base = loc.href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or("").to_string();
            let link = format!("{base}{}", fragment_with(&hash, &text));
            copy_to_clipboard(&win, &link);
            copied.set(Some(link));
        })
    };
    html! {
        <section class="raft-share" aria-label="Share this run">
            <button type="button" class="dl-btn" data-testid="copy-link" onclick={click}>{ "Copy link to this run" }</button>
            if let Some(link) = &**copied {
                <span class="raft-copied" role="status">{ "Link copied — it replays this exact run." }</span>
                <input type="text" readonly=true class="raft-link-text" data-testid="link-text"
                    aria-label="Link to this run" value={link.clone()} />
            }
        </section>
    }
}

/// Best effort: the clipboard API may be missing (insecure page) or refuse (no
/// permission); the link is shown in a text field either way.
fn copy_to_clipboard(win: &web_sys::Window, text: &str) {
    use wasm_bindgen::{closure::Closure, JsValue};
    let nav = win.navigator();
    let has = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has {
        return;
    }
    let promise = nav.clipboard().write_text(text);
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
}

/// The network as it is now (not the A/B draft above it): who can talk to whom, e.g.
/// "Now: N1 N2 | N3 N4 N5". A guided or shared run may have split it in other ways
/// (a node alone, three groups), so this reads the world's own groups.
fn network_now(m: &Model) -> String {
    if !m.partitioned() {
        return "Now: every node can reach every other.".into();
    }
    let groups = m.world().groups();
    let mut text = String::from("Now:");
    let mut first = true;
    for (i, g) in groups.iter().enumerate() {
        if groups[..i].contains(g) {
            continue;
        }
        if !first {
            text.push_str(" |");
        }
        first = false;
        for (j, _) in groups.iter().enumerate().filter(|(_, h)| *h == g) {
            text.push_str(&format!(" N{}", j + 1));
        }
    }
    if groups.iter().all(|g| *g == groups[0]) {
        text.push_str(" (one group, but some links are blocked)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_table_is_cos_sin() {
        for (row, n) in RING_ANGLES.iter().zip(1..) {
            assert_eq!(row.len(), n);
            for (i, &(c, s)) in row.iter().enumerate() {
                let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
                assert!(
                    (c - a.cos()).abs() < 1e-15 && (s - a.sin()).abs() < 1e-15,
                    "n={n} i={i}"
                );
            }
        }
    }
}
