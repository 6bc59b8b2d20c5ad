//! Minifies the widgets' stylesheets into `OUT_DIR/widgets.min.css`, which
//! `theme::STYLESHEET` embeds: comments and layout whitespace cost the wasm bundle bytes
//! and readers nothing.
//!
//! Conservative on purpose: drops `/* … */` comments, collapses whitespace runs to one
//! space and removes the spaces next to `{`, `}`, `;` and `,`. It never touches `:`, `+`,
//! `-`, `>` or quoted text, so selectors and `calc()` keep their meaning.

use std::{env, fs, path::Path};

const FILES: [&str; 8] = [
    "style/base.css",
    "style/merkle_construction.css",
    "style/merkle_comparison.css",
    "style/merkle_use_cases.css",
    "style/erasure_encode.css",
    "style/erasure_recovery.css",
    "style/erasure_vs_replication.css",
    "style/raft_properties.css",
];

fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        text.push(' ');
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let next_tight = chars.peek().is_some_and(|n| "{};,".contains(*n));
            let prev_tight = out.chars().last().is_some_and(|p| "{};,".contains(p));
            if next_tight || prev_tight {
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn main() {
    let mut css = String::new();
    for file in FILES {
        println!("cargo::rerun-if-changed={file}");
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        css.push_str(&minify(&text));
        css.push('\n');
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("widgets.min.css");
    fs::write(out, css).expect("write widgets.min.css");
}
