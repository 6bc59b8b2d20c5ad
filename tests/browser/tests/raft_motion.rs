//! `prefers-reduced-motion` changes the Raft animation: no message slides along its
//! link and no timer arc sweeps; the widget jumps from state to state. The kit's
//! override stands in for the media query (headless Chromium cannot set it per test).

use distlab_browser_tests::*;
use distlab_kit::sim::motion;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "raft-properties-widget";

fn progresses(root: &Element) -> Vec<String> {
    qa(root, ".dl-msg")
        .iter()
        .filter_map(|m| m.get_attribute("data-progress"))
        .collect()
}

fn arcs(root: &Element) -> Vec<String> {
    qa(root, ".raft-timer")
        .iter()
        .filter_map(|m| m.get_attribute("data-permille"))
        .collect()
}

/// Plays `root` for `frames` × 60 ms, collecting every flight progress and arc seen.
async fn watch(root: &Element, frames: usize) -> (Vec<String>, Vec<String>) {
    click(&button(root, "Play").expect("play"));
    let (mut p, mut a) = (Vec::new(), Vec::new());
    for _ in 0..frames {
        yew::platform::time::sleep(std::time::Duration::from_millis(60)).await;
        p.extend(progresses(root));
        a.extend(arcs(root));
    }
    (p, a)
}

#[wasm_bindgen_test]
async fn reduced_motion_jumps_between_states() {
    motion::set_override(Some(true));
    let ph = mounted(ID, &[("seed", "7")]).await;
    let (p, a) = watch(&ph.el, 40).await;
    motion::set_override(None);
    assert!(!p.is_empty() && !a.is_empty(), "nothing was drawn");
    assert!(p.iter().all(|v| v == "500"), "a message moved: {p:?}");
    assert!(
        a.iter()
            .all(|v| ["0", "250", "500", "750", "1000"].contains(&v.as_str())),
        "an arc swept: {a:?}"
    );
}

#[wasm_bindgen_test]
async fn full_motion_animates() {
    motion::set_override(Some(false));
    let ph = mounted(ID, &[("seed", "7")]).await;
    let (p, a) = watch(&ph.el, 40).await;
    motion::set_override(None);
    assert!(p.iter().any(|v| v != "500"), "no message moved: {p:?}");
    assert!(
        a.iter()
            .any(|v| !["0", "250", "500", "750", "1000"].contains(&v.as_str())),
        "no arc swept"
    );
}
