//! # The simulation-widget kit
//!
//! Most widgets run a protocol of [`distlab_core`] on the engine ([`distlab_core::sim`]).
//! What they all need is here, generic over the core's [`Protocol`]; a protocol widget
//! adds only what is its own (roles, logs, guided scenarios).
//!
//! ```text
//!  your widget ─ static NARRATOR: Narrator<P> ─┐   (properties, how to say events)
//!      │                                       ▼
//!      │ Action ──▶ Player<P>::apply(PlayerAction) ──▶ Timeline<P> (seek, fork, inject)
//!      │               │ world(), in_flight(), property_status(), timeline_note(), …
//!      ▼               ▼
//!  views: Ring::links + your node glyphs at Ring::pos, flights(), scrubber(), badges(),
//!         ShareLink, Popover (node actions), cluster_settings(), controls::live_region
//! ```
//!
//! | module | what |
//! |---|---|
//! | [`player`] | [`Player`]: the run, playback clock, speed, seek/fork, faults, properties, moments |
//! | [`driver`] | [`use_driven`]: the hook that holds the model, dispatches, and ticks while playing |
//! | [`bounds`] | [`bound_scenario`]: a shared link clamped, and what was changed, in words |
//! | [`motion`] | reduced motion: the decisions, and an override for tests |
//! | [`ring`] | [`Ring`]: node positions, links (cut or not), node keyboard handling |
//! | [`flights`](mod@flights) | messages in flight on the ring (capped per frame) |
//! | [`scrubber`](mod@scrubber) | step readout, rewind slider, fork note |
//! | [`badges`](mod@badges) | property badges and the step that broke one |
//! | [`share`] | copy-link and reading a run from the URL fragment |
//! | [`popover`] | actions anchored at the node they act on |
//! | [`settings`] | cluster size, latency and loss menus |
//!
//! A gossip widget, say: `static NARRATOR: Narrator<Gossip>`, a model holding a
//! `Player<Gossip>` plus its own state (who knows the rumour), an `Action` enum that
//! wraps [`PlayerAction`], and a view that calls the parts above. See the Raft widget
//! (`widgets/raft/src/properties`) for a whole one.
//!
//! [`Protocol`]: distlab_core::sim::Protocol

pub mod badges;
pub mod bounds;
pub mod driver;
pub mod flights;
pub mod motion;
pub mod player;
pub mod popover;
pub mod ring;
pub mod scrubber;
pub mod settings;
pub mod share;

pub use badges::badges;
pub use bounds::{bound_scenario, note_line, Bounds};
pub use driver::{use_driven, Driven};
pub use flights::{flights, FlightStyle, Glyph, Shape};
pub use player::{DropTarget, Flight, MomentFn, Narrator, Player, PlayerAction};
pub use popover::Popover;
pub use ring::Ring;
pub use scrubber::scrubber;
pub use settings::{cluster_settings, Setting};
pub use share::ShareLink;
