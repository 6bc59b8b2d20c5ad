//! `cargo xtask`: the project's own commands (the alias lives in `.cargo/config.toml`).
//!
//! ```text
//! cargo xtask setup         install what is missing (idempotent)
//! cargo xtask serve         set up, then serve the site on http://127.0.0.1:8080
//! cargo xtask build         set up, then build the site into dist/ and print its sizes
//! cargo xtask test          set up, then every check CI runs (.ci/run calls this)
//! cargo xtask families      the widget modules, manifest and loader (Trunk's hook)
//! cargo xtask bench         benchmark figures (bundle size, Merkle throughput)
//! cargo xtask screenshots   PNGs of the built site into target/screenshots/
//! ```
//!
//! Plain std: it must compile in seconds on a fresh machine before anything is installed.

mod bench;
mod families;
mod setup;
mod site;
mod test;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

commands:
  setup                 install what is missing: wasm32 target, wasm-bindgen-cli (the
                        version in Cargo.lock), trunk, wasm-opt (npm binaryen into .tools/),
                        Chromium + chromedriver (apt), the e2e tests' npm packages
  serve [--port N]      set up, then `trunk serve` on http://127.0.0.1:8080 (or port N)
  build                 set up, then `trunk build --release` into dist/; prints bundle sizes
  test                  set up, then fmt, clippy, native tests, headless wasm tests,
                        site build and end-to-end tests; ends with `N passed, N failed`
  families [--out DIR] [--debug]
                        the widget families' wasm modules, widgets.json and embed.js
                        (Trunk's post_build hook runs it; see xtask/src/families.rs)
  bench [args]          benchmark figures (see xtask/src/bench.rs)
  screenshots [--no-build]
                        PNGs of the built site at 360/1200 px, light/dark, into
                        target/screenshots/
  help                  this text
";

fn main() -> ExitCode {
    util::prepend_tool_paths();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{HELP}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "setup" => match rest.first() {
            Some(a) => Err(format!("`setup` takes no arguments (got `{a}`)")),
            None => setup::ensure(setup::Needs::ALL),
        },
        "serve" => site::serve(rest),
        "build" => site::build(rest),
        "families" => families::families(rest),
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "screenshots" => site::screenshots(rest),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // An empty message: the command has already said what went wrong.
        Err(e) if e.is_empty() => ExitCode::FAILURE,
        Err(e) => {
            eprintln!();
            eprintln!("xtask {command}: error: {e}");
            ExitCode::FAILURE
        }
    }
}
