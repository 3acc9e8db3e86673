//! `roster token create|list|revoke`, `roster keys rotate` and `roster events status|retry`
//! as processes, next to a running server.

use std::process::{Command, Output};

use crate::support::{spawn_app, Backend};

fn roster(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .expect("run roster")
}

fn out(o: &Output) -> String {
    assert!(
        o.status.success(),
        "roster failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

async fn the_cli_manages_tokens_a_running_server_obeys(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let db = app.database_url.as_str();
    let created = out(&roster(
        db,
        &[
            "token",
            "create",
            "--account",
            "acme",
            "--scope",
            "access",
            "--product",
            "meeting",
            "--expires-days",
            "7",
            "--name",
            "meeting-prod",
        ],
    ));
    let lines: Vec<&str> = created.lines().collect();
    assert_eq!(lines.len(), 1, "the token alone on one line: {created:?}");
    let secret = lines[0].to_string();

    let listed = out(&roster(db, &["token", "list", "--account", "acme"]));
    let line = listed
        .lines()
        .find(|l| l.contains("meeting-prod"))
        .expect("listed");
    assert!(line.contains("access") && line.contains("meeting") && line.contains("expires"));
    assert!(!listed.contains(&secret));
    let id = line.split_whitespace().next().unwrap().to_string();

    let ask = || {
        app.client
            .get(app.url("/api/v1/access?user=admin@acme.test&product=meeting"))
            .bearer_auth(&secret)
            .send()
    };
    assert_eq!(ask().await.unwrap().status(), 200);
    assert_eq!(ask().await.unwrap().status(), 200);

    out(&roster(db, &["token", "revoke", &id]));
    // The server refuses it at once: a SQLite store reads tokens every time, other
    // PostgreSQL instances hear the revocation.
    let mut refused = false;
    for _ in 0..40 {
        if ask().await.unwrap().status() == 401 {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(refused, "a token revoked by the CLI is still accepted");
    let again = roster(db, &["token", "revoke", &id]);
    assert!(!again.status.success());
    assert_eq!(String::from_utf8_lossy(&again.stderr).lines().count(), 1);

    let bad = roster(
        db,
        &["token", "create", "--account", "acme", "--scope", "root"],
    );
    assert!(!bad.status.success());

    let rotated = out(&roster(db, &["keys", "rotate", "--keep-days", "3"]));
    assert!(rotated.contains("signing key"), "{rotated}");
    let status = out(&roster(db, &["events", "status"]));
    assert!(status.contains("dead: 0"), "{status}");
    let retried = out(&roster(db, &["events", "retry", "--account", "acme"]));
    assert!(retried.contains("0 dead event(s)"), "{retried}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_manages_tokens_on_sqlite() {
    the_cli_manages_tokens_a_running_server_obeys(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_manages_tokens_on_postgres() {
    the_cli_manages_tokens_a_running_server_obeys(Backend::Postgres).await;
}
