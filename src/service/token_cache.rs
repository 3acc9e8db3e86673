//! Bearer tokens are checked on every API call, the access check included: a verified
//! token is remembered for a short while so the hot path does not query for it each time.
//! A revoked token must be refused at once on every instance, so the cache is only used
//! where revocations can be heard: this process forgets a token it revokes, and other
//! PostgreSQL instances hear of it through the change feed. A SQLite file may be changed
//! by another process (`roster token revoke`) that cannot tell the server, so a SQLite
//! store reads the token every time (a local indexed read).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
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
}

impl TokenCache {
    /// A cache that remembers nothing until `enable`d.
    pub fn new() -> TokenCache {
        TokenCache {
            enabled: AtomicBool::new(false),
            entries: RwLock::default(),
        }
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

    pub fn put(&self, digest: String, grant: Grant) {
        if !self.enabled.load(Ordering::SeqCst) {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (_, at)| at.elapsed() < TTL);
            }
            entries.insert(digest, (grant, Instant::now()));
        }
    }

    /// A token was revoked: forget it.
    pub fn forget(&self, token_id: &str) {
        if let Ok(mut entries) = self.entries.write() {
            entries.retain(|_, (g, _)| g.token_id != token_id);
        }
    }

    /// Revocations may have been missed (the feed lost its connection).
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
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
        c.put("d".into(), grant("t"));
        assert_eq!(c.get("d"), Some(grant("t")));
        c.forget("t");
        assert_eq!(c.get("d"), None);
    }

    #[test]
    fn a_cache_not_enabled_remembers_nothing() {
        let c = super::TokenCache::new();
        c.put("d".into(), grant("t"));
        assert_eq!(c.get("d"), None);
    }
}
