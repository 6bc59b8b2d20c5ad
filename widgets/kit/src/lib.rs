//! # distlab-kit
//!
//! What every distlab widget family shares, and nothing family-specific. A *family* is the
//! set of widgets of one blog post (`merkle`, `erasure`, `raft`, …): one crate under
//! `widgets/`, built as its own wasm module, so a reader downloads only the widgets of
//! the post in front of them. Families depend on this crate, never the other way round
//! and never on each other.
//!
//! - [`registry`]: the [`WidgetEntry`] a family lists for each widget, and the
//!   [`family_module!`] macro that turns a family's list into its wasm module's exports;
//! - [`mount`]: the host every widget lives in (scoped root, theme, accessible name) and
//!   the mount function the loader calls for a placeholder;
//! - [`focus`]: keyboard focus never falls to the page when a control goes away;
//! - [`options`]: the placeholder's `data-*` attributes;
//! - [`theme`]: the shared stylesheet, each family's stylesheet, reduced motion;
//! - [`controls`]: play/pause/step/speed, hashes, option messages, the live region;
//! - [`spacetime`]: the space-time diagram (lanes, events, message arrows) of the clock
//!   widgets;
//! - [`scrollbox`]: a box that scrolls sideways on a phone and says so;
//! - [`shared`]: a simulation stepped in place and shared by a model's clones;
//! - [`markup`]: non-interactive markup as escaped HTML text, the widgets' size trick;
//! - [`rng`]: the one small seeded generator widgets use for their scenery;
//! - [`textapp`]: widgets drawn as HTML text without Yew, the smallest host of all.
//!
//! Layers: a widget turns [`distlab_core`] state into DOM and user input into core
//! calls; it never computes a hash or a protocol step itself.

pub mod controls;
pub mod focus;
pub mod markup;
pub mod mount;
pub mod numfmt;
pub mod options;
pub mod registry;
pub mod rng;
pub mod scrollbox;
pub mod shared;
pub mod sim;
pub mod spacetime;
pub mod textapp;
pub mod theme;

pub use mount::{mount_element, unmount_element, MountOutcome};
pub use options::{OptionReader, WidgetOptions};
pub use registry::{find, Family, WidgetEntry};
