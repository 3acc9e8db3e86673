//! Each door takes only its scopes: the API admin, SCIM scim, the access check access
//! (a product-bound one only for its product), Shared Signals events.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

/// Creates a token over the API and answers (id, secret).
pub async fn new_token(app: &TestApp, body: Value) -> (String, String) {
    let res = app
        .api(Method::POST, "/api/v1/tokens")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    assert!(v.get("token_hash").is_none());
    (
        v["id"].as_str().unwrap().to_string(),
        v["secret"].as_str().unwrap().to_string(),
    )
}

async fn status(app: &TestApp, token: &str, method: Method, path: &str) -> StatusCode {
    app.client
        .request(method, app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

both_stores!(each_scope_opens_only_its_doors, |app: TestApp| async move {
    app.create_user(json!({"email": "ann@acme.test", "products": ["meeting"]}))
        .await;
    let access_q = "/api/v1/access?user=ann@acme.test&product=meeting";
    let (_, scim) = new_token(&app, json!({"name": "okta", "scope": "scim"})).await;
    let (_, access) = new_token(&app, json!({"name": "meeting", "scope": "access"})).await;
    let (_, events) = new_token(&app, json!({"name": "rx", "scope": "events"})).await;
    let admin = app.token.clone();

    for (token, users, scim_users, access_check, streams) in [
        (&admin, 200, 200, 200, 200),
        (&scim, 403, 200, 403, 403),
        (&access, 403, 403, 200, 403),
        (&events, 403, 403, 403, 200),
    ] {
        assert_eq!(
            status(&app, token, Method::GET, "/api/v1/users").await,
            users
        );
        assert_eq!(
            status(&app, token, Method::GET, "/scim/v2/Users").await,
            scim_users
        );
        assert_eq!(
            status(&app, token, Method::GET, access_q).await,
            access_check
        );
        assert_eq!(
            status(&app, token, Method::GET, "/ssf/streams").await,
            streams
        );
        // Only an admin token manages tokens.
        let tokens = status(&app, token, Method::GET, "/api/v1/tokens").await;
        assert_eq!(tokens, if token == &admin { 200 } else { 403 });
    }
    // A refusal says why.
    let res = app
        .client
        .get(app.url("/api/v1/users"))
        .bearer_auth(&scim)
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("scim"));
});

both_stores!(
    a_product_bound_access_token_asks_about_its_product_only,
    |app: TestApp| async move {
        app.create_user(json!({"email": "bo@acme.test", "products": ["meeting", "webinar"]}))
            .await;
        let (_, token) = new_token(
            &app,
            json!({"name": "meeting", "scope": "access", "product": "meeting"}),
        )
        .await;
        let ask = |product: &str| {
            let path = format!("/api/v1/access?user=bo@acme.test&product={product}");
            let (app, token) = (&app, &token);
            async move { status(app, token, Method::GET, &path).await }
        };
        assert_eq!(ask("meeting").await, 200);
        assert_eq!(ask("webinar").await, 403);

        // Binding is for the tokens a product holds; an unknown product is refused.
        for body in [
            json!({"name": "x", "scope": "admin", "product": "meeting"}),
            json!({"name": "x", "scope": "scim", "product": "meeting"}),
            json!({"name": "x", "scope": "access", "product": "nope"}),
            json!({"name": "x", "scope": "access", "expires_days": 0}),
            json!({"name": "", "scope": "access"}),
        ] {
            let res = app
                .api(Method::POST, "/api/v1/tokens")
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 422, "{body}");
        }
        let res = app
            .api(Method::POST, "/api/v1/tokens")
            .json(&json!({"name": "x", "scope": "root"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
    }
);
