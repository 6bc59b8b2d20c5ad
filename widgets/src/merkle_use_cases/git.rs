//! The Git tab (in progress).
use yew::prelude::*;

/// The Git tab.
#[function_component(GitObjects)]
pub fn git_objects() -> Html {
    html! { <p>{ "Git objects: coming soon." }</p> }
}
