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
