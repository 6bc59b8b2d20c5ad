//! An image as a stack of layers, built from a small Dockerfile, with Docker's build
//! cache.
//!
//! Each instruction that changes the filesystem adds a layer holding only what changed
//! (a deterministic list of files here, see [`Build`]); its digest is the SHA-256 of
//! that layer as a tar archive ([`super::tar`]), Docker's `diff_id`. `CMD` only edits the
//! image's configuration: no layer.
//!
//! **The cache rule** (Docker's "Build cache" documentation): a step is reused when its
//! parent was reused and its instruction is the same; for `COPY`/`ADD` the checksum of
//! the copied files counts too, for `RUN` only the command's text. After the first step
//! that misses, every later step runs again. That is why the Dockerfile copies
//! `requirements.txt` and installs before copying the rest of the source: an edit to the
//! app then rebuilds only the last `COPY`.

use super::tar::{diff_id, Entry};
use crate::hash::{to_hex, Digest};

/// The build context: the files next to the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// `requirements.txt`, one `package==version` a line.
    pub requirements: String,
    /// `app.py`.
    pub app: String,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            requirements: "flask==3.0.3\ngunicorn==22.0.0\n".into(),
            app: "from flask import Flask\napp = Flask(__name__)\n\n@app.get(\"/\")\ndef hello():\n    return \"Hello from v1\"\n".into(),
        }
    }
}

/// The Dockerfile's choices the reader can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The base image's tag, e.g. `python:3.12-slim`.
    pub base: String,
    /// The command, e.g. `python app.py`.
    pub cmd: String,
    /// Copy the whole context before installing (the cache-unfriendly order).
    pub copy_all_first: bool,
}

impl Default for Dockerfile {
    fn default() -> Self {
        Self {
            base: "python:3.12-slim".into(),
            cmd: "python app.py".into(),
            copy_all_first: false,
        }
    }
}

/// What built a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `FROM`: the base image's layers, pulled.
    From,
    /// `WORKDIR /app`.
    Workdir,
    /// `COPY requirements.txt .`.
    CopyRequirements,
    /// `RUN pip install ...`.
    Run,
    /// `COPY . .`.
    CopyAll,
    /// `CMD`.
    Cmd,
}

/// One step of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which instruction.
    pub kind: Kind,
    /// The instruction as written.
    pub instruction: String,
    /// Its cache key: SHA-256 over the parent's key, the instruction and, for `COPY`,
    /// the copied files' checksum.
    pub key: Digest,
    /// The layer's content (`None` for `CMD`: configuration only).
    pub files: Option<Vec<Entry>>,
    /// The layer's `diff_id`.
    pub digest: Option<Digest>,
    /// Reused from the cache.
    pub cached: bool,
}

/// A build: its steps in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// The steps.
    pub steps: Vec<Step>,
}

impl Build {
    /// The Dockerfile's text.
    pub fn dockerfile(&self) -> String {
        let mut s = String::new();
        for st in &self.steps {
            s += &st.instruction;
            s.push('\n');
        }
        s
    }

    /// How many steps came from the cache.
    pub fn cached(&self) -> usize {
        self.steps.iter().filter(|s| s.cached).count()
    }
}

fn file(path: &str, content: &str) -> Entry {
    Entry {
        path: path.into(),
        content: Some(content.as_bytes().to_vec()),
    }
}

fn dir(path: &str) -> Entry {
    Entry {
        path: path.into(),
        content: None,
    }
}

/// What `pip install -r requirements.txt` leaves, as a stand-in: for each
/// `name==version` line a package directory with an `__init__.py` naming it and a
/// `METADATA` file (a real install writes many more files).
pub fn pip_install(requirements: &str) -> Vec<Entry> {
    let site = "usr/local/lib/python3/site-packages";
    let mut out = vec![
        dir("usr"),
        dir("usr/local"),
        dir("usr/local/lib"),
        dir("usr/local/lib/python3"),
        dir(site),
    ];
    for line in requirements.lines().take(20) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, version) = line.split_once("==").unwrap_or((line, "latest"));
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .take(30)
            .collect();
        if name.is_empty() {
            continue;
        }
        let version: String = version.chars().take(20).collect();
        out.push(dir(&format!("{site}/{name}")));
        out.push(file(
            &format!("{site}/{name}/__init__.py"),
            &format!("# {name} {version}\n"),
        ));
        out.push(dir(&format!("{site}/{name}-{version}.dist-info")));
        out.push(file(
            &format!("{site}/{name}-{version}.dist-info/METADATA"),
            &format!("Name: {name}\nVersion: {version}\n"),
        ));
    }
    out
}

/// The base image's stand-in layer: a few files naming the tag (a real
/// `python:3.12-slim` is four layers and about 45 MB).
pub fn base_layer(tag: &str) -> Vec<Entry> {
    vec![
        dir("etc"),
        file(
            "etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        ),
        dir("usr"),
        dir("usr/local"),
        dir("usr/local/bin"),
        file("usr/local/bin/python3", &format!("#!stand-in for {tag}\n")),
    ]
}

/// Builds `df` over `ctx`, reusing the steps of `cache` (the previous build) under
/// Docker's rule.
pub fn build(df: &Dockerfile, ctx: &Context, cache: Option<&Build>) -> Build {
    let copy_req = (
        Kind::CopyRequirements,
        "COPY requirements.txt .".to_string(),
    );
    let run = (
        Kind::Run,
        "RUN pip install --no-cache-dir -r requirements.txt".to_string(),
    );
    let copy_all = (Kind::CopyAll, "COPY . .".to_string());
    let mut plan = vec![
        (Kind::From, format!("FROM {}", df.base)),
        (Kind::Workdir, "WORKDIR /app".to_string()),
    ];
    if df.copy_all_first {
        plan.push(copy_all);
        plan.push(run);
    } else {
        plan.push(copy_req);
        plan.push(run);
        plan.push(copy_all);
    }
    let cmd_json = df
        .cmd
        .split_whitespace()
        .take(8)
        .map(|w| format!("\"{}\"", w.replace(['"', '\\'], "")))
        .collect::<Vec<_>>()
        .join(", ");
    plan.push((Kind::Cmd, format!("CMD [{cmd_json}]")));

    let req_files = vec![dir("app"), file("app/requirements.txt", &ctx.requirements)];
    let all_files = vec![
        dir("app"),
        file("app/app.py", &ctx.app),
        file("app/requirements.txt", &ctx.requirements),
    ];
    let mut steps: Vec<Step> = Vec::new();
    let mut parent_hit = true;
    let mut parent_key: Digest = [0; 32];
    for (i, (kind, instruction)) in plan.into_iter().enumerate() {
        let (files, copied): (Option<Vec<Entry>>, Option<Digest>) = match kind {
            Kind::From => (Some(base_layer(&df.base)), None),
            Kind::Workdir => (Some(vec![dir("app")]), None),
            Kind::CopyRequirements => {
                let d = diff_id(&req_files);
                (Some(req_files.clone()), Some(d))
            }
            Kind::CopyAll => {
                let d = diff_id(&all_files);
                (Some(all_files.clone()), Some(d))
            }
            Kind::Run => (Some(pip_install(&ctx.requirements)), None),
            Kind::Cmd => (None, None),
        };
        let mut parts: Vec<&[u8]> = vec![&parent_key, instruction.as_bytes()];
        if let Some(c) = &copied {
            parts.push(c);
        }
        let key = crate::hash::sha256_parts(&parts);
        let hit = parent_hit
            && cache
                .and_then(|c| c.steps.get(i))
                .is_some_and(|s| s.key == key);
        parent_hit = hit;
        parent_key = key;
        let digest = files.as_deref().map(diff_id);
        steps.push(Step {
            kind,
            instruction,
            key,
            files,
            digest,
            cached: hit,
        });
    }
    Build { steps }
}

/// `sha256:` and the first 12 hex digits, as `docker history` shows an id.
pub fn short_digest(d: &Digest) -> String {
    format!("sha256:{}", &to_hex(d)[..12])
}
