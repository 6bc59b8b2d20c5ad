//! Messages in flight, drawn on the [`Ring`]: each a small glyph part-way along its link
//! (requests and replies on lanes 4 units apart, so a pair does not overlap), with a
//! tooltip, and a click that drops the messages on that link.
//!
//! However many messages a run holds, at most [`MAX_DRAWN`] are drawn (the first ones
//! to arrive): a frame's DOM stays small, and the ring's accessible name gives the count.

use super::motion;
use super::player::{DropTarget, Flight};
use super::ring::{px, Ring};
use distlab_core::sim::NodeId;
use yew::prelude::*;

/// Most message glyphs drawn at once.
pub const MAX_DRAWN: usize = 80;

/// A message's glyph: its shape and CSS class, from the protocol widget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// CSS classes (the widget's own, e.g. `"raft-m-rv"`).
    pub class: &'static str,
    /// Its shape.
    pub shape: Shape,
}

/// A glyph's shape; sizes in SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A square turned 45°, this wide.
    Diamond(f64),
    /// A circle of this radius.
    Dot(f64),
}

/// Where along its link to draw a message `permille` ‰ of the way, from rim to rim,
/// on its lane.
pub fn flight_xy(ring: &Ring, from: NodeId, to: NodeId, permille: u16) -> (f64, f64) {
    let (x1, y1) = ring.pos(from);
    let (x2, y2) = ring.pos(to);
    let p = f64::from(permille.min(1000)) / 1000.0;
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let rim = (ring.node_r / len).min(0.5);
    let t = rim + (1.0 - 2.0 * rim) * p;
    let (nx, ny) = (-dy / len * 4.0, dx / len * 4.0);
    (x1 + dx * t + nx, y1 + dy * t + ny)
}

/// How a widget draws its messages.
pub struct FlightStyle<M> {
    /// The glyph of a message.
    pub glyph: fn(&M) -> Glyph,
    /// Its kind in words (`data-kind`).
    pub kind: fn(&M) -> &'static str,
    /// Its tooltip.
    pub text: fn(&M) -> String,
}

/// The flights as an SVG group (hidden from screen readers: the ring's name says how
/// many there are). Clicking one asks `on_drop` to drop what is in flight on its link.
pub fn flights<M>(
    ring: &Ring,
    list: &[Flight<M>],
    style: &FlightStyle<M>,
    on_drop: &Callback<DropTarget>,
) -> Html {
    let reduced = motion::reduced();
    html! {
        <g class="dl-msgs" aria-hidden="true">
            { for list.iter().take(MAX_DRAWN).map(|f| {
                let permille = motion::flight_permille(reduced, f.permille);
                let (x, y) = flight_xy(ring, f.from, f.to, permille);
                let g = (style.glyph)(&f.msg);
                let shape = match g.shape {
                    Shape::Diamond(w) => html! {
                        <rect x={px(x - w / 2.0)} y={px(y - w / 2.0)} width={px(w)} height={px(w)}
                            transform={format!("rotate(45 {} {})", px(x), px(y))} />
                    },
                    Shape::Dot(r) => html! { <circle cx={px(x)} cy={px(y)} r={px(r)} /> },
                };
                let title = format!(
                    "{} from node {} to node {} (sent t={}, arrives t={}){}. Click to drop the messages on this link.",
                    (style.text)(&f.msg), f.from + 1, f.to + 1, f.sent, f.arrives,
                    if f.lost { ", will be lost" } else { "" });
                let link = DropTarget::Link(f.from, f.to);
                let drop = on_drop.reform(move |_: MouseEvent| link);
                html! {
                    <g class={classes!("dl-msg", g.class, f.lost.then_some("dl-msg-lost"))}
                        data-kind={(style.kind)(&f.msg)} data-progress={permille.to_string()} onclick={drop}>
                        { shape }
                        <title>{ title }</title>
                    </g>
                }
            }) }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flights_run_rim_to_rim() {
        let r = Ring {
            n: 4,
            cx: 100.0,
            cy: 100.0,
            radius: 50.0,
            node_r: 10.0,
        };
        let (x0, y0) = flight_xy(&r, 0, 2, 0);
        let (x1, y1) = flight_xy(&r, 0, 2, 1000);
        // Node 0 at the top (100, 50), node 2 at the bottom (100, 150); lane 4 to the side.
        assert!((y0 - 60.0).abs() < 1e-9 && (y1 - 140.0).abs() < 1e-9);
        assert!((x0 - 96.0).abs() < 1e-9 && (x1 - 96.0).abs() < 1e-9);
        let (_, ym) = flight_xy(&r, 0, 2, 500);
        assert!((ym - 100.0).abs() < 1e-9);
    }
}
