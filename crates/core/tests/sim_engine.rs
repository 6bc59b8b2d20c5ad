//! The simulation engine, driven by a toy protocol: event order, timers, the network model
//! (loss, duplication, reordering, partitions, blocks), crash/restart, and the timeline's
//! seek-back and fork.

use distlab_core::sim::{
    Ctx, DropReason, Event, Input, NetConfig, NodeId, Protocol, Scenario, ScenarioError, TextCodec,
    Time, Timeline, World,
};

/// A toy node that does what its client requests say and records what happens to it.
#[derive(Clone, Debug)]
struct Toy {
    got: Vec<(NodeId, u32, Time)>,
    fired: Vec<(u8, Time)>,
    persisted: u32,
    volatile: u32,
}

#[derive(Clone, Debug, PartialEq)]
enum Req {
    Send { to: NodeId, val: u32 },
    Broadcast(u32),
    Timer { kind: u8, after: Time },
    Cancel(u8),
}

impl TextCodec for Req {
    fn encode(&self, out: &mut String) {
        out.push_str(&match self {
            Req::Send { to, val } => format!("s{to}-{val}"),
            Req::Broadcast(v) => format!("b{v}"),
            Req::Timer { kind, after } => format!("t{kind}-{after}"),
            Req::Cancel(k) => format!("c{k}"),
        });
    }
    fn decode(s: &str) -> Result<Self, ScenarioError> {
        let bad = || ScenarioError(s.into());
        let (tag, rest) = s.split_at_checked(1).ok_or_else(bad)?;
        let mut nums = rest.split('-').map(|x| x.parse::<u64>().map_err(|_| bad()));
        let mut next = || nums.next().ok_or_else(bad)?;
        Ok(match tag {
            "s" => Req::Send {
                to: next()? as usize,
                val: next()? as u32,
            },
            "b" => Req::Broadcast(next()? as u32),
            "t" => Req::Timer {
                kind: next()? as u8,
                after: next()?,
            },
            "c" => Req::Cancel(next()? as u8),
            _ => return Err(bad()),
        })
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

impl Protocol for Toy {
    type Msg = u32;
    type Timer = u8;
    type Request = Req;
    type Persist = u32;
    type Output = u32;
    type Config = NoConfig;
    type History = ();

    fn init(_: NodeId, _: usize, _: &NoConfig, _: &mut Ctx<'_, Self>) -> Self {
        Toy {
            got: vec![],
            fired: vec![],
            persisted: 0,
            volatile: 0,
        }
    }
    fn restart(_: NodeId, _: usize, _: &NoConfig, p: Option<&u32>, _: &mut Ctx<'_, Self>) -> Self {
        Toy {
            got: vec![],
            fired: vec![],
            persisted: p.copied().unwrap_or(0),
            volatile: 0,
        }
    }
    fn on_message(&mut self, from: NodeId, msg: u32, ctx: &mut Ctx<'_, Self>) {
        self.got.push((from, msg, ctx.now));
        ctx.output(msg);
    }
    fn on_timer(&mut self, timer: u8, ctx: &mut Ctx<'_, Self>) {
        self.fired.push((timer, ctx.now));
    }
    fn on_client(&mut self, req: Req, ctx: &mut Ctx<'_, Self>) {
        self.persisted += 1;
        self.volatile += 1;
        ctx.persist(self.persisted);
        match req {
            Req::Send { to, val } => ctx.send(to, val),
            Req::Broadcast(v) => ctx.broadcast(v),
            Req::Timer { kind, after } => ctx.set_timer(kind, after),
            Req::Cancel(k) => ctx.cancel_timer(k),
        }
    }
}

fn net(min: Time, max: Time) -> NetConfig {
    NetConfig {
        latency_min: min,
        latency_max: max,
        loss_permille: 0,
        dup_permille: 0,
        reorder: true,
    }
}

fn scenario(nodes: usize, net: NetConfig, inputs: Vec<(Time, Input<Req>)>) -> Scenario<Toy> {
    Scenario {
        nodes,
        net,
        config: NoConfig,
        seed: 7,
        inputs,
    }
}

fn client(node: NodeId, request: Req) -> Input<Req> {
    Input::Client { node, request }
}

fn send(to: NodeId, val: u32) -> Req {
    Req::Send { to, val }
}

fn run_all(s: &Scenario<Toy>) -> (World<Toy>, Vec<Event<Toy>>) {
    let mut w = World::new(s);
    let mut events = vec![];
    while let Some(step) = w.step() {
        events.push(step.event);
    }
    (w, events)
}

fn drops(events: &[Event<Toy>]) -> Vec<DropReason> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Drop { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect()
}

mod ordering {
    use super::*;

    #[test]
    fn time_never_goes_backwards_and_steps_count_up() {
        let inputs = (0..50)
            .map(|i| (i * 3, client(i as usize % 3, Req::Broadcast(i as u32))))
            .collect();
        let mut w = World::new(&scenario(3, net(1, 40), inputs));
        let (mut last_t, mut last_i) = (0, 0);
        while let Some(s) = w.step() {
            assert!(s.time >= last_t);
            assert_eq!(s.index, last_i + 1);
            (last_t, last_i) = (s.time, s.index);
        }
        assert_eq!(last_i, 150, "50 inputs + 100 deliveries");
    }

    #[test]
    fn same_time_events_run_in_creation_order() {
        // Fixed latency: three sends at t=1 all arrive at t=11, in send order.
        let inputs = vec![
            (1, client(0, send(1, 10))),
            (1, client(0, send(1, 20))),
            (1, client(0, send(1, 30))),
        ];
        let (w, _) = run_all(&scenario(2, net(10, 10), inputs));
        assert_eq!(
            w.node(1).unwrap().got,
            vec![(0, 10, 11), (0, 20, 11), (0, 30, 11)]
        );
    }

    #[test]
    fn inputs_run_before_queued_events_at_the_same_tick() {
        let inputs = vec![(1, client(0, send(1, 1))), (11, client(1, send(0, 2)))];
        let (_, events) = run_all(&scenario(2, net(10, 10), inputs));
        assert!(matches!(events[1], Event::Input(_)), "{events:?}");
        assert!(matches!(events[2], Event::Deliver { msg: 1, .. }));
    }

    #[test]
    fn a_reset_timer_fires_once_and_a_cancelled_one_never() {
        let inputs = vec![
            (1, client(0, Req::Timer { kind: 1, after: 50 })),
            (2, client(0, Req::Timer { kind: 1, after: 10 })),
            (3, client(0, Req::Timer { kind: 2, after: 5 })),
            (4, client(0, Req::Cancel(2))),
        ];
        let (w, _) = run_all(&scenario(1, net(1, 1), inputs));
        assert_eq!(w.node(0).unwrap().fired, vec![(1, 12)]);
    }

    /// Set at t=1 for t=101 (generation 1), reset at t=2 for t=12 (generation 2), which
    /// fires; set again at t=20 for t=220. The copy queued for t=101 is stale and must stay
    /// so: an engine that restarted the generation count at 1 after the firing would fire
    /// it at t=101, long before the timer's real deadline.
    #[test]
    fn a_timer_set_again_after_firing_does_not_revive_an_older_queued_copy() {
        let inputs = vec![
            (
                1,
                client(
                    0,
                    Req::Timer {
                        kind: 1,
                        after: 100,
                    },
                ),
            ),
            (2, client(0, Req::Timer { kind: 1, after: 10 })),
            (
                20,
                client(
                    0,
                    Req::Timer {
                        kind: 1,
                        after: 200,
                    },
                ),
            ),
            (30, client(0, Req::Timer { kind: 2, after: 10 })),
            (31, client(0, Req::Cancel(2))),
            (
                32,
                client(
                    0,
                    Req::Timer {
                        kind: 2,
                        after: 300,
                    },
                ),
            ),
        ];
        let (w, _) = run_all(&scenario(1, net(1, 1), inputs));
        assert_eq!(w.node(0).unwrap().fired, vec![(1, 12), (1, 220), (2, 332)]);
    }

    #[test]
    fn fifo_links_keep_send_order_and_reordering_links_may_not() {
        let inputs: Vec<_> = (0..200)
            .map(|i| (i, client(0, send(1, i as u32))))
            .collect();
        let mut fifo = net(1, 100);
        fifo.reorder = false;
        let (w, _) = run_all(&scenario(2, fifo, inputs.clone()));
        let vals: Vec<u32> = w.node(1).unwrap().got.iter().map(|g| g.1).collect();
        assert_eq!(vals, (0..200).collect::<Vec<_>>());
        let (w, _) = run_all(&scenario(2, net(1, 100), inputs));
        let vals: Vec<u32> = w.node(1).unwrap().got.iter().map(|g| g.1).collect();
        assert_ne!(vals, (0..200).collect::<Vec<_>>());
        assert_eq!(vals.len(), 200);
    }
}

mod network {
    use super::*;

    fn blast(mut n: NetConfig) -> (World<Toy>, Vec<Event<Toy>>) {
        n.latency_min = 1;
        let inputs = (0..1000)
            .map(|i| (i, client(0, send(1, i as u32))))
            .collect();
        run_all(&scenario(2, n, inputs))
    }

    #[test]
    fn loss_drops_about_the_configured_share() {
        let (w, events) = blast(NetConfig {
            loss_permille: 300,
            ..net(1, 20)
        });
        let lost = drops(&events)
            .iter()
            .filter(|r| **r == DropReason::Lost)
            .count();
        assert!((220..380).contains(&lost), "{lost} of 1000 lost at 30%");
        assert_eq!(w.node(1).unwrap().got.len(), 1000 - lost);
        let (w, _) = blast(NetConfig {
            loss_permille: 1000,
            ..net(1, 20)
        });
        assert!(w.node(1).unwrap().got.is_empty());
    }

    #[test]
    fn duplication_delivers_twice() {
        let (w, _) = blast(NetConfig {
            dup_permille: 1000,
            ..net(1, 20)
        });
        assert_eq!(w.node(1).unwrap().got.len(), 2000);
        let (w, _) = blast(NetConfig {
            dup_permille: 100,
            ..net(1, 20)
        });
        let n = w.node(1).unwrap().got.len();
        assert!((1050..1150).contains(&n), "{n}");
    }

    #[test]
    fn partitions_cut_between_groups_only() {
        let inputs = vec![
            (1, Input::Partition(vec![vec![0, 1], vec![2]])),
            (2, client(0, Req::Broadcast(5))),
            (100, Input::Heal),
            (101, client(0, Req::Broadcast(6))),
        ];
        let (w, events) = run_all(&scenario(4, net(10, 10), inputs));
        assert_eq!(w.node(1).unwrap().got, vec![(0, 5, 12), (0, 6, 111)]);
        assert_eq!(w.node(2).unwrap().got, vec![(0, 6, 111)]);
        // Node 3 was listed in no group: alone.
        assert_eq!(w.node(3).unwrap().got, vec![(0, 6, 111)]);
        assert_eq!(drops(&events), vec![DropReason::Partitioned; 2]);
    }

    #[test]
    fn a_partition_made_while_a_message_flies_drops_it_on_arrival() {
        let inputs = vec![
            (1, client(0, send(1, 1))),
            (5, Input::Partition(vec![vec![0], vec![1]])),
        ];
        let (w, events) = run_all(&scenario(2, net(10, 10), inputs));
        assert!(w.node(1).unwrap().got.is_empty());
        assert_eq!(drops(&events), vec![DropReason::Partitioned]);
    }

    #[test]
    fn a_block_is_one_way_until_unblocked() {
        let inputs = vec![
            (1, Input::Block { from: 0, to: 1 }),
            (2, client(0, send(1, 1))),
            (2, client(1, send(0, 2))),
            (50, Input::Unblock { from: 0, to: 1 }),
            (51, client(0, send(1, 3))),
        ];
        let (w, _) = run_all(&scenario(2, net(10, 10), inputs));
        assert_eq!(w.node(0).unwrap().got, vec![(1, 2, 12)]);
        assert_eq!(w.node(1).unwrap().got, vec![(0, 3, 61)]);
    }

    #[test]
    fn drop_in_flight_removes_only_that_link() {
        let inputs = vec![
            (1, client(0, send(1, 1))),
            (1, client(0, send(2, 2))),
            (5, Input::DropInFlight { from: 0, to: 1 }),
        ];
        let (w, _) = run_all(&scenario(3, net(10, 10), inputs));
        assert!(w.node(1).unwrap().got.is_empty());
        assert_eq!(w.node(2).unwrap().got.len(), 1);
    }
}

mod crashes {
    use super::*;

    #[test]
    fn only_persisted_state_survives_a_crash() {
        let inputs = vec![
            (
                1,
                client(
                    1,
                    Req::Timer {
                        kind: 1,
                        after: 100,
                    },
                ),
            ),
            (2, client(1, send(0, 1))),
            (3, Input::Crash(1)),
            (4, client(0, send(1, 9))),
            (50, Input::Restart(1)),
        ];
        let (w, events) = run_all(&scenario(2, net(10, 10), inputs));
        let n1 = w.node(1).unwrap();
        assert_eq!(n1.persisted, 2, "two client requests were persisted");
        assert_eq!(n1.volatile, 0, "volatile state is gone");
        assert!(
            n1.fired.is_empty(),
            "the timer set before the crash never fires"
        );
        assert_eq!(drops(&events), vec![DropReason::Crashed]);
        assert_eq!(w.disk(1), Some(&2));
    }

    #[test]
    fn inputs_to_a_down_node_do_nothing_and_restarting_an_up_node_is_a_no_op() {
        let inputs = vec![
            (1, client(0, send(1, 1))),
            (2, Input::Restart(0)),
            (3, Input::Crash(0)),
            (4, Input::Crash(0)),
            (5, client(0, send(1, 2))),
        ];
        let (w, _) = run_all(&scenario(2, net(10, 10), inputs));
        assert!(w.node(0).is_none());
        assert_eq!(w.node(1).unwrap().got.len(), 1);
    }
}

mod timeline {
    use super::*;

    fn busy(seed: u64) -> Scenario<Toy> {
        let inputs = (0..300)
            .map(|i| (i * 2, client(i as usize % 4, Req::Broadcast(i as u32))))
            .collect();
        let mut s = scenario(
            4,
            NetConfig {
                loss_permille: 100,
                dup_permille: 50,
                ..net(1, 60)
            },
            inputs,
        );
        s.seed = seed;
        s
    }

    #[test]
    fn same_scenario_same_digest_and_another_seed_another() {
        let (a, _) = run_all(&busy(1));
        let (b, _) = run_all(&busy(1));
        let (c, _) = run_all(&busy(2));
        assert_eq!(a.digest(), b.digest());
        assert_ne!(a.digest(), c.digest());
    }

    #[test]
    fn seeking_back_and_forth_reaches_the_same_states() {
        let mut tl = Timeline::new(busy(3));
        let mut digests = vec![tl.world().digest()];
        while tl.step().is_some() {
            digests.push(tl.world().digest());
        }
        let end = tl.position();
        assert!(end > 1000);
        for target in [700, 3, 0, end, 256, 255, 257, end / 2] {
            assert_eq!(tl.seek(target), target);
            assert_eq!(
                tl.world().digest(),
                digests[target as usize],
                "seek {target}"
            );
        }
    }

    #[test]
    fn an_input_after_a_rewind_forks_the_future_and_the_scenario_replays_it() {
        let mut tl = Timeline::new(busy(4));
        tl.seek(900);
        let original = tl.world().digest();
        tl.seek(400);
        let at = tl.inject(Input::Crash(2));
        assert_eq!(tl.horizon(), 400);
        assert!(
            tl.scenario().inputs.iter().all(|(t, _)| *t <= at),
            "future inputs dropped"
        );
        tl.seek(900);
        assert_ne!(tl.world().digest(), original);
        // The fork's scenario, run from scratch, is the fork.
        let mut fresh = World::new(tl.scenario());
        fresh.run(900);
        assert_eq!(fresh.digest(), tl.world().digest());
        // And seeking back within the fork still works.
        let at_900 = tl.world().digest();
        tl.seek(100);
        tl.seek(900);
        assert_eq!(tl.world().digest(), at_900);
    }
}
