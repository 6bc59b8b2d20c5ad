//! Named safety properties: plain functions of the [`World`], checked after every step.
//!
//! A property that talks about the past reads [`World::history`], which the protocol's
//! [`Protocol::observe`](super::Protocol::observe) hook keeps up to date; a property itself
//! is stateless, so checking it twice gives the same answer.

use super::{Protocol, Time, World};
use std::fmt::Debug;

/// A named safety property: a check of the whole world, run after every step.
pub struct Property<P: Protocol> {
    /// Its name, as the widget's badge shows it.
    pub name: &'static str,
    /// `Ok` if it holds, else a human explanation.
    pub check: fn(&World<P>) -> Result<(), String>,
}

impl<P: Protocol> Clone for Property<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: Protocol> Copy for Property<P> {}

impl<P: Protocol> Debug for Property<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name)
            .finish()
    }
}

/// A property that failed, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The property's name.
    pub property: &'static str,
    /// The step after which it failed.
    pub step: u64,
    /// The time of that step.
    pub time: Time,
    /// What the check said.
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} violated after step {} (t={}): {}",
            self.property, self.step, self.time, self.detail
        )
    }
}

/// Check every property; the first failure, if any.
pub fn check_properties<P: Protocol>(
    world: &World<P>,
    properties: &[Property<P>],
) -> Result<(), Violation> {
    for p in properties {
        if let Err(detail) = (p.check)(world) {
            return Err(Violation {
                property: p.name,
                step: world.steps(),
                time: world.now(),
                detail,
            });
        }
    }
    Ok(())
}
