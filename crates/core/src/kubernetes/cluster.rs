//! The cluster and its control loop: the kubelets, the node lifecycle controller, the
//! deployment controller, the ReplicaSet controller and the scheduler, each reconciling
//! what it observes towards what is desired, once per tick, in that order.

use super::resources::{Node, Phase, Pod, Resources};
use super::rollout::{resolve_fenceposts, validate, IntOrPercent, StrategyError};
use super::scheduler::{pick, verdicts, Verdict};
use super::SplitMix64;
use crate::hash::{sha256, to_hex};

/// Most replicas a Deployment may ask for here.
pub const MAX_REPLICAS: u32 = 30;
/// Most nodes.
pub const MAX_NODES: usize = 8;

/// A pod template: what every pod of a ReplicaSet runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The app version (its image tag `web:v{version}`).
    pub version: u8,
    /// A build whose readiness probe never passes.
    pub broken: bool,
    /// Each pod's requests.
    pub requests: Resources,
}

impl Template {
    /// The pod-template hash that names the ReplicaSet: here the first 10 hex digits of
    /// the SHA-256 of the template's text (Kubernetes hashes the template with FNV-32a and
    /// encodes it differently; what matters is that one template gives one name).
    pub fn hash(&self) -> String {
        let text = format!(
            "image=web:v{}{};cpu={}m;memory={}Mi",
            self.version,
            if self.broken { "-broken" } else { "" },
            self.requests.cpu_m,
            self.requests.mem_mi
        );
        to_hex(&sha256(text.as_bytes())[..5])
    }
}

/// A ReplicaSet: keeps `replicas` pods of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaSet {
    /// `web-<hash>`.
    pub name: String,
    /// Its template.
    pub template: Template,
    /// Desired pods (written by the deployment controller).
    pub replicas: u32,
}

/// The Deployment: the desired state the reader edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Desired pods.
    pub replicas: u32,
    /// The current template: changing it starts a rollout.
    pub template: Template,
    /// The rolling update's surge limit.
    pub max_surge: IntOrPercent,
    /// The rolling update's unavailability limit.
    pub max_unavailable: IntOrPercent,
}

/// How the Service picks an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Each ready endpoint in turn.
    RoundRobin,
    /// A seeded random ready endpoint (what kube-proxy's iptables mode does).
    Random,
}

/// The cluster's fixed settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Each node's allocatable resources (1 to [`MAX_NODES`] nodes).
    pub nodes: Vec<Resources>,
    /// Ticks from a container's start until its readiness probe passes (plus 0 or 1,
    /// seeded).
    pub ready_delay: u64,
    /// Ticks without a heartbeat before a node is marked NotReady (Kubernetes'
    /// `node-monitor-grace-period`, 40 s by default).
    pub grace: u64,
    /// Ticks a NotReady node's pods stay before eviction (the default toleration of
    /// `node.kubernetes.io/not-ready` and `unreachable` is 300 s; shortened here so the
    /// reader does not wait five minutes).
    pub evict_after: u64,
    /// The Service's balancing.
    pub balance: Balance,
    /// The seed of every random choice (pod name suffixes, readiness jitter, random
    /// balancing).
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            nodes: vec![
                Resources::new(4000, 8192),
                Resources::new(2000, 4096),
                Resources::new(2000, 4096),
            ],
            ready_delay: 2,
            grace: 2,
            evict_after: 3,
            balance: Balance::RoundRobin,
            seed: 1,
        }
    }
}

/// What one controller did: the control loop's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The kubelet started a pod's container.
    Started(String, String),
    /// A pod's readiness probe passed.
    PodReady(String),
    /// The node controller stopped hearing a node's heartbeats.
    NodeNotReady(String),
    /// Heartbeats again.
    NodeReady(String),
    /// A NotReady node's pod was evicted after the toleration.
    Evicted(String, String),
    /// The deployment controller created a ReplicaSet for a new template.
    RsCreated(String),
    /// The deployment controller changed a ReplicaSet's replicas.
    RsScaled(String, u32, u32),
    /// The ReplicaSet controller created a pod.
    PodCreated(String),
    /// The ReplicaSet controller deleted a pod.
    PodDeleted(String),
    /// The scheduler bound a pod (pod, node, score).
    Bound(String, String, u64),
    /// No node fits the pod.
    Unschedulable(String),
}

impl Event {
    /// One line for a reader.
    pub fn text(&self) -> String {
        match self {
            Self::Started(p, n) => format!("kubelet on {n} started {p}"),
            Self::PodReady(p) => format!("{p} passed its readiness probe: Ready"),
            Self::NodeNotReady(n) => {
                format!("node controller: no heartbeat from {n}, marked NotReady")
            }
            Self::NodeReady(n) => format!("node controller: {n} is Ready"),
            Self::Evicted(p, n) => format!("node controller evicted {p} from {n}"),
            Self::RsCreated(r) => format!("deployment controller created ReplicaSet {r}"),
            Self::RsScaled(r, a, b) => format!("deployment controller scaled {r} {a} → {b}"),
            Self::PodCreated(p) => format!("ReplicaSet controller created {p}"),
            Self::PodDeleted(p) => format!("ReplicaSet controller deleted {p}"),
            Self::Bound(p, n, s) => format!("scheduler bound {p} to {n} (score {s})"),
            Self::Unschedulable(p) => format!("scheduler: no node fits {p}, it stays Pending"),
        }
    }
}

/// Running totals (what the benchmark reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Control-loop events.
    pub events: u64,
    /// Pods created.
    pub created: u64,
    /// Pods deleted (scale down, rollout, eviction).
    pub deleted: u64,
    /// Evictions.
    pub evicted: u64,
    /// Bindings.
    pub bound: u64,
    /// Requests sent through the Service.
    pub requests: u64,
    /// Requests that failed: no ready endpoint, or the endpoint's machine was down.
    pub failed: u64,
}

/// The scheduler's last decision, for showing its scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The pod.
    pub pod: String,
    /// Each node's verdict.
    pub verdicts: Vec<Verdict>,
    /// The node chosen.
    pub chosen: Option<usize>,
}

/// The whole cluster: the store every controller reads and writes.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Settings.
    pub config: Config,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Pods, in creation order.
    pub pods: Vec<Pod>,
    /// ReplicaSets, in creation order (oldest first).
    pub replica_sets: Vec<ReplicaSet>,
    /// The Deployment.
    pub deployment: Deployment,
    /// Logical time.
    pub tick: u64,
    /// What the last tick did.
    pub last: Vec<Event>,
    /// Totals.
    pub stats: Stats,
    /// The scheduler's last decision.
    pub decision: Option<Decision>,
    /// The last tick that changed anything but an unschedulable pod.
    pub progress_tick: u64,
    /// Requests the Service sends each tick.
    pub traffic: u32,
    rng: SplitMix64,
    next_uid: u64,
    rr: usize,
}

const SUFFIX: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

impl Cluster {
    /// A cluster with `replicas` pods of v1 desired and nothing running yet (bounded:
    /// 1–[`MAX_NODES`] nodes, at most [`MAX_REPLICAS`]).
    pub fn new(mut config: Config, replicas: u32) -> Self {
        config.nodes.truncate(MAX_NODES);
        if config.nodes.is_empty() {
            config.nodes.push(Resources::new(2000, 4096));
        }
        let nodes = config
            .nodes
            .iter()
            .enumerate()
            .map(|(i, a)| Node {
                name: format!("node-{}", i + 1),
                allocatable: *a,
                up: true,
                ready: true,
                last_heartbeat: 0,
                not_ready_since: None,
            })
            .collect();
        Self {
            rng: SplitMix64::new(config.seed),
            config,
            nodes,
            pods: Vec::new(),
            replica_sets: Vec::new(),
            deployment: Deployment {
                replicas: replicas.min(MAX_REPLICAS),
                template: Template {
                    version: 1,
                    broken: false,
                    requests: Resources::new(500, 512),
                },
                max_surge: IntOrPercent::Percent(25),
                max_unavailable: IntOrPercent::Percent(25),
            },
            tick: 0,
            last: Vec::new(),
            stats: Stats::default(),
            decision: None,
            progress_tick: 0,
            traffic: 0,
            next_uid: 0,
            rr: 0,
        }
    }

    // ---- what the reader does -------------------------------------------------------

    /// Sets the desired replicas (clamped to [`MAX_REPLICAS`]).
    pub fn scale(&mut self, replicas: u32) {
        self.deployment.replicas = replicas.min(MAX_REPLICAS);
    }

    /// Changes the template: a rollout starts at the next tick.
    pub fn roll_out(&mut self, version: u8, broken: bool) {
        self.deployment.template.version = version;
        self.deployment.template.broken = broken;
    }

    /// Sets the rolling update's limits, refused as the API server would.
    pub fn set_strategy(
        &mut self,
        max_surge: IntOrPercent,
        max_unavailable: IntOrPercent,
    ) -> Result<(), StrategyError> {
        validate(max_surge, max_unavailable)?;
        self.deployment.max_surge = max_surge;
        self.deployment.max_unavailable = max_unavailable;
        Ok(())
    }

    /// The machine stops: its kubelet sends no more heartbeats, its containers stop.
    pub fn kill_node(&mut self, i: usize) {
        if let Some(n) = self.nodes.get_mut(i) {
            n.up = false;
        }
    }

    /// The machine comes back: its kubelet heartbeats again and restarts the pods still
    /// bound to it (those not evicted meanwhile).
    pub fn restore_node(&mut self, i: usize) {
        let Some(n) = self.nodes.get_mut(i) else {
            return;
        };
        if n.up {
            return;
        }
        n.up = true;
        for p in &mut self.pods {
            if p.node == Some(i) {
                p.phase = Phase::Bound;
                p.ready = false;
            }
        }
    }

    // ---- what the reader sees -------------------------------------------------------

    /// `(max_surge, max_unavailable)` in pods for the current replicas.
    pub fn limits(&self) -> (u32, u32) {
        resolve_fenceposts(
            self.deployment.max_surge,
            self.deployment.max_unavailable,
            self.deployment.replicas,
        )
    }

    /// The index of the current template's ReplicaSet, if created.
    pub fn current_rs(&self) -> Option<usize> {
        let h = self.deployment.template;
        self.replica_sets.iter().position(|r| r.template == h)
    }

    /// Pods of ReplicaSet `rs` that are Ready (its available replicas).
    pub fn available(&self, rs: usize) -> u32 {
        self.pods.iter().filter(|p| p.rs == rs && p.ready).count() as u32
    }

    /// Ready pods, any version.
    pub fn ready_pods(&self) -> u32 {
        self.pods.iter().filter(|p| p.ready).count() as u32
    }

    /// Requests bound on each node.
    pub fn used(&self) -> Vec<Resources> {
        let mut used = vec![Resources::default(); self.nodes.len()];
        for p in &self.pods {
            if let Some(n) = p.node {
                used[n] = used[n].plus(p.requests);
            }
        }
        used
    }

    /// Observed equals desired: the current template's ReplicaSet holds every pod, as
    /// many as desired, each Ready on a Ready node, and no other ReplicaSet wants any.
    pub fn converged(&self) -> bool {
        let Some(cur) = self.current_rs() else {
            return self.deployment.replicas == 0 && self.pods.is_empty();
        };
        let d = self.deployment.replicas;
        self.replica_sets
            .iter()
            .enumerate()
            .all(|(i, r)| r.replicas == if i == cur { d } else { 0 })
            && self.pods.len() as u32 == d
            && self
                .pods
                .iter()
                .all(|p| p.rs == cur && p.ready && p.node.is_some_and(|n| self.nodes[n].ready))
    }

    // ---- the control loop -------------------------------------------------------------

    /// One tick: every component reconciles once, in order. Returns what they did.
    pub fn step(&mut self) -> &[Event] {
        self.tick += 1;
        let mut ev = Vec::new();
        self.kubelets(&mut ev);
        self.node_controller(&mut ev);
        self.deployment_controller(&mut ev);
        self.replica_set_controller(&mut ev);
        self.scheduler(&mut ev);
        if self.traffic > 0 {
            self.send(self.traffic);
        }
        if ev.iter().any(|e| !matches!(e, Event::Unschedulable(_))) {
            self.progress_tick = self.tick;
        }
        self.stats.events += ev.len() as u64;
        self.last = ev;
        &self.last
    }

    /// Each running kubelet heartbeats, starts the pods bound to it and reports
    /// readiness once a pod's probe passes.
    fn kubelets(&mut self, ev: &mut Vec<Event>) {
        let t = self.tick;
        for n in &mut self.nodes {
            if n.up {
                n.last_heartbeat = t;
            }
        }
        for p in &mut self.pods {
            let Some(ni) = p.node else { continue };
            let node = &self.nodes[ni];
            if !node.up {
                continue;
            }
            match p.phase {
                Phase::Bound => {
                    p.phase = Phase::Running(t);
                    ev.push(Event::Started(p.name.clone(), node.name.clone()));
                }
                Phase::Running(s)
                    if !p.ready && node.ready && p.ready_after.is_some_and(|d| t >= s + d) =>
                {
                    p.ready = true;
                    ev.push(Event::PodReady(p.name.clone()));
                }
                _ => {}
            }
        }
    }

    /// Marks nodes NotReady when heartbeats stop (and their pods not Ready, so the
    /// Service stops sending to them), Ready when they resume, and evicts the pods of a
    /// node NotReady for longer than the toleration.
    fn node_controller(&mut self, ev: &mut Vec<Event>) {
        let t = self.tick;
        for (i, n) in self.nodes.iter_mut().enumerate() {
            let silent = t.saturating_sub(n.last_heartbeat);
            if n.ready && silent > self.config.grace {
                n.ready = false;
                n.not_ready_since = Some(t);
                ev.push(Event::NodeNotReady(n.name.clone()));
                for p in self.pods.iter_mut().filter(|p| p.node == Some(i)) {
                    p.ready = false;
                }
            } else if !n.ready && silent == 0 {
                n.ready = true;
                n.not_ready_since = None;
                ev.push(Event::NodeReady(n.name.clone()));
            }
        }
        let mut k = 0;
        while k < self.pods.len() {
            let p = &self.pods[k];
            let evict = p.node.is_some_and(|n| {
                self.nodes[n]
                    .not_ready_since
                    .is_some_and(|s| t >= s + self.config.evict_after)
            });
            if evict {
                let p = self.pods.remove(k);
                let node = p
                    .node
                    .map(|n| self.nodes[n].name.clone())
                    .unwrap_or_default();
                ev.push(Event::Evicted(p.name, node));
                self.stats.evicted += 1;
                self.stats.deleted += 1;
            } else {
                k += 1;
            }
        }
    }

    fn scale_rs(&mut self, i: usize, to: u32, ev: &mut Vec<Event>) {
        let r = &mut self.replica_sets[i];
        if r.replicas != to {
            ev.push(Event::RsScaled(r.name.clone(), r.replicas, to));
            r.replicas = to;
        }
    }

    /// The deployment controller: one ReplicaSet per template; without old pods it only
    /// scales; during a rollout it follows Kubernetes' `rolloutRolling`
    /// (`reconcileNewReplicaSet`, then `reconcileOldReplicaSets` with
    /// `cleanupUnhealthyReplicas` and `scaleDownOldReplicaSetsForRollingUpdate`).
    fn deployment_controller(&mut self, ev: &mut Vec<Event>) {
        let d = self.deployment.replicas;
        let cur = match self.current_rs() {
            Some(i) => i,
            None => {
                let template = self.deployment.template;
                let name = format!("web-{}", template.hash());
                ev.push(Event::RsCreated(name.clone()));
                self.replica_sets.push(ReplicaSet {
                    name,
                    template,
                    replicas: 0,
                });
                self.replica_sets.len() - 1
            }
        };
        let olds: Vec<usize> = (0..self.replica_sets.len())
            .filter(|&i| i != cur && self.replica_sets[i].replicas > 0)
            .collect();
        if olds.is_empty() {
            self.scale_rs(cur, d, ev);
            return;
        }
        let (surge, unavailable) = self.limits();
        // reconcileNewReplicaSet
        let total: u32 = self.replica_sets.iter().map(|r| r.replicas).sum();
        let new_r = self.replica_sets[cur].replicas;
        if new_r > d {
            self.scale_rs(cur, d, ev);
        } else if total < d + surge {
            let up = (d + surge - total).min(d - new_r);
            self.scale_rs(cur, new_r + up, ev);
        }
        // reconcileOldReplicaSets
        let total: i64 = self
            .replica_sets
            .iter()
            .map(|r| i64::from(r.replicas))
            .sum();
        let min_available = i64::from(d) - i64::from(unavailable);
        let new_unavailable =
            i64::from(self.replica_sets[cur].replicas) - i64::from(self.available(cur));
        let max_scaled_down = total - min_available - new_unavailable.max(0);
        if max_scaled_down <= 0 {
            return;
        }
        // cleanupUnhealthyReplicas: old pods that are not available go first.
        let mut cleaned = 0i64;
        for &o in &olds {
            if cleaned >= max_scaled_down {
                break;
            }
            let r = i64::from(self.replica_sets[o].replicas);
            let unhealthy = r - i64::from(self.available(o));
            if unhealthy <= 0 {
                continue;
            }
            let k = unhealthy.min(max_scaled_down - cleaned);
            self.scale_rs(o, (r - k) as u32, ev);
            cleaned += k;
        }
        // scaleDownOldReplicaSetsForRollingUpdate: only what keeps minAvailable.
        let available: i64 = (0..self.replica_sets.len())
            .map(|i| i64::from(self.available(i)))
            .sum();
        if available <= min_available {
            return;
        }
        let mut left = available - min_available;
        for &o in &olds {
            if left <= 0 {
                break;
            }
            let r = i64::from(self.replica_sets[o].replicas);
            if r == 0 {
                continue;
            }
            let k = r.min(left);
            self.scale_rs(o, (r - k) as u32, ev);
            left -= k;
        }
    }

    /// The ReplicaSet controller: creates or deletes pods until each ReplicaSet has its
    /// replicas. Which pods go first on scale down follows Kubernetes' `ActivePods`
    /// order: unscheduled before scheduled, Pending before Running, not Ready before
    /// Ready, then the newest first.
    fn replica_set_controller(&mut self, ev: &mut Vec<Event>) {
        for i in 0..self.replica_sets.len() {
            let want = self.replica_sets[i].replicas as usize;
            let mut mine: Vec<usize> = (0..self.pods.len())
                .filter(|&k| self.pods[k].rs == i)
                .collect();
            if mine.len() > want {
                mine.sort_by_key(|&k| {
                    let p = &self.pods[k];
                    let phase = match p.phase {
                        Phase::Pending => 0,
                        Phase::Bound => 1,
                        Phase::Running(_) => 2,
                    };
                    (p.node.is_some(), phase, p.ready, u64::MAX - p.uid)
                });
                let mut gone: Vec<usize> = mine[..mine.len() - want].to_vec();
                gone.sort_unstable_by(|a, b| b.cmp(a));
                for k in gone {
                    let p = self.pods.remove(k);
                    ev.push(Event::PodDeleted(p.name));
                    self.stats.deleted += 1;
                }
            } else {
                for _ in mine.len()..want {
                    let r = &self.replica_sets[i];
                    let mut name = format!("{}-", r.name);
                    for _ in 0..5 {
                        name.push(SUFFIX[self.rng.below(SUFFIX.len())] as char);
                    }
                    let ready_after = (!r.template.broken)
                        .then(|| self.config.ready_delay + self.rng.below(2) as u64);
                    ev.push(Event::PodCreated(name.clone()));
                    self.pods.push(Pod {
                        uid: self.next_uid,
                        name,
                        rs: i,
                        version: r.template.version,
                        requests: r.template.requests,
                        node: None,
                        phase: Phase::Pending,
                        ready: false,
                        ready_after,
                        served: 0,
                    });
                    self.next_uid += 1;
                    self.stats.created += 1;
                }
            }
        }
    }

    /// The scheduler: binds each Pending pod, oldest first, to the best node that fits.
    fn scheduler(&mut self, ev: &mut Vec<Event>) {
        let mut used = self.used();
        for k in 0..self.pods.len() {
            if self.pods[k].phase != Phase::Pending {
                continue;
            }
            let req = self.pods[k].requests;
            let v = verdicts(&self.nodes, &used, req);
            let chosen = pick(&v);
            let name = self.pods[k].name.clone();
            match chosen {
                Some(n) => {
                    used[n] = used[n].plus(req);
                    let p = &mut self.pods[k];
                    p.node = Some(n);
                    p.phase = Phase::Bound;
                    ev.push(Event::Bound(
                        name.clone(),
                        self.nodes[n].name.clone(),
                        v[n].score,
                    ));
                    self.stats.bound += 1;
                }
                None => ev.push(Event::Unschedulable(name.clone())),
            }
            self.decision = Some(Decision {
                pod: name,
                verdicts: v,
                chosen,
            });
        }
    }

    /// The Service sends `n` requests, each to a Ready endpoint (round-robin or seeded
    /// random). A request fails when no endpoint is Ready, or when the chosen pod's
    /// machine is down but the control plane has not noticed yet.
    pub fn send(&mut self, n: u32) {
        let endpoints: Vec<usize> = (0..self.pods.len())
            .filter(|&k| self.pods[k].ready)
            .collect();
        for _ in 0..n {
            self.stats.requests += 1;
            if endpoints.is_empty() {
                self.stats.failed += 1;
                continue;
            }
            let e = match self.config.balance {
                Balance::RoundRobin => {
                    self.rr = self.rr.wrapping_add(1);
                    endpoints[self.rr % endpoints.len()]
                }
                Balance::Random => endpoints[self.rng.below(endpoints.len())],
            };
            let p = &mut self.pods[e];
            if p.node.is_some_and(|n| self.nodes[n].up) {
                p.served += 1;
            } else {
                self.stats.failed += 1;
            }
        }
    }
}
