//! Widgets drawn as HTML text, without Yew: the smallest way to put a model on a page.
//!
//! Yew's runtime (virtual DOM, reconciler, scheduler, hooks) costs every wasm module about
//! 45 KB gzip before a widget draws anything. A widget whose view is HTML text anyway (see
//! [`crate::markup`]) needs none of it. Such a widget is a [`TextApp`]: a model that
//!
//! - writes its whole view as escaped HTML text ([`TextApp::view`]);
//! - turns what the reader did into a change of itself ([`TextApp::act`]): a click on an
//!   element with `data-act`, an `input`/`change` on an `<input>`, `<select>` or
//!   `<textarea>` with `data-act`, or Enter/Space on a non-native control with `data-act`
//!   (a `role="button"` node of a drawing);
//! - may run a clock ([`TextApp::tick_ms`], [`TextApp::tick`]) and say something to
//!   screen readers ([`TextApp::announce`]).
//!
//! [`mount`] hosts one: it draws the widget's root (the same `section.dl-root` a Yew widget
//! gets), listens once on it for the events above, and after each change draws the view
//! again. Drawing again is cheap and safe:
//!
//! - nothing happens when the text is the same as last time;
//! - otherwise the view's HTML is replaced, and what the reader had is carried over:
//!   keyboard focus (by `data-focus-key`, `data-testid` or `id`, the names
//!   [`crate::focus`] uses), the caret and selection of a text field, and the scroll
//!   position of every element with a `data-keep-scroll` name;
//! - the live region lives outside the replaced HTML, so an announcement is read once;
//! - the HTML is never replaced under the reader's hands: while a pointer is pressed in
//!   the widget (a click under way, a slider dragged) the clock waits and a draw waits
//!   until just after the release (after the click lands), and while an input method
//!   composes a character in a field, a draw waits for the composition to end;
//! - `.dl-scrollbox` elements are measured after each draw and on resize and marked
//!   `data-overflow`, as [`crate::scrollbox`] does for Yew widgets.
//!
//! Invariant: the model is only touched through `&mut` from one event at a time; an event
//! that arrives while the model is busy (a DOM change firing an event synchronously) is
//! dropped, never a panic.

use crate::focus::{all, key_of};
use crate::options::WidgetOptions;
use crate::registry::WidgetEntry;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlTextAreaElement, KeyboardEvent};

/// A widget whose view is HTML text; see the module documentation.
pub trait TextApp: 'static {
    /// Writes the whole view as HTML text. Everything that is not a literal of the
    /// widget's crate must be escaped ([`crate::markup::esc`]).
    fn view(&self, out: &mut String);

    /// The reader acted on `el`, which carries `data-act="act"`; `ev` is the event (its
    /// type is `click`, `input`, `change` or `keydown`). Returns whether the model changed.
    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool;

    /// A key went down on `el` inside the widget, before any other handling. Returns
    /// whether the model changed; call `prevent_default` on `ev` to stop the default
    /// Enter/Space handling too.
    fn key(&mut self, _ev: &KeyboardEvent, _el: &Element) -> bool {
        false
    }

    /// While the widget's clock runs: milliseconds between [`TextApp::tick`]s.
    fn tick_ms(&self) -> Option<u32> {
        None
    }

    /// One tick of the clock. Returns whether the model changed.
    fn tick(&mut self) -> bool {
        false
    }

    /// What the live region says now (read out when it changes).
    fn announce(&self) -> &str {
        ""
    }

    /// Runs after each draw that changed the HTML, with the view's container (e.g. to
    /// scroll what is being built into view).
    fn after_view(&self, _view: &Element) {}
}

/// What [`mount`] keeps alive for one widget; dropping it stops its clock and listeners.
struct Host<A: TextApp> {
    app: RefCell<A>,
    view: Element,
    live: Element,
    last: RefCell<String>,
    clock: RefCell<Option<(u32, Interval)>>,
    listeners: RefCell<Vec<EventListener>>,
    /// Why a draw must wait now: [`PRESSED`], [`COMPOSING`].
    hold: std::cell::Cell<u8>,
    /// A draw waited and is still owed.
    owed: std::cell::Cell<bool>,
}

/// A pointer is pressed in the widget.
const PRESSED: u8 = 1;
/// An input method is composing in one of the widget's fields.
const COMPOSING: u8 = 2;

/// A mounted text widget, as [`crate::mount`] stores it.
pub struct Mounted {
    host: Rc<dyn Stop>,
}

impl crate::mount::Handle for Mounted {
    fn destroy(self: Box<Self>) {
        self.host.stop();
    }
}

/// Stopping a [`Host`], which does not depend on the app type.
trait Stop {
    fn stop(&self);
}

impl<A: TextApp> Stop for Host<A> {
    fn stop(&self) {
        self.clock.borrow_mut().take();
        self.listeners.borrow_mut().clear();
    }
}

/// Mounts the text widget `make(options)` for `entry` into `el` (emptied first): the root
/// section, its view and live region, the listeners and the clock.
pub fn mount<A: TextApp>(
    el: &Element,
    entry: &'static WidgetEntry,
    options: WidgetOptions,
    make: fn(WidgetOptions) -> A,
) -> Box<dyn crate::mount::Handle> {
    let theme = crate::mount::theme_of(&options);
    el.set_inner_html(
        &[
            "<section class=\"dl-root\" data-dl-theme=\"",
            theme,
            "\" data-dl-widget=\"",
            entry.id,
            "\" aria-label=\"",
            entry.title,
            "\"><div class=\"dl-view\"></div><div class=\"dl-sr-only\" aria-live=\"polite\" role=\"status\"></div></section>",
        ]
        .concat(),
    );
    let section = el.first_element_child();
    let view = section.as_ref().and_then(Element::first_element_child);
    let live = view.as_ref().and_then(Element::next_element_sibling);
    let (Some(section), Some(view), Some(live)) = (section, view, live) else {
        return Box::new(Stopped);
    };
    let host = Rc::new(Host {
        app: RefCell::new(make(options)),
        view,
        live,
        last: RefCell::new(String::new()),
        clock: RefCell::new(None),
        listeners: RefCell::new(Vec::new()),
        hold: std::cell::Cell::new(0),
        owed: std::cell::Cell::new(false),
    });
    let mut listeners = Vec::new();
    for kind in ["click", "input", "change", "keydown"] {
        let weak = Rc::downgrade(&host);
        // Not passive: an act may cancel the default (Space scrolling the page, a form
        // submitting), and gloo's listeners are passive unless told otherwise.
        let active = gloo::events::EventListenerOptions::enable_prevent_default();
        listeners.push(EventListener::new_with_options(
            &section,
            kind,
            active,
            move |ev| {
                if let Some(h) = weak.upgrade() {
                    on_event(&h, ev);
                }
            },
        ));
    }
    // Holds: set by a press or a composition in the widget, released by the release
    // anywhere (a drag may end outside) or the composition's end.
    let holds: [(&web_sys::EventTarget, &str, u8, bool); 5] = [
        (&section, "pointerdown", PRESSED, true),
        (&gloo::utils::window(), "pointerup", PRESSED, false),
        (&gloo::utils::window(), "pointercancel", PRESSED, false),
        (&section, "compositionstart", COMPOSING, true),
        (&section, "compositionend", COMPOSING, false),
    ];
    for (target, kind, bit, on) in holds {
        let weak = Rc::downgrade(&host);
        listeners.push(EventListener::new(target, kind, move |_| {
            if let Some(h) = weak.upgrade() {
                set_hold(&h, bit, on);
            }
        }));
    }
    let weak = Rc::downgrade(&host);
    listeners.push(EventListener::new(
        &gloo::utils::window(),
        "resize",
        move |_| {
            if let Some(h) = weak.upgrade() {
                mark_overflow(&h.view);
            }
        },
    ));
    *host.listeners.borrow_mut() = listeners;
    draw(&host);
    Box::new(Mounted { host })
}

/// A widget that could not be drawn (its root vanished while mounting).
struct Stopped;

impl crate::mount::Handle for Stopped {
    fn destroy(self: Box<Self>) {}
}

/// Native controls: they click themselves on Enter/Space and report their own input.
fn is_native(el: &Element) -> bool {
    matches!(
        el.tag_name().as_str(),
        "BUTTON" | "INPUT" | "SELECT" | "TEXTAREA" | "A" | "SUMMARY"
    )
}

/// Form fields: they act on `input`/`change`, never on a click.
fn is_field(el: &Element) -> bool {
    matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
}

/// Routes one event on the root to the app, and draws again if it changed.
fn on_event<A: TextApp>(host: &Rc<Host<A>>, ev: &Event) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let kind = ev.type_();
    let changed = {
        let Ok(mut app) = host.app.try_borrow_mut() else {
            return;
        };
        let act_el = target.closest("[data-act]").ok().flatten();
        let act = |app: &mut A, el: &Element| {
            let name = el.get_attribute("data-act").unwrap_or_default();
            app.act(&name, el, ev)
        };
        match kind.as_str() {
            "keydown" => {
                let Some(k) = ev.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let mut changed = app.key(k, &target);
                if !changed && !ev.default_prevented() && (k.key() == "Enter" || k.key() == " ") {
                    if let Some(el) = act_el.filter(|el| !is_native(el)) {
                        ev.prevent_default();
                        changed = act(&mut app, &el);
                    }
                }
                changed
            }
            "click" => match act_el {
                Some(el) if !is_field(&el) => act(&mut app, &el),
                _ => false,
            },
            // `input` and `change`: only from the form control that carries the act.
            _ => match act_el {
                Some(el) if el == target && is_field(&el) => act(&mut app, &el),
                _ => false,
            },
        }
    };
    if changed {
        draw(host);
    }
}

/// Sets or clears one reason to hold draws; when the last one clears and a draw is owed,
/// draws on the next turn of the event loop (so the click that ends a press reaches the
/// element it was pressed on first).
fn set_hold<A: TextApp>(host: &Rc<Host<A>>, bit: u8, on: bool) {
    let was = host.hold.get();
    let now = if on { was | bit } else { was & !bit };
    host.hold.set(now);
    if now == 0 && was != 0 && host.owed.get() {
        let weak = Rc::downgrade(host);
        gloo::timers::callback::Timeout::new(0, move || {
            if let Some(h) = weak.upgrade() {
                if h.hold.get() == 0 && h.owed.replace(false) {
                    draw(&h);
                }
            }
        })
        .forget();
    }
}

/// Draws the view if its text changed (keeping focus, caret and scroll positions), updates
/// the live region and sets the clock to what the app wants now.
fn draw<A: TextApp>(host: &Rc<Host<A>>) {
    if host.hold.get() != 0 {
        host.owed.set(true);
        return;
    }
    let Ok(app) = host.app.try_borrow() else {
        return;
    };
    let mut html = String::with_capacity(host.last.borrow().len() + 64);
    app.view(&mut html);
    if *host.last.borrow() != html {
        replace_keeping_place(&host.view, &html);
        *host.last.borrow_mut() = html;
        mark_overflow(&host.view);
        app.after_view(&host.view);
    }
    let says = app.announce();
    if host.live.text_content().as_deref().unwrap_or("") != says {
        host.live.set_text_content(Some(says));
    }
    let want = app.tick_ms();
    drop(app);
    let mut clock = host.clock.borrow_mut();
    if clock.as_ref().map(|(ms, _)| *ms) != want {
        *clock = want.map(|ms| {
            let weak: Weak<Host<A>> = Rc::downgrade(host);
            let interval = Interval::new(ms.max(16), move || {
                if let Some(h) = weak.upgrade() {
                    // The clock waits while the reader holds a pointer on the widget.
                    if h.hold.get() & PRESSED != 0 {
                        return;
                    }
                    let changed = h.app.try_borrow_mut().is_ok_and(|mut a| a.tick());
                    if changed {
                        draw(&h);
                    }
                }
            });
            (ms, interval)
        });
    }
}

/// `[attr="value"]`, with the value's quotes and backslashes escaped for CSS.
fn selector(attr: &str, value: &str) -> String {
    let mut s = String::with_capacity(attr.len() + value.len() + 6);
    s.push('[');
    s.push_str(attr);
    s.push_str("=\"");
    for c in value.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push_str("\"]");
    s
}

/// Replaces `view`'s HTML with `html`, then gives focus, caret and scroll positions back.
fn replace_keeping_place(view: &Element, html: &str) {
    let doc = gloo::utils::document();
    let focused = doc
        .active_element()
        .filter(|a| view.contains(Some(a)))
        .and_then(|a| Some((key_of(&a)?, selection_of(&a), a)));
    let scrolls: Vec<(String, i32, i32)> = all(view, "[data-keep-scroll]")
        .into_iter()
        .map(|e| {
            let k = e.get_attribute("data-keep-scroll").unwrap_or_default();
            (k, e.scroll_left(), e.scroll_top())
        })
        .collect();
    view.set_inner_html(html);
    for (k, left, top) in scrolls {
        if let Ok(Some(e)) = view.query_selector(&selector("data-keep-scroll", &k)) {
            e.set_scroll_left(left);
            e.set_scroll_top(top);
        }
    }
    if let Some(((attr, key), sel, old)) = focused {
        if let Ok(Some(new)) = view.query_selector(&selector(attr, &key)) {
            // A text field the reader is typing in stays the same element (its caret,
            // its undo history, a number field's unreadable caret), updated to the new
            // drawing; any other control is the new one.
            let e = if is_text_entry(&old) && old.tag_name() == new.tag_name() {
                adopt(&old, &new);
                let _ = new.replace_with_with_node_1(&old);
                old
            } else {
                new
            };
            // An SVG node of a drawing too, not only HTML controls.
            crate::focus::focus(&e);
            if let Some((a, b)) = sel {
                set_selection(&e, a, b);
            }
        }
    }
}

/// Fields a reader types into: `<textarea>` and text-like `<input>`s.
fn is_text_entry(el: &Element) -> bool {
    match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => matches!(
            el.get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str(),
            "" | "text" | "number" | "search" | "email" | "url" | "tel" | "password"
        ),
        _ => false,
    }
}

/// Makes `old` look like its redrawn self `new`: the same attributes and content, and
/// the new value where the model changed it (a number clamped, a field cleared).
fn adopt(old: &Element, new: &Element) {
    let names = |e: &Element| -> Vec<String> {
        e.get_attribute_names()
            .iter()
            .filter_map(|n| n.as_string())
            .collect()
    };
    for n in names(old) {
        if !new.has_attribute(&n) {
            let _ = old.remove_attribute(&n);
        }
    }
    for n in names(new) {
        let v = new.get_attribute(&n).unwrap_or_default();
        if old.get_attribute(&n).as_deref() != Some(v.as_str()) {
            let _ = old.set_attribute(&n, &v);
        }
    }
    let want = value_of(new);
    if value_of(old) != want {
        if let Some(i) = old.dyn_ref::<HtmlInputElement>() {
            i.set_value(&want);
        } else if let Some(t) = old.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(&want);
        }
    }
}

/// The selection of a text field, if `el` is one.
fn selection_of(el: &Element) -> Option<(u32, u32)> {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        return Some((i.selection_start().ok()??, i.selection_end().ok()??));
    }
    let t = el.dyn_ref::<HtmlTextAreaElement>()?;
    Some((t.selection_start().ok()??, t.selection_end().ok()??))
}

fn set_selection(el: &Element, a: u32, b: u32) {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        let _ = i.set_selection_range(a, b);
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        let _ = t.set_selection_range(a, b);
    }
}

/// Marks each `.dl-scrollbox` under `view` `data-overflow="true"` when its content is
/// wider than the box (the stylesheet then shows the "Scroll sideways" cue).
fn mark_overflow(view: &Element) {
    for el in all(view, ".dl-scrollbox") {
        crate::scrollbox::mark_overflow(&el);
    }
}

/// Starts a sideways-scrolling box (see [`crate::scrollbox`]): `label`, if not empty,
/// makes it a focusable named region; `key` names it for [`mount`] to keep its scroll
/// position across draws. Close it with [`scroll_box_end`].
pub fn scroll_box_start(out: &mut String, class: &str, label: &str, key: &str) {
    out.push_str("<div class=\"dl-scrollbox ");
    out.push_str(class);
    out.push_str("\" data-keep-scroll=\"");
    out.push_str(key);
    out.push('"');
    if !label.is_empty() {
        out.push_str(" tabindex=\"0\" role=\"region\" data-focus-key=\"");
        out.push_str(key);
        out.push_str("\" aria-label=\"");
        out.push_str(label);
        out.push('"');
    }
    out.push('>');
}

/// Ends a box begun with [`scroll_box_start`], with its cue line.
pub fn scroll_box_end(out: &mut String) {
    out.push_str(
        "</div><p class=\"dl-scroll-cue dl-muted\" aria-hidden=\"true\">Scroll sideways →</p>",
    );
}

/// Play/pause, step, reset and the speed menu as HTML text, like
/// [`crate::controls::PlayControls`]: the buttons carry `data-act` `play`, `step` and
/// `reset`, the menu `speed` (read it with [`speed_of`]). `label` ("Build") names them;
/// `key` keeps their focus names apart when a widget has two players.
pub fn play_controls(
    out: &mut String,
    playing: bool,
    finished: bool,
    speed: Option<f64>,
    label: &str,
    key: &str,
) {
    let lower = label.to_ascii_lowercase();
    let name = |out: &mut String, s: &str| {
        out.push_str(" aria-label=\"");
        out.push_str(s);
        if !lower.is_empty() {
            out.push(' ');
            out.push_str(&lower);
        }
        out.push('"');
    };
    let focus = |out: &mut String, what: &str| {
        out.push_str(" data-focus-key=\"");
        out.push_str(key);
        out.push_str(what);
        out.push('"');
    };
    out.push_str("<div class=\"dl-controls\" role=\"group\"");
    name(out, "Playback");
    out.push_str("><button type=\"button\" class=\"dl-btn dl-btn-primary\" data-act=\"play\"");
    focus(out, "-play");
    if finished && !playing {
        out.push_str(" disabled");
    }
    out.push_str(if playing {
        " aria-pressed=\"true\""
    } else {
        " aria-pressed=\"false\""
    });
    name(out, if playing { "Pause" } else { "Play" });
    out.push('>');
    out.push_str(if playing { "❚❚ Pause" } else { "▶ Play" });
    out.push_str("</button><button type=\"button\" class=\"dl-btn\" data-act=\"step\"");
    focus(out, "-step");
    if finished || playing {
        out.push_str(" disabled");
    }
    name(out, "Step");
    out.push_str(">Step ›</button><button type=\"button\" class=\"dl-btn\" data-act=\"reset\"");
    focus(out, "-reset");
    name(out, "Reset");
    out.push_str(">↺ Reset</button>");
    if let Some(speed) = speed {
        out.push_str("<label class=\"dl-speed\">Speed <select data-act=\"speed\"");
        focus(out, "-speed");
        out.push_str(" aria-label=\"Animation speed\">");
        for (s, t) in crate::controls::SPEEDS
            .iter()
            .zip(crate::controls::SPEED_TEXT)
        {
            out.push_str("<option value=\"");
            out.push_str(t);
            out.push('"');
            if (*s - speed).abs() < 1e-9 {
                out.push_str(" selected");
            }
            out.push('>');
            out.push_str(t);
            out.push_str("×</option>");
        }
        out.push_str("</select></label>");
    }
    out.push_str("</div>");
}

/// The speed a [`play_controls`] menu (`el`) is set to; 1 for anything else.
pub fn speed_of(el: &Element) -> f64 {
    crate::controls::speed_from_text(&value_of(el))
}

/// Milliseconds between ticks for a clock of `base_ms` at `speed` (clamped to the
/// [`crate::controls::SPEEDS`] range), as [`crate::controls::use_ticker`] computes them.
pub fn tick_ms(base_ms: f64, speed: f64) -> u32 {
    let s = crate::controls::SPEEDS;
    (base_ms / speed.clamp(s[0], s[s.len() - 1])) as u32
}

/// The value of an `<input>`, `<select>` or `<textarea>` (empty for anything else).
pub fn value_of(el: &Element) -> String {
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else {
        String::new()
    }
}

/// An attribute of `el` read as a number (0 when missing or not a number).
pub fn num_attr(el: &Element, name: &str) -> usize {
    el.get_attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Inline notes about bad `data-*` values, as HTML text (see
/// [`crate::controls::option_messages`]).
pub fn option_messages(out: &mut String, messages: &[String]) {
    if messages.is_empty() {
        return;
    }
    out.push_str("<ul class=\"dl-option-messages\" role=\"note\">");
    for m in messages {
        out.push_str("<li>");
        out.push_str(&crate::markup::esc(m));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}
