//! `cargo xtask bench`: benchmark figures, printed side by side from one run on one machine.
//!
//! 1. **Bundle size** of the built site (`dist/distlab-site_bg.wasm` and
//!    `dist/distlab-site.js`, raw and `gzip -9`); `trunk build --release --offline` first
//!    when `dist/` is missing or older than the sources.
//! 2. **Merkle build throughput**, RFC 6962 root of 2^20 leaves × 32 B and 1,024 leaves ×
//!    4 KiB, by
//!    - distlab-core natively and in headless Chromium (wasm, `+simd128`), both its fast
//!      `MerkleTree::build` and the one-hash-per-node `build_reference`;
//!    - `rs_merkle` natively and compiled to wasm in the same Chromium run
//!      (`benches/merkle`, a crate outside the product's workspace: see its Cargo.toml);
//!    - `merkletreejs` in Node, with `node:crypto` SHA-256 and with its default hash
//!      (`benches/node`, npm packages pinned by its package-lock.json).
//!
//! Every implementation's root is checked against an independent reference (RFC 6962's
//! recursive definition over `sha2`, itself checked against RFC 6962's published roots):
//! a fast wrong answer fails the command. Speed is never asserted: the goals of issue 2
//! are printed next to the figures, met or not.
//!
//! 3. **Reed-Solomon 10+4** encode and rebuild, ours against `reed-solomon-erasure`
//!    natively (pure Rust and its C SIMD build) and in Chromium: [`erasure`].
//! 4. **Raft simulation**: deliveries and events per second, a frame's work, allocations
//!    per delivery, the 10,000-seed sweep: [`raft`]. (3 and 4 run `benches/core`.)
//!
//! The output ends with one summary table, a row per case with its goal, met or not.
//!
//! ```text
//! cargo xtask bench [merkle] [erasure] [raft] [gossip] [observability] [cdc] [kubernetes] [--runs N]
//!                   [--skip size,native,wasm,node]
//!                   [--no-build] [--node-budget SECONDS] [--product-profile]
//! ```

mod erasure;
mod gossip;
mod models;
mod observability;
mod posts;
mod raft;

use crate::setup::{self, Needs};
use crate::site;
use crate::util::{self, fmt_duration, fmt_kb, run_tee};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const USAGE: &str = "\
cargo xtask bench [merkle] [erasure] [raft] [gossip] [observability] [cdc] [kubernetes] [options]
cargo xtask bench posts [--runs N] [--baseline GIT-REV] [--no-build]

  merkle, erasure, raft, gossip, observability, cdc, kubernetes
                         which benchmarks (default: all seven; the bundle size goes
                         with merkle)
  --runs N               timed runs per implementation natively and in Chromium, after one
                         warm-up (default 7; the median is reported)
  --skip LIST            leave out stages: size, native, wasm, node (comma-separated)
  --no-build             report dist/ as it is, even if older than the sources
  --node-budget SECONDS  time budget per merkletreejs measurement (default 20): it repeats
                         a build up to 5 times while within budget, and always runs once
  --product-profile      also time the wasm built with the site's opt-level \"z\"

  posts                  per blog post with widgets: the files it fetched (raw, gzip) and
                         the time to its first mounted widget in Chromium; --baseline REV
                         also builds that commit's site (cached in target/bench-baseline)
                         and measures it in the same run (see xtask/src/bench/posts.rs)
";

/// The gzip goal for one post's widgets: its family's wasm + JS plus the loader.
const GOAL_BUNDLE_GZIP: u64 = 150 * 1024;
/// The goal for the RFC 6962 root of 2^20 × 32 B leaves in Chromium, in milliseconds.
const GOAL_BIG_TREE_MS: f64 = 150.0;
/// How many times faster than rs_merkle in wasm.
const GOAL_VS_RS_MERKLE: f64 = 3.0;
/// How many times faster than merkletreejs.
const GOAL_VS_MERKLETREEJS: f64 = 30.0;
/// The case the absolute goal is stated for.
const BIG_CASE: &str = "2^20x32B";
/// The site's module, whose age tells whether `dist/` is stale.
const SITE_WASM: &str = "distlab-site_bg.wasm";
/// Prefix of the report lines the bench programs print.
const LINE: &str = "distlab-bench ";
/// Prefix of their notes (facts shown under the table).
const NOTE: &str = "distlab-bench-note ";
/// Prefix of their diagnostics (where our time goes).
const DIAG: &str = "distlab-bench-diag ";

/// Parsed command line.
#[derive(Debug, Clone, PartialEq)]
struct Options {
    runs: usize,
    size: bool,
    native: bool,
    wasm: bool,
    node: bool,
    build: bool,
    node_budget_s: f64,
    product_profile: bool,
    merkle: bool,
    erasure: bool,
    raft: bool,
    gossip: bool,
    observability: bool,
    cdc: bool,
    kubernetes: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 7,
            size: true,
            native: true,
            wasm: true,
            node: true,
            build: true,
            node_budget_s: 20.0,
            product_profile: false,
            merkle: true,
            erasure: true,
            raft: true,
            gossip: true,
            observability: true,
            cdc: true,
            kubernetes: true,
        }
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let suites = [
        "merkle",
        "erasure",
        "raft",
        "gossip",
        "observability",
        "cdc",
        "kubernetes",
    ];
    if args.iter().any(|a| suites.contains(&a.as_str())) {
        o.merkle = args.iter().any(|a| a == "merkle");
        o.erasure = args.iter().any(|a| a == "erasure");
        o.raft = args.iter().any(|a| a == "raft");
        o.gossip = args.iter().any(|a| a == "gossip");
        o.observability = args.iter().any(|a| a == "observability");
        o.cdc = args.iter().any(|a| a == "cdc");
        o.kubernetes = args.iter().any(|a| a == "kubernetes");
    }
    let mut it = args.iter().filter(|a| !suites.contains(&a.as_str()));
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "--runs" => {
                let v = value("--runs")?;
                o.runs = v
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or(format!("--runs: `{v}` is not a number ≥ 1"))?;
            }
            "--skip" => {
                for s in value("--skip")?.split(',').filter(|s| !s.is_empty()) {
                    match s {
                        "size" => o.size = false,
                        "native" => o.native = false,
                        "wasm" => o.wasm = false,
                        "node" => o.node = false,
                        other => return Err(format!("--skip: unknown stage `{other}`")),
                    }
                }
            }
            "--no-build" => o.build = false,
            "--node-budget" => {
                let v = value("--node-budget")?;
                o.node_budget_s = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s >= 0.0)
                    .ok_or(format!("--node-budget: `{v}` is not a number of seconds"))?;
            }
            "--product-profile" => o.product_profile = true,
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(o)
}

/// One report line: an implementation's root and timings for one case.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    imp: String,
    scheme: String,
    case: String,
    leaves: u64,
    leaf_bytes: u64,
    root: String,
    times: Vec<f64>,
}

impl Sample {
    fn median(&self) -> Option<f64> {
        median(&self.times)
    }
    fn data_bytes(&self) -> f64 {
        (self.leaves * self.leaf_bytes) as f64
    }
}

/// The median of `xs` (mean of the middle two for an even count).
fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
}

/// One diagnostic line: `distlab-bench-diag <where> <what> <messages> <bytes each> <ms,…>`.
#[derive(Debug, Clone, PartialEq)]
struct Diag {
    where_: String,
    what: String,
    messages: u64,
    bytes: u64,
    times: Vec<f64>,
}

fn parse_times(times: &str) -> Option<Vec<f64>> {
    if times == "-" {
        return Some(Vec::new());
    }
    times.split(',').map(|t| t.parse().ok()).collect()
}

fn parse_diag(rest: &str) -> Option<Diag> {
    let f: Vec<&str> = rest.split_whitespace().collect();
    let [where_, what, messages, bytes, times] = f[..] else {
        return None;
    };
    Some(Diag {
        where_: where_.into(),
        what: what.into(),
        messages: messages.parse().ok()?,
        bytes: bytes.parse().ok()?,
        times: parse_times(times)?,
    })
}

/// What the bench programs printed: results, diagnostics and notes.
#[derive(Debug, Default)]
struct Parsed {
    samples: Vec<Sample>,
    diags: Vec<Diag>,
    notes: Vec<String>,
}

/// Reads `distlab-bench <impl> <scheme> <case> <leaves> <leaf bytes> <root> <ms,…|->`,
/// `distlab-bench-diag …` and `distlab-bench-note <text>` lines out of programs' output.
fn parse_output(output: &str) -> Parsed {
    let mut samples = Vec::new();
    let mut notes = Vec::new();
    let mut diags = Vec::new();
    for line in output.lines() {
        // The browser runner may put something before the console text.
        if let Some(i) = line.find(NOTE) {
            notes.push(line[i + NOTE.len()..].trim().to_owned());
            continue;
        }
        if let Some(i) = line.find(DIAG) {
            diags.extend(parse_diag(&line[i + DIAG.len()..]));
            continue;
        }
        let Some(i) = line.find(LINE) else { continue };
        let f: Vec<&str> = line[i + LINE.len()..].split_whitespace().collect();
        let [imp, scheme, case, leaves, leaf_bytes, root, times] = f[..] else {
            continue;
        };
        let (Ok(leaves), Ok(leaf_bytes)) = (leaves.parse(), leaf_bytes.parse()) else {
            continue;
        };
        let times = if times == "-" {
            Vec::new()
        } else {
            match times
                .split(',')
                .map(str::parse)
                .collect::<Result<Vec<f64>, _>>()
            {
                Ok(t) => t,
                Err(_) => continue,
            }
        };
        samples.push(Sample {
            imp: imp.into(),
            scheme: scheme.into(),
            case: case.into(),
            leaves,
            leaf_bytes,
            root: root.into(),
            times,
        });
    }
    Parsed {
        samples,
        diags,
        notes,
    }
}

/// Prints where our time goes: SHA-256 one vs four at a time, and the inner levels alone.
fn print_diagnostics(diags: &[Diag]) {
    if diags.is_empty() {
        return;
    }
    println!();
    println!("== where ours spends its time (diagnostics, same runs)");
    println!(
        "{:<9} {:<64} {:>9} {:>8}",
        "where", "what", "median ms", "MB/s"
    );
    for d in diags {
        let Some(med) = median(&d.times) else {
            continue;
        };
        let where_ = if d.where_.starts_with("wasm") {
            "Chromium"
        } else {
            "native"
        };
        let what = match d.what.as_str() {
            "sha256-65B-hash1" => format!(
                "SHA-256 of {} messages × {} B, one at a time (hash1)",
                d.messages, d.bytes
            ),
            "sha256-65B-hash4" => format!(
                "SHA-256 of {} messages × {} B, four at a time (hash4)",
                d.messages, d.bytes
            ),
            "inner-levels-2^20" => {
                "2^20 tree without its leaves (from_leaf_hashes, + 32 MB copy)".to_owned()
            }
            other => other.to_owned(),
        };
        let z = if d.where_.ends_with("-z") { " [z]" } else { "" };
        println!(
            "{:<9} {:<64} {:>9} {:>8.1}",
            where_,
            format!("{what}{z}"),
            fmt_ms(med),
            (d.messages * d.bytes) as f64 / 1e6 / (med / 1e3)
        );
    }
}

/// Where an implementation ran and what to call it in the table, by its id.
fn describe_impl(id: &str) -> (&'static str, String) {
    let (where_, base) = if let Some(b) = id.strip_suffix("-native") {
        ("native", b)
    } else if let Some(b) = id.strip_suffix("-wasm-z") {
        ("Chromium", b)
    } else if let Some(b) = id.strip_suffix("-wasm") {
        ("Chromium", b)
    } else {
        ("Node", id)
    };
    let z = if id.ends_with("-wasm-z") {
        ", opt-level z"
    } else {
        ""
    };
    let simd = if where_ == "Chromium" {
        "4-lane simd128"
    } else {
        "native: 1 by 1, sha2"
    };
    let label = match base {
        "ours-build" => format!("ours MerkleTree::build ({simd}{z})"),
        "ours-build_reference" => format!("ours MerkleTree::build_reference (sha2{z})"),
        "rs_merkle" => format!("rs_merkle 1.5 from_leaves (sha2 0.10{z})"),
        "merkletreejs-node-crypto" => "merkletreejs 0.6 + node:crypto sha256".into(),
        "merkletreejs-node-default" => "merkletreejs 0.6, default hash (crypto-js)".into(),
        other => other.into(),
    };
    (where_, label)
}

/// `12.3 M`, `456 k`: leaves per second.
fn fmt_rate(per_s: f64) -> String {
    if per_s >= 1e6 {
        format!("{:.2} M", per_s / 1e6)
    } else if per_s >= 1e3 {
        format!("{:.0} k", per_s / 1e3)
    } else {
        format!("{per_s:.0}")
    }
}

/// Milliseconds with sensible precision.
fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else if ms >= 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.2}")
    }
}

/// `2^20 leaves × 32 B`.
fn describe_case(s: &Sample) -> String {
    let n = s.leaves;
    let leaves = if n.is_power_of_two() {
        format!("2^{} = {n} leaves", n.trailing_zeros())
    } else {
        format!("{n} leaves")
    };
    let size = if s.leaf_bytes.is_multiple_of(1024) {
        format!("{} KiB", s.leaf_bytes / 1024)
    } else {
        format!("{} B", s.leaf_bytes)
    };
    format!(
        "{leaves} × {size} = {:.2} MB of leaf data",
        s.data_bytes() / 1e6
    )
}

/// What the root check says for `s` given the reference roots (scheme → root) of its case.
fn check_root(s: &Sample, references: &BTreeMap<String, String>) -> Result<&'static str, String> {
    match references.get(&s.scheme) {
        None => Ok("unchecked (no reference)"),
        Some(r) if *r == s.root => Ok(if s.scheme == "rfc6962" {
            "ok"
        } else {
            "ok (plain, no prefixes)"
        }),
        Some(r) => Err(format!(
            "{} computed {} for {} but the {} reference root is {r}",
            s.imp, s.root, s.case, s.scheme
        )),
    }
}

/// The median of implementation `imp` on `case`.
fn median_of(samples: &[Sample], imp: &str, case: &str) -> Option<f64> {
    samples
        .iter()
        .find(|s| s.imp == imp && s.case == case)
        .and_then(Sample::median)
}

/// `peer / ours` for a case, as `3.4×`, with its goal verdict.
fn ratio(samples: &[Sample], ours: &str, peer: &str, case: &str) -> Option<f64> {
    Some(median_of(samples, peer, case)? / median_of(samples, ours, case)?)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

/// Prints the throughput tables, the ratios and the goals; returns the wrong roots.
fn print_results(samples: &[Sample], bundle_gzip: Option<u64>) -> (Vec<String>, Vec<Row>) {
    let mut wrong = Vec::new();
    let mut rows = Vec::new();
    let mut cases: Vec<&str> = Vec::new();
    for s in samples {
        if !cases.contains(&s.case.as_str()) {
            cases.push(&s.case);
        }
    }
    for case in &cases {
        let in_case: Vec<&Sample> = samples.iter().filter(|s| s.case == *case).collect();
        let references: BTreeMap<String, String> = in_case
            .iter()
            .filter(|s| s.imp == "reference")
            .map(|s| (s.scheme.clone(), s.root.clone()))
            .collect();
        let Some(first) = in_case.iter().find(|s| s.imp != "reference") else {
            continue;
        };
        println!();
        println!("== Merkle build, RFC 6962 root: {}", describe_case(first));
        println!(
            "{:<9} {:<52} {:>4} {:>9} {:>9} {:>9} {:>8} {:>11}  root",
            "where", "implementation", "runs", "median ms", "min ms", "max ms", "MB/s", "leaves/s"
        );
        for s in in_case.iter().filter(|s| s.imp != "reference") {
            let (where_, label) = describe_impl(&s.imp);
            let check = match check_root(s, &references) {
                Ok(c) => c.to_owned(),
                Err(e) => {
                    wrong.push(e);
                    "WRONG ROOT".to_owned()
                }
            };
            let Some(med) = s.median() else { continue };
            let min = s.times.iter().copied().fold(f64::INFINITY, f64::min);
            let max = s.times.iter().copied().fold(0.0, f64::max);
            println!(
                "{:<9} {:<52} {:>4} {:>9} {:>9} {:>9} {:>8.1} {:>11}  {check}",
                where_,
                label,
                s.times.len(),
                fmt_ms(med),
                fmt_ms(min),
                fmt_ms(max),
                s.data_bytes() / 1e6 / (med / 1e3),
                fmt_rate(s.leaves as f64 / (med / 1e3)),
            );
        }
        if let Some(r) = references.get("rfc6962") {
            println!("RFC 6962 root {r} (reference: RFC 6962 §2.1 recursion over sha2)");
        }
    }

    println!();
    println!("== ratios (peer's median time / ours; above 1 = ours faster)");
    let pairs: [(&str, &str, &str); 5] = [
        (
            "ours native vs rs_merkle native",
            "ours-build-native",
            "rs_merkle-native",
        ),
        (
            "ours wasm vs rs_merkle wasm (goal ≥ 3×)",
            "ours-build-wasm",
            "rs_merkle-wasm",
        ),
        (
            "ours wasm vs merkletreejs + node:crypto (goal ≥ 30×)",
            "ours-build-wasm",
            "merkletreejs-node-crypto",
        ),
        (
            "ours wasm vs merkletreejs default hash",
            "ours-build-wasm",
            "merkletreejs-node-default",
        ),
        (
            "ours wasm build vs build_reference (wasm)",
            "ours-build-wasm",
            "ours-build_reference-wasm",
        ),
    ];
    print!("{:<56}", "");
    for case in &cases {
        print!(" {case:>12}");
    }
    println!();
    for (label, ours, peer) in pairs {
        print!("{label:<56}");
        for case in &cases {
            let r = ratio(samples, ours, peer, case)
                .map(|r| format!("{r:.2}×"))
                .unwrap_or_else(|| "-".into());
            print!(" {r:>12}");
        }
        println!();
    }

    println!();
    println!("== goals (issue 2, item 8)");
    println!(
        "{:<52} {:>14} {:>10}  verdict",
        "goal", "measured", "target"
    );
    let big = median_of(samples, "ours-build-wasm", BIG_CASE);
    let mut row = |name: &str, measured: Option<String>, target: String, met: Option<bool>| {
        println!(
            "{:<52} {:>14} {:>10}  {}",
            name,
            measured.clone().unwrap_or_else(|| "-".into()),
            target,
            met.map(verdict).unwrap_or("not measured")
        );
        rows.push(Row::new(name, measured, None, None, target, met));
    };
    row(
        "RFC 6962 root of 2^20 × 32 B in Chromium",
        big.map(|m| format!("{} ms", fmt_ms(m))),
        format!("≤ {GOAL_BIG_TREE_MS:.0} ms"),
        big.map(|m| m <= GOAL_BIG_TREE_MS),
    );
    for case in &cases {
        let r = ratio(samples, "ours-build-wasm", "rs_merkle-wasm", case);
        row(
            &format!("faster than rs_merkle in wasm, {case}"),
            r.map(|r| format!("{r:.2}×")),
            format!("≥ {GOAL_VS_RS_MERKLE:.0}×"),
            r.map(|r| r >= GOAL_VS_RS_MERKLE),
        );
    }
    for case in &cases {
        let r = ratio(samples, "ours-build-wasm", "merkletreejs-node-crypto", case);
        row(
            &format!("faster than merkletreejs (node:crypto), {case}"),
            r.map(|r| format!("{r:.1}×")),
            format!("≥ {GOAL_VS_MERKLETREEJS:.0}×"),
            r.map(|r| r >= GOAL_VS_MERKLETREEJS),
        );
    }
    row(
        "largest post's widgets, gzip -9 (family wasm + JS + embed.js)",
        bundle_gzip.map(fmt_kb),
        fmt_kb(GOAL_BUNDLE_GZIP),
        bundle_gzip.map(|g| g <= GOAL_BUNDLE_GZIP),
    );
    (wrong, rows)
}

/// One row of the closing summary: a case, our figure, the peer's, ours/theirs, the goal.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    case: String,
    ours: String,
    theirs: String,
    ratio: Option<f64>,
    goal: String,
    met: Option<bool>,
}

/// How a report names where a run ran: `wasm` runs are in headless Chromium.
fn where_name(w: &str) -> &'static str {
    if w == "wasm" {
        "Chromium"
    } else {
        "native"
    }
}

impl Row {
    /// A throughput row, `<case> (native|Chromium)`: for information natively, judged
    /// against `goal` (printed as `goal_text`) in Chromium.
    fn per_second(case: &str, w: &str, per_s: f64, goal: f64, goal_text: &str) -> Row {
        let wasm = w == "wasm";
        Row::new(
            &format!("{case} ({})", where_name(w)),
            Some(format!("{per_s:.0}")),
            None,
            None,
            if wasm { goal_text.into() } else { "-".into() },
            wasm.then_some(per_s >= goal),
        )
    }

    fn new(
        case: &str,
        ours: Option<String>,
        theirs: Option<String>,
        ratio: Option<f64>,
        goal: String,
        met: Option<bool>,
    ) -> Row {
        Row {
            case: case.into(),
            ours: ours.unwrap_or_else(|| "-".into()),
            theirs: theirs.unwrap_or_else(|| "-".into()),
            ratio,
            goal,
            met,
        }
    }
}

/// The closing table.
fn print_summary(rows: &[Row]) {
    println!();
    println!("== summary: every case against its goal (ratio = ours / theirs as speed; above 1 = ours faster)");
    let w = rows
        .iter()
        .map(|r| r.case.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<w$}  {:>14}  {:>14}  {:>8}  {:<18}  verdict",
        "case", "ours", "theirs", "ratio", "goal"
    );
    for r in rows {
        println!(
            "{:<w$}  {:>14}  {:>14}  {:>8}  {:<18}  {}",
            r.case,
            r.ours,
            r.theirs,
            r.ratio.map_or("-".into(), |x| format!("{x:.2}×")),
            r.goal,
            match r.met {
                Some(m) => verdict(m),
                None if r.goal == "-" => "info",
                None => "not measured",
            }
        );
    }
}

// ---------------------------------------------------------------------------------------
// Stages

fn benches_dir() -> PathBuf {
    util::repo_root().join("benches")
}

fn merkle_dir() -> PathBuf {
    benches_dir().join("merkle")
}

/// benches/core: the erasure and Raft benchmarks.
fn core_dir() -> PathBuf {
    benches_dir().join("core")
}

/// `cargo …` in benches/core, with the bench target folder.
fn core_cargo(args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.args(args)
        .current_dir(core_dir())
        .env("CARGO_TARGET_DIR", bench_target_dir());
    c
}

/// benches/core's native binary `bin` (release) with `--runs`, under a heading; its
/// output, captured.
fn core_native(o: &Options, title: &str, bin: &str, limit: Duration) -> Result<String, String> {
    println!();
    println!("== {title}");
    let runs = o.runs.to_string();
    captured(
        &mut core_cargo(&["run", "--release", "--bin", bin, "--", "--runs", &runs]),
        limit,
    )
}

/// The whitespace-separated fields after `prefix` in a report line, if it holds one.
fn report_fields<'a>(line: &'a str, prefix: &str) -> Option<Vec<&'a str>> {
    let i = line.find(prefix)?;
    Some(line[i + prefix.len()..].split_whitespace().collect())
}

/// benches/core's browser test `test` (wasm, +simd128, release) in headless Chromium.
fn core_wasm(o: &Options, test: &str) -> Result<String, String> {
    check_pin(&core_dir())?;
    let mut c = core_cargo(&[
        "test",
        "--release",
        "--target",
        setup::WASM_TARGET,
        "--test",
        "browser",
        "--",
        "--nocapture",
        test,
    ]);
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-C target-feature=+simd128",
    )
    .env("CHROMEDRIVER", setup::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "900")
    .env("DISTLAB_BENCH_RUNS", o.runs.to_string());
    captured(&mut c, Duration::from_secs(40 * 60))
}

fn node_dir() -> PathBuf {
    benches_dir().join("node")
}

/// The bench crate's target folder: `$CARGO_TARGET_DIR` if set, else `target/bench`.
fn bench_target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::repo_root().join("target").join("bench"))
}

/// `/proc/loadavg`'s 1-minute figure, to show how busy the machine was.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Whether this CPU has the SHA extensions sha2 uses natively (Linux `/proc/cpuinfo`).
fn native_sha_extensions() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let flags = info.lines().find(|l| l.starts_with("flags"))?;
    let has = |f: &str| flags.split_whitespace().any(|w| w == f);
    Some(if has("sha_ni") {
        "SHA extensions (sha_ni) present: native sha2 hashes with them, one message at a \
         time (MerkleTree::build's 4-lane path is SIMD only in wasm)"
            .to_owned()
    } else {
        "no SHA extensions (sha_ni): native sha2 is plain software".to_owned()
    })
}

fn cpu_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// The newest modification time of the files under `path` (skipping build output).
fn newest_under(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_file() {
        return meta.modified().ok();
    }
    let mut newest = None;
    for entry in std::fs::read_dir(path).ok()?.flatten() {
        let name = entry.file_name();
        if matches!(name.to_str(), Some("target" | "node_modules" | ".git")) {
            continue;
        }
        newest = newest.max(newest_under(&entry.path()));
    }
    newest
}

/// Why `dist/` needs a build, or `None` if it is newer than every source of the site.
fn dist_staleness() -> Option<String> {
    let root = util::repo_root();
    let wasm = site::dist_dir().join(SITE_WASM);
    let Some(built) = modified(&wasm) else {
        return Some(format!("{} is missing", wasm.display()));
    };
    let sources = [
        "crates",
        "widgets",
        "site",
        "index.html",
        "Trunk.toml",
        "Cargo.toml",
        "Cargo.lock",
    ];
    let newest = sources
        .iter()
        .filter_map(|s| newest_under(&root.join(s)))
        .max()?;
    (newest > built).then(|| "dist/ is older than the sources".to_owned())
}

/// Stage 1: module sizes. Prints the site's, the loader's and each family's files;
/// returns the largest post's download: its family's wasm + JS plus the loader, gzip.
/// (`cargo xtask bench posts` measures what each post really fetches, in Chromium.)
fn stage_size(o: &Options) -> Result<u64, String> {
    println!();
    println!("== module sizes (dist/)");
    match dist_staleness() {
        Some(why) if o.build => {
            println!("{why}: building the site");
            util::run(&mut site::trunk_build_command())?;
        }
        Some(why) => println!("warning: {why}, reported as it is (--no-build)"),
        None => println!("dist/ is up to date with the sources"),
    }
    let dist = site::dist_dir();
    let top = site::bundle_sizes(&dist)?;
    site::print_sizes(&top);
    let loader = top
        .iter()
        .find(|s| s.name == "embed.js")
        .map(|s| s.gzip)
        .ok_or("dist/ has no embed.js")?;
    let families = site::bundle_sizes(&dist.join("families"))?;
    println!();
    site::print_sizes(&families);
    let mut largest = 0;
    for f in crate::families::FAMILIES {
        let gz: u64 = families
            .iter()
            .filter(|s| s.name == format!("{f}.js") || s.name == format!("{f}_bg.wasm"))
            .map(|s| s.gzip)
            .sum();
        if gz == 0 {
            return Err(format!("dist/families has no {f} module"));
        }
        println!(
            "a post of the {f} family downloads {} gzip (module {} + loader {})",
            fmt_kb(gz + loader),
            fmt_kb(gz),
            fmt_kb(loader)
        );
        largest = largest.max(gz + loader);
    }
    Ok(largest)
}

/// `cargo …` in the bench crate, with its own target folder.
fn bench_cargo(args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.args(args)
        .current_dir(merkle_dir())
        .env("CARGO_TARGET_DIR", bench_target_dir());
    c
}

/// Output of a stage's program, or why it failed.
fn captured(cmd: &mut Command, limit: Duration) -> Result<String, String> {
    let what = util::describe(cmd);
    let got = run_tee(cmd, limit)?;
    if got.success {
        Ok(got.output)
    } else if got.timed_out {
        Err(format!("`{what}` {}", got.status))
    } else {
        Err(format!("`{what}` failed ({})", got.status))
    }
}

/// Stage 2a: the native bench (release).
fn stage_native(o: &Options) -> Result<String, String> {
    println!();
    println!("== Merkle build natively (release, opt-level 3)");
    let runs = o.runs.to_string();
    captured(
        &mut bench_cargo(&["run", "--release", "--bin", "native", "--", "--runs", &runs]),
        Duration::from_secs(30 * 60),
    )
}

/// The bench crate must use the wasm-bindgen that `cargo xtask setup` installed the CLI for.
fn check_wasm_bindgen_pin() -> Result<(), String> {
    check_pin(&merkle_dir())
}

/// The bench crate in `dir` must lock the product's wasm-bindgen.
fn check_pin(dir: &Path) -> Result<(), String> {
    let product = setup::wasm_bindgen_version()?;
    let lock_path = dir.join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|e| format!("cannot read {}: {e}", lock_path.display()))?;
    let ours = setup::locked_version(&lock, "wasm-bindgen")?;
    if ours != product {
        return Err(format!(
            "{} locks wasm-bindgen {ours} but the product (and so the installed \
             wasm-bindgen-test-runner) uses {product}: set `wasm-bindgen = \"={product}\"` \
             (and the matching wasm-bindgen-test) in its Cargo.toml",
            dir.display()
        ));
    }
    Ok(())
}

/// Stage 2b: the browser bench (wasm, +simd128, headless Chromium), with `profile`.
fn stage_wasm(o: &Options, profile: &str, tag: &str) -> Result<String, String> {
    println!();
    println!(
        "== Merkle build in headless Chromium (wasm32, +simd128, profile {profile}; the first build takes a few minutes)"
    );
    check_wasm_bindgen_pin()?;
    let mut c = bench_cargo(&[
        "test",
        "--profile",
        profile,
        "--target",
        setup::WASM_TARGET,
        "--test",
        "browser",
        "--",
        "--nocapture",
    ]);
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "-C target-feature=+simd128",
    )
    .env("CHROMEDRIVER", setup::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "900")
    .env("DISTLAB_BENCH_RUNS", o.runs.to_string())
    .env("DISTLAB_BENCH_TAG", tag);
    captured(&mut c, Duration::from_secs(40 * 60))
}

/// `npm ci` in benches/node unless its node_modules is newer than the lock file.
fn node_deps() -> Result<(), String> {
    let dir = node_dir();
    let hidden = dir.join("node_modules").join(".package-lock.json");
    let fresh = match (
        modified(&hidden),
        modified(&dir.join("package-lock.json")),
        modified(&dir.join("package.json")),
    ) {
        (Some(h), Some(l), Some(m)) => h >= l && h >= m,
        _ => false,
    };
    if fresh && dir.join("node_modules").join("merkletreejs").is_dir() {
        return Ok(());
    }
    util::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )
}

/// Stage 2c: merkletreejs in Node.
fn stage_node(o: &Options) -> Result<String, String> {
    println!();
    println!(
        "== merkletreejs in Node (up to 5 runs per case within {:.0} s each, at least one)",
        o.node_budget_s
    );
    node_deps()?;
    captured(
        Command::new("node")
            .arg("merkletreejs.mjs")
            .arg("--budget-ms")
            .arg(format!("{:.0}", o.node_budget_s * 1e3))
            .arg("--max-runs")
            .arg("5")
            .current_dir(node_dir()),
        Duration::from_secs(30 * 60),
    )
}

/// Runs `stage`, timing it; a failure is recorded and the other stages still run.
fn timed<T>(
    name: &str,
    times: &mut Vec<(String, Duration)>,
    failures: &mut Vec<String>,
    stage: impl FnOnce() -> Result<T, String>,
) -> Option<T> {
    let t = Instant::now();
    let r = stage();
    times.push((name.to_owned(), t.elapsed()));
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!("bench stage `{name}` failed: {e}");
            failures.push(format!("{name}: {e}"));
            None
        }
    }
}

/// Runs the benchmarks with the arguments after `bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(());
    }
    if let Some(("posts", rest)) = args.split_first().map(|(a, r)| (a.as_str(), r)) {
        return posts::run(rest);
    }
    let o = parse_args(args)?;
    let start = Instant::now();
    setup::ensure(Needs {
        browser: o.wasm && (o.merkle || o.erasure || o.raft),
        e2e_node: false,
    })?;
    let load_before = load_average();

    let mut times = Vec::new();
    let mut failures = Vec::new();
    let mut output = String::new();
    let mut bundle_gzip = None;
    let mut stage_notes = Vec::new();
    if o.size && o.merkle {
        bundle_gzip = timed("size", &mut times, &mut failures, || stage_size(&o));
    }
    if o.native && o.merkle {
        if let Some(out) = timed("native", &mut times, &mut failures, || stage_native(&o)) {
            output.push_str(&out);
        }
    }
    if o.wasm && o.merkle {
        if let Some(out) = timed("wasm", &mut times, &mut failures, || {
            stage_wasm(&o, "release", "wasm")
        }) {
            output.push_str(&out);
        }
        if o.product_profile {
            if let Some(out) = timed("wasm (opt-level z)", &mut times, &mut failures, || {
                stage_wasm(&o, "product", "wasm-z")
            }) {
                output.push_str(&out);
            }
        }
    }
    if o.node && o.merkle {
        if let Some(out) = timed("node", &mut times, &mut failures, || stage_node(&o)) {
            output.push_str(&out);
        }
    }
    let mut core_output = String::new();
    if o.erasure && o.native {
        if let Some(out) = timed("erasure native", &mut times, &mut failures, || {
            erasure::stage_native(&o, &mut stage_notes)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.erasure && o.wasm {
        if let Some(out) = timed("erasure wasm", &mut times, &mut failures, || {
            erasure::stage_wasm(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.raft && o.native {
        if let Some(out) = timed("raft native", &mut times, &mut failures, || {
            raft::stage_native(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.raft && o.wasm {
        if let Some(out) = timed("raft wasm", &mut times, &mut failures, || {
            raft::stage_wasm(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.gossip && o.native {
        if let Some(out) = timed("gossip native", &mut times, &mut failures, || {
            gossip::stage_native(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.gossip && o.wasm {
        if let Some(out) = timed("gossip wasm", &mut times, &mut failures, || {
            gossip::stage_wasm(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.observability && o.native {
        if let Some(out) = timed("observability native", &mut times, &mut failures, || {
            observability::stage_native(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    if o.observability && o.wasm {
        if let Some(out) = timed("observability wasm", &mut times, &mut failures, || {
            observability::stage_wasm(&o)
        }) {
            core_output.push_str(&out);
        }
    }
    for (model, on) in [("cdc", o.cdc), ("kubernetes", o.kubernetes)] {
        if on && o.native {
            let stage = format!("{model} native");
            if let Some(out) = timed(&stage, &mut times, &mut failures, || {
                models::stage_native(&o, model)
            }) {
                core_output.push_str(&out);
            }
        }
        if on && o.wasm {
            let stage = format!("{model} wasm");
            if let Some(out) = timed(&stage, &mut times, &mut failures, || {
                models::stage_wasm(&o, model)
            }) {
                core_output.push_str(&out);
            }
        }
    }
    let load_after = load_average();

    let Parsed {
        samples,
        diags,
        notes,
    } = parse_output(&output);
    println!();
    println!("==================================================================================");
    println!(
        "== distlab bench: one run, one machine ({} CPUs)",
        cpu_count()
    );
    if let Some(g) = bundle_gzip {
        println!(
            "largest post's widgets (family module + loader): {} gzip -9",
            fmt_kb(g)
        );
    }
    let mut rows = Vec::new();
    let mut wrong = Vec::new();
    if o.merkle {
        let (w, r) = print_results(&samples, bundle_gzip);
        wrong.extend(w);
        rows.extend(r);
        print_diagnostics(&diags);
    }
    let (r, w) = erasure::report(&erasure::parse(&core_output));
    rows.extend(r);
    wrong.extend(w);
    let (r, w) = raft::report(&raft::parse(&core_output));
    rows.extend(r);
    wrong.extend(w);
    let (r, w) = gossip::report(&gossip::parse(&core_output));
    rows.extend(r);
    wrong.extend(w);
    let (r, w) = observability::report(&observability::parse(&core_output));
    rows.extend(r);
    wrong.extend(w);
    let (r, w) = models::report(&models::parse(&core_output));
    rows.extend(r);
    wrong.extend(w);
    let notes: Vec<String> = notes
        .into_iter()
        .chain(parse_output(&core_output).notes)
        .chain(stage_notes)
        .collect();
    println!();
    println!("notes:");
    if let Some(sha) = native_sha_extensions().filter(|_| o.merkle) {
        println!("- native CPU: {sha}");
    }
    let mut seen = Vec::new();
    for n in &notes {
        if !seen.contains(n) {
            println!("- {n}");
            seen.push(n.clone());
        }
    }
    if o.erasure {
        println!(
            "- Reed-Solomon: MB/s of data (10 × chunk bytes per call, 1 MB = 10^6 B); ours and \
             reed-solomon-erasure 6 (`rse`) take turns batch by batch on the same data; after \
             timing, both crates' parity must be byte-identical and every rebuilt chunk equal \
             to the original (else the command fails). A rebuild refills `None` slots, \
             allocating the rebuilt chunks, in both crates; rse caches its decode matrices. \
             Natively ours is the AVX2 nibble kernel (benches/core builds for x86-64-v3, \
             safe_arch; the product workspace stays baseline x86-64 and uses bit masks); \
             rse-simd is rse's C SIMD kernel (simd-accel, built by cc, -march=haswell here). \
             Details: benches/README.md."
        );
    }
    if o.raft {
        println!(
            "- Raft: deliveries/s = `Deliver` events / wall time of a whole run from World::new \
             (the same 5-node workload everywhere, seed 42; trace digest compared across \
             targets). A frame is assumed to be 16 ticks (60 Hz with 1 tick = 1 ms, i.e. the \
             simulation in real time, faster than a reader can follow): Timeline::step with \
             checkpoints, properties and trace, per frame from t = 10,000 to 20,000. \
             Allocations counted by a counting #[global_allocator] in the native binary. \
             The sweep runs crates/core's check_seed (3,000 steps, properties every step) \
             for seeds 0..10,000. Peer for scale: openraft publishes ~3 M ops/s natively \
             (a different measure). Details: benches/README.md."
        );
    }
    if o.merkle {
        println!(
        "- rs_merkle hashes plain SHA-256 (no 0x00 leaf / 0x01 node prefixes), so its root differs \
         from RFC 6962's by design and is checked against the same recursion without prefixes; \
         the work is the same (a 33- or 32-byte leaf is one SHA-256 block, a 65- or 64-byte node two)."
    );
        println!(
        "- merkletreejs computes the RFC 6962 root here: leaves are handed over with their 0x00 \
         byte in front (laid out before timing), hashed by merkletreejs (hashLeaves), nodes \
         through a concatenator adding 0x01."
    );
        println!(
        "- times are medians of the timed runs after one warm-up each; natively and in Chromium \
         the implementations take turns, run by run, so a burst of load hits them alike. \
         merkletreejs runs after a small warm-up tree, up to 5 times within its time budget \
         and at least once (see `runs`). The Chromium builds skip wasm-opt (the site's goes \
         through wasm-opt -Oz)."
    );
    }
    match (load_before, load_after) {
        (Some(a), Some(b)) => println!(
            "- machine noise: 1-minute load average {a:.2} before, {b:.2} after, on {} CPUs; \
             compare ratios from the same run, not absolute times across runs.",
            cpu_count()
        ),
        _ => println!("- compare ratios from the same run, not absolute times across runs."),
    }
    let stage_times: Vec<String> = times
        .iter()
        .map(|(n, d)| format!("{n} {}", fmt_duration(*d)))
        .collect();
    println!(
        "- bench took {} ({})",
        fmt_duration(start.elapsed()),
        stage_times.join(", ")
    );
    print_summary(&rows);

    let mut problems = failures;
    problems.extend(wrong);
    if notes.iter().any(|n| n.contains("simd128 OFF")) {
        problems.push("the wasm bench was built without simd128: its figures are not ours".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments() {
        assert_eq!(parse_args(&[]).unwrap(), Options::default());
        let o = parse_args(&args(&["--runs", "3", "--skip", "node,size", "--no-build"])).unwrap();
        assert_eq!(o.runs, 3);
        assert!(!o.node && !o.size && o.native && o.wasm && !o.build);
        assert!(parse_args(&args(&["--runs", "0"])).is_err());
        assert!(parse_args(&args(&["--skip", "gpu"])).is_err());
        assert!(parse_args(&args(&["--runs"])).is_err());
        assert!(parse_args(&args(&["--fast"])).is_err());
        let o = parse_args(&args(&["erasure", "--runs", "2"])).unwrap();
        assert!(o.erasure && !o.merkle && !o.raft && o.runs == 2);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    const OUTPUT: &str = "\
   Compiling something
distlab-bench-note wasm build: simd128 on
distlab-bench ours-build-wasm rfc6962 2^20x32B 1048576 32 aa 100.0,120.0,110.0
distlab-bench rs_merkle-wasm plain 2^20x32B 1048576 32 bb 400.0
distlab-bench merkletreejs-node-crypto rfc6962 2^20x32B 1048576 32 cc 3300.0
distlab-bench reference rfc6962 2^20x32B 1048576 32 aa -
distlab-bench reference plain 2^20x32B 1048576 32 bb -
distlab-bench broken line
distlab-bench-diag wasm sha256-65B-hash4 262144 65 30.0,31.0
";

    #[test]
    fn report_lines_are_read() {
        let Parsed {
            samples,
            notes,
            diags,
        } = parse_output(OUTPUT);
        assert_eq!(notes, ["wasm build: simd128 on"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].what, "sha256-65B-hash4");
        assert_eq!(diags[0].times, [30.0, 31.0]);
        assert_eq!(samples.len(), 5);
        assert_eq!(samples[0].median(), Some(110.0));
        assert_eq!(samples[3].times, Vec::<f64>::new());
        assert_eq!(
            ratio(&samples, "ours-build-wasm", "rs_merkle-wasm", BIG_CASE),
            Some(400.0 / 110.0)
        );
    }

    #[test]
    fn roots_are_checked_against_the_reference_of_their_scheme() {
        let samples = parse_output(OUTPUT).samples;
        let refs: BTreeMap<String, String> = [("rfc6962", "aa"), ("plain", "bb")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into();
        assert_eq!(check_root(&samples[0], &refs), Ok("ok"));
        assert!(check_root(&samples[1], &refs).unwrap().starts_with("ok"));
        assert!(check_root(&samples[2], &refs).is_err());
        assert!(check_root(&samples[0], &BTreeMap::new())
            .unwrap()
            .starts_with("unchecked"));
        // A wrong root is reported by print_results, not swallowed.
        let (wrong, rows) = print_results(&samples, Some(1));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(!rows.is_empty());
    }

    #[test]
    fn implementations_are_named_by_where_they_ran() {
        assert_eq!(describe_impl("ours-build-wasm").0, "Chromium");
        assert_eq!(describe_impl("ours-build-wasm-z").0, "Chromium");
        assert!(describe_impl("ours-build-wasm-z").1.contains("opt-level z"));
        assert_eq!(describe_impl("rs_merkle-native").0, "native");
        assert_eq!(describe_impl("merkletreejs-node-default").0, "Node");
    }

    #[test]
    fn rates_and_times_read_well() {
        assert_eq!(fmt_rate(4_120_000.0), "4.12 M");
        assert_eq!(fmt_rate(353_000.0), "353 k");
        assert_eq!(fmt_ms(254.43), "254");
        assert_eq!(fmt_ms(2.859), "2.86");
    }
}
