//! `cargo xtask bench posts [--runs N] [--baseline GIT-REV] [--no-build]`: what a reader
//! of each blog post downloads for its widgets, and how soon the first one is on screen.
//!
//! `tests/e2e/bench/posts.mjs` opens every post of the feed that holds a registered widget
//! (its HTML plus the embed snippet, served from `dist/`) in headless Chromium and reports
//! the files it fetched, their bytes raw and gzip -9, and the median time from navigation
//! to the first mounted widget. With `--baseline REV`, that commit's site is built once
//! into `target/bench-baseline/<rev>/dist` (a git worktree with its own target folder:
//! the first time takes as long as a fresh site build) and measured in the same run,
//! post by post, interleaved with ours — e.g. the single-module design before the widget
//! families (`--baseline a924de6`).
//!
//! Goals (issue 8): every post ≤ 150 KB gzip for its widgets, the loader ≤ 3 KB gzip, and
//! the first widget mounted no later than with the baseline.

use crate::setup::{self, Needs};
use crate::site;
use crate::util::{self, fmt_kb};
use std::path::PathBuf;
use std::process::Command;

const LINE: &str = "distlab-bench-post ";
/// 150 KB and 3 KB, in the 1 KB = 1000 B of `fmt_kb`.
const GOAL_POST_GZIP: u64 = 150_000;
const GOAL_LOADER_GZIP: u64 = 3_000;
/// Timing noise allowed before "no later than the baseline" counts as missed.
const TOLERANCE: f64 = 1.05;

/// `cargo xtask bench posts …`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut runs = 5;
    let mut baseline = None;
    let mut build = true;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|v| v.parse::<u32>().ok())
                    .filter(|n| *n >= 1)
                    .ok_or("--runs needs a number ≥ 1")?;
            }
            "--baseline" => baseline = Some(it.next().ok_or("--baseline needs a git rev")?),
            "--no-build" => build = false,
            other => return Err(format!("unknown argument to `bench posts`: `{other}`")),
        }
    }
    setup::ensure(Needs::ALL)?;
    if build {
        util::run(&mut site::trunk_build_command())?;
    }
    let baseline_dist = baseline.map(|rev| build_baseline(rev)).transpose()?;
    let mut cmd = Command::new("node");
    cmd.arg("bench/posts.mjs")
        .current_dir(setup::e2e_dir())
        .env("DISTLAB_DIST", site::dist_dir())
        .env("DISTLAB_BENCH_RUNS", runs.to_string());
    if let Some(d) = &baseline_dist {
        cmd.env("DISTLAB_BASELINE_DIST", d);
    }
    println!("$ {}", util::describe(&cmd));
    let out = cmd.output().map_err(|e| format!("cannot run node: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    for line in text.lines().filter(|l| !l.starts_with(LINE)) {
        println!("{line}");
    }
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return Err("bench/posts.mjs failed".into());
    }
    let loader = site::gzip_size(&site::dist_dir().join("embed.js"))?;
    println!();
    println!("== goals");
    println!(
        "loader embed.js: {} gzip (goal ≤ {}): {}",
        fmt_kb(loader),
        fmt_kb(GOAL_LOADER_GZIP),
        verdict(loader <= GOAL_LOADER_GZIP)
    );
    for line in text.lines().filter_map(|l| l.strip_prefix(LINE)) {
        // The post's own totals come after its `files` list and before `baseline`.
        let (own, base) = line.split_once("\"baseline\":").unwrap_or((line, ""));
        let totals = own.rsplit_once(']').map_or(own, |(_, t)| t);
        let post = field_str(own, "post").unwrap_or_default();
        let gzip = field_num(totals, "gzip").unwrap_or(0.0) as u64;
        let ms = field_num(totals, "first_mount_ms").unwrap_or(f64::NAN);
        print!(
            "{post}: {} gzip (goal ≤ {}): {}; first widget {ms:.0} ms",
            fmt_kb(gzip),
            fmt_kb(GOAL_POST_GZIP),
            verdict(gzip <= GOAL_POST_GZIP)
        );
        match field_num(base, "first_mount_ms") {
            Some(base) => println!(
                " vs {base:.0} ms for the baseline (goal: no later, 5% noise allowed): {}",
                verdict(ms <= base * TOLERANCE)
            ),
            None => println!(" (no baseline measured)"),
        }
    }
    Ok(())
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

/// The number after `"key":` in a one-line JSON object (our own output; no JSON crate in
/// xtask, which must build in seconds before anything is installed).
fn field_num(json: &str, key: &str) -> Option<f64> {
    let rest = json.split(&format!("\"{key}\":")).nth(1)?;
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// The string after `"key":` (no escapes inside, as our titles have none).
fn field_str(json: &str, key: &str) -> Option<String> {
    let rest = json.split(&format!("\"{key}\":\"")).nth(1)?;
    Some(rest[..rest.find('"')?].to_string())
}

/// Builds commit `rev`'s site into `target/bench-baseline/<rev>/dist` unless it is there.
fn build_baseline(rev: &str) -> Result<PathBuf, String> {
    let root = util::repo_root();
    let dir = root.join("target").join("bench-baseline").join(rev);
    let src = dir.join("src");
    let dist = dir.join("dist");
    if dist.join("index.html").exists() {
        println!("baseline {rev}: using {}", dist.display());
        return Ok(dist);
    }
    if !src.exists() {
        util::run(
            Command::new("git")
                .args(["worktree", "add", "--detach"])
                .arg(&src)
                .arg(rev)
                .current_dir(&root),
        )?;
    }
    util::run(
        Command::new("trunk")
            .args(["build", "--release", "--offline", "--dist"])
            .arg(&dist)
            .current_dir(&src)
            .env("CARGO_TARGET_DIR", dir.join("target")),
    )?;
    Ok(dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_of_the_report_line() {
        let l = r#"{"post":"Raft: x","gzip":1234,"first_mount_ms":812.5,"baseline":{"gzip":9,"first_mount_ms":900}}"#;
        assert_eq!(field_str(l, "post").as_deref(), Some("Raft: x"));
        assert_eq!(field_num(l, "gzip"), Some(1234.0));
        assert_eq!(field_num(l, "first_mount_ms"), Some(812.5));
        let b = l.split("\"baseline\":").nth(1).unwrap();
        assert_eq!(field_num(b, "first_mount_ms"), Some(900.0));
        let files = r#"{"post":"P","files":[{"file":"embed.js","raw":5,"gzip":2}],"raw":10,"gzip":7,"first_mount_ms":1}"#;
        let totals = files.rsplit_once(']').unwrap().1;
        assert_eq!(field_num(totals, "gzip"), Some(7.0));
        assert_eq!(field_num(l, "nope"), None);
    }
}
