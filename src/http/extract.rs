//! Extractors whose refusals speak our JSON error shape and name the problem: which field,
//! what is wrong, in words of JSON (never the name of a Rust type).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::input::check_json;
use super::HttpError;

/// A JSON body: `application/json` (or `+json`), valid JSON, no control character in any
/// string, then the type's own fields.
pub struct JsonBody<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    let Some(v) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = v
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(HttpError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "invalid_json",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|r| HttpError::new(r.status(), "invalid_json", r.body_text()))?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Reads a JSON body into `T`, naming the field at fault when it does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, HttpError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        HttpError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    check_json(&value, &|_| false).map_err(|e| HttpError {
        field: Some(e.field.into()),
        // A value no field accepts, like the service's own refusals of a value.
        ..HttpError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", e.message)
    })?;
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let message = plain_words(&e.into_inner().to_string());
        let field = if path == "." {
            unknown_field(&message)
        } else {
            Some(path)
        };
        let message = match &field {
            Some(f) if !message.contains('`') || !message.contains(f.as_str()) => {
                format!("{f}: {message}")
            }
            _ => message,
        };
        HttpError {
            field: field.map(Into::into),
            ..HttpError::new(StatusCode::BAD_REQUEST, "invalid_json", message)
        }
    })
}

/// The field an "unknown field `x`" message names.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next().map(str::to_string)
}

/// serde's message with Rust's words replaced by JSON's: `struct CreateUser` becomes "a
/// JSON object", `u32` "a whole number", and so on.
pub fn plain_words(message: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut words = message.split(' ').peekable();
    while let Some(w) = words.next() {
        let (core, tail) = split_punct(w);
        let replaced = match core {
            "struct" | "enum" if words.peek().is_some() => {
                let next = words.next().unwrap_or("");
                let (_, tail) = split_punct(next);
                let what = if core == "struct" {
                    "a JSON object"
                } else {
                    "one of the documented values"
                };
                out.push(format!("{what}{tail}"));
                continue;
            }
            "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)",
            "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
            "f32" | "f64" => "a number",
            "sequence" => "JSON array",
            "map" => "JSON object",
            "option" => "a value or null",
            "unit" => "null",
            _ => {
                out.push(w.to_string());
                continue;
            }
        };
        out.push(format!("{replaced}{tail}"));
    }
    out.join(" ")
}

/// `CreateUser,` → (`CreateUser`, `,`).
fn split_punct(w: &str) -> (&str, &str) {
    let end = w
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(w.len());
    (&w[..end], &w[end..])
}

/// `axum::extract::Query` whose rejections speak our error shape.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| Params(v))
            .map_err(|r| HttpError::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct CreateThing {
        email: String,
        seats: Option<u32>,
        products: Option<Vec<String>>,
    }

    fn refusal(body: &str) -> HttpError {
        parse_json::<CreateThing>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn errors_speak_json_and_name_the_field() {
        for body in ["[]", "\"x\"", "3"] {
            let e = refusal(body);
            assert_eq!(e.status, StatusCode::BAD_REQUEST);
            assert!(!e.message.contains("CreateThing"), "{}", e.message);
            assert!(e.message.contains("a JSON object"), "{}", e.message);
        }
        let e = refusal(r#"{"email": "a@b.cc", "seats": -1}"#);
        assert_eq!(e.field.as_deref(), Some("seats"));
        assert!(!e.message.contains("u32"), "{}", e.message);
        let e = refusal(r#"{"email": "a@b.cc", "products": "pro"}"#);
        assert_eq!(e.field.as_deref(), Some("products"));
        assert!(e.message.contains("JSON array"), "{}", e.message);
        let e = refusal(r#"{"email": "a@b.cc", "colour": "red"}"#);
        assert_eq!(e.field.as_deref(), Some("colour"));
        let e = refusal(r#"{"seats": 1}"#);
        assert!(e.message.contains("email"), "{}", e.message);
        let e = refusal(r#"{"email":"#);
        assert!(e.message.starts_with("the body is not valid JSON"));
    }

    #[test]
    fn control_characters_in_strings_are_refused_by_field() {
        let e = refusal(r#"{"email": "a\u0000@b.cc"}"#);
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.field.as_deref(), Some("email"));
        let e = refusal(r#"{"email": "a@b.cc", "products": ["pro", "x\u001b"]}"#);
        assert_eq!(e.field.as_deref(), Some("products[1]"));
    }
}
