//! The Certificate Transparency tab: an auditor checks that a log only grew.
//!
//! The reader appends certificates to the log, picks the old tree head the auditor
//! holds, and sees the consistency proof the log hands over, each hash folded into the
//! two running roots, and the verdict. Playing the dishonest operator ("rewrite an old
//! entry") makes the check fail, and one sentence says which root no longer matches.
//! The logic lives in [`super::ctlog`] and the core's
//! [`check_consistency`](distlab_core::merkle::check_consistency).

use super::ctlog::{rewrite_of, verdict_sentence, Audit, CtLog, MAX_ENTRIES, MAX_NAME};
use crate::out::{num, Out};
use distlab_core::hash::to_hex;
use distlab_core::merkle::{ConsistencyNode, ConsistencyStart};
use distlab_kit::textapp::{value_of, TextApp};
use web_sys::{Element, Event};

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

impl CtState {
    /// Does what the reader asked.
    pub fn apply(&mut self, action: CtAction) {
        let s = self;
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

/// The Certificate Transparency tab: the log and the name typed for the next entry.
#[derive(Default)]
pub struct CtAudit {
    state: CtState,
    /// The "new certificate" box.
    name: String,
}

impl CtAudit {
    /// The demo log, the auditor holding its first head.
    pub fn new() -> Self {
        Self::default()
    }
}

impl TextApp for CtAudit {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        view(&mut o, &self.state, &self.name);
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        // A menu acts on `change` (as it did), not on each `input`.
        let menu = || {
            if ev.type_() == "change" {
                value_of(el).parse::<usize>().ok()
            } else {
                None
            }
        };
        let action = match act {
            // The name box only remembers what was typed.
            "name" => {
                self.name = value_of(el);
                return false;
            }
            // The form's submit button, pressed or reached by Enter in the name box: the
            // page must not be submitted (the form's `method="dialog"` makes sure: outside a
            // dialog such a form goes nowhere).
            "append" => {
                ev.prevent_default();
                CtAction::Append(std::mem::take(&mut self.name))
            }
            "held" => match menu() {
                Some(m) => CtAction::Hold(m),
                None => return false,
            },
            "target" => match menu() {
                Some(i) => CtAction::Target(i),
                None => return false,
            },
            "rewrite" => CtAction::ToggleRewrite,
            _ => return false,
        };
        self.state.apply(action);
        true
    }

    fn announce(&self) -> &str {
        &self.state.announce
    }
}

fn view(out: &mut Out, s: &CtState, name: &str) {
    let audit = match s.log.audit() {
        Ok(a) => a,
        Err(e) => {
            out.s("<p class=\"dl-error\">The log could not be audited: ")
                .t(&e.to_string())
                .s("</p>");
            return;
        }
    };
    let served = s.log.served();
    let (m, n) = (audit.old.0, audit.new.0);
    let ok = audit.check.verdict.is_ok();

    let o = out;
    o.s("<div class=\"dluc-ct\"><p class=\"dluc-lede\">A Certificate Transparency log promises to only ever append certificates. An auditor keeps one old signed tree head (a size and a root). When the log publishes a bigger head, a few hashes prove the new tree contains the old one unchanged — without downloading the log.</p><form class=\"dl-row dluc-settings\" method=\"dialog\"><label>New certificate <input type=\"text\" value=\"")
        .t(name)
        .s("\" maxlength=\"")
        .n(MAX_NAME)
        .s("\" size=\"22\" placeholder=\"cert for shop.example\" data-testid=\"ct-name\" data-act=\"name\" aria-label=\"Name of the certificate to append\"/></label><button type=\"submit\" class=\"dl-btn\" data-testid=\"ct-append\" data-act=\"append\">Append to the log</button></form><div class=\"dl-row dluc-settings\"><label>Auditor's old head: size <select data-testid=\"ct-held\" data-act=\"held\" aria-label=\"Size of the tree head the auditor holds\">");
    for i in 1..=served.len() {
        o.s("<option value=\"")
            .n(i)
            .s("\"")
            .when(i == m, " selected")
            .s(">")
            .n(i)
            .s("</option>");
    }
    o.s("</select></label></div><fieldset><legend>The operator cheats</legend><div class=\"dl-row dluc-tamper\"><label>Entry <select data-testid=\"ct-target\" data-act=\"target\" aria-label=\"Old entry the operator rewrites\">");
    for i in 0..m {
        o.s("<option value=\"")
            .n(i)
            .s("\"")
            .when(i == s.target, " selected")
            .s(">")
            .n(i)
            .s("</option>");
    }
    o.s("</select></label><button type=\"button\" class=\"dl-btn dl-toggle\" data-testid=\"ct-rewrite\" data-act=\"rewrite\" aria-pressed=\"")
        .s(if s.log.rewritten.is_some() {
            "true"
        } else {
            "false"
        })
        .s("\">Rewrite an old entry</button></div></fieldset>");
    o.s("<ol class=\"dluc-ctlog\" start=\"0\" aria-label=\"Log entries\">");
    for (i, e) in served.iter().enumerate() {
        let bad = s.log.rewritten == Some(i);
        o.s(if i < m {
            "<li class=\"dluc-ct-old"
        } else {
            "<li class=\"dluc-ct-new"
        })
        .when(bad, " dluc-bad")
        .s("\" data-testid=\"ct-entry-")
        .n(i)
        .s("\">")
        .t(e);
        if bad {
            o.s("<span class=\"dl-muted\"> — was “")
                .t(s.log.honest.get(i).map_or("", String::as_str))
                .s("”</span>");
        }
        o.s("</li>");
    }
    o.s("</ol><p class=\"dl-muted\">Entries 0–")
        .n(m - 1)
        .s(" are covered by the auditor's head; the rest were appended since.</p><dl class=\"dluc-readouts\">");
    for (dt, id, size, root, label) in [
        (
            "Old head (the auditor holds)",
            "ct-old-head",
            m,
            &audit.old.1,
            "old root",
        ),
        (
            "New head (the log publishes)",
            "ct-new-head",
            n,
            &audit.new.1,
            "new root",
        ),
    ] {
        o.s("<div><dt>")
            .s(dt)
            .s("</dt><dd data-testid=\"")
            .s(id)
            .s("\" data-size=\"")
            .n(size)
            .s("\" data-hex=\"")
            .s(&to_hex(root))
            .s("\">size ")
            .n(size)
            .s(", root ")
            .hash(root, 16, label)
            .s("</dd></div>");
    }
    let len = audit.proof.nodes.len();
    o.s("</dl><p class=\"dluc-proofsize\" data-testid=\"ct-proof-size\" data-len=\"")
        .n(len)
        .s("\">Consistency proof from ")
        .n(m)
        .s(" to ")
        .n(n)
        .s(": ")
        .n(len)
        .s(if len == 1 { " hash" } else { " hashes" })
        .s(" — at most ⌈log₂ n⌉ + 1, however long the log.</p><ol class=\"dluc-ctproof\" aria-label=\"Hashes of the consistency proof\">");
    for (i, node) in audit.proof.nodes.iter().enumerate() {
        o.s("<li data-testid=\"ct-proof-node\" data-start=\"")
            .n(node.start)
            .s("\" data-end=\"")
            .n(node.end)
            .s("\" data-hex=\"")
            .s(&to_hex(&node.hash))
            .s("\"><span>hash ")
            .n(i + 1)
            .s(": ")
            .s(&entries(node))
            .s(" </span>")
            .hash(&node.hash, 12, &["proof hash ", &num(i + 1)].concat())
            .s("</li>");
    }
    o.s("</ol>");
    steps(o, &audit);
    o.s(if ok {
        "<p><span class=\"dl-badge dl-badge-ok\" data-testid=\"ct-verdict\" data-ok=\"true\">✓ consistent: the log only grew"
    } else {
        "<p><span class=\"dl-badge dl-badge-bad\" data-testid=\"ct-verdict\" data-ok=\"false\">✗ inconsistent: the log changed its past"
    })
    .s("</span></p><p class=\"dluc-phase\" data-testid=\"ct-sentence\">")
    .t(&verdict_sentence(&audit, s.log.rewritten))
    .s("</p>");
    if let Some(i) = s.log.rewritten {
        o.s("<p class=\"dl-muted\">The operator turned entry ")
            .n(i)
            .s(" into “")
            .t(&rewrite_of(s.log.honest.get(i).map_or("", String::as_str)))
            .s("”.</p>");
    }

    o.s("</div>");
}

/// The auditor's verification, one line per proof hash.
fn steps(o: &mut Out, a: &Audit) {
    let nodes = &a.proof.nodes;
    let (m, n) = (a.old.0, a.new.0);
    o.s("<ol class=\"dluc-steps\" start=\"0\" aria-label=\"Verification steps\" data-testid=\"ct-steps\"><li class=\"dluc-step dluc-step-done\">");
    match a.check.start {
        None => o
            .s("Sizes are equal (")
            .n(m)
            .s("): no hashes are needed; the two roots must simply be equal."),
        Some(ConsistencyStart::OldRoot) => o
            .s("Start both running roots from the auditor's old root: ")
            .n(m)
            .s(" is a power of two, so the old tree is one complete piece of the new one."),
        Some(ConsistencyStart::FirstHash) => o
            .s("Start both running roots from hash 1 (")
            .s(&nodes.first().map(entries).unwrap_or_default())
            .s("), the old tree's last complete piece."),
    };
    o.s("</li>");
    for st in &a.check.steps {
        o.s("<li class=\"dluc-step dluc-step-done\" data-testid=\"ct-step\"><div><strong>Hash ")
            .n(st.index + 1)
            .s(" (")
            .s(&nodes.get(st.index).map(entries).unwrap_or_default())
            .s("): </strong>")
            .s(if st.in_old_tree {
                "inside the old tree, on the left — it joins both roots: old = H(hash ‖ old), new = H(hash ‖ new)."
            } else {
                "appended after the old tree, on the right — only the new root grows: new = H(new ‖ hash)."
            })
            .s("</div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">old so far</span>")
            .hash(&st.old_after, 16, "running old root")
            .s("</div><div class=\"dluc-hashline\"><span class=\"dluc-tag\">new so far</span>")
            .hash(&st.new_after, 16, "running new root")
            .s("</div></li>");
    }
    o.s("<li class=\"dluc-step dluc-step-done\"><div><strong>Compare</strong></div>");
    compare_line(
        o,
        "old",
        a.check.old_root.as_ref(),
        &a.old.1,
        "the auditor's",
    );
    compare_line(
        o,
        "new",
        a.check.new_root.as_ref(),
        &a.new.1,
        "the published",
    );
    o.when(
        n == m,
        "<div class=\"dl-muted\">Equal sizes: the held root is compared with the published one directly.</div>",
    )
    .s("</li></ol>");
}

fn compare_line(
    o: &mut Out,
    which: &str,
    rebuilt: Option<&[u8; 32]>,
    expected: &[u8; 32],
    whose: &str,
) {
    let Some(r) = rebuilt else { return };
    let same = r == expected;
    o.s("<div class=\"dluc-hashline\" data-testid=\"ct-compare-")
        .s(which)
        .s(if same {
            "\" data-match=\"true\">"
        } else {
            "\" data-match=\"false\">"
        })
        .s("<span class=\"dluc-tag\">")
        .s(which)
        .s(if same {
            " root</span><span class=\"dluc-good\">"
        } else {
            " root</span><span class=\"dluc-bad\">"
        })
        .hash(r, 16, &["rebuilt ", which, " root"].concat())
        .s(if same {
            "</span><span>= "
        } else {
            "</span><span>≠ "
        })
        .s(whose)
        .s(" ")
        .s(which)
        .s(" root</span></div>");
}
