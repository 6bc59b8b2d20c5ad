//! Same seed, same trace — natively and in the browser.
//!
//! The native test `crates/core/tests/raft_scenarios.rs::a_pinned_trace_digest` pins the
//! trace digest of a chaotic 5-node Raft run (seed 7, crashes, partitions, loss, 2,000
//! steps). Here the very same scenario runs as wasm in Chromium and must give the very
//! same digest: any platform-dependent choice (RNG, hash-map order, float maths, usize
//! width) would change it. Keep `PINNED` equal to the native test's constant.

use distlab_core::hash::to_hex;
use distlab_core::raft::{chaos_scenario, Raft};
use distlab_core::sim::{Scenario, World};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The native digest (see the module docs).
const PINNED: &str = "48cf27d92ddb10e33ccd3d68ef89a11705941b2763908e532cf5a02f9eb7acb8";

#[wasm_bindgen_test]
fn raft_trace_digest_matches_native() {
    let scenario = chaos_scenario(7, 20_000);
    let mut world = World::new(&scenario);
    world.set_tracing(true);
    world.run(2000);
    assert_eq!(to_hex(&world.digest()), PINNED);
}

#[wasm_bindgen_test]
fn a_scenario_link_replays_the_same_trace() {
    // What a shared link carries: the scenario as text. Decoding it in the browser and
    // running it again must reproduce the trace exactly.
    let scenario = chaos_scenario(7, 20_000);
    let decoded = Scenario::<Raft>::decode(&scenario.encode()).expect("own encoding decodes");
    let run = |s: &Scenario<Raft>| {
        let mut w = World::new(s);
        w.set_tracing(true);
        w.run(2000);
        to_hex(&w.digest())
    };
    assert_eq!(run(&decoded), run(&scenario));
}
