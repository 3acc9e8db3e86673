//! Push delivery (RFC 8935): claims due events of enabled push streams with a lease (so
//! that several instances on one PostgreSQL deliver each event once), POSTs each as an
//! `application/secevent+jwt` to the stream's endpoint, records the outcome at once, and
//! retries with exponential backoff while the receiver is down. An event the receiver
//! refuses (400, RFC 8935 §2.3) or that fails `max_attempts` times is left dead for
//! `roster events status` to show and `roster events retry` to requeue.

use std::time::Duration;

use tokio::sync::Notify;

use super::egress;
use crate::service::Service;
use crate::store::signal_events::{EventRow, Queue};
use crate::store::signals::StreamRecord;
use crate::store::StoreError;
use crate::worker::{Deliver, Failure, Schedule, Worker, WorkerHandle};

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
    fn schedule(&self) -> Schedule {
        Schedule {
            max_attempts: self.max_attempts,
            backoff_base_ms: self.backoff_base_ms,
            backoff_max_ms: self.backoff_max_ms,
            lease_ms: self.lease_ms,
            concurrency: self.concurrency,
            keep_done_ms: self.keep_delivered_ms,
            max_idle: MAX_IDLE,
        }
    }

    /// A push is abandoned (and retried) after half the lease, so that its outcome is
    /// recorded while the lease still holds.
    fn request_timeout(&self) -> Duration {
        self.schedule().delivery_timeout()
    }
}

/// Never sleep longer than this between looks at the queue: another instance (or the
/// CLI) may have queued events without being able to wake this one.
const MAX_IDLE: Duration = Duration::from_millis(500);

/// The push worker; `spawn` starts it.
pub type PushWorker = Worker<Pusher>;
pub type PushWorkerHandle = WorkerHandle;

/// SETs from the `ssf_events` queue, POSTed to their streams' endpoints.
pub struct Pusher {
    /// Signs the SETs (with the current key, as the issuer).
    service: Service,
    queue: Queue,
    client: reqwest::Client,
}

impl Worker<Pusher> {
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
        let pusher = Pusher {
            queue: service.signal_queue(),
            service,
            client,
        };
        Ok(Worker::with(pusher, config.schedule()))
    }
}

impl Deliver for Pusher {
    type Row = EventRow;
    type Item = (EventRow, StreamRecord);
    const NAME: &'static str = "signal push";

    fn queue(&self) -> &Queue {
        &self.queue
    }

    fn row(item: &(EventRow, StreamRecord)) -> &EventRow {
        &item.0
    }

    fn now_ms(&self) -> i64 {
        self.service.now_ms()
    }

    fn wake(&self) -> &Notify {
        self.service.signals_wake()
    }

    async fn claim(
        &self,
        now: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<(EventRow, StreamRecord)>, StoreError> {
        self.queue.claim_with_streams(now, lease_ms, limit).await
    }

    async fn deliver(&self, (row, stream): &(EventRow, StreamRecord)) -> Result<(), Failure> {
        let Some(url) = stream.endpoint_url.as_deref() else {
            return Err(Failure::permanent("the stream has no endpoint_url"));
        };
        // Checked again at each push: a stream stored before the rule still obeys it.
        if reqwest::Url::parse(url)
            .ok()
            .and_then(|u| egress::literal(&u))
            .is_some_and(egress::forbidden)
        {
            return Err(Failure::permanent(format!(
                "{} is an address Roster does not push to",
                redact(url)
            )));
        }
        let set = self
            .service
            .sign_event(row, stream)
            .await
            .map_err(|e| Failure::transient(format!("cannot sign: {e}")))?;
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/secevent+jwt")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(set);
        if let Some(auth) = &stream.authorization_header {
            request = request.header(reqwest::header::AUTHORIZATION, auth);
        }
        let response = request.send().await.map_err(|e| {
            Failure::transient(format!("cannot reach {}: {}", redact(url), without_url(&e)))
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        // RFC 8935 §2.3: a 400 carries {"err", "description"}: the receiver refuses this
        // SET, and sending it again would not change its mind.
        let body = response.text().await.unwrap_or_default();
        let detail: String = body.chars().take(200).collect();
        Err(Failure {
            permanent: status == reqwest::StatusCode::BAD_REQUEST,
            message: format!("{} answered {status}: {detail}", redact(url)),
        })
    }

    fn delivered(&self, (row, _): &(EventRow, StreamRecord)) {
        tracing::debug!(id = %row.id, event = %row.event_type, stream = %row.stream_id, "SET pushed");
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
