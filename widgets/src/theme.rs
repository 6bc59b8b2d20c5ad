//! Look and feel shared by every widget: one stylesheet, scoped under `.dl-root` with
//! `dl-` class names so a blog's CSS and ours do not collide, themed by CSS custom
//! properties. Light or dark follows `prefers-color-scheme` unless the placeholder says
//! `data-theme="light"` or `"dark"`; animations stop under `prefers-reduced-motion`.

use wasm_bindgen::JsCast;

/// The widgets' stylesheet.
/// One file per widget plus the shared base (`style/*.css`), concatenated and minified
/// at compile time by `build.rs`.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/widgets.min.css"));
const STYLE_ID: &str = "distlab-widgets-css";

/// Adds the stylesheet to `<head>` once per page.
pub fn ensure_stylesheet() {
    let Some(doc) = gloo::utils::window().document() else {
        return;
    };
    if doc.get_element_by_id(STYLE_ID).is_some() {
        return;
    }
    let Ok(style) = doc.create_element("style") else {
        return;
    };
    style.set_id(STYLE_ID);
    style.set_text_content(Some(STYLESHEET));
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
