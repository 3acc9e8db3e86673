//! SCIM protocol details on both stores: authentication, isolation, filters and paging,
//! versions, and the SCIM error bodies.

use reqwest::Method;
use serde_json::{json, Value};

use super::scim;
use crate::both_stores;
use crate::support::TestApp;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn create(app: &TestApp, body: Value) -> Value {
    let (status, doc, headers) = scim(app, Method::POST, "/Users", Some(body)).await;
    assert_eq!(status, 201, "{doc}");
    assert_eq!(headers["content-type"], "application/scim+json");
    assert!(headers["location"]
        .to_str()
        .unwrap()
        .ends_with(doc["id"].as_str().unwrap()));
    doc
}

fn user(name: &str, given: &str, products: &[&str], role: Option<&str>) -> Value {
    let mut u = json!({"schemas": [USER], "userName": name, "name": {"givenName": given, "familyName": "Test"},
        "entitlements": products.iter().map(|p| json!({"value": p})).collect::<Vec<_>>()});
    if let Some(r) = role {
        u["roles"] = json!([{"value": r}]);
    }
    u
}

async fn total(app: &TestApp, filter: &str) -> u64 {
    let path = format!("/Users?filter={}", urlencode(filter));
    let (status, doc, _) = scim(app, Method::GET, &path, None).await;
    assert_eq!(status, 200, "{filter}: {doc}");
    doc["totalResults"].as_u64().unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

both_stores!(
    tokens_and_accounts_are_enforced,
    |app: TestApp| async move {
        let res = app
            .client
            .get(app.url("/scim/v2/Users"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
        let u = create(&app, user("iso@acme.test", "Iso", &["meeting"], None)).await;
        let other = app.other_account_token("globex").await;
        let res = app
            .client
            .get(app.url(&format!("/scim/v2/Users/{}", u["id"].as_str().unwrap())))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "another account's user does not exist");
        let list: Value = app
            .client
            .get(app.url("/scim/v2/Users"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["totalResults"], 1, "only globex's own admin");
    }
);

both_stores!(filters_cover_every_operator, |app: TestApp| async move {
    create(&app, user("alice@acme.test", "Alice", &["meeting"], None)).await;
    create(
        &app,
        user(
            "bob@acme.test",
            "Bob",
            &["meeting", "rescue"],
            Some("manager"),
        ),
    )
    .await;
    create(&app, user("carol_x@other.test", "Carol", &[], None)).await;
    // acme's admin is the fourth user.
    assert_eq!(total(&app, "userName eq \"ALICE@acme.test\"").await, 1);
    assert_eq!(total(&app, "userName ne \"alice@acme.test\"").await, 3);
    assert_eq!(total(&app, "userName co \"@acme\"").await, 3);
    assert_eq!(total(&app, "userName sw \"b\"").await, 1);
    assert_eq!(total(&app, "userName ew \".test\"").await, 4);
    assert_eq!(
        total(&app, "userName co \"_\"").await,
        1,
        "LIKE wildcards are escaped"
    );
    assert_eq!(total(&app, "userName co \"%\"").await, 0);
    assert_eq!(total(&app, "name.givenName gt \"b\"").await, 2);
    assert_eq!(total(&app, "name.givenName ge \"bob\"").await, 2);
    assert_eq!(
        total(&app, "name.givenName lt \"bob\"").await,
        2,
        "Alice and the admin, Account"
    );
    assert_eq!(total(&app, "name.givenName le \"alice\"").await, 2);
    assert_eq!(total(&app, "name.givenName pr").await, 4);
    assert_eq!(total(&app, "entitlements[value eq \"meeting\"]").await, 2);
    assert_eq!(
        total(
            &app,
            "entitlements.value eq \"rescue\" and roles.value eq \"manager\""
        )
        .await,
        1
    );
    assert_eq!(
        total(&app, "active eq false").await,
        1,
        "Carol has nothing: suspended"
    );
    // An `active` every match must pass is read as the status (indexes, kept counts).
    assert_eq!(total(&app, "active eq true").await, 3);
    assert_eq!(total(&app, "active eq true and userName sw \"b\"").await, 1);
    assert_eq!(total(&app, "userName sw \"c\" and active ne true").await, 1);
    assert_eq!(total(&app, "userName sw \"c\" and active eq true").await, 0);
    assert_eq!(total(&app, "active eq true and active eq false").await, 0);
    assert_eq!(
        total(
            &app,
            "not (active eq true) or userName eq \"bob@acme.test\""
        )
        .await,
        2
    );
    assert_eq!(
        total(
            &app,
            "(userName sw \"a\" or userName sw \"b\") and not (name.givenName eq \"bob\")"
        )
        .await,
        2
    );
    assert_eq!(
        total(&app, "meta.created gt \"2000-01-01T00:00:00Z\"").await,
        4
    );
    assert_eq!(total(&app, "externalId pr").await, 0);
    for bad in [
        "userName eq",
        "password eq \"x\"",
        "title pr",
        "userName zz \"a\"",
        "((((((((((((((((((userName pr))))))))))))))))))",
        "userName eq \"a\" or",
    ] {
        let (status, doc, _) = scim(
            &app,
            Method::GET,
            &format!("/Users?filter={}", urlencode(bad)),
            None,
        )
        .await;
        assert_eq!(status, 400, "{bad}");
        assert_eq!(doc["scimType"], "invalidFilter", "{bad}");
    }
    let (status, doc, _) = scim(
        &app,
        Method::POST,
        "/Users/.search",
        Some(json!({"filter": "userName sw \"bob\"", "attributes": ["userName"]})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(doc["totalResults"], 1);
    assert!(
        doc["Resources"][0].get("name").is_none(),
        "attributes projection"
    );
});

both_stores!(
    paging_with_start_index_and_count,
    |app: TestApp| async move {
        for i in 0..7 {
            create(
                &app,
                user(&format!("p{i}@acme.test"), "P", &["meeting"], None),
            )
            .await;
        }
        let (_, page, _) = scim(&app, Method::GET, "/Users?startIndex=3&count=3", None).await;
        assert_eq!(page["totalResults"], 8);
        assert_eq!(page["startIndex"], 3);
        assert_eq!(page["itemsPerPage"], 3);
        assert_eq!(
            page["Resources"][0]["userName"], "p1@acme.test",
            "oldest first, the admin is 1"
        );
        let (_, page, _) = scim(&app, Method::GET, "/Users?startIndex=7&count=100", None).await;
        assert_eq!(page["itemsPerPage"], 2);
        assert_eq!(
            page["totalResults"], 8,
            "a short page past an offset is its own count"
        );
        // Past the end: the page is empty, the total still the users'.
        let (_, page, _) = scim(&app, Method::GET, "/Users?startIndex=50&count=10", None).await;
        assert_eq!(page["Resources"], json!([]));
        assert_eq!(page["totalResults"], 8);
        // An identity provider's look-up before a create: nobody, and a total of 0.
        let (_, page, _) = scim(
            &app,
            Method::GET,
            "/Users?filter=userName%20eq%20%22nobody%40acme.test%22",
            None,
        )
        .await;
        assert_eq!(page["totalResults"], 0);
        assert_eq!(page["Resources"], json!([]));
        let (_, page, _) = scim(&app, Method::GET, "/Users?count=0", None).await;
        assert_eq!(page["totalResults"], 8);
        assert_eq!(page["Resources"], json!([]));
    }
);

both_stores!(versions_and_errors, |app: TestApp| async move {
    let u = create(&app, user("ver@acme.test", "Ver", &["meeting"], None)).await;
    let id = u["id"].as_str().unwrap();
    assert_eq!(u["meta"]["version"], "W/\"1\"");
    let patch = json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "name.givenName", "value": "V2"}]});
    let res = app
        .api(Method::PATCH, &format!("/scim/v2/Users/{id}"))
        .header("If-Match", "W/\"1\"")
        .header("Content-Type", "application/scim+json")
        .body(patch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["etag"], "W/\"2\"");
    let res = app
        .api(Method::PATCH, &format!("/scim/v2/Users/{id}"))
        .header("If-Match", "W/\"1\"")
        .header("Content-Type", "application/scim+json")
        .body(patch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 412, "a stale version is refused");
    let cases = [
        (
            json!([{"op": "replace", "path": "entitlements", "value": [{"value": "nope"}]}]),
            400,
            "invalidValue",
        ),
        (
            json!([{"op": "replace", "path": "id", "value": "x"}]),
            400,
            "mutability",
        ),
        (
            json!([{"op": "remove", "path": "emails[type eq \"home\"]"}]),
            400,
            "noTarget",
        ),
        (
            json!([{"op": "jump", "path": "active"}]),
            400,
            "invalidSyntax",
        ),
        (
            json!([{"op": "replace", "path": "active", "value": "maybe"}]),
            400,
            "invalidValue",
        ),
        (
            json!([{"op": "replace", "path": "roles", "value": [{"value": "owner"}]}]),
            400,
            "invalidValue",
        ),
    ];
    for (ops, status, kind) in cases {
        let (s, doc, _) = scim(
            &app,
            Method::PATCH,
            &format!("/Users/{id}"),
            Some(json!({"schemas": [PATCH], "Operations": ops})),
        )
        .await;
        assert_eq!(
            (s, doc["scimType"].as_str()),
            (status, Some(kind)),
            "{ops}: {doc}"
        );
    }
    let (s, doc, _) = scim(
        &app,
        Method::POST,
        "/Users",
        Some(json!({"schemas": [USER], "userName": "VER@acme.test"})),
    )
    .await;
    assert_eq!((s, doc["scimType"].as_str()), (409, Some("uniqueness")));
    let (s, doc, _) = scim(
        &app,
        Method::POST,
        "/Users",
        Some(json!({"schemas": [USER], "userName": "no-address"})),
    )
    .await;
    assert_eq!(
        (s, doc["scimType"].as_str()),
        (400, Some("invalidValue")),
        "{doc}"
    );
    let res = app
        .api(Method::POST, "/scim/v2/Users")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let (s, _, _) = scim(&app, Method::GET, "/Users/nope", None).await;
    assert_eq!(s, 404);
    let (s, doc, _) = scim(&app, Method::GET, "/NoSuchEndpoint", None).await;
    assert_eq!((s, doc["status"].as_str()), (404, Some("404")));
    let (s, doc, _) = scim(&app, Method::GET, "/ServiceProviderConfig", None).await;
    assert_eq!(
        (s, &doc["patch"]["supported"], &doc["bulk"]["supported"]),
        (200, &json!(true), &json!(false))
    );
});

both_stores!(activity_follows_roster_rules, |app: TestApp| async move {
    // An IdP creates a user with active=true and nothing to do: a member with no product
    // is suspended in Roster, and SCIM says so; asking again for active=true changes nothing.
    let u = create(&app, json!({"schemas": [USER], "userName": "new@acme.test", "active": true, "preferredLanguage": "sv-SE"})).await;
    let id = u["id"].as_str().unwrap();
    assert_eq!(u["active"], false);
    assert_eq!(
        u["preferredLanguage"], "sv-SE",
        "an unsupported language is kept as sent"
    );
    let rest: Value = app
        .api(Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (rest["status"].as_str(), rest["locale"].as_str()),
        (Some("suspended"), Some("en"))
    );
    let (s, doc, _) = scim(&app, Method::PATCH, &format!("/Users/{id}"), Some(json!({"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": true}}]}))).await;
    assert_eq!(
        (s, &doc["active"], &doc["meta"]["version"]),
        (200, &json!(false), &json!("W/\"1\"")),
        "no-op"
    );
    // Created inactive with a product: created, then suspended in the same request.
    let u = create(&app, json!({"schemas": [USER], "userName": "later@acme.test", "active": false, "entitlements": [{"value": "rescue"}], "roles": [{"value": "manager"}]})).await;
    assert_eq!(u["active"], false);
    let id = u["id"].as_str().unwrap();
    let (_, doc, _) = scim(&app, Method::PATCH, &format!("/Users/{id}"), Some(json!({"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "True"}]}))).await;
    assert_eq!(
        (
            &doc["active"],
            &doc["roles"][0]["value"],
            &doc["entitlements"][0]["value"]
        ),
        (&json!(true), &json!("manager"), &json!("rescue"))
    );
});

both_stores!(
    provisioning_a_deleted_user_again_restores_them,
    |app: TestApp| async move {
        let u = create(&app, user("back@acme.test", "Back", &["rescue"], None)).await;
        let id = u["id"].as_str().unwrap();
        let (s, _, _) = scim(&app, Method::DELETE, &format!("/Users/{id}"), None).await;
        assert_eq!(s, 204);
        let again = create(&app, user("Back@acme.test", "Again", &["meeting"], None)).await;
        assert_eq!(again["id"], id, "the same Roster user, restored");
        assert_eq!(
            (
                &again["name"]["givenName"],
                &again["entitlements"],
                &again["active"]
            ),
            (
                &json!("Again"),
                &json!([{"value": "meeting"}]),
                &json!(true)
            )
        );
        assert_eq!(
            total(&app, "emails[type eq \"work\"].value eq \"back@acme.test\"").await,
            1
        );
    }
);

both_stores!(paging_parameters_are_checked, |app: TestApp| async move {
    let (s, doc, _) = scim(&app, Method::GET, "/Users?count=abc", None).await;
    assert_eq!((s, doc["scimType"].as_str()), (400, Some("invalidValue")));
    let (s, doc, _) = scim(&app, Method::GET, "/Users?startIndex=-4&count=-1", None).await;
    assert_eq!(
        (s, &doc["startIndex"], &doc["itemsPerPage"]),
        (200, &json!(1), &json!(0))
    );
});

both_stores!(a_patch_needs_operations, |app: TestApp| async move {
    let u = create(&app, user("ops@acme.test", "Ops", &["meeting"], None)).await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    for body in [
        json!({"schemas": [PATCH], "Operations": []}),
        json!({"schemas": [PATCH], "Operations": [{"op": "frobnicate", "path": "active", "value": false}]}),
    ] {
        let (status, doc, _) = scim(&app, Method::PATCH, &path, Some(body.clone())).await;
        assert_eq!(status, 400, "{body} -> {doc}");
        assert!(
            !doc["detail"].as_str().unwrap_or("").contains("Some("),
            "{doc}"
        );
    }
    let (_, after, _) = scim(&app, Method::GET, &path, None).await;
    assert_eq!(after["meta"]["version"], "W/\"1\"", "nothing changed");
});
