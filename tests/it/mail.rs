//! Email delivery against a real SMTP server (the sink in `support::smtp_sink`), counting
//! messages at the sink by Message-ID: retries while the server is down or answers 4xx,
//! dead letters on 5xx, nothing for a failed change, no header injection, no duplicate
//! after a SIGKILL, and exactly once with two `roster serve` on one PostgreSQL.

mod cluster;
mod crash;
mod delivery;
mod operator;
mod process;
mod refusals;

use std::collections::BTreeMap;
use std::time::Duration;

use sqlx::Row;

use crate::support::smtp_sink::{Received, SmtpSink};
use crate::support::TestApp;

/// One test per store for `async fn(Backend)` bodies that start their own app.
#[macro_export]
macro_rules! mail_on_both_stores {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                ($body)($crate::support::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                ($body)($crate::support::Backend::Postgres).await;
            }
        }
    };
}

/// How many times each Message-ID reached the sink.
pub fn arrivals(received: &[Received]) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for r in received {
        *seen.entry(local_part(&r.message_id())).or_insert(0) += 1;
    }
    seen
}

/// The Message-IDs of the outbox rows, i.e. every email the app ever queued.
pub async fn queued_ids(pool: &sqlx::AnyPool) -> Vec<String> {
    sqlx::query("SELECT id FROM outbox ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("id"))
        .collect()
}

pub async fn count_in_state(pool: &sqlx::AnyPool, state: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE state = $1")
        .bind(state.to_string())
        .fetch_one(pool)
        .await
        .unwrap()
        .get("n")
}

/// Every queued email reached the sink exactly once, and nothing else did.
pub fn assert_exactly_once(received: &[Received], expected: &[String]) {
    let seen = arrivals(received);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    let missing: Vec<_> = expected
        .iter()
        .filter(|id| !seen.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    assert_eq!(
        seen.len(),
        expected.len(),
        "unexpected messages at the sink"
    );
}

/// Waits until the outbox has nothing queued and the sink is quiet.
pub async fn settle(app: &TestApp, sink: &SmtpSink) -> Vec<Received> {
    for _ in 0..200 {
        if count_in_state(&app.db, "queued").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sink.quiet(Duration::from_millis(300)).await
}

/// `GET /api/v1/mail` with the app's admin token.
pub async fn mail_status(app: &TestApp) -> serde_json::Value {
    let res = app
        .api(reqwest::Method::GET, "/api/v1/mail")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// `<ID@domain>` → `ID`, the outbox id: Message-IDs take the host of `--public-url`.
pub fn local_part(message_id: &str) -> String {
    message_id
        .trim_start_matches('<')
        .split('@')
        .next()
        .unwrap_or_default()
        .to_string()
}
