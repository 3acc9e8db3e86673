//! Security Event Tokens (RFC 8417) as the Shared Signals Framework profiles them: the
//! event types Roster sends, their subjects (RFC 9493) and the claims of one SET. Pure:
//! the claims are built here and signed in `keys`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The events Roster transmits, with their URIs in the RISC and CAEP 1.0 registries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    AccountDisabled,
    AccountEnabled,
    AccountPurged,
    SessionRevoked,
    CredentialChange,
    /// SSF's own event, sent on request to prove a stream works; always allowed.
    Verification,
}

const RISC: &str = "https://schemas.openid.net/secevent/risc/event-type/";
const CAEP: &str = "https://schemas.openid.net/secevent/caep/event-type/";
const SSF: &str = "https://schemas.openid.net/secevent/ssf/event-type/";

impl EventType {
    /// The events a stream may ask for (`events_supported`).
    pub const SUPPORTED: [EventType; 5] = [
        EventType::AccountDisabled,
        EventType::AccountEnabled,
        EventType::AccountPurged,
        EventType::SessionRevoked,
        EventType::CredentialChange,
    ];

    pub fn uri(self) -> String {
        let (base, name) = match self {
            EventType::AccountDisabled => (RISC, "account-disabled"),
            EventType::AccountEnabled => (RISC, "account-enabled"),
            EventType::AccountPurged => (RISC, "account-purged"),
            EventType::SessionRevoked => (CAEP, "session-revoked"),
            EventType::CredentialChange => (CAEP, "credential-change"),
            EventType::Verification => (SSF, "verification"),
        };
        format!("{base}{name}")
    }

    pub fn from_uri(uri: &str) -> Option<EventType> {
        EventType::SUPPORTED
            .into_iter()
            .chain([EventType::Verification])
            .find(|t| t.uri() == uri)
    }

    /// The short name kept in the queue and shown by `roster events status`.
    pub fn name(self) -> &'static str {
        match self {
            EventType::AccountDisabled => "account-disabled",
            EventType::AccountEnabled => "account-enabled",
            EventType::AccountPurged => "account-purged",
            EventType::SessionRevoked => "session-revoked",
            EventType::CredentialChange => "credential-change",
            EventType::Verification => "verification",
        }
    }

    pub fn from_name(name: &str) -> Option<EventType> {
        EventType::SUPPORTED
            .into_iter()
            .chain([EventType::Verification])
            .find(|t| t.name() == name)
    }
}

/// How a stream names users in `sub_id` (RFC 9493): by email, or by Roster's user id
/// under the transmitter's issuer (`iss_sub`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SubjectFormat {
    #[default]
    Email,
    IssSub,
}

impl SubjectFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectFormat::Email => "email",
            SubjectFormat::IssSub => "iss_sub",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectFormat> {
        match s {
            "email" => Some(SubjectFormat::Email),
            "iss_sub" => Some(SubjectFormat::IssSub),
            _ => None,
        }
    }
}

/// What an event is about: a user, or (verification) the stream itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    User { id: String, email: String },
    Stream(String),
}

impl Subject {
    /// The `sub_id` claim in the stream's format. A stream is always named `opaque`
    /// with its id, as SSF requires of verification events.
    pub fn sub_id(&self, format: SubjectFormat, issuer: &str) -> Value {
        match (self, format) {
            (Subject::User { email, .. }, SubjectFormat::Email) => {
                json!({"format": "email", "email": email})
            }
            (Subject::User { id, .. }, SubjectFormat::IssSub) => {
                json!({"format": "iss_sub", "iss": issuer, "sub": id})
            }
            (Subject::Stream(id), _) => json!({"format": "opaque", "id": id}),
        }
    }
}

/// Who caused the event (CAEP `initiating_entity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiator {
    Admin,
    User,
    System,
}

impl Initiator {
    pub fn as_str(self) -> &'static str {
        match self {
            Initiator::Admin => "admin",
            Initiator::User => "user",
            Initiator::System => "system",
        }
    }
}

/// The event object inside `events`: the members its type defines, plus CAEP's optional
/// `event_timestamp`, `initiating_entity` and `reason_admin`. RISC events take no members
/// Roster can fill (`account-disabled`'s `reason` is only for hijacking or bulk accounts).
pub fn event_body(
    event: EventType,
    at_secs: i64,
    initiator: Initiator,
    reason: &str,
    state: Option<&str>,
) -> Value {
    let mut body = Map::new();
    match event {
        EventType::SessionRevoked | EventType::CredentialChange => {
            if event == EventType::CredentialChange {
                body.insert("credential_type".into(), json!("password"));
                body.insert("change_type".into(), json!("update"));
            }
            body.insert("event_timestamp".into(), json!(at_secs));
            body.insert("initiating_entity".into(), json!(initiator.as_str()));
            if !reason.is_empty() {
                body.insert("reason_admin".into(), json!({ "en": reason }));
            }
        }
        EventType::Verification => {
            if let Some(s) = state {
                body.insert("state".into(), json!(s));
            }
        }
        EventType::AccountDisabled | EventType::AccountEnabled | EventType::AccountPurged => {}
    }
    Value::Object(body)
}

/// Everything a SET carries, ready to sign.
#[derive(Debug, Clone)]
pub struct SetClaims<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
    pub jti: &'a str,
    pub iat_secs: i64,
    pub txn: &'a str,
    pub sub_id: Value,
    pub event: EventType,
    pub body: Value,
}

impl SetClaims<'_> {
    /// The JWT claims set. SSF forbids `sub` and `exp` in a SET; the subject is `sub_id`
    /// and the one event is the only member of `events`.
    pub fn to_json(&self) -> Value {
        json!({
            "iss": self.issuer,
            "aud": self.audience,
            "jti": self.jti,
            "iat": self.iat_secs,
            "txn": self.txn,
            "sub_id": self.sub_id,
            "events": { self.event.uri(): self.body },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_uris_are_the_registered_ones() {
        assert_eq!(
            EventType::AccountDisabled.uri(),
            "https://schemas.openid.net/secevent/risc/event-type/account-disabled"
        );
        assert_eq!(
            EventType::AccountEnabled.uri(),
            "https://schemas.openid.net/secevent/risc/event-type/account-enabled"
        );
        assert_eq!(
            EventType::AccountPurged.uri(),
            "https://schemas.openid.net/secevent/risc/event-type/account-purged"
        );
        assert_eq!(
            EventType::SessionRevoked.uri(),
            "https://schemas.openid.net/secevent/caep/event-type/session-revoked"
        );
        assert_eq!(
            EventType::CredentialChange.uri(),
            "https://schemas.openid.net/secevent/caep/event-type/credential-change"
        );
        assert_eq!(
            EventType::Verification.uri(),
            "https://schemas.openid.net/secevent/ssf/event-type/verification"
        );
        for t in EventType::SUPPORTED {
            assert_eq!(EventType::from_uri(&t.uri()), Some(t));
            assert_eq!(EventType::from_name(t.name()), Some(t));
        }
        assert_eq!(EventType::from_uri("urn:example:other"), None);
    }

    #[test]
    fn subjects_follow_rfc_9493() {
        let user = Subject::User {
            id: "u-1".into(),
            email: "ann@example.com".into(),
        };
        assert_eq!(
            user.sub_id(SubjectFormat::Email, "https://roster.example"),
            json!({"format": "email", "email": "ann@example.com"})
        );
        assert_eq!(
            user.sub_id(SubjectFormat::IssSub, "https://roster.example"),
            json!({"format": "iss_sub", "iss": "https://roster.example", "sub": "u-1"})
        );
        assert_eq!(
            Subject::Stream("s-1".into()).sub_id(SubjectFormat::IssSub, "x"),
            json!({"format": "opaque", "id": "s-1"})
        );
    }

    #[test]
    fn caep_events_carry_their_required_members() {
        let body = event_body(
            EventType::CredentialChange,
            1_700_000_000,
            Initiator::Admin,
            "password set through the API",
            None,
        );
        assert_eq!(body["credential_type"], "password");
        assert_eq!(body["change_type"], "update");
        assert_eq!(body["event_timestamp"], 1_700_000_000);
        assert_eq!(body["initiating_entity"], "admin");
        assert_eq!(body["reason_admin"]["en"], "password set through the API");
        let revoked = event_body(EventType::SessionRevoked, 5, Initiator::System, "", None);
        assert_eq!(
            revoked,
            json!({"event_timestamp": 5, "initiating_entity": "system"})
        );
        assert_eq!(
            event_body(EventType::AccountDisabled, 5, Initiator::Admin, "x", None),
            json!({})
        );
        assert_eq!(
            event_body(
                EventType::Verification,
                5,
                Initiator::System,
                "",
                Some("abc")
            ),
            json!({"state": "abc"})
        );
    }

    #[test]
    fn a_set_has_one_event_and_neither_sub_nor_exp() {
        let claims = SetClaims {
            issuer: "https://roster.example",
            audience: "urn:roster:account:a",
            jti: "j-1",
            iat_secs: 10,
            txn: "t-1",
            sub_id: json!({"format": "email", "email": "a@b.c"}),
            event: EventType::AccountEnabled,
            body: json!({}),
        }
        .to_json();
        assert_eq!(claims["iss"], "https://roster.example");
        assert_eq!(claims["aud"], "urn:roster:account:a");
        assert_eq!(claims["jti"], "j-1");
        assert_eq!(claims["txn"], "t-1");
        assert!(claims.get("sub").is_none() && claims.get("exp").is_none());
        let events = claims["events"].as_object().unwrap();
        assert_eq!(events.len(), 1);
        assert!(events.contains_key(&EventType::AccountEnabled.uri()));
    }
}
