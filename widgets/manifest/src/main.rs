//! `distlab-manifest --out DIR --template FILE [--size NAME:WASM:WASM_GZ:JS:JS_GZ]…`
//!
//! Writes `DIR/widgets.json` and `DIR/embed.js` (see the library docs). `cargo xtask`
//! runs it after building the family modules, with their sizes.

use distlab_manifest::{
    inject, loader_map, manifest_json, strip_line_comments, ModuleSize, FAMILIES,
};
use std::collections::BTreeMap;
use std::process::ExitCode;

fn parse_size(spec: &str) -> Result<(String, ModuleSize), String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let [name, a, b, c, d] = parts.as_slice() else {
        return Err(format!(
            "--size wants NAME:WASM:WASM_GZ:JS:JS_GZ, got `{spec}`"
        ));
    };
    let n = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("--size: `{s}` is not a number"))
    };
    Ok((
        (*name).to_string(),
        ModuleSize {
            wasm: n(a)?,
            wasm_gzip: n(b)?,
            js: n(c)?,
            js_gzip: n(d)?,
        },
    ))
}

fn run() -> Result<(), String> {
    let mut out = None;
    let mut template = None;
    let mut sizes = BTreeMap::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--out" => out = Some(value()?),
            "--template" => template = Some(value()?),
            "--size" => {
                let (name, size) = parse_size(&value()?)?;
                sizes.insert(name, size);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let out = std::path::PathBuf::from(out.ok_or("--out DIR is required")?);
    let template_path = template.ok_or("--template FILE is required")?;
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read {template_path}: {e}"))?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let json = manifest_json(&FAMILIES, |name| {
        sizes.get(name).copied().unwrap_or_default()
    });
    std::fs::write(out.join("widgets.json"), json).map_err(|e| format!("widgets.json: {e}"))?;
    let loader = strip_line_comments(&inject(&template, &loader_map(&FAMILIES))?);
    std::fs::write(out.join("embed.js"), loader).map_err(|e| format!("embed.js: {e}"))?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("distlab-manifest: {e}");
            ExitCode::FAILURE
        }
    }
}
