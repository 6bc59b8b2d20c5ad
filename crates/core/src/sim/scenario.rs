//! Scenarios and their URL-safe text form.
//!
//! A scenario is everything a run depends on: cluster size, network, protocol settings, the
//! seed and the timed inputs. Its text form uses only URL-unreserved characters
//! (`A-Z a-z 0-9 - . _ ~`), so it can sit in a URL fragment or a `data-` attribute as is.
//! Fields are separated by `~`; within an input, parts by `.`:
//!
//! ```text
//! v1~n40~l10-30~x20~d5~o1~s42~c150-300-50~t100.k2~t300.r_12~t350.p01-2_10_11~t400.h~t420.c3.a7
//!  │  │   │      │   │  │  │   │          │        │          │               │      └ client: node 3, request "a7"
//!  │  │   │      │   │  │  │   │          │        │          │               └ heal
//!  │  │   │      │   │  │  │   │          │        │          └ partition {0,1} {2,36,37}
//!  │  │   │      │   │  │  │   │          │        └ restart node 38 (`_12`: 1·36 + 2) at t=300
//!  │  │   │      │   │  │  │   │          └ crash node 2 at t=100
//!  │  │   │      │   │  │  │   └ protocol config (the protocol's own TextCodec)
//!  │  │   │      │   │  │  └ seed
//!  │  │   │      │   │  └ reorder allowed (1) or FIFO links (0)
//!  │  │   │      │   └ duplication ‰
//!  │  │   │      └ loss ‰
//!  │  │   └ latency range in ticks
//!  │  └ nodes (1..=1296)
//!  └ format version
//! ```
//!
//! Also: `b<from><to>` blocks a link, `u<from><to>` unblocks it, `f<from><to>` drops what
//! is in flight on it, `e<node>` makes every timer of the node fire at the next tick (time
//! out now).
//!
//! **Node ids** are tokens read one at a time, with no separator between them: ids 0..=35
//! are one base-36 digit (`0`–`9`, `a`–`z`), exactly as in links written before larger
//! clusters existed, so those links decode and re-encode unchanged; ids 36..=1295 are `_`
//! followed by exactly two lowercase base-36 digits of the id itself (36 → `_10`,
//! 999 → `_rr`, 1295 → `_zz`), hence at most [`MAX_NODES`] = 1296 nodes. Every id has one
//! written form: `_` with an id below 36 (`_05`) is refused. On reading, a single digit may
//! also be an uppercase letter (`A` = 10, as it always could); the two digits after `_`
//! must be lowercase. Decoding never panics: anything malformed (`_` alone or with one
//! digit, a non-digit, an id not below the node count, ...) is a [`ScenarioError`] that
//! names the problem.
//!
//! (No serde: this hand-written form is shorter than any generic encoding, needs no
//! dependency in the wasm bundle, and is easy to read in a bug report.)

use super::{Input, NetConfig, NodeId, Protocol, Time, MAX_NODES};

/// A compact text form for protocol-specific parts of a scenario (config and requests).
/// The text must use only `A-Z a-z 0-9 -` and `_` (no `.` or `~`, which separate fields).
pub trait TextCodec: Sized {
    /// Append the text form.
    fn encode(&self, out: &mut String);
    /// Parse the text form.
    fn decode(s: &str) -> Result<Self, ScenarioError>;
}

/// Why a scenario string could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad scenario: {}", self.0)
    }
}

impl std::error::Error for ScenarioError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError(msg.into()))
}

/// Everything a run depends on.
#[derive(Clone, Debug)]
pub struct Scenario<P: Protocol> {
    /// Cluster size, `1..=`[`MAX_NODES`].
    pub nodes: usize,
    /// The network's behaviour.
    pub net: NetConfig,
    /// The protocol's settings.
    pub config: P::Config,
    /// Seed of the one RNG.
    pub seed: u64,
    /// What happens from outside, and when (applied in time order; ties keep list order).
    pub inputs: Vec<(Time, Input<P::Request>)>,
}

// By hand: a derive would demand `P: PartialEq`, but only the parts below matter.
impl<P: Protocol> PartialEq for Scenario<P> {
    fn eq(&self, other: &Self) -> bool {
        self.nodes == other.nodes
            && self.net == other.net
            && self.config == other.config
            && self.seed == other.seed
            && self.inputs == other.inputs
    }
}

impl<P: Protocol> Scenario<P> {
    /// A scenario with default network and protocol settings and no inputs.
    pub fn new(nodes: usize, seed: u64) -> Self {
        Scenario {
            nodes,
            net: NetConfig::default(),
            config: P::Config::default(),
            seed,
            inputs: Vec::new(),
        }
    }

    /// The URL-safe text form (see the module docs).
    pub fn encode(&self) -> String {
        let n = &self.net;
        let mut s = format!(
            "v1~n{}~l{}-{}~x{}~d{}~o{}~s{}~c",
            self.nodes,
            n.latency_min,
            n.latency_max,
            n.loss_permille,
            n.dup_permille,
            u8::from(n.reorder),
            self.seed
        );
        self.config.encode(&mut s);
        for (t, input) in &self.inputs {
            s.push_str(&format!("~t{t}."));
            match input {
                Input::Client { node, request } => {
                    s.push('c');
                    write_id(&mut s, *node);
                    s.push('.');
                    request.encode(&mut s);
                }
                Input::Crash(a) => {
                    s.push('k');
                    write_id(&mut s, *a);
                }
                Input::Restart(a) => {
                    s.push('r');
                    write_id(&mut s, *a);
                }
                Input::Expire(a) => {
                    s.push('e');
                    write_id(&mut s, *a);
                }
                Input::Partition(groups) => {
                    s.push('p');
                    for (i, g) in groups.iter().enumerate() {
                        if i > 0 {
                            s.push('-');
                        }
                        g.iter().for_each(|&m| write_id(&mut s, m));
                    }
                }
                Input::Heal => s.push('h'),
                Input::Block { from, to } => {
                    s.push('b');
                    write_id(&mut s, *from);
                    write_id(&mut s, *to);
                }
                Input::Unblock { from, to } => {
                    s.push('u');
                    write_id(&mut s, *from);
                    write_id(&mut s, *to);
                }
                Input::DropInFlight { from, to } => {
                    s.push('f');
                    write_id(&mut s, *from);
                    write_id(&mut s, *to);
                }
            }
        }
        s
    }

    /// Parse the text form. Never panics; junk gives an error.
    pub fn decode(text: &str) -> Result<Self, ScenarioError> {
        if text.len() > 1 << 20 {
            return err("longer than 1 MiB");
        }
        let mut fields = text.split('~');
        if fields.next() != Some("v1") {
            return err("expected version v1");
        }
        let mut nodes = None;
        let mut net = NetConfig::default();
        let mut seed = None;
        let mut config = None;
        let mut inputs = Vec::new();
        for f in fields {
            let Some(tag) = f.chars().next() else {
                return err("empty field");
            };
            let rest = &f[tag.len_utf8()..];
            match tag {
                'n' => {
                    let v: usize = num(rest)?;
                    if !(1..=MAX_NODES).contains(&v) {
                        return err(format!("nodes must be 1..={MAX_NODES}"));
                    }
                    nodes = Some(v);
                }
                'l' => {
                    let (a, b) = rest
                        .split_once('-')
                        .ok_or(ScenarioError("latency".into()))?;
                    net.latency_min = num(a)?;
                    net.latency_max = num(b)?;
                    if net.latency_min > net.latency_max || net.latency_max > 1 << 32 {
                        return err("latency range");
                    }
                }
                'x' => net.loss_permille = permille(rest)?,
                'd' => net.dup_permille = permille(rest)?,
                'o' => {
                    net.reorder = match rest {
                        "0" => false,
                        "1" => true,
                        _ => return err("reorder must be 0 or 1"),
                    }
                }
                's' => seed = Some(num(rest)?),
                'c' => config = Some(P::Config::decode(rest)?),
                't' => inputs.push(input::<P>(rest, nodes)?),
                _ => return err(format!("unknown field '{tag}'")),
            }
        }
        let (Some(nodes), Some(seed)) = (nodes, seed) else {
            return err("missing nodes or seed");
        };
        Ok(Scenario {
            nodes,
            net,
            config: config.unwrap_or_default(),
            seed,
            inputs,
        })
    }
}

/// Node ids below this are one base-36 digit; the others `_` and two digits.
const ONE_DIGIT: usize = 36;

/// Append node `id`'s token (see the module docs). An id of `MAX_NODES` or more has no
/// text form: it is written `__`, which decoding refuses (as it refuses a node count
/// above `MAX_NODES`), rather than as some other, valid id.
fn write_id(out: &mut String, id: NodeId) {
    let digit = |d: usize| char::from_digit(d as u32, 36).unwrap_or('_');
    if id < ONE_DIGIT {
        out.push(digit(id));
    } else if id < MAX_NODES {
        out.push('_');
        out.push(digit(id / 36));
        out.push(digit(id % 36));
    } else {
        out.push_str("__");
    }
}

/// Reads node id tokens off the front of a text, one at a time (see the module docs).
struct Ids<'a> {
    rest: &'a [u8],
    /// Ids must be below this.
    nodes: usize,
}

impl<'a> Ids<'a> {
    fn new(text: &'a str, nodes: usize) -> Self {
        Ids {
            rest: text.as_bytes(),
            nodes,
        }
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next id; an error if there is none or it is malformed or out of range.
    fn next_id(&mut self) -> Result<NodeId, ScenarioError> {
        let (id, len) = match *self.rest {
            [] => return err("a node id is missing"),
            [b'_', ..] => {
                let lower = |b: Option<&u8>| -> Option<usize> {
                    let b = *b?;
                    let d = (b as char).to_digit(36)?;
                    (!b.is_ascii_uppercase()).then_some(d as usize)
                };
                let (Some(hi), Some(lo)) = (lower(self.rest.get(1)), lower(self.rest.get(2)))
                else {
                    return err(format!(
                        "node id \"{}\": `_` must be followed by two lowercase base-36 digits",
                        self.shown(3)
                    ));
                };
                let id = hi * 36 + lo;
                if id < ONE_DIGIT {
                    return err(format!(
                        "node id \"{}\": ids below 36 are one digit (`{}`)",
                        self.shown(3),
                        char::from_digit(id as u32, 36).unwrap_or('?')
                    ));
                }
                (id, 3)
            }
            [b, ..] => match (b as char).to_digit(36) {
                Some(d) => (d as usize, 1),
                None => {
                    return err(format!(
                        "node id \"{}\": not a base-36 digit",
                        self.shown(1)
                    ))
                }
            },
        };
        if id >= self.nodes {
            return err(format!(
                "node {id} out of range (the scenario has {} nodes)",
                self.nodes
            ));
        }
        self.rest = &self.rest[len..];
        Ok(id)
    }

    /// Up to `k` bytes at the front, for an error message.
    fn shown(&self, k: usize) -> String {
        String::from_utf8_lossy(&self.rest[..k.min(self.rest.len())]).into_owned()
    }
}

/// Parse a plain decimal number (digits only: no sign, no spaces).
pub(crate) fn num<T: std::str::FromStr>(s: &str) -> Result<T, ScenarioError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return err(format!("not a number: \"{s}\""));
    }
    s.parse()
        .map_err(|_| ScenarioError(format!("number out of range: \"{s}\"")))
}

fn permille(s: &str) -> Result<u16, ScenarioError> {
    let v: u16 = num(s)?;
    if v > 1000 {
        return err("probability above 1000 permille");
    }
    Ok(v)
}

fn input<P: Protocol>(
    s: &str,
    nodes: Option<usize>,
) -> Result<(Time, Input<P::Request>), ScenarioError> {
    let Some(n) = nodes else {
        return err("inputs must come after the node count");
    };
    let (t, rest) = s
        .split_once('.')
        .ok_or(ScenarioError("input time".into()))?;
    let t: Time = num(t)?;
    let mut cs = rest.chars();
    let kind = cs.next();
    let body = cs.as_str();
    let two = |body: &str| -> Result<(NodeId, NodeId), ScenarioError> {
        let mut ids = Ids::new(body, n);
        let (a, b) = (ids.next_id()?, ids.next_id()?);
        if !ids.is_empty() {
            return err("trailing characters after two node ids");
        }
        Ok((a, b))
    };
    let one = |body: &str| -> Result<NodeId, ScenarioError> {
        let mut ids = Ids::new(body, n);
        let a = ids.next_id()?;
        if !ids.is_empty() {
            return err("trailing characters after a node id");
        }
        Ok(a)
    };
    let input = match kind {
        Some('c') => {
            let (who, req) = body.split_once('.').ok_or(ScenarioError("client".into()))?;
            Input::Client {
                node: one(who)?,
                request: P::Request::decode(req)?,
            }
        }
        Some('k') => Input::Crash(one(body)?),
        Some('r') => Input::Restart(one(body)?),
        Some('e') => Input::Expire(one(body)?),
        Some('h') if body.is_empty() => Input::Heal,
        Some('p') => {
            let mut groups = Vec::new();
            let mut seen = vec![false; n];
            for g in body.split('-') {
                let mut members = Vec::new();
                let mut ids = Ids::new(g, n);
                while !ids.is_empty() {
                    let id = ids.next_id()?;
                    if std::mem::replace(&mut seen[id], true) {
                        return err(format!("node {id} in two groups"));
                    }
                    members.push(id);
                }
                groups.push(members);
            }
            Input::Partition(groups)
        }
        Some('b') => {
            let (from, to) = two(body)?;
            Input::Block { from, to }
        }
        Some('u') => {
            let (from, to) = two(body)?;
            Input::Unblock { from, to }
        }
        Some('f') => {
            let (from, to) = two(body)?;
            Input::DropInFlight { from, to }
        }
        _ => return err(format!("unknown input \"{rest}\"")),
    };
    Ok((t, input))
}
