//! The simulation engine, driven by a toy protocol: event order, timers, the network model
//! (loss, duplication, reordering, partitions, blocks), crash/restart, and the timeline's
//! seek-back and fork.

mod common;

use common::sim::NoConfig;
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
    w.set_tracing(true);
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
        tl.set_tracing(true);
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
        tl.set_tracing(true);
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
        fresh.set_tracing(true);
        fresh.run(900);
        assert_eq!(fresh.digest(), tl.world().digest());
        // And seeking back within the fork still works.
        let at_900 = tl.world().digest();
        tl.seek(100);
        tl.seek(900);
        assert_eq!(tl.world().digest(), at_900);
    }
}

/// Clusters past 36 nodes: ids 36..=1295 are written `_` plus two base-36 digits, while
/// links written for small clusters read and re-encode exactly as before.
mod large_clusters {
    use super::*;
    use distlab_core::sim::MAX_NODES;
    use proptest::prelude::*;

    fn decode(text: &str) -> Result<Scenario<Toy>, ScenarioError> {
        Scenario::<Toy>::decode(text)
    }

    /// Every kind of input, naming nodes 0, 35, 36 and 999.
    fn every_kind_at_1000() -> Scenario<Toy> {
        let mut s = scenario(
            1000,
            NetConfig {
                reorder: false,
                ..net(2, 9)
            },
            vec![
                (1, Input::Crash(0)),
                (2, Input::Crash(999)),
                (3, Input::Restart(35)),
                (4, Input::Restart(36)),
                (5, Input::Expire(999)),
                (6, Input::Expire(0)),
                (7, Input::Block { from: 999, to: 0 }),
                (8, Input::Block { from: 35, to: 36 }),
                (9, Input::Unblock { from: 36, to: 999 }),
                (10, Input::Unblock { from: 0, to: 35 }),
                (11, Input::DropInFlight { from: 0, to: 999 }),
                (12, Input::DropInFlight { from: 36, to: 35 }),
                (
                    13,
                    Input::Partition(vec![vec![0, 999], vec![36], vec![35, 1, 37]]),
                ),
                (14, Input::Heal),
                (15, client(0, send(999, 1))),
                (16, client(35, send(36, 2))),
                (17, client(36, Req::Broadcast(3))),
                (18, client(999, send(0, 4))),
            ],
        );
        s.seed = 99;
        s
    }

    #[test]
    fn every_input_kind_round_trips_with_ids_past_35() {
        let s = every_kind_at_1000();
        let text = s.encode();
        assert_eq!(
            text,
            "v1~n1000~l2-9~x0~d0~o0~s99~c0~t1.k0~t2.k_rr~t3.rz~t4.r_10~t5.e_rr~t6.e0\
             ~t7.b_rr0~t8.bz_10~t9.u_10_rr~t10.u0z~t11.f0_rr~t12.f_10z\
             ~t13.p0_rr-_10-z1_11~t14.h~t15.c0.s999-1~t16.cz.s36-2~t17.c_10.b3~t18.c_rr.s0-4"
        );
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
        assert_eq!(decode(&text), Ok(s));
    }

    #[test]
    fn id_tokens_are_one_digit_below_36_and_underscore_two_digits_from_36() {
        let crash = |id: NodeId| scenario(MAX_NODES, net(1, 1), vec![(1, Input::Crash(id))]);
        for (id, token) in [
            (0, "0"),
            (9, "9"),
            (10, "a"),
            (35, "z"),
            (36, "_10"),
            (37, "_11"),
            (71, "_1z"),
            (72, "_20"),
            (999, "_rr"),
            (1295, "_zz"),
        ] {
            let text = crash(id).encode();
            assert!(text.ends_with(&format!("~t1.k{token}")), "{id}: {text}");
            assert_eq!(decode(&text), Ok(crash(id)), "{id}");
        }
    }

    #[test]
    fn the_node_count_goes_up_to_1296() {
        assert_eq!(MAX_NODES, 1296);
        assert_eq!(
            decode("v1~n1296~s1~t1.k_zz").unwrap().inputs[0].1,
            Input::Crash(1295)
        );
        assert!(decode("v1~n1297~s1").is_err());
        assert!(decode("v1~n1295~s1~t1.k_zz").is_err());
        assert!(decode("v1~n36~s1~t1.k_10").is_err());
    }

    /// A link as written before ids past 35 existed: every input kind, ids up to `z`.
    const OLD_LINK: &str = "v1~n36~l10-30~x20~d5~o0~s42~c0~t100.kz~t110.k0~t300.rz\
                            ~t350.p01-234z-9a~t400.h~t420.c3.s35-7~t421.cz.b9~t430.bza\
                            ~t431.uaz~t432.f0z~t433.ez~t434.e0";

    #[test]
    fn an_old_link_decodes_as_before_and_re_encodes_byte_for_byte() {
        let s = decode(OLD_LINK).unwrap();
        let mut expected = scenario(
            36,
            NetConfig {
                latency_min: 10,
                latency_max: 30,
                loss_permille: 20,
                dup_permille: 5,
                reorder: false,
            },
            vec![
                (100, Input::Crash(35)),
                (110, Input::Crash(0)),
                (300, Input::Restart(35)),
                (
                    350,
                    Input::Partition(vec![vec![0, 1], vec![2, 3, 4, 35], vec![9, 10]]),
                ),
                (400, Input::Heal),
                (420, client(3, send(35, 7))),
                (421, client(35, Req::Broadcast(9))),
                (430, Input::Block { from: 35, to: 10 }),
                (431, Input::Unblock { from: 10, to: 35 }),
                (432, Input::DropInFlight { from: 0, to: 35 }),
                (433, Input::Expire(35)),
                (434, Input::Expire(0)),
            ],
        );
        expected.seed = 42;
        assert_eq!(s, expected);
        assert_eq!(s.encode(), OLD_LINK);
    }

    /// `char::to_digit(36)` always read `A`..`Z` as 10..35; a single digit still may be
    /// uppercase (it re-encodes lowercase).
    #[test]
    fn uppercase_single_digits_are_still_read() {
        let upper = "v1~n36~s1~t1.kZ~t2.bA0~t3.pAB-Cz~t4.cZ.b1";
        let lower = "v1~n36~l1-1~x0~d0~o1~s1~c0~t1.kz~t2.ba0~t3.pab-cz~t4.cz.b1";
        let s = decode(upper).unwrap();
        assert_eq!(s.inputs[0].1, Input::Crash(35));
        assert_eq!(s.inputs[1].1, Input::Block { from: 10, to: 0 });
        assert_eq!(
            s.inputs[2].1,
            Input::Partition(vec![vec![10, 11], vec![12, 35]])
        );
        let mut s = s;
        s.net = net(1, 1);
        assert_eq!(s.encode(), lower);
        assert_eq!(decode(lower), Ok(s));
    }

    #[test]
    fn malformed_id_tokens_are_errors_that_say_what_is_wrong() {
        let head = "v1~n1000~s1~t5.";
        for (body, says) in [
            // `_` alone, at the end and before something else
            ("k_", "two lowercase base-36 digits"),
            ("b_0", "two lowercase base-36 digits"),
            ("b0_", "two lowercase base-36 digits"),
            ("p0-_", "two lowercase base-36 digits"),
            ("c_.b1", "two lowercase base-36 digits"),
            // `_` with one digit
            ("k_z", "two lowercase base-36 digits"),
            ("e_1", "two lowercase base-36 digits"),
            ("p_1", "two lowercase base-36 digits"),
            ("c_1.b1", "two lowercase base-36 digits"),
            // `_` and something not a base-36 digit
            ("k__1", "two lowercase base-36 digits"),
            ("k_-1", "two lowercase base-36 digits"),
            ("k_1-", "two lowercase base-36 digits"),
            ("k_é1", "two lowercase base-36 digits"),
            ("u_1é", "two lowercase base-36 digits"),
            ("p_1-_1!", "two lowercase base-36 digits"),
            // uppercase after `_`
            ("k_1A", "two lowercase base-36 digits"),
            ("k_Z1", "two lowercase base-36 digits"),
            // `_` for an id below 36: each id has one text form
            ("k_00", "ids below 36 are one digit (`0`)"),
            ("k_0z", "ids below 36 are one digit (`z`)"),
            ("f0_0z", "ids below 36 are one digit (`z`)"),
            ("p_05", "ids below 36 are one digit (`5`)"),
            ("c_01.b1", "ids below 36 are one digit (`1`)"),
            // an id not below the node count (1000 = `_rs`)
            ("k_rs", "node 1000 out of range"),
            ("b0_zz", "node 1295 out of range"),
            ("p01-_rs", "node 1000 out of range"),
            ("c_zz.b1", "node 1295 out of range"),
            // not a digit at all, missing or extra ids
            ("k-", "not a base-36 digit"),
            ("k", "missing"),
            ("b_10", "missing"),
            ("k_10_11", "trailing"),
            ("b0_10z", "trailing"),
            ("p_10-_10", "node 36 in two groups"),
            ("p_10_10", "node 36 in two groups"),
        ] {
            let text = format!("{head}{body}");
            match decode(&text) {
                Ok(s) => panic!("{text:?} decoded: {:?}", s.inputs),
                Err(e) => assert!(e.0.contains(says), "{text:?}: {e}, expected {says:?}"),
            }
        }
        // Out of range is judged against the scenario's own node count.
        assert!(decode("v1~n36~s1~t5.k_10").is_err());
        assert!(decode("v1~n37~s1~t5.k_10").is_ok());
        assert!(decode("v1~n5~s1~t5.k5").is_err());
    }

    #[test]
    fn a_block_between_999_and_0_drops_exactly_those_messages() {
        // 999 broadcasts (to 0..=998), 0 broadcasts (to 1..=999), 36 and 999 send to 0.
        let text = "v1~n1000~l3-7~x0~d0~o0~s5~c0~t1.b_rr0~t2.c_rr.b1~t2.c0.b2\
                    ~t3.c_10.s0-3~t4.c_rr.s0-4~t5.cz.s0-5";
        let s = decode(text).unwrap();
        assert_eq!(s.encode(), text);
        let (w, events) = run_all(&s);
        let dropped: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                Event::Drop {
                    from,
                    to,
                    msg,
                    reason,
                    ..
                } => Some((*from, *to, *msg, *reason)),
                _ => None,
            })
            .collect();
        assert_eq!(
            dropped,
            vec![
                (999, 0, 1, DropReason::Partitioned),
                (999, 0, 4, DropReason::Partitioned)
            ]
        );
        let delivered = events
            .iter()
            .filter(|e| matches!(e, Event::Deliver { .. }))
            .count();
        assert_eq!(delivered, 998 + 999 + 2);
        let senders: Vec<(NodeId, u32)> =
            w.node(0).unwrap().got.iter().map(|g| (g.0, g.1)).collect();
        assert_eq!(senders, vec![(36, 3), (35, 5)]);
        // One way only: 999 hears 0's broadcast.
        assert_eq!(
            w.node(999)
                .unwrap()
                .got
                .iter()
                .map(|g| (g.0, g.1))
                .collect::<Vec<_>>(),
            vec![(0, 2)]
        );
        assert!(
            (1..999).all(|k| w.node(k).unwrap().got.len() == 2),
            "everyone else hears both broadcasts"
        );
        assert!(!w.connected(999, 0) && w.connected(0, 999) && w.connected(998, 0));
    }

    /// Timers at node ids past 35 behave as at small ids: Expire fires a node's armed
    /// timers at the next tick, in the order they were first set, and a crash disarms them.
    #[test]
    fn timers_of_a_high_node_expire_and_crash_like_any() {
        let timer = |kind, after| Req::Timer { kind, after };
        let inputs = vec![
            (1, client(999, timer(2, 500))),
            (2, client(999, timer(1, 400))),
            (3, client(998, timer(1, 300))),
            (10, Input::Expire(999)),
            (20, client(999, timer(2, 50))),
            (21, Input::Crash(998)),
            (22, Input::Restart(998)),
        ];
        let (w, _) = run_all(&scenario(1000, net(1, 1), inputs));
        assert_eq!(w.node(999).unwrap().fired, vec![(2, 11), (1, 11), (2, 70)]);
        assert!(w.node(998).unwrap().fired.is_empty());
    }

    fn ids_below(n: usize) -> impl Strategy<Value = NodeId> {
        0..n
    }

    proptest! {
        #[test]
        fn any_ids_round_trip(
            n in 1usize..=1296,
            picks in proptest::collection::vec((0u8..6, any::<u16>(), any::<u16>()), 0..20),
            groups in proptest::collection::vec(proptest::collection::vec(ids_below(1296), 0..6), 1..4),
        ) {
            let inputs: Vec<(Time, Input<Req>)> = picks
                .iter()
                .enumerate()
                .map(|(t, &(kind, a, b))| {
                    let (a, b) = (a as usize % n, b as usize % n);
                    let input = match kind {
                        0 => Input::Crash(a),
                        1 => Input::Restart(a),
                        2 => Input::Expire(a),
                        3 => Input::Block { from: a, to: b },
                        4 => Input::DropInFlight { from: a, to: b },
                        _ => client(a, send(b, 1)),
                    };
                    (t as Time, input)
                })
                .collect();
            let mut s = scenario(n, net(1, 1), inputs);
            // Partition groups: distinct ids below n, never an empty list of groups.
            let mut seen = vec![false; n];
            let groups: Vec<Vec<NodeId>> = groups
                .iter()
                .map(|g| g.iter().map(|&m| m % n).filter(|&m| !std::mem::replace(&mut seen[m], true)).collect())
                .collect();
            s.inputs.push((99, Input::Partition(groups)));
            let text = s.encode();
            prop_assert_eq!(decode(&text), Ok(s));
        }

        #[test]
        fn decoding_damaged_large_links_never_panics(pos in 0usize..200, c in "[-._~a-zA-Z0-9]", cut in 0usize..200) {
            let mut text = every_kind_at_1000().encode();
            let pos = pos.min(text.len() - 1);
            text.replace_range(pos..=pos, &c);
            text.truncate(cut.max(1).min(text.len()));
            if let Ok(s) = decode(&text) {
                prop_assert!(s.inputs.iter().all(|(_, i)| i.names_nodes_below(s.nodes)));
            }
        }
    }
}
