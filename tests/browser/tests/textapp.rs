//! The kit's host for widgets drawn as HTML text (`distlab_kit::textapp`): acts reach the
//! model, a draw replaces only changed HTML and gives back focus, caret and scroll
//! position, the live region speaks, the clock runs while the model wants it and stops
//! with the widget.

use distlab_browser_tests::*;
use distlab_kit::mount::{mount_element, unmount_element};
use distlab_kit::textapp::{self, TextApp};
use distlab_kit::{Family, MountOutcome, WidgetEntry, WidgetOptions};
use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// How many times the fixture's `act` ran, across instances.
    static ACTS: Cell<u32> = const { Cell::new(0) };
}

/// A counter, a name field, a clock and a scrolling strip.
struct Fixture {
    count: u32,
    name: String,
    playing: bool,
    ticks: u32,
    n: u32,
}

impl TextApp for Fixture {
    fn view(&self, out: &mut String) {
        out.push_str("<p data-testid=\"count\">");
        out.push_str(&self.count.to_string());
        out.push_str(
            "</p><button type=\"button\" data-act=\"inc\" data-testid=\"inc\">+1</button>",
        );
        out.push_str("<span role=\"button\" tabindex=\"0\" data-act=\"inc\" data-testid=\"node\">node</span>");
        out.push_str("<svg width=\"40\" height=\"20\"><g tabindex=\"0\" role=\"button\" data-act=\"inc\" data-focus-key=\"svg-node\"><rect width=\"40\" height=\"20\"></rect></g></svg>");
        out.push_str("<input data-act=\"name\" data-testid=\"name\" value=\"");
        out.push_str(&distlab_kit::markup::esc(&self.name));
        out.push_str("\"><input type=\"number\" data-act=\"n\" data-testid=\"n\" value=\"");
        out.push_str(&self.n.to_string());
        out.push_str(if self.n == 16 {
            "\" class=\"at-max\">"
        } else {
            "\">"
        });
        out.push_str("<p data-testid=\"echo\">");
        out.push_str(&distlab_kit::markup::esc(&self.name));
        out.push_str("</p><p data-testid=\"ticks\">");
        out.push_str(&self.ticks.to_string());
        out.push_str("</p>");
        textapp::play_controls(out, self.playing, false, Some(1.0), "Run", "run");
        textapp::scroll_box_start(out, "strip", "Strip", "strip");
        out.push_str("<div style=\"width:3000px;height:20px\">wide</div>");
        textapp::scroll_box_end(out);
    }

    fn act(&mut self, act: &str, el: &Element, _ev: &Event) -> bool {
        ACTS.with(|a| a.set(a.get() + 1));
        match act {
            "inc" => self.count += 1,
            "name" => self.name = textapp::value_of(el),
            "play" => self.playing = !self.playing,
            "n" => {
                self.n = textapp::value_of(el)
                    .parse::<u32>()
                    .map_or(1, |n| n.clamp(1, 16))
            }
            _ => return false,
        }
        true
    }

    fn tick_ms(&self) -> Option<u32> {
        self.playing.then_some(20)
    }

    fn tick(&mut self) -> bool {
        self.ticks += 1;
        true
    }

    fn announce(&self) -> &str {
        if self.count > 0 {
            "counted"
        } else {
            ""
        }
    }
}

fn make(_: WidgetOptions) -> Fixture {
    Fixture {
        count: 0,
        name: String::new(),
        playing: false,
        ticks: 0,
        n: 1,
    }
}

static FAMILY: Family = Family {
    name: "textapp-fixture",
    style: "",
    widgets: &[WidgetEntry {
        id: "textapp-fixture",
        title: "Text app fixture",
        post: "",
        summary: "",
        heights: &[(0, 100)],
        mount: |el, entry, options| textapp::mount(el, entry, options, make),
    }],
};

async fn fixture() -> Placeholder {
    let ph = placeholder("textapp-fixture", &[]);
    assert_eq!(
        mount_element(&FAMILY, &ph.el),
        MountOutcome::Mounted("textapp-fixture".into())
    );
    settle().await;
    ph
}

#[wasm_bindgen_test]
async fn an_act_redraws_and_an_unchanged_view_keeps_its_elements() {
    let ph = fixture().await;
    let root = &ph.el;
    assert!(q(root, "section.dl-root[aria-label='Text app fixture']").is_some());
    let inc = by_testid(root, "inc");
    click(&inc);
    assert_eq!(text(root, "[data-testid='count']"), "1");
    assert_eq!(
        live(root),
        "counted",
        "the live region says what the model announces"
    );
    let before = by_testid(root, "count");
    // A change the model says it made but that draws the same text: no new elements.
    type_into(&by_testid(root, "name"), "");
    assert!(before.is_same_node(Some(&by_testid(root, "count"))));
    // A `change` on a button is no act at all.
    let acts = ACTS.with(Cell::get);
    fire(&by_testid(root, "inc"), "change");
    assert_eq!(ACTS.with(Cell::get), acts);
}

#[wasm_bindgen_test]
async fn typing_keeps_focus_and_caret_in_the_redrawn_field() {
    let ph = fixture().await;
    let root = &ph.el;
    let field = by_testid(root, "name");
    focus(&field);
    let input = field.unchecked_ref::<HtmlInputElement>();
    input.set_value("merkle");
    input.set_selection_range(3, 3).unwrap();
    fire(&field, "input");
    assert_eq!(text(root, "[data-testid='echo']"), "merkle");
    let now = by_testid(root, "name");
    assert!(
        now.is_same_node(Some(&field)),
        "the field being typed in stays the same element"
    );
    let active = document().active_element().expect("focus somewhere");
    assert!(active.is_same_node(Some(&now)), "focus is in the field");
    let input = now.unchecked_ref::<HtmlInputElement>();
    assert_eq!(input.value(), "merkle");
    assert_eq!(
        input.selection_start().unwrap(),
        Some(3),
        "the caret stayed"
    );
}

#[wasm_bindgen_test]
async fn enter_acts_on_a_drawn_node_but_not_twice_on_a_button() {
    let ph = fixture().await;
    let root = &ph.el;
    // Enter on a drawn node acts, and cancels the key's default (Space would scroll the
    // page): the host's listener must not be passive.
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    by_testid(root, "node").dispatch_event(&ev).unwrap();
    assert!(ev.default_prevented(), "the key's default was cancelled");
    assert_eq!(text(root, "[data-testid='count']"), "1");
    keydown(&by_testid(root, "node"), " ");
    assert_eq!(text(root, "[data-testid='count']"), "2");
    // A button clicks itself on Enter; the host must not act on the keydown as well.
    let acts = ACTS.with(Cell::get);
    keydown(&by_testid(root, "inc"), "Enter");
    assert_eq!(ACTS.with(Cell::get), acts);
}

#[wasm_bindgen_test]
async fn the_clock_runs_while_playing_and_stops_with_the_widget() {
    let ph = fixture().await;
    let root = ph.el.clone();
    click(&q(&root, "[data-act='play']").expect("play button"));
    assert!(
        wait_for(2000, || text(&root, "[data-testid='ticks']")
            .parse::<u32>()
            .unwrap_or(0)
            >= 3)
        .await,
        "ticks while playing"
    );
    click(&q(&root, "[data-act='play']").expect("pause button"));
    let paused = text(&root, "[data-testid='ticks']");
    wait_for(150, || false).await;
    assert_eq!(text(&root, "[data-testid='ticks']"), paused, "paused");
    click(&q(&root, "[data-act='play']").expect("play button"));
    assert!(unmount_element(&root));
    assert_eq!(root.inner_html(), "", "unmounting empties the placeholder");
    // Mounting again starts from a fresh model and no old clock writes into it.
    assert_eq!(
        mount_element(&FAMILY, &root),
        MountOutcome::Mounted("textapp-fixture".into())
    );
    wait_for(150, || false).await;
    assert_eq!(text(&root, "[data-testid='ticks']"), "0");
}

#[wasm_bindgen_test]
async fn a_scroll_box_keeps_its_place_and_says_it_overflows() {
    let ph = fixture().await;
    let root = &ph.el;
    ph.el
        .unchecked_ref::<web_sys::HtmlElement>()
        .style()
        .set_property("width", "300px")
        .unwrap();
    distlab_kit::theme::ensure_style("textapp-fixture-css", ".strip { overflow-x: auto; }");
    let strip = q(root, ".dl-scrollbox").expect("scroll box");
    strip.set_scroll_left(200);
    assert_eq!(
        strip.scroll_left(),
        200,
        "the strip scrolls (its content is wider)"
    );
    click(&by_testid(root, "inc"));
    let strip = q(root, ".dl-scrollbox").expect("scroll box");
    assert_eq!(
        strip.scroll_left(),
        200,
        "scroll position kept across the draw"
    );
    assert_eq!(
        strip.get_attribute("data-overflow").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn nothing_is_drawn_under_a_pressed_pointer_or_a_composition() {
    let ph = fixture().await;
    let root = ph.el.clone();
    click(&q(&root, "[data-act='play']").expect("play button"));
    assert!(wait_for(2000, || text(&root, "[data-testid='ticks']") != "0").await);
    // A press on a control: the clock waits and nothing replaces the control.
    let inc = by_testid(&root, "inc");
    fire(&inc, "pointerdown");
    let ticks = text(&root, "[data-testid='ticks']");
    wait_for(150, || false).await;
    assert_eq!(
        text(&root, "[data-testid='ticks']"),
        ticks,
        "no tick under a press"
    );
    click(&inc);
    assert!(
        inc.is_connected(),
        "the pressed control stays until the release"
    );
    // The release (anywhere): the owed draw comes right after, and the clock runs again.
    fire(&document().body().expect("body"), "pointerup");
    assert!(wait_for(500, || text(&root, "[data-testid='count']") == "1").await);
    assert!(wait_for(2000, || text(&root, "[data-testid='ticks']") != ticks).await);
    click(&q(&root, "[data-act='play']").expect("pause button"));
    settle().await;
    // A composition: the field is not replaced until it ends.
    let field = by_testid(&root, "name");
    fire(&field, "compositionstart");
    type_into(&field, "日本");
    settle().await;
    assert!(field.is_connected(), "the field being composed in stays");
    assert_eq!(text(&root, "[data-testid='echo']"), "");
    fire(&field, "compositionend");
    assert!(wait_for(500, || text(&root, "[data-testid='echo']") == "日本").await);
}

#[wasm_bindgen_test]
async fn a_focused_field_the_model_changes_shows_the_models_value() {
    let ph = fixture().await;
    let root = &ph.el;
    let field = by_testid(root, "n");
    focus(&field);
    type_into(&field, "99");
    let now = by_testid(root, "n");
    assert!(now.is_same_node(Some(&field)), "the focused field stays");
    assert_eq!(
        now.unchecked_ref::<HtmlInputElement>().value(),
        "16",
        "clamped"
    );
    assert_eq!(
        now.get_attribute("class").as_deref(),
        Some("at-max"),
        "new attributes"
    );
    assert!(document()
        .active_element()
        .is_some_and(|a| a.is_same_node(Some(&now))));
    type_into(&field, "3");
    assert_eq!(
        now.get_attribute("class"),
        None,
        "attributes the drawing dropped go"
    );
}

#[wasm_bindgen_test]
async fn focus_comes_back_to_a_redrawn_svg_node_at_once() {
    let ph = fixture().await;
    let root = &ph.el;
    let node = q(root, "[data-focus-key='svg-node']").expect("svg node");
    focus(&node);
    keydown(&node, "Enter");
    // Checked before any await: the host gives focus back while drawing, not later
    // (the focus keeper's observer would only run after this test yields).
    assert_eq!(text(root, "[data-testid='count']"), "1");
    let now = q(root, "[data-focus-key='svg-node']").expect("svg node");
    assert!(!now.is_same_node(Some(&node)), "the node was drawn anew");
    assert!(document()
        .active_element()
        .is_some_and(|a| a.is_same_node(Some(&now))));
}
