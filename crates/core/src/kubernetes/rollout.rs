//! A rolling update's two limits, `maxSurge` and `maxUnavailable`, and how Kubernetes
//! turns them into pod counts.
//!
//! Each is a count (`2`) or a percentage of the desired replicas (`25%`, the default for
//! both). The deployment controller resolves them together (`ResolveFenceposts` in
//! `pkg/controller/deployment/util/deployment_util.go`): the surge percentage rounds
//! **up**, the unavailable percentage rounds **down**, and if both come out 0,
//! maxUnavailable becomes 1 ("on the theory that surge might not work due to quota").
//! Validation refuses both given as an explicit 0, and a maxUnavailable above 100%.
//!
//! During the update the controller keeps
//! `replicas − maxUnavailable ≤ available pods` and `all pods ≤ replicas + maxSurge`.

/// A count or a percentage (Kubernetes' `IntOrString`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    /// An absolute number of pods.
    Int(u32),
    /// A percentage of the desired replicas.
    Percent(u32),
}

impl IntOrPercent {
    /// Parses `3` or `25%` (0–1000 either way); `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (digits, pct) = match s.strip_suffix('%') {
            Some(d) => (d, true),
            None => (s, false),
        };
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u32 = digits.parse().ok()?;
        if v > 1000 {
            return None;
        }
        Some(if pct { Self::Percent(v) } else { Self::Int(v) })
    }

    /// The value against `total` replicas, a percentage rounded up or down
    /// (`GetScaledValueFromIntOrPercent`).
    pub fn scaled(self, total: u32, round_up: bool) -> u32 {
        match self {
            Self::Int(v) => v,
            Self::Percent(p) => {
                let x = u64::from(p) * u64::from(total);
                let v = if round_up { x.div_ceil(100) } else { x / 100 };
                v.min(u64::from(u32::MAX)) as u32
            }
        }
    }

    /// Whether it is an explicit zero (`0` or `0%`).
    pub fn is_zero(self) -> bool {
        matches!(self, Self::Int(0) | Self::Percent(0))
    }

    /// As written in a manifest.
    pub fn text(self) -> String {
        match self {
            Self::Int(v) => v.to_string(),
            Self::Percent(p) => format!("{p}%"),
        }
    }
}

/// Why a strategy was refused (Kubernetes' validation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyError {
    /// Both limits are an explicit zero: the update could never make progress.
    BothZero,
    /// maxUnavailable above 100%.
    UnavailableOver100,
}

/// Resolved limits: `(max_surge, max_unavailable)` in pods for `replicas` desired.
pub fn resolve_fenceposts(
    max_surge: IntOrPercent,
    max_unavailable: IntOrPercent,
    replicas: u32,
) -> (u32, u32) {
    let surge = max_surge.scaled(replicas, true);
    let mut unavailable = max_unavailable.scaled(replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    (surge, unavailable)
}

/// Validation of a RollingUpdate strategy, as the API server does it.
pub fn validate(
    max_surge: IntOrPercent,
    max_unavailable: IntOrPercent,
) -> Result<(), StrategyError> {
    if max_surge.is_zero() && max_unavailable.is_zero() {
        return Err(StrategyError::BothZero);
    }
    if matches!(max_unavailable, IntOrPercent::Percent(p) if p > 100) {
        return Err(StrategyError::UnavailableOver100);
    }
    Ok(())
}
