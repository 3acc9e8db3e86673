//! The hot path: may this person use this product now? Answered from memory when possible;
//! every change invalidates the user's entry (see `invalidation`).

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use serde::Serialize;

use super::{Service, ServiceError};
use crate::domain::{DomainError, Status};
use crate::store::users;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessAnswer {
    pub allowed: bool,
    pub status: Status,
    /// `ok`, `suspended`, `deleted` or `product_not_assigned`.
    pub reason: &'static str,
    pub user_id: String,
}

#[derive(Debug, Clone)]
struct Entry {
    user_id: String,
    email_lower: String,
    status: Status,
    products: BTreeSet<String>,
}

const MAX_ENTRIES: usize = 200_000;

/// Users' access facts by (account, id or lowercased email).
#[derive(Default)]
pub struct AccessCache {
    entries: RwLock<HashMap<(String, String), Entry>>,
    keys_of_user: RwLock<HashMap<String, Vec<(String, String)>>>,
    /// Bumped by every invalidation, so a read that raced a change is not cached.
    generation: AtomicU64,
}

impl AccessCache {
    fn get(&self, key: &(String, String)) -> Option<Entry> {
        self.entries.read().ok()?.get(key).cloned()
    }

    fn put(&self, key: (String, String), entry: Entry, generation: u64) {
        let (Ok(mut entries), Ok(mut keys)) = (self.entries.write(), self.keys_of_user.write())
        else {
            return;
        };
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
            keys.clear();
        }
        keys.entry(entry.user_id.clone())
            .or_default()
            .push(key.clone());
        entries.insert(key, entry);
    }

    pub fn invalidate(&self, user_id: &str) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let (Ok(mut entries), Ok(mut keys)) = (self.entries.write(), self.keys_of_user.write()) {
            for key in keys.remove(user_id).unwrap_or_default() {
                entries.remove(&key);
            }
        }
    }

    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let (Ok(mut entries), Ok(mut keys)) = (self.entries.write(), self.keys_of_user.write()) {
            entries.clear();
            keys.clear();
        }
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
        let by_email = user.contains('@');
        let key = (
            account_id.to_string(),
            if by_email {
                user.trim().to_lowercase()
            } else {
                user.trim().to_string()
            },
        );
        let entry = match self.access_cache.get(&key) {
            Some(e) if !by_email || e.email_lower == key.1 => e,
            _ => {
                let generation = self.access_cache.generation.load(Ordering::SeqCst);
                let e = self
                    .load_entry(&key.0, &key.1, by_email)
                    .await?
                    .ok_or(ServiceError::NotFound("user"))?;
                self.access_cache.put(key, e.clone(), generation);
                e
            }
        };
        let (allowed, reason) = match entry.status {
            Status::Deleted => (false, "deleted"),
            Status::Suspended => (false, "suspended"),
            Status::Active if entry.products.contains(product) => (true, "ok"),
            Status::Active => (false, "product_not_assigned"),
        };
        Ok(AccessAnswer {
            allowed,
            status: entry.status,
            reason,
            user_id: entry.user_id,
        })
    }

    async fn load_entry(
        &self,
        account_id: &str,
        key: &str,
        by_email: bool,
    ) -> Result<Option<Entry>, ServiceError> {
        let mut read = self.read_conn().await?;
        let facts = users::access_facts(read.conn(), account_id, key, by_email).await?;
        Ok(facts.map(|f| Entry {
            user_id: f.user_id,
            email_lower: f.email_lower,
            status: f.status,
            products: f.products,
        }))
    }
}
