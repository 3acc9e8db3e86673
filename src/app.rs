//! Assembles the HTTP application: one listener for the portal, the API and SCIM.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use tower_http::trace::TraceLayer;

pub use crate::http::{AppState, Settings};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::http::metrics::metrics))
        .merge(crate::api::router())
        .merge(crate::scim::router())
        .merge(crate::ssf::router())
        .merge(crate::web::router(state.clone()))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(request_limits))
        // Inside out: the limits see the matched route and the client; the metrics see
        // what the limits refused; every response gets the security headers.
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::limits::guard,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            crate::http::metrics::track,
        ))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
        // A CSV import of 10,000 users fits; anything larger is refused with 413.
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        // A stuck request (a database gone away) ends with 408 instead of hanging.
        .layer(axum::middleware::from_fn(deadline))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// Headers every response carries: no framing (clickjacking), no MIME sniffing, no
/// referrer to other sites, nothing loaded from elsewhere (the portal's CSS and script are
/// served from here). A page may set a stricter Referrer-Policy of its own.
async fn security_headers(mut res: Response) -> Response {
    use axum::http::header::{
        HeaderValue, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
    };
    // A body refused as too large was not read to its end, so the connection cannot
    // carry another request: say so, or a client reuses it and its next request fails
    // half sent.
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            HeaderValue::from_static("close"),
        );
    }
    let h = res.headers_mut();
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    h.entry(axum::http::header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        ));
    res
}

/// A refusal in the error shape of the part of the site asked: JSON for the API (and for
/// anything that is not a page), a SCIM error for SCIM, plain text for pages.
fn refusal(path: &str, status: StatusCode, code: &'static str, message: String) -> Response {
    if path.starts_with("/scim/") {
        let body = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": status.as_u16().to_string(),
            "detail": message,
        });
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/scim+json")],
            body.to_string(),
        )
            .into_response()
    } else if path.starts_with("/api/") || status != StatusCode::METHOD_NOT_ALLOWED {
        crate::http::HttpError::new(status, code, message).into_response()
    } else {
        (status, message).into_response()
    }
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let message = format!("{method} is not allowed on {}", uri.path());
    refusal(
        uri.path(),
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        message,
    )
}

/// Longest request target read (path and query), in bytes.
const MAX_URI_BYTES: usize = 8 * 1024;
/// Most header bytes (names and values) read.
const MAX_HEADER_BYTES: usize = 32 * 1024;

/// 414 and 431 with a body that says what is too long, before any handler runs. (The
/// server's own limits, far above these, still answer without a body.)
async fn request_limits(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return refusal(
            req.uri().path(),
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the address is {uri_len} bytes long; at most {MAX_URI_BYTES} are read"),
        );
    }
    let header_len: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if header_len > MAX_HEADER_BYTES {
        return refusal(
            req.uri().path(),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!("the headers are {header_len} bytes long; at most {MAX_HEADER_BYTES} are read"),
        );
    }
    next.run(req).await
}

/// How long a request may run before it is answered 408.
const DEADLINE: Duration = Duration::from_secs(60);
/// A bulk change's: its writes run to the end even when its request is given up
/// (`service::bulk`), a hundred thousand users of a million take about a minute, and the
/// admin who waited should get the report rather than a 408 for work that went on.
const BULK_DEADLINE: Duration = Duration::from_secs(600);

fn deadline_for(path: &str) -> Duration {
    match path {
        "/api/v1/users/bulk" | "/users/bulk" => BULK_DEADLINE,
        _ => DEADLINE,
    }
}

async fn deadline(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    // A clone of the address shares its bytes: no allocation on the hot path.
    let uri = req.uri().clone();
    let limit = deadline_for(uri.path());
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => refusal(
            uri.path(),
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            format!("the request took longer than {} s", limit.as_secs()),
        ),
    }
}

/// Liveness: the process answers HTTP. It touches nothing shared, so an overloaded
/// database pool cannot make every instance look dead at once.
async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// Readiness: 200 when the database answers, 503 when it does not; a load balancer then
/// sends the traffic to another instance.
async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (StatusCode, &'static str) {
    let probe = state.service.database_ready();
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(true) => (StatusCode::OK, "ok"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The span of a request: method and path only. Query strings carry emails and password
/// links carry their secret in the path, and neither belongs in a log.
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("request", method = %req.method(), path = %loggable_path(req.uri().path()))
}

fn loggable_path(path: &str) -> &str {
    if path.starts_with("/password/") {
        "/password/[redacted]"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bulk_change_has_longer_than_other_requests() {
        use super::{deadline_for, BULK_DEADLINE, DEADLINE};
        assert_eq!(deadline_for("/api/v1/users/bulk"), BULK_DEADLINE);
        assert_eq!(deadline_for("/users/bulk"), BULK_DEADLINE);
        assert_eq!(deadline_for("/api/v1/users"), DEADLINE);
        assert_eq!(deadline_for("/api/v1/users/bulk/x"), DEADLINE);
        assert!(BULK_DEADLINE > DEADLINE);
    }

    #[test]
    fn password_links_never_reach_the_log() {
        assert_eq!(
            super::loggable_path("/password/rpt_0123abcd"),
            "/password/[redacted]"
        );
        assert_eq!(super::loggable_path("/users/42"), "/users/42");
    }
}
