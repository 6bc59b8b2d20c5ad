//! Property badges: one per named property ("✓ holds" / "✗ violated"), each with what it
//! promises as a tooltip, and — once one fails — the step that broke it, in an alert,
//! with a button that rewinds to just before it. Test hooks: `prop-{i}`, `violation`,
//! `rewind-violation`.

use distlab_core::sim::Violation;
use yew::prelude::*;

/// The badges. `status` is each property's name and result now
/// ([`Player::property_status`](super::player::Player::property_status)); `promises`
/// what each one promises, in the same order; `on_seek` gets the step to rewind to.
pub fn badges(
    heading: &str,
    status: &[(&'static str, Result<(), String>)],
    promises: &[&'static str],
    violation: Option<&Violation>,
    on_seek: &Callback<u64>,
) -> Html {
    html! {
        <section class="dl-props" aria-label={format!("{heading}, checked after every event")}>
            <h3 class="dl-h">{ heading }<span class="dl-muted">{ " — checked after every event" }</span></h3>
            <ul>
                { for status.iter().enumerate().map(|(i, (name, r))| {
                    let ok = r.is_ok();
                    html! {
                        <li title={promises.get(i).copied().unwrap_or("")}>
                            <span class={classes!("dl-badge", if ok { "dl-badge-ok" } else { "dl-badge-bad" })}
                                data-testid={format!("prop-{i}")}>{ if ok { "✓ holds" } else { "✗ violated" } }</span>
                            { " " }{ *name }
                        </li>
                    }
                }) }
            </ul>
            if let Some(v) = violation {
                <div class="dl-error" data-testid="violation" role="alert">
                    { format!("{} failed after step {} (t={}): {}", v.property, v.step, v.time, v.detail) }
                    <button type="button" class="dl-btn" data-testid="rewind-violation" onclick={{
                        let s = v.step.saturating_sub(1);
                        on_seek.reform(move |_: MouseEvent| s)
                    }}>{ format!("Rewind to just before it (step {})", v.step.saturating_sub(1)) }</button>
                </div>
            }
        </section>
    }
}
