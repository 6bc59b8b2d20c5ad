//! Spans in OpenTelemetry's shape, built from a [`Request`]'s events.
//!
//! A span is one operation: a name, a kind (`SERVER` for handling an incoming call,
//! `CLIENT` for making one, `INTERNAL` for work inside a process), a start and an end, a
//! parent, attributes named by OpenTelemetry's semantic conventions
//! (`http.request.method`, `http.route`, `http.response.status_code`, `db.system`,
//! `db.operation.name`, `db.query.text`, `server.address`, `error.type`; our own
//! additions are prefixed `app.`), and a status
//! (`ERROR` on failures; left unset otherwise, as the conventions advise).
//!
//! Invariants of [`Request::spans`]: exactly one root (the gateway's server span); every
//! other span's parent is a span of the same trace; a child lies within its parent's
//! time; span ids are distinct and never zero. The redirect-service's server span is the
//! child of the gateway's client span: its parent id is what the gateway sent in the
//! `traceparent` header ([`Span::outgoing_traceparent`]).

use super::request::{CacheOutcome, Request, Route};
use crate::observability::traceparent::Traceparent;

/// OpenTelemetry's span kinds used here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// Handles an incoming request.
    Server,
    /// Makes an outgoing call.
    Client,
    /// Work inside one process.
    Internal,
}

impl SpanKind {
    /// The name OpenTelemetry prints (`SPAN_KIND_SERVER` is `SERVER`).
    pub fn as_str(self) -> &'static str {
        match self {
            SpanKind::Server => "SERVER",
            SpanKind::Client => "CLIENT",
            SpanKind::Internal => "INTERNAL",
        }
    }
}

/// A span's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanStatus {
    /// Not set: the operation did not fail.
    Unset,
    /// Failed, with a short description.
    Error(&'static str),
}

/// An attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrValue {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        AttrValue::Str(s.to_string())
    }
}
impl From<i64> for AttrValue {
    fn from(v: i64) -> Self {
        AttrValue::Int(v)
    }
}
impl From<bool> for AttrValue {
    fn from(v: bool) -> Self {
        AttrValue::Bool(v)
    }
}

/// One span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// The trace it belongs to.
    pub trace_id: [u8; 16],
    /// Its own id (never zero).
    pub span_id: [u8; 8],
    /// Its parent's id; `None` for the root.
    pub parent_span_id: Option<[u8; 8]>,
    /// The operation's name (low cardinality: a route template, not a URL).
    pub name: &'static str,
    /// The service that recorded it (OpenTelemetry's `service.name` resource).
    pub service: &'static str,
    /// Its kind.
    pub kind: SpanKind,
    /// Start, µs since the simulation began.
    pub start_us: u64,
    /// End, µs.
    pub end_us: u64,
    /// Attributes, in a fixed order.
    pub attributes: Vec<(&'static str, AttrValue)>,
    /// Status.
    pub status: SpanStatus,
}

impl Span {
    /// Duration in µs.
    pub fn duration_us(&self) -> u64 {
        self.end_us - self.start_us
    }
    /// The attribute named `key`, if present.
    pub fn attr(&self, key: &str) -> Option<&AttrValue> {
        self.attributes
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
    /// The `traceparent` header a client span sends: this trace, this span as the parent
    /// of whatever the callee records, and the sampled flag.
    pub fn outgoing_traceparent(&self) -> Option<Traceparent> {
        Traceparent::new(self.trace_id, self.span_id, true)
    }
}

/// Index of each span in [`Request::spans`] (absent ones are skipped, so use
/// [`Span::name`]/[`Span::service`] to find a span rather than a fixed position).
const GW_SERVER: u64 = 0;
const GW_CLIENT: u64 = 1;
const SVC_SERVER: u64 = 2;
const DNS: u64 = 3;
const CACHE_GET: u64 = 4;
const DB: u64 = 5;
const CACHE_SET: u64 = 6;

/// The gateway service's name.
pub const GATEWAY: &str = "api-gateway";
/// The redirect service's name (the post's `redirect-service`).
pub const REDIRECT_SERVICE: &str = "redirect-service";

/// The query the post's trace shows.
pub const SELECT_QUERY: &str = "SELECT destination FROM links WHERE short_code = $1";
/// The insert for new links.
pub const INSERT_QUERY: &str = "INSERT INTO links (short_code, destination) VALUES ($1, $2)";

/// A span id derived from the trace id and the span's slot: real SDKs draw span ids at
/// random; deriving them keeps a [`Request`] small and the ids reproducible. Never zero.
pub fn span_id(trace_id: &[u8; 16], slot: u64) -> [u8; 8] {
    let mut lo = [0u8; 8];
    lo.copy_from_slice(&trace_id[8..]);
    let mut hi = [0u8; 8];
    hi.copy_from_slice(&trace_id[..8]);
    let mut z = u64::from_be_bytes(lo)
        ^ u64::from_be_bytes(hi).rotate_left(17)
        ^ (slot + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // splitmix64's finaliser.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    if z == 0 {
        z = slot + 1;
    }
    z.to_be_bytes()
}

impl Request {
    /// The span id of a slot of this request (see [`Request::spans`]).
    fn sid(&self, slot: u64) -> [u8; 8] {
        span_id(&self.trace_id, slot)
    }

    /// The span id of the redirect-service's server span: the span its logs belong to.
    pub fn service_span_id(&self) -> [u8; 8] {
        self.sid(SVC_SERVER)
    }
    /// The span id of the database span (whether or not the query ran).
    pub fn db_span_id(&self) -> [u8; 8] {
        self.sid(DB)
    }
    /// The span id of the cache `GET` span.
    pub fn cache_span_id(&self) -> [u8; 8] {
        self.sid(CACHE_GET)
    }

    /// The request's spans, parents before children, in start order.
    pub fn spans(&self) -> Vec<Span> {
        let mut out = Vec::with_capacity(7);
        let t = self.start_us;
        let end = self.end_us();
        let status_err = |is: bool, what| {
            if is {
                SpanStatus::Error(what)
            } else {
                SpanStatus::Unset
            }
        };
        let route = self.route;
        let mut http = vec![
            ("http.request.method", AttrValue::from(route.method())),
            ("http.route", route.template().into()),
            ("url.path", AttrValue::Str(self.url_path())),
            ("http.response.status_code", i64::from(self.status).into()),
        ];
        if self.is_error() {
            http.push(("error.type", AttrValue::Str(self.status.to_string())));
        }
        let name = match route {
            Route::Redirect => "GET /r/{short_code}",
            Route::CreateLink => "POST /api/links",
        };
        out.push(Span {
            trace_id: self.trace_id,
            span_id: self.sid(GW_SERVER),
            parent_span_id: None,
            name,
            service: GATEWAY,
            kind: SpanKind::Server,
            start_us: t,
            end_us: end,
            attributes: http.clone(),
            status: status_err(self.is_error(), "upstream returned 500"),
        });
        let c0 = t + u64::from(self.gw_pre_us);
        let c1 = end - u64::from(self.gw_post_us);
        let mut client_attrs = vec![
            ("http.request.method", AttrValue::from(route.method())),
            ("server.address", REDIRECT_SERVICE.into()),
            ("http.response.status_code", i64::from(self.status).into()),
        ];
        if self.is_error() {
            client_attrs.push(("error.type", AttrValue::Str(self.status.to_string())));
        }
        out.push(Span {
            trace_id: self.trace_id,
            span_id: self.sid(GW_CLIENT),
            parent_span_id: Some(self.sid(GW_SERVER)),
            name: route.method(),
            service: GATEWAY,
            kind: SpanKind::Client,
            start_us: c0,
            end_us: c1,
            attributes: client_attrs,
            status: status_err(self.is_error(), "500 from redirect-service"),
        });
        let s0 = c0 + u64::from(self.net_out_us);
        let s1 = c1 - u64::from(self.net_back_us);
        out.push(Span {
            trace_id: self.trace_id,
            span_id: self.sid(SVC_SERVER),
            parent_span_id: Some(self.sid(GW_CLIENT)),
            name,
            service: REDIRECT_SERVICE,
            kind: SpanKind::Server,
            start_us: s0,
            end_us: s1,
            attributes: http,
            status: status_err(self.is_error(), "unhandled error resolving short code"),
        });
        let parent = Some(self.sid(SVC_SERVER));
        let mut at = s0 + u64::from(self.app_pre_us);
        let mut child = |slot, name, kind, dur: u32, attributes, status| {
            let start = at;
            at += u64::from(dur);
            Span {
                trace_id: self.trace_id,
                span_id: self.sid(slot),
                parent_span_id: parent,
                name,
                service: REDIRECT_SERVICE,
                kind,
                start_us: start,
                end_us: at,
                attributes,
                status,
            }
        };
        out.push(child(
            DNS,
            "DNS lookup",
            SpanKind::Internal,
            self.dns_us,
            vec![("server.address", "postgres.internal".into())],
            SpanStatus::Unset,
        ));
        let key = format!("link:{}", self.code.as_str());
        if self.cache != CacheOutcome::NotRead {
            let down = self.cache == CacheOutcome::Down;
            let mut a = vec![
                ("db.system", AttrValue::from("redis")),
                ("db.operation.name", "GET".into()),
                ("db.query.text", AttrValue::Str(format!("GET {key}"))),
                ("server.address", "redis".into()),
                ("app.cache.hit", (self.cache == CacheOutcome::Hit).into()),
            ];
            if down {
                a.push(("error.type", "ConnectionRefused".into()));
            }
            out.push(child(
                CACHE_GET,
                "GET",
                SpanKind::Client,
                self.cache_us,
                a,
                status_err(down, "connection refused"),
            ));
        }
        if self.db_us > 0 {
            let (op, coll_query) = match route {
                Route::Redirect => ("SELECT", SELECT_QUERY),
                Route::CreateLink => ("INSERT", INSERT_QUERY),
            };
            let a = vec![
                ("db.system", AttrValue::from("postgresql")),
                ("db.operation.name", op.into()),
                ("db.collection.name", "links".into()),
                ("db.query.text", coll_query.into()),
                ("server.address", "postgres.internal".into()),
                (
                    "app.db.rows_scanned",
                    i64::try_from(self.rows_scanned).unwrap_or(i64::MAX).into(),
                ),
                (
                    "app.db.index_used",
                    if self.index_used {
                        "links_short_code_key"
                    } else {
                        "none"
                    }
                    .into(),
                ),
            ];
            let name = match route {
                Route::Redirect => "SELECT links",
                Route::CreateLink => "INSERT links",
            };
            out.push(child(
                DB,
                name,
                SpanKind::Client,
                self.db_us,
                a,
                SpanStatus::Unset,
            ));
        }
        if self.cache_set_us > 0 {
            let a = vec![
                ("db.system", AttrValue::from("redis")),
                ("db.operation.name", "SET".into()),
                ("db.query.text", AttrValue::Str(format!("SET {key}"))),
                ("server.address", "redis".into()),
            ];
            out.push(child(
                CACHE_SET,
                "SET",
                SpanKind::Client,
                self.cache_set_us,
                a,
                SpanStatus::Unset,
            ));
        }
        out
    }

    /// The request's URL path (high cardinality: for spans and logs, never metric labels).
    pub fn url_path(&self) -> String {
        match self.route {
            Route::Redirect => format!("/r/{}", self.code.as_str()),
            Route::CreateLink => "/api/links".to_string(),
        }
    }
}
