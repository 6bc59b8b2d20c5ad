//! The Certificate Transparency tab: an auditor checks that a log only grew.
//!
//! The reader appends certificates to the log, picks the old tree head the auditor
//! holds, and sees the consistency proof the log hands over, each hash folded into the
//! two running roots, and the verdict. Playing the dishonest operator ("rewrite an old
//! entry") makes the check fail, and one sentence says which root no longer matches.
//! The logic lives in [`super::ctlog`] and the core's
//! [`check_consistency`](distlab_core::merkle::check_consistency).

use super::ctlog::{rewrite_of, verdict_sentence, Audit, CtLog, MAX_ENTRIES, MAX_NAME};
use distlab_core::hash::to_hex;
use distlab_core::merkle::{ConsistencyNode, ConsistencyStart};
use distlab_kit::controls::{live_region, HashText};
use yew::prelude::*;

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum CtAction {
    /// Append an entry with this name.
    Append(String),
    /// The auditor holds the head of this size.
    Hold(usize),
    /// Pick the entry the operator rewrites (applied at once if a rewrite is on).
    Target(usize),
    /// Rewrite the picked entry, or undo the rewrite.
    ToggleRewrite,
}

/// The tab's state: the log, the rewrite target, and the last announcement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CtState {
    /// The log and the auditor's head.
    pub log: CtLog,
    /// Entry the rewrite control points at.
    pub target: usize,
    /// For the live region.
    pub announce: String,
}

impl Reducible for CtState {
    type Action = CtAction;

    fn reduce(self: std::rc::Rc<Self>, action: CtAction) -> std::rc::Rc<Self> {
        let mut s = (*self).clone();
        s.announce = match action {
            CtAction::Append(name) => {
                if s.log.append(&name) {
                    format!("Appended; the log now has {} entries.", s.log.honest.len())
                } else {
                    format!("This demo log is full at {MAX_ENTRIES} entries.")
                }
            }
            CtAction::Hold(m) => {
                s.log.hold(m);
                s.target = s.target.min(s.log.held_size - 1);
                format!("The auditor holds the head of size {}.", s.log.held_size)
            }
            CtAction::Target(i) => {
                s.target = i.min(s.log.held_size - 1);
                if s.log.rewritten.is_some() {
                    s.log.rewrite(Some(s.target));
                }
                format!("Entry {} picked.", s.target)
            }
            CtAction::ToggleRewrite => {
                if s.log.rewritten.is_some() {
                    s.log.rewrite(None);
                    "Rewrite undone.".into()
                } else {
                    s.log.rewrite(Some(s.target));
                    format!("The operator rewrote entry {}.", s.target)
                }
            }
        };
        std::rc::Rc::new(s)
    }
}

/// "entry 4" or "entries 4–5" for the half-open range of a proof node.
fn entries(n: &ConsistencyNode) -> String {
    if n.end <= n.start + 1 {
        format!("entry {}", n.start)
    } else {
        format!("entries {}–{}", n.start, n.end - 1)
    }
}

/// The Certificate Transparency tab.
#[function_component(CtAudit)]
pub fn ct_audit() -> Html {
    let state = use_reducer(CtState::default);
    let name = use_state(String::new);
    let s = &*state;
    let audit = match s.log.audit() {
        Ok(a) => a,
        Err(e) => {
            return html! { <p class="dl-error">{ format!("The log could not be audited: {e}") }</p> }
        }
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let on_append = {
        let (state, name) = (state.clone(), name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(CtAction::Append((*name).clone()));
            name.set(String::new());
        })
    };
    let select = |f: fn(usize) -> CtAction| {
        let state = state.clone();
        distlab_kit::controls::on_select_index(move |i| state.dispatch(f(i)))
    };
    let toggle = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(CtAction::ToggleRewrite))
    };
    let served = s.log.served();
    let (m, n) = (audit.old.0, audit.new.0);
    let ok = audit.check.verdict.is_ok();

    html! {
        <div class="dluc-ct">
            <p class="dluc-lede">
                { "A Certificate Transparency log promises to only ever append certificates. An auditor keeps one old \
                   signed tree head (a size and a root). When the log publishes a bigger head, a few hashes prove the \
                   new tree contains the old one unchanged — without downloading the log." }
            </p>
            <form class="dl-row dluc-settings" onsubmit={on_append}>
                <label>{ "New certificate " }
                    <input type="text" value={(*name).clone()} oninput={on_name} maxlength={MAX_NAME.to_string()}
                        size="22" placeholder="cert for shop.example" data-testid="ct-name" aria-label="Name of the certificate to append" />
                </label>
                <button type="submit" class="dl-btn" data-testid="ct-append">{ "Append to the log" }</button>
            </form>
            <div class="dl-row dluc-settings">
                <label>{ "Auditor's old head: size " }
                    <select onchange={select(CtAction::Hold)} data-testid="ct-held" aria-label="Size of the tree head the auditor holds">
                        { for (1..=served.len()).map(|i| html! {
                            <option value={i.to_string()} selected={i == m}>{ i }</option>
                        }) }
                    </select>
                </label>
            </div>
            <fieldset>
                <legend>{ "The operator cheats" }</legend>
                <div class="dl-row dluc-tamper">
                    <label>{ "Entry " }
                        <select onchange={select(CtAction::Target)} data-testid="ct-target" aria-label="Old entry the operator rewrites">
                            { for (0..m).map(|i| html! {
                                <option value={i.to_string()} selected={i == s.target}>{ i }</option>
                            }) }
                        </select>
                    </label>
                    <button type="button" class="dl-btn dl-toggle" data-testid="ct-rewrite"
                        aria-pressed={s.log.rewritten.is_some().to_string()} onclick={toggle}>
                        { "Rewrite an old entry" }
                    </button>
                </div>
            </fieldset>

            <ol class="dluc-ctlog" start="0" aria-label="Log entries">
                { for served.iter().enumerate().map(|(i, e)| {
                    let bad = s.log.rewritten == Some(i);
                    html! {
                        <li class={classes!(if i < m { "dluc-ct-old" } else { "dluc-ct-new" }, bad.then_some("dluc-bad"))}
                            data-testid={format!("ct-entry-{i}")}>
                            { e }
                            if bad { <span class="dl-muted">{ format!(" — was “{}”", s.log.honest.get(i).map_or("", String::as_str)) }</span> }
                        </li>
                    }
                }) }
            </ol>
            <p class="dl-muted">{ format!("Entries 0–{} are covered by the auditor's head; the rest were appended since.", m - 1) }</p>

            <dl class="dluc-readouts">
                <div>
                    <dt>{ "Old head (the auditor holds)" }</dt>
                    <dd data-testid="ct-old-head" data-size={m.to_string()} data-hex={to_hex(&audit.old.1)}>
                        { format!("size {m}, root ") }<HashText bytes={audit.old.1.to_vec()} chars={16} label="old root" />
                    </dd>
                </div>
                <div>
                    <dt>{ "New head (the log publishes)" }</dt>
                    <dd data-testid="ct-new-head" data-size={n.to_string()} data-hex={to_hex(&audit.new.1)}>
                        { format!("size {n}, root ") }<HashText bytes={audit.new.1.to_vec()} chars={16} label="new root" />
                    </dd>
                </div>
            </dl>

            <p class="dluc-proofsize" data-testid="ct-proof-size" data-len={audit.proof.nodes.len().to_string()}>
                { format!("Consistency proof from {m} to {n}: {} hash{} — at most ⌈log₂ n⌉ + 1, however long the log.",
                    audit.proof.nodes.len(), if audit.proof.nodes.len() == 1 { "" } else { "es" }) }
            </p>
            <ol class="dluc-ctproof" aria-label="Hashes of the consistency proof">
                { for audit.proof.nodes.iter().enumerate().map(|(i, node)| html! {
                    <li data-testid="ct-proof-node" data-start={node.start.to_string()} data-end={node.end.to_string()}
                        data-hex={to_hex(&node.hash)}>
                        <span>{ format!("hash {}: {} ", i + 1, entries(node)) }</span>
                        <HashText bytes={node.hash.to_vec()} chars={12} label={format!("proof hash {}", i + 1)} />
                    </li>
                }) }
            </ol>
            { steps(&audit) }
            <p>
                <span class={classes!("dl-badge", if ok { "dl-badge-ok" } else { "dl-badge-bad" })}
                    data-testid="ct-verdict" data-ok={ok.to_string()}>
                    { if ok { "✓ consistent: the log only grew" } else { "✗ inconsistent: the log changed its past" } }
                </span>
            </p>
            <p class="dluc-phase" data-testid="ct-sentence">{ verdict_sentence(&audit, s.log.rewritten) }</p>
            if let Some(i) = s.log.rewritten {
                <p class="dl-muted">{ format!("The operator turned entry {i} into “{}”.", rewrite_of(s.log.honest.get(i).map_or("", String::as_str))) }</p>
            }
            { live_region(s.announce.clone()) }
        </div>
    }
}

/// The auditor's verification, one line per proof hash.
fn steps(a: &Audit) -> Html {
    let nodes = &a.proof.nodes;
    let (m, n) = (a.old.0, a.new.0);
    let start = match a.check.start {
        None => format!("Sizes are equal ({m}): no hashes are needed; the two roots must simply be equal."),
        Some(ConsistencyStart::OldRoot) => format!(
            "Start both running roots from the auditor's old root: {m} is a power of two, so the old tree is one complete piece of the new one."
        ),
        Some(ConsistencyStart::FirstHash) => format!(
            "Start both running roots from hash 1 ({}), the old tree's last complete piece.",
            nodes.first().map(entries).unwrap_or_default()
        ),
    };
    html! {
        <ol class="dluc-steps" start="0" aria-label="Verification steps" data-testid="ct-steps">
            <li class="dluc-step dluc-step-done">{ start }</li>
            { for a.check.steps.iter().map(|st| {
                let what = nodes.get(st.index).map(entries).unwrap_or_default();
                html! {
                    <li class="dluc-step dluc-step-done" data-testid="ct-step">
                        <div>
                            <strong>{ format!("Hash {} ({what}): ", st.index + 1) }</strong>
                            { if st.in_old_tree {
                                "inside the old tree, on the left — it joins both roots: old = H(hash ‖ old), new = H(hash ‖ new)."
                            } else {
                                "appended after the old tree, on the right — only the new root grows: new = H(new ‖ hash)."
                            } }
                        </div>
                        <div class="dluc-hashline"><span class="dluc-tag">{ "old so far" }</span>
                            <HashText bytes={st.old_after.to_vec()} chars={16} label="running old root" /></div>
                        <div class="dluc-hashline"><span class="dluc-tag">{ "new so far" }</span>
                            <HashText bytes={st.new_after.to_vec()} chars={16} label="running new root" /></div>
                    </li>
                }
            }) }
            <li class="dluc-step dluc-step-done">
                <div><strong>{ "Compare" }</strong></div>
                { compare_line("old", a.check.old_root.as_ref(), &a.old.1, "the auditor's") }
                { compare_line("new", a.check.new_root.as_ref(), &a.new.1, "the published") }
                if n == m { <div class="dl-muted">{ "Equal sizes: the held root is compared with the published one directly." }</div> }
            </li>
        </ol>
    }
}

fn compare_line(which: &str, rebuilt: Option<&[u8; 32]>, expected: &[u8; 32], whose: &str) -> Html {
    let Some(r) = rebuilt else { return html! {} };
    let same = r == expected;
    html! {
        <div class="dluc-hashline" data-testid={format!("ct-compare-{which}")} data-match={same.to_string()}>
            <span class="dluc-tag">{ format!("{which} root") }</span>
            <span class={classes!(if same { "dluc-good" } else { "dluc-bad" })}>
                <HashText bytes={r.to_vec()} chars={16} label={format!("rebuilt {which} root")} />
            </span>
            <span>{ if same { format!("= {whose} {which} root") } else { format!("≠ {whose} {which} root") } }</span>
        </div>
    }
}
