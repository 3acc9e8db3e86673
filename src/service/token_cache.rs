//! Bearer tokens are checked on every API call, the access check included: a verified
//! token is remembered for a short while so the hot path does not query for it each time.
//! A revoked token must be refused at once on every instance, so the cache is only used
//! where revocations can be heard: this process forgets a token it revokes, other
//! PostgreSQL instances hear of it through the change feed, and a server on a SQLite file
//! catches up with the file's change log (`roster token revoke` run by another process)
//! before it trusts the cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

use crate::auth::scope::Grant;

/// How long a verified token is trusted without asking the database again.
const TTL: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 10_000;

pub struct TokenCache {
    enabled: AtomicBool,
    /// digest → (grant, verified at)
    entries: RwLock<HashMap<String, (Grant, Instant)>>,
    /// Bumped by every forgetting, under the write lock: a token read from the database
    /// before a revocation was heard is not remembered after it.
    generation: AtomicU64,
}

impl TokenCache {
    /// A cache that remembers nothing until `enable`d.
    pub fn new() -> TokenCache {
        TokenCache {
            enabled: AtomicBool::new(false),
            entries: RwLock::default(),
            generation: AtomicU64::new(0),
        }
    }

    /// Read before reading a token from the database, handed back to `put`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Revocations can be heard from now on: verified tokens may be remembered.
    pub fn enable(&self) {
        self.enabled.store(true, Ordering::SeqCst);
    }

    pub fn get(&self, digest: &str) -> Option<Grant> {
        let entries = self.entries.read().ok()?;
        let (grant, at) = entries.get(digest)?;
        (at.elapsed() < TTL).then(|| grant.clone())
    }

    /// Remembers a token read at `generation`, unless something was forgotten since.
    pub fn put(&self, digest: String, grant: Grant, generation: u64) {
        if !self.enabled.load(Ordering::SeqCst) {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            if self.generation.load(Ordering::SeqCst) != generation {
                return;
            }
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (_, at)| at.elapsed() < TTL);
            }
            entries.insert(digest, (grant, Instant::now()));
        }
    }

    /// A token was revoked: forget it.
    pub fn forget(&self, token_id: &str) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            entries.retain(|_, (g, _)| g.token_id != token_id);
        }
    }

    /// Revocations may have been missed (the feed lost its connection).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            entries.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::auth::scope::{Grant, Scope};

    fn grant(id: &str) -> Grant {
        Grant {
            token_id: id.into(),
            account_id: "a".into(),
            scope: Scope::Admin,
            product: None,
            expires_at: None,
        }
    }

    #[test]
    fn remembers_verified_tokens_until_revoked() {
        let c = super::TokenCache::new();
        c.enable();
        assert_eq!(c.get("d"), None);
        c.put("d".into(), grant("t"), c.generation());
        assert_eq!(c.get("d"), Some(grant("t")));
        c.forget("t");
        assert_eq!(c.get("d"), None);
    }

    #[test]
    fn a_token_read_before_a_revocation_was_heard_is_not_remembered() {
        let c = super::TokenCache::new();
        c.enable();
        let read_at = c.generation();
        c.forget("t");
        c.put("d".into(), grant("t"), read_at);
        assert_eq!(c.get("d"), None);
    }

    #[test]
    fn a_cache_not_enabled_remembers_nothing() {
        let c = super::TokenCache::new();
        c.put("d".into(), grant("t"), c.generation());
        assert_eq!(c.get("d"), None);
    }
}
