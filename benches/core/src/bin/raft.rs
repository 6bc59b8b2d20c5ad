//! The native half of the Raft benchmark (`cargo xtask bench raft`): deliveries and events
//! per second, a frame's work, allocations per delivery (counted by this binary's global
//! allocator) and the time of the 10,000-seed property sweep of `crates/core/tests`.
//!
//! `cargo run --release --bin raft -- [--runs N] [--seeds N]`

use distlab_bench_core::flag;
use distlab_bench_core::raft::{full_run, run_until, workload, HORIZON};
use distlab_core::raft::{check_seed, Mutation};
use distlab_core::sim::World;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, counting allocations (and reallocations) and their bytes.
struct Counting;
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(l.size() as u64, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new as u64, Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The 10,000-seed sweep as `crates/core/tests/raft_safety.rs` runs it (3,000 steps per
/// seed, the five properties after every step), on `threads` threads; (steps, ms).
fn sweep(seeds: u64, threads: u64) -> Result<(u64, f64), String> {
    let t = Instant::now();
    let results: Vec<Result<u64, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                s.spawn(move || {
                    let mut steps = 0;
                    for seed in (k..seeds).step_by(threads as usize) {
                        match check_seed(seed, 3_000, Mutation::None) {
                            Ok(n) => steps += n,
                            Err((v, _)) => return Err(format!("seed {seed}: {v}")),
                        }
                    }
                    Ok(steps)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or(Err("a sweep thread panicked".into())))
            .collect()
    });
    let mut steps = 0;
    for r in results {
        steps += r?;
    }
    Ok((steps, t.elapsed().as_secs_f64() * 1e3))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs = flag(&args, "--runs", 7usize)?.max(1);
    let seeds = flag(&args, "--seeds", 10_000)?;
    // `--only props-off|props-on|widget`: that case alone, `runs` times (for a profiler).
    if let Some(i) = args.iter().position(|a| a == "--only") {
        let case = args.get(i + 1).map(String::as_str).unwrap_or("");
        let (props, trace) = match case {
            "props-off" => (false, false),
            "props-on" => (true, false),
            "widget" => (true, true),
            _ => return Err(format!("--only: unknown case `{case}`")),
        };
        let scenario = workload(HORIZON);
        for _ in 0..runs {
            let t = Instant::now();
            let (c, _) = full_run(&scenario, props, trace);
            println!("{case}: {c:?} in {:.1?}", t.elapsed());
        }
        return Ok(());
    }
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1e3;
    distlab_bench_core::raft::run("native", &now, runs, |l| println!("{l}"));

    // A frame's work again, timed by this thread's CPU clock: what a frame costs without
    // the time a loaded machine's scheduler keeps the thread waiting.
    #[cfg(not(target_arch = "wasm32"))]
    let cpu_now = || {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec to the pointer it is given.
        unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
    };
    #[cfg(not(target_arch = "wasm32"))]
    distlab_bench_core::raft::frame("native-cpu", &cpu_now, &workload(HORIZON), &mut |l| {
        println!("{l}")
    });

    // Allocations in the steady state: from t = 20,000 to the end, per delivery.
    let scenario = workload(HORIZON);
    for (case, props, trace) in [
        ("props-off", false, false),
        ("props-on", true, false),
        ("widget", true, true),
    ] {
        let mut w = World::new(&scenario);
        w.set_tracing(trace);
        run_until(&mut w, 20_000, props);
        let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        let c = run_until(&mut w, HORIZON, props);
        let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
        println!(
            "distlab-raft-alloc native {case} {} {} {}",
            c.deliveries,
            a1 - a0,
            b1 - b0
        );
    }

    // The seed sweep, on one thread and on every core.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let mut threads = vec![1];
    if cores > 1 {
        threads.push(cores);
    }
    for th in threads {
        let (steps, ms) = sweep(seeds, th)?;
        println!("distlab-raft-sweep native {seeds} {th} {steps} {ms:.1}");
    }
    Ok(())
}
