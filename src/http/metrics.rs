//! `GET /metrics` in the Prometheus text format: requests by route and status, latency,
//! access-check answers, sign-in refusals and lockouts, requests shed by the limits, the
//! outbox backlog and the database pool. Labels carry route templates (`/api/v1/users/{id}`),
//! never raw paths, ids or emails: the series stay few and no account data leaks.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::app::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AnswerLabels {
    answer: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 33 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// How a portal sign-in ended, for the sign-in counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInOutcome {
    Admitted,
    Refused,
    LockedOut,
}

/// Why a request was shed before reaching its handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shed {
    /// The token's rate (429).
    TokenRate,
    /// A verified token's rate of access checks (429).
    AccessRate,
    /// The client address's rate (429).
    ClientRate,
    /// Too many expensive requests of one token or client at once (429).
    Concurrency,
    /// Too many expensive requests in the whole process, waited too long (503).
    Overload,
}

impl Shed {
    fn label(self) -> &'static str {
        match self {
            Shed::TokenRate => "token_rate",
            Shed::AccessRate => "access_rate",
            Shed::ClientRate => "client_rate",
            Shed::Concurrency => "concurrency",
            Shed::Overload => "overload",
        }
    }
}

/// Every series of one server. Lives in the app state (one per server, so the test
/// servers of one process do not share counts).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    access: Family<AnswerLabels, Counter>,
    sign_in: Family<OutcomeLabels, Counter>,
    shed: Family<ReasonLabels, Counter>,
    heavy_wait: Histogram,
    outbox_depth: Gauge,
    outbox_oldest: Gauge<f64, AtomicU64>,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    pool_timeouts: Counter,
    snapshot_users: Gauge,
    /// Pool timeouts already added to `pool_timeouts` (the store counts them process-wide).
    pool_timeouts_seen: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("roster");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        let access = Family::<AnswerLabels, Counter>::default();
        let sign_in = Family::<OutcomeLabels, Counter>::default();
        let shed = Family::<ReasonLabels, Counter>::default();
        let heavy_wait = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        let outbox_depth = Gauge::default();
        let outbox_oldest = Gauge::<f64, AtomicU64>::default();
        let pool_size = Gauge::default();
        let pool_idle = Gauge::default();
        let pool_max = Gauge::default();
        let pool_timeouts = Counter::default();
        let snapshot_users = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (until the response head), by method and route",
            latency.clone(),
        );
        registry.register(
            "access_checks",
            "Access checks answered, by answer (allowed, denied)",
            access.clone(),
        );
        registry.register(
            "sign_ins",
            "Portal sign-in attempts by outcome (admitted, refused, locked_out)",
            sign_in.clone(),
        );
        registry.register(
            "requests_shed",
            "Requests refused by the limits before their handler, by reason",
            shed.clone(),
        );
        registry.register(
            "expensive_request_wait_seconds",
            "Time expensive requests (lists, exports, imports) waited for their turn",
            heavy_wait.clone(),
        );
        registry.register(
            "outbox_depth",
            "Emails waiting to be delivered (queued or retrying)",
            outbox_depth.clone(),
        );
        registry.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest email waiting to be delivered (0 when none)",
            outbox_oldest.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections open in the pool",
            pool_size.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and unused",
            pool_idle.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "The pool's connection limit",
            pool_max.clone(),
        );
        registry.register(
            "db_pool_timeouts",
            "Waits for a database connection that gave up (answered 503)",
            pool_timeouts.clone(),
        );
        registry.register(
            "access_snapshot_users",
            "Users the access check's in-memory snapshot holds (0 until an account is loaded)",
            snapshot_users.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            access,
            sign_in,
            shed,
            heavy_wait,
            outbox_depth,
            outbox_oldest,
            pool_size,
            pool_idle,
            pool_max,
            pool_timeouts,
            snapshot_users,
            pool_timeouts_seen: AtomicU64::new(0),
        }
    }

    pub fn access_answer(&self, allowed: bool) {
        let answer = if allowed { "allowed" } else { "denied" };
        self.access.get_or_create(&AnswerLabels { answer }).inc();
    }

    pub fn sign_in(&self, outcome: SignInOutcome) {
        let outcome = match outcome {
            SignInOutcome::Admitted => "admitted",
            SignInOutcome::Refused => "refused",
            SignInOutcome::LockedOut => "locked_out",
        };
        self.sign_in.get_or_create(&OutcomeLabels { outcome }).inc();
    }

    pub fn shed(&self, why: Shed) {
        self.shed
            .get_or_create(&ReasonLabels {
                reason: why.label(),
            })
            .inc();
    }

    pub fn waited_for_turn(&self, waited: Duration) {
        self.heavy_wait.observe(waited.as_secs_f64());
    }

    fn observe(&self, method: String, route: String, status: StatusCode, took: Duration) {
        let route = RouteLabels { method, route };
        self.requests
            .get_or_create(&RequestLabels {
                method: route.method.clone(),
                route: route.route.clone(),
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&route)
            .observe(took.as_secs_f64());
    }

    /// Refreshes the gauges read from elsewhere (pool, outbox), then encodes everything.
    async fn render(&self, state: &AppState) -> String {
        let pool = state.service.pool_stats();
        self.pool_size.set(i64::from(pool.open));
        self.pool_idle.set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        let total = crate::store::pool_timeouts();
        let seen = self.pool_timeouts_seen.swap(total, Ordering::SeqCst);
        self.pool_timeouts.inc_by(total.saturating_sub(seen));
        self.snapshot_users
            .set(state.service.access_snapshot_len() as i64);
        // A scrape during an overload must not hang or pile up: the backlog is left at
        // its last value when the database does not answer quickly.
        let backlog =
            tokio::time::timeout(Duration::from_secs(2), state.service.outbox_backlog()).await;
        if let Ok(Ok(b)) = backlog {
            self.outbox_depth.set(b.depth);
            let age_ms = b
                .oldest_created_at
                .map_or(0, |t| (state.service.now_ms() - t).max(0));
            self.outbox_oldest.set(age_ms as f64 / 1000.0);
        }
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let body = state.metrics.render(&state).await;
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    res
}

/// Counts and times every request under its route template.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let res = next.run(req).await;
    state
        .metrics
        .observe(method, route, res.status(), started.elapsed());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_series_with_their_labels() {
        let m = Metrics::new();
        m.observe(
            "GET".into(),
            "/api/v1/users/{id}".into(),
            StatusCode::OK,
            Duration::from_millis(3),
        );
        m.access_answer(true);
        m.access_answer(false);
        m.sign_in(SignInOutcome::LockedOut);
        m.shed(Shed::TokenRate);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &m.registry).unwrap();
        assert!(text.contains(
            r#"roster_http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"} 1"#
        ));
        assert!(text.contains(r#"roster_access_checks_total{answer="denied"} 1"#));
        assert!(text.contains(r#"roster_sign_ins_total{outcome="locked_out"} 1"#));
        assert!(text.contains(r#"roster_requests_shed_total{reason="token_rate"} 1"#));
        assert!(text.contains("roster_http_request_duration_seconds_bucket"));
    }
}
