//! Two `roster serve` processes on one PostgreSQL database share one outbox: 1,000 changes
//! spread over both, and each email reaches the SMTP server exactly once.

use std::time::{Duration, Instant};

use serde_json::json;

use super::process::{create_users_in, pool, setup_named_account, Roster};
use super::{assert_exactly_once, count_in_state, queued_ids};
use crate::support::smtp_sink::SmtpSink;
use crate::support::{fresh_postgres_url, TempDir};

const CHANGES: usize = 1000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_deliver_each_email_exactly_once() {
    let Some(database) = fresh_postgres_url().await else {
        return;
    };
    let dir = TempDir::new();
    // Changes to one account are serialized by its lock (seats): four accounts let the
    // changes run in parallel, which is what stresses the shared outbox.
    let tokens: Vec<String> = ["acme", "globex", "initech", "umbrella"]
        .iter()
        .map(|name| setup_named_account(&database, name))
        .collect();
    let sink = SmtpSink::start().await;
    // Each instance signs its emails, to show that both took part.
    let a = Roster::start(
        &dir,
        &database,
        &sink.url(),
        &["--mail-from", "A <a@roster.test>"],
    )
    .await;
    let b = Roster::start(
        &dir,
        &database,
        &sink.url(),
        &["--mail-from", "B <b@roster.test>"],
    )
    .await;
    let started = Instant::now();
    // A member with one product: one products_changed email per change.
    let bases = [a.base.clone(), b.base.clone()];
    create_users_in(&bases, &tokens, "c", CHANGES, json!(["rescue"]), 16).await;
    let committed = started.elapsed();
    sink.wait_for(CHANGES, Duration::from_secs(60)).await;
    let delivered = started.elapsed();
    let db = pool(&database).await;
    for _ in 0..100 {
        if count_in_state(&db, "queued").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let received = sink.quiet(Duration::from_millis(1200)).await;
    let expected = queued_ids(&db).await;
    assert_eq!(expected.len(), CHANGES);
    assert_exactly_once(&received, &expected);
    assert_eq!(received.len(), CHANGES);
    assert_eq!(count_in_state(&db, "sent").await, CHANGES as i64);
    let by_a = received
        .iter()
        .filter(|r| {
            r.mail
                .header("From")
                .unwrap_or_default()
                .contains("a@roster.test")
        })
        .count();
    eprintln!(
        "two instances: {CHANGES} changes committed in {committed:?}, all delivered after {delivered:?}; \
         instance A sent {by_a}, B sent {}",
        CHANGES - by_a
    );
    assert!(
        by_a > 0 && by_a < CHANGES,
        "both instances deliver ({by_a} by A)"
    );
}
