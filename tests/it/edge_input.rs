//! Hostile input at the HTTP edge, on both stores: control characters, oversized texts
//! and lists, mistyped SCIM searches, another user's address, long requests, and error
//! bodies that speak JSON rather than Rust.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<(&str, String)>,
) -> (u16, Value) {
    let mut req = app.api(method, path);
    if let Some((content_type, b)) = body {
        req = req.header("content-type", content_type).body(b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn api_json(app: &TestApp, method: Method, path: &str, body: Value) -> (u16, Value) {
    call(
        app,
        method,
        path,
        Some(("application/json", body.to_string())),
    )
    .await
}

async fn scim(app: &TestApp, method: Method, path: &str, body: Value) -> (u16, Value) {
    let path = format!("/scim/v2{path}");
    call(
        app,
        method,
        &path,
        Some(("application/scim+json", body.to_string())),
    )
    .await
}

async fn total(app: &TestApp) -> u64 {
    call(app, Method::GET, "/api/v1/users", None).await.1["total"]
        .as_u64()
        .unwrap()
}

both_stores!(
    control_characters_are_refused_at_every_edge_naming_the_field,
    |app: TestApp| async move {
        let ada = app.create_user(json!({"email": "ada@acme.test"})).await;
        let id = ada["id"].as_str().unwrap().to_string();
        let before = total(&app).await;

        // Sign-in, unauthenticated: a refusal naming the field, never a 500.
        for form in ["email=a%00@b.cc&password=x", "email=a@b.cc&password=a%00b"] {
            let res = reqwest::Client::new()
                .post(app.url("/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 400, "{form}");
            let text = res.text().await.unwrap();
            let field = if form.starts_with("email=a%00") {
                "email"
            } else {
                "password"
            };
            assert!(text.contains(field), "{form}: {text}");
        }
        // Query parameters and path ids, API and portal.
        for (path, field) in [
            ("/api/v1/users?q=a%00b", "q"),
            ("/api/v1/users?status=active%01", "status"),
            ("/api/v1/access?user=a%00@b.cc&product=meeting", "user"),
            // A cursor hides its NUL in hex, past the parameters' own check.
            (
                &format!(
                    "/api/v1/users?status=suspended&cursor={}",
                    hex::encode(json!(["email", "a\u{0}b", "x"]).to_string())
                ),
                "cursor",
            ),
        ] {
            let (s, b) = call(&app, Method::GET, path, None).await;
            assert_eq!(
                (s, b["error"]["field"].as_str()),
                (400, Some(field)),
                "{path}: {b}"
            );
        }
        let (s, b) = call(&app, Method::GET, &format!("/api/v1/users/{id}%00"), None).await;
        assert_eq!(
            (s, b["error"]["field"].as_str()),
            (400, Some("path")),
            "{b}"
        );
        let res = reqwest::get(app.url("/users?q=a%00b")).await.unwrap();
        assert_eq!(res.status(), 400);
        // JSON bodies: the field is named, nothing is written.
        let (s, b) = api_json(
            &app,
            Method::POST,
            "/api/v1/users",
            json!({"email": "nul@acme.test", "last_name": "A\u{0}B"}),
        )
        .await;
        assert_eq!(
            (s, b["error"]["field"].as_str()),
            (422, Some("last_name")),
            "{b}"
        );
        let (s, b) = api_json(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{id}"),
            json!({"products": ["meeting", "x\u{1b}"]}),
        )
        .await;
        assert_eq!(
            (s, b["error"]["field"].as_str()),
            (422, Some("products[1]")),
            "{b}"
        );
        // SCIM: a filter and an attribute.
        let (s, b) = call(
            &app,
            Method::GET,
            "/scim/v2/Users?filter=userName%20eq%20%22a%00%22",
            None,
        )
        .await;
        assert_eq!(
            (s, b["scimType"].as_str()),
            (400, Some("invalidFilter")),
            "{b}"
        );
        let (s, b) = scim(
            &app,
            Method::POST,
            "/Users/.search",
            json!({"filter": "userName eq \"a\u{0}\""}),
        )
        .await;
        assert_eq!(
            (s, b["scimType"].as_str()),
            (400, Some("invalidFilter")),
            "{b}"
        );
        let (s, b) = scim(
            &app,
            Method::POST,
            "/Users",
            json!({"schemas": [USER], "userName": "nul@acme.test", "name": {"givenName": "A\u{0}"}}),
        )
        .await;
        assert_eq!(s, 400, "{b}");
        assert!(
            b["detail"].as_str().unwrap().contains("name.givenName"),
            "{b}"
        );
        let (s, b) = call(&app, Method::GET, &format!("/scim/v2/Users/{id}%00"), None).await;
        assert_eq!(s, 400, "{b}");
        // An address may hold line breaks; a NUL still not.
        let (s, b) = scim(
            &app,
            Method::POST,
            "/Users",
            json!({"schemas": [USER], "userName": "lines@acme.test",
                "addresses": [{"type": "work", "formatted": "1 Main St\nSpringfield"}]}),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        // A CSV import names the line.
        let (s, b) = call(
            &app,
            Method::POST,
            "/api/v1/users/import",
            Some((
                "text/csv",
                "email,first_name\nok@acme.test,Ok\nnul@acme.test,A\u{0}\n".to_string(),
            )),
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (400, Some("invalid_csv")),
            "{b}"
        );
        assert!(
            b["error"]["message"].as_str().unwrap().contains("line 3"),
            "{b}"
        );

        assert_eq!(
            total(&app).await,
            before + 1,
            "only the multi-line address was created"
        );
    }
);

both_stores!(
    scim_search_needs_typed_parameters,
    |app: TestApp| async move {
        for (body, kind) in [
            (json!({"filter": 3}), "invalidFilter"),
            (json!({"filter": {"userName": "x"}}), "invalidFilter"),
            (json!({"filter": ["userName pr"]}), "invalidFilter"),
            (json!({"attributes": 3}), "invalidSyntax"),
            (json!({"count": {"n": 1}}), "invalidValue"),
        ] {
            let (s, b) = scim(&app, Method::POST, "/Users/.search", body.clone()).await;
            assert_eq!(
                (s, b["scimType"].as_str()),
                (400, Some(kind)),
                "{body}: {b}"
            );
        }
        let (s, b) = scim(
            &app,
            Method::POST,
            "/Users/.search",
            json!({"filter": "userName pr", "attributes": ["userName"], "count": 5}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }
);

both_stores!(
    scim_texts_and_lists_are_bounded,
    |app: TestApp| async move {
        let before = total(&app).await;
        let long = "x".repeat(10_000);
        let many: Vec<Value> = (0..60)
            .map(|i| json!({"value": format!("u{i}@acme.test"), "type": "other"}))
            .collect();
        let cases = [
            (
                json!({"schemas": [USER], "userName": format!("{long}@acme.test")}),
                "userName",
            ),
            (
                json!({"schemas": [USER], "userName": "b@acme.test", "name": {"familyName": long}}),
                "name.familyName",
            ),
            (
                json!({"schemas": [USER], "userName": "b@acme.test", "emails": many}),
                "emails",
            ),
            (
                json!({"schemas": [USER], "userName": "b@acme.test", "phoneNumbers": (0..60).map(|i| json!({"value": i.to_string()})).collect::<Vec<_>>()}),
                "phoneNumbers",
            ),
            (
                json!({"schemas": [USER], "userName": "b@acme.test", "password": "p".repeat(2000)}),
                "password",
            ),
            (
                json!({"schemas": [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "userName": "b@acme.test",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "d".repeat(5000)}}),
                "department",
            ),
        ];
        for (doc, field) in cases {
            let (s, b) = scim(&app, Method::POST, "/Users", doc).await;
            assert_eq!(
                (s, b["scimType"].as_str()),
                (400, Some("invalidValue")),
                "{field}: {b}"
            );
            assert!(
                b["detail"].as_str().unwrap().contains(field),
                "{field}: {b}"
            );
        }
        let huge = json!({"schemas": [USER], "userName": "b@acme.test",
            "x-notes": (0..100).map(|_| "n".repeat(1000)).collect::<Vec<_>>().join("")});
        let (s, b) = scim(&app, Method::POST, "/Users", huge).await;
        assert_eq!(s, 413, "{b}");
        assert_eq!(total(&app).await, before);
    }
);

both_stores!(
    scim_patch_cannot_give_a_user_another_users_address,
    |app: TestApp| async move {
        let mut ids = Vec::new();
        for name in ["ann@acme.test", "bob@acme.test"] {
            let (s, b) = scim(
                &app,
                Method::POST,
                "/Users",
                json!({"schemas": [USER], "userName": name, "entitlements": [{"value": "meeting"}]}),
            )
            .await;
            assert_eq!(s, 201, "{b}");
            ids.push(b["id"].as_str().unwrap().to_string());
        }
        let ann = &ids[0];
        let patch = json!({"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "BOB@acme.test"}]});
        let (s, b) = scim(&app, Method::PATCH, &format!("/Users/{ann}"), patch).await;
        assert_eq!(
            (s, b["scimType"].as_str()),
            (409, Some("uniqueness")),
            "{b}"
        );
        let (s, b) = call(&app, Method::GET, &format!("/scim/v2/Users/{ann}"), None).await;
        assert_eq!(s, 200);
        assert!(!b.to_string().to_lowercase().contains("bob@"), "{b}");
        // A free address is still taken as sent.
        let patch = json!({"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "ann.work@acme.test"}]});
        let (s, b) = scim(&app, Method::PATCH, &format!("/Users/{ann}"), patch).await;
        assert_eq!(s, 200, "{b}");
    }
);

both_stores!(api_texts_and_lists_are_bounded, |app: TestApp| async move {
    let before = total(&app).await;
    let many: Vec<String> = (0..60).map(|i| format!("p{i}")).collect();
    for (body, field) in [
        (
            json!({"email": "a@acme.test", "first_name": "x".repeat(300)}),
            "first_name",
        ),
        (
            json!({"email": format!("{}@acme.test", "x".repeat(400))}),
            "email",
        ),
        (
            json!({"email": "a@acme.test", "products": many}),
            "products",
        ),
        (
            json!({"email": "a@acme.test", "password": "p".repeat(2000)}),
            "password",
        ),
        (
            json!({"email": "a@acme.test", "external_id": "e".repeat(300)}),
            "external_id",
        ),
    ] {
        let (s, b) = api_json(&app, Method::POST, "/api/v1/users", body).await;
        assert_eq!((s, b["error"]["field"].as_str()), (422, Some(field)), "{b}");
    }
    assert_eq!(total(&app).await, before);
});

both_stores!(
    json_errors_say_what_is_wrong_in_json_words,
    |app: TestApp| async move {
        for body in [
            "[]",
            "\"x\"",
            "{\"email\": 3}",
            "{\"email\": \"a@acme.test\", \"products\": \"pro\"}",
        ] {
            let (s, b) = call(
                &app,
                Method::POST,
                "/api/v1/users",
                Some(("application/json", body.into())),
            )
            .await;
            assert_eq!(s, 400, "{body}: {b}");
            let message = b["error"]["message"].as_str().unwrap();
            assert!(
                !message.contains("CreateUser") && !message.contains("struct"),
                "{body}: {message}"
            );
        }
        let (_, b) = call(
            &app,
            Method::POST,
            "/api/v1/users",
            Some(("application/json", "{\"email\": 3}".into())),
        )
        .await;
        assert_eq!(b["error"]["field"], "email", "{b}");
        let (_, b) = call(
            &app,
            Method::PUT,
            "/api/v1/products/meeting",
            Some(("application/json", "{\"seats\": -1}".into())),
        )
        .await;
        assert_eq!(b["error"]["field"], "seats", "{b}");
        assert!(
            !b["error"]["message"].as_str().unwrap().contains("u32"),
            "{b}"
        );
    }
);

both_stores!(
    long_requests_are_refused_with_a_body,
    |app: TestApp| async move {
        let (s, b) = call(
            &app,
            Method::GET,
            &format!("/api/v1/users?q={}", "x".repeat(9000)),
            None,
        )
        .await;
        assert_eq!(
            (s, b["error"]["code"].as_str()),
            (414, Some("uri_too_long")),
            "{b}"
        );
        let res = app
            .api(Method::GET, "/api/v1/users")
            .header("x-padding", "p".repeat(40 * 1024))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 431);
        let b: Value = res.json().await.unwrap();
        assert_eq!(b["error"]["code"], "headers_too_large");
        let res = app
            .api(
                Method::GET,
                &format!("/scim/v2/Users?filter={}", "x".repeat(9000)),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 414);
        let b: Value = res.json().await.unwrap();
        assert_eq!(b["status"], "414", "{b}");
    }
);

both_stores!(
    the_portal_loads_only_from_its_own_origin,
    |app: TestApp| async move {
        let res = reqwest::get(app.url("/login")).await.unwrap();
        assert_eq!(res.status(), 200);
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        let page = res.text().await.unwrap();
        // Every stylesheet and script the page names is served from here.
        for asset in ["/portal.css", "/portal.js"] {
            assert!(page.contains(&format!("\"{asset}\"")), "{asset}");
            assert_eq!(reqwest::get(app.url(asset)).await.unwrap().status(), 200);
        }
        assert!(
            !page.contains("<script>") && !page.contains("style=\""),
            "no inline code"
        );
    }
);
