//! What must send nothing (a refused change, a preview) and what must not reach a header.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use super::{assert_exactly_once, queued_ids, settle};
use crate::mail_on_both_stores;
use crate::support::smtp_sink::SmtpSink;
use crate::support::{spawn_app_with, Backend, TestApp, TestOptions};

async fn start(b: Backend) -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(
        b,
        TestOptions {
            smtp: Some(sink.url()),
            ..TestOptions::default()
        },
    )
    .await?;
    Some((app, sink))
}

async fn send(app: &TestApp, method: Method, path: &str, body: Value) -> reqwest::Response {
    app.api(method, path).json(&body).send().await.unwrap()
}

mail_on_both_stores!(a_refused_change_sends_nothing, |b: Backend| async move {
    let Some((app, sink)) = start(b).await else {
        return;
    };
    let u = app
        .create_user(json!({"email": "kept@acme.test", "products": ["rescue"]}))
        .await;
    let id = u["id"].as_str().unwrap();
    sink.wait_for(1, Duration::from_secs(10)).await;
    settle(&app, &sink).await;
    let before = queued_ids(&app.db).await;
    assert_eq!(before.len(), 1);

    // A stale version: 412.
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{id}"))
        .header("If-Match", "\"99\"")
        .json(&json!({"products": ["rescue", "meeting"], "role": "manager"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412);

    // Over seats: 409, for an edit and for a new user.
    let res = send(
        &app,
        Method::PUT,
        "/api/v1/products/meeting",
        json!({"seats": 0}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let path = format!("/api/v1/users/{id}");
    let res = send(
        &app,
        Method::PATCH,
        &path,
        json!({"products": ["rescue", "meeting"]}),
    )
    .await;
    assert_eq!(res.status(), 409);
    let res = send(
        &app,
        Method::POST,
        "/api/v1/users",
        json!({"email": "new@acme.test", "role": "manager", "products": ["meeting"]}),
    )
    .await;
    assert_eq!(res.status(), 409);

    let received = settle(&app, &sink).await;
    assert_eq!(queued_ids(&app.db).await, before, "no row queued");
    assert_exactly_once(&received, &before);

    // The refused change did not use up the first-time getting-started email either.
    let res = send(
        &app,
        Method::PUT,
        "/api/v1/products/meeting",
        json!({"seats": null}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = send(
        &app,
        Method::PATCH,
        &path,
        json!({"products": ["rescue", "meeting"]}),
    )
    .await;
    assert_eq!(res.status(), 200);
    sink.wait_for(3, Duration::from_secs(10)).await;
    let received = settle(&app, &sink).await;
    let gs: Vec<_> = received
        .iter()
        .filter(|r| r.mail.template() == "getting_started")
        .collect();
    assert_eq!(gs.len(), 1);
    assert_eq!(gs[0].mail.product().as_deref(), Some("meeting"));
});

mail_on_both_stores!(
    a_preview_sends_and_changes_nothing,
    |b: Backend| async move {
        let Some((app, sink)) = start(b).await else {
            return;
        };
        let u = app
            .create_user(json!({"email": "pre@acme.test", "locale": "de", "notify": false}))
            .await;
        let id = u["id"].as_str().unwrap();
        let path = format!("/api/v1/users/{id}/preview");
        let res = send(
            &app,
            Method::POST,
            &path,
            json!({"products": ["meeting"], "role": "manager"}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["allowed"], true, "{p}");
        let kinds: Vec<(&str, Option<&str>)> = p["emails"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["kind"].as_str().unwrap(), e["product"].as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("products_changed", None),
                ("role_changed", None),
                ("getting_started", Some("meeting"))
            ]
        );
        assert_eq!(p["emails"][0]["to"], "pre@acme.test");
        assert_eq!(p["emails"][2]["subject"], "Erste Schritte mit GoTo Meeting");

        // Over seats: the preview says so and lists no email.
        let res = send(
            &app,
            Method::PUT,
            "/api/v1/products/webinar",
            json!({"seats": 0}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let p: Value = send(&app, Method::POST, &path, json!({"products": ["webinar"]}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(p["allowed"], false, "{p}");
        assert_eq!(p["emails"].as_array().unwrap().len(), 0);

        let received = settle(&app, &sink).await;
        assert!(
            received.is_empty(),
            "a preview sent {} email(s)",
            received.len()
        );
        assert!(queued_ids(&app.db).await.is_empty());
        let now: Value = app
            .api(Method::GET, &format!("/api/v1/users/{id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(now["version"], 1);
        assert_eq!(now["products"], json!([]));
    }
);

mail_on_both_stores!(
    names_and_addresses_cannot_inject_headers,
    |b: Backend| async move {
        let Some((app, sink)) = start(b).await else {
            return;
        };
        for body in [
            json!({"email": "eve@acme.test", "first_name": "Eve\r\nBcc: evil@evil.test", "products": ["rescue"]}),
            json!({"email": "eve@acme.test", "last_name": "Eve\nBcc: evil@evil.test", "products": ["rescue"]}),
            json!({"email": "eve@acme.test\r\nBcc: evil@evil.test", "products": ["rescue"]}),
            json!({"email": "eve@acme.test>, evil@evil.test", "products": ["rescue"]}),
        ] {
            let res = send(&app, Method::POST, "/api/v1/users", body.clone()).await;
            assert!(
                res.status().is_client_error(),
                "{body} accepted: {}",
                res.status()
            );
        }
        // Header-looking text without a line break is just a name, shown in the body only.
        let u = app
            .create_user(
                json!({"email": "eve@acme.test", "first_name": "Bcc: evil@evil.test",
            "last_name": "=?utf-8?q?Subject:_x?= Ünïcødé", "products": ["rescue"]}),
            )
            .await;
        let res = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{}", u["id"].as_str().unwrap()),
            json!({"first_name": "X\r\nTo: evil@evil.test"}),
        )
        .await;
        assert!(res.status().is_client_error());

        sink.wait_for(1, Duration::from_secs(10)).await;
        let received = settle(&app, &sink).await;
        assert_eq!(received.len(), 1);
        let m = &received[0];
        assert_eq!(m.rcpt, ["eve@acme.test"], "the envelope has the user alone");
        let head = m
            .mail
            .raw
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            !head.contains("evil"),
            "a name reached the headers:\n{head}"
        );
        assert!(!head.lines().any(|l| l.starts_with("bcc")));
        assert_eq!(m.mail.to(), "eve@acme.test");
    }
);
