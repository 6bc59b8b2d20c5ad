//! Copy-link: a run's scenario text in the page's URL fragment, so a link replays it.
//!
//! The fragment keeps the page's own route (a router may read the part before `?`) and
//! adds or replaces `<key>=<scenario>`, e.g. `#/widget/raft?raft=v1~n5~…`. A link read
//! back is *input*: bound it ([`super::bounds`]) before running it.
//! Test hooks: `copy-link`, `link-text`.

use yew::prelude::*;

/// The value of `<key>=` in a URL fragment, after `#`, `?` or `&`.
pub fn value_in_hash<'h>(hash: &'h str, key: &str) -> Option<&'h str> {
    // A byte scan, not `str::find`: no substring searcher in every module.
    let (b, k) = (hash.as_bytes(), key.as_bytes());
    (0..b.len()).find_map(|i| {
        let starts = i == 0 || matches!(b[i - 1], b'#' | b'?' | b'&');
        let after = i + k.len() + 1;
        if !(starts && b[i..].starts_with(k) && b.get(after - 1) == Some(&b'=')) {
            return None;
        }
        let after = hash.get(after..)?;
        Some(after.split('&').next().unwrap_or(after))
    })
}

/// The fragment to share: the page's route kept, with `<key>=<text>` added or replaced.
pub fn fragment_with(hash: &str, key: &str, text: &str) -> String {
    let path = hash.trim_start_matches('#');
    let path = path.split('?').next().unwrap_or("");
    if path.starts_with('/') {
        format!("#{path}?{key}={text}")
    } else {
        format!("#{key}={text}")
    }
}

/// The page's URL fragment ("" outside a browser page).
pub fn location_hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Props of [`ShareLink`].
#[derive(Properties, PartialEq, Clone)]
pub struct ShareLinkProps {
    /// The fragment key (`raft`).
    pub key_name: AttrValue,
    /// The scenario text of the run now.
    pub text: AttrValue,
    /// The widget's id, for a link to its page on our site when the page itself cannot be
    /// shared (inside a blog platform's sandboxed iframe).
    #[prop_or_default]
    pub widget_id: AttrValue,
}

/// What the copy button achieved.
#[derive(Clone, PartialEq)]
enum Copied {
    /// The link is on the clipboard.
    Done(String),
    /// No clipboard here, or it refused (e.g. a sandboxed iframe): the link is shown
    /// selected, ready to copy by hand.
    Refused(String),
}

/// The link to share. On a page of its own (the demo site, or a blog page with the
/// script), the page's URL with the run in its fragment. Inside an iframe — Hashnode
/// serves an embed from its own host, whose URL means nothing to a reader — the widget's
/// page on our site (the folder `embed.js` came from, `window.distlab.base`) with the run.
pub fn share_url(key: &str, text: &str, widget_id: &str) -> String {
    let win = gloo::utils::window();
    let framed = win.top().ok().flatten().is_some_and(|top| {
        wasm_bindgen::JsValue::from(top) != wasm_bindgen::JsValue::from(win.clone())
    });
    let site = js_sys::Reflect::get(&win, &"distlab".into())
        .and_then(|d| js_sys::Reflect::get(&d, &"base".into()))
        .ok()
        .and_then(|b| b.as_string());
    if let (true, Some(base), false) = (framed, site, widget_id.is_empty()) {
        return format!("{base}#/widget/{widget_id}?{key}={text}");
    }
    let loc = win.location();
    let hash = loc.hash().unwrap_or_default();
    let href = loc.href().unwrap_or_default();
    let page = href.split('#').next().unwrap_or("");
    format!("{page}{}", fragment_with(&hash, key, text))
}

/// "Copy link to this run": copies the link ([`share_url`]) and says whether it did; if
/// the clipboard is missing or refuses, the link is shown selected, to copy by hand.
#[function_component(ShareLink)]
pub fn share_link(p: &ShareLinkProps) -> Html {
    let copied = use_state(|| None::<Copied>);
    let field = use_node_ref();
    {
        // A refused copy: select the link, so Ctrl+C / long-press copies it.
        let field = field.clone();
        use_effect_with((*copied).clone(), move |c| {
            if let (Some(Copied::Refused(_)), Some(input)) =
                (c, field.cast::<web_sys::HtmlInputElement>())
            {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let click = {
        let copied = copied.clone();
        let (key, text, id) = (p.key_name.clone(), p.text.clone(), p.widget_id.clone());
        Callback::from(move |_: MouseEvent| {
            let link = share_url(&key, &text, &id);
            copy_to_clipboard(&link, copied.clone());
        })
    };
    html! {
        <section class="dl-share" aria-label="Share this run">
            <button type="button" class="dl-btn" data-testid="copy-link" onclick={click}>{ "Copy link to this run" }</button>
            { match &*copied {
                Some(Copied::Done(link)) => html! { <>
                    <span class="dl-copied" role="status">{ "Link copied — it replays this exact run." }</span>
                    <input type="text" readonly=true class="dl-link-text" data-testid="link-text"
                        aria-label="Link to this run" value={link.clone()} />
                </> },
                Some(Copied::Refused(link)) => html! { <>
                    <span class="dl-copied" role="status" data-testid="copy-refused">{ "This page may not copy for you: the link below is selected, copy it by hand." }</span>
                    <input type="text" readonly=true class="dl-link-text" data-testid="link-text" ref={field}
                        aria-label="Link to this run" value={link.clone()} />
                </> },
                None => Html::default(),
            } }
        </section>
    }
}

/// Writes `link` to the clipboard and reports the outcome into `state`: `Done` when the
/// browser confirms, `Refused` when there is no clipboard API (insecure page) or it
/// rejects (a sandboxed frame without clipboard permission).
fn copy_to_clipboard(link: &str, state: UseStateHandle<Option<Copied>>) {
    use wasm_bindgen::{closure::Closure, JsValue};
    let win = gloo::utils::window();
    let nav = win.navigator();
    let has = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has {
        state.set(Some(Copied::Refused(link.to_string())));
        return;
    }
    let (ok_state, ok_link) = (state.clone(), link.to_string());
    let ok = Closure::once(move |_: JsValue| ok_state.set(Some(Copied::Done(ok_link))));
    let no_link = link.to_string();
    let no = Closure::once(move |_: JsValue| state.set(Some(Copied::Refused(no_link))));
    let _ = nav.clipboard().write_text(link).then2(&ok, &no);
    // The promise settles once; the closures are small and live until then.
    ok.forget();
    no.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_fragments_round_trip() {
        assert_eq!(
            value_in_hash("#/widget/x?raft=v1~n3", "raft"),
            Some("v1~n3")
        );
        assert_eq!(value_in_hash("#raft=v1~n3&z=1", "raft"), Some("v1~n3"));
        assert_eq!(value_in_hash("#/widget/x", "raft"), None);
        assert_eq!(value_in_hash("#xraft=1", "raft"), None);
        assert_eq!(
            fragment_with("#/widget/x?raft=old", "raft", "v1"),
            "#/widget/x?raft=v1"
        );
        assert_eq!(fragment_with("", "gossip", "v1"), "#gossip=v1");
    }
}
