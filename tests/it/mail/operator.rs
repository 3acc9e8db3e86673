//! What an operator sees and does with the real binary: the invitation's link follows
//! `--public-url`; `roster mail status` lists dead emails; `roster mail retry` requeues them.

use std::time::Duration;

use serde_json::json;

use super::count_in_state;
use super::process::{cli, create_users, pool, setup_account, Roster};
use crate::support::smtp_sink::SmtpSink;
use crate::support::TempDir;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_links_to_the_public_url_and_the_cli_handles_dead_emails() {
    let dir = TempDir::new();
    let database = format!("sqlite://{}", dir.0.join("roster.db").display());
    let token = setup_account(&database);
    let sink = SmtpSink::start().await;
    sink.reject_rcpt("bounce", 550);
    let roster = Roster::start(
        &dir,
        &database,
        &sink.url(),
        &[
            "--public-url",
            "https://roster.example.test/",
            "--mail-from",
            "Acme IT <it@acme.test>",
        ],
    )
    .await;
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}/api/v1/users", roster.base))
        .bearer_auth(&token)
        .json(&json!({"email": "mia@acme.test", "first_name": "Mia", "role": "manager", "locale": "it"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    create_users(
        std::slice::from_ref(&roster.base),
        &token,
        "bounce",
        1,
        json!(["rescue"]),
        1,
    )
    .await;

    let received = sink.wait_for(1, Duration::from_secs(10)).await;
    let db = pool(&database).await;
    for _ in 0..100 {
        if count_in_state(&db, "dead").await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let invite = &received[0].mail;
    assert_eq!(invite.template(), "invitation");
    assert_eq!(invite.header("Content-Language").as_deref(), Some("it"));
    assert!(invite.header("From").unwrap().contains("it@acme.test"));
    // The one-time link to set a password follows --public-url too.
    assert!(
        invite
            .body()
            .contains("https://roster.example.test/password/rpt_"),
        "{}",
        invite.raw
    );

    let status = cli(&database, &["mail", "status"]);
    assert!(status.contains("dead     1"), "{status}");
    assert!(status.contains("bounce0@acme.test"), "{status}");
    assert!(status.contains("550"), "{status}");
    let status = cli(&database, &["mail", "status", "--account", "acme"]);
    assert!(status.contains("sent     1"), "{status}");

    sink.accept_all_rcpt();
    let out = cli(&database, &["mail", "retry"]);
    assert_eq!(out.trim(), "1 dead email(s) queued again");
    // The server polls the outbox at least every second: the requeued email goes out.
    let received = sink.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].rcpt, ["bounce0@acme.test"]);
}
