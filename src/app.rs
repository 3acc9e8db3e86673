//! Assembles the HTTP application: one listener for the portal, the API and SCIM.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
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
        .layer(TraceLayer::new_for_http())
}
