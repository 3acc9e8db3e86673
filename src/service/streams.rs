//! SSF stream management (SSF 1.0 §8): a receiver creates, reads, updates, replaces and
//! deletes its event streams, reads and sets their status, asks for a verification event,
//! and (poll delivery, RFC 8936) fetches and acknowledges its events.
//!
//! A receiver is an `events` (or `admin`) credential of one account. Its streams cover
//! the account, or with a product-bound credential that product's users only; it sees
//! no other receiver's streams beyond those of its account and product.

use std::time::Duration;

use super::{Service, ServiceError};
use crate::domain::DomainError;
use crate::signals::egress;
use crate::signals::set::{self, EventType, Initiator, SubjectFormat};
use crate::store::signal_events::{self, EventRow, PUSH};
use crate::store::signals::{self as store, StreamRecord};

/// The poll delivery method (RFC 8936).
pub const POLL: &str = "urn:ietf:rfc:8936";

const MAX_STREAMS: usize = 20;
const MAX_DESCRIPTION: usize = 256;
const MAX_URL: usize = 2048;
const MAX_AUTHORIZATION: usize = 4096;
/// The most events one poll answers, and the number when the receiver names none.
const MAX_POLL: u32 = 1000;
const DEFAULT_POLL: u32 = 100;
/// How long a long poll (`returnImmediately: false`) waits for an event.
const LONG_POLL: Duration = Duration::from_secs(15);
/// Between looks at the queue while a long poll waits: events committed by another
/// instance cannot wake it.
const POLL_RECHECK: Duration = Duration::from_millis(250);

/// Who manages streams: a credential of `account_id`, bound to `product` or not.
#[derive(Debug, Clone)]
pub struct Receiver {
    pub account_id: String,
    pub product: Option<String>,
    /// For the log: `token:ID`.
    pub label: String,
}

/// Its Debug form hides the push authorization (it is a receiver's secret).
#[derive(Clone, PartialEq, Eq)]
pub enum Delivery {
    /// RFC 8935: Roster POSTs each SET to `endpoint_url`.
    Push {
        endpoint_url: String,
        authorization_header: Option<String>,
    },
    /// RFC 8936: the receiver POSTs to Roster's poll endpoint.
    Poll,
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Delivery::Push {
                endpoint_url,
                authorization_header,
            } => f
                .debug_struct("Push")
                .field("endpoint_url", endpoint_url)
                .field(
                    "authorization_header",
                    &authorization_header.as_ref().map(|_| "[redacted]"),
                )
                .finish(),
            Delivery::Poll => f.write_str("Poll"),
        }
    }
}

/// The receiver-supplied part of a stream's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSpec {
    pub delivery: Delivery,
    /// URIs; `None` asks for every event Roster supports.
    pub events_requested: Option<Vec<String>>,
    pub description: Option<String>,
    /// Roster's extension: how `sub_id` names users (`email` by default).
    pub subject_format: Option<SubjectFormat>,
}

/// A PATCH: only the members present change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamPatch {
    pub delivery: Option<Delivery>,
    pub events_requested: Option<Vec<String>>,
    pub description: Option<String>,
    pub subject_format: Option<SubjectFormat>,
}

/// Stream status (SSF 1.0 §8.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStatus {
    Enabled,
    Paused,
    Disabled,
}

impl StreamStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStatus::Enabled => "enabled",
            StreamStatus::Paused => "paused",
            StreamStatus::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<StreamStatus> {
        match s {
            "enabled" => Some(StreamStatus::Enabled),
            "paused" => Some(StreamStatus::Paused),
            "disabled" => Some(StreamStatus::Disabled),
            _ => None,
        }
    }
}

/// A poll (RFC 8936 §2.4).
#[derive(Debug, Clone, Default)]
pub struct PollRequest {
    pub max_events: Option<u32>,
    pub return_immediately: bool,
    pub ack: Vec<String>,
    /// (jti, "err: description") the receiver could not process.
    pub set_errs: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct PollResponse {
    /// (jti, SET)
    pub sets: Vec<(String, String)>,
    pub more_available: bool,
}

/// The `events_supported` of every stream.
pub fn events_supported() -> Vec<String> {
    EventType::SUPPORTED.iter().map(|e| e.uri()).collect()
}

/// `events_delivered`: what was asked for among what Roster supports, in Roster's order.
fn events_delivered(requested: Option<&[String]>) -> Vec<String> {
    match requested {
        None => events_supported(),
        Some(asked) => events_supported()
            .into_iter()
            .filter(|uri| asked.contains(uri))
            .collect(),
    }
}

fn check_delivery(d: &Delivery) -> Result<(), ServiceError> {
    if let Delivery::Push {
        endpoint_url,
        authorization_header,
    } = d
    {
        if endpoint_url.len() > MAX_URL {
            return Err(ServiceError::invalid(
                "delivery.endpoint_url",
                format!("endpoint_url is longer than {MAX_URL} characters"),
            ));
        }
        let url = reqwest::Url::parse(endpoint_url).map_err(|e| {
            ServiceError::invalid(
                "delivery.endpoint_url",
                format!("endpoint_url '{endpoint_url}' is not a URL: {e}"),
            )
        })?;
        if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
            return Err(ServiceError::invalid(
                "delivery.endpoint_url",
                "endpoint_url must be an http(s) URL with a host",
            ));
        }
        if egress::literal(&url).is_some_and(egress::forbidden) {
            return Err(ServiceError::invalid(
                "delivery.endpoint_url",
                "endpoint_url names a link-local, unspecified, broadcast or multicast address; Roster does not push there",
            ));
        }
        if let Some(h) = authorization_header {
            if h.len() > MAX_AUTHORIZATION || h.chars().any(char::is_control) {
                return Err(ServiceError::invalid(
                    "delivery.authorization_header",
                    format!("authorization_header must be at most {MAX_AUTHORIZATION} characters without control characters"),
                ));
            }
        }
    }
    Ok(())
}

fn check_requested(requested: &Option<Vec<String>>) -> Result<(), ServiceError> {
    if let Some(r) = requested {
        if r.len() > 64 || r.iter().any(|u| u.len() > 512) {
            return Err(ServiceError::invalid(
                "events_requested",
                "events_requested takes at most 64 URIs of at most 512 characters",
            ));
        }
    }
    Ok(())
}

/// A description beyond the limit is cut (SSF lets the transmitter truncate it).
fn description(d: Option<String>) -> Option<String> {
    d.map(|d| {
        d.chars()
            .filter(|c| !c.is_control())
            .take(MAX_DESCRIPTION)
            .collect()
    })
}

fn write_spec(s: &mut StreamRecord, spec: StreamSpec) {
    let (method, url, auth) = match spec.delivery {
        Delivery::Push {
            endpoint_url,
            authorization_header,
        } => (PUSH.to_string(), Some(endpoint_url), authorization_header),
        Delivery::Poll => (POLL.to_string(), None, None),
    };
    s.method = method;
    s.endpoint_url = url;
    s.authorization_header = auth;
    s.events_delivered = json_list(&events_delivered(spec.events_requested.as_deref()));
    s.events_requested = json_list(&spec.events_requested.unwrap_or_default());
    s.description = description(spec.description);
    s.subject_format = spec.subject_format.unwrap_or_default().as_str().to_string();
}

fn json_list(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// The JSON arrays a stream keeps, read back.
pub fn read_list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// What a stream's configuration says of its delivery.
pub fn delivery_of(s: &StreamRecord) -> Delivery {
    match (s.method.as_str(), &s.endpoint_url) {
        (PUSH, Some(url)) => Delivery::Push {
            endpoint_url: url.clone(),
            authorization_header: s.authorization_header.clone(),
        },
        _ => Delivery::Poll,
    }
}

impl Service {
    /// The audience of a receiver's SETs: its account, and its product when bound.
    fn audience(&self, rx: &Receiver) -> String {
        match &rx.product {
            Some(p) => format!("urn:roster:account:{}:product:{p}", rx.account_id),
            None => format!("urn:roster:account:{}", rx.account_id),
        }
    }

    /// The poll endpoint of a stream (transmitter-supplied `endpoint_url`).
    pub fn poll_url(&self, stream_id: &str) -> String {
        format!("{}/ssf/poll/{stream_id}", self.issuer())
    }

    pub async fn create_stream(
        &self,
        rx: &Receiver,
        spec: StreamSpec,
    ) -> Result<StreamRecord, ServiceError> {
        check_delivery(&spec.delivery)?;
        check_requested(&spec.events_requested)?;
        let now = self.now_ms();
        let mut change = self.begin_change().await?;
        let existing = store::streams_of(
            change.db(),
            &rx.account_id,
            rx.product.as_deref(),
            None,
            true,
        )
        .await?;
        if existing.len() >= MAX_STREAMS {
            return Err(DomainError::Conflict(format!(
                "this receiver already has {MAX_STREAMS} streams; delete one first"
            ))
            .into());
        }
        let mut s = StreamRecord {
            id: uuid::Uuid::new_v4().simple().to_string(),
            account_id: rx.account_id.clone(),
            product: rx.product.clone(),
            aud: self.audience(rx),
            method: String::new(),
            endpoint_url: None,
            authorization_header: None,
            events_requested: String::new(),
            events_delivered: String::new(),
            description: None,
            subject_format: String::new(),
            status: StreamStatus::Enabled.as_str().into(),
            status_reason: None,
            created_at: now,
            updated_at: now,
        };
        write_spec(&mut s, spec);
        store::insert_stream(change.db(), &s).await?;
        self.commit(change).await?;
        tracing::info!(stream = %s.id, account = %rx.account_id, product = ?rx.product, method = %s.method, receiver = %rx.label, "SSF stream created");
        Ok(s)
    }

    /// The receiver's streams, or the one named (404 when it is not the receiver's).
    pub async fn streams(
        &self,
        rx: &Receiver,
        stream_id: Option<&str>,
    ) -> Result<Vec<StreamRecord>, ServiceError> {
        let mut read = self.read_conn().await?;
        let found = store::streams_of(
            read.conn(),
            &rx.account_id,
            rx.product.as_deref(),
            stream_id,
            false,
        )
        .await?;
        if stream_id.is_some() && found.is_empty() {
            return Err(ServiceError::NotFound("stream"));
        }
        Ok(found)
    }

    pub async fn stream(&self, rx: &Receiver, id: &str) -> Result<StreamRecord, ServiceError> {
        self.streams(rx, Some(id))
            .await?
            .pop()
            .ok_or(ServiceError::NotFound("stream"))
    }

    /// Applies `change` to one of the receiver's streams in a transaction.
    async fn edit_stream(
        &self,
        rx: &Receiver,
        id: &str,
        edit: impl FnOnce(&mut StreamRecord) -> Result<(), ServiceError>,
    ) -> Result<(StreamRecord, StreamRecord), ServiceError> {
        let mut change = self.begin_change().await?;
        let before = store::streams_of(
            change.db(),
            &rx.account_id,
            rx.product.as_deref(),
            Some(id),
            true,
        )
        .await?
        .pop()
        .ok_or(ServiceError::NotFound("stream"))?;
        let mut after = before.clone();
        edit(&mut after)?;
        after.updated_at = self.now_ms();
        store::update_stream(change.db(), &after).await?;
        if after.status == StreamStatus::Disabled.as_str() && before.status != after.status {
            signal_events::drop_queued(change.db(), id).await?;
        }
        self.commit(change).await?;
        // Held events go out once the stream is enabled again, or pushed somewhere new.
        self.signals_committed(1);
        Ok((before, after))
    }

    /// PATCH: the members given change, the others stay.
    pub async fn update_stream(
        &self,
        rx: &Receiver,
        id: &str,
        patch: StreamPatch,
    ) -> Result<StreamRecord, ServiceError> {
        if let Some(d) = &patch.delivery {
            check_delivery(d)?;
        }
        check_requested(&patch.events_requested)?;
        let (_, after) = self
            .edit_stream(rx, id, |s| {
                let current = StreamSpec {
                    delivery: delivery_of(s),
                    events_requested: Some(read_list(&s.events_requested))
                        .filter(|r| !r.is_empty()),
                    description: s.description.clone(),
                    subject_format: SubjectFormat::parse(&s.subject_format),
                };
                let spec = StreamSpec {
                    delivery: patch.delivery.unwrap_or(current.delivery),
                    events_requested: patch.events_requested.or(current.events_requested),
                    description: patch.description.or(current.description),
                    subject_format: patch.subject_format.or(current.subject_format),
                };
                write_spec(s, spec);
                Ok(())
            })
            .await?;
        Ok(after)
    }

    /// PUT: the receiver-supplied members are replaced; those missing are cleared.
    pub async fn replace_stream(
        &self,
        rx: &Receiver,
        id: &str,
        spec: StreamSpec,
    ) -> Result<StreamRecord, ServiceError> {
        check_delivery(&spec.delivery)?;
        check_requested(&spec.events_requested)?;
        let (_, after) = self
            .edit_stream(rx, id, |s| {
                write_spec(s, spec);
                Ok(())
            })
            .await?;
        Ok(after)
    }

    pub async fn delete_stream(&self, rx: &Receiver, id: &str) -> Result<(), ServiceError> {
        // The account check is in the delete; a product-bound receiver must own it too.
        self.stream(rx, id).await?;
        let mut change = self.begin_change().await?;
        let deleted = store::delete_stream(change.db(), &rx.account_id, id).await?;
        self.commit(change).await?;
        if !deleted {
            return Err(ServiceError::NotFound("stream"));
        }
        tracing::info!(stream = %id, receiver = %rx.label, "SSF stream deleted");
        Ok(())
    }

    pub async fn set_stream_status(
        &self,
        rx: &Receiver,
        id: &str,
        status: StreamStatus,
        reason: Option<String>,
    ) -> Result<StreamRecord, ServiceError> {
        let (_, after) = self
            .edit_stream(rx, id, |s| {
                s.status = status.as_str().to_string();
                s.status_reason = description(reason);
                Ok(())
            })
            .await?;
        tracing::info!(stream = %id, status = status.as_str(), receiver = %rx.label, "SSF stream status set");
        Ok(after)
    }

    /// Queues a verification event carrying `state` on the stream (SSF 1.0 §8.1.4).
    pub async fn request_verification(
        &self,
        rx: &Receiver,
        id: &str,
        state: Option<String>,
    ) -> Result<(), ServiceError> {
        if state.as_ref().is_some_and(|s| s.len() > 1024) {
            return Err(ServiceError::invalid(
                "state",
                "state is longer than 1024 characters",
            ));
        }
        let stream = self.stream(rx, id).await?;
        if stream.status == StreamStatus::Disabled.as_str() {
            return Err(DomainError::Conflict(
                "the stream is disabled: enable it before asking for a verification".into(),
            )
            .into());
        }
        let now = self.now_ms();
        let body = set::event_body(
            EventType::Verification,
            now / 1000,
            Initiator::System,
            "",
            state.as_deref(),
        );
        let row = EventRow {
            id: uuid::Uuid::new_v4().simple().to_string(),
            stream_id: stream.id.clone(),
            account_id: stream.account_id.clone(),
            user_id: None,
            email: None,
            event_type: EventType::Verification.name().to_string(),
            event_body: body.to_string(),
            txn: uuid::Uuid::new_v4().to_string(),
            attempts: 0,
            created_at: now,
        };
        let mut change = self.begin_change().await?;
        signal_events::insert(change.db(), &row).await?;
        self.commit(change).await?;
        self.signals_committed(1);
        Ok(())
    }

    /// RFC 8936: records the acknowledgements and errors, then answers the oldest events
    /// not yet acknowledged, waiting for some (long poll) unless told to return at once.
    pub async fn poll_stream(
        &self,
        rx: &Receiver,
        id: &str,
        req: PollRequest,
    ) -> Result<PollResponse, ServiceError> {
        let stream = self.stream(rx, id).await?;
        if stream.method != POLL {
            return Err(ServiceError::invalid(
                "stream_id",
                "this stream delivers by push; it cannot be polled",
            ));
        }
        if req.ack.len() > MAX_POLL as usize || req.set_errs.len() > MAX_POLL as usize {
            return Err(ServiceError::invalid(
                "ack",
                format!("at most {MAX_POLL} acknowledgements or errors per poll"),
            ));
        }
        if !req.ack.is_empty() || !req.set_errs.is_empty() {
            let mut change = self.begin_change().await?;
            signal_events::acknowledge(change.db(), id, &req.ack, self.now_ms()).await?;
            for (jti, err) in &req.set_errs {
                signal_events::refused_by_receiver(change.db(), id, jti, err).await?;
            }
            self.commit(change).await?;
        }
        let max = req.max_events.unwrap_or(DEFAULT_POLL).min(MAX_POLL);
        if max == 0 {
            return Ok(PollResponse::default());
        }
        let deadline = tokio::time::Instant::now() + LONG_POLL;
        let rows = loop {
            let arrivals = self.signals.arrivals.notified();
            let rows = if stream.status == StreamStatus::Enabled.as_str() {
                let mut read = self.read_conn().await?;
                signal_events::pending(read.conn(), id, max + 1).await?
            } else {
                Vec::new()
            };
            if !rows.is_empty() || req.return_immediately || tokio::time::Instant::now() >= deadline
            {
                break rows;
            }
            tokio::select! {
                _ = arrivals => {}
                _ = tokio::time::sleep(POLL_RECHECK) => {}
                _ = tokio::time::sleep_until(deadline) => {}
            }
        };
        let more_available = rows.len() > max as usize;
        let mut sets = Vec::new();
        for row in rows.iter().take(max as usize) {
            sets.push((row.id.clone(), self.sign_event(row, &stream).await?));
        }
        Ok(PollResponse {
            sets,
            more_available,
        })
    }

    /// Products a receiver may bind to: the catalog's keys.
    pub fn is_product(&self, key: &str) -> bool {
        self.catalog.get(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivered_is_requested_among_supported() {
        let asked = vec![
            EventType::SessionRevoked.uri(),
            "urn:example:unknown".to_string(),
        ];
        assert_eq!(
            events_delivered(Some(&asked)),
            vec![EventType::SessionRevoked.uri()]
        );
        assert_eq!(events_delivered(None), events_supported());
        assert!(events_delivered(Some(&[])).is_empty());
    }

    #[test]
    fn push_endpoints_must_be_http_urls() {
        let push = |url: &str| Delivery::Push {
            endpoint_url: url.into(),
            authorization_header: None,
        };
        assert!(check_delivery(&push("https://rx.example/events")).is_ok());
        assert!(check_delivery(&push("ftp://rx.example/")).is_err());
        assert!(check_delivery(&push("not a url")).is_err());
        assert!(check_delivery(&Delivery::Push {
            endpoint_url: "https://rx.example/".into(),
            authorization_header: Some("Bearer a\nb".into()),
        })
        .is_err());
        assert!(check_delivery(&Delivery::Poll).is_ok());
        for refused in [
            "file:///etc/passwd",
            "gopher://rx.example/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/events",
            "http://0.0.0.0:8080/",
        ] {
            assert!(check_delivery(&push(refused)).is_err(), "{refused}");
        }
        // Receivers on the same host or a private network stay allowed (tests, on-prem).
        assert!(check_delivery(&push("http://127.0.0.1:9000/events")).is_ok());
        assert!(check_delivery(&push("http://10.0.0.7/events")).is_ok());
    }

    #[test]
    fn the_push_authorization_never_shows_in_debug_output() {
        let d = Delivery::Push {
            endpoint_url: "https://rx.example/".into(),
            authorization_header: Some("Bearer s3cret-receiver-token".into()),
        };
        let spec = StreamSpec {
            delivery: d.clone(),
            events_requested: None,
            description: None,
            subject_format: None,
        };
        let mut record = crate::store::signals::StreamRecord {
            id: "s".into(),
            account_id: "a".into(),
            product: None,
            aud: "aud".into(),
            method: PUSH.into(),
            endpoint_url: Some("https://rx.example/".into()),
            authorization_header: None,
            events_requested: "[]".into(),
            events_delivered: "[]".into(),
            description: None,
            subject_format: "email".into(),
            status: "enabled".into(),
            status_reason: None,
            created_at: 0,
            updated_at: 0,
        };
        write_spec(&mut record, spec.clone());
        for shown in [format!("{d:?}"), format!("{spec:?}"), format!("{record:?}")] {
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("[redacted]"), "{shown}");
        }
    }

    #[test]
    fn long_descriptions_are_cut() {
        let d = description(Some("x".repeat(1000))).unwrap();
        assert_eq!(d.len(), MAX_DESCRIPTION);
    }
}
