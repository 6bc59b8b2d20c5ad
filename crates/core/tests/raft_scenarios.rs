//! Scenarios as data: the text form round-trips, junk is an error (never a panic), and the
//! same scenario always gives the same trace digest.

use distlab_core::hash::to_hex;
use distlab_core::raft::{chaos_scenario, Command, Raft};
use distlab_core::sim::{Input, NetConfig, Scenario, World};
use proptest::prelude::*;

fn every_kind_of_input() -> Scenario<Raft> {
    let mut s = Scenario::<Raft>::new(5, u64::MAX);
    s.net = NetConfig {
        latency_min: 3,
        latency_max: 40,
        loss_permille: 25,
        dup_permille: 7,
        reorder: false,
    };
    s.config.election_min = 120;
    s.inputs = vec![
        (
            10,
            Input::Client {
                node: 4,
                request: Command::Set {
                    key: b'q',
                    value: u32::MAX,
                },
            },
        ),
        (
            10,
            Input::Client {
                node: 0,
                request: Command::Noop,
            },
        ),
        (20, Input::Crash(2)),
        (30, Input::Restart(2)),
        (40, Input::Partition(vec![vec![0, 3], vec![1], vec![4, 2]])),
        (50, Input::Heal),
        (60, Input::Block { from: 1, to: 0 }),
        (70, Input::Unblock { from: 1, to: 0 }),
        (80, Input::DropInFlight { from: 3, to: 4 }),
        (90, Input::Expire(1)),
    ];
    s
}

fn digest(s: &Scenario<Raft>, steps: u64) -> String {
    let mut w = World::new(s);
    w.set_tracing(true);
    w.run(steps);
    to_hex(&w.digest())
}

#[test]
fn every_input_kind_round_trips_through_text() {
    let s = every_kind_of_input();
    let text = s.encode();
    assert_eq!(
        text,
        "v1~n5~l3-40~x25~d7~o0~s18446744073709551615~c120-300-50~t10.c4.q4294967295~t10.c0.n\
         ~t20.k2~t30.r2~t40.p03-1-42~t50.h~t60.b10~t70.u10~t80.f34~t90.e1"
    );
    assert!(text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
    assert_eq!(Scenario::<Raft>::decode(&text), Ok(s));
}

/// The example of the text form drawn in `sim/scenario.rs`'s module documentation reads
/// as the diagram there says.
#[test]
fn the_documented_example_reads_as_drawn() {
    let text = "v1~n40~l10-30~x20~d5~o1~s42~c150-300-50~t100.k2~t300.r_12\
                ~t350.p01-2_10_11~t400.h~t420.c3.a7";
    let s = Scenario::<Raft>::decode(text).unwrap();
    assert_eq!((s.nodes, s.seed), (40, 42));
    assert_eq!(
        s.inputs,
        vec![
            (100, Input::Crash(2)),
            (300, Input::Restart(38)),
            (350, Input::Partition(vec![vec![0, 1], vec![2, 36, 37]])),
            (400, Input::Heal),
            (
                420,
                Input::Client {
                    node: 3,
                    request: Command::Set {
                        key: b'a',
                        value: 7
                    }
                }
            ),
        ]
    );
    assert_eq!(s.encode(), text);
}

#[test]
fn chaos_scenarios_round_trip_and_stay_url_sized() {
    for seed in 0..200 {
        let s = chaos_scenario(seed, 5_000);
        let text = s.encode();
        assert_eq!(
            Scenario::<Raft>::decode(&text).as_ref(),
            Ok(&s),
            "seed {seed}"
        );
        assert!(text.len() < 1200, "seed {seed}: {} bytes", text.len());
    }
}

#[test]
fn malformed_scenarios_are_errors() {
    for junk in [
        "",
        "v2~n3~s1",
        "v1",
        "v1~n3",
        "v1~s1",
        "v1~n0~s1",
        "v1~n1297~s1",
        "v1~n3~s1~t5.k_",
        "v1~n40~s1~t5.k_1",
        "v1~n40~s1~t5.k_05",
        "v1~n40~s1~t5.k_1A",
        "v1~n40~s1~t5.p0_1-2",
        "v1~n40~s1~t5.b_10_",
        "v1~n40~s1~t5.c_z1.n",
        "v1~n3~s1~t5.k3",
        "v1~n3~s1~t5.kk",
        "v1~n3~s1~t5.c0.",
        "v1~n3~s1~t5.c0.A1",
        "v1~n3~s1~t5.p01-12",
        "v1~n3~s1~l9-1",
        "v1~n3~s1~x1001",
        "v1~n3~s1~o2",
        "v1~n3~s1~c1-2",
        "v1~n3~s1~c5-1-1",
        "v1~n3~s1~c1-2-0",
        "v1~n3~s-1",
        "v1~n3~s1~~",
        "v1~n3~s1~tx.h",
        "v1~t1.h~n3~s1",
        "v1~n3~s99999999999999999999",
        "v1~n3~s1~t5.c0.a99999999999",
        "v1~n3~s1~é",
    ] {
        assert!(Scenario::<Raft>::decode(junk).is_err(), "{junk:?} decoded");
    }
}

proptest! {
    #[test]
    fn decoding_any_string_never_panics(s in "\\PC{0,80}") {
        let _ = Scenario::<Raft>::decode(&s);
    }

    #[test]
    fn decoding_a_damaged_scenario_never_panics(cut in 0usize..200, pos in 0usize..200, c in "[-._~a-z0-9]") {
        let mut text = every_kind_of_input().encode();
        let pos = pos.min(text.len() - 1);
        text.replace_range(pos..=pos, &c);
        text.truncate(cut.max(1).min(text.len()));
        if let Ok(s) = Scenario::<Raft>::decode(&text) {
            let mut w = World::new(&s);
            w.run(500);
        }
    }
}

#[test]
fn the_same_scenario_gives_the_same_digest() {
    for seed in [0, 1, 42] {
        let s = chaos_scenario(seed, 20_000);
        let again = Scenario::<Raft>::decode(&s.encode()).unwrap();
        assert_eq!(digest(&s, 2000), digest(&again, 2000), "seed {seed}");
    }
    assert_ne!(
        digest(&chaos_scenario(1, 20_000), 2000),
        digest(&chaos_scenario(2, 20_000), 2000)
    );
}

/// Pinned, so that any change to the engine's or Raft's behaviour is a deliberate one, and
/// so the browser build can be compared against the same number.
#[test]
fn a_pinned_trace_digest() {
    assert_eq!(digest(&chaos_scenario(7, 20_000), 2000), PINNED);
}

const PINNED: &str = "48cf27d92ddb10e33ccd3d68ef89a11705941b2763908e532cf5a02f9eb7acb8";

#[test]
fn extreme_numbers_run_without_overflow() {
    let text = "v1~n3~l0-4294967296~s1~c0-4294967296-18446744073709551615\
                ~t18446744073709551614.c0.a4294967295~t18446744073709551615.k1";
    let s = Scenario::<Raft>::decode(text).unwrap();
    let mut w = World::new(&s);
    w.run(5_000);
}
