//! PATCH (RFC 7644 §3.5.2) applied to a user's SCIM document, in memory. The result is
//! then read like a PUT body, so PATCH and PUT share one mapping to Roster.
//!
//! Accepts what real IdPs send: capitalised ops ("Replace"), a path-less value whose keys
//! are paths (`"name.givenName"`, `"urn:...:enterprise:2.0:User:department"`), value
//! filters (`emails[type eq "work"].value`) creating the value when none matches, and
//! custom extensions Roster does not keep (ignored, as they are on a PUT).

use serde_json::{Map, Value};

use super::discovery::{ENTERPRISE_SCHEMA, USER_SCHEMA};
use super::error::ScimError;
use super::filter::{self, CompareOp, Filter, Literal};
use super::user::get_ci;

#[cfg(test)]
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MAX_OPERATIONS: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Replace,
    Remove,
}

/// Where an operation points.
#[derive(Debug)]
struct Target {
    enterprise: bool,
    /// `None`: the whole enterprise extension.
    name: Option<String>,
    filter: Option<Filter>,
    sub: Option<String>,
}

fn parse_path(path: &str) -> Result<Option<Target>, ScimError> {
    let bad = |why: &str| ScimError::bad("invalidPath", format!("path '{path}': {why}"));
    let p = path.trim();
    let lower = p.to_ascii_lowercase();
    let ent = ENTERPRISE_SCHEMA.to_ascii_lowercase();
    let (enterprise, rest) = if lower == ent {
        return Ok(Some(Target {
            enterprise: true,
            name: None,
            filter: None,
            sub: None,
        }));
    } else if lower.starts_with(&format!("{ent}:")) {
        (true, &p[ent.len() + 1..])
    } else if lower.starts_with(&format!("{}:", USER_SCHEMA.to_ascii_lowercase())) {
        (false, &p[USER_SCHEMA.len() + 1..])
    } else if lower.starts_with("urn:") {
        // An extension Roster does not keep (an IdP's custom attributes): ignored.
        return Ok(None);
    } else {
        (false, p)
    };
    let (name, filter, sub) = match rest.find('[') {
        Some(open) => {
            let close = rest.rfind(']').ok_or_else(|| bad("missing ']'"))?;
            if close < open {
                return Err(bad("misplaced ']'"));
            }
            let f = filter::parse_value_filter(&rest[open + 1..close])
                .map_err(|e| bad(&e.to_string()))?;
            let after = &rest[close + 1..];
            let sub = match after.strip_prefix('.') {
                Some(s) if !s.is_empty() => Some(s.to_string()),
                None if after.is_empty() => None,
                _ => return Err(bad("unexpected text after ']'")),
            };
            (&rest[..open], Some(f), sub)
        }
        None => match rest.split_once('.') {
            Some((n, s)) => (n, None, Some(s.to_string())),
            None => (rest, None, None),
        },
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    {
        return Err(bad("not an attribute name"));
    }
    if !enterprise
        && ["id", "meta", "groups"]
            .iter()
            .any(|r| name.eq_ignore_ascii_case(r))
    {
        return Err(ScimError::bad("mutability", format!("{name} is read-only")));
    }
    // Older Entra sends enterprise attributes without their URN (`"path": "manager"`).
    let enterprise = enterprise || ENTERPRISE_ONLY.iter().any(|a| name.eq_ignore_ascii_case(a));
    if !enterprise && name.eq_ignore_ascii_case("schemas") {
        return Ok(None);
    }
    Ok(Some(Target {
        enterprise,
        name: Some(name.to_string()),
        filter,
        sub,
    }))
}

/// Enterprise attributes no core attribute shares a name with: older Entra sends them
/// without their URN.
const ENTERPRISE_ONLY: [&str; 6] = [
    "employeeNumber",
    "costCenter",
    "organization",
    "division",
    "department",
    "manager",
];

/// The key under which `name` is stored in `map`, whatever its case.
fn key_of(map: &Map<String, Value>, name: &str) -> String {
    map.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// Applies a PatchOp body to `doc`.
pub fn apply(doc: &mut Map<String, Value>, body: &Value) -> Result<(), ScimError> {
    let body = body
        .as_object()
        .ok_or_else(|| ScimError::bad("invalidSyntax", "a PATCH body is a JSON object"))?;
    let ops = get_ci(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::bad("invalidSyntax", "Operations (a list) is required"))?;
    if ops.is_empty() {
        // RFC 7644 §3.5.2: "one or more patch operations".
        return Err(ScimError::bad(
            "invalidValue",
            "Operations must hold at least one operation",
        ));
    }
    if ops.len() > MAX_OPERATIONS {
        return Err(ScimError::bad(
            "tooMany",
            format!("at most {MAX_OPERATIONS} operations"),
        ));
    }
    for raw in ops {
        let o = raw
            .as_object()
            .ok_or_else(|| ScimError::bad("invalidSyntax", "each operation is an object"))?;
        let op = match get_ci(o, "op")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
        {
            Some(s) if s == "add" => Op::Add,
            Some(s) if s == "replace" => Op::Replace,
            Some(s) if s == "remove" => Op::Remove,
            other => {
                let given = other.map_or_else(|| "nothing".to_string(), |o| format!("'{o}'"));
                return Err(ScimError::bad(
                    "invalidSyntax",
                    format!("op must be add, replace or remove, not {given}"),
                ));
            }
        };
        let value = get_ci(o, "value").cloned();
        match get_ci(o, "path")
            .and_then(Value::as_str)
            .filter(|p| !p.trim().is_empty())
        {
            Some(path) => {
                if let Some(t) = parse_path(path)? {
                    apply_one(doc, op, &t, value)?;
                }
            }
            None if op == Op::Remove => {
                return Err(ScimError::bad("noTarget", "remove needs a path"));
            }
            None => {
                let Some(Value::Object(fields)) = value else {
                    return Err(ScimError::bad(
                        "invalidSyntax",
                        "an operation without a path takes an object value",
                    ));
                };
                for (k, v) in fields {
                    if k.eq_ignore_ascii_case(ENTERPRISE_SCHEMA) {
                        if let Value::Object(inner) = v {
                            for (ik, iv) in inner {
                                let t = Target {
                                    enterprise: true,
                                    name: Some(ik),
                                    filter: None,
                                    sub: None,
                                };
                                apply_one(doc, op, &t, Some(iv))?;
                            }
                        }
                        continue;
                    }
                    if let Some(t) = parse_path(&k)? {
                        apply_one(doc, op, &t, Some(v))?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn apply_one(
    doc: &mut Map<String, Value>,
    op: Op,
    t: &Target,
    value: Option<Value>,
) -> Result<(), ScimError> {
    let container = if t.enterprise {
        let k = key_of(doc, ENTERPRISE_SCHEMA);
        let ext = doc.entry(k).or_insert_with(|| Value::Object(Map::new()));
        if !ext.is_object() {
            *ext = Value::Object(Map::new());
        }
        match ext {
            Value::Object(m) => m,
            _ => {
                return Err(ScimError::bad(
                    "invalidValue",
                    "the enterprise extension is an object",
                ))
            }
        }
    } else {
        doc
    };
    let Some(name) = &t.name else {
        // The whole extension.
        match (op, value) {
            (Op::Remove, _) => container.clear(),
            (_, Some(Value::Object(m))) => {
                for (k, v) in m {
                    let key = key_of(container, &k);
                    container.insert(key, v);
                }
            }
            _ => {
                return Err(ScimError::bad(
                    "invalidValue",
                    "the enterprise extension takes an object",
                ))
            }
        }
        return Ok(());
    };
    let key = key_of(container, name);
    if op == Op::Remove {
        return remove(container, &key, t, value);
    }
    let value = value
        .ok_or_else(|| ScimError::bad("invalidValue", format!("{op:?} on {name} needs a value")))?;
    match (&t.filter, &t.sub) {
        (None, None) => {
            let slot = container.entry(key).or_insert(Value::Null);
            *slot = merged(op, slot.take(), value);
        }
        (None, Some(sub)) => {
            let slot = container
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            match slot {
                Value::Object(m) => {
                    let k = key_of(m, sub);
                    m.insert(k, value);
                }
                Value::Array(items) => {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        let k = key_of(item, sub);
                        item.insert(k, value.clone());
                    }
                }
                other => *other = Value::Object(Map::from_iter([(sub.clone(), value)])),
            }
        }
        (Some(f), sub) => {
            let slot = container
                .entry(key)
                .or_insert_with(|| Value::Array(Vec::new()));
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            let Value::Array(items) = slot else {
                return Ok(());
            };
            let mut hit = false;
            for item in items.iter_mut().filter(|i| filter::matches(f, i)) {
                hit = true;
                set_in(item, sub.as_deref(), value.clone());
            }
            if !hit {
                // Entra adds `emails[type eq "work"].value` to users with no work address.
                let mut item = Value::Object(equalities(f));
                set_in(&mut item, sub.as_deref(), value);
                items.push(item);
            }
        }
    }
    Ok(())
}

fn set_in(item: &mut Value, sub: Option<&str>, value: Value) {
    let Value::Object(m) = item else { return };
    match (sub, value) {
        (Some(s), v) => {
            let k = key_of(m, s);
            m.insert(k, v);
        }
        (None, Value::Object(fields)) => {
            for (k, v) in fields {
                let key = key_of(m, &k);
                m.insert(key, v);
            }
        }
        (None, _) => {}
    }
}

/// `type eq "work" and primary eq true` → `{"type": "work", "primary": true}`.
fn equalities(f: &Filter) -> Map<String, Value> {
    let mut out = Map::new();
    match f {
        Filter::And(a, b) => {
            out.extend(equalities(a));
            out.extend(equalities(b));
        }
        Filter::Compare(p, CompareOp::Eq, lit) if p.sub.is_none() => {
            let v = match lit {
                Literal::Str(s) => Value::String(s.clone()),
                Literal::Bool(b) => Value::Bool(*b),
                Literal::Num(n) => serde_json::Number::from_f64(*n)
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
                Literal::Null => Value::Null,
            };
            out.insert(p.name.clone(), v);
        }
        _ => {}
    }
    out
}

/// Add appends to lists and merges objects; replace sets lists and merges objects (RFC
/// 7644 §3.5.2.3: sub-attributes not given are left as they are).
fn merged(op: Op, old: Value, new: Value) -> Value {
    match (old, new) {
        (Value::Array(mut old), Value::Array(new)) if op == Op::Add => {
            for v in new {
                if !old.contains(&v) {
                    old.push(v);
                }
            }
            Value::Array(old)
        }
        (Value::Array(mut old), v @ Value::Object(_)) if op == Op::Add => {
            if !old.contains(&v) {
                old.push(v);
            }
            Value::Array(old)
        }
        (Value::Object(mut old), Value::Object(new)) => {
            for (k, v) in new {
                let key = key_of(&old, &k);
                old.insert(key, v);
            }
            Value::Object(old)
        }
        (_, new) => new,
    }
}

fn remove(
    container: &mut Map<String, Value>,
    key: &str,
    t: &Target,
    value: Option<Value>,
) -> Result<(), ScimError> {
    match (&t.filter, &t.sub) {
        (None, None) => match (container.get_mut(key), value) {
            // Entra removes list values by giving them: {"path": "entitlements", "value": [...]}.
            (Some(Value::Array(items)), Some(v)) => {
                let gone: Vec<Value> = match v {
                    Value::Array(a) => a,
                    other => vec![other],
                };
                let id = |v: &Value| v.get("value").cloned().unwrap_or_else(|| v.clone());
                let gone: Vec<Value> = gone.iter().map(id).collect();
                items.retain(|i| !gone.contains(&id(i)));
            }
            _ => {
                container.remove(key);
            }
        },
        (None, Some(sub)) => match container.get_mut(key) {
            Some(Value::Object(m)) => {
                let k = key_of(m, sub);
                m.remove(&k);
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    let k = key_of(item, sub);
                    item.remove(&k);
                }
            }
            _ => {}
        },
        (Some(f), sub) => {
            let Some(Value::Array(items)) = container.get_mut(key) else {
                return Err(ScimError::bad(
                    "noTarget",
                    format!("no {key} value matches the filter"),
                ));
            };
            let before = items.len();
            let hit = items.iter().any(|i| filter::matches(f, i));
            if !hit {
                return Err(ScimError::bad(
                    "noTarget",
                    format!("no {key} value matches the filter"),
                ));
            }
            match sub {
                None => items.retain(|i| !filter::matches(f, i)),
                Some(s) => {
                    for item in items.iter_mut().filter(|i| filter::matches(f, i)) {
                        if let Value::Object(m) = item {
                            let k = key_of(m, s);
                            m.remove(&k);
                        }
                    }
                }
            }
            debug_assert!(items.len() <= before);
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
