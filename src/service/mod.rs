//! The one change path. Every entry point (portal, REST, SCIM, CLI, import) hands its
//! request to these functions, which authorize, load at version, apply the pure rules,
//! write the user, the audit event and the outbox in one transaction, commit, then
//! publish an invalidation.

pub mod access;
pub mod accounts;
pub mod error;
pub mod import;
pub mod invalidation;
pub mod password;
pub mod purge;
mod queries;
pub mod signals;
mod steps;
pub mod streams;
mod token_cache;
pub mod tokens;
pub mod users;
mod validate;

use std::sync::Arc;

use tokio::sync::Notify;

pub use error::ServiceError;
pub use invalidation::Invalidation;
pub use users::{Action, Applied, NewUser, Preview, UserPatch};

use crate::domain::{ActorRole, Catalog};
use crate::store::Store;

/// Through which door a change came in; recorded in the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Api,
    Scim,
    Cli,
    Import,
    System,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Api => "api",
            Channel::Scim => "scim",
            Channel::Cli => "cli",
            Channel::Import => "import",
            Channel::System => "system",
        }
    }
}

/// Who is acting, in which account, through which channel. Only the auth layer makes one.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account_id: String,
    pub role: ActorRole,
    /// For the audit: `user:EMAIL`, `token:ID`, `cli`.
    pub label: String,
    /// The acting user, when a person acts (portal).
    pub user_id: Option<String>,
    pub channel: Channel,
}

impl Actor {
    /// An admin of the account acting through `channel` (API tokens, CLI, SCIM).
    pub fn admin(account_id: &str, label: String, channel: Channel) -> Actor {
        Actor {
            account_id: account_id.to_string(),
            role: ActorRole::Admin,
            label,
            user_id: None,
            channel,
        }
    }
}

/// Time, handed in so that rules about expiry and purge can be tested.
pub trait Clock: Send + Sync {
    /// Unix time in milliseconds.
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

pub struct Config {
    pub catalog: Catalog,
    /// Days a deleted user can be restored before being purged.
    pub retention_days: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            catalog: Catalog::default_suite(),
            retention_days: 30,
        }
    }
}

/// The address emails link to when none is configured: `roster serve`'s default listener.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// The service: cheap to clone, shared by every entry point.
#[derive(Clone)]
pub struct Service {
    pub(crate) store: Store,
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) retention_days: u32,
    pub(crate) invalidation: Invalidation,
    pub(crate) access_cache: Arc<access::AccessCache>,
    pub(crate) token_cache: Arc<token_cache::TokenCache>,
    /// Wakes the mail worker when a change committed emails.
    pub(crate) mail_wake: Arc<Notify>,
    /// The portal's address as users reach it, for the links in emails.
    pub(crate) public_url: Arc<str>,
    /// Signing keys and the wake-ups of the Shared Signals transmitter.
    pub(crate) signals: Arc<signals::SignalsState>,
}

impl Service {
    pub async fn new(
        store: Store,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Service, ServiceError> {
        let access_cache = Arc::new(access::AccessCache::default());
        let invalidation = Invalidation::start(&store, access_cache.clone()).await?;
        let cache_tokens = store.dialect() == crate::store::Dialect::Postgres;
        Ok(Service {
            store,
            catalog: Arc::new(config.catalog),
            clock,
            retention_days: config.retention_days,
            invalidation,
            access_cache,
            token_cache: Arc::new(token_cache::TokenCache::new(cache_tokens)),
            mail_wake: Arc::new(Notify::new()),
            public_url: Arc::from(DEFAULT_PUBLIC_URL),
            signals: Arc::default(),
        })
    }

    /// Sets the portal's public address used in emails (`roster serve --public-url`).
    pub fn with_public_url(mut self, url: &str) -> Service {
        self.public_url = Arc::from(url.trim_end_matches('/'));
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn retention_days(&self) -> u32 {
        self.retention_days
    }

    /// A pooled connection for reads outside a change.
    pub(crate) async fn read_conn(
        &self,
    ) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, ServiceError> {
        Ok(self
            .store
            .pool()
            .acquire()
            .await
            .map_err(crate::store::StoreError::from)?)
    }

    pub fn mail_wake(&self) -> Arc<Notify> {
        self.mail_wake.clone()
    }
}
