//! Reduced motion, decided in one place: under `prefers-reduced-motion: reduce` (or the
//! test override) a widget jumps from state to state — no message sliding along a link,
//! no timer arc sweeping — and the player's clock jumps over quiet stretches.
//!
//! The decisions are plain functions ([`flight_permille`], [`arc_permille`]) so they are
//! tested natively; [`reduced`] reads the reader's preference once per page.

use std::cell::Cell;

thread_local! {
    static OVERRIDE: Cell<Option<bool>> = const { Cell::new(None) };
    static PREFERS: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Force reduced motion on or off (`None`: follow the reader's preference). For tests,
/// and for a page that wants it.
pub fn set_override(reduced: Option<bool>) {
    OVERRIDE.with(|o| o.set(reduced));
}

/// Whether widgets should avoid animation: the override, else the media query (read
/// once, then cached).
pub fn reduced() -> bool {
    if let Some(r) = OVERRIDE.with(Cell::get) {
        return r;
    }
    PREFERS.with(|p| match p.get() {
        Some(v) => v,
        None => {
            let v = crate::theme::prefers_reduced_motion();
            p.set(Some(v));
            v
        }
    })
}

/// Where to draw a message that is `permille` ‰ along its link: there, or — under
/// reduced motion — always halfway, so a message appears and disappears but never moves.
pub fn flight_permille(reduced: bool, permille: u16) -> u16 {
    if reduced {
        500
    } else {
        permille.min(1000)
    }
}

/// How much of a countdown arc to draw for `permille` ‰ left: all of it, or — under
/// reduced motion — rounded up to a quarter, so it changes in four steps, not a sweep.
pub fn arc_permille(reduced: bool, permille: u16) -> u16 {
    let p = permille.min(1000);
    if reduced {
        p.div_ceil(250) * 250
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_motion_never_moves_things() {
        let full: Vec<u16> = (0..=1000)
            .step_by(50)
            .map(|p| flight_permille(false, p))
            .collect();
        assert_eq!(full.first(), Some(&0));
        assert_eq!(full.last(), Some(&1000));
        assert!((0..=1000).all(|p| flight_permille(true, p) == 500));
        let arcs: std::collections::BTreeSet<u16> =
            (0..=1000).map(|p| arc_permille(true, p)).collect();
        assert_eq!(
            arcs.into_iter().collect::<Vec<_>>(),
            [0, 250, 500, 750, 1000]
        );
        assert_eq!(arc_permille(false, 333), 333);
    }

    #[test]
    fn the_override_wins() {
        set_override(Some(true));
        assert!(reduced());
        set_override(Some(false));
        assert!(!reduced());
        set_override(None);
    }
}
