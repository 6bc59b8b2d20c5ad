//! Lamport timestamps as the post teaches them, on the reader's run: each event's stamp,
//! the rule that produced it written out with its numbers, the total order, and a pair
//! that the stamps order although neither caused the other.

use distlab_core::clocks::{lamport_timestamps, total_order, Causality, EventId, Execution};

/// The post's example: a1 on A sends to B; B receives (2), then b1 (3) sends to C; C
/// receives (4), then c1 (5); meanwhile a2 (2) on A. Its numbers: a1 = 1, a2 = 2, b1 = 3,
/// c1 = 5, and the receives 2 and 4.
pub fn post_example() -> Execution {
    let mut x = Execution::with_names(vec!["A".into(), "B".into(), "C".into()]).unwrap_or_default();
    let steps = (|| {
        let a1 = x.local(0, "a1")?;
        x.receive(1, &[a1], "recv")?;
        let b1 = x.local(1, "b1")?;
        x.receive(2, &[b1], "recv")?;
        x.local(2, "c1")?;
        x.local(0, "a2")
    })();
    debug_assert!(steps.is_ok());
    x
}

/// Every event's stamp.
pub fn stamps(x: &Execution) -> Vec<u64> {
    lamport_timestamps(x)
}

/// The rule that gave event `e` its stamp, with the numbers: "C = C + 1 = 1 + 1 = 2", or
/// for a receive "C = max(C, T) + 1 = max(0, 3) + 1 = 4".
pub fn rule(x: &Execution, l: &[u64], e: EventId) -> String {
    let Some(ev) = x.event(e) else {
        return String::new();
    };
    let c = x.previous(e).map_or(0, |p| l[p]);
    if ev.received.is_empty() {
        format!("{}: C = C + 1 = {c} + 1 = {}", ev.label, l[e])
    } else {
        let ts: Vec<String> = ev.received.iter().map(|&f| l[f].to_string()).collect();
        format!(
            "{}: C = max(C, T) + 1 = max({c}, {}) + 1 = {}",
            ev.label,
            ts.join(", "),
            l[e]
        )
    }
}

/// The events in Lamport's total order with their stamps: "a1 1 · a2 2 · recv 2 · …";
/// ties are broken by process (A before B).
pub fn order_text(x: &Execution, l: &[u64]) -> String {
    total_order(x)
        .into_iter()
        .map(|e| format!("{} {}", x.events()[e].label, l[e]))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The first pair (a, b), by b's recording order, with L(a) < L(b) that is concurrent:
/// the stamps order it, causality does not.
pub fn misleading_pair(x: &Execution, l: &[u64]) -> Option<(EventId, EventId)> {
    let past = x.causal_pasts();
    let n = x.events().len();
    (0..n).find_map(|b| {
        (0..n)
            .find(|&a| {
                l[a] < l[b]
                    && distlab_core::clocks::execution::relation_in(&past, a, b)
                        == Causality::Concurrent
            })
            .map(|a| (a, b))
    })
}

/// What the stamps say about the picked pair, beside what causality says.
pub fn pair_text(x: &Execution, l: &[u64], a: EventId, b: EventId) -> String {
    let (na, nb) = (&x.events()[a].label, &x.events()[b].label);
    let rel = x.relation(a, b).unwrap_or(Causality::Equal);
    let cmp = match l[a].cmp(&l[b]) {
        std::cmp::Ordering::Less => "<",
        std::cmp::Ordering::Equal => "=",
        std::cmp::Ordering::Greater => ">",
    };
    let stamps = format!("L({na}) = {} {cmp} L({nb}) = {}", l[a], l[b]);
    match rel {
        Causality::Concurrent => format!(
            "{stamps}, yet they are concurrent: a smaller stamp does not mean \"happened \
             before\"."
        ),
        Causality::Before | Causality::After => {
            format!("{stamps}: as the clock condition promises, the cause has the smaller stamp.")
        }
        Causality::Equal => stamps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_posts_numbers_come_out() {
        let x = post_example();
        let l = stamps(&x);
        let by = |name: &str| {
            x.events()
                .iter()
                .position(|e| e.label == name)
                .map(|i| l[i])
        };
        assert_eq!(by("a1"), Some(1));
        assert_eq!(by("b1"), Some(3));
        assert_eq!(by("c1"), Some(5));
        assert_eq!(by("a2"), Some(2));
        assert_eq!(
            rule(&x, &l, 1),
            "recv: C = max(C, T) + 1 = max(0, 1) + 1 = 2"
        );
        assert_eq!(rule(&x, &l, 2), "b1: C = C + 1 = 2 + 1 = 3");
        assert_eq!(
            order_text(&x, &l),
            "a1 1 · a2 2 · recv 2 · b1 3 · recv 4 · c1 5"
        );
        // The post's own pair: a2 (2) and b1 (3) are concurrent.
        assert_eq!(misleading_pair(&x, &l), Some((5, 2)));
        assert!(pair_text(&x, &l, 5, 2).starts_with("L(a2) = 2 < L(b1) = 3, yet"));
    }
}
