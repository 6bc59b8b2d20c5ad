//! Shared helpers: where the repository is, `PATH`, and running commands with clear
//! messages (never a panic) when a program is missing or fails.

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The repository root (the folder holding the workspace `Cargo.toml`).
///
/// `cargo run` sets `CARGO_MANIFEST_DIR` (this crate's folder) at run time; the
/// compile-time value is the fallback for running the binary by hand.
pub fn repo_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Cargo's `bin` folder, where `cargo install` puts tools: `$CARGO_HOME/bin` or `~/.cargo/bin`.
pub fn cargo_bin_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return PathBuf::from(home).join("bin");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".cargo").join("bin")
}

/// The repo-local tools folder (gitignored): npm-installed `wasm-opt` lives here.
pub fn tools_dir() -> PathBuf {
    repo_root().join(".tools")
}

/// Folder of the npm-installed tools' executables.
pub fn tools_bin_dir() -> PathBuf {
    tools_dir().join("node_modules").join(".bin")
}

/// Puts cargo's bin folder and `.tools/node_modules/.bin` first on this process's
/// `PATH`, so every child process (trunk looks for `wasm-bindgen` and `wasm-opt` there)
/// finds the tools that set-up installed. Called once, first thing in `main`.
pub fn prepend_tool_paths() {
    let first = [tools_bin_dir(), cargo_bin_dir()];
    let mut dirs = first.to_vec();
    if let Some(old) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&old).filter(|p| !first.contains(p)));
    }
    if let Ok(joined) = std::env::join_paths(dirs) {
        // Single-threaded at this point (edition 2021: `set_var` is safe).
        std::env::set_var("PATH", joined);
    }
}

/// `program args…` as one line, for messages.
pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(' ') {
            s.push_str(&format!(" '{a}'"));
        } else {
            s.push(' ');
            s.push_str(&a);
        }
    }
    s
}

/// A message for a program that could not be started.
fn spawn_error(cmd: &Command, e: &io::Error) -> String {
    let prog = cmd.get_program().to_string_lossy();
    if e.kind() == io::ErrorKind::NotFound {
        format!("`{prog}` was not found on PATH (run `cargo xtask setup` to install the tools)")
    } else {
        format!("could not start `{}`: {e}", describe(cmd))
    }
}

/// Runs `cmd` with inherited stdio; Ok when it exits with status 0.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| spawn_error(cmd, &e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

/// Runs a program quietly and returns its trimmed stdout (stderr if stdout is empty) if it exited with 0;
/// `None` if it is missing or failed. For version checks.
pub fn capture<I, S>(program: impl AsRef<OsStr>, args: I) -> Option<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .current_dir(repo_root())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    // Versions go to stdout; some tools (wrapper scripts) also chatter on stderr.
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if stdout.is_empty() {
        Some(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    } else {
        Some(stdout)
    }
}

/// What a command run by [`run_tee`] printed and how it ended.
#[derive(Debug)]
pub struct Captured {
    /// Exited with status 0.
    pub success: bool,
    /// Killed because it ran past its time limit.
    pub timed_out: bool,
    /// How it ended, for messages.
    pub status: String,
    /// Everything it printed (stdout and stderr interleaved as they arrived).
    pub output: String,
}

/// Copies a child's pipe to our own stream as it arrives, keeping a copy.
fn pump(mut from: impl Read, to_stderr: bool, keep: Arc<Mutex<Vec<u8>>>, done: mpsc::Sender<()>) {
    let mut buf = [0u8; 8192];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let chunk = &buf[..n];
                if to_stderr {
                    let mut e = io::stderr().lock();
                    let _ = e.write_all(chunk);
                    let _ = e.flush();
                } else {
                    let mut o = io::stdout().lock();
                    let _ = o.write_all(chunk);
                    let _ = o.flush();
                }
                if let Ok(mut k) = keep.lock() {
                    k.extend_from_slice(chunk);
                }
            }
        }
    }
    let _ = done.send(());
}

/// Waits for `child`, killing it after `limit`. Returns (status text, success, timed out).
fn wait_with_limit(child: &mut Child, limit: Duration) -> (String, bool, bool) {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return (status.to_string(), status.success(), false),
            Ok(None) if start.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return (format!("killed after {}", fmt_duration(limit)), false, true);
            }
            Ok(None) => thread::sleep(Duration::from_millis(200)),
            Err(e) => return (format!("could not wait for it: {e}"), false, false),
        }
    }
}

/// Runs `cmd`, showing its output live and keeping a copy to parse (test counts).
/// The command is killed after `limit`, so a hung browser cannot eat CI's whole budget.
pub fn run_tee(cmd: &mut Command, limit: Duration) -> Result<Captured, String> {
    println!("$ {}", describe(cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(cmd, &e))?;
    let keep = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = mpsc::channel();
    let mut pumps = 0;
    if let Some(out) = child.stdout.take() {
        let (k, t) = (keep.clone(), tx.clone());
        thread::spawn(move || pump(out, false, k, t));
        pumps += 1;
    }
    if let Some(err) = child.stderr.take() {
        let (k, t) = (keep.clone(), tx.clone());
        thread::spawn(move || pump(err, true, k, t));
        pumps += 1;
    }
    drop(tx);
    let (status, success, timed_out) = wait_with_limit(&mut child, limit);
    // A grandchild (a browser, a driver) may still hold the pipes open: don't wait for
    // it forever, take what has arrived.
    let grace = Instant::now() + Duration::from_secs(5);
    for _ in 0..pumps {
        let left = grace.saturating_duration_since(Instant::now());
        if rx.recv_timeout(left).is_err() {
            break;
        }
    }
    let output = keep
        .lock()
        .map(|k| String::from_utf8_lossy(&k).into_owned())
        .unwrap_or_default();
    Ok(Captured {
        success,
        timed_out,
        status,
        output,
    })
}

/// `1m05s`, `12.3s`.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 60.0 {
        let whole = d.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    } else {
        format!("{s:.1}s")
    }
}

/// `123.4 KB` (1 KB = 1,000 bytes, as the size goals are stated).
pub fn fmt_kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// True when running as root (`id -u` prints 0).
pub fn is_root() -> bool {
    capture("id", ["-u"]).as_deref() == Some("0")
}

/// True when a program can be found on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(fmt_duration(Duration::from_secs(65)), "1m05s");
    }

    #[test]
    fn commands_are_described_with_quotes_where_needed() {
        let mut c = Command::new("cargo");
        c.args(["fmt", "--all", "a b"]);
        assert_eq!(describe(&c), "cargo fmt --all 'a b'");
    }

    #[test]
    fn run_tee_keeps_output_and_status() {
        let mut c = Command::new("sh");
        c.args(["-c", "echo out; echo err >&2; exit 3"]);
        let got = run_tee(&mut c, Duration::from_secs(20)).unwrap();
        assert!(!got.success);
        assert!(got.output.contains("out") && got.output.contains("err"));
    }

    #[test]
    fn run_tee_enforces_its_time_limit() {
        let mut c = Command::new("sleep");
        c.arg("30");
        let got = run_tee(&mut c, Duration::from_millis(300)).unwrap();
        assert!(got.timed_out && !got.success);
    }

    #[test]
    fn a_missing_program_is_a_message_not_a_panic() {
        let mut c = Command::new("distlab-no-such-program");
        let err = run_tee(&mut c, Duration::from_secs(5)).unwrap_err();
        assert!(err.contains("not found"), "{err}");
    }
}
