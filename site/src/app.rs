//! The demo site: a tiny hash router over the registry.
//!
//! | URL                     | page                                   |
//! |-------------------------|----------------------------------------|
//! | `#/`                    | gallery of every registered widget     |
//! | `#/widget/<id>`         | one widget, with its embed snippets    |
//! | `#/embed`               | the embedding guide                    |
//! | `?frame=<id>&<option>…` | the widget alone, for an `<iframe>`    |
//!
//! A fragment router keeps the built site plain static files: any host serves it. The
//! pages come from the manifest (`widgets.json`), fetched once; the widgets themselves
//! are mounted by `embed.js` into the placeholders the pages render, so the gallery loads
//! no widget module and a widget page only its family's.

use crate::manifest::{self, Manifest};
use crate::pages::{self, Placeholder};
use gloo::events::EventListener;
use std::rc::Rc;
use yew::prelude::*;

/// A page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The gallery.
    Gallery,
    /// One widget's page.
    Widget(String),
    /// The embedding guide.
    Embed,
    /// Anything else.
    NotFound(String),
}

impl Route {
    /// Parses a URL fragment such as `#/widget/merkle-tree-construction-widget`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split('?').next().unwrap_or_default();
        match path.split('/').collect::<Vec<_>>().as_slice() {
            [""] => Route::Gallery,
            ["embed"] => Route::Embed,
            ["widget", id] => Route::Widget((*id).to_string()),
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The fragment for this route.
    pub fn href(&self) -> String {
        match self {
            Route::Gallery => "#/".into(),
            Route::Widget(id) => format!("#/widget/{id}"),
            Route::Embed => "#/embed".into(),
            Route::NotFound(p) => format!("#/{p}"),
        }
    }
}

fn current_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// `?frame=<id>` and the other query parameters, which become the widget's options
/// exactly as `data-*` attributes would (`?frame=x&seed=7` ≙ `data-seed="7"`).
fn frame_request() -> Option<(String, Vec<(String, String)>)> {
    let search = gloo::utils::window().location().search().ok()?;
    let pairs = parse_query(&search);
    let id = pairs.iter().find(|(k, _)| k == "frame")?.1.clone();
    let options = pairs.into_iter().filter(|(k, _)| k != "frame").collect();
    Some((id, options))
}

/// Splits `?a=1&b=x%20y` into decoded pairs; undecodable parts are kept raw.
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        js_sys::decode_uri_component(&s)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or(s)
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// The page for `route`, keyed by it: the pages are plain functions (no component of
/// their own, see `pages`), and the key makes a new route mount a fresh page as a new
/// component would.
fn page(route: &Route, manifest: &Manifest) -> Html {
    let (key, html) = match route {
        Route::Gallery => ("gallery".to_string(), pages::gallery(manifest)),
        Route::Widget(id) => (format!("widget/{id}"), pages::widget_page(manifest, id)),
        Route::Embed => ("embed".to_string(), pages::embed_guide(manifest)),
        Route::NotFound(p) => (format!("404/{p}"), pages::not_found(p)),
    };
    Html::VList(std::rc::Rc::new(yew::virtual_dom::VList::with_children(
        vec![html],
        Some(key.into()),
    )))
}

/// The site's root component.
#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(|| Route::parse(&current_hash()));
    let manifest = use_state(|| None::<Result<Rc<Manifest>, String>>);
    {
        let manifest = manifest.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                manifest.set(Some(manifest::fetch().await.map(Rc::new)));
            });
        });
    }
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(Route::parse(&current_hash()));
                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
            });
            move || drop(listener)
        });
    }
    if let Some((id, options)) = frame_request() {
        return frame_page(&id, options);
    }
    let loaded = match &*manifest {
        Some(Ok(m)) => Some(m.clone()),
        _ => None,
    };
    let title = match &*route {
        Route::Gallery => "distlab — interactive distributed systems".to_string(),
        Route::Widget(id) => match loaded.as_deref().map(|m| m.widget(id)) {
            Some(Some(w)) => format!("{} — distlab", w.title),
            Some(None) => "Not found — distlab".into(),
            None => "distlab".into(),
        },
        Route::Embed => "Embed a widget — distlab".to_string(),
        Route::NotFound(_) => "Not found — distlab".to_string(),
    };
    gloo::utils::document().set_title(&title);
    html! {
        <div class="site">
            <a class="skip" href="#main" onclick={Callback::from(|e: MouseEvent| {
                e.prevent_default();
                if let Some(m) = gloo::utils::document().get_element_by_id("main") {
                    m.scroll_into_view();
                }
            })}>{ "Skip to content" }</a>
            <header class="site-header">
                <a class="brand" href="#/" aria-label="distlab home">
                    <span class="brand-mark" aria-hidden="true">{ "◆" }</span>{ "distlab" }
                </a>
                <nav aria-label="Site">
                    <a href="#/" aria-current={(*route == Route::Gallery).then_some("page")}>{ "Widgets" }</a>
                    <a href="#/embed" aria-current={(*route == Route::Embed).then_some("page")}>{ "Embed" }</a>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                { match &*manifest {
                    Some(Ok(m)) => page(&route, m),
                    Some(Err(e)) => html! { <p class="dl-unknown" role="alert">{ format!("The list of widgets could not be loaded ({e}).") }</p> },
                    None => html! { <p class="loading" aria-busy="true">{ "Loading…" }</p> },
                } }
            </main>
            <footer class="site-footer">
                <p>{ "distlab — every picture is computed by the real algorithm, in your browser. " }
                   <a href="#/embed">{ "Embed these widgets" }</a>{ " in your own posts." }</p>
            </footer>
        </div>
    }
}

/// A widget alone on the page, for iframes: just its placeholder, which `embed.js`
/// fills (or answers with its note for an unknown id).
pub fn frame_page(id: &str, options: Vec<(String, String)>) -> Html {
    let _ = gloo::utils::document()
        .document_element()
        .map(|e| e.set_class_name("dl-frame"));
    html! { <Placeholder id={AttrValue::from(id.to_string())} options={Rc::new(options)} /> }
}
