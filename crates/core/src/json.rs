//! JSON string literals, written by hand (no serde in the widgets' modules): the
//! observability logs and the CDC change events both print through here.

/// Appends `v` as a JSON string literal: `"` and `\` escaped, control characters as
/// `\n`, `\r`, `\t` or `\u00XX` (RFC 8259 §7); everything else as it is.
pub fn push_string(out: &mut String, v: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `v` as a JSON string literal, quotes included (see [`push_string`]).
pub fn string(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    push_string(&mut out, v);
    out
}
