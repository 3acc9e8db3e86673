use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::*;

fn record() -> UserRecord {
    UserRecord {
        id: "u1".into(),
        account_id: "a".into(),
        email: "ada@example.com".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        locale: "fr".into(),
        role: Role::Member,
        products: BTreeSet::from(["meeting".to_string()]),
        status: Status::Active,
        deleted_at: None,
        version: 3,
        password_hash: None,
        external_id: Some("x-1".into()),
        memory: None,
        extra: Map::new(),
        created_at: 0,
        updated_at: 0,
    }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn a_user_reads_as_scim() {
    let doc = to_scim(&record(), "http://h/scim/v2");
    assert_eq!(doc["userName"], "ada@example.com");
    assert_eq!(doc["name"]["givenName"], "Ada");
    assert_eq!(doc["emails"][0]["value"], "ada@example.com");
    assert_eq!(doc["preferredLanguage"], "fr");
    assert_eq!(doc["entitlements"], json!([{"value": "meeting"}]));
    assert!(
        doc.get("roles").is_none(),
        "a plain member has no role to show"
    );
    assert_eq!(doc["active"], true);
    assert_eq!(doc["meta"]["version"], "W/\"3\"");
    assert_eq!(doc["meta"]["location"], "http://h/scim/v2/Users/u1");
}

#[test]
fn user_name_is_the_email_unless_it_is_not_an_address() {
    let d = from_scim(&obj(json!({"userName": "Bob@Example.com"})), false).unwrap();
    assert_eq!(d.email, "Bob@Example.com");
    assert!(!d.scim_extra.contains_key("userName"));
    let d = from_scim(
        &obj(json!({"userName": "bob", "emails": [{"value": "b@x.com", "primary": "True"}]})),
        false,
    )
    .unwrap();
    assert_eq!(d.email, "b@x.com");
    assert_eq!(d.scim_extra["userName"], "bob");
    let e = from_scim(&obj(json!({"userName": "bob"})), false).unwrap_err();
    assert_eq!(e.scim_type, Some("invalidValue"));
}

#[test]
fn entra_shapes_are_understood() {
    let d = from_scim(
        &obj(json!({
            "userName": "a@b.com", "active": "False", "preferredLanguage": "sv-SE", "locale": "de-DE",
            "roles": [{"value": "Manager", "primary": "True"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "mgr-id", "department": "R&D"}
        })),
        false,
    )
    .unwrap();
    assert_eq!(d.active, Some(false));
    assert_eq!(
        d.locale,
        Some("de"),
        "an unsupported tag falls back to the next one"
    );
    assert_eq!(d.role, Some(Role::Manager));
    assert_eq!(
        d.scim_extra["enterprise"]["manager"],
        json!({"value": "mgr-id"})
    );
    assert_eq!(
        d.products, None,
        "a PUT without entitlements leaves products alone"
    );
}

#[test]
fn absent_access_means_none_in_a_patch() {
    let d = from_scim(&obj(json!({"userName": "a@b.com"})), true).unwrap();
    assert_eq!(d.products, Some(vec![]));
    assert_eq!(d.role, Some(Role::Member));
    let two = |roles: Value| {
        from_scim(&obj(json!({"userName": "a@b.com", "roles": roles})), true)
            .unwrap()
            .role
    };
    assert_eq!(
        two(json!([{"value": "admin"}, {"value": "manager"}])),
        Some(Role::Manager)
    );
    assert_eq!(
        two(json!([{"value": "admin", "primary": "True"}, {"value": "manager"}])),
        Some(Role::Admin)
    );
    assert!(from_scim(
        &obj(json!({"userName": "a@b.com", "roles": [{"display": "x"}]})),
        true
    )
    .is_err());
}

#[test]
fn emails_read_back_until_the_address_changes_elsewhere() {
    let d = from_scim(
        &obj(json!({"userName": "upn@corp.example", "emails": [{"value": "mail@corp.example", "type": "work"}]})),
        false,
    )
    .unwrap();
    let mut u = record();
    u.email = d.email.clone();
    u.extra
        .insert(EXTRA_KEY.into(), Value::Object(d.scim_extra));
    let doc = to_scim(&u, "b");
    assert_eq!(
        doc["emails"][0]["value"], "mail@corp.example",
        "Entra's UPN and mail differ"
    );
    u.email = "changed@corp.example".into();
    let doc = to_scim(&u, "b");
    assert_eq!(
        doc["emails"],
        json!([{"value": "changed@corp.example", "type": "work", "primary": true}])
    );
}
