//! # Durability: replication against Reed-Solomon, in bytes and in years
//!
//! A storage scheme cuts an object into `k` data chunks, adds `m` redundant chunks and
//! puts the `n = k + m` chunks on `n` different nodes. Two families:
//!
//! - **r-way replication** stores `r` full copies: `k = 1`, `m = r − 1`. Any one copy is
//!   the whole object.
//! - **Reed-Solomon RS(k, m)** stores `k` data chunks of `S/k` bytes and `m` parity
//!   chunks ([`ReedSolomon`](super::ReedSolomon)); any `k` of the `n` rebuild it.
//!
//! For fault *tolerance* the two are the same thing: replication `r` behaves like the
//! code `(1, r − 1)` — it survives any `r − 1` lost chunks. They differ in cost:
//!
//! | | r-way replication | RS(k, m) |
//! |---|---|---|
//! | raw storage for `S` bytes | `r · S` | `n · ⌈S/k⌉` ≈ `S · n/k` |
//! | overhead | `r` | `n / k` (1.4 for 10+4) |
//! | failures tolerated | `r − 1` | `m` |
//! | a node failure loses | one copy, `S` bytes | one chunk, `S/k` bytes |
//! | rebuilding it reads | 1 copy, `S` bytes | `k` chunks, `k · S/k = S` bytes |
//! | bytes read per byte rebuilt | 1 | `k` |
//!
//! So 10+4 tolerates *more* failures than 3× replication at less than half the storage,
//! and pays at repair time: every lost byte costs `k` bytes of reads ([`Storage`]).
//!
//! ## Durability: a Markov chain of failures and repairs
//!
//! How likely is a stripe (the `n` chunks of one object) to be lost? The standard model
//! (Gibson's RAID analysis; the "MTTDL" of storage papers) makes these assumptions:
//!
//! 1. Nodes fail **independently**, each after an **exponentially** distributed time with
//!    rate `λ`, chosen so that a node fails within a year with probability AFR (annual
//!    failure rate): `λ = −ln(1 − AFR)` per year (≈ AFR for small AFR). A year is
//!    365.25 days ([`HOURS_PER_YEAR`]).
//! 2. A failed chunk is rebuilt on a replacement node after an exponentially distributed
//!    repair time with mean `R` hours: repair rate `μ = 1/R`. [`Repair::Serial`] (the
//!    classic model): one repair at a time, so the chain leaves state `i` downwards at
//!    rate `μ`. [`Repair::Parallel`]: all `i` failed chunks are rebuilt at once, rate
//!    `i·μ`.
//! 3. **Loss** means more than `m` chunks of the stripe are failed at the same moment:
//!    fewer than `k` survive, and the data cannot be rebuilt. Nothing else loses data
//!    (no latent sector errors, no correlated rack or power failures, no bugs).
//!
//! State `i` counts failed chunks. From state `i` (`n − i` chunks alive) the next
//! failure comes at rate `(n − i)·λ`; state `m + 1` is absorbing (data lost):
//!
//! ```text
//!        nλ        (n−1)λ             (n−m)λ
//!   (0) ────▶ (1) ────────▶ (2) … (m) ────────▶ [m+1: lost]
//!       ◀────     ◀────────
//!         μ₁          μ₂        μ_i = μ (serial) or i·μ (parallel)
//! ```
//!
//! ## The exact mean time to data loss (MTTDL)
//!
//! Let `τ_j` be the expected time to first reach state `j + 1` from state `j`. In state
//! `j` the chain either fails forward (rate `λ_j = (n − j)λ`) or is repaired back (rate
//! `μ_j`) and must then climb from `j − 1` again, which gives the exact recurrence
//!
//! ```text
//!   τ_0 = 1/λ_0,     τ_j = (1 + μ_j · τ_{j−1}) / λ_j,     MTTDL = τ_0 + τ_1 + … + τ_m.
//! ```
//!
//! It is the closed-form solution of the chain's linear system (the tests check it
//! against Gaussian elimination), and it only adds and multiplies positive numbers — no
//! cancellation. The numbers are extreme, though (MTTDL of 10+4 with 1 h repairs is
//! ~10^31 years), so the recurrence runs on natural logarithms: `ln(a + b)` is
//! `max + ln(1 + e^(min − max))`. Every result is finite for every input.
//!
//! When repairs are much faster than failures (`μ ≫ nλ`) the `1` in each `τ_j` is
//! negligible and the sum is dominated by its last term:
//!
//! ```text
//!   MTTDL ≈ μ^m / (n (n−1) … (n−m) · λ^(m+1))        (serial; parallel: × m!)
//! ```
//!
//! — each extra parity chunk multiplies the MTTDL by about `μ / ((n − m)λ)`, the number
//! of repairs that finish before the next failure: that is why parity is so powerful
//! and why a slow repair hurts ([`log10_mttdl_approx`]).
//!
//! ## From MTTDL to "probability of loss in a year"
//!
//! With a loss rate of about `1/MTTDL`, `P(loss within t) ≈ 1 − e^(−t/MTTDL)`. For tiny
//! ratios this is computed as `−expm1(−x)` or straight from `ln x`, so 10⁻⁴⁰ stays
//! 10⁻⁴⁰ instead of rounding to 0. [`Durability`] reports it as a base-10 logarithm.
//!
//! A data set of `D` bytes cut into chunks of `c` bytes is `⌈D / (k·c)⌉` stripes
//! ([`stripes`]). Assuming stripes fail independently (chunks spread over many nodes),
//! losing *any* of them has rate `stripes / MTTDL` ([`data_durability`]). Replication
//! with the same chunk size has `k` times more (smaller) stripes than RS(k, m).
//!
//! ## Invariants (tested)
//!
//! - `failures_tolerated` is `r − 1` or `m`; overhead is `n / k`.
//! - More parity is never less durable; a longer repair or a higher AFR never more.
//! - AFR 0 never loses data; `m = 0` loses at the first failure: `MTTDL = 1/(nλ)`.
//! - No input (NaN, infinities, zero, huge) yields NaN or an infinity: inputs are
//!   clamped ([`FailureModel::new`], [`Scheme::sanitized`]).

use std::fmt;

/// Hours in a (Julian) year of 365.25 days: the unit behind AFR.
pub const HOURS_PER_YEAR: f64 = 8766.0;
/// The most chunks a stripe may have (Reed-Solomon over GF(2^8): `k + m ≤ 256`).
pub const MAX_CHUNKS: u32 = 256;
/// The highest annual failure rate accepted (a node that surely fails has no λ).
pub const MAX_AFR: f64 = 0.999;
/// The shortest repair time accepted, in hours (one minute).
pub const MIN_REPAIR_HOURS: f64 = 1.0 / 60.0;
/// The longest repair time accepted, in hours (about 114 years).
pub const MAX_REPAIR_HOURS: f64 = 1e6;

/// How a stripe is stored: full copies, or a Reed-Solomon code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `copies` full replicas (`r`).
    Replication {
        /// The replication factor `r` (1 = a single copy).
        copies: u32,
    },
    /// RS(k, m): `data` chunks plus `parity` chunks, any `data` of them rebuild it.
    ReedSolomon {
        /// `k`, the data chunks.
        data: u32,
        /// `m`, the parity chunks.
        parity: u32,
    },
}

impl Scheme {
    /// `r`-way replication, `r` clamped to `1..=256`.
    pub fn replication(copies: u32) -> Scheme {
        Scheme::Replication { copies }.sanitized()
    }

    /// RS(k, m), `k` clamped to `1..=256` and `m` to `0..=256 − k`.
    pub fn reed_solomon(data: u32, parity: u32) -> Scheme {
        Scheme::ReedSolomon { data, parity }.sanitized()
    }

    /// The same scheme with its numbers clamped into range (every method uses this, so
    /// a scheme built from the variants directly is still safe).
    pub fn sanitized(self) -> Scheme {
        match self {
            Scheme::Replication { copies } => Scheme::Replication {
                copies: copies.clamp(1, MAX_CHUNKS),
            },
            Scheme::ReedSolomon { data, parity } => {
                let data = data.clamp(1, MAX_CHUNKS);
                Scheme::ReedSolomon {
                    data,
                    parity: parity.min(MAX_CHUNKS - data),
                }
            }
        }
    }

    /// `(k, m)`: replication `r` is the code `(1, r − 1)`.
    pub fn as_code(self) -> (u32, u32) {
        match self.sanitized() {
            Scheme::Replication { copies } => (1, copies - 1),
            Scheme::ReedSolomon { data, parity } => (data, parity),
        }
    }

    /// `k`: chunks needed to read the data (1 for replication).
    pub fn data_chunks(self) -> u32 {
        self.as_code().0
    }

    /// `n = k + m`: chunks stored, one per node.
    pub fn total_chunks(self) -> u32 {
        let (k, m) = self.as_code();
        k + m
    }

    /// How many nodes may fail without losing data: `m` (`r − 1` for replication).
    pub fn failures_tolerated(self) -> u32 {
        self.as_code().1
    }

    /// Storage overhead `n / k`: raw bytes per byte of data.
    pub fn overhead(self) -> f64 {
        let (k, m) = self.as_code();
        f64::from(k + m) / f64::from(k)
    }
}

impl fmt::Display for Scheme {
    /// "3× replication" or "RS(10, 4)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sanitized() {
            Scheme::Replication { copies } => write!(f, "{copies}× replication"),
            Scheme::ReedSolomon { data, parity } => write!(f, "RS({data}, {parity})"),
        }
    }
}

/// The byte costs of storing one object of `data_bytes` with a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Storage {
    /// The object's size `S`.
    pub data_bytes: u64,
    /// One chunk: `⌈S / k⌉` (the whole object for replication). This is also what one
    /// node failure loses.
    pub chunk_bytes: u64,
    /// Everything stored: `n · chunk_bytes` (padding of the last data chunk included).
    pub raw_bytes: u128,
    /// Chunks read to rebuild one lost chunk: `k` (one replica for replication); 0 when
    /// `m = 0`, where a lost chunk is lost data and there is nothing to rebuild from.
    pub repair_reads: u32,
    /// Bytes read to rebuild one lost chunk: `k · chunk_bytes` (≈ `S` for both
    /// families — but RS rebuilds only `S/k` bytes with it); 0 when `m = 0`.
    pub repair_read_bytes: u128,
}

/// Raw storage and repair reads of one object of `data_bytes` stored with `scheme`.
pub fn storage(scheme: Scheme, data_bytes: u64) -> Storage {
    let (k, m) = scheme.as_code();
    let chunk_bytes = data_bytes.div_ceil(u64::from(k));
    let repair_reads = if m == 0 { 0 } else { k };
    Storage {
        data_bytes,
        chunk_bytes,
        raw_bytes: u128::from(chunk_bytes) * u128::from(k + m),
        repair_reads,
        repair_read_bytes: u128::from(chunk_bytes) * u128::from(repair_reads),
    }
}

/// Stripes needed for `data_bytes` in chunks of `chunk_bytes`: `⌈D / (k·c)⌉` (0 for no
/// data; a chunk size of 0 counts as 1 byte).
pub fn stripes(scheme: Scheme, data_bytes: u64, chunk_bytes: u64) -> u64 {
    let per_stripe = u128::from(chunk_bytes.max(1)) * u128::from(scheme.data_chunks());
    let s = u128::from(data_bytes).div_ceil(per_stripe);
    u64::try_from(s).unwrap_or(u64::MAX)
}

/// How failed chunks are rebuilt (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Repair {
    /// One repair at a time: from any degraded state, back one step at rate `μ`.
    #[default]
    Serial,
    /// Every failed chunk is rebuilt at once: from state `i`, rate `i·μ`.
    Parallel,
}

/// Node failures and repairs: annual failure rate, mean repair time, repair policy.
///
/// Built only through [`FailureModel::new`], which clamps the inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FailureModel {
    afr: f64,
    repair_hours: f64,
    repair: Repair,
}

impl FailureModel {
    /// A model with `afr` clamped to `0..=`[`MAX_AFR`] (NaN → 0) and `repair_hours` to
    /// [`MIN_REPAIR_HOURS`]`..=`[`MAX_REPAIR_HOURS`] (NaN → the longest).
    pub fn new(afr: f64, repair_hours: f64, repair: Repair) -> FailureModel {
        let afr = if afr.is_nan() {
            0.0
        } else {
            afr.clamp(0.0, MAX_AFR)
        };
        let repair_hours = if repair_hours.is_nan() {
            MAX_REPAIR_HOURS
        } else {
            repair_hours.clamp(MIN_REPAIR_HOURS, MAX_REPAIR_HOURS)
        };
        FailureModel {
            afr,
            repair_hours,
            repair,
        }
    }

    /// The annual failure rate, as a probability (0.04 = 4 %).
    pub fn afr(&self) -> f64 {
        self.afr
    }

    /// The mean repair time, in hours.
    pub fn repair_hours(&self) -> f64 {
        self.repair_hours
    }

    /// The repair policy.
    pub fn repair(&self) -> Repair {
        self.repair
    }

    /// `λ`, failures per node per year: `−ln(1 − AFR)`.
    pub fn failure_rate(&self) -> f64 {
        -(-self.afr).ln_1p()
    }

    /// `μ`, repairs per year: `HOURS_PER_YEAR / repair_hours`.
    pub fn repair_rate(&self) -> f64 {
        HOURS_PER_YEAR / self.repair_hours
    }

    /// The rates of state `i` of a stripe of `n` chunks: `(failure, repair)` per year.
    pub fn rates(&self, n: u32, i: u32) -> (f64, f64) {
        let fail = f64::from(n.saturating_sub(i)) * self.failure_rate();
        let repair = match self.repair {
            Repair::Serial if i > 0 => self.repair_rate(),
            Repair::Parallel => f64::from(i) * self.repair_rate(),
            Repair::Serial => 0.0,
        };
        (fail, repair)
    }
}

/// How long until data is lost, and how likely that is within a year.
///
/// Both are base-10 logarithms, so 10⁻⁴⁰ is as exact as 10⁻⁴; `None` means never (AFR 0,
/// or nothing stored).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Durability {
    /// `log10` of the mean time to data loss, in years.
    pub log10_mttdl_years: Option<f64>,
    /// `log10` of the probability of a loss within one year (≤ 0).
    pub log10_annual_loss: Option<f64>,
}

impl Durability {
    /// Data is never lost.
    pub const NEVER: Durability = Durability {
        log10_mttdl_years: None,
        log10_annual_loss: None,
    };

    fn from_ln_mttdl(ln_mttdl_years: f64) -> Durability {
        Durability {
            log10_mttdl_years: Some(ln_mttdl_years / std::f64::consts::LN_10),
            log10_annual_loss: Some(ln_loss_within(-ln_mttdl_years) / std::f64::consts::LN_10),
        }
    }

    /// The probability of a loss within one year (0 when never; underflows to 0 below
    /// about 10⁻³⁰⁸ — use [`Durability::log10_annual_loss`] there).
    pub fn annual_loss(&self) -> f64 {
        self.log10_annual_loss.map_or(0.0, |l| 10f64.powf(l))
    }

    /// The mean time to data loss in years, saturating at `f64::MAX` (also for never).
    pub fn mttdl_years(&self) -> f64 {
        self.log10_mttdl_years
            .map_or(f64::MAX, |l| 10f64.powf(l).min(f64::MAX))
    }

    /// Durability "nines": `−log10 P(loss in a year)`; 11 for S3's 99.999999999 %.
    /// `None` when data is never lost.
    pub fn nines(&self) -> Option<f64> {
        self.log10_annual_loss.map(|l| -l)
    }
}

/// `ln(e^a + e^b)` without overflow.
fn ln_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// `ln P(loss within t)` for `P = 1 − e^(−x)`, given `ln x` (`x = t / MTTDL`).
fn ln_loss_within(ln_x: f64) -> f64 {
    if ln_x < -20.0 {
        // 1 − e^(−x) = x (1 − x/2 + …): for x < 2·10⁻⁹ the correction is below 10⁻⁹.
        ln_x - ln_x.exp() / 2.0
    } else if ln_x > 7.0 {
        // x > 1096: e^(−x) is below 10⁻⁴⁷⁶, the loss is certain in f64.
        0.0
    } else {
        (-(-ln_x.exp()).exp_m1()).ln()
    }
}

/// `ln MTTDL` in years by the exact recurrence of the module docs; `None` when `λ = 0`.
fn ln_mttdl(scheme: Scheme, model: &FailureModel) -> Option<f64> {
    let (k, m) = scheme.as_code();
    let n = k + m;
    if model.failure_rate() <= 0.0 {
        return None;
    }
    let mut ln_tau = f64::NEG_INFINITY; // ln τ_{j−1}, "τ_{−1} = 0"
    let mut ln_total = f64::NEG_INFINITY;
    for j in 0..=m {
        let (fail, repair) = model.rates(n, j);
        // τ_j = (1 + μ_j τ_{j−1}) / λ_j; λ_j > 0 because n − j ≥ k ≥ 1.
        let ln_up = if repair > 0.0 && ln_tau.is_finite() {
            ln_add(0.0, repair.ln() + ln_tau)
        } else {
            0.0
        };
        ln_tau = ln_up - fail.ln();
        ln_total = if ln_total.is_finite() {
            ln_add(ln_total, ln_tau)
        } else {
            ln_tau
        };
    }
    Some(ln_total)
}

/// Durability of one stripe (one object's `n` chunks) under `model`.
pub fn stripe_durability(scheme: Scheme, model: &FailureModel) -> Durability {
    ln_mttdl(scheme, model).map_or(Durability::NEVER, Durability::from_ln_mttdl)
}

/// Durability of a whole data set: [`stripes`] independent stripes, any one lost counts.
/// The MTTDL divides by the number of stripes.
pub fn data_durability(
    scheme: Scheme,
    model: &FailureModel,
    data_bytes: u64,
    chunk_bytes: u64,
) -> Durability {
    let count = stripes(scheme, data_bytes, chunk_bytes);
    match ln_mttdl(scheme, model) {
        Some(ln) if count > 0 => Durability::from_ln_mttdl(ln - (count as f64).ln()),
        _ => Durability::NEVER,
    }
}

/// The textbook approximation `log10 MTTDL ≈ log10(μ^m / (n(n−1)…(n−m) λ^(m+1)))`
/// (times `m!` for parallel repair), good when `μ ≫ nλ`; `None` when `λ = 0`.
pub fn log10_mttdl_approx(scheme: Scheme, model: &FailureModel) -> Option<f64> {
    let (k, m) = scheme.as_code();
    let n = k + m;
    let lambda = model.failure_rate();
    if lambda <= 0.0 {
        return None;
    }
    let mut ln = 0.0;
    for i in 0..=m {
        ln -= (f64::from(n - i) * lambda).ln();
    }
    for i in 1..=m {
        let (_, repair) = model.rates(n, i);
        ln += repair.ln();
    }
    Some(ln / std::f64::consts::LN_10)
}
