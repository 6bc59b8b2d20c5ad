//! The durability model (`erasure::durability`): tolerance and overhead of replication
//! and RS(k, m), repair reads, and the Markov chain's MTTDL — exact (checked against a
//! direct linear solve), close to the textbook approximation when repairs are fast,
//! monotone in every input, finite for every input.

use distlab_core::erasure::durability::{
    data_durability, log10_mttdl_approx, storage, stripe_durability, stripes, Durability,
    FailureModel, Repair, Scheme, HOURS_PER_YEAR, MAX_AFR,
};

const GB: u64 = 1_000_000_000;

fn loss(d: Durability) -> f64 {
    d.log10_annual_loss.expect("finite loss")
}

fn mttdl(d: Durability) -> f64 {
    d.log10_mttdl_years.expect("finite MTTDL")
}

#[test]
fn tolerance_and_overhead() {
    let r3 = Scheme::replication(3);
    assert_eq!(r3.failures_tolerated(), 2);
    assert_eq!(r3.total_chunks(), 3);
    assert_eq!(r3.data_chunks(), 1);
    assert_eq!(r3.overhead(), 3.0);
    assert_eq!(r3.as_code(), (1, 2));
    assert_eq!(r3.to_string(), "3× replication");

    let rs = Scheme::reed_solomon(10, 4);
    assert_eq!(rs.failures_tolerated(), 4);
    assert_eq!(rs.total_chunks(), 14);
    assert!((rs.overhead() - 1.4).abs() < 1e-12);
    assert_eq!(rs.to_string(), "RS(10, 4)");

    assert_eq!(Scheme::reed_solomon(6, 3).overhead(), 1.5);
    assert_eq!(Scheme::reed_solomon(4, 1).failures_tolerated(), 1); // RAID-5
    assert_eq!(Scheme::reed_solomon(4, 2).failures_tolerated(), 2); // RAID-6
}

#[test]
fn replication_is_the_code_one_plus_r_minus_one() {
    let model = FailureModel::new(0.04, 24.0, Repair::Serial);
    for r in 1..=6 {
        let rep = Scheme::replication(r);
        let code = Scheme::reed_solomon(1, r - 1);
        assert_eq!(rep.failures_tolerated(), code.failures_tolerated());
        assert_eq!(rep.overhead(), code.overhead());
        assert_eq!(
            stripe_durability(rep, &model),
            stripe_durability(code, &model)
        );
        assert_eq!(storage(rep, 7 * GB), storage(code, 7 * GB));
    }
}

#[test]
fn out_of_range_schemes_are_clamped() {
    assert_eq!(Scheme::replication(0), Scheme::Replication { copies: 1 });
    assert_eq!(
        Scheme::replication(999),
        Scheme::Replication { copies: 256 }
    );
    assert_eq!(Scheme::reed_solomon(0, 2).as_code(), (1, 2));
    assert_eq!(Scheme::reed_solomon(300, 5).as_code(), (256, 0));
    assert_eq!(Scheme::reed_solomon(250, 50).as_code(), (250, 6));
    // Built from the variant directly, still safe.
    let raw = Scheme::ReedSolomon {
        data: 0,
        parity: u32::MAX,
    };
    assert_eq!(raw.as_code(), (1, 255));
    assert!(raw.overhead().is_finite());
}

#[test]
fn the_posts_one_gigabyte_example() {
    // 10 chunks of 100 MB, 14 stored = 1.4 GB; 3 copies = 3 GB.
    let rs = storage(Scheme::reed_solomon(10, 4), GB);
    assert_eq!(rs.chunk_bytes, 100_000_000);
    assert_eq!(rs.raw_bytes, 1_400_000_000);
    assert_eq!(rs.repair_reads, 10);
    assert_eq!(rs.repair_read_bytes, u128::from(GB));

    let rep = storage(Scheme::replication(3), GB);
    assert_eq!(rep.chunk_bytes, GB);
    assert_eq!(rep.raw_bytes, 3 * u128::from(GB));
    assert_eq!(rep.repair_reads, 1);
    assert_eq!(rep.repair_read_bytes, u128::from(GB));

    // Per byte rebuilt, RS reads k bytes, replication 1.
    assert_eq!(rs.repair_read_bytes / u128::from(rs.chunk_bytes), 10);
    assert_eq!(rep.repair_read_bytes / u128::from(rep.chunk_bytes), 1);
}

#[test]
fn storage_pads_the_last_chunk_and_never_overflows() {
    let s = storage(Scheme::reed_solomon(3, 2), 10);
    assert_eq!(s.chunk_bytes, 4);
    assert_eq!(s.raw_bytes, 20);
    let s = storage(Scheme::reed_solomon(1, 255), u64::MAX);
    assert_eq!(s.raw_bytes, u128::from(u64::MAX) * 256);
    assert_eq!(storage(Scheme::replication(3), 0).raw_bytes, 0);
    // No redundancy: a lost chunk cannot be rebuilt, nothing is read.
    for scheme in [Scheme::replication(1), Scheme::reed_solomon(20, 0)] {
        let s = storage(scheme, 1000);
        assert_eq!((s.repair_reads, s.repair_read_bytes), (0, 0), "{scheme}");
    }
}

#[test]
fn stripe_counts() {
    let mib = 1 << 20;
    assert_eq!(stripes(Scheme::replication(3), 1 << 30, 64 * mib), 16);
    assert_eq!(stripes(Scheme::reed_solomon(4, 2), 1 << 30, 64 * mib), 4);
    assert_eq!(stripes(Scheme::reed_solomon(10, 4), 1 << 30, 64 * mib), 2);
    assert_eq!(stripes(Scheme::reed_solomon(10, 4), 0, 64 * mib), 0);
    assert_eq!(stripes(Scheme::replication(2), 5, 0), 5);
    assert_eq!(stripes(Scheme::replication(2), u64::MAX, 1), u64::MAX);
}

/// An exact fraction, for a reference solve without rounding.
#[derive(Clone, Copy, Debug)]
struct Frac(i128, i128);

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

impl Frac {
    fn new(n: i128, d: i128) -> Frac {
        let g = gcd(n, d).max(1) * d.signum();
        Frac(n / g, d / g)
    }
    fn sub(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.1 - o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.0, self.1 * o.1)
    }
    fn div(self, o: Frac) -> Frac {
        Frac::new(self.0 * o.1, self.1 * o.0)
    }
}

/// MTTDL by exact Gaussian elimination (fractions) on the chain's generator, for
/// integer rates `λ` and `μ` per year: `Q t = −1` over the transient states `0..=m`;
/// `t[0]` is the expected time to absorption from state 0.
fn mttdl_by_exact_solve(k: u32, m: u32, lambda: i128, mu: i128, repair: Repair) -> f64 {
    let n = i128::from(k + m);
    let size = (m + 1) as usize;
    let zero = Frac(0, 1);
    let mut a = vec![vec![zero; size + 1]; size];
    for (i, row) in a.iter_mut().enumerate() {
        let fail = (n - i as i128) * lambda;
        let back = match repair {
            Repair::Serial if i > 0 => mu,
            Repair::Serial => 0,
            Repair::Parallel => i as i128 * mu,
        };
        row[i] = Frac(-(fail + back), 1);
        if i + 1 < size {
            row[i + 1] = Frac(fail, 1);
        }
        if i > 0 {
            row[i - 1] = Frac(back, 1);
        }
        row[size] = Frac(-1, 1);
    }
    for col in 0..size {
        let pivot = (col..size).find(|&r| a[r][col].0 != 0).unwrap();
        a.swap(col, pivot);
        for row in 0..size {
            if row != col && a[row][col].0 != 0 {
                let f = a[row][col].div(a[col][col]);
                let pivot_row = a[col].clone();
                for (cell, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                    *cell = cell.sub(f.mul(p));
                }
            }
        }
    }
    let t = a[0][size].div(a[0][0]);
    t.0 as f64 / t.1 as f64
}

#[test]
fn the_recurrence_is_the_chains_exact_solution() {
    for repair in [Repair::Serial, Repair::Parallel] {
        for (k, m) in [(1, 0), (1, 2), (2, 1), (3, 2), (4, 3), (6, 3), (10, 4)] {
            for (lambda, mu) in [(1, 1), (1, 3), (2, 7), (1, 50), (1, 400)] {
                // AFR and hours that give λ and μ (up to the last bit of f64).
                let afr = -(-(lambda as f64)).exp_m1();
                let hours = HOURS_PER_YEAR / mu as f64;
                let model = FailureModel::new(afr, hours, repair);
                let exact = mttdl_by_exact_solve(k, m, lambda, mu, repair);
                let ours = 10f64.powf(mttdl(stripe_durability(Scheme::reed_solomon(k, m), &model)));
                assert!(
                    (ours / exact - 1.0).abs() < 1e-9,
                    "{k}+{m} λ {lambda} μ {mu} {repair:?}: exact {exact}, recurrence {ours}"
                );
            }
        }
    }
}

#[test]
fn no_parity_loses_data_at_the_first_failure() {
    for n in [1, 3, 10] {
        let model = FailureModel::new(0.04, 24.0, Repair::Serial);
        let d = stripe_durability(Scheme::reed_solomon(n, 0), &model);
        let expect = 1.0 / (f64::from(n) * model.failure_rate());
        assert!((mttdl(d) - expect.log10()).abs() < 1e-12);
        // P = 1 − e^(−nλ) = 1 − (1 − AFR)^n: exactly the chance one of n nodes fails.
        let p = 1.0 - (1.0f64 - 0.04).powi(n as i32);
        assert!(
            (d.annual_loss() - p).abs() < 1e-12,
            "{n}: {}",
            d.annual_loss()
        );
    }
}

#[test]
fn zero_afr_never_loses_data() {
    let model = FailureModel::new(0.0, 24.0, Repair::Serial);
    for scheme in [Scheme::replication(1), Scheme::reed_solomon(10, 4)] {
        let d = stripe_durability(scheme, &model);
        assert_eq!(d, Durability::NEVER);
        assert_eq!(d.annual_loss(), 0.0);
        assert_eq!(d.mttdl_years(), f64::MAX);
        assert_eq!(d.nines(), None);
        assert_eq!(log10_mttdl_approx(scheme, &model), None);
        assert_eq!(
            data_durability(scheme, &model, GB, 1 << 20),
            Durability::NEVER
        );
    }
    // No data, nothing to lose.
    let model = FailureModel::new(0.05, 24.0, Repair::Serial);
    assert_eq!(
        data_durability(Scheme::replication(3), &model, 0, 1 << 20),
        Durability::NEVER
    );
}

#[test]
fn fast_repairs_agree_with_the_textbook_approximation() {
    let mut checked = 0;
    for repair in [Repair::Serial, Repair::Parallel] {
        for k in [1, 2, 4, 6, 10, 12] {
            for m in 0..=6 {
                for afr in [0.01, 0.02, 0.04, 0.07, 0.10] {
                    for hours in [0.5, 1.0, 6.0, 24.0, 72.0] {
                        let scheme = Scheme::reed_solomon(k, m);
                        let model = FailureModel::new(afr, hours, repair);
                        let n = f64::from(k + m);
                        // μ ≫ λ: at least 100 repairs per failure of the whole stripe.
                        if model.repair_rate() < 100.0 * n * model.failure_rate() {
                            continue;
                        }
                        let exact = mttdl(stripe_durability(scheme, &model));
                        let approx = log10_mttdl_approx(scheme, &model).unwrap();
                        let ratio = 10f64.powf(exact - approx);
                        assert!(
                            (ratio - 1.0).abs() < 0.03,
                            "{scheme} afr {afr} {hours} h {repair:?}: exact/approx = {ratio}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} cases");
}

#[test]
fn a_known_number_rs_10_4() {
    // 4 % AFR, 24 h serial repairs: μ/λ ≈ 8966; MTTDL ≈ μ⁴/(14·13·12·11·10·λ⁵).
    let model = FailureModel::new(0.04, 24.0, Repair::Serial);
    let lambda = -(1.0f64 - 0.04).ln();
    let mu = HOURS_PER_YEAR / 24.0;
    let approx = mu.powi(4) / (14.0 * 13.0 * 12.0 * 11.0 * 10.0 * lambda.powi(5));
    let d = stripe_durability(Scheme::reed_solomon(10, 4), &model);
    assert!((d.mttdl_years() / approx - 1.0).abs() < 0.01);
    // Loss in a year ≈ 1/MTTDL (tiny), about 10⁻¹².
    assert!((d.annual_loss() * d.mttdl_years() - 1.0).abs() < 1e-6);
    let nines = d.nines().unwrap();
    assert!((11.0..14.0).contains(&nines), "{nines}");
}

#[test]
fn moderate_probabilities_match_the_plain_formula() {
    // λ = 1/year, μ = 3/year: P(loss in a year) = 1 − e^(−1/MTTDL), large enough for
    // the plain formula.
    let model = FailureModel::new(-(-1.0f64).exp_m1(), HOURS_PER_YEAR / 3.0, Repair::Serial);
    for (k, m) in [(1, 1), (3, 1), (2, 2)] {
        let t = mttdl_by_exact_solve(k, m, 1, 3, Repair::Serial);
        let p = 1.0 - (-1.0 / t).exp();
        let d = stripe_durability(Scheme::reed_solomon(k, m), &model);
        assert!((d.annual_loss() - p).abs() < 1e-9, "{k}+{m}");
    }
}

/// Every (scheme, AFR, repair hours, policy) on a grid, for the monotonicity checks.
fn grid() -> Vec<(u32, u32, f64, f64, Repair)> {
    let mut out = Vec::new();
    for repair in [Repair::Serial, Repair::Parallel] {
        for k in [1, 2, 3, 5, 8, 10, 16, 40] {
            for m in 0..=8 {
                for afr in [0.001, 0.01, 0.03, 0.05, 0.1, 0.3, 0.8] {
                    for hours in [0.1, 1.0, 12.0, 48.0, 500.0, 5000.0, 50_000.0] {
                        out.push((k, m, afr, hours, repair));
                    }
                }
            }
        }
    }
    out
}

/// `a` is at least as durable as `b` (allowing for rounding).
fn at_least_as_durable(a: Durability, b: Durability) -> bool {
    match (a.log10_annual_loss, b.log10_annual_loss) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(x), Some(y)) => x <= y + 1e-9 * y.abs().max(1.0),
    }
}

#[test]
fn more_parity_is_never_less_durable() {
    for (k, m, afr, hours, repair) in grid() {
        let model = FailureModel::new(afr, hours, repair);
        let less = stripe_durability(Scheme::reed_solomon(k, m), &model);
        let more = stripe_durability(Scheme::reed_solomon(k, m + 1), &model);
        assert!(
            at_least_as_durable(more, less),
            "{k}+{m} → +1 at afr {afr}, {hours} h, {repair:?}: {less:?} vs {more:?}"
        );
    }
}

#[test]
fn a_longer_repair_is_never_more_durable() {
    for (k, m, afr, hours, repair) in grid() {
        let scheme = Scheme::reed_solomon(k, m);
        let fast = stripe_durability(scheme, &FailureModel::new(afr, hours, repair));
        let slow = stripe_durability(scheme, &FailureModel::new(afr, hours * 2.0, repair));
        assert!(at_least_as_durable(fast, slow), "{scheme} {afr} {hours}");
    }
}

#[test]
fn a_higher_afr_is_never_more_durable() {
    for (k, m, afr, hours, repair) in grid() {
        let scheme = Scheme::reed_solomon(k, m);
        let low = stripe_durability(scheme, &FailureModel::new(afr, hours, repair));
        let high = stripe_durability(
            scheme,
            &FailureModel::new((afr * 1.5).min(MAX_AFR), hours, repair),
        );
        assert!(at_least_as_durable(low, high), "{scheme} {afr} {hours}");
    }
}

#[test]
fn parallel_repair_is_never_worse_than_serial() {
    for (k, m, afr, hours, _) in grid() {
        let scheme = Scheme::reed_solomon(k, m);
        let serial = stripe_durability(scheme, &FailureModel::new(afr, hours, Repair::Serial));
        let parallel = stripe_durability(scheme, &FailureModel::new(afr, hours, Repair::Parallel));
        assert!(
            at_least_as_durable(parallel, serial),
            "{scheme} {afr} {hours}"
        );
    }
}

#[test]
fn many_stripes_multiply_the_risk() {
    let model = FailureModel::new(0.04, 24.0, Repair::Serial);
    let scheme = Scheme::reed_solomon(10, 4);
    let one = stripe_durability(scheme, &model);
    let pb = 1_000_000 * GB;
    let count = stripes(scheme, pb, 64 << 20);
    let all = data_durability(scheme, &model, pb, 64 << 20);
    let expect = loss(one) + (count as f64).log10();
    assert!((loss(all) - expect).abs() < 1e-6);
    assert!((mttdl(all) - (mttdl(one) - (count as f64).log10())).abs() < 1e-9);
    // A single stripe's worth of data is the stripe itself.
    assert_eq!(data_durability(scheme, &model, 10, 64 << 20), one);
}

#[test]
fn tiny_and_huge_numbers_stay_finite() {
    let extreme_afrs = [
        0.0,
        1e-300,
        1e-12,
        0.5,
        MAX_AFR,
        1.0,
        7.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let extreme_hours = [
        0.0,
        -5.0,
        1e-9,
        1.0,
        1e9,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ];
    let schemes = [
        Scheme::replication(1),
        Scheme::replication(256),
        Scheme::reed_solomon(1, 255),
        Scheme::reed_solomon(128, 128),
        Scheme::reed_solomon(20, 12),
    ];
    for afr in extreme_afrs {
        for hours in extreme_hours {
            for repair in [Repair::Serial, Repair::Parallel] {
                let model = FailureModel::new(afr, hours, repair);
                assert!(model.afr().is_finite() && model.repair_hours().is_finite());
                for scheme in schemes {
                    for d in [
                        stripe_durability(scheme, &model),
                        data_durability(scheme, &model, u64::MAX, 1),
                    ] {
                        for v in [d.log10_annual_loss, d.log10_mttdl_years]
                            .into_iter()
                            .flatten()
                        {
                            assert!(v.is_finite(), "{scheme} {afr} {hours}: {d:?}");
                        }
                        if let Some(l) = d.log10_annual_loss {
                            assert!(l <= 0.0, "{l}");
                        }
                        let p = d.annual_loss();
                        assert!((0.0..=1.0).contains(&p));
                        assert!(d.mttdl_years().is_finite());
                    }
                }
            }
        }
    }
    // A very durable stripe: far below f64's smallest normal, still exact in log10.
    let model = FailureModel::new(0.001, 0.05, Repair::Serial);
    let d = stripe_durability(Scheme::reed_solomon(20, 80), &model);
    let l = loss(d);
    assert!(l < -330.0 && l.is_finite(), "{l}");
    assert_eq!(d.annual_loss(), 0.0);
}
