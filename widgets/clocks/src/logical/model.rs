//! Wall clocks that disagree, on the reader's run.
//!
//! Every event happens at a true time (the diagram's x axis: 1 ms, then 0.4 ms per column)
//! and each server stamps it with *its* clock, which is off by the server's skew. The
//! stamps are shown the way logs print them, to the millisecond. A message whose receive
//! carries an earlier stamp than its send is impossible in reality, yet wall clocks
//! report it: that is the post's point, and the widget finds every such pair.
//!
//! The post's example is the default: server A's clock is right, B's 3 ms ahead, C's 3 ms
//! behind; A records a click at 14:00:00.001, which notifies C, and C's update is stamped
//! 13:59:59.998 — before the click that caused it.

use distlab_core::clocks::{EventId, Execution};

/// Largest skew a server can be given, in ms either way.
pub const MAX_SKEW_MS: i64 = 9;

/// The post's skews: A right, B +3 ms, C −3 ms.
pub const POST_SKEWS: [i64; 3] = [0, 3, -3];

/// True time of column `col`, in µs after 14:00:00.000.
pub fn true_us(col: usize) -> i64 {
    1_000 + 400 * col as i64
}

/// What a server with `skew_ms` prints for an event at column `col`, in ms after
/// 14:00:00.000 (floored to whole ms, as a log line would print it; may be negative).
pub fn wall_ms(col: usize, skew_ms: i64) -> i64 {
    (true_us(col) + skew_ms * 1_000).div_euclid(1_000)
}

/// `ms` after 14:00:00.000 as a clock prints it: "14:00:00.001", "13:59:59.998".
pub fn clock_text(ms: i64) -> String {
    let day = 24 * 3_600_000;
    let t = (14 * 3_600_000 + ms).rem_euclid(day);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1_000 % 60,
        t % 1_000
    )
}

/// The post's example: A's click notifies C, and C updates the link's metadata; B logs
/// something of its own meanwhile.
pub fn post_example() -> Execution {
    let mut x = Execution::with_names(vec!["A".into(), "B".into(), "C".into()]).unwrap_or_default();
    let steps = (|| {
        let click = x.local(0, "click")?;
        x.receive(2, &[click], "update")?;
        x.local(1, "log")
    })();
    debug_assert!(steps.is_ok());
    x
}

/// Every message (send, receive) whose wall-clock stamps put the receive no later than
/// the send: the clocks contradict causality there (a tie to the millisecond too: the
/// stamps then cannot say which came first, though one caused the other).
pub fn contradictions(x: &Execution, wall: &[i64]) -> Vec<(EventId, EventId)> {
    x.messages().filter(|&(s, r)| wall[r] <= wall[s]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_kit::spacetime::{columns, StEvent};

    fn cols(x: &Execution) -> Vec<usize> {
        let evs: Vec<StEvent> = x
            .events()
            .iter()
            .map(|e| StEvent {
                lane: e.process,
                received: e.received.clone(),
                name: Default::default(),
                stamp: Default::default(),
                label: Default::default(),
            })
            .collect();
        columns(&evs)
    }

    #[test]
    fn the_posts_timestamps_come_out() {
        let x = post_example();
        let c = cols(&x);
        let wall: Vec<i64> = x
            .events()
            .iter()
            .zip(&c)
            .map(|(e, &col)| wall_ms(col, POST_SKEWS[e.process]))
            .collect();
        assert_eq!(clock_text(wall[0]), "14:00:00.001");
        assert_eq!(clock_text(wall[1]), "13:59:59.998");
        assert_eq!(contradictions(&x, &wall), vec![(0, 1)]);
        // Agreeing clocks print both in the same millisecond: still no order (a tie counts).
        let same: Vec<i64> = c.iter().map(|&col| wall_ms(col, 0)).collect();
        assert_eq!(contradictions(&x, &same), vec![(0, 1)]);
        // C's clock 1 ms ahead: now the update is stamped after the click.
        let ahead: Vec<i64> = x
            .events()
            .iter()
            .zip(&c)
            .map(|(e, &col)| wall_ms(col, [0, 0, 1][e.process]))
            .collect();
        assert!(contradictions(&x, &ahead).is_empty());
        // The servers' readings at 14:00:00.000 true time, as the post gives them.
        let at0: Vec<String> = POST_SKEWS.iter().map(|&s| clock_text(s)).collect();
        assert_eq!(at0, ["14:00:00.000", "14:00:00.003", "13:59:59.997"]);
    }
}
