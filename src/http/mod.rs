//! The one HTTP edge shared by the API, the portal and SCIM: the state every handler
//! gets, the bearer actor, `If-Match` and `ETag`, the status of each service error, the
//! JSON and query extractors speaking our error shape, and list paging. Adapters depend on
//! this module and on `service`, never on one another.

pub mod actor;
pub mod error;
pub mod extract;
pub mod paging;
pub mod version;

use std::sync::Arc;

use crate::service::Service;

pub use error::{status_of, HttpError};

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

/// A time in milliseconds since the epoch as RFC 3339 (how every edge shows times).
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
