//! The explainer's state as a reducer: which section is open, the container/VM toggle,
//! the Dockerfile change and the two builds, and the cluster with its playback.

use distlab_core::kubernetes::cluster::MAX_REPLICAS;
use distlab_core::kubernetes::image::{build, Build, Context, Dockerfile};
use distlab_core::kubernetes::{Balance, Cluster, Config, Event, IntOrPercent};
use distlab_kit::options::WidgetOptions;
use std::rc::Rc;
use yew::Reducible;

/// The sections, in reading order: (tab label, `data-section` value).
pub const SECTIONS: [(&str, &str); 3] = [
    ("1 · Containers vs VMs", "containers"),
    ("2 · An image as layers", "layers"),
    ("3 · The cluster", "cluster"),
];

/// The maxSurge / maxUnavailable choices offered.
pub const LIMITS: [&str; 7] = ["0", "1", "2", "25%", "50%", "100%", "10%"];

/// What changed in the build context or Dockerfile since the first build.
pub const CHANGES: [&str; 5] = [
    "Nothing",
    "Edit app.py",
    "Add a package to requirements.txt",
    "New base image (FROM python:3.13-slim)",
    "Another CMD",
];

/// Requests per tick while traffic flows.
pub const TRAFFIC: u32 = 6;

/// What the reader can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open section `i`.
    Section(usize),
    /// Show virtual machines (`true`) or containers.
    Vms(bool),
    /// Pick change `i` of [`CHANGES`].
    Change(usize),
    /// Copy all the source before `pip install` (the cache-unfriendly order).
    CopyFirst(bool),
    /// Desired replicas +1 / −1.
    Replicas(i32),
    /// Kill node `i`.
    Kill(usize),
    /// Restore node `i`.
    Restore(usize),
    /// Roll out version 1, 2 or 3 (3 is broken: never Ready).
    RollOut(u8),
    /// maxSurge choice.
    Surge(usize),
    /// maxUnavailable choice.
    Unavailable(usize),
    /// Traffic on or off.
    Traffic(bool),
    /// Send a burst of 12 requests now.
    Burst,
    /// Play / pause.
    Toggle,
    /// A playback tick.
    Tick,
    /// One tick.
    Step,
    /// Back to the start.
    Reset,
    /// Playback speed.
    Speed(f64),
}

/// The whole widget's state.
#[derive(Clone, Debug)]
pub struct Model {
    /// This widget's number on the page, for element ids that must be unique when a page
    /// holds the widget twice (the tabs and their panel).
    pub uid: u32,
    /// The open section.
    pub section: usize,
    /// Messages about bad `data-*` options.
    pub messages: Vec<String>,
    /// The live region's text.
    pub said: String,
    /// Section 1: VMs shown instead of containers.
    pub vms: bool,
    /// Section 2: the change picked.
    pub change: usize,
    /// Section 2: copy everything before installing.
    pub copy_first: bool,
    /// Section 2: the first build (empty cache).
    pub first: Build,
    /// Section 2: the build after the change, against the first's cache.
    pub second: Build,
    /// Section 3: the cluster.
    pub cluster: Cluster,
    /// The settings the cluster started from (for Reset).
    pub start: (Config, u32),
    /// maxSurge choice (index into [`LIMITS`]).
    pub surge: usize,
    /// maxUnavailable choice.
    pub unavailable: usize,
    /// Playing.
    pub playing: bool,
    /// Speed.
    pub speed: f64,
    /// Was converged after the last tick (to announce the change once).
    pub was_converged: bool,
}

fn limit_index(s: &str) -> usize {
    LIMITS.iter().position(|l| *l == s).unwrap_or(3)
}

impl Model {
    /// From the placeholder's options: `section` (`containers`, `layers`, `cluster`),
    /// `replicas` (1–12, default 3), `nodes` (2–5, default 3), `balance`
    /// (`round-robin`, `random`), `max-surge` and `max-unavailable` (one of [`LIMITS`],
    /// default 25%), `seed`.
    pub fn from_options(o: &WidgetOptions) -> Self {
        let mut r = o.reader();
        let names: Vec<&str> = SECTIONS.iter().map(|s| s.1).collect();
        let section = r.choice("section", &names, "containers");
        let section = names.iter().position(|n| *n == section).unwrap_or(0);
        let replicas = r.int("replicas", 1, 12, 3) as u32;
        let nodes = r.int("nodes", 2, 5, 3) as usize;
        let balance = r.choice("balance", &["round-robin", "random"], "round-robin");
        let surge = r.choice("max-surge", &LIMITS, "25%");
        let unavailable = r.choice("max-unavailable", &LIMITS, "25%");
        let seed = r.u64("seed", 1);
        let mut messages = r.into_messages();
        let mut config = Config {
            seed,
            balance: if balance == "random" {
                Balance::Random
            } else {
                Balance::RoundRobin
            },
            ..Config::default()
        };
        let small = config.nodes[1];
        config.nodes.resize(nodes, small);
        let (mut surge, mut unavailable) = (limit_index(surge), limit_index(unavailable));
        if LIMITS[surge] == "0" && LIMITS[unavailable] == "0" {
            messages.push(
                "max-surge and max-unavailable cannot both be 0 (Kubernetes refuses it): using 25% and 25%."
                    .into(),
            );
            (surge, unavailable) = (3, 3);
        }
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let mut m = Self {
            uid: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            section,
            messages,
            said: String::new(),
            vms: false,
            change: 1,
            copy_first: false,
            first: build(&Dockerfile::default(), &Context::default(), None),
            second: build(&Dockerfile::default(), &Context::default(), None),
            cluster: Cluster::new(config.clone(), replicas),
            start: (config, replicas),
            surge,
            unavailable,
            playing: false,
            speed: 1.0,
            was_converged: false,
        };
        m.apply_strategy();
        m.rebuild();
        m
    }

    fn apply_strategy(&mut self) -> bool {
        let s = IntOrPercent::parse(LIMITS[self.surge]).unwrap_or(IntOrPercent::Percent(25));
        let u = IntOrPercent::parse(LIMITS[self.unavailable]).unwrap_or(IntOrPercent::Percent(25));
        self.cluster.set_strategy(s, u).is_ok()
    }

    /// The Dockerfile and context after the picked change.
    pub fn changed(&self) -> (Dockerfile, Context) {
        let mut df = Dockerfile {
            copy_all_first: self.copy_first,
            ..Dockerfile::default()
        };
        let mut ctx = Context::default();
        match self.change {
            1 => ctx.app = ctx.app.replace("v1", "v2"),
            2 => ctx.requirements.push_str("redis==5.0.4\n"),
            3 => df.base = "python:3.13-slim".into(),
            4 => df.cmd = "gunicorn -b 0.0.0.0:8000 app:app".into(),
            _ => {}
        }
        (df, ctx)
    }

    fn rebuild(&mut self) {
        let df = Dockerfile {
            copy_all_first: self.copy_first,
            ..Dockerfile::default()
        };
        self.first = build(&df, &Context::default(), None);
        let (df, ctx) = self.changed();
        self.second = build(&df, &ctx, Some(&self.first));
    }

    /// What the picked change does, as a diff in words.
    pub fn change_text(&self) -> &'static str {
        match self.change {
            1 => "app.py: return \"Hello from v1\" → \"Hello from v2\".",
            2 => "requirements.txt: + redis==5.0.4.",
            3 => "Dockerfile: FROM python:3.12-slim → python:3.13-slim.",
            4 => "Dockerfile: CMD [\"python\", \"app.py\"] → [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"].",
            _ => "No file changed: the same build again.",
        }
    }

    /// One line on what the build reused.
    pub fn build_summary(&self) -> String {
        let b = &self.second;
        let n = b.steps.len();
        let c = b.cached();
        match b.steps.iter().position(|s| !s.cached) {
            None => format!("All {n} steps came from the cache: nothing changed."),
            Some(i) => format!(
                "{c} of {n} steps from the cache; the first miss is step {} ({}), so it and every step after it ran again.",
                i + 1,
                b.steps[i].instruction
            ),
        }
    }

    /// Desired vs observed, in one line.
    pub fn desired_observed(&self) -> String {
        let c = &self.cluster;
        let t = c.deployment.template;
        let mut counts = [[0u32; 2]; 4];
        for p in &c.pods {
            counts[usize::from(p.version.min(3))][usize::from(p.ready)] += 1;
        }
        let mut obs = Vec::new();
        for (v, [not_ready, ready]) in counts.iter().enumerate() {
            if *ready > 0 {
                obs.push(format!("{ready} Ready v{v}"));
            }
            if *not_ready > 0 {
                obs.push(format!("{not_ready} not Ready v{v}"));
            }
        }
        format!(
            "Desired: {} × v{}{}. Observed: {}.",
            c.deployment.replicas,
            t.version,
            if t.broken { " (broken build)" } else { "" },
            if obs.is_empty() {
                "no pods".to_string()
            } else {
                obs.join(", ")
            }
        )
    }

    /// `converged`, `stuck` (no change for 8 ticks and not converged) or `converging`.
    pub fn status(&self) -> &'static str {
        let c = &self.cluster;
        if c.converged() {
            "converged"
        } else if c.tick >= c.progress_tick + 8 {
            "stuck"
        } else {
            "converging"
        }
    }

    /// What the control loop did on the last tick, in a sentence.
    pub fn loop_line(&self) -> String {
        let c = &self.cluster;
        if c.tick == 0 {
            return "Nothing has run yet: press Step or Play.".into();
        }
        if c.last.is_empty() {
            return format!("Tick {}: every controller found nothing to do.", c.tick);
        }
        // One line per kind of action: its first event, and how many more like it.
        let mut parts: Vec<String> = Vec::new();
        let mut kinds: Vec<(std::mem::Discriminant<Event>, usize)> = Vec::new();
        for e in &c.last {
            let k = std::mem::discriminant(e);
            match kinds.iter_mut().find(|(d, _)| *d == k) {
                Some((_, n)) => *n += 1,
                None => {
                    kinds.push((k, 1));
                    parts.push(e.text());
                }
            }
        }
        for (part, (_, n)) in parts.iter_mut().zip(&kinds) {
            if *n > 1 {
                *part += &format!(" (and {} more)", n - 1);
            }
        }
        format!("Tick {}: {}.", c.tick, parts.join("; "))
    }

    fn after_tick(&mut self) {
        let c = &self.cluster;
        let conv = c.converged();
        let mut notes: Vec<String> = c
            .last
            .iter()
            .filter(|e| matches!(e, Event::NodeNotReady(_) | Event::NodeReady(_)))
            .map(Event::text)
            .collect();
        let evicted = c
            .last
            .iter()
            .filter(|e| matches!(e, Event::Evicted(..)))
            .count();
        if evicted > 0 {
            notes.push(format!("{evicted} pods evicted"));
        }
        if conv && !self.was_converged {
            notes.push(format!(
                "Converged: {} of {} pods Ready on v{}",
                c.ready_pods(),
                c.deployment.replicas,
                c.deployment.template.version
            ));
            self.playing = false;
        }
        self.was_converged = conv;
        if !notes.is_empty() {
            self.said = format!("Tick {}: {}.", c.tick, notes.join("; "));
        }
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, a: Action) -> Rc<Self> {
        let mut m = (*self).clone();
        match a {
            Action::Section(i) => {
                m.section = i.min(SECTIONS.len() - 1);
                m.said = format!("Section {}", SECTIONS[m.section].0);
            }
            Action::Vms(v) => {
                m.vms = v;
                m.said = if v {
                    "Virtual machines: each has its own guest kernel; only the hardware and hypervisor are shared.".into()
                } else {
                    "Containers: they share the host's kernel; each brings only its libraries and app.".into()
                };
            }
            Action::Change(i) => {
                m.change = i.min(CHANGES.len() - 1);
                m.rebuild();
                m.said = m.build_summary();
            }
            Action::CopyFirst(v) => {
                m.copy_first = v;
                m.rebuild();
                m.said = m.build_summary();
            }
            Action::Replicas(d) => {
                let r = (m.cluster.deployment.replicas as i32 + d).clamp(0, MAX_REPLICAS as i32);
                m.cluster.scale(r as u32);
                m.said = format!("Desired replicas: {r}.");
            }
            Action::Kill(i) => {
                m.cluster.kill_node(i);
                m.said = format!(
                    "node-{} is down. The control plane will notice when its heartbeats stop.",
                    i + 1
                );
            }
            Action::Restore(i) => {
                m.cluster.restore_node(i);
                m.said = format!("node-{} is back up.", i + 1);
            }
            Action::RollOut(v) => {
                m.cluster.roll_out(v.clamp(1, 3), v >= 3);
                m.said = format!(
                    "Rolling out v{}{}.",
                    v.clamp(1, 3),
                    if v >= 3 {
                        ", a build that never becomes Ready"
                    } else {
                        ""
                    }
                );
            }
            Action::Surge(i) | Action::Unavailable(i) => {
                let (s, u) = (m.surge, m.unavailable);
                let i = i.min(LIMITS.len() - 1);
                if matches!(a, Action::Surge(_)) {
                    m.surge = i;
                } else {
                    m.unavailable = i;
                }
                if m.apply_strategy() {
                    let (ps, pu) = m.cluster.limits();
                    m.said = format!(
                        "maxSurge {} → {ps} pods, maxUnavailable {} → {pu} pods.",
                        LIMITS[m.surge], LIMITS[m.unavailable]
                    );
                } else {
                    (m.surge, m.unavailable) = (s, u);
                    m.said = "Refused: maxSurge and maxUnavailable cannot both be 0 (the rollout could never move).".into();
                }
            }
            Action::Traffic(on) => {
                m.cluster.traffic = if on { TRAFFIC } else { 0 };
                m.said = if on {
                    format!("Traffic on: {TRAFFIC} requests a tick through the Service.")
                } else {
                    "Traffic off.".into()
                };
            }
            Action::Burst => {
                let failed = m.cluster.stats.failed;
                m.cluster.send(12);
                m.said = format!(
                    "Sent 12 requests: {} failed.",
                    m.cluster.stats.failed - failed
                );
            }
            Action::Toggle => m.playing = !m.playing,
            Action::Tick | Action::Step => {
                if matches!(a, Action::Tick) && !m.playing {
                    return self;
                }
                m.cluster.step();
                m.after_tick();
            }
            Action::Reset => {
                let (config, replicas) = m.start.clone();
                m.cluster = Cluster::new(config, replicas);
                m.apply_strategy();
                m.playing = false;
                m.was_converged = false;
                m.said = "Reset: nothing running yet.".into();
            }
            Action::Speed(s) => m.speed = s,
        }
        Rc::new(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(pairs: &[(&str, &str)]) -> Model {
        Model::from_options(&WidgetOptions::from_pairs(
            pairs.iter().map(|(k, v)| (*k, *v)),
        ))
    }

    fn run(m: Rc<Model>, a: Action) -> Rc<Model> {
        m.reduce(a)
    }

    #[test]
    fn bad_options_give_messages_and_defaults() {
        let m = model(&[
            ("replicas", "99"),
            ("section", "nope"),
            ("max-surge", "0"),
            ("max-unavailable", "0"),
        ]);
        assert_eq!(m.messages.len(), 3, "{:?}", m.messages);
        assert_eq!(m.section, 0);
        assert_eq!(m.cluster.deployment.replicas, 3);
    }

    #[test]
    fn steps_converge_and_announce_once() {
        let mut m = Rc::new(model(&[]));
        for _ in 0..20 {
            m = run(m, Action::Step);
            if m.status() == "converged" {
                break;
            }
        }
        assert_eq!(m.status(), "converged");
        assert!(m.said.contains("Converged"), "{}", m.said);
        let m = run(m, Action::Step);
        assert!(m.said.is_empty() || !m.said.contains(&format!("Tick {}", m.cluster.tick)));
    }

    #[test]
    fn both_zero_is_refused() {
        let m = Rc::new(model(&[]));
        let m = run(m, Action::Surge(0));
        let m = run(m, Action::Unavailable(0));
        assert!(m.said.starts_with("Refused"));
        assert_eq!(LIMITS[m.unavailable], "25%");
    }

    #[test]
    fn app_edit_rebuilds_the_last_copy_only() {
        let m = model(&[]);
        assert_eq!(m.second.cached(), 4);
        assert!(m.build_summary().contains("step 5"));
    }
}
