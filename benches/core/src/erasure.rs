//! Reed-Solomon 10+4: ours (`distlab_core::erasure::ReedSolomon`) against
//! `reed-solomon-erasure` (`galois_8::ReedSolomon`), on the same data in the same run.
//!
//! Report lines:
//!
//! ```text
//! distlab-erasure <where> <peer> <impl> <op> <chunk bytes> <check> <ms per call,…>
//! ```
//!
//! - `where`: `native` or `wasm`; `peer`: `rse` (pure Rust) or `rse-simd` (its C SIMD
//!   kernels, native only) — the two impls of one line pair were timed in turns;
//! - `impl`: `ours` or `theirs`;
//! - `op`: `setup` (`ReedSolomon::new(10, 4)`, chunk bytes 0), `encode` (4 parity chunks
//!   from 10 data chunks), `rebuild2` (data chunks 0 and 1 lost), `rebuild2p` (data chunk
//!   0 and parity chunk 10 lost), `rebuild4` (0, 1, 10, 11 lost); every rebuild allocates
//!   the rebuilt chunks (`reconstruct` on `Option<Vec<u8>>` slots, both crates);
//! - `check`: `ok` when, after the timed calls, ours and theirs hold byte-identical parity
//!   and every rebuilt chunk equals the original; anything else is a failure.

use crate::{join_times, time_turns};
use distlab_core::erasure::ReedSolomon;
use reed_solomon_erasure::galois_8::ReedSolomon as Theirs;
use std::hint::black_box;

/// Data chunks.
pub const K: usize = 10;
/// Parity chunks.
pub const M: usize = 4;
/// Chunk lengths measured.
pub const LENS: [usize; 3] = [16 << 10, 64 << 10, 1 << 20];

/// `K` chunks of `len` pseudo-random bytes (xorshift64, fixed seed).
pub fn data(len: usize) -> Vec<Vec<u8>> {
    let mut x = 0x9E37_79B9_7F4A_7C15_u64;
    (0..K)
        .map(|_| {
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x >> 24) as u8
                })
                .collect()
        })
        .collect()
}

/// The rebuild cases: name and lost chunks.
pub const REBUILDS: [(&str, &[usize]); 3] = [
    ("rebuild2", &[0, 1]),
    ("rebuild2p", &[0, 10]),
    ("rebuild4", &[0, 1, 10, 11]),
];

/// Runs every case; `peer` names the build of reed-solomon-erasure (`rse`, `rse-simd`).
pub fn run(
    where_: &str,
    peer: &str,
    now: &dyn Fn() -> f64,
    runs: usize,
    batch_ms: f64,
    mut out: impl FnMut(String),
) {
    let mut line = |imp: &str, op: &str, len: usize, check: &str, times: &[f64]| {
        out(format!(
            "distlab-erasure {where_} {peer} {imp} {op} {len} {check} {}",
            join_times(times)
        ))
    };

    // Warm-up, half a second of every operation of both crates before any timing: V8 first
    // runs wasm in its baseline compiler and tiers hot functions up to its optimising one
    // while they run, so without this the first timed case (16 KiB encode) is measured
    // partly in baseline code (seen: 820 MB/s instead of ~2.8 GB/s).
    {
        let ours = ReedSolomon::new(K, M).expect("10+4");
        let theirs = Theirs::new(K, M).expect("10+4");
        let data = data(16 << 10);
        let mut parity = vec![vec![0u8; 16 << 10]; M];
        let chunks: Vec<Option<Vec<u8>>> = ours
            .encode(&data)
            .expect("encode")
            .into_iter()
            .map(Some)
            .collect();
        let end = now() + 500.0;
        while now() < end {
            ours.encode_parity(black_box(&data), &mut parity)
                .expect("encode");
            theirs
                .encode_sep(black_box(&data), &mut parity)
                .expect("encode");
            for (_, lost) in REBUILDS {
                let mut s = chunks.clone();
                for &i in lost {
                    s[i] = None;
                }
                ours.reconstruct(&mut s).expect("rebuild");
                let mut s = chunks.clone();
                for &i in lost {
                    s[i] = None;
                }
                theirs.reconstruct(&mut s).expect("rebuild");
            }
        }
    }

    // Setup: building the codec (matrices; tables are compile-time constants in both).
    let mut t = time_turns(
        now,
        runs,
        batch_ms,
        &mut [
            &mut || {
                black_box(ReedSolomon::new(black_box(K), black_box(M)).expect("10+4"));
            },
            &mut || {
                black_box(Theirs::new(black_box(K), black_box(M)).expect("10+4"));
            },
        ],
    );
    let ok_setup = ReedSolomon::new(K, M)
        .expect("10+4")
        .encoding_matrix()
        .rows()
        == K + M;
    let check = if ok_setup { "ok" } else { "MISMATCH:setup" };
    let theirs_t = t.pop().unwrap_or_default();
    let ours_t = t.pop().unwrap_or_default();
    line("ours", "setup", 0, check, &ours_t);
    line("theirs", "setup", 0, check, &theirs_t);

    let ours = ReedSolomon::new(K, M).expect("10+4");
    let theirs = Theirs::new(K, M).expect("10+4");
    for len in LENS {
        let data = data(len);
        // Encode.
        let mut p_ours = vec![vec![0u8; len]; M];
        let mut p_theirs = vec![vec![0u8; len]; M];
        let mut t = time_turns(
            now,
            runs,
            batch_ms,
            &mut [
                &mut || {
                    ours.encode_parity(black_box(&data), &mut p_ours)
                        .expect("encode");
                },
                &mut || {
                    theirs
                        .encode_sep(black_box(&data), &mut p_theirs)
                        .expect("encode");
                },
            ],
        );
        let mut check = String::from("ok");
        if p_ours != p_theirs {
            check = "MISMATCH:parity-differs".into();
        } else if p_ours.iter().all(|p| p.iter().all(|&b| b == 0)) {
            check = "MISMATCH:parity-all-zero".into();
        } else if theirs.verify(&data.iter().chain(&p_theirs).collect::<Vec<_>>()) != Ok(true) {
            check = "MISMATCH:theirs-verify".into();
        }
        let theirs_t = t.pop().unwrap_or_default();
        let ours_t = t.pop().unwrap_or_default();
        line("ours", "encode", len, &check, &ours_t);
        line("theirs", "encode", len, &check, &theirs_t);

        // Rebuilds: lose chunks, reconstruct them (each crate allocates them), repeat.
        let chunks: Vec<Vec<u8>> = data.iter().chain(&p_theirs).cloned().collect();
        for (op, lost) in REBUILDS {
            let mut s_ours: Vec<Option<Vec<u8>>> = chunks.iter().cloned().map(Some).collect();
            let mut s_theirs = s_ours.clone();
            let mut t = time_turns(
                now,
                runs,
                batch_ms,
                &mut [
                    &mut || {
                        for &i in lost {
                            s_ours[i] = None;
                        }
                        ours.reconstruct(black_box(&mut s_ours)).expect("rebuild");
                    },
                    &mut || {
                        for &i in lost {
                            s_theirs[i] = None;
                        }
                        theirs
                            .reconstruct(black_box(&mut s_theirs))
                            .expect("rebuild");
                    },
                ],
            );
            let same =
                |s: &[Option<Vec<u8>>]| s.iter().zip(&chunks).all(|(a, b)| a.as_ref() == Some(b));
            let check = match (same(&s_ours), same(&s_theirs)) {
                (true, true) => "ok",
                (false, _) => "MISMATCH:ours-rebuilt-wrong",
                (true, false) => "MISMATCH:theirs-rebuilt-wrong",
            };
            let theirs_t = t.pop().unwrap_or_default();
            let ours_t = t.pop().unwrap_or_default();
            line("ours", op, len, check, &ours_t);
            line("theirs", op, len, check, &theirs_t);
        }
    }
}
