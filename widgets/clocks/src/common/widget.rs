//! The state of one clock widget: which clock it teaches, the run, and what only one of
//! them needs (the wall clocks' skews, the Dynamo story). Pure and tested natively.

use super::model::{Run, RunAction, MAX_LANES};
use crate::vector::dynamo::Dynamo;
use crate::{lamport, logical, vector};
use distlab_core::clocks::Execution;
use distlab_kit::options::WidgetOptions;

/// Which clock a widget teaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Wall clocks with skew (the logical-clocks post).
    Wall,
    /// Lamport timestamps.
    Lamport,
    /// Vector clocks.
    Vector,
}

/// Settings from the placeholder: `data-preset` (`post`, the post's example, or `empty`)
/// and `data-processes` (2–5, for an empty run).
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Which clock.
    pub kind: Kind,
    /// Start from the post's example (else an empty run).
    pub post: bool,
    /// Processes of an empty run.
    pub processes: usize,
    /// Notes about bad options.
    pub messages: Vec<String>,
}

impl Config {
    /// Reads the options (bad values fall back to the defaults, with a note).
    pub fn from_options(kind: Kind, options: &WidgetOptions) -> Self {
        let mut r = options.reader();
        let post = r.choice("preset", &["post", "empty"], "post") == "post";
        let processes = r.int("processes", 2, MAX_LANES as i64, 3) as usize;
        Self {
            kind,
            post,
            processes,
            messages: r.into_messages(),
        }
    }
}

/// What the reader can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Something to the run.
    Run(RunAction),
    /// Set a server's clock skew (ms).
    Skew(usize, i64),
    /// The next step of the Dynamo story (the value kept, at its last step).
    Dynamo(&'static str),
    /// Start the Dynamo story again.
    DynamoReset,
    /// Back to the post's example, with its pair picked.
    PostExample,
    /// Pick the pair the widget wants to show (a misleading one for Lamport, a
    /// contradiction for wall clocks, the post's pair for vectors).
    ShowPair,
}

/// The widget's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Which clock.
    pub kind: Kind,
    /// The run.
    pub run: Run,
    /// Each process's wall-clock skew in ms (the wall-clock widget).
    pub skews: Vec<i64>,
    /// The Dynamo story (the vector widget).
    pub dynamo: Dynamo,
}

fn post_example(kind: Kind) -> Execution {
    match kind {
        Kind::Wall => logical::model::post_example(),
        Kind::Lamport => lamport::model::post_example(),
        Kind::Vector => vector::model::post_example(),
    }
}

impl Model {
    /// The state for `config`.
    pub fn new(config: &Config) -> Self {
        let base = if config.post {
            post_example(config.kind)
        } else {
            Run::empty(config.processes)
        };
        let mut m = Self {
            kind: config.kind,
            run: Run::new(base),
            skews: Vec::new(),
            dynamo: Dynamo::new(),
        };
        m.fit_skews();
        if config.post {
            m.apply(Action::ShowPair);
            m.run.announce.clear();
        }
        m
    }

    fn fit_skews(&mut self) {
        let n = self.run.x.processes();
        self.skews = (0..n)
            .map(|p| logical::model::POST_SKEWS.get(p).copied().unwrap_or(0))
            .collect();
    }

    /// The wall-clock stamps (ms after 14:00:00.000) for the columns the diagram uses.
    pub fn wall(&self, columns: &[usize]) -> Vec<i64> {
        self.run
            .x
            .events()
            .iter()
            .zip(columns)
            .map(|(e, &c)| {
                logical::model::wall_ms(c, self.skews.get(e.process).copied().unwrap_or(0))
            })
            .collect()
    }

    /// Apply an action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Run(a) => {
                let lanes = self.run.x.processes();
                self.run.apply(a);
                if self.run.x.processes() != lanes {
                    self.fit_skews();
                }
            }
            Action::Skew(p, ms) => {
                if let Some(s) = self.skews.get_mut(p) {
                    *s = ms.clamp(-logical::model::MAX_SKEW_MS, logical::model::MAX_SKEW_MS);
                }
            }
            Action::Dynamo(keep) => self.dynamo.next(keep),
            Action::DynamoReset => self.dynamo = Dynamo::new(),
            Action::PostExample => {
                self.run = Run::new(post_example(self.kind));
                self.fit_skews();
                self.apply(Action::ShowPair);
            }
            Action::ShowPair => {
                let x = &self.run.x;
                let pair = match self.kind {
                    Kind::Lamport => lamport::model::misleading_pair(x, &lamport::model::stamps(x)),
                    Kind::Vector => {
                        let (a, b) = vector::model::POST_PAIR;
                        let v = vector::model::stamps(x);
                        // The post's pair if this is the post's run, else any concurrent pair.
                        (a.max(b) < v.len()
                            && self.run.added.is_empty()
                            && self.run.base == post_example(Kind::Vector))
                        .then_some((a, b))
                        .or_else(|| concurrent_pair(x))
                    }
                    Kind::Wall => {
                        let cols = super::columns_of(x);
                        logical::model::contradictions(x, &self.wall(&cols))
                            .first()
                            .copied()
                    }
                };
                match pair {
                    Some((a, b)) => {
                        self.run.apply(RunAction::PickPair(a, b));
                        self.run.announce = format!(
                            "Picked {} and {}.",
                            self.run.describe(a),
                            self.run.describe(b)
                        );
                    }
                    None => {
                        self.run.announce =
                            "This run has no such pair yet: add events and messages.".into();
                    }
                }
            }
        }
    }
}

/// The first concurrent pair, if any.
fn concurrent_pair(x: &Execution) -> Option<(usize, usize)> {
    let past = x.causal_pasts();
    let n = x.events().len();
    (0..n).find_map(|b| {
        (0..b)
            .find(|&a| {
                distlab_core::clocks::execution::relation_in(&past, a, b)
                    == distlab_core::clocks::Causality::Concurrent
            })
            .map(|a| (a, b))
    })
}

distlab_kit::controls::reducible_by_apply!(Model, Action);

#[cfg(test)]
mod tests {
    use super::*;

    fn model(kind: Kind, pairs: &[(&str, &str)]) -> Model {
        Model::new(&Config::from_options(
            kind,
            &WidgetOptions::from_pairs(pairs.iter().copied()),
        ))
    }

    #[test]
    fn each_widget_opens_on_its_posts_pair() {
        let l = model(Kind::Lamport, &[]);
        assert_eq!(l.run.pair(), Some((5, 2)), "a2 and b1");
        let v = model(Kind::Vector, &[]);
        assert_eq!(v.run.pair(), Some(vector::model::POST_PAIR));
        let w = model(Kind::Wall, &[]);
        assert_eq!(w.run.pair(), Some((0, 1)), "the click and the update");
    }

    #[test]
    fn options_and_their_notes() {
        let m = model(Kind::Lamport, &[("preset", "empty"), ("processes", "4")]);
        assert_eq!(m.run.x.processes(), 4);
        assert!(m.run.x.events().is_empty());
        assert_eq!(m.skews.len(), 4);
        let c = Config::from_options(
            Kind::Wall,
            &WidgetOptions::from_pairs([("processes", "99")]),
        );
        assert_eq!(c.processes, 3);
        assert_eq!(c.messages.len(), 1);
    }

    #[test]
    fn skews_are_clamped_and_change_the_contradictions() {
        let mut m = model(Kind::Wall, &[]);
        m.apply(Action::Skew(2, 100));
        assert_eq!(m.skews[2], logical::model::MAX_SKEW_MS);
        let cols = crate::common::columns_of(&m.run.x);
        assert!(logical::model::contradictions(&m.run.x, &m.wall(&cols)).is_empty());
        m.apply(Action::Skew(2, -3));
        assert_eq!(
            logical::model::contradictions(&m.run.x, &m.wall(&cols)).len(),
            1
        );
        m.apply(Action::Skew(7, 1));
    }

    #[test]
    fn an_empty_run_has_no_pair_to_show_and_says_so() {
        let mut m = model(Kind::Vector, &[("preset", "empty")]);
        m.apply(Action::ShowPair);
        assert!(m.run.picks.is_empty());
        assert!(m.run.announce.contains("no such pair"));
    }
}
