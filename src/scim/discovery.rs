//! `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas`: exactly what Roster supports.
//!
//! The User schema lists the attributes Roster stores and returns as written, so a client
//! that trusts it (scim2-tester builds its model from it) gets back what it sent: those
//! Roster uses, and the core and enterprise ones it keeps as sent for the IdP's sake.
//! `active` and `emails` are marked required: Roster always has a status and needs an
//! address to write to, so neither can be removed.

use serde_json::{json, Value};

use crate::domain::{locale, Catalog, Role};

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";

/// Most users one list page returns.
pub const MAX_PAGE: u32 = 1000;

fn attr(name: &str, kind: &str, description: &str) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": false, "description": description,
        "required": false, "caseExact": false, "mutability": "readWrite",
        "returned": "default", "uniqueness": "none",
    })
}

fn with(mut a: Value, extra: Value) -> Value {
    if let (Some(a), Some(e)) = (a.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            a.insert(k.clone(), v.clone());
        }
    }
    a
}

fn user_attributes(catalog: &Catalog) -> Value {
    let languages: Vec<&str> = locale::SUPPORTED.to_vec();
    let products: Vec<&str> = catalog.products().iter().map(|p| p.key.as_str()).collect();
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    // Order matters to clients that walk it: products and roles come before `active`,
    // which a Reactivate can only honour once the user has something to be active with.
    json!([
        with(attr("userName", "string", "Sign-in name; the email address unless the IdP's name is not an address."),
            json!({"required": true, "uniqueness": "server"})),
        with(attr("name", "complex", "The person's name."), json!({"subAttributes": [
            attr("givenName", "string", "First name."),
            attr("familyName", "string", "Last name."),
        ]})),
        attr("displayName", "string", "Name to display, as the IdP sends it."),
        attr("nickName", "string", "Casual name; kept as sent."),
        attr("title", "string", "Job title; kept as sent."),
        attr("userType", "string", "Relation to the organization; kept as sent."),
        attr("timezone", "string", "Time zone (IANA name); kept as sent."),
        with(attr("profileUrl", "reference", "Online profile; kept as sent."),
            json!({"referenceTypes": ["external"]})),
        with(attr("phoneNumbers", "complex", "Phone numbers; kept as sent."),
            json!({"multiValued": true, "subAttributes": [
                attr("value", "string", "The number."),
                attr("type", "string", "work, home, mobile, fax, pager or other."),
                attr("primary", "boolean", "The preferred number."),
            ]})),
        with(attr("emails", "complex", "Email addresses; Roster writes to the userName if it is an address, else to the primary one."),
            json!({"multiValued": true, "required": true, "subAttributes": [
                with(attr("value", "string", "The address."), json!({"required": true})),
                with(attr("type", "string", "work, home or other."), json!({"canonicalValues": ["work", "home", "other"]})),
                attr("primary", "boolean", "The preferred address."),
            ]})),
        with(attr("preferredLanguage", "string", "Language of the emails Roster sends (en, fr, de, es, it, pt, nl; others keep the current one)."),
            json!({"canonicalValues": languages})),
        with(attr("locale", "string", "Used for the language when preferredLanguage is absent."),
            json!({"canonicalValues": languages})),
        with(attr("password", "string", "Portal password (at least 8 characters)."),
            json!({"mutability": "writeOnly", "returned": "never", "caseExact": true})),
        with(attr("entitlements", "complex", "Products of the suite; value is the product key."),
            json!({"multiValued": true, "subAttributes": [
                with(attr("value", "string", "Product key."), json!({"canonicalValues": products, "caseExact": true})),
            ]})),
        with(attr("roles", "complex", "Roster role: member, manager or admin; one per user (the primary one, else the last given)."),
            json!({"multiValued": true, "subAttributes": [
                with(attr("value", "string", "Role."), json!({"canonicalValues": roles})),
            ]})),
        with(attr("active", "boolean", "false suspends the user, true reactivates them; reads true only when the user can sign in."),
            json!({"required": true})),
    ])
}

fn enterprise_attributes() -> Value {
    json!([
        attr("employeeNumber", "string", "Employee number."),
        attr("costCenter", "string", "Cost center."),
        attr("organization", "string", "Organization."),
        attr("division", "string", "Division."),
        attr("department", "string", "Department."),
        with(
            attr("manager", "complex", "The user's manager."),
            json!({"subAttributes": [
                attr("value", "string", "Identifier of the manager, as the IdP sends it."),
            ]})
        ),
    ])
}

fn schema_doc(base: &str, id: &str, name: &str, description: &str, attributes: Value) -> Value {
    json!({
        "schemas": [SCHEMA_SCHEMA], "id": id, "name": name, "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{id}")},
    })
}

pub fn schemas(base: &str, catalog: &Catalog) -> Vec<Value> {
    vec![
        schema_doc(
            base,
            USER_SCHEMA,
            "User",
            "Roster user",
            user_attributes(catalog),
        ),
        schema_doc(
            base,
            ENTERPRISE_SCHEMA,
            "EnterpriseUser",
            "Enterprise user",
            enterprise_attributes(),
        ),
    ]
}

pub fn resource_types(base: &str) -> Vec<Value> {
    vec![json!({
        "schemas": [RESOURCE_TYPE_SCHEMA], "id": "User", "name": "User", "endpoint": "/Users",
        "description": "Users of the account", "schema": USER_SCHEMA,
        "schemaExtensions": [{"schema": ENTERPRISE_SCHEMA, "required": false}],
        "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/User")},
    })]
}

pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_PAGE},
        "changePassword": {"supported": true},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken", "name": "Bearer token",
            "description": "A Roster API token: roster token create --account NAME", "primary": true,
        }],
        "meta": {"resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig")},
    })
}

/// A ListResponse of every item (discovery lists are short and never paged).
pub fn list(items: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_SCHEMA], "totalResults": items.len(), "itemsPerPage": items.len(),
        "startIndex": 1, "Resources": items,
    })
}
