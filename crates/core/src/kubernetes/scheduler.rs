//! The scheduler: for each pending pod, filter the nodes it fits on, score them, bind it
//! to the best.
//!
//! **Filter** (kube-scheduler's `NodeResourcesFit` filter and the node's `Ready`
//! condition): a node passes when it is Ready and, for CPU and memory,
//! `requests ≤ allocatable − requested` (requested = the sum of the requests of the
//! pods already bound to it).
//!
//! **Score** (the default profile's `NodeResourcesFit` with strategy `LeastAllocated`,
//! weights cpu = 1 and memory = 1; kubernetes `pkg/scheduler/framework/plugins/
//! noderesources/least_allocated.go`, `leastRequestedScore`): with `requested` counting
//! the incoming pod too, each resource scores
//! `(allocatable − requested) · 100 / allocatable` in integer arithmetic (0 if requested
//! exceeds allocatable), and the node scores the weighted average of the two, again
//! rounded down. The emptiest node wins, which spreads pods.
//! (kubernetes.io, "Resource Bin Packing": `NodeResourcesFit` scores with
//! `LeastAllocated` unless configured otherwise, cpu and memory weighted 1 each.)
//!
//! **Tie-break**: kube-scheduler picks at random among the nodes with the top score; here
//! the lowest node index wins, so a run is reproducible without a seed.

use super::resources::{Node, Resources};

/// kube-scheduler's `MaxNodeScore`.
pub const MAX_NODE_SCORE: u64 = 100;

/// One resource's `LeastAllocated` score: `(capacity − requested) · 100 / capacity`.
pub fn least_requested_score(requested: u64, capacity: u64) -> u64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * MAX_NODE_SCORE / capacity
}

/// A node's score for a pod asking `pod` when `used` is already requested on it.
pub fn score(allocatable: Resources, used: Resources, pod: Resources) -> u64 {
    let r = used.plus(pod);
    let mut sum = 0;
    let mut weights = 0;
    for (req, cap) in [(r.cpu_m, allocatable.cpu_m), (r.mem_mi, allocatable.mem_mi)] {
        if cap == 0 {
            continue;
        }
        sum += least_requested_score(req, cap);
        weights += 1;
    }
    sum.checked_div(weights).unwrap_or(0)
}

/// Whether a pod asking `pod` passes the filter on `node` with `used` requested there.
pub fn fits(node: &Node, used: Resources, pod: Resources) -> bool {
    node.ready && pod.fits_in(node.allocatable.minus(used))
}

/// One node's verdict for a pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Passed the filter.
    pub fits: bool,
    /// Its score (0 when filtered out).
    pub score: u64,
}

/// Every node's verdict for a pod asking `pod`, given what each node has requested.
pub fn verdicts(nodes: &[Node], used: &[Resources], pod: Resources) -> Vec<Verdict> {
    nodes
        .iter()
        .zip(used)
        .map(|(n, u)| {
            let fits = fits(n, *u, pod);
            Verdict {
                fits,
                score: if fits {
                    score(n.allocatable, *u, pod)
                } else {
                    0
                },
            }
        })
        .collect()
}

/// The node to bind to: the highest score among those that fit, lowest index on a tie.
pub fn pick(verdicts: &[Verdict]) -> Option<usize> {
    let mut best: Option<(usize, u64)> = None;
    for (i, v) in verdicts.iter().enumerate() {
        if v.fits && best.is_none_or(|(_, s)| v.score > s) {
            best = Some((i, v.score));
        }
    }
    best.map(|(i, _)| i)
}
