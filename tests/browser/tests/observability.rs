//! The observability widgets, driven as a reader would: injecting the missing index
//! makes p99 rise while the trace list gains a slow trace and the exposition text ends
//! its histograms with `+Inf`; the waterfall opens a span by keyboard and collapses with
//! a hidden-span count, and an invalid `traceparent` names its field; the investigation
//! is walked from the alert to the root cause, with a hint for a wrong pick.

use distlab_browser_tests::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn missing_index_shows_in_metrics_traces_and_logs() {
    let ph = mounted("obs-three-pillars-widget", &[]).await;
    let root = &ph.el;
    let p99 = |root: &Element| -> u64 {
        attr(&by_testid(root, "metric-p99"), "data-ms")
            .parse()
            .unwrap_or(0)
    };
    assert!(p99(root) < 100, "healthy p99: {}", p99(root));
    assert!(qa(root, "[data-testid='trace-row'][data-slow='true']").is_empty());
    let fault = by_testid(root, "fault-missing-index");
    click(&fault);
    settle().await;
    assert_eq!(attr(&fault, "aria-pressed"), "true");
    assert!(
        live(root).contains("Missing index injected"),
        "{}",
        live(root)
    );
    let step = button(root, "Step simulation").expect("step button");
    for _ in 0..15 {
        click(&step);
        settle().await;
    }
    assert!(p99(root) > 1000, "p99 rose: {}", p99(root));
    assert!(text(root, "[data-testid='metric-p50']").contains("ms"));
    let slow = qa(root, "[data-testid='trace-row'][data-slow='true']");
    assert!(!slow.is_empty(), "a slow trace is listed");
    assert!(slow[0]
        .text_content()
        .unwrap_or_default()
        .contains("SELECT links"));
    assert!(text(root, ".dlo-status").contains("ALERT p99"));
    // Logs: the slow queries are WARN lines.
    click(&by_testid(root, "log-filter"));
    settle().await;
    assert!(text(root, "[data-testid='log-tail']").contains("Slow query"));
    // The exposition text: real histograms end with +Inf, _sum and _count.
    click(&by_testid(root, "exposition-toggle"));
    settle().await;
    let expo = text(root, "[data-testid='exposition']");
    assert!(expo.contains("le=\"+Inf\""), "{expo}");
    assert!(expo.contains("http_request_duration_seconds_count{service=\"api-gateway\"}"));
    assert!(
        text(root, ".dlo-pillar").contains("no le=\"+Inf\" bucket")
            || root
                .text_content()
                .unwrap_or_default()
                .contains("no le=\"+Inf\" bucket")
    );
}

#[wasm_bindgen_test]
async fn a_span_opens_by_keyboard_and_a_bad_traceparent_names_its_field() {
    let ph = mounted("obs-trace-anatomy-widget", &[]).await;
    let root = &ph.el;
    // It opens on the post's trace: 3,247 ms end to end, the query 3,230 ms.
    let summary = text(root, ".dlo-sub");
    assert!(summary.contains("3,247 ms end to end"), "{summary}");
    assert!(text(root, "[data-testid='waterfall']").contains("3,230 ms"));
    let wf = by_testid(root, "waterfall");
    focus(&wf);
    // Walk down to the slow span (the missing index: SELECT links) and open it.
    // Rows are redrawn on every move: query the slow one afresh each time.
    let slow_selected = |root: &Element| {
        q(
            root,
            "[role='treeitem'][data-slow='true'][aria-selected='true']",
        )
        .is_some()
    };
    assert!(
        q(root, "[role='treeitem'][data-slow='true']").is_some(),
        "a slow span"
    );
    for _ in 0..10 {
        if slow_selected(root) {
            break;
        }
        keydown(&wf, "ArrowDown");
        settle().await;
    }
    assert!(slow_selected(root));
    assert!(focus_inside(root), "focus stays in the waterfall");
    assert!(live(root).contains("the slow span"), "{}", live(root));
    keydown(&wf, "Enter");
    settle().await;
    let details = text(root, "[data-testid='span-details']");
    assert!(details.contains("db.query.text"), "{details}");
    assert!(details.contains("50,000,000"), "{details}");
    // Back up to the root and collapse it: everything else hidden, and counted.
    for _ in 0..10 {
        keydown(&wf, "k");
        settle().await;
    }
    keydown(&wf, "ArrowLeft");
    settle().await;
    assert_eq!(qa(root, "[role='treeitem']").len(), 1);
    assert!(text(root, "[role='treeitem']").contains("hidden"));
    keydown(&wf, "ArrowRight");
    settle().await;
    assert!(qa(root, "[role='treeitem']").len() > 5);
    // The traceparent: the gateway's header is valid; the post's shorthand is not.
    assert!(text(root, "[data-testid='tp-verdict']").starts_with("Valid"));
    click(&by_testid(root, "tp-post"));
    settle().await;
    let errs = text(root, "[data-testid='tp-errors']");
    assert!(errs.contains("trace-id must be exactly 32"), "{errs}");
    assert!(errs.contains("parent-id"), "{errs}");
    // Typing: an uppercase hex digit in the trace id.
    let input = by_testid(root, "tp-input");
    type_into(
        &input,
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
    );
    settle().await;
    assert!(text(root, "[data-testid='tp-errors']").contains("trace-id has uppercase"));
    assert_eq!(attr(&input, "aria-invalid"), "true");
    assert!(live(root).contains("trace-id"), "{}", live(root));
    click(&by_testid(root, "tp-spec"));
    settle().await;
    assert!(text(root, "[data-testid='tp-verdict']").starts_with("Valid"));
}

/// The pick whose text contains `needle`.
fn pick_with(root: &Element, needle: &str) -> Element {
    qa(root, "[data-testid^='pick-']")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().contains(needle))
        .unwrap_or_else(|| panic!("no pick with {needle}"))
}

/// The pick with the largest number in `data`.
fn pick_max(root: &Element, data: &str) -> Element {
    qa(root, "[data-testid^='pick-']")
        .into_iter()
        .max_by_key(|b| attr(b, data).parse::<u64>().unwrap_or(0))
        .expect("picks")
}

#[wasm_bindgen_test]
async fn the_investigation_walks_from_the_alert_to_the_missing_index() {
    let ph = mounted("obs-investigation-flow-widget", &[]).await;
    let root = &ph.el;
    assert!(text(root, "[data-testid='alert']").contains("ALERT redirect p99"));
    // The list of steps holds the five the title counts ("Step 1 of 5").
    assert_eq!(qa(root, ".dlo-steps li").len(), 5);
    assert!(text(root, "[data-testid='step-title']").contains("of 5"));
    // A wrong first move gets a hint, not a dead end.
    click(&pick_with(root, "median"));
    settle().await;
    assert!(text(root, "[data-testid='hint']").contains("p50"));
    assert!(text(root, "[data-testid='step-title']").contains("Step 1"));
    click(&pick_with(root, "Open the traces"));
    settle().await;
    assert!(text(root, "[data-testid='step-title']").contains("Step 2"));
    assert!(q(root, "[data-testid='hint']").is_none());
    click(&pick_max(root, "data-us"));
    settle().await;
    assert!(text(root, "[data-testid='step-title']").contains("Step 3"));
    click(&pick_max(root, "data-own-us"));
    settle().await;
    assert!(text(root, "[data-testid='trail']").contains("SELECT links"));
    click(&pick_with(root, "trace_id"));
    settle().await;
    assert!(text(root, "[data-testid='trace-logs']").contains("Slow query"));
    click(&pick_with(root, "Redis is down"));
    settle().await;
    assert!(text(root, "[data-testid='hint']").contains("Redis GET answered"));
    click(&pick_with(root, "missing index"));
    settle().await;
    let cause = text(root, "[data-testid='root-cause']");
    assert!(cause.contains("full scan of 50,000,000 rows"), "{cause}");
    assert!(
        live(root).starts_with("Root cause identified"),
        "{}",
        live(root)
    );
    assert_eq!(
        qa(root, ".dlo-steps li.dlo-done").len(),
        5,
        "all five steps done"
    );
    // Another incident: an error burst, solvable too (its alert is on errors).
    type_into(&by_testid(root, "case-fault"), "2");
    settle().await;
    assert!(text(root, "[data-testid='alert']").contains("error ratio"));
    assert!(text(root, "[data-testid='step-title']").contains("Step 1"));
}

/// Whether the page ran the injected handler (it sets `window.__obsXss`).
fn injected() -> bool {
    js_sys::Reflect::get(&web_sys::window().expect("window"), &"__obsXss".into())
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
async fn markup_typed_into_the_traceparent_shows_as_text() {
    let ph = mounted("obs-trace-anatomy-widget", &[]).await;
    let root = &ph.el;
    let input = by_testid(root, "tp-input");
    // Markup in the version field, an attribute break-out in the trace-id, a single-quote
    // break-out in the parent-id and markup after the flags: each is quoted back to the
    // reader (field table, errors, verdict) and none may become an element.
    let payload = "<img src=x onerror=window.__obsXss=1>-\"><svg onload=window.__obsXss=2>-'><b>x</b>-01-<i>t</i>";
    type_into(&input, payload);
    settle().await;
    // An image that failed to load would have fired its handler by now.
    wait_for(300, injected).await;
    assert!(!injected(), "a typed handler ran");
    for tag in ["img", "svg[onload]", "b", "i"] {
        assert!(
            q(root, &format!(".dlo-tp {tag}")).is_none(),
            "a typed <{tag}> became an element"
        );
    }
    let fields = text(root, "[data-testid='tp-fields']");
    assert!(
        fields.contains("<img src=x onerror=window.__obsXss=1>"),
        "{fields}"
    );
    assert!(
        fields.contains("\"><svg onload=window.__obsXss=2>"),
        "{fields}"
    );
    assert!(fields.contains("'><b>x</b>"), "{fields}");
    let errs = text(root, "[data-testid='tp-errors']");
    assert!(
        errs.contains("<img"),
        "the error quotes the text as typed: {errs}"
    );
    assert!(text(root, "[data-testid='tp-verdict']").starts_with("Invalid"));
    assert_eq!(attr(&input, "aria-invalid"), "true");
}

#[wasm_bindgen_test]
async fn closing_a_span_by_keyboard_returns_to_the_waterfall() {
    let ph = mounted("obs-trace-anatomy-widget", &[]).await;
    let root = &ph.el;
    let wf = by_testid(root, "waterfall");
    focus(&wf);
    keydown(&wf, "Enter");
    settle().await;
    // The details' Close is a real button, reached by Tab; Enter on it is a click.
    let close = q(
        root,
        "[data-testid='span-details'] button[data-act='close']",
    )
    .expect("a Close button in the details");
    focus(&close);
    click(&close);
    settle().await;
    assert!(
        q(root, "[data-testid='span-details']").is_none(),
        "details closed"
    );
    assert!(
        document().active_element().as_ref() == Some(&wf),
        "focus back on the waterfall"
    );
}

#[wasm_bindgen_test]
async fn a_pick_by_keyboard_keeps_focus_in_the_investigation() {
    let ph = mounted("obs-investigation-flow-widget", &[]).await;
    let root = &ph.el;
    // Every choice is a real button (Tab reaches it, Enter and Space press it).
    let picks = qa(root, "[data-act='pick']");
    assert!(!picks.is_empty());
    assert!(picks.iter().all(|p| p.tag_name() == "BUTTON"));
    // The choices are redrawn after a pick: focus moves to the box of the current step
    // (never to the page), whose step and hint it then holds.
    let wrong = pick_with(root, "median");
    focus(&wrong);
    click(&wrong);
    settle().await;
    let active = document().active_element().expect("focus");
    assert_eq!(
        attr(&active, "data-testid"),
        "current",
        "focus on the step's box"
    );
    assert!(root.contains(Some(&active)));
    let here = active.text_content().unwrap_or_default();
    assert!(here.contains("Step 1") && here.contains("Hint"), "{here}");
    let right = pick_with(root, "Open the traces");
    focus(&right);
    click(&right);
    settle().await;
    let active = document().active_element().expect("focus");
    assert_eq!(attr(&active, "data-testid"), "current");
    assert!(active.text_content().unwrap_or_default().contains("Step 2"));
    // Solved: the box then holds the root cause.
    // Each step's choices exist only once it is reached: pick them one by one.
    for step in 0..4 {
        let b = match step {
            0 => pick_max(root, "data-us"),
            1 => pick_max(root, "data-own-us"),
            2 => pick_with(root, "trace_id"),
            _ => pick_with(root, "missing index"),
        };
        focus(&b);
        click(&b);
        settle().await;
    }
    let active = document().active_element().expect("focus");
    assert_eq!(attr(&active, "data-testid"), "current");
    assert!(q(&active, "[data-testid='root-cause']").is_some());
}
