//! A configuration for test protocols that need none, written as `0` in scenario text.

use distlab_core::sim::{ScenarioError, TextCodec};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoConfig;

impl TextCodec for NoConfig {
    fn encode(&self, out: &mut String) {
        out.push('0');
    }
    fn decode(_: &str) -> Result<Self, ScenarioError> {
        Ok(NoConfig)
    }
}
