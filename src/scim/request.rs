//! What SCIM handlers take from a request: the acting token, the JSON body (SCIM or plain
//! JSON media type), the base URL for `meta.location`, and `attributes` projections.

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

use super::discovery::{ENTERPRISE_SCHEMA, USER_SCHEMA};
use super::error::ScimError;
use super::user::get_ci;
use crate::http::actor::token_actor;
use crate::http::input::{check_json, without_indexes};
use crate::http::AppState;
use crate::service::{Actor, Channel};

/// The bearer token's account, acting as an admin through SCIM.
pub struct ScimActor(pub Actor);

impl FromRequestParts<AppState> for ScimActor {
    type Rejection = ScimError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        token_actor(state, &parts.headers, Channel::Scim)
            .await?
            .map(ScimActor)
            .ok_or_else(ScimError::unauthorized)
    }
}

/// The absolute `/scim/v2` URL (for `meta.location`): under `--public-url` when given,
/// never a client's `Host` then; else the host the client used.
pub fn base_url(headers: &HeaderMap, state: &AppState) -> String {
    if let Some(public) = &state.settings.public_url {
        return format!("{}/scim/v2", public.trim_end_matches('/'));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or(if state.settings.secure_cookies {
            "https"
        } else {
            "http"
        });
    format!("{proto}://{host}/scim/v2")
}

/// Strings that may hold several lines: an address's `formatted` text (RFC 7643 §4.1.2).
fn multiline(path: &str) -> bool {
    without_indexes(path)
        .rsplit('.')
        .next()
        .is_some_and(|last| last.eq_ignore_ascii_case("formatted"))
}

/// A JSON object body, whatever the JSON media type (IdPs send both), with no control
/// character in any key or string.
pub fn json_object(body: &Bytes) -> Result<Map<String, Value>, ScimError> {
    let doc = serde_json::from_slice::<Value>(body)
        .map_err(|e| ScimError::bad("invalidSyntax", format!("the body is not valid JSON: {e}")))?;
    check_json(&doc, &multiline).map_err(|e| {
        let kind = if e.field.eq_ignore_ascii_case("filter") {
            "invalidFilter"
        } else {
            "invalidValue"
        };
        ScimError::bad(kind, e.message)
    })?;
    match doc {
        Value::Object(m) => Ok(m),
        _ => Err(ScimError::bad(
            "invalidSyntax",
            "the body must be a JSON object",
        )),
    }
}

/// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), applied to a User document.
#[derive(Debug, Default, Clone)]
pub struct Projection {
    include: Vec<(bool, String, Option<String>)>,
    exclude: Vec<(bool, String, Option<String>)>,
}

fn parse_list(s: Option<&str>) -> Vec<(bool, String, Option<String>)> {
    s.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            let lower = a.to_ascii_lowercase();
            let ent = ENTERPRISE_SCHEMA.to_ascii_lowercase();
            let core = format!("{}:", USER_SCHEMA.to_ascii_lowercase());
            let (enterprise, rest) = if lower == ent {
                (true, "")
            } else if lower.starts_with(&format!("{ent}:")) {
                (true, &a[ent.len() + 1..])
            } else if lower.starts_with(&core) {
                (false, &a[core.len()..])
            } else {
                (false, a)
            };
            match rest.split_once('.') {
                Some((n, sub)) => (enterprise, n.to_string(), Some(sub.to_string())),
                None => (enterprise, rest.to_string(), None),
            }
        })
        .collect()
}

impl Projection {
    pub fn new(attributes: Option<&str>, excluded: Option<&str>) -> Projection {
        Projection {
            include: parse_list(attributes),
            exclude: parse_list(excluded),
        }
    }

    pub fn apply(&self, doc: Value) -> Value {
        let Value::Object(mut m) = doc else {
            return doc;
        };
        const ALWAYS: [&str; 3] = ["id", "schemas", "meta"];
        if !self.include.is_empty() {
            let mut out = Map::new();
            for k in ALWAYS {
                if let Some(v) = m.remove(k) {
                    out.insert(k.into(), v);
                }
            }
            for (enterprise, name, sub) in &self.include {
                let (src, key) = if *enterprise {
                    if name.is_empty() {
                        if let Some(v) = m.get(ENTERPRISE_SCHEMA) {
                            out.insert(ENTERPRISE_SCHEMA.into(), v.clone());
                        }
                        continue;
                    }
                    let Some(Value::Object(e)) = m.get(ENTERPRISE_SCHEMA) else {
                        continue;
                    };
                    (e, name)
                } else {
                    (&m, name)
                };
                let Some((k, v)) = src.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) else {
                    continue;
                };
                let v = match (sub, v) {
                    (Some(s), Value::Object(o)) => match get_ci(o, s) {
                        Some(x) => serde_json::json!({ s.clone(): x }),
                        None => continue,
                    },
                    _ => v.clone(),
                };
                if *enterprise {
                    let e = out
                        .entry(ENTERPRISE_SCHEMA.to_string())
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(e) = e {
                        e.insert(k.clone(), v);
                    }
                } else {
                    out.insert(k.clone(), v);
                }
            }
            m = out;
        }
        for (enterprise, name, sub) in &self.exclude {
            let target = if *enterprise {
                if name.is_empty() {
                    m.remove(ENTERPRISE_SCHEMA);
                    continue;
                }
                match m.get_mut(ENTERPRISE_SCHEMA) {
                    Some(Value::Object(e)) => e,
                    _ => continue,
                }
            } else {
                &mut m
            };
            if ALWAYS.iter().any(|a| a.eq_ignore_ascii_case(name)) && !*enterprise {
                continue;
            }
            let Some(k) = target
                .keys()
                .find(|k| k.eq_ignore_ascii_case(name))
                .cloned()
            else {
                continue;
            };
            match sub {
                Some(s) => {
                    if let Some(Value::Object(o)) = target.get_mut(&k) {
                        o.retain(|key, _| !key.eq_ignore_ascii_case(s));
                    }
                }
                None => {
                    target.remove(&k);
                }
            }
        }
        Value::Object(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attributes_keep_id_and_what_is_asked() {
        let doc = json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A", "familyName": "B"}, "active": true});
        let p = Projection::new(Some("userName,name.givenName"), None);
        assert_eq!(
            p.apply(doc.clone()),
            json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A"}})
        );
        let p = Projection::new(None, Some("active,name.familyName"));
        assert_eq!(
            p.apply(doc),
            json!({"id": "1", "schemas": [], "userName": "a", "name": {"givenName": "A"}})
        );
    }
}
