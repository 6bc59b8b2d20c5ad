//! `cargo xtask setup`: installs what is missing, idempotently, and says what it found.
//!
//! | tool | how | checked by |
//! |------|-----|------------|
//! | wasm32-unknown-unknown target | `rustup target add` | `rustup target list --installed` |
//! | the standard library's source (`rust-src`, for the release modules' `build-std`) | `rustup component add` | `rustup component list --installed` |
//! | wasm-bindgen-cli (same version as the `wasm-bindgen` crate in Cargo.lock) | `cargo install wasm-bindgen-cli --version X` | `wasm-bindgen --version`, `wasm-bindgen-test-runner --version` |
//! | trunk 0.21.14 | `cargo install --locked` | `trunk --version` |
//! | wasm-opt (npm `binaryen@132`) | `npm install` into `.tools/` | `.tools/node_modules/.bin/wasm-opt --version` |
//! | Chromium + chromedriver | `apt-get install chromium chromium-driver` | `/usr/bin/chromium`, `/usr/bin/chromedriver` |
//! | e2e test deps (playwright-core, axe-core) | `npm ci` in `tests/e2e` | `node_modules/.package-lock.json` newer than the lock file |
//!
//! Debian's `binaryen` (108) is too old for what rustc 1.95 emits and wasm-bindgen-cli's own
//! lock file cannot be used here (see `../shared/design/toolchain.md`), hence the choices.

use crate::util::{self, capture, on_path, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Trunk's version: 0.22 needs a newer rustc than the pinned 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// npm's `binaryen` major version: its `wasm-opt` understands rustc 1.95's output.
pub const BINARYEN_MAJOR: &str = "132";
/// Where Debian's chromium package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian's chromium-driver package puts the driver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The wasm target.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Which groups of tools a command needs. The Rust/wasm toolchain (target, wasm-bindgen,
/// trunk, wasm-opt) is always checked.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    /// Chromium and chromedriver (tests, screenshots).
    pub browser: bool,
    /// The e2e tests' node packages (tests, screenshots).
    pub e2e_node: bool,
}

impl Needs {
    /// Everything.
    pub const ALL: Needs = Needs {
        browser: true,
        e2e_node: true,
    };
    /// Enough to build and serve the site.
    pub const SITE: Needs = Needs {
        browser: false,
        e2e_node: false,
    };
}

/// What one check found.
enum Outcome {
    Present(String),
    Installed(String),
}

/// The version of package `name` in a Cargo.lock's text, if exactly one is locked.
pub fn locked_version(lock: &str, name: &str) -> Result<String, String> {
    let wanted = format!("name = \"{name}\"");
    let mut found = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                found.push(v.to_owned());
            }
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("Cargo.lock has no `{name}` package")),
        many => Err(format!(
            "Cargo.lock has several `{name}` versions ({}); the CLI must match one",
            many.join(", ")
        )),
    }
}

/// The `wasm-bindgen` crate's version in the workspace's Cargo.lock.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let path = util::repo_root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    locked_version(&lock, "wasm-bindgen")
}

/// True when a `--version` line (`trunk 0.21.14`) names exactly `version`.
pub fn reports_version(output: &str, version: &str) -> bool {
    output
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .any(|w| w.trim_start_matches('v') == version)
}

/// Runs `cmd` from the repository root (so `rust-toolchain.toml` applies).
fn in_root(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(util::repo_root());
    c
}

fn wasm_target() -> Result<Outcome, String> {
    let installed = capture("rustup", ["target", "list", "--installed"]).ok_or(
        "`rustup` is missing or failed: install Rust with rustup (https://rustup.rs) first",
    )?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        return Ok(Outcome::Present(WASM_TARGET.into()));
    }
    run(in_root("rustup").args(["target", "add", WASM_TARGET]))?;
    Ok(Outcome::Installed(WASM_TARGET.into()))
}

/// The standard library's source: the release family modules build their own `std`
/// (see `families.rs`, "Why the release modules build std").
fn rust_src() -> Result<Outcome, String> {
    let installed = capture("rustup", ["component", "list", "--installed"])
        .ok_or("`rustup component list` failed")?;
    if installed.lines().any(|l| l.trim().starts_with("rust-src")) {
        return Ok(Outcome::Present("rust-src".into()));
    }
    run(in_root("rustup").args(["component", "add", "rust-src"]))?;
    Ok(Outcome::Installed("rust-src".into()))
}

fn wasm_bindgen_cli() -> Result<Outcome, String> {
    let version = wasm_bindgen_version()?;
    let ok = |prog: &str| {
        capture(prog, ["--version"])
            .map(|o| reports_version(&o, &version))
            .unwrap_or(false)
    };
    if ok("wasm-bindgen") && ok("wasm-bindgen-test-runner") {
        return Ok(Outcome::Present(format!("wasm-bindgen {version}")));
    }
    // Not --locked: the CLI's own lock file wants a crate release the registry lacks.
    run(in_root("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    if !ok("wasm-bindgen") {
        return Err(format!(
            "wasm-bindgen-cli {version} was installed but `wasm-bindgen --version` does not say so; \
             is another wasm-bindgen earlier on PATH?"
        ));
    }
    Ok(Outcome::Installed(format!("wasm-bindgen {version}")))
}

fn trunk() -> Result<Outcome, String> {
    let ok = || {
        capture("trunk", ["--version"])
            .map(|o| reports_version(&o, TRUNK_VERSION))
            .unwrap_or(false)
    };
    if ok() {
        return Ok(Outcome::Present(format!("trunk {TRUNK_VERSION}")));
    }
    println!("(building trunk takes about 7 minutes on 2 cores)");
    run(in_root("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
    if !ok() {
        return Err(format!(
            "trunk {TRUNK_VERSION} was installed but `trunk --version` does not say so"
        ));
    }
    Ok(Outcome::Installed(format!("trunk {TRUNK_VERSION}")))
}

fn node() -> Result<Outcome, String> {
    let node = capture("node", ["--version"]);
    let npm = capture("npm", ["--version"]);
    match (node, npm) {
        (Some(node), Some(npm)) => Ok(Outcome::Present(format!("node {node}, npm {npm}"))),
        _ => Err("Node.js and npm are needed (Debian: `apt-get install nodejs npm`)".into()),
    }
}

fn npm() -> Command {
    let mut c = in_root("npm");
    c.args(["--no-audit", "--no-fund", "--loglevel=error"]);
    // playwright-core never downloads a browser, but say it anyway.
    c.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    c
}

fn wasm_opt() -> Result<Outcome, String> {
    let bin = util::tools_bin_dir().join("wasm-opt");
    let ok = || {
        capture(&bin, ["--version"])
            .map(|o| reports_version(&o, BINARYEN_MAJOR))
            .unwrap_or(false)
    };
    if ok() {
        return Ok(Outcome::Present(format!(
            "wasm-opt {BINARYEN_MAJOR} (.tools/)"
        )));
    }
    let dir = util::tools_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run(npm()
        .arg("install")
        .arg("--prefix")
        .arg(&dir)
        .arg(format!("binaryen@{BINARYEN_MAJOR}")))?;
    if !ok() {
        return Err(format!(
            "npm installed binaryen@{BINARYEN_MAJOR} but {} --version does not report it",
            bin.display()
        ));
    }
    Ok(Outcome::Installed(format!(
        "wasm-opt {BINARYEN_MAJOR} (.tools/)"
    )))
}

fn browser_versions() -> Option<String> {
    let c = capture(CHROMIUM, ["--version"])?;
    let d = capture(CHROMEDRIVER, ["--version"])?;
    let d = d.split(" (").next().unwrap_or(&d).to_owned();
    Some(format!("{c}; {d}"))
}

fn browser() -> Result<Outcome, String> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(Outcome::Present(
            browser_versions().unwrap_or_else(|| "chromium, chromedriver".into()),
        ));
    }
    let sudo = if util::is_root() {
        None
    } else if on_path("sudo") {
        Some("sudo")
    } else {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing and installing them needs root: \
             run as root, install sudo, or run `apt-get install -y chromium chromium-driver` yourself"
        ));
    };
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut c = match sudo {
            Some(s) => {
                let mut c = Command::new(s);
                c.arg("apt-get");
                c
            }
            None => Command::new("apt-get"),
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update"])?;
    apt(&[
        "install",
        "-y",
        "--no-install-recommends",
        "chromium",
        "chromium-driver",
    ])?;
    let v = browser_versions()
        .ok_or("apt-get installed chromium and chromium-driver but they do not run")?;
    Ok(Outcome::Installed(v))
}

/// The e2e tests' folder.
pub fn e2e_dir() -> PathBuf {
    util::repo_root().join("tests").join("e2e")
}

fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

fn e2e_node_deps() -> Result<Outcome, String> {
    let dir = e2e_dir();
    let lock = dir.join("package-lock.json");
    let manifest = dir.join("package.json");
    // npm writes this "hidden lock file" after a successful install.
    let hidden = dir.join("node_modules").join(".package-lock.json");
    let fresh = match (modified(&hidden), modified(&lock), modified(&manifest)) {
        (Some(h), Some(l), Some(m)) => h >= l && h >= m,
        _ => false,
    };
    if fresh && dir.join("node_modules/playwright-core").is_dir() {
        return Ok(Outcome::Present("tests/e2e/node_modules".into()));
    }
    let mut c = npm();
    c.current_dir(&dir);
    if lock.exists() {
        c.arg("ci");
    } else {
        c.arg("install");
    }
    run(&mut c)?;
    Ok(Outcome::Installed("tests/e2e/node_modules (npm)".into()))
}

/// Checks and installs what `needs` asks for, printing one line per tool.
pub fn ensure(needs: Needs) -> Result<(), String> {
    println!("== setup: checking tools (installs only what is missing)");
    type Check = fn() -> Result<Outcome, String>;
    // Cheap checks first, so a missing prerequisite is reported before long builds.
    let mut steps: Vec<(&str, Check)> = vec![
        ("rust target", wasm_target),
        ("rust-src", rust_src),
        ("node + npm", node),
        ("wasm-opt", wasm_opt),
    ];
    if needs.e2e_node {
        steps.push(("e2e node packages", e2e_node_deps));
    }
    if needs.browser {
        steps.push(("chromium", browser));
    }
    steps.push(("wasm-bindgen-cli", wasm_bindgen_cli));
    steps.push(("trunk", trunk));
    let mut report = Vec::new();
    for (name, check) in steps {
        match check() {
            Ok(outcome) => {
                let line = match outcome {
                    Outcome::Present(v) => format!("  {name:<18} already there: {v}"),
                    Outcome::Installed(v) => format!("  {name:<18} INSTALLED now:  {v}"),
                };
                println!("{line}");
                report.push(line);
            }
            Err(e) => return Err(format!("setup, {name}: {e}")),
        }
    }
    println!("== setup done:");
    for line in report {
        println!("{line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_locked_version() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n\
                    [[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_version(lock, "wasm-bindgen").unwrap(), "0.2.130");
        assert!(locked_version(lock, "trunk").is_err());
    }

    #[test]
    fn two_locked_versions_are_an_error() {
        let lock = "name = \"x\"\nversion = \"1.0.0\"\nname = \"x\"\nversion = \"2.0.0\"\n";
        assert!(locked_version(lock, "x").unwrap_err().contains("several"));
    }

    #[test]
    fn the_workspace_lock_pins_wasm_bindgen() {
        let v = wasm_bindgen_version().unwrap();
        assert!(v.starts_with("0.2."), "{v}");
    }

    #[test]
    fn version_lines_match_exactly() {
        assert!(reports_version("trunk 0.21.14", "0.21.14"));
        assert!(!reports_version("trunk 0.21.140", "0.21.14"));
        assert!(reports_version("wasm-bindgen 0.2.130", "0.2.130"));
        assert!(reports_version("wasm-opt version 132 (version_132)", "132"));
        assert!(!reports_version("wasm-opt version 108", "132"));
    }
}
