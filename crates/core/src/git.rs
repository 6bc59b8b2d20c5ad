//! # Git's object model is a Merkle tree
//!
//! Git stores every version of every file as an *object* named by the SHA-1 hash of its
//! bytes. There are three kinds that matter here:
//!
//! - a **blob** is a file's content, nothing else (no name, no mode);
//! - a **tree** is a directory listing: one entry per child, each entry holding the
//!   child's mode, name and **object id** (a blob's or a sub-tree's hash);
//! - a **commit** names one root tree, its parent commits, who wrote it and why.
//!
//! Since a tree holds the hashes of its children, a tree's id is a Merkle hash of
//! everything beneath it, and a commit's id is a Merkle hash of the whole project *and*
//! its whole history:
//!
//! ```text
//!   commit 9f1c…  ── tree a3b0… ──┬── blob 557d…  README.md
//!     parent 41e2…                └── tree 7d4c… src/
//!                                       └── blob e69d…  main.rs
//! ```
//!
//! Change one byte in `src/main.rs` and its blob id changes, so the `src` tree's body
//! changes, so its id changes, so the root tree's id and the commit id change: exactly
//! the path from the leaf to the root, as in any Merkle tree. Everything else keeps its
//! id, which is why git stores an unchanged file once however many commits contain it,
//! and why `git diff` between two commits can skip every sub-tree whose id is equal.
//!
//! ## How an id is computed
//!
//! An object's id is `SHA-1("{kind} {len}\0" ‖ body)`: the kind (`blob`, `tree`,
//! `commit`), a space, the body's length in decimal, a NUL byte, then the body. So the
//! empty file is `SHA-1("blob 0\0")` = `e69de29bb2d1d6434b8b29ae775ad8c2e48c5391`, the
//! id `git hash-object` prints for any empty file in any repository in the world.
//!
//! - A **blob**'s body is the file's bytes.
//! - A **tree**'s body is its entries, each `"{mode} {name}\0"` followed by the 20 raw
//!   bytes (not hex) of the child's id, sorted by name, with a twist: a sub-tree sorts as
//!   if its name ended in `/` (see [`tree_body`]).
//! - A **commit**'s body is text: `tree`, `parent` lines, `author` and `committer`
//!   lines, a blank line and the message (see [`commit_body`]).
//!
//! Every function here gives the very same ids as the `git` binary; the tests check it
//! by running git.

use crate::hash::{from_hex, to_hex, HexError};
use sha1::{Digest as _, Sha1};
use std::collections::BTreeMap;
use std::fmt;

/// A git object id: 20 bytes of SHA-1 (shown as 40 lowercase hex digits).
pub type ObjectId = [u8; 20];

/// The id of the empty tree, `4b825dc642cb6eb9a060e54bf8d69288fbee4904`: a well-known
/// constant of git, and the root of a repository with no files.
pub fn empty_tree_id() -> ObjectId {
    object_id(ObjectKind::Tree, b"")
}

/// Lowercase hex of an object id, as git prints it.
pub fn id_to_hex(id: &ObjectId) -> String {
    to_hex(id)
}

/// Parses the 40 hex digits of an object id.
pub fn id_from_hex(s: &str) -> Result<ObjectId, HexError> {
    let v = from_hex(s)?;
    v.as_slice().try_into().map_err(|_| HexError::WrongLength {
        expected: 20,
        found: v.len(),
    })
}

/// The kinds of object this module builds (git also has `tag`, not modelled here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    /// A file's content.
    Blob,
    /// A directory listing.
    Tree,
    /// A snapshot with its parents, author and message.
    Commit,
}

impl ObjectKind {
    /// The word git writes in the object header: `blob`, `tree` or `commit`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Blob => "blob",
            ObjectKind::Tree => "tree",
            ObjectKind::Commit => "commit",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The header git hashes in front of a body of `len` bytes: `"{kind} {len}\0"`.
pub fn object_header(kind: ObjectKind, len: usize) -> Vec<u8> {
    format!("{} {}\0", kind.as_str(), len).into_bytes()
}

/// The id of an object: `SHA-1("{kind} {len}\0" ‖ body)`.
pub fn object_id(kind: ObjectKind, body: &[u8]) -> ObjectId {
    let mut h = Sha1::new();
    h.update(object_header(kind, body.len()));
    h.update(body);
    h.finalize().into()
}

/// The id of a file's content, as `git hash-object` prints it.
pub fn blob_id(content: &[u8]) -> ObjectId {
    object_id(ObjectKind::Blob, content)
}

/// The mode of a tree entry. Git records only these few, not full Unix permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// A regular file, `100644`.
    File,
    /// An executable file, `100755`.
    Executable,
    /// A sub-directory, `40000` (git writes no leading zero inside trees).
    Tree,
    /// A symbolic link, `120000`; the blob holds the link's target.
    Symlink,
}

impl Mode {
    /// The octal digits git writes in a tree body.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::File => "100644",
            Mode::Executable => "100755",
            Mode::Tree => "40000",
            Mode::Symlink => "120000",
        }
    }

    /// The kind of object an entry of this mode points to.
    pub fn object_kind(self) -> ObjectKind {
        match self {
            Mode::Tree => ObjectKind::Tree,
            Mode::File | Mode::Executable | Mode::Symlink => ObjectKind::Blob,
        }
    }
}

/// One line of a directory listing: a child's mode, name and object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    /// File, executable, sub-tree or symlink.
    pub mode: Mode,
    /// The child's name within this directory (one path segment, no `/`).
    pub name: String,
    /// The child's object id.
    pub id: ObjectId,
}

/// Why git objects could not be built from the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// A tree entry with an empty name.
    EmptyName,
    /// A tree entry name containing `/`: names are single path segments.
    NameContainsSlash(String),
    /// A name or path containing a NUL byte, which ends a name in a tree body.
    ContainsNul(String),
    /// A tree entry named `.` or `..`, which git refuses.
    DotName(String),
    /// Two entries of one tree with the same name.
    DuplicateName(String),
    /// An empty path.
    EmptyPath,
    /// A path starting with `/`: paths are relative to the repository root.
    AbsolutePath(String),
    /// A path with an empty segment (`a//b`, or a trailing `/`).
    EmptySegment(String),
    /// A path with a `.` or `..` segment.
    DotSegment(String),
    /// A path with a `.git` segment, which git refuses to track.
    GitDirSegment(String),
    /// A path that is a file and also a directory of other files (`a` and `a/b`).
    FileAndDirectory(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = |s: &str| quoted(s);
        match self {
            GitError::EmptyName => f.write_str("a tree entry needs a name"),
            GitError::NameContainsSlash(n) => write!(
                f,
                "tree entry name {} contains '/': a name is one path segment",
                q(n)
            ),
            GitError::ContainsNul(n) => write!(f, "{} contains a NUL byte", q(n)),
            GitError::DotName(n) => write!(f, "git does not allow an entry named {}", q(n)),
            GitError::DuplicateName(n) => write!(f, "two tree entries are named {}", q(n)),
            GitError::EmptyPath => f.write_str("a file needs a path"),
            GitError::AbsolutePath(p) => write!(
                f,
                "path {} starts with '/': paths are relative to the repository root",
                q(p)
            ),
            GitError::EmptySegment(p) => write!(
                f,
                "path {} has an empty segment ('//' or a '/' at the end)",
                q(p)
            ),
            GitError::DotSegment(p) => write!(f, "path {} has a '.' or '..' segment", q(p)),
            GitError::GitDirSegment(p) => {
                write!(
                    f,
                    "path {} is inside '.git', which git does not track",
                    q(p)
                )
            }
            GitError::FileAndDirectory(p) => {
                write!(f, "{} is a file and also a directory of other files", q(p))
            }
        }
    }
}

/// `s` in double quotes with a quote, a backslash or a control character escaped (`\"`,
/// `\\`, `\0`, `\u{1b}`): what the messages need of `{:?}`, without pulling its Unicode
/// escaping tables into a wasm module.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&format!("{:x}", c as u32));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl std::error::Error for GitError {}

/// Checks one tree entry name.
fn check_name(name: &str) -> Result<(), GitError> {
    if name.is_empty() {
        Err(GitError::EmptyName)
    } else if name.contains('/') {
        Err(GitError::NameContainsSlash(name.to_owned()))
    } else if name.contains('\0') {
        Err(GitError::ContainsNul(name.to_owned()))
    } else if name == "." || name == ".." {
        Err(GitError::DotName(name.to_owned()))
    } else {
        Ok(())
    }
}

/// Git's tree order: compare names bytewise, a sub-tree's name as if it ended in `/`.
///
/// So `a.b` < `a/` (tree `a`) < `a0`, because `.` < `/` < `0` in ASCII, although `a`
/// alone would sort before both. Git does this so that a tree's order is the order of
/// the full paths beneath it (`a.b`, `a/x`, `a0`), which its index uses too.
///
/// Returns the positions of `entries` in that order (ties keep their given order).
fn git_order(entries: &[TreeEntry]) -> Vec<usize> {
    order_by_keys(entries.iter().map(|e| {
        let mut key = e.name.as_bytes().to_vec();
        if e.mode == Mode::Tree {
            key.push(b'/');
        }
        key
    }))
}

/// The positions of `keys` in ascending byte order, ties in their given order.
///
/// Every sort in this module goes through here: one sort instantiation instead of one
/// per element type keeps the wasm bundle small; it is the crate's insertion sort, which
/// the wasm modules carry anyway (a tree holds tens of entries, not thousands).
fn order_by_keys(keys: impl Iterator<Item = Vec<u8>>) -> Vec<usize> {
    let mut keyed: Vec<(Vec<u8>, usize)> = keys.zip(0..).collect();
    crate::sort::insertion_sort_by(&mut keyed, |a, b| a.cmp(b));
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The body of a tree object: `"{mode} {name}\0"` and the 20 raw id bytes per entry, in
/// git's order (a sub-tree sorts as if its name ended in `/`), whatever order the
/// entries are given in.
///
/// Rejects empty names, names with `/` or NUL, `.` and `..`, and duplicate names.
pub fn tree_body(entries: &[TreeEntry]) -> Result<Vec<u8>, GitError> {
    for e in entries {
        check_name(&e.name)?;
    }
    // Git order puts equal names next to each other only up to a file/tree pair (`a`,
    // `a.b`, `a/`), so check duplicates by name on their own.
    let by_name = order_by_keys(entries.iter().map(|e| e.name.as_bytes().to_vec()));
    if let Some(w) = by_name
        .windows(2)
        .find(|w| entries[w[0]].name == entries[w[1]].name)
    {
        return Err(GitError::DuplicateName(entries[w[0]].name.clone()));
    }
    let mut body = Vec::with_capacity(entries.iter().map(|e| e.name.len() + 28).sum());
    for e in git_order(entries).into_iter().map(|i| &entries[i]) {
        body.extend_from_slice(e.mode.as_str().as_bytes());
        body.push(b' ');
        body.extend_from_slice(e.name.as_bytes());
        body.push(0);
        body.extend_from_slice(&e.id);
    }
    Ok(body)
}

/// The id of the tree listing `entries` (see [`tree_body`]).
pub fn tree_id(entries: &[TreeEntry]) -> Result<ObjectId, GitError> {
    Ok(object_id(ObjectKind::Tree, &tree_body(entries)?))
}

/// Who made a commit, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Display name, e.g. `Ada Lovelace`.
    pub name: String,
    /// Email address, without angle brackets.
    pub email: String,
    /// Seconds since the Unix epoch (UTC).
    pub time: i64,
    /// The author's time zone as minutes east of UTC (`+0530` is 330, `-0800` is -480).
    pub tz_offset_minutes: i32,
}

impl Signature {
    /// The signature as git writes it: `Name <email> 1700000000 +0530`.
    ///
    /// Like git, drops the characters that would break the line apart (`<`, `>`, a
    /// newline) and trims "crud" (spaces, control characters and `.,:;"'\`… at the
    /// ends) from the name and the email, so the ids match git's for any input.
    pub fn to_git_line(&self) -> String {
        let sign = if self.tz_offset_minutes < 0 { '-' } else { '+' };
        let tz = self.tz_offset_minutes.unsigned_abs();
        format!(
            "{} <{}> {} {}{:02}{:02}",
            without_crud(&self.name),
            without_crud(&self.email),
            self.time,
            sign,
            tz / 60,
            tz % 60
        )
    }
}

/// Git's `strbuf_addstr_without_crud` (ident.c): trims crud at both ends, then drops
/// every `<`, `>` and newline.
fn without_crud(s: &str) -> String {
    fn crud(c: char) -> bool {
        (c as u32) <= 32 || matches!(c, ',' | ':' | ';' | '<' | '>' | '"' | '\\' | '\'')
    }
    s.trim_matches(crud)
        .chars()
        .filter(|c| !matches!(c, '\n' | '<' | '>'))
        .collect()
}

/// A commit: a root tree, its parents, author, committer and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The id of the project's root tree at this commit.
    pub tree: ObjectId,
    /// Parent commits: none for the first commit, two (or more) for a merge.
    pub parents: Vec<ObjectId>,
    /// Who wrote the change.
    pub author: Signature,
    /// Who made the commit (differs from the author after a rebase or `git am`).
    pub committer: Signature,
    /// The message, written verbatim: git's porcelain ends it with a newline.
    pub message: String,
}

/// The body of a commit object:
///
/// ```text
/// tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904
/// parent 1f7a…            (one line per parent)
/// author Ada <ada@example.org> 1700000000 +0000
/// committer Ada <ada@example.org> 1700000000 +0000
///
/// message
/// ```
///
/// The parent lines are what make history a Merkle chain: a commit's id covers its
/// parents' ids, which cover theirs, back to the first commit.
pub fn commit_body(commit: &Commit) -> Vec<u8> {
    let mut s = format!("tree {}\n", id_to_hex(&commit.tree));
    for p in &commit.parents {
        s.push_str(&format!("parent {}\n", id_to_hex(p)));
    }
    s.push_str(&format!("author {}\n", commit.author.to_git_line()));
    s.push_str(&format!("committer {}\n", commit.committer.to_git_line()));
    s.push('\n');
    s.push_str(&commit.message);
    s.into_bytes()
}

/// The id of a commit, as `git commit-tree` prints it.
pub fn commit_id(commit: &Commit) -> ObjectId {
    object_id(ObjectKind::Commit, &commit_body(commit))
}

/// One object of a hashed work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitObject {
    /// Blob or tree.
    pub kind: ObjectKind,
    /// Slash path of the file or directory; `""` for the root tree.
    pub path: String,
    /// The object's id.
    pub id: ObjectId,
    /// The object's body (what is hashed after the header).
    pub body: Vec<u8>,
}

/// Every object of a work tree, and the root tree's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worktree {
    /// The root tree's id: what `git add -A && git write-tree` prints.
    pub root: ObjectId,
    /// Every blob and tree, depth first with each tree before its children and children
    /// in git's order: the order of `git ls-tree -r -t`, preceded by the root tree.
    pub objects: Vec<GitObject>,
}

impl Worktree {
    /// The object at `path` (`""` for the root tree), if any.
    pub fn get(&self, path: &str) -> Option<&GitObject> {
        self.objects.iter().find(|o| o.path == path)
    }
}

/// A directory being assembled from paths.
///
/// Lists, not maps: directories are small, [`hash_dir`] puts the entries in git's order
/// anyway, and two more `BTreeMap` instantiations would cost the wasm bundle kilobytes.
#[derive(Default)]
struct Dir<'a> {
    files: Vec<(&'a str, &'a [u8])>,
    dirs: Vec<(&'a str, Dir<'a>)>,
}

/// Checks a slash path and splits it into segments.
fn split_path(path: &str) -> Result<Vec<&str>, GitError> {
    if path.is_empty() {
        return Err(GitError::EmptyPath);
    }
    if path.starts_with('/') {
        return Err(GitError::AbsolutePath(path.to_owned()));
    }
    if path.contains('\0') {
        return Err(GitError::ContainsNul(path.to_owned()));
    }
    let segments: Vec<&str> = path.split('/').collect();
    for s in &segments {
        match *s {
            "" => return Err(GitError::EmptySegment(path.to_owned())),
            "." | ".." => return Err(GitError::DotSegment(path.to_owned())),
            s if s.eq_ignore_ascii_case(".git") => {
                return Err(GitError::GitDirSegment(path.to_owned()))
            }
            _ => {}
        }
    }
    Ok(segments)
}

/// Hashes a tiny repository the way `git add -A && git write-tree` would: every file a
/// blob (mode `100644`), every directory a tree, up to the root tree.
///
/// `files` maps slash paths relative to the root (`src/main.rs`) to contents. Paths must
/// not be empty, start with `/`, have empty, `.`, `..` or `.git` segments, or be a file
/// and a directory at once. Directories exist only through the files in them, as in git.
pub fn hash_worktree(files: &BTreeMap<String, Vec<u8>>) -> Result<Worktree, GitError> {
    hash_files(files.iter().map(|(p, c)| (p.as_str(), c.as_slice())))
}

/// [`hash_worktree`] over `(path, contents)` pairs with distinct paths, e.g. a map's
/// entries whatever its value type (the same checks and errors, in the given order).
pub fn hash_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Worktree, GitError> {
    let mut root = Dir::default();
    for (path, content) in files {
        let segments = split_path(path)?;
        let (file, dirs) = segments.split_last().ok_or(GitError::EmptyPath)?;
        let mut dir = &mut root;
        for (depth, seg) in dirs.iter().enumerate() {
            if dir.files.iter().any(|(name, _)| name == seg) {
                return Err(GitError::FileAndDirectory(segments[..=depth].join("/")));
            }
            let i = match dir.dirs.iter().position(|(name, _)| name == seg) {
                Some(i) => i,
                None => {
                    dir.dirs.push((seg, Dir::default()));
                    dir.dirs.len() - 1
                }
            };
            dir = &mut dir.dirs[i].1;
        }
        if dir.dirs.iter().any(|(name, _)| name == file) {
            return Err(GitError::FileAndDirectory(path.to_owned()));
        }
        dir.files.push((file, content));
    }
    let mut objects = Vec::new();
    let root_id = hash_dir(&root, "", &mut objects)?;
    Ok(Worktree {
        root: root_id,
        objects,
    })
}

/// Hashes `dir` (at `path`) and everything below it, appending the objects in
/// pre-order, and returns the tree's id.
fn hash_dir(dir: &Dir<'_>, path: &str, out: &mut Vec<GitObject>) -> Result<ObjectId, GitError> {
    // Reserve the tree's own slot: its id is known only after its children's.
    let slot = out.len();
    out.push(GitObject {
        kind: ObjectKind::Tree,
        path: path.to_owned(),
        id: [0; 20],
        body: Vec::new(),
    });
    let join = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}/{name}")
        }
    };
    // Children in git order: files and sub-trees interleaved by the tree sort rule.
    let children: Vec<(TreeEntry, Option<&Dir<'_>>, &[u8])> = dir
        .files
        .iter()
        .map(|(name, content)| {
            let entry = TreeEntry {
                mode: Mode::File,
                name: (*name).to_owned(),
                id: blob_id(content),
            };
            (entry, None, *content)
        })
        .chain(dir.dirs.iter().map(|(name, sub)| {
            let entry = TreeEntry {
                mode: Mode::Tree,
                name: (*name).to_owned(),
                id: [0; 20],
            };
            (entry, Some(sub), &[][..])
        }))
        .collect();
    // What each entry is made of: a subdirectory to recurse into, or a file's content.
    type Source<'d, 'a> = (Option<&'d Dir<'a>>, &'a [u8]);
    let (mut entries, subs): (Vec<TreeEntry>, Vec<Source<'_, '_>>) = children
        .into_iter()
        .map(|(e, sub, c)| (e, (sub, c)))
        .unzip();
    for i in git_order(&entries) {
        let entry = &mut entries[i];
        let child_path = join(&entry.name);
        match subs[i] {
            (Some(sub), _) => entry.id = hash_dir(sub, &child_path, out)?,
            (None, content) => out.push(GitObject {
                kind: ObjectKind::Blob,
                path: child_path,
                id: entry.id,
                body: content.to_vec(),
            }),
        }
    }
    let body = tree_body(&entries)?;
    out[slot].id = object_id(ObjectKind::Tree, &body);
    out[slot].body = body;
    Ok(out[slot].id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_read_like_debug() {
        for name in [
            "src/main.rs",
            "a \"b\" c",
            "back\\slash",
            "nul\0here",
            "tab\there",
            "esc\u{1b}x",
            "ünï",
        ] {
            assert_eq!(quoted(name), format!("{name:?}"));
        }
    }

    fn entry(mode: Mode, name: &str) -> TreeEntry {
        TreeEntry {
            mode,
            name: name.to_owned(),
            id: [7; 20],
        }
    }

    #[test]
    fn tree_sort_puts_a_subtree_as_if_it_ended_in_slash() {
        let body = tree_body(&[
            entry(Mode::File, "a0"),
            entry(Mode::Tree, "a"),
            entry(Mode::File, "a.b"),
        ])
        .unwrap();
        let names: Vec<&[u8]> = body
            .split(|&b| b == 0)
            .filter_map(|chunk| {
                chunk
                    .iter()
                    .position(|&b| b == b' ')
                    .map(|p| &chunk[p + 1..])
            })
            .collect();
        assert_eq!(names, [&b"a.b"[..], b"a", b"a0"]);
    }

    #[test]
    fn bad_names_are_errors() {
        let cases = [
            ("", GitError::EmptyName),
            ("a/b", GitError::NameContainsSlash("a/b".into())),
            ("a\0b", GitError::ContainsNul("a\0b".into())),
            (".", GitError::DotName(".".into())),
            ("..", GitError::DotName("..".into())),
        ];
        for (name, err) in cases {
            assert_eq!(tree_body(&[entry(Mode::File, name)]), Err(err));
        }
        let dup = [entry(Mode::File, "x"), entry(Mode::Tree, "x")];
        assert_eq!(tree_body(&dup), Err(GitError::DuplicateName("x".into())));
    }

    #[test]
    fn bad_paths_are_errors_with_messages() {
        type MakeError = fn(String) -> GitError;
        let cases: [(&str, MakeError); 6] = [
            ("/a", GitError::AbsolutePath),
            ("a//b", GitError::EmptySegment),
            ("a/", GitError::EmptySegment),
            ("a/../b", GitError::DotSegment),
            ("./a", GitError::DotSegment),
            (".git/config", GitError::GitDirSegment),
        ];
        for (path, err) in cases {
            let files = BTreeMap::from([(path.to_owned(), b"x".to_vec())]);
            let e = hash_worktree(&files).unwrap_err();
            assert_eq!(e, err(path.to_owned()));
            assert!(e.to_string().contains(path), "{e}");
        }
        let empty = BTreeMap::from([(String::new(), vec![])]);
        assert_eq!(hash_worktree(&empty), Err(GitError::EmptyPath));
        let clash = BTreeMap::from([("a".to_owned(), vec![]), ("a/b".to_owned(), vec![])]);
        assert_eq!(
            hash_worktree(&clash),
            Err(GitError::FileAndDirectory("a".into()))
        );
        let clash = BTreeMap::from([("d/a/b".to_owned(), vec![]), ("d/a".to_owned(), vec![])]);
        assert_eq!(
            hash_worktree(&clash),
            Err(GitError::FileAndDirectory("d/a".into()))
        );
    }

    #[test]
    fn empty_worktree_is_the_empty_tree() {
        let w = hash_worktree(&BTreeMap::new()).unwrap();
        assert_eq!(w.root, empty_tree_id());
        assert_eq!(w.objects.len(), 1);
    }

    #[test]
    fn signature_line_formats_time_zones() {
        let mut s = Signature {
            name: " Ada, ".into(),
            email: "<ada@example.org>".into(),
            time: 1_700_000_000,
            tz_offset_minutes: -330,
        };
        assert_eq!(s.to_git_line(), "Ada <ada@example.org> 1700000000 -0530");
        s.tz_offset_minutes = 60;
        assert!(s.to_git_line().ends_with(" +0100"));
        s.tz_offset_minutes = i32::MIN; // must not overflow
        let _ = s.to_git_line();
    }

    #[test]
    fn hex_ids_round_trip() {
        let id = blob_id(b"x");
        assert_eq!(id_from_hex(&id_to_hex(&id)), Ok(id));
        assert!(id_from_hex("abcd").is_err());
    }
}
