use serde_json::{json, Map, Value};

use super::*;

fn doc() -> Map<String, Value> {
    json!({
        "userName": "a@b.com",
        "name": {"givenName": "A", "familyName": "B"},
        "emails": [{"value": "a@b.com", "type": "work", "primary": true}],
        "entitlements": [{"value": "meeting"}],
        "active": true
    })
    .as_object()
    .unwrap()
    .clone()
}

fn patch(d: &mut Map<String, Value>, ops: Value) -> Result<(), ScimError> {
    apply(d, &json!({"schemas": [PATCH_SCHEMA], "Operations": ops}))
}

#[test]
fn entra_capitalised_replace_without_path_and_dotted_keys() {
    let mut d = doc();
    patch(
        &mut d,
        json!([{"op": "Replace", "value": {
            "name.givenName": "Zoe", "active": "False",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Ops"
        }}]),
    )
    .unwrap();
    assert_eq!(d["name"], json!({"givenName": "Zoe", "familyName": "B"}));
    assert_eq!(d["active"], "False");
    assert_eq!(d[ENTERPRISE_SCHEMA]["department"], "Ops");
}

#[test]
fn value_filters_select_and_create() {
    let mut d = doc();
    patch(
        &mut d,
        json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "c@d.com"}]),
    )
    .unwrap();
    assert_eq!(d["emails"][0]["value"], "c@d.com");
    patch(
        &mut d,
        json!([{"op": "Add", "path": "emails[type eq \"home\"].value", "value": "h@d.com"}]),
    )
    .unwrap();
    assert_eq!(d["emails"][1], json!({"type": "home", "value": "h@d.com"}));
    patch(
        &mut d,
        json!([{"op": "remove", "path": "entitlements[value eq \"meeting\"]"}]),
    )
    .unwrap();
    assert_eq!(d["entitlements"], json!([]));
    let e = patch(
        &mut d,
        json!([{"op": "remove", "path": "entitlements[value eq \"rescue\"]"}]),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some("noTarget"));
}

#[test]
fn add_appends_and_remove_by_value() {
    let mut d = doc();
    patch(
        &mut d,
        json!([{"op": "add", "path": "entitlements", "value": [{"value": "rescue"}]}]),
    )
    .unwrap();
    assert_eq!(
        d["entitlements"],
        json!([{"value": "meeting"}, {"value": "rescue"}])
    );
    patch(
        &mut d,
        json!([{"op": "Remove", "path": "entitlements", "value": [{"value": "meeting"}]}]),
    )
    .unwrap();
    assert_eq!(d["entitlements"], json!([{"value": "rescue"}]));
    patch(&mut d, json!([{"op": "remove", "path": "name.givenName"}])).unwrap();
    assert_eq!(d["name"], json!({"familyName": "B"}));
}

#[test]
fn enterprise_manager_as_plain_value_and_readonly_refused() {
    let mut d = doc();
    patch(&mut d, json!([{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "m-1"}])).unwrap();
    assert_eq!(d[ENTERPRISE_SCHEMA]["manager"], "m-1");
    let e = patch(
        &mut d,
        json!([{"op": "replace", "path": "id", "value": "x"}]),
    )
    .unwrap_err();
    assert_eq!(e.scim_type, Some("mutability"));
    let e = patch(&mut d, json!([{"op": "move", "path": "id"}])).unwrap_err();
    assert_eq!(e.scim_type, Some("invalidSyntax"));
    assert!(patch(&mut d, json!([{"op": "remove"}])).is_err());
    assert!(patch(
        &mut d,
        json!([{"op": "replace", "path": "emails[type eq", "value": 1}])
    )
    .is_err());
}
