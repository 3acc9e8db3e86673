//! Telling every instance that a user changed, so that access checks never answer from a
//! stale cache: in-process at once, across instances through PostgreSQL LISTEN/NOTIFY
//! (sent inside the change's transaction, so it is delivered exactly when it commits).

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::access::AccessCache;
use crate::store::{Dialect, Store, StoreError, Tx};

const CHANNEL: &str = "roster_changes";

#[derive(Clone)]
pub struct Invalidation {
    dialect: Dialect,
    cache: Arc<AccessCache>,
}

impl Invalidation {
    pub async fn start(store: &Store, cache: Arc<AccessCache>) -> Result<Invalidation, StoreError> {
        let me = Invalidation {
            dialect: store.dialect(),
            cache,
        };
        if store.dialect() == Dialect::Postgres {
            // Fail at start if the listener cannot connect at all; reconnect later on errors.
            let listener = connect(store.url()).await?;
            tokio::spawn(me.clone().listen(store.url().to_string(), listener));
        }
        Ok(me)
    }

    /// Within the change's transaction: queue the cross-instance notification.
    pub async fn publish_in(
        &self,
        tx: &mut Tx,
        account_id: &str,
        user_id: &str,
    ) -> Result<(), StoreError> {
        if self.dialect == Dialect::Postgres {
            // NOTIFY takes no bind parameters; ids are our own UUIDs, checked to be safe.
            let payload = format!("{account_id}:{user_id}");
            if payload
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
            {
                sqlx::query(&format!("NOTIFY {CHANNEL}, '{payload}'"))
                    .execute(tx.conn())
                    .await?;
            }
        }
        Ok(())
    }

    /// After commit: this instance forgets the user at once.
    pub fn published(&self, user_id: &str) {
        self.cache.invalidate(user_id);
    }

    async fn listen(self, url: String, mut listener: PgListener) {
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    if let Some((_account, user)) = n.payload().split_once(':') {
                        self.cache.invalidate(user);
                    }
                }
                Ok(None) | Err(_) => {
                    // The connection dropped: notifications may have been missed.
                    self.cache.clear();
                    tracing::warn!("invalidation listener lost its connection; reconnecting");
                    loop {
                        tokio::time::sleep(Duration::from_millis(500)).await;
                        if let Ok(l) = connect(&url).await {
                            listener = l;
                            self.cache.clear();
                            break;
                        }
                    }
                }
            }
        }
    }
}

async fn connect(url: &str) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
