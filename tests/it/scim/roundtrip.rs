//! Attributes Roster has no use for are kept as sent and read back by GET, after POST,
//! PUT and PATCH (add, replace, remove; plain paths, value filters, the enterprise URN),
//! so an IdP's next sync finds nothing to correct; the size bounds still hold.

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::both_stores;
use crate::support::TestApp;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async fn scim(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let (status, doc, _) = super::scim(app, method, path, body).await;
    (status, doc)
}

/// One attribute: where it sits (`None`: core; `Some("name")`: a sub-attribute of name;
/// `Some(ENTERPRISE)`: the extension), its name, and two values to write in turn.
struct Attr {
    parent: Option<&'static str>,
    name: &'static str,
    first: Value,
    second: Value,
}

fn attr(parent: Option<&'static str>, name: &'static str, first: Value, second: Value) -> Attr {
    Attr {
        parent,
        name,
        first,
        second,
    }
}

fn table() -> Vec<Attr> {
    vec![
        attr(None, "nickName", json!("Bob"), json!("Bobby")),
        attr(None, "title", json!("Engineer"), json!("Senior Engineer")),
        attr(None, "displayName", json!("Bob Smith"), json!("B. Smith")),
        attr(
            None,
            "profileUrl",
            json!("https://login.example.com/bob"),
            json!("https://login.example.com/bsmith"),
        ),
        attr(None, "userType", json!("Employee"), json!("Contractor")),
        attr(None, "preferredLanguage", json!("en-US"), json!("fr-CA")),
        attr(None, "locale", json!("en-US"), json!("de-AT")),
        attr(
            None,
            "timezone",
            json!("America/Los_Angeles"),
            json!("Europe/Paris"),
        ),
        attr(
            None,
            "phoneNumbers",
            json!([{"value": "555-555-5555", "type": "work", "primary": true}, {"value": "555-555-4444", "type": "mobile"}]),
            json!([{"value": "+33 1 23 45 67 89", "type": "work"}]),
        ),
        attr(
            None,
            "addresses",
            json!([{"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
                    "region": "CA", "postalCode": "91608", "country": "USA", "primary": true,
                    "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA"}]),
            json!([{"type": "home", "locality": "Lyon", "country": "FR"}]),
        ),
        attr(
            None,
            "photos",
            json!([{"value": "https://photos.example.com/profilephoto/72930000000Ccne/F", "type": "photo"}]),
            json!([{"value": "https://photos.example.com/profilephoto/72930000000Ccne/T", "type": "thumbnail"}]),
        ),
        attr(
            None,
            "ims",
            json!([{"value": "someaimhandle", "type": "aim"}]),
            json!([{"value": "bob@xmpp.example", "type": "xmpp"}]),
        ),
        attr(
            None,
            "x509Certificates",
            json!([{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"}]),
            json!([{"value": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"}]),
        ),
        attr(Some("name"), "middleName", json!("Jane"), json!("J.")),
        attr(Some("name"), "honorificPrefix", json!("Ms."), json!("Dr.")),
        attr(Some("name"), "honorificSuffix", json!("III"), json!("PhD")),
        attr(
            Some("name"),
            "formatted",
            json!("Ms. Barbara J Jensen, III"),
            json!("Dr. B. Jensen"),
        ),
        attr(
            Some(ENTERPRISE),
            "employeeNumber",
            json!("701984"),
            json!("701985"),
        ),
        attr(Some(ENTERPRISE), "costCenter", json!("4130"), json!("4140")),
        attr(
            Some(ENTERPRISE),
            "organization",
            json!("Universal Studios"),
            json!("Universal Pictures"),
        ),
        attr(
            Some(ENTERPRISE),
            "division",
            json!("Theme Park"),
            json!("Studio"),
        ),
        attr(
            Some(ENTERPRISE),
            "department",
            json!("Tour Operations"),
            json!("Marketing"),
        ),
        attr(
            Some(ENTERPRISE),
            "manager",
            json!({"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}),
            // A replace merges sub-attributes (RFC 7644 §3.5.2.3): both are given.
            json!({"value": "mgr-2", "displayName": "Jane Roe"}),
        ),
    ]
}

fn read(doc: &Value, a: &Attr) -> Option<Value> {
    match a.parent {
        None => doc.get(a.name).cloned(),
        Some(p) => doc.get(p).and_then(|o| o.get(a.name)).cloned(),
    }
}

/// The base user document with every attribute of the table at `first` or `second`.
fn document(user_name: &str, second: bool) -> Value {
    let mut doc = json!({
        "schemas": [USER, ENTERPRISE],
        "userName": user_name,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "entitlements": [{"value": "meeting"}],
        "active": true,
    });
    for a in table() {
        let v = if second { a.second } else { a.first };
        match a.parent {
            None => {
                doc[a.name] = v;
            }
            Some(p) => {
                if doc.get(p).is_none() {
                    doc[p] = Value::Object(Map::new());
                }
                doc[p][a.name] = v;
            }
        }
    }
    doc
}

async fn get(app: &TestApp, id: &str) -> Value {
    let (status, doc) = scim(app, Method::GET, &format!("/Users/{id}"), None).await;
    assert_eq!(status, 200, "{doc}");
    doc
}

fn assert_all(doc: &Value, second: bool, when: &str) {
    for a in table() {
        let want = if second { &a.second } else { &a.first };
        assert_eq!(
            read(doc, &a).as_ref(),
            Some(want),
            "{when}: {} in {doc}",
            a.name
        );
    }
    assert!(doc["schemas"]
        .as_array()
        .unwrap()
        .contains(&json!(ENTERPRISE)));
}

async fn patch(app: &TestApp, id: &str, ops: Value) -> Value {
    let (status, doc) = scim(
        app,
        Method::PATCH,
        &format!("/Users/{id}"),
        Some(json!({"schemas": [PATCH], "Operations": ops})),
    )
    .await;
    assert_eq!(status, 200, "{ops}: {doc}");
    doc
}

/// The PATCH path of a table attribute.
fn path(a: &Attr) -> String {
    match a.parent {
        None => a.name.to_string(),
        Some(ENTERPRISE) => format!("{ENTERPRISE}:{}", a.name),
        Some(p) => format!("{p}.{}", a.name),
    }
}

both_stores!(
    post_and_put_keep_every_attribute,
    |app: TestApp| async move {
        let (status, created) = scim(
            &app,
            Method::POST,
            "/Users",
            Some(document("bjensen@example.com", false)),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        assert_all(&created, false, "POST answer");
        let id = created["id"].as_str().unwrap().to_string();
        assert_all(&get(&app, &id).await, false, "GET after POST");
        let (status, put) = scim(
            &app,
            Method::PUT,
            &format!("/Users/{id}"),
            Some(document("bjensen@example.com", true)),
        )
        .await;
        assert_eq!(status, 200, "{put}");
        assert_all(&put, true, "PUT answer");
        let doc = get(&app, &id).await;
        assert_all(&doc, true, "GET after PUT");
        // A PUT replaces the whole document: what it leaves out is gone.
        let mut bare = document("bjensen@example.com", true);
        for a in table() {
            match a.parent {
                None => {
                    bare.as_object_mut().unwrap().remove(a.name);
                }
                Some(p) => {
                    bare[p].as_object_mut().unwrap().remove(a.name);
                }
            }
        }
        let (status, _) = scim(&app, Method::PUT, &format!("/Users/{id}"), Some(bare)).await;
        assert_eq!(status, 200);
        let doc = get(&app, &id).await;
        for a in table().iter().filter(|a| a.name != "preferredLanguage") {
            assert_eq!(
                read(&doc, a),
                None,
                "{} after a PUT without it: {doc}",
                a.name
            );
        }
        assert_eq!(doc["name"]["givenName"], "Barbara");
        assert_eq!(doc["entitlements"], json!([{"value": "meeting"}]));
    }
);

both_stores!(
    patch_add_replace_remove_each_attribute,
    |app: TestApp| async move {
        let (status, created) = scim(
            &app,
            Method::POST,
            "/Users",
            Some(
                json!({"schemas": [USER], "userName": "patched@example.com", "active": true,
                    "name": {"givenName": "Pat", "familyName": "Ched"},
                    "entitlements": [{"value": "meeting"}]}),
            ),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_string();
        for a in table() {
            let p = path(&a);
            patch(
                &app,
                &id,
                json!([{"op": "add", "path": p, "value": a.first}]),
            )
            .await;
            let doc = get(&app, &id).await;
            assert_eq!(read(&doc, &a).as_ref(), Some(&a.first), "add {p}: {doc}");
            patch(
                &app,
                &id,
                json!([{"op": "replace", "path": p, "value": a.second}]),
            )
            .await;
            let doc = get(&app, &id).await;
            assert_eq!(
                read(&doc, &a).as_ref(),
                Some(&a.second),
                "replace {p}: {doc}"
            );
            patch(&app, &id, json!([{"op": "remove", "path": p}])).await;
            let doc = get(&app, &id).await;
            if a.name != "preferredLanguage" {
                assert_eq!(read(&doc, &a), None, "remove {p}: {doc}");
            }
            assert_eq!(doc["active"], true, "{p}: {doc}");
        }
        // Path-less, as Entra sends a profile update: keys are paths.
        patch(
            &app,
            &id,
            json!([{"op": "Replace", "value": {
                "nickName": "Patty",
                "name.middleName": "Q",
                format!("{ENTERPRISE}:costCenter"): "77",
            }}]),
        )
        .await;
        let doc = get(&app, &id).await;
        assert_eq!(doc["nickName"], "Patty");
        assert_eq!(doc["name"]["middleName"], "Q");
        assert_eq!(doc[ENTERPRISE]["costCenter"], "77");
        assert_eq!(doc["name"]["givenName"], "Pat");
    }
);

both_stores!(
    patch_value_filters_reach_into_kept_lists,
    |app: TestApp| async move {
        let (status, created) = scim(
            &app,
            Method::POST,
            "/Users",
            Some(document("filters@example.com", false)),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_string();
        // Replace one value of the work phone; the mobile one stays.
        patch(&app, &id, json!([{"op": "replace", "path": "phoneNumbers[type eq \"work\"].value", "value": "555-000-1111"}])).await;
        let doc = get(&app, &id).await;
        assert_eq!(
            doc["phoneNumbers"],
            json!([{"value": "555-000-1111", "type": "work", "primary": true}, {"value": "555-555-4444", "type": "mobile"}])
        );
        // Add through a filter no value matches: Entra's way to create one.
        patch(&app, &id, json!([{"op": "add", "path": "addresses[type eq \"home\"].locality", "value": "Paris"}])).await;
        let doc = get(&app, &id).await;
        assert_eq!(
            doc["addresses"][1],
            json!({"type": "home", "locality": "Paris"})
        );
        assert_eq!(doc["addresses"][0]["locality"], "Hollywood");
        // Remove the values a filter selects, and one sub-attribute of another.
        patch(
            &app,
            &id,
            json!([
                {"op": "remove", "path": "phoneNumbers[type eq \"mobile\"]"},
                {"op": "remove", "path": "addresses[type eq \"work\"].formatted"},
            ]),
        )
        .await;
        let doc = get(&app, &id).await;
        assert_eq!(
            doc["phoneNumbers"],
            json!([{"value": "555-000-1111", "type": "work", "primary": true}])
        );
        assert!(doc["addresses"][0].get("formatted").is_none(), "{doc}");
        assert_eq!(doc["addresses"][0]["region"], "CA");
        // The enterprise extension by its URN path, and its manager's sub-attribute.
        patch(&app, &id, json!([
        {"op": "replace", "path": format!("{ENTERPRISE}:department"), "value": "Finance"},
        {"op": "replace", "path": format!("{ENTERPRISE}:manager.displayName"), "value": "Jane Doe"},
    ])).await;
        let doc = get(&app, &id).await;
        assert_eq!(doc[ENTERPRISE]["department"], "Finance");
        assert_eq!(
            doc[ENTERPRISE]["manager"],
            json!({"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "Jane Doe"})
        );
        assert_eq!(doc[ENTERPRISE]["costCenter"], "4130");
        // Removing the last value of a list leaves the attribute unassigned.
        patch(
            &app,
            &id,
            json!([{"op": "remove", "path": "phoneNumbers[type eq \"work\"]"}]),
        )
        .await;
        assert!(get(&app, &id).await.get("phoneNumbers").is_none());
    }
);

both_stores!(
    kept_attributes_stay_within_the_bounds,
    |app: TestApp| async move {
        let (status, created) = scim(
            &app,
            Method::POST,
            "/Users",
            Some(document("bounded@example.com", false)),
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_string();
        let before = get(&app, &id).await;
        let too_long = "x".repeat(roster::domain::limits::NAME_CHARS + 1);
        let too_many: Vec<Value> = (0..=roster::domain::limits::LIST_ITEMS)
            .map(|i| json!({"value": format!("555-{i:04}"), "type": "other"}))
            .collect();
        let huge = "y".repeat(roster::domain::limits::TEXT_CHARS + 1);
        for (p, v) in [
            ("nickName", json!(too_long)),
            ("title", json!(too_long)),
            ("phoneNumbers", json!(too_many)),
            ("timezone", json!(huge)),
            (&format!("{ENTERPRISE}:department") as &str, json!(huge)),
        ] {
            let (status, err) = scim(
            &app,
            Method::PATCH,
            &format!("/Users/{id}"),
            Some(json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": p, "value": v}]})),
        )
        .await;
            assert_eq!(status, 400, "{p}: {err}");
            assert_eq!(err["scimType"], "invalidValue", "{p}: {err}");
        }
        let mut big = document("bounded@example.com", false);
        let filler = |n: usize| -> Value {
            json!((0..n)
                .map(|i| json!({"value": "z".repeat(1000), "type": format!("t{i}")}))
                .collect::<Vec<_>>())
        };
        big["ims"] = filler(40);
        big["photos"] = filler(40);
        let (status, err) = scim(&app, Method::PUT, &format!("/Users/{id}"), Some(big)).await;
        assert_eq!(status, 413, "{err}");
        assert_eq!(
            get(&app, &id).await,
            before,
            "a refused change changes nothing"
        );
    }
);
