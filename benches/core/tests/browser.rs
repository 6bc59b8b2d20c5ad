//! The browser half of `cargo xtask bench erasure` / `raft`: the same benchmarks compiled
//! to wasm (release, `-C target-feature=+simd128`), timed with `performance.now()` in
//! headless Chromium; report lines go to the console (wasm-bindgen-test-runner
//! `--nocapture`). Runs and batch length are fixed at compile time (`DISTLAB_BENCH_RUNS`,
//! default 7): a test in the browser has no command line. Select one test by name
//! (`erasure_throughput`, `raft_simulation`, `gossip_simulation`,
//! `observability_pillars`, `cdc_model`, `kubernetes_model`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

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

fn runs() -> usize {
    option_env!("DISTLAB_BENCH_RUNS")
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

#[wasm_bindgen_test]
fn erasure_throughput() {
    let perf = performance();
    let now = move || perf.now();
    console_log!(
        "distlab-bench-note wasm erasure build: simd128 {}, our kernel: {}",
        if distlab_core::erasure::kernel::SIMD {
            "on"
        } else {
            "OFF"
        },
        distlab_core::erasure::Kernel::fastest().name()
    );
    distlab_bench_core::erasure::run("wasm", "rse", &now, runs(), 30.0, |l| console_log!("{l}"));
}

#[wasm_bindgen_test]
fn raft_simulation() {
    let perf = performance();
    let now = move || perf.now();
    distlab_bench_core::raft::run("wasm", &now, runs(), |l| console_log!("{l}"));
}

#[wasm_bindgen_test]
fn gossip_simulation() {
    let perf = performance();
    let now = move || perf.now();
    distlab_bench_core::gossip::run("wasm", &now, runs(), |l| console_log!("{l}"));
}

#[wasm_bindgen_test]
fn observability_pillars() {
    let perf = performance();
    let now = move || perf.now();
    distlab_bench_core::observability::run("wasm", &now, runs(), |l| console_log!("{l}"));
}

#[wasm_bindgen_test]
fn cdc_model() {
    let perf = performance();
    let now = move || perf.now();
    distlab_bench_core::models::run("cdc", "wasm", &now, runs(), |l| console_log!("{l}"));
}

#[wasm_bindgen_test]
fn kubernetes_model() {
    let perf = performance();
    let now = move || perf.now();
    distlab_bench_core::models::run("kubernetes", "wasm", &now, runs(), |l| console_log!("{l}"));
}
