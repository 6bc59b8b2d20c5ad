//! Times one gossip run and 1,000 seeded trials at N = 1,000 (a quick local measurement).
use distlab_core::gossip::rounds::{run, trials};
use distlab_core::gossip::{Mode, Spread};
fn main() {
    let s = Spread {
        nodes: 1000,
        fanout: 3,
        mode: Mode::Push,
        loss_permille: 0,
        dead: 0,
    };
    let t = std::time::Instant::now();
    let r = run(&s, 1);
    println!(
        "one run {:?} rounds {} msgs {}",
        t.elapsed(),
        r.curve.len(),
        r.messages
    );
    let t = std::time::Instant::now();
    let tr = trials(&s, 1, 1000);
    println!("1000 {:?} {:?}", t.elapsed(), tr.full_quantile(0.5));
}
