//! Look and feel shared by every widget: stylesheets scoped under `.dl-root` with `dl-`
//! class names so a blog's CSS and ours do not collide, themed by CSS custom properties.
//! Light or dark follows `prefers-color-scheme` unless the placeholder says
//! `data-theme="light"` or `"dark"`; animations stop under `prefers-reduced-motion`.
//!
//! Two stylesheets reach a page: the kit's [`BASE_STYLESHEET`] (theme variables,
//! controls) once, whichever families load, and each loaded family's own
//! ([`Family::style`](crate::Family)), built from its widget folders' `style.css`.
//! A kit drawing part only some families use brings its own stylesheet when it is first
//! drawn (the space-time diagram's, [`crate::spacetime::STYLESHEET`]), so the other
//! families' modules do not carry it.

use crate::registry::Family;
use wasm_bindgen::JsCast;

/// The shared stylesheet (`src/base.css`, minified at compile time by `build.rs`).
pub const BASE_STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/kit.min.css"));

/// Adds the base stylesheet and `family`'s to `<head>`, each once per page.
pub fn ensure_stylesheets(family: &Family) {
    ensure_style("distlab-css-base", BASE_STYLESHEET);
    ensure_style(&format!("distlab-css-{}", family.name), family.style);
}

/// Adds a `<style id=…>` with `css` to `<head>` unless one with that id exists.
pub fn ensure_style(id: &str, css: &str) {
    let Some(doc) = gloo::utils::window().document() else {
        return;
    };
    if doc.get_element_by_id(id).is_some() {
        return;
    }
    let Ok(style) = doc.create_element("style") else {
        return;
    };
    style.set_id(id);
    style.set_text_content(Some(css));
    if let Some(head) = doc.head() {
        let _ = head.append_child(&style);
    } else if let Some(body) = doc.body() {
        let _ = body.append_child(style.unchecked_ref());
    }
}

/// Whether the reader asked for reduced motion: widgets then jump to end states instead
/// of animating, and autoplay stays off.
pub fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}
