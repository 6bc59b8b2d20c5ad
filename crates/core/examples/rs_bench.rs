//! How fast is our Reed-Solomon, next to the `reed-solomon-erasure` crate (pure Rust,
//! default features) in the same run? For 10+4 with 16 KiB, 64 KiB and 1 MiB chunks it
//! prints, in MB/s of *data* (k × chunk length per operation, 1 MB = 10^6 bytes):
//!
//! - `encode`: compute the 4 parity chunks from the 10 data chunks;
//! - `rebuild 2` / `rebuild 4`: 2 (or 4) chunks lost — data chunks 0 and 1, plus parity
//!   chunks 10 and 11 for 4 — and filled in again from the survivors.
//!
//! Each figure is the best of five timed batches; the ratio is ours / theirs.
//! Our native fast path is [`Kernel::BitMasks`] (no SIMD intrinsics natively: no
//! `unsafe`, baseline x86-64); every kernel is shown once, at 64 KiB, for scale.
//!
//! Run: `cargo run --release -p distlab-core --example rs_bench`

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::run();
}

#[cfg(not(target_arch = "wasm32"))]
mod bench {
    use distlab_core::erasure::{Kernel, ReedSolomon};
    use reed_solomon_erasure::galois_8::ReedSolomon as Theirs;
    use std::hint::black_box;
    use std::time::Instant;

    const K: usize = 10;
    const M: usize = 4;

    /// Best MB/s of data over `batches` batches, each repeating `f` until ~`target` s.
    fn mb_per_s(data_bytes: usize, mut f: impl FnMut()) -> f64 {
        // Warm up and size a batch to take about 50 ms.
        let t = Instant::now();
        f();
        let once = t.elapsed().as_secs_f64().max(1e-7);
        let reps = ((0.05 / once) as usize).clamp(1, 100_000);
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let t = Instant::now();
            for _ in 0..reps {
                f();
            }
            best = best.min(t.elapsed().as_secs_f64() / reps as f64);
        }
        data_bytes as f64 / best / 1e6
    }

    fn data(len: usize) -> Vec<Vec<u8>> {
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

    fn row(what: &str, ours: f64, theirs: f64) {
        println!(
            "  {what:<10} ours {ours:>8.0} MB/s   reed-solomon-erasure {theirs:>8.0} MB/s   ratio {:>5.2}×",
            ours / theirs
        );
    }

    pub fn run() {
        let ours = ReedSolomon::new(K, M).expect("10+4");
        let theirs = Theirs::new(K, M).expect("10+4");
        println!(
            "Reed-Solomon {K}+{M}, native, our kernel: {}",
            ours.kernel().name()
        );
        for len in [16 * 1024, 64 * 1024, 1024 * 1024] {
            let data = data(len);
            let data_bytes = K * len;
            println!("{} KiB chunks:", len / 1024);

            let mut parity = vec![vec![0u8; len]; M];
            let e_ours = mb_per_s(data_bytes, || {
                ours.encode_parity(black_box(&data), &mut parity)
                    .expect("encode");
            });
            let mut parity2 = vec![vec![0u8; len]; M];
            let e_theirs = mb_per_s(data_bytes, || {
                theirs
                    .encode_sep(black_box(&data), &mut parity2)
                    .expect("encode");
            });
            assert_eq!(parity, parity2, "both crates compute the same parity");
            row("encode", e_ours, e_theirs);

            let chunks: Vec<Vec<u8>> = data.iter().chain(&parity).cloned().collect();
            for lost in [&[0usize, 1][..], &[0, 1, 10, 11]] {
                let mut slots: Vec<Option<Vec<u8>>> = chunks.iter().cloned().map(Some).collect();
                // Drop the lost chunks, rebuild them (each coder allocates them), repeat.
                let lose = |slots: &mut [Option<Vec<u8>>]| {
                    for &i in lost {
                        slots[i] = None;
                    }
                };
                let r_ours = mb_per_s(data_bytes, || {
                    lose(&mut slots);
                    ours.reconstruct(black_box(&mut slots)).expect("rebuild");
                });
                assert!(slots
                    .iter()
                    .zip(&chunks)
                    .all(|(s, c)| s.as_ref() == Some(c)));
                let r_theirs = mb_per_s(data_bytes, || {
                    lose(&mut slots);
                    theirs.reconstruct(black_box(&mut slots)).expect("rebuild");
                });
                assert!(slots
                    .iter()
                    .zip(&chunks)
                    .all(|(s, c)| s.as_ref() == Some(c)));
                row(&format!("rebuild {}", lost.len()), r_ours, r_theirs);
            }
            if len == 64 * 1024 {
                for kernel in Kernel::ALL {
                    let other = ours.clone().with_kernel(kernel);
                    let e = mb_per_s(data_bytes, || {
                        other
                            .encode_parity(black_box(&data), &mut parity)
                            .expect("encode");
                    });
                    println!("    encode with {:<30} {e:>8.0} MB/s", kernel.name());
                }
            }
        }
        println!("(ratio = ours / reed-solomon-erasure; a rebuild includes allocating the rebuilt chunks)");
    }
}
