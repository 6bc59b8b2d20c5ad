//! The simulated network's settings.
//!
//! How a send is turned into zero, one or two queued copies with these settings is the
//! engine's job (`World::apply_actions`); this is only the knobs.

use super::Time;

/// The simulated network's behaviour. Probabilities are in thousandths (no floats, so
/// scenarios compare and encode exactly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetConfig {
    /// Fewest ticks a message takes.
    pub latency_min: Time,
    /// Most ticks a message takes.
    pub latency_max: Time,
    /// Chance a send is lost, ‰.
    pub loss_permille: u16,
    /// Chance a send is delivered twice, ‰.
    pub dup_permille: u16,
    /// Whether a link may deliver out of send order.
    pub reorder: bool,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            latency_min: 10,
            latency_max: 30,
            loss_permille: 0,
            dup_permille: 0,
            reorder: true,
        }
    }
}
