//! The comparison's state, with no Yew in it: the reader's inputs, and everything the
//! widget shows computed from them by [`distlab_core::erasure::durability`].
//!
//! ```text
//!  inputs (sliders, presets) ──▶ lineup of schemes ──▶ rows   (the table: bytes, ×, years)
//!                                                   └─▶ charts (bars; loss vs AFR / repair)
//! ```
//!
//! The lineup is the reader's two schemes — `r`-way replication and RS(k, m) — followed
//! by the reference presets (3×, 10+4, 6+3) that are not already one of them. Every
//! number in the table and every point on the charts is a call into the core; this
//! module only picks the inputs and writes the results as text, with integer
//! arithmetic (no float formatting code in the bundle).

use distlab_core::erasure::durability::{
    data_durability, storage, stripe_durability, stripes, Durability, FailureModel, Repair, Scheme,
};
use distlab_kit::options::WidgetOptions;

/// Data sizes offered (decimal bytes: 1 GB … 1 EB), with their labels.
pub const DATA_SIZES: [(u64, &str); 10] = [
    (1_000_000_000, "1\u{a0}GB"),
    (10_000_000_000, "10\u{a0}GB"),
    (100_000_000_000, "100\u{a0}GB"),
    (1_000_000_000_000, "1\u{a0}TB"),
    (10_000_000_000_000, "10\u{a0}TB"),
    (100_000_000_000_000, "100\u{a0}TB"),
    (1_000_000_000_000_000, "1\u{a0}PB"),
    (10_000_000_000_000_000, "10\u{a0}PB"),
    (100_000_000_000_000_000, "100\u{a0}PB"),
    (1_000_000_000_000_000_000, "1\u{a0}EB"),
];
/// Default data size: 1 PB, the post's example (3 PB raw with 3× replication).
pub const DEFAULT_DATA: usize = 6;

const MIB: u64 = 1 << 20;
/// Chunk sizes offered (binary: 1 MiB … 1 GiB).
pub const CHUNK_SIZES: [(u64, &str); 6] = [
    (MIB, "1\u{a0}MiB"),
    (4 * MIB, "4\u{a0}MiB"),
    (16 * MIB, "16\u{a0}MiB"),
    (64 * MIB, "64\u{a0}MiB"),
    (256 * MIB, "256\u{a0}MiB"),
    (1024 * MIB, "1\u{a0}GiB"),
];
/// Default chunk size: 64 MiB.
pub const DEFAULT_CHUNK: usize = 3;

/// Repair times offered, in hours (1 hour … 30 days).
pub const REPAIR_HOURS: [u32; 11] = [1, 2, 4, 6, 12, 24, 48, 72, 168, 336, 720];
/// Default repair time: 24 hours.
pub const DEFAULT_REPAIR: usize = 5;

/// Replication factors offered.
pub const MAX_R: u32 = 6;
/// Largest `k` offered.
pub const MAX_K: u32 = 20;
/// Largest `m` offered.
pub const MAX_M: u32 = 8;
/// AFR range and step, in tenths of a percent (0.5 % … 15 % by 0.5 %).
pub const AFR_MIN: u32 = 5;
/// See [`AFR_MIN`].
pub const AFR_MAX: u32 = 150;
/// See [`AFR_MIN`].
pub const AFR_STEP: u32 = 5;
/// Default AFR: 4 %.
pub const DEFAULT_AFR: u32 = 40;

/// What the loss chart puts on its x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XAxis {
    /// Annual failure rate, 0.5–15 %.
    Afr,
    /// Repair time, 1 h – 30 days (log scale).
    RepairTime,
}

/// The reader's inputs (all in range: every setter clamps).
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// Index into [`DATA_SIZES`].
    pub data: usize,
    /// Index into [`CHUNK_SIZES`].
    pub chunk: usize,
    /// Replication factor `r`.
    pub r: u32,
    /// Data chunks `k`.
    pub k: u32,
    /// Parity chunks `m`.
    pub m: u32,
    /// Annual failure rate per node, in tenths of a percent.
    pub afr_tenths: u32,
    /// Index into [`REPAIR_HOURS`].
    pub repair_time: usize,
    /// One repair at a time, or all at once.
    pub repair: Repair,
    /// The loss chart's x axis.
    pub x_axis: XAxis,
    /// The reader's last change, for the one live announcement ([`summary`]).
    pub last: Option<Action>,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            data: DEFAULT_DATA,
            chunk: DEFAULT_CHUNK,
            r: 3,
            k: 10,
            m: 4,
            afr_tenths: DEFAULT_AFR,
            repair_time: DEFAULT_REPAIR,
            repair: Repair::Serial,
            x_axis: XAxis::Afr,
            last: None,
        }
    }
}

/// The presets offered as buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Replication `r = 3`.
    Replicate3,
    /// RS(10, 4), the post's example.
    Rs10_4,
    /// RS(6, 3), HDFS's common policy.
    Rs6_3,
    /// RAID-5: `k + 1` (keeps `k`).
    Raid5,
    /// RAID-6: `k + 2` (keeps `k`).
    Raid6,
}

/// Every preset, in button order.
pub const PRESETS: [Preset; 5] = [
    Preset::Replicate3,
    Preset::Rs10_4,
    Preset::Rs6_3,
    Preset::Raid5,
    Preset::Raid6,
];

impl Preset {
    /// The button text.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Replicate3 => "3× replication",
            Preset::Rs10_4 => "RS 10+4",
            Preset::Rs6_3 => "RS 6+3 (HDFS)",
            Preset::Raid5 => "RAID-5 (k+1)",
            Preset::Raid6 => "RAID-6 (k+2)",
        }
    }

    /// Whether the inputs are this preset now.
    pub fn is_active(self, i: &Inputs) -> bool {
        match self {
            Preset::Replicate3 => i.r == 3,
            Preset::Rs10_4 => (i.k, i.m) == (10, 4),
            Preset::Rs6_3 => (i.k, i.m) == (6, 3),
            Preset::Raid5 => i.m == 1,
            Preset::Raid6 => i.m == 2,
        }
    }
}

/// A change the reader makes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Data size index.
    Data(usize),
    /// Chunk size index.
    Chunk(usize),
    /// Replication factor.
    R(u32),
    /// Data chunks.
    K(u32),
    /// Parity chunks.
    M(u32),
    /// AFR in tenths of a percent.
    Afr(u32),
    /// Repair time index.
    RepairTime(usize),
    /// Repair policy.
    Repair(Repair),
    /// The loss chart's x axis.
    Axis(XAxis),
    /// Apply a preset.
    Preset(Preset),
}

impl Inputs {
    /// Applies one change, clamping every value into its range.
    pub fn apply(&mut self, action: Action) {
        self.last = Some(action);
        match action {
            Action::Data(i) => self.data = i.min(DATA_SIZES.len() - 1),
            Action::Chunk(i) => self.chunk = i.min(CHUNK_SIZES.len() - 1),
            Action::R(r) => self.r = r.clamp(1, MAX_R),
            Action::K(k) => self.k = k.clamp(1, MAX_K),
            Action::M(m) => self.m = m.min(MAX_M),
            Action::Afr(a) => self.afr_tenths = snap_afr(a),
            Action::RepairTime(i) => self.repair_time = i.min(REPAIR_HOURS.len() - 1),
            Action::Repair(p) => self.repair = p,
            Action::Axis(x) => self.x_axis = x,
            Action::Preset(p) => match p {
                Preset::Replicate3 => self.r = 3,
                Preset::Rs10_4 => (self.k, self.m) = (10, 4),
                Preset::Rs6_3 => (self.k, self.m) = (6, 3),
                Preset::Raid5 => self.m = 1,
                Preset::Raid6 => self.m = 2,
            },
        }
    }

    /// The data size in bytes.
    pub fn data_bytes(&self) -> u64 {
        DATA_SIZES[self.data.min(DATA_SIZES.len() - 1)].0
    }

    /// The chunk size in bytes.
    pub fn chunk_bytes(&self) -> u64 {
        CHUNK_SIZES[self.chunk.min(CHUNK_SIZES.len() - 1)].0
    }

    /// The repair time in hours.
    pub fn repair_hours(&self) -> u32 {
        REPAIR_HOURS[self.repair_time.min(REPAIR_HOURS.len() - 1)]
    }

    /// The failure model of the current inputs.
    pub fn model(&self) -> FailureModel {
        self.model_at(self.afr_tenths, f64::from(self.repair_hours()))
    }

    /// A failure model with this repair policy and the given AFR (tenths of a percent)
    /// and repair time (hours).
    pub fn model_at(&self, afr_tenths: u32, repair_hours: f64) -> FailureModel {
        FailureModel::new(f64::from(afr_tenths) / 1000.0, repair_hours, self.repair)
    }

    /// The reader's replication scheme.
    pub fn replication(&self) -> Scheme {
        Scheme::replication(self.r)
    }

    /// The reader's Reed-Solomon scheme.
    pub fn reed_solomon(&self) -> Scheme {
        Scheme::reed_solomon(self.k, self.m)
    }
}

/// An AFR in range, on the slider's 0.5 % grid.
fn snap_afr(tenths: u32) -> u32 {
    let t = tenths.clamp(AFR_MIN, AFR_MAX);
    (t + AFR_STEP / 2) / AFR_STEP * AFR_STEP
}

/// The placeholder's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Initial inputs.
    pub inputs: Inputs,
    /// Notes about bad `data-*` values.
    pub messages: Vec<String>,
}

impl Config {
    /// Reads the options documented in the widget's module docs.
    pub fn from_options(options: &WidgetOptions) -> Config {
        let mut i = Inputs::default();
        let mut rd = options.reader();
        i.r = rd.int("r", 1, i64::from(MAX_R), 3) as u32;
        i.k = rd.int("k", 1, i64::from(MAX_K), 10) as u32;
        i.m = rd.int("m", 0, i64::from(MAX_M), 4) as u32;
        let d = rd.choice("data", &DATA_KEYS, "1pb");
        i.data = DATA_KEYS
            .iter()
            .position(|c| *c == d)
            .unwrap_or(DEFAULT_DATA);
        let c = rd.choice("chunk", &CHUNK_KEYS, "64mib");
        i.chunk = CHUNK_KEYS
            .iter()
            .position(|x| *x == c)
            .unwrap_or(DEFAULT_CHUNK);
        let h = rd.choice("repair-hours", &REPAIR_KEYS, "24");
        i.repair_time = REPAIR_KEYS
            .iter()
            .position(|x| *x == h)
            .unwrap_or(DEFAULT_REPAIR);
        i.repair = match rd.choice("repair", &["serial", "parallel"], "serial") {
            "parallel" => Repair::Parallel,
            _ => Repair::Serial,
        };
        i.x_axis = match rd.choice("x", &["afr", "repair"], "afr") {
            "repair" => XAxis::RepairTime,
            _ => XAxis::Afr,
        };
        let afr_raw = rd.text("afr");
        let mut messages = rd.into_messages();
        if let Some(raw) = afr_raw {
            match parse_tenths(&raw) {
                Some(t) if (AFR_MIN..=AFR_MAX).contains(&t) && t.is_multiple_of(AFR_STEP) => {
                    i.afr_tenths = t
                }
                _ => messages.push(format!(
                    "data-afr=\"{raw}\" is not a percentage from 0.5 to 15 in steps of 0.5; using 4."
                )),
            }
        }
        Config {
            inputs: i,
            messages,
        }
    }
}

/// The `data-*` spellings of [`DATA_SIZES`], [`CHUNK_SIZES`] and [`REPAIR_HOURS`]
/// (the labels lower-cased without spaces; a test checks they match).
pub const DATA_KEYS: [&str; 10] = [
    "1gb", "10gb", "100gb", "1tb", "10tb", "100tb", "1pb", "10pb", "100pb", "1eb",
];
/// See [`DATA_KEYS`].
pub const CHUNK_KEYS: [&str; 6] = ["1mib", "4mib", "16mib", "64mib", "256mib", "1gib"];
/// See [`DATA_KEYS`].
pub const REPAIR_KEYS: [&str; 11] = [
    "1", "2", "4", "6", "12", "24", "48", "72", "168", "336", "720",
];

/// "4", "4.5", "12.0" → tenths (40, 45, 120); anything else → `None`.
pub fn parse_tenths(s: &str) -> Option<u32> {
    let s = s.trim().trim_end_matches('%').trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, "0"),
    };
    let digits = |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() != 1 {
        return None;
    }
    Some(whole.parse::<u32>().ok()? * 10 + frac.parse::<u32>().ok()?)
}

/// One scheme's numbers: a row of the table, a group of bars, a line of the loss chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Stable id for test hooks: `rep`, `rs` (the reader's) or `ref-3x`, `ref-10-4`, ….
    pub key: &'static str,
    /// The scheme.
    pub scheme: Scheme,
    /// Whether it is one of the reader's two schemes (the rest are references).
    pub yours: bool,
    /// Raw bytes stored for the whole data set.
    pub raw_bytes: u128,
    /// Chunks read to rebuild one lost chunk (`k`).
    pub repair_reads: u32,
    /// Bytes read to rebuild one lost chunk of the chosen chunk size (`k · chunk`).
    pub repair_read_bytes: u128,
    /// Stripes in the data set.
    pub stripes: u64,
    /// One stripe, per year.
    pub stripe: Durability,
    /// The whole data set, per year.
    pub data: Durability,
}

impl Row {
    fn new(key: &'static str, scheme: Scheme, yours: bool, i: &Inputs) -> Row {
        let model = i.model();
        let chunk = i.chunk_bytes();
        // One stripe holds k chunks of data: repairing one chunk reads k of them.
        let stripe_data = chunk.saturating_mul(u64::from(scheme.data_chunks()));
        let repair = storage(scheme, stripe_data);
        Row {
            key,
            scheme,
            yours,
            raw_bytes: storage(scheme, i.data_bytes()).raw_bytes,
            repair_reads: repair.repair_reads,
            repair_read_bytes: repair.repair_read_bytes,
            stripes: stripes(scheme, i.data_bytes(), chunk),
            stripe: stripe_durability(scheme, &model),
            data: data_durability(scheme, &model, i.data_bytes(), chunk),
        }
    }

    /// The short name used on the charts: "3×" or "10+4".
    pub fn short_name(&self) -> String {
        short_name(self.scheme)
    }
}

/// "3×" for replication, "10+4" for RS(10, 4).
pub fn short_name(scheme: Scheme) -> String {
    match scheme {
        Scheme::Replication { copies } => format!("{copies}×"),
        Scheme::ReedSolomon { data, parity } => format!("{data}+{parity}"),
    }
}

/// The reference schemes shown beside the reader's two.
pub const REFERENCES: [Scheme; 3] = [
    Scheme::Replication { copies: 3 },
    Scheme::ReedSolomon {
        data: 10,
        parity: 4,
    },
    Scheme::ReedSolomon { data: 6, parity: 3 },
];

/// The reader's two schemes, then each reference not already among them.
pub fn lineup(i: &Inputs) -> Vec<Row> {
    let mut rows = vec![
        Row::new("rep", i.replication(), true, i),
        Row::new("rs", i.reed_solomon(), true, i),
    ];
    for (s, key) in REFERENCES
        .into_iter()
        .zip(["ref-3x", "ref-10-4", "ref-6-3"])
    {
        let covered = rows
            .iter()
            .any(|r| r.scheme.as_code() == s.as_code() && same_family(r.scheme, s));
        if !covered {
            rows.push(Row::new(key, s, false, i));
        }
    }
    rows
}

fn same_family(a: Scheme, b: Scheme) -> bool {
    matches!(
        (a, b),
        (Scheme::Replication { .. }, Scheme::Replication { .. })
            | (Scheme::ReedSolomon { .. }, Scheme::ReedSolomon { .. })
    )
}

/// One line of the loss chart: log10 P(losing any of the data in a year) against x.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The row's key.
    pub key: &'static str,
    /// Its chart name.
    pub name: String,
    /// Whether it is one of the reader's schemes.
    pub yours: bool,
    /// `(x, log10 P)`; points where loss is impossible are left out.
    pub points: Vec<(f64, f64)>,
    /// The point at the current inputs.
    pub current: Option<(f64, f64)>,
}

/// Points per loss-chart line.
pub const LINE_POINTS: usize = 80;

impl Inputs {
    /// The current x of the loss chart: AFR in percent, or log10(repair hours).
    pub fn current_x(&self) -> f64 {
        match self.x_axis {
            XAxis::Afr => f64::from(self.afr_tenths) / 10.0,
            XAxis::RepairTime => f64::from(self.repair_hours()).log10(),
        }
    }

    /// The loss chart's x range.
    pub fn x_range(&self) -> (f64, f64) {
        match self.x_axis {
            XAxis::Afr => (f64::from(AFR_MIN) / 10.0, f64::from(AFR_MAX) / 10.0),
            XAxis::RepairTime => (0.0, f64::from(REPAIR_HOURS[REPAIR_HOURS.len() - 1]).log10()),
        }
    }

    /// A failure model at chart position `x`, the other input held at its value.
    fn model_at_x(&self, x: f64) -> FailureModel {
        match self.x_axis {
            XAxis::Afr => FailureModel::new(x / 100.0, f64::from(self.repair_hours()), self.repair),
            XAxis::RepairTime => {
                FailureModel::new(f64::from(self.afr_tenths) / 1000.0, pow10(x), self.repair)
            }
        }
    }

    /// The loss chart's lines, one per row of [`lineup`].
    pub fn lines(&self, rows: &[Row]) -> Vec<Line> {
        let (lo, hi) = self.x_range();
        let data = self.data_bytes();
        let chunk = self.chunk_bytes();
        rows.iter()
            .map(|row| {
                let points = (0..LINE_POINTS)
                    .filter_map(|p| {
                        let x = lo + (hi - lo) * p as f64 / (LINE_POINTS - 1) as f64;
                        let d = data_durability(row.scheme, &self.model_at_x(x), data, chunk);
                        Some((x, d.log10_annual_loss?))
                    })
                    .collect();
                Line {
                    key: row.key,
                    name: row.short_name(),
                    yours: row.yours,
                    points,
                    current: row.data.log10_annual_loss.map(|y| (self.current_x(), y)),
                }
            })
            .collect()
    }
}

/// The y range of the loss chart (log10 P): from a multiple of `step` below the lowest
/// point up to 0 (certain loss) or a step above the highest. Returns `(lo, hi, step)`.
pub fn y_range(lines: &[Line]) -> (f64, f64, f64) {
    let ys = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1).chain(l.current.map(|c| c.1)));
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for y in ys {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (-10.0, 0.0, 2.0);
    }
    let span = (hi - lo).max(1.0);
    let step = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .find(|s| span / s <= 8.0)
        .unwrap_or(100.0);
    let lo = ((lo / step).floor() * step).max(-400.0);
    let hi = ((hi / step).ceil() * step).min(0.0).max(lo + step);
    (lo, hi, step)
}

// ---- Text: integer arithmetic only ----

/// `10^x` as `e^(x ln 10)`: `f64::powf` would link libm's `pow` and its 4 KB table
/// into the module, `exp` is there anyway (the core's durability model uses it). The
/// results differ from `powf` in the last bits at most, below every rounding here.
pub fn pow10(x: f64) -> f64 {
    (x * std::f64::consts::LN_10).exp()
}

/// Bytes with decimal units and up to 3 significant digits: "1.4 PB", "300 GB".
pub fn fmt_bytes(bytes: u128) -> String {
    fmt_units(
        bytes,
        1000,
        &["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"],
    )
}

/// Bytes with binary units: "64 MiB", "640 MiB", "1.25 GiB".
pub fn fmt_bytes_binary(bytes: u128) -> String {
    fmt_units(
        bytes,
        1024,
        &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
    )
}

fn fmt_units(bytes: u128, base: u128, units: &[&str]) -> String {
    let mut unit = 0;
    let mut scale = 1u128;
    while unit + 1 < units.len() && bytes >= scale * base {
        scale *= base;
        unit += 1;
    }
    // Hundredths of the unit, rounded; below 1,000 units, so u64 (whose formatting the
    // bundle has anyway) holds it.
    let hundredths =
        u64::try_from((bytes.saturating_mul(100) + scale / 2) / scale).unwrap_or(u64::MAX);
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    let text = if whole >= 100 || frac == 0 {
        ((hundredths + 50) / 100).to_string()
    } else if whole >= 10 {
        let tenths = (hundredths + 5) / 10;
        trim_point(format!("{}.{}", tenths / 10, tenths % 10))
    } else {
        trim_point(format!("{whole}.{frac:02}"))
    };
    format!("{text}\u{a0}{}", units[unit])
}

/// "1.50" → "1.5", "2.0" → "2".
fn trim_point(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// An overhead `n/k` to two decimals: "1.4×", "3×", "1.33×".
pub fn fmt_overhead(scheme: Scheme) -> String {
    let (k, m) = scheme.as_code();
    let hundredths = (u64::from(k + m) * 200 + u64::from(k)) / (2 * u64::from(k));
    trim_point(format!("{}.{:02}", hundredths / 100, hundredths % 100)) + "×"
}

/// Superscript digits for exponents: -12 → "⁻¹²".
pub fn superscript(e: i64) -> String {
    const SUP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::new();
    if e < 0 {
        s.push('⁻');
    }
    for b in e.unsigned_abs().to_string().bytes() {
        s.push(SUP[usize::from(b - b'0')]);
    }
    s
}

/// `10^l` as text, two significant digits: "2.1 × 10⁻¹²"; probabilities of 1 % and more
/// as a percentage ("3.2 %"). `None` (never) is "0".
pub fn fmt_probability(log10: Option<f64>) -> String {
    let Some(l) = log10 else {
        return "0".into();
    };
    if !l.is_finite() {
        return "0".into();
    }
    if l >= -2.0 {
        // Percent with one decimal: 10^(l+2) in [1, 100].
        let tenths = pow10(l + 3.0).round() as u64;
        return trim_point(format!("{}.{}", tenths / 10, tenths % 10)) + "\u{a0}%";
    }
    let (mut e, mut tenths) = mantissa(l);
    if tenths >= 100 {
        e += 1;
        tenths = 10;
    }
    format!(
        "{}.{}\u{a0}×\u{a0}10{}",
        tenths / 10,
        tenths % 10,
        superscript(e)
    )
}

/// `10^l = (tenths / 10) × 10^e` with `tenths` in `10..=100` (rounded).
fn mantissa(l: f64) -> (i64, u64) {
    let e = l.floor();
    let tenths = (pow10(l - e) * 10.0).round() as u64;
    (e as i64, tenths)
}

/// Durability in nines, `⌊−log10 P⌋`: "11 nines"; "never lost" when P = 0.
pub fn fmt_nines(log10: Option<f64>) -> String {
    match log10 {
        Some(l) if l.is_finite() => {
            let n = (-l).floor().max(0.0) as u64;
            if n == 1 {
                "1 nine".into()
            } else {
                format!("{n} nines")
            }
        }
        _ => "never lost".into(),
    }
}

/// A y-axis label of the loss chart: "10⁻¹²", "1" for 10⁰.
pub fn fmt_power(e: f64) -> String {
    let e = e.round() as i64;
    if e == 0 {
        "1".into()
    } else {
        format!("10{}", superscript(e))
    }
}

/// AFR in tenths of a percent as text: "4 %", "0.5 %".
pub fn fmt_afr(tenths: u32) -> String {
    trim_point(format!("{}.{}", tenths / 10, tenths % 10)) + "\u{a0}%"
}

/// A repair time: "24 h", "7 days", "30 days".
pub fn fmt_hours(h: u32) -> String {
    if h >= 48 && h.is_multiple_of(24) {
        format!("{}\u{a0}days", h / 24)
    } else {
        format!("{h}\u{a0}h")
    }
}

/// "10 × 64 MiB = 640 MiB": the repair reads of a row.
pub fn fmt_repair(row: &Row) -> String {
    if row.repair_reads == 0 {
        return "none: no redundancy".into();
    }
    let chunk = row.repair_read_bytes / u128::from(row.repair_reads.max(1));
    format!(
        "{} × {} = {}",
        row.repair_reads,
        fmt_bytes_binary(chunk),
        fmt_bytes_binary(row.repair_read_bytes)
    )
}

/// `10^l` for `l ≥ 0` as a multiplier: "3", "250", "2.0 × 10⁴".
pub fn fmt_ratio(l: f64) -> String {
    let l = if l.is_finite() { l.max(0.0) } else { 0.0 };
    if l < 1.0 {
        // One decimal below 10, so a ratio of 1.2 is not written "1 times".
        let tenths = pow10(l + 1.0).round() as u64;
        return trim_point(format!("{}.{}", tenths / 10, tenths % 10));
    }
    if l < 3.0 {
        return (pow10(l).round() as u64).to_string();
    }
    let (mut e, mut tenths) = mantissa(l);
    if tenths >= 100 {
        e += 1;
        tenths = 10;
    }
    format!(
        "{}.{}\u{a0}×\u{a0}10{}",
        tenths / 10,
        tenths % 10,
        superscript(e)
    )
}

/// "1 failed node", "4 failed nodes": a count with its noun, singular or plural.
fn count(n: u32, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// How many failures each survives, in words that read right at every count: equal
/// counts are said once ("both survive 2 failed nodes"), zero as "not one".
fn survives(rs: u32, rep: u32) -> String {
    match (rs, rep) {
        (0, 0) => "neither survives a single failed node".into(),
        (a, b) if a == b => format!("both survive {}", count(a, "failed node")),
        (0, b) => format!("survives no failed node where replication survives {b}"),
        (a, b) => format!("survives {} instead of {b}", count(a, "failed node")),
    }
}

/// What repairing one lost chunk reads. Zero reads means the scheme has no redundancy
/// (`m = 0`, `r = 1`): a lost chunk cannot be repaired at all, which is not "reading 0".
fn repair_reads(rs: u32, rep: u32) -> String {
    match (rs, rep) {
        (0, 0) => "neither can repair a lost chunk (no redundancy)".into(),
        (0, _) => {
            "cannot repair a lost chunk at all (no parity), where replication copies one".into()
        }
        (a, 0) => format!(
            "reads {} to repair one, where a single copy cannot be repaired at all",
            count(a, "chunk")
        ),
        (a, b) if a == b => format!("both read {} to repair one", count(a, "chunk")),
        (a, b) => format!("reads {} instead of {b} to repair one", count(a, "chunk")),
    }
}

/// The comparison in one sentence: the reader's RS(k, m) against their replication.
/// It reads right at every edge of every slider (tested over the whole grid): no
/// "0 instead of 0", no "reads 0 chunks".
pub fn verdict(rows: &[Row]) -> String {
    let (Some(rep), Some(rs)) = (rows.first(), rows.get(1)) else {
        return String::new();
    };
    let storage = if rs.raw_bytes == rep.raw_bytes {
        "the same raw storage".to_string()
    } else {
        let (more, less) = (
            rs.raw_bytes.max(rep.raw_bytes),
            rs.raw_bytes.min(rep.raw_bytes),
        );
        let pct = u64::try_from((more - less) * 100 / more.max(1)).unwrap_or(100);
        format!(
            "{pct}\u{a0}% {} raw storage ({} instead of {})",
            if rs.raw_bytes < rep.raw_bytes {
                "less"
            } else {
                "more"
            },
            fmt_bytes(rs.raw_bytes),
            fmt_bytes(rep.raw_bytes)
        )
    };
    let loss = match (rs.data.log10_annual_loss, rep.data.log10_annual_loss) {
        (Some(a), Some(b)) if (a - b).abs() < 0.05 => "is about as likely to lose data".to_string(),
        (Some(a), Some(b)) if a < b => {
            format!("is {} times less likely to lose data", fmt_ratio(b - a))
        }
        (Some(a), Some(b)) => format!("is {} times more likely to lose data", fmt_ratio(a - b)),
        _ => "never loses data (no failures)".to_string(),
    };
    format!(
        "{} against {}: {storage}, {}, {}, and {loss} in a year.",
        rs.scheme,
        rep.scheme,
        survives(
            rs.scheme.failures_tolerated(),
            rep.scheme.failures_tolerated()
        ),
        repair_reads(rs.repair_reads, rep.repair_reads),
    )
}

/// The setting the last action changed, with its new value: "Parity chunks m: 5".
pub fn changed(i: &Inputs) -> Option<String> {
    let what = match i.last? {
        Action::Data(_) => format!(
            "Data size {}",
            DATA_SIZES[i.data.min(DATA_SIZES.len() - 1)].1
        ),
        Action::Chunk(_) => format!(
            "Chunk size {}",
            CHUNK_SIZES[i.chunk.min(CHUNK_SIZES.len() - 1)].1
        ),
        Action::R(_) => format!("Copies r {}", i.r),
        Action::K(_) => format!("Data chunks k {}", i.k),
        Action::M(_) => format!("Parity chunks m {}", i.m),
        Action::Afr(_) => format!("Node AFR {}", fmt_afr(i.afr_tenths)),
        Action::RepairTime(_) => format!("Mean repair time {}", fmt_hours(i.repair_hours())),
        Action::Repair(Repair::Serial) => "Repairs one at a time".into(),
        Action::Repair(Repair::Parallel) => "Repairs all in parallel".into(),
        Action::Axis(XAxis::Afr) => "Loss chart against node AFR".into(),
        Action::Axis(XAxis::RepairTime) => "Loss chart against repair time".into(),
        Action::Preset(p) => format!("Preset {}", p.label()),
    };
    Some(what)
}

/// What the screen reader hears after a change, once per action, from the widget's
/// one live region: the setting changed, then the reader's two schemes compared.
/// Empty before the first change (nothing to announce on load).
pub fn summary(i: &Inputs, rows: &[Row]) -> String {
    let Some(what) = changed(i) else {
        return String::new();
    };
    let mut parts = vec![what];
    for row in rows.iter().filter(|r| r.yours) {
        parts.push(format!(
            "{}: {} raw, tolerates {}, loses a given object with probability {} a year, any of the data {}",
            row.scheme,
            fmt_bytes(row.raw_bytes),
            row.scheme.failures_tolerated(),
            fmt_probability(row.stripe.log10_annual_loss),
            fmt_probability(row.data.log10_annual_loss)
        ));
    }
    parts.join(". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_set_the_schemes() {
        let mut i = Inputs::default();
        i.apply(Action::Preset(Preset::Rs6_3));
        assert_eq!((i.k, i.m), (6, 3));
        assert!(Preset::Rs6_3.is_active(&i));
        i.apply(Action::Preset(Preset::Raid5));
        assert_eq!((i.k, i.m), (6, 1));
        i.apply(Action::Preset(Preset::Raid6));
        assert_eq!((i.k, i.m), (6, 2));
        i.apply(Action::R(5));
        i.apply(Action::Preset(Preset::Replicate3));
        assert_eq!(i.r, 3);
        i.apply(Action::Preset(Preset::Rs10_4));
        assert_eq!((i.k, i.m), (10, 4));
    }

    #[test]
    fn setters_clamp() {
        let mut i = Inputs::default();
        for a in [
            Action::Data(99),
            Action::Chunk(99),
            Action::R(0),
            Action::K(0),
            Action::M(99),
            Action::Afr(0),
            Action::RepairTime(99),
        ] {
            i.apply(a);
        }
        assert_eq!(i.data, DATA_SIZES.len() - 1);
        assert_eq!(i.chunk, CHUNK_SIZES.len() - 1);
        assert_eq!((i.r, i.k, i.m), (1, 1, MAX_M));
        assert_eq!(i.afr_tenths, AFR_MIN);
        assert_eq!(i.repair_hours(), 720);
        i.apply(Action::Afr(999));
        assert_eq!(i.afr_tenths, AFR_MAX);
        i.apply(Action::Afr(42));
        assert_eq!(i.afr_tenths, 40);
    }

    #[test]
    fn the_lineup_adds_references_not_already_shown() {
        let i = Inputs::default(); // 3× and 10+4: only 6+3 is added
        let keys: Vec<&str> = lineup(&i).into_iter().map(|r| r.key).collect();
        assert_eq!(keys, ["rep", "rs", "ref-6-3"]);
        let mut i = Inputs::default();
        i.apply(Action::R(2));
        i.apply(Action::M(2));
        let keys: Vec<&str> = lineup(&i).into_iter().map(|r| r.key).collect();
        assert_eq!(keys, ["rep", "rs", "ref-3x", "ref-10-4", "ref-6-3"]);
        // RS(1, 2) has replication's code but is still shown as RS beside 3×.
        i.apply(Action::K(1));
        i.apply(Action::R(3));
        let rows = lineup(&i);
        assert_eq!(rows[1].scheme, Scheme::reed_solomon(1, 2));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn rows_match_the_posts_numbers() {
        let mut i = Inputs::default();
        i.apply(Action::Data(0)); // 1 GB
        let rows = lineup(&i);
        assert_eq!(fmt_bytes(rows[0].raw_bytes), "3\u{a0}GB");
        assert_eq!(fmt_bytes(rows[1].raw_bytes), "1.4\u{a0}GB");
        assert_eq!(fmt_overhead(rows[0].scheme), "3×");
        assert_eq!(fmt_overhead(rows[1].scheme), "1.4×");
        assert_eq!(fmt_overhead(Scheme::reed_solomon(6, 3)), "1.5×");
        assert_eq!(fmt_overhead(Scheme::reed_solomon(3, 1)), "1.33×");
        assert_eq!(fmt_repair(&rows[1]), "10 × 64\u{a0}MiB = 640\u{a0}MiB");
        assert_eq!(fmt_repair(&rows[0]), "1 × 64\u{a0}MiB = 64\u{a0}MiB");
        let mut single = i.clone();
        single.apply(Action::R(1));
        assert_eq!(fmt_repair(&lineup(&single)[0]), "none: no redundancy");
        // 1 GB in 64 MiB chunks: 15 replicated stripes, 2 RS stripes.
        assert_eq!((rows[0].stripes, rows[1].stripes), (15, 2));
    }

    #[test]
    fn option_keys_spell_the_labels() {
        let key = |l: &str| {
            l.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase()
        };
        for (k, (_, l)) in DATA_KEYS.iter().zip(DATA_SIZES) {
            assert_eq!(*k, key(l));
        }
        for (k, (_, l)) in CHUNK_KEYS.iter().zip(CHUNK_SIZES) {
            assert_eq!(*k, key(l));
        }
        for (k, h) in REPAIR_KEYS.iter().zip(REPAIR_HOURS) {
            assert_eq!(*k, h.to_string());
        }
    }

    #[test]
    fn pow10_rounds_like_powf() {
        // Every use rounds 10^x (x in [0, 3]) to tenths or integers: the same digits.
        for i in 0..=300_000 {
            let x = f64::from(i) / 100_000.0;
            assert_eq!(
                (pow10(x) * 10.0).round(),
                (10f64.powf(x) * 10.0).round(),
                "{x}"
            );
        }
    }

    #[test]
    fn text_formats() {
        assert_eq!(fmt_bytes(1_400_000_000_000_000), "1.4\u{a0}PB");
        assert_eq!(fmt_bytes(3_000_000_000_000_000), "3\u{a0}PB");
        assert_eq!(fmt_bytes(140_000_000_000), "140\u{a0}GB");
        assert_eq!(fmt_bytes(1_234_000), "1.23\u{a0}MB");
        assert_eq!(fmt_bytes(999), "999\u{a0}B");
        assert_eq!(fmt_bytes(15_000_000_000_000_000_000_000), "15\u{a0}ZB");
        assert_eq!(fmt_bytes_binary(1280 * MIB as u128), "1.25\u{a0}GiB");
        assert_eq!(superscript(-12), "⁻¹²");
        assert_eq!(superscript(305), "³⁰⁵");
        assert_eq!(fmt_probability(Some(-11.0)), "1.0\u{a0}×\u{a0}10⁻¹¹");
        assert_eq!(
            fmt_probability(Some((2.1e-12f64).log10())),
            "2.1\u{a0}×\u{a0}10⁻¹²"
        );
        assert_eq!(
            fmt_probability(Some((9.96e-5f64).log10())),
            "1.0\u{a0}×\u{a0}10⁻⁴"
        );
        assert_eq!(fmt_probability(Some((0.032f64).log10())), "3.2\u{a0}%");
        assert_eq!(fmt_probability(Some(0.0)), "100\u{a0}%");
        assert_eq!(fmt_probability(Some(-400.5)), "3.2\u{a0}×\u{a0}10⁻⁴⁰¹");
        assert_eq!(fmt_probability(None), "0");
        assert_eq!(fmt_nines(Some(-11.3)), "11 nines");
        assert_eq!(fmt_nines(Some(-1.5)), "1 nine");
        assert_eq!(fmt_nines(Some(-0.1)), "0 nines");
        assert_eq!(fmt_nines(None), "never lost");
        assert_eq!(fmt_power(-12.0), "10⁻¹²");
        assert_eq!(fmt_power(0.0), "1");
        assert_eq!(fmt_afr(40), "4\u{a0}%");
        assert_eq!(fmt_afr(5), "0.5\u{a0}%");
        assert_eq!(fmt_hours(24), "24\u{a0}h");
        assert_eq!(fmt_hours(168), "7\u{a0}days");
    }

    #[test]
    fn the_verdict_compares_the_readers_two_schemes() {
        let i = Inputs::default();
        let v = verdict(&lineup(&i));
        assert!(v.starts_with("RS(10, 4) against 3× replication: 53\u{a0}% less raw storage (1.4\u{a0}PB instead of 3\u{a0}PB), survives 4 failed nodes instead of 2, reads 10 chunks instead of 1"), "{v}");
        assert!(
            v.contains("times less likely to lose data in a year"),
            "{v}"
        );
        let mut worse = Inputs::default();
        worse.apply(Action::M(0));
        let v = verdict(&lineup(&worse));
        assert!(v.contains("times more likely"), "{v}");
        assert_eq!(fmt_ratio(0.0), "1");
        assert_eq!(fmt_ratio(2.4), "251");
        assert_eq!(fmt_ratio(4.3), "2.0\u{a0}×\u{a0}10⁴");
        assert_eq!(fmt_ratio(f64::NAN), "1");
    }

    #[test]
    fn options_are_read_and_checked() {
        let o = WidgetOptions::from_pairs([
            ("r", "2"),
            ("k", "6"),
            ("m", "3"),
            ("data", "1TB"),
            ("chunk", "256mib"),
            ("repair-hours", "72"),
            ("repair", "parallel"),
            ("afr", "2.5"),
            ("x", "repair"),
        ]);
        let c = Config::from_options(&o);
        assert!(c.messages.is_empty(), "{:?}", c.messages);
        let i = c.inputs;
        assert_eq!((i.r, i.k, i.m), (2, 6, 3));
        assert_eq!(i.data_bytes(), 1_000_000_000_000);
        assert_eq!(i.chunk_bytes(), 256 * MIB);
        assert_eq!(i.repair_hours(), 72);
        assert_eq!(i.repair, Repair::Parallel);
        assert_eq!(i.afr_tenths, 25);
        assert_eq!(i.x_axis, XAxis::RepairTime);

        let bad = WidgetOptions::from_pairs([
            ("r", "9"),
            ("data", "2 PB"),
            ("afr", "4.25"),
            ("repair-hours", "5"),
        ]);
        let c = Config::from_options(&bad);
        assert_eq!(c.messages.len(), 4, "{:?}", c.messages);
        assert_eq!(c.inputs, Inputs::default());
        for s in ["abc", "", "1.", ".5", "-1", "99999", "1.55"] {
            assert_eq!(parse_tenths(s), None, "{s}");
        }
        assert_eq!(parse_tenths("4%"), Some(40));
    }

    #[test]
    fn chart_lines_cover_the_lineup_and_are_monotone() {
        for axis in [XAxis::Afr, XAxis::RepairTime] {
            let mut i = Inputs::default();
            i.apply(Action::Axis(axis));
            let rows = lineup(&i);
            let lines = i.lines(&rows);
            assert_eq!(lines.len(), rows.len());
            for (line, row) in lines.iter().zip(&rows) {
                assert_eq!(line.points.len(), LINE_POINTS);
                // Loss grows with AFR and with repair time.
                assert!(line.points.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-9));
                let (x, y) = line.current.unwrap();
                assert_eq!(x, i.current_x());
                assert_eq!(Some(y), row.data.log10_annual_loss);
            }
            let (lo, hi, step) = y_range(&lines);
            assert!(lo < hi && hi <= 0.0 && step > 0.0);
            assert!(lines
                .iter()
                .flat_map(|l| &l.points)
                .all(|p| p.1 >= lo && p.1 <= hi));
        }
    }

    #[test]
    fn every_input_combination_is_finite() {
        let mut i = Inputs::default();
        for r in [1, MAX_R] {
            for (k, m) in [(1, 0), (MAX_K, MAX_M), (1, MAX_M), (MAX_K, 0)] {
                for afr in [AFR_MIN, AFR_MAX] {
                    for rt in [0, REPAIR_HOURS.len() - 1] {
                        for data in [0, DATA_SIZES.len() - 1] {
                            for chunk in [0, CHUNK_SIZES.len() - 1] {
                                for a in [
                                    Action::R(r),
                                    Action::K(k),
                                    Action::M(m),
                                    Action::Afr(afr),
                                    Action::RepairTime(rt),
                                    Action::Data(data),
                                    Action::Chunk(chunk),
                                ] {
                                    i.apply(a);
                                }
                                let rows = lineup(&i);
                                for line in i.lines(&rows) {
                                    assert!(line
                                        .points
                                        .iter()
                                        .all(|p| p.0.is_finite() && p.1.is_finite()));
                                }
                                for row in &rows {
                                    let t = fmt_probability(row.data.log10_annual_loss);
                                    assert!(!t.contains("NaN") && !t.contains("inf"), "{t}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every "X instead of Y" in `v` has X ≠ Y.
    fn no_equal_instead(v: &str) {
        let words: Vec<&str> = v.split_whitespace().collect();
        for w in words.windows(4) {
            if w[1] == "instead" && w[2] == "of" {
                assert_ne!(w[0], w[3].trim_end_matches([',', ')']), "{v}");
            }
        }
    }

    #[test]
    fn the_verdict_reads_right_at_every_slider_edge() {
        let mut i = Inputs::default();
        i.apply(Action::Data(0));
        for r in 1..=MAX_R {
            for k in [1, 2, 10, MAX_K] {
                for m in 0..=MAX_M {
                    for a in [Action::R(r), Action::K(k), Action::M(m)] {
                        i.apply(a);
                    }
                    let v = verdict(&lineup(&i));
                    no_equal_instead(&v);
                    for bad in [
                        " 0 chunks",
                        " 1 chunks",
                        " 1 failed nodes",
                        " 1 times",
                        " 0 instead",
                        " 0 failed",
                    ] {
                        assert!(!v.contains(bad), "{bad:?} in {v}");
                    }
                }
            }
        }
        i.apply(Action::R(1));
        i.apply(Action::K(1));
        i.apply(Action::M(0));
        let v = verdict(&lineup(&i));
        assert!(v.contains("neither survives a single failed node"), "{v}");
        assert!(v.contains("neither can repair a lost chunk"), "{v}");
        i.apply(Action::R(3));
        let v = verdict(&lineup(&i));
        assert!(
            v.contains("survives no failed node where replication survives 2"),
            "{v}"
        );
        assert!(
            v.contains("cannot repair a lost chunk at all (no parity)"),
            "{v}"
        );
        assert!(!v.contains("0 chunks instead of 1"), "{v}");
        i.apply(Action::R(1));
        i.apply(Action::M(2));
        let v = verdict(&lineup(&i));
        assert!(
            v.contains("where a single copy cannot be repaired at all"),
            "{v}"
        );
        assert_eq!(fmt_ratio(0.08), "1.2");
    }

    #[test]
    fn the_announcement_says_what_changed_once() {
        let mut i = Inputs::default();
        assert_eq!(summary(&i, &lineup(&i)), "", "nothing to say on load");
        i.apply(Action::M(5));
        let s = summary(&i, &lineup(&i));
        assert!(s.starts_with("Parity chunks m 5. "), "{s}");
        assert_eq!(s.matches("RS(10, 5)").count(), 1, "{s}");
        i.apply(Action::Preset(Preset::Rs6_3));
        assert!(summary(&i, &lineup(&i)).starts_with("Preset RS 6+3 (HDFS). "));
        i.apply(Action::Afr(75));
        assert!(summary(&i, &lineup(&i)).starts_with("Node AFR 7.5\u{a0}%. "));
    }
}
