//! `cargo xtask families [--out DIR] [--debug]`: the widget families' wasm modules, the
//! manifest and the loader.
//!
//! Trunk builds the demo site; its `post_build` hook (Trunk.toml) runs this command with
//! `TRUNK_STAGING_DIR` and `TRUNK_PROFILE` set, so `trunk build` and `trunk serve` both
//! produce a complete `dist/`:
//!
//! ```text
//! dist/families/<family>.js, <family>_bg.wasm   one module per post's widgets
//! dist/widgets.json                              the manifest (ids, families, sizes)
//! dist/embed.js                                  the loader, with its id → family map
//! dist/_headers                                  CORS for Netlify / Cloudflare Pages
//! ```
//!
//! 1. one `cargo build --target wasm32-unknown-unknown` of every family crate with its
//!    `module` feature (one invocation, so the shared crates are compiled once); in
//!    release, with a standard library built for size (below);
//! 2. `wasm-bindgen --target web` per family into `families/`;
//! 3. `wasm-opt -Oz` per family (release only), with the same feature list as the site;
//! 4. `distlab-manifest` (native) writes `widgets.json` and `embed.js` from the families'
//!    registries and the sizes measured here.

use crate::site::gzip_size;
use crate::util::{self, run};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every family: crate `distlab-widgets-<name>`, module `families/<name>.js`.
pub const FAMILIES: [&str; 8] = [
    "merkle",
    "erasure",
    "raft",
    "clocks",
    "gossip",
    "observability",
    "cdc",
    "kubernetes",
];

/// The wasm features wasm-opt may use: what rustc 1.95 emits for wasm32 plus SIMD, and
/// nothing else (`--all-features` made imports Chromium refused; see toolchain notes).
pub const WASM_OPT_FEATURES: [&str; 7] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-simd",
];

/// # Why the release modules build std
///
/// The standard library rustup ships for wasm32 is compiled for speed (`opt-level=3`),
/// with the machinery to format a panic message and its source location. A wasm32
/// widget has nowhere to print that message: with `panic = "abort"` a panic already
/// ends in the same `unreachable` trap, message or not. So the release modules compile
/// `std` themselves (`-Z build-std`, from the `rust-src` component), for size like the
/// rest (the release profile's `opt-level = "z"`), with `-C panic=immediate-abort` (a
/// panic traps at once, no formatting) and `-Z location-detail=none` (no file paths in
/// the data section). `RUSTFLAGS` replaces `.cargo/config.toml`'s wasm flags, so it repeats
/// `+simd128`. What a reader sees on a panic is unchanged, and every family module
/// shrank by 11–13 KB gzip, its JS by 0.65 KB (measured with `cargo xtask build`: Raft
/// 144,252 → 131,886 B, Merkle 204,291 → 191,599 B).
///
/// These are unstable flags of the pinned stable toolchain, enabled for this one
/// command with `RUSTC_BOOTSTRAP=1`; the pinned version (`rust-toolchain.toml`) keeps
/// them working. Debug builds and every test build use the shipped `std`, with panic
/// messages.
pub const BUILD_STD_ARGS: [&str; 2] = ["-Z", "build-std=std,panic_abort"];

/// The `RUSTFLAGS` of the release modules (see [`BUILD_STD_ARGS`]).
pub const BUILD_STD_RUSTFLAGS: &str =
    "-Ctarget-feature=+simd128 -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";

/// The crate of family `name`.
pub fn crate_name(name: &str) -> String {
    format!("distlab-widgets-{name}")
}

/// Options of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Where `families/`, `widgets.json` and `embed.js` go.
    pub out: PathBuf,
    /// Release (optimised, wasm-opt) or debug.
    pub release: bool,
}

/// Reads `--out DIR` and `--debug`; without `--out`, Trunk's staging folder (when run as
/// its hook) or `dist/`; without `--debug`, Trunk's profile or release.
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut out = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from);
    let mut release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p != "debug");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a folder")?)),
            "--debug" => release = false,
            "--release" => release = true,
            other => return Err(format!("unknown argument to `families`: `{other}`")),
        }
    }
    Ok(Options {
        out: out.unwrap_or_else(|| util::repo_root().join("dist")),
        release,
    })
}

/// `cargo xtask families`.
pub fn families(args: &[String]) -> Result<(), String> {
    build(&parse(args)?)
}

/// Builds every family into `opts.out` and writes the manifest and the loader.
pub fn build(opts: &Options) -> Result<(), String> {
    let root = util::repo_root();
    let mut cargo = Command::new("cargo");
    cargo
        .args(["build", "--target", "wasm32-unknown-unknown"])
        .current_dir(&root);
    if opts.release {
        cargo
            .arg("--release")
            .args(BUILD_STD_ARGS)
            .env("RUSTC_BOOTSTRAP", "1")
            .env("RUSTFLAGS", BUILD_STD_RUSTFLAGS);
    }
    let features: Vec<String> = FAMILIES
        .iter()
        .map(|f| format!("{}/module", crate_name(f)))
        .collect();
    for f in FAMILIES {
        cargo.args(["-p", &crate_name(f)]);
    }
    cargo.args(["--features", &features.join(",")]);
    run(&mut cargo)?;

    let profile = if opts.release { "release" } else { "debug" };
    let target = root
        .join("target")
        .join("wasm32-unknown-unknown")
        .join(profile);
    let dir = opts.out.join("families");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut sizes = Vec::new();
    for f in FAMILIES {
        let input = target.join(format!("{}.wasm", crate_name(f).replace('-', "_")));
        run(Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                f,
                "--out-dir",
            ])
            .arg(&dir)
            .arg(&input))?;
        let wasm = dir.join(format!("{f}_bg.wasm"));
        if opts.release {
            run(Command::new("wasm-opt")
                .arg("-Oz")
                .args(WASM_OPT_FEATURES)
                .arg("--converge")
                .arg(&wasm)
                .arg("-o")
                .arg(&wasm))?;
        }
        let js = dir.join(format!("{f}.js"));
        sizes.push(format!(
            "{f}:{}:{}:{}:{}",
            file_len(&wasm)?,
            gzip_size(&wasm)?,
            file_len(&js)?,
            gzip_size(&js)?
        ));
    }

    let mut manifest = Command::new("cargo");
    manifest
        .args(["run", "--quiet", "-p", "distlab-manifest", "--", "--out"])
        .arg(&opts.out)
        .arg("--template")
        .arg(root.join("site").join("static").join("embed.js"))
        .current_dir(&root);
    for s in &sizes {
        manifest.args(["--size", s]);
    }
    run(&mut manifest)?;
    std::fs::write(opts.out.join("_headers"), HEADERS).map_err(|e| format!("_headers: {e}"))?;
    Ok(())
}

/// Netlify's and Cloudflare Pages' header rules: every file may be fetched from any
/// origin (a blog embeds the widgets from its own).
pub const HEADERS: &str = "/*\n  Access-Control-Allow-Origin: *\n";

fn file_len(path: &Path) -> Result<u64, String> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_and_profile_flags() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let o = parse(&a(&["--out", "/tmp/x", "--debug"])).unwrap();
        assert_eq!(o.out, PathBuf::from("/tmp/x"));
        assert!(!o.release);
        assert!(parse(&a(&["--out"])).is_err());
        assert!(parse(&a(&["--nope"])).is_err());
    }

    #[test]
    fn every_family_crate_is_in_the_workspace() {
        let root = util::repo_root();
        for f in FAMILIES {
            let toml = std::fs::read_to_string(root.join("widgets").join(f).join("Cargo.toml"))
                .unwrap_or_default();
            assert!(
                toml.contains(&format!("name = \"{}\"", crate_name(f))),
                "widgets/{f}/Cargo.toml does not define {}",
                crate_name(f)
            );
            assert!(toml.contains("module = []"), "{f}: no `module` feature");
        }
    }
}
