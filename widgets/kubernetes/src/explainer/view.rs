//! The view: a tab list of the three sections with Back/Next, and each section's panel.
//! Non-interactive markup (diagrams, the layer table, the pods) is written as escaped
//! HTML text ([`esc`], [`raw`]): every element of `html!` costs the module its own
//! construction code.

use super::model::{Action, Model, CHANGES, LIMITS, SECTIONS};
use distlab_core::kubernetes::image::{short_digest, Kind};
use distlab_core::kubernetes::{Phase, Resources};
use distlab_kit::controls::{live_region, on_select_index, option_messages, PlayControls};
use distlab_kit::markup::{esc, raw};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Milliseconds per tick at 1×.
pub const TICK_MS: f64 = 700.0;

/// The whole widget.
pub fn widget(m: &Model, d: &Callback<Action>) -> Html {
    let n = SECTIONS.len();
    let on_key = {
        let d = d.clone();
        let cur = m.section;
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (cur + 1) % n,
                "ArrowLeft" | "ArrowUp" => (cur + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            d.emit(Action::Section(to));
            // The tabs stay in the document: focus the newly selected one.
            let tab = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.parent_element())
                .and_then(|l| l.children().item(to as u32))
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(t) = tab {
                let _ = t.focus();
            }
        })
    };
    let s = m.section;
    let (uid, key) = (m.uid, SECTIONS[m.section].1);
    let back = d.reform(move |_| Action::Section(s.saturating_sub(1)));
    let next = d.reform(move |_| Action::Section((s + 1) % n));
    html! {
        <div class="dlk">
            { option_messages(&m.messages) }
            <div class="dl-tabs" role="tablist" aria-label="Docker and Kubernetes, step by step" onkeydown={on_key}>
                { for SECTIONS.iter().enumerate().map(|(i, (label, key))| {
                    let sel = i == m.section;
                    html! {
                        <button type="button" class="dl-tab" role="tab" id={format!("dlk{uid}-tab-{key}")}
                            data-testid={format!("tab-{key}")}
                            aria-selected={sel.to_string()} aria-controls={format!("dlk{uid}-panel")}
                            tabindex={if sel { "0" } else { "-1" }}
                            onclick={d.reform(move |_| Action::Section(i))}>{ *label }</button>
                    }
                }) }
            </div>
            <div class="dlk-panel" role="tabpanel" id={format!("dlk{uid}-panel")} data-testid="panel"
                data-section={key}
                aria-labelledby={format!("dlk{uid}-tab-{key}")}>
                { match m.section {
                    0 => vms(m, d),
                    1 => layers(m, d),
                    _ => cluster(m, d),
                } }
            </div>
            <nav class="dlk-nav" aria-label="Sections">
                <button type="button" class="dl-btn" data-testid="back" onclick={back}
                    aria-disabled={(s == 0).to_string()}>{ "‹ Back" }</button>
                <span class="dlk-where">{ format!("{} of {n}", s + 1) }</span>
                <button type="button" class="dl-btn dl-btn-primary" data-testid="next" onclick={next}>
                    { if s + 1 == n { "Start again ›".to_string() } else { format!("Next: {} ›", &SECTIONS[s + 1].0[4..]) } }
                </button>
            </nav>
            { live_region(m.said.clone()) }
        </div>
    }
}

fn layer(class: &str, text: &str) -> String {
    format!("<div class=\"dlk-l {class}\">{text}</div>")
}

fn vms(m: &Model, d: &Callback<Action>) -> Html {
    let mut s = String::from("<div class=\"dlk-stack\" data-testid=\"stack\" data-view=\"");
    s += if m.vms { "vms\">" } else { "containers\">" };
    s += "<div class=\"dlk-apps\">";
    for app in ["web", "api", "worker"] {
        s += "<div class=\"dlk-col\">";
        s += &layer("dlk-app", &format!("{app} app"));
        s += &layer("dlk-lib", "its libraries");
        if m.vms {
            s += &layer("dlk-own", "guest OS kernel");
        }
        s += "</div>";
    }
    s += "</div>";
    if m.vms {
        s += &layer("dlk-shared", "hypervisor · shared");
    } else {
        s += &layer("dlk-shared", "container runtime");
        s += &layer("dlk-shared", "host OS kernel · shared by every container");
    }
    s += &layer("dlk-shared", "hardware · shared");
    s += "</div>";
    let text = if m.vms {
        "Each virtual machine boots a whole operating system on virtual hardware: three apps, three kernels, each with its own memory and boot time. Strong isolation, heavy copies."
    } else {
        "A container is an ordinary process that the host's kernel isolates: its own view of files, processes and network, and cgroup limits on CPU and memory. Only the app and its libraries are packed; the kernel is shared, so a container starts as fast as a process."
    };
    html! {
        <>
            <p class="dlk-lead">{ "Docker packs an app with everything it needs into an image and runs it as a container; Kubernetes runs many containers on many machines and keeps them running. First, what a container is." }</p>
            <div class="dlk-toggle" role="group" aria-label="Show">
                <button type="button" class="dl-btn" aria-pressed={(!m.vms).to_string()} data-testid="show-containers"
                    onclick={d.reform(|_| Action::Vms(false))}>{ "Containers" }</button>
                <button type="button" class="dl-btn" aria-pressed={m.vms.to_string()} data-testid="show-vms"
                    onclick={d.reform(|_| Action::Vms(true))}>{ "Virtual machines" }</button>
            </div>
            <figure class="dlk-fig" aria-label={if m.vms { "Virtual machines: each app on libraries on its own guest kernel, over a shared hypervisor and hardware" } else { "Containers: each app on its libraries, over one shared container runtime, host kernel and hardware" }}>
                { raw(s) }
            </figure>
            <p>{ text }</p>
            <p class="dlk-note">{ "Shared by: hardware (both), kernel (containers only), libraries (neither: each image brings its own, though identical layers are stored once)." }</p>
        </>
    }
}

fn layers(m: &Model, d: &Callback<Action>) -> Html {
    let b = &m.second;
    let mut rows = String::new();
    for (i, st) in b.steps.iter().enumerate() {
        let (badge, label) = match (st.cached, st.kind) {
            (true, _) => ("dl-badge-ok", "cached"),
            (false, Kind::From) => ("dl-badge-bad", "pulled"),
            (false, _) => ("dl-badge-bad", "rebuilt"),
        };
        let digest = match &st.digest {
            Some(dg) => format!("<code class=\"dlk-dg\">{}</code>", short_digest(dg)),
            None => "<span class=\"dlk-muted\">no layer (config only)</span>".into(),
        };
        rows += &format!(
            "<li class=\"dlk-step{}\" data-testid=\"layer-{i}\" data-cached=\"{}\"><code class=\"dlk-ins\">{}</code>{digest}<span class=\"dl-badge {badge}\">{label}</span></li>",
            if st.cached { "" } else { " dlk-miss" },
            st.cached,
            esc(&st.instruction)
        );
    }
    let on_change = on_select_index({
        let d = d.clone();
        move |i| d.emit(Action::Change(i))
    });
    let copy_first = m.copy_first;
    html! {
        <>
            <p class="dlk-lead">{ "An image is a stack of read-only layers, one per instruction that changes files. Each layer's id is the SHA-256 of its content as a tar archive (Docker's diff_id), so the same files always give the same id. Docker reuses a step from its cache while its parent was reused and its instruction (and, for COPY, the copied files) is unchanged; after the first miss, every later step runs again." }</p>
            <div class="dl-settings">
                <label class="dl-field">{ "Change since the last build " }
                    <select data-testid="change" onchange={on_change}>
                        { for CHANGES.iter().enumerate().map(|(i, c)| html! {
                            <option value={i.to_string()} selected={i == m.change}>{ *c }</option>
                        }) }
                    </select>
                </label>
                <label class="dl-field">
                    <input type="checkbox" data-testid="copy-first" checked={copy_first}
                        onchange={d.reform(move |_| Action::CopyFirst(!copy_first))} />
                    { " Copy all the source before pip install" }
                </label>
            </div>
            <p class="dlk-note" data-testid="change-text">{ m.change_text() }</p>
            <p class="dlk-sub">{ "The rebuild, step by step (the Dockerfile, top to bottom):" }</p>
            <ol class="dlk-steps" data-testid="layers">{ raw(rows) }</ol>
            <p class="dlk-summary" data-testid="build-summary">{ m.build_summary() }</p>
            <p class="dlk-note">{ "The digests are real SHA-256 sums of each layer's tar, but of small stand-ins: the base image here is a few files (the real python:3.12-slim is several layers, tens of MB) and pip install writes two files per package." }</p>
            <p class="dlk-note">{ if m.copy_first {
                "With everything copied first, any edit to the app invalidates the COPY, so pip install runs again too: copy requirements.txt alone, install, then copy the rest."
            } else {
                "Copying requirements.txt alone before pip install is deliberate: editing the app then only reruns the last COPY, and the slow install comes from the cache."
            } }</p>
        </>
    }
}

fn bar(label: &str, used: u64, total: u64, unit: &str) -> String {
    let pct = (used * 100).checked_div(total).unwrap_or(0).min(100);
    format!(
        "<div class=\"dlk-bar\"><span>{label} {used}/{total}{unit}</span><span class=\"dlk-track\" aria-hidden=\"true\"><span style=\"width:{pct}%\"></span></span></div>"
    )
}

fn pod_chip(p: &distlab_core::kubernetes::Pod) -> String {
    let (state, class) = match (p.phase, p.ready) {
        (_, true) => ("Ready", "dlk-ready"),
        (Phase::Running(_), false) => ("starting", "dlk-starting"),
        _ => ("pending", "dlk-pend"),
    };
    format!(
        "<li class=\"dlk-pod dlk-v{} {class}\" data-testid=\"pod\" data-version=\"{}\" data-ready=\"{}\" data-served=\"{}\"><b>v{}</b> <span class=\"dlk-pn\">{}</span> <span>{state}</span> <span class=\"dlk-req\">{} req</span></li>",
        p.version.min(3),
        p.version,
        p.ready,
        p.served,
        p.version,
        esc(p.name.rsplit('-').next().unwrap_or("")),
        p.served
    )
}

/// The ReplicaSets (one per template the Deployment has had) and the pods' legend.
fn replica_sets(c: &distlab_core::kubernetes::Cluster) -> String {
    let mut s = String::from("<p class=\"dlk-note\" data-testid=\"replica-sets\">ReplicaSets: ");
    for (i, r) in c.replica_sets.iter().enumerate() {
        if i > 0 {
            s += " · ";
        }
        s += &format!(
            "<span class=\"dlk-pn\">{}</span> (v{}{}) wants {}, {} Ready",
            esc(&r.name),
            r.template.version,
            if r.template.broken { ", broken" } else { "" },
            r.replicas,
            c.available(i)
        );
    }
    if c.replica_sets.is_empty() {
        s += "none yet";
    }
    s += ". Pods: <span class=\"dlk-pod dlk-v1\"><b>v1</b></span> <span class=\"dlk-pod dlk-v2\"><b>v2</b></span> <span class=\"dlk-pod dlk-v3\"><b>v3</b></span>; a dashed border means not Ready yet.</p>";
    s
}

fn cluster(m: &Model, d: &Callback<Action>) -> Html {
    let c = &m.cluster;
    let used = c.used();
    let (surge, unavailable) = c.limits();
    let status = m.status();
    let replicas = c.deployment.replicas;
    let pending: String = c
        .pods
        .iter()
        .filter(|p| p.node.is_none())
        .map(pod_chip)
        .collect();
    let scores = c.decision.as_ref().map(|dc| {
        let parts: Vec<String> = dc
            .verdicts
            .iter()
            .zip(&c.nodes)
            .map(|(v, n)| {
                if v.fits {
                    format!("{} {}", n.name, v.score)
                } else {
                    format!("{} does not fit", n.name)
                }
            })
            .collect();
        format!(
            "Scheduler's last pod ({}): {}. Score = average over CPU and memory of (allocatable − requested)·100/allocatable; the highest wins, ties go to the first node.",
            dc.pod.rsplit('-').next().unwrap_or(""),
            parts.join(", ")
        )
    });
    let on_surge = on_select_index({
        let d = d.clone();
        move |i| d.emit(Action::Surge(i))
    });
    let on_unavail = on_select_index({
        let d = d.clone();
        move |i| d.emit(Action::Unavailable(i))
    });
    let traffic = c.traffic > 0;
    let v = c.deployment.template.version;
    let pods_total = c.pods.len();
    let ready = c.ready_pods();
    html! {
        <>
            <p class="dlk-lead">{ "You declare the desired state: a Deployment of N replicas of an image, each pod requesting 500m CPU and 512 MiB. Controllers compare it with what they observe and act on the difference, tick after tick: kubelets start pods and report readiness, the node controller notices silent nodes, the deployment and ReplicaSet controllers create or delete pods, the scheduler places each new pod on the least allocated node that fits." }</p>
            <div class="dl-settings dlk-actions" role="group" aria-label="Desired state">
                <span class="dlk-rep">
                    <button type="button" class="dl-btn" data-testid="replicas-minus" aria-label="One replica fewer"
                        onclick={d.reform(|_| Action::Replicas(-1))}>{ "−" }</button>
                    <span data-testid="replicas" aria-live="off">{ format!("{replicas} replicas") }</span>
                    <button type="button" class="dl-btn" data-testid="replicas-plus" aria-label="One replica more"
                        onclick={d.reform(|_| Action::Replicas(1))}>{ "+" }</button>
                </span>
                <button type="button" class="dl-btn" data-testid="rollout-v1" aria-pressed={(v == 1).to_string()} onclick={d.reform(|_| Action::RollOut(1))}>{ "Roll out v1" }</button>
                <button type="button" class="dl-btn" data-testid="rollout-v2" aria-pressed={(v == 2).to_string()} onclick={d.reform(|_| Action::RollOut(2))}>{ "Roll out v2" }</button>
                <button type="button" class="dl-btn" data-testid="rollout-v3" aria-pressed={(v == 3).to_string()} onclick={d.reform(|_| Action::RollOut(3))}>{ "Roll out v3 (broken)" }</button>
                <label class="dl-field">{ "maxSurge " }
                    <select data-testid="max-surge" onchange={on_surge}>
                        { for LIMITS.iter().enumerate().map(|(i, l)| html! { <option value={i.to_string()} selected={i == m.surge}>{ *l }</option> }) }
                    </select>
                </label>
                <label class="dl-field">{ "maxUnavailable " }
                    <select data-testid="max-unavailable" onchange={on_unavail}>
                        { for LIMITS.iter().enumerate().map(|(i, l)| html! { <option value={i.to_string()} selected={i == m.unavailable}>{ *l }</option> }) }
                    </select>
                </label>
                <button type="button" class="dl-btn" data-testid="traffic" aria-pressed={traffic.to_string()}
                    onclick={d.reform(move |_| Action::Traffic(!traffic))}>{ "Traffic through the Service" }</button>
                <button type="button" class="dl-btn" data-testid="burst" onclick={d.reform(|_| Action::Burst)}>{ "Send 12 requests" }</button>
            </div>
            <PlayControls playing={m.playing} label="ticks"
                on_toggle={d.reform(|()| Action::Toggle)} on_step={d.reform(|()| Action::Step)}
                on_reset={d.reform(|()| Action::Reset)} speed={Some(m.speed)} on_speed={d.reform(Action::Speed)} />
            <p class="dlk-state" data-testid="state" data-status={status} data-pods={pods_total.to_string()}
                data-ready={ready.to_string()} data-replicas={replicas.to_string()}
                data-surge={surge.to_string()} data-unavailable={unavailable.to_string()} data-tick={c.tick.to_string()}>
                <span class={classes!("dl-badge", match status { "converged" => "dl-badge-ok", "stuck" => "dl-badge-bad", _ => "dlk-badge-wait" })}
                    data-testid="badge">{ match status { "converged" => "Converged", "stuck" => "Not progressing", _ => "Converging" } }</span>
                { " " }{ m.desired_observed() }
                { format!(" Rolling-update bounds: at most {} pods, at least {} Ready (maxSurge {surge}, maxUnavailable {unavailable} of {replicas}).", replicas + surge, replicas.saturating_sub(unavailable)) }
                if ready < replicas.saturating_sub(unavailable) && c.nodes.iter().any(|n| !n.up || !n.ready) {
                    { " Fewer are Ready because a node failed: the bounds limit what a rollout takes down, not what a failure does." }
                }
            </p>
            <p class="dlk-loop" data-testid="loop">{ m.loop_line() }</p>
            { raw(replica_sets(c)) }
            <ul class="dlk-nodes" data-testid="nodes">
                { for c.nodes.iter().enumerate().map(|(i, n)| {
                    let u: Resources = used[i];
                    let (st, cls) = match (n.up, n.ready) {
                        (true, true) => ("Ready", "dlk-up"),
                        (false, true) => ("down (not noticed yet)", "dlk-down"),
                        (false, false) => ("NotReady", "dlk-down"),
                        (true, false) => ("coming back", "dlk-up"),
                    };
                    let mut pods = String::from("<ul class=\"dlk-pods\">");
                    for p in c.pods.iter().filter(|p| p.node == Some(i)) {
                        pods += &pod_chip(p);
                    }
                    pods += "</ul>";
                    let info = format!(
                        "<div class=\"dlk-nh\"><b>{}</b> <span class=\"dlk-ns\">{st}</span></div>{}{}",
                        esc(&n.name),
                        bar("CPU", u.cpu_m, n.allocatable.cpu_m, "m"),
                        bar("mem", u.mem_mi, n.allocatable.mem_mi, "Mi"),
                    );
                    let up = n.up;
                    html! {
                        <li key={i} class={classes!("dlk-node", cls)} data-testid={format!("node-{i}")}
                            data-up={up.to_string()} data-ready={n.ready.to_string()}>
                            { raw(info) }
                            <button type="button" class="dl-btn dlk-kill" data-testid={format!("kill-{i}")}
                                aria-label={format!("{} {}", if up { "Kill" } else { "Restore" }, n.name)}
                                onclick={d.reform(move |_| if up { Action::Kill(i) } else { Action::Restore(i) })}>
                                { if up { "Kill node" } else { "Restore node" } }
                            </button>
                            { raw(pods) }
                        </li>
                    }
                }) }
            </ul>
            <p class="dlk-pending" data-testid="pending">
                { if pending.is_empty() { html! { "No pod waits for a node." } } else { html! { <>{ "Pending, waiting for a node: " }{ raw(format!("<ul class=\"dlk-pods\">{pending}</ul>")) }</> } } }
            </p>
            <p class="dlk-note" data-testid="service">{ format!(
                "Service: {} requests sent, {} failed. It sends only to Ready pods; a request fails when none is Ready, or when it reaches a pod on a machine that died before the node controller noticed.",
                c.stats.requests, c.stats.failed) }</p>
            if let Some(s) = scores { <p class="dlk-note" data-testid="scores">{ s }</p> }
            <p class="dlk-note">{ "Simplified: a tick stands for seconds; a silent node is marked NotReady after 2 ticks (Kubernetes: 40 s) and its pods evicted 3 ticks later (Kubernetes: 300 s). Pods never move back to a recovered node: Kubernetes does not rebalance either. On scale down the ReplicaSet controller deletes unscheduled before scheduled, not Running before Running, not Ready before Ready, then the newest first." }</p>
        </>
    }
}
