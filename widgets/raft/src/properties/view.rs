//! The Raft widget's view: the cluster ring (SVG) with Raft's node glyphs, the controls
//! and badges, the node actions (a popover at the node), the per-node logs. Plain
//! functions of the [`Model`]; every change goes through one `Callback<Action>`. The
//! ring's links, the messages in flight, the scrubber, the badges, the share box and
//! the popover are the kit's ([`distlab_kit::sim`]).

use super::model::{
    cmd_text, guided_text, msg_kind, msg_text, Action, Model, NodeView, GUIDED_NAMES, LINK_KEY,
    LOG_WINDOW, MAX_NODES, MIN_NODES,
};
use distlab_core::raft::scenarios::Guided;
use distlab_core::raft::{Entry, Msg, Role};
use distlab_core::sim::NodeId;
use distlab_kit::controls::{live_region, option_messages, PlayControls};
use distlab_kit::sim::flights::{FlightStyle, Glyph, Shape};
use distlab_kit::sim::player::network_now;
use distlab_kit::sim::ring::px;
use distlab_kit::sim::settings::cluster_settings;
use distlab_kit::sim::{
    badges, flights, motion, scrubber, DropTarget, PlayerAction, Popover, Ring, ShareLink,
};
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

/// How Raft's messages look on the ring.
const STYLE: FlightStyle<Msg> = FlightStyle {
    glyph,
    kind: msg_kind,
    text: msg_text,
};

fn glyph(m: &Msg) -> Glyph {
    let (class, shape) = match m {
        Msg::RequestVote { .. } => ("raft-m-rv", Shape::Diamond(10.0)),
        Msg::Vote { granted: true, .. } => ("raft-m-vote raft-m-yes", Shape::Diamond(8.0)),
        Msg::Vote { .. } => ("raft-m-vote", Shape::Diamond(8.0)),
        Msg::AppendEntries { entries, .. } if entries.is_empty() => ("raft-m-hb", Shape::Dot(5.0)),
        Msg::AppendEntries { .. } => ("raft-m-ae", Shape::Dot(7.0)),
        Msg::AppendReply { success: true, .. } => ("raft-m-ar raft-m-yes", Shape::Dot(4.0)),
        Msg::AppendReply { .. } => ("raft-m-ar", Shape::Dot(4.0)),
    };
    Glyph { class, shape }
}

/// The whole widget.
pub fn render(m: &Model, messages: &[String], dispatch: &Callback<Action>) -> Html {
    let run = dispatch.reform(Action::Run);
    let p = &m.player;
    let leader = m.leader();
    let leader_id = leader.map(|l| (l.id() + 1).to_string()).unwrap_or_default();
    let leader_term = leader.map(|l| l.term().to_string()).unwrap_or_default();
    html! {
        <div class="raft">
            { option_messages(messages) }
            if let Some(n) = &m.load_note { <p class="dl-error" role="note">{ n }</p> }
            if let Some(c) = &m.clamp_note { <p class="dl-clamp" role="note" data-testid="clamp-note">{ c }</p> }
            { guided_bar(m, dispatch) }
            <div class="raft-main">
                <div class="raft-stage">
                    { ring(m, dispatch) }
                    { legend() }
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
                    <p class="raft-status">
                        <span data-testid="leader" data-term={leader_term.clone()}>{
                            if leader_id.is_empty() { "No leader".to_string() }
                            else { format!("Leader: node {leader_id}, term {leader_term}") }
                        }</span>
                        <span class="dl-muted">{ format!(" · t = {}", p.clock()) }</span>
                        <br />
                        <span class="dl-muted" data-testid="last-event">{ &p.last_event }</span>
                        if let Some(next) = p.next_scripted() {
                            <br />
                            <span class="raft-next" data-testid="next-scripted">{ format!("Next scripted: {next}") }</span>
                        }
                    </p>
                    { badges("Safety properties", &p.property_status(), &PROMISES, p.violation.as_ref(), &run.reform(PlayerAction::Seek)) }
                    <p class="dl-muted raft-hint">{ "Select a node (click, or Tab to it and press Enter) to crash, restart or write to it." }</p>
                    { network_panel(m, dispatch) }
                    <section class="raft-cluster" aria-label="Cluster">
                        <h3 class="raft-h">{ "Cluster" }</h3>
                        { cluster_settings(m.n(), MIN_NODES..=MAX_NODES,
                            (p.base().net.latency_min, p.base().net.latency_max),
                            p.base().net.loss_permille, &dispatch.reform(Action::Setting)) }
                    </section>
                </div>
            </div>
            { logs(m, dispatch) }
            <ShareLink key_name={LINK_KEY} text={p.link_text()} widget_id={super::ENTRY.id} />
            { live_region(p.announce.clone()) }
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
    let base = m.player.base();
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
            <label class="raft-break">
                <input type="checkbox" data-testid="break-it" checked={m.broken}
                    onchange={dispatch.reform(|e: Event| Action::BreakIt(
                        e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))} />
                { " Break it: run Raft with a planted bug" }
            </label>
            <p class="raft-watch" data-testid="guided-text">{
                match m.guided {
                    _ if m.broken => "Planted bug: a node grants its vote without checking that the \
                        candidate's log is at least as up to date as its own. Amid crashes and \
                        partitions a node missing committed entries wins an election — press Play and \
                        watch Leader Completeness fail; the badge names the step, and you can rewind \
                        to just before it and step through. (A copied link replays this run on \
                        correct Raft.)".to_string(),
                    Some(g) => guided_text(g).1.to_string(),
                    None if m.shared => format!("A shared run: {} nodes, seed {}, {} scripted input{}. \
                        Press Play to replay it exactly; rewind or act to explore from any point.",
                        m.n(), base.seed, base.inputs.len(), if base.inputs.len() == 1 { "" } else { "s" }),
                    None => format!("{} nodes, seed {}. Press Play, or Step one event at a time. \
                        Select a node to crash it, restart it or send it a write.",
                        m.n(), base.seed),
                }
            }</p>
            if let Some(line) = &m.player.moment {
                <p class="dl-moment" data-testid="moment">{ "Paused here: " }{ line }{ " Press Play to go on." }</p>
            }
        </div>
    }
}

fn ring(m: &Model, dispatch: &Callback<Action>) -> Html {
    let n = m.n();
    let w = m.world();
    let ring = ring_of(n);
    let list = m.player.in_flight();
    let on_drop = dispatch.reform(|d: DropTarget| Action::Run(PlayerAction::Drop(d)));
    let on_select = dispatch.reform(Action::Select);
    let reduced = motion::reduced();
    html! {
        <div class="raft-ring-box">
            <svg class="dl-svg raft-svg" viewBox={format!("0 0 {VIEW} {VIEW_H}")} role="group"
                aria-label={format!("Cluster of {n} nodes; {} messages in flight", list.len())}>
                { ring.links(|a, b| w.connected(a, b)) }
                { flights(&ring, &list, &STYLE, &on_drop) }
                { for (0..n).map(|i| node(&m.node_view(i), &ring, m.selected == Some(i), reduced, &on_select)) }
            </svg>
            { node_actions(m, &ring, dispatch) }
        </div>
    }
}

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
        let p = motion::arc_permille(reduced, p);
        let dash = ARC_C100 * u32::from(p) / 100_000;
        html! {
            <circle class="raft-timer" cx={cx.clone()} cy={cy.clone()} r="33"
                stroke-dasharray={format!("{dash} 400")} data-permille={p.to_string()}
                transform={format!("rotate(-90 {cx} {cy})")} />
        }
    });
    let below = if !v.up {
        "✕ crashed".to_string()
    } else {
        match v.role {
            Role::Leader => "★ leader".into(),
            Role::Candidate => format!("candidate {}/{} votes", v.votes, ring.n / 2 + 1),
            Role::Follower => "follower".into(),
        }
    };
    let label_y = y + f64::from(NODE_R) + 16.0;
    html! {
        <>
        <g class={classes!("raft-node", role_class, selected.then_some("raft-selected"))}
            tabindex="0" role="button" aria-label={v.label()} aria-expanded={selected.to_string()}
            aria-haspopup="dialog"
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

/// The selected node's actions, in a popover at the node.
fn node_actions(m: &Model, ring: &Ring, dispatch: &Callback<Action>) -> Html {
    let Some(id) = m.selected.filter(|&i| i < m.n()) else {
        return html! {};
    };
    let v = m.node_view(id);
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let next = m.writes;
    let next_write = format!("{}={}", char::from(b'a' + (next % 6) as u8), next + 1);
    let (x, y) = ring.pos(id);
    html! {
        <Popover label={format!("Node {} actions", id + 1)}
            x_pct={x * 100.0 / f64::from(VIEW)} y_pct={y * 100.0 / f64::from(VIEW_H)}
            return_to={format!("[data-testid='node-{id}']")}
            on_close={dispatch.reform(|()| Action::Select(None))}>
            <p class="raft-pop-title" data-testid="panel"><b>{ format!("Node {}", id + 1) }</b>{ format!(" — {}, term {}", v.role_word(), v.term) }</p>
            // One button that crashes or restarts (not two that swap): the element stays,
            // so focus stays on it when the node goes down or comes back.
            <button type="button" class="dl-btn" onclick={on(if v.up { Action::Crash(id) } else { Action::Restart(id) })}>
                { format!("{} node {}", if v.up { "Crash" } else { "Restart" }, id + 1) }
            </button>
            <button type="button" class="dl-btn" disabled={!v.up} onclick={on(Action::Write(id))}>{ format!("Write {next_write} to node {}", id + 1) }</button>
            <button type="button" class="dl-btn" disabled={!m.can_time_out(id)} onclick={on(Action::TimeoutNow(id))}>{ format!("Time out node {} now", id + 1) }</button>
            <button type="button" class="dl-btn" onclick={on(Action::Run(PlayerAction::Drop(DropTarget::Node(id))))}>{ format!("Drop node {}'s messages in flight", id + 1) }</button>
            if v.up && v.role != Role::Leader {
                <p class="dl-muted">{ "A write to a non-leader is refused (the node names the leader it knows)." }</p>
            }
        </Popover>
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

fn network_panel(m: &Model, dispatch: &Callback<Action>) -> Html {
    let on = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
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
            <p class="raft-net-now" data-testid="net-now">{ network_now(m.world()) }</p>
            <div class="dl-row">
                <button type="button" class="dl-btn" data-testid="partition" onclick={on(Action::Partition)}>{ "Partition A | B" }</button>
                <button type="button" class="dl-btn" data-testid="heal" onclick={on(Action::Heal)}
                    disabled={!m.player.partitioned()}>{ "Heal" }</button>
                <button type="button" class="dl-btn" data-testid="drop-all" onclick={on(Action::Run(PlayerAction::Drop(DropTarget::All)))}>{ "Drop all in flight" }</button>
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
