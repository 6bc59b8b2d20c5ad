//! The investigation widget's state, pure. A [`Case`] is what the simulation produced
//! for one seed and fault: the metric series up to the moment the alert fired, the
//! traces kept in the alert window, and for the trace the reader picks, its spans and
//! logs. The reader walks the post's path as choices; a wrong pick earns a hint drawn
//! from the same data and leaves them at the same step.

use crate::shared::{
    clock, counts_at, fault_key, fault_name, ms, percent, quantile_at, secs, Tree,
};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::{
    CacheOutcome, Config, FaultKind, Level, LogRecord, LogValue, Request, Service, SpanStatus,
    Telemetry,
};
use distlab_kit::options::WidgetOptions;

/// The faults an investigation can start from (each fires an alert the post names).
pub const CASE_FAULTS: [FaultKind; 3] = [
    FaultKind::MissingIndex,
    FaultKind::SlowDownstream,
    FaultKind::ErrorBurst,
];

/// Requests per second in the investigation's run.
pub const RPS: u32 = 200;
/// When the fault starts (µs).
pub const FAULT_AT_US: u64 = 40_000_000;
/// The alert rule's window.
pub const WINDOW_US: u64 = 30_000_000;
/// Traces listed at step 2.
pub const LISTED: usize = 8;
/// Bad traces among them (at most).
pub const BAD_LISTED: usize = 3;

/// The alert rule that fires for a fault.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// Gateway p99 above this many seconds.
    P99(f64),
    /// Error ratio above this.
    Errors(f64),
}

impl Rule {
    /// The rule for a fault: the post's "p99 > 500ms" for the missing index, its
    /// alerting section's "p99 > 100ms" for a slow downstream (whose stall stays under
    /// 500 ms), and "Error rate > 1%" for an error burst.
    pub fn for_fault(f: FaultKind) -> Rule {
        match f {
            FaultKind::ErrorBurst => Rule::Errors(0.01),
            FaultKind::SlowDownstream => Rule::P99(0.1),
            _ => Rule::P99(0.5),
        }
    }
    /// As PromQL-ish text.
    pub fn text(self) -> String {
        match self {
            Rule::P99(s) => format!(
                "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{{service=\"api-gateway\"}}[30s])) > {}",
                if s >= 0.5 { "0.5" } else { "0.1" }
            ),
            Rule::Errors(_) => "rate(http_requests_total{status=~\"5..\"}[30s]) / rate(http_requests_total[30s]) > 0.01".into(),
        }
    }
    /// Whether a trace is one of the requests the alert is about.
    pub fn is_bad(self, r: &Request) -> bool {
        match self {
            Rule::P99(s) => r.duration_us() as f64 >= s * 1e6,
            Rule::Errors(_) => r.is_error(),
        }
    }
}

/// What the simulation produced for one seed and fault.
#[derive(Clone, Debug)]
pub struct Case {
    /// The seed.
    pub seed: u64,
    /// The fault.
    pub fault: FaultKind,
    /// The rule that fired.
    pub rule: Rule,
    /// When it fired (µs); the run stops there.
    pub alert_us: u64,
    /// The rule's value then (seconds or a ratio).
    pub alert_value: f64,
    /// The rule's value per scrape: (s, value).
    pub series: Vec<(f64, f64)>,
    /// Gateway p50 over the window at the alert (seconds).
    pub p50: f64,
    /// Requests answered in the window.
    pub window_requests: u64,
    /// ERROR log lines in the window (one per 5xx).
    pub window_errors: u64,
    /// The traces listed at step 2, in the order they ended.
    pub listed: Vec<Request>,
}

impl Case {
    /// Runs the simulation until the alert fires (at most 3 minutes of simulated time).
    pub fn new(seed: u64, fault: FaultKind) -> Case {
        let rule = Rule::for_fault(fault);
        let config = Config {
            requests_per_second: RPS,
            max_scrapes: 400,
            // Adaptive sampling keeps every trace the alert is about.
            keep_slow_us: match rule {
                Rule::P99(s) => (s * 1e6) as u64,
                Rule::Errors(_) => Config::default().keep_slow_us,
            },
            ..Config::default()
        };
        let mut t = Telemetry::new(seed, config)
            .or_else(|_| Telemetry::new(seed, Config::default()))
            .unwrap_or_else(|_| unreachable!("the default config is valid"));
        t.inject(fault, FAULT_AT_US, u64::MAX / 4);
        let value = |t: &Telemetry| -> Option<f64> {
            let i = t.scrapes().len().checked_sub(1)?;
            match rule {
                Rule::P99(_) => quantile_at(t.scrapes(), i, Service::Gateway, 0.99, WINDOW_US),
                Rule::Errors(_) => counts_at(t.scrapes(), i, WINDOW_US)
                    .and_then(|(all, err, _)| (all > 0.0).then(|| err / all)),
            }
        };
        let mut series = Vec::new();
        let mut fired = None;
        for _ in 0..180 {
            t.step(1_000_000);
            if let Some(v) = value(&t) {
                let now = t.now_us();
                series.push((now as f64 / 1e6, v));
                let over = match rule {
                    Rule::P99(s) | Rule::Errors(s) => v > s,
                };
                if over && now > FAULT_AT_US {
                    fired = Some((now, v));
                    break;
                }
            }
        }
        let (alert_us, alert_value) = fired.unwrap_or((t.now_us(), value(&t).unwrap_or(0.0)));
        let i = t.scrapes().len().saturating_sub(1);
        let p50 = quantile_at(t.scrapes(), i, Service::Gateway, 0.5, WINDOW_US).unwrap_or(f64::NAN);
        let (all, err, _) = counts_at(t.scrapes(), i, WINDOW_US).unwrap_or((0.0, 0.0, 0.0));
        let from = alert_us.saturating_sub(WINDOW_US);
        // The kept traces of the window in the order they ended; the slowest bad ones
        // and an even spread of healthy ones are listed. (Chosen by scanning, not sorting:
        // each sort instantiation costs the module kilobytes.)
        let in_window: Vec<Request> = t
            .kept()
            .filter(|r| (from..alert_us).contains(&r.start_us))
            .copied()
            .collect();
        let n = in_window.len();
        let mut chosen = vec![false; n];
        let mut bad = 0;
        for _ in 0..BAD_LISTED {
            let best = (0..n)
                .filter(|&i| !chosen[i] && rule.is_bad(&in_window[i]))
                .max_by_key(|&i| (in_window[i].duration_us(), std::cmp::Reverse(i)));
            if let Some(b) = best {
                chosen[b] = true;
                bad += 1;
            }
        }
        let good: Vec<usize> = (0..n).filter(|&i| !rule.is_bad(&in_window[i])).collect();
        let want = LISTED - bad;
        let step = (good.len() / want.max(1)).max(1);
        for &i in good.iter().step_by(step).take(want) {
            chosen[i] = true;
        }
        let listed: Vec<Request> = (0..n)
            .filter(|&i| chosen[i])
            .map(|i| in_window[i])
            .collect();
        Case {
            seed,
            fault,
            rule,
            alert_us,
            alert_value,
            series,
            p50,
            window_requests: all as u64,
            window_errors: err as u64,
            listed,
        }
    }
}

/// The steps of the post's path.
pub const STEPS: [&str; 6] = [
    "An alert fires",
    "Open the window's traces",
    "Find the slow span",
    "Check the logs",
    "Name the root cause",
    "Root cause identified",
];

/// One option at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// What the button says.
    pub text: String,
    /// Whether it moves the investigation on.
    pub correct: bool,
    /// What a wrong pick is told (from the data).
    pub hint: String,
}

/// What the reader can do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Pick option `i` of the current step.
    Pick(usize),
    /// The same case from the first step.
    Restart,
    /// Another seed.
    NewSeed,
    /// Another fault (index into [`CASE_FAULTS`]).
    Fault(usize),
}

/// The widget's state.
#[derive(Clone, Debug)]
pub struct Investigation {
    /// The case.
    pub case: Case,
    /// The current step (0..=5; 5 is solved).
    pub step: usize,
    /// The trace picked at step 2.
    pub trace: Option<Tree>,
    /// The hint for the last wrong pick.
    pub hint: Option<String>,
    /// Wrong picks so far.
    pub wrong: u32,
    /// What each solved step found, in order.
    pub trail: Vec<String>,
    /// The last announcement.
    pub said: String,
    /// Notes about bad `data-*` values.
    pub messages: Vec<String>,
}

fn log_int(l: &LogRecord, key: &str) -> Option<i64> {
    l.fields.iter().find_map(|(k, v)| match v {
        LogValue::Int(i) if *k == key => Some(*i),
        _ => None,
    })
}

impl Investigation {
    /// From the placeholder's options: `seed`, `fault` (`missing-index` (default),
    /// `slow-downstream`, `error-burst`).
    pub fn from_options(o: &WidgetOptions) -> Self {
        let mut r = o.reader();
        let seed = r.u64("seed", 1);
        let keys: Vec<&str> = CASE_FAULTS.iter().map(|f| fault_key(*f)).collect();
        let k = r.choice("fault", &keys, "missing-index");
        let f = keys.iter().position(|x| *x == k).unwrap_or(0);
        let mut m = Investigation::new(Case::new(seed, CASE_FAULTS[f]));
        m.messages = r.into_messages();
        m
    }

    /// At step 1 of a case.
    pub fn new(case: Case) -> Self {
        Investigation {
            case,
            step: 0,
            trace: None,
            hint: None,
            wrong: 0,
            trail: Vec::new(),
            said: String::new(),
            messages: Vec::new(),
        }
    }

    /// The alert window as text.
    pub fn window_text(&self) -> String {
        let c = &self.case;
        format!(
            "{}–{}",
            clock(c.alert_us.saturating_sub(WINDOW_US)),
            clock(c.alert_us)
        )
    }

    fn latency(&self) -> bool {
        matches!(self.case.rule, Rule::P99(_))
    }

    /// The span the reader must find in the picked trace.
    pub fn culprit_span(&self) -> Option<usize> {
        let t = self.trace.as_ref()?;
        if self.latency() {
            Some(t.slowest())
        } else {
            t.error_origin()
        }
    }

    /// The options of the current step (rotated by the seed so the right one moves).
    pub fn choices(&self) -> Vec<Choice> {
        let c = &self.case;
        let rot = (c.seed as usize + self.step) % 3;
        let mut v = match self.step {
            0 => {
                let mut v = vec![
                    Choice {
                        text: format!("Open the traces from the alert window ({})", self.window_text()),
                        correct: true,
                        hint: String::new(),
                    },
                    Choice {
                        text: "Look at the median (p50) latency panel".into(),
                        correct: false,
                        hint: format!(
                            "The p50 is {}: the typical request is fine. The alert is about a few requests; find them.",
                            secs(c.p50)
                        ),
                    },
                ];
                v.push(if self.latency() {
                    Choice {
                        text: "Search all logs for level=ERROR".into(),
                        correct: false,
                        hint: format!(
                            "{} ERROR lines: slow requests still succeed. Find the slow requests first.",
                            c.window_errors
                        ),
                    }
                } else {
                    Choice {
                        text: "Restart the redirect-service".into(),
                        correct: false,
                        hint: "That hides the symptom without saying what failed. Find a failing request first.".into(),
                    }
                });
                v
            }
            1 => c
                .listed
                .iter()
                .map(|r| {
                    let bad = c.rule.is_bad(r);
                    Choice {
                        text: format!(
                            "{} {} {} {} · {}",
                            clock(r.start_us),
                            crate::shared::short(&to_hex(&r.trace_id), 8),
                            r.route.method(),
                            r.status,
                            ms(r.duration_us())
                        ),
                        correct: bad,
                        hint: match c.rule {
                            Rule::P99(s) => format!(
                                "This one took {}, under the alert's {}: a healthy request. Look for the longest bar.",
                                ms(r.duration_us()),
                                secs(s)
                            ),
                            Rule::Errors(_) => format!(
                                "This request answered {}. Look for a 500.",
                                r.status
                            ),
                        },
                    }
                })
                .collect(),
            2 => {
                let Some(t) = &self.trace else { return Vec::new() };
                let target = self.culprit_span();
                (0..t.spans.len())
                    .map(|i| {
                        let s = &t.spans[i];
                        let hint = if self.latency() {
                            format!(
                                "{} lasted {}, but {} of it was its children's: its own time is {}. Find the span with the most own time.",
                                s.name,
                                ms(s.duration_us()),
                                ms(s.duration_us() - t.self_us[i]),
                                ms(t.self_us[i])
                            )
                        } else if matches!(s.status, SpanStatus::Unset) {
                            format!("{} has no error status. Look for spans marked ERROR.", s.name)
                        } else {
                            format!(
                                "{} is marked ERROR because a span below it failed: follow the errors down.",
                                s.name
                            )
                        };
                        Choice {
                            text: format!("{} · {} · {}", s.service, s.name, ms(s.duration_us())),
                            correct: Some(i) == target,
                            hint,
                        }
                    })
                    .collect()
            }
            3 => {
                let id = self
                    .trace
                    .as_ref()
                    .map(|t| to_hex(&t.request.trace_id))
                    .unwrap_or_default();
                vec![
                    Choice {
                        text: format!("Query logs where trace_id = \"{}\"", &id),
                        correct: true,
                        hint: String::new(),
                    },
                    Choice {
                        text: "Query logs where service = \"redirect-service\" in the window".into(),
                        correct: false,
                        hint: format!(
                            "About {} lines in 30 s. The trace id picks out this request's lines exactly.",
                            distlab_kit::numfmt::grouped(c.window_requests)
                        ),
                    },
                    Choice {
                        text: "Query logs where level = \"ERROR\" in the window".into(),
                        correct: false,
                        hint: if self.latency() {
                            format!("{} lines: a slow request is not an error.", c.window_errors)
                        } else {
                            format!("{} lines from every failed request: which is yours?", c.window_errors)
                        },
                    },
                ]
            }
            4 => self.causes(),
            _ => Vec::new(),
        };
        if matches!(self.step, 0 | 3 | 4) {
            let n = v.len();
            v.rotate_left(rot % n.max(1));
        }
        v
    }

    fn causes(&self) -> Vec<Choice> {
        let Some(t) = &self.trace else {
            return Vec::new();
        };
        let r = &t.request;
        let svc_self = t
            .spans
            .iter()
            .position(|s| s.service == "redirect-service" && s.kind.as_str() == "SERVER")
            .map_or(0, |i| t.self_us[i]);
        let db = if r.db_us > 0 {
            format!(
                "The SELECT took {} and scanned {} row{} using {}.",
                ms(u64::from(r.db_us)),
                distlab_kit::numfmt::grouped(r.rows_scanned),
                if r.rows_scanned == 1 { "" } else { "s" },
                if r.index_used {
                    "links_short_code_key"
                } else {
                    "no index"
                }
            )
        } else {
            "This request never queried PostgreSQL.".into()
        };
        let f = self.case.fault;
        let cache = match r.cache {
            CacheOutcome::Hit => "hit",
            CacheOutcome::Miss => "miss",
            CacheOutcome::Down => "connection refused",
            CacheOutcome::NotRead => "not asked",
        };
        vec![
            Choice {
                text: "A missing index on links.short_code: PostgreSQL scans the whole table".into(),
                correct: f == FaultKind::MissingIndex,
                hint: db.clone(),
            },
            Choice {
                text: "Redis is down: every lookup falls through to PostgreSQL".into(),
                correct: false,
                hint: format!(
                    "The Redis GET answered in {} ({cache}), and no log line says the cache is unavailable.",
                    ms(u64::from(r.cache_us))
                ),
            },
            Choice {
                text: "The redirect-service itself stalls before doing any work".into(),
                correct: f == FaultKind::SlowDownstream,
                hint: format!(
                    "The redirect-service's own time was {}: the time went elsewhere.",
                    ms(svc_self)
                ),
            },
            Choice {
                text: "The redirect-service throws an unhandled error and answers 500".into(),
                correct: f == FaultKind::ErrorBurst,
                hint: format!("This request answered {}; no span has an error status.", r.status),
            },
        ]
    }

    /// The root cause, with the numbers of the picked trace.
    pub fn root_cause(&self) -> String {
        let Some(t) = &self.trace else {
            return String::new();
        };
        let r = &t.request;
        match self.case.fault {
            FaultKind::MissingIndex => format!(
                "Missing index on links.short_code: a full scan of {} rows (index used: none) took {} for short code {}.",
                distlab_kit::numfmt::grouped(r.rows_scanned),
                ms(u64::from(r.db_us)),
                r.code.as_str()
            ),
            FaultKind::SlowDownstream => {
                let i = t.slowest();
                format!(
                    "The redirect-service stalled: {} of its own time before its first call, while DNS, Redis and PostgreSQL together took {}.",
                    ms(t.self_us[i]),
                    ms(u64::from(r.dns_us) + u64::from(r.cache_us) + u64::from(r.db_us) + u64::from(r.cache_set_us))
                )
            }
            FaultKind::ErrorBurst => format!(
                "The redirect-service failed with an unhandled error resolving short code {} and answered 500; the gateway passed the 500 on.",
                r.code.as_str()
            ),
            FaultKind::CacheOutage => "Redis refused connections.".into(),
        }
    }

    /// The picked trace's log lines (what the trace-id query returns).
    pub fn trace_logs(&self) -> Vec<LogRecord> {
        self.trace
            .as_ref()
            .map(|t| t.request.logs())
            .unwrap_or_default()
    }

    /// Apply one action.
    pub fn apply(&mut self, a: Action) {
        match a {
            Action::Pick(i) => self.pick(i),
            Action::Restart => {
                let messages = std::mem::take(&mut self.messages);
                *self = Investigation::new(self.case.clone());
                self.messages = messages;
                self.said = "Back to the alert.".into();
            }
            Action::NewSeed => self.new_case(self.case.seed.wrapping_add(1), self.case.fault),
            Action::Fault(f) => {
                if let Some(&f) = CASE_FAULTS.get(f) {
                    self.new_case(self.case.seed, f);
                }
            }
        }
    }

    fn new_case(&mut self, seed: u64, fault: FaultKind) {
        let messages = std::mem::take(&mut self.messages);
        *self = Investigation::new(Case::new(seed, fault));
        self.messages = messages;
        self.said = format!(
            "A new incident ({}, seed {seed}): the alert fired at {}.",
            fault_name(fault),
            clock(self.case.alert_us)
        );
    }

    fn pick(&mut self, i: usize) {
        let choices = self.choices();
        let Some(c) = choices.get(i) else { return };
        if !c.correct {
            self.wrong += 1;
            self.hint = Some(c.hint.clone());
            self.said = format!("Not this one. {}", c.hint);
            return;
        }
        self.hint = None;
        let found = match self.step {
            0 => format!(
                "Traces kept between {}: {} listed, {} of them over the alert's line.",
                self.window_text(),
                self.case.listed.len(),
                self.case
                    .listed
                    .iter()
                    .filter(|r| self.case.rule.is_bad(r))
                    .count()
            ),
            1 => {
                let r = self.case.listed.get(i).copied();
                self.trace = r.as_ref().map(Tree::new);
                match r {
                    Some(r) => format!(
                        "Trace {}: {} {} answered {} in {}.",
                        crate::shared::short(&to_hex(&r.trace_id), 8),
                        r.route.method(),
                        r.url_path(),
                        r.status,
                        ms(r.duration_us())
                    ),
                    None => String::new(),
                }
            }
            2 => {
                let t = self.trace.as_ref();
                let s = t.and_then(|t| self.culprit_span().map(|i| (&t.spans[i], t.self_us[i])));
                match s {
                    Some((s, own)) => format!(
                        "The span: {} in {}, {} ({} of its own).",
                        s.name,
                        s.service,
                        ms(s.duration_us()),
                        ms(own)
                    ),
                    None => String::new(),
                }
            }
            3 => {
                let logs = self.trace_logs();
                let telling = logs.iter().find(|l| l.level != Level::Info).or(logs.last());
                match telling {
                    Some(l) => {
                        let mut s = format!(
                            "{} log line{}; the telling one: {} \"{}\"",
                            logs.len(),
                            if logs.len() == 1 { "" } else { "s" },
                            l.level.as_str(),
                            l.message
                        );
                        if let Some(rows) = log_int(l, "rows_scanned") {
                            s.push_str(&format!(
                                ", rows_scanned {}",
                                distlab_kit::numfmt::grouped(rows.max(0) as u64)
                            ));
                        }
                        s.push('.');
                        s
                    }
                    None => "No log lines.".into(),
                }
            }
            _ => self.root_cause(),
        };
        self.trail.push(found.clone());
        self.step += 1;
        self.said = if self.step == 5 {
            format!("Root cause identified: {found}")
        } else {
            format!("{found} Next: {}.", STEPS[self.step].to_ascii_lowercase())
        };
    }

    /// The alert as a sentence.
    pub fn alert_text(&self) -> String {
        let c = &self.case;
        match c.rule {
            Rule::P99(s) => format!(
                "{} UTC: ALERT redirect p99 latency {} > {} over the last 30 s.",
                clock(c.alert_us),
                secs(c.alert_value),
                secs(s)
            ),
            Rule::Errors(_) => format!(
                "{} UTC: ALERT error ratio {} > 1 % over the last 30 s.",
                clock(c.alert_us),
                percent(c.alert_value)
            ),
        }
    }
}

distlab_kit::controls::reducible_by_apply!(Investigation, Action);

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks to the end picking the right option, checking a wrong one first.
    fn solve(m: &mut Investigation) {
        while m.step < 5 {
            let choices = m.choices();
            assert!(
                choices.iter().any(|c| c.correct),
                "{:?} seed {}: step {} has an answer",
                m.case.fault,
                m.case.seed,
                m.step
            );
            if let Some(w) = choices.iter().position(|c| !c.correct) {
                let before = m.step;
                m.apply(Action::Pick(w));
                assert_eq!(m.step, before, "a wrong pick is not a dead end");
                assert!(m.hint.as_ref().is_some_and(|h| !h.is_empty()));
            }
            let right = m.choices().iter().position(|c| c.correct).unwrap();
            m.apply(Action::Pick(right));
        }
    }

    #[test]
    fn every_fault_and_seed_is_solvable() {
        for (fi, f) in CASE_FAULTS.iter().enumerate() {
            for seed in 1..6 {
                let case = Case::new(seed, *f);
                assert!(
                    case.alert_us > FAULT_AT_US,
                    "{f:?} seed {seed}: the alert fires after the fault"
                );
                assert!(case.series.len() > 5);
                let mut m = Investigation::new(case);
                solve(&mut m);
                assert_eq!(m.trail.len(), 5);
                assert!(m.said.starts_with("Root cause identified"), "{}", m.said);
                if fi == 0 {
                    assert!(
                        m.root_cause().contains("50,000,000 rows"),
                        "{}",
                        m.root_cause()
                    );
                    assert!(m.trail[3].contains("Slow query"), "{}", m.trail[3]);
                }
            }
        }
    }

    #[test]
    fn the_missing_index_matches_the_post() {
        let m = Investigation::new(Case::new(1, FaultKind::MissingIndex));
        assert!(m.case.alert_value > 0.5);
        assert!(m.case.p50 < 0.025, "p50 stays low: {}", m.case.p50);
        assert_eq!(m.case.window_errors, 0, "no errors logged");
        assert_eq!(m.case.listed.len(), LISTED);
    }

    #[test]
    fn seeds_and_faults_differ_and_options_are_checked() {
        let a = Case::new(1, FaultKind::MissingIndex);
        let b = Case::new(2, FaultKind::MissingIndex);
        assert_ne!(a.listed, b.listed);
        let m = Investigation::from_options(&WidgetOptions::from_pairs([
            ("fault", "error-burst"),
            ("seed", "3"),
        ]));
        assert_eq!(m.case.fault, FaultKind::ErrorBurst);
        assert!(m.messages.is_empty());
        let m =
            Investigation::from_options(&WidgetOptions::from_pairs([("fault", "cache-outage")]));
        assert_eq!(m.case.fault, FaultKind::MissingIndex);
        assert_eq!(m.messages.len(), 1);
        let mut m = m;
        m.apply(Action::Pick(99));
        assert_eq!(m.step, 0);
        m.apply(Action::Fault(1));
        assert_eq!(m.case.fault, FaultKind::SlowDownstream);
    }
}
