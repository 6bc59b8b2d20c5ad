//! Vector clocks on the reader's run: each event's vector, and the comparison of two
//! events entry by entry, as the post does it.

use distlab_core::clocks::{vector_clocks, Causality, EventId, Execution, VectorClock};

/// The post's example: A's first event [1,0,0] is sent to B; B receives it ([1,1,0]) and
/// has an event ([1,2,0]); A has another event ([2,0,0]), concurrent with B's.
pub fn post_example() -> Execution {
    let mut x = Execution::with_names(vec!["A".into(), "B".into(), "C".into()]).unwrap_or_default();
    let steps = (|| {
        let a1 = x.local(0, "a1")?;
        x.receive(1, &[a1], "b1")?;
        x.local(1, "b2")?;
        x.local(0, "a2")
    })();
    debug_assert!(steps.is_ok());
    x
}

/// The pair the post compares: a2 [2,0,0] and b2 [1,2,0].
pub const POST_PAIR: (EventId, EventId) = (3, 2);

/// Every event's vector.
pub fn stamps(x: &Execution) -> Vec<VectorClock> {
    vector_clocks(x)
}

/// The comparison of `a` and `b`, entry by entry, ending in the verdict.
pub fn compare_text(x: &Execution, v: &[VectorClock], a: EventId, b: EventId) -> String {
    let (na, nb) = (&x.events()[a].label, &x.events()[b].label);
    let (va, vb) = (&v[a], &v[b]);
    let names = x.names();
    let ahead = |p: &VectorClock, q: &VectorClock| -> Vec<String> {
        (0..names.len())
            .filter(|&j| p.0[j] > q.0[j])
            .map(|j| format!("{} ({} > {})", names[j], p.0[j], q.0[j]))
            .collect()
    };
    let head = format!("V({na}) = {va}, V({nb}) = {vb}: ");
    match va.compare(vb) {
        Causality::Concurrent => format!(
            "{head}{na} is ahead on {} and {nb} is ahead on {}, so neither vector dominates: \
             concurrent.",
            ahead(va, vb).join(", "),
            ahead(vb, va).join(", ")
        ),
        Causality::Before => format!(
            "{head}every entry of {na}'s is ≤ {nb}'s and {} larger in {nb}'s: {na} → {nb}.",
            ahead(vb, va).join(", ")
        ),
        Causality::After => format!(
            "{head}every entry of {nb}'s is ≤ {na}'s and {} larger in {na}'s: {nb} → {na}.",
            ahead(va, vb).join(", ")
        ),
        Causality::Equal => format!("{head}equal vectors: the same event."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_posts_vectors_and_verdict() {
        let x = post_example();
        let v = stamps(&x);
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["[1,0,0]", "[1,1,0]", "[1,2,0]", "[2,0,0]"]);
        let (a, b) = POST_PAIR;
        assert_eq!(
            compare_text(&x, &v, a, b),
            "V(a2) = [2,0,0], V(b2) = [1,2,0]: a2 is ahead on A (2 > 1) and b2 is ahead on \
             B (2 > 0), so neither vector dominates: concurrent."
        );
        assert!(compare_text(&x, &v, 0, 2).ends_with("B (2 > 0) larger in b2's: a1 → b2."));
    }
}
