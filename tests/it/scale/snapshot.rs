//! The access check answers from a per-account snapshot kept by the change path; after a
//! lost notification it never says "allowed" for a user suspended meanwhile.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

async fn access(app: &TestApp, user: &str) -> Value {
    let res = app
        .api(
            Method::GET,
            &format!("/api/v1/access?user={user}&product=meeting"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

both_stores!(
    no_stale_allowed_after_a_lost_notification,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "Ünal.Çelik@acme.test", "products": ["meeting"]}))
            .await;
        let id = u["id"].as_str().unwrap().to_string();
        app.service
            .load_access_snapshot(&app.account_id)
            .await
            .unwrap();
        // (On PostgreSQL the feed may still bring this instance its own change, which takes
        // the user out again: they are read back on the next check.)
        assert!(
            app.service.access_snapshot_len() >= 1,
            "the account is loaded"
        );
        assert_eq!(access(&app, &id).await["allowed"], true);
        assert_eq!(access(&app, "ÜNAL.ÇELIK@ACME.TEST").await["allowed"], true);

        // A change through the service is seen at once.
        app.api(Method::POST, &format!("/api/v1/users/{id}/suspend"))
            .send()
            .await
            .unwrap();
        assert_eq!(access(&app, &id).await["reason"], "suspended");
        app.api(Method::POST, &format!("/api/v1/users/{id}/reactivate"))
            .send()
            .await
            .unwrap();
        assert_eq!(access(&app, "ünal.çelik@acme.test").await["allowed"], true);

        // Another instance suspends the user and its notification is lost: the row changes
        // under this instance's snapshot without a word.
        sqlx::query("UPDATE users SET status = 'suspended', role = 'member' WHERE id = $1")
            .bind(id.clone())
            .execute(&app.db)
            .await
            .unwrap();
        sqlx::query("DELETE FROM user_products WHERE user_id = $1")
            .bind(id.clone())
            .execute(&app.db)
            .await
            .unwrap();
        // The feed reports the gap (a dropped connection, then its reconnection): every
        // snapshot goes, and the answer comes from the database.
        app.service.drop_access_snapshots();
        assert_eq!(app.service.access_snapshot_len(), 0);
        for user in [id.as_str(), "ünal.çelik@acme.test"] {
            let a = access(&app, user).await;
            assert_eq!(a["allowed"], false, "{a}");
            assert_eq!(a["reason"], "suspended");
        }
        // Loaded again, the snapshot holds the suspension.
        app.service
            .load_access_snapshot(&app.account_id)
            .await
            .unwrap();
        assert!(app.service.access_snapshot_len() >= 1);
        assert_eq!(access(&app, &id).await["allowed"], false);
    }
);

fn roster(database: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roster"))
        .arg("--database")
        .arg(database)
        .args(args)
        .output()
        .expect("run roster");
    assert!(
        out.status.success(),
        "roster {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What another process committed is heard before the server answers from its caches:
/// on SQLite at once (the server catches up with the file's change log before trusting
/// them), on PostgreSQL through the change feed, which the loop waits for.
async fn heard<F, Fut>(app: &TestApp, what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    if app.backend == crate::support::Backend::Sqlite {
        assert!(done().await, "{what}: not heard at once");
        return;
    }
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("{what}: never heard");
}

both_stores!(
    a_change_by_another_process_is_heard_before_the_next_answer,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "zoë.ørsted@acme.test", "products": ["meeting"]}))
            .await;
        let id = u["id"].as_str().unwrap().to_string();
        app.service
            .load_access_snapshot(&app.account_id)
            .await
            .unwrap();
        let token: Value = app
            .api(Method::POST, "/api/v1/tokens")
            .json(&json!({"name": "product", "scope": "access", "product": "meeting"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token_id = token["id"].as_str().unwrap().to_string();
        let secret = token["secret"].as_str().unwrap().to_string();
        let ask = |user: String| {
            let req = app
                .client
                .get(app.url(&format!("/api/v1/access?user={user}&product=meeting")))
                .bearer_auth(&secret);
            async move { req.send().await.unwrap() }
        };
        // Answered twice: the token and the user now come from this server's caches.
        for _ in 0..2 {
            let res = ask(id.clone()).await;
            assert_eq!(res.status(), 200);
            assert_eq!(res.json::<Value>().await.unwrap()["allowed"], true);
        }
        assert!(app.service.access_snapshot_len() >= 1);

        // `roster users bulk` run next to the server suspends the user.
        roster(
            &app.database_url,
            &[
                "users",
                "bulk",
                "--account",
                "acme",
                "--ids",
                &id,
                "--action",
                "suspend",
            ],
        );
        heard(&app, "a suspension by the CLI", || async {
            let a: Value = ask(id.clone()).await.json().await.unwrap();
            a["allowed"] == false && a["reason"] == "suspended"
        })
        .await;
        let by_email: Value = ask("ZOË.ØRSTED@ACME.TEST".into())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(by_email["allowed"], false, "{by_email}");

        // And back, by the CLI again.
        roster(
            &app.database_url,
            &[
                "users",
                "bulk",
                "--account",
                "acme",
                "--ids",
                &id,
                "--action",
                "reactivate",
            ],
        );
        heard(&app, "a reactivation by the CLI", || async {
            ask(id.clone()).await.json::<Value>().await.unwrap()["allowed"] == true
        })
        .await;

        // `roster token revoke` run next to the server: the token is refused.
        roster(&app.database_url, &["token", "revoke", &token_id]);
        heard(&app, "a revocation by the CLI", || async {
            ask(id.clone()).await.status() == 401
        })
        .await;
        // The server's own token still works.
        assert_eq!(access(&app, &id).await["allowed"], true);
    }
);
