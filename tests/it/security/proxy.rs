//! Issue 10, finding 7: behind a reverse proxy, 20 failures from anyone locked the whole
//! portal (the proxy was "the client"); the Origin check trusted `Host`; SCIM locations
//! followed a spoofed `Host`.

use reqwest::Method;
use roster::app::Settings;
use roster::http::proxy::TrustedProxies;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{spawn_app_with, Backend, TestApp, TestOptions, ADMIN_EMAIL, ADMIN_PASSWORD};

const PUBLIC: &str = "https://roster.example";

fn behind_proxy() -> TestOptions {
    TestOptions {
        settings: Some(Settings {
            trusted_proxies: TrustedProxies::parse(&["127.0.0.1/32"]).unwrap(),
            public_url: Some(PUBLIC.into()),
            ..Settings::default()
        }),
        ..TestOptions::default()
    }
}

async fn login(app: &TestApp, email: &str, password: &str, forwarded_for: &str) -> u16 {
    app.client
        .post(app.url("/login"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Fails sign-ins under fresh emails from `client` until it is locked; answers how many.
async fn lock_out(app: &TestApp, client: &str) -> usize {
    for i in 0..60 {
        let status = login(app, &format!("nobody{i}@acme.test"), "wrong", client).await;
        if status == 429 {
            return i;
        }
        assert_eq!(status, 401);
    }
    panic!("{client} was never locked");
}

async fn spawn(backend: Backend, opts: TestOptions) -> Option<TestApp> {
    spawn_app_with(backend, opts).await
}

mod the_client_behind_a_trusted_proxy_is_locked_alone {
    use super::*;

    async fn run(app: TestApp) {
        let spoofer = "198.51.100.66, 203.0.113.7";
        lock_out(&app, spoofer).await;
        // The rightmost address the proxy appended is the client: locked, whatever it
        // forges to the left.
        assert_eq!(
            login(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "1.2.3.4, 203.0.113.7").await,
            429
        );
        // Anyone else behind the same proxy still signs in.
        assert_eq!(
            login(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "203.0.113.8").await,
            303
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        run(spawn(Backend::Sqlite, behind_proxy()).await.unwrap()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = spawn(Backend::Postgres, behind_proxy()).await {
            run(app).await;
        }
    }
}

both_stores!(
    forwarded_for_from_an_untrusted_peer_is_ignored,
    |app: TestApp| async move {
        // No --trusted-proxy: the peer is the client whatever the header says, so a
        // rotating X-Forwarded-For does not escape the lock.
        for i in 0..60 {
            let status = login(
                &app,
                &format!("nobody{i}@acme.test"),
                "wrong",
                &format!("203.0.113.{i}"),
            )
            .await;
            if status == 429 {
                assert_eq!(
                    login(&app, ADMIN_EMAIL, ADMIN_PASSWORD, "192.0.2.200").await,
                    429
                );
                return;
            }
        }
        panic!("a rotating X-Forwarded-For escaped the lock");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_must_come_from_the_public_url_whatever_the_host() {
    let app = spawn(Backend::Sqlite, behind_proxy()).await.unwrap();
    let post = |origin: &'static str, host: &'static str| {
        app.client
            .post(app.url("/login"))
            .header("origin", origin)
            .header("host", host)
            .form(&[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)])
            .send()
    };
    // The proxy rewrote Host to the backend's address: the public origin still works.
    assert_eq!(post(PUBLIC, "10.0.0.5:8080").await.unwrap().status(), 303);
    // A forged Host that matches a forged Origin no longer passes.
    assert_eq!(
        post("https://evil.example", "evil.example")
            .await
            .unwrap()
            .status(),
        403
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scim_locations_are_built_from_the_public_url() {
    let app = spawn(Backend::Sqlite, behind_proxy()).await.unwrap();
    let res = app
        .client
        .post(app.url("/scim/v2/Users"))
        .bearer_auth(&app.token)
        .header("host", "evil.example")
        .header("content-type", "application/scim+json")
        .json(&json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "loc@acme.test"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    let meta = body["meta"]["location"].as_str().unwrap();
    assert!(
        meta.starts_with("https://roster.example/scim/v2/Users/"),
        "{meta}"
    );
    assert_eq!(location, meta);
    let list: Value = app
        .api(Method::GET, "/scim/v2/Users")
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains("evil.example"), "{list}");
}
