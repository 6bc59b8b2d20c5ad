//! The Bitcoin tab (in progress).
use yew::prelude::*;

/// Props of [`BitcoinProof`].
#[derive(Properties, PartialEq)]
pub struct BitcoinProofProps {
    /// Block height to show first.
    pub block: Option<u64>,
    /// Transaction index to prove first.
    pub tx: usize,
}

/// The Bitcoin tab.
#[function_component(BitcoinProof)]
pub fn bitcoin_proof(_p: &BitcoinProofProps) -> Html {
    html! { <p>{ "Bitcoin proof: coming soon." }</p> }
}
