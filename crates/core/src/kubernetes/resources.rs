//! Resources, nodes and pods: the objects the controllers read and write.

/// CPU in millicores (1000 m = one core) and memory in MiB: what a node offers
/// (`allocatable`) and what a pod asks for (`requests`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Resources {
    /// Millicores.
    pub cpu_m: u64,
    /// MiB.
    pub mem_mi: u64,
}

impl Resources {
    /// `cpu_m` millicores and `mem_mi` MiB.
    pub const fn new(cpu_m: u64, mem_mi: u64) -> Self {
        Self { cpu_m, mem_mi }
    }

    /// Component-wise sum, saturating.
    pub fn plus(self, o: Self) -> Self {
        Self::new(
            self.cpu_m.saturating_add(o.cpu_m),
            self.mem_mi.saturating_add(o.mem_mi),
        )
    }

    /// Whether `self` fits inside `room` on both resources.
    pub fn fits_in(self, room: Self) -> bool {
        self.cpu_m <= room.cpu_m && self.mem_mi <= room.mem_mi
    }

    /// Component-wise difference, floored at 0.
    pub fn minus(self, o: Self) -> Self {
        Self::new(
            self.cpu_m.saturating_sub(o.cpu_m),
            self.mem_mi.saturating_sub(o.mem_mi),
        )
    }
}

/// A node (a machine running a kubelet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its name, e.g. `node-1`.
    pub name: String,
    /// What pods may request in total.
    pub allocatable: Resources,
    /// Whether the machine is actually running (the reader kills and restores it). The
    /// control plane never reads this: it only sees heartbeats.
    pub up: bool,
    /// The node's `Ready` condition as the control plane believes it.
    pub ready: bool,
    /// The tick of the kubelet's last heartbeat.
    pub last_heartbeat: u64,
    /// Since when the control plane has believed it NotReady.
    pub not_ready_since: Option<u64>,
}

/// Where a pod is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Created, not yet bound to a node by the scheduler.
    Pending,
    /// Bound to a node; the kubelet has not started it yet.
    Bound,
    /// Its container runs since this tick (not Ready yet, or Ready: see [`Pod::ready`]).
    Running(u64),
}

/// A pod: one running copy of the Deployment's template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pod {
    /// Unique, increasing: also the creation order.
    pub uid: u64,
    /// Its name, `web-<template hash>-<suffix>` as a ReplicaSet names its pods.
    pub name: String,
    /// The ReplicaSet that owns it (index into [`super::Cluster::replica_sets`]).
    pub rs: usize,
    /// The app version it runs (1, 2, 3).
    pub version: u8,
    /// What it requests.
    pub requests: Resources,
    /// The node it is bound to.
    pub node: Option<usize>,
    /// Its phase.
    pub phase: Phase,
    /// Its `Ready` condition: passes its readiness probe and its node is Ready.
    pub ready: bool,
    /// Ticks after start before its readiness probe passes (`None`: never, a broken build).
    pub ready_after: Option<u64>,
    /// Requests the Service has sent it.
    pub served: u64,
}
