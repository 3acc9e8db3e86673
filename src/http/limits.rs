//! Load shedding in front of the handlers, so that overload turns into fast, explicit
//! refusals (429 / 503 with `Retry-After`) instead of slow 500s and a swollen process:
//!
//! - a rate per bearer token and a rate per client address (GCRA, `governor`); a
//!   product's access checks with a token this server has verified count against the
//!   access rate instead, far higher: the check is answered from memory, and a product's
//!   sign-ins must not queue behind a rate made for admins' scripts;
//! - expensive routes (lists, exports, imports, bulk changes, sign-in's password hashing)
//!   run a few at a time per token or client (429 beyond), and a bounded number at a time
//!   in the whole process, the others waiting a bounded time for their turn (503 after).
//!   The cap sits below the database pool's size, so cheap requests — the access check
//!   above all — always find a connection while lists queue.
//!
//! `/healthz`, `/readyz` and `/metrics` are never limited: a load balancer and a scraper
//! must see the truth during an overload.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::metrics::Shed;
use super::proxy::ClientIp;
use crate::app::AppState;

/// A sustained rate with a burst on top; `per_second == 0` switches it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub per_second: u32,
    pub burst: u32,
}

impl Rate {
    fn quota(self) -> Option<Quota> {
        let per_second = NonZeroU32::new(self.per_second)?;
        let burst = NonZeroU32::new(self.burst.max(self.per_second))?;
        Some(Quota::per_second(per_second).allow_burst(burst))
    }
}

/// The limits' settings (`roster serve --token-rate ...`). The defaults leave room for
/// heavy legitimate use: an identity provider's full sync, a script importing users, the
/// test suite.
#[derive(Debug, Clone)]
pub struct LimitsConfig {
    pub token: Rate,
    pub client: Rate,
    /// Access checks per verified token (`GET /api/v1/access`).
    pub access: Rate,
    /// Expensive requests at once per token (or per client without a token).
    pub expensive_per_key: usize,
    /// Expensive requests at once in the process; `None`: three quarters of the pool.
    pub expensive_total: Option<usize>,
    /// How long an expensive request waits for its turn before a 503.
    pub expensive_wait: Duration,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            token: Rate {
                per_second: 300,
                burst: 600,
            },
            client: Rate {
                per_second: 1000,
                burst: 2000,
            },
            // Above what one instance answers (about 65,000 a second on two cores): a
            // bound for one product's token, not a brake on it.
            access: Rate {
                per_second: 100_000,
                burst: 200_000,
            },
            expensive_per_key: 8,
            expensive_total: None,
            expensive_wait: Duration::from_secs(5),
        }
    }
}

/// Keys of the per-key state. Tokens are kept as a keyed hash, never in clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Token(u64),
    Client(IpAddr),
}

/// The limits' state for one server.
pub struct Limits {
    config: LimitsConfig,
    token_rate: Option<DefaultKeyedRateLimiter<u64>>,
    access_rate: Option<DefaultKeyedRateLimiter<u64>>,
    client_rate: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
    hasher: RandomState,
    /// Expensive requests under way per key; a key leaves the map at zero, so its size
    /// is bounded by the requests in flight.
    running: Mutex<HashMap<Key, usize>>,
    turns: Arc<Semaphore>,
    checks: AtomicU64,
}

/// Keyed limiters forget idle keys every this many checks, bounding their memory.
const SWEEP_EVERY: u64 = 10_000;

impl Limits {
    /// `pool_size` sizes the process-wide cap when the configuration leaves it open.
    pub fn new(config: LimitsConfig, pool_size: u32) -> Limits {
        let total = config
            .expensive_total
            .unwrap_or_else(|| (pool_size as usize * 3 / 4).max(1));
        Limits {
            token_rate: config.token.quota().map(RateLimiter::keyed),
            access_rate: config.access.quota().map(RateLimiter::keyed),
            client_rate: config.client.quota().map(RateLimiter::keyed),
            clock: DefaultClock::default(),
            hasher: RandomState::new(),
            running: Mutex::new(HashMap::new()),
            turns: Arc::new(Semaphore::new(total)),
            checks: AtomicU64::new(0),
            config,
        }
    }

    fn token_key(&self, token: &str) -> u64 {
        self.hasher.hash_one(token)
    }

    fn sweep(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for l in [&self.token_rate, &self.access_rate].into_iter().flatten() {
                l.retain_recent();
                l.shrink_to_fit();
            }
            if let Some(l) = &self.client_rate {
                l.retain_recent();
                l.shrink_to_fit();
            }
        }
    }

    /// `Err(seconds to wait)` when the key is over its rate.
    fn check_rate<K: Hash + Eq + Clone>(
        &self,
        limiter: &Option<DefaultKeyedRateLimiter<K>>,
        key: &K,
    ) -> Result<(), u64> {
        let Some(limiter) = limiter else {
            return Ok(());
        };
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Takes one of the key's expensive slots; `None` when all are taken.
    fn enter(&self, key: Key) -> Option<Running<'_>> {
        let mut running = self.running.lock().ok()?;
        let n = running.entry(key).or_insert(0);
        if *n >= self.config.expensive_per_key {
            return None;
        }
        *n += 1;
        Some(Running { limits: self, key })
    }
}

/// One expensive request of a key under way.
struct Running<'a> {
    limits: &'a Limits,
    key: Key,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut running) = self.limits.running.lock() {
            if let Some(n) = running.get_mut(&self.key) {
                *n -= 1;
                if *n == 0 {
                    running.remove(&self.key);
                }
            }
        }
    }
}

/// Routes whose answer costs much: many rows read or written, or a password hashed.
fn is_expensive(method: &Method, route: &str) -> bool {
    const GET: &[&str] = &[
        "/api/v1/users",
        "/api/v1/users/export",
        "/api/v1/audit",
        "/api/v1/audit/export",
        "/scim/v2/Users",
        "/users",
        "/audit",
    ];
    const POST: &[&str] = &[
        "/api/v1/users/import",
        "/api/v1/users/bulk",
        "/scim/v2/Users/.search",
        "/scim/v2/.search",
        "/users/bulk",
        "/login",
        "/password/{secret}",
    ];
    match *method {
        Method::GET | Method::HEAD => GET.contains(&route),
        Method::POST => POST.contains(&route),
        _ => false,
    }
}

fn never_limited(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// The route of the access check, whose verified tokens have a rate of their own.
const ACCESS_ROUTE: &str = "/api/v1/access";

/// The 429 of a key over its rate on `limiter`, counted as `shed` and saying `message`;
/// `None` within the rate.
fn over_rate<K: Hash + Eq + Clone>(
    state: &AppState,
    (limiter, key): (&Option<DefaultKeyedRateLimiter<K>>, &K),
    shed: Shed,
    path: &str,
    message: &str,
) -> Option<Response> {
    let wait = state.limits.check_rate(limiter, key).err()?;
    state.metrics.shed(shed);
    Some(refusal(
        path,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        message,
        wait,
    ))
}

/// The middleware: resolves the client address, then applies the limits.
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let settings = &state.settings;
    let client = settings
        .trusted_proxies
        .client_of(req.extensions(), req.headers());
    if let Some(ip) = client {
        req.extensions_mut().insert(ClientIp(ip));
    }
    if never_limited(req.uri().path()) {
        return next.run(req).await;
    }
    let limits = &state.limits;
    limits.sweep();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let path = req.uri().path();
    if route == Some(ACCESS_ROUTE) {
        // Only a token already verified here (a guessed one is not): a flood of made-up
        // tokens from one address still meets that address's rate below.
        if let Some(secret) = crate::http::actor::bearer(req.headers())
            .filter(|secret| state.service.verified_for_access(secret))
        {
            let key = limits.token_key(secret);
            if let Some(refused) = over_rate(
                &state,
                (&limits.access_rate, &key),
                Shed::AccessRate,
                path,
                "too many access checks with this token; slow down",
            ) {
                return refused;
            }
            return with_retry_after(next.run(req).await);
        }
    }
    if let Some(ip) = client {
        if let Some(refused) = over_rate(
            &state,
            (&limits.client_rate, &ip),
            Shed::ClientRate,
            path,
            "too many requests from this address; slow down",
        ) {
            return refused;
        }
    }
    let token = crate::http::actor::bearer(req.headers()).map(|t| limits.token_key(t));
    if let Some(t) = token {
        if let Some(refused) = over_rate(
            &state,
            (&limits.token_rate, &t),
            Shed::TokenRate,
            path,
            "too many requests with this token; slow down",
        ) {
            return refused;
        }
    }
    let expensive = route.is_some_and(|r| is_expensive(req.method(), r));
    if !expensive {
        return with_retry_after(next.run(req).await);
    }
    let key = match (token, client) {
        (Some(t), _) => Key::Token(t),
        (None, Some(ip)) => Key::Client(ip),
        // No token and no address (a test router without connection info): nothing to
        // key on but the process-wide cap.
        (None, None) => Key::Token(0),
    };
    let Some(running) = limits.enter(key) else {
        state.metrics.shed(Shed::Concurrency);
        return refusal(
            req.uri().path(),
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_at_once",
            "too many requests of this kind at once; wait for the ones under way",
            1,
        );
    };
    let waited = Instant::now();
    let turn = tokio::time::timeout(
        limits.config.expensive_wait,
        limits.turns.clone().acquire_owned(),
    )
    .await;
    state.metrics.waited_for_turn(waited.elapsed());
    let Ok(Ok(turn)) = turn else {
        state.metrics.shed(Shed::Overload);
        return refusal(
            req.uri().path(),
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the server is busy; try again shortly",
            2,
        );
    };
    let res = next.run(req).await;
    drop(turn);
    drop(running);
    with_retry_after(res)
}

/// A 503 from deeper down (the pool was exhausted) tells the client when to come back.
fn with_retry_after(mut res: Response) -> Response {
    if res.status() == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .entry(header::RETRY_AFTER)
            .or_insert(HeaderValue::from_static("2"));
    }
    res
}

/// A refusal in the error shape of the part of the site asked: JSON for the API, a SCIM
/// error for SCIM, plain text for pages; always with `Retry-After`.
pub fn refusal(
    path: &str,
    status: StatusCode,
    code: &'static str,
    message: &str,
    retry_after_secs: u64,
) -> Response {
    let mut res = if path.starts_with("/api/") {
        crate::http::HttpError::new(status, code, message).into_response()
    } else if path.starts_with("/scim/") {
        let body = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": status.as_u16().to_string(),
            "detail": message,
        });
        let mut r = (status, body.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/scim+json"),
        );
        r
    } else {
        (status, message.to_string()).into_response()
    };
    res.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(retry_after_secs.max(1)),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expensive_routes_are_the_heavy_ones() {
        assert!(is_expensive(&Method::GET, "/api/v1/users"));
        assert!(!is_expensive(&Method::POST, "/api/v1/users"));
        assert!(!is_expensive(&Method::GET, "/api/v1/access"));
        assert!(is_expensive(&Method::POST, "/login"));
        assert!(!is_expensive(&Method::GET, "/login"));
        assert!(is_expensive(&Method::POST, "/scim/v2/Users/.search"));
    }

    #[test]
    fn a_token_gets_its_burst_then_waits() {
        let config = LimitsConfig {
            token: Rate {
                per_second: 1,
                burst: 3,
            },
            ..LimitsConfig::default()
        };
        let limits = Limits::new(config, 8);
        let a = limits.token_key("a");
        for _ in 0..3 {
            assert_eq!(limits.check_rate(&limits.token_rate, &a), Ok(()));
        }
        let wait = limits.check_rate(&limits.token_rate, &a).unwrap_err();
        assert!((1..=2).contains(&wait), "{wait}");
        // Another token is not affected.
        let b = limits.token_key("b");
        assert_eq!(limits.check_rate(&limits.token_rate, &b), Ok(()));
    }

    #[test]
    fn a_rate_of_zero_is_off() {
        let config = LimitsConfig {
            token: Rate {
                per_second: 0,
                burst: 0,
            },
            ..LimitsConfig::default()
        };
        let limits = Limits::new(config, 8);
        for _ in 0..10_000 {
            assert_eq!(limits.check_rate(&limits.token_rate, &1), Ok(()));
        }
    }

    #[test]
    fn concurrency_slots_are_per_key_and_given_back() {
        let config = LimitsConfig {
            expensive_per_key: 2,
            ..LimitsConfig::default()
        };
        let limits = Arc::new(Limits::new(config, 8));
        let a1 = limits.enter(Key::Token(1)).unwrap();
        let a2 = limits.enter(Key::Token(1)).unwrap();
        assert!(limits.enter(Key::Token(1)).is_none());
        assert!(limits.enter(Key::Token(2)).is_some());
        drop(a1);
        assert!(limits.enter(Key::Token(1)).is_some());
        drop(a2);
        // Nothing is kept for keys with nothing running.
        assert!(limits.running.lock().unwrap().is_empty());
    }

    #[test]
    fn refusals_speak_each_part_of_the_site() {
        let api = refusal(
            "/api/v1/users",
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "slow",
            3,
        );
        assert_eq!(api.headers()[header::RETRY_AFTER], "3");
        assert_eq!(api.headers()[header::CONTENT_TYPE], "application/json");
        let scim = refusal(
            "/scim/v2/Users",
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "busy",
            0,
        );
        assert_eq!(scim.headers()[header::RETRY_AFTER], "1");
        assert_eq!(
            scim.headers()[header::CONTENT_TYPE],
            "application/scim+json"
        );
    }
}
