//! The one HTTP edge shared by the API, the portal and SCIM: the state every handler
//! gets, the bearer actor, `If-Match` and `ETag`, the status of each service error, the
//! JSON and query extractors speaking our error shape, and list paging; and the server's
//! own machinery: the accept loop and its limits, load shedding, the client's address
//! behind proxies, metrics. Adapters depend on this module and on `service`, never on one
//! another.

pub mod actor;
pub mod error;
pub mod export;
pub mod extract;
pub mod history;
pub mod input;
pub mod limits;
pub mod listener;
pub mod metrics;
pub mod paging;
pub mod proxy;
pub mod version;

use std::sync::Arc;

use crate::service::Service;
use limits::{Limits, LimitsConfig};
use metrics::Metrics;
use proxy::TrustedProxies;

pub use error::{status_of, HttpError};

/// Settings of the HTTP edge.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    /// `--public-url` when given: the portal's origin as browsers see it (forms must come
    /// from it) and the base of SCIM locations. Without it, the request's `Host` is used.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: TrustedProxies,
    pub limits: LimitsConfig,
}

/// What every handler gets: one counter to clone (each layer and extractor clones it).
#[derive(Clone)]
pub struct AppState(Arc<AppParts>);

pub struct AppParts {
    pub service: Service,
    pub settings: Settings,
    pub limits: Limits,
    pub metrics: Metrics,
}

impl std::ops::Deref for AppState {
    type Target = AppParts;

    fn deref(&self) -> &AppParts {
        &self.0
    }
}

impl AppState {
    pub fn new(service: Service, settings: Settings) -> AppState {
        let pool_size = service.pool_stats().max;
        AppState(Arc::new(AppParts {
            limits: Limits::new(settings.limits.clone(), pool_size),
            metrics: Metrics::new(),
            service,
            settings,
        }))
    }
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
