//! Assembles the HTTP application: one listener for the portal, the API and SCIM.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::service::Service;

/// Settings of the HTTP edge.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub settings: Arc<Settings>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { (StatusCode::OK, "ok") }))
        .merge(crate::api::router())
        .merge(crate::scim::router())
        .merge(crate::web::router())
        .with_state(state)
        // A CSV import of 10,000 users fits; anything larger is refused with 413.
        .layer(DefaultBodyLimit::max(4 * 1024 * 1024))
        // A stuck request (a database gone away) ends with 408 instead of hanging.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(TraceLayer::new_for_http())
}
