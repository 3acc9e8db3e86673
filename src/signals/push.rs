//! Push delivery (RFC 8935): claims due events of enabled push streams with a lease (so
//! that several instances on one PostgreSQL deliver each event once), POSTs each as an
//! `application/secevent+jwt` to the stream's endpoint, records the outcome at once, and
//! retries with exponential backoff while the receiver is down. An event the receiver
//! refuses (400, RFC 8935 §2.3) or that fails `max_attempts` times is left dead for
//! `roster events status` to show and `roster events retry` to requeue.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use super::egress;
use crate::mail::retry::{AfterFailure, RetryPolicy};
use crate::service::Service;
use crate::store::signal_events::{EventRow, Queue};
use crate::store::signals::StreamRecord;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct PushConfig {
    pub max_attempts: u32,
    pub backoff_base_ms: i64,
    pub backoff_max_ms: i64,
    /// How long a claimed event stays invisible to other workers.
    pub lease_ms: i64,
    /// Deliveries in flight at once.
    pub concurrency: usize,
    /// Delivered events are deleted this long after delivery.
    pub keep_delivered_ms: i64,
}

impl Default for PushConfig {
    fn default() -> PushConfig {
        PushConfig {
            // A product must hear of a suspension soon after its receiver is back: the
            // backoff stops growing at a few seconds, and an outage is survived for
            // about six hours of attempts before an event is left dead.
            max_attempts: 4320,
            backoff_base_ms: 500,
            backoff_max_ms: 5_000,
            lease_ms: 30_000,
            concurrency: 32,
            keep_delivered_ms: 7 * 24 * 3600 * 1000,
        }
    }
}

impl PushConfig {
    /// A push is abandoned (and retried) after half the lease, so that its outcome is
    /// recorded while the lease still holds.
    fn request_timeout(&self) -> Duration {
        Duration::from_millis((self.lease_ms / 2).max(100) as u64)
    }
}

/// Never sleep longer than this between looks at the queue: another instance (or the
/// CLI) may have queued events without being able to wake this one.
const MAX_IDLE: Duration = Duration::from_millis(500);
const CLEANUP_EVERY: Duration = Duration::from_secs(600);
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A running worker; `shutdown` stops it cleanly.
pub struct PushWorkerHandle {
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl PushWorkerHandle {
    pub async fn shutdown(self) {
        self.stop.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "signal push worker failed");
        }
    }
}

pub struct PushWorker {
    /// Signs the SETs (with the current key, as the issuer).
    service: Service,
    queue: Queue,
    config: PushConfig,
    client: reqwest::Client,
}

/// The outcome of one push.
#[derive(Debug)]
struct PushError {
    permanent: bool,
    message: String,
}

impl PushWorker {
    pub fn new(service: Service, config: PushConfig) -> Result<PushWorker, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(config.request_timeout())
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(egress::ReceiverResolver::new())
            .user_agent(concat!(
                "roster/",
                env!("CARGO_PKG_VERSION"),
                " (SSF transmitter)"
            ))
            .build()?;
        Ok(PushWorker {
            queue: service.signal_queue(),
            service,
            config,
            client,
        })
    }

    pub fn spawn(self) -> PushWorkerHandle {
        let stop = Arc::new(Notify::new());
        let task = tokio::spawn(Arc::new(self).run(stop.clone()));
        PushWorkerHandle { stop, task }
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
                self.delete_old_delivered().await;
                next_cleanup = tokio::time::Instant::now() + CLEANUP_EVERY;
            }
            // Registered before looking, so a commit made while we look is not missed.
            let woken = self.service.signals_wake().notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            let free = slots - in_flight.len();
            let mut claimed = 0;
            if free > 0 {
                match self.claim(free).await {
                    Ok(batch) => {
                        claimed = batch.len();
                        for (row, stream) in batch {
                            in_flight.spawn(self.clone().push_and_record(row, stream));
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "signal push: cannot claim events"),
                }
            }
            if in_flight.len() == slots {
                tokio::select! {
                    done = in_flight.join_next() => reap(done),
                    _ = &mut stopping => break,
                }
                continue;
            }
            if claimed > 0 && claimed == free {
                continue;
            }
            let idle = self.until_next_due().await;
            tokio::select! {
                _ = &mut woken => {}
                _ = tokio::time::sleep(idle) => {}
                done = in_flight.join_next(), if !in_flight.is_empty() => reap(done),
                _ = &mut stopping => break,
            }
        }
        let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while let Some(done) = in_flight.join_next().await {
                reap(Some(done));
            }
        })
        .await;
        if drained.is_err() {
            tracing::warn!(
                left = in_flight.len(),
                "signal push: stopped before every push finished; they are retried after their lease"
            );
        }
    }

    async fn release_stale_leases(&self) {
        match self.queue.release_stale_leases().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "signal push: events in flight when the previous process stopped are pushed again (same jti)"
            ),
            Err(e) => tracing::warn!(error = %e, "signal push: cannot release stale leases"),
        }
    }

    async fn delete_old_delivered(&self) {
        let before = self.service.now_ms() - self.config.keep_delivered_ms;
        match self.queue.delete_delivered_before(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "signal push: old delivered events deleted"),
            Err(e) => tracing::warn!(error = %e, "signal push: cannot delete old events"),
        }
    }

    async fn claim(&self, limit: usize) -> Result<Vec<(EventRow, StreamRecord)>, StoreError> {
        self.queue
            .claim_due(self.service.now_ms(), self.config.lease_ms, limit as u32)
            .await
    }

    async fn until_next_due(&self) -> Duration {
        match self.queue.next_due().await {
            Ok(Some(at)) => Duration::from_millis(
                (at - self.service.now_ms()).clamp(5, MAX_IDLE.as_millis() as i64) as u64,
            ),
            _ => MAX_IDLE,
        }
    }

    async fn push(&self, row: &EventRow, stream: &StreamRecord) -> Result<(), PushError> {
        let Some(url) = stream.endpoint_url.as_deref() else {
            return Err(PushError {
                permanent: true,
                message: "the stream has no endpoint_url".into(),
            });
        };
        // Checked again at each push: a stream stored before the rule still obeys it.
        if reqwest::Url::parse(url)
            .ok()
            .and_then(|u| egress::literal(&u))
            .is_some_and(egress::forbidden)
        {
            return Err(PushError {
                permanent: true,
                message: format!("{} is an address Roster does not push to", redact(url)),
            });
        }
        let set = self
            .service
            .sign_event(row, stream)
            .await
            .map_err(|e| PushError {
                permanent: false,
                message: format!("cannot sign: {e}"),
            })?;
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/secevent+jwt")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(set);
        if let Some(auth) = &stream.authorization_header {
            request = request.header(reqwest::header::AUTHORIZATION, auth);
        }
        let response = request.send().await.map_err(|e| PushError {
            permanent: false,
            message: format!("cannot reach {}: {}", redact(url), without_url(&e)),
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // RFC 8935 §2.3: a 400 carries {"err", "description"}: the receiver refuses this
        // SET, and sending it again would not change its mind.
        let body = response.text().await.unwrap_or_default();
        let detail: String = body.chars().take(200).collect();
        Err(PushError {
            permanent: status == reqwest::StatusCode::BAD_REQUEST,
            message: format!("{} answered {status}: {detail}", redact(url)),
        })
    }

    async fn push_and_record(self: Arc<Self>, row: EventRow, stream: StreamRecord) {
        let result = self.push(&row, &stream).await;
        let deadline = tokio::time::Instant::now() + self.config.request_timeout();
        loop {
            match self.record(&row, &result).await {
                Ok(()) => return,
                Err(e) if tokio::time::Instant::now() < deadline => {
                    tracing::warn!(id = %row.id, error = %e, "signal push: cannot record the outcome; retrying");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => {
                    tracing::error!(id = %row.id, error = %e, "signal push: outcome not recorded; the event is pushed again after its lease");
                    return;
                }
            }
        }
    }

    async fn record(
        &self,
        row: &EventRow,
        result: &Result<(), PushError>,
    ) -> Result<(), StoreError> {
        let now = self.service.now_ms();
        let kept = match result {
            Ok(()) => {
                tracing::debug!(id = %row.id, event = %row.event_type, stream = %row.stream_id, "SET pushed");
                self.queue
                    .mark_delivered(&row.id, row.attempts, now)
                    .await?
            }
            Err(e) => {
                let policy = RetryPolicy {
                    max_attempts: self.config.max_attempts,
                    base_ms: self.config.backoff_base_ms,
                    max_ms: self.config.backoff_max_ms,
                };
                let jitter = rand::thread_rng().gen_range(-0.2..0.2);
                let next = policy.after_failure(row.attempts, e.permanent, now, jitter);
                let retry_at = match next {
                    AfterFailure::RetryAt(at) => Some(at),
                    AfterFailure::Dead => None,
                };
                if retry_at.is_none() {
                    tracing::error!(id = %row.id, stream = %row.stream_id, attempts = row.attempts, error = %e.message, "SET dead after its last attempt");
                } else {
                    tracing::warn!(id = %row.id, stream = %row.stream_id, attempts = row.attempts, error = %e.message, "SET push failed; will retry");
                }
                self.queue
                    .mark_failed(&row.id, row.attempts, &e.message, retry_at)
                    .await?
            }
        };
        if !kept {
            tracing::warn!(id = %row.id, "signal push: the lease ran out before the outcome was recorded");
        }
        Ok(())
    }
}

/// A URL for the log and the queue: without credentials or query (they may hold secrets).
fn redact(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.to_string()
        }
        Err(_) => "the endpoint".into(),
    }
}

/// A transport error without the URL reqwest repeats in it.
fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(&format!(" ({url})"), "");
        text = text.replace(url.as_str(), "the endpoint");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn reap(done: Option<Result<(), tokio::task::JoinError>>) {
    if let Some(Err(e)) = done {
        tracing::error!(error = %e, "signal push: a delivery task failed");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn endpoints_are_logged_without_secrets() {
        assert_eq!(
            super::redact("https://user:pw@rx.example/events?key=s3cret"),
            "https://rx.example/events"
        );
        assert_eq!(super::redact("::"), "the endpoint");
    }
}
