//! Drains a leased queue (`store::queue`): the mail outbox and the security events' push
//! queue run this one loop. It claims due rows with a lease (so that several instances on
//! one PostgreSQL deliver each row once), keeps up to `concurrency` deliveries in flight,
//! records each outcome as soon as it is known (fenced by the claim), retries with
//! exponential backoff and jitter, and after `max_attempts` leaves a row dead for an
//! operator to retry. What a delivery is (an email, a pushed SET) is a `Deliver`.

pub mod retry;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::store::queue::{Queue, QueueRow};
use crate::store::{HeavyWrites, StoreError};
use retry::{AfterFailure, RetryPolicy};

/// How a worker paces itself.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub max_attempts: u32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    /// How long a claimed row stays invisible to other workers. After a crash, the rows
    /// that were in flight wait this long before another instance (PostgreSQL) takes
    /// them; a restarted SQLite instance takes them at once.
    pub lease_ms: i64,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Delivered rows are deleted this long after delivery.
    pub keep_done_ms: i64,
    /// Never sleep longer than this between looks at the queue: another instance (or the
    /// CLI) may have queued rows without being able to wake this one.
    pub max_idle: Duration,
}

impl Schedule {
    /// A delivery is abandoned (and retried) after half the lease, so that its outcome is
    /// recorded while the lease still holds and no other worker can have claimed it.
    pub fn delivery_timeout(&self) -> Duration {
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

/// A failed delivery; a permanent one is not retried.
#[derive(Debug)]
pub struct Failure {
    pub permanent: bool,
    pub message: String,
}

impl Failure {
    pub fn transient(message: impl Into<String>) -> Failure {
        Failure {
            permanent: false,
            message: message.into(),
        }
    }

    pub fn permanent(message: impl Into<String>) -> Failure {
        Failure {
            permanent: true,
            message: message.into(),
        }
    }
}

/// One kind of delivery: where its rows are queued and how one is delivered.
pub trait Deliver: Send + Sync + Sized + 'static {
    type Row: QueueRow + Send + Sync + 'static;
    /// What a claim hands over: the row, with what its delivery needs.
    type Item: Send + Sync + 'static;
    /// Names the worker in the log ("outbox", "signal push").
    const NAME: &'static str;

    fn queue(&self) -> &Queue<Self::Row>;
    fn row(item: &Self::Item) -> &Self::Row;
    fn now_ms(&self) -> i64;
    /// Notified when a change committed rows.
    fn wake(&self) -> &Notify;
    fn claim(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Self::Item>, StoreError>> + Send;
    fn deliver(&self, item: &Self::Item) -> impl Future<Output = Result<(), Failure>> + Send;
    /// Logs a success (at debug level: there is one per row).
    fn delivered(&self, item: &Self::Item);
}

/// How long a stopping server waits for the deliveries under way (a deploy's SIGTERM
/// usually leaves 30 s before the SIGKILL).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How long free slots wait for more to free up before they are claimed alone.
const PATIENCE: Duration = Duration::from_millis(20);
/// How often the worker deletes old delivered rows.
const CLEANUP_EVERY: Duration = Duration::from_secs(600);
/// The least time between two claims while this process writes in bulk (`HeavyWrites`):
/// an email of another change waits at most this much more to be claimed.
const YIELDING_CLAIMS: Duration = Duration::from_millis(250);

/// A running worker; `shutdown` stops it cleanly.
pub struct WorkerHandle {
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
    name: &'static str,
}

impl WorkerHandle {
    /// Stops claiming, waits (a bounded time) for the deliveries under way to be recorded.
    pub async fn shutdown(self) {
        self.stop.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, worker = self.name, "worker failed");
        }
    }
}

pub struct Worker<D: Deliver> {
    delivery: D,
    schedule: Schedule,
    /// The bulk writes this worker makes way for, if any.
    yields_to: Option<Arc<HeavyWrites>>,
}

impl<D: Deliver> Worker<D> {
    pub fn with(delivery: D, schedule: Schedule) -> Worker<D> {
        Worker {
            delivery,
            schedule,
            yields_to: None,
        }
    }

    /// Claims seldom while `heavy` says bulk writes are under way (see `HeavyWrites`).
    pub fn yielding_to(mut self, heavy: Arc<HeavyWrites>) -> Worker<D> {
        self.yields_to = Some(heavy);
        self
    }

    fn yielding(&self) -> bool {
        self.yields_to.as_ref().is_some_and(|h| h.running())
    }

    pub fn spawn(self) -> WorkerHandle {
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(Arc::new(self).run(stop.clone()));
        WorkerHandle {
            stop,
            task,
            name: D::NAME,
        }
    }

    async fn run(self: Arc<Self>, stop: Arc<Notify>) {
        let name = D::NAME;
        self.release_stale_leases().await;
        let slots = self.schedule.concurrency.max(1);
        // Claims wait for half the slots: a claim per finished delivery was a transaction
        // per row, and a bulk change's hundred thousand emails were as many again.
        let claim_at = slots.div_ceil(2);
        let mut in_flight: JoinSet<Outcome<D::Item>> = JoinSet::new();
        let stopping = stop.notified();
        tokio::pin!(stopping);
        let mut next_cleanup = tokio::time::Instant::now();
        // Set when slots stayed free a while for want of finished deliveries (slow
        // receivers): then what is free is claimed anyway.
        let mut waited = false;
        let mut last_claim: Option<tokio::time::Instant> = None;
        loop {
            if tokio::time::Instant::now() >= next_cleanup {
                self.delete_old_done().await;
                next_cleanup = tokio::time::Instant::now() + CLEANUP_EVERY;
            }
            // Registered before looking, so a commit made while we look is not missed.
            let woken = self.delivery.wake().notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let free = slots - in_flight.len();
            let mut claimed = 0;
            let claims = free > 0 && (free >= claim_at || in_flight.is_empty() || waited);
            // Bulk writes under way: the next claim waits its turn (or their end, seen at
            // the next look); deliveries under way are still recorded.
            let turn = last_claim
                .map(|at| at + YIELDING_CLAIMS)
                .filter(|at| claims && *at > tokio::time::Instant::now() && self.yielding());
            if let Some(turn) = turn {
                tokio::select! {
                    _ = tokio::time::sleep_until(turn) => {}
                    done = in_flight.join_next(), if !in_flight.is_empty() => {
                        self.reap(done, &mut in_flight).await
                    }
                    _ = &mut stopping => break,
                }
                continue;
            }
            if claims {
                waited = false;
                last_claim = Some(tokio::time::Instant::now());
                let now = self.delivery.now_ms();
                match self
                    .delivery
                    .claim(now, self.schedule.lease_ms, free as u32)
                    .await
                {
                    Ok(batch) => {
                        claimed = batch.len();
                        for item in batch {
                            in_flight.spawn(self.clone().deliver(item));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "{name}: cannot claim"),
                }
            }
            // A claim that got fewer rows than it asked for found the queue empty: wait
            // for a commit then (below), not for slots (a claim every `PATIENCE` while
            // slow deliveries hold the slots would find it empty again and again).
            let found_empty = claims && claimed < free;
            let now_free = slots - in_flight.len();
            if now_free < claim_at && !found_empty {
                // Too few slots free for a claim (all of them, when the queue may hold
                // more): the next claim waits for deliveries to finish, or a moment when
                // some slots are free.
                tokio::select! {
                    done = in_flight.join_next() => self.reap(done, &mut in_flight).await,
                    _ = tokio::time::sleep(PATIENCE), if now_free > 0 => waited = true,
                    _ = &mut stopping => break,
                }
                continue;
            }
            // Nothing more is due now: wait for a commit or the next due time. Deliveries
            // that finish meanwhile are recorded without another look at the queue: it
            // was found empty, and a claim that finds nothing is still a transaction
            // (while a bulk change queued its emails a chunk at a time, the worker
            // looked after every delivery: thousands of empty claims).
            let idle = tokio::time::sleep(self.until_next_due().await);
            tokio::pin!(idle);
            let stop = loop {
                tokio::select! {
                    _ = &mut woken => break false,
                    _ = &mut idle => break false,
                    done = in_flight.join_next(), if !in_flight.is_empty() => {
                        self.reap(done, &mut in_flight).await
                    }
                    _ = &mut stopping => break true,
                }
            };
            if stop {
                break;
            }
        }
        // Stopping: claim nothing more and let the deliveries under way finish and be
        // recorded, so that a restart or a deploy does not open the duplicate window.
        let pending = in_flight.len();
        let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while let Some(done) = in_flight.join_next().await {
                self.reap(Some(done), &mut in_flight).await;
            }
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                left = in_flight.len(),
                "{name}: stopped before every delivery finished; they are retried after their lease"
            );
        } else if pending > 0 {
            tracing::info!(
                count = pending,
                "{name}: deliveries under way finished before stopping"
            );
        }
    }

    /// Records `first` and every other delivery already finished, together.
    async fn reap(
        &self,
        first: Option<Result<Outcome<D::Item>, tokio::task::JoinError>>,
        in_flight: &mut JoinSet<Outcome<D::Item>>,
    ) {
        let mut finished = Vec::new();
        let mut next = first;
        while let Some(done) = next {
            match done {
                Ok(outcome) => finished.push(outcome),
                Err(e) => tracing::error!(error = %e, "{}: a delivery task failed", D::NAME),
            }
            next = in_flight.try_join_next();
        }
        if !finished.is_empty() {
            self.record_all(finished).await;
        }
    }

    /// Where one process owns the store (SQLite), leases found at start belong to a
    /// process that died: its in-flight rows are delivered again now rather than after
    /// the lease (the store knows when that holds).
    async fn release_stale_leases(&self) {
        let name = D::NAME;
        match self.delivery.queue().release_stale_leases().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "{name}: rows in flight when the previous process stopped are delivered again \
                 (the receiver may have accepted some already: same Message-ID or jti)"
            ),
            Err(e) => tracing::warn!(error = %e, "{name}: cannot release stale leases"),
        }
    }

    async fn delete_old_done(&self) {
        let name = D::NAME;
        let before = self.delivery.now_ms() - self.schedule.keep_done_ms;
        match self.delivery.queue().delete_done_before(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "{name}: old delivered rows deleted"),
            Err(e) => tracing::warn!(error = %e, "{name}: cannot delete old delivered rows"),
        }
    }

    async fn until_next_due(&self) -> Duration {
        let max = self.schedule.max_idle;
        match self.delivery.queue().next_due().await {
            Ok(Some(at)) => Duration::from_millis(
                (at - self.delivery.now_ms()).clamp(5, max.as_millis() as i64) as u64,
            ),
            _ => max,
        }
    }

    async fn deliver(self: Arc<Self>, item: D::Item) -> Outcome<D::Item> {
        let result = match tokio::time::timeout(
            self.schedule.delivery_timeout(),
            self.delivery.deliver(&item),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => Err(Failure::transient("delivery timed out")),
        };
        Outcome {
            item,
            result,
            answered: tokio::time::Instant::now(),
        }
    }

    /// The receivers have answered: record it now. A failure to record a success is the
    /// duplicate window, so the write is retried for as long as the leases allow.
    async fn record_all(&self, finished: Vec<Outcome<D::Item>>) {
        let deadline = finished
            .iter()
            .map(|o| o.answered)
            .min()
            .expect("at least one")
            + self.schedule.delivery_timeout();
        let (delivered, failed): (Vec<_>, Vec<_>) =
            finished.into_iter().partition(|o| o.result.is_ok());
        let what = format!("{} deliveries", delivered.len());
        retry_until(D::NAME, &what, deadline, || {
            self.record_delivered(&delivered)
        })
        .await;
        for o in &failed {
            let Err(failure) = &o.result else { continue };
            let what = format!("the failure of {}", D::row(&o.item).id());
            retry_until(D::NAME, &what, deadline, || {
                self.record_failure(&o.item, failure)
            })
            .await;
        }
    }

    async fn record_delivered(&self, delivered: &[Outcome<D::Item>]) -> Result<(), StoreError> {
        if delivered.is_empty() {
            return Ok(());
        }
        let rows: Vec<(&str, i64)> = delivered
            .iter()
            .map(|o| {
                let row = D::row(&o.item);
                (row.id(), row.claim())
            })
            .collect();
        let kept: std::collections::HashSet<String> = self
            .delivery
            .queue()
            .mark_done(&rows, self.delivery.now_ms())
            .await?
            .into_iter()
            .collect();
        for o in delivered {
            let id = D::row(&o.item).id();
            self.delivery.delivered(&o.item);
            if !kept.contains(id) {
                tracing::warn!(id = %id, "{}: the lease ran out before the outcome was recorded; another attempt owns the row now", D::NAME);
            }
        }
        Ok(())
    }

    async fn record_failure(&self, item: &D::Item, e: &Failure) -> Result<(), StoreError> {
        let name = D::NAME;
        let row = D::row(item);
        let now = self.delivery.now_ms();
        let jitter = rand::thread_rng().gen_range(-0.2..0.2);
        let next =
            self.schedule
                .retry_policy()
                .after_failure(row.claim(), e.permanent, now, jitter);
        let retry_at = match next {
            AfterFailure::RetryAt(at) => Some(at),
            AfterFailure::Dead => None,
        };
        let kept = self
            .delivery
            .queue()
            .mark_failed(row.id(), row.claim(), &e.message, retry_at)
            .await?;
        if retry_at.is_none() {
            tracing::error!(id = %row.id(), attempts = row.claim(), error = %e.message, "{name}: dead after its last attempt");
        } else {
            tracing::warn!(id = %row.id(), attempts = row.claim(), error = %e.message, "{name}: delivery failed; will retry");
        }
        if !kept {
            tracing::warn!(id = %row.id(), "{name}: the lease ran out before the outcome was recorded; another attempt owns the row now");
        }
        Ok(())
    }
}

/// Runs `record` until it succeeds, every 200 ms until `deadline` (while the leases hold
/// and no other worker can have claimed the rows); past it the rows are delivered again
/// after their lease.
async fn retry_until<F, Fut>(name: &str, what: &str, deadline: tokio::time::Instant, mut record: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), StoreError>>,
{
    loop {
        match record().await {
            Ok(()) => return,
            Err(e) if tokio::time::Instant::now() < deadline => {
                tracing::warn!(error = %e, "{name}: cannot record {what}; retrying");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "{name}: {what} not recorded; delivered again after the lease");
                return;
            }
        }
    }
}

/// A finished delivery, waiting to be recorded.
struct Outcome<I> {
    item: I,
    result: Result<(), Failure>,
    /// When the receiver answered: the record's retries end half a lease after.
    answered: tokio::time::Instant,
}
