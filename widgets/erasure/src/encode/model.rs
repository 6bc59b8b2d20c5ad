//! The encoding widget's state, with no Yew in it: the reader's `k`, `m` and data, the
//! `n = k + m` chunks [`ReedSolomon::encode`] makes of it, and one byte explained.
//!
//! ```text
//!  text or hex ──parse──▶ bytes ──split──▶ k data chunks ──E × column──▶ n chunks
//!                                                             │
//!                          a chosen byte (chunk j, position i) └─▶ E[j] · column i, step by step
//! ```
//!
//! Invariants the tests pin down:
//! - the first `k` chunks are the data chunks, byte for byte (the code is systematic);
//! - every shown byte equals its explanation's XOR sum ([`ReedSolomon::explain_byte`]);
//! - bad input (shape out of range, invalid hex, empty or oversized data) leaves the last
//!   good encoding on screen and sets a message; nothing here can panic on input.
//!
//! The presets and the byte formatting are shared with the recovery widget.

use distlab_core::erasure::gf256::DotProduct;
use distlab_core::erasure::{mul_reference, Matrix, ReedSolomon};
use distlab_kit::options::WidgetOptions;

/// Most data chunks the widget offers.
pub const MAX_K: usize = 12;
/// Most parity chunks the widget offers.
pub const MAX_M: usize = 6;
/// Most bytes the widget encodes (more text is cut, with a message).
pub const MAX_BYTES: usize = 256;
/// The post's configuration: 10 data + 4 parity.
pub const DEFAULT_K: usize = 10;
/// See [`DEFAULT_K`].
pub const DEFAULT_M: usize = 4;
/// The data encoded when the placeholder does not say.
pub const DEFAULT_TEXT: &str = "Any ten of these fourteen chunks rebuild this line!";

/// A named `(k, m)` configuration from the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Button text.
    pub name: &'static str,
    /// Data chunks.
    pub k: usize,
    /// Parity chunks.
    pub m: usize,
}

/// The post's configurations: its 10+4 example, HDFS's 6+3 policy, RAID-5 and RAID-6.
pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "10+4 (the post)",
        k: 10,
        m: 4,
    },
    Preset {
        name: "6+3 (HDFS)",
        k: 6,
        m: 3,
    },
    Preset {
        name: "RAID-5 (4+1)",
        k: 4,
        m: 1,
    },
    Preset {
        name: "RAID-6 (4+2)",
        k: 4,
        m: 2,
    },
];

/// Two lower-case hex digits.
pub fn hex_byte(b: u8) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2);
    s.push(DIGITS[(b >> 4) as usize] as char);
    s.push(DIGITS[(b & 15) as usize] as char);
    s
}

/// Bytes as space-separated hex pairs.
pub fn hex_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| hex_byte(b))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The byte as a printable ASCII character, if it is one.
pub fn printable(b: u8) -> Option<char> {
    (0x20..0x7f).contains(&b).then_some(b as char)
}

/// `n / k` with two decimals, from integers: `"1.40"` for 14/10.
pub fn ratio(n: usize, k: usize) -> String {
    if k == 0 {
        return "–".into();
    }
    let hundredths = (n * 100 + k / 2) / k;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Parses hex bytes: pairs of hex digits, optionally separated by spaces, commas or
/// `0x` prefixes. An odd number of digits or any other character is an error naming it.
pub fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let mut digits = Vec::new();
    // "0x" and "0X" become a space (by hand: `str::replace` costs the module ~2 KB).
    let mut cleaned = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '0' && matches!(chars.peek(), Some('x' | 'X')) {
            chars.next();
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    for (pos, c) in cleaned.chars().enumerate() {
        if c.is_whitespace() || c == ',' {
            // A separator ends a byte: "a b" is two half bytes, an error below.
            if digits.len() % 2 == 1 {
                return Err(format!(
                    "a byte needs two hex digits (a lone digit before position {})",
                    pos + 1
                ));
            }
            continue;
        }
        match c.to_digit(16) {
            Some(d) => digits.push(d as u8),
            None => return Err(format!("\"{c}\" is not a hex digit (use 0–9 and a–f)")),
        }
    }
    if digits.len() % 2 == 1 {
        return Err("a byte needs two hex digits (the last one is alone)".into());
    }
    Ok(digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
}

/// Parses a `k` or `m` typed by the reader: a whole number in `min..=max`.
pub fn parse_count(s: &str, what: &str, min: usize, max: usize) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!(
            "{what} must be a whole number from {min} to {max} (\"{}\" is not)",
            s.trim()
        )),
    }
}

/// Settings from the placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Data chunks.
    pub k: usize,
    /// Parity chunks.
    pub m: usize,
    /// The text to encode.
    pub text: String,
    /// Messages about bad `data-*` values.
    pub messages: Vec<String>,
}

impl Config {
    /// Reads `data-k` (1–12), `data-m` (0–6) and `data-text` (non-empty, ≤ 256 bytes).
    pub fn from_options(options: &WidgetOptions) -> Config {
        let mut r = options.reader();
        let k = r.int("k", 1, MAX_K as i64, DEFAULT_K as i64) as usize;
        let m = r.int("m", 0, MAX_M as i64, DEFAULT_M as i64) as usize;
        let mut messages = r.into_messages();
        let text = match options.get("text") {
            Some("") => {
                messages.push(format!("data-text is empty; using \"{DEFAULT_TEXT}\"."));
                DEFAULT_TEXT.to_string()
            }
            Some(t) if t.len() > MAX_BYTES => {
                messages.push(format!(
                    "data-text is {} bytes; using \"{DEFAULT_TEXT}\" (at most {MAX_BYTES}).",
                    t.len()
                ));
                DEFAULT_TEXT.to_string()
            }
            Some(t) => t.to_string(),
            None => DEFAULT_TEXT.to_string(),
        };
        Config {
            k,
            m,
            text,
            messages,
        }
    }
}

/// How the data is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    /// UTF-8 text.
    Text,
    /// Hex bytes.
    Hex,
}

/// What the reader does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `k` typed or chosen (raw text of the field).
    SetK(String),
    /// `m` typed or chosen.
    SetM(String),
    /// A preset pressed.
    Preset(usize),
    /// The data field edited.
    SetInput(String),
    /// Text or hex.
    SetMode(InputMode),
    /// Explain byte `.1` of chunk `.0`.
    Select(usize, usize),
    /// Close the explanation.
    Deselect,
}

/// The widget's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The code in use.
    pub rs: ReedSolomon,
    /// The raw `k` field (may hold a bad value while the reader types).
    pub k_field: String,
    /// The raw `m` field.
    pub m_field: String,
    /// The raw data field.
    pub input: String,
    /// How [`input`](Self::input) is read.
    pub mode: InputMode,
    /// The bytes encoded (the last good input, at most [`MAX_BYTES`]).
    pub bytes: Vec<u8>,
    /// All `n` chunks: `k` data, then `m` parity.
    pub chunks: Vec<Vec<u8>>,
    /// The byte explained: `(chunk, position)`.
    pub selected: Option<(usize, usize)>,
    /// Why the shape fields were not applied.
    pub shape_error: Option<String>,
    /// Why the data field was not (fully) applied.
    pub input_error: Option<String>,
    /// What changed last, for screen readers.
    pub announcement: String,
}

impl Model {
    /// The widget as the placeholder configures it.
    pub fn new(config: &Config) -> Model {
        let k = config.k.clamp(1, MAX_K);
        let m = config.m.min(MAX_M);
        let mut bytes = config.text.as_bytes().to_vec();
        bytes.truncate(MAX_BYTES);
        if bytes.is_empty() {
            bytes = DEFAULT_TEXT.as_bytes().to_vec();
        }
        let mut model = Model {
            rs: code(k, m),
            k_field: k.to_string(),
            m_field: m.to_string(),
            input: String::from_utf8_lossy(&bytes).into_owned(),
            mode: InputMode::Text,
            bytes,
            chunks: Vec::new(),
            selected: None,
            shape_error: None,
            input_error: None,
            announcement: String::new(),
        };
        model.encode();
        // Start by explaining the first parity byte, if there is one.
        model.selected = (m > 0).then_some((k, 0));
        model
    }

    /// `k`.
    pub fn k(&self) -> usize {
        self.rs.data_chunks()
    }

    /// `m`.
    pub fn m(&self) -> usize {
        self.rs.parity_chunks()
    }

    /// `n = k + m`.
    pub fn n(&self) -> usize {
        self.rs.total_chunks()
    }

    /// Bytes per chunk: `⌈len / k⌉`.
    pub fn chunk_len(&self) -> usize {
        self.chunks.first().map_or(0, Vec::len)
    }

    /// Zero bytes added to fill the last data chunk.
    pub fn padding(&self) -> usize {
        (self.chunk_len() * self.k()).saturating_sub(self.bytes.len())
    }

    /// Bytes stored over all `n` chunks.
    pub fn raw_bytes(&self) -> usize {
        self.chunk_len() * self.n()
    }

    /// The encoding matrix `E` (`n × k`).
    pub fn matrix(&self) -> &Matrix {
        self.rs.encoding_matrix()
    }

    /// The selected byte's computation: row `E[chunk]` times the data column at `pos`.
    pub fn explanation(&self) -> Option<(usize, usize, DotProduct)> {
        let (chunk, pos) = self.selected?;
        let data = self.chunks.get(..self.k())?;
        let dot = self.rs.explain_byte(data, chunk, pos).ok()?;
        Some((chunk, pos, dot))
    }

    /// The byte shown at `(chunk, pos)`.
    pub fn byte(&self, chunk: usize, pos: usize) -> Option<u8> {
        self.chunks.get(chunk)?.get(pos).copied()
    }

    /// "D3" for a data chunk, "P1" for a parity chunk.
    pub fn chunk_name(&self, chunk: usize) -> String {
        chunk_name(chunk, self.k())
    }

    /// Applies one reader action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SetK(raw) => {
                self.k_field = raw;
                self.reshape();
            }
            Action::SetM(raw) => {
                self.m_field = raw;
                self.reshape();
            }
            Action::Preset(i) => {
                if let Some(p) = PRESETS.get(i) {
                    self.k_field = p.k.to_string();
                    self.m_field = p.m.to_string();
                    self.reshape();
                }
            }
            Action::SetInput(raw) => {
                self.input = raw;
                self.read_input();
            }
            Action::SetMode(mode) => {
                if mode != self.mode {
                    self.mode = mode;
                    // Show the bytes being encoded in the new notation.
                    self.input = match mode {
                        InputMode::Hex => hex_bytes(&self.bytes),
                        InputMode::Text => String::from_utf8_lossy(&self.bytes).into_owned(),
                    };
                    self.read_input();
                }
            }
            Action::Select(chunk, pos) => {
                if chunk < self.n() && pos < self.chunk_len() {
                    self.selected = Some((chunk, pos));
                    if let Some((_, _, dot)) = self.explanation() {
                        self.announcement = format!(
                            "{}[{pos}] = {}: the XOR of {} products.",
                            self.chunk_name(chunk),
                            hex_byte(dot.result),
                            dot.steps.len()
                        );
                    }
                }
            }
            Action::Deselect => self.selected = None,
        }
    }

    /// Applies the `k` and `m` fields if both are valid.
    fn reshape(&mut self) {
        let k = parse_count(&self.k_field, "k (data chunks)", 1, MAX_K);
        let m = parse_count(&self.m_field, "m (parity chunks)", 0, MAX_M);
        match (k, m) {
            (Ok(k), Ok(m)) => {
                self.shape_error = None;
                self.rs = code(k, m);
                self.encode();
                self.announcement = format!(
                    "{k} data and {m} parity chunks of {} bytes: {} chunks, {}× the data.",
                    self.chunk_len(),
                    k + m,
                    ratio(k + m, k)
                );
            }
            (Err(e), _) | (_, Err(e)) => {
                self.shape_error = Some(format!("{e}; still showing {}+{}.", self.k(), self.m()));
                self.announcement = self.shape_error.clone().unwrap_or_default();
            }
        }
    }

    /// Parses the data field; on success encodes, on failure keeps the last bytes.
    fn read_input(&mut self) {
        let parsed = match self.mode {
            InputMode::Text => Ok(self.input.as_bytes().to_vec()),
            InputMode::Hex => parse_hex(&self.input),
        };
        match parsed {
            Ok(b) if b.is_empty() => {
                self.input_error = Some("Nothing to encode: enter at least one byte.".into());
            }
            Ok(mut b) => {
                self.input_error = (b.len() > MAX_BYTES).then(|| {
                    format!(
                        "That is {} bytes; only the first {MAX_BYTES} are encoded.",
                        b.len()
                    )
                });
                b.truncate(MAX_BYTES);
                self.bytes = b;
                self.encode();
                self.announcement = format!(
                    "{} bytes encoded into {} chunks of {} bytes.",
                    self.bytes.len(),
                    self.n(),
                    self.chunk_len()
                );
            }
            Err(e) => {
                self.input_error = Some(format!(
                    "Not valid hex: {e}. Still encoding the last valid bytes."
                ));
            }
        }
        if let Some(e) = &self.input_error {
            self.announcement = e.clone();
        }
    }

    /// Splits and encodes [`bytes`](Self::bytes); keeps the selection if it still exists.
    fn encode(&mut self) {
        self.chunks = encode(&self.rs, &self.bytes);
        if let Some((c, p)) = self.selected {
            if c >= self.n() || p >= self.chunk_len() {
                // The chunk went away: explain the first parity byte instead, if any.
                self.selected = (self.m() > 0).then_some((self.k(), 0));
            }
        }
    }
}

/// All `n` chunks of `bytes`: [`ReedSolomon::split`] into `k` data chunks, then the `m`
/// parity rows of the encoding matrix times them through the core's reference path
/// ([`mul_reference`]: the readable loop an explanation shows). Empty for no bytes.
///
/// [`ReedSolomon::encode`] gives the same bytes through a fast kernel (the native tests
/// check it); the widgets' chunks are a few hundred bytes at most, so they use the
/// reference and the fast kernels stay out of the WebAssembly bundle.
pub fn encode(rs: &ReedSolomon, bytes: &[u8]) -> Vec<Vec<u8>> {
    let Ok(mut chunks) = rs.split(bytes) else {
        return Vec::new();
    };
    let parity_rows: Vec<usize> = (rs.data_chunks()..rs.total_chunks()).collect();
    let Some(parity) = rs
        .encoding_matrix()
        .select_rows(&parity_rows)
        .and_then(|rows| mul_reference(&rows, &chunks).ok())
    else {
        return Vec::new();
    };
    chunks.extend(parity);
    chunks
}

/// "D3" for a data chunk, "P1" for a parity chunk (`k` data chunks).
pub fn chunk_name(chunk: usize, k: usize) -> String {
    if chunk < k {
        format!("D{chunk}")
    } else {
        format!("P{}", chunk - k)
    }
}

/// The code for a shape, clamped into range (so `k + m ≤ 18 < 256`, which
/// [`ReedSolomon::new`] always accepts).
pub fn code(k: usize, m: usize) -> ReedSolomon {
    match ReedSolomon::new(k.clamp(1, MAX_K), m.min(MAX_M)) {
        Ok(rs) => rs,
        // No `expect`: it would keep the error's Debug formatting in the module.
        Err(_) => unreachable!("1 ≤ k ≤ 12, m ≤ 6 is a valid code"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::erasure::gf256;

    fn model() -> Model {
        Model::new(&Config::from_options(&WidgetOptions::default()))
    }

    #[test]
    fn the_reference_loop_gives_the_fast_kernels_bytes() {
        for (k, m) in [(10, 4), (6, 3), (4, 1), (4, 2), (1, 3), (12, 6), (3, 0)] {
            let rs = code(k, m);
            for len in [1, 7, 51, 256] {
                let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
                let data = rs.split(&bytes).unwrap();
                assert_eq!(
                    encode(&rs, &bytes),
                    rs.encode(&data).unwrap(),
                    "{k}+{m}, {len} B"
                );
            }
        }
        assert!(encode(&code(4, 2), &[]).is_empty());
    }

    #[test]
    fn default_is_the_posts_ten_plus_four_and_systematic() {
        let m = model();
        assert_eq!((m.k(), m.m(), m.n()), (10, 4, 14));
        assert_eq!(m.chunks.len(), 14);
        let joined: Vec<u8> = m.chunks[..10].concat();
        assert_eq!(&joined[..m.bytes.len()], m.bytes.as_slice());
        assert!(joined[m.bytes.len()..].iter().all(|&b| b == 0));
        assert_eq!(ratio(14, 10), "1.40");
        assert_eq!(ratio(9, 6), "1.50");
        assert_eq!(ratio(5, 4), "1.25");
        assert!(m.rs.verify(&m.chunks).unwrap());
        assert_eq!(m.selected, Some((10, 0)));
    }

    #[test]
    fn every_byte_equals_its_explanation() {
        let mut m = model();
        for p in 0..PRESETS.len() {
            m.apply(Action::Preset(p));
            for c in 0..m.n() {
                for i in 0..m.chunk_len() {
                    m.apply(Action::Select(c, i));
                    let (_, _, dot) = m.explanation().unwrap();
                    assert_eq!(Some(dot.result), m.byte(c, i));
                    assert_eq!(dot.steps.len(), m.k());
                    for s in &dot.steps {
                        assert_eq!(s.mul.product, gf256::mul(s.mul.a, s.mul.b));
                        assert_eq!(s.acc_after, s.acc_before ^ s.mul.product);
                    }
                }
            }
        }
    }

    #[test]
    fn shape_changes_and_bad_shapes() {
        let mut m = model();
        m.apply(Action::Preset(1));
        assert_eq!((m.k(), m.m(), m.chunks.len()), (6, 3, 9));
        m.apply(Action::SetK("99".into()));
        assert!(m.shape_error.is_some());
        assert_eq!(m.chunks.len(), 9);
        m.apply(Action::SetK("x".into()));
        assert!(m.shape_error.is_some());
        m.apply(Action::SetK("12".into()));
        m.apply(Action::SetM("6".into()));
        assert!(m.shape_error.is_none());
        assert_eq!(m.chunks.len(), 18);
        m.apply(Action::SetM("0".into()));
        assert_eq!(m.chunks.len(), 12);
        assert!(m.selected.is_none_or(|(c, _)| c < 12));
        m.apply(Action::SetK("1".into()));
        m.apply(Action::SetM("3".into()));
        // k = 1: every parity chunk is a copy (replication is the k = 1 code).
        assert_eq!(m.chunks[1], m.chunks[0]);
        assert_eq!(m.chunks[3], m.chunks[0]);
    }

    #[test]
    fn hex_input_and_errors() {
        let mut m = model();
        m.apply(Action::SetMode(InputMode::Hex));
        assert_eq!(parse_hex(&m.input).unwrap(), m.bytes);
        let before = m.chunks.clone();
        m.apply(Action::SetInput("zz".into()));
        assert!(m.input_error.as_deref().unwrap().contains("\"z\""));
        assert_eq!(m.chunks, before);
        m.apply(Action::SetInput("abc".into()));
        assert!(m.input_error.is_some());
        m.apply(Action::SetInput("".into()));
        assert!(m.input_error.is_some());
        m.apply(Action::SetInput("0x01, 02 ff".into()));
        assert_eq!(m.input_error, None);
        assert_eq!(m.bytes, vec![1, 2, 0xff]);
        assert_eq!(m.chunk_len(), 1);
        assert_eq!(m.padding(), 7);
        m.apply(Action::SetMode(InputMode::Text));
        m.apply(Action::SetInput("é".repeat(200)));
        assert_eq!(m.bytes.len(), MAX_BYTES);
        assert!(m.input_error.as_deref().unwrap().contains("400 bytes"));
        assert!(m.rs.verify(&m.chunks).unwrap());
    }

    #[test]
    fn bad_options_give_messages_and_defaults() {
        let o = WidgetOptions::from_pairs([("k", "0"), ("m", "9"), ("text", "")]);
        let c = Config::from_options(&o);
        assert_eq!((c.k, c.m, c.text.as_str()), (10, 4, DEFAULT_TEXT));
        assert_eq!(c.messages.len(), 3);
        let o = WidgetOptions::from_pairs([("k", "6"), ("m", "3"), ("text", "hello")]);
        let m = Model::new(&Config::from_options(&o));
        assert_eq!((m.k(), m.m(), m.bytes.as_slice()), (6, 3, &b"hello"[..]));
    }

    #[test]
    fn selection_out_of_range_is_ignored() {
        let mut m = model();
        m.apply(Action::Select(99, 0));
        m.apply(Action::Select(0, 99));
        assert_eq!(m.selected, Some((10, 0)));
    }
}
