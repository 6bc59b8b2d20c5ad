//! `cargo xtask bench erasure`: Reed-Solomon 10+4, ours against `reed-solomon-erasure`
//! (benches/core: `src/erasure.rs`), natively (its pure-Rust build and its C SIMD build)
//! and in headless Chromium (wasm, `+simd128`; the peer is pure Rust there).
//!
//! Reads `distlab-erasure <where> <peer> <impl> <op> <chunk bytes> <check> <ms,…>` lines.
//! A `check` other than `ok` (parity differing between the two crates, a wrong rebuilt
//! chunk) fails the command: a fast wrong answer is no result.

use super::{core_cargo, core_wasm, median, where_name, Options, Row};
use std::time::Duration;

const PREFIX: &str = "distlab-erasure ";
/// 10+4 encode with 16 KiB chunks in Chromium, MB/s of data.
const GOAL_WASM_ENCODE_MBS: f64 = 2_500.0;
/// Times reed-solomon-erasure in wasm.
const GOAL_VS_RSE_WASM: f64 = 5.0;
/// Times reed-solomon-erasure's SIMD build natively.
const GOAL_VS_RSE_SIMD: f64 = 1.0;
/// Rebuilding 2 lost chunks costs at most this many encodes.
const GOAL_REBUILD_VS_ENCODE: f64 = 2.0;
/// `ReedSolomon::new(10, 4)`, µs.
const GOAL_SETUP_US: f64 = 1_000.0;

/// One report line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    where_: String,
    peer: String,
    imp: String,
    op: String,
    len: u64,
    check: String,
    times: Vec<f64>,
}

impl Line {
    fn median(&self) -> Option<f64> {
        median(&self.times)
    }
    /// MB/s of data (10 chunks).
    fn mbs(&self) -> Option<f64> {
        Some((10 * self.len) as f64 / 1e6 / (self.median()? / 1e3))
    }
}

pub(super) fn parse(output: &str) -> Vec<Line> {
    let mut v = Vec::new();
    for line in output.lines() {
        let Some(i) = line.find(PREFIX) else { continue };
        let f: Vec<&str> = line[i + PREFIX.len()..].split_whitespace().collect();
        let [where_, peer, imp, op, len, check, times] = f[..] else {
            continue;
        };
        let Ok(len) = len.parse() else { continue };
        let Some(times) = super::parse_times(times) else {
            continue;
        };
        v.push(Line {
            where_: where_.into(),
            peer: peer.into(),
            imp: imp.into(),
            op: op.into(),
            len,
            check: check.into(),
            times,
        });
    }
    v
}

/// Native stage: the pure-Rust peer, then the SIMD peer (a failed SIMD build is a note).
pub(super) fn stage_native(o: &Options, notes: &mut Vec<String>) -> Result<String, String> {
    println!();
    println!("== Reed-Solomon 10+4 natively (release): ours vs reed-solomon-erasure");
    let runs = o.runs.to_string();
    // The bench crate's build flags (benches/core/.cargo/config.toml: x86-64-v3, AVX2)
    // switch distlab-core to its SIMD nibble kernel, which the product workspace's
    // baseline builds never compile: first its erasure tests (every kernel against the
    // reference on random shapes and lengths, and against reed-solomon-erasure) with the
    // same flags, from the same folder.
    println!("   (distlab-core's erasure tests, built with the bench crate's flags)");
    let manifest = crate::util::repo_root().join("Cargo.toml");
    super::captured(
        &mut core_cargo(&[
            "test",
            "--release",
            "--manifest-path",
            &manifest.to_string_lossy(),
            "-p",
            "distlab-core",
            "--test",
            "erasure_codec",
            "--test",
            "erasure_crosscheck",
        ]),
        Duration::from_secs(30 * 60),
    )?;
    let mut out = super::captured(
        &mut core_cargo(&[
            "run",
            "--release",
            "--bin",
            "erasure",
            "--",
            "--runs",
            &runs,
        ]),
        Duration::from_secs(30 * 60),
    )?;
    println!();
    println!("== the same against reed-solomon-erasure's simd-accel (C, built with the cc crate)");
    match super::captured(
        &mut core_cargo(&[
            "run",
            "--release",
            "--bin",
            "erasure",
            "--features",
            "simd",
            "--",
            "--runs",
            &runs,
        ]),
        Duration::from_secs(30 * 60),
    ) {
        Ok(s) => out.push_str(&s),
        Err(e) => notes.push(format!(
            "reed-solomon-erasure's simd-accel did not build or run here: {e}"
        )),
    }
    Ok(out)
}

/// Browser stage.
pub(super) fn stage_wasm(o: &Options) -> Result<String, String> {
    println!();
    println!("== Reed-Solomon 10+4 in headless Chromium (wasm32, +simd128)");
    core_wasm(o, "erasure_throughput")
}

fn op_name(op: &str) -> &'static str {
    match op {
        "setup" => "setup: ReedSolomon::new(10, 4)",
        "encode" => "encode 4 parity",
        "rebuild2" => "rebuild 2 lost data (0, 1)",
        "rebuild2p" => "rebuild 2 lost (data 0, parity 10)",
        "rebuild4" => "rebuild 4 lost (0, 1, 10, 11)",
        _ => "?",
    }
}

fn size(len: u64) -> String {
    if len >= 1 << 20 {
        format!("{} MiB", len >> 20)
    } else {
        format!("{} KiB", len >> 10)
    }
}

fn find<'a>(
    lines: &'a [Line],
    w: &str,
    peer: &str,
    imp: &str,
    op: &str,
    len: u64,
) -> Option<&'a Line> {
    lines
        .iter()
        .find(|l| l.where_ == w && l.peer == peer && l.imp == imp && l.op == op && l.len == len)
}

/// Prints the detail table; returns the summary rows and the failed checks.
pub(super) fn report(lines: &[Line]) -> (Vec<Row>, Vec<String>) {
    let mut problems = Vec::new();
    for l in lines {
        if l.check != "ok" {
            problems.push(format!(
                "erasure {} {} {} {} {}: {}",
                l.where_, l.peer, l.imp, l.op, l.len, l.check
            ));
        }
    }
    if lines.is_empty() {
        return (Vec::new(), problems);
    }
    println!();
    println!(
        "== Reed-Solomon 10+4 (MB/s of data = 10 × chunk per call; medians; ratio = ours / theirs)"
    );
    println!(
        "{:<9} {:<18} {:<36} {:>8} {:>11} {:>11} {:>7}  check",
        "where", "peer", "operation", "chunk", "ours MB/s", "theirs MB/s", "ratio"
    );
    let mut keys: Vec<(String, String, String, u64)> = Vec::new();
    for l in lines {
        let k = (l.where_.clone(), l.peer.clone(), l.op.clone(), l.len);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    for (w, peer, op, len) in &keys {
        let ours = find(lines, w, peer, "ours", op, *len);
        let theirs = find(lines, w, peer, "theirs", op, *len);
        let check = ours.or(theirs).map_or("-", |l| l.check.as_str());
        if op == "setup" {
            let (o, t) = (
                ours.and_then(Line::median).map(|m| m * 1e3),
                theirs.and_then(Line::median).map(|m| m * 1e3),
            );
            println!(
                "{:<9} {:<18} {:<36} {:>8} {:>11} {:>11} {:>7}  {check}",
                where_name(w),
                peer_name(peer),
                op_name(op),
                "-",
                o.map_or("-".into(), |v| format!("{v:.2} µs")),
                t.map_or("-".into(), |v| format!("{v:.2} µs")),
                ratio_s(t, o),
            );
            continue;
        }
        let (o, t) = (ours.and_then(Line::mbs), theirs.and_then(Line::mbs));
        println!(
            "{:<9} {:<18} {:<36} {:>8} {:>11} {:>11} {:>7}  {check}",
            where_name(w),
            peer_name(peer),
            op_name(op),
            size(*len),
            o.map_or("-".into(), |v| format!("{v:.0}")),
            t.map_or("-".into(), |v| format!("{v:.0}")),
            ratio_s(o, t),
        );
    }

    // Summary rows, against the goals.
    let mut rows = Vec::new();
    let mbs = |l: Option<&Line>| l.and_then(Line::mbs);
    let len16 = 16 << 10;
    let enc = |w: &str, peer: &str, len: u64| {
        (
            mbs(find(lines, w, peer, "ours", "encode", len)),
            mbs(find(lines, w, peer, "theirs", "encode", len)),
        )
    };
    let (o, t) = enc("wasm", "rse", len16);
    rows.push(Row::new(
        "RS 10+4 encode 16 KiB, Chromium",
        o.map(|v| format!("{v:.0} MB/s")),
        t.map(|v| format!("{v:.0} MB/s")),
        ratio_f(o, t),
        format!("≥ {GOAL_WASM_ENCODE_MBS:.0} MB/s"),
        o.map(|v| v >= GOAL_WASM_ENCODE_MBS),
    ));
    for len in [16u64 << 10, 64 << 10, 1 << 20] {
        let (o, t) = enc("wasm", "rse", len);
        let r = ratio_f(o, t);
        rows.push(Row::new(
            &format!("RS encode {}, Chromium, vs rse", size(len)),
            o.map(|v| format!("{v:.0} MB/s")),
            t.map(|v| format!("{v:.0} MB/s")),
            r,
            format!("≥ {GOAL_VS_RSE_WASM:.0}× rse"),
            r.map(|r| r >= GOAL_VS_RSE_WASM),
        ));
    }
    for len in [16u64 << 10, 64 << 10, 1 << 20] {
        let (o, t) = enc("native", "rse-simd", len);
        let r = ratio_f(o, t);
        rows.push(Row::new(
            &format!("RS encode {}, native, vs rse SIMD", size(len)),
            o.map(|v| format!("{v:.0} MB/s")),
            t.map(|v| format!("{v:.0} MB/s")),
            r,
            format!("≥ {GOAL_VS_RSE_SIMD:.0}× rse-simd"),
            r.map(|r| r >= GOAL_VS_RSE_SIMD),
        ));
    }
    // Rebuilding 2 lost chunks vs one encode (ours; time ratio), every place and size.
    for (w, peer) in [("wasm", "rse"), ("native", "rse")] {
        for op in ["rebuild2", "rebuild2p"] {
            for len in [16u64 << 10, 64 << 10, 1 << 20] {
                let rb = find(lines, w, peer, "ours", op, len).and_then(Line::median);
                let rt = find(lines, w, peer, "theirs", op, len).and_then(Line::median);
                let en = find(lines, w, peer, "ours", "encode", len).and_then(Line::median);
                let cost = rb.zip(en).map(|(r, e)| r / e);
                let mb =
                    |m: Option<f64>| m.map(|m| format!("{:.0} MB/s", (10 * len) as f64 / 1e3 / m));
                rows.push(Row::new(
                    &format!(
                        "RS {} {}, {}: cost in encodes {}",
                        if op == "rebuild2" {
                            "rebuild 2 data"
                        } else {
                            "rebuild data+parity"
                        },
                        size(len),
                        where_name(w),
                        cost.map_or("-".into(), |c| format!("{c:.2}")),
                    ),
                    mb(rb),
                    mb(rt),
                    rt.zip(rb).map(|(t, o)| t / o),
                    format!("≤ {GOAL_REBUILD_VS_ENCODE:.0} encodes"),
                    cost.map(|c| c <= GOAL_REBUILD_VS_ENCODE),
                ));
            }
        }
    }
    for w in ["wasm", "native"] {
        let o = find(lines, w, "rse", "ours", "setup", 0)
            .and_then(Line::median)
            .map(|m| m * 1e3);
        let t = find(lines, w, "rse", "theirs", "setup", 0)
            .and_then(Line::median)
            .map(|m| m * 1e3);
        rows.push(Row::new(
            &format!("RS setup new(10, 4), {}", where_name(w)),
            o.map(|v| format!("{v:.1} µs")),
            t.map(|v| format!("{v:.1} µs")),
            t.zip(o).map(|(t, o)| t / o),
            format!("< {GOAL_SETUP_US:.0} µs"),
            o.map(|v| v < GOAL_SETUP_US),
        ));
    }
    (rows, problems)
}

fn peer_name(p: &str) -> &'static str {
    match p {
        "rse" => "rse 6 (pure Rust)",
        "rse-simd" => "rse 6 simd-accel",
        _ => "?",
    }
}

fn ratio_f(ours: Option<f64>, theirs: Option<f64>) -> Option<f64> {
    Some(ours? / theirs?)
}

fn ratio_s(ours: Option<f64>, theirs: Option<f64>) -> String {
    ratio_f(ours, theirs).map_or("-".into(), |r| format!("{r:.2}×"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_and_a_mismatch_is_a_problem() {
        let out = "x distlab-erasure wasm rse ours encode 16384 ok 0.1,0.2,0.3\n\
                   distlab-erasure wasm rse theirs encode 16384 ok 0.5\n\
                   distlab-erasure native rse ours rebuild2 16384 MISMATCH:x 0.1\n\
                   distlab-erasure broken";
        let l = parse(out);
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].median(), Some(0.2));
        let (rows, problems) = report(&l);
        assert_eq!(problems.len(), 1);
        let first = &rows[0];
        assert_eq!(first.met, Some(false)); // 819 MB/s < 2.5 GB/s
        assert!((first.ratio.unwrap() - 2.5).abs() < 1e-9);
    }
}
