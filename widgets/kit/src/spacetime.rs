//! A space-time diagram: processes as horizontal lanes, time running to the right, events
//! as dots on their lane, messages as arrows from the sending event to the receiving one.
//! Used by the clock widgets (and later the commit-protocol widgets).
//!
//! Layout ([`columns`]): an event's column is one past the column of its previous event
//! and of every event whose message it receives, so arrows always point right and
//! concurrent events can share a column. The drawing is as wide as the run is long; on a
//! narrow screen it scrolls sideways inside a [`ScrollBox`] that says so.
//!
//! Keyboard and screen readers: every event is a focusable button (Tab moves through
//! them in time order; Enter or Space picks it), with a label naming its process, name
//! and stamp, and `aria-pressed` when picked. The widget announces what a pick means.
//! Test hooks: `event-{i}` (with `data-picked`), `message-{from}-{to}`.

use crate::numfmt::coord;
use crate::scrollbox::ScrollBox;
use std::rc::Rc;
use yew::prelude::*;

/// One event as the diagram draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct StEvent {
    /// Its lane (process), 0-based.
    pub lane: usize,
    /// The events (indices into the list) whose messages it receives.
    pub received: Vec<usize>,
    /// Its short name, drawn above the dot ("a1").
    pub name: AttrValue,
    /// Its stamp, drawn below the dot ("3", "[1,2,0]", "10:00:00.120").
    pub stamp: AttrValue,
    /// What a screen reader hears for it.
    pub label: AttrValue,
}

/// Every event's column (see the module documentation); events must be listed so that
/// each event's causes come before it (a recorded execution's order).
pub fn columns(events: &[StEvent]) -> Vec<usize> {
    let mut col = Vec::with_capacity(events.len());
    let mut lane_last: Vec<Option<usize>> = Vec::new();
    for e in events {
        if lane_last.len() <= e.lane {
            lane_last.resize(e.lane + 1, None);
        }
        let after_prev = lane_last[e.lane].map_or(0, |c| c + 1);
        let after_msgs = e
            .received
            .iter()
            .filter_map(|&f| col.get(f).map(|c: &usize| c + 1))
            .max()
            .unwrap_or(0);
        let c = after_prev.max(after_msgs);
        lane_last[e.lane] = Some(c);
        col.push(c);
    }
    col
}

/// Props of [`SpaceTime`].
#[derive(Properties, PartialEq, Clone)]
pub struct SpaceTimeProps {
    /// Lane names.
    pub lanes: Rc<Vec<AttrValue>>,
    /// The events, causes first.
    pub events: Rc<Vec<StEvent>>,
    /// Picked events (drawn with a ring).
    #[prop_or_default]
    pub picked: Vec<usize>,
    /// Events and messages to highlight (a chain that proves a relation).
    #[prop_or_default]
    pub chain: Vec<usize>,
    /// Events drawn as the "warning" colour (e.g. a pair whose wall clocks disagree).
    #[prop_or_default]
    pub flagged: Vec<usize>,
    /// The reader picked this event.
    pub on_pick: Callback<usize>,
    /// The diagram's accessible name.
    pub summary: AttrValue,
}

const LANE_H: f64 = 74.0;
const COL_W: f64 = 92.0;
const LEFT: f64 = 54.0;
const TOP: f64 = 30.0;
const R: f64 = 9.0;

/// The diagram's stylesheet (`src/spacetime.css`, minified by `build.rs`): added to the
/// page by the first diagram drawn, so families without one do not carry it.
pub const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/spacetime.min.css"));

/// See the module documentation.
#[function_component(SpaceTime)]
pub fn space_time(p: &SpaceTimeProps) -> Html {
    crate::theme::ensure_style("distlab-css-spacetime", STYLESHEET);
    let col = columns(&p.events);
    let cols = col.iter().max().map_or(1, |c| c + 1);
    let width = LEFT + COL_W * cols as f64 + 30.0;
    let height = TOP + LANE_H * p.lanes.len() as f64 - 14.0;
    let at = |i: usize| {
        let e = &p.events[i];
        (
            LEFT + COL_W * col[i] as f64 + COL_W / 2.0,
            TOP + LANE_H * e.lane as f64 + 10.0,
        )
    };
    let in_chain = |i: usize| p.chain.contains(&i);
    let lanes = p.lanes.iter().enumerate().map(|(l, name)| {
        let y = TOP + LANE_H * l as f64 + 10.0;
        html! {
            <g class="dl-st-lane">
                <text class="dl-st-lane-name" x="6" y={coord(y + 5.0)}>{ name.clone() }</text>
                <line x1={coord(LEFT)} y1={coord(y)} x2={coord(width - 8.0)} y2={coord(y)} />
            </g>
        }
    });
    let arrows = p.events.iter().enumerate().flat_map(|(to, e)| {
        e.received
            .iter()
            .filter(move |&&f| f < to)
            .map(move |&from| (from, to))
    });
    let arrows: Vec<Html> = arrows
        .map(|(from, to)| {
            let ((x1, y1), (x2, y2)) = (at(from), at(to));
            // Stop short of the receiving dot so the arrowhead shows.
            let (dx, dy) = (x2 - x1, y2 - y1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ex, ey) = (x2 - dx / len * (R + 3.0), y2 - dy / len * (R + 3.0));
            let hot = in_chain(from) && in_chain(to);
            html! {
                <line class={classes!("dl-st-msg", hot.then_some("dl-st-hot"))}
                    data-testid={format!("message-{from}-{to}")}
                    x1={coord(x1)} y1={coord(y1)} x2={coord(ex)} y2={coord(ey)}
                    marker-end="url(#dl-st-head)" />
            }
        })
        .collect();
    let events = p.events.iter().enumerate().map(|(i, e)| {
        let (x, y) = at(i);
        let picked = p.picked.contains(&i);
        let class = classes!(
            "dl-st-event",
            picked.then_some("dl-st-picked"),
            in_chain(i).then_some("dl-st-hot"),
            p.flagged.contains(&i).then_some("dl-st-flag"),
        );
        let pick = p.on_pick.reform(move |_: MouseEvent| i);
        let key = {
            let on_pick = p.on_pick.clone();
            Callback::from(move |k: KeyboardEvent| {
                if k.key() == "Enter" || k.key() == " " {
                    k.prevent_default();
                    on_pick.emit(i);
                }
            })
        };
        html! {
            <g {class} tabindex="0" role="button" aria-label={e.label.clone()}
                aria-pressed={picked.to_string()} data-testid={format!("event-{i}")}
                data-picked={picked.to_string()} onclick={pick} onkeydown={key}>
                <circle class="dl-st-hit" cx={coord(x)} cy={coord(y)} r="20" />
                <circle class="dl-st-dot" cx={coord(x)} cy={coord(y)} r={coord(R)} />
                // One text with two lines, so the visible text reads "a1 L=1" with its
                // space, as the accessible name begins (axe: label-content-name-mismatch).
                <text text-anchor="middle">
                    <tspan class="dl-st-name" x={coord(x)} y={coord(y - 15.0)}>{ e.name.clone() }</tspan>
                    { " " }
                    <tspan class="dl-st-stamp" x={coord(x)} y={coord(y + 27.0)}>{ e.stamp.clone() }</tspan>
                </text>
            </g>
        }
    });
    html! {
        <ScrollBox class="dl-st-scroll" cue="The diagram scrolls sideways →">
            <svg class="dl-st" viewBox={format!("0 0 {} {}", coord(width), coord(height))}
                style={format!("width:{}px", coord(width))} role="group" aria-label={p.summary.clone()}>
                <defs>
                    <marker id="dl-st-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7"
                        markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="dl-st-head" />
                    </marker>
                </defs>
                { for lanes }
                { for arrows }
                { for events }
            </svg>
        </ScrollBox>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(lane: usize, received: &[usize]) -> StEvent {
        StEvent {
            lane,
            received: received.to_vec(),
            name: AttrValue::Static(""),
            stamp: AttrValue::Static(""),
            label: AttrValue::Static(""),
        }
    }

    #[test]
    fn arrows_point_right_and_concurrent_events_share_columns() {
        // a1 → B's receive → b1 → C's receive; a2 concurrent.
        let events = [ev(0, &[]), ev(1, &[0]), ev(1, &[]), ev(2, &[2]), ev(0, &[])];
        let c = columns(&events);
        assert_eq!(c, vec![0, 1, 2, 3, 1]);
        for (to, e) in events.iter().enumerate() {
            for &f in &e.received {
                assert!(c[f] < c[to]);
            }
        }
    }
}
