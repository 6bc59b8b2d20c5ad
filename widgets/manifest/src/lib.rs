//! # distlab-manifest
//!
//! Every family's registry, read natively, turned into the two files the browser reads:
//!
//! - `widgets.json`, the full manifest: each family's module files and sizes, and each
//!   widget's id, family, title, post, summary and reserved heights. The demo site's
//!   gallery and the end-to-end tests read it.
//! - `embed.js`, the loader, from its template (`site/static/embed.js`): the template
//!   holds `/*@manifest*/{…}/*manifest@*/`, which is replaced by the compact map the loader
//!   needs (family → module files, id → family, title, heights). One request, then only
//!   the modules of the page's widgets.
//!
//! [`FAMILIES`] is the one list of families; adding a family is adding it here (and to
//! the workspace). Nothing else is kept by hand: ids, titles and heights come from the
//! families' own registries.

use distlab_kit::Family;

/// Every family, in gallery order.
pub static FAMILIES: [&Family; 8] = [
    &distlab_widgets_merkle::FAMILY,
    &distlab_widgets_erasure::FAMILY,
    &distlab_widgets_raft::FAMILY,
    &distlab_widgets_clocks::FAMILY,
    &distlab_widgets_gossip::FAMILY,
    &distlab_widgets_observability::FAMILY,
    &distlab_widgets_cdc::FAMILY,
    &distlab_widgets_kubernetes::FAMILY,
];

/// Sizes of one built family module, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModuleSize {
    /// The `.wasm` file.
    pub wasm: u64,
    /// The `.wasm` file after `gzip -9`.
    pub wasm_gzip: u64,
    /// The JS glue.
    pub js: u64,
    /// The JS glue after `gzip -9`.
    pub js_gzip: u64,
}

/// The start marker of the manifest in the loader's template.
pub const START: &str = "/*@manifest*/";
/// The end marker.
pub const END: &str = "/*manifest@*/";

/// The module files of family `name`, relative to `embed.js`.
pub fn module_paths(name: &str) -> (String, String) {
    (
        format!("families/{name}.js"),
        format!("families/{name}_bg.wasm"),
    )
}

/// A JSON string literal (quotes, backslashes and control characters escaped).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // `</script>` inside an inline script would end it; `<\/` is the same string.
            '/' if out.ends_with('<') => out.push_str("\\/"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every widget with its family, in gallery order.
fn widgets_of<'a>(
    families: &'a [&'a Family],
) -> impl Iterator<Item = (&'a Family, &'a distlab_kit::WidgetEntry)> + 'a {
    families
        .iter()
        .flat_map(|f| f.widgets.iter().map(move |w| (*f, w)))
}

fn heights_json(heights: &[(u32, u32)]) -> String {
    let pairs: Vec<String> = heights.iter().map(|(w, h)| format!("[{w},{h}]")).collect();
    format!("[{}]", pairs.join(","))
}

/// The full manifest (`widgets.json`), pretty enough to read; `size` gives each family's
/// built sizes (families without one get zeros, e.g. in native tests).
pub fn manifest_json(families: &[&Family], size: impl Fn(&str) -> ModuleSize) -> String {
    let fams: Vec<String> = families
        .iter()
        .map(|f| {
            let (js, wasm) = module_paths(f.name);
            let s = size(f.name);
            format!(
                "    {}: {{\"js\": {}, \"wasm\": {}, \"bytes\": {{\"wasm\": {}, \"wasm_gzip\": {}, \"js\": {}, \"js_gzip\": {}}}}}",
                json_string(f.name),
                json_string(&js),
                json_string(&wasm),
                s.wasm,
                s.wasm_gzip,
                s.js,
                s.js_gzip
            )
        })
        .collect();
    let widgets: Vec<String> = widgets_of(families)
        .map(|(f, w)| {
            format!(
                "    {{\"id\": {}, \"family\": {}, \"title\": {}, \"post\": {}, \"summary\": {}, \"heights\": {}}}",
                json_string(w.id),
                json_string(f.name),
                json_string(w.title),
                json_string(w.post),
                json_string(w.summary),
                heights_json(w.heights)
            )
        })
        .collect();
    format!(
        "{{\n  \"families\": {{\n{}\n  }},\n  \"widgets\": [\n{}\n  ]\n}}\n",
        fams.join(",\n"),
        widgets.join(",\n")
    )
}

/// The compact map the loader carries: family → module files; id → family, title and
/// heights.
pub fn loader_map(families: &[&Family]) -> String {
    let fams: Vec<String> = families
        .iter()
        .map(|f| {
            let (js, wasm) = module_paths(f.name);
            format!(
                "{}:{{\"js\":{},\"wasm\":{}}}",
                json_string(f.name),
                json_string(&js),
                json_string(&wasm)
            )
        })
        .collect();
    let widgets: Vec<String> = widgets_of(families)
        .map(|(f, w)| {
            format!(
                "{}:{{\"family\":{},\"title\":{},\"heights\":{}}}",
                json_string(w.id),
                json_string(f.name),
                json_string(w.title),
                heights_json(w.heights)
            )
        })
        .collect();
    format!(
        "{{\"families\":{{{}}},\"widgets\":{{{}}}}}",
        fams.join(","),
        widgets.join(",")
    )
}

/// The loader: `template` with its manifest (between [`START`] and [`END`], markers
/// included) replaced by `map`.
pub fn inject(template: &str, map: &str) -> Result<String, String> {
    let start = template
        .find(START)
        .ok_or_else(|| format!("the loader template has no {START} marker"))?;
    let end = template[start..]
        .find(END)
        .map(|i| start + i + END.len())
        .ok_or_else(|| format!("the loader template has no {END} after {START}"))?;
    if template[end..].contains(START) {
        return Err(format!("the loader template has more than one {START}"));
    }
    Ok(format!("{}{map}{}", &template[..start], &template[end..]))
}

/// The loader as readers download it: `js` without its comment lines (a line that is
/// only a `//` comment or a one-line `/* … */`), blank lines and indentation. The
/// template's comments are for whoever reads `site/static/embed.js`; every reader of
/// every post would otherwise download them (about 800 B gzip). Safe for the loader
/// because none of its strings or template literals spans lines, and comments after
/// code on a line are kept.
pub fn strip_line_comments(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim_start) {
        let comment = line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/"));
        if !comment && !line.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_across_families_and_heights_are_sane() {
        let mut ids: Vec<&str> = FAMILIES
            .iter()
            .flat_map(|f| f.widgets.iter().map(|w| w.id))
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "a widget id is registered twice");
        for f in FAMILIES {
            assert!(!f.widgets.is_empty(), "{}: no widgets", f.name);
            assert!(!f.style.is_empty(), "{}: no stylesheet", f.name);
            for w in f.widgets {
                assert!(w.id.ends_with("-widget"), "{}", w.id);
                assert_eq!(w.heights.first().map(|p| p.0), Some(0), "{}", w.id);
                assert!(
                    w.heights.windows(2).all(|p| p[0].0 < p[1].0),
                    "{}: heights must be in ascending width",
                    w.id
                );
            }
        }
    }

    #[test]
    fn inject_replaces_exactly_the_marked_text() {
        let t = "a;const M = /*@manifest*/{\"x\":1}/*manifest@*/;b";
        assert_eq!(inject(t, "{}").unwrap(), "a;const M = {};b");
        assert!(inject("no markers", "{}").is_err());
        assert!(inject("/*@manifest*/ only start", "{}").is_err());
        assert!(inject("/*@manifest*//*manifest@*//*@manifest*/", "{}").is_err());
    }

    #[test]
    fn comment_lines_and_indentation_go_code_stays() {
        let js = "// head\n\n/** doc */\nconst a = 1; // kept\n  if (a) {\n    f(`x // y`);\n  }\n";
        assert_eq!(
            strip_line_comments(js),
            "const a = 1; // kept\nif (a) {\nf(`x // y`);\n}\n"
        );
    }

    /// The real template: nothing but comments and blank lines is lost, and no string
    /// or template literal spans lines (which stripping indentation would change).
    #[test]
    fn the_loader_template_survives_stripping() {
        let template = include_str!("../../../site/static/embed.js");
        let stripped = strip_line_comments(template);
        let code = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| l.trim_start().to_string())
                .filter(|l| {
                    let comment = l.starts_with("//") || (l.starts_with("/*") && l.ends_with("*/"));
                    !(l.is_empty() || comment)
                })
                .collect()
        };
        assert_eq!(code(&stripped), code(template));
        for line in template.lines() {
            assert!(
                line.matches('`').count() % 2 == 0,
                "a template literal spans lines: {line}"
            );
        }
        assert!(stripped.len() < template.len() * 3 / 4);
    }

    #[test]
    fn loader_map_names_every_widget_and_module() {
        let map = loader_map(&FAMILIES);
        for f in FAMILIES {
            assert!(map.contains(&format!("\"families/{}_bg.wasm\"", f.name)));
            for w in f.widgets {
                assert!(map.contains(&format!("\"{}\":{{\"family\":\"{}\"", w.id, f.name)));
            }
        }
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
        assert_eq!(json_string("</script>"), "\"<\\/script>\"");
    }
}
