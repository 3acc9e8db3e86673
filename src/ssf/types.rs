//! The JSON of SSF 1.0's transmitter metadata, stream configuration, status, verification
//! and RFC 8936 polls, apart from the service's types so the wire format is one place.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::service::streams::{
    self, Delivery, PollRequest, StreamPatch, StreamSpec, StreamStatus, POLL,
};
use crate::service::{Service, ServiceError};
use crate::signals::set::SubjectFormat;
use crate::store::signal_events::PUSH;
use crate::store::signals::StreamRecord;

/// Its Debug form hides the push authorization (it is a receiver's secret).
#[derive(Clone, Serialize, Deserialize, Default)]
pub struct DeliveryJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_header: Option<String>,
}

impl std::fmt::Debug for DeliveryJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryJson")
            .field("method", &self.method)
            .field("endpoint_url", &self.endpoint_url)
            .field(
                "authorization_header",
                &self.authorization_header.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

/// A stream configuration as sent by a receiver (create, update, replace). Members Roster
/// supplies may be present; on update and replace they must match (SSF 1.0 §8.1.1.3).
#[derive(Debug, Clone, Deserialize, Default)]
pub struct StreamIn {
    #[serde(default)]
    pub stream_id: Option<String>,
    #[serde(default)]
    pub delivery: Option<DeliveryJson>,
    #[serde(default)]
    pub events_requested: Option<Vec<String>>,
    #[serde(default)]
    pub description: Option<String>,
    /// Roster's extension: `email` (default) or `iss_sub`.
    #[serde(default)]
    pub subject_format: Option<String>,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub aud: Option<Value>,
    #[serde(default)]
    pub events_supported: Option<Vec<String>>,
    #[serde(default)]
    pub events_delivered: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamOut {
    pub stream_id: String,
    pub iss: String,
    pub aud: String,
    pub delivery: DeliveryJson,
    pub events_supported: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events_requested: Vec<String>,
    pub events_delivered: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub subject_format: String,
    /// Roster's extension: the product the stream is bound to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

impl StreamOut {
    pub fn of(service: &Service, s: &StreamRecord) -> StreamOut {
        let delivery = if s.method == PUSH {
            DeliveryJson {
                method: Some(PUSH.into()),
                endpoint_url: s.endpoint_url.clone(),
                authorization_header: s.authorization_header.clone(),
            }
        } else {
            DeliveryJson {
                method: Some(POLL.into()),
                endpoint_url: Some(service.poll_url(&s.id)),
                authorization_header: None,
            }
        };
        StreamOut {
            stream_id: s.id.clone(),
            iss: service.issuer().to_string(),
            aud: s.aud.clone(),
            delivery,
            events_supported: streams::events_supported(),
            events_requested: streams::read_list(&s.events_requested),
            events_delivered: streams::read_list(&s.events_delivered),
            description: s.description.clone(),
            subject_format: s.subject_format.clone(),
            product: s.product.clone(),
        }
    }
}

fn subject_format(s: &Option<String>) -> Result<Option<SubjectFormat>, ServiceError> {
    s.as_deref()
        .map(|f| {
            SubjectFormat::parse(f).ok_or_else(|| {
                ServiceError::invalid(
                    "subject_format",
                    format!("subject_format '{f}' is not one of email, iss_sub"),
                )
            })
        })
        .transpose()
}

fn delivery(d: Option<&DeliveryJson>) -> Result<Option<Delivery>, ServiceError> {
    let Some(d) = d else {
        return Ok(None);
    };
    match d.method.as_deref() {
        Some(PUSH) => match &d.endpoint_url {
            Some(url) => Ok(Some(Delivery::Push {
                endpoint_url: url.clone(),
                authorization_header: d.authorization_header.clone(),
            })),
            None => Err(ServiceError::invalid(
                "delivery.endpoint_url",
                "push delivery (urn:ietf:rfc:8935) needs an endpoint_url",
            )),
        },
        // The poll endpoint is Roster's to give: one sent back is not a request.
        Some(POLL) | None => Ok(Some(Delivery::Poll)),
        Some(other) => Err(ServiceError::invalid(
            "delivery.method",
            format!("delivery method '{other}' is not supported (urn:ietf:rfc:8935 push, urn:ietf:rfc:8936 poll)"),
        )),
    }
}

impl StreamIn {
    /// Create and replace: every receiver-supplied member; a missing `delivery` is poll.
    pub fn spec(&self) -> Result<StreamSpec, ServiceError> {
        Ok(StreamSpec {
            delivery: delivery(self.delivery.as_ref())?.unwrap_or(Delivery::Poll),
            events_requested: self.events_requested.clone(),
            description: self.description.clone(),
            subject_format: subject_format(&self.subject_format)?,
        })
    }

    pub fn patch(&self) -> Result<StreamPatch, ServiceError> {
        Ok(StreamPatch {
            delivery: delivery(self.delivery.as_ref())?,
            events_requested: self.events_requested.clone(),
            description: self.description.clone(),
            subject_format: subject_format(&self.subject_format)?,
        })
    }

    pub fn stream_id(&self) -> Result<&str, ServiceError> {
        self.stream_id
            .as_deref()
            .ok_or_else(|| ServiceError::invalid("stream_id", "stream_id is required"))
    }

    /// Transmitter-supplied members sent back must be what Roster says; `events_delivered`
    /// is compared with the value before the update.
    pub fn check_transmitter_members(&self, current: &StreamOut) -> Result<(), ServiceError> {
        let mismatch = |field: &'static str| {
            Err(ServiceError::invalid(
                field,
                format!("{field} is supplied by the transmitter and does not match the stream's"),
            ))
        };
        if self.iss.as_deref().is_some_and(|i| i != current.iss) {
            return mismatch("iss");
        }
        if let Some(aud) = &self.aud {
            let same = match aud {
                Value::String(a) => *a == current.aud,
                Value::Array(list) => list.len() == 1 && list[0] == current.aud.as_str(),
                _ => false,
            };
            if !same {
                return mismatch("aud");
            }
        }
        if self
            .events_supported
            .as_ref()
            .is_some_and(|e| *e != current.events_supported)
        {
            return mismatch("events_supported");
        }
        if self
            .events_delivered
            .as_ref()
            .is_some_and(|e| *e != current.events_delivered)
        {
            return mismatch("events_delivered");
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct StreamIdQuery {
    #[serde(default)]
    pub stream_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusJson {
    pub stream_id: String,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl StatusJson {
    pub fn of(s: &StreamRecord) -> StatusJson {
        StatusJson {
            stream_id: s.id.clone(),
            status: s.status.clone(),
            reason: s.status_reason.clone(),
        }
    }

    pub fn status(&self) -> Result<StreamStatus, ServiceError> {
        StreamStatus::parse(&self.status).ok_or_else(|| {
            ServiceError::invalid(
                "status",
                format!(
                    "status '{}' is not one of enabled, paused, disabled",
                    self.status
                ),
            )
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct VerifyIn {
    pub stream_id: String,
    #[serde(default)]
    pub state: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SetErr {
    pub err: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// RFC 8936 §2.4 poll request.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct PollIn {
    #[serde(default, rename = "maxEvents")]
    pub max_events: Option<u32>,
    #[serde(default, rename = "returnImmediately")]
    pub return_immediately: Option<bool>,
    #[serde(default)]
    pub ack: Vec<String>,
    #[serde(default, rename = "setErrs")]
    pub set_errs: BTreeMap<String, SetErr>,
}

impl PollIn {
    pub fn request(self) -> PollRequest {
        PollRequest {
            max_events: self.max_events,
            return_immediately: self.return_immediately.unwrap_or(false),
            ack: self.ack,
            set_errs: self
                .set_errs
                .into_iter()
                .map(|(jti, e)| {
                    let text = match e.description {
                        Some(d) => format!("receiver error {}: {d}", e.err),
                        None => format!("receiver error {}", e.err),
                    };
                    (jti, text)
                })
                .collect(),
        }
    }
}

/// RFC 8936 §2.5 poll response.
#[derive(Debug, Clone, Serialize)]
pub struct PollOut {
    pub sets: BTreeMap<String, String>,
    #[serde(rename = "moreAvailable")]
    pub more_available: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_without_delivery_is_polled() {
        let s: StreamIn = serde_json::from_str("{}").unwrap();
        assert_eq!(s.spec().unwrap().delivery, Delivery::Poll);
        let push: StreamIn = serde_json::from_value(serde_json::json!({
            "delivery": {"method": PUSH, "endpoint_url": "https://rx.example/e",
                         "authorization_header": "Bearer x"},
            "events_requested": ["https://schemas.openid.net/secevent/risc/event-type/account-disabled"],
            "subject_format": "iss_sub"
        }))
        .unwrap();
        let spec = push.spec().unwrap();
        assert!(matches!(spec.delivery, Delivery::Push { .. }));
        assert_eq!(spec.subject_format, Some(SubjectFormat::IssSub));
        let bad: StreamIn =
            serde_json::from_value(serde_json::json!({"delivery": {"method": "urn:x"}})).unwrap();
        assert!(bad.spec().is_err());
        let no_url: StreamIn =
            serde_json::from_value(serde_json::json!({"delivery": {"method": PUSH}})).unwrap();
        assert!(no_url.spec().is_err());
    }

    #[test]
    fn polls_read_rfc_8936_names() {
        let p: PollIn = serde_json::from_value(serde_json::json!({
            "maxEvents": 5, "returnImmediately": true, "ack": ["a"],
            "setErrs": {"b": {"err": "invalid_key", "description": "no such kid"}}
        }))
        .unwrap();
        let r = p.request();
        assert_eq!(r.max_events, Some(5));
        assert!(r.return_immediately);
        assert_eq!(r.ack, vec!["a".to_string()]);
        assert_eq!(
            r.set_errs,
            vec![("b".into(), "receiver error invalid_key: no such kid".into())]
        );
    }
}
