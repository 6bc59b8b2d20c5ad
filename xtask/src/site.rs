//! `cargo xtask serve`, `build` and `screenshots`: the Trunk-built site in `dist/`.

use crate::setup::{self, Needs};
use crate::util::{self, fmt_kb, run};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The built site.
pub fn dist_dir() -> PathBuf {
    util::repo_root().join("dist")
}

/// `trunk build --release --offline` into `dist/` (tools must be set up).
pub fn trunk_build_command() -> Command {
    let mut c = Command::new("trunk");
    c.args(["build", "--release", "--offline"])
        .current_dir(util::repo_root());
    c
}

/// Size of one built file.
#[derive(Debug, Clone)]
pub struct FileSize {
    /// File name inside `dist/`.
    pub name: String,
    /// Bytes on disk.
    pub raw: u64,
    /// Bytes after `gzip -9`.
    pub gzip: u64,
}

/// Bytes of `path` after `gzip -9` (Debian always has gzip; no compression crate needed).
pub fn gzip_size(path: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip failed on {}", path.display()));
    }
    Ok(out.stdout.len() as u64)
}

/// Raw and gzip sizes of the `.wasm` and `.js` files at the top of `dist/`.
pub fn bundle_sizes(dist: &Path) -> Result<Vec<FileSize>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    let mut sizes = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".wasm") || name.ends_with(".js")) || !path.is_file() {
            continue;
        }
        let raw = entry.metadata().map(|m| m.len()).unwrap_or(0);
        sizes.push(FileSize {
            gzip: gzip_size(&path)?,
            name,
            raw,
        });
    }
    sizes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sizes)
}

/// Prints the bundle sizes as a small table.
pub fn print_sizes(sizes: &[FileSize]) {
    println!("{:<48} {:>12} {:>12}", "dist/", "raw", "gzip -9");
    for s in sizes {
        println!(
            "{:<48} {:>12} {:>12}",
            s.name,
            fmt_kb(s.raw),
            fmt_kb(s.gzip)
        );
    }
    let (raw, gz) = sizes
        .iter()
        .fold((0, 0), |(r, g), s| (r + s.raw, g + s.gzip));
    println!(
        "{:<48} {:>12} {:>12}",
        "total (.wasm + .js)",
        fmt_kb(raw),
        fmt_kb(gz)
    );
}

/// `cargo xtask build`.
pub fn build(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`build` takes no arguments (got `{a}`)"));
    }
    setup::ensure(Needs::SITE)?;
    run(&mut trunk_build_command())?;
    print_sizes(&bundle_sizes(&dist_dir())?);
    Ok(())
}

/// Reads `--port N` (default 8080).
fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8080;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = if a == "--port" || a == "-p" {
            it.next().ok_or("--port needs a number")?.as_str()
        } else if let Some(v) = a.strip_prefix("--port=") {
            v
        } else {
            return Err(format!("unknown argument to `serve`: `{a}`"));
        };
        port = value
            .parse()
            .map_err(|_| format!("--port: `{value}` is not a port number"))?;
    }
    Ok(port)
}

/// `cargo xtask serve [--port N]`: Trunk's dev server on 127.0.0.1, rebuilding on change.
pub fn serve(args: &[String]) -> Result<(), String> {
    let port = parse_port(args)?;
    setup::ensure(Needs::SITE)?;
    println!("== serving the site at http://127.0.0.1:{port}/ (Ctrl-C stops)");
    run(Command::new("trunk")
        .args(["serve", "--offline", "--address", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .current_dir(util::repo_root()))
}

/// `cargo xtask screenshots [--no-build]`: PNGs of the built site's pages into
/// `target/screenshots/` at 360 and 1200 px, light and dark.
pub fn screenshots(args: &[String]) -> Result<(), String> {
    let mut build = true;
    for a in args {
        match a.as_str() {
            "--no-build" => build = false,
            other => return Err(format!("unknown argument to `screenshots`: `{other}`")),
        }
    }
    setup::ensure(Needs::ALL)?;
    if build {
        run(&mut trunk_build_command())?;
    } else if !dist_dir().join("index.html").exists() {
        return Err("dist/index.html is missing: run without --no-build".into());
    }
    let out = util::repo_root().join("target").join("screenshots");
    run(Command::new("node")
        .arg("screenshots.mjs")
        .current_dir(setup::e2e_dir())
        .env("DISTLAB_DIST", dist_dir())
        .env("DISTLAB_SCREENSHOTS", &out))?;
    println!("screenshots are in {}", out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn port_flag() {
        assert_eq!(parse_port(&args(&[])).unwrap(), 8080);
        assert_eq!(parse_port(&args(&["--port", "9000"])).unwrap(), 9000);
        assert_eq!(parse_port(&args(&["--port=9001"])).unwrap(), 9001);
        assert!(parse_port(&args(&["--port", "x"])).is_err());
        assert!(parse_port(&args(&["--nope"])).is_err());
    }

    #[test]
    fn gzip_shrinks_repetitive_files() {
        let dir = std::env::temp_dir().join(format!("xtask-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.js"), "let x = 1;\n".repeat(1000)).unwrap();
        std::fs::write(dir.join("b.css"), "ignored").unwrap();
        let sizes = bundle_sizes(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(sizes.len(), 1);
        assert_eq!(sizes[0].raw, 11_000);
        assert!(sizes[0].gzip < 200, "{:?}", sizes[0]);
    }
}
