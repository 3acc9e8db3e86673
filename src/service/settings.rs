//! What a server records for the commands run beside it on the same database: the
//! portal's public address, so that `roster import` writes links that open the portal
//! whichever way the import runs.

use super::{Service, ServiceError};
use crate::store::settings;

impl Service {
    /// Records this server's public address (at start).
    pub async fn record_public_url(&self) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        let now = self.now_ms();
        settings::put(change.db(), settings::PUBLIC_URL, &self.public_url, now).await?;
        self.commit(change).await
    }

    /// The service with the public address a server recorded, when the command line gave
    /// none (unchanged when no server ever ran on this database).
    pub async fn with_recorded_public_url(self) -> Result<Service, ServiceError> {
        let mut db = self.store.read().await?;
        let recorded = settings::get(db.conn(), settings::PUBLIC_URL).await?;
        drop(db);
        Ok(match recorded {
            Some(url) => self.with_public_url(&url),
            None => self,
        })
    }
}
