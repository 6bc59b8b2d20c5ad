//! The node ring: `n` nodes evenly on a circle (node 1 at the top, then clockwise), the
//! links between every pair, and the keyboard and pointer handling a node needs.
//!
//! The widget draws its own node glyphs (roles are protocol things) at
//! [`Ring::pos`]; the ring draws the links, dashed and marked ✕ where the network is
//! cut (`dl-link`, `dl-cut`).

use distlab_core::sim::NodeId;
use yew::prelude::*;

/// (cos a, sin a) of every node's angle a = -90° + 360°·i/n, for n = 1..=7: `f64::cos` and
/// `f64::sin` printed with `{:?}` (which round-trips), so the wasm needs no trigonometry
/// for the common sizes (libm's sin/cos are ~7 KB). Larger rings use [`cos_sin`].
const RING_ANGLES: [&[(f64, f64)]; 7] = [
    &[(6.123233995736766e-17, -1.0)],
    &[(6.123233995736766e-17, -1.0), (6.123233995736766e-17, 1.0)],
    &[
        (6.123233995736766e-17, -1.0),
        (0.8660254037844387, 0.49999999999999983),
        (-0.8660254037844385, 0.5000000000000003),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (1.0, 0.0),
        (6.123233995736766e-17, 1.0),
        (-1.0, 1.2246467991473532e-16),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.9510565162951535, -0.3090169943749474),
        (0.5877852522924731, 0.8090169943749475),
        (-0.587785252292473, 0.8090169943749475),
        (-0.9510565162951536, -0.3090169943749473),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.8660254037844386, -0.5),
        (0.8660254037844387, 0.49999999999999983),
        (6.123233995736766e-17, 1.0),
        (-0.8660254037844385, 0.5000000000000003),
        (-0.8660254037844386, -0.5000000000000001),
    ],
    &[
        (6.123233995736766e-17, -1.0),
        (0.7818314824680298, -0.6234898018587335),
        (0.9749279121818236, 0.2225209339563144),
        (0.4338837391175582, 0.9009688679024191),
        (-0.43388373911755806, 0.9009688679024191),
        (-0.9749279121818236, 0.2225209339563145),
        (-0.7818314824680299, -0.6234898018587334),
    ],
];

/// (cos, sin) of `turns` of a full turn, by Taylor series after reducing to an eighth of
/// a turn (error below 1e-12): a few multiplications instead of libm.
pub fn cos_sin(turns: f64) -> (f64, f64) {
    let t = turns - turns.floor();
    let octant = (t * 8.0) as u32 % 8;
    let x = (t - f64::from(octant) / 8.0) * std::f64::consts::TAU; // 0 ≤ x < π/4
    let x2 = x * x;
    let (mut s, mut c, mut ts, mut tc) = (0.0, 0.0, x, 1.0);
    for k in 0..9 {
        s += ts;
        c += tc;
        let k = f64::from(k);
        ts *= -x2 / ((2.0 * k + 2.0) * (2.0 * k + 3.0));
        tc *= -x2 / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
    }
    // Rotate (c, s) by octant × 45°.
    let h = std::f64::consts::FRAC_1_SQRT_2;
    let (oc, os) = [
        (1.0, 0.0),
        (h, h),
        (0.0, 1.0),
        (-h, h),
        (-1.0, 0.0),
        (-h, -h),
        (0.0, -1.0),
        (h, -h),
    ][octant as usize];
    (c * oc - s * os, c * os + s * oc)
}

/// Where node `i` of `n` sits on a unit circle: (cos, sin), node 0 at the top.
pub fn unit(i: usize, n: usize) -> (f64, f64) {
    let n = n.max(1);
    match RING_ANGLES.get(n - 1) {
        Some(row) => row[i % n],
        None => cos_sin(-0.25 + (i % n) as f64 / n as f64),
    }
}

/// A ring's geometry, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ring {
    /// Nodes.
    pub n: usize,
    /// Centre x.
    pub cx: f64,
    /// Centre y.
    pub cy: f64,
    /// Radius of the circle the nodes' centres sit on.
    pub radius: f64,
    /// A node's radius (flights start and end at its rim).
    pub node_r: f64,
}

impl Ring {
    /// Node `i`'s centre.
    pub fn pos(&self, i: usize) -> (f64, f64) {
        let (c, s) = unit(i, self.n);
        (self.cx + self.radius * c, self.cy + self.radius * s)
    }

    /// The links between every pair of nodes; `connected(a, b)` says whether `a` reaches `b`
    /// (a link is drawn cut if either direction is). That is n(n−1)/2 lines: for a large
    /// ring (gossip's hundreds of nodes) draw only the cut ones, or none, and use a canvas.
    pub fn links(&self, connected: impl Fn(NodeId, NodeId) -> bool) -> Html {
        let n = self.n;
        let mut links = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let (x1, y1) = self.pos(a);
                let (x2, y2) = self.pos(b);
                let cut = !connected(a, b) || !connected(b, a);
                links.push(html! {
                    <g class={classes!("dl-link", cut.then_some("dl-cut"))}>
                        <line x1={px(x1)} y1={px(y1)} x2={px(x2)} y2={px(y2)} />
                        if cut {
                            <text class="dl-cut-mark" x={px((x1 + x2) / 2.0)} y={px((y1 + y2) / 2.0 + 5.0)}
                                text-anchor="middle">{ "✕" }<title>{ format!("Link {}–{} cut", a + 1, b + 1) }</title></text>
                        }
                    </g>
                });
            }
        }
        html! { <g class="dl-links">{ for links }</g> }
    }
}

/// A coordinate as SVG text (whole units: crisp enough, and short).
pub fn px(v: f64) -> String {
    (v.round() as i32).to_string()
}

/// Pointer and keyboard handlers for node `id`'s glyph (a `role="button"` element):
/// click, Enter or Space asks `on_select` to open its actions (or close them if `open`),
/// Escape closes them.
pub fn node_handlers(
    id: NodeId,
    open: bool,
    on_select: &Callback<Option<NodeId>>,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let next = if open { None } else { Some(id) };
    let click = on_select.reform(move |_: MouseEvent| next);
    let d = on_select.clone();
    let key = Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Enter" | " " => {
            e.prevent_default();
            d.emit(next);
        }
        "Escape" => d.emit(None),
        _ => {}
    });
    (click, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_table_is_cos_sin() {
        for (row, n) in RING_ANGLES.iter().zip(1..) {
            assert_eq!(row.len(), n);
            for (i, &(c, s)) in row.iter().enumerate() {
                let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n as f64;
                assert!(
                    (c - a.cos()).abs() < 1e-15 && (s - a.sin()).abs() < 1e-15,
                    "n={n} i={i}"
                );
            }
        }
    }

    #[test]
    fn series_matches_libm() {
        for k in -2000..2000 {
            let turns = f64::from(k) / 997.0;
            let a = turns * std::f64::consts::TAU;
            let (c, s) = cos_sin(turns);
            assert!(
                (c - a.cos()).abs() < 1e-12 && (s - a.sin()).abs() < 1e-12,
                "{turns}"
            );
        }
        let (c, s) = unit(3, 100);
        let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * 0.03;
        assert!((c - a.cos()).abs() < 1e-12 && (s - a.sin()).abs() < 1e-12);
    }
}
