//! # distlab-site
//!
//! The demo site, a Trunk app: a gallery, a page per widget and the embedding guide,
//! routed by the URL fragment, and `?frame=<widget-id>`, a widget alone for platforms
//! that only allow iframes. It holds no widget: its pages render blog placeholders, and
//! `embed.js` (loaded by `index.html`, exactly as on a blog) mounts each from its family's
//! wasm module. So the gallery downloads no widget module and a widget page only its own.

pub mod app;
pub mod manifest;
pub mod pages;

use wasm_bindgen::prelude::*;

/// The id of the demo site's root element in `index.html`.
pub const SITE_ROOT_ID: &str = "distlab-site";

/// Entry point, run when the module is instantiated: renders the site into its root.
#[wasm_bindgen(start)]
pub fn start() {
    if let Some(root) = gloo::utils::document().get_element_by_id(SITE_ROOT_ID) {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
