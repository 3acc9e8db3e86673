//! `roster serve` SIGKILLed while it delivers a batch, then restarted on the same store.
//!
//! What may happen, and what the test holds the app to: an email the app marked sent before
//! the kill is never sent again; every email arrives; the only repeats are emails the sink
//! accepted in the instant between its `250` and the app's mark (at most the number in
//! flight), and they carry the same Message-ID as the first copy.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;
use sqlx::Row;

use super::process::{cli, create_users, pool, setup_account, Roster};
use super::{arrivals, count_in_state, queued_ids};
use crate::support::smtp_sink::SmtpSink;
use crate::support::{fresh_postgres_url, TempDir};

const EMAILS: usize = 120;
const IN_FLIGHT: usize = 4;

async fn sent_ids(pool: &sqlx::AnyPool) -> BTreeSet<String> {
    sqlx::query("SELECT id FROM outbox WHERE state = 'sent'")
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>("id"))
        .collect()
}

async fn killed_mid_batch(database: String, dir: TempDir, extra: &[&str]) {
    let token = setup_account(&database);
    let sink = SmtpSink::start().await;
    // A slow server, so that the kill lands while deliveries are in flight.
    sink.set_delay(Duration::from_millis(40));
    let concurrency = IN_FLIGHT.to_string();
    let mut args = vec!["--mail-concurrency", concurrency.as_str()];
    args.extend_from_slice(extra);
    let mut first = Roster::start(&dir, &database, &sink.url(), &args).await;
    create_users(
        std::slice::from_ref(&first.base),
        &token,
        "crash",
        EMAILS,
        json!(["rescue"]),
        8,
    )
    .await;
    sink.wait_for(EMAILS / 4, Duration::from_secs(30)).await;
    first.kill();

    let db = pool(&database).await;
    let acknowledged = sent_ids(&db).await;
    let at_kill = sink.quiet(Duration::from_millis(200)).await.len();
    let queued = count_in_state(&db, "queued").await;
    assert!(
        !acknowledged.is_empty() && queued > 0,
        "the kill must land mid-batch: {} sent, {queued} queued",
        acknowledged.len()
    );

    let _second = Roster::start(&dir, &database, &sink.url(), &args).await;
    // Deliveries after the restart must not include anything marked sent before the kill.
    sink.wait_for(EMAILS, Duration::from_secs(60)).await;
    for _ in 0..200 {
        if count_in_state(&db, "queued").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let received = sink.quiet(Duration::from_millis(500)).await;
    let resent: Vec<String> = received[at_kill..]
        .iter()
        .map(|r| super::local_part(&r.message_id()))
        .filter(|id| acknowledged.contains(id))
        .collect();
    assert!(
        resent.is_empty(),
        "acknowledged emails sent again: {resent:?}"
    );

    let expected = queued_ids(&db).await;
    assert_eq!(expected.len(), EMAILS);
    let seen = arrivals(&received);
    let missing: Vec<_> = expected
        .iter()
        .filter(|id| !seen.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "lost: {missing:?}");
    assert_eq!(seen.len(), EMAILS, "nothing but the queued emails");
    let repeats = received.len() - seen.len();
    assert!(
        repeats <= IN_FLIGHT,
        "{repeats} repeats; at most the {IN_FLIGHT} in flight at the kill may repeat"
    );
    eprintln!(
        "sigkill: {} acknowledged before the kill, {at_kill} at the sink, {repeats} repeated (same Message-ID)",
        acknowledged.len()
    );
    assert_eq!(count_in_state(&db, "sent").await, EMAILS as i64);
    let status = cli(&database, &["mail", "status"]);
    assert!(status.contains(&format!("sent     {EMAILS}")), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_batch_loses_nothing_and_resends_nothing_acknowledged_sqlite() {
    let dir = TempDir::new();
    let database = format!("sqlite://{}", dir.0.join("roster.db").display());
    killed_mid_batch(database, dir, &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_batch_loses_nothing_and_resends_nothing_acknowledged_postgres() {
    let Some(database) = fresh_postgres_url().await else {
        return;
    };
    // On PostgreSQL the in-flight emails wait for their lease: keep it short here.
    killed_mid_batch(database, TempDir::new(), &["--mail-lease-secs", "2"]).await;
}

/// Enough that, 300 ms each four at a time, the stop comes mid-batch even on a busy
/// machine (with twelve, a loaded CI run delivered them all before the signal).
const SIGTERM_EMAILS: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_deliveries_under_way_finish_and_be_recorded() {
    let dir = TempDir::new();
    let database = format!("sqlite://{}", dir.0.join("roster.db").display());
    let token = setup_account(&database);
    let sink = SmtpSink::start().await;
    sink.set_delay(Duration::from_millis(300));
    let mut roster =
        Roster::start(&dir, &database, &sink.url(), &["--mail-concurrency", "4"]).await;
    create_users(
        std::slice::from_ref(&roster.base),
        &token,
        "term",
        SIGTERM_EMAILS,
        json!(["rescue"]),
        4,
    )
    .await;
    sink.wait_for(2, Duration::from_secs(10)).await;
    assert!(roster.terminate().success());

    // Every email the server accepted is recorded as sent: a restart sends none again.
    let received = sink.quiet(Duration::from_millis(400)).await;
    let acknowledged = sent_ids(&pool(&database).await).await;
    let unrecorded: Vec<String> = received
        .iter()
        .map(|r| super::local_part(&r.message_id()))
        .filter(|id| !acknowledged.contains(id))
        .collect();
    assert!(
        unrecorded.is_empty(),
        "accepted but not marked sent: {unrecorded:?}"
    );
    assert!(received.len() < SIGTERM_EMAILS, "the stop came mid-batch");
    assert_eq!(acknowledged.len(), received.len());
}
