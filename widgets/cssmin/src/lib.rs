//! # distlab-cssmin
//!
//! Used by the widget crates' `build.rs`: [`bundle`] finds every `*.css` file under a
//! crate's `src/` (each widget folder keeps its own `style.css`), minifies them and writes
//! one file into `OUT_DIR`, which the crate embeds with `include_str!`. Nobody keeps a
//! list of stylesheets by hand: a new widget folder's `style.css` is picked up by itself.
//!
//! The minifier is conservative on purpose: it drops `/* … */` comments, collapses
//! whitespace runs to one space, removes the spaces next to `{`, `}`, `;` and `,`, and
//! the space after a `:` (`color: red`, `(min-width: 700px)`; a space after a colon
//! never matters, a space before one does: `.a :hover`). It never touches `+`, `-`, `>`
//! or quoted text, so selectors and `calc()` keep their meaning. Comments and layout whitespace cost the wasm bundle bytes and readers nothing.

use std::path::{Path, PathBuf};

/// Minifies one stylesheet (see the crate docs for what it does and does not touch).
pub fn minify(css: &str) -> String {
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
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ' ' => {
                let next_tight = chars.peek().is_some_and(|n| "{};,".contains(*n));
                let prev_tight = out.chars().last().is_some_and(|p| "{};,:".contains(p));
                if next_tight || prev_tight {
                    continue;
                }
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// Every `*.css` file under `dir`, recursively, in path order (so the output is stable).
pub fn stylesheets(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "css") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// For a `build.rs`: minifies every stylesheet under `<crate>/src` into
/// `$OUT_DIR/<name>.min.css` and tells cargo to rerun when any of them (or the folder
/// tree) changes. Panics with the file name when a stylesheet cannot be read: a build
/// script has no one else to tell.
pub fn bundle(name: &str) {
    bundle_except(name, &[]);
}

/// [`bundle`], leaving out the files named in `skip` (file names, e.g. `"spacetime.css"`):
/// a stylesheet only some families need is bundled on its own ([`bundle_file`]).
pub fn bundle_except(name: &str, skip: &[&str]) {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let src = Path::new(&manifest).join("src");
    println!("cargo::rerun-if-changed={}", src.display());
    let files = stylesheets(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let files = files.into_iter().filter(|f| {
        !f.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| skip.contains(&n))
    });
    write_bundle(name, files);
}

/// One stylesheet, `src/<file>` of the crate, minified into `OUT_DIR/<name>.min.css`.
pub fn bundle_file(name: &str, file: &str) {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    write_bundle(name, [Path::new(&manifest).join("src").join(file)]);
}

fn write_bundle(name: &str, files: impl IntoIterator<Item = PathBuf>) {
    let mut css = String::new();
    for file in files {
        println!("cargo::rerun-if-changed={}", file.display());
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        css.push_str(&minify(&text));
        css.push('\n');
    }
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join(format!("{name}.min.css"));
    std::fs::write(&out, css).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* head */\n.a  >  .b {\n  color: red ;\n  margin: calc(1px + 2px);\n}\n";
        assert_eq!(minify(css), ".a > .b{color:red;margin:calc(1px + 2px);}");
    }

    #[test]
    fn colons_lose_the_space_after_but_not_before_nor_in_quotes() {
        let css = "@media (min-width: 700px) { .a :hover { content: \": ; \"; } }";
        assert_eq!(
            minify(css),
            "@media (min-width:700px){.a :hover{content:\": ; \";}}"
        );
    }

    #[test]
    fn unterminated_comment_drops_the_rest() {
        assert_eq!(minify(".a{x:1}/* open"), ".a{x:1}");
    }

    #[test]
    fn finds_nested_stylesheets_in_order() {
        let dir = std::env::temp_dir().join(format!("cssmin-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("b")).unwrap();
        std::fs::write(dir.join("b/style.css"), "").unwrap();
        std::fs::write(dir.join("a.css"), "").unwrap();
        std::fs::write(dir.join("c.rs"), "").unwrap();
        let found = stylesheets(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.css", "b/style.css"]);
    }
}
