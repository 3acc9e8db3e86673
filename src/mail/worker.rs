//! Drains the outbox: claims due messages with a lease (so that several instances on one
//! PostgreSQL deliver each message once), delivers them, retries with exponential backoff
//! and jitter, and after `max_attempts` leaves them dead for an operator to retry.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use rand::Rng;
use tokio::sync::Notify;

use super::transport::{self, Transport};
use crate::service::Clock;
use crate::store::{outbox, Dialect, Store, StoreError};

#[derive(Clone)]
pub struct MailConfig {
    pub transport: Transport,
    pub from: Mailbox,
    pub max_attempts: u32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    /// How long a claimed message stays invisible to other workers.
    pub lease_ms: i64,
    pub batch: u32,
}

impl MailConfig {
    pub fn new(transport: Transport, from: Mailbox) -> MailConfig {
        MailConfig {
            transport,
            from,
            max_attempts: 10,
            backoff_base_ms: 1000,
            backoff_max_ms: 5 * 60 * 1000,
            lease_ms: 30_000,
            batch: 50,
        }
    }
}

/// Delay before attempt `attempts + 1`: base·2^(attempts-1), capped, with ±20% jitter.
pub fn backoff_ms(attempts: i64, base: i64, max: i64, jitter: f64) -> i64 {
    let exp = base
        .saturating_mul(1i64 << (attempts.clamp(1, 30) - 1) as u32)
        .min(max);
    (exp as f64 * (1.0 + jitter)).round() as i64
}

pub struct MailWorker {
    store: Store,
    config: MailConfig,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
}

impl MailWorker {
    pub fn new(
        store: Store,
        config: MailConfig,
        clock: Arc<dyn Clock>,
        wake: Arc<Notify>,
    ) -> MailWorker {
        MailWorker {
            store,
            config,
            clock,
            wake,
        }
    }

    pub fn spawn(self) {
        tokio::spawn(async move { self.run().await });
    }

    async fn run(self) {
        if self.store.dialect() == Dialect::Sqlite {
            // One process owns a SQLite file: leases left by a killed process are void.
            if let Err(e) = sqlx::query("UPDATE outbox SET locked_until = 0 WHERE state = 'queued'")
                .execute(self.store.pool())
                .await
            {
                tracing::warn!(error = %e, "could not clear stale outbox leases");
            }
        }
        loop {
            match self.drain_once().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox worker: database error"),
            }
            let wait = self.until_next_due().await;
            let _ = tokio::time::timeout(wait, self.wake.notified()).await;
        }
    }

    async fn until_next_due(&self) -> Duration {
        // Never sleep over a second: another instance may have queued mail.
        let max = Duration::from_millis(1000);
        let Ok(mut conn) = self.store.pool().acquire().await else {
            return max;
        };
        match outbox::next_due(&mut conn).await {
            Ok(Some(at)) => {
                Duration::from_millis((at - self.clock.now_ms()).clamp(10, 1000) as u64)
            }
            _ => max,
        }
    }

    /// Claims and delivers one batch; answers how many were claimed.
    pub async fn drain_once(&self) -> Result<usize, StoreError> {
        let now = self.clock.now_ms();
        let mut tx = self.store.begin().await?;
        let batch = outbox::claim_due(
            tx.conn(),
            self.store.dialect(),
            now,
            self.config.lease_ms,
            self.config.batch,
        )
        .await?;
        tx.commit().await?;
        let claimed = batch.len();
        for m in batch {
            let result = match transport::build(&m, &self.config.from) {
                Ok(message) => self.config.transport.deliver(&m, message).await,
                Err(e) => Err(transport::DeliveryError {
                    permanent: true,
                    message: e,
                }),
            };
            let now = self.clock.now_ms();
            let mut tx = self.store.begin().await?;
            match result {
                Ok(()) => {
                    outbox::mark_sent(tx.conn(), &m.id, now).await?;
                    tracing::debug!(id = %m.id, kind = %m.kind, "email delivered");
                }
                Err(e) => {
                    let give_up = e.permanent || m.attempts >= self.config.max_attempts as i64;
                    let retry_at = (!give_up).then(|| {
                        let jitter = rand::thread_rng().gen_range(-0.2..0.2);
                        now + backoff_ms(
                            m.attempts,
                            self.config.backoff_base_ms,
                            self.config.backoff_max_ms,
                            jitter,
                        )
                    });
                    outbox::mark_failed(tx.conn(), &m.id, &e.message, retry_at).await?;
                    if give_up {
                        tracing::error!(id = %m.id, attempts = m.attempts, error = %e.message, "email dead after its last attempt");
                    } else {
                        tracing::warn!(id = %m.id, attempts = m.attempts, error = %e.message, "email delivery failed; will retry");
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(claimed)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_ms;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 1000, 60_000, 0.0), 1000);
        assert_eq!(backoff_ms(2, 1000, 60_000, 0.0), 2000);
        assert_eq!(backoff_ms(4, 1000, 60_000, 0.0), 8000);
        assert_eq!(backoff_ms(30, 1000, 60_000, 0.0), 60_000);
        assert_eq!(backoff_ms(2, 1000, 60_000, 0.2), 2400);
    }
}
