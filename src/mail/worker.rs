//! Drains the outbox: the shared leased-queue worker (`crate::worker`) delivering emails
//! through the configured transport. The delivery guarantee and its one at-least-once
//! window are described in `mail`.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use super::transport::{self, Transport};
use crate::service::Clock;
use crate::store::outbox::{OutboxMessage, Queue};
use crate::store::StoreError;
use crate::worker::{Deliver, Failure, Schedule, Worker, WorkerHandle};

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
    /// The domain of Message-IDs: the host of `--public-url`.
    pub message_id_domain: String,
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
            message_id_domain: "localhost".to_string(),
        }
    }

    fn schedule(&self) -> Schedule {
        Schedule {
            max_attempts: self.max_attempts,
            backoff_base_ms: self.backoff_base_ms,
            backoff_max_ms: self.backoff_max_ms,
            lease_ms: self.lease_ms,
            concurrency: self.concurrency,
            keep_done_ms: self.keep_sent_ms,
            max_idle: MAX_IDLE,
        }
    }
}

/// Never sleep longer than this between looks at the outbox: another instance may have
/// queued mail without being able to wake us.
const MAX_IDLE: Duration = Duration::from_millis(1000);

/// The outbox worker; `spawn` starts it.
pub type MailWorker = Worker<Mailer>;
pub type MailWorkerHandle = WorkerHandle;

/// Emails from the outbox, through the configured transport.
pub struct Mailer {
    queue: Queue,
    config: MailConfig,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
}

impl Worker<Mailer> {
    /// `queue`: the service's `outbox_queue()` (or a `Store`, which tests hold).
    pub fn new(
        queue: impl Into<Queue>,
        config: MailConfig,
        clock: Arc<dyn Clock>,
        wake: Arc<Notify>,
    ) -> MailWorker {
        let schedule = config.schedule();
        Worker::with(
            Mailer {
                queue: queue.into(),
                config,
                clock,
                wake,
            },
            schedule,
        )
    }
}

impl Deliver for Mailer {
    type Row = OutboxMessage;
    type Item = OutboxMessage;
    const NAME: &'static str = "outbox";

    fn queue(&self) -> &Queue {
        &self.queue
    }

    fn row(item: &OutboxMessage) -> &OutboxMessage {
        item
    }

    fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    fn wake(&self) -> &Notify {
        &self.wake
    }

    async fn claim(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        self.queue.claim_messages(now, lease_ms, limit).await
    }

    async fn deliver(&self, m: &OutboxMessage) -> Result<(), Failure> {
        let message = transport::build(m, &self.config.from, &self.config.message_id_domain)
            .map_err(Failure::permanent)?;
        self.config
            .transport
            .deliver(m, message)
            .await
            .map_err(|e| Failure {
                permanent: e.permanent,
                message: e.message,
            })
    }

    fn delivered(&self, m: &OutboxMessage) {
        tracing::debug!(id = %m.id, kind = %m.kind, "email delivered");
    }
}
