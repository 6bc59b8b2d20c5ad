//! A simulation shared between a widget's model and the model's clones.
//!
//! Yew's reducers clone the model on every action; a simulation holding thousands of
//! events or requests would be copied each frame. A widget keeps it in a [`Shared`]
//! instead, steps it in place, and counts its changes in a `version` field of the model:
//! two models are then equal exactly when they hold the same cell at the same version.

use std::cell::RefCell;
use std::rc::Rc;

/// One cell holding `T`, cloned by reference; equal only to itself (the same cell).
pub struct Shared<T>(pub Rc<RefCell<T>>);

impl<T> Shared<T> {
    /// A new cell holding `value`.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(RefCell::new(value)))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Shared(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn clones_share_the_cell_and_only_the_same_cell_is_equal() {
        let a = Shared::new(1);
        let b = a.clone();
        *b.0.borrow_mut() = 2;
        assert_eq!(*a.0.borrow(), 2);
        assert_eq!(a, b);
        assert_ne!(a, Shared::new(2), "equal contents, another cell");
    }
}
