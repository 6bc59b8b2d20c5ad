//! The run a reader builds, shared by the three clock widgets: a base execution (a preset
//! or an imported ShiViz log) plus the events the reader adds, the events picked for
//! comparison, and the ShiViz text box.
//!
//! Invariant: `x` is always `base` with `added` replayed on it, so Undo is "drop the last
//! added step and replay"; the base itself cannot be undone (Reset goes back to it).

use distlab_core::clocks::shiviz::{from_shiviz, to_shiviz};
use distlab_core::clocks::{Causality, EventId, Execution};

/// Most processes the diagram offers (it stays readable on a phone).
pub const MAX_LANES: usize = 5;
/// Most events a reader can add (the diagram stays a diagram).
pub const MAX_ADDED: usize = 40;

/// One step the reader added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A local event on a process.
    Local(usize),
    /// A message: a send event on the first process, its receive on the second.
    Message(usize, usize),
}

/// What the reader can do to the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunAction {
    /// Add a local event on this process.
    Local(usize),
    /// Send a message from `from` to `to` (the two pickers).
    Send,
    /// Choose the sender.
    From(usize),
    /// Choose the receiver.
    To(usize),
    /// Pick (or unpick) an event for comparison.
    Pick(EventId),
    /// Pick these two events (a preset pair).
    PickPair(EventId, EventId),
    /// Forget the picks.
    ClearPicks,
    /// Remove the last added step.
    Undo,
    /// Back to the base run.
    Reset,
    /// Start from an empty run of this many processes.
    Empty(usize),
    /// The ShiViz box's text changed.
    LogText(String),
    /// Put the run's ShiViz log in the box.
    Export,
    /// Read the box's log as the new base run.
    Import,
}

/// The run (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The preset or imported run.
    pub base: Execution,
    /// The reader's steps on top of it.
    pub added: Vec<Step>,
    /// `base` with `added` replayed.
    pub x: Execution,
    /// Up to two picked events, oldest first.
    pub picks: Vec<EventId>,
    /// The message pickers.
    pub from: usize,
    /// The message pickers.
    pub to: usize,
    /// The ShiViz box.
    pub log: String,
    /// What went wrong with the last import (names the line), or what it did.
    pub log_note: Option<(bool, String)>,
    /// What a screen reader should hear about the last action.
    pub announce: String,
}

/// "1 message", "3 messages".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Lower-case letter names for events: process 0 is "a", so its events are a1, a2, …
pub fn letter(p: usize) -> char {
    char::from(b'a' + (p % 26) as u8)
}

impl Run {
    /// A run on `base`.
    pub fn new(base: Execution) -> Self {
        let x = base.clone();
        Self {
            base,
            added: Vec::new(),
            x,
            picks: Vec::new(),
            from: 0,
            to: 1,
            log: String::new(),
            log_note: None,
            announce: String::new(),
        }
    }

    /// An empty run of `n` processes named A, B, C, … (clamped to 2..=MAX_LANES).
    pub fn empty(n: usize) -> Execution {
        let n = n.clamp(2, MAX_LANES);
        let names = (0..n)
            .map(|p| letter(p).to_ascii_uppercase().to_string())
            .collect();
        Execution::with_names(names).unwrap_or_default()
    }

    fn label(x: &Execution, p: usize) -> String {
        format!("{}{}", letter(p), x.lane(p).len() + 1)
    }

    fn replay(base: &Execution, steps: &[Step]) -> Execution {
        let mut x = base.clone();
        for s in steps {
            // The steps were checked when added; a failure here leaves the event out.
            let _ = match *s {
                Step::Local(p) => x.local(p, &Self::label(&x, p)).map(|_| ()),
                Step::Message(f, t) => {
                    let (sl, rl) = (Self::label(&x, f), Self::label(&x, t));
                    x.message(f, t, &sl, &rl).map(|_| ())
                }
            };
        }
        x
    }

    /// Apply an action.
    pub fn apply(&mut self, action: RunAction) {
        let n = self.x.processes();
        match action {
            RunAction::Local(p) if p < n => self.add(Step::Local(p)),
            RunAction::Local(_) => {}
            RunAction::Send => {
                if self.from == self.to || self.from >= n || self.to >= n {
                    self.announce = "Pick two different processes to send between.".into();
                } else {
                    self.add(Step::Message(self.from, self.to));
                }
            }
            RunAction::From(p) => self.from = p.min(n - 1),
            RunAction::To(p) => self.to = p.min(n - 1),
            RunAction::Pick(e) if e < self.x.events().len() => {
                if let Some(i) = self.picks.iter().position(|&p| p == e) {
                    self.picks.remove(i);
                } else {
                    if self.picks.len() == 2 {
                        self.picks.remove(0);
                    }
                    self.picks.push(e);
                }
            }
            RunAction::Pick(_) => {}
            RunAction::PickPair(a, b) => {
                let len = self.x.events().len();
                if a < len && b < len && a != b {
                    self.picks = vec![a, b];
                }
            }
            RunAction::ClearPicks => self.picks.clear(),
            RunAction::Undo => {
                if self.added.pop().is_some() {
                    self.x = Self::replay(&self.base, &self.added);
                    self.forget_gone_picks();
                    self.announce = "Removed the last step.".into();
                }
            }
            RunAction::Reset => {
                *self = Self::new(self.base.clone());
                self.announce = "Back to the start.".into();
            }
            RunAction::Empty(k) => {
                *self = Self::new(Self::empty(k));
                self.announce = "An empty run: add events and messages.".into();
            }
            RunAction::LogText(t) => self.log = t,
            RunAction::Export => {
                self.log = to_shiviz(&self.x);
                self.log_note = Some((true, "This run as a ShiViz log.".into()));
            }
            RunAction::Import => match from_shiviz(&self.log) {
                Ok(x) if x.processes() > MAX_LANES => {
                    self.log_note = Some((
                        false,
                        format!(
                            "The log has {} hosts; this diagram draws at most {MAX_LANES}.",
                            x.processes()
                        ),
                    ));
                }
                Ok(x) => {
                    let (events, messages) = (x.events().len(), x.messages().count());
                    let log = std::mem::take(&mut self.log);
                    *self = Self::new(x);
                    self.log = log;
                    let note = format!(
                        "Read {} and {}.",
                        plural(events, "event"),
                        plural(messages, "message")
                    );
                    self.announce = note.clone();
                    self.log_note = Some((true, note));
                }
                Err(e) => {
                    self.log_note = Some((false, e.to_string()));
                    self.announce = e.to_string();
                }
            },
        }
    }

    fn add(&mut self, step: Step) {
        if self.added.len() >= MAX_ADDED {
            self.announce =
                format!("This diagram holds {MAX_ADDED} added steps; Undo or Reset to go on.");
            return;
        }
        let before = self.x.events().len();
        self.added.push(step);
        self.x = Self::replay(&self.base, &self.added);
        let names: Vec<&str> = self.x.events()[before..]
            .iter()
            .map(|e| e.label.as_str())
            .collect();
        self.announce = format!("Added {}.", names.join(" and its receive "));
    }

    fn forget_gone_picks(&mut self) {
        let len = self.x.events().len();
        self.picks.retain(|&e| e < len);
    }

    /// The picked pair, if two events are picked.
    pub fn pair(&self) -> Option<(EventId, EventId)> {
        match self.picks[..] {
            [a, b] => Some((a, b)),
            _ => None,
        }
    }

    /// An event's name and process, "a2 on A".
    pub fn describe(&self, e: EventId) -> String {
        match self.x.event(e) {
            Some(ev) => format!(
                "{} on {}",
                ev.label,
                self.x.names().get(ev.process).map_or("?", String::as_str)
            ),
            None => "?".into(),
        }
    }

    /// How the picked pair is related and why, in one sentence: the chain of events that
    /// proves `a → b`, or that no chain exists either way.
    pub fn relation_text(&self) -> Option<(Causality, String)> {
        let (a, b) = self.pair()?;
        let rel = self.x.relation(a, b)?;
        let name = |e: EventId| self.x.events()[e].label.clone();
        let chain = |from: EventId, to: EventId| {
            self.x
                .chain(from, to)
                .unwrap_or_default()
                .into_iter()
                .map(name)
                .collect::<Vec<_>>()
                .join(" → ")
        };
        let text = match rel {
            Causality::Before => {
                format!("{} happened before {}: {}.", name(a), name(b), chain(a, b))
            }
            Causality::After => {
                format!("{} happened before {}: {}.", name(b), name(a), chain(b, a))
            }
            Causality::Concurrent => format!(
                "{} and {} are concurrent: no chain of process steps and messages leads from \
                 either one to the other.",
                name(a),
                name(b)
            ),
            Causality::Equal => format!("{} is the same event twice.", name(a)),
        };
        Some((rel, text))
    }

    /// The chain to highlight for the picked pair (empty if concurrent).
    pub fn chain(&self) -> Vec<EventId> {
        let Some((a, b)) = self.pair() else {
            return Vec::new();
        };
        self.x
            .chain(a, b)
            .or_else(|| self.x.chain(b, a))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_picks_undo_and_reset() {
        let mut r = Run::new(Run::empty(3));
        r.apply(RunAction::Local(0));
        r.apply(RunAction::From(0));
        r.apply(RunAction::To(2));
        r.apply(RunAction::Send);
        assert_eq!(r.x.events().len(), 3);
        assert_eq!(r.announce, "Added a2 and its receive c1.");
        r.apply(RunAction::Pick(0));
        r.apply(RunAction::Pick(2));
        let (rel, text) = r.relation_text().unwrap();
        assert_eq!(rel, Causality::Before);
        assert_eq!(text, "a1 happened before c1: a1 → a2 → c1.");
        assert_eq!(r.chain(), vec![0, 1, 2]);
        r.apply(RunAction::Undo);
        assert_eq!(r.x.events().len(), 1);
        assert_eq!(r.picks, vec![0], "a pick of a removed event goes");
        r.apply(RunAction::Reset);
        assert!(r.x.events().is_empty());
    }

    #[test]
    fn bad_input_is_refused_without_harm() {
        let mut r = Run::new(Run::empty(2));
        r.apply(RunAction::Local(7));
        r.apply(RunAction::Pick(3));
        r.apply(RunAction::From(1));
        r.apply(RunAction::To(1));
        r.apply(RunAction::Send);
        assert!(r.x.events().is_empty());
        assert!(r.announce.contains("two different"));
        for _ in 0..MAX_ADDED + 5 {
            r.apply(RunAction::Local(0));
        }
        assert_eq!(r.x.events().len(), MAX_ADDED);
        r.apply(RunAction::LogText("junk".into()));
        r.apply(RunAction::Import);
        assert_eq!(r.log_note.as_ref().map(|n| n.0), Some(false));
        assert_eq!(
            r.x.events().len(),
            MAX_ADDED,
            "a failed import changes nothing"
        );
    }

    #[test]
    fn export_then_import_keeps_the_run() {
        let mut r = Run::new(Run::empty(3));
        r.apply(RunAction::Local(1));
        r.apply(RunAction::Send);
        r.apply(RunAction::Export);
        let before = r.x.clone();
        r.apply(RunAction::Import);
        // Hosts come back in the order the log first names them (C, with no event, is
        // not in the log), each with the same events and messages.
        assert_eq!(r.x.names(), ["B", "A"]);
        let labels = |x: &Execution, name: &str| -> Vec<String> {
            let p = x.names().iter().position(|n| n == name).unwrap_or(99);
            x.lane(p)
                .iter()
                .map(|&e| x.events()[e].label.clone())
                .collect()
        };
        for h in ["A", "B"] {
            assert_eq!(labels(&r.x, h), labels(&before, h));
        }
        assert_eq!(r.x.messages().count(), before.messages().count());
        assert_eq!(
            r.log_note,
            Some((true, "Read 3 events and 1 message.".into()))
        );
    }
}
