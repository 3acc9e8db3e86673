//! Telling every instance that a user changed, so that access checks never answer from a
//! stale snapshot: in-process at once after commit, across instances through the store's
//! change feed (queued inside the change's transaction by the change tail). A revoked API
//! token travels the same way, as the key `token:ID`.

use std::sync::Arc;

use super::access::AccessSnapshot;
use super::token_cache::TokenCache;
use crate::store::changes::{ChangeFeed, Heard};
use crate::store::{Store, StoreError};

#[derive(Clone)]
pub struct Invalidation {
    cache: Arc<AccessSnapshot>,
    tokens: Arc<TokenCache>,
}

impl Invalidation {
    /// Tokens are cached only where their revocation can be heard: with a change feed.
    pub async fn start(
        store: &Store,
        cache: Arc<AccessSnapshot>,
        tokens: Arc<TokenCache>,
    ) -> Result<Invalidation, StoreError> {
        let me = Invalidation { cache, tokens };
        if let Some(feed) = store.change_feed().await? {
            me.tokens.enable();
            tokio::spawn(me.clone().listen(feed));
        }
        Ok(me)
    }

    /// After commit: this instance forgets the user (or the revoked token) at once.
    pub fn published(&self, key: &str) {
        match key.strip_prefix("token:") {
            Some(token_id) => self.tokens.forget(token_id),
            None => self.cache.invalidate(key),
        }
    }

    async fn listen(self, mut feed: ChangeFeed) {
        loop {
            match feed.next().await {
                Heard::Changed { user_id } => self.published(&user_id),
                // Whatever was missed could be anyone: drop every snapshot, so that no
                // stale "allowed" outlives a lost notification.
                Heard::Gap => {
                    self.cache.clear();
                    self.tokens.clear();
                }
            }
        }
    }
}
