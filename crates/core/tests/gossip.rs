//! Gossip: the engine protocol spreads a rumour to everyone, agrees with the fast round
//! model and the expected epidemic curve over many seeds, and the phi-accrual detector
//! convicts a dead node and no live one.

use distlab_core::gossip::rounds::{self, dead_nodes, run as fast_run, trials};
use distlab_core::gossip::{
    expected_curve, post_estimate, GossipConfig, GossipRun, Mode, Output, PhiModel, Spread,
};
use distlab_core::sim::TextCodec;

fn spread(nodes: usize, fanout: usize, mode: Mode, loss: u16, dead: usize) -> Spread {
    Spread {
        nodes,
        fanout,
        mode,
        loss_permille: loss,
        dead,
    }
}

fn engine(s: &Spread, seed: u64) -> GossipRun {
    let mut r = GossipRun::new(s, GossipConfig::default(), (5, 50), seed);
    while !r.done() && r.round() < rounds::MAX_ROUNDS as u32 {
        r.next_round();
    }
    r
}

/// The round the expected curve comes within half a node of everyone.
fn expected_full(s: &Spread) -> usize {
    expected_curve(s).len() - 1
}

fn median(mut v: Vec<u32>) -> f64 {
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    }
}

#[test]
fn with_no_loss_every_node_learns_in_every_mode() {
    for mode in Mode::ALL {
        for seed in 0..30 {
            let r = engine(&spread(36, 2, mode, 0, 0), seed);
            assert!(r.done(), "{mode:?} seed {seed}: {:?}", r.curve());
            assert!(r.curve().windows(2).all(|w| w[0] <= w[1]));
            let learnt: usize = r.log().iter().map(|l| l.newly.len()).sum();
            assert_eq!(learnt, 35, "each node but the origin learns exactly once");
        }
    }
}

#[test]
fn dead_nodes_are_skipped_and_the_rest_still_learn() {
    let s = spread(30, 3, Mode::Push, 100, 5);
    for seed in 0..20 {
        let r = engine(&s, seed);
        let down = dead_nodes(30, 5, seed);
        for (i, node) in r.world().nodes().iter().enumerate() {
            assert_eq!(node.is_none(), down[i], "seed {seed} node {i}");
        }
        assert!(r.done(), "seed {seed}");
        assert_eq!(*r.curve().last().unwrap(), 25);
        assert!(r.log().iter().any(|l| l.to_dead > 0) || seed > 100);
    }
}

#[test]
fn a_restarted_node_forgets_and_relearns() {
    let s = spread(20, 2, Mode::PushPull, 0, 0);
    let mut r = engine(&s, 3);
    assert!(r.done());
    r.restart(7);
    r.next_round();
    // It came back knowing nothing; in push-pull everyone keeps exchanging, so it
    // learns again within a few rounds.
    let mut relearnt = false;
    for _ in 0..10 {
        if r.world().node(7).is_some_and(|n| n.informed()) {
            relearnt = true;
            break;
        }
        r.next_round();
    }
    assert!(relearnt);
}

/// Median rounds to full spread, engine vs fast model, over 150 seeds: the same
/// protocol, so the same distribution, at two sizes: means within a third of a round
/// (medians are whole rounds, so they may sit either side of a half).
#[test]
fn the_fast_model_matches_the_engine() {
    for (mode, nodes, k) in Mode::ALL
        .into_iter()
        .flat_map(|m| [(m, 150, 2), (m, 1000, 3)])
    {
        let s = spread(nodes, k, mode, 50, 0);
        let eng: Vec<u32> = (0..150).map(|seed| engine(&s, seed).round()).collect();
        let fast = trials(&s, 10_000, 150);
        assert_eq!(fast.unfinished(), 0);
        let (me, mf) = (median(eng.clone()), median(fast.full_rounds()));
        let mean_e = eng.iter().sum::<u32>() as f64 / eng.len() as f64;
        let mean_f = fast.full_rounds().iter().sum::<u32>() as f64 / 150.0;
        assert!(
            (mf - me).abs() <= 1.0 && (mean_f - mean_e).abs() <= 0.35,
            "{mode:?}: engine median {me} mean {mean_e:.2}, fast median {mf} mean {mean_f:.2}"
        );
    }
}

/// The spread over many seeds follows the expected epidemic curve: at every round the
/// mean informed count is within 10 % of the cluster of the mean-field value, and the
/// median round of full spread is within one round of the mean-field one.
#[test]
fn spread_follows_the_expected_curve() {
    for (nodes, k, mode, loss) in [
        (100, 3, Mode::Push, 0),
        (1000, 3, Mode::Push, 0),
        (1000, 1, Mode::Push, 0),
        (1000, 2, Mode::Pull, 0),
        (1000, 2, Mode::PushPull, 100),
        (500, 4, Mode::Push, 300),
    ] {
        let s = spread(nodes, k, mode, loss, 0);
        let t = trials(&s, 0, 300);
        let exp = expected_curve(&s);
        for (r, e) in exp.iter().enumerate() {
            let m = t.mean_at(r);
            assert!(
                (m - e).abs() <= 0.10 * nodes as f64,
                "{s:?} round {r}: simulated mean {m:.1}, expected {e:.1}"
            );
        }
        let med = median(t.full_rounds());
        let want = expected_full(&s) as f64;
        assert!(
            (med - want).abs() <= 1.0,
            "{s:?}: median full spread {med}, expected {want}"
        );
    }
}

/// The post's `log_k(N)` counts only the exponential start, so real spreads take longer:
/// with push, the median run needs more rounds than the estimate, at every size and fanout.
#[test]
fn the_posts_estimate_is_optimistic_for_push() {
    for nodes in [100, 1000] {
        for k in [1, 2, 3, 4] {
            let s = spread(nodes, k, Mode::Push, 0, 0);
            let med = median(trials(&s, 0, 200).full_rounds());
            let est = post_estimate(nodes, k);
            assert!(
                med > est,
                "N={nodes} k={k}: median {med} vs log_k N = {est:.2}"
            );
        }
    }
}

#[test]
fn a_thousand_nodes_on_the_engine() {
    let s = spread(1000, 3, Mode::Push, 0, 0);
    let r = engine(&s, 42);
    assert_eq!(r.world().len(), 1000);
    assert!(r.done());
    assert_eq!(*r.curve().last().unwrap(), 1000);
    assert!(
        r.log().iter().all(|l| l.edges.is_empty()),
        "no edges kept above the cap"
    );
    let fast = fast_run(&s, 42);
    assert!(fast.full.is_some());
}

fn membership(model: PhiModel) -> GossipConfig {
    GossipConfig {
        membership: true,
        phi_model: model,
        ..GossipConfig::default()
    }
}

/// Kill node 5 after 30 rounds of a 16-node cluster at 10 % loss: within 40 more rounds
/// every live node suspects it and its φ stays over the threshold, while no live node is
/// ever suspected by anyone — for Cassandra's exponential model and for Akka's normal one
/// with Akka's default acceptable pause (3 s).
#[test]
fn phi_convicts_the_dead_and_spares_the_living() {
    let models = [
        PhiModel::Exponential,
        PhiModel::Normal {
            min_std_dev: 100.0,
            acceptable_pause: 3000.0,
        },
    ];
    for model in models {
        for seed in 0..12 {
            let config = membership(model);
            let s = spread(16, 3, Mode::PushPull, 100, 0);
            let mut r = GossipRun::new(&s, config.clone(), (5, 50), seed);
            for _ in 0..30 {
                let log = r.next_round();
                assert!(log.suspicions.is_empty(), "{model:?} seed {seed}: {log:?}");
            }
            r.kill(5);
            let mut over_since: Vec<Option<u32>> = vec![None; 16];
            for _ in 0..40 {
                let log = r.next_round().clone();
                for &(obs, peer) in &log.suspicions {
                    assert_eq!(
                        peer, 5,
                        "{model:?} seed {seed}: {obs} suspected live {peer}"
                    );
                }
                let now = r.world().now();
                for (obs, node) in r.world().nodes().iter().enumerate() {
                    let Some(node) = node else { continue };
                    let phi = node.phi(5, now, model);
                    if phi >= config.threshold {
                        over_since[obs].get_or_insert(log.round);
                    } else {
                        assert!(over_since[obs].is_none(), "φ fell back under for {obs}");
                    }
                }
            }
            let now = r.world().now();
            for (obs, node) in r.world().nodes().iter().enumerate() {
                let Some(node) = node else { continue };
                assert!(
                    node.suspects(5),
                    "{model:?} seed {seed}: {obs} never suspected 5"
                );
                assert!(node.phi(5, now, model) >= config.threshold);
                for peer in (0..16).filter(|&p| p != 5 && p != obs) {
                    assert!(node.phi(peer, now, model) < config.threshold);
                }
            }
        }
    }
}

#[test]
fn phi_suspicion_outputs_match_the_detector() {
    let config = membership(PhiModel::Exponential);
    let s = spread(8, 2, Mode::PushPull, 0, 0);
    let mut r = GossipRun::new(&s, config, (5, 50), 9);
    for _ in 0..10 {
        r.next_round();
    }
    r.kill(3);
    let mut seen = 0;
    for _ in 0..40 {
        seen += r.next_round().suspicions.len();
    }
    assert_eq!(
        seen, 7,
        "each of the 7 live nodes suspects node 3 exactly once"
    );
    let _ = Output::Informed;
}

/// A member that dies before its first heartbeat is still convicted: the membership
/// list counts as having heard from it when the detector starts.
#[test]
fn a_node_dead_from_the_start_is_suspected() {
    for model in [
        PhiModel::Exponential,
        PhiModel::Normal {
            min_std_dev: 100.0,
            acceptable_pause: 3000.0,
        },
    ] {
        let config = membership(model);
        let s = spread(8, 2, Mode::PushPull, 0, 0);
        let mut r = GossipRun::new(&s, config, (5, 50), 4);
        r.kill(2);
        let mut suspects = 0;
        for _ in 0..60 {
            suspects += r.next_round().suspicions.len();
        }
        assert_eq!(
            suspects, 7,
            "{model:?}: each live node suspects node 2 once"
        );
    }
}

#[test]
fn config_text_round_trips_and_rejects_junk() {
    let configs = [
        GossipConfig::default(),
        GossipConfig {
            mode: Mode::PushPull,
            fanout: 8,
            interval: 250,
            membership: true,
            phi_model: PhiModel::Normal {
                min_std_dev: 100.0,
                acceptable_pause: 3000.0,
            },
            threshold: 12.5,
        },
    ];
    for c in configs {
        let mut s = String::new();
        c.encode(&mut s);
        assert_eq!(GossipConfig::decode(&s), Ok(c), "{s}");
    }
    for junk in [
        "",
        "x3-1000-0-e-80",
        "p0-1000-0-e-80",
        "p9-1000-0-e-80",
        "p3-0-0-e-80",
        "p3-1000-2-e-80",
        "p3-1000-0-q-80",
        "p3-1000-0-n1-80",
        "p3-1000-0-e-0",
        "p3-1000-0-e",
        "p3-1000-0-e-80-1",
        "p3--0-e-80",
    ] {
        assert!(GossipConfig::decode(junk).is_err(), "{junk:?} accepted");
    }
}

#[test]
fn kill_and_restart_take_effect_at_once() {
    let s = spread(10, 2, Mode::Push, 0, 0);
    let mut r = engine(&s, 1);
    let rounds = r.round();
    r.kill(4);
    assert!(r.world().node(4).is_none());
    assert_eq!(r.round(), rounds);
    assert_eq!(r.log().len(), rounds as usize);
    r.restart(4);
    assert!(r.world().node(4).is_some_and(|n| !n.informed()));
}

/// A restarted node counts its version from 1 again, but in a new generation, so its
/// peers hear it at once and stop suspecting it (with counters alone they would ignore
/// it until it passed its old count).
#[test]
fn a_restarted_node_is_trusted_again_in_its_next_generation() {
    let config = membership(PhiModel::Exponential);
    let s = spread(8, 2, Mode::PushPull, 0, 0);
    let mut r = GossipRun::new(&s, config, (5, 50), 2);
    for _ in 0..30 {
        r.next_round();
    }
    r.kill(6);
    for _ in 0..40 {
        r.next_round();
    }
    assert!(r.world().nodes().iter().flatten().all(|n| n.suspects(6)));
    r.restart(6);
    for _ in 0..6 {
        r.next_round();
    }
    for node in r.world().nodes().iter().flatten() {
        if node.id() != 6 {
            assert!(!node.suspects(6), "node {} still suspects 6", node.id());
            assert_eq!(node.heartbeats()[6].0, 2, "generation 2");
        }
    }
}
