//! Bearer tokens are checked on every API call, the access check included: a verified
//! token is remembered for a short while so the hot path does not query for it each time.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a verified token is trusted without asking the database again.
const TTL: Duration = Duration::from_secs(30);
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct TokenCache {
    /// digest → (token id, account id, verified at)
    entries: RwLock<HashMap<String, (String, String, Instant)>>,
}

impl TokenCache {
    pub fn get(&self, digest: &str) -> Option<(String, String)> {
        let entries = self.entries.read().ok()?;
        let (id, account, at) = entries.get(digest)?;
        (at.elapsed() < TTL).then(|| (id.clone(), account.clone()))
    }

    pub fn put(&self, digest: String, token_id: String, account_id: String) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (_, _, at)| at.elapsed() < TTL);
            }
            entries.insert(digest, (token_id, account_id, Instant::now()));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn remembers_verified_tokens() {
        let c = super::TokenCache::default();
        assert_eq!(c.get("d"), None);
        c.put("d".into(), "t".into(), "a".into());
        assert_eq!(c.get("d"), Some(("t".into(), "a".into())));
    }
}
