//! Shared by the native bench (`src/main.rs`) and the browser bench (`tests/browser.rs`):
//! the inputs, the implementations timed, an independent reference root, and the report
//! lines `cargo xtask bench` reads.
//!
//! Every implementation is timed doing the same work: hashing every leaf, then every
//! inner node, up to the root. Each result line carries the root it computed, and
//! xtask checks it against the reference root of the same scheme, so a fast wrong
//! answer cannot hide in the table.

use distlab_core::merkle::{MerkleTree, Scheme};
use distlab_core::sha256x4::{hash1, hash4, Parts};
use rs_merkle::Hasher as _;
use sha2::{Digest as _, Sha256};

/// One input: `leaves` blocks of `leaf_bytes` bytes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    /// log2 of the number of leaves.
    pub log2: u32,
    /// Bytes per leaf.
    pub leaf_bytes: usize,
}

/// The cases of issue 2, item 8: 2^20 leaves of 32 bytes and 1,024 leaves of 4 KiB.
pub const CASES: [Case; 2] = [
    Case {
        log2: 20,
        leaf_bytes: 32,
    },
    Case {
        log2: 10,
        leaf_bytes: 4096,
    },
];

impl Case {
    /// Number of leaves.
    pub fn leaves(self) -> usize {
        1 << self.log2
    }

    /// The id in report lines, e.g. `2^20x32B` (the Node script prints the same).
    pub fn id(self) -> String {
        format!("2^{}x{}B", self.log2, self.leaf_bytes)
    }

    /// The leaf bytes, all leaves back to back (see [`leaf_stream`]).
    pub fn data(self) -> Vec<u8> {
        leaf_stream(self.leaves() * self.leaf_bytes)
    }
}

/// `len` bytes of a xorshift32 stream from a fixed seed, four bytes little-endian per
/// step. `benches/node/merkletreejs.mjs` generates the very same bytes, so every
/// implementation, native, wasm or JavaScript, hashes the same leaves.
pub fn leaf_stream(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    let mut out = Vec::with_capacity(len + 4);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The leaves of `data` as slices of `leaf_bytes` bytes.
pub fn split(data: &[u8], leaf_bytes: usize) -> Vec<&[u8]> {
    data.chunks_exact(leaf_bytes).collect()
}

/// SHA-256 of the concatenation of `parts`, with the `sha2` crate's ordinary API.
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The Merkle Tree Hash of RFC 6962 §2.1, written from the RFC's recursive definition
/// (split at the largest power of two below `n`), independently of distlab-core's
/// level-by-level code: `prefixed` = RFC 6962 (0x00 leaf / 0x01 node prefixes);
/// without, the same shape with no prefixes (what rs_merkle computes).
pub fn reference_root(prefixed: bool, leaves: &[&[u8]]) -> [u8; 32] {
    let (leaf, node): (&[u8], &[u8]) = if prefixed { (&[0], &[1]) } else { (&[], &[]) };
    match leaves.len() {
        0 => sha256(&[]),
        1 => sha256(&[leaf, leaves[0]]),
        n => {
            let k = 1 << (usize::BITS - 1 - (n - 1).leading_zeros());
            let (l, r) = leaves.split_at(k);
            let (l, r) = (reference_root(prefixed, l), reference_root(prefixed, r));
            sha256(&[node, &l, &r])
        }
    }
}

/// RFC 6962's published roots for the first 1..=8 leaves of its test vectors
/// (`RootHashes()` / `LeafInputs()` in transparency-dev/merkle `testonly/constants.go`):
/// anchors [`reference_root`] to known answers before it judges anyone else.
pub fn reference_known_answers() -> Result<(), String> {
    const LEAVES: [&str; 8] = [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ];
    const ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];
    let bytes: Vec<Vec<u8>> = LEAVES.iter().map(|h| unhex(h)).collect();
    let leaves: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    for (n, want) in (1..=8).zip(ROOTS) {
        let got = hex(&reference_root(true, &leaves[..n]));
        if got != want {
            return Err(format!(
                "reference root of RFC 6962's {n} test leaves is {got}, not {want}"
            ));
        }
    }
    Ok(())
}

/// Whether rs_merkle's shape (how it treats an unpaired node) is RFC 6962's: rs_merkle
/// over plain leaf hashes against [`reference_root`] without prefixes, for every
/// size up to `max`. `Ok` or the first size where they differ.
pub fn rs_merkle_shape_matches_rfc6962(max: usize) -> Result<(), usize> {
    let data = leaf_stream(max * 8);
    let leaves = split(&data, 8);
    for n in 1..=max {
        let hashed: Vec<[u8; 32]> = leaves[..n]
            .iter()
            .map(|l| rs_merkle::algorithms::Sha256::hash(l))
            .collect();
        let rs = rs_merkle::MerkleTree::<rs_merkle::algorithms::Sha256>::from_leaves(&hashed)
            .root()
            .unwrap_or_default();
        if rs != reference_root(false, &leaves[..n]) {
            return Err(n);
        }
    }
    Ok(())
}

/// One implementation under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impl {
    /// `MerkleTree::build(Scheme::Rfc6962, …).root()`: distlab-core's fast path (four
    /// hashes at a time; in SIMD lanes on wasm +simd128, one by one with sha2's
    /// compression function natively).
    OursBuild,
    /// `MerkleTree::build_reference(Scheme::Rfc6962, …).root()`: one `sha2` call per
    /// node, the construction the widgets explain.
    OursReference,
    /// rs_merkle 1.5: `Sha256::hash` of every leaf, then `MerkleTree::from_leaves`.
    /// Plain SHA-256, no domain separation: its root is checked against the plain reference.
    RsMerkle,
}

impl Impl {
    /// Every implementation, in table order.
    pub const ALL: [Impl; 3] = [Impl::OursBuild, Impl::OursReference, Impl::RsMerkle];

    /// Its id in report lines (`where` is appended: `native`, `wasm`).
    pub fn id(self) -> &'static str {
        match self {
            Impl::OursBuild => "ours-build",
            Impl::OursReference => "ours-build_reference",
            Impl::RsMerkle => "rs_merkle",
        }
    }

    /// The scheme its root follows: `rfc6962` or `plain`.
    pub fn scheme(self) -> &'static str {
        match self {
            Impl::RsMerkle => "plain",
            _ => "rfc6962",
        }
    }

    /// Builds the tree of `leaves` and returns its root.
    pub fn root(self, leaves: &[&[u8]]) -> [u8; 32] {
        match self {
            Impl::OursBuild => MerkleTree::build(Scheme::Rfc6962, leaves).root(),
            Impl::OursReference => MerkleTree::build_reference(Scheme::Rfc6962, leaves).root(),
            Impl::RsMerkle => {
                let hashed: Vec<[u8; 32]> = leaves
                    .iter()
                    .map(|l| rs_merkle::algorithms::Sha256::hash(l))
                    .collect();
                rs_merkle::MerkleTree::<rs_merkle::algorithms::Sha256>::from_leaves(&hashed)
                    .root()
                    .unwrap_or_default()
            }
        }
    }
}

/// Times several functions fairly on a noisy machine: each is run `warmups` times
/// untimed, then `runs` rounds in which every function runs once, in turn (so a burst of
/// load from elsewhere hits them all alike rather than one of them). Returns each
/// function's milliseconds (clock `now`) and last result.
pub fn time_interleaved<T>(
    now: &dyn Fn() -> f64,
    warmups: usize,
    runs: usize,
    fs: &mut [&mut dyn FnMut() -> T],
) -> Vec<(Vec<f64>, T)> {
    let mut last: Vec<Option<T>> = fs.iter().map(|_| None).collect();
    for (f, l) in fs.iter_mut().zip(&mut last) {
        for _ in 0..warmups {
            *l = Some(std::hint::black_box(f()));
        }
    }
    let mut times: Vec<Vec<f64>> = fs.iter().map(|_| Vec::with_capacity(runs)).collect();
    for _ in 0..runs.max(1) {
        for ((f, l), t) in fs.iter_mut().zip(&mut last).zip(&mut times) {
            let start = now();
            let r = std::hint::black_box(f());
            t.push(now() - start);
            *l = Some(r);
        }
    }
    times
        .into_iter()
        .zip(last)
        .map(|(t, l)| (t, l.expect("at least one run")))
        .collect()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0))
        .collect()
}

/// One report line: `distlab-bench <impl> <scheme> <case> <leaves> <leaf bytes> <root hex>
/// <ms,ms,…>` (`-` for no timings). The Node script prints the same format.
pub fn report_line(
    impl_id: &str,
    scheme: &str,
    case: Case,
    root: &[u8; 32],
    times: &[f64],
) -> String {
    let times = if times.is_empty() {
        "-".to_owned()
    } else {
        times
            .iter()
            .map(|t| format!("{t:.3}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "distlab-bench {impl_id} {scheme} {} {} {} {} {times}",
        case.id(),
        case.leaves(),
        case.leaf_bytes,
        hex(root)
    )
}

/// Runs every implementation on every case and returns the report lines (the reference
/// roots too when `with_reference`). `where_` is appended to the ids (`native`, `wasm`).
pub fn run_all(
    where_: &str,
    now: &dyn Fn() -> f64,
    warmups: usize,
    runs: usize,
    with_reference: bool,
    mut emit: impl FnMut(String),
) {
    for case in CASES {
        let data = case.data();
        let leaves = split(&data, case.leaf_bytes);
        let mut fs: Vec<Box<dyn FnMut() -> [u8; 32] + '_>> = Impl::ALL
            .iter()
            .map(|imp| Box::new(|| imp.root(&leaves)) as Box<dyn FnMut() -> [u8; 32]>)
            .collect();
        let mut refs: Vec<&mut dyn FnMut() -> [u8; 32]> =
            fs.iter_mut().map(|f| f.as_mut() as _).collect();
        let results = time_interleaved(now, warmups, runs, &mut refs);
        for (imp, (times, root)) in Impl::ALL.into_iter().zip(results) {
            emit(report_line(
                &format!("{}-{where_}", imp.id()),
                imp.scheme(),
                case,
                &root,
                &times,
            ));
        }
        if with_reference {
            for (prefixed, scheme) in [(true, "rfc6962"), (false, "plain")] {
                let root = reference_root(prefixed, &leaves);
                emit(report_line("reference", scheme, case, &root, &[]));
            }
        }
    }
}

/// Where the time of the fast path goes, as `distlab-bench-diag <where> <what> <messages>
/// <bytes per message> <ms,ms,…>` lines: SHA-256 of 2^18 messages of 65 bytes (one RFC
/// 6962 node each) one at a time ([`hash1`]) and four at a time ([`hash4`]), and the
/// inner levels of the big tree alone ([`MerkleTree::from_leaf_hashes`] over 2^20 leaf
/// hashes, i.e. `build` minus leaf hashing).
pub fn run_diagnostics(
    where_: &str,
    now: &dyn Fn() -> f64,
    runs: usize,
    mut emit: impl FnMut(String),
) {
    let n = 1 << 18;
    let data = leaf_stream(n * 65);
    let msgs: Vec<Parts<'_>> = data
        .chunks_exact(65)
        .map(|m| [&m[..1], &m[1..33], &m[33..]])
        .collect();
    let line = |what: &str, count: usize, bytes: usize, times: &[f64]| {
        let t: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
        format!(
            "distlab-bench-diag {where_} {what} {count} {bytes} {}",
            t.join(",")
        )
    };
    let mut one = || msgs.iter().fold(0u8, |acc, m| acc ^ hash1(m)[0]);
    let mut four = || {
        msgs.chunks_exact(4)
            .fold(0u8, |acc, m| acc ^ hash4([m[0], m[1], m[2], m[3]])[3][0])
    };
    let results = time_interleaved(now, 1, runs, &mut [&mut one, &mut four]);
    emit(line("sha256-65B-hash1", n, 65, &results[0].0));
    emit(line("sha256-65B-hash4", n, 65, &results[1].0));

    let case = CASES[0];
    let leaf_hashes: Vec<[u8; 32]> = {
        let data = case.data();
        MerkleTree::build(Scheme::Rfc6962, &split(&data, case.leaf_bytes)).levels()[0].clone()
    };
    let mut inner = || MerkleTree::from_leaf_hashes(Scheme::Rfc6962, leaf_hashes.clone()).root();
    let results = time_interleaved(now, 1, runs, &mut [&mut inner]);
    emit(line(
        "inner-levels-2^20",
        case.leaves() - 1,
        65,
        &results[0].0,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_matches_rfc6962_known_answers() {
        reference_known_answers().unwrap();
    }

    #[test]
    fn ours_and_rs_merkle_agree_with_the_reference_on_small_trees() {
        let data = leaf_stream(37 * 5);
        let leaves = split(&data, 5);
        for n in 1..=leaves.len() {
            let l = &leaves[..n];
            let rfc = reference_root(true, l);
            assert_eq!(Impl::OursBuild.root(l), rfc, "{n}");
            assert_eq!(Impl::OursReference.root(l), rfc, "{n}");
            assert_eq!(Impl::RsMerkle.root(l), reference_root(false, l), "{n}");
        }
    }

    #[test]
    fn the_leaf_stream_is_the_documented_xorshift32() {
        // First step from seed 0x2545f491, by hand: see leaf_stream.
        let mut x: u32 = 0x2545_f491;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        assert_eq!(leaf_stream(4), x.to_le_bytes());
        assert_eq!(leaf_stream(10).len(), 10);
    }
}
