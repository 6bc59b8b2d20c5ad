//! Node actions open next to the node, by touch or keyboard: Enter opens them with focus
//! inside, Escape closes them and gives focus back to the node.

use distlab_browser_tests::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "raft-properties-widget";

fn active() -> Option<Element> {
    document().active_element()
}

fn rect(el: &Element) -> (f64, f64, f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left(), r.top(), r.right(), r.bottom())
}

#[wasm_bindgen_test]
async fn enter_opens_actions_at_the_node_and_escape_returns_focus() {
    let ph = mounted(ID, &[("seed", "7")]).await;
    let root = &ph.el;
    let node = by_testid(root, "node-3");
    focus(&node);
    assert!(q(root, "[data-testid='popover']").is_none());
    keydown(&node, "Enter");
    settle().await;
    let pop = by_testid(root, "popover");
    assert_eq!(pop.get_attribute("role").as_deref(), Some("dialog"));
    assert!(button(&pop, "Crash node 4").is_some());
    assert!(button(&pop, "Write").is_some());
    assert!(button(&pop, "Drop node 4").is_some());
    // Focus moved into it.
    let focused = active().expect("focus");
    assert!(
        pop.contains(Some(focused.unchecked_ref())),
        "focus is not in the popover"
    );
    // It sits at the node: its nearest edge is within 80 px of the node's box.
    let (nl, nt, nr, nb) = rect(&node);
    let (pl, pt, pr, pb) = rect(&pop);
    let dy = if pt >= nb {
        pt - nb
    } else if pb <= nt {
        nt - pb
    } else {
        0.0
    };
    let dx = if pl >= nr {
        pl - nr
    } else if pr <= nl {
        nl - pr
    } else {
        0.0
    };
    assert!(
        dy < 80.0 && dx < 80.0,
        "popover {dx} px / {dy} px away from the node"
    );
    // Escape closes it and focus is back on the node.
    keydown(&focused, "Escape");
    settle().await;
    assert!(q(root, "[data-testid='popover']").is_none());
    let back = active().expect("focus");
    assert_eq!(back.get_attribute("data-testid").as_deref(), Some("node-3"));
    // Space opens it too; a crash from it is applied.
    keydown(&node, " ");
    settle().await;
    let pop = by_testid(root, "popover");
    click(&button(&pop, "Crash node 4").expect("crash"));
    settle().await;
    assert_eq!(
        by_testid(root, "node-3")
            .get_attribute("data-up")
            .as_deref(),
        Some("false")
    );
}
