//! One request's events: what happened and how long each part took. Spans, log records
//! and metrics are all read from this one record, so the three pillars cannot disagree.

/// The two routes of the shortener.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// `GET /r/{short_code}`: look the code up (cache, then database) and redirect.
    Redirect,
    /// `POST /api/links`: store a new short code.
    CreateLink,
}

impl Route {
    /// The HTTP method.
    pub fn method(self) -> &'static str {
        match self {
            Route::Redirect => "GET",
            Route::CreateLink => "POST",
        }
    }
    /// The route template (OpenTelemetry's `http.route`).
    pub fn template(self) -> &'static str {
        match self {
            Route::Redirect => "/r/{short_code}",
            Route::CreateLink => "/api/links",
        }
    }
    /// The `path` label of `http_requests_total` (low cardinality: no short code), as the
    /// post writes it: `path="/r"`.
    pub fn path_label(self) -> &'static str {
        match self {
            Route::Redirect => "/r",
            Route::CreateLink => "/api/links",
        }
    }
}

/// What the cache said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheOutcome {
    /// The code was in Redis.
    Hit,
    /// Not in Redis: the database was asked (and the cache filled).
    Miss,
    /// Redis did not answer (cache outage): the database was asked, nothing cached.
    Down,
    /// The route does not read the cache (creating a link).
    NotRead,
}

/// A short code: 5 base-62 characters, like the post's `x7Kp2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShortCode(pub [u8; 5]);

impl ShortCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Always ASCII base-62 (built only from `ALPHABET`).
        std::str::from_utf8(&self.0).unwrap_or("?????")
    }
}

/// The characters of a short code.
pub const ALPHABET: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// Everything that happened to one request, in microseconds. `Copy` and small: the
/// simulation keeps thousands and builds spans and logs only when asked.
///
/// Layout in time (each a duration, in order):
///
/// ```text
/// gateway ─ gw_pre ─┬─ net_out ─┬─ app_pre ─ dns ─ cache ─ db ─ cache_set ─ app_post ─┬─ net_back ─┬─ gw_post
///                   └ client span to redirect-service ───────────────────────────────┘
///                               └ redirect-service server span ────────────────────┘
/// ```
///
/// A zero `db_us` / `cache_set_us` means that call was not made; `cache_us` is zero only
/// for [`CacheOutcome::NotRead`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// Arrival order, from 0.
    pub seq: u64,
    /// The trace id the gateway started (never all zeros).
    pub trace_id: [u8; 16],
    /// When the gateway received it.
    pub start_us: u64,
    /// Which route.
    pub route: Route,
    /// The code looked up or created.
    pub code: ShortCode,
    /// The cache outcome.
    pub cache: CacheOutcome,
    /// Whether the database found the code (redirects that reached the database).
    pub found: bool,
    /// The HTTP status returned (302, 201, 404 or 500).
    pub status: u16,
    /// Rows the database read (1 with the index, the whole table without it).
    pub rows_scanned: u64,
    /// Whether the query could use the `short_code` index.
    pub index_used: bool,
    /// Gateway work before forwarding.
    pub gw_pre_us: u32,
    /// Network, gateway → redirect-service.
    pub net_out_us: u32,
    /// Redirect-service work before its first call (includes any slow-downstream stall).
    pub app_pre_us: u32,
    /// DNS lookup of the data stores.
    pub dns_us: u32,
    /// Redis `GET` (or the failed attempt during an outage).
    pub cache_us: u32,
    /// PostgreSQL query (0: none).
    pub db_us: u32,
    /// Redis `SET` (0: none).
    pub cache_set_us: u32,
    /// Redirect-service work after its calls.
    pub app_post_us: u32,
    /// Network back to the gateway.
    pub net_back_us: u32,
    /// Gateway work after the answer.
    pub gw_post_us: u32,
}

impl Request {
    /// End-to-end duration as the gateway saw it.
    pub fn duration_us(&self) -> u64 {
        u64::from(self.gw_pre_us)
            + u64::from(self.net_out_us)
            + self.service_us()
            + u64::from(self.net_back_us)
            + u64::from(self.gw_post_us)
    }
    /// When the gateway answered.
    pub fn end_us(&self) -> u64 {
        self.start_us + self.duration_us()
    }
    /// The redirect-service's own server-span duration.
    pub fn service_us(&self) -> u64 {
        [
            self.app_pre_us,
            self.dns_us,
            self.cache_us,
            self.db_us,
            self.cache_set_us,
            self.app_post_us,
        ]
        .iter()
        .map(|&d| u64::from(d))
        .sum()
    }
    /// Whether the request failed on the server side (5xx).
    pub fn is_error(&self) -> bool {
        self.status >= 500
    }

    /// The trace the Observability post prints, as one record: a redirect of `x7Kp2`
    /// that misses Redis (8 ms), looks up DNS (1 ms) and then waits 3,230 ms for
    /// PostgreSQL scanning all 50,000,000 rows without the `short_code` index; 3,247 ms
    /// in the redirect-service in all. The post's trace begins at the redirect-service
    /// and shows no cache fill after the miss, so here the gateway's parts take no time
    /// (its spans, and the total, equal the service's 3,247 ms) and no `SET` is made.
    /// Its trace id is the W3C example the post's second `traceparent` uses (the post's
    /// `abc123` is not a valid one).
    pub fn posts_example() -> Request {
        Request {
            seq: 0,
            trace_id: [
                0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e,
                0x47, 0x36,
            ],
            start_us: 0,
            route: Route::Redirect,
            code: ShortCode(*b"x7Kp2"),
            cache: CacheOutcome::Miss,
            found: true,
            status: 302,
            rows_scanned: 50_000_000,
            index_used: false,
            gw_pre_us: 0,
            net_out_us: 0,
            // 3,247 − 1 − 8 − 3,230 = 8 ms of the service's own work, before and after.
            app_pre_us: 4_000,
            dns_us: 1_000,
            cache_us: 8_000,
            db_us: 3_230_000,
            cache_set_us: 0,
            app_post_us: 4_000,
            net_back_us: 0,
            gw_post_us: 0,
        }
    }
}
