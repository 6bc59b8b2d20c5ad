//! The widget manifest, `widgets.json`, as the site reads it at run time.
//!
//! The build writes it from the families' registries (see `widgets/manifest`), with each
//! family module's size. The site holds no widget and no registry of its own: it fetches
//! this file and lays out pages from it, and `embed.js` mounts the widgets. Parsed with
//! the browser's own `JSON.parse` (no JSON code in our module).

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// One widget, as the manifest lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    /// The placeholder id.
    pub id: String,
    /// The family whose module holds it.
    pub family: String,
    /// Short title.
    pub title: String,
    /// The blog post it belongs to.
    pub post: String,
    /// One paragraph for the gallery.
    pub summary: String,
    /// Reserved height for a narrow (phone) and a wide page, for the iframe snippet.
    pub heights: Vec<(u32, u32)>,
}

/// One family module's files and sizes.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyModule {
    /// Family name.
    pub name: String,
    /// Bytes of wasm + JS after gzip: what a reader downloads for this family.
    pub gzip: u64,
    /// Bytes of wasm + JS as stored.
    pub raw: u64,
}

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// Every widget, in gallery order.
    pub widgets: Vec<Widget>,
    /// Every family module.
    pub families: Vec<FamilyModule>,
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn number(v: &JsValue, key: &str) -> u64 {
    get(v, key).as_f64().map_or(0, |n| n.max(0.0) as u64)
}

impl Manifest {
    /// Parses the manifest's text; an error says what is wrong.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let root = js_sys::JSON::parse(text).map_err(|_| "widgets.json is not JSON".to_string())?;
        let list = get(&root, "widgets");
        let Some(list) = list.dyn_ref::<js_sys::Array>() else {
            return Err("widgets.json has no list of widgets".into());
        };
        let widgets = list
            .iter()
            .map(|w| Widget {
                id: string(&w, "id"),
                family: string(&w, "family"),
                title: string(&w, "title"),
                post: string(&w, "post"),
                summary: string(&w, "summary"),
                heights: get(&w, "heights")
                    .dyn_ref::<js_sys::Array>()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                let p = p.dyn_into::<js_sys::Array>().ok()?;
                                Some((p.get(0).as_f64()? as u32, p.get(1).as_f64()? as u32))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .filter(|w| !w.id.is_empty())
            .collect();
        let fams = get(&root, "families");
        let families = js_sys::Object::keys(fams.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|k| {
                let name = k.as_string()?;
                let bytes = get(&get(&fams, &name), "bytes");
                Some(FamilyModule {
                    gzip: number(&bytes, "wasm_gzip") + number(&bytes, "js_gzip"),
                    raw: number(&bytes, "wasm") + number(&bytes, "js"),
                    name,
                })
            })
            .collect();
        Ok(Manifest { widgets, families })
    }

    /// The widget with this id.
    pub fn widget(&self, id: &str) -> Option<&Widget> {
        self.widgets.iter().find(|w| w.id == id)
    }

    /// The module of this family.
    pub fn family(&self, name: &str) -> Option<&FamilyModule> {
        self.families.iter().find(|f| f.name == name)
    }

    /// The posts, in the order their first widget appears.
    pub fn posts(&self) -> Vec<&str> {
        let mut posts: Vec<&str> = Vec::new();
        for w in &self.widgets {
            if !posts.contains(&w.post.as_str()) {
                posts.push(&w.post);
            }
        }
        posts
    }
}

/// Fetches and parses `widgets.json` beside the page.
pub async fn fetch() -> Result<Manifest, String> {
    let window = gloo::utils::window();
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("widgets.json"))
        .await
        .map_err(|_| "could not load widgets.json".to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "no response".to_string())?;
    if !resp.ok() {
        return Err(format!("widgets.json: HTTP {}", resp.status()));
    }
    let text = resp
        .text()
        .map_err(|_| "widgets.json: no body".to_string())?;
    let text = wasm_bindgen_futures::JsFuture::from(text)
        .await
        .map_err(|_| "widgets.json: unreadable body".to_string())?;
    Manifest::parse(&text.as_string().unwrap_or_default())
}

/// `bytes` as kilobytes with one decimal ("12.3 KB"), in integer arithmetic (no float
/// formatting code in the module).
pub fn kb(bytes: u64) -> String {
    let tenths = (bytes * 10 + 512) / 1024;
    format!("{}.{} KB", tenths / 10, tenths % 10)
}
