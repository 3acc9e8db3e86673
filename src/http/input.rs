//! Text hygiene at the edge: no control character (NUL above all: PostgreSQL refuses it in
//! text and SQLite cuts the value at it) gets past the HTTP edge in a path, a query
//! parameter, a form field or a JSON string. Tab and line breaks pass only where a field
//! may hold several lines. Each adapter renders the refusal in its own shape.

use axum::http::Uri;
use serde_json::Value;

/// A part of a request refused before any handler reads it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadInput {
    /// The field, query parameter or JSON path at fault (`email`, `q`, `name.givenName`).
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The first character `s` may not hold: any control character, except tab and line
/// breaks when the field is `multiline`.
pub fn control_in(s: &str, multiline: bool) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')))
}

/// Refuses text holding a control character, naming the field.
pub fn check_text(field: &str, s: &str, multiline: bool) -> Result<(), BadInput> {
    match control_in(s, multiline) {
        None => Ok(()),
        Some(c) => Err(BadInput {
            field: field.to_string(),
            message: format!(
                "{field} contains a control character (U+{:04X}); remove it",
                c as u32
            ),
        }),
    }
}

/// The path (every segment, decoded) and each query parameter (name and value, decoded).
pub fn check_uri(uri: &Uri) -> Result<(), BadInput> {
    // An ASCII control character reaches a URI only percent-encoded (`http` refuses it
    // raw, and `+` decodes to a space); a C1 control may come percent-encoded or as raw
    // UTF-8, which `http` passes. A URI of ASCII without `%` holds none: nothing to decode
    // and check, which spares every access check two decodings of its query.
    if !uri
        .path_and_query()
        .is_some_and(|p| p.as_str().bytes().any(|b| b == b'%' || !b.is_ascii()))
    {
        return Ok(());
    }
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    check_text("path", &path, false)?;
    if let Some(query) = uri.query() {
        check_pairs(query.as_bytes())?;
    }
    Ok(())
}

/// An `application/x-www-form-urlencoded` body (or query string): each field.
/// Form fields that are text areas, where tabs and line breaks belong.
const MULTILINE_FIELDS: &[&str] = &["csv"];

pub fn check_pairs(body: &[u8]) -> Result<(), BadInput> {
    for (name, value) in form_urlencoded::parse(body) {
        check_text("a parameter name", &name, false)?;
        // A pasted CSV (the portal's import form) keeps its line breaks.
        check_text(&name, &value, MULTILINE_FIELDS.contains(&name.as_ref()))?;
    }
    Ok(())
}

/// Calls `f` on every value of a JSON document with its path (`name.givenName`,
/// `emails[0].value`; the root is `body`), parents before children, keys checked for
/// control characters on the way.
pub fn visit_json(
    v: &Value,
    f: &mut dyn FnMut(&str, &Value) -> Result<(), BadInput>,
) -> Result<(), BadInput> {
    fn walk(
        v: &Value,
        path: &mut String,
        f: &mut dyn FnMut(&str, &Value) -> Result<(), BadInput>,
    ) -> Result<(), BadInput> {
        f(if path.is_empty() { "body" } else { path }, v)?;
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path, f)?;
                    path.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    check_text("a JSON key", k, false)?;
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(item, path, f)?;
                    path.truncate(len);
                }
            }
            _ => {}
        }
        Ok(())
    }
    walk(v, &mut String::new(), f)
}

/// Every key and string of a JSON document; `multiline(path)` tells which strings may hold
/// line breaks.
pub fn check_json(v: &Value, multiline: &dyn Fn(&str) -> bool) -> Result<(), BadInput> {
    visit_json(v, &mut |path, v| match v {
        Value::String(s) => check_text(path, s, multiline(path)),
        _ => Ok(()),
    })
}

/// Every string within `max_chars(path)` characters and every array within
/// `max_items` values.
pub fn check_json_bounds(
    v: &Value,
    max_chars: &dyn Fn(&str) -> usize,
    max_items: usize,
) -> Result<(), BadInput> {
    let bad = |path: &str, message: String| BadInput {
        field: path.to_string(),
        message,
    };
    visit_json(v, &mut |path, v| match v {
        Value::String(s) => {
            crate::domain::limits::check_chars(path, s, max_chars(path)).map_err(|m| bad(path, m))
        }
        Value::Array(items) if items.len() > max_items => Err(bad(
            path,
            format!(
                "{path} has {} values; at most {max_items} are accepted",
                items.len()
            ),
        )),
        _ => Ok(()),
    })
}

/// A JSON path without its indexes (`emails[0].value` → `emails.value`), to compare with
/// attribute names.
pub fn without_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        assert!(check_text("email", "a@b.cc", false).is_ok());
        let e = check_text("email", "a\u{0}@b.cc", false).unwrap_err();
        assert_eq!(e.field, "email");
        assert!(e.message.contains("U+0000"), "{}", e.message);
        assert!(check_text("q", "a\u{7f}", false).is_err());
        assert!(check_text("q", "a\u{85}", false).is_err());
        assert!(check_text("q", "a\tb", false).is_err());
        assert!(check_text("address", "a\r\nb\tc", true).is_ok());
        assert!(check_text("address", "a\u{0}", true).is_err());
        assert!(check_text("name", "Zoë Ñúñez 李", false).is_ok());
    }

    #[test]
    fn paths_and_query_parameters_are_decoded_before_the_check() {
        let ok: Uri = "/api/v1/users?q=a%20b&status=active".parse().unwrap();
        assert!(check_uri(&ok).is_ok());
        let bad: Uri = "/api/v1/users?status=active&q=a%00b".parse().unwrap();
        assert_eq!(check_uri(&bad).unwrap_err().field, "q");
        let bad: Uri = "/api/v1/users/abc%00".parse().unwrap();
        assert_eq!(check_uri(&bad).unwrap_err().field, "path");
        // A C1 control, encoded as UTF-8.
        let bad: Uri = "/api/v1/users?q=a%C2%85b".parse().unwrap();
        assert_eq!(check_uri(&bad).unwrap_err().field, "q");
        // Unencoded, an ASCII control character is no URI at all; a C1 control is, in
        // raw UTF-8, and refused like an encoded one.
        assert!("/api/v1/users?q=a\u{1}b".parse::<Uri>().is_err());
        assert!("/api/v1/users\u{7f}".parse::<Uri>().is_err());
        let raw = Uri::from_maybe_shared(b"/api/v1/users?q=a\xc2\x85b").unwrap();
        assert_eq!(check_uri(&raw).unwrap_err().field, "q");
        let plain: Uri = "/api/v1/access?user=u-1&product=meeting+pro"
            .parse()
            .unwrap();
        assert!(check_uri(&plain).is_ok());
        assert_eq!(
            check_pairs(b"email=a%00%40b.cc&password=x")
                .unwrap_err()
                .field,
            "email"
        );
    }

    #[test]
    fn json_strings_and_keys_name_their_path() {
        let doc = json!({"name": {"givenName": "A"}, "emails": [{"value": "a@b.cc"}, {"value": "x\u{1}"}]});
        let e = check_json(&doc, &|_| false).unwrap_err();
        assert_eq!(e.field, "emails[1].value");
        assert_eq!(without_indexes(&e.field), "emails.value");
        let doc = json!({"addresses": [{"formatted": "1 Main St\nSpringfield"}]});
        assert!(check_json(&doc, &|p| without_indexes(p) == "addresses.formatted").is_ok());
        assert!(check_json(&doc, &|_| false).is_err());
        assert!(check_json(&json!({"a\u{0}": 1}), &|_| false).is_err());
    }

    #[test]
    fn json_bounds_name_the_long_string_or_the_long_list() {
        let doc =
            json!({"userName": "x".repeat(300), "emails": vec![json!({"value": "a@b.cc"}); 60]});
        let e =
            check_json_bounds(&doc, &|p| if p == "userName" { 256 } else { 1024 }, 50).unwrap_err();
        assert_eq!(e.field, "emails");
        let doc = json!({"userName": "x".repeat(300)});
        let e = check_json_bounds(&doc, &|_| 256, 50).unwrap_err();
        assert_eq!(e.field, "userName");
        assert!(e.message.contains("300 characters"), "{}", e.message);
    }
}
