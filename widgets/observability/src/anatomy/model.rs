//! The trace-anatomy widget's state, pure: which trace (a scenario and a seed), the
//! waterfall's cursor, collapsed spans and open details, and the reader's `traceparent`.

use crate::shared::{fault_key, ms, Tree, FAULTS};
use distlab_core::hash::to_hex;
use distlab_core::observability::telemetry::{
    CacheOutcome, Config, FaultKind, Request, Route, Telemetry,
};
use distlab_core::observability::traceparent::{Field, TraceparentError};
use distlab_kit::options::WidgetOptions;

/// The scenarios a trace is drawn from: healthy, or one of the faults.
pub const SCENARIOS: [Option<FaultKind>; 5] = [
    None,
    Some(FAULTS[0]),
    Some(FAULTS[1]),
    Some(FAULTS[2]),
    Some(FAULTS[3]),
];

/// The scenario index past [`SCENARIOS`]: the post's own trace
/// ([`Request::posts_example`]), which the widget opens on.
pub const POST: usize = SCENARIOS.len();

/// The scenario's name in the menu.
pub fn scenario_name(s: Option<FaultKind>) -> &'static str {
    match s {
        None => "Healthy (a cache miss)",
        Some(f) => crate::shared::fault_name(f),
    }
}

/// The longest `traceparent` the reader may type (characters).
pub const HEADER_MAX: usize = 200;

/// What the reader can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Another scenario (index into [`SCENARIOS`], or [`POST`]).
    Scenario(usize),
    /// Another trace of the same scenario.
    NewSeed,
    /// The cursor to the next visible span.
    Next,
    /// The cursor to the previous visible span.
    Prev,
    /// Collapse the cursor's span, or go to its parent.
    Collapse,
    /// Expand the cursor's span, or go to its first child.
    Expand,
    /// Open the cursor's span's details.
    OpenCursor,
    /// Cursor to span `i` and open it (a click).
    Open(usize),
    /// Collapse or expand span `i`.
    ToggleCollapse(usize),
    /// Close the details.
    Close,
    /// The reader typed a header.
    Header(String),
}

/// The widget's state.
#[derive(Clone, Debug)]
pub struct Anatomy {
    /// The seed.
    pub seed: u64,
    /// Index into [`SCENARIOS`], or [`POST`].
    pub scenario: usize,
    /// The trace.
    pub tree: Tree,
    /// Collapsed spans.
    pub collapsed: Vec<bool>,
    /// The span the keyboard is on.
    pub cursor: usize,
    /// The span whose details are open.
    pub open: Option<usize>,
    /// The `traceparent` in the editor.
    pub header: String,
    /// The last announcement.
    pub said: String,
    /// Notes about bad `data-*` values.
    pub messages: Vec<String>,
    /// A prefix for element ids, unique per widget on the page (aria-activedescendant).
    /// Kept here rather than in a hook of its own: each hook costs the module code.
    pub uid: u32,
}

/// The first trace of `scenario` the simulation produces: a healthy cache miss (so the
/// database span shows), or a request the fault touched.
pub fn pick_trace(seed: u64, scenario: Option<FaultKind>) -> Request {
    let config = Config {
        requests_per_second: 200,
        ..Config::default()
    };
    let mut t = Telemetry::new(seed, config)
        .or_else(|_| Telemetry::new(seed, Config::default()))
        .unwrap_or_else(|_| unreachable!("the default config is valid"));
    if let Some(f) = scenario {
        t.inject(f, 0, u64::MAX / 4);
    }
    let wanted = |r: &Request| match scenario {
        None => r.cache == CacheOutcome::Miss && r.status == 302,
        Some(FaultKind::MissingIndex) => !r.index_used && r.status == 302,
        Some(FaultKind::CacheOutage) => r.cache == CacheOutcome::Down && r.status == 302,
        Some(FaultKind::ErrorBurst) => r.status == 500,
        Some(FaultKind::SlowDownstream) => {
            r.route == Route::Redirect && r.cache == CacheOutcome::Hit
        }
    };
    let mut first = None;
    for _ in 0..60 {
        t.step(1_000_000);
        if let Some(r) = t.recent().find(|r| wanted(r)) {
            return *r;
        }
        first = first.or_else(|| t.recent().next().copied());
    }
    // Each kind occurs within seconds, and a request arrives at least every 10 ms at
    // 200 per second, so neither fallback is ever taken.
    first.unwrap_or_else(|| unreachable!("no request in 60 s at 200 per second"))
}

/// The field an error is about (`None` for the whole value).
pub fn error_field(e: &TraceparentError) -> Option<Field> {
    match e {
        TraceparentError::Missing { field }
        | TraceparentError::WrongLength { field, .. }
        | TraceparentError::Uppercase { field, .. }
        | TraceparentError::NotHex { field, .. }
        | TraceparentError::AllZeros { field } => Some(*field),
        TraceparentError::VersionFf => Some(Field::Version),
        TraceparentError::Empty | TraceparentError::TrailingData { .. } => None,
    }
}

impl Anatomy {
    /// From the placeholder's options: `seed`, `scenario` (`normal`, a fault's key, or
    /// `post`, the default).
    pub fn from_options(o: &WidgetOptions) -> Self {
        let mut r = o.reader();
        let seed = r.u64("seed", 1);
        let keys: Vec<&str> = std::iter::once("normal")
            .chain(FAULTS.iter().map(|f| fault_key(*f)))
            .chain(std::iter::once("post"))
            .collect();
        let s = r.choice("scenario", &keys, "post");
        let scenario = keys.iter().position(|k| *k == s).unwrap_or(POST);
        let mut m = Anatomy::new(seed, scenario);
        m.messages = r.into_messages();
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        m.uid = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        m
    }

    /// The trace of `scenario` for `seed`, the slow span under the cursor.
    pub fn new(seed: u64, scenario: usize) -> Self {
        let scenario = scenario.min(POST);
        let tree = Tree::new(&match SCENARIOS.get(scenario) {
            Some(s) => pick_trace(seed, *s),
            None => Request::posts_example(),
        });
        let n = tree.spans.len();
        let header = gateway_header(&tree);
        Anatomy {
            seed,
            scenario,
            collapsed: vec![false; n],
            cursor: 0,
            open: None,
            header,
            said: String::new(),
            messages: Vec::new(),
            uid: 0,
            tree,
        }
    }

    /// Whether span `i` is shown (no ancestor collapsed).
    pub fn visible(&self, i: usize) -> bool {
        let mut p = self.tree.parent.get(i).copied().flatten();
        while let Some(x) = p {
            if self.collapsed[x] {
                return false;
            }
            p = self.tree.parent[x];
        }
        true
    }

    /// The shown spans, in order.
    pub fn rows(&self) -> Vec<usize> {
        (0..self.tree.spans.len())
            .filter(|&i| self.visible(i))
            .collect()
    }

    fn describe(&self, i: usize) -> String {
        let s = &self.tree.spans[i];
        let mut t = format!(
            "{} ({}), {}, {} own time",
            s.name,
            s.service,
            ms(s.duration_us()),
            ms(self.tree.self_us[i])
        );
        if i == self.tree.slowest() {
            t.push_str(", the slow span");
        }
        if self.collapsed[i] {
            t.push_str(&format!(", collapsed: {} hidden", self.tree.descendants(i)));
        }
        t
    }

    /// Apply one action.
    pub fn apply(&mut self, a: Action) {
        let rows = self.rows();
        let pos = rows.iter().position(|&r| r == self.cursor).unwrap_or(0);
        match a {
            Action::Scenario(s) => {
                let messages = std::mem::take(&mut self.messages);
                *self = Anatomy {
                    uid: self.uid,
                    ..Anatomy::new(self.seed, s)
                };
                self.messages = messages;
                self.said = self.loaded_text();
            }
            Action::NewSeed => {
                let messages = std::mem::take(&mut self.messages);
                *self = Anatomy {
                    uid: self.uid,
                    // From the post's trace, other traces of its fault (the missing index).
                    ..Anatomy::new(
                        self.seed.wrapping_add(1),
                        if self.scenario == POST {
                            1
                        } else {
                            self.scenario
                        },
                    )
                };
                self.messages = messages;
                self.said = self.loaded_text();
            }
            Action::Next | Action::Prev => {
                let to = if a == Action::Next {
                    rows.get(pos + 1).copied()
                } else {
                    pos.checked_sub(1).and_then(|p| rows.get(p).copied())
                };
                if let Some(to) = to {
                    self.cursor = to;
                    self.said = self.describe(to);
                }
            }
            Action::Collapse => {
                let c = self.cursor;
                if self.tree.has_children(c) && !self.collapsed[c] {
                    self.collapsed[c] = true;
                    self.said = self.describe(c);
                } else if let Some(p) = self.tree.parent[c] {
                    self.cursor = p;
                    self.said = self.describe(p);
                }
            }
            Action::Expand => {
                let c = self.cursor;
                if self.collapsed[c] {
                    self.collapsed[c] = false;
                    self.said = format!("{} expanded", self.tree.spans[c].name);
                } else if let Some(child) =
                    (0..self.tree.spans.len()).find(|&x| self.tree.parent[x] == Some(c))
                {
                    self.cursor = child;
                    self.said = self.describe(child);
                }
            }
            Action::OpenCursor => self.open_span(self.cursor),
            Action::Open(i) if i < self.tree.spans.len() => {
                self.cursor = i;
                self.open_span(i);
            }
            Action::Open(_) => {}
            Action::ToggleCollapse(i) if i < self.tree.spans.len() && self.tree.has_children(i) => {
                self.collapsed[i] = !self.collapsed[i];
                if !self.visible(self.cursor) {
                    self.cursor = i;
                }
                if self.open.is_some_and(|o| !self.visible(o)) {
                    self.open = None;
                }
                self.said = self.describe(i);
            }
            Action::ToggleCollapse(_) => {}
            Action::Close => {
                self.open = None;
                self.said = "Details closed.".into();
            }
            Action::Header(h) => {
                self.header = h.chars().take(HEADER_MAX).collect();
                let errors =
                    distlab_core::observability::traceparent::Traceparent::diagnose(&self.header);
                self.said = match errors.first() {
                    None => "Valid traceparent.".into(),
                    Some(e) => format!("Invalid: {e}"),
                };
            }
        }
    }

    fn open_span(&mut self, i: usize) {
        self.open = Some(i);
        self.said = format!("Details of {}", self.describe(i));
    }

    fn loaded_text(&self) -> String {
        let r = &self.tree.request;
        format!(
            "Trace {} loaded: {} spans, {} end to end; the slow span is {}.",
            crate::shared::short(&to_hex(&r.trace_id), 8),
            self.tree.spans.len(),
            ms(r.duration_us()),
            self.tree.spans[self.tree.slowest()].name
        )
    }
}

/// The header the api-gateway sent the redirect-service for this trace (its client
/// span's id as the parent).
pub fn gateway_header(tree: &Tree) -> String {
    tree.spans
        .iter()
        .find(|s| {
            s.service == distlab_core::observability::telemetry::spans::GATEWAY
                && s.kind == distlab_core::observability::telemetry::SpanKind::Client
        })
        .and_then(|s| s.outgoing_traceparent())
        .map(|tp| tp.to_string())
        .unwrap_or_default()
}

distlab_kit::controls::reducible_by_apply!(Anatomy, Action);

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::observability::traceparent::{Traceparent, POST_SHORTHAND};

    fn model(pairs: &[(&str, &str)]) -> Anatomy {
        Anatomy::from_options(&WidgetOptions::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn every_scenario_gives_its_kind_of_trace() {
        for (i, s) in SCENARIOS.iter().enumerate() {
            for seed in 1..4 {
                let m = Anatomy::new(seed, i);
                let slow = &m.tree.spans[m.tree.slowest()];
                match s {
                    Some(FaultKind::MissingIndex) => {
                        assert_eq!(slow.name, "SELECT links");
                        assert!(m.tree.request.duration_us() > 2_800_000);
                    }
                    Some(FaultKind::SlowDownstream) => assert_eq!(slow.service, "redirect-service"),
                    Some(FaultKind::ErrorBurst) => assert!(m.tree.error_origin().is_some()),
                    Some(FaultKind::CacheOutage) => {
                        assert_eq!(m.tree.request.cache, CacheOutcome::Down)
                    }
                    None => assert!(m.tree.request.duration_us() < 100_000),
                }
                assert!(Traceparent::parse(&m.header).is_ok(), "{}", m.header);
            }
        }
    }

    #[test]
    fn keyboard_walks_collapses_and_opens() {
        let mut m = model(&[]);
        let n = m.tree.spans.len();
        for _ in 0..n + 3 {
            m.apply(Action::Next);
        }
        assert_eq!(m.cursor, n - 1, "stops at the last span");
        m.apply(Action::OpenCursor);
        assert_eq!(m.open, Some(n - 1));
        // Back to the root and collapse it: one row, n − 1 hidden.
        for _ in 0..n + 3 {
            m.apply(Action::Prev);
        }
        assert_eq!(m.cursor, 0);
        m.apply(Action::Collapse);
        assert_eq!(m.rows(), vec![0]);
        assert!(m.said.contains(&format!("{} hidden", n - 1)), "{}", m.said);
        m.apply(Action::Expand);
        assert_eq!(m.rows().len(), n);
        m.apply(Action::Expand);
        assert_eq!(
            m.cursor, 1,
            "Right on an expanded span goes to its first child"
        );
        m.apply(Action::Collapse);
        m.apply(Action::Collapse);
        assert_eq!(m.cursor, 0, "Left on a collapsed span goes to its parent");
    }

    #[test]
    fn the_posts_shorthand_is_refused_field_by_field() {
        let mut m = model(&[]);
        m.apply(Action::Header(POST_SHORTHAND.into()));
        let errs = Traceparent::diagnose(&m.header);
        let fields: Vec<_> = errs.iter().filter_map(error_field).collect();
        assert_eq!(fields, vec![Field::TraceId, Field::ParentId]);
        assert!(m.said.contains("trace-id"), "{}", m.said);
        m.apply(Action::Header("x".repeat(10_000)));
        assert_eq!(m.header.len(), HEADER_MAX);
    }

    #[test]
    fn options_are_read_and_bad_ones_reported() {
        let m = model(&[("scenario", "normal"), ("seed", "4")]);
        assert_eq!((m.scenario, m.seed), (0, 4));
        assert!(m.messages.is_empty());
        let m = model(&[("scenario", "fire"), ("seed", "-1")]);
        assert_eq!(m.scenario, POST);
        assert_eq!(m.messages.len(), 2);
    }

    /// It opens on the post's trace, 3,247 ms with the 3,230 ms query as the slow span;
    /// "another trace" goes on to simulated traces of the same fault, and back.
    #[test]
    fn it_opens_on_the_posts_trace() {
        let mut m = model(&[]);
        assert_eq!(m.scenario, POST);
        assert_eq!(ms(m.tree.request.duration_us()), ms(3_247_000));
        let slow = &m.tree.spans[m.tree.slowest()];
        assert_eq!(slow.duration_us(), 3_230_000);
        assert!(slow.name.contains("SELECT"), "{}", slow.name);
        m.apply(Action::NewSeed);
        assert_eq!((m.scenario, m.seed), (1, 2));
        assert!(!m.tree.request.index_used);
        assert_ne!(m.tree.request.duration_us(), 3_247_000);
        m.apply(Action::Scenario(POST));
        assert_eq!(m.tree.request, Request::posts_example());
        m.apply(Action::Scenario(99));
        assert_eq!(m.scenario, POST, "out of range is clamped");
    }
}
