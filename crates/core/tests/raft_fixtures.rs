//! Raft in situations set up directly, with fixtures: nodes that start from given disks
//! (term, vote, log) and crafted messages handed to a node at a given time. The real
//! handlers run on the real engine, and the five safety properties are checked after
//! every step.
//!
//! - Figure 8 of the Raft paper: an entry of an earlier term stored on a majority is *not*
//!   committed by counting replicas, so a later leader may overwrite it — and the
//!   properties hold; the same script with the rule broken (`CommitEarlierTerms`) is
//!   caught. Once an entry of the leader's own term is on a majority, the old entry is
//!   safe: the node that could have overwritten it can no longer win.
//! - A message of a stale term is refused and answered with the higher term.
//! - Crafted messages are recorded like inputs: a timeline rewinds through them, and the
//!   fixture it keeps replays the run exactly.

use distlab_core::raft::{Command, Entry, Msg, Mutation, Persisted, Raft, Role, Term, PROPERTIES};
use distlab_core::sim::{
    check_properties, Crafted, DropReason, Event, Fixture, Input, NodeId, Pending, Scenario, Time,
    Timeline, Violation, World,
};

/// Nodes S1..S5 of the paper are ids 0..4.
const S1: NodeId = 0;
const S2: NodeId = 1;
const S3: NodeId = 2;
const S4: NodeId = 3;
const S5: NodeId = 4;

/// At most this many steps for any phase to reach what it waits for.
const PATIENCE: u64 = 20_000;

fn set(term: Term, key: u8, value: u32) -> Entry {
    Entry {
        term,
        cmd: Command::Set { key, value },
    }
}

fn disk(term: Term, voted_for: Option<NodeId>, log: &[Entry]) -> Persisted {
    Persisted {
        term,
        voted_for,
        log: log.to_vec(),
    }
}

fn node(tl: &Timeline<Raft>, id: NodeId) -> &Raft {
    tl.world()
        .node(id)
        .unwrap_or_else(|| panic!("node {id} is down"))
}

/// Step until `done` holds, checking every property after every step. `Ok(false)` if the
/// run ended or `PATIENCE` ran out first.
fn run_until(
    tl: &mut Timeline<Raft>,
    mut done: impl FnMut(&World<Raft>) -> bool,
) -> Result<bool, Violation> {
    for _ in 0..PATIENCE {
        if done(tl.world()) {
            return Ok(true);
        }
        if tl.step().is_none() {
            break;
        }
        check_properties(tl.world(), &PROPERTIES)?;
    }
    Ok(done(tl.world()))
}

/// Hand a crafted message to a node and run until it has been handed over. (One at a
/// time: like an input, a crafted message given through a timeline forks the future, so
/// it discards one given earlier and not yet applied.)
fn deliver_now(
    tl: &mut Timeline<Raft>,
    from: NodeId,
    to: NodeId,
    msg: Msg,
) -> Result<(), Violation> {
    let at = tl.deliver(from, to, msg);
    settle(tl, at)
}

/// Apply an input now (one at a time, as for [`deliver_now`]).
fn inject_now(tl: &mut Timeline<Raft>, input: Input<Command>) -> Result<(), Violation> {
    let at = tl.inject(input);
    settle(tl, at)
}

/// Step through everything due at or before `at` (checking the properties).
fn settle(tl: &mut Timeline<Raft>, at: Time) -> Result<(), Violation> {
    let done = run_until(tl, |w| w.next_time().is_none_or(|t| t > at))?;
    assert!(done, "nothing due after t={at}?");
    Ok(())
}

fn is_leader(w: &World<Raft>, id: NodeId) -> bool {
    w.node(id).is_some_and(|n| n.role() == Role::Leader)
}

/// The paper's entries: index 1 (term 1), index 2 of term 2 (written by S1 as leader of
/// term 2), and S5's index 2 of term 3 (written as leader of term 3, never replicated).
const E1: Entry = Entry {
    term: 1,
    cmd: Command::Set {
        key: b'a',
        value: 1,
    },
};
const E2: Entry = Entry {
    term: 2,
    cmd: Command::Set {
        key: b'b',
        value: 2,
    },
};
const E3: Entry = Entry {
    term: 3,
    cmd: Command::Set {
        key: b'c',
        value: 3,
    },
};

/// Figure 8, just before (c): S1 (entries 1 and 2) is about to become leader of term 4
/// with the votes of S2 and S3, which also hold entry 2 — a majority. S4 has only entry 1;
/// S5 has entry 2 of term 3. S2..S5 are down for now (their disks stay), so that only S1
/// acts until the test says otherwise.
fn figure_8(mutation: Mutation) -> Timeline<Raft> {
    let mut scenario = Scenario::<Raft>::new(5, 8);
    scenario.config.mutation = mutation;
    scenario.inputs = [S2, S3, S4, S5]
        .into_iter()
        .map(|id| (0, Input::Crash(id)))
        .collect();
    let fixture = Fixture::new(scenario)
        .with_disk(S1, disk(3, None, &[E1, E2]))
        .with_disk(S2, disk(4, Some(S1), &[E1, E2]))
        .with_disk(S3, disk(4, Some(S1), &[E1, E2]))
        .with_disk(S4, disk(3, None, &[E1]))
        .with_disk(S5, disk(3, Some(S5), &[E1, E3]));
    let mut tl = Timeline::from_fixture(fixture);
    tl.set_tracing(true); // a test compares runs by their trace digests
    tl
}

/// Phase 1: S1 times out into term 4 and gets the (crafted) votes of S2 and S3.
fn s1_wins_term_4(tl: &mut Timeline<Raft>) -> Result<(), Violation> {
    let w = tl.world();
    assert_eq!(
        w.disk(S2).map(|p| p.term),
        Some(4),
        "a starting disk is on disk"
    );
    assert_eq!(node(tl, S1).log(), &[E1, E2], "S1 starts from its disk");
    assert!(run_until(tl, |w| w
        .node(S1)
        .is_some_and(|n| n.role() == Role::Candidate))?);
    assert_eq!(node(tl, S1).term(), 4);
    let vote = Msg::Vote {
        term: 4,
        granted: true,
    };
    deliver_now(tl, S2, S1, vote.clone())?;
    deliver_now(tl, S3, S1, vote)?;
    assert!(
        is_leader(tl.world(), S1),
        "two crafted votes make S1 leader"
    );
    Ok(())
}

/// Phase 1 then S2 and S3 acknowledge entry 2 (they hold it): it is on a majority.
/// Returns S1's commit index afterwards.
fn majority_holds_entry_2(tl: &mut Timeline<Raft>) -> Result<usize, Violation> {
    s1_wins_term_4(tl)?;
    let ack = Msg::AppendReply {
        term: 4,
        success: true,
        index: 2,
    };
    deliver_now(tl, S2, S1, ack.clone())?;
    deliver_now(tl, S3, S1, ack)?;
    assert_eq!(node(tl, S1).match_index()[S2], 2);
    assert_eq!(node(tl, S1).match_index()[S3], 2);
    Ok(node(tl, S1).commit_index())
}

/// Phase 2, the paper's (d): S1 crashes; once its last messages are gone, S3, S4, S5 come back (S2 stays down, so S5 is
/// the only node able to win: S3 and S4 vote for it, its last entry's term 3 beating
/// their 2 and 1). Waits until S5 leads and has overwritten entry 2 on S3.
fn s5_overwrites_entry_2(tl: &mut Timeline<Raft>) -> Result<bool, Violation> {
    inject_now(tl, Input::Crash(S1))?;
    // Let what S1 sent before crashing arrive (and be dropped) first: its heartbeats carry
    // the no-op of term 4, which would otherwise reach S3 and stop S5 from winning.
    let quiet = tl.world().now() + tl.world().net().latency_max;
    assert!(run_until(tl, |w| w.now() >= quiet)?);
    for id in [S3, S4, S5] {
        inject_now(tl, Input::Restart(id))?;
    }
    run_until(tl, |w| {
        is_leader(w, S5)
            && w.node(S3).is_some_and(|n| n.log().get(1) == Some(&E3))
            && w.node(S5).is_some_and(|n| n.commit_index() >= 2)
    })
}

#[test]
fn figure_8_an_earlier_terms_entry_on_a_majority_is_not_committed_by_counting() {
    let mut tl = figure_8(Mutation::None);
    let commit = majority_holds_entry_2(&mut tl).unwrap_or_else(|v| panic!("{v}"));
    assert_eq!(
        commit, 0,
        "entry 2 (term 2) is on S1, S2, S3 but is not of S1's term 4: not committed"
    );
    assert_eq!(
        node(&tl, S1).log(),
        &[
            E1,
            E2,
            Entry {
                term: 4,
                cmd: Command::Noop
            }
        ],
        "the new leader appended a no-op of its own term"
    );
    // (d): S5 wins and replaces entry 2 everywhere it reaches. That is safe — nothing
    // committed is lost — and the properties agree after every step.
    let reached = s5_overwrites_entry_2(&mut tl).unwrap_or_else(|v| panic!("{v}"));
    assert!(reached, "S5 should lead and overwrite entry 2 on S3");
    let s5 = node(&tl, S5);
    assert!(s5.term() > 4);
    assert_eq!(&s5.log()[..2], &[E1, E3]);
    assert_eq!(&node(&tl, S4).log()[..2], &[E1, E3]);
    assert_eq!(tl.world().history.committed().get(1), Some(&E3));
}

#[test]
fn figure_8_with_the_rule_broken_the_properties_catch_it() {
    let mut tl = figure_8(Mutation::CommitEarlierTerms);
    let commit = majority_holds_entry_2(&mut tl).unwrap_or_else(|v| panic!("{v}"));
    assert_eq!(
        commit, 2,
        "the broken rule commits entry 2 by counting replicas"
    );
    let err = s5_overwrites_entry_2(&mut tl).expect_err("S5 must not lead without entry 2");
    assert_eq!(err.property, "Leader Completeness", "{err}");
}

#[test]
fn figure_8_once_its_own_terms_entry_is_on_a_majority_the_old_entry_is_safe() {
    // (e): S1 leads term 4, and S2 and S3 come back and really replicate its log.
    let mut tl = figure_8(Mutation::None);
    s1_wins_term_4(&mut tl).unwrap_or_else(|v| panic!("{v}"));
    for id in [S2, S3] {
        inject_now(&mut tl, Input::Restart(id)).unwrap_or_else(|v| panic!("{v}"));
    }
    let committed = run_until(&mut tl, |w| {
        w.node(S1).is_some_and(|n| n.commit_index() >= 3)
    });
    assert!(
        committed.unwrap_or_else(|v| panic!("{v}")),
        "S1 commits its no-op"
    );
    assert_eq!(tl.world().history.committed()[..2], [E1, E2]);
    // Now S1 crashes and everyone else is up: S5 cannot win any more (S2 and S3 have a
    // last entry of term 4), so a node holding entry 2 leads, and entry 2 stays.
    for input in [Input::Crash(S1), Input::Restart(S4), Input::Restart(S5)] {
        inject_now(&mut tl, input).unwrap_or_else(|v| panic!("{v}"));
    }
    let new_leader = run_until(&mut tl, |w| {
        (0..5).any(|id| is_leader(w, id) && w.node(id).is_some_and(|n| n.term() > 4))
    });
    assert!(
        new_leader.unwrap_or_else(|v| panic!("{v}")),
        "someone leads"
    );
    assert!(!is_leader(tl.world(), S5));
    let end = tl.world().now() + 2_000;
    let ok = run_until(&mut tl, |w| w.now() >= end).unwrap_or_else(|v| panic!("{v}"));
    assert!(ok);
    for id in [S2, S3, S4, S5] {
        assert_eq!(node(&tl, id).log().get(1), Some(&E2), "node {id}");
        assert!(!is_leader(tl.world(), S5));
    }
}

/// Node 0 is at term 5; nodes 1 and 2 are down (so nothing else talks to it). A stale
/// leader of term 3 and a stale candidate of term 4 are crafted in the fixture itself.
fn stale_fixture() -> Fixture<Raft> {
    let mut scenario = Scenario::<Raft>::new(3, 1);
    scenario.inputs = vec![(0, Input::Crash(1)), (0, Input::Crash(2))];
    Fixture::new(scenario)
        .with_disk(0, disk(5, None, &[set(1, b'a', 1), set(5, b'b', 2)]))
        .with_message(
            1,
            1,
            0,
            Msg::AppendEntries {
                term: 3,
                prev_index: 1,
                prev_term: 1,
                entries: vec![set(3, b'x', 9)],
                commit: 2,
            },
        )
        .with_message(
            2,
            2,
            0,
            Msg::RequestVote {
                term: 4,
                last_index: 9,
                last_term: 4,
            },
        )
}

/// The message node 0 just queued for `to`.
fn reply_to(w: &World<Raft>, to: NodeId) -> Option<Msg> {
    w.pending().find_map(|(_, p)| match p {
        Pending::Message {
            from: 0,
            to: t,
            msg,
            ..
        } if *t == to => Some(msg.clone()),
        _ => None,
    })
}

#[test]
fn a_stale_terms_messages_are_refused_with_the_higher_term() {
    let mut w = World::from_fixture(&stale_fixture());
    let before = w.node(0).cloned().expect("node 0 is up");
    // Two crash inputs, then the crafted AppendEntries, delivered by the real handler.
    w.step();
    w.step();
    let step = w.step().expect("the crafted message");
    assert_eq!(step.time, 1);
    assert!(
        matches!(step.event, Event::Deliver { from: 1, to: 0, .. }),
        "{:?}",
        step.event
    );
    assert_eq!(
        reply_to(&w, 1),
        Some(Msg::AppendReply {
            term: 5,
            success: false,
            index: 2
        }),
        "refused, with the receiver's term"
    );
    let n = w.node(0).expect("node 0 is up");
    assert_eq!(n.term(), 5, "a lower term is never adopted");
    assert_eq!(
        n.log(),
        before.log(),
        "a stale leader's entries are not taken"
    );
    assert_eq!(n.leader(), None, "a stale leader is not followed");
    assert_eq!(
        n.commit_index(),
        0,
        "a stale leader's commit index is ignored"
    );

    let step = w.step().expect("the crafted vote request");
    assert!(matches!(step.event, Event::Deliver { from: 2, to: 0, .. }));
    assert_eq!(
        reply_to(&w, 2),
        Some(Msg::Vote {
            term: 5,
            granted: false
        })
    );
    let n = w.node(0).expect("node 0 is up");
    assert_eq!(
        (n.term(), n.voted_for()),
        (5, None),
        "no vote in a stale term"
    );
    check_properties(&w, &PROPERTIES).unwrap_or_else(|v| panic!("{v}"));
}

#[test]
fn a_crafted_message_for_a_crashed_node_is_dropped_and_out_of_range_is_skipped() {
    let fixture = stale_fixture()
        .with_message(
            3,
            0,
            1,
            Msg::Vote {
                term: 5,
                granted: true,
            },
        )
        .with_message(
            3,
            7,
            0,
            Msg::Vote {
                term: 5,
                granted: true,
            },
        );
    let mut w = World::from_fixture(&fixture);
    let mut events = Vec::new();
    while w.now() < 3 {
        events.push(w.step().expect("more steps").event);
    }
    // Crash, crash, AppendEntries, RequestVote, the vote for crashed node 1; the message
    // from node 7 of 3 is not a step at all.
    assert_eq!(events.len(), 5, "{events:?}");
    assert!(
        matches!(
            &events[4],
            Event::Drop {
                from: 0,
                to: 1,
                msg: Msg::Vote {
                    term: 5,
                    granted: true
                },
                reason: DropReason::Crashed
            }
        ),
        "{:?}",
        events[4]
    );
    assert!(w.next_time().is_some_and(|t| t > 3));
}

#[test]
fn crafted_messages_survive_seek_and_the_kept_fixture_replays_the_run() {
    let mut tl = figure_8(Mutation::None);
    majority_holds_entry_2(&mut tl).unwrap_or_else(|v| panic!("{v}"));
    assert!(s5_overwrites_entry_2(&mut tl).unwrap_or_else(|v| panic!("{v}")));
    let (end, digest) = (tl.position(), tl.world().digest());
    let logs = |tl: &Timeline<Raft>| -> Vec<Option<Vec<Entry>>> {
        (0..5)
            .map(|id| tl.world().node(id).map(|n| n.log().to_vec()))
            .collect()
    };
    let final_logs = logs(&tl);
    assert_eq!(tl.fixture().messages.len(), 4, "two votes, two acks");
    assert!(tl.fixture().messages.iter().all(|(_, c)| c.to == S1));

    // Rewind to before the crafted votes, then forward again: the same run.
    assert_eq!(tl.seek(1), 1);
    assert!(!is_leader(tl.world(), S1));
    assert_eq!(tl.seek(end), end);
    assert_eq!(tl.world().digest(), digest);
    assert_eq!(logs(&tl), final_logs);

    // The fixture the timeline kept is a script: run from scratch, it is the same run.
    let mut again = Timeline::from_fixture(tl.fixture().clone());
    again.set_tracing(true);
    assert_eq!(again.seek(end), end);
    assert_eq!(again.world().digest(), digest);
    assert_eq!(logs(&again), final_logs);

    // Without the crafted messages it is another run (S1 never leads term 4).
    let mut bare = tl.fixture().clone();
    bare.messages.clear();
    let mut bare = Timeline::from_fixture(bare);
    bare.set_tracing(true);
    bare.seek(end);
    assert_ne!(bare.world().digest(), digest);

    // A fork drops the crafted messages still in the future, like inputs.
    let mut fork = figure_8(Mutation::None);
    s1_wins_term_4(&mut fork).unwrap_or_else(|v| panic!("{v}"));
    let at = fork.world().now();
    fork.deliver(
        S2,
        S1,
        Msg::Vote {
            term: 4,
            granted: true,
        },
    );
    // Not yet handed over when the next input comes: that input forks it away.
    fork.inject(Input::Heal);
    let kept = &fork.fixture().messages;
    assert_eq!(
        kept.len(),
        2,
        "the two votes stay, the forked-away third goes"
    );
    assert!(kept.iter().all(|(t, _)| *t <= at));
}

#[test]
fn only_a_plain_fixture_has_a_text_form() {
    let tl = figure_8(Mutation::None);
    let err = tl.fixture().encode().expect_err("disks have no text form");
    assert!(err.0.contains("5 starting disk(s)"), "{err}");
    assert!(err.0.contains("in memory only"), "{err}");

    let plain = Fixture::new(tl.scenario().clone());
    let text = plain.encode().expect("a plain fixture is a scenario");
    assert_eq!(text, tl.scenario().encode());
    let back = Fixture::<Raft>::decode(&text).expect("round trip");
    assert!(back.is_plain());
    assert_eq!(back.scenario, plain.scenario);

    let crafted = plain.with_message(
        5,
        1,
        0,
        Msg::Vote {
            term: 1,
            granted: true,
        },
    );
    let err = crafted.encode().expect_err("messages have no text form");
    assert!(err.0.contains("1 crafted message(s)"), "{err}");
    assert_eq!(
        crafted.messages[0].1,
        Crafted {
            from: 1,
            to: 0,
            msg: Msg::Vote {
                term: 1,
                granted: true
            }
        }
    );
}
