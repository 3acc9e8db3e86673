//! A SCIM PUT that omits `entitlements` and `roles` leaves the user's products and role as
//! they are (RFC 7644 §3.5.1 lets the provider choose; Okta's and Entra's profile pushes
//! omit them, and clearing them would suspend the user on every push). A PUT that names
//! them replaces them.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async fn scim(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let (status, doc, _) = super::scim(app, method, path, body).await;
    (status, doc)
}

/// A manager with two products, provisioned as an IdP does (with entitlements and roles).
async fn provisioned(app: &TestApp, user_name: &str) -> String {
    let (status, doc) = scim(
        app,
        Method::POST,
        "/Users",
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": user_name,
            "name": {"givenName": "Test", "familyName": "User"},
            "emails": [{"primary": true, "value": user_name, "type": "work"}],
            "entitlements": [{"value": "meeting"}, {"value": "room"}],
            "roles": [{"value": "manager"}],
            "active": true,
        })),
    )
    .await;
    assert_eq!(status, 201, "{doc}");
    doc["id"].as_str().unwrap().to_string()
}

/// What Roster itself says of the user: products, role, status.
async fn access_of(app: &TestApp, id: &str) -> (Vec<String>, String, String) {
    let u: Value = app
        .api(Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut products: Vec<String> = u["products"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    products.sort();
    (
        products,
        u["role"].as_str().unwrap().to_string(),
        u["status"].as_str().unwrap().to_string(),
    )
}

fn entitlements(doc: &Value) -> Vec<String> {
    let mut v: Vec<String> = doc["entitlements"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["value"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn kept() -> (Vec<String>, String, String) {
    (
        vec!["meeting".into(), "room".into()],
        "manager".into(),
        "active".into(),
    )
}

both_stores!(
    okta_profile_push_keeps_products_and_role,
    |app: TestApp| async move {
        let id = provisioned(&app, "test.user@okta.local").await;
        // Okta's profile push (its SCIM 2.0 guide, "Update a specific User (PUT)"): the whole
        // profile, no entitlements, no roles, an empty middle name and groups list.
        let (status, doc) = scim(
            &app,
            Method::PUT,
            &format!("/Users/{id}"),
            Some(json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "id": id,
                "userName": "test.user@okta.local",
                "name": {"givenName": "Another", "middleName": "", "familyName": "User"},
                "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
                "locale": "en-US",
                "externalId": "00ujl29u0le5T6Aj10h7",
                "groups": [],
                "password": "1mz050nq",
                "active": true,
            })),
        )
        .await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["active"], true, "{doc}");
        assert_eq!(doc["name"]["givenName"], "Another");
        assert_eq!(entitlements(&doc), ["meeting", "room"], "{doc}");
        assert_eq!(doc["roles"], json!([{"value": "manager"}]), "{doc}");
        assert_eq!(access_of(&app, &id).await, kept());
        let (_, again) = scim(&app, Method::GET, &format!("/Users/{id}"), None).await;
        assert_eq!(entitlements(&again), ["meeting", "room"]);
        assert_eq!(again["active"], true);
    }
);

both_stores!(
    entra_profile_updates_keep_products_and_role,
    |app: TestApp| async move {
        let id = provisioned(&app, "Test_User_00aa00aa@contoso.test").await;
        // Entra's profile update (its SCIM guide, "Update User [Single-valued properties]"
        // and the multi-valued one): path-less values, no entitlements nor roles.
        let (status, doc) = scim(
            &app,
            Method::PATCH,
            &format!("/Users/{id}"),
            Some(json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                    {"op": "Replace", "path": "emails[type eq \"work\"].value",
                     "value": "Test_User_00aa00aa@contoso.test"},
                    {"op": "Replace", "value": {"name.givenName": "Grace", "displayName": "Grace H",
                      "title": "Engineer", "active": "True"}},
                    {"op": "Add", "path": format!("{ENTERPRISE}:department"), "value": "R&D"},
                ],
            })),
        )
        .await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["active"], true, "{doc}");
        assert_eq!(entitlements(&doc), ["meeting", "room"], "{doc}");
        assert_eq!(access_of(&app, &id).await, kept());
        // An Entra-shaped full document by PUT (enterprise extension, string booleans, no
        // entitlements nor roles), as a provider set to replace does.
        let (status, doc) = scim(
        &app,
        Method::PUT,
        &format!("/Users/{id}"),
        Some(json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_00aa00aa@contoso.test",
            "active": "True",
            "displayName": "Grace Hopper",
            "emails": [{"primary": "True", "type": "work", "value": "Test_User_00aa00aa@contoso.test"}],
            "name": {"familyName": "Hopper", "givenName": "Grace"},
            "title": "Rear Admiral",
            ENTERPRISE: {"department": "Navy", "manager": {"value": "mgr-1"}},
        })),
    )
    .await;
        assert_eq!(status, 200, "{doc}");
        assert_eq!(doc["active"], true, "{doc}");
        assert_eq!(doc["title"], "Rear Admiral");
        assert_eq!(entitlements(&doc), ["meeting", "room"], "{doc}");
        assert_eq!(access_of(&app, &id).await, kept());
    }
);

both_stores!(a_put_naming_access_replaces_it, |app: TestApp| async move {
    let id = provisioned(&app, "replaced@acme.test").await;
    let put = |entitlements: Value, roles: Value| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "replaced@acme.test",
            "name": {"givenName": "Test", "familyName": "User"},
            "entitlements": entitlements,
            "roles": roles,
            "active": true,
        })
    };
    let (status, doc) = scim(
        &app,
        Method::PUT,
        &format!("/Users/{id}"),
        Some(put(
            json!([{"value": "webinar"}]),
            json!([{"value": "member"}]),
        )),
    )
    .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(entitlements(&doc), ["webinar"]);
    assert_eq!(
        access_of(&app, &id).await,
        (vec!["webinar".into()], "member".into(), "active".into())
    );
    // Named and empty: none. A member without products is suspended (DESIGN §1).
    let (status, doc) = scim(
        &app,
        Method::PUT,
        &format!("/Users/{id}"),
        Some(put(json!([]), json!([{"value": "member"}]))),
    )
    .await;
    assert_eq!(status, 200, "{doc}");
    assert_eq!(doc["active"], false, "{doc}");
    assert_eq!(
        access_of(&app, &id).await,
        (vec![], "member".into(), "suspended".into())
    );
});
