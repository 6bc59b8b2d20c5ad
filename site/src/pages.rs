//! The site's pages: gallery, widget page, embedding guide — all laid out from the
//! [`Manifest`]. Widgets appear through [`Placeholder`]s, exactly as in a blog post.

use crate::app::Route;
use crate::manifest::{kb, Manifest, Widget};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Placeholder`].
#[derive(Properties, PartialEq, Clone)]
pub struct PlaceholderProps {
    /// The widget's id.
    pub id: AttrValue,
    /// `data-*` options (names without the prefix).
    #[prop_or_default]
    pub options: Rc<Vec<(String, String)>>,
}

/// A blog placeholder, `<div class="hn-embed-widget" id=…>`, made outside Yew's virtual
/// DOM (so that the family module's own Yew app can own its content), which `embed.js`
/// sees appear and fills. When the page changes, the placeholder goes and the loader
/// unmounts its widget.
#[function_component(Placeholder)]
pub fn placeholder(p: &PlaceholderProps) -> Html {
    let host = use_node_ref();
    {
        let host = host.clone();
        use_effect_with((p.id.clone(), p.options.clone()), move |(id, options)| {
            let doc = gloo::utils::document();
            let el = doc.create_element("div").ok();
            if let (Some(el), Some(parent)) = (&el, host.cast::<web_sys::Element>()) {
                el.set_class_name("hn-embed-widget");
                el.set_id(id);
                for (k, v) in options.iter() {
                    // Only names an attribute can have: a bad query parameter is ignored.
                    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        let _ = el.set_attribute(&format!("data-{k}"), v);
                    }
                }
                let _ = parent.append_child(el);
            }
            move || {
                if let Some(el) = el {
                    el.remove();
                }
            }
        });
    }
    html! { <div class="placeholder-host" ref={host}></div> }
}

/// The folder URL the site is served from (embed snippets point here).
fn base_url() -> String {
    let loc = gloo::utils::window().location();
    let origin = loc.origin().unwrap_or_default();
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    format!("{origin}{dir}")
}

/// `s` with `&`, `<`, `>` and `"` escaped, for text put inside HTML we hand out.
fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The snippet a blogger pastes: the placeholder, holding a plain link to the widget's
/// page for readers whose page runs no script (feed readers, newsletters), and the
/// loader once per page.
pub fn embed_snippet(base: &str, w: &Widget) -> String {
    format!(
        "<div class=\"hn-embed-widget\" id=\"{id}\"><a href=\"{base}#/widget/{id}\">{title}: open the interactive diagram</a></div>\n<script type=\"module\" src=\"{base}embed.js\"></script>",
        id = w.id,
        title = html_escape(&w.title),
    )
}

/// The iframe alternative, sized for a wide page.
pub fn iframe_snippet(base: &str, w: &Widget) -> String {
    let h = w.heights.last().map_or(900, |p| p.1);
    format!(
        "<iframe src=\"{base}?frame={id}\" title=\"{title}\" loading=\"lazy\"\n        style=\"width:100%;height:{h}px;border:0\"></iframe>",
        id = w.id,
        title = html_escape(&w.title),
        h = h + 40
    )
}

/// What a reader downloads for `w` (its family's module), e.g. "96.0 KB".
fn download(m: &Manifest, w: &Widget) -> Option<String> {
    m.family(&w.family)
        .filter(|f| f.gzip > 0)
        .map(|f| kb(f.gzip))
}

/// Props of [`Snippet`].
#[derive(Properties, PartialEq, Clone)]
pub struct SnippetProps {
    /// The code.
    pub code: String,
    /// What it is, for the copy button's accessible name.
    pub label: AttrValue,
}

/// A code block with a copy button.
#[function_component(Snippet)]
pub fn snippet(p: &SnippetProps) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let code = p.code.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let clipboard = gloo::utils::window().navigator().clipboard();
            let _ = clipboard.write_text(&code);
            copied.set(true);
        })
    };
    html! {
        <div class="snippet">
            <pre tabindex="0" aria-label={p.label.clone()}><code>{ &p.code }</code></pre>
            <button type="button" class="copy" {onclick} aria-label={format!("Copy {}", p.label)}>
                { if *copied { "Copied ✓" } else { "Copy" } }
            </button>
        </div>
    }
}

// The pages are plain functions, not components: they have no state, and every component
// costs the bundle its own copy of Yew's lifecycle code. `app` keys each page so that
// moving between pages still mounts a fresh one.

/// The gallery: every widget, grouped by the post it belongs to. It renders no
/// placeholder, so it downloads no widget module.
pub fn gallery(m: &Manifest) -> Html {
    html! {
        <>
            <section class="hero">
                <h1>{ "Distributed systems you can take apart" }</h1>
                <p class="lede">
                    { "Interactive diagrams for a series on distributed systems. Each one runs the real algorithm — \
                       real SHA-256 hashes, real protocol state machines — compiled from Rust to WebAssembly, \
                       so what you see is what the code does. Break things, step through them, and share what you find." }
                </p>
                <p class="hero-meta">{ format!("{} widgets · a post downloads only its own widgets · works offline once loaded", m.widgets.len()) }</p>
            </section>
            { for m.posts().into_iter().map(|post| html! {
                <section class="post-group" aria-label={post.to_string()}>
                    <h2>{ post }</h2>
                    <ul class="cards">
                        { for m.widgets.iter().filter(|w| w.post == post).map(|w| card(m, w)) }
                    </ul>
                </section>
            }) }
        </>
    }
}

fn card(m: &Manifest, w: &Widget) -> Html {
    let href = Route::Widget(w.id.clone()).href();
    let shared = m.widgets.iter().filter(|o| o.family == w.family).count();
    html! {
        <li class="card" data-widget-card={w.id.clone()}>
            <h3><a href={href.clone()}>{ &w.title }</a></h3>
            <p>{ &w.summary }</p>
            <p class="card-id"><code>{ &w.id }</code></p>
            { download(m, w).map(|size| html! {
                <p class="card-size" data-testid="card-size">
                    { format!("Download: {size} gzip") }
                    { if shared > 1 { format!(", shared by the {shared} widgets of this post") } else { String::new() } }
                </p>
            }).unwrap_or_default() }
            <a class="card-open" href={href} aria-label={format!("Open {}", w.title)}>{ "Open →" }</a>
        </li>
    }
}

/// The folder URL of the site, as the snippets name it.
fn site_base() -> String {
    base_url()
}

/// One widget, full width, with how to embed it.
pub fn widget_page(m: &Manifest, id: &str) -> Html {
    let Some(w) = m.widget(id) else {
        return not_found(&format!("widget/{id}"));
    };
    let base = site_base();
    let index = m.widgets.iter().position(|e| e.id == w.id).unwrap_or(0);
    let prev = index.checked_sub(1).and_then(|i| m.widgets.get(i));
    let next = m.widgets.get(index + 1);
    html! {
        <article class="widget-page">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="#/">{ "Widgets" }</a>{ " / " }<span>{ &w.post }</span></nav>
            <h1>{ &w.title }</h1>
            <p class="lede">{ &w.summary }</p>
            // Widgets title their parts with h3, as they would under a post's h2 sections;
            // this hidden h2 keeps the page's heading outline in order for screen readers.
            <h2 class="dl-sr-only">{ "Interactive widget" }</h2>
            // Keyed by id so moving between widget pages mounts a fresh widget.
            <Placeholder key={w.id.clone()} id={AttrValue::from(w.id.clone())} />
            <section class="embed-here" aria-labelledby="embed-h">
                <h2 id="embed-h">{ "Put it in your post" }</h2>
                <p>{ "Paste the placeholder where the diagram should go and the script once per page \
                      (on Hashnode, paste both as one dashboard widget: see the " }
                    <a href="#/embed">{ "embedding guide" }</a>{ "):" }</p>
                <Snippet code={embed_snippet(&base, w)} label="embed snippet" />
                { download(m, w).map(|size| html! {
                    <p class="muted">{ format!("A reader downloads {size} (gzip) for this post's widgets, only when one scrolls into view.") }</p>
                }).unwrap_or_default() }
                <p>{ "Or, where only iframes are allowed:" }</p>
                <Snippet code={iframe_snippet(&base, w)} label="iframe snippet" />
                <p class="muted">{ "Options go in data-* attributes (or iframe query parameters): see the " }
                    <a href="#/embed">{ "embedding guide" }</a>{ "." }</p>
            </section>
            <nav class="pager" aria-label="More widgets">
                { prev.map(|e| html!{ <a href={Route::Widget(e.id.clone()).href()}>{ format!("← {}", e.title) }</a> }).unwrap_or_default() }
                { next.map(|e| html!{ <a class="next" href={Route::Widget(e.id.clone()).href()}>{ format!("{} →", e.title) }</a> }).unwrap_or_default() }
            </nav>
        </article>
    }
}

/// The embedding guide.
pub fn embed_guide(m: &Manifest) -> Html {
    let base = site_base();
    let Some(example) = m.widgets.first() else {
        return html! { <p>{ "No widgets are built." }</p> };
    };
    html! {
        <article class="guide">
            <h1>{ "Embed a widget in any page" }</h1>
            <p class="lede">{ "Two lines of HTML. No build step, no framework, no tracking: a small script finds the \
                              placeholders and loads, for each post, only the WebAssembly of the widgets it holds, \
                              when they come into view." }</p>
            <h2>{ "1. Place the placeholder" }</h2>
            <p>{ "Put a div with the class hn-embed-widget and the widget's id where the diagram should appear. \
                  The link inside is what readers see where no script runs (feed readers, e-mail newsletters, \
                  hosts that block scripts): it opens the widget on this site. The widget replaces it when it loads." }</p>
            <h2>{ "2. Load the script once" }</h2>
            <Snippet code={embed_snippet(&base, example)} label="embed snippet" />
            <p>{ "The script is a module: it runs after the page is parsed, so put it anywhere. \
                  Placeholders reserve the widget's height before its module arrives, so the page does not jump, \
                  and placeholders added to the page later are filled too." }</p>
            <h2>{ "On Hashnode" }</h2>
            <p>{ "Hashnode shows a post's widget in a sandboxed frame served from its own embed host, so:" }</p>
            <ol>
                <li>{ "In the blog's dashboard, open Widgets and add one. Its shortcode is what the post names, e.g. " }
                    <code>{ "%%[merkle-comparison]" }</code>{ "." }</li>
                <li>{ "Paste that widget's snippet below (placeholder and script together) as the widget's code, and save." }</li>
                <li>{ "Write the shortcode in the post where the diagram should appear." }</li>
            </ol>
            <p>{ "Because the frame runs on Hashnode's host and the script comes from yours, your host must allow \
                  cross-origin requests (see Hosting). Inside the frame, copying to the clipboard may be refused: \
                  widgets then show the link selected, ready to copy, and a shared link points to the widget's page here." }</p>
            <details class="per-widget">
                <summary>{ format!("The code to paste, for each of the {} widgets", m.widgets.len()) }</summary>
                { for m.widgets.iter().map(|w| html! {
                    <div class="per-widget-item">
                        <h3>{ &w.title }</h3>
                        <Snippet code={embed_snippet(&base, w)} label={AttrValue::from(format!("code for {}", w.title))} />
                    </div>
                }) }
            </details>
            <h2>{ "Options" }</h2>
            <p>{ "Every widget reads optional data-* attributes. A value it cannot use is reported inside the widget \
                  and the default is used — a typo never breaks the page." }</p>
            <table class="opts">
                <thead><tr><th scope="col">{ "attribute" }</th><th scope="col">{ "meaning" }</th></tr></thead>
                <tbody>
                    <tr><td><code>{ "data-theme" }</code></td><td>{ "light, dark, or auto (default: follows the reader's system setting)" }</td></tr>
                    <tr><td><code>{ "data-seed" }</code></td><td>{ "a whole number that decides every random choice, so a scenario replays exactly" }</td></tr>
                    <tr><td><code>{ "data-blocks" }</code></td><td>{ "Merkle widgets: how many data blocks to start with" }</td></tr>
                    <tr><td><code>{ "data-scheme" }</code></td><td>{ "Merkle construction: rfc6962 (default), plain, or bitcoin" }</td></tr>
                </tbody>
            </table>
            <h2>{ "Only iframes allowed?" }</h2>
            <p>{ "Each widget has a page of its own that shows nothing else; options become query parameters:" }</p>
            <Snippet code={iframe_snippet(&base, example)} label="iframe snippet" />
            <h2>{ "Pages that add placeholders later" }</h2>
            <p>{ "Nothing to do: the script watches the page and fills placeholders as they appear. \
                  window.distlab.scan() looks again on demand." }</p>
            <h2>{ "Hosting" }</h2>
            <p>{ "The built site is plain static files: serve the folder from any host that sends .wasm as application/wasm. \
                  When the page that embeds a widget is on another origin than these files — always the case on Hashnode — \
                  the host must send " }<code>{ "Access-Control-Allow-Origin: *" }</code>{ " with the .js and .wasm files: \
                  module scripts and WebAssembly are fetched with CORS, and without that header the browser refuses them \
                  (readers then get the fallback link instead of the widget)." }</p>
            <ul>
                <li>{ "GitHub Pages sends that header on every file as it is." }</li>
                <li>{ "Netlify and Cloudflare Pages read the _headers file that the build puts beside the files, which sends it." }</li>
                <li>{ "Anywhere else (nginx, S3, a CDN), add the header for the folder." }</li>
            </ul>
            <p>{ "The list of widgets, their families and download sizes is published as " }
                <a href="widgets.json"><code>{ "widgets.json" }</code></a>{ "." }</p>
            <h2>{ "Available widgets" }</h2>
            <ul class="id-list">
                { for m.widgets.iter().map(|w| html!{
                    <li><code>{ &w.id }</code>{ " — " }<a href={Route::Widget(w.id.clone()).href()}>{ &w.title }</a></li>
                }) }
            </ul>
        </article>
    }
}

/// A friendly 404.
pub fn not_found(path: &str) -> Html {
    html! {
        <article>
            <h1>{ "Nothing here" }</h1>
            <p>{ format!("There is no page at “{path}”. ") }<a href="#/">{ "See all widgets" }</a>{ "." }</p>
        </article>
    }
}
