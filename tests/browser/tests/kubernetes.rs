//! The Docker & Kubernetes explainer, driven as a reader would: the sections by keyboard
//! (arrow keys, Home, End on the tab list) and Back/Next; a Dockerfile change and which
//! layers rebuild; scaling up and stepping until converged; a killed node's pods
//! rescheduled elsewhere; a v2 rollout whose pod counts stay within maxSurge and
//! maxUnavailable on every tick; traffic reaching Ready pods only; and a bad `data-*`
//! option reported while the widget still works.

use distlab_browser_tests::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "docker-kubernetes-widget";

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn state(root: &Element, name: &str) -> u32 {
    attr(&by_testid(root, "state"), name)
        .parse()
        .unwrap_or(u32::MAX)
}

fn section(root: &Element) -> String {
    attr(&by_testid(root, "panel"), "data-section")
}

async fn step(root: &Element) {
    click(&button(root, "Step ticks").expect("step button"));
    settle().await;
}

async fn step_until_converged(root: &Element, max: usize) -> bool {
    for _ in 0..max {
        if attr(&by_testid(root, "state"), "data-status") == "converged" {
            return true;
        }
        step(root).await;
    }
    attr(&by_testid(root, "state"), "data-status") == "converged"
}

#[wasm_bindgen_test]
async fn sections_by_keyboard_and_back_next() {
    let ph = mounted(ID, &[]).await;
    let root = &ph.el;
    assert_eq!(section(root), "containers");
    let first = by_testid(root, "tab-containers");
    assert_eq!(attr(&first, "role"), "tab");
    assert_eq!(attr(&first, "aria-selected"), "true");
    assert_eq!(attr(&by_testid(root, "tab-layers"), "tabindex"), "-1");
    focus(&first);
    keydown(&first, "ArrowRight");
    settle().await;
    assert_eq!(section(root), "layers");
    let active = document().active_element().unwrap();
    assert_eq!(attr(&active, "data-testid"), "tab-layers", "focus follows");
    keydown(&active, "End");
    settle().await;
    assert_eq!(section(root), "cluster");
    keydown(&by_testid(root, "tab-cluster"), "Home");
    settle().await;
    assert_eq!(section(root), "containers");
    keydown(&by_testid(root, "tab-containers"), "ArrowLeft");
    settle().await;
    assert_eq!(section(root), "cluster", "wraps around");
    // Back / Next.
    click(&by_testid(root, "back"));
    settle().await;
    assert_eq!(section(root), "layers");
    click(&by_testid(root, "next"));
    settle().await;
    assert_eq!(section(root), "cluster");
    assert!(live(root).contains("The cluster"), "{}", live(root));
    // Section 1's toggle.
    click(&by_testid(root, "next"));
    settle().await;
    assert_eq!(attr(&by_testid(root, "stack"), "data-view"), "containers");
    click(&by_testid(root, "show-vms"));
    settle().await;
    assert_eq!(attr(&by_testid(root, "stack"), "data-view"), "vms");
    assert!(text(root, "[data-testid='stack']").contains("guest OS kernel"));
}

fn cached(root: &Element) -> Vec<bool> {
    qa(&by_testid(root, "layers"), "li")
        .iter()
        .map(|l| attr(l, "data-cached") == "true")
        .collect()
}

#[wasm_bindgen_test]
async fn changing_an_instruction_shows_which_layers_rebuild() {
    let ph = mounted(ID, &[("section", "layers")]).await;
    let root = &ph.el;
    // The default change: app.py edited → only COPY . . and CMD run again.
    assert_eq!(cached(root), [true, true, true, true, false, false]);
    let digest = text(root, "[data-testid='layer-2'] code.dlk-dg");
    assert!(
        digest.starts_with("sha256:") && digest.len() == 19,
        "{digest}"
    );
    // The requirements layer's diff_id, checked against GNU tar in the core's tests.
    assert_eq!(digest, "sha256:50f33558cd13");
    // requirements.txt changed: from its COPY on.
    type_into(&by_testid(root, "change"), "2");
    settle().await;
    assert_eq!(cached(root), [true, true, false, false, false, false]);
    assert!(live(root).contains("step 3"), "{}", live(root));
    // Nothing changed: all cached.
    type_into(&by_testid(root, "change"), "0");
    settle().await;
    assert_eq!(cached(root), [true; 6]);
    // Copy everything first, then edit the app: pip install runs again too.
    type_into(&by_testid(root, "change"), "1");
    click(&by_testid(root, "copy-first"));
    settle().await;
    // FROM, WORKDIR, COPY . ., RUN, CMD.
    assert_eq!(cached(root), [true, true, false, false, false]);
    assert!(text(root, "[data-testid='layer-3']").contains("RUN pip install"));
}

#[wasm_bindgen_test]
async fn scale_up_and_step_until_converged() {
    let ph = mounted(ID, &[("section", "cluster")]).await;
    let root = &ph.el;
    assert_eq!(state(root, "data-pods"), 0);
    assert!(step_until_converged(root, 20).await);
    assert_eq!(state(root, "data-ready"), 3);
    assert!(text(root, "[data-testid='badge']").contains("Converged"));
    assert!(live(root).contains("Converged"), "{}", live(root));
    click(&by_testid(root, "replicas-plus"));
    click(&by_testid(root, "replicas-plus"));
    settle().await;
    assert_eq!(state(root, "data-replicas"), 5);
    assert_ne!(attr(&by_testid(root, "state"), "data-status"), "converged");
    step(root).await;
    assert!(text(root, "[data-testid='loop']").contains("scheduler bound"));
    assert!(step_until_converged(root, 20).await);
    assert_eq!(state(root, "data-pods"), 5);
    assert_eq!(state(root, "data-ready"), 5);
    assert!(text(root, "[data-testid='scores']").contains("node-1"));
}

fn pods_on(root: &Element, node: usize) -> Vec<String> {
    qa(
        &by_testid(root, &format!("node-{node}")),
        "[data-testid='pod']",
    )
    .iter()
    .map(|p| p.text_content().unwrap_or_default())
    .collect()
}

#[wasm_bindgen_test]
async fn a_killed_node_has_its_pods_rescheduled() {
    let ph = mounted(ID, &[("section", "cluster"), ("replicas", "6")]).await;
    let root = &ph.el;
    assert!(step_until_converged(root, 20).await);
    let before = pods_on(root, 0);
    assert!(!before.is_empty());
    let kill = by_testid(root, "kill-0");
    focus(&kill);
    click(&kill);
    settle().await;
    assert_eq!(attr(&by_testid(root, "node-0"), "data-up"), "false");
    assert!(kill.text_content().unwrap().contains("Restore"));
    let mut saw_not_ready = false;
    let mut said_failure = false;
    for _ in 0..30 {
        step(root).await;
        saw_not_ready |= attr(&by_testid(root, "node-0"), "data-ready") == "false";
        // Below the rollout's lower bound, the state line blames the failure.
        let st = by_testid(root, "state");
        let num = |n: &str| attr(&st, n).parse::<u32>().unwrap_or(0);
        let floor = num("data-replicas").saturating_sub(num("data-unavailable"));
        let blames = st
            .text_content()
            .unwrap_or_default()
            .contains("a node failed");
        assert_eq!(
            blames,
            num("data-ready") < floor,
            "{}",
            st.text_content().unwrap_or_default()
        );
        said_failure |= blames;
        if saw_not_ready && attr(&by_testid(root, "state"), "data-status") == "converged" {
            break;
        }
    }
    assert!(saw_not_ready);
    assert!(
        said_failure,
        "the pods lost with node-0 took Ready below the bound"
    );
    assert_eq!(attr(&by_testid(root, "state"), "data-status"), "converged");
    assert!(pods_on(root, 0).is_empty(), "evicted");
    assert_eq!(pods_on(root, 1).len() + pods_on(root, 2).len(), 6);
    // Restore: the node comes back Ready, empty.
    click(&by_testid(root, "kill-0"));
    step(root).await;
    assert_eq!(attr(&by_testid(root, "node-0"), "data-ready"), "true");
    assert!(focus_inside(root), "focus stayed on a control");
}

#[wasm_bindgen_test]
async fn rolling_out_v2_stays_within_the_bounds() {
    let ph = mounted(
        ID,
        &[("section", "cluster"), ("replicas", "10"), ("nodes", "5")],
    )
    .await;
    let root = &ph.el;
    assert!(step_until_converged(root, 20).await);
    // 25% / 25% of 10: surge 3, unavailable 2.
    assert_eq!(state(root, "data-surge"), 3);
    assert_eq!(state(root, "data-unavailable"), 2);
    click(&by_testid(root, "rollout-v2"));
    settle().await;
    let mut done = false;
    for _ in 0..60 {
        step(root).await;
        let (pods, ready) = (state(root, "data-pods"), state(root, "data-ready"));
        assert!(pods <= 13, "{pods} pods > 10 + 3");
        assert!(ready >= 8, "{ready} Ready < 10 − 2");
        if attr(&by_testid(root, "state"), "data-status") == "converged" {
            done = true;
            break;
        }
    }
    assert!(done);
    let pods = qa(root, "[data-testid='pod']");
    assert_eq!(pods.len(), 10);
    assert!(pods.iter().all(|p| attr(p, "data-version") == "2"));
    // A new ReplicaSet for the new template; the old one kept at 0.
    let rs = text(root, "[data-testid='replica-sets']");
    assert!(rs.contains("(v1) wants 0, 0 Ready"), "{rs}");
    assert!(rs.contains("(v2) wants 10, 10 Ready"), "{rs}");
    // maxSurge 0 and maxUnavailable 0 is refused.
    type_into(&by_testid(root, "max-surge"), "0");
    type_into(&by_testid(root, "max-unavailable"), "0");
    settle().await;
    assert!(live(root).contains("Refused"), "{}", live(root));
    assert_eq!(state(root, "data-unavailable"), 2);
}

#[wasm_bindgen_test]
async fn traffic_reaches_ready_pods_only() {
    let ph = mounted(ID, &[("section", "cluster"), ("replicas", "4")]).await;
    let root = &ph.el;
    assert!(step_until_converged(root, 20).await);
    click(&by_testid(root, "rollout-v3"));
    settle().await;
    for _ in 0..6 {
        step(root).await;
    }
    click(&by_testid(root, "traffic"));
    settle().await;
    for _ in 0..12 {
        step(root).await;
    }
    assert_eq!(attr(&by_testid(root, "state"), "data-status"), "stuck");
    let pods = qa(root, "[data-testid='pod']");
    let v3: Vec<&Element> = pods
        .iter()
        .filter(|p| attr(p, "data-version") == "3")
        .collect();
    assert!(!v3.is_empty());
    assert!(v3
        .iter()
        .all(|p| attr(p, "data-served") == "0" && attr(p, "data-ready") == "false"));
    let served: u32 = pods
        .iter()
        .map(|p| attr(p, "data-served").parse::<u32>().unwrap_or(0))
        .sum();
    assert!(served >= 60, "{served}");
    assert!(text(root, "[data-testid='service']").contains("0 failed"));
}

#[wasm_bindgen_test]
async fn a_bad_option_gives_a_message_and_the_widget_works() {
    let ph = mounted(ID, &[("replicas", "99"), ("section", "nowhere")]).await;
    let root = &ph.el;
    let msgs = text(root, ".dl-option-messages");
    assert!(msgs.contains("data-replicas"), "{msgs}");
    assert!(msgs.contains("data-section"), "{msgs}");
    assert_eq!(section(root), "containers");
    click(&by_testid(root, "tab-cluster"));
    settle().await;
    assert_eq!(state(root, "data-replicas"), 3);
    assert!(step_until_converged(root, 20).await);
}

#[wasm_bindgen_test]
async fn two_copies_on_one_page_have_their_own_tab_ids() {
    let a = mounted(ID, &[]).await;
    let b = mounted(ID, &[]).await;
    let panel = |root: &Element| attr(&by_testid(root, "panel"), "id");
    let (pa, pb) = (panel(&a.el), panel(&b.el));
    assert_ne!(pa, pb, "the two panels share an id");
    for root in [&a.el, &b.el] {
        let p = by_testid(root, "panel");
        // The panel's label is a tab of the same widget, and that tab controls it.
        let label = attr(&p, "aria-labelledby");
        let tab = q(root, &format!("#{label}")).expect("the labelling tab is in this widget");
        assert_eq!(attr(&tab, "aria-controls"), attr(&p, "id"));
    }
}
