//! The hook that runs a simulation widget's model: [`use_driven`] keeps the model in a
//! `RefCell` (cloning a timeline with its checkpoints on every frame would be wasteful),
//! hands out one stable `Callback` for actions, redraws after each, and while the model
//! plays, sends it a tick every [`FRAME_MS`] ms (speed changes how far a frame goes, not
//! how often: the frame rate stays ~25/s). Wall-clock time never enters the model.
//!
//! ```text
//! #[function_component(Gossip)]
//! fn gossip(props: &Props) -> Html {
//!     let (model, dispatch) = use_driven({ let c = props.config.clone(); move || Model::new(&c) });
//!     let m = model.borrow();
//!     view::render(&m, &dispatch)
//! }
//! ```

use super::player::FRAME_MS;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A model [`use_driven`] can run: it applies actions, says whether it is playing, and
/// names the action an animation frame sends.
pub trait Driven: 'static {
    /// What the reader (and the frame clock) can do.
    type Action: 'static;
    /// Apply one action.
    fn apply(&mut self, action: Self::Action);
    /// Whether frames should tick.
    fn playing(&self) -> bool;
    /// The action one animation frame sends.
    fn tick() -> Self::Action;
}

/// See the module documentation. `init` runs once, at mount.
#[hook]
pub fn use_driven<M, F>(init: F) -> (Rc<RefCell<M>>, Callback<M::Action>)
where
    M: Driven,
    F: FnOnce() -> M + 'static,
{
    let cell = use_mut_ref(init);
    let redraw = use_force_update();
    let dispatch: Callback<M::Action> = {
        let cell = cell.clone();
        use_memo((), move |_| {
            Callback::from(move |a: M::Action| {
                cell.borrow_mut().apply(a);
                redraw.force_update();
            })
        })
        .as_ref()
        .clone()
    };
    let playing = cell.borrow().playing();
    crate::controls::use_ticker(playing, 1.0, FRAME_MS, dispatch.reform(|()| M::tick()));
    (cell, dispatch)
}
