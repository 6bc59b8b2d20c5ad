//! A recorded run: processes, their events in order, and the messages between events,
//! with happened-before computed from its definition (the oracle every clock is checked
//! against).
//!
//! Events are recorded in an order that respects causality: a message can only be
//! received by an event recorded after the event that sent it. So every cause of an
//! event has a smaller [`EventId`], and one pass in id order computes any clock.

use std::fmt;

/// An event's index in [`Execution::events`] (its recording order).
pub type EventId = usize;

/// Most processes a run may have (the widgets draw 2 to 6; ShiViz logs may hold more).
pub const MAX_PROCESSES: usize = 64;

/// Most events a run may hold (the oracle keeps one bit per pair of events).
pub const MAX_EVENTS: usize = 4096;

/// One event: where it happened, its name, and the messages it received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The process (0-based).
    pub process: usize,
    /// Its position on that process, 1-based (the first event is 1).
    pub seq: u64,
    /// A short name ("a1", "write x"), shown by widgets and in logs.
    pub label: String,
    /// The events whose messages this event receives (each on another process).
    pub received: Vec<EventId>,
}

/// How two events are related.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Causality {
    /// The same event (or, for clocks, equal clocks).
    Equal,
    /// The first happened before the second (`a → b`).
    Before,
    /// The second happened before the first (`b → a`).
    After,
    /// Neither: `a ‖ b`.
    Concurrent,
}

impl Causality {
    /// The relation's sign: `→`, `←`, `‖` or `=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Causality::Equal => "=",
            Causality::Before => "→",
            Causality::After => "←",
            Causality::Concurrent => "‖",
        }
    }
}

/// Why an event cannot be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClockError {
    /// A process number at or past the run's process count.
    NoSuchProcess(usize),
    /// An event id not recorded yet.
    NoSuchEvent(EventId),
    /// A message from a process to itself (program order already links its events).
    SelfMessage(EventId),
    /// The same message received twice by one event.
    Duplicate(EventId),
    /// Zero or too many processes.
    ProcessCount(usize),
    /// The run is full ([`MAX_EVENTS`]).
    TooManyEvents,
}

impl fmt::Display for ClockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClockError::NoSuchProcess(p) => write!(f, "there is no process {}", p + 1),
            ClockError::NoSuchEvent(e) => write!(f, "there is no event #{e} yet"),
            ClockError::SelfMessage(e) => {
                write!(f, "event #{e} would send a message to its own process")
            }
            ClockError::Duplicate(e) => write!(f, "the message of event #{e} is received twice"),
            ClockError::ProcessCount(n) => {
                write!(f, "a run needs 1 to {MAX_PROCESSES} processes, not {n}")
            }
            ClockError::TooManyEvents => write!(f, "a run holds at most {MAX_EVENTS} events"),
        }
    }
}

impl std::error::Error for ClockError {}

/// A recorded run (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Execution {
    names: Vec<String>,
    events: Vec<Event>,
    /// Each process's events, in order.
    lanes: Vec<Vec<EventId>>,
}

impl Execution {
    /// A run of `processes` processes named P1, P2, … with no events yet.
    pub fn new(processes: usize) -> Result<Self, ClockError> {
        Self::with_names((1..=processes).map(|i| format!("P{i}")).collect())
    }

    /// A run whose processes have these names.
    pub fn with_names(names: Vec<String>) -> Result<Self, ClockError> {
        if names.is_empty() || names.len() > MAX_PROCESSES {
            return Err(ClockError::ProcessCount(names.len()));
        }
        let lanes = vec![Vec::new(); names.len()];
        Ok(Self {
            names,
            events: Vec::new(),
            lanes,
        })
    }

    /// The processes' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// How many processes.
    pub fn processes(&self) -> usize {
        self.names.len()
    }
    /// Every event, in recording order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
    /// Event `id`.
    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.events.get(id)
    }
    /// Process `p`'s events, in order.
    pub fn lane(&self, p: usize) -> &[EventId] {
        self.lanes.get(p).map_or(&[], Vec::as_slice)
    }
    /// The event before `id` on its process, if any.
    pub fn previous(&self, id: EventId) -> Option<EventId> {
        let e = self.events.get(id)?;
        let seq = usize::try_from(e.seq).ok()?;
        seq.checked_sub(2).map(|i| self.lanes[e.process][i])
    }
    /// Every message as (sending event, receiving event), in the receivers' order.
    pub fn messages(&self) -> impl Iterator<Item = (EventId, EventId)> + '_ {
        self.events
            .iter()
            .enumerate()
            .flat_map(|(to, e)| e.received.iter().map(move |&from| (from, to)))
    }

    /// A local event (or a send: the message is recorded at its receive).
    pub fn local(&mut self, process: usize, label: &str) -> Result<EventId, ClockError> {
        self.receive(process, &[], label)
    }

    /// An event on `process` that receives the messages sent at the events `from`.
    pub fn receive(
        &mut self,
        process: usize,
        from: &[EventId],
        label: &str,
    ) -> Result<EventId, ClockError> {
        if process >= self.processes() {
            return Err(ClockError::NoSuchProcess(process));
        }
        if self.events.len() >= MAX_EVENTS {
            return Err(ClockError::TooManyEvents);
        }
        for (i, &f) in from.iter().enumerate() {
            let sender = self.events.get(f).ok_or(ClockError::NoSuchEvent(f))?;
            if sender.process == process {
                return Err(ClockError::SelfMessage(f));
            }
            if from[..i].contains(&f) {
                return Err(ClockError::Duplicate(f));
            }
        }
        let id = self.events.len();
        self.lanes[process].push(id);
        self.events.push(Event {
            process,
            seq: self.lanes[process].len() as u64,
            label: label.to_owned(),
            received: from.to_vec(),
        });
        Ok(id)
    }

    /// A message from `from` to `to` as two new events: the send on `from` and its
    /// receive on `to`. Returns (send, receive).
    pub fn message(
        &mut self,
        from: usize,
        to: usize,
        send_label: &str,
        receive_label: &str,
    ) -> Result<(EventId, EventId), ClockError> {
        if from == to {
            return Err(ClockError::SelfMessage(self.events.len()));
        }
        if to >= self.processes() {
            return Err(ClockError::NoSuchProcess(to));
        }
        let s = self.local(from, send_label)?;
        let r = self.receive(to, &[s], receive_label)?;
        Ok((s, r))
    }

    /// The oracle: every event's causal past, as one bit per event. Computed from the
    /// definition, in recording order: `past(e)` = `{prev} ∪ past(prev)` ∪ the same for
    /// every message `e` receives.
    pub fn causal_pasts(&self) -> Vec<Vec<u64>> {
        let words = self.events.len().div_ceil(64);
        let mut past: Vec<Vec<u64>> = Vec::with_capacity(self.events.len());
        for (id, e) in self.events.iter().enumerate() {
            let mut bits = vec![0u64; words];
            let causes = self
                .previous(id)
                .into_iter()
                .chain(e.received.iter().copied());
            for c in causes {
                bits[c / 64] |= 1 << (c % 64);
                for (w, p) in bits.iter_mut().zip(&past[c]) {
                    *w |= p;
                }
            }
            past.push(bits);
        }
        past
    }

    /// How `a` and `b` are related, from the definition of happened-before. `None` if
    /// either is not an event of this run.
    pub fn relation(&self, a: EventId, b: EventId) -> Option<Causality> {
        if a >= self.events.len() || b >= self.events.len() {
            return None;
        }
        Some(relation_in(&self.causal_pasts(), a, b))
    }

    /// A chain of events from `a` to `b`, each a program-order step or a message, that
    /// proves `a → b`; `None` if there is none (then `a` did not happen before `b`).
    pub fn chain(&self, a: EventId, b: EventId) -> Option<Vec<EventId>> {
        if a >= b || b >= self.events.len() {
            return None;
        }
        // Breadth-first search backwards from b over causes (smaller ids only).
        let mut came_from = vec![usize::MAX; b + 1];
        let mut queue = std::collections::VecDeque::from([b]);
        came_from[b] = b;
        while let Some(e) = queue.pop_front() {
            if e == a {
                let mut path = vec![a];
                let mut at = a;
                while at != b {
                    at = came_from[at];
                    path.push(at);
                }
                return Some(path);
            }
            let causes = self
                .previous(e)
                .into_iter()
                .chain(self.events[e].received.iter().copied());
            for c in causes {
                if c >= a && came_from[c] == usize::MAX {
                    came_from[c] = e;
                    queue.push_back(c);
                }
            }
        }
        None
    }
}

/// `a`'s relation to `b`, given [`Execution::causal_pasts`].
pub fn relation_in(past: &[Vec<u64>], a: EventId, b: EventId) -> Causality {
    let has = |e: EventId, c: EventId| past[e][c / 64] & (1 << (c % 64)) != 0;
    if a == b {
        Causality::Equal
    } else if has(b, a) {
        Causality::Before
    } else if has(a, b) {
        Causality::After
    } else {
        Causality::Concurrent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_order_messages_and_transitivity() {
        let mut x = Execution::new(3).unwrap();
        let a1 = x.local(0, "a1").unwrap();
        let b1 = x.receive(1, &[a1], "b1").unwrap();
        let b2 = x.local(1, "b2").unwrap();
        let c1 = x.receive(2, &[b2], "c1").unwrap();
        let a2 = x.local(0, "a2").unwrap();
        assert_eq!(x.relation(a1, b1), Some(Causality::Before));
        assert_eq!(x.relation(a1, c1), Some(Causality::Before), "transitive");
        assert_eq!(x.relation(c1, a1), Some(Causality::After));
        assert_eq!(x.relation(a2, b2), Some(Causality::Concurrent));
        assert_eq!(x.relation(a2, a2), Some(Causality::Equal));
        assert_eq!(x.chain(a1, c1), Some(vec![a1, b1, b2, c1]));
        assert_eq!(x.chain(a2, c1), None);
        assert_eq!(x.relation(a1, 99), None);
    }

    #[test]
    fn bad_events_are_errors() {
        let mut x = Execution::new(2).unwrap();
        let a = x.local(0, "a").unwrap();
        assert_eq!(x.local(2, "?"), Err(ClockError::NoSuchProcess(2)));
        assert_eq!(x.receive(1, &[5], "?"), Err(ClockError::NoSuchEvent(5)));
        assert_eq!(x.receive(0, &[a], "?"), Err(ClockError::SelfMessage(a)));
        assert_eq!(x.receive(1, &[a, a], "?"), Err(ClockError::Duplicate(a)));
        assert_eq!(Execution::new(0), Err(ClockError::ProcessCount(0)));
        assert!(Execution::new(MAX_PROCESSES + 1).is_err());
        assert_eq!(x.events().len(), 1, "a refused event leaves nothing behind");
    }
}
