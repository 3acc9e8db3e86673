//! A Roster user as a SCIM User, and a SCIM User document as the state an IdP wants.
//!
//! What Roster models natively (email, names, locale, role, products, externalId,
//! status) lives in its columns; what only SCIM knows (a userName that is not an address,
//! the emails array, displayName, the IdP's language tags, the enterprise extension, and
//! every core attribute Roster has no use for, under `attributes`) is kept verbatim under
//! `users.extra.scim`, so it reads back exactly as the IdP wrote it.

use serde_json::{json, Map, Value};

use super::discovery::{ENTERPRISE_SCHEMA, USER_SCHEMA};
use super::error::ScimError;
use crate::domain::{limits, locale, Role, Status};
use crate::http::input::{check_json_bounds, without_indexes};
use crate::http::rfc3339;
use crate::store::users::UserRecord;

/// As the REST API and the portal ask.
const MIN_PASSWORD: usize = crate::domain::MIN_PASSWORD_CHARS;

/// The key of `users.extra` holding what only SCIM knows.
pub const EXTRA_KEY: &str = "scim";

/// A case-insensitive look-up of a JSON attribute (SCIM names are case-insensitive).
pub fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn scim_extra(u: &UserRecord) -> Option<&Map<String, Value>> {
    u.extra.get(EXTRA_KEY).and_then(Value::as_object)
}

/// The SCIM representation of a user; `base` is the absolute `/scim/v2` URL.
pub fn to_scim(u: &UserRecord, base: &str) -> Value {
    let empty = Map::new();
    let x = scim_extra(u).unwrap_or(&empty);
    let mut doc = Map::new();
    doc.insert("id".into(), json!(u.id));
    if let Some(e) = &u.external_id {
        doc.insert("externalId".into(), json!(e));
    }
    let user_name = x
        .get("userName")
        .and_then(Value::as_str)
        .unwrap_or(&u.email);
    doc.insert("userName".into(), json!(user_name));
    let mut name = x
        .get("name")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if !u.first_name.is_empty() {
        name.insert("givenName".into(), json!(u.first_name));
    }
    if !u.last_name.is_empty() {
        name.insert("familyName".into(), json!(u.last_name));
    }
    if !name.is_empty() {
        doc.insert("name".into(), Value::Object(name));
    }
    if let Some(d) = x.get("displayName") {
        doc.insert("displayName".into(), d.clone());
    }
    doc.insert("emails".into(), emails_of(u, x));
    let language = |key: &str| x.get(key).and_then(Value::as_str);
    match (language("preferredLanguage"), language("locale")) {
        (None, None) if x.is_empty() => {
            doc.insert("preferredLanguage".into(), json!(u.locale));
        }
        (p, l) => {
            // A tag the IdP sent reads back as sent, unless Roster's language was
            // changed elsewhere since (the portal, the API): then Roster's is the truth.
            let stale = p
                .or(l)
                .and_then(|t| locale::parse(t).ok())
                .is_some_and(|lang| lang != u.locale);
            match p {
                Some(_) if stale => doc.insert("preferredLanguage".into(), json!(u.locale)),
                Some(p) => doc.insert("preferredLanguage".into(), json!(p)),
                None if stale => doc.insert("preferredLanguage".into(), json!(u.locale)),
                None => None,
            };
            if let Some(l) = l {
                doc.insert("locale".into(), json!(l));
            }
        }
    }
    if !u.products.is_empty() {
        let list: Vec<Value> = u.products.iter().map(|p| json!({"value": p})).collect();
        doc.insert("entitlements".into(), Value::Array(list));
    }
    let member_said = x.get("memberRole").and_then(Value::as_bool) == Some(true);
    if u.role != Role::Member || member_said {
        doc.insert("roles".into(), json!([{"value": u.role.as_str()}]));
    }
    doc.insert("active".into(), json!(u.status == Status::Active));
    if let Some(kept) = x.get("attributes").and_then(Value::as_object) {
        for (k, v) in kept {
            doc.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    let mut schemas = vec![json!(USER_SCHEMA)];
    if let Some(ent) = x
        .get("enterprise")
        .filter(|e| e.as_object().is_some_and(|o| !o.is_empty()))
    {
        schemas.push(json!(ENTERPRISE_SCHEMA));
        doc.insert(ENTERPRISE_SCHEMA.into(), ent.clone());
    }
    doc.insert("schemas".into(), Value::Array(schemas));
    doc.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": rfc3339(u.created_at),
            "lastModified": rfc3339(u.updated_at),
            "location": format!("{base}/Users/{}", u.id),
            "version": etag(u.version),
        }),
    );
    Value::Object(doc)
}

/// The emails as the IdP sent them, while Roster's address is still the one they went
/// with (the portal may have changed it since: then Roster's address is the truth).
fn emails_of(u: &UserRecord, x: &Map<String, Value>) -> Value {
    if let Some(Value::Array(list)) = x.get("emails") {
        let same_address = x
            .get("emailsFor")
            .and_then(Value::as_str)
            .is_some_and(|e| e.eq_ignore_ascii_case(&u.email));
        let names_it = list.iter().any(|e| {
            e.get("value")
                .and_then(Value::as_str)
                .is_some_and(|v| v.eq_ignore_ascii_case(&u.email))
        });
        if same_address || names_it {
            return Value::Array(list.clone());
        }
    }
    json!([{"value": u.email, "type": "work", "primary": true}])
}

pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// What an IdP asks a user to be. `None` leaves that part as it is.
#[derive(Debug, Clone, Default)]
pub struct Desired {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// A supported language, when the IdP's tags name one.
    pub locale: Option<&'static str>,
    pub external_id: Option<String>,
    pub password: Option<String>,
    pub products: Option<Vec<String>>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// The new `users.extra.scim`.
    pub scim_extra: Map<String, Value>,
}

/// `true`, `"True"`, `"false"`: Entra sends booleans as strings.
pub fn parse_bool(v: &Value, field: &str) -> Result<bool, ScimError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(ScimError::bad(
            "invalidValue",
            format!("{field} must be a boolean, not {v}"),
        )),
    }
}

fn opt_str(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ScimError> {
    match get_ci(map, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ScimError::bad(
            "invalidValue",
            format!("{key} must be a string, not {other}"),
        )),
    }
}

/// An address Roster can write to: one `@`, a dotted domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

fn values_of(map: &Map<String, Value>, key: &str) -> Result<Option<Vec<Value>>, ScimError> {
    match get_ci(map, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a.clone())),
        Some(o @ Value::Object(_)) => Ok(Some(vec![o.clone()])),
        Some(other) => Err(ScimError::bad(
            "invalidValue",
            format!("{key} must be a list, not {other}"),
        )),
    }
}

pub fn value_field(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => get_ci(o, "value")
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

/// The longest text an attribute (a path such as `emails[0].value`) may hold.
fn max_chars(path: &str) -> usize {
    match without_indexes(path).to_ascii_lowercase().as_str() {
        "username" | "emails.value" => limits::EMAIL_CHARS,
        "name.givenname" | "name.familyname" | "name.middlename" | "name.formatted"
        | "displayname" | "nickname" | "externalid" | "title" => limits::NAME_CHARS,
        _ => limits::TEXT_CHARS,
    }
}

/// Bounds of a whole User document: its size, each text, each multi-valued attribute.
fn check_bounds(doc: &Map<String, Value>) -> Result<(), ScimError> {
    let size = serde_json::to_vec(doc)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > limits::DOCUMENT_BYTES {
        return Err(ScimError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            Some("invalidValue"),
            format!(
                "the User is {size} bytes of JSON; at most {} are accepted",
                limits::DOCUMENT_BYTES
            ),
        ));
    }
    if let Some(Value::String(p)) = get_ci(doc, "password") {
        limits::check_password(p).map_err(|m| ScimError::bad("invalidValue", m))?;
    }
    let doc = Value::Object(doc.clone());
    check_json_bounds(
        &doc,
        &|p| {
            if p.eq_ignore_ascii_case("password") {
                limits::PASSWORD_BYTES
            } else {
                max_chars(p)
            }
        },
        limits::LIST_ITEMS,
    )
    .map_err(|e| ScimError::bad("invalidValue", e.message))
}

/// Reads a SCIM User document. With `absent_clears_access` (PATCH, which starts from the
/// full current document) a missing `entitlements` / `roles` means none; a PUT leaves
/// products and role alone when it omits them, as IdPs replace profiles without them.
pub fn from_scim(
    doc: &Map<String, Value>,
    absent_clears_access: bool,
) -> Result<Desired, ScimError> {
    check_bounds(doc)?;
    let user_name = opt_str(doc, "userName")?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ScimError::bad("invalidValue", "userName is required"))?;
    let mut x = Map::new();
    let emails = values_of(doc, "emails")?;
    let email = if looks_like_email(&user_name) {
        user_name.clone()
    } else {
        x.insert("userName".into(), json!(user_name));
        let list = emails.as_deref().unwrap_or_default();
        let primary = list.iter().find(|e| {
            e.get("primary")
                .is_some_and(|p| parse_bool(p, "primary").unwrap_or(false))
        });
        primary
            .or(list.first())
            .and_then(value_field)
            .ok_or_else(|| {
                ScimError::bad(
                    "invalidValue",
                    "Roster needs an email address: give userName as an address, or an emails value",
                )
            })?
    };
    if let Some(list) = emails.filter(|l| !l.is_empty()) {
        x.insert("emails".into(), Value::Array(list));
        x.insert("emailsFor".into(), json!(email.to_lowercase()));
    }
    let name = get_ci(doc, "name").and_then(Value::as_object);
    let part = |key: &str| -> Result<String, ScimError> {
        Ok(match name {
            Some(n) => opt_str(n, key)?.unwrap_or_default(),
            None => String::new(),
        })
    };
    let (first_name, last_name) = (part("givenName")?, part("familyName")?);
    let other_parts = unmodelled(name.unwrap_or(&Map::new()), &["givenName", "familyName"]);
    if !other_parts.is_empty() {
        x.insert("name".into(), Value::Object(other_parts));
    }
    let kept = unmodelled(doc, MODELLED);
    if !kept.is_empty() {
        x.insert("attributes".into(), Value::Object(kept));
    }
    if let Some(d) = opt_str(doc, "displayName")? {
        x.insert("displayName".into(), json!(d));
    }
    let preferred = opt_str(doc, "preferredLanguage")?;
    let loc = opt_str(doc, "locale")?;
    // Roster writes in seven languages; another tag is kept as sent and the user keeps
    // the language they have, so that provisioning never fails over a language.
    let locale = preferred
        .iter()
        .chain(loc.iter())
        .find_map(|t| locale::parse(t).ok());
    if let Some(p) = preferred {
        x.insert("preferredLanguage".into(), json!(p));
    }
    if let Some(l) = loc {
        x.insert("locale".into(), json!(l));
    }
    let products = match values_of(doc, "entitlements")? {
        Some(list) => Some(list.iter().filter_map(value_field).collect()),
        None if absent_clears_access => Some(Vec::new()),
        None => None,
    };
    let role = match values_of(doc, "roles")? {
        Some(list) if !list.is_empty() => {
            // One role per user: the one marked primary, else the last one (a PATCH `add`
            // appends the role an IdP assigns after the one the user had).
            let is_primary = |r: &&Value| {
                r.get("primary")
                    .is_some_and(|p| parse_bool(p, "primary").unwrap_or(false))
            };
            let primaries: Vec<&Value> = list.iter().filter(is_primary).collect();
            let chosen = match primaries.as_slice() {
                [one] => Some(*one),
                _ => list.last(),
            };
            let Some(one) = chosen.and_then(value_field) else {
                return Err(ScimError::bad(
                    "invalidValue",
                    "roles: each role needs a value (member, manager or admin)",
                ));
            };
            let role: Role = one.trim().to_ascii_lowercase().parse().map_err(
                |e: crate::domain::DomainError| ScimError::bad("invalidValue", e.to_string()),
            )?;
            if role == Role::Member {
                x.insert("memberRole".into(), json!(true));
            }
            Some(role)
        }
        _ if absent_clears_access => Some(Role::Member),
        _ => None,
    };
    let active = get_ci(doc, "active")
        .filter(|v| !v.is_null())
        .map(|v| parse_bool(v, "active"))
        .transpose()?;
    if let Some(ent) = get_ci(doc, ENTERPRISE_SCHEMA).and_then(Value::as_object) {
        let ent = enterprise(ent)?;
        if !ent.is_empty() {
            x.insert("enterprise".into(), Value::Object(ent));
        }
    }
    let password = opt_str(doc, "password")?;
    if password
        .as_ref()
        .is_some_and(|p| p.chars().count() < MIN_PASSWORD)
    {
        return Err(ScimError::bad(
            "invalidValue",
            format!("password: at least {MIN_PASSWORD} characters"),
        ));
    }
    Ok(Desired {
        email,
        first_name,
        last_name,
        locale,
        external_id: opt_str(doc, "externalId")?.filter(|s| !s.trim().is_empty()),
        password,
        products,
        role,
        active,
        scim_extra: x,
    })
}

/// Core attributes Roster maps to its own columns or derives (the rest are kept as sent).
/// `groups` is read-only and extension URNs other than the enterprise one are not kept.
const MODELLED: &[&str] = &[
    "schemas",
    "id",
    "meta",
    "externalId",
    "userName",
    "name",
    "displayName",
    "emails",
    "preferredLanguage",
    "locale",
    "password",
    "entitlements",
    "roles",
    "active",
    "groups",
];

/// The attributes of `map` not named in `modelled`, as sent: what an IdP reads back
/// unchanged on its next sync. Unassigned values (null, `[]`, `{}`) are not kept, as
/// RFC 7643 §2.5 makes them equal to absent.
fn unmodelled(map: &Map<String, Value>, modelled: &[&str]) -> Map<String, Value> {
    map.iter()
        .filter(|(k, _)| !k.to_ascii_lowercase().starts_with("urn:"))
        .filter(|(k, _)| !modelled.iter().any(|m| m.eq_ignore_ascii_case(k)))
        .filter(|(_, v)| !is_unassigned(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn is_unassigned(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// The enterprise extension as sent; its strings are checked, and `manager` may come as a
/// plain id (Entra) or a one-item list (older Entra), read as `{"value": id}`.
fn enterprise(ent: &Map<String, Value>) -> Result<Map<String, Value>, ScimError> {
    for key in [
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
    ] {
        opt_str(ent, key)?;
    }
    let mut out = unmodelled(ent, &["manager"]);
    match get_ci(ent, "manager") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.is_empty() => {}
        Some(Value::Object(m))
            if value_field(&Value::Object(m.clone())).is_some_and(|v| !v.is_empty()) =>
        {
            out.insert("manager".into(), Value::Object(m.clone()));
        }
        Some(m) => match value_field(m.as_array().and_then(|a| a.first()).unwrap_or(m)) {
            Some(v) if !v.is_empty() => {
                out.insert("manager".into(), json!({"value": v}));
            }
            _ => {}
        },
    }
    Ok(out)
}

#[cfg(test)]
#[path = "user_tests.rs"]
mod tests;
