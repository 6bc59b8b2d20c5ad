//! The browser half of `cargo xtask bench`: the same implementations compiled to wasm
//! (release, `-C target-feature=+simd128`), timed with `performance.now()` in headless
//! Chromium, one report line per (implementation, case) on the console.
//!
//! Run by xtask through wasm-bindgen-test-runner with `--nocapture`. The number of timed
//! runs is fixed at compile time (`DISTLAB_BENCH_RUNS`, default 7, after one warm-up):
//! a test in the browser has no command line. `DISTLAB_BENCH_TAG` names the build in the
//! report lines.
#![cfg(target_arch = "wasm32")]

use distlab_bench_merkle::{run_all, run_diagnostics};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// `performance.now()` of the page (or worker) the test runs in, in milliseconds.
fn performance() -> web_sys::Performance {
    let global = js_sys::global();
    if let Some(w) = global.dyn_ref::<web_sys::Window>() {
        w.performance().expect("window.performance")
    } else {
        global
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .performance()
            .expect("self.performance")
    }
}

#[wasm_bindgen_test]
fn merkle_build_throughput() {
    let runs = option_env!("DISTLAB_BENCH_RUNS")
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let perf = performance();
    let now = move || perf.now();
    let simd = if distlab_core::sha256x4::SIMD {
        "on"
    } else {
        "OFF (is RUSTFLAGS set? it overrides the target's rustflags)"
    };
    console_log!("distlab-bench-note wasm build: simd128 {simd}");
    // `wasm`, or `wasm-z` for the build with the site's opt-level (xtask sets it).
    let tag = option_env!("DISTLAB_BENCH_TAG").unwrap_or("wasm");
    run_all(tag, &now, 1, runs, false, |line| console_log!("{line}"));
    run_diagnostics(tag, &now, runs, |line| console_log!("{line}"));
}
