//! The hot path: may this person use this product now? Answered from a compact in-memory
//! snapshot of each account's users (status and products), loaded lazily per account in
//! the background, and kept current by the change path: every committed change removes
//! its user from the snapshot (here at once, on other instances through the change feed),
//! and the next check reads that user from the database and puts them back. A feed that
//! may have missed notifications (`Heard::Gap`) drops every snapshot, so a lost
//! notification never leaves a stale "allowed" behind.
//!
//! A user the snapshot does not hold (not loaded yet, changed since, created since) is
//! read from the database: absence never answers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;

use super::activity::RECORD_EVERY_MS;
use super::{Service, ServiceError};
use crate::domain::{Catalog, DomainError, Status};
use crate::store::users::{self, AccessRow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessAnswer {
    pub allowed: bool,
    pub status: Status,
    /// `ok`, `suspended`, `deleted` or `product_not_assigned`.
    pub reason: &'static str,
    pub user_id: String,
}

/// One user in the snapshot: about a hundred bytes with the indexes.
struct Facts {
    id: Arc<str>,
    email: Arc<str>,
    status: Status,
    /// Bit `i`: the user holds the catalog's `i`-th product.
    products: u128,
    /// When the last use was recorded (ms), so that a use is written once an hour.
    last_use: AtomicI64,
}

#[derive(Default)]
struct Users {
    by_id: HashMap<Arc<str>, Facts>,
    by_email: HashMap<Arc<str>, Arc<str>>,
}

impl Users {
    fn insert(&mut self, facts: Facts) {
        self.by_email.insert(facts.email.clone(), facts.id.clone());
        self.by_id.insert(facts.id.clone(), facts);
    }

    fn remove(&mut self, id: &str) {
        if let Some(f) = self.by_id.remove(id) {
            if self.by_email.get(&f.email).is_some_and(|v| &**v == id) {
                self.by_email.remove(&f.email);
            }
        }
    }

    fn find(&self, key: &str, by_email: bool) -> Option<&Facts> {
        if by_email {
            self.by_id.get(self.by_email.get(key)?)
        } else {
            self.by_id.get(key)
        }
    }
}

/// What the snapshot knows of a user.
struct Seen {
    id: String,
    status: Status,
    has_product: bool,
    /// Whether a use now is worth writing (none recorded within the hour); marks it.
    use_due: bool,
}

/// Every loaded account's users. Invalidations and the installation of a freshly loaded
/// account happen under `log`, so none slips between a load's read and its install.
#[derive(Default)]
pub struct AccessSnapshot {
    accounts: RwLock<HashMap<String, Arc<RwLock<Users>>>>,
    /// Users invalidated while a load is under way (`None`: no load).
    log: Mutex<Option<Vec<String>>>,
    /// Bumped by every invalidation: a database read that raced one is not kept.
    generation: AtomicU64,
    /// Bumped when everything is dropped: a load that started before is thrown away.
    epoch: AtomicU64,
    loading: tokio::sync::Mutex<()>,
    /// Uses of access waiting to be written together (see `Service::flush_uses`).
    uses: Mutex<Vec<String>>,
}

/// Past this many unwritten uses, later ones wait for a later check.
const MAX_PENDING_USES: usize = 50_000;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn product_bit(catalog: &Catalog, key: &str) -> Option<u128> {
    let i = catalog.products().iter().position(|p| p.key == key)?;
    (i < 128).then(|| 1u128 << i)
}

impl AccessSnapshot {
    fn account(&self, account_id: &str) -> Option<Arc<RwLock<Users>>> {
        self.accounts.read().ok()?.get(account_id).cloned()
    }

    fn is_loaded(&self, account_id: &str) -> bool {
        self.account(account_id).is_some()
    }

    fn lookup(
        &self,
        account_id: &str,
        key: &str,
        by_email: bool,
        bit: u128,
        now: i64,
    ) -> Option<Seen> {
        let account = self.account(account_id)?;
        let users = account.read().ok()?;
        let f = users.find(key, by_email)?;
        let last = f.last_use.load(Ordering::Relaxed);
        let use_due = f.status == Status::Active
            && f.products & bit != 0
            && now - last >= RECORD_EVERY_MS
            && f.last_use
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        Some(Seen {
            id: f.id.to_string(),
            status: f.status,
            has_product: f.products & bit != 0,
            use_due,
        })
    }

    /// A change committed for this user: forget them everywhere.
    pub fn invalidate(&self, user_id: &str) {
        let Ok(mut log) = self.log.lock() else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(pending) = log.as_mut() {
            pending.push(user_id.to_string());
        }
        let accounts: Vec<_> = match self.accounts.read() {
            Ok(a) => a.values().cloned().collect(),
            Err(_) => return,
        };
        for account in accounts {
            if let Ok(mut users) = account.write() {
                users.remove(user_id);
            }
        }
    }

    /// Notifications may have been missed: drop every snapshot (they load again).
    pub fn clear(&self) {
        let Ok(_log) = self.log.lock() else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.epoch.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut accounts) = self.accounts.write() {
            accounts.clear();
        }
    }

    /// Puts back a user read from the database, unless a change came in since the read.
    fn put_back(&self, account_id: &str, row: AccessRow, products: u128, generation: u64) {
        let Ok(_log) = self.log.lock() else {
            return;
        };
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if let Some(account) = self.account(account_id) {
            if let Ok(mut users) = account.write() {
                users.remove(&row.user_id);
                users.insert(Facts {
                    id: Arc::from(row.user_id),
                    email: Arc::from(row.email_lower),
                    status: row.status,
                    products,
                    last_use: AtomicI64::new(row.last_use.unwrap_or(0)),
                });
            }
        }
    }

    /// How many users the loaded snapshots hold (for tests and metrics).
    pub fn len(&self) -> usize {
        self.accounts
            .read()
            .map(|a| {
                a.values()
                    .map(|u| u.read().map(|u| u.by_id.len()).unwrap_or(0))
                    .sum()
            })
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Service {
    /// `user` is an id or an email of the account. Unknown users are `NotFound`, as are
    /// other accounts' users.
    pub async fn check_access(
        &self,
        account_id: &str,
        user: &str,
        product: &str,
    ) -> Result<AccessAnswer, ServiceError> {
        if self.catalog.get(product).is_none() {
            return Err(DomainError::UnknownProduct(product.to_string()).into());
        }
        let bit = product_bit(&self.catalog, product).unwrap_or(0);
        let by_email = user.contains('@');
        let key = if by_email {
            crate::domain::fold::fold(user.trim())
        } else {
            user.trim().to_string()
        };
        let now = self.clock.now_ms();
        // Another process on a SQLite file may have changed the user: hear it first.
        self.invalidation.catch_up().await;
        let snapshot = &self.access_snapshot;
        let seen = match snapshot.lookup(account_id, &key, by_email, bit, now) {
            Some(seen) => {
                if seen.use_due {
                    self.queue_use(&seen.id);
                }
                seen
            }
            None => {
                if !snapshot.is_loaded(account_id) {
                    self.load_access_later(account_id);
                }
                let seen = self.read_facts(account_id, &key, by_email, bit).await?;
                if seen.status == Status::Active && seen.has_product {
                    // "Last sign-in" in the portal: a product let this person in.
                    self.record_use_later(&seen.id);
                }
                seen
            }
        };
        let (allowed, reason) = match seen.status {
            Status::Deleted => (false, "deleted"),
            Status::Suspended => (false, "suspended"),
            Status::Active if seen.has_product => (true, "ok"),
            Status::Active => (false, "product_not_assigned"),
        };
        Ok(AccessAnswer {
            allowed,
            status: seen.status,
            reason,
            user_id: seen.id,
        })
    }

    /// One user from the database, put back into the snapshot if it is loaded.
    async fn read_facts(
        &self,
        account_id: &str,
        key: &str,
        by_email: bool,
        bit: u128,
    ) -> Result<Seen, ServiceError> {
        let generation = self.access_snapshot.generation.load(Ordering::SeqCst);
        let mut read = self.read_conn().await?;
        let facts = users::access_facts(read.conn(), account_id, key, by_email)
            .await?
            .ok_or(ServiceError::NotFound("user"))?;
        let products = facts
            .products
            .iter()
            .filter_map(|p| product_bit(&self.catalog, p))
            .fold(0u128, |a, b| a | b);
        let seen = Seen {
            id: facts.user_id.clone(),
            status: facts.status,
            has_product: products & bit != 0,
            use_due: false,
        };
        let allowed = seen.status == Status::Active && seen.has_product;
        let row = AccessRow {
            user_id: facts.user_id,
            email_lower: facts.email_lower,
            status: facts.status,
            // An allowed answer is written by the caller now; otherwise the next allowed
            // check from the snapshot writes it.
            last_use: allowed.then(|| self.clock.now_ms()),
        };
        self.access_snapshot
            .put_back(account_id, row, products, generation);
        Ok(seen)
    }

    fn load_access_later(&self, account_id: &str) {
        let service = self.clone();
        let account_id = account_id.to_string();
        tokio::spawn(async move {
            if let Err(e) = service.load_access_snapshot(&account_id).await {
                tracing::warn!(error = %e, "loading the access snapshot failed");
            }
        });
    }

    /// Loads the account's users into the access snapshot (once; later calls return at
    /// once). Checks meanwhile read the database.
    pub async fn load_access_snapshot(&self, account_id: &str) -> Result<(), ServiceError> {
        let snapshot = &self.access_snapshot;
        let _one = snapshot.loading.lock().await;
        if snapshot.is_loaded(account_id) {
            return Ok(());
        }
        let epoch = snapshot.epoch.load(Ordering::SeqCst);
        if let Ok(mut log) = snapshot.log.lock() {
            *log = Some(Vec::new());
        }
        // Both callbacks fill it; the lock is never contended.
        let loaded = Mutex::new(Users::default());
        let mut read = self.read_conn().await?;
        let catalog = &self.catalog;
        let streamed = users::stream_access(
            read.conn(),
            account_id,
            |row| {
                lock(&loaded).insert(Facts {
                    id: Arc::from(row.user_id),
                    email: Arc::from(row.email_lower),
                    status: row.status,
                    products: 0,
                    last_use: AtomicI64::new(row.last_use.unwrap_or(0)),
                });
            },
            |user, product| {
                let mut loaded = lock(&loaded);
                if let (Some(f), Some(bit)) =
                    (loaded.by_id.get_mut(user), product_bit(catalog, product))
                {
                    f.products |= bit;
                }
            },
        )
        .await;
        drop(read);
        let mut loaded = loaded.into_inner().unwrap_or_else(|e| e.into_inner());
        let Ok(mut log) = snapshot.log.lock() else {
            return Ok(());
        };
        let changed = log.take().unwrap_or_default();
        streamed?;
        if snapshot.epoch.load(Ordering::SeqCst) != epoch {
            // Everything was dropped meanwhile: what was read may be stale.
            return Ok(());
        }
        for id in &changed {
            loaded.remove(id);
        }
        loaded.by_id.shrink_to_fit();
        loaded.by_email.shrink_to_fit();
        if let Ok(mut accounts) = snapshot.accounts.write() {
            accounts.insert(account_id.to_string(), Arc::new(RwLock::new(loaded)));
        }
        Ok(())
    }

    /// What the change feed does when notifications may have been lost; also for tests.
    pub fn drop_access_snapshots(&self) {
        self.access_snapshot.clear();
    }

    /// How many users the access snapshots hold.
    pub fn access_snapshot_len(&self) -> usize {
        self.access_snapshot.len()
    }

    /// Notes a use of access to be written with others (`flush_uses`), off the hot path.
    fn queue_use(&self, user_id: &str) {
        let Ok(mut uses) = self.access_snapshot.uses.lock() else {
            return;
        };
        if uses.len() >= MAX_PENDING_USES {
            return;
        }
        let first = uses.is_empty();
        uses.push(user_id.to_string());
        drop(uses);
        if first {
            let service = self.clone();
            tokio::spawn(async move {
                // Let the uses of the next moments join this write.
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                if let Err(e) = service.flush_uses().await {
                    tracing::warn!(error = %e, "recording uses of access failed");
                }
            });
        }
    }

    /// Writes the queued uses of access, many per statement, in one transaction.
    async fn flush_uses(&self) -> Result<(), ServiceError> {
        let ids = match self.access_snapshot.uses.lock() {
            Ok(mut uses) => std::mem::take(&mut *uses),
            Err(_) => return Ok(()),
        };
        if ids.is_empty() {
            return Ok(());
        }
        let now = self.clock.now_ms();
        let mut tx = self.store.begin().await?;
        crate::store::activity::record_uses(tx.conn(), &ids, now, now - RECORD_EVERY_MS).await?;
        tx.commit().await?;
        Ok(())
    }
}
