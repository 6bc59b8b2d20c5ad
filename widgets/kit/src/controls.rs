//! Controls shared by every widget, so they all look and behave alike:
//! [`PlayControls`] (play / pause / step / reset / speed), [`HashText`] (a shortened
//! hash whose full value is one click away), [`option_messages`] (bad `data-*` values)
//! and [`live_region`] (announcements for screen readers).

use yew::prelude::*;

/// Runs the playback clock: while `playing`, emits `tick` every `base_ms / speed`
/// milliseconds (speed clamped to the [`SPEEDS`] range). The timer only asks the model
/// for its next step; wall-clock time never enters the model, so a run stays
/// deterministic. `tick` is taken when playback starts or the speed changes, so it
/// should be stable across renders (a reducer's dispatcher is).
#[hook]
pub fn use_ticker(playing: bool, speed: f64, base_ms: f64, tick: Callback<()>) {
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let interval = playing.then(|| {
            let ms = crate::textapp::tick_ms(base_ms, speed);
            gloo::timers::callback::Interval::new(ms, move || tick.emit(()))
        });
        move || drop(interval)
    });
}

/// Props of [`PlayControls`].
#[derive(Properties, PartialEq, Clone)]
pub struct PlayControlsProps {
    /// Whether the animation is running.
    pub playing: bool,
    /// Whether there is nothing left to step (Play and Step are disabled).
    #[prop_or_default]
    pub finished: bool,
    /// Toggle play/pause.
    pub on_toggle: Callback<()>,
    /// Advance one step.
    pub on_step: Callback<()>,
    /// Back to the start.
    pub on_reset: Callback<()>,
    /// Speed multiplier (0.25–4); `None` hides the speed control.
    #[prop_or_default]
    pub speed: Option<f64>,
    /// Speed changed.
    #[prop_or_default]
    pub on_speed: Callback<f64>,
    /// Label prefix for accessible names, e.g. "Build".
    #[prop_or_default]
    pub label: AttrValue,
}

/// The speeds offered by [`PlayControls`].
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// [`SPEEDS`] as written in the speed menu (what `f64`'s `Display` gives): spelled out
/// so the bundle needs no float formatting or parsing code for them.
pub(crate) const SPEED_TEXT: [&str; 5] = ["0.25", "0.5", "1", "2", "4"];

/// The speed a menu value of [`SPEED_TEXT`] stands for; 1 for anything else.
pub(crate) fn speed_from_text(value: &str) -> f64 {
    SPEED_TEXT
        .iter()
        .position(|t| *t == value)
        .map_or(1.0, |i| SPEEDS[i])
}

/// Play/pause, step, reset and speed, as buttons with accessible names.
#[function_component(PlayControls)]
pub fn play_controls(p: &PlayControlsProps) -> Html {
    let toggle = p.on_toggle.reform(|_: MouseEvent| ());
    let step = p.on_step.reform(|_: MouseEvent| ());
    let reset = p.on_reset.reform(|_: MouseEvent| ());
    let label = |s: &str| {
        if p.label.is_empty() {
            s.to_string()
        } else {
            // ASCII lower-casing: the labels are ASCII words, and Unicode's tables cost
            // kilobytes of wasm.
            format!("{} {}", s, p.label.to_ascii_lowercase())
        }
    };
    let on_speed = p.on_speed.clone();
    let speed_change = Callback::from(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        on_speed.emit(speed_from_text(&value));
    });
    html! {
        <div class="dl-controls" role="group" aria-label={label("Playback")}>
            // Named like Step and Reset ("Play rounds"), so two players on one widget are
            // not both called "Play".
            <button type="button" class="dl-btn dl-btn-primary" onclick={toggle}
                disabled={p.finished && !p.playing} aria-pressed={p.playing.to_string()}
                aria-label={label(if p.playing { "Pause" } else { "Play" })}>
                { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button type="button" class="dl-btn" onclick={step}
                disabled={p.finished || p.playing} aria-label={label("Step")}>{ "Step ›" }</button>
            <button type="button" class="dl-btn" onclick={reset} aria-label={label("Reset")}>{ "↺ Reset" }</button>
            if let Some(speed) = p.speed {
                <label class="dl-speed">{ "Speed " }
                    <select onchange={speed_change} aria-label="Animation speed">
                        { for SPEEDS.iter().zip(SPEED_TEXT).map(|(s, t)| html!{
                            <option value={t} selected={(*s - speed).abs() < 1e-9}>{ format!("{t}×") }</option>
                        }) }
                    </select>
                </label>
            }
        </div>
    }
}

/// Props of [`HashText`].
#[derive(Properties, PartialEq, Clone)]
pub struct HashTextProps {
    /// The bytes to show as hex.
    pub bytes: Vec<u8>,
    /// Hex characters shown when collapsed.
    #[prop_or(8)]
    pub chars: usize,
    /// What the hash is, for screen readers ("root hash", "leaf 3").
    #[prop_or_default]
    pub label: AttrValue,
}

/// A hash shown shortened; activating it (click, Enter, Space) shows it whole.
#[function_component(HashText)]
pub fn hash_text(p: &HashTextProps) -> Html {
    let open = use_state(|| false);
    let full = distlab_core::hash::to_hex(&p.bytes);
    let short = distlab_core::hash::short_hex(&p.bytes, p.chars);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // The accessible name is the label plus the visible text (WCAG "label in name"):
    // a screen reader hears "root hash: 7e21baa2…", and the full value once expanded.
    html! {
        <button type="button" class={classes!("dl-hash", open.then_some("dl-hash-open"))}
            title={full.clone()} aria-expanded={open.to_string()} onclick={toggle}>
            if !p.label.is_empty() {
                <span class="dl-sr-only">{ format!("{}: ", p.label) }</span>
            }
            <code>{ if *open { full } else { short } }</code>
        </button>
    }
}

/// An `onchange` for a `<select>` whose option values are indices: calls `f` with the
/// chosen index (a value that is not a number is ignored).
pub fn on_select_index(f: impl Fn(usize) + 'static) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        if let Ok(i) = value.parse() {
            f(i);
        }
    })
}

/// Inline notes about bad `data-*` values (the defaults were used).
///
/// A plain function rather than a component: it has no state, and every component
/// costs the bundle its own copy of Yew's lifecycle code. The markup is the text widgets'
/// ([`crate::textapp::option_messages`]), handed to Yew as one node.
pub fn option_messages(messages: &[String]) -> Html {
    if messages.is_empty() {
        return html! {};
    }
    let mut text = String::new();
    crate::textapp::option_messages(&mut text, messages);
    crate::markup::raw(text)
}

/// A visually hidden `aria-live="polite"` region: what it says, screen readers read out.
///
/// A plain function rather than a component, like [`option_messages`].
pub fn live_region(message: impl Into<AttrValue>) -> Html {
    html! { <div class="dl-sr-only" aria-live="polite" role="status">{ message.into() }</div> }
}

/// Implements Yew's `Reducible` for a model whose `apply(&mut self, action)` does the
/// work: the reducer clones the model, applies the action to the copy and hands Yew the
/// new state. (Every widget's state is a plain model with native tests; this is the one
/// line that makes it a Yew reducer.)
#[macro_export]
macro_rules! reducible_by_apply {
    ($model:ty, $action:ty) => {
        impl yew::functional::Reducible for $model {
            type Action = $action;
            fn reduce(self: std::rc::Rc<Self>, action: $action) -> std::rc::Rc<Self> {
                let mut next = (*self).clone();
                next.apply(action);
                std::rc::Rc::new(next)
            }
        }
    };
}
pub use crate::reducible_by_apply;

#[cfg(test)]
mod speed_text_tests {
    use super::*;

    #[test]
    fn speed_text_is_what_display_gives() {
        for (s, t) in SPEEDS.iter().zip(SPEED_TEXT) {
            assert_eq!(s.to_string(), t);
            assert_eq!(t.parse::<f64>(), Ok(*s));
        }
    }
}
