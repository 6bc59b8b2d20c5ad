//! # distlab-site
//!
//! The one wasm module every page loads. Its start function looks at the page:
//!
//! - the demo site (`index.html` has `<div id="distlab-site">`) gets the [`app`]: a
//!   gallery, a page per widget, and the embedding guide, routed by the URL fragment;
//! - `?frame=<widget-id>` renders that widget alone, for platforms that only allow iframes;
//! - any other page (a blog post that loaded `embed.js`) gets
//!   [`distlab_widgets::mount_all`]: every `.hn-embed-widget[id]` placeholder is filled.
//!
//! The same functions are exported to JavaScript (`mountAll`, `mount`, `widgets`) for
//! pages that add placeholders after load.

pub mod app;
mod pages;

use distlab_widgets::{mount_all as mount_all_placeholders, MountOutcome, REGISTRY};
use wasm_bindgen::prelude::*;

/// The id of the demo site's root element in `index.html`.
pub const SITE_ROOT_ID: &str = "distlab-site";

/// Entry point, run when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    let doc = gloo::utils::document();
    if let Some(root) = doc.get_element_by_id(SITE_ROOT_ID) {
        distlab_widgets::theme::ensure_stylesheet();
        yew::Renderer::<app::App>::with_root(root).render();
    } else {
        mount_all_placeholders();
    }
}

/// Mounts every `.hn-embed-widget[id]` placeholder not mounted yet; returns how many
/// widgets were mounted (unknown ids get a note and are not counted).
#[wasm_bindgen(js_name = mountAll)]
pub fn mount_all() -> u32 {
    let mounted = mount_all_placeholders()
        .iter()
        .filter(|o| matches!(o, MountOutcome::Mounted(_)))
        .count();
    u32::try_from(mounted).unwrap_or(u32::MAX)
}

/// Mounts the widget registered for `element`'s id into it; returns whether it did.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element) -> bool {
    matches!(
        distlab_widgets::mount_element(&element),
        MountOutcome::Mounted(_)
    )
}

/// The registered widgets as JSON: `[{"id":…,"title":…,"post":…}]`.
#[wasm_bindgen]
pub fn widgets() -> String {
    registry_json()
}

/// The registry as the JSON array published at `/widgets.json`.
pub fn registry_json() -> String {
    let items: Vec<String> = REGISTRY
        .iter()
        .map(|e| {
            format!(
                "  {{\"id\": {}, \"title\": {}, \"post\": {}}}",
                json_string(e.id),
                json_string(e.title),
                json_string(e.post)
            )
        })
        .collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}

/// A JSON string literal (quotes, backslashes and control characters escaped).
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `site/static/widgets.json` is what bloggers and the end-to-end tests read; it must
    /// list exactly the registry. Regenerate with `UPDATE_WIDGETS_JSON=1 cargo test -p distlab-site`.
    #[test]
    fn widgets_json_matches_registry() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/static/widgets.json");
        let want = registry_json();
        if std::env::var_os("UPDATE_WIDGETS_JSON").is_some() {
            std::fs::write(path, &want).expect("write widgets.json");
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            have, want,
            "site/static/widgets.json is stale: run UPDATE_WIDGETS_JSON=1 cargo test -p distlab-site"
        );
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
