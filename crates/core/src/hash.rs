//! SHA-256 digests and their text forms.
//!
//! A digest is 32 bytes. Widgets show it in lowercase hex, usually shortened to its first
//! few characters with the whole value one click (or one focus) away.

use sha2::{Digest as _, Sha256};

/// A 32-byte SHA-256 digest.
pub type Digest = [u8; 32];

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> Digest {
    Sha256::digest(data).into()
}

/// SHA-256 of the concatenation of `parts`, without copying them together first.
pub fn sha256_parts(parts: &[&[u8]]) -> Digest {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Bitcoin's double SHA-256: `SHA256(SHA256(data))`.
pub fn sha256d(data: &[u8]) -> Digest {
    sha256(&sha256(data))
}

/// Lowercase hex of any byte string.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0xf) as usize] as char);
    }
    s
}

/// The first `chars` hex characters of `bytes` followed by an ellipsis, or the whole hex
/// when it is that short already.
pub fn short_hex(bytes: &[u8], chars: usize) -> String {
    let full = to_hex(bytes);
    if full.len() <= chars {
        full
    } else {
        format!("{}…", &full[..chars])
    }
}

/// Why a hex string could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HexError {
    /// The string has an odd number of hex digits.
    OddLength(usize),
    /// A character that is not a hex digit, at this byte offset.
    BadChar {
        /// Byte offset of the offending character.
        at: usize,
        /// The character itself.
        ch: char,
    },
    /// The string decodes to the wrong number of bytes.
    WrongLength {
        /// Bytes expected.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
}

impl std::fmt::Display for HexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HexError::OddLength(n) => write!(f, "hex needs an even number of digits, got {n}"),
            HexError::BadChar { at, ch } => write!(f, "'{ch}' at position {at} is not a hex digit"),
            HexError::WrongLength { expected, found } => {
                write!(f, "expected {expected} bytes of hex, got {found}")
            }
        }
    }
}

impl std::error::Error for HexError {}

/// Parses hex (either case, surrounding whitespace ignored) into bytes.
pub fn from_hex(s: &str) -> Result<Vec<u8>, HexError> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return Err(HexError::OddLength(s.len()));
    }
    let digit = |at: usize, c: u8| -> Result<u8, HexError> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(HexError::BadChar {
                at,
                // `get` never panics, even if `at` were inside a multi-byte character.
                ch: s.get(at..).and_then(|t| t.chars().next()).unwrap_or('?'),
            }),
        }
    };
    let bytes = s.as_bytes();
    (0..bytes.len() / 2)
        .map(|i| Ok(digit(2 * i, bytes[2 * i])? << 4 | digit(2 * i + 1, bytes[2 * i + 1])?))
        .collect()
}

/// Parses exactly 32 bytes of hex into a [`Digest`].
pub fn digest_from_hex(s: &str) -> Result<Digest, HexError> {
    let v = from_hex(s)?;
    v.as_slice().try_into().map_err(|_| HexError::WrongLength {
        expected: 32,
        found: v.len(),
    })
}
