//! ShiViz logs: import a real execution, export ours.
//!
//! ShiViz (Beschastnikh et al., "Debugging Distributed Systems", CACM 2016) draws
//! space-time diagrams from logs in which every event carries its vector clock. Its
//! default parser regex, `(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`, reads two lines per
//! event:
//!
//! ```text
//! a1 sends to B
//! A {"A":1}
//! B receives
//! B {"A":1,"B":1}
//! ```
//!
//! the event's description, then the host and its vector clock as a JSON object from host
//! names to counters (hosts not named count 0; the host's own entry is required).
//!
//! **Import** recovers the messages from the clocks alone. An event's clock `V` differs
//! from the previous clock `P` of its host in its own entry (+1, exactly) and in the
//! entries of hosts it heard from. For each host `j` whose entry grew, event number
//! `V[j]` of host `j` is a candidate sender; a candidate whose knowledge another
//! candidate's clock already carries came *through* that other one (a chain), so only the
//! remaining candidates sent messages here. The execution is then rebuilt in a causal
//! order, and every clock recomputed and compared with the log: a log whose clocks no
//! set of messages explains is refused, naming the line.

use super::execution::{EventId, Execution, MAX_EVENTS, MAX_PROCESSES};
use super::vector::{vector_clocks, VectorClock};
use std::fmt;

/// Why a log cannot be read, with the 1-based line it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogError {
    /// The line (1-based; 0 for the log as a whole).
    pub line: usize,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for LogError {}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, LogError> {
    Err(LogError {
        line,
        message: message.into(),
    })
}

/// The longest log accepted, in bytes (a pasted log, not a production trace).
pub const MAX_LOG_BYTES: usize = 1 << 20;

/// One parsed event: its description, host, clock entries and the clock line's number.
struct Parsed {
    label: String,
    host: usize,
    clock: Vec<(usize, u64)>,
    line: usize,
}

/// Writes `x` as a ShiViz log (default regex). Labels are kept to one line; host names
/// lose whitespace (the host is the clock line's first word).
pub fn to_shiviz(x: &Execution) -> String {
    let names: Vec<String> = x
        .names()
        .iter()
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join("_"))
        .collect();
    let clocks = vector_clocks(x);
    let mut out = String::new();
    for (e, v) in x.events().iter().zip(&clocks) {
        let label = e.label.lines().next().unwrap_or("").trim();
        out.push_str(if label.is_empty() { "event" } else { label });
        out.push('\n');
        out.push_str(&names[e.process]);
        out.push_str(" {");
        let mut first = true;
        for (j, &c) in v.0.iter().enumerate() {
            if c == 0 && j != e.process {
                continue;
            }
            if !first {
                out.push_str(", ");
            }
            first = false;
            out.push('"');
            for ch in names[j].chars() {
                if ch == '"' || ch == '\\' {
                    out.push('\\');
                }
                out.push(ch);
            }
            out.push_str("\": ");
            out.push_str(&c.to_string());
        }
        out.push_str("}\n");
    }
    out
}

/// Reads a ShiViz log (see the module documentation). Never panics.
pub fn from_shiviz(log: &str) -> Result<Execution, LogError> {
    if log.len() > MAX_LOG_BYTES {
        return err(0, format!("the log is over {} KB", MAX_LOG_BYTES / 1024));
    }
    let (hosts, events) = parse(log)?;
    build(hosts, events)
}

fn parse(log: &str) -> Result<(Vec<String>, Vec<Parsed>), LogError> {
    let mut hosts: Vec<String> = Vec::new();
    let mut events = Vec::new();
    let mut lines = log
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    while let Some((_, label)) = lines.next() {
        let Some((line, clock_line)) = lines.next() else {
            return err(
                0,
                "the log ends after an event line with no clock line below it",
            );
        };
        let Some((host, json)) = clock_line.split_once(' ') else {
            return err(
                line,
                "expected `host {\"host\": 1, …}` after the event line",
            );
        };
        if host.is_empty() {
            return err(line, "the clock line starts with a space: no host name");
        }
        let mut index = |name: &str| -> Result<usize, LogError> {
            if let Some(i) = hosts.iter().position(|h| h == name) {
                return Ok(i);
            }
            if hosts.len() == MAX_PROCESSES {
                return err(line, format!("more than {MAX_PROCESSES} hosts"));
            }
            hosts.push(name.to_owned());
            Ok(hosts.len() - 1)
        };
        let h = index(host)?;
        let mut clock = Vec::new();
        for (name, c) in parse_clock(json.trim()).map_err(|m| LogError { line, message: m })? {
            let j = index(&name)?;
            if clock.iter().any(|(k, _)| *k == j) {
                return err(line, format!("host \"{name}\" appears twice in the clock"));
            }
            clock.push((j, c));
        }
        if !clock.iter().any(|&(j, c)| j == h && c > 0) {
            return err(
                line,
                format!("the clock has no entry for its own host \"{host}\""),
            );
        }
        if events.len() == MAX_EVENTS {
            return err(line, format!("more than {MAX_EVENTS} events"));
        }
        events.push(Parsed {
            label: label.trim().to_owned(),
            host: h,
            clock,
            line,
        });
    }
    if events.is_empty() {
        return err(0, "the log holds no event");
    }
    Ok((hosts, events))
}

/// `{"A": 1, "B": 2}` → `[("A", 1), ("B", 2)]`. Keys are JSON strings (with `\"` and
/// `\\` escapes); values non-negative integers.
fn parse_clock(s: &str) -> Result<Vec<(String, u64)>, String> {
    let inner = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .ok_or("the clock must be a JSON object, `{…}`")?;
    let mut out = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let body = rest
            .strip_prefix('"')
            .ok_or("a host name in the clock must be in double quotes")?;
        let mut name = String::new();
        let mut chars = body.char_indices();
        let end = loop {
            match chars.next() {
                None => return Err("a host name in the clock is not closed by `\"`".into()),
                Some((i, '"')) => break i,
                Some((_, '\\')) => match chars.next() {
                    Some((_, c @ ('"' | '\\' | '/'))) => name.push(c),
                    _ => return Err("only \\\" \\\\ and \\/ escapes are read in host names".into()),
                },
                Some((_, c)) => name.push(c),
            }
        };
        rest = body[end + 1..].trim_start();
        rest = rest
            .strip_prefix(':')
            .ok_or_else(|| format!("expected `:` after \"{name}\""))?
            .trim_start();
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let value: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("the counter of \"{name}\" must be a whole number"))?;
        out.push((name, value));
        rest = rest[digits..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
            if rest.is_empty() {
                return Err("a trailing comma in the clock".into());
            }
        } else if !rest.is_empty() {
            return Err(format!(
                "unexpected `{}` in the clock",
                rest.chars().next().unwrap_or(' ')
            ));
        }
    }
    Ok(out)
}

fn build(hosts: Vec<String>, events: Vec<Parsed>) -> Result<Execution, LogError> {
    let n = hosts.len();
    let full = |p: &Parsed| {
        let mut v = VectorClock::zero(n);
        for &(j, c) in &p.clock {
            v.0[j] = c;
        }
        v
    };
    // Each host's events in log order; their own counters must run 1, 2, 3, …
    let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, p) in events.iter().enumerate() {
        let own = full(p).0[p.host];
        let expected = lanes[p.host].len() as u64 + 1;
        if own != expected {
            return err(
                p.line,
                format!(
                    "host \"{}\" counts {own} for its own event number {expected}",
                    hosts[p.host]
                ),
            );
        }
        lanes[p.host].push(i);
    }
    // Senders of each event, from the entries that grew.
    let mut senders: Vec<Vec<usize>> = Vec::with_capacity(events.len());
    for p in &events {
        let v = full(p);
        let seq = v.0[p.host] as usize;
        let prev = match seq.checked_sub(2) {
            Some(i) => full(&events[lanes[p.host][i]]),
            None => VectorClock::zero(n),
        };
        let mut cands = Vec::new();
        for j in (0..n).filter(|&j| j != p.host) {
            if v.0[j] < prev.0[j] {
                return err(
                    p.line,
                    format!(
                        "the entry for \"{}\" went down, from {} to {}",
                        hosts[j], prev.0[j], v.0[j]
                    ),
                );
            }
            if v.0[j] > prev.0[j] {
                let Some(&s) = usize::try_from(v.0[j] - 1)
                    .ok()
                    .and_then(|k| lanes[j].get(k))
                else {
                    return err(
                        p.line,
                        format!(
                            "it knows of event {} of \"{}\", which the log does not hold",
                            v.0[j], hosts[j]
                        ),
                    );
                };
                cands.push((j, s));
            }
        }
        let direct: Vec<usize> = cands
            .iter()
            .filter(|&&(j, _)| {
                !cands
                    .iter()
                    .any(|&(k, s)| k != j && full(&events[s]).0[j] >= v.0[j])
            })
            .map(|&(_, s)| s)
            .collect();
        senders.push(direct);
    }
    // Record in a causal order: an event once its host's previous event and its senders are in.
    let mut x = Execution::with_names(hosts.clone()).map_err(|e| LogError {
        line: 0,
        message: e.to_string(),
    })?;
    let mut id: Vec<Option<EventId>> = vec![None; events.len()];
    let mut next = vec![0usize; n];
    let mut placed = 0;
    while placed < events.len() {
        let mut progress = false;
        for h in 0..n {
            while let Some(&i) = lanes[h].get(next[h]) {
                let from: Option<Vec<EventId>> = senders[i].iter().map(|&s| id[s]).collect();
                let Some(from) = from else { break };
                let e = x
                    .receive(h, &from, &events[i].label)
                    .map_err(|e| LogError {
                        line: events[i].line,
                        message: e.to_string(),
                    })?;
                id[i] = Some(e);
                next[h] += 1;
                placed += 1;
                progress = true;
            }
        }
        if !progress {
            let stuck = (0..n)
                .filter_map(|h| lanes[h].get(next[h]))
                .map(|&i| events[i].line)
                .min()
                .unwrap_or(0);
            return err(
                stuck,
                "the clocks form a cycle: each event waits for one after it",
            );
        }
    }
    // Every clock must be what the recovered messages give.
    let clocks = vector_clocks(&x);
    for (i, p) in events.iter().enumerate() {
        if let Some(e) = id[i] {
            if clocks[e] != full(p) {
                return err(
                    p.line,
                    format!(
                        "no set of messages gives this clock: its messages give {}",
                        clocks[e]
                    ),
                );
            }
        }
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clocks::Causality;

    const LOG: &str = "a1 sends to B\nA {\"A\":1}\nB receives\nB {\"A\":1, \"B\":1}\n\
                       b2 sends to C\nB {\"A\":1,\"B\":2}\nC receives\nC {\"C\":1,\"B\":2,\"A\":1}\n\
                       a2\nA {\"A\":2}\n";

    #[test]
    fn a_log_gives_its_messages_back() {
        let x = from_shiviz(LOG).unwrap();
        assert_eq!(x.names(), ["A", "B", "C"]);
        let msgs: Vec<_> = x.messages().collect();
        // a1 → B's receive, b2 → C's receive; C's knowledge of A came through B.
        assert_eq!(msgs.len(), 2);
        let label = |e: usize| x.events()[e].label.as_str();
        assert_eq!(label(msgs[0].0), "a1 sends to B");
        assert_eq!(label(msgs[1].0), "b2 sends to C");
        let a2 = x.lane(0)[1];
        let c1 = x.lane(2)[0];
        assert_eq!(x.relation(a2, c1), Some(Causality::Concurrent));
    }

    #[test]
    fn export_then_import_is_the_same_run() {
        let x = from_shiviz(LOG).unwrap();
        let again = from_shiviz(&to_shiviz(&x)).unwrap();
        assert_eq!(again, x);
    }

    #[test]
    fn bad_logs_name_the_line() {
        let cases = [
            ("e\nA {\"A\":2}\n", 2, "counts 2"),
            ("e\nA {\"B\":1}\n", 2, "own host"),
            ("e\nA \"A\":1\n", 2, "JSON object"),
            ("e\nA {\"A\":1,}\n", 2, "trailing comma"),
            ("e\nA {\"A\":x}\n", 2, "whole number"),
            ("e\nA {\"A\":1, \"A\":1}\n", 2, "twice"),
            (
                "e\nA {\"A\":1}\nf\nB {\"B\":1,\"A\":2}\n",
                4,
                "does not hold",
            ),
            ("e\n", 0, "no clock line"),
            (
                "e\nA {\"A\":1,\"B\":1}\nf\nB {\"B\":1,\"A\":1}\n",
                2,
                "cycle",
            ),
            (
                "e\nA {\"A\":1}\nf\nA {\"A\":2}\ng\nB {\"B\":1,\"A\":2}\nh\nB {\"B\":2,\"A\":1}\n",
                8,
                "went down",
            ),
            ("", 0, "no event"),
        ];
        for (log, line, words) in cases {
            let e = from_shiviz(log).unwrap_err();
            assert_eq!(e.line, line, "{log:?}: {e}");
            assert!(e.message.contains(words), "{log:?}: {e}");
        }
    }

    #[test]
    fn a_clock_its_messages_do_not_explain_is_refused() {
        // C heard from B's first event, which knew of A's first: C must know A:1 too.
        let log = "a\nA {\"A\":1}\nb\nB {\"B\":1,\"A\":1}\nc\nC {\"C\":1,\"B\":1}\n";
        let e = from_shiviz(log).unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        assert!(e.message.contains("[1,1,1]"), "{e}");
        // With the entry it is accepted.
        assert!(from_shiviz(&log.replace("\"B\":1}\n", "\"B\":1,\"A\":1}\n")).is_ok());
    }
}
