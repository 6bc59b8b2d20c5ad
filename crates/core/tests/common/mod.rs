//! Helpers shared by the integration tests: a throw-away git repository driven through
//! the real `git` binary, so expected object ids come from git itself.
#![allow(dead_code)]

pub mod data;
pub mod rfc6962;
pub mod sim;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// A temporary git repository, isolated from the user's and the system's git config.
pub struct GitRepo {
    dir: tempfile::TempDir,
}

impl GitRepo {
    /// `git init -q` in a fresh temporary directory. `None` (with a printed note) when
    /// git is not installed, unless the `CI` variable is `true`: then a missing git fails
    /// the test, so CI never silently skips the known-answer tests.
    pub fn init() -> Option<GitRepo> {
        if Command::new("git").arg("--version").output().is_err() {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("the `git` binary is required when CI=true");
            }
            eprintln!("note: `git` not found; skipping a test that compares with real git");
            return None;
        }
        let repo = GitRepo {
            dir: tempfile::tempdir().expect("temporary directory"),
        };
        repo.run(&["init", "-q"], b"", &[]);
        Some(repo)
    }

    /// The work tree's directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `git args…` in the repository with `stdin` and extra environment variables,
    /// and returns its stdout; panics with git's stderr if git fails.
    pub fn run(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Vec<u8> {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_OBJECT_DIRECTORY")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.dir.path())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn git");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write git's stdin");
        let out = child.wait_with_output().expect("wait for git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// Like [`run`](Self::run), returning stdout as trimmed text.
    pub fn run_text(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> String {
        String::from_utf8(self.run(args, stdin, env))
            .expect("git printed UTF-8")
            .trim()
            .to_owned()
    }
}
