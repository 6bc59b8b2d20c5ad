//! A tiny git repository as pure logic (no Yew): files the reader edits, the objects
//! [`distlab_core::git`] hashes them into, and the commits made so far.
//!
//! ```text
//!  commit ─► tree (root) ─┬─ blob README.md
//!    │                    ├─ tree docs ── blob intro.md
//!    ▼ parent             └─ tree src ─┬─ blob lib.rs
//!  commit ─► …                         └─ blob main.rs
//! ```
//!
//! Every id comes from the core: blobs and trees from `hash_files` (what
//! `git add -A && git write-tree` computes), the commit from `commit_id` (what
//! `git commit-tree <tree> -p <parent> -m <message>` prints with the fixed author
//! and dates below).

use distlab_core::git::{
    commit_id, hash_files, id_to_hex, object_header, Commit, GitError, GitObject, ObjectId,
    ObjectKind, Signature, Worktree,
};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Author and committer name of every commit.
pub const AUTHOR_NAME: &str = "Ada Lovelace";
/// Author and committer e-mail.
pub const AUTHOR_EMAIL: &str = "ada@example.org";
/// Time of the first commit (2023-11-14 22:13:20 UTC); each later one is an hour later.
pub const BASE_TIME: i64 = 1_700_000_000;
/// Most files the repository may hold.
pub const MAX_FILES: usize = 12;
/// Most bytes a file may hold (the textarea's limit).
pub const MAX_CONTENT: usize = 4000;
/// Message of the commit the widget starts from.
pub const INITIAL_MESSAGE: &str = "Initial commit";

/// The files the repository starts with.
pub fn default_files() -> BTreeMap<String, String> {
    let defaults = [
        (
            "README.md",
            "# tiny\n\nA tiny project whose history is a Merkle tree.\n",
        ),
        (
            "docs/intro.md",
            "Every file is a blob; every directory is a tree.\n",
        ),
        (
            "src/lib.rs",
            "pub fn greet() -> &'static str {\n    \"hello world\"\n}\n",
        ),
        (
            "src/main.rs",
            "fn main() {\n    println!(\"{}\", tiny::greet());\n}\n",
        ),
    ];
    let mut files = BTreeMap::new();
    for (p, c) in defaults {
        files.insert(p.to_owned(), c.to_owned());
    }
    files
}

/// Hashes the files as git would (their text's UTF-8 bytes), straight from the map.
fn hash_text_files(files: &BTreeMap<String, String>) -> Result<Worktree, GitError> {
    hash_files(files.iter().map(|(p, c)| (p.as_str(), c.as_bytes())))
}

/// The fixed signature of the `n`-th commit (0-based): same person, an hour apart.
pub fn signature(n: usize) -> Signature {
    Signature {
        name: AUTHOR_NAME.into(),
        email: AUTHOR_EMAIL.into(),
        time: BASE_TIME + 3600 * n as i64,
        tz_offset_minutes: 0,
    }
}

/// The message git stores for `-m text`: the text and a final newline.
pub fn stored_message(text: &str) -> String {
    format!("{}\n", text.trim_end_matches('\n'))
}

/// The work tree hashed, and the commit that would record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Every blob and tree, root first.
    pub worktree: Worktree,
    /// The commit object.
    pub commit: Commit,
    /// Its id.
    pub id: ObjectId,
}

impl Snapshot {
    /// The object at `path` (`""` = root tree).
    pub fn object(&self, path: &str) -> Option<&GitObject> {
        self.worktree.get(path)
    }
}

/// How an object compares with the same path at HEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Same id as at HEAD: git shares the object, and `git diff` skips it.
    Same,
    /// A different id at the same path.
    Changed,
    /// No object at this path at HEAD.
    New,
}

/// The repository: files, the message being written, and the history so far.
#[derive(Debug, Clone, PartialEq)]
pub struct Repo {
    /// Path → content.
    pub files: BTreeMap<String, String>,
    /// The message of the next commit.
    pub message: String,
    /// Commits made, oldest first (never empty: the widget starts with one).
    pub history: Vec<Rc<Snapshot>>,
    /// The work tree as it is now, and the commit that would record it.
    pub current: Rc<Snapshot>,
}

/// Why an edit of the file list was refused.
pub type EditError = String;

impl Default for Repo {
    fn default() -> Self {
        Repo::new()
    }
}

impl Repo {
    /// The default files, committed once as "Initial commit".
    pub fn new() -> Self {
        let files = default_files();
        let first = Rc::new(
            snapshot(&files, None, 0, INITIAL_MESSAGE).unwrap_or_else(|_| empty_snapshot()),
        );
        let mut repo = Repo {
            files,
            message: "Describe the change".into(),
            current: first.clone(),
            history: vec![first],
        };
        repo.rehash();
        repo
    }

    /// The last commit.
    pub fn head(&self) -> Option<&Rc<Snapshot>> {
        self.history.last()
    }

    /// Rehashes the work tree and the pending commit. The file list is validated on
    /// every edit, so this cannot fail; if it ever did, the last good state stays.
    fn rehash(&mut self) {
        let parent = self.head().map(|h| h.id);
        if let Ok(s) = snapshot(&self.files, parent, self.history.len(), &self.message) {
            self.current = Rc::new(s);
        }
    }

    /// Replaces a file's content (cut to [`MAX_CONTENT`] bytes at a char boundary).
    pub fn edit(&mut self, path: &str, content: &str) {
        if let Some(c) = self.files.get_mut(path) {
            *c = truncate(content, MAX_CONTENT).to_owned();
            self.rehash();
        }
    }

    /// Sets the message of the next commit.
    pub fn set_message(&mut self, message: &str) {
        self.message = truncate(message, 200).to_owned();
        self.rehash();
    }

    /// Checks that `files` would hash (the core's path rules) and fits the limits.
    fn check(files: &BTreeMap<String, String>) -> Result<(), EditError> {
        if files.len() > MAX_FILES {
            return Err(format!(
                "this little repository holds at most {MAX_FILES} files"
            ));
        }
        hash_text_files(files)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Adds an empty file at `path`.
    pub fn add(&mut self, path: &str) -> Result<(), EditError> {
        let path = path.trim();
        if self.files.contains_key(path) {
            return Err(format!("{path} already exists"));
        }
        let mut files = self.files.clone();
        files.insert(path.to_owned(), String::new());
        Self::check(&files)?;
        self.files = files;
        self.rehash();
        Ok(())
    }

    /// Renames `from` to `to`.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), EditError> {
        let to = to.trim();
        if from == to {
            return Ok(());
        }
        if self.files.contains_key(to) {
            return Err(format!("{to} already exists"));
        }
        let mut files = self.files.clone();
        let content = files
            .remove(from)
            .ok_or_else(|| format!("{from} does not exist"))?;
        files.insert(to.to_owned(), content);
        Self::check(&files)?;
        self.files = files;
        self.rehash();
        Ok(())
    }

    /// Deletes `path`.
    pub fn delete(&mut self, path: &str) {
        if self.files.remove(path).is_some() {
            self.rehash();
        }
    }

    /// Records the pending commit: it becomes HEAD, the parent of the next one.
    pub fn commit(&mut self) {
        self.history.push(self.current.clone());
        self.rehash();
    }

    /// How the object at `path` differs from HEAD's.
    pub fn status(&self, path: &str) -> Status {
        let now = self.current.object(path).map(|o| o.id);
        let then = self
            .head()
            .and_then(|h| h.object(path))
            .map(|o| (o.id, o.kind));
        match (now, then) {
            (Some(a), Some((b, _))) if a == b => Status::Same,
            (Some(_), Some(_)) => Status::Changed,
            _ => Status::New,
        }
    }

    /// Paths of HEAD's objects that no longer exist.
    pub fn deleted(&self) -> Vec<&GitObject> {
        self.head().map_or_else(Vec::new, |h| {
            h.worktree
                .objects
                .iter()
                .filter(|o| self.current.object(&o.path).is_none())
                .collect()
        })
    }
}

/// `s` cut to at most `max` bytes without splitting a character.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The snapshot of an empty repository (a fallback that cannot fail).
fn empty_snapshot() -> Snapshot {
    snapshot(&BTreeMap::new(), None, 0, INITIAL_MESSAGE).unwrap_or_else(|_| Snapshot {
        worktree: Worktree {
            root: distlab_core::git::empty_tree_id(),
            objects: Vec::new(),
        },
        commit: Commit {
            tree: distlab_core::git::empty_tree_id(),
            parents: Vec::new(),
            author: signature(0),
            committer: signature(0),
            message: stored_message(INITIAL_MESSAGE),
        },
        id: [0; 20],
    })
}

/// Hashes `files` and the `n`-th commit recording them on top of `parent`.
pub fn snapshot(
    files: &BTreeMap<String, String>,
    parent: Option<ObjectId>,
    n: usize,
    message: &str,
) -> Result<Snapshot, distlab_core::git::GitError> {
    let worktree = hash_text_files(files)?;
    let commit = Commit {
        tree: worktree.root,
        parents: parent.into_iter().collect(),
        author: signature(n),
        committer: signature(n),
        message: stored_message(message),
    };
    let id = commit_id(&commit);
    Ok(Snapshot {
        worktree,
        commit,
        id,
    })
}

/// One entry of a tree body, parsed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEntry {
    /// Mode digits as stored (`100644`, `40000`).
    pub mode: String,
    /// Entry name.
    pub name: String,
    /// The child's id.
    pub id: ObjectId,
}

impl ParsedEntry {
    /// The child's kind, from its mode.
    pub fn kind(&self) -> ObjectKind {
        if self.mode == "40000" {
            ObjectKind::Tree
        } else {
            ObjectKind::Blob
        }
    }

    /// The line `git cat-file -p` prints: `040000 tree <id>\tname`.
    pub fn cat_file_line(&self) -> String {
        format!(
            "{:0>6} {} {}\t{}",
            self.mode,
            self.kind(),
            id_to_hex(&self.id),
            self.name
        )
    }
}

/// Parses a tree body (`{mode} {name}\0` + 20 id bytes, repeated); stops at the first
/// malformed entry instead of failing.
pub fn parse_tree(body: &[u8]) -> Vec<ParsedEntry> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let Some(sp) = rest.iter().position(|&b| b == b' ') else {
            break;
        };
        let Some(nul) = rest.iter().position(|&b| b == 0) else {
            break;
        };
        if nul < sp || rest.len() < nul + 21 {
            break;
        }
        let mut id = [0u8; 20];
        id.copy_from_slice(&rest[nul + 1..nul + 21]);
        out.push(ParsedEntry {
            mode: String::from_utf8_lossy(&rest[..sp]).into_owned(),
            name: String::from_utf8_lossy(&rest[sp + 1..nul]).into_owned(),
            id,
        });
        rest = &rest[nul + 21..];
    }
    out
}

/// A piece of an object's hashed bytes, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// The header `kind len` (before the NUL).
    Header(String),
    /// Printable text.
    Text(String),
    /// A NUL byte.
    Nul,
    /// 20 raw bytes of an id (shown as hex, but stored as bytes).
    RawId(ObjectId),
}

/// Exactly the bytes git hashes for an object, cut into displayable pieces:
/// `header`, NUL, then the body (a tree body as `mode name`, NUL, raw id per entry).
pub fn hashed_segments(kind: ObjectKind, body: &[u8]) -> Vec<Segment> {
    let header = object_header(kind, body.len());
    let header = String::from_utf8_lossy(&header[..header.len().saturating_sub(1)]).into_owned();
    let mut out = vec![Segment::Header(header), Segment::Nul];
    match kind {
        ObjectKind::Tree => {
            for e in parse_tree(body) {
                out.push(Segment::Text(format!("{} {}", e.mode, e.name)));
                out.push(Segment::Nul);
                out.push(Segment::RawId(e.id));
            }
        }
        _ => out.push(Segment::Text(String::from_utf8_lossy(body).into_owned())),
    }
    out
}

/// Bytes SHA-1 hashes for an object: header, NUL and body.
pub fn hashed_len(kind: ObjectKind, body: &[u8]) -> usize {
    object_header(kind, body.len()).len() + body.len()
}

/// What `git cat-file -p` prints for an object.
pub fn cat_file(kind: ObjectKind, body: &[u8]) -> String {
    match kind {
        ObjectKind::Tree => parse_tree(body)
            .iter()
            .map(|e| e.cat_file_line() + "\n")
            .collect(),
        _ => String::from_utf8_lossy(body).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use distlab_core::git::{blob_id, commit_body, empty_tree_id, tree_body, Mode, TreeEntry};

    #[test]
    fn starts_with_one_commit_and_a_pending_child() {
        let r = Repo::new();
        assert_eq!(r.history.len(), 1);
        let head = r.head().unwrap();
        assert!(head.commit.parents.is_empty());
        assert_eq!(r.current.commit.parents, vec![head.id]);
        assert_eq!(r.current.worktree.root, head.worktree.root);
        assert_eq!(r.status("src/main.rs"), Status::Same);
        assert_eq!(head.commit.message, "Initial commit\n");
    }

    #[test]
    fn editing_a_file_changes_exactly_its_path_to_the_root() {
        let mut r = Repo::new();
        r.edit("src/main.rs", "fn main() {}\n");
        assert_eq!(
            r.current.object("src/main.rs").unwrap().id,
            blob_id(b"fn main() {}\n")
        );
        assert_eq!(r.status("src/main.rs"), Status::Changed);
        assert_eq!(r.status("src"), Status::Changed);
        assert_eq!(r.status(""), Status::Changed);
        for same in ["README.md", "docs", "docs/intro.md", "src/lib.rs"] {
            assert_eq!(r.status(same), Status::Same, "{same}");
        }
        r.commit();
        assert_eq!(r.history.len(), 2);
        assert_eq!(r.current.commit.parents, vec![r.history[1].id]);
        assert_eq!(r.status("src/main.rs"), Status::Same);
        assert_eq!(r.current.commit.author.time, BASE_TIME + 7200);
    }

    #[test]
    fn add_rename_delete_follow_gits_rules() {
        let mut r = Repo::new();
        assert!(r.add("src/net/mod.rs").is_ok());
        assert_eq!(r.status("src/net"), Status::New);
        assert!(r.add("src/net/mod.rs").is_err());
        assert!(r.add("/abs").is_err());
        assert!(r.add("a//b").is_err());
        assert!(r.add("README.md/x").is_err());
        assert!(r.add(".git/config").is_err());
        assert!(r.rename("src/net/mod.rs", "README.md").is_err());
        assert!(r.rename("src/net/mod.rs", "net.rs").is_ok());
        assert_eq!(r.current.object("net.rs").unwrap().id, blob_id(b""));
        r.delete("net.rs");
        r.delete("docs/intro.md");
        assert!(r.current.object("docs").is_none());
        assert_eq!(
            r.deleted()
                .iter()
                .map(|o| o.path.as_str())
                .collect::<Vec<_>>(),
            ["docs", "docs/intro.md"]
        );
        for p in r.files.clone().keys() {
            r.delete(p);
        }
        assert_eq!(r.current.worktree.root, empty_tree_id());
        for i in 0..MAX_FILES {
            assert!(r.add(&format!("f{i}")).is_ok());
        }
        assert!(r.add("one-too-many").is_err());
    }

    #[test]
    fn tree_bodies_parse_back_like_cat_file() {
        let entries = [
            TreeEntry {
                mode: Mode::File,
                name: "a.txt".into(),
                id: blob_id(b"a"),
            },
            TreeEntry {
                mode: Mode::Tree,
                name: "src".into(),
                id: empty_tree_id(),
            },
        ];
        let body = tree_body(&entries).unwrap();
        let parsed = parse_tree(&body);
        assert_eq!(parsed.len(), 2);
        assert_eq!(
            parsed[1].cat_file_line(),
            format!("040000 tree {}\tsrc", id_to_hex(&empty_tree_id()))
        );
        // Truncated bodies stop cleanly.
        assert_eq!(parse_tree(&body[..body.len() - 5]).len(), 1);
        assert!(parse_tree(b"garbage").is_empty());
        let segs = hashed_segments(ObjectKind::Tree, &body);
        assert_eq!(segs[0], Segment::Header(format!("tree {}", body.len())));
        assert_eq!(segs.len(), 2 + 3 * 2);
    }

    #[test]
    fn blob_segments_show_the_header_and_content() {
        let segs = hashed_segments(ObjectKind::Blob, b"hello world\n");
        assert_eq!(
            segs,
            [
                Segment::Header("blob 12".into()),
                Segment::Nul,
                Segment::Text("hello world\n".into())
            ]
        );
        let r = Repo::new();
        let body = commit_body(&r.current.commit);
        assert!(cat_file(ObjectKind::Commit, &body).contains("author Ada Lovelace"));
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("abc", 10), "abc");
    }
}
