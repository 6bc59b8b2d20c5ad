//! # How fast a rumour spreads: the fast round model, the expected curve, the post's estimate
//!
//! The engine runs every message as an event, which is what a reader watches. To say how
//! a *setting* behaves (not one run) the widget needs hundreds of runs at up to 1,000
//! nodes at once, so this module has a second simulator that does the same thing round by
//! round on a bitset, with no queue and no latency:
//!
//! ```text
//!   round r:  for each live node i, in id order
//!               pick k distinct peers ≠ i uniformly at random
//!               push:       if i knew at the start of r, each peer learns unless the message is lost
//!               pull:       if i did not know, it learns if a peer knew at the start of r
//!                           and neither the request nor the answer is lost
//!               push-pull:  both of the above on the same k peers
//!             what anyone learnt in round r is used from round r + 1 on
//! ```
//!
//! It is the engine's protocol without time inside a round: on the engine too a node
//! answers with what it knew when the round began, so the two differ only in how the
//! random draws fall, and a test checks that their distributions agree.
//!
//! Beside it, two curves that need no simulation:
//!
//! - [`expected_curve`]: the mean-field recursion. With `i` of `L` live nodes informed,
//!   `q = 1 − loss`, and `N − 1` possible peers, an uninformed live node stays uninformed
//!   through a round with probability
//!   `push: (1 − q·k/(N−1))^i`, `pull: (1 − q²·i/(N−1))^k`, `push-pull: the product`,
//!   so `E[i'] = i + (L − i)·(1 − P(stay))`.
//! - [`post_estimate`]: the post's `log_k(N)` rounds (`log₂ N` for k = 1, as its school
//!   analogy doubles each round). It counts only the exponential start: every informed
//!   node reaching `k` *new* nodes each round. Once most nodes know, most messages land on
//!   nodes that already know, and the last few stragglers take about `ln(N)/k` more
//!   rounds (Pittel, 1987: push needs `log_{k+1} N + ln(N)/k + O(1)`). So the estimate is
//!   optimistic, and the widget says by how much.

use super::node::Mode;
use crate::sim::NodeId;

/// Most rounds a run is followed for (a run at 100 % loss never ends).
pub const MAX_ROUNDS: usize = 100;

/// One setting of the spread: what the widget's sliders choose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// Cluster size N.
    pub nodes: usize,
    /// Fanout k.
    pub fanout: usize,
    /// Push, pull or push-pull.
    pub mode: Mode,
    /// Message loss, ‰.
    pub loss_permille: u16,
    /// Nodes down from the start (never the origin).
    pub dead: usize,
}

impl Spread {
    /// The rumour's first node.
    pub const ORIGIN: NodeId = 0;

    /// Live nodes.
    pub fn live(&self) -> usize {
        self.nodes - self.dead.min(self.nodes.saturating_sub(1))
    }
}

/// Which nodes are down from the start for a seed: `dead` distinct nodes other than the
/// origin, the same for the engine run and the fast model.
pub fn dead_nodes(nodes: usize, dead: usize, seed: u64) -> Vec<bool> {
    let mut down = vec![false; nodes];
    if nodes < 2 {
        return down;
    }
    let dead = dead.min(nodes - 1);
    let mut rng = FastRng::new(seed ^ 0xDEAD_0DE5);
    let mut chosen = 0;
    while chosen < dead {
        let i = 1 + below(&mut rng, nodes as u32 - 1) as usize;
        if !down[i] {
            down[i] = true;
            chosen += 1;
        }
    }
    down
}

/// The fast model's random numbers: xoshiro128++ (Blackman and Vigna), its state filled
/// from the seed by SplitMix64. The engine draws from ChaCha8; here a run needs thousands
/// of draws and a setting hundreds of runs, so a generator of four 32-bit words that
/// costs a few instructions per draw (natively and in wasm alike) does the sampling. It is
/// plenty for choosing peers; it is not for secrets.
#[derive(Clone, Debug)]
pub struct FastRng([u32; 4]);

impl FastRng {
    /// The generator for `seed`.
    pub fn new(seed: u64) -> Self {
        let mut z = seed;
        let mut next = || {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^ (x >> 31)
        };
        let (a, b) = (next(), next());
        let mut s = [a as u32, (a >> 32) as u32, b as u32, (b >> 32) as u32];
        if s == [0; 4] {
            s[0] = 1; // the one state xoshiro cannot leave
        }
        FastRng(s)
    }

    /// The next 32 random bits.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        let s = &mut self.0;
        let out = s[0].wrapping_add(s[3]).rotate_left(7).wrapping_add(s[0]);
        let t = s[1] << 9;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(11);
        out
    }
}

/// Uniform in `0..n` (1 ≤ n < 2³²) by Lemire's multiply-and-reject: one 32-bit draw and
/// a multiplication, with a division only in the rare rejection check — the fast model
/// draws millions of these per setting.
#[inline]
fn below(rng: &mut FastRng, n: u32) -> u32 {
    let mut m = u64::from(rng.next_u32()) * u64::from(n);
    if (m as u32) < n {
        let t = n.wrapping_neg() % n;
        while (m as u32) < t {
            m = u64::from(rng.next_u32()) * u64::from(n);
        }
    }
    (m >> 32) as u32
}

/// The curve of one run: informed live nodes after each round (`curve[0] = 1`, the
/// origin), up to the round everyone live knew, or [`MAX_ROUNDS`].
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Informed live nodes after round `r`.
    pub curve: Vec<u32>,
    /// The round after which every live node knew, if it came.
    pub full: Option<u32>,
    /// Messages sent (requests and answers, lost ones included).
    pub messages: u64,
}

/// Run the fast model once.
pub fn run(s: &Spread, seed: u64) -> Run {
    let n = s.nodes.max(1);
    let down = dead_nodes(n, s.dead, seed);
    let live = down.iter().filter(|d| !**d).count() as u32;
    let mut rng = FastRng::new(seed);
    let mut known = vec![false; n];
    let mut next = vec![false; n];
    known[Spread::ORIGIN] = true;
    next[Spread::ORIGIN] = true;
    let mut count = 1u32;
    let mut curve = vec![1u32];
    let mut messages = 0u64;
    let k = s.fanout.clamp(1, 8).min(n - 1);
    let loss = u32::from(s.loss_permille.min(1000));
    let lost = |rng: &mut FastRng| loss > 0 && below(rng, 1000) < loss;
    let mut peers = [0usize; 8];
    while count < live && curve.len() <= MAX_ROUNDS {
        for i in 0..n {
            if down[i] {
                continue;
            }
            let knows = known[i];
            let acts = match s.mode {
                Mode::Push => knows,
                Mode::Pull => !knows,
                Mode::PushPull => true,
            };
            if !acts {
                continue;
            }
            // k distinct peers ≠ i, as the engine's node picks them.
            let mut got = 0;
            while got < k {
                let r = below(&mut rng, n as u32 - 1) as usize;
                let p = if r >= i { r + 1 } else { r };
                if !peers[..got].contains(&p) {
                    peers[got] = p;
                    got += 1;
                }
            }
            for &p in &peers[..k] {
                messages += 1;
                let delivered = !lost(&mut rng) && !down[p];
                match s.mode {
                    Mode::Push => {
                        if delivered {
                            next[p] = true;
                        }
                    }
                    Mode::Pull | Mode::PushPull => {
                        if delivered && knows {
                            next[p] = true; // push-pull's push half
                        }
                        // The answer: only worth sending if it teaches something.
                        if delivered && !knows && known[p] {
                            messages += 1;
                            if !lost(&mut rng) {
                                next[i] = true;
                            }
                        }
                    }
                }
            }
        }
        count = 0;
        for i in 0..n {
            known[i] = next[i];
            count += u32::from(known[i] && !down[i]);
        }
        curve.push(count);
    }
    let full = (count >= live).then(|| curve.len() as u32 - 1);
    Run {
        curve,
        full,
        messages,
    }
}

/// Many seeded runs of one setting.
#[derive(Clone, Debug, PartialEq)]
pub struct Trials {
    /// The runs, in seed order.
    pub runs: Vec<Run>,
    /// Live nodes.
    pub live: u32,
}

/// `count` runs with seeds `first_seed, first_seed + 1, …`.
pub fn trials(s: &Spread, first_seed: u64, count: usize) -> Trials {
    let runs = (0..count as u64)
        .map(|i| run(s, first_seed.wrapping_add(i)))
        .collect();
    Trials {
        runs,
        live: s.live() as u32,
    }
}

impl Trials {
    /// Informed live nodes after round `r` in a run that had already finished is its
    /// final count (everyone live).
    fn at(run: &Run, r: usize) -> u32 {
        run.curve.get(r).or(run.curve.last()).copied().unwrap_or(0)
    }

    /// The `q`-quantile (0..=1, nearest rank) of informed live nodes after round `r`.
    pub fn quantile_at(&self, r: usize, q: f64) -> u32 {
        let mut v: Vec<u32> = self.runs.iter().map(|run| Self::at(run, r)).collect();
        nearest_rank(&mut v, q).unwrap_or(0)
    }

    /// Mean informed live nodes after round `r`.
    pub fn mean_at(&self, r: usize) -> f64 {
        if self.runs.is_empty() {
            return 0.0;
        }
        self.runs
            .iter()
            .map(|run| Self::at(run, r) as f64)
            .sum::<f64>()
            / self.runs.len() as f64
    }

    /// Rounds until every live node knew, per run that got there, sorted.
    pub fn full_rounds(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.runs.iter().filter_map(|r| r.full).collect();
        v.sort_unstable();
        v
    }

    /// Runs that did not reach everyone within [`MAX_ROUNDS`].
    pub fn unfinished(&self) -> usize {
        self.runs.iter().filter(|r| r.full.is_none()).count()
    }

    /// The `q`-quantile of rounds to full spread over the runs that finished.
    pub fn full_quantile(&self, q: f64) -> Option<u32> {
        nearest_rank(&mut self.full_rounds(), q)
    }

    /// The longest run's length in rounds.
    pub fn max_rounds(&self) -> usize {
        self.runs
            .iter()
            .map(|r| r.curve.len() - 1)
            .max()
            .unwrap_or(0)
    }
}

fn nearest_rank(v: &mut [u32], q: f64) -> Option<u32> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let rank = (q.clamp(0.0, 1.0) * v.len() as f64).ceil() as usize;
    Some(v[rank.clamp(1, v.len()) - 1])
}

/// The mean-field expected informed live nodes after each round, until fewer than half a
/// node is expected to be left out (or [`MAX_ROUNDS`]).
pub fn expected_curve(s: &Spread) -> Vec<f64> {
    let n = s.nodes.max(2) as f64;
    let live = s.live() as f64;
    let k = s.fanout.clamp(1, 8).min(s.nodes.max(2) - 1) as f64;
    let q = 1.0 - f64::from(s.loss_permille.min(1000)) / 1000.0;
    let mut i = 1.0f64;
    let mut out = vec![i];
    while live - i >= 0.5 && out.len() <= MAX_ROUNDS {
        let push_stay = (1.0 - q * k / (n - 1.0)).max(0.0).powf(i);
        let pull_stay = (1.0 - q * q * i / (n - 1.0)).max(0.0).powf(k);
        let stay = match s.mode {
            Mode::Push => push_stay,
            Mode::Pull => pull_stay,
            Mode::PushPull => push_stay * pull_stay,
        };
        let next = i + (live - i) * (1.0 - stay);
        if next - i < 1e-9 {
            break; // nothing spreads (100 % loss)
        }
        i = next;
        out.push(i);
    }
    out
}

/// The post's estimate, `log_k(N)` rounds (`log₂ N` for k = 1).
pub fn post_estimate(nodes: usize, fanout: usize) -> f64 {
    let n = nodes.max(1) as f64;
    let base = if fanout <= 1 { 2.0 } else { fanout as f64 };
    n.ln() / base.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(nodes: usize, fanout: usize, mode: Mode) -> Spread {
        Spread {
            nodes,
            fanout,
            mode,
            loss_permille: 0,
            dead: 0,
        }
    }

    #[test]
    fn xoshiro128pp_matches_its_reference_output() {
        // The reference implementation (xoshiro128plusplus.c) from the state 1, 2, 3, 4.
        let mut r = FastRng([1, 2, 3, 4]);
        let got: Vec<u32> = (0..4).map(|_| r.next_u32()).collect();
        assert_eq!(got, [641, 1_573_767, 3_222_811_527, 3_517_856_514]);
    }

    #[test]
    fn below_is_uniform_enough() {
        let mut r = FastRng::new(5);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[below(&mut r, 10) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn the_posts_numbers() {
        // "For k=3 and N=100: log₃(100) ≈ 4.2 rounds"; the analogy's "log₂(100)" ≈ 6.6.
        assert!((post_estimate(100, 3) - 4.19).abs() < 0.01);
        assert!((post_estimate(100, 1) - 6.64).abs() < 0.01);
    }

    #[test]
    fn runs_are_deterministic_and_monotone() {
        for mode in Mode::ALL {
            let s = spread(200, 2, mode);
            let a = run(&s, 7);
            assert_eq!(a, run(&s, 7));
            assert!(a.curve.windows(2).all(|w| w[0] <= w[1]));
            assert_eq!(a.curve[0], 1);
            assert_eq!(a.full, Some(a.curve.len() as u32 - 1));
            assert_eq!(*a.curve.last().unwrap(), 200);
        }
    }

    #[test]
    fn total_loss_never_spreads_and_stops() {
        let s = Spread {
            loss_permille: 1000,
            ..spread(50, 3, Mode::PushPull)
        };
        let r = run(&s, 1);
        assert_eq!(r.full, None);
        assert_eq!(r.curve.len(), MAX_ROUNDS + 1);
        assert!(r.curve.iter().all(|&c| c == 1));
        assert_eq!(expected_curve(&s), vec![1.0]);
    }

    #[test]
    fn dead_nodes_are_never_the_origin_and_counted_exactly() {
        for seed in 0..50 {
            let d = dead_nodes(30, 10, seed);
            assert!(!d[0]);
            assert_eq!(d.iter().filter(|x| **x).count(), 10);
        }
        // Asking for more dead nodes than there are others leaves the origin alone.
        assert_eq!(dead_nodes(5, 9, 1).iter().filter(|x| **x).count(), 4);
    }
}
