//! HTML text written by hand: the family's widgets are [`distlab_kit::textapp`] widgets,
//! whose whole view is one string of HTML (no Yew, no virtual DOM: see the kit's module).
//!
//! [`Out::s`] writes markup and takes only this crate's literals; [`Out::t`] escapes
//! everything else (a block's text, a path, a key), so a reader's input never becomes
//! markup. Numbers are written without `core::fmt`.

/// HTML text being written.
#[derive(Default)]
pub struct Out(pub String);

impl Out {
    /// An empty text.
    pub fn new() -> Out {
        Out(String::with_capacity(4096))
    }

    /// Markup: a literal of this crate, never data.
    #[inline(never)]
    pub fn s(&mut self, markup: &str) -> &mut Out {
        self.0.push_str(markup);
        self
    }

    /// Text or an attribute value, escaped (`&`, `<`, `>`, `"`, `'`).
    #[inline(never)]
    pub fn t(&mut self, text: &str) -> &mut Out {
        self.0.push_str(&distlab_kit::markup::esc(text));
        self
    }

    /// An unsigned integer in decimal.
    #[inline(never)]
    pub fn n(&mut self, v: usize) -> &mut Out {
        self.0.push_str(&num(v));
        self
    }

    /// An SVG coordinate (see [`distlab_kit::numfmt::coord`]).
    #[inline(never)]
    pub fn c(&mut self, v: f64) -> &mut Out {
        self.0.push_str(&distlab_kit::numfmt::coord(v));
        self
    }

    /// The end of an SVG `<line` whose class attribute is open: closes it and writes the
    /// two end points, `" x1=… y1=… x2=… y2=…/>`.
    #[inline(never)]
    pub fn line_end(&mut self, x1: f64, y1: f64, x2: f64, y2: f64) -> &mut Out {
        self.s("\" x1=\"")
            .c(x1)
            .s("\" y1=\"")
            .c(y1)
            .s("\" x2=\"")
            .c(x2)
            .s("\" y2=\"")
            .c(y2)
            .s("\"/>")
    }

    /// Unsigned integers in decimal, `sep` between them (a literal of this crate).
    #[inline(never)]
    pub fn nums(&mut self, v: &[usize], sep: &str) -> &mut Out {
        for (j, x) in v.iter().enumerate() {
            if j > 0 {
                self.s(sep);
            }
            self.n(*x);
        }
        self
    }

    /// `markup` if `on`.
    #[inline(never)]
    pub fn when(&mut self, on: bool, markup: &str) -> &mut Out {
        if on {
            self.0.push_str(markup);
        }
        self
    }

    /// A hash shown shortened that shows itself whole when pressed: the markup of
    /// [`distlab_kit::controls::HashText`] as text, with `data-act="hash"` for
    /// [`toggle_hash`] (call it from the widget's click listener). `label` is a literal.
    #[inline(never)]
    pub fn hash(&mut self, bytes: &[u8], chars: usize, label: &str) -> &mut Out {
        let short = distlab_core::hash::short_hex(bytes, chars);
        self.s("<button type=\"button\" class=\"dl-hash\" data-act=\"hash\" title=\"")
            .s(&distlab_core::hash::to_hex(bytes))
            .s("\" data-short=\"")
            .s(&short)
            .s("\" aria-expanded=\"false\">");
        if !label.is_empty() {
            self.s("<span class=\"dl-sr-only\">")
                .s(label)
                .s(": </span>");
        }
        self.s("<code>").s(&short).s("</code></button>")
    }

    /// [`Out::hash`] for a widget drawn by [`distlab_kit::textapp`], whose model keeps
    /// the state: `open` shows the hash whole, and `key` (a literal) names the button in
    /// `data-focus-key`, so the widget knows which hash was pressed and keyboard focus
    /// comes back to the button after the redraw.
    #[inline(never)]
    pub fn hash_at(
        &mut self,
        bytes: &[u8],
        chars: usize,
        label: &str,
        key: &str,
        open: bool,
    ) -> &mut Out {
        let full = distlab_core::hash::to_hex(bytes);
        let short = distlab_core::hash::short_hex(bytes, chars);
        self.s("<button type=\"button\" class=\"dl-hash")
            .when(open, " dl-hash-open")
            .s("\" data-act=\"hash\" data-focus-key=\"")
            .s(key)
            .s("\" title=\"")
            .s(&full)
            .s("\" data-short=\"")
            .s(&short)
            .s(if open {
                "\" aria-expanded=\"true\">"
            } else {
                "\" aria-expanded=\"false\">"
            });
        if !label.is_empty() {
            self.s("<span class=\"dl-sr-only\">")
                .s(label)
                .s(": </span>");
        }
        self.s("<code>")
            .s(if open { &full } else { &short })
            .s("</code></button>")
    }
}

/// Shows a hash written by [`Out::hash`] whole, or shortened again. The state lives in
/// the element: a redraw of the text around it shows it shortened.
pub fn toggle_hash(el: &web_sys::Element) {
    let open = el.get_attribute("aria-expanded").as_deref() != Some("true");
    let text = el.get_attribute(if open { "title" } else { "data-short" });
    let _ = el.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let _ = el.class_list().toggle_with_force("dl-hash-open", open);
    if let Ok(Some(code)) = el.query_selector("code") {
        code.set_text_content(text.as_deref());
    }
}

/// `v` in decimal, without `core::fmt`.
#[inline(never)]
pub fn num(mut v: usize) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    digits[i..].iter().map(|&d| d as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_numbers_written() {
        let mut o = Out::new();
        o.s("<b title=\"")
            .t("a\"<'&")
            .s("\">")
            .n(0)
            .s(" ")
            .n(1207)
            .s("</b>");
        assert_eq!(o.0, "<b title=\"a&quot;&lt;&#39;&amp;\">0 1207</b>");
        assert_eq!(num(usize::MAX), usize::MAX.to_string());
    }
}
