//! The vector-clock post's Dynamo example, step by step, on the core's version vectors
//! ([`distlab_core::clocks::version_vector`]): two clients write the same key through two
//! replicas from the same old read; the replicas keep both values as siblings; the
//! reader resolves them with a write that carries the merged context.

use distlab_core::clocks::version_vector::Replica;
use distlab_core::clocks::VectorClock;

/// The key's two replicas, and how far the story has gone.
#[derive(Clone, Debug, PartialEq)]
pub struct Dynamo {
    /// Server A and server B.
    pub replicas: [Replica<&'static str>; 2],
    /// The steps taken (0 = the initial value written).
    pub step: usize,
    /// The context both clients read at the start.
    old: VectorClock,
    /// What the last step did, in a sentence.
    pub said: String,
}

/// The steps' buttons, in order (the last is the reader's choice).
pub const STEPS: [&str; 4] = [
    "Client 1 writes v2 through server A",
    "Client 2 writes v3 through server B",
    "Servers A and B exchange versions",
    "Resolve",
];

impl Default for Dynamo {
    fn default() -> Self {
        Self::new()
    }
}

impl Dynamo {
    /// The key with its first value, "https://old.com" at [A:1, B:0], on both servers.
    pub fn new() -> Self {
        let mut a = Replica::new(0, 2);
        let mut b = Replica::new(1, 2);
        a.write("https://old.com", &VectorClock::zero(2));
        b.sync_from(&a);
        let old = a.read().1;
        Self {
            replicas: [a, b],
            step: 0,
            old,
            said: "Both clients read \"https://old.com\" with context [A:1, B:0].".into(),
        }
    }

    /// Take the next step; at the last, `keep` is the value the reader chose.
    pub fn next(&mut self, keep: &'static str) {
        let [a, b] = &mut self.replicas;
        match self.step {
            0 => {
                let v = a.write("https://v2.com", &self.old);
                self.said = format!(
                    "Server A stores v2 at {}: the write's context [A:1, B:0] covers the old value.",
                    show(&v)
                );
            }
            1 => {
                let v = b.write("https://v3.com", &self.old);
                self.said = format!(
                    "Server B stores v3 at {}: it never saw v2, so nothing tells it about A:2.",
                    show(&v)
                );
            }
            2 => {
                let snapshot = b.clone();
                a.sync_from(&snapshot);
                let snapshot = a.clone();
                b.sync_from(&snapshot);
                self.said = "[A:2, B:0] vs [A:1, B:1]: each is ahead in one entry, so they are \
                             concurrent. Both values are kept as siblings; the next read returns \
                             both."
                    .into();
            }
            3 => {
                let ctx = a.read().1;
                let v = a.write(keep, &ctx);
                let snapshot = a.clone();
                b.sync_from(&snapshot);
                self.said = format!(
                    "The client wrote {keep} with the merged context {}: server A stores it at \
                     {}, which covers both siblings, so one value remains everywhere.",
                    show(&ctx),
                    show(&v)
                );
            }
            _ => return,
        }
        self.step += 1;
    }

    /// Whether the story is over.
    pub fn done(&self) -> bool {
        self.step >= STEPS.len()
    }
}

/// A version vector as the post writes it: "[A:2, B:0]".
pub fn show(v: &VectorClock) -> String {
    let parts: Vec<String> =
        v.0.iter()
            .enumerate()
            .map(|(i, c)| format!("{}:{c}", char::from(b'A' + (i % 26) as u8)))
            .collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_posts_story() {
        let mut d = Dynamo::new();
        d.next("");
        assert!(d.said.contains("[A:2, B:0]"));
        d.next("");
        assert!(d.said.contains("[A:1, B:1]"));
        d.next("");
        assert!(d.replicas.iter().all(|r| r.in_conflict()));
        d.next("https://v3.com");
        assert!(d.said.contains("[A:2, B:1]") && d.said.contains("[A:3, B:1]"));
        for r in &d.replicas {
            assert_eq!(r.read().0, vec!["https://v3.com"]);
        }
        assert!(d.done());
        let before = d.clone();
        d.next("x");
        assert_eq!(d, before, "no step past the end");
    }
}
