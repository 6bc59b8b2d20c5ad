//! The site's pages: gallery, widget page, embedding guide.

use crate::app::Route;
use distlab_widgets::{find, mount::WidgetHost, WidgetEntry, WidgetOptions, REGISTRY};
use yew::prelude::*;

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

/// The two-line snippet a blogger pastes.
pub fn embed_snippet(base: &str, id: &str) -> String {
    format!(
        "<div class=\"hn-embed-widget\" id=\"{id}\"></div>\n<script type=\"module\" src=\"{base}embed.js\"></script>"
    )
}

/// The iframe alternative.
pub fn iframe_snippet(base: &str, entry: &WidgetEntry) -> String {
    format!(
        "<iframe src=\"{base}?frame={id}\" title=\"{title}\" loading=\"lazy\"\n        style=\"width:100%;height:{h}px;border:0\"></iframe>",
        id = entry.id,
        title = entry.title,
        h = entry.reserved_height + 80
    )
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

/// The gallery: every registered widget, grouped by the post it belongs to.
pub fn gallery() -> Html {
    let mut posts: Vec<&str> = Vec::new();
    for e in REGISTRY {
        if !posts.contains(&e.post) {
            posts.push(e.post);
        }
    }
    html! {
        <>
            <section class="hero">
                <h1>{ "Distributed systems you can take apart" }</h1>
                <p class="lede">
                    { "Interactive diagrams for a series on distributed systems. Each one runs the real algorithm — \
                       real SHA-256 hashes, real protocol state machines — compiled from Rust to WebAssembly, \
                       so what you see is what the code does. Break things, step through them, and share what you find." }
                </p>
                <p class="hero-meta">{ format!("{} widgets · one wasm module for all of them · works offline once loaded", REGISTRY.len()) }</p>
            </section>
            { for posts.iter().map(|post| html! {
                <section class="post-group" aria-label={post.to_string()}>
                    <h2>{ *post }</h2>
                    <ul class="cards">
                        { for REGISTRY.iter().filter(|e| e.post == *post).map(card) }
                    </ul>
                </section>
            }) }
        </>
    }
}

fn card(e: &'static WidgetEntry) -> Html {
    let href = Route::Widget(e.id.to_string()).href();
    html! {
        <li class="card" data-widget-card={e.id}>
            <h3><a href={href.clone()}>{ e.title }</a></h3>
            <p>{ e.summary }</p>
            <p class="card-id"><code>{ e.id }</code></p>
            <a class="card-open" href={href} aria-label={format!("Open {}", e.title)}>{ "Open →" }</a>
        </li>
    }
}

/// One widget, full width, with how to embed it.
pub fn widget_page(id: &str) -> Html {
    let Some(entry) = find(id) else {
        return not_found(&format!("widget/{id}"));
    };
    let base = base_url();
    let index = REGISTRY.iter().position(|e| e.id == entry.id).unwrap_or(0);
    let prev = index.checked_sub(1).and_then(|i| REGISTRY.get(i));
    let next = REGISTRY.get(index + 1);
    html! {
        <article class="widget-page">
            <nav class="crumbs" aria-label="Breadcrumb"><a href="#/">{ "Widgets" }</a>{ " / " }<span>{ entry.post }</span></nav>
            <h1>{ entry.title }</h1>
            <p class="lede">{ entry.summary }</p>
            // Widgets title their parts with h3, as they would under a post's h2 sections;
            // this hidden h2 keeps the page's heading outline in order for screen readers.
            <h2 class="dl-sr-only">{ "Interactive widget" }</h2>
            // Keyed by id so moving between widget pages mounts a fresh widget.
            <WidgetHost key={entry.id} entry={entry} options={WidgetOptions::default()} />
            <section class="embed-here" aria-labelledby="embed-h">
                <h2 id="embed-h">{ "Put it in your post" }</h2>
                <p>{ "Paste the placeholder where the diagram should go and the script once per page:" }</p>
                <Snippet code={embed_snippet(&base, entry.id)} label="embed snippet" />
                <p>{ "Or, where only iframes are allowed:" }</p>
                <Snippet code={iframe_snippet(&base, entry)} label="iframe snippet" />
                <p class="muted">{ "Options go in data-* attributes (or iframe query parameters): see the " }
                    <a href="#/embed">{ "embedding guide" }</a>{ "." }</p>
            </section>
            <nav class="pager" aria-label="More widgets">
                { prev.map(|e| html!{ <a href={Route::Widget(e.id.into()).href()}>{ format!("← {}", e.title) }</a> }).unwrap_or_default() }
                { next.map(|e| html!{ <a class="next" href={Route::Widget(e.id.into()).href()}>{ format!("{} →", e.title) }</a> }).unwrap_or_default() }
            </nav>
        </article>
    }
}

/// The embedding guide.
pub fn embed_guide() -> Html {
    let base = base_url();
    let example = REGISTRY
        .first()
        .map_or("merkle-tree-construction-widget", |e| e.id);
    html! {
        <article class="guide">
            <h1>{ "Embed a widget in any page" }</h1>
            <p class="lede">{ "Two lines of HTML. No build step, no framework, no tracking: the script loads one WebAssembly module \
                              and fills every placeholder on the page." }</p>
            <h2>{ "1. Place the placeholder" }</h2>
            <p>{ "Put a div with the class hn-embed-widget and the widget's id where the diagram should appear. \
                  Several widgets on one page share one module." }</p>
            <h2>{ "2. Load the script once" }</h2>
            <Snippet code={embed_snippet(&base, example)} label="embed snippet" />
            <p>{ "The script is a module: it runs after the page is parsed, so put it anywhere. \
                  Placeholders reserve their height before the module loads, so the page does not jump." }</p>
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
            <Snippet code={format!("<iframe src=\"{base}?frame={example}&theme=dark\" title=\"Merkle tree\" loading=\"lazy\"\n        style=\"width:100%;height:560px;border:0\"></iframe>")} label="iframe snippet" />
            <h2>{ "Pages that add placeholders later" }</h2>
            <p>{ "Single-page apps can call the exported functions after inserting placeholders:" }</p>
            <Snippet code={format!("import init, {{ mountAll }} from \"{base}distlab-site.js\";\nawait init();\nmountAll(); // returns how many widgets were mounted")} label="JavaScript API" />
            <h2>{ "Hosting" }</h2>
            <p>{ "The built site is plain static files. Serve the folder from any host; when the script is loaded \
                  from another origin, that host must send Access-Control-Allow-Origin for the .js and .wasm files \
                  (module scripts are fetched with CORS). The list of available widgets is published as " }
                <a href="widgets.json"><code>{ "widgets.json" }</code></a>{ "." }</p>
            <h2>{ "Available widgets" }</h2>
            <ul class="id-list">
                { for REGISTRY.iter().map(|e| html!{
                    <li><code>{ e.id }</code>{ " — " }<a href={Route::Widget(e.id.into()).href()}>{ e.title }</a></li>
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
