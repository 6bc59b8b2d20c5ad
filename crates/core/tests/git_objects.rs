//! Git object ids computed by `distlab_core::git` equal the ones the real `git` binary
//! computes. Every expected id here comes from running git in a temporary repository;
//! the only literal is the empty blob's id, a constant every git user can check with
//! `git hash-object /dev/null`.

mod common;

use common::GitRepo;
use distlab_core::git::{
    blob_id, commit_body, commit_id, empty_tree_id, hash_worktree, id_to_hex, tree_body, tree_id,
    Commit, Mode, ObjectKind, Signature, TreeEntry,
};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// `git hash-object --stdin` of `content`, with no conversion filters.
fn git_blob(repo: &GitRepo, content: &[u8]) -> String {
    repo.run_text(&["hash-object", "--no-filters", "--stdin"], content, &[])
}

/// `git mktree --missing` of `entries` (given in any order: mktree sorts them itself).
fn git_mktree(repo: &GitRepo, entries: &[TreeEntry]) -> String {
    let input: String = entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {}\t{}\n",
                e.mode.as_str(),
                e.mode.object_kind().as_str(),
                id_to_hex(&e.id),
                e.name
            )
        })
        .collect();
    repo.run_text(&["mktree", "--missing"], input.as_bytes(), &[])
}

#[test]
fn empty_blob_is_the_well_known_id() {
    assert_eq!(
        id_to_hex(&blob_id(b"")),
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    );
    let Some(repo) = GitRepo::init() else { return };
    assert_eq!(id_to_hex(&blob_id(b"")), git_blob(&repo, b""));
}

#[test]
fn blob_ids_match_git_hash_object() {
    let Some(repo) = GitRepo::init() else { return };
    let all_bytes: Vec<u8> = (0..=255u8).collect();
    // A larger binary blob with NULs, CRs and invalid UTF-8, from a simple LCG.
    let mut x = 0x2545_f491_u32;
    let big: Vec<u8> = (0..100_000)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    let cases: [&[u8]; 6] = [
        b"hello world\n",
        b"no newline at end",
        b"line\r\nendings\r\n",
        &all_bytes,
        &big,
        "ünïcödé\n".as_bytes(),
    ];
    for content in cases {
        assert_eq!(
            id_to_hex(&blob_id(content)),
            git_blob(&repo, content),
            "blob of {} bytes",
            content.len()
        );
    }
}

#[test]
fn empty_tree_matches_git() {
    let Some(repo) = GitRepo::init() else { return };
    assert_eq!(id_to_hex(&empty_tree_id()), git_mktree(&repo, &[]));
    assert_eq!(tree_id(&[]).unwrap(), empty_tree_id());
}

fn entry(mode: Mode, name: &str, content: &[u8]) -> TreeEntry {
    TreeEntry {
        mode,
        name: name.to_owned(),
        id: blob_id(content),
    }
}

#[test]
fn tree_sort_rule_matches_git_mktree() {
    let Some(repo) = GitRepo::init() else { return };
    let sub = tree_id(&[entry(Mode::File, "x", b"x")]).unwrap();
    // `a` is a tree, so it sorts as `a/`: after `a.b` ('.' < '/') and before `a0`.
    let entries = vec![
        entry(Mode::File, "a0", b"zero"),
        TreeEntry {
            mode: Mode::Tree,
            name: "a".into(),
            id: sub,
        },
        entry(Mode::File, "a.b", b"dot"),
        entry(Mode::Executable, "run.sh", b"#!/bin/sh\n"),
        entry(Mode::Symlink, "link", b"a0"),
    ];
    let ours = tree_id(&entries).unwrap();
    let git = git_mktree(&repo, &entries);
    assert_eq!(id_to_hex(&ours), git);
    // The bodies are byte for byte the same too.
    assert_eq!(
        tree_body(&entries).unwrap(),
        repo.run(&["cat-file", "tree", &git], b"", &[])
    );
    // And the order given does not matter.
    let mut reversed = entries.clone();
    reversed.reverse();
    assert_eq!(tree_id(&reversed).unwrap(), ours);
}

#[test]
fn a_file_named_like_a_tree_sorts_by_name_alone() {
    let Some(repo) = GitRepo::init() else { return };
    // As files, `a` < `a.b` < `a0`: the '/' rule applies to trees only.
    let entries = vec![
        entry(Mode::File, "a0", b"0"),
        entry(Mode::File, "a", b"a"),
        entry(Mode::File, "a.b", b"b"),
    ];
    assert_eq!(
        id_to_hex(&tree_id(&entries).unwrap()),
        git_mktree(&repo, &entries)
    );
}

/// Names made of characters around '/' in ASCII, so the sort rule matters often.
fn arb_entries() -> impl Strategy<Value = Vec<TreeEntry>> {
    let name = proptest::string::string_regex("[a.0/-]{0,3}[a-c]")
        .expect("regex")
        .prop_map(|s| s.replace('/', "_"));
    let mode = prop_oneof![
        Just(Mode::File),
        Just(Mode::Executable),
        Just(Mode::Tree),
        Just(Mode::Symlink)
    ];
    proptest::collection::btree_map(name, (mode, any::<u8>()), 0..12).prop_map(|m| {
        m.into_iter()
            .map(|(name, (mode, seed))| entry(mode, &name, &[seed]))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_trees_match_git_mktree(entries in arb_entries()) {
        let Some(repo) = GitRepo::init() else { return Ok(()) };
        prop_assert_eq!(id_to_hex(&tree_id(&entries).unwrap()), git_mktree(&repo, &entries));
    }
}

/// Writes `files` into the repository's work tree, then `git add -A && git write-tree`.
fn git_write_tree(repo: &GitRepo, files: &BTreeMap<String, Vec<u8>>) -> String {
    for (path, content) in files {
        let p = repo.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write file");
    }
    repo.run(&["add", "-A"], b"", &[]);
    repo.run_text(&["write-tree"], b"", &[])
}

fn sample_files() -> BTreeMap<String, Vec<u8>> {
    [
        ("README.md", b"# Demo\n".to_vec()),
        ("src/main.rs", b"fn main() {}\n".to_vec()),
        ("src/lib.rs", b"".to_vec()),
        ("src/util/mod.rs", b"pub mod hex;\n".to_vec()),
        ("src/util/hex.rs", b"\x00\x01\xff binary".to_vec()),
        ("src.rs", b"sorts before src/".to_vec()),
        ("src0", b"sorts after src/".to_vec()),
        ("a/b/c/d/deep.txt", b"deep\n".to_vec()),
        ("empty", Vec::new()),
    ]
    .into_iter()
    .map(|(p, c)| (p.to_owned(), c))
    .collect()
}

#[test]
fn nested_worktree_matches_git_add_and_write_tree() {
    let Some(repo) = GitRepo::init() else { return };
    let files = sample_files();
    let ours = hash_worktree(&files).unwrap();
    let root = git_write_tree(&repo, &files);
    assert_eq!(id_to_hex(&ours.root), root);

    // Every object, in the documented order, is what `git ls-tree -r -t` lists.
    let listing = repo.run(&["ls-tree", "-r", "-t", "-z", &root], b"", &[]);
    let git_objects: Vec<(String, String, String)> = listing
        .split(|&b| b == 0)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let l = String::from_utf8(l.to_vec()).expect("utf-8");
            let (meta, path) = l.split_once('\t').expect("tab");
            let mut parts = meta.split(' ');
            let _mode = parts.next();
            let kind = parts.next().expect("type").to_owned();
            let id = parts.next().expect("id").to_owned();
            (kind, id, path.to_owned())
        })
        .collect();
    assert_eq!(ours.objects[0].path, "");
    assert_eq!(ours.objects[0].id, ours.root);
    let our_objects: Vec<(String, String, String)> = ours.objects[1..]
        .iter()
        .map(|o| (o.kind.as_str().to_owned(), id_to_hex(&o.id), o.path.clone()))
        .collect();
    assert_eq!(our_objects, git_objects);

    // Every body is byte for byte what git stored.
    for o in &ours.objects {
        let hex = id_to_hex(&o.id);
        let stored = repo.run(&["cat-file", o.kind.as_str(), &hex], b"", &[]);
        assert_eq!(stored, o.body, "body of {:?}", o.path);
    }
}

#[test]
fn changing_one_file_changes_exactly_its_path_to_the_root() {
    let files = sample_files();
    let before = hash_worktree(&files).unwrap();
    let mut edited = files.clone();
    edited.insert("src/util/hex.rs".into(), b"changed".to_vec());
    let after = hash_worktree(&edited).unwrap();
    let changed: Vec<&str> = before
        .objects
        .iter()
        .zip(&after.objects)
        .filter(|(a, b)| a.id != b.id)
        .map(|(a, _)| a.path.as_str())
        .collect();
    assert_eq!(changed, ["", "src", "src/util", "src/util/hex.rs"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_worktrees_match_git(
        files in proptest::collection::btree_map(
            "[ab][.0-]?(/[ab][.0-]?){0,3}",
            proptest::collection::vec(any::<u8>(), 0..40),
            1..10,
        )
    ) {
        let Some(repo) = GitRepo::init() else { return Ok(()) };
        // Paths like `a` and `a/b` together are rejected; that is tested elsewhere.
        let Ok(ours) = hash_worktree(&files) else { return Ok(()) };
        prop_assert_eq!(id_to_hex(&ours.root), git_write_tree(&repo, &files));
    }
}

fn signature(name: &str, email: &str, time: i64, tz: i32) -> Signature {
    Signature {
        name: name.into(),
        email: email.into(),
        time,
        tz_offset_minutes: tz,
    }
}

/// `git commit-tree` of `c` with its author and committer passed through the
/// environment and its message on stdin (taken verbatim, as `commit_body` writes it).
fn git_commit_tree(repo: &GitRepo, c: &Commit) -> String {
    let date = |s: &Signature| {
        let tz = s.tz_offset_minutes;
        let sign = if tz < 0 { '-' } else { '+' };
        let tz = tz.unsigned_abs();
        // `@` marks a raw Unix time; without it git rejects small numbers like 0.
        format!("@{} {sign}{:02}{:02}", s.time, tz / 60, tz % 60)
    };
    let (a_date, c_date) = (date(&c.author), date(&c.committer));
    let env = [
        ("GIT_AUTHOR_NAME", c.author.name.as_str()),
        ("GIT_AUTHOR_EMAIL", c.author.email.as_str()),
        ("GIT_AUTHOR_DATE", a_date.as_str()),
        ("GIT_COMMITTER_NAME", c.committer.name.as_str()),
        ("GIT_COMMITTER_EMAIL", c.committer.email.as_str()),
        ("GIT_COMMITTER_DATE", c_date.as_str()),
    ];
    let tree = id_to_hex(&c.tree);
    let parents: Vec<String> = c.parents.iter().map(id_to_hex).collect();
    let mut args = vec!["commit-tree", tree.as_str()];
    for p in &parents {
        args.extend(["-p", p.as_str()]);
    }
    repo.run_text(&args, c.message.as_bytes(), &env)
}

#[test]
fn commits_match_git_commit_tree() {
    let Some(repo) = GitRepo::init() else { return };
    let mut files = sample_files();
    let tree1 = hash_worktree(&files).unwrap().root;
    assert_eq!(id_to_hex(&tree1), git_write_tree(&repo, &files));

    let ada = signature("Ada Lovelace", "ada@example.org", 1_700_000_000, 330);
    let charles = signature("Charles Babbage", "cb@example.org", 1_700_003_600, -480);

    let first = Commit {
        tree: tree1,
        parents: vec![],
        author: ada.clone(),
        committer: ada.clone(),
        message: "First commit\n\nWith a body.\n".into(),
    };
    let first_id = commit_id(&first);
    let git_first = git_commit_tree(&repo, &first);
    assert_eq!(id_to_hex(&first_id), git_first);
    assert_eq!(
        commit_body(&first),
        repo.run(&["cat-file", "commit", &git_first], b"", &[])
    );

    files.insert(
        "src/main.rs".into(),
        b"fn main() { println!(); }\n".to_vec(),
    );
    let tree2 = hash_worktree(&files).unwrap().root;
    assert_eq!(id_to_hex(&tree2), git_write_tree(&repo, &files));
    let second = Commit {
        tree: tree2,
        parents: vec![first_id],
        author: ada.clone(),
        committer: charles.clone(),
        message: "no trailing newline".into(),
    };
    let second_id = commit_id(&second);
    assert_eq!(id_to_hex(&second_id), git_commit_tree(&repo, &second));

    // A sibling of `second` and a merge of both: two parent lines, in order.
    let side = Commit {
        tree: tree1,
        parents: vec![first_id],
        author: charles.clone(),
        committer: charles.clone(),
        message: "Side branch\n".into(),
    };
    let side_id = commit_id(&side);
    assert_eq!(id_to_hex(&side_id), git_commit_tree(&repo, &side));
    let merge = Commit {
        tree: tree2,
        parents: vec![second_id, side_id],
        author: signature("Grace Hopper", "grace@example.org", 0, 0),
        committer: signature("Grace Hopper", "grace@example.org", 1, -1),
        message: "Merge\n".into(),
    };
    assert_eq!(
        id_to_hex(&commit_id(&merge)),
        git_commit_tree(&repo, &merge)
    );
}

#[test]
fn odd_names_are_cleaned_like_git_does() {
    let Some(repo) = GitRepo::init() else { return };
    let tree = empty_tree_id();
    for (name, email) in [
        (" .Ada, ", " <a@b>. "),
        ("A<d>a", "x@y"),
        ("'quoted'", "\"q@q\""),
        ("ünï cödé ", "u@example.org;"),
    ] {
        let sig = signature(name, email, 1_700_000_000, 90);
        let c = Commit {
            tree,
            parents: vec![],
            author: sig.clone(),
            committer: sig,
            message: "m\n".into(),
        };
        assert_eq!(
            id_to_hex(&commit_id(&c)),
            git_commit_tree(&repo, &c),
            "{name:?} <{email:?}>"
        );
    }
}

#[test]
fn object_kinds_name_their_headers() {
    let kinds = [ObjectKind::Blob, ObjectKind::Tree, ObjectKind::Commit];
    let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    assert_eq!(names, ["blob", "tree", "commit"]);
    assert_eq!(
        distlab_core::git::object_header(ObjectKind::Blob, 12),
        b"blob 12\0"
    );
}
