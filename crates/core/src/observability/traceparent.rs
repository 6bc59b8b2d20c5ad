//! # The W3C `traceparent` header
//!
//! When service A calls service B it passes the trace along in one HTTP header,
//! `traceparent`, defined by the W3C Trace Context recommendation
//! (<https://www.w3.org/TR/trace-context/>). Version `00` is exactly 55 characters, four
//! fields joined by `-`:
//!
//! ```text
//! 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
//! ^^ ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ^^^^^^^^^^^^^^^^ ^^
//! |  trace-id: 16 bytes, 32 hex       parent-id: 8     trace-flags: 1 byte
//! version: 1 byte, 2 hex                    bytes, 16 hex
//! ```
//!
//! - **version**: 2 hex digits; `ff` is invalid forever (it can never be a version).
//! - **trace-id**: the id of the whole trace, shared by every span in it. All zeros is
//!   invalid.
//! - **parent-id**: the span id of the *caller's* span: B's new span becomes its child.
//!   All zeros is invalid.
//! - **trace-flags**: a bit field; bit 0 (`01`) is *sampled*: the caller may have
//!   recorded its span, so recording this one too keeps the trace whole. Other bits are
//!   kept and passed on (level 2 gives bit 1 a meaning, "random trace-id"), never
//!   interpreted as a number.
//!
//! Rules this parser keeps (each failure is a [`TraceparentError`] naming the field and
//! what was found):
//!
//! - hex is **lowercase only** (`HEXDIGLC` in the spec's grammar); `A`–`F` is an error;
//! - every field has its exact length;
//! - a version-`00` header ends right after trace-flags: anything more is an error;
//! - a *higher* version (neither `00` nor `ff`) is read as far as this version
//!   understands it: the same four fields, then either the end or a `-` followed by
//!   whatever that future version adds (not kept here). `cc-…-01-future` parses;
//!   `cc-…-01.future` does not.
//!
//! [`Traceparent::parse`] reads a header *value* exactly. HTTP allows optional
//! whitespace (spaces, tabs) around a field value; [`Traceparent::parse_field_value`]
//! strips it first, as a server's header parser would.
//!
//! ## The post's two headers
//!
//! The post's propagation sentence writes `traceparent: 00-abc123-def456-01`. That is
//! **not a valid header**: the trace-id `abc123` has 6 hex digits where version 00 needs
//! exactly 32, and the parent-id `def456` has 6 where it needs 16. A receiving service
//! must ignore it and start a new trace. It is a shorthand (the same ids the post's log
//! example uses), not a header. [`POST_SHORTHAND`] is that text and the tests assert the
//! verdict. The post's second header, [`SPEC_EXAMPLE`], is the spec's own example and is
//! valid (sampled).

use std::fmt;

/// The post's shorthand `traceparent`, which is not a valid header (see the module docs).
pub const POST_SHORTHAND: &str = "00-abc123-def456-01";

/// The W3C spec's example header (also printed by the post): valid, sampled.
pub const SPEC_EXAMPLE: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/// The `sampled` bit of trace-flags.
pub const FLAG_SAMPLED: u8 = 0x01;

/// The length of a version-00 header: 2 + 1 + 32 + 1 + 16 + 1 + 2.
pub const V00_LEN: usize = 55;

/// Longest piece of the input an error quotes, in characters (so a huge input cannot make
/// a huge message).
const QUOTE_MAX: usize = 40;

/// One of the four fields of a `traceparent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `version`: 2 hex digits.
    Version,
    /// `trace-id`: 32 hex digits.
    TraceId,
    /// `parent-id`: 16 hex digits.
    ParentId,
    /// `trace-flags`: 2 hex digits.
    TraceFlags,
}

impl Field {
    /// The four fields in header order.
    pub const ALL: [Field; 4] = [
        Field::Version,
        Field::TraceId,
        Field::ParentId,
        Field::TraceFlags,
    ];

    /// The field's name as the spec writes it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Version => "version",
            Field::TraceId => "trace-id",
            Field::ParentId => "parent-id",
            Field::TraceFlags => "trace-flags",
        }
    }

    /// How many hex digits the field has.
    pub fn hex_len(self) -> usize {
        match self {
            Field::Version | Field::TraceFlags => 2,
            Field::TraceId => 32,
            Field::ParentId => 16,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a `traceparent` value was refused. `Display` says which field and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceparentError {
    /// The value is empty.
    Empty,
    /// The value ended (no more `-`) before this field.
    Missing {
        /// The field that is absent.
        field: Field,
    },
    /// The field has the wrong number of characters.
    WrongLength {
        /// The field.
        field: Field,
        /// How many characters it had.
        found: usize,
        /// The field's text (at most 40 characters of it).
        text: String,
    },
    /// An uppercase hex digit: the spec allows lowercase only.
    Uppercase {
        /// The field.
        field: Field,
        /// The character's position in the value (0-based, in characters).
        at: usize,
        /// The character.
        found: char,
    },
    /// A character that is not a hex digit at all.
    NotHex {
        /// The field.
        field: Field,
        /// The character's position in the value (0-based, in characters).
        at: usize,
        /// The character.
        found: char,
    },
    /// Version `ff`, which the spec reserves as invalid.
    VersionFf,
    /// A trace-id or parent-id of all zeros, which the spec declares invalid.
    AllZeros {
        /// [`Field::TraceId`] or [`Field::ParentId`].
        field: Field,
    },
    /// A version-00 value with something after trace-flags.
    TrailingData {
        /// What followed the flags (at most 40 characters of it).
        text: String,
    },
}

impl fmt::Display for TraceparentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceparentError::Empty => f.write_str("the traceparent value is empty"),
            TraceparentError::Missing { field } => write!(
                f,
                "{field} is missing: the value ends before it (expected `-` then {} lowercase hex digits)",
                field.hex_len()
            ),
            TraceparentError::WrongLength { field, found, text } => write!(
                f,
                "{field} must be exactly {} lowercase hex digits, found {found} character{} \"{text}\"{}",
                field.hex_len(),
                if *found == 1 { "" } else { "s" },
                if *found > QUOTE_MAX { "…" } else { "" }
            ),
            TraceparentError::Uppercase { field, at, found } => write!(
                f,
                "{field} has uppercase '{found}' at position {at}: traceparent hex must be lowercase"
            ),
            TraceparentError::NotHex { field, at, found } => write!(
                f,
                "{field} has {found:?} at position {at}, which is not a hex digit"
            ),
            TraceparentError::VersionFf => {
                f.write_str("version ff is invalid: the spec reserves it and it can never be used")
            }
            TraceparentError::AllZeros { field } => write!(
                f,
                "{field} is all zeros, which the spec declares invalid"
            ),
            TraceparentError::TrailingData { text } => write!(
                f,
                "version 00 ends after trace-flags (55 characters), but \"{text}\" follows"
            ),
        }
    }
}

impl std::error::Error for TraceparentError {}

/// A parsed `traceparent`: the four fields as bytes.
///
/// Invariant (for a value from [`Traceparent::parse`] or [`Traceparent::new`]): `version`
/// is not `0xff`, and neither id is all zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Traceparent {
    /// The version (0 for the current spec).
    pub version: u8,
    /// The trace id, 16 bytes.
    pub trace_id: [u8; 16],
    /// The caller's span id, 8 bytes.
    pub parent_id: [u8; 8],
    /// The trace-flags bit field.
    pub flags: u8,
}

impl Traceparent {
    /// A version-00 header for these ids; `None` if either id is all zeros.
    pub fn new(trace_id: [u8; 16], parent_id: [u8; 8], sampled: bool) -> Option<Self> {
        if trace_id == [0; 16] || parent_id == [0; 8] {
            return None;
        }
        Some(Traceparent {
            version: 0,
            trace_id,
            parent_id,
            flags: if sampled { FLAG_SAMPLED } else { 0 },
        })
    }

    /// Whether the sampled bit is set.
    pub fn sampled(&self) -> bool {
        self.flags & FLAG_SAMPLED != 0
    }

    /// The trace id as 32 lowercase hex digits.
    pub fn trace_id_hex(&self) -> String {
        crate::hash::to_hex(&self.trace_id)
    }

    /// The parent id as 16 lowercase hex digits.
    pub fn parent_id_hex(&self) -> String {
        crate::hash::to_hex(&self.parent_id)
    }

    /// Parses a header value exactly (no surrounding whitespace), returning the first
    /// problem found, in field order.
    pub fn parse(value: &str) -> Result<Self, TraceparentError> {
        match check(value) {
            Ok(tp) => Ok(tp),
            Err(mut errors) => Err(errors.swap_remove(0)),
        }
    }

    /// Parses a header field value as it arrives over HTTP: optional whitespace (spaces
    /// and tabs) around it is stripped first.
    pub fn parse_field_value(raw: &str) -> Result<Self, TraceparentError> {
        Self::parse(raw.trim_matches([' ', '\t']))
    }

    /// Every problem with a value, one per field at most (plus trailing data), in field
    /// order: what a reader editing a header needs to see at once. Empty if it is valid.
    pub fn diagnose(value: &str) -> Vec<TraceparentError> {
        check(value).err().unwrap_or_default()
    }
}

/// Formats as the header value: `vv-<trace-id>-<parent-id>-ff`. For a future version the
/// extra fields it carried are not kept, so only the four known fields are written.
impl fmt::Display for Traceparent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02x}-", self.version)?;
        for b in self.trace_id {
            write!(f, "{b:02x}")?;
        }
        f.write_str("-")?;
        for b in self.parent_id {
            write!(f, "{b:02x}")?;
        }
        write!(f, "-{:02x}", self.flags)
    }
}

impl std::str::FromStr for Traceparent {
    type Err = TraceparentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Traceparent::parse(s)
    }
}

/// The first `QUOTE_MAX` characters of `s`.
fn quote(s: &str) -> String {
    s.chars().take(QUOTE_MAX).collect()
}

/// Checks one field's text (starting at character `start` of the value) and decodes its
/// hex into `out` (which has `field.hex_len() / 2` bytes).
fn field_bytes(
    field: Field,
    text: &str,
    start: usize,
    out: &mut [u8],
) -> Result<(), TraceparentError> {
    let found = text.chars().count();
    if found != field.hex_len() {
        return Err(TraceparentError::WrongLength {
            field,
            found,
            text: quote(text),
        });
    }
    // The length check counted characters; every one must now be an ASCII lowercase hex
    // digit, so the bytes below are those characters.
    for (i, c) in text.chars().enumerate() {
        match c {
            '0'..='9' | 'a'..='f' => {}
            'A'..='F' => {
                return Err(TraceparentError::Uppercase {
                    field,
                    at: start + i,
                    found: c,
                })
            }
            _ => {
                return Err(TraceparentError::NotHex {
                    field,
                    at: start + i,
                    found: c,
                })
            }
        }
    }
    let digit = |b: u8| {
        if b.is_ascii_digit() {
            b - b'0'
        } else {
            b - b'a' + 10
        }
    };
    for (o, pair) in out.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        *o = digit(pair[0]) << 4 | digit(pair[1]);
    }
    Ok(())
}

/// Splits on the first four `-` and checks every field; all errors in field order.
fn check(value: &str) -> Result<Traceparent, Vec<TraceparentError>> {
    if value.is_empty() {
        return Err(vec![TraceparentError::Empty]);
    }
    let mut parts = value.splitn(5, '-');
    let mut errors = Vec::new();
    let mut tp = Traceparent {
        version: 0,
        trace_id: [0; 16],
        parent_id: [0; 8],
        flags: 0,
    };
    // Character position where the current field starts.
    let mut start = 0;
    let mut version_ok = false;
    for field in Field::ALL {
        let Some(text) = parts.next() else {
            errors.push(TraceparentError::Missing { field });
            continue;
        };
        let result = match field {
            Field::Version => {
                let mut v = [0u8; 1];
                field_bytes(field, text, start, &mut v).and_then(|()| {
                    tp.version = v[0];
                    if v[0] == 0xff {
                        Err(TraceparentError::VersionFf)
                    } else {
                        version_ok = true;
                        Ok(())
                    }
                })
            }
            Field::TraceId => field_bytes(field, text, start, &mut tp.trace_id).and_then(|()| {
                if tp.trace_id == [0; 16] {
                    Err(TraceparentError::AllZeros { field })
                } else {
                    Ok(())
                }
            }),
            Field::ParentId => field_bytes(field, text, start, &mut tp.parent_id).and_then(|()| {
                if tp.parent_id == [0; 8] {
                    Err(TraceparentError::AllZeros { field })
                } else {
                    Ok(())
                }
            }),
            Field::TraceFlags => {
                let mut v = [0u8; 1];
                field_bytes(field, text, start, &mut v).map(|()| tp.flags = v[0])
            }
        };
        if let Err(e) = result {
            errors.push(e);
        }
        start += text.chars().count() + 1;
    }
    // What follows the flags: for version 00 nothing may; for a known-good future version
    // `splitn` already consumed the `-` that must separate it, so anything is accepted.
    if let Some(rest) = parts.next() {
        if version_ok && tp.version == 0 {
            let mut text = String::from("-");
            text.push_str(&quote(rest));
            errors.push(TraceparentError::TrailingData { text });
        }
    }
    if errors.is_empty() {
        Ok(tp)
    } else {
        Err(errors)
    }
}
