//! The Git tab: edit a tiny repository and watch its object ids, which are git's own.
//!
//! The file list and an editor on top; below, every object the work tree hashes to, as
//! a tree like `git ls-tree -r -t` with the pending commit on top. Each id is marked
//! *changed* or *same as HEAD*: editing one file changes its blob, every tree on its
//! path and the commit — and nothing else, which is why git can skip whole unchanged
//! directories when it compares two commits.

use super::repo::{cat_file, hashed_segments, Repo, Segment, Status, AUTHOR_EMAIL, AUTHOR_NAME};
use distlab_core::git::{commit_body, id_to_hex, GitObject, ObjectId, ObjectKind};
use distlab_kit::controls::live_region;
use std::rc::Rc;
use yew::prelude::*;

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

impl Reducible for GitState {
    type Action = GitAction;

    fn reduce(self: Rc<Self>, action: GitAction) -> Rc<Self> {
        let mut s = (*self).clone();
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
        Rc::new(s)
    }
}

/// The Git tab.
#[function_component(GitObjects)]
pub fn git_objects() -> Html {
    let state = use_reducer(GitState::default);
    let new_path = use_state(|| "src/util.rs".to_string());
    let rename_to = use_state(String::new);
    {
        // The rename box starts from the selected path.
        let rename_to = rename_to.clone();
        use_effect_with(state.selected.clone(), move |sel| {
            rename_to.set(sel.clone());
        });
    }
    let s = &*state;
    let repo = &s.repo;
    let cur = &repo.current;
    let content = repo.files.get(&s.selected).cloned();

    let on_content = {
        let state = state.clone();
        let path = s.selected.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            state.dispatch(GitAction::Edit(path.clone(), v));
        })
    };
    let on_message = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            state.dispatch(GitAction::Message(v));
        })
    };
    let text_input = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| {
            h.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let act = |a: GitAction| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(a.clone()))
    };
    let on_add_submit = {
        let state = state.clone();
        let p = (*new_path).clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(GitAction::Add(p.clone()));
        })
    };
    let head = repo.head();
    let commit_status = if head.is_some_and(|h| h.worktree.root == cur.worktree.root) {
        "same tree as HEAD"
    } else {
        "new"
    };

    html! {
        <div class="dluc-git">
            <p class="dluc-lede">
                { "Git names every object by the SHA-1 of its bytes. A tree lists its children's ids, and a commit names \
                   its root tree and parent, so ids form a Merkle tree over the whole project and its history." }
            </p>
            <div class="dluc-git-top">
                <section class="dluc-files" aria-label="Files">
                    <h4>{ "Work tree" }</h4>
                    <ul class="dluc-filelist">
                        { for repo.files.keys().map(|p| {
                            let status = repo.status(p);
                            let id = cur.object(p).map(|o| short(&o.id)).unwrap_or_default();
                            html! {
                                <li>
                                    <button type="button" class={classes!("dluc-file", (*p == s.selected).then_some("dluc-file-on"))}
                                        aria-pressed={(*p == s.selected).to_string()} data-testid={format!("git-file-{p}")}
                                        onclick={act(GitAction::Select(p.clone()))}>
                                        <span class="dluc-path">{ p }</span>
                                        <code class={status_class(status)}>{ id }</code>
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                    <form class="dl-row dluc-add" onsubmit={on_add_submit}>
                        <input type="text" value={(*new_path).clone()} oninput={text_input(&new_path)}
                            aria-label="New file path" data-testid="git-new-path" size="14" maxlength="80" />
                        <button type="submit" class="dl-btn" data-testid="git-add">{ "Add file" }</button>
                    </form>
                </section>
                <section class="dluc-editor" aria-label="Editor">
                    if let Some(content) = content {
                        <div class="dl-row">
                            <label>{ "Path " }
                                <input type="text" value={(*rename_to).clone()} oninput={text_input(&rename_to)}
                                    data-testid="git-rename-path" size="16" maxlength="80" />
                            </label>
                            <button type="button" class="dl-btn" data-testid="git-rename"
                                onclick={act(GitAction::Rename(s.selected.clone(), (*rename_to).clone()))}>{ "Rename" }</button>
                            <button type="button" class="dl-btn" data-testid="git-delete"
                                onclick={act(GitAction::Delete(s.selected.clone()))}>{ "Delete" }</button>
                        </div>
                        <textarea class="dluc-textarea" value={content} oninput={on_content} rows="7" spellcheck="false"
                            maxlength={super::repo::MAX_CONTENT.to_string()}
                            aria-label={format!("Content of {}", s.selected)} data-testid="git-content" />
                    } else {
                        <p class="dl-muted">{ "No files: the root is the empty tree, 4b825dc…, the same in every repository." }</p>
                    }
                    if let Some(e) = &s.error {
                        <p class="dl-error" role="alert" data-testid="git-error">{ e }</p>
                    }
                </section>
            </div>

            <p class="dluc-phase" data-testid="git-summary">{ s.change_summary() }</p>

            <section class="dluc-objects" aria-label="Objects">
                <h4>{ "Objects (what " }<code>{ "git ls-tree -r -t" }</code>{ " lists, and the commit)" }</h4>
                <ul class="dluc-objlist">
                    <li class="dluc-obj">
                        <div class="dluc-objrow">
                            <span class="dluc-kind dluc-kind-commit">{ "commit" }</span>
                            <code class="dluc-id dluc-st-changed" data-testid="git-commit-id" data-hex={id_to_hex(&cur.id)}
                                data-parent={cur.commit.parents.first().map(id_to_hex).unwrap_or_default()}
                                title={id_to_hex(&cur.id)}>
                                { short(&cur.id) }<span class="dluc-id-rest">{ &id_to_hex(&cur.id)[SHORT..] }</span>
                            </code>
                            <span class="dluc-objname">{ format!("pending ({commit_status})") }</span>
                            { body_toggle(&state, "commit") }
                        </div>
                        if s.is_open("commit") {
                            { body_view(ObjectKind::Commit, &commit_body(&cur.commit), "git commit-tree") }
                        }
                    </li>
                    { for cur.worktree.objects.iter().map(|o| object_row(&state, o)) }
                    { for repo.deleted().into_iter().map(|o| html! {
                        <li class="dluc-obj dluc-obj-gone" style={format!("--depth: {}", depth(&o.path))}>
                            <div class="dluc-objrow">
                                <span class="dluc-kind">{ o.kind.as_str() }</span>
                                <code class="dluc-id">{ short(&o.id) }</code>
                                <span class="dluc-objname">{ format!("{} (deleted since HEAD)", o.path) }</span>
                            </div>
                        </li>
                    }) }
                </ul>
                <p class="dl-muted dluc-legend">
                    <span class="dluc-st-changed">{ "new id" }</span>{ " · " }
                    <span class="dluc-st-same">{ "same id as HEAD (shared, skipped by git diff)" }</span>
                </p>
            </section>

            <section class="dluc-commit" aria-label="Commit">
                <div class="dl-row">
                    <label>{ "Message " }
                        <input type="text" value={repo.message.clone()} oninput={on_message} size="28" maxlength="200"
                            data-testid="git-message" />
                    </label>
                    <button type="button" class="dl-btn dl-btn-primary" data-testid="git-commit"
                        onclick={act(GitAction::Commit)}>{ "Commit" }</button>
                </div>
                <p class="dl-muted">
                    { format!("Author and committer: {AUTHOR_NAME} <{AUTHOR_EMAIL}>, one hour after the previous commit (UTC). \
                       The ids are what git commit-tree prints with the same names, dates and message.") }
                </p>
                <h4>{ "History" }</h4>
                <ol class="dluc-history" reversed=true data-testid="git-history">
                    { for repo.history.iter().rev().enumerate().map(|(i, c)| html! {
                        <li>
                            <code>{ short(&c.id) }</code>
                            { if i == 0 { " (HEAD) " } else { " " } }
                            { c.commit.message.lines().next().unwrap_or_default().to_owned() }
                            <span class="dl-muted">
                                { format!(" — tree {}", short(&c.commit.tree)) }
                                { c.commit.parents.first().map(|p| format!(", parent {}", short(p))).unwrap_or_default() }
                            </span>
                        </li>
                    }) }
                </ol>
            </section>
            { live_region(s.announce.clone()) }
        </div>
    }
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
fn object_row(state: &UseReducerHandle<GitState>, o: &GitObject) -> Html {
    let status = state.repo.status(&o.path);
    let key = format!("{}:{}", o.kind, o.path);
    let name = if o.path.is_empty() {
        "(root)".to_owned()
    } else {
        let last = o.path.rsplit('/').next().unwrap_or(&o.path).to_owned();
        if o.kind == ObjectKind::Tree {
            last + "/"
        } else {
            last
        }
    };
    let testid = match (o.kind, o.path.is_empty()) {
        (ObjectKind::Tree, true) => "git-root-tree".to_owned(),
        (kind, _) => format!("git-{kind}-{}", o.path),
    };
    let hex = id_to_hex(&o.id);
    html! {
        <li class="dluc-obj" style={format!("--depth: {}", depth(&o.path))}>
            <div class="dluc-objrow">
                <span class={classes!("dluc-kind", format!("dluc-kind-{}", o.kind))}>{ o.kind.as_str() }</span>
                <code class={classes!("dluc-id", status_class(status))} data-testid={testid} data-hex={hex.clone()}
                    title={hex.clone()} aria-label={format!("{} {} id {hex}, {}", o.kind, if o.path.is_empty() { "root" } else { &o.path }, status_text(status))}>
                    { &hex[..SHORT] }<span class="dluc-id-rest">{ &hex[SHORT..] }</span>
                </code>
                <span class="dluc-objname">{ name }</span>
                <span class={classes!("dluc-status", status_class(status))}>{ status_text(status) }</span>
                { body_toggle(state, &key) }
            </div>
            if state.is_open(&key) {
                { body_view(o.kind, &o.body, if o.kind == ObjectKind::Tree { "git write-tree" } else { "git hash-object" }) }
            }
        </li>
    }
}

fn body_toggle(state: &UseReducerHandle<GitState>, key: &str) -> Html {
    let open = state.is_open(key);
    let onclick = {
        let state = state.clone();
        let key = key.to_owned();
        Callback::from(move |_: MouseEvent| state.dispatch(GitAction::ToggleBody(key.clone())))
    };
    html! {
        <button type="button" class="dl-btn dluc-small" aria-expanded={open.to_string()} {onclick}
            aria-label={format!("{} body of {key}", if open { "Hide" } else { "Show" })}>
            { if open { "Hide body" } else { "Body" } }
        </button>
    }
}

/// An object's body twice: as `git cat-file -p` prints it, and as the exact bytes SHA-1
/// hashes (header, NUL, body; a tree's ids as 20 raw bytes).
fn body_view(kind: ObjectKind, body: &[u8], tool: &str) -> Html {
    let segs = hashed_segments(kind, body);
    let total = super::repo::hashed_len(kind, body);
    html! {
        <div class="dluc-body">
            <div>
                <div class="dluc-body-title">{ "git cat-file -p" }</div>
                <pre>{ cat_file(kind, body) }</pre>
            </div>
            <div>
                <div class="dluc-body-title">{ format!("SHA-1 input, {total} bytes: {tool} hashes exactly these{}",
                    if kind == ObjectKind::Tree { " (line breaks added for reading)" } else { "" }) }</div>
                <pre class="dluc-raw">
                    { for segs.into_iter().map(|seg| match seg {
                        Segment::Header(h) => html! { <span class="dluc-raw-header">{ h }</span> },
                        Segment::Nul => html! { <span class="dluc-raw-nul" title="NUL byte" aria-label="NUL byte">{ "\\0" }</span> },
                        Segment::Text(t) => html! { <span>{ t }</span> },
                        Segment::RawId(id) => html! {
                            <span class="dluc-raw-id" title="20 raw bytes of the id, shown in hex">{ format!("[{}]", id_to_hex(&id)) }</span>
                        },
                    }) }
                </pre>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_changed_and_shared_ids() {
        let s = Rc::new(GitState::default());
        assert_eq!(s.selected, "src/main.rs");
        assert!(s.change_summary().starts_with("Nothing changed"));
        let s = s.reduce(GitAction::Edit("src/main.rs".into(), "x".into()));
        assert_eq!(
            s.change_summary(),
            "New ids since HEAD: 1 blob, 2 trees and the commit. Unchanged, so shared with HEAD: 3 blobs, 1 tree."
        );
        let s = s.reduce(GitAction::Commit);
        assert!(s.change_summary().starts_with("Nothing changed"));
        assert_eq!(s.repo.history.len(), 2);
    }

    #[test]
    fn refused_edits_leave_the_repo_alone_and_explain() {
        let s = Rc::new(GitState::default());
        let before = s.repo.current.clone();
        let s = s.reduce(GitAction::Add("/etc/passwd".into()));
        assert!(s
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("starts with '/'"));
        assert_eq!(s.repo.current, before);
        let s = s.reduce(GitAction::Rename(
            "src/main.rs".into(),
            "src/bin/main.rs".into(),
        ));
        assert_eq!(s.error, None);
        assert_eq!(s.selected, "src/bin/main.rs");
        let s = s.reduce(GitAction::Delete("src/bin/main.rs".into()));
        assert!(s.repo.files.contains_key(&s.selected));
        let s = s.reduce(GitAction::ToggleBody("commit".into()));
        assert!(s.is_open("commit"));
        let s = s.reduce(GitAction::ToggleBody("commit".into()));
        assert!(s.open.is_empty());
    }
}
