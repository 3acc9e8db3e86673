//! SCIM 2.0 service provider (RFC 7643 / 7644) under `/scim/v2/`.

use axum::Router;

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
