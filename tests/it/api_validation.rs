//! Bad input, permissions, isolation, seats and races over HTTP, on both stores.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;
use roster::domain::ActorRole;
use roster::service::{Action, Actor, Channel, ServiceError, UserPatch};

async fn send(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = app.api(method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// method, path, body, expected status, error code, field named.
type Case = (
    Method,
    String,
    Value,
    u16,
    &'static str,
    Option<&'static str>,
);

async fn user_count(app: &TestApp) -> u64 {
    send(app, Method::GET, "/api/v1/users", None).await.1["total"]
        .as_u64()
        .unwrap()
}

both_stores!(
    bad_input_is_a_clear_4xx_and_changes_nothing,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "ada@acme.test", "products": ["pro"]}))
            .await;
        let id = u["id"].as_str().unwrap().to_string();
        let users = user_count(&app).await;

        let cases: Vec<Case> = vec![
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "not-an-email"}),
                422,
                "invalid",
                Some("email"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "x@acme.test", "products": ["metting"]}),
                422,
                "unknown_product",
                Some("products"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "x@acme.test", "role": "owner"}),
                422,
                "unknown_role",
                Some("role"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "x@acme.test", "locale": "sv"}),
                422,
                "unknown_locale",
                Some("locale"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "x@acme.test", "colour": "red"}),
                400,
                "invalid_json",
                None,
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "ADA@acme.test"}),
                409,
                "duplicate",
                Some("email"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "y@acme.test", "password": "short"}),
                422,
                "invalid",
                Some("password"),
            ),
            (
                Method::POST,
                "/api/v1/users".into(),
                json!({"email": "z@acme.test", "first_name": "A\r\nBcc: evil@x.test"}),
                422,
                "invalid",
                Some("first_name"),
            ),
            (
                Method::PATCH,
                format!("/api/v1/users/{id}"),
                json!({"products": ["pro", "nope"]}),
                422,
                "unknown_product",
                Some("products"),
            ),
            (
                Method::PATCH,
                format!("/api/v1/users/{id}"),
                json!({"products": "pro"}),
                400,
                "invalid_json",
                None,
            ),
            (
                Method::PATCH,
                "/api/v1/users/does-not-exist".into(),
                json!({"role": "member"}),
                404,
                "not_found",
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/users/{id}/reactivate"),
                json!({}),
                409,
                "conflict",
                None,
            ),
            (
                Method::POST,
                format!("/api/v1/users/{id}/restore"),
                json!({}),
                409,
                "conflict",
                None,
            ),
            (
                Method::PUT,
                "/api/v1/products/meeting".into(),
                json!({}),
                400,
                "invalid_json",
                None,
            ),
            (
                Method::PUT,
                "/api/v1/products/meeting".into(),
                json!({"seats": -1}),
                400,
                "invalid_json",
                None,
            ),
        ];
        for (method, path, body, status, code, field) in cases {
            let (got, body_out) = send(&app, method.clone(), &path, Some(body.clone())).await;
            assert_eq!(got, status, "{method} {path} {body} -> {body_out}");
            assert_eq!(
                body_out["error"]["code"], code,
                "{method} {path} {body} -> {body_out}"
            );
            assert!(!body_out["error"]["message"].as_str().unwrap().is_empty());
            if let Some(f) = field {
                assert_eq!(body_out["error"]["field"], f, "{body_out}");
            }
        }
        let (s, b) = send(
            &app,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "x@acme.test", "products": ["metting"]})),
        )
        .await;
        assert!(s == 422 && b["error"]["message"].as_str().unwrap().contains("metting"));

        // Not JSON at all, and no content type.
        let res = app
            .api(Method::POST, "/api/v1/users")
            .body("{\"email\":")
            .header("content-type", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let res = app
            .api(Method::POST, "/api/v1/users")
            .body("email=x")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 415);
        // Bad query parameters.
        for q in [
            "status=frozen",
            "role=owner",
            "product=metting",
            "limit=0",
            "limit=9999",
            "limit=abc",
            "cursor=zz",
            "sort=age",
        ] {
            let (s, b) = send(&app, Method::GET, &format!("/api/v1/users?{q}"), None).await;
            assert_eq!(s, 400, "{q}: {b}");
            assert!(b["error"]["message"].is_string(), "{q}: {b}");
        }
        let (s, b) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{id}?notify=maybe"),
            Some(json!({"role": "admin"})),
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].clone()),
            (400, json!("invalid_query"))
        );
        let (s, b) = send(&app, Method::GET, "/api/v1/nothing-here", None).await;
        assert_eq!((s, b["error"]["code"].clone()), (404, json!("not_found")));
        let (s, b) = send(&app, Method::DELETE, "/api/v1/users", None).await;
        assert_eq!(
            (s, b["error"]["code"].clone()),
            (405, json!("method_not_allowed"))
        );
        let huge = json!({"email": "big@acme.test", "first_name": "x".repeat(5 * 1024 * 1024)});
        let res = app
            .api(Method::POST, "/api/v1/users")
            .json(&huge)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 413);
        // The refused body was not read: the connection closes, and the client's next
        // request goes on a fresh one (it failed half sent now and then).
        assert_eq!(
            res.headers().get("connection").map(|v| v.as_bytes()),
            Some(&b"close"[..])
        );
        let b: Value = res.json().await.unwrap();
        assert_eq!(b["error"]["code"], "invalid_json");
        let res = app
            .api(Method::POST, "/api/v1/users/import")
            .header("content-type", "text/csv")
            .body(vec![b'e', b'm', 0xff, 0xfe, b'\n'])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let b: Value = res.json().await.unwrap();
        assert_eq!(b["error"]["code"], "invalid_csv");
        let (s, _) = send(
            &app,
            Method::GET,
            &format!("/api/v1/access?user={id}&product=metting"),
            None,
        )
        .await;
        assert_eq!(s, 400);
        let (s, _) = send(&app, Method::GET, "/api/v1/access?product=meeting", None).await;
        assert_eq!(s, 400);
        let res = app
            .api(Method::PATCH, &format!("/api/v1/users/{id}"))
            .header("If-Match", "yesterday")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);

        // Nothing changed.
        assert_eq!(user_count(&app).await, users);
        let (_, after) = send(&app, Method::GET, &format!("/api/v1/users/{id}"), None).await;
        assert_eq!(after["version"], 1);
        assert_eq!(after["products"], json!(["pro"]));
    }
);

both_stores!(
    without_a_valid_token_nothing_is_served,
    |app: TestApp| async move {
        let res = app
            .client
            .get(app.url("/api/v1/users"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let res = app
            .client
            .get(app.url("/api/v1/users"))
            .bearer_auth("rst_forged")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized");
    }
);

both_stores!(
    a_deleted_users_email_is_refused_with_a_way_back,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "gone@acme.test", "products": ["meeting"]}))
            .await;
        let id = u["id"].as_str().unwrap();
        app.create_user(json!({"email": "alive@acme.test"})).await;
        app.act(id, "delete").await;
        let listed = user_count(&app).await;
        let events = app.audit_of(id).await.len();
        for body in [
            json!({"email": "Gone@acme.test"}),
            json!({"email": "gone@acme.test", "products": ["webinar"], "role": "manager"}),
        ] {
            let (s, b) = send(&app, Method::POST, "/api/v1/users", Some(body)).await;
            assert_eq!((s, &b["error"]["code"]), (409, &json!("duplicate")), "{b}");
            let message = b["error"]["message"].as_str().unwrap();
            assert!(message.contains("restore them instead"), "{message}");
        }
        // A live user's email is refused without the hint, and the account still works
        // after the refusals (the transaction of each was rolled back, not left broken).
        let (s, b) = send(
            &app,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "ALIVE@acme.test"})),
        )
        .await;
        assert_eq!(s, 409, "{b}");
        assert!(!b["error"]["message"].as_str().unwrap().contains("restore"));
        assert_eq!(user_count(&app).await, listed);
        assert_eq!(app.audit_of(id).await.len(), events);
        assert_eq!(app.act(id, "restore").await["products"], json!(["meeting"]));
    }
);

both_stores!(another_accounts_user_is_a_404, |app: TestApp| async move {
    let u = app
        .create_user(json!({"email": "private@acme.test", "products": ["meeting"]}))
        .await;
    let id = u["id"].as_str().unwrap();
    let other = app.other_account_token("globex").await;
    for (method, path) in [
        (Method::GET, format!("/api/v1/users/{id}")),
        (Method::PATCH, format!("/api/v1/users/{id}")),
        (Method::POST, format!("/api/v1/users/{id}/suspend")),
        (Method::DELETE, format!("/api/v1/users/{id}")),
        (
            Method::GET,
            format!("/api/v1/access?user={id}&product=meeting"),
        ),
        (
            Method::GET,
            "/api/v1/access?user=private@acme.test&product=meeting".to_string(),
        ),
        (Method::GET, format!("/api/v1/audit?user={id}")),
    ] {
        let mut req = app
            .client
            .request(method.clone(), app.url(&path))
            .bearer_auth(&other);
        if method == Method::PATCH {
            req = req.json(&json!({"products": []}));
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 404, "{method} {path}");
    }
    let list: Value = app
        .client
        .get(app.url("/api/v1/users?q=private"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 0);
    // Untouched.
    let (_, u) = send(&app, Method::GET, &format!("/api/v1/users/{id}"), None).await;
    assert_eq!(u["status"], "active");
});

both_stores!(
    seats_are_counted_and_refused_by_name,
    |app: TestApp| async move {
        let (s, p) = send(
            &app,
            Method::PUT,
            "/api/v1/products/webinar",
            Some(json!({"seats": 1})),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(
            (
                p["seats"].clone(),
                p["seats_used"].clone(),
                p["seats_available"].clone()
            ),
            (json!(1), json!(0), json!(1))
        );
        let first = app
            .create_user(json!({"email": "one@acme.test", "products": ["webinar"]}))
            .await;
        let (s, b) = send(
            &app,
            Method::POST,
            "/api/v1/users",
            Some(json!({"email": "two@acme.test", "products": ["webinar"]})),
        )
        .await;
        assert_eq!(s, 409);
        assert_eq!(b["error"]["code"], "seats_exhausted");
        let msg = b["error"]["message"].as_str().unwrap();
        assert!(msg.contains("GoTo Webinar") && msg.contains('1'), "{msg}");
        let two = app
            .create_user(json!({"email": "two@acme.test", "products": ["pro"]}))
            .await;
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{}", two["id"].as_str().unwrap()),
            Some(json!({"products": ["pro", "webinar"]})),
        )
        .await;
        assert_eq!(s, 409);

        // Deleting frees the seat; restoring needs it back.
        let first_id = first["id"].as_str().unwrap();
        send(
            &app,
            Method::DELETE,
            &format!("/api/v1/users/{first_id}"),
            None,
        )
        .await;
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{}", two["id"].as_str().unwrap()),
            Some(json!({"products": ["pro", "webinar"]})),
        )
        .await;
        assert_eq!(s, 200);
        let (s, b) = send(
            &app,
            Method::POST,
            &format!("/api/v1/users/{first_id}/restore"),
            None,
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].clone()),
            (409, json!("seats_exhausted"))
        );

        // Unlimited again.
        let (s, p) = send(
            &app,
            Method::PUT,
            "/api/v1/products/webinar",
            Some(json!({"seats": null})),
        )
        .await;
        assert_eq!((s, p["seats"].clone()), (200, Value::Null));
        let (s, _) = send(
            &app,
            Method::POST,
            &format!("/api/v1/users/{first_id}/restore"),
            None,
        )
        .await;
        assert_eq!(s, 200);
        let (_, list) = send(&app, Method::GET, "/api/v1/products", None).await;
        let webinar = list["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "webinar")
            .unwrap()
            .clone();
        assert_eq!(webinar["seats_used"], 2);
        assert_eq!(list["products"].as_array().unwrap().len(), 17);
    }
);

both_stores!(
    a_manager_cannot_touch_an_admin_nor_grant_admin,
    |app: TestApp| async move {
        let admin = app
            .create_user(json!({"email": "boss@acme.test", "role": "admin"}))
            .await;
        let member = app
            .create_user(json!({"email": "m@acme.test", "products": ["pro"]}))
            .await;
        let manager = app
            .create_user(json!({"email": "mgr@acme.test", "role": "manager"}))
            .await;
        let actor = Actor {
            account_id: app.account_id.clone(),
            role: ActorRole::Manager,
            label: "user:mgr@acme.test".into(),
            user_id: manager["id"].as_str().map(str::to_string),
            channel: Channel::Portal,
        };
        let admin_id = admin["id"].as_str().unwrap();
        for action in [
            Action::Suspend,
            Action::Delete,
            Action::Update(UserPatch {
                products: Some(vec!["meeting".into()]),
                ..Default::default()
            }),
        ] {
            let err = app
                .service
                .change_user(&actor, admin_id, None, action, true)
                .await
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    ServiceError::Rule(roster::domain::DomainError::Forbidden(_))
                ),
                "{err}"
            );
        }
        let grant = Action::Update(UserPatch {
            role: Some(roster::domain::Role::Admin),
            ..Default::default()
        });
        assert!(app
            .service
            .change_user(&actor, member["id"].as_str().unwrap(), None, grant, true)
            .await
            .is_err());
        let promote = Action::Update(UserPatch {
            role: Some(roster::domain::Role::Manager),
            ..Default::default()
        });
        let done = app
            .service
            .change_user(&actor, member["id"].as_str().unwrap(), None, promote, true)
            .await
            .unwrap();
        assert_eq!(done.user.role, roster::domain::Role::Manager);
        assert!(
            app.service
                .set_seats(&actor, "meeting", Some(3))
                .await
                .is_err(),
            "seats are for admins"
        );
        let (_, a) = send(
            &app,
            Method::GET,
            &format!("/api/v1/users/{admin_id}"),
            None,
        )
        .await;
        assert_eq!(a["version"], 1, "the admin is untouched");
    }
);

both_stores!(
    the_last_admin_stays_even_under_a_race,
    |app: TestApp| async move {
        let (_, list) = send(&app, Method::GET, "/api/v1/users?role=admin", None).await;
        let first = list["users"][0]["id"].as_str().unwrap().to_string();
        // Alone: cannot be demoted, suspended nor deleted.
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/api/v1/users/{first}"),
                Some(json!({"role": "manager"})),
            ),
            (Method::POST, format!("/api/v1/users/{first}/suspend"), None),
            (Method::DELETE, format!("/api/v1/users/{first}"), None),
        ] {
            let (s, b) = send(&app, method, &path, body).await;
            assert_eq!(
                (s, b["error"]["code"].clone()),
                (409, json!("last_admin")),
                "{path}"
            );
        }
        // Two admins demoted at once: exactly one demotion wins, one admin stays.
        let second = app
            .create_user(json!({"email": "second@acme.test", "role": "admin"}))
            .await;
        let second = second["id"].as_str().unwrap().to_string();
        for _ in 0..5 {
            let (pa, pb) = (
                format!("/api/v1/users/{first}"),
                format!("/api/v1/users/{second}"),
            );
            let a = send(&app, Method::PATCH, &pa, Some(json!({"role": "manager"})));
            let b = send(&app, Method::PATCH, &pb, Some(json!({"role": "manager"})));
            let ((sa, _), (sb, _)) = tokio::join!(a, b);
            let mut codes = [sa, sb];
            codes.sort();
            assert_eq!(codes, [200, 409]);
            let (_, admins) = send(&app, Method::GET, "/api/v1/users?role=admin", None).await;
            assert_eq!(admins["total"], 1);
            // Make both admins again for the next round.
            for id in [&first, &second] {
                send(
                    &app,
                    Method::PATCH,
                    &format!("/api/v1/users/{id}"),
                    Some(json!({"role": "admin"})),
                )
                .await;
            }
        }
    }
);

both_stores!(
    getting_started_goes_once_ever_per_product,
    |app: TestApp| async move {
        let u = app.create_user(json!({"email": "gs@acme.test", "locale": "de", "products": ["meeting", "webinar", "rescue"]})).await;
        let id = u["id"].as_str().unwrap();
        let path = format!("/api/v1/users/{id}?notify=false");
        send(
            &app,
            Method::PATCH,
            &path,
            Some(json!({"products": ["rescue"]})),
        )
        .await;
        send(
            &app,
            Method::PATCH,
            &path,
            Some(json!({"products": ["rescue", "meeting", "webinar", "training"]})),
        )
        .await;
        let mails = app.settle_mail().await;
        let mut gs: Vec<String> = mails
            .iter()
            .filter(|m| m.template() == "getting_started")
            .filter_map(|m| m.product())
            .collect();
        gs.sort();
        assert_eq!(gs, ["meeting", "training", "webinar"]);
        assert!(mails
            .iter()
            .all(|m| m.header("Content-Language").as_deref() == Some("de")));
        // notify=false: the two edits sent only getting-started.
        assert_eq!(
            mails
                .iter()
                .filter(|m| m.template() == "products_changed")
                .count(),
            1
        );
    }
);

both_stores!(
    a_refused_change_sends_nothing_and_audits_nothing,
    |app: TestApp| async move {
        send(
            &app,
            Method::PUT,
            "/api/v1/products/training",
            Some(json!({"seats": 0})),
        )
        .await;
        let u = app
            .create_user(json!({"email": "r@acme.test", "products": ["pro"]}))
            .await;
        let id = u["id"].as_str().unwrap();
        let before = app.settle_mail().await.len();
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            Some(json!({"products": ["training", "meeting"]})),
        )
        .await;
        assert_eq!(s, 409);
        assert_eq!(app.settle_mail().await.len(), before);
        let (_, audit) = send(&app, Method::GET, &format!("/api/v1/audit?user={id}"), None).await;
        assert_eq!(audit["events"].as_array().unwrap().len(), 1);
        // The refused meeting never counted as started: it sends its getting-started later.
        send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{id}?notify=false"),
            Some(json!({"products": ["pro", "meeting"]})),
        )
        .await;
        let mails = app.settle_mail().await;
        assert_eq!(
            mails
                .iter()
                .filter(|m| m.product().as_deref() == Some("meeting"))
                .count(),
            1
        );
    }
);

both_stores!(paging_filters_and_search, |app: TestApp| async move {
    for i in 0..25 {
        let products = if i % 2 == 0 {
            json!(["meeting"])
        } else {
            json!([])
        };
        app.create_user(json!({"email": format!("user{i:02}@acme.test"), "first_name": format!("Name{i}"), "last_name": "Zed", "products": products})).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?limit=7&cursor={c}"),
            None => "/api/v1/users?limit=7".to_string(),
        };
        let (s, page) = send(&app, Method::GET, &path, None).await;
        assert_eq!(s, 200);
        assert_eq!(page["total"], 26);
        seen.extend(
            page["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["email"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "every user once, in order");
    assert_eq!(seen.len(), 26);
    let (_, s) = send(&app, Method::GET, "/api/v1/users?status=suspended", None).await;
    assert_eq!(s["total"], 12);
    let (_, m) = send(
        &app,
        Method::GET,
        "/api/v1/users?product=meeting&q=user1",
        None,
    )
    .await;
    assert_eq!(m["total"], 5, "user10..user18 even");
    let (_, n) = send(&app, Method::GET, "/api/v1/users?q=name7%20zed", None).await;
    assert_eq!(n["total"], 1);
    let (_, w) = send(&app, Method::GET, "/api/v1/users?q=%25", None).await;
    assert_eq!(w["total"], 0, "LIKE wildcards are literal");
    let (_, by_name) = send(&app, Method::GET, "/api/v1/users?sort=name&limit=3", None).await;
    assert_eq!(by_name["users"][0]["last_name"], "Admin");
});

/// The ids of a user's queued emails.
async fn email_ids(app: &TestApp, user_id: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM outbox WHERE user_id = $1 ORDER BY id")
        .bind(user_id.to_string())
        .fetch_all(&app.db)
        .await
        .unwrap()
}

/// How many of `ids` still have a stored text (`outbox_bodies`).
async fn texts_of(app: &TestApp, ids: &[String]) -> i64 {
    let mut n = 0;
    for id in ids {
        let one: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox_bodies WHERE id = $1")
            .bind(id.clone())
            .fetch_one(&app.db)
            .await
            .unwrap();
        n += one;
    }
    n
}

both_stores!(
    delivered_emails_are_swept_with_their_texts,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "swept@acme.test", "products": ["meeting"]}))
            .await;
        let id = u["id"].as_str().unwrap();
        let emails = email_ids(&app, id).await;
        assert!(!emails.is_empty(), "the user was emailed");
        assert_eq!(texts_of(&app, &emails).await, emails.len() as i64);
        // Delivered long ago, as the sweep finds them.
        sqlx::query("UPDATE outbox SET state = 'sent', sent_at = 1 WHERE user_id = $1")
            .bind(id.to_string())
            .execute(&app.db)
            .await
            .unwrap();
        let mut conn = app.db.acquire().await.unwrap();
        let swept =
            roster::store::queue::delete_done_before(&mut conn, &roster::store::outbox::TABLE, 2)
                .await
                .unwrap();
        assert_eq!(swept, emails.len() as u64);
        assert_eq!(email_ids(&app, id).await, Vec::<String>::new());
        assert_eq!(
            texts_of(&app, &emails).await,
            0,
            "their texts went with them"
        );
    }
);

both_stores!(
    deleted_users_are_purged_after_the_retention,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "gone@acme.test", "products": ["meeting"]}))
            .await;
        let id = u["id"].as_str().unwrap();
        send(&app, Method::DELETE, &format!("/api/v1/users/{id}"), None).await;
        assert_eq!(
            app.service.purge_expired().await.unwrap(),
            0,
            "within the retention period"
        );
        // Age the deletion past 30 days.
        let old = app.service.now_ms() - 31 * 24 * 3600 * 1000;
        sqlx::query("UPDATE users SET deleted_at = $1 WHERE id = $2")
            .bind(old)
            .bind(id.to_string())
            .execute(&app.db)
            .await
            .unwrap();
        let emails = email_ids(&app, id).await;
        assert!(!emails.is_empty(), "the user was emailed");
        assert_eq!(app.service.purge_expired().await.unwrap(), 1);
        assert_eq!(email_ids(&app, id).await, Vec::<String>::new());
        assert_eq!(
            texts_of(&app, &emails).await,
            0,
            "a purged user's emails are forgotten, their texts too"
        );
        let (s, _) = send(&app, Method::GET, &format!("/api/v1/users/{id}"), None).await;
        assert_eq!(s, 404);
        let (s, _) = send(
            &app,
            Method::POST,
            &format!("/api/v1/users/{id}/restore"),
            None,
        )
        .await;
        assert_eq!(s, 404);
    }
);

both_stores!(openapi_documents_every_route, |app: TestApp| async move {
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/users",
        "/api/v1/users/{id}",
        "/api/v1/users/{id}/suspend",
        "/api/v1/users/{id}/reactivate",
        "/api/v1/users/{id}/restore",
        "/api/v1/users/{id}/preview",
        "/api/v1/access",
        "/api/v1/audit",
        "/api/v1/products",
        "/api/v1/products/{key}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let h = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(h.status(), 200);
});

both_stores!(
    readyz_tells_when_the_database_is_gone,
    |app: TestApp| async move {
        let ok = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        // Every response refuses framing and sniffing; pages too.
        let login = app.client.get(app.url("/login")).send().await.unwrap();
        for res in [&ok, &login] {
            assert_eq!(res.headers()["x-frame-options"], "DENY");
            assert_eq!(res.headers()["x-content-type-options"], "nosniff");
            assert!(res.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"));
        }
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200);
        app.service.close().await;
        let down = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(down.status(), 503);
        // Liveness does not depend on the database: the process itself is fine.
        let alive = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(alive.status(), 200);
    }
);
