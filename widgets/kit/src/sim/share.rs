//! Copy-link: a run's scenario text in the page's URL fragment, so a link replays it.
//!
//! The fragment keeps the page's own route (a router may read the part before `?`) and
//! adds or replaces `<key>=<scenario>`, e.g. `#/widget/raft?raft=v1~n5~…`. A link read
//! back is *input*: bound it ([`super::bounds`]) before running it.
//! Test hooks: `copy-link`, `link-text`.

use yew::prelude::*;

/// The value of `<key>=` in a URL fragment, after `#`, `?` or `&`.
pub fn value_in_hash<'h>(hash: &'h str, key: &str) -> Option<&'h str> {
    let pat = format!("{key}=");
    let mut rest = hash;
    while let Some(i) = rest.find(&pat) {
        let before = rest[..i].chars().last();
        let after = &rest[i + pat.len()..];
        if matches!(before, Some('#' | '?' | '&')) || (i == 0 && rest.len() == hash.len()) {
            return Some(after.split('&').next().unwrap_or(after));
        }
        rest = after;
    }
    None
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
}

/// "Copy link to this run": copies the page's URL with the run in its fragment, and
/// shows the link in a read-only field (the clipboard may be unavailable).
#[function_component(ShareLink)]
pub fn share_link(p: &ShareLinkProps) -> Html {
    let copied = use_state(|| None::<String>);
    let click = {
        let copied = copied.clone();
        let (key, text) = (p.key_name.clone(), p.text.clone());
        Callback::from(move |_: MouseEvent| {
            let win = gloo::utils::window();
            let loc = win.location();
            let hash = loc.hash().unwrap_or_default();
            let href = loc.href().unwrap_or_default();
            let base = href.split('#').next().unwrap_or("");
            let link = format!("{base}{}", fragment_with(&hash, &key, &text));
            copy_to_clipboard(&win, &link);
            copied.set(Some(link));
        })
    };
    html! {
        <section class="dl-share" aria-label="Share this run">
            <button type="button" class="dl-btn" data-testid="copy-link" onclick={click}>{ "Copy link to this run" }</button>
            if let Some(link) = &*copied {
                <span class="dl-copied" role="status">{ "Link copied — it replays this exact run." }</span>
                <input type="text" readonly=true class="dl-link-text" data-testid="link-text"
                    aria-label="Link to this run" value={link.clone()} />
            }
        </section>
    }
}

/// Best effort: the clipboard API may be missing (insecure page) or refuse; the link is
/// shown in a text field either way.
fn copy_to_clipboard(win: &web_sys::Window, text: &str) {
    use wasm_bindgen::{closure::Closure, JsValue};
    let nav = win.navigator();
    let has = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has {
        return;
    }
    let promise = nav.clipboard().write_text(text);
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
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
