//! The seed workflow over HTTP, on both stores (DESIGN §1, issue 3).

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

async fn get_user(app: &TestApp, id: &str) -> Value {
    app.api(Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn patch(app: &TestApp, id: &str, body: Value) -> reqwest::Response {
    app.api(Method::PATCH, &format!("/api/v1/users/{id}"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn access(app: &TestApp, user: &str, product: &str) -> Value {
    let res = app
        .api(
            Method::GET,
            &format!("/api/v1/access?user={user}&product={product}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

both_stores!(seed_workflow, |app: TestApp| async move {
    // A user with products is created: getting-started for meeting in their language, none for rescue.
    let u = app
        .create_user(
            json!({"email": "jean.dupont@acme.test", "first_name": "Jean", "last_name": "Dupont",
            "locale": "fr", "role": "manager", "products": ["meeting", "rescue"]}),
        )
        .await;
    let id = u["id"].as_str().unwrap().to_string();
    assert_eq!(u["status"], "active");
    assert_eq!(u["version"], 1);
    let mails = app.wait_for_mails(3).await;
    let gs: Vec<_> = mails
        .iter()
        .filter(|m| m.template() == "getting_started")
        .collect();
    assert_eq!(gs.len(), 1, "one getting-started email");
    assert_eq!(gs[0].product().as_deref(), Some("meeting"));
    assert_eq!(gs[0].header("Content-Language").as_deref(), Some("fr"));
    assert_eq!(gs[0].subject(), "Bien démarrer avec GoTo Meeting");
    assert!(gs[0].to().contains("jean.dupont@acme.test"));
    let before = app.settle_mail().await.len();

    // Remove every product: a manager keeps access to nothing but stays active.
    let res = patch(&app, &id, json!({"products": []})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "\"2\"");
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["status"], "active");
    let mails = app.wait_for_mails(before + 1).await;
    assert_eq!(
        app.settle_mail().await.len(),
        before + 1,
        "exactly one email for this step"
    );
    let changed = mails
        .iter()
        .filter(|m| m.template() == "products_changed")
        .count();
    assert_eq!(
        changed, 2,
        "one products_changed at creation, one for the removal"
    );

    // Then the role to member, without notifying: suspended, and no email for this step.
    let count = app.settle_mail().await.len();
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{id}?notify=false"))
        .header("If-Match", "\"2\"")
        .json(&json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["status"], "suspended");
    assert_eq!(
        app.settle_mail().await.len(),
        count,
        "notify=false sends nothing"
    );

    // Every product answers no.
    for p in ["meeting", "rescue", "connect"] {
        let a = access(&app, &id, p).await;
        assert_eq!(a["allowed"], false);
        assert_eq!(a["status"], "suspended");
    }
    let a = access(&app, "Jean.Dupont@acme.test", "meeting").await;
    assert_eq!(a["allowed"], false, "lookup by email too");

    // A stale If-Match is refused with 412 and changes nothing.
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{id}"))
        .header("If-Match", "\"1\"")
        .json(&json!({"products": ["meeting"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "stale_version");
    assert_eq!(get_user(&app, &id).await["products"], json!([]));

    // Reactivate gives back the state before the edit that suspended: a manager, no products.
    let res = app
        .api(Method::POST, &format!("/api/v1/users/{id}/reactivate"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let u: Value = res.json().await.unwrap();
    assert_eq!(u["role"], "manager");
    assert_eq!(u["status"], "active");

    // Suspend / Reactivate restores products and role.
    patch(&app, &id, json!({"products": ["meeting", "webinar"]})).await;
    let u: Value = app
        .api(Method::POST, &format!("/api/v1/users/{id}/suspend"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(u["status"], "suspended");
    assert_eq!(u["role"], "member");
    assert_eq!(u["products"], json!([]));
    assert_eq!(access(&app, &id, "meeting").await["allowed"], false);
    let u: Value = app
        .api(Method::POST, &format!("/api/v1/users/{id}/reactivate"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(u["role"], "manager");
    assert_eq!(u["products"], json!(["meeting", "webinar"]));
    assert_eq!(access(&app, &id, "meeting").await["allowed"], true);

    // Delete hides the user and cuts access; restore brings them back.
    let res = app
        .api(Method::DELETE, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Value = app
        .api(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["users"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["id"] != id.as_str()));
    let deleted: Value = app
        .api(Method::GET, "/api/v1/users?status=deleted")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(deleted["users"][0]["id"], id.as_str());
    let a = access(&app, &id, "meeting").await;
    assert_eq!(
        (a["allowed"].clone(), a["status"].clone()),
        (json!(false), json!("deleted"))
    );
    let u: Value = app
        .api(Method::POST, &format!("/api/v1/users/{id}/restore"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(u["status"], "active");
    assert_eq!(u["products"], json!(["meeting", "webinar"]));
    assert_eq!(access(&app, &id, "webinar").await["allowed"], true);

    // The audit tells the whole story, newest first, with channel and notify choice.
    let audit: Value = app
        .api(Method::GET, &format!("/api/v1/audit?user={id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "restore",
            "delete",
            "reactivate",
            "suspend",
            "update",
            "reactivate",
            "update",
            "update",
            "create"
        ]
    );
    let quiet = &audit["events"][5 + 1];
    assert_eq!(quiet["notify"], false);
    assert_eq!(quiet["channel"], "api");
    assert_eq!(quiet["before"]["role"], "manager");
    assert_eq!(quiet["after"]["status"], "suspended");
});
