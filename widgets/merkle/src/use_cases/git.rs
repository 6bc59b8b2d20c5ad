//! The Git tab: edit a tiny repository and watch its object ids, which are git's own.
//!
//! The file list and an editor on top; below, every object the work tree hashes to, as
//! a tree like `git ls-tree -r -t` with the pending commit on top. Each id is marked
//! *changed* or *same as HEAD*: editing one file changes its blob, every tree on its
//! path and the commit — and nothing else, which is why git can skip whole unchanged
//! directories when it compares two commits.

use super::repo::{cat_file, hashed_segments, Repo, Segment, Status, AUTHOR_EMAIL, AUTHOR_NAME};
use crate::out::Out;
use distlab_core::git::{commit_body, id_to_hex, GitObject, ObjectId, ObjectKind};
use distlab_kit::textapp::{value_of, TextApp};
use web_sys::{Element, Event};

/// Short ids as `git log --oneline` prints them.
const SHORT: usize = 7;

fn short(id: &ObjectId) -> String {
    id_to_hex(id)[..SHORT].to_owned()
}

/// The tab's state: the repository plus what the reader has open.
#[derive(Debug, Clone, PartialEq)]
pub struct GitState {
    /// The repository.
    pub repo: Repo,
    /// The file in the editor.
    pub selected: String,
    /// Objects whose bodies are shown (`commit`, or `kind:path`). A short list, not a
    /// `BTreeSet`: one collection instantiation less in the wasm.
    pub open: Vec<String>,
    /// The last refused edit.
    pub error: Option<String>,
    /// Announcement for screen readers.
    pub announce: String,
}

/// What the reader can do.
#[derive(Debug, Clone, PartialEq)]
pub enum GitAction {
    /// Open a file in the editor.
    Select(String),
    /// New content for a file.
    Edit(String, String),
    /// New commit message.
    Message(String),
    /// Add an empty file.
    Add(String),
    /// Rename a file.
    Rename(String, String),
    /// Delete a file.
    Delete(String),
    /// Commit: the pending commit becomes HEAD.
    Commit,
    /// Show or hide an object's body.
    ToggleBody(String),
}

impl Default for GitState {
    fn default() -> Self {
        let repo = Repo::new();
        GitState {
            selected: repo
                .files
                .keys()
                .find(|p| p.ends_with("main.rs"))
                .cloned()
                .unwrap_or_default(),
            repo,
            open: Vec::new(),
            error: None,
            announce: String::new(),
        }
    }
}

impl GitState {
    /// Whether the body of `key` (`commit`, or `kind:path`) is shown.
    pub fn is_open(&self, key: &str) -> bool {
        self.open.iter().any(|o| o == key)
    }

    /// One sentence: which ids changed since HEAD and which are shared.
    pub fn change_summary(&self) -> String {
        let (mut changed, mut same) = ((0, 0), (0, 0));
        for o in &self.repo.current.worktree.objects {
            let slot = match self.repo.status(&o.path) {
                Status::Same => &mut same,
                _ => &mut changed,
            };
            match o.kind {
                ObjectKind::Blob => slot.0 += 1,
                _ => slot.1 += 1,
            }
        }
        let n = |c: usize, what: &str| format!("{c} {what}{}", if c == 1 { "" } else { "s" });
        if changed == (0, 0) && self.repo.deleted().is_empty() {
            return "Nothing changed since HEAD: every blob and tree id is the same, only the commit would be new."
                .into();
        }
        format!(
            "New ids since HEAD: {}, {} and the commit. Unchanged, so shared with HEAD: {}, {}.",
            n(changed.0, "blob"),
            n(changed.1, "tree"),
            n(same.0, "blob"),
            n(same.1, "tree")
        )
    }
}

impl GitState {
    /// Does what the reader asked (a refused edit leaves the repository alone and says
    /// why in [`GitState::error`]).
    pub fn apply(&mut self, action: GitAction) {
        let s = self;
        s.error = None;
        match action {
            GitAction::Select(p) => {
                if s.repo.files.contains_key(&p) {
                    s.selected = p;
                }
            }
            GitAction::Edit(p, c) => {
                s.repo.edit(&p, &c);
                s.announce = s.change_summary();
            }
            GitAction::Message(m) => s.repo.set_message(&m),
            GitAction::Add(p) => match s.repo.add(&p) {
                Ok(()) => {
                    s.selected = p.trim().to_owned();
                    s.announce = format!("Added {}. {}", s.selected, s.change_summary());
                }
                Err(e) => s.error = Some(e),
            },
            GitAction::Rename(from, to) => match s.repo.rename(&from, &to) {
                Ok(()) => {
                    s.selected = to.trim().to_owned();
                    s.announce = format!("Renamed to {}. {}", s.selected, s.change_summary());
                }
                Err(e) => s.error = Some(e),
            },
            GitAction::Delete(p) => {
                s.repo.delete(&p);
                s.selected = s.repo.files.keys().next().cloned().unwrap_or_default();
                s.announce = format!("Deleted {p}. {}", s.change_summary());
            }
            GitAction::Commit => {
                s.repo.commit();
                s.announce = format!(
                    "Committed {}. It is now HEAD and the parent of the next commit.",
                    s.repo.head().map(|h| short(&h.id)).unwrap_or_default()
                );
            }
            GitAction::ToggleBody(k) => match s.open.iter().position(|o| *o == k) {
                Some(i) => {
                    s.open.remove(i);
                }
                None => s.open.push(k),
            },
        }
    }
}

/// The Git tab: the repository's state plus the two path boxes the reader types in.
pub struct GitObjects {
    state: GitState,
    /// The "new file path" box.
    new_path: String,
    /// The rename box; it starts from the selected path each time another file is
    /// selected.
    rename_to: String,
}

impl Default for GitObjects {
    fn default() -> Self {
        Self::new()
    }
}

impl GitObjects {
    /// The default repository, `src/main.rs` open.
    pub fn new() -> Self {
        let state = GitState::default();
        GitObjects {
            rename_to: state.selected.clone(),
            new_path: "src/util.rs".into(),
            state,
        }
    }

    fn apply(&mut self, action: GitAction) {
        let before = self.state.selected.clone();
        self.state.apply(action);
        if self.state.selected != before {
            self.rename_to = self.state.selected.clone();
        }
    }
}

impl TextApp for GitObjects {
    fn view(&self, out: &mut String) {
        let mut o = Out(std::mem::take(out));
        view(&mut o, self);
        *out = o.0;
    }

    fn act(&mut self, act: &str, el: &Element, ev: &Event) -> bool {
        let key = || el.get_attribute("data-key").unwrap_or_default();
        let selected = self.state.selected.clone();
        let action = match act {
            // The path boxes only remember what was typed: nothing else changes.
            "new-path" => {
                self.new_path = value_of(el);
                return false;
            }
            "rename-to" => {
                self.rename_to = value_of(el);
                return false;
            }
            "content" => GitAction::Edit(selected, value_of(el)),
            "message" => GitAction::Message(value_of(el)),
            "file" => GitAction::Select(key()),
            "body" => GitAction::ToggleBody(key()),
            "rename" => GitAction::Rename(selected, self.rename_to.clone()),
            "delete" => GitAction::Delete(selected),
            "commit" => GitAction::Commit,
            // The form's submit button, pressed or reached by Enter in the path box: the
            // page must not be submitted (the form's `method="dialog"` makes sure: outside a
            // dialog such a form goes nowhere).
            "add" => {
                ev.prevent_default();
                GitAction::Add(self.new_path.clone())
            }
            _ => return false,
        };
        self.apply(action);
        true
    }

    fn announce(&self) -> &str {
        &self.state.announce
    }
}

fn view(out: &mut Out, g: &GitObjects) {
    let s = &g.state;
    let repo = &s.repo;
    let cur = &repo.current;
    let head = repo.head();
    let commit_status = if head.is_some_and(|h| h.worktree.root == cur.worktree.root) {
        "same tree as HEAD"
    } else {
        "new"
    };

    out.s("<div class=\"dluc-git\"><p class=\"dluc-lede\">Git names every object by the SHA-1 of its bytes. A tree lists its children's ids, and a commit names its root tree and parent, so ids form a Merkle tree over the whole project and its history.</p><div class=\"dluc-git-top\"><section class=\"dluc-files\" aria-label=\"Files\"><h4>Work tree</h4><ul class=\"dluc-filelist\">");
    for p in repo.files.keys() {
        let on = *p == s.selected;
        out.s("<li><button type=\"button\" class=\"dluc-file")
            .when(on, " dluc-file-on")
            .s("\" aria-pressed=\"")
            .s(if on { "true" } else { "false" })
            .s("\" data-act=\"file\" data-key=\"")
            .t(p)
            .s("\" data-testid=\"git-file-")
            .t(p)
            .s("\"><span class=\"dluc-path\">")
            .t(p)
            .s("</span><code class=\"")
            .s(status_class(repo.status(p)))
            .s("\">")
            .s(&cur.object(p).map(|o| short(&o.id)).unwrap_or_default())
            .s("</code></button></li>");
    }
    out.s("</ul><form class=\"dl-row dluc-add\" method=\"dialog\"><input type=\"text\" value=\"")
        .t(&g.new_path)
        .s("\" aria-label=\"New file path\" data-testid=\"git-new-path\" data-act=\"new-path\" size=\"14\" maxlength=\"80\"/><button type=\"submit\" class=\"dl-btn\" data-testid=\"git-add\" data-act=\"add\">Add file</button></form></section><section class=\"dluc-editor\" aria-label=\"Editor\">");
    if let Some(content) = repo.files.get(&s.selected) {
        out.s("<div class=\"dl-row\"><label>Path <input type=\"text\" value=\"")
            .t(&g.rename_to)
            .s("\" data-testid=\"git-rename-path\" data-act=\"rename-to\" size=\"16\" maxlength=\"80\"/></label><button type=\"button\" class=\"dl-btn\" data-testid=\"git-rename\" data-act=\"rename\">Rename</button><button type=\"button\" class=\"dl-btn\" data-testid=\"git-delete\" data-act=\"delete\">Delete</button></div><textarea class=\"dluc-textarea\" rows=\"7\" spellcheck=\"false\" maxlength=\"")
            .n(super::repo::MAX_CONTENT)
            .s("\" aria-label=\"Content of ")
            .t(&s.selected)
            // The line break after the tag is dropped by the parser, so a content that
            // starts with one keeps it.
            .s("\" data-testid=\"git-content\" data-keep-scroll=\"git-content\" data-act=\"content\">\n")
            .t(content)
            .s("</textarea>");
    } else {
        out.s("<p class=\"dl-muted\">No files: the root is the empty tree, 4b825dc…, the same in every repository.</p>");
    }
    if let Some(e) = &s.error {
        out.s("<p class=\"dl-error\" role=\"alert\" data-testid=\"git-error\">")
            .t(e)
            .s("</p>");
    }
    out.s("</section></div>");

    let commit_hex = id_to_hex(&cur.id);
    out.s("<p class=\"dluc-phase\" data-testid=\"git-summary\">")
        .t(&s.change_summary())
        .s("</p><section class=\"dluc-objects\" aria-label=\"Objects\"><h4>Objects (what <code>git ls-tree -r -t</code> lists, and the commit)</h4><ul class=\"dluc-objlist\"><li class=\"dluc-obj\"><div class=\"dluc-objrow\"><span class=\"dluc-kind dluc-kind-commit\">commit</span><code class=\"dluc-id dluc-st-changed\" data-testid=\"git-commit-id\" data-hex=\"")
        .s(&commit_hex)
        .s("\" data-parent=\"")
        .s(&cur.commit.parents.first().map(id_to_hex).unwrap_or_default())
        .s("\" title=\"")
        .s(&commit_hex)
        .s("\">")
        .s(&commit_hex[..SHORT])
        .s("<span class=\"dluc-id-rest\">")
        .s(&commit_hex[SHORT..])
        .s("</span></code><span class=\"dluc-objname\">pending (")
        .s(commit_status)
        .s(")</span>");
    body_toggle(out, s, "commit");
    out.s("</div>");
    if s.is_open("commit") {
        body_view(
            out,
            ObjectKind::Commit,
            &commit_body(&cur.commit),
            "git commit-tree",
        );
    }
    out.s("</li>");
    for o in &cur.worktree.objects {
        object_row(out, s, o);
    }
    for o in repo.deleted() {
        out.s("<li class=\"dluc-obj dluc-obj-gone\" style=\"--depth: ")
            .n(depth(&o.path))
            .s("\"><div class=\"dluc-objrow\"><span class=\"dluc-kind\">")
            .s(o.kind.as_str())
            .s("</span><code class=\"dluc-id\">")
            .s(&short(&o.id))
            .s("</code><span class=\"dluc-objname\">")
            .t(&o.path)
            .s(" (deleted since HEAD)</span></div></li>");
    }
    out.s("</ul><p class=\"dl-muted dluc-legend\"><span class=\"dluc-st-changed\">new id</span> · <span class=\"dluc-st-same\">same id as HEAD (shared, skipped by git diff)</span></p></section>");

    out.s("<section class=\"dluc-commit\" aria-label=\"Commit\"><div class=\"dl-row\"><label>Message <input type=\"text\" value=\"")
        .t(&repo.message)
        .s("\" size=\"28\" maxlength=\"200\" data-testid=\"git-message\" data-act=\"message\"/></label><button type=\"button\" class=\"dl-btn dl-btn-primary\" data-testid=\"git-commit\" data-act=\"commit\">Commit</button></div><p class=\"dl-muted\">Author and committer: ")
        .t(AUTHOR_NAME)
        .s(" ")
        .t(&["<", AUTHOR_EMAIL, ">"].concat())
        .s(", one hour after the previous commit (UTC). The ids are what git commit-tree prints with the same names, dates and message.</p><h4>History</h4><ol class=\"dluc-history\" reversed data-testid=\"git-history\">");
    for (i, c) in repo.history.iter().rev().enumerate() {
        out.s("<li><code>")
            .s(&short(&c.id))
            .s("</code>")
            .s(if i == 0 { " (HEAD) " } else { " " })
            .t(c.commit.message.lines().next().unwrap_or_default())
            .s("<span class=\"dl-muted\"> — tree ")
            .s(&short(&c.commit.tree));
        if let Some(p) = c.commit.parents.first() {
            out.s(", parent ").s(&short(p));
        }
        out.s("</span></li>");
    }
    out.s("</ol></section></div>");
}

fn depth(path: &str) -> usize {
    if path.is_empty() {
        0
    } else {
        path.matches('/').count() + 1
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Same => "dluc-st-same",
        Status::Changed | Status::New => "dluc-st-changed",
    }
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Same => "same as HEAD",
        Status::Changed => "changed",
        Status::New => "new",
    }
}

/// One blob or tree of the work tree.
fn object_row(out: &mut Out, s: &GitState, o: &GitObject) {
    let status = s.repo.status(&o.path);
    let kind = o.kind.as_str();
    let key = [kind, ":", &o.path].concat();
    let hex = id_to_hex(&o.id);
    out.s("<li class=\"dluc-obj\" style=\"--depth: ")
        .n(depth(&o.path))
        .s("\"><div class=\"dluc-objrow\"><span class=\"dluc-kind dluc-kind-")
        .s(kind)
        .s("\">")
        .s(kind)
        .s("</span><code class=\"dluc-id ")
        .s(status_class(status))
        .s("\" data-testid=\"");
    if o.kind == ObjectKind::Tree && o.path.is_empty() {
        out.s("git-root-tree");
    } else {
        out.s("git-").s(kind).s("-").t(&o.path);
    }
    out.s("\" data-hex=\"")
        .s(&hex)
        .s("\" title=\"")
        .s(&hex)
        .s("\" aria-label=\"")
        .s(kind)
        .s(" ")
        .t(if o.path.is_empty() { "root" } else { &o.path })
        .s(" id ")
        .s(&hex)
        .s(", ")
        .s(status_text(status))
        .s("\">")
        .s(&hex[..SHORT])
        .s("<span class=\"dluc-id-rest\">")
        .s(&hex[SHORT..])
        .s("</span></code><span class=\"dluc-objname\">");
    if o.path.is_empty() {
        out.s("(root)");
    } else {
        out.t(o.path.rsplit('/').next().unwrap_or(&o.path))
            .when(o.kind == ObjectKind::Tree, "/");
    }
    out.s("</span><span class=\"dluc-status ")
        .s(status_class(status))
        .s("\">")
        .s(status_text(status))
        .s("</span>");
    body_toggle(out, s, &key);
    out.s("</div>");
    if s.is_open(&key) {
        body_view(
            out,
            o.kind,
            &o.body,
            if o.kind == ObjectKind::Tree {
                "git write-tree"
            } else {
                "git hash-object"
            },
        );
    }
    out.s("</li>");
}

fn body_toggle(out: &mut Out, s: &GitState, key: &str) {
    let open = s.is_open(key);
    out.s("<button type=\"button\" class=\"dl-btn dluc-small\" data-act=\"body\" data-key=\"")
        .t(key)
        .s(if open {
            "\" aria-expanded=\"true\" aria-label=\"Hide body of "
        } else {
            "\" aria-expanded=\"false\" aria-label=\"Show body of "
        })
        .t(key)
        .s(if open {
            "\">Hide body</button>"
        } else {
            "\">Body</button>"
        });
}

/// An object's body twice: as `git cat-file -p` prints it, and as the exact bytes SHA-1
/// hashes (header, NUL, body; a tree's ids as 20 raw bytes).
fn body_view(out: &mut Out, kind: ObjectKind, body: &[u8], tool: &str) {
    out.s(
        "<div class=\"dluc-body\"><div><div class=\"dluc-body-title\">git cat-file -p</div><pre>",
    )
    .t(&cat_file(kind, body))
    .s("</pre></div><div><div class=\"dluc-body-title\">SHA-1 input, ")
    .n(super::repo::hashed_len(kind, body))
    .s(" bytes: ")
    .s(tool)
    .s(" hashes exactly these")
    .when(kind == ObjectKind::Tree, " (line breaks added for reading)")
    .s("</div><pre class=\"dluc-raw\">");
    for seg in hashed_segments(kind, body) {
        match seg {
            Segment::Header(h) => out.s("<span class=\"dluc-raw-header\">").t(&h),
            Segment::Nul => {
                out.s("<span class=\"dluc-raw-nul\" title=\"NUL byte\" aria-label=\"NUL byte\">\\0")
            }
            Segment::Text(t) => out.s("<span>").t(&t),
            Segment::RawId(id) => out
                .s("<span class=\"dluc-raw-id\" title=\"20 raw bytes of the id, shown in hex\">[")
                .s(&id_to_hex(&id))
                .s("]"),
        };
        out.s("</span>");
    }
    out.s("</pre></div></div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_changed_and_shared_ids() {
        let mut s = GitState::default();
        assert_eq!(s.selected, "src/main.rs");
        assert!(s.change_summary().starts_with("Nothing changed"));
        s.apply(GitAction::Edit("src/main.rs".into(), "x".into()));
        assert_eq!(
            s.change_summary(),
            "New ids since HEAD: 1 blob, 2 trees and the commit. Unchanged, so shared with HEAD: 3 blobs, 1 tree."
        );
        s.apply(GitAction::Commit);
        assert!(s.change_summary().starts_with("Nothing changed"));
        assert_eq!(s.repo.history.len(), 2);
    }

    #[test]
    fn refused_edits_leave_the_repo_alone_and_explain() {
        let mut s = GitState::default();
        let before = s.repo.current.clone();
        s.apply(GitAction::Add("/etc/passwd".into()));
        assert!(s
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("starts with '/'"));
        assert_eq!(s.repo.current, before);
        s.apply(GitAction::Rename(
            "src/main.rs".into(),
            "src/bin/main.rs".into(),
        ));
        assert_eq!(s.error, None);
        assert_eq!(s.selected, "src/bin/main.rs");
        s.apply(GitAction::Delete("src/bin/main.rs".into()));
        assert!(s.repo.files.contains_key(&s.selected));
        s.apply(GitAction::ToggleBody("commit".into()));
        assert!(s.is_open("commit"));
        s.apply(GitAction::ToggleBody("commit".into()));
        assert!(s.open.is_empty());
    }

    #[test]
    fn the_rename_box_follows_the_selected_file_and_text_is_escaped() {
        let mut g = GitObjects::new();
        assert_eq!(g.rename_to, "src/main.rs");
        g.rename_to = "typed".into();
        g.apply(GitAction::Edit("src/main.rs".into(), "\n<b>&".into()));
        assert_eq!(g.rename_to, "typed", "an edit keeps what was typed");
        g.apply(GitAction::Select("src/lib.rs".into()));
        assert_eq!(g.rename_to, "src/lib.rs");
        g.apply(GitAction::Select("src/main.rs".into()));
        let mut html = String::new();
        g.view(&mut html);
        // The parser drops one line break after `<textarea>`: the content's own stays.
        assert!(html.contains("data-act=\"content\">\n\n&lt;b&gt;&amp;</textarea>"));
        assert!(!html.contains("<b>"));
    }
}
