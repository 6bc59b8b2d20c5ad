//! Markup as HTML text: the size trick of the widgets that draw many non-interactive
//! elements (tables, log lines, pods, JSON).
//!
//! Every element written with Yew's `html!` becomes its own construction code in the wasm
//! module. Markup that only shows data is far cheaper written as one string of HTML and
//! handed to Yew as a single node ([`raw`]). The price is that the string is HTML: every
//! piece of it that is not a literal of the widget's own crate (a typed header, a row of
//! the simulation, an option's value) must go through [`esc`] first, or a reader's input
//! becomes markup (and script: `<img onerror=…>`). Controls that must keep focus across
//! redraws stay Yew elements; the few controls inside the text carry `data-act` (and
//! `data-i`) and are handled by one listener on their container ([`delegate`]).

use wasm_bindgen::JsCast;
use yew::{AttrValue, Callback, Html, MouseEvent};

/// `s` with `&`, `<`, `>`, `"` and `'` escaped, safe as HTML text and as an attribute
/// value quoted either way.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML text (escaped where it holds data, see [`esc`]) as one Yew node.
pub fn raw(html: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(html))
}

/// A click listener for a container of HTML text: finds the nearest element matching
/// `selector` around the click (e.g. `".dlo [data-act]"`: an element with `data-act`
/// inside the widget's root, never one of the host page around it) and calls
/// `f(data-act, data-i, element)`; a missing or unreadable `data-i` is 0.
///
/// Only clicks: the targets that act are `<button>`s (Enter and Space click them), or
/// rows of a widget that has its own keyboard handling.
pub fn delegate(
    selector: &'static str,
    f: impl Fn(&str, usize, &web_sys::Element) + 'static,
) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let Some(t) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(Some(el)) = t.closest(selector) else {
            return;
        };
        let act = el.get_attribute("data-act").unwrap_or_default();
        let i = el
            .get_attribute("data-i")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        f(&act, i, &el);
    })
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn every_markup_character_is_escaped_and_nothing_else() {
        assert_eq!(
            esc(r#"<img src=x onerror='alert(1)'> & "q""#),
            "&lt;img src=x onerror=&#39;alert(1)&#39;&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("0/47400 · φ ≥ 8 → ok"), "0/47400 · φ ≥ 8 → ok");
        assert_eq!(esc(""), "");
    }
}
