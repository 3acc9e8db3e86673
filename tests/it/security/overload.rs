//! Issue 10, finding 6: overload became 500s, a failing health check and a 6.8 GB process.
//! Now: rates per token and per client (429 + Retry-After), expensive requests a few at a
//! time, an exhausted pool answered 503 + Retry-After, liveness apart from the database.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use reqwest::Method;
use roster::app::Settings;
use roster::http::limits::{LimitsConfig, Rate};
use serde_json::Value;

use crate::both_stores;
use crate::support::{spawn_app_with, Backend, TestApp, TestOptions};
use crate::tokens::doors::new_token;

fn with_limits(limits: LimitsConfig) -> TestOptions {
    TestOptions {
        settings: Some(Settings {
            limits,
            ..Settings::default()
        }),
        ..TestOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_over_its_rate_is_told_to_wait_in_its_own_language() {
    let app = spawn_app_with(
        Backend::Sqlite,
        with_limits(LimitsConfig {
            token: Rate {
                per_second: 1,
                burst: 5,
            },
            ..LimitsConfig::default()
        }),
    )
    .await
    .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let res = app
            .api(Method::GET, "/api/v1/products")
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == 429 {
            assert!(
                res.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
                    >= 1
            );
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited", "{body}");
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429]);
    // SCIM clients get a SCIM error.
    let res = app
        .client
        .get(app.url("/scim/v2/Users"))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(res.headers()["content-type"], "application/scim+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "429", "{body}");
    // Another token is not slowed by the first one's excess.
    let other = app.other_account_token("other").await;
    let res = app
        .client
        .get(app.url("/api/v1/products"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Liveness is never limited.
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

/// A product asks about its users' sign-ins at its own pace: once this server knows its
/// token, the access checks meet the access rate, not the token's rate that holds an
/// admin's script; a made-up token is held to the address's rate.
async fn access_checks_of_a_verified_token_have_their_own_rate(backend: Backend) {
    let Some(app) = spawn_app_with(
        backend,
        with_limits(LimitsConfig {
            token: Rate {
                per_second: 1,
                burst: 2,
            },
            client: Rate {
                per_second: 1,
                burst: 30,
            },
            access: Rate {
                per_second: 1,
                burst: 20,
            },
            ..LimitsConfig::default()
        }),
    )
    .await
    else {
        return;
    };
    let user = app
        .create_user(serde_json::json!({"email": "ana@acme.test", "products": ["meeting"]}))
        .await;
    let (_, secret) = new_token(
        &app,
        serde_json::json!({"name": "meeting", "scope": "access"}),
    )
    .await;
    let check = |secret: String| {
        let req = app
            .client
            .get(app.url(&format!(
                "/api/v1/access?user={}&product=meeting",
                user["id"].as_str().unwrap()
            )))
            .bearer_auth(secret);
        async move { req.send().await.unwrap() }
    };
    let mut statuses = Vec::new();
    for _ in 0..23 {
        let res = check(secret.clone()).await;
        statuses.push(res.status().as_u16());
        if res.status() == 429 {
            assert!(res.headers().contains_key("retry-after"));
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "rate_limited", "{body}");
            assert!(
                body["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("access checks"),
                "{body}"
            );
        }
    }
    // The first check verifies the token under the token's rate (a burst of 2); from
    // then on 20 at once, then 429: far past the token's rate, and bounded still.
    let ok = statuses.iter().take_while(|s| **s == 200).count();
    assert_eq!(ok, 21, "{statuses:?}");
    assert!(statuses[ok..].iter().all(|s| *s == 429), "{statuses:?}");
    // A token nobody issued meets the token's rate and then the address's, however many
    // are made up (401 while under them, 429 after).
    let mut made_up = Vec::new();
    for i in 0..40 {
        made_up.push(check(format!("rst_madeup{i}")).await.status().as_u16());
    }
    assert!(made_up.contains(&401), "{made_up:?}");
    assert_eq!(made_up.last(), Some(&429), "{made_up:?}");
    let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains(r#"roster_requests_shed_total{reason="access_rate"}"#),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_checks_of_a_verified_token_have_their_own_rate_on_sqlite() {
    access_checks_of_a_verified_token_have_their_own_rate(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_checks_of_a_verified_token_have_their_own_rate_on_postgres() {
    access_checks_of_a_verified_token_have_their_own_rate(Backend::Postgres).await;
}

both_stores!(
    an_exhausted_pool_is_a_503_with_retry_after_never_a_500,
    |app: TestApp| async move {
        // Take every connection of the pool, as a flood of slow queries would.
        let mut held = Vec::new();
        for _ in 0..app.service.pool_stats().max {
            held.push(app.store.hold_connection().await.unwrap());
        }
        let res = app
            .api(Method::GET, &format!("/api/v1/users/{}", "u_missing"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        assert!(res.headers().contains_key("retry-after"));
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unavailable", "{body}");
        let res = app
            .client
            .get(app.url("/scim/v2/Users"))
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        assert!(res.headers().contains_key("retry-after"));
        // The process is alive (a load balancer must not drop every instance at once);
        // it is just not ready.
        let res = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        drop(held);
        let res = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
        let text = metrics.text().await.unwrap();
        let timeouts = text
            .lines()
            .find(|l| l.starts_with("roster_db_pool_timeouts_total "))
            .expect("pool timeouts in /metrics");
        assert_ne!(timeouts, "roster_db_pool_timeouts_total 0", "{text}");
    }
);

/// Creates `n` users in one import (no emails).
pub async fn many_users(app: &TestApp, n: usize) {
    let mut csv = String::from("email,first_name,last_name,locale,role,products\n");
    for i in 0..n {
        csv.push_str(&format!(
            "user{i}@acme.test,User,Number{i},en,member,rescue\n"
        ));
    }
    let res = app
        .api(Method::POST, "/api/v1/users/import?notify=false")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

both_stores!(
    a_list_flood_is_shed_without_a_500_and_the_hot_path_answers,
    |app: TestApp| async move {
        many_users(&app, 300).await;
        let other = app.other_account_token("products").await;
        let other_app_user = {
            // The access check of another token (a product) during the flood.
            let res = app
                .client
                .post(app.url("/api/v1/users"))
                .bearer_auth(&other)
                .json(&serde_json::json!({"email": "p@products.test", "products": ["meeting"]}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
            "p@products.test"
        };
        let flood_client = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        // The product asks from another address, as it would from its own servers.
        let product_client = reqwest::Client::builder()
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
            .build()
            .unwrap();
        let url = Arc::new(app.url("/api/v1/users?limit=500"));
        let flood: Vec<_> = (0..2000)
            .map(|_| {
                let c = flood_client.clone();
                let url = url.clone();
                let token = app.token.clone();
                tokio::spawn(async move {
                    match c.get(url.as_str()).bearer_auth(token).send().await {
                        Ok(res) => {
                            let status = res.status().as_u16();
                            // Read the body: a shed request must still be a whole answer.
                            let _ = res.bytes().await;
                            status
                        }
                        Err(_) => 0,
                    }
                })
            })
            .collect();
        let mut health = Vec::new();
        let mut access = Vec::new();
        for _ in 0..10 {
            let h = flood_client.get(app.url("/healthz")).send().await;
            health.push(h.map(|r| r.status().as_u16()).unwrap_or(0));
            let a = product_client
                .get(app.url(&format!(
                    "/api/v1/access?user={other_app_user}&product=meeting"
                )))
                .bearer_auth(&other)
                .send()
                .await;
            access.push(a.map(|r| r.status().as_u16()).unwrap_or(0));
        }
        let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
        for task in flood {
            *counts.entry(task.await.unwrap()).or_default() += 1;
        }
        eprintln!("flood statuses: {counts:?}");
        assert!(
            counts.keys().all(|s| [200, 429, 503].contains(s)),
            "every answer is a success or an explicit refusal: {counts:?}"
        );
        assert!(counts.get(&200).copied().unwrap_or(0) > 0, "{counts:?}");
        assert!(health.iter().all(|s| *s == 200), "{health:?}");
        assert!(access.iter().all(|s| *s == 200), "{access:?}");
        // The refusals are counted.
        let text = app
            .client
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            text.contains("roster_requests_shed_total{reason="),
            "{text}"
        );
    }
);
