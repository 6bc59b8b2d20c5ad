//! The Kafka topic `postgres.public.links`: partitions chosen by key.
//!
//! Kafka's default partitioner sends a keyed record to partition
//! `(murmur2(key bytes) & 0x7fffffff) % partitions`, with the 32-bit MurmurHash2 of the
//! Java client (seed `0x9747b28c`). Every change of one row has the same key, so it lands
//! in one partition, and a partition is read in order: per row, consumers see changes in
//! WAL order. Across partitions there is no order.

use super::event::ChangeEvent;

/// Kafka's `Utils.murmur2`: MurmurHash2, 32-bit, seed `0x9747b28c`, little-endian words.
pub fn murmur2(data: &[u8]) -> u32 {
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h: u32 = 0x9747_b28c ^ data.len() as u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = chunks.remainder();
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h
}

/// The partition Kafka's default partitioner picks for `key` (`partitions` ≥ 1).
pub fn partition_for(key: &str, partitions: usize) -> usize {
    (murmur2(key.as_bytes()) & 0x7fff_ffff) as usize % partitions.max(1)
}

/// One record: a key and a value, `None` for a tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The row key.
    pub key: String,
    /// The change event, or `None` (a tombstone after a delete).
    pub value: Option<ChangeEvent>,
}

/// A topic: append-only partitions, a record's offset is its index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The partitions.
    pub partitions: Vec<Vec<Record>>,
}

impl Topic {
    /// `n` empty partitions (at least 1).
    pub fn new(n: usize) -> Topic {
        Topic {
            partitions: vec![Vec::new(); n.max(1)],
        }
    }

    /// Appends to the key's partition; returns (partition, offset).
    pub fn publish(&mut self, rec: Record) -> (usize, usize) {
        let p = partition_for(&rec.key, self.partitions.len());
        self.partitions[p].push(rec);
        (p, self.partitions[p].len() - 1)
    }

    /// Records in all partitions.
    pub fn len(&self) -> usize {
        self.partitions.iter().map(Vec::len).sum()
    }

    /// Whether no record was published.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
