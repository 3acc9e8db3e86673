//! Drains the outbox. Claims due messages with a lease (so that several instances on one
//! PostgreSQL deliver each message once), keeps up to `concurrency` deliveries in flight,
//! records each outcome as soon as it is known, retries with exponential backoff and
//! jitter, and after `max_attempts` leaves a message dead for an operator to retry.
//! The delivery guarantee and its one at-least-once window are described in `mail`.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use rand::Rng;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use super::retry::{AfterFailure, RetryPolicy};
use super::transport::{self, DeliveryError, Transport};
use crate::service::Clock;
use crate::store::outbox::{OutboxMessage, Queue};
use crate::store::StoreError;

#[derive(Clone, Debug)]
pub struct MailConfig {
    pub transport: Transport,
    pub from: Mailbox,
    pub max_attempts: u32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    /// How long a claimed message stays invisible to other workers. After a crash, the
    /// messages that were in flight wait this long before another instance (PostgreSQL)
    /// sends them; a restarted SQLite instance sends them at once.
    pub lease_ms: i64,
    /// Deliveries in flight at once (SMTP connections in use).
    pub concurrency: usize,
    /// Sent messages are deleted this long after delivery.
    pub keep_sent_ms: i64,
}

impl MailConfig {
    pub fn new(transport: Transport, from: Mailbox) -> MailConfig {
        MailConfig {
            transport,
            from,
            max_attempts: 10,
            backoff_base_ms: 1000,
            backoff_max_ms: 5 * 60 * 1000,
            lease_ms: 60_000,
            concurrency: 16,
            keep_sent_ms: 30 * 24 * 3600 * 1000,
        }
    }

    /// A delivery is abandoned (and retried) after half the lease, so that its outcome is
    /// recorded while the lease still holds and no other worker can have claimed it.
    fn delivery_timeout(&self) -> Duration {
        Duration::from_millis((self.lease_ms / 2).max(100) as u64)
    }

    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.max_attempts,
            base_ms: self.backoff_base_ms,
            max_ms: self.backoff_max_ms,
        }
    }
}

/// Never sleep longer than this between looks at the outbox: another instance may have
/// queued mail without being able to wake us.
const MAX_IDLE: Duration = Duration::from_millis(1000);

/// How often the worker deletes old sent messages.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);

/// How long a stopping server waits for the deliveries under way (a deploy's SIGTERM
/// usually leaves 30 s before the SIGKILL).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A running worker; `shutdown` stops it cleanly.
pub struct MailWorkerHandle {
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl MailWorkerHandle {
    /// Stops claiming, waits (a bounded time) for the deliveries under way to be recorded.
    pub async fn shutdown(self) {
        self.stop.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "outbox worker failed");
        }
    }
}

pub struct MailWorker {
    queue: Queue,
    config: MailConfig,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
}

impl MailWorker {
    /// `queue`: the service's `outbox_queue()` (or a `Store`, which tests hold).
    pub fn new(
        queue: impl Into<Queue>,
        config: MailConfig,
        clock: Arc<dyn Clock>,
        wake: Arc<Notify>,
    ) -> MailWorker {
        MailWorker {
            queue: queue.into(),
            config,
            clock,
            wake,
        }
    }

    pub fn spawn(self) -> MailWorkerHandle {
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(Arc::new(self).run(stop.clone()));
        MailWorkerHandle { stop, task }
    }

    async fn run(self: Arc<Self>, stop: Arc<Notify>) {
        self.release_stale_leases().await;
        let slots = self.config.concurrency.max(1);
        let mut in_flight: JoinSet<()> = JoinSet::new();
        let stopping = stop.notified();
        tokio::pin!(stopping);
        let mut next_cleanup = tokio::time::Instant::now();
        loop {
            if tokio::time::Instant::now() >= next_cleanup {
                self.delete_old_sent().await;
                next_cleanup = tokio::time::Instant::now() + CLEANUP_EVERY;
            }
            let free = slots - in_flight.len();
            let mut claimed = 0;
            if free > 0 {
                match self.claim(free).await {
                    Ok(batch) => {
                        claimed = batch.len();
                        for m in batch {
                            in_flight.spawn(self.clone().deliver_and_record(m));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "outbox worker: cannot claim messages"),
                }
            }
            if in_flight.len() == slots {
                // Every slot busy: the next claim waits for a delivery to finish.
                tokio::select! {
                    done = in_flight.join_next() => reap(done),
                    _ = &mut stopping => break,
                }
                continue;
            }
            if claimed > 0 && claimed == free {
                continue;
            }
            // Nothing more is due now: wait for a commit, the next due time, or a free slot.
            let idle = self.until_next_due().await;
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(idle) => {}
                done = in_flight.join_next(), if !in_flight.is_empty() => reap(done),
                _ = &mut stopping => break,
            }
        }
        // Stopping: claim nothing more and let the deliveries under way finish and be
        // recorded, so that a restart or a deploy does not open the duplicate window.
        let pending = in_flight.len();
        let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while let Some(done) = in_flight.join_next().await {
                reap(Some(done));
            }
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                left = in_flight.len(),
                "outbox: stopped before every delivery finished; they are retried after their lease"
            );
        } else if pending > 0 {
            tracing::info!(
                count = pending,
                "outbox: deliveries under way finished before stopping"
            );
        }
    }

    /// Where one process owns the store (SQLite), leases found at start belong to a
    /// process that died: its in-flight messages are sent again now rather than after the
    /// lease (the store knows when that holds).
    async fn release_stale_leases(&self) {
        match self.queue.release_stale_leases().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "outbox: emails in flight when the previous process stopped are sent again \
                 (the server may have accepted some already: same Message-ID)"
            ),
            Err(e) => tracing::warn!(error = %e, "outbox: cannot release stale leases"),
        }
    }

    async fn delete_old_sent(&self) {
        let before = self.clock.now_ms() - self.config.keep_sent_ms;
        match self.queue.delete_sent_before(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "outbox: old sent emails deleted"),
            Err(e) => tracing::warn!(error = %e, "outbox: cannot delete old sent emails"),
        }
    }

    async fn claim(&self, limit: usize) -> Result<Vec<OutboxMessage>, StoreError> {
        self.queue
            .claim_due(self.clock.now_ms(), self.config.lease_ms, limit as u32)
            .await
    }

    async fn until_next_due(&self) -> Duration {
        match self.queue.next_due().await {
            Ok(Some(at)) => Duration::from_millis(
                (at - self.clock.now_ms()).clamp(10, MAX_IDLE.as_millis() as i64) as u64,
            ),
            _ => MAX_IDLE,
        }
    }

    async fn deliver_and_record(self: Arc<Self>, m: OutboxMessage) {
        let result = match transport::build(&m, &self.config.from) {
            Ok(message) => {
                let delivery = self.config.transport.deliver(&m, message);
                match tokio::time::timeout(self.config.delivery_timeout(), delivery).await {
                    Ok(r) => r,
                    Err(_) => Err(DeliveryError::transient("delivery timed out")),
                }
            }
            Err(e) => Err(DeliveryError {
                permanent: true,
                message: e,
            }),
        };
        // The server has answered: record it now. A failure to record a *sent* message is
        // the duplicate window, so the write is retried for as long as the lease allows.
        let deadline = tokio::time::Instant::now() + self.config.delivery_timeout();
        loop {
            match self.record(&m, &result).await {
                Ok(()) => return,
                Err(e) if tokio::time::Instant::now() < deadline => {
                    tracing::warn!(id = %m.id, error = %e, "outbox: cannot record the outcome; retrying");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    tracing::error!(id = %m.id, error = %e, "outbox: outcome not recorded; the email will be attempted again after its lease");
                    return;
                }
            }
        }
    }

    async fn record(
        &self,
        m: &OutboxMessage,
        result: &Result<(), DeliveryError>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now_ms();
        let kept_claim = match result {
            Ok(()) => {
                let kept = self.queue.mark_sent(&m.id, m.attempts, now).await?;
                tracing::debug!(id = %m.id, kind = %m.kind, "email delivered");
                kept
            }
            Err(e) => {
                let jitter = rand::thread_rng().gen_range(-0.2..0.2);
                let next =
                    self.config
                        .retry_policy()
                        .after_failure(m.attempts, e.permanent, now, jitter);
                let retry_at = match next {
                    AfterFailure::RetryAt(at) => Some(at),
                    AfterFailure::Dead => None,
                };
                let kept = self
                    .queue
                    .mark_failed(&m.id, m.attempts, &e.message, retry_at)
                    .await?;
                if next == AfterFailure::Dead {
                    tracing::error!(id = %m.id, attempts = m.attempts, error = %e.message, "email dead after its last attempt");
                } else {
                    tracing::warn!(id = %m.id, attempts = m.attempts, error = %e.message, "email delivery failed; will retry");
                }
                kept
            }
        };
        if !kept_claim {
            tracing::warn!(id = %m.id, "outbox: the lease ran out before the outcome was recorded; another attempt owns the message now");
        }
        Ok(())
    }
}

fn reap(done: Option<Result<(), tokio::task::JoinError>>) {
    if let Some(Err(e)) = done {
        tracing::error!(error = %e, "outbox: a delivery task failed");
    }
}
