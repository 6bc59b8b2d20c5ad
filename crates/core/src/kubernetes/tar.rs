//! A layer's content as a tar archive, byte for byte: POSIX ustar headers, entries sorted
//! by name, mtime 0, uid and gid 0 with no user or group names, directories `0755`
//! (named with a trailing `/`), files `0644`, each file padded to 512 bytes, and two zero
//! blocks at the end (no padding to a 10 KiB record, as Go's `archive/tar`, which Docker
//! uses, writes it). The SHA-256 of this uncompressed tar is what Docker calls the
//! layer's `diff_id`.

use crate::hash::{sha256, Digest};

/// One entry of a layer: a directory (`content: None`) or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path, relative, without a leading `/` (`app/app.py`).
    pub path: String,
    /// The file's bytes, or `None` for a directory.
    pub content: Option<Vec<u8>>,
}

fn octal(field: &mut [u8], v: u64) {
    // `digits` octal digits, zero-padded, then NUL (Python's tarfile `itn`, GNU tar).
    let digits = field.len() - 1;
    let mut v = v;
    for i in (0..digits).rev() {
        field[i] = b'0' + (v & 7) as u8;
        v >>= 3;
    }
    field[digits] = 0;
}

fn header(name: &str, size: u64, dir: bool) -> [u8; 512] {
    let mut h = [0u8; 512];
    let name = name.as_bytes();
    // ustar splits a long name into prefix (155) and name (100); the layers here have
    // short paths, so longer ones are cut (never more than 100 bytes in `name`).
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], if dir { 0o755 } else { 0o644 });
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], 0);
    h[148..156].copy_from_slice(b"        ");
    h[156] = if dir { b'5' } else { b'0' };
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    octal(&mut h[329..337], 0);
    octal(&mut h[337..345], 0);
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    // Checksum: six octal digits, NUL, space.
    octal(&mut h[148..155], sum);
    h[155] = b' ';
    h
}

/// The tar archive of `entries` (sorted by path here, whatever their order).
pub fn archive(entries: &[Entry]) -> Vec<u8> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| name_of(e));
    let mut out = Vec::new();
    for e in sorted {
        let data = e.content.as_deref().unwrap_or(&[]);
        out.extend_from_slice(&header(&name_of(e), data.len() as u64, e.content.is_none()));
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(512), 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn name_of(e: &Entry) -> String {
    if e.content.is_none() && !e.path.ends_with('/') {
        format!("{}/", e.path)
    } else {
        e.path.clone()
    }
}

/// The layer's `diff_id`: SHA-256 of [`archive`].
pub fn diff_id(entries: &[Entry]) -> Digest {
    sha256(&archive(entries))
}
