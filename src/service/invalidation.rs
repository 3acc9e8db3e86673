//! Telling every instance that a user changed, so that access checks never answer from a
//! stale cache: in-process at once after commit, across instances through the store's
//! change feed (queued inside the change's transaction by the change tail).

use std::sync::Arc;

use super::access::AccessCache;
use crate::store::changes::{ChangeFeed, Heard};
use crate::store::{Store, StoreError};

#[derive(Clone)]
pub struct Invalidation {
    cache: Arc<AccessCache>,
}

impl Invalidation {
    pub async fn start(store: &Store, cache: Arc<AccessCache>) -> Result<Invalidation, StoreError> {
        let me = Invalidation { cache };
        if let Some(feed) = store.change_feed().await? {
            tokio::spawn(me.clone().listen(feed));
        }
        Ok(me)
    }

    /// After commit: this instance forgets the user at once.
    pub fn published(&self, user_id: &str) {
        self.cache.invalidate(user_id);
    }

    async fn listen(self, mut feed: ChangeFeed) {
        loop {
            match feed.next().await {
                Heard::Changed { user_id } => self.cache.invalidate(&user_id),
                // Whatever was missed could be anyone: forget everyone.
                Heard::Gap => self.cache.clear(),
            }
        }
    }
}
