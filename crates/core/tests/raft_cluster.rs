//! Raft's behaviour in the situations the post walks through: an election with no faults,
//! writes committing everywhere, a leader crash, a partitioned old leader returning, a
//! divergent follower log being overwritten, client redirects, and restarts.

use distlab_core::raft::{Command, Output, Raft, Role, Timer, PROPERTIES};
use distlab_core::sim::{check_properties, Input, NetConfig, NodeId, Scenario, Time, World};

fn calm(nodes: usize, seed: u64) -> Scenario<Raft> {
    Scenario {
        net: NetConfig {
            latency_min: 5,
            latency_max: 15,
            ..NetConfig::default()
        },
        ..Scenario::new(nodes, seed)
    }
}

fn set(key: u8, value: u32) -> Command {
    Command::Set { key, value }
}

/// Run until `until`, checking the five properties after every step.
fn run_checked(w: &mut World<Raft>, until: Time) {
    while w.pending().next().is_some_and(|(t, _)| t <= until)
        || w.inputs().iter().any(|(t, _)| *t > w.now() && *t <= until)
    {
        if w.step().is_none() {
            break;
        }
        if let Err(v) = check_properties(w, &PROPERTIES) {
            panic!("{v}");
        }
    }
}

fn leaders(w: &World<Raft>) -> Vec<(NodeId, u64)> {
    w.nodes()
        .iter()
        .flatten()
        .filter(|n| n.role() == Role::Leader)
        .map(|n| (n.id(), n.term()))
        .collect()
}

/// The one leader of the highest term among live nodes.
fn leader(w: &World<Raft>) -> Option<NodeId> {
    let top = w.nodes().iter().flatten().map(|n| n.term()).max()?;
    w.nodes()
        .iter()
        .flatten()
        .find(|n| n.role() == Role::Leader && n.term() == top)
        .map(|n| n.id())
}

mod liveness {
    use super::*;

    #[test]
    fn with_no_faults_a_leader_is_elected_within_two_timeouts() {
        for seed in 0..50 {
            let mut w = World::new(&calm(5, seed));
            run_checked(&mut w, 700);
            assert_eq!(leaders(&w).len(), 1, "seed {seed}: {:?}", leaders(&w));
            let l = leader(&w).unwrap();
            // Everyone agrees on the leader and the term.
            for n in w.nodes().iter().flatten() {
                assert_eq!(n.leader(), Some(l), "seed {seed}");
                assert_eq!(n.term(), w.node(l).unwrap().term());
            }
        }
    }

    #[test]
    fn with_no_faults_writes_commit_and_apply_everywhere_within_a_bound() {
        for seed in 0..20 {
            let mut w = World::new(&calm(5, seed));
            run_checked(&mut w, 700);
            let l = leader(&w).unwrap();
            let t0 = w.now();
            for (i, (k, v)) in [(b'a', 1), (b'b', 2), (b'a', 3)].into_iter().enumerate() {
                w.inject(
                    t0 + 1 + i as u64,
                    Input::Client {
                        node: l,
                        request: set(k, v),
                    },
                );
            }
            // One round trip to commit on the leader, one heartbeat (50) to tell the rest.
            run_checked(&mut w, t0 + 3 + 2 * 15 + 50 + 15);
            for n in w.nodes().iter().flatten() {
                assert_eq!(n.kv().get(&b'a'), Some(&3), "seed {seed} node {}", n.id());
                assert_eq!(n.kv().get(&b'b'), Some(&2));
                assert_eq!(n.commit_index(), n.log().len());
            }
        }
    }

    #[test]
    fn a_single_node_cluster_leads_and_commits_alone() {
        let mut s = calm(1, 0);
        s.inputs.push((
            500,
            Input::Client {
                node: 0,
                request: set(b'z', 9),
            },
        ));
        let mut w = World::new(&s);
        run_checked(&mut w, 600);
        assert_eq!(w.node(0).unwrap().kv().get(&b'z'), Some(&9));
    }
}

mod faults {
    use super::*;

    #[test]
    fn after_the_leader_crashes_another_is_elected_in_a_higher_term() {
        for seed in 0..20 {
            let mut w = World::new(&calm(5, seed));
            run_checked(&mut w, 700);
            let (old, term) = leaders(&w)[0];
            w.inject(701, Input::Crash(old));
            run_checked(&mut w, 1500);
            let new = leader(&w).expect("a new leader");
            assert_ne!(new, old);
            assert!(w.node(new).unwrap().term() > term, "seed {seed}");
        }
    }

    #[test]
    fn a_follower_told_to_time_out_now_campaigns_at_the_next_tick_in_a_higher_term() {
        for seed in 0..20 {
            let mut w = World::new(&calm(5, seed));
            run_checked(&mut w, 700);
            let (old, term) = leaders(&w)[0];
            let f = (old + 1) % 5;
            // Its election timer is armed, and due well after the next tick.
            let due = w.timer_due(f, &Timer::Election).expect("armed");
            let at = w.inject(701, Input::Expire(f));
            assert!(due > at + 1, "seed {seed}: would have fired anyway");
            run_checked(&mut w, at + 1);
            let node = w.node(f).unwrap();
            assert_eq!(node.role(), Role::Candidate, "seed {seed}");
            assert_eq!(node.term(), term + 1, "seed {seed}");
            // A leader is elected again (the candidate, or another after it), safely.
            run_checked(&mut w, 1500);
            let new = leader(&w).expect("a leader");
            assert!(w.node(new).unwrap().term() > term, "seed {seed}");
        }
    }

    #[test]
    fn time_out_now_on_a_crashed_node_does_nothing() {
        let mut w = World::new(&calm(3, 1));
        run_checked(&mut w, 500);
        w.inject(501, Input::Crash(2));
        w.inject(502, Input::Expire(2));
        run_checked(&mut w, 510);
        assert!(w.node(2).is_none());
        w.inject(511, Input::Restart(2));
        run_checked(&mut w, 512);
        // A restarted node's election timer is its own, not one fired by the old Expire.
        assert_eq!(w.node(2).unwrap().role(), Role::Follower);
    }

    #[test]
    fn a_partitioned_old_leader_steps_down_and_its_uncommitted_write_is_overwritten() {
        for seed in 0..20 {
            let mut w = World::new(&calm(5, seed));
            run_checked(&mut w, 700);
            let (old, term) = leaders(&w)[0];
            let rest: Vec<NodeId> = (0..5).filter(|&i| i != old).collect();
            w.inject(701, Input::Partition(vec![vec![old], rest.clone()]));
            // The isolated leader accepts a write it can never commit.
            w.inject(
                702,
                Input::Client {
                    node: old,
                    request: set(b'x', 1),
                },
            );
            run_checked(&mut w, 1600);
            let new = leader(&w).unwrap();
            assert_ne!(new, old, "seed {seed}");
            w.inject(
                1601,
                Input::Client {
                    node: new,
                    request: set(b'y', 2),
                },
            );
            run_checked(&mut w, 1700);
            // Still believes it leads, in its old term.
            assert_eq!(w.node(old).unwrap().role(), Role::Leader);
            assert_eq!(w.node(old).unwrap().term(), term);
            w.inject(1701, Input::Heal);
            run_checked(&mut w, 2400);
            let o = w.node(old).unwrap();
            assert_eq!(o.role(), Role::Follower, "seed {seed}");
            assert!(o.term() > term);
            assert_eq!(o.kv().get(&b'x'), None, "the uncommitted write is gone");
            assert_eq!(o.kv().get(&b'y'), Some(&2));
            let reference = w.node(new).unwrap().log();
            for n in w.nodes().iter().flatten() {
                assert_eq!(n.log(), reference, "seed {seed}: logs converge");
            }
        }
    }

    #[test]
    fn a_restarted_node_keeps_its_term_vote_and_log_and_catches_up() {
        let mut w = World::new(&calm(3, 5));
        run_checked(&mut w, 700);
        let l = leader(&w).unwrap();
        let f = (l + 1) % 3;
        w.inject(
            701,
            Input::Client {
                node: l,
                request: set(b'a', 1),
            },
        );
        run_checked(&mut w, 800);
        let before = (w.node(f).unwrap().term(), w.node(f).unwrap().log().to_vec());
        w.inject(801, Input::Crash(f));
        w.inject(
            802,
            Input::Client {
                node: l,
                request: set(b'b', 2),
            },
        );
        w.inject(900, Input::Restart(f));
        while !matches!(
            w.step().unwrap().event,
            distlab_core::sim::Event::Input(Input::Restart(_))
        ) {}
        let r = w.node(f).unwrap();
        assert_eq!((r.term(), r.log().to_vec()), before, "restored from disk");
        assert_eq!(r.commit_index(), 0, "commit index is volatile");
        assert!(r.kv().is_empty(), "the store is rebuilt, not persisted");
        run_checked(&mut w, 1100);
        assert_eq!(w.node(f).unwrap().kv().get(&b'b'), Some(&2));
        assert_eq!(w.node(f).unwrap().kv().get(&b'a'), Some(&1));
    }

    #[test]
    fn a_follower_redirects_a_client_to_the_leader() {
        let mut w = World::new(&calm(3, 1));
        run_checked(&mut w, 700);
        let l = leader(&w).unwrap();
        let f = (l + 1) % 3;
        w.inject(
            701,
            Input::Client {
                node: f,
                request: set(b'a', 1),
            },
        );
        let step = w.step().unwrap();
        assert_eq!(
            step.outputs,
            vec![(f, Output::Redirect { leader: Some(l) })]
        );
        assert_eq!(
            w.node(f).unwrap().log().len(),
            w.node(l).unwrap().log().len()
        );
    }

    #[test]
    fn a_split_vote_is_resolved_in_a_higher_term() {
        // Four nodes whose first election timeouts collide often; across seeds some first
        // elections fail, and every run still ends with one leader.
        let mut split = 0;
        for seed in 0..40 {
            let mut s = calm(4, seed);
            s.config.election_min = 150;
            s.config.election_max = 170;
            let mut w = World::new(&s);
            run_checked(&mut w, 3000);
            let terms: Vec<_> = w
                .nodes()
                .iter()
                .flatten()
                .map(|n| (n.role(), n.term()))
                .collect();
            let l = leader(&w).unwrap_or_else(|| panic!("seed {seed}: no leader: {terms:?}"));
            if w.node(l).unwrap().term() > 1 {
                split += 1;
            }
        }
        assert!(split > 0, "no split vote in 40 seeds");
    }
}
