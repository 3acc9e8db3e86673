//! The account's products for new users: `GET/PUT /api/v1/account`, and every channel's
//! create without products (API, portal, CSV import, SCIM) getting them, seats allowing.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

use crate::both_stores;
use crate::portal::{signed_in, PASSWORD};
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// Sets the template over the API; answers the account's JSON.
pub async fn set_template(app: &TestApp, products: &[&str]) -> Value {
    let res = app
        .api(Method::PUT, "/api/v1/account")
        .json(&json!({ "new_user_products": products }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn set_seats(app: &TestApp, product: &str, seats: u32) {
    let res = app
        .api(Method::PUT, &format!("/api/v1/products/{product}"))
        .json(&json!({ "seats": seats }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn user_by_email(app: &TestApp, email: &str) -> Value {
    let page: Value = app
        .api(Method::GET, &format!("/api/v1/users?q={email}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["users"][0].clone()
}

both_stores!(
    account_template_is_read_and_set,
    |app: TestApp| async move {
        let account: Value = app
            .api(Method::GET, "/api/v1/account")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(account["id"], app.account_id.as_str());
        assert_eq!(account["name"], "acme");
        assert_eq!(account["new_user_products"], json!([]));

        // An unknown key is refused, named, and changes nothing.
        let res = app
            .api(Method::PUT, "/api/v1/account")
            .json(&json!({ "new_user_products": ["meeting", "zoom"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["message"].as_str().unwrap().contains("zoom"));
        assert_eq!(body["error"]["field"], "new_user_products");

        // Stored in catalog order, and audited.
        let set = set_template(&app, &["webinar", "meeting"]).await;
        assert_eq!(set["new_user_products"], json!(["meeting", "webinar"]));
        let again: Value = app
            .api(Method::GET, "/api/v1/account")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(again["new_user_products"], json!(["meeting", "webinar"]));
        let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_events WHERE account_id = $1 AND action = 'set_new_user_products'",
    )
    .bind(app.account_id.clone())
    .fetch_one(&app.db)
    .await
    .unwrap();
        assert_eq!(row.try_get::<i64, _>("n").unwrap(), 1);

        // A manager may read it but not change it (portal form).
        crate::portal::person(&app, "mia@acme.test", "manager", &[], "en").await;
        let manager = signed_in(&app, "mia@acme.test", PASSWORD).await;
        let html = manager
            .get(app.url("/licences"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"template-names\""));
        assert!(html.contains("GoTo Meeting, GoTo Webinar"));
        let csrf = crate::portal::hidden(&html, "csrf");
        let res = manager
            .post(app.url("/licences/new-user-products"))
            .form(&[("csrf", csrf.as_str()), ("products", "rescue")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(
            set_template(&app, &["meeting", "webinar"]).await["new_user_products"],
            json!(["meeting", "webinar"])
        );
    }
);

both_stores!(
    api_create_without_products_gets_the_template,
    |app: TestApp| async move {
        set_template(&app, &["meeting"]).await;
        let given = app
            .create_user(json!({"email": "ann@acme.test", "first_name": "Ann"}))
            .await;
        assert_eq!(given["products"], json!(["meeting"]));
        assert_eq!(given["status"], "active");
        // An explicit empty list means none.
        let none = app
            .create_user(json!({"email": "bob@acme.test", "products": []}))
            .await;
        assert_eq!(none["products"], json!([]));
        assert_eq!(none["status"], "suspended");
        // Explicit products win over the template.
        let own = app
            .create_user(json!({"email": "cy@acme.test", "products": ["rescue"]}))
            .await;
        assert_eq!(own["products"], json!(["rescue"]));
        // Getting started with the template's product is emailed like any other. Every
        // email queued so far delivered: the first one to arrive may be another.
        let mails = app.settle_mail().await;
        assert!(mails.iter().any(
            |m| m.header("To").is_some_and(|t| t.contains("ann@acme.test"))
                && m.header("X-Roster-Template").as_deref() == Some("getting_started")
        ));

        // Seats allowing: one meeting seat is taken by Ann, the limit is 1.
        set_seats(&app, "meeting", 1).await;
        let res = app
            .api(Method::POST, "/api/v1/users")
            .json(&json!({"email": "dee@acme.test"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "seats_exhausted");
        assert!(user_by_email(&app, "dee@acme.test").await.is_null());
    }
);

both_stores!(
    import_without_products_column_gets_the_template,
    |app: TestApp| async move {
        set_template(&app, &["webinar"]).await;
        let res = app
            .api(Method::POST, "/api/v1/users/import")
            .header("Content-Type", "text/csv")
            .body("email,first_name\neve@acme.test,Eve\n")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
        assert_eq!(
            user_by_email(&app, "eve@acme.test").await["products"],
            json!(["webinar"])
        );
        // A products column, even empty, is the file's word.
        let res = app
            .api(Method::POST, "/api/v1/users/import")
            .header("Content-Type", "text/csv")
            .body("email,products\nfay@acme.test,\n")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            user_by_email(&app, "fay@acme.test").await["products"],
            json!([])
        );
    }
);

both_stores!(
    portal_form_ticks_the_template_and_licences_edits_it,
    |app: TestApp| async move {
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = admin
            .get(app.url("/licences"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"template-form\""));
        let csrf = crate::portal::hidden(&html, "csrf");
        let res = admin
            .post(app.url("/licences/new-user-products"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("products", "training"),
                ("products", "rescue"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let account: Value = app
            .api(Method::GET, "/api/v1/account")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(account["new_user_products"], json!(["training", "rescue"]));

        let form = admin
            .get(app.url("/users/new"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("value=\"training\" id=\"product-training\" checked"));
        assert!(form.contains("value=\"rescue\" id=\"product-rescue\" checked"));
        assert!(!form.contains("value=\"meeting\" id=\"product-meeting\" checked"));
        // The form as the browser posts it, the template still ticked.
        let res = admin
            .post(app.url("/users/new"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "gus@acme.test"),
                ("role", "member"),
                ("products", "training"),
                ("products", "rescue"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            user_by_email(&app, "gus@acme.test").await["products"],
            json!(["rescue", "training"])
        );
    }
);

/// A SCIM create as the identity provider sends it: `active: true`, no entitlements.
async fn scim_create(app: &TestApp, body: Value) -> Value {
    let res = app
        .api(Method::POST, "/scim/v2/Users")
        .header("Content-Type", "application/scim+json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let read: Value = app
        .api(Method::GET, &format!("/scim/v2/Users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["active"], created["active"]);
    assert_eq!(read["entitlements"], created["entitlements"]);
    created
}

both_stores!(
    scim_creates_of_okta_and_entra_read_back_active,
    |app: TestApp| async move {
        set_template(&app, &["meeting"]).await;
        // Okta's create (its SCIM 2.0 test's request shape).
        let okta = scim_create(
            &app,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "okta.user@acme.test",
                "name": {"givenName": "Okta", "familyName": "User"},
                "emails": [{"primary": true, "value": "okta.user@acme.test", "type": "work"}],
                "displayName": "Okta User",
                "locale": "en-US",
                "externalId": "00ujl29u0le5T6Aj10h7",
                "groups": [],
                "password": "1mz050nq",
                "active": true
            }),
        )
        .await;
        assert_eq!(okta["active"], true);
        assert_eq!(okta["entitlements"][0]["value"], "meeting");
        // Entra ID's documented create: `roles: []`, no entitlements.
        let entra = scim_create(
        &app,
        json!({
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
            ],
            "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
            "userName": "Test_User_ab6490ee@testuser.com",
            "active": true,
            "emails": [{"primary": true, "type": "work", "value": "Test_User_ab6490ee@testuser.com"}],
            "meta": {"resourceType": "User"},
            "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
            "roles": []
        }),
    )
    .await;
        assert_eq!(entra["active"], true);
        assert_eq!(entra["entitlements"].as_array().unwrap().len(), 1);
        assert_eq!(entra["entitlements"][0]["value"], "meeting");
        // `active: false` without entitlements: created with the template, then suspended,
        // so that a later `active: true` gives the template's product back.
        let off = scim_create(
            &app,
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "later@acme.test",
                "emails": [{"primary": true, "value": "later@acme.test"}],
                "active": false
            }),
        )
        .await;
        assert_eq!(off["active"], false);
        let id = off["id"].as_str().unwrap();
        let res = app
            .api(Method::PATCH, &format!("/scim/v2/Users/{id}"))
            .header("Content-Type", "application/scim+json")
            .body(
                json!({
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "replace", "value": {"active": true}}]
                })
                .to_string(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let on: Value = res.json().await.unwrap();
        assert_eq!(on["active"], true);
        assert_eq!(on["entitlements"][0]["value"], "meeting");
    }
);
