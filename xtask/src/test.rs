//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.
//!
//! fmt → clippy (native) → clippy (wasm) → native tests → headless wasm tests (Chromium)
//! → `trunk build --release` → end-to-end tests of the built site and the blog feed.
//! Ends with a table (stage, result, time, tests) and the line `N passed, N failed`.

use crate::families;
use crate::setup::{self, Needs};
use crate::site;
use crate::util::{self, fmt_duration, run_tee, Captured};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Tests counted in one stage's output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests skipped, ignored or marked todo.
    pub skipped: u64,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.skipped += o.skipped;
    }
}

/// The number right after `label` in `line` (`"3 passed"` → with label "passed" → 3 when
/// `before` is true; `"# pass 3"` → 3 when `before` is false).
fn number_near(line: &str, label: &str, before: bool) -> Option<u64> {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let i = words.iter().position(|w| *w == label)?;
    let w = if before {
        words.get(i.checked_sub(1)?)?
    } else {
        words.get(i + 1)?
    };
    w.parse().ok()
}

/// Sums libtest's `test result: ok. 3 passed; 0 failed; 1 ignored; …` lines (cargo test
/// and wasm-bindgen-test-runner both print them).
pub fn parse_libtest(output: &str) -> Option<Counts> {
    let mut total = Counts::default();
    let mut seen = false;
    for line in output.lines() {
        let Some(rest) = line.trim().strip_prefix("test result:") else {
            continue;
        };
        seen = true;
        total.add(Counts {
            passed: number_near(rest, "passed", true).unwrap_or(0),
            failed: number_near(rest, "failed", true).unwrap_or(0),
            skipped: number_near(rest, "ignored", true).unwrap_or(0),
        });
    }
    seen.then_some(total)
}

/// Reads node's test runner summary: TAP's `# pass N` / `# fail N` / `# skipped N` /
/// `# todo N` (the spec reporter's `ℹ pass N` too). The last summary wins.
pub fn parse_node(output: &str) -> Option<Counts> {
    let mut c = Counts::default();
    let mut seen = false;
    for line in output.lines() {
        let line = line.trim();
        let body = line
            .strip_prefix('#')
            .or_else(|| line.strip_prefix('ℹ'))
            .map(str::trim);
        let Some(body) = body else { continue };
        let mut words = body.split_whitespace();
        let (Some(key), Some(n), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match key {
            "pass" => {
                c.passed = n;
                seen = true;
            }
            "fail" => c.failed = n,
            "skipped" => c.skipped = n,
            "todo" => c.skipped += n,
            _ => {}
        }
    }
    seen.then_some(c)
}

/// How a stage's output is read for test counts.
#[derive(Clone, Copy)]
enum Parser {
    None,
    Libtest,
    Node,
}

/// One row of the summary.
struct Row {
    name: &'static str,
    result: &'static str,
    time: Option<Duration>,
    counts: Option<Counts>,
}

/// One stage: a name, a command, a time limit and how to count its tests.
struct Stage {
    name: &'static str,
    cmd: Command,
    limit: Duration,
    parser: Parser,
}

fn cargo(args: &[&str]) -> Command {
    let mut c = Command::new("cargo");
    c.args(args).current_dir(util::repo_root());
    c
}

fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

/// The `.test.mjs` files of the e2e folder, sorted.
fn e2e_files(dir: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {}", dir.display()));
    }
    Ok(files)
}

/// Clippy for everything that becomes wasm: the shared kit, every family with its module
/// exports, the site and the browser tests.
fn wasm_clippy() -> Command {
    let mut args: Vec<String> = ["clippy", "--target", setup::WASM_TARGET]
        .map(String::from)
        .to_vec();
    let mut features = Vec::new();
    for f in families::FAMILIES {
        args.extend(["-p".to_string(), families::crate_name(f)]);
        features.push(format!("{}/module", families::crate_name(f)));
    }
    for p in ["distlab-kit", "distlab-site", "distlab-browser-tests"] {
        args.extend(["-p".to_string(), p.to_string()]);
    }
    args.extend(["--features".to_string(), features.join(",")]);
    args.extend(["--all-targets", "--", "-D", "warnings"].map(String::from));
    let mut c = Command::new("cargo");
    c.args(&args).current_dir(util::repo_root());
    c
}

/// Clippy over the benchmark crates (their own workspaces, outside the product's), so a
/// rename in the core cannot break `cargo xtask bench` unseen. One target folder for
/// both, inside ours.
fn bench_clippy() -> Command {
    let root = util::repo_root();
    let script = "set -e\n\
        for b in core merkle; do\n\
          cargo clippy --manifest-path benches/$b/Cargo.toml --all-targets -- -D warnings\n\
        done";
    let mut c = Command::new("bash");
    c.args(["-c", script])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target").join("bench"));
    c
}

fn stages() -> Result<Vec<Stage>, String> {
    let root = util::repo_root();
    let mut wasm_tests = cargo(&["test", "--target", setup::WASM_TARGET]);
    wasm_tests
        .current_dir(root.join("tests").join("browser"))
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120");

    let e2e_dir = setup::e2e_dir();
    let mut e2e = Command::new("node");
    e2e.arg("--test")
        .arg("--test-reporter=tap")
        .args(e2e_files(&e2e_dir)?)
        .current_dir(&e2e_dir)
        .env("DISTLAB_DIST", site::dist_dir());
    // A feed path given relative to where the command was typed, made absolute for node.
    if let Some(feed) = std::env::var_os("DISTLAB_FEED") {
        if let Ok(cwd) = std::env::current_dir() {
            e2e.env("DISTLAB_FEED", cwd.join(feed));
        }
    }

    let mut stages = vec![
        Stage {
            name: "fmt",
            cmd: cargo(&["fmt", "--all", "--", "--check"]),
            limit: minutes(5),
            parser: Parser::None,
        },
        Stage {
            name: "clippy (native)",
            cmd: cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
            limit: minutes(30),
            parser: Parser::None,
        },
        Stage {
            name: "clippy (wasm32)",
            cmd: wasm_clippy(),
            limit: minutes(30),
            parser: Parser::None,
        },
        Stage {
            name: "clippy (benches)",
            cmd: bench_clippy(),
            limit: minutes(20),
            parser: Parser::None,
        },
        Stage {
            name: "native tests",
            cmd: cargo(&["test", "--workspace", "--exclude", "distlab-browser-tests"]),
            limit: minutes(30),
            parser: Parser::Libtest,
        },
    ];
    stages.extend(simd_kernel_stages());
    stages.extend([
        Stage {
            name: "wasm tests (Chromium)",
            cmd: wasm_tests,
            limit: minutes(30),
            parser: Parser::Libtest,
        },
        Stage {
            name: "site build (trunk)",
            cmd: site::trunk_build_command(),
            limit: minutes(30),
            parser: Parser::None,
        },
        Stage {
            name: "e2e (node + Chromium)",
            cmd: e2e,
            limit: minutes(20),
            parser: Parser::Node,
        },
    ]);
    Ok(stages)
}

/// The Reed-Solomon kernels' x86 SIMD paths (pshufb) are compiled only when the build
/// enables SSSE3 or AVX2, which the workspace's baseline x86-64 build does not (the
/// benchmark crate does). So the codec tests run once more per level this CPU has, in a
/// target folder of their own, checking those kernels against the reference byte for
/// byte (and against reed-solomon-erasure).
fn simd_kernel_stages() -> Vec<Stage> {
    #[cfg(target_arch = "x86_64")]
    {
        let levels: [(&str, &str, bool); 2] = [
            (
                "native tests (SSSE3)",
                "x86-64-v2",
                std::is_x86_feature_detected!("ssse3")
                    && std::is_x86_feature_detected!("sse4.2")
                    && std::is_x86_feature_detected!("popcnt"),
            ),
            (
                "native tests (AVX2)",
                "x86-64-v3",
                std::is_x86_feature_detected!("avx2")
                    && std::is_x86_feature_detected!("fma")
                    && std::is_x86_feature_detected!("bmi2"),
            ),
        ];
        levels
            .into_iter()
            .filter(|(_, _, has)| *has)
            .map(|(name, cpu, _)| {
                let mut cmd = cargo(&[
                    "test",
                    "-p",
                    "distlab-core",
                    "--release",
                    "--test",
                    "erasure_codec",
                    "--test",
                    "erasure_crosscheck",
                ]);
                cmd.env("RUSTFLAGS", format!("-C target-cpu={cpu}")).env(
                    "CARGO_TARGET_DIR",
                    util::repo_root().join("target").join(cpu),
                );
                Stage {
                    name,
                    cmd,
                    limit: minutes(20),
                    parser: Parser::Libtest,
                }
            })
            .collect()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        Vec::new()
    }
}

fn print_summary(rows: &[Row], total: Counts) {
    println!();
    println!("== summary");
    println!("{:<24} {:<8} {:>9}  tests", "stage", "result", "time");
    for r in rows {
        let time = r.time.map(fmt_duration).unwrap_or_else(|| "-".into());
        let tests = match r.counts {
            Some(c) => format!(
                "{} passed, {} failed, {} skipped",
                c.passed, c.failed, c.skipped
            ),
            None => "-".into(),
        };
        println!("{:<24} {:<8} {:>9}  {tests}", r.name, r.result, time);
    }
    println!(
        "{:<24} {:<8} {:>9}  {} passed, {} failed, {} skipped",
        "total", "", "", total.passed, total.failed, total.skipped
    );
    println!("{} passed, {} failed", total.passed, total.failed);
}

/// `cargo xtask test`.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`test` takes no arguments (got `{a}`)"));
    }
    let started = Instant::now();
    let t = Instant::now();
    let setup_result = setup::ensure(Needs::ALL);
    let mut rows = vec![Row {
        name: "setup",
        result: if setup_result.is_ok() { "ok" } else { "FAILED" },
        time: Some(t.elapsed()),
        counts: None,
    }];
    let mut total = Counts::default();
    let mut failure = setup_result.err();
    let mut stages = if failure.is_none() {
        match stages() {
            Ok(s) => s,
            Err(e) => {
                failure = Some(e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    for stage in stages.iter_mut() {
        if failure.is_some() {
            rows.push(Row {
                name: stage.name,
                result: "not run",
                time: None,
                counts: None,
            });
            continue;
        }
        println!();
        println!("== {}", stage.name);
        let t = Instant::now();
        let outcome: Result<Captured, String> = run_tee(&mut stage.cmd, stage.limit);
        let elapsed = t.elapsed();
        let (ok, counts, why) = match outcome {
            Ok(c) => {
                let counts = match stage.parser {
                    Parser::None => None,
                    Parser::Libtest => parse_libtest(&c.output),
                    Parser::Node => parse_node(&c.output),
                };
                let why = if c.timed_out {
                    format!("it ran past its time limit and was {}", c.status)
                } else {
                    format!("it exited with {}", c.status)
                };
                (c.success, counts, why)
            }
            Err(e) => (false, None, e),
        };
        if let Some(c) = counts {
            total.add(c);
        }
        // A stage that failed without a failing test to show for it (a lint, a build, a
        // crash before the summary) still counts as one failure in the closing line.
        if !ok && counts.is_none_or(|c| c.failed == 0) {
            total.failed += 1;
        }
        // A runner that exits 0 but prints no summary ran nothing we can vouch for.
        let silent = ok && counts.is_none() && !matches!(stage.parser, Parser::None);
        if silent {
            total.failed += 1;
        }
        rows.push(Row {
            name: stage.name,
            result: if ok && !silent { "pass" } else { "FAILED" },
            time: Some(elapsed),
            counts,
        });
        if !ok {
            failure = Some(format!("stage `{}` failed: {why}", stage.name));
        } else if silent {
            failure = Some(format!(
                "stage `{}` printed no test summary, so its tests cannot be counted",
                stage.name
            ));
        }
    }
    println!();
    match &failure {
        Some(why) => println!("xtask test: FAILED: {why}"),
        None => println!("xtask test: every stage passed"),
    }
    println!("(total time {})", fmt_duration(started.elapsed()));
    print_summary(&rows, total);
    // The reason is printed above; the closing `N passed, N failed` line stays last.
    match failure {
        Some(_) => Err(String::new()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_lines_are_summed() {
        let out = "running 3 tests\n\
            test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
            \n   Doc-tests distlab_core\n\
            test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.2s\n";
        assert_eq!(
            parse_libtest(out),
            Some(Counts {
                passed: 5,
                failed: 1,
                skipped: 1
            })
        );
        assert_eq!(parse_libtest("Compiling x\nerror[E0425]"), None);
    }

    #[test]
    fn node_tap_summary_is_read() {
        let out = "TAP version 13\nok 1 - a\n1..20\n# tests 20\n# suites 0\n# pass 17\n\
                   # fail 1\n# cancelled 0\n# skipped 1\n# todo 1\n# duration_ms 1234.5\n";
        assert_eq!(
            parse_node(out),
            Some(Counts {
                passed: 17,
                failed: 1,
                skipped: 2
            })
        );
    }

    #[test]
    fn node_spec_summary_is_read() {
        let out = "ℹ tests 3\nℹ pass 2\nℹ fail 1\nℹ skipped 0\n";
        assert_eq!(
            parse_node(out),
            Some(Counts {
                passed: 2,
                failed: 1,
                skipped: 0
            })
        );
    }

    #[test]
    fn diagnostics_that_look_like_summaries_need_one_number() {
        assert_eq!(parse_node("# pass the salt\n"), None);
    }
}
