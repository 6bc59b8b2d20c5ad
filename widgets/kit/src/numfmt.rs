//! Numbers as text without `core::fmt`'s float machinery (Grisu and Dragon4 with their
//! tables cost a module several KB gzip): [`fixed`] writes an `f64` with a fixed number
//! of decimals through integer arithmetic. Widgets print coordinates, percentages and
//! sizes this way.

/// `x` rounded to `decimals` places (at most 6), e.g. `fixed(2.345, 1)` = `"2.3"`,
/// `fixed(-0.04, 1)` = `"0.0"`, `fixed(7.0, 0)` = `"7"`. Rounds half away from zero on
/// the scaled value. NaN gives `"NaN"`; values beyond ±9·10^15 are clamped there.
pub fn fixed(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let decimals = decimals.min(6);
    let scale = 10_i64.pow(decimals);
    let limit = 9.0e15;
    let scaled = (x * scale as f64).round().clamp(-limit, limit) as i64;
    let (whole, frac) = (scaled.abs() / scale, scaled.abs() % scale);
    let sign = if scaled < 0 { "-" } else { "" };
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
    }
}

/// `v` with thousands separators: `100000000` → `"100,000,000"`.
pub fn grouped(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An SVG coordinate or length: one decimal, without a trailing `.0` (`12`, `12.5`).
pub fn coord(v: f64) -> String {
    let s = fixed(v, 1);
    match s.strip_suffix(".0") {
        Some(whole) if whole != "-0" => whole.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::{coord, fixed};

    #[test]
    fn coordinates_drop_a_trailing_zero() {
        assert_eq!(coord(12.0), "12");
        assert_eq!(coord(12.46), "12.5");
        assert_eq!(coord(-0.01), "0");
        assert_eq!(coord(-3.25), "-3.3");
    }

    #[test]
    fn matches_std_formatting_on_ordinary_values() {
        for &(x, d) in &[
            (0.0, 1),
            (1.25, 1),
            (2.345, 2),
            (99.95, 1),
            (-3.5, 0),
            (-12.34567, 3),
            (1234.5, 0),
            (0.05, 1),
        ] {
            let std = format!("{x:.prec$}", prec = d as usize);
            let ours = fixed(x, d);
            // std rounds the exact binary value half to even; we round the scaled double
            // half away from zero. They agree except on exact binary ties.
            let tie = ((x * 10f64.powi(d as i32)).fract().abs() - 0.5).abs() < 1e-9;
            if !tie {
                assert_eq!(ours, std, "{x} to {d}");
            }
        }
    }

    #[test]
    fn edges() {
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 2), "NaN");
        assert_eq!(fixed(f64::INFINITY, 0), "9000000000000000");
        assert_eq!(fixed(1.5, 9), "1.500000");
        assert_eq!(fixed(0.5, 0), "1");
    }
}
