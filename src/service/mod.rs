//! The one change path. Every entry point (portal, REST, SCIM, CLI, import) hands its
//! request to a function of this service, which owns every write and every decision of
//! who may do what (sign-in and sessions included). Each write is one `ChangeTx`:
//!
//! ```text
//! hash passwords (argon2 is slow: before the transaction opens)
//! let mut change = self.begin_change()          one transaction (SQLite: the writer lock)
//!   authorize → load at version, locked → pure rules (domain) → write the user
//!   change.audit(..) / change.email(..) / change.signal(..) / change.invalidate(..)
//! self.commit(change)                           the one tail, below:
//!   audit rows → outbox rows → security events → cross-instance notification → COMMIT
//!   → this instance's cache forgets the user → the mail and signal workers wake
//! ```
//!
//! Dropping a `ChangeTx` rolls everything back: no row, no email, no notification. A new
//! kind of side effect is one field of `Effects` and one store call in `commit`.

pub mod access;
pub mod accounts;
pub mod activity;
pub mod bulk;
pub mod bulk_load;
pub mod error;
pub mod export;
mod history;
pub mod import;
pub mod invalidation;
pub mod lockout;
pub mod new_user_products;
pub mod outbox;
pub mod password;
pub mod previews;
pub mod purge;
mod queries;
pub mod sessions;
pub mod settings;
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

use crate::domain::{ActorRole, Catalog, NotificationPlan};
use crate::store::audit::NewAuditEvent;
use crate::store::outbox::OutboxMessage;
use crate::store::{audit, changes, Conn, Read, Script, Store, Tx};

/// One change in flight: its transaction and the side effects it commits with.
struct ChangeTx {
    tx: Tx,
    effects: Effects,
    /// The bulk request the change is part of; its audit events carry it.
    batch_id: Option<String>,
    /// The account's name, read once per change (emails carry it).
    account_name: Option<String>,
    /// How firmly the change holds its account (see `hold_account`).
    account_hold: AccountHold,
}

/// What a change commits with besides its own rows. Gathered in the change, or before
/// it by a bulk change that decides and renders its next users while the previous ones
/// are written, then handed to the change (`absorb`).
#[derive(Default)]
struct Effects {
    audit: Vec<NewAuditEvent>,
    emails: Vec<OutboxMessage>,
    /// (account id, user id) of every user the change touched.
    invalidated: Vec<(String, String)>,
    /// Security events for the products' streams, fanned out to them in the tail.
    signals: Vec<signals::PendingSignal>,
    /// Getting-started emails queued: (user id, product, when), recorded as sent.
    started: Vec<(String, String, i64)>,
}

impl Effects {
    fn audit(&mut self, event: NewAuditEvent) {
        self.audit.push(event);
    }

    fn email(&mut self, message: OutboxMessage) {
        self.emails.push(message);
    }

    /// Every instance forgets what it cached of the user once the change commits. A user
    /// named twice (two steps of one change) is told once: `commit` drops the repeats,
    /// where a test here made a bulk chunk's thousand users a million comparisons.
    fn invalidate(&mut self, account_id: &str, user_id: &str) {
        self.invalidated
            .push((account_id.to_string(), user_id.to_string()));
    }

    fn signal(&mut self, pending: signals::PendingSignal) {
        if !pending.planned.is_empty() {
            self.signals.push(pending);
        }
    }

    /// The emails queued so far (a preview shows them, then rolls back).
    fn emails(&self) -> &[OutboxMessage] {
        &self.emails
    }

    fn record_started(&mut self, user_id: &str, product: &str, at: i64) {
        self.started
            .push((user_id.to_string(), product.to_string(), at));
    }

    /// Products whose getting-started email this change already queued for the user (a
    /// later step of the same change must not send a second one).
    fn started_in_change(&self, user_id: &str) -> impl Iterator<Item = String> + '_ {
        let user_id = user_id.to_string();
        self.started
            .iter()
            .filter(move |(u, _, _)| *u == user_id)
            .map(|(_, p, _)| p.clone())
    }

    /// Adds what `other` gathered, after what this holds.
    fn absorb(&mut self, other: Effects) {
        let Effects {
            audit,
            emails,
            invalidated,
            signals,
            started,
        } = other;
        self.audit.extend(audit);
        self.emails.extend(emails);
        self.invalidated.extend(invalidated);
        self.signals.extend(signals);
        self.started.extend(started);
    }
}

/// A change gathers its effects as it goes: `change.audit(..)`, `change.email(..)`.
impl std::ops::Deref for ChangeTx {
    type Target = Effects;
    fn deref(&self) -> &Effects {
        &self.effects
    }
}

impl std::ops::DerefMut for ChangeTx {
    fn deref_mut(&mut self) -> &mut Effects {
        &mut self.effects
    }
}

/// A change's hold on its account's row, weakest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum AccountHold {
    #[default]
    None,
    /// Beside the account's other changes that concern neither seats nor the last admin.
    Shared,
    /// Alone: the change is decided against the account's seats or admins.
    Exclusive,
}

impl ChangeTx {
    /// The transaction, for the change's own reads and writes.
    fn db(&mut self) -> &mut Conn {
        self.tx.conn()
    }

    /// Holds the account until the change ends: `exclusive` for a change decided against
    /// the account's seats or count of admins (they must not move under it), shared for
    /// any other. Answers whether the hold just became exclusive, so that the caller
    /// reads those facts again. Never weakens a hold.
    async fn hold_account(
        &mut self,
        account_id: &str,
        exclusive: bool,
    ) -> Result<bool, ServiceError> {
        let want = match exclusive {
            true => AccountHold::Exclusive,
            false => AccountHold::Shared,
        };
        if self.account_hold >= want {
            return Ok(false);
        }
        match want {
            AccountHold::Exclusive => {
                crate::store::accounts::lock(self.tx.conn(), account_id).await?;
            }
            _ => crate::store::accounts::share(self.tx.conn(), account_id).await?,
        }
        self.account_hold = want;
        Ok(exclusive)
    }

    /// Whether the change already holds its account alone (always, on SQLite).
    fn holds_account_alone(&self) -> bool {
        self.account_hold == AccountHold::Exclusive
    }

    /// The name of the account, read in the change's transaction once.
    async fn account_name(&mut self, account_id: &str) -> Result<String, ServiceError> {
        if let Some(name) = &self.account_name {
            return Ok(name.clone());
        }
        let account = crate::store::accounts::by_id(self.tx.conn(), account_id)
            .await?
            .ok_or(ServiceError::NotFound("account"))?;
        self.account_name = Some(account.name.clone());
        Ok(account.name)
    }

    /// The account's name where the change's emails carry it; where it sends none,
    /// nothing to read (most creates from an identity provider).
    async fn account_name_for(
        &mut self,
        account_id: &str,
        plan: &NotificationPlan,
    ) -> Result<String, ServiceError> {
        match plan.emails.is_empty() {
            true => Ok(String::new()),
            false => self.account_name(account_id).await,
        }
    }
}

impl Service {
    /// Opens a change. Every write of the service starts here and ends in `commit`.
    async fn begin_change(&self) -> Result<ChangeTx, ServiceError> {
        let mut tx = self.store.begin().await?;
        // Where the store locks no rows, its one writer holds every account alone.
        let account_hold = match crate::store::locks_rows(tx.conn()) {
            true => AccountHold::None,
            false => AccountHold::Exclusive,
        };
        Ok(ChangeTx {
            tx,
            effects: Effects::default(),
            batch_id: None,
            account_name: None,
            account_hold,
        })
    }

    /// The change tail: writes what the change collected, commits, then tells this
    /// instance's cache and the mail worker.
    async fn commit(&self, change: ChangeTx) -> Result<(), ServiceError> {
        let ChangeTx {
            mut tx,
            effects:
                Effects {
                    audit,
                    emails,
                    mut invalidated,
                    signals,
                    started,
                },
            batch_id,
            account_name: _,
            account_hold: _,
        } = change;
        // Multi-row statements: one change of one user and a bulk chunk of a thousand
        // take the same path, the latter in a few round trips; on SQLite all of them
        // reach the database with the commit (`Script`).
        let mut tail = Script::new(tx.conn());
        audit::insert_many(&mut tail, &audit, batch_id.as_deref());
        crate::store::outbox::insert_many(&mut tail, &emails);
        crate::store::batch::record_started(&mut tail, &started);
        let signalled = self.write_signals(tx.conn(), &mut tail, &signals).await?;
        invalidated.sort_unstable();
        invalidated.dedup();
        changes::notify_many(&mut tail, &invalidated);
        tx.commit_with(tail).await?;
        self.signals_committed(signalled);
        for (_, user_id) in &invalidated {
            self.invalidation.published(user_id);
        }
        if !emails.is_empty() {
            self.mail_wake.notify_one();
        }
        match batch_id {
            // One line per bulk chunk: a line per user would be a hundred thousand lines.
            Some(batch) => tracing::info!(
                batch = %batch, users = audit.len(), emails = emails.len(), "bulk change committed"
            ),
            None => {
                for e in &audit {
                    tracing::info!(
                        user = %e.user_id, actor = %e.actor, channel = %e.channel, action = %e.action,
                        emails = emails.iter().filter(|m| m.user_id == e.user_id).count(),
                        "change committed"
                    );
                }
            }
        }
        Ok(())
    }

    /// A pooled connection for reads outside a change.
    async fn read_conn(&self) -> Result<Read, ServiceError> {
        Ok(self.store.read().await?)
    }
}

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

/// The service: shared by every entry point, and one counter to clone (a request
/// clones it several times; a struct of a dozen handles cost a dozen atomic counters
/// each time, a tenth of an access check).
#[derive(Clone)]
pub struct Service(Arc<ServiceParts>);

impl std::ops::Deref for Service {
    type Target = ServiceParts;

    fn deref(&self) -> &ServiceParts {
        &self.0
    }
}

#[derive(Clone)]
pub struct ServiceParts {
    store: Store,
    catalog: Arc<Catalog>,
    clock: Arc<dyn Clock>,
    retention_days: u32,
    invalidation: Invalidation,
    access_snapshot: Arc<access::AccessSnapshot>,
    token_cache: Arc<token_cache::TokenCache>,
    /// Wakes the mail worker when a change committed emails.
    mail_wake: Arc<Notify>,
    /// The portal's address as users reach it, for the links in emails.
    public_url: Arc<str>,
    /// When this instance last recorded each user's use of access.
    recent_uses: Arc<activity::RecentUses>,
    /// Signing keys and the wake-ups of the Shared Signals transmitter.
    signals: Arc<signals::SignalsState>,
}

impl Service {
    pub async fn new(
        store: Store,
        config: Config,
        clock: Arc<dyn Clock>,
    ) -> Result<Service, ServiceError> {
        let access_snapshot = Arc::new(access::AccessSnapshot::default());
        let token_cache = Arc::new(token_cache::TokenCache::new());
        let invalidation =
            Invalidation::start(&store, access_snapshot.clone(), token_cache.clone()).await?;
        Ok(Service(Arc::new(ServiceParts {
            store,
            catalog: Arc::new(config.catalog),
            clock,
            retention_days: config.retention_days,
            invalidation,
            access_snapshot,
            token_cache,
            mail_wake: Arc::new(Notify::new()),
            public_url: Arc::from(DEFAULT_PUBLIC_URL),
            recent_uses: Arc::default(),
            signals: Arc::default(),
        })))
    }

    /// Sets the portal's public address used in emails (`roster serve --public-url`).
    pub fn with_public_url(self, url: &str) -> Service {
        let mut parts = Arc::unwrap_or_clone(self.0);
        parts.public_url = Arc::from(url.trim_end_matches('/'));
        Service(Arc::new(parts))
    }

    /// Whether the database answers (readiness).
    pub async fn database_ready(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    /// Closes the database connections (shutdown; tests of an outage).
    pub async fn close(&self) {
        self.store.close().await;
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

    pub fn mail_wake(&self) -> Arc<Notify> {
        self.mail_wake.clone()
    }

    /// What the mail worker is told of bulk changes (`MailWorker::yielding_to`).
    pub fn heavy_writes(&self) -> Arc<crate::store::HeavyWrites> {
        self.store.heavy_writes()
    }
}
