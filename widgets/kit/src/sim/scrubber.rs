//! The scrubber: where the run is ("Step 40 of 120"), a range input to rewind to any
//! step, and the note about rewinding and forking. Test hooks: `position`, `horizon`,
//! `scrubber`, `fork-note`.

use yew::prelude::*;

/// The scrubber for a run at `position` of `horizon` steps; `note` is shown under it
/// (see [`Player::timeline_note`](super::player::Player::timeline_note)).
pub fn scrubber(
    position: u64,
    horizon: u64,
    note: Option<String>,
    on_seek: &Callback<u64>,
) -> Html {
    let seek = on_seek.reform(|e: InputEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
            .parse()
            .unwrap_or(0)
    });
    let (p, h) = (position, horizon);
    html! {
        <div class="dl-scrub">
            <label class="dl-field">
                <span>{ "Step " }<b data-testid="position">{ p }</b>{ " of " }<span data-testid="horizon">{ h }</span></span>
                <input type="range" min="0" max={h.to_string()} value={p.to_string()} step="1"
                    data-testid="scrubber" aria-label="Timeline: rewind to an earlier step"
                    aria-valuetext={format!("step {p} of {h}")} oninput={seek} />
            </label>
            if let Some(note) = note {
                <p class="dl-fork" data-testid="fork-note">{ note }</p>
            }
        </div>
    }
}
