//! A world's memory at 1,000 nodes: it grows with the nodes and the messages in flight,
//! never with nodes² (a Timeline clones the world for every checkpoint). Measured by the
//! size of what the world holds (its `Debug` text: see `size`) and through
//! [`World::tracked_links`].

use distlab_core::sim::{
    Ctx, Input, NetConfig, NodeId, Protocol, Scenario, ScenarioError, TextCodec, Time, World,
};
use std::collections::BTreeMap;

/// How much a world holds, measured without `unsafe` (no counting allocator): the length
/// of its `Debug` text, which writes out every element of every table the world keeps —
/// and a clone copies exactly those elements. The n² tables the world used to keep (a
/// bool and a time per link) wrote about 8 bytes per link: 8 MB at 1,000 nodes.
fn size(w: &World<Relay>) -> usize {
    format!("{w:?}").len()
}

/// A node that sends what its client asks and checks that each link delivers in send
/// order (values sent on a link grow).
#[derive(Clone, Debug)]
struct Relay {
    heard: u32,
    last: BTreeMap<NodeId, u32>,
    out_of_order: u32,
}

#[derive(Clone, Debug, PartialEq)]
enum Req {
    /// Send this value to that node.
    To(NodeId, u32),
    /// Send this value to every other node.
    All(u32),
}

impl TextCodec for Req {
    fn encode(&self, out: &mut String) {
        out.push_str(&match self {
            Req::To(n, v) => format!("t{n}-{v}"),
            Req::All(v) => format!("a{v}"),
        });
    }
    fn decode(s: &str) -> Result<Self, ScenarioError> {
        let bad = || ScenarioError(s.into());
        if let Some(v) = s.strip_prefix('a') {
            return v.parse().map(Req::All).map_err(|_| bad());
        }
        let (n, v) = s
            .strip_prefix('t')
            .and_then(|r| r.split_once('-'))
            .ok_or_else(bad)?;
        Ok(Req::To(
            n.parse().map_err(|_| bad())?,
            v.parse().map_err(|_| bad())?,
        ))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
struct NoConfig;

impl TextCodec for NoConfig {
    fn encode(&self, out: &mut String) {
        out.push('0');
    }
    fn decode(_: &str) -> Result<Self, ScenarioError> {
        Ok(NoConfig)
    }
}

impl Protocol for Relay {
    type Msg = u32;
    type Timer = u8;
    type Request = Req;
    type Persist = ();
    type Output = ();
    type Config = NoConfig;
    type History = ();

    fn init(_: NodeId, _: usize, _: &NoConfig, _: &mut Ctx<'_, Self>) -> Self {
        Relay {
            heard: 0,
            last: BTreeMap::new(),
            out_of_order: 0,
        }
    }
    fn restart(
        id: NodeId,
        n: usize,
        c: &NoConfig,
        _: Option<&()>,
        ctx: &mut Ctx<'_, Self>,
    ) -> Self {
        Self::init(id, n, c, ctx)
    }
    fn on_message(&mut self, from: NodeId, msg: u32, _: &mut Ctx<'_, Self>) {
        self.heard += 1;
        if let Some(prev) = self.last.insert(from, msg) {
            if prev >= msg {
                self.out_of_order += 1;
            }
        }
    }
    fn on_timer(&mut self, _: u8, _: &mut Ctx<'_, Self>) {}
    fn on_client(&mut self, req: Req, ctx: &mut Ctx<'_, Self>) {
        match req {
            Req::To(to, v) => ctx.send(to, v),
            Req::All(v) => ctx.broadcast(v),
        }
    }
}

fn fifo(min: Time, max: Time) -> NetConfig {
    NetConfig {
        latency_min: min,
        latency_max: max,
        loss_permille: 0,
        dup_permille: 0,
        reorder: false,
    }
}

fn client(node: NodeId, request: Req) -> Input<Req> {
    Input::Client { node, request }
}

/// `n` nodes on FIFO links: three blocked links, one message on each of `n` distinct
/// links, and a broadcast (`n - 1` links busy at once).
fn busy(n: usize) -> Scenario<Relay> {
    let mut inputs = vec![
        (1, Input::Block { from: n - 1, to: 0 }),
        (1, Input::Block { from: 0, to: n - 1 }),
        (1, Input::Block { from: n / 2, to: 1 }),
        (2, client(n - 1, Req::All(0))),
    ];
    for k in 0..n {
        inputs.push((2 + k as Time / 10, client(k, Req::To((k * 7 + 3) % n, 1))));
    }
    Scenario {
        nodes: n,
        net: fifo(1, 20),
        config: NoConfig,
        seed: 3,
        inputs,
    }
}

/// Sizes of `busy(n)`'s world at the start, with the broadcast in flight, and at the end.
fn sizes(n: usize) -> [usize; 3] {
    let mut w = World::new(&busy(n));
    let fresh = size(&w);
    w.run_until(5);
    assert!(w.pending().count() > n / 2, "the broadcast is in flight");
    let mid = size(&w);
    while w.step().is_some() {}
    let end = size(&w);
    let heard: u32 = w.nodes().iter().flatten().map(|r| r.heard).sum();
    // The broadcast but its blocked copy (to 0), and all n sends (none on a blocked link).
    assert_eq!(heard as usize, (n - 2) + n, "all but the blocked message");
    [fresh, mid, end]
}

/// Before the links went sparse, a 1,000-node world held two n² tables (a bool and a
/// time per link: 9 MB, copied by every clone); now it holds a few hundred bytes per node
/// and per message in flight. The 250-node world is the yardstick: 4× the nodes must
/// cost about 4× (n² would be 16×).
#[test]
fn a_world_grows_with_nodes_not_nodes_squared() {
    let small = sizes(250);
    let big = sizes(1000);
    eprintln!("world size (Debug bytes), 250 nodes: {small:?}; 1000 nodes: {big:?}");
    for (s, b) in small.into_iter().zip(big) {
        assert!(b < 1_000_000, "a 1000-node world writes {b} bytes");
        assert!(b < 6 * s, "250 nodes: {s} bytes, 1000 nodes: {b} bytes");
    }
}

/// FIFO bookkeeping keeps, per sender, only links with a delivery still ahead at its
/// last send (plus the link it sends on): every node sends 5 times, each time to another
/// node and long after its previous message arrived, so each sender holds at most one
/// entry (n in all), where keeping every link used would hold 5n.
#[test]
fn fifo_link_state_is_pruned_and_blocks_are_sparse() {
    let n = 1000;
    let mut inputs: Vec<_> = (0..5)
        .flat_map(|j| {
            (0..n).map(move |k| ((j * n + k) as Time, client(k, Req::To((k + 1 + j) % n, 1))))
        })
        .collect();
    inputs.push((10, Input::Block { from: 999, to: 0 }));
    inputs.push((11, Input::Block { from: 36, to: 998 }));
    inputs.push((12, Input::Block { from: 36, to: 998 }));
    inputs.push((20, Input::Unblock { from: 36, to: 998 }));
    inputs.push((30, Input::Unblock { from: 5, to: 6 }));
    inputs.push((40, Input::Heal));
    let s: Scenario<Relay> = Scenario {
        nodes: n,
        net: fifo(1, 5),
        config: NoConfig,
        seed: 1,
        inputs,
    };
    let mut w = World::new(&s);
    let mut most = 0;
    // (time, blocked links once every input up to that time has run)
    for (until, blocked) in [
        (10, 1),
        (11, 2),
        (12, 2),
        (20, 1),
        (30, 1),
        (40, 0),
        (Time::MAX, 0),
    ] {
        while w.next_time().is_some_and(|t| t <= until) {
            w.step();
            most = most.max(w.tracked_links().1);
        }
        assert_eq!(w.tracked_links().0, blocked, "at {until}");
    }
    assert!(most <= n, "{most} FIFO link entries kept");
    assert!(w.nodes().iter().flatten().all(|r| r.heard == 5));
}

/// Pruning never forgets a link whose last delivery is still ahead: with many links busy
/// at once (so the map is pruned while full of live entries) and long, varied latencies,
/// every link still delivers in send order.
#[test]
fn pruning_keeps_fifo_order_on_busy_links() {
    let n = 1000;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    // 300 links (so each is used about 20 times), 6,000 sends over 600 ticks.
    let links: Vec<(NodeId, NodeId)> = (0..300)
        .map(|_| {
            let a = next() as usize % n;
            (a, (a + 1 + next() as usize % (n - 1)) % n)
        })
        .collect();
    let inputs = (0..6000u32)
        .map(|v| {
            let (a, b) = links[next() as usize % links.len()];
            (Time::from(v / 10), client(a, Req::To(b, v)))
        })
        .collect();
    let s: Scenario<Relay> = Scenario {
        nodes: n,
        net: fifo(1, 120),
        config: NoConfig,
        seed: 9,
        inputs,
    };
    let mut w = World::new(&s);
    let mut most = 0;
    while w.step().is_some() {
        most = most.max(w.tracked_links().1);
    }
    let nodes = w.nodes().iter().flatten();
    assert_eq!(nodes.clone().map(|r| r.heard).sum::<u32>(), 6000);
    assert_eq!(nodes.map(|r| r.out_of_order).sum::<u32>(), 0);
    assert!(
        most > 64,
        "the map was pruned while it held live links ({most})"
    );
    assert!(most <= 2 * 300, "{most} entries for 300 links");
}
