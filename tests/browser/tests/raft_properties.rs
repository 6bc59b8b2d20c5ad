//! The Raft widget, driven as a reader would: step until a leader exists, crash it and
//! see a higher-term leader, partition and heal, write to the leader and watch the commit
//! index grow, rewind and fork, share a link that replays the same run.

use distlab_browser_tests::*;
use distlab_core::raft::Raft;
use distlab_core::sim::Scenario;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "raft-properties-widget";

/// This file's widget, mounted with these options.
async fn mount(data: &[(&str, &str)]) -> Placeholder {
    mounted(ID, data).await
}

fn attr(root: &Element, id: &str, name: &str) -> String {
    by_testid(root, id).get_attribute(name).unwrap_or_default()
}

fn readout(root: &Element, id: &str) -> String {
    by_testid(root, id).text_content().unwrap_or_default()
}

fn num(root: &Element, id: &str) -> u64 {
    readout(root, id).trim().parse().unwrap_or(0)
}

/// The leader's 0-based id and term, if any.
fn leader(root: &Element) -> Option<(usize, u64)> {
    let el = by_testid(root, "leader");
    let term: u64 = el.get_attribute("data-term")?.parse().ok()?;
    let text = el.text_content().unwrap_or_default();
    let id: usize = text
        .split("node ")
        .nth(1)?
        .split(',')
        .next()?
        .trim()
        .parse()
        .ok()?;
    Some((id - 1, term))
}

async fn step(root: &Element) {
    click(&button(root, "Step").expect("step button"));
    settle().await;
}

async fn step_until(root: &Element, max: usize, mut cond: impl FnMut(&Element) -> bool) -> bool {
    for _ in 0..max {
        if cond(root) {
            return true;
        }
        step(root).await;
    }
    cond(root)
}

async fn select_node(root: &Element, id: usize) {
    fire(&by_testid(root, &format!("node-{id}")), "click");
    settle().await;
}

fn commit_of(root: &Element, id: usize) -> u64 {
    readout(root, &format!("commit-{id}"))
        .trim_start_matches('c')
        .parse()
        .unwrap_or(0)
}

fn all_hold(root: &Element) -> bool {
    (0..5).all(|i| readout(root, &format!("prop-{i}")).contains("holds"))
}

/// Every node's (role, term, commit, up), as the widget shows them.
fn state(root: &Element, n: usize) -> Vec<[String; 4]> {
    (0..n)
        .map(|i| {
            let id = format!("node-{i}");
            [
                attr(root, &id, "data-role"),
                attr(root, &id, "data-term"),
                attr(root, &id, "data-commit"),
                attr(root, &id, "data-up"),
            ]
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_leader_is_elected_and_a_crash_brings_a_higher_term_leader() {
    let ph = mount(&[("seed", "7"), ("nodes", "5")]).await;
    let root = &ph.el;
    assert_eq!(qa(root, "[data-testid^='node-']").len(), 5);
    assert!(
        step_until(root, 1500, |r| leader(r).is_some()).await,
        "no leader"
    );
    let (l, t) = leader(root).expect("leader");
    assert_eq!(attr(root, &format!("node-{l}"), "data-role"), "leader");
    let said = text(root, "[aria-live]");
    assert!(
        said.contains(&format!("Node {} is leader of term {t}", l + 1)),
        "{said}"
    );
    select_node(root, l).await;
    click(&button(root, "Crash node").expect("crash button"));
    settle().await;
    assert_eq!(attr(root, &format!("node-{l}"), "data-up"), "false");
    let higher = step_until(root, 3000, |r| leader(r).is_some_and(|(_, t2)| t2 > t)).await;
    assert!(higher, "no new leader in a higher term");
    assert_ne!(leader(root).map(|x| x.0), Some(l));
    assert!(all_hold(root));
}

#[wasm_bindgen_test]
async fn partition_and_heal_cut_and_restore_links() {
    let ph = mount(&[("seed", "3")]).await;
    let root = &ph.el;
    assert!(qa(root, ".dl-cut").is_empty());
    click(&button(root, "Node 1 in group A").expect("group toggle"));
    settle().await;
    click(&button(root, "Node 2 in group A").expect("group toggle"));
    settle().await;
    click(&by_testid(root, "partition"));
    settle().await;
    // {1,2} | {3,4,5}: 2 × 3 links cut, and the readout names the groups as they are.
    assert_eq!(qa(root, ".dl-cut").len(), 6);
    let now = readout(root, "net-now");
    assert!(now.contains("N1 N2 | N3 N4 N5"), "{now}");
    click(&by_testid(root, "heal"));
    settle().await;
    assert!(qa(root, ".dl-cut").is_empty());
    let now = readout(root, "net-now");
    assert!(now.contains("every node can reach"), "{now}");
}

#[wasm_bindgen_test]
async fn a_client_write_commits_on_a_majority() {
    let ph = mount(&[("seed", "7")]).await;
    let root = &ph.el;
    assert!(step_until(root, 1500, |r| leader(r).is_some()).await);
    let (l, _) = leader(root).expect("leader");
    // Let the leader's no-op commit first.
    step_until(root, 500, |r| commit_of(r, l) > 0).await;
    let before = commit_of(root, l);
    select_node(root, l).await;
    click(&button(root, "Write").expect("write button"));
    settle().await;
    assert!(
        step_until(root, 500, |r| commit_of(r, l) > before).await,
        "commit index did not grow"
    );
    let row = by_testid(root, &format!("log-{l}"));
    assert!(row.text_content().unwrap_or_default().contains("a=1"));
    assert!(all_hold(root));
}

#[wasm_bindgen_test]
async fn rewinding_then_acting_forks_the_future() {
    let ph = mount(&[("seed", "5")]).await;
    let root = &ph.el;
    for _ in 0..120 {
        step(root).await;
    }
    assert_eq!(num(root, "horizon"), 120);
    type_into(&by_testid(root, "scrubber"), "40");
    settle().await;
    assert_eq!(num(root, "position"), 40);
    assert!(readout(root, "fork-note").contains("Rewound"));
    select_node(root, 0).await;
    click(&button(root, "Crash node 1").expect("crash"));
    settle().await;
    assert!(num(root, "horizon") < 120, "horizon kept the old future");
    assert!(readout(root, "fork-note").contains("Forked"));
    assert_eq!(attr(root, "node-0", "data-up"), "false");
}

#[wasm_bindgen_test]
async fn a_copied_link_replays_the_same_run() {
    let ph = mount(&[("seed", "9")]).await;
    let root = &ph.el;
    assert!(step_until(root, 1500, |r| leader(r).is_some()).await);
    let (l, _) = leader(root).expect("leader");
    select_node(root, l).await;
    click(&button(root, "Write").expect("write"));
    settle().await;
    for _ in 0..30 {
        step(root).await;
    }
    select_node(root, (l + 1) % 5).await;
    click(&button(root, "Crash node").expect("crash"));
    settle().await;
    for _ in 0..60 {
        step(root).await;
    }
    let steps = num(root, "position");
    let before = state(root, 5);
    click(&by_testid(root, "copy-link"));
    settle().await;
    let link = by_testid(root, "link-text")
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("input")
        .value();
    let text = link.split("raft=").nth(1).expect("raft= in link");
    let scenario = Scenario::<Raft>::decode(text).expect("link decodes");
    assert_eq!(scenario.seed, 9);
    assert_eq!(scenario.inputs.len(), 2);

    let other = mount(&[("scenario", text)]).await;
    let r2 = &other.el;
    for _ in 0..steps {
        step(r2).await;
    }
    assert_eq!(num(r2, "position"), steps);
    assert_eq!(state(r2, 5), before);
    assert!(all_hold(r2));
}

#[wasm_bindgen_test]
async fn guided_scenarios_load_and_every_badge_holds() {
    let ph = mount(&[("guided", "leader-crash")]).await;
    let root = &ph.el;
    assert!(readout(root, "guided-text").contains("crash"));
    assert!(step_until(root, 400, |r| leader(r).is_some()).await);
    assert!(all_hold(root));
    let sel = by_testid(root, "guided");
    type_into(&sel, "split-vote");
    fire(&sel, "change");
    settle().await;
    assert!(readout(root, "guided-text").contains("split"));
    assert_eq!(num(root, "position"), 0);
}

/// A link is input: one asking for four-billion-tick latencies, a one-tick heartbeat and
/// hundreds of inputs mounts at once, says in one line what was clamped, and Play, Pause
/// and Step answer at once.
#[wasm_bindgen_test]
async fn a_hostile_link_is_clamped_and_the_widget_answers() {
    let mut text = String::from("v1~n7~l1-4000000000~x0~d0~o1~s7~c1-4000000000-1");
    for t in 0..400 {
        text.push_str(&format!("~t{}.c{}.a{t}", t * 1_000_000, t % 7));
    }
    let ph = mount(&[("scenario", &text)]).await;
    let root = &ph.el;
    let note = readout(root, "clamp-note");
    assert!(
        note.contains("latency 1–4000000000 → 1–500 ticks"),
        "{note}"
    );
    assert!(note.contains("heartbeat"), "{note}");
    assert_eq!(qa(root, "[data-testid^='node-']").len(), 7);
    let play = || {
        button(root, "Play")
            .or_else(|| button(root, "Pause"))
            .expect("play")
    };
    click(&play());
    settle().await;
    // Let it run for a while, then pause: the click must be answered at once.
    yew::platform::time::sleep(std::time::Duration::from_millis(1500)).await;
    let t0 = js_sys::Date::now();
    click(&play());
    settle().await;
    let answered = js_sys::Date::now() - t0;
    assert_eq!(
        play().get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(answered < 500.0, "Pause took {answered} ms");
    let before = num(root, "position");
    assert!(before > 0, "it ran");
    step(root).await;
    assert_eq!(num(root, "position"), before + 1);
}

/// Cluster size, latency and loss are set on the page; each change is a fresh run.
#[wasm_bindgen_test]
async fn cluster_size_latency_and_loss_are_set_on_the_page() {
    let ph = mount(&[("seed", "7")]).await;
    let root = &ph.el;
    for _ in 0..20 {
        step(root).await;
    }
    let sel = by_testid(root, "set-nodes");
    type_into(&sel, "3");
    settle().await;
    assert_eq!(qa(root, "[data-testid^='node-']").len(), 3);
    assert_eq!(num(root, "position"), 0);
    type_into(&by_testid(root, "set-latency"), "2");
    settle().await;
    type_into(&by_testid(root, "set-loss"), "100");
    settle().await;
    let said = text(root, "[aria-live]");
    assert!(
        said.contains("3 nodes, latency 30–90 ticks, loss 10 %"),
        "{said}"
    );
    assert!(step_until(root, 1500, |r| leader(r).is_some()).await);
    // The link carries the settings.
    click(&by_testid(root, "copy-link"));
    settle().await;
    let link = by_testid(root, "link-text")
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("input")
        .value();
    assert!(link.contains("~n3~l30-90~x100~"), "{link}");
}

/// "Break it" runs a planted bug: a badge turns red, the alert names the step, and
/// "Rewind to just before it" goes there with every badge green again.
#[wasm_bindgen_test]
async fn break_it_turns_a_badge_red_and_rewinds_before_it() {
    let ph = mount(&[("seed", "7")]).await;
    let root = &ph.el;
    let toggle = by_testid(root, "break-it");
    click(&toggle);
    settle().await;
    assert!(readout(root, "guided-text").contains("Planted bug"));
    assert!(all_hold(root));
    let broke = step_until(root, 400, |r| q(r, "[data-testid='violation']").is_some()).await;
    assert!(broke, "no property failed");
    let red: Vec<usize> = (0..5)
        .filter(|i| readout(root, &format!("prop-{i}")).contains("violated"))
        .collect();
    assert_eq!(red, [3], "Leader Completeness is the one");
    let at = num(root, "position");
    let alert = readout(root, "violation");
    assert!(alert.contains(&format!("after step {at}")), "{alert}");
    click(&by_testid(root, "rewind-violation"));
    settle().await;
    assert_eq!(num(root, "position"), at - 1);
    assert!(all_hold(root));
    assert!(q(root, "[data-testid='violation']").is_none());
}

/// A guided scenario played at 1× pauses at its key moments with one line on what just
/// happened, the first within a few seconds; Play goes on to the next one.
#[wasm_bindgen_test]
async fn a_guided_scenario_pauses_at_its_key_moments() {
    let ph = mount(&[("guided", "leader-crash")]).await;
    let root = &ph.el;
    let play = || {
        button(root, "Play")
            .or_else(|| button(root, "Pause"))
            .expect("play")
    };
    click(&play());
    settle().await;
    let paused = wait_for(6000, || q(root, "[data-testid='moment']").is_some()).await;
    assert!(paused, "no key moment within 6 s");
    assert_eq!(
        play().get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    let first = readout(root, "moment");
    assert!(first.contains("leader of term"), "{first}");
    assert!(text(root, "[aria-live]").contains("Paused:"));
    let at = num(root, "position");
    click(&play());
    settle().await;
    let next = wait_for(10000, || {
        q(root, "[data-testid='moment']").is_some() && num(root, "position") > at
    })
    .await;
    assert!(next, "no second moment");
    let second = readout(root, "moment");
    assert_ne!(second, first);
    assert!(second.contains("committed"), "{second}");
}

/// "Time out now" from a follower's actions: it becomes a candidate of the next term at
/// once; the leader's own button is disabled (it has no election timer to fire).
#[wasm_bindgen_test]
async fn a_follower_told_to_time_out_now_campaigns_in_the_next_term() {
    let ph = mounted(ID, &[("seed", "7")]).await;
    let root = &ph.el;
    assert!(
        step_until(root, 1500, |r| leader(r).is_some()).await,
        "no leader"
    );
    let (l, t) = leader(root).expect("leader");
    select_node(root, l).await;
    let pop = by_testid(root, "popover");
    let leader_button = button(&pop, &format!("Time out node {}", l + 1)).expect("button");
    assert!(leader_button.has_attribute("disabled"));
    let f = (l + 1) % 5;
    select_node(root, f).await;
    let pop = by_testid(root, "popover");
    click(&button(&pop, &format!("Time out node {} now", f + 1)).expect("time out"));
    settle().await;
    let id = format!("node-{f}");
    assert_eq!(attr(root, &id, "data-role"), "candidate");
    assert_eq!(attr(root, &id, "data-term"), (t + 1).to_string());
}
