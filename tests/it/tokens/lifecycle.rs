//! Tokens are listed without their secrets, revoked at once, and expire.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Value};

use super::doors::new_token;
use crate::both_stores;
use crate::support::TestApp;

both_stores!(listed_then_revoked_at_once, |app: TestApp| async move {
    let (id, secret) = new_token(&app, json!({"name": "ci", "expires_days": 30})).await;
    let use_it = || {
        app.client
            .get(app.url("/api/v1/users"))
            .bearer_auth(&secret)
            .send()
    };
    // Used twice: the second answer may come from the cache.
    assert_eq!(use_it().await.unwrap().status(), 200);
    assert_eq!(use_it().await.unwrap().status(), 200);

    let list: Value = app
        .api(Method::GET, "/api/v1/tokens")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mine = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(mine["name"], "ci");
    assert_eq!(mine["scope"], "admin");
    assert_eq!(mine["state"], "active");
    assert!(mine["expires_at"].is_string());
    assert!(mine.get("secret").is_none());
    assert!(!list.to_string().contains(&secret));

    let res = app
        .api(Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(use_it().await.unwrap().status(), 401);
    let again = app
        .api(Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    // Another account cannot revoke this one's tokens.
    let (other_id, _) = new_token(&app, json!({"name": "other"})).await;
    let stranger = app.other_account_token("globex").await;
    let res = app
        .client
        .delete(app.url(&format!("/api/v1/tokens/{other_id}")))
        .bearer_auth(&stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
});

/// A clock the test moves.
struct TestClock(AtomicI64);

impl roster::service::Clock for TestClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

both_stores!(an_expired_token_is_refused, |app: TestApp| async move {
    // The whole app lives to the end (its temporary folder holds the SQLite file).
    let app = app;
    use roster::service::tokens::NewToken;
    use roster::service::{Actor, Channel, Config, Service};
    let clock = Arc::new(TestClock(AtomicI64::new(1_700_000_000_000)));
    let store = roster::store::Store::connect(&app.database_url)
        .await
        .unwrap();
    let service = Service::new(store, Config::default(), clock.clone())
        .await
        .unwrap();
    let actor = Actor::admin(&app.account_id, "test".into(), Channel::Cli);
    let (_, secret) = service
        .issue_token(
            &actor,
            NewToken {
                expires_days: Some(1),
                ..NewToken::admin("short")
            },
        )
        .await
        .unwrap();
    assert!(service.grant_for(&secret).await.unwrap().is_some());
    clock.0.fetch_add(24 * 3600 * 1000 - 1, Ordering::SeqCst);
    assert!(service.grant_for(&secret).await.unwrap().is_some());
    clock.0.fetch_add(1, Ordering::SeqCst);
    assert!(service.grant_for(&secret).await.unwrap().is_none());
    let listed = service.tokens(&actor).await.unwrap();
    assert!(listed.iter().any(|t| t.name == "short"));
});
