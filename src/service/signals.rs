//! The transmitter's side of the change path: signing keys, the events a change writes
//! into the queue (in its transaction), signing a queued event as a SET, and the
//! operator's view of the queue. Stream management is in `streams`.

use std::sync::RwLock;
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::{Channel, Service, ServiceError};
use crate::signals::keys::SigningKey;
use crate::signals::plan::PlannedEvent;
use crate::signals::set::{self, EventType, Initiator, SetClaims, Subject, SubjectFormat};
use crate::store::signal_events::{self, EventRow, TroubledEvent};
use crate::store::signals::{self as store, Listener, StreamRecord};
use crate::store::{Conn, Script, StoreError};

/// How long a process signs with the key it loaded before looking for a newer one: a
/// `roster keys rotate` run elsewhere takes effect within this, and the retired key
/// stays published far longer.
const KEY_RECHECK: Duration = Duration::from_secs(10);

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What the signals part of the service shares between handlers and workers.
#[derive(Default)]
pub struct SignalsState {
    /// Wakes the push worker when a change committed events.
    pub(crate) wake: Notify,
    /// Wakes receivers waiting in a long poll.
    pub(crate) arrivals: Notify,
    key: RwLock<Option<(SigningKey, Instant)>>,
}

/// The events of one change to one user, waiting for the change tail.
#[derive(Debug, Clone)]
pub struct PendingSignal {
    pub account_id: String,
    pub user_id: String,
    pub email: String,
    pub planned: Vec<PlannedEvent>,
    pub cause: Cause,
}

/// Why events are written: who caused them and a line for the receiver's log.
#[derive(Debug, Clone)]
pub struct Cause {
    pub initiator: Initiator,
    /// `reason_admin` in English, e.g. "suspended through the API".
    pub reason: String,
    /// The SETs of one change share it (`txn`).
    pub txn: String,
}

impl Cause {
    pub fn new(initiator: Initiator, reason: impl Into<String>) -> Cause {
        Cause {
            initiator,
            reason: reason.into(),
            txn: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// A change made by `actor`: an admin's, or the system's (the purge).
    pub fn of(actor: &super::Actor, action: &str) -> Cause {
        let initiator = match actor.channel {
            Channel::System => Initiator::System,
            _ => Initiator::Admin,
        };
        Cause::new(
            initiator,
            format!("{action} through the {}", actor.channel.as_str()),
        )
    }
}

/// Counts of the queue by state, and the events that failed at least once.
#[derive(Debug, Clone)]
pub struct SignalQueueStatus {
    pub counts: std::collections::BTreeMap<String, i64>,
    pub troubled: Vec<TroubledEvent>,
}

impl SignalQueueStatus {
    /// The text `roster events status` prints.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (state, n) in &self.counts {
            out.push_str(&format!("{state}: {n}\n"));
        }
        for e in &self.troubled {
            out.push_str(&format!(
                "{} {} stream {} {} after {} attempt(s): {}\n",
                e.state,
                e.event_type,
                e.stream_id,
                e.email.as_deref().unwrap_or("-"),
                e.attempts,
                e.last_error
            ));
        }
        out
    }
}

impl Service {
    /// The transmitter's issuer: the public address, which SETs carry as `iss`.
    pub fn issuer(&self) -> &str {
        &self.public_url
    }

    /// The key that signs SETs, created at the first start. Two instances starting at once
    /// race on the unique `current` slot and both end with the winner's key.
    pub async fn signing_key(&self) -> Result<SigningKey, ServiceError> {
        if let Ok(guard) = self.signals.key.read() {
            if let Some((key, at)) = guard.as_ref() {
                if at.elapsed() < KEY_RECHECK {
                    return Ok(key.clone());
                }
            }
        }
        let key = match self.load_key().await? {
            Some(k) => k,
            None => self.create_key().await?,
        };
        if let Ok(mut guard) = self.signals.key.write() {
            *guard = Some((key.clone(), Instant::now()));
        }
        Ok(key)
    }

    async fn load_key(&self) -> Result<Option<SigningKey>, ServiceError> {
        let mut read = self.read_conn().await?;
        match store::current_key(read.conn()).await? {
            Some((_, private)) => Ok(Some(stored_key(&private)?)),
            None => Ok(None),
        }
    }

    async fn create_key(&self) -> Result<SigningKey, ServiceError> {
        let key = generated_key()?;
        let mut change = self.begin_change().await?;
        let inserted = insert_key(change.db(), &key, self.now_ms()).await;
        match inserted {
            Ok(()) => {
                self.commit(change).await?;
                tracing::info!(kid = %key.kid, "signing key for Security Event Tokens created");
                Ok(key)
            }
            Err(e) if e.is_unique_violation() => {
                drop(change);
                self.load_key()
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("no current signing key".into()).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// `roster keys rotate`: a new key signs from now on; the old one stays in the JWKS
    /// for `keep_days` so that SETs it signed still verify. Answers (old kid, new kid).
    pub async fn rotate_signing_key(
        &self,
        keep_days: u32,
    ) -> Result<(Option<String>, String), ServiceError> {
        let key = generated_key()?;
        let now = self.now_ms();
        let mut change = self.begin_change().await?;
        let old = store::retire_current_key(change.db(), now, now + i64::from(keep_days) * DAY_MS)
            .await?;
        store::delete_expired_keys(change.db(), now).await?;
        insert_key(change.db(), &key, now).await?;
        self.commit(change).await?;
        if let Ok(mut guard) = self.signals.key.write() {
            *guard = Some((key.clone(), Instant::now()));
        }
        tracing::info!(old = ?old, new = %key.kid, keep_days, "signing key rotated");
        Ok((old, key.kid))
    }

    /// The published keys (JWKS): the current one and the retired ones still kept.
    pub async fn jwks(&self) -> Result<jsonwebtoken::jwk::JwkSet, ServiceError> {
        self.signing_key().await?;
        let mut read = self.read_conn().await?;
        let keys = store::published_keys(read.conn(), self.now_ms()).await?;
        Ok(crate::signals::keys::jwks(&keys))
    }

    /// In the change tail, inside its transaction: queues each pending signal for every
    /// stream of its account that hears it. Answers how many rows were written.
    pub(super) async fn write_signals(
        &self,
        conn: &mut Conn,
        script: &mut Script,
        pending: &[PendingSignal],
    ) -> Result<usize, ServiceError> {
        let now = self.now_ms();
        let mut rows = Vec::new();
        let mut listeners: Vec<(String, Vec<Listener>)> = Vec::new();
        for p in pending {
            if p.planned.is_empty() {
                continue;
            }
            if !listeners.iter().any(|(a, _)| *a == p.account_id) {
                let found = store::listeners(conn, &p.account_id).await?;
                listeners.push((p.account_id.clone(), found));
            }
            let Some((_, streams)) = listeners.iter().find(|(a, _)| *a == p.account_id) else {
                continue;
            };
            for planned in &p.planned {
                let body = set::event_body(
                    planned.event,
                    now / 1000,
                    p.cause.initiator,
                    &p.cause.reason,
                    None,
                )
                .to_string();
                for l in streams {
                    let hears = match &l.product {
                        None => planned.account_streams,
                        Some(product) => planned.products.contains(product),
                    };
                    if !hears || !delivers(&l.events_delivered, planned.event) {
                        continue;
                    }
                    let row = EventRow {
                        // Time-ordered, as the outbox's: the key index grows at its end.
                        id: uuid::Uuid::now_v7().simple().to_string(),
                        stream_id: l.id.clone(),
                        account_id: p.account_id.clone(),
                        user_id: Some(p.user_id.clone()),
                        email: Some(p.email.clone()),
                        event_type: planned.event.name().to_string(),
                        event_body: body.clone(),
                        txn: p.cause.txn.clone(),
                        attempts: 0,
                        created_at: now,
                    };
                    rows.push(row);
                }
            }
        }
        signal_events::insert_many(script, &rows);
        Ok(rows.len())
    }

    /// After a commit that wrote `written` events: deliver them now.
    pub(super) fn signals_committed(&self, written: usize) {
        if written > 0 {
            self.signals.wake.notify_one();
            self.signals.arrivals.notify_waiters();
        }
    }

    /// The push worker's view of the queue.
    pub fn signal_queue(&self) -> signal_events::Queue {
        self.store.clone().into()
    }

    /// The SET of a queued event for its stream, signed with the current key.
    pub async fn sign_event(
        &self,
        row: &EventRow,
        stream: &StreamRecord,
    ) -> Result<String, ServiceError> {
        let event = EventType::from_name(&row.event_type)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown event type {}", row.event_type)))?;
        let subject = match (&row.user_id, &row.email) {
            (Some(id), Some(email)) => Subject::User {
                id: id.clone(),
                email: email.clone(),
            },
            _ => Subject::Stream(row.stream_id.clone()),
        };
        let format = SubjectFormat::parse(&stream.subject_format).unwrap_or_default();
        let body: serde_json::Value = serde_json::from_str(&row.event_body)
            .map_err(|e| StoreError::Corrupt(format!("event {}: {e}", row.id)))?;
        let claims = SetClaims {
            issuer: self.issuer(),
            audience: &stream.aud,
            jti: &row.id,
            iat_secs: row.created_at / 1000,
            txn: &row.txn,
            sub_id: subject.sub_id(format, self.issuer()),
            event,
            body,
        }
        .to_json();
        let key = self.signing_key().await?;
        key.sign(&claims)
            .map_err(|e| StoreError::Corrupt(e.to_string()).into())
    }

    /// `roster events status`: the queue of one account (or of all) by state, and the
    /// events that failed at least once.
    pub async fn signal_queue_status(
        &self,
        account_id: Option<&str>,
    ) -> Result<SignalQueueStatus, ServiceError> {
        let mut read = self.read_conn().await?;
        Ok(SignalQueueStatus {
            counts: signal_events::status_counts(read.conn(), account_id).await?,
            troubled: signal_events::troubled(read.conn(), account_id, 100).await?,
        })
    }

    /// `roster events retry`: dead events are queued again; answers how many.
    pub async fn retry_dead_signals(&self, account_id: Option<&str>) -> Result<u64, ServiceError> {
        let mut change = self.begin_change().await?;
        let n = signal_events::requeue_dead(change.db(), account_id, self.now_ms()).await?;
        self.commit(change).await?;
        self.signals_committed(n as usize);
        Ok(n)
    }

    pub fn signals_wake(&self) -> &Notify {
        &self.signals.wake
    }
}

/// Whether a stream's `events_delivered` (a JSON array of URIs) has this event.
fn delivers(events_delivered: &str, event: EventType) -> bool {
    serde_json::from_str::<Vec<String>>(events_delivered)
        .map(|uris| uris.contains(&event.uri()))
        .unwrap_or(false)
}

fn generated_key() -> Result<SigningKey, ServiceError> {
    SigningKey::generate().map_err(|e| StoreError::Corrupt(e.to_string()).into())
}

fn stored_key(private: &str) -> Result<SigningKey, ServiceError> {
    SigningKey::from_stored(private).map_err(|e| StoreError::Corrupt(e.to_string()).into())
}

async fn insert_key(conn: &mut Conn, key: &SigningKey, now: i64) -> Result<(), StoreError> {
    let public =
        serde_json::to_string(&key.public).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    store::insert_current_key(conn, &key.kid, &key.to_stored(), &public, now).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn delivered_events_are_read_from_the_stream() {
        use crate::signals::set::EventType;
        let delivered = serde_json::to_string(&[EventType::AccountDisabled.uri()]).unwrap();
        assert!(super::delivers(&delivered, EventType::AccountDisabled));
        assert!(!super::delivers(&delivered, EventType::AccountEnabled));
        assert!(!super::delivers("not json", EventType::AccountEnabled));
    }
}
