//! Where emails go: one `.eml` file per message in a folder (the default), or SMTP.

use std::path::{Path, PathBuf};

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::render::with_secret;
use crate::store::outbox::OutboxMessage;

macro_rules! text_header {
    ($ty:ident, $name:literal) => {
        #[derive(Debug, Clone)]
        struct $ty(String);
        impl Header for $ty {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($name)
            }
            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($ty(s.to_string()))
            }
            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(ContentLanguage, "Content-Language");
text_header!(RosterTemplate, "X-Roster-Template");
text_header!(RosterProduct, "X-Roster-Product");
// RFC 3834: sent by a program, so that vacation responders and ticket systems do not
// answer it.
text_header!(AutoSubmitted, "Auto-Submitted");

/// The stable Message-ID of an outbox message: a retry carries the same one. Its domain
/// is the portal's (`--public-url`), so that it is unique beyond this installation.
pub fn message_id(m: &OutboxMessage, domain: &str) -> String {
    format!("<{}@{domain}>", m.id)
}

/// The host of a URL, for Message-IDs: `https://roster.example.com:8443/x` gives
/// `roster.example.com`; anything unreadable gives `localhost`.
pub fn domain_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':'));
    if ok {
        host.to_ascii_lowercase()
    } else {
        "localhost".to_string()
    }
}

/// Builds the RFC 5322 message of an outbox row (text + HTML alternatives).
pub fn build(m: &OutboxMessage, from: &Mailbox, domain: &str) -> Result<Message, String> {
    let to: Mailbox = m
        .to_email
        .parse()
        .map_err(|e| format!("bad recipient '{}': {e}", m.to_email))?;
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(message_id(m, domain)))
        .header(AutoSubmitted("auto-generated".to_string()))
        .header(ContentLanguage(m.locale.clone()))
        .header(RosterTemplate(m.kind.clone()));
    if let Some(p) = &m.product {
        builder = builder.header(RosterProduct(p.clone()));
    }
    let text = with_secret(&m.body_text, m.secret.as_deref())?;
    let html = with_secret(&m.body_html, m.secret.as_deref())?;
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| e.to_string())
}

/// Why a delivery failed; permanent failures are not retried.
#[derive(Debug)]
pub struct DeliveryError {
    pub permanent: bool,
    pub message: String,
}

impl DeliveryError {
    pub fn transient(message: impl Into<String>) -> DeliveryError {
        DeliveryError {
            permanent: false,
            message: message.into(),
        }
    }
}

/// SMTP replies that say "your credentials or session are wrong", not "this message is
/// wrong": an operator fixes them, so the messages wait and retry instead of dying.
const AUTH_CODES: [&str; 4] = ["530", "534", "535", "538"];

/// 5xx means the server refused this message for good (unknown mailbox, policy): no retry.
/// 4xx, refused connections, timeouts and TLS trouble are transient and retried with backoff.
fn classify(e: &lettre::transport::smtp::Error) -> DeliveryError {
    let auth = e
        .status()
        .is_some_and(|c| AUTH_CODES.contains(&c.to_string().as_str()));
    DeliveryError {
        permanent: e.is_permanent() && !auth,
        message: e.to_string(),
    }
}

/// How many SMTP connections are kept open for reuse by default; at least the worker's
/// default concurrency, so that no delivery waits for a connection.
pub const SMTP_POOL_SIZE: u32 = 16;

#[derive(Clone)]
pub enum Transport {
    Dir(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Transport {
    // By hand: the SMTP transport holds credentials, which must never be printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Transport::Dir(dir) => f.debug_tuple("Dir").field(dir).finish(),
            Transport::Smtp(_) => f.write_str("Smtp(..)"),
        }
    }
}

impl Transport {
    /// `smtp://host:port` (plain), `smtp+starttls://`, `smtps://`; user and password in the
    /// URL's userinfo or from `ROSTER_SMTP_USER` / `ROSTER_SMTP_PASSWORD`. Connections
    /// are pooled: a message costs MAIL, RCPT, DATA and a NOOP check, not a new session.
    pub fn smtp(url: &str) -> Result<Transport, String> {
        Transport::smtp_pooled(url, SMTP_POOL_SIZE)
    }

    /// `smtp` keeping up to `pool_size` connections open (the worker's concurrency).
    pub fn smtp_pooled(url: &str, pool_size: u32) -> Result<Transport, String> {
        let lettre_url = if let Some(rest) = url.strip_prefix("smtp+starttls://") {
            let sep = if rest.contains('?') { '&' } else { '?' };
            format!("smtp://{rest}{sep}tls=required")
        } else if url.starts_with("smtp://") || url.starts_with("smtps://") {
            url.to_string()
        } else {
            return Err(format!(
                "unsupported SMTP URL '{}' (smtp://, smtp+starttls:// or smtps://)",
                redact(url)
            ));
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(&lettre_url)
            .map_err(|e| format!("bad SMTP URL '{}': {e}", redact(url)))?;
        if let (Ok(user), Ok(pass)) = (
            std::env::var("ROSTER_SMTP_USER"),
            std::env::var("ROSTER_SMTP_PASSWORD"),
        ) {
            builder = builder.credentials(
                lettre::transport::smtp::authentication::Credentials::new(user, pass),
            );
        }
        Ok(Transport::Smtp(
            builder
                .timeout(Some(std::time::Duration::from_secs(20)))
                .pool_config(
                    PoolConfig::new()
                        .max_size(pool_size.max(1))
                        .idle_timeout(std::time::Duration::from_secs(30)),
                )
                .build(),
        ))
    }

    pub async fn deliver(&self, m: &OutboxMessage, message: Message) -> Result<(), DeliveryError> {
        match self {
            Transport::Dir(dir) => {
                // One trip to the blocking threads for the whole file, not one per call:
                // at a bulk change's hundred thousand emails those trips were most of
                // the worker's processor time.
                let (dir, id, bytes) = (dir.clone(), m.id.clone(), message.formatted());
                tokio::task::spawn_blocking(move || write_eml(&dir, &id, &bytes))
                    .await
                    .map_err(|e| DeliveryError::transient(e.to_string()))?
            }
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| classify(&e)),
        }
    }
}

/// Writes `DIR/ID.eml`, under a temporary name then renamed: a reader never sees half a
/// file, and a retry overwrites the same file instead of adding a second one.
fn write_eml(dir: &Path, id: &str, bytes: &[u8]) -> Result<(), DeliveryError> {
    let io = |e: std::io::Error| DeliveryError::transient(e.to_string());
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(".{id}.tmp"));
    write_private(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, dir.join(format!("{id}.eml"))).map_err(io)
}

/// Writes a file only its owner can read: an email may hold a one-time link.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg() -> OutboxMessage {
        OutboxMessage {
            id: "0b1c".into(),
            account_id: "a".into(),
            user_id: "u".into(),
            kind: "getting_started".into(),
            product: Some("meeting".into()),
            to_email: "ada@example.com".into(),
            locale: "fr".into(),
            subject: "Bien démarrer avec GoTo Meeting".into(),
            body_text: "Bonjour".into(),
            body_html: "<p>Bonjour</p>".into(),
            attempts: 0,
            created_at: 0,
            secret: None,
        }
    }

    #[test]
    fn messages_carry_the_contract_headers() {
        let from: Mailbox = "Roster <roster@localhost>".parse().unwrap();
        let raw = String::from_utf8(
            build(&msg(), &from, "roster.example.com")
                .unwrap()
                .formatted(),
        )
        .unwrap();
        for h in [
            "To: ada@example.com",
            "Message-ID: <0b1c@roster.example.com>",
            "Auto-Submitted: auto-generated",
            "Content-Language: fr",
            "X-Roster-Template: getting_started",
            "X-Roster-Product: meeting",
            "multipart/alternative",
        ] {
            assert!(raw.contains(h), "missing {h} in\n{raw}");
        }
    }

    #[test]
    fn message_ids_take_the_public_urls_host() {
        assert_eq!(
            domain_of("https://roster.example.com:8443/x"),
            "roster.example.com"
        );
        assert_eq!(domain_of("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(domain_of("http://[::1]:8080/"), "[::1]");
        assert_eq!(domain_of("http://u:p@Host.Example"), "host.example");
        assert_eq!(domain_of("not a url"), "localhost");
        assert_eq!(domain_of(""), "localhost");
    }

    #[test]
    fn line_breaks_in_values_cannot_add_headers() {
        let from: Mailbox = "Roster <roster@localhost>".parse().unwrap();
        let m = OutboxMessage {
            subject: "Hi\r\nBcc: evil@example.com\r\n\r\nbody".into(),
            product: Some("x\r\nBcc: evil@example.com".into()),
            ..msg()
        };
        let raw = String::from_utf8(build(&m, &from, "localhost").unwrap().formatted()).unwrap();
        let head = raw.split("\r\n\r\n").next().unwrap();
        for line in head.split("\r\n") {
            assert!(
                !line.to_ascii_lowercase().starts_with("bcc"),
                "{line}\n{raw}"
            );
        }
        let bad = OutboxMessage {
            to_email: "ada@example.com\r\nBcc: evil@example.com".into(),
            ..msg()
        };
        assert!(
            build(&bad, &from, "localhost").is_err(),
            "a recipient with a line break is refused"
        );
    }

    #[test]
    fn passwords_never_show_in_messages() {
        assert_eq!(
            redact("smtps://bob:s3cret@mail.example.com:465"),
            "smtps://bob:***@mail.example.com:465"
        );
        assert!(Transport::smtp("http://x").is_err_and(|e| e.contains("unsupported")));
    }
}
