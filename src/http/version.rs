//! Optimistic concurrency over HTTP: `If-Match` asks for a version, `ETag` tells it.

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use super::HttpError;

/// The version an `If-Match` header asks for: `None` when absent or `*`. Strong and weak
/// forms are read alike (`"3"`, `W/"3"`): a version is a version.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, HttpError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value
        .to_str()
        .map_err(|_| HttpError::bad_request("If-Match", "If-Match is not valid text"))?
        .trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse::<i64>().map(Some).map_err(|_| {
        HttpError::bad_request(
            "If-Match",
            format!("If-Match must be a version such as \"3\", not {text}"),
        )
    })
}

/// Sets the response's `ETag` to this tag (`"3"`, or SCIM's weak `W/"3"`).
pub fn set_etag(res: &mut Response, tag: &str) {
    if let Ok(v) = HeaderValue::from_str(tag) {
        res.headers_mut().insert(header::ETAG, v);
    }
}

/// The strong tag of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn if_match_accepts_strong_weak_and_star() {
        let mut h = HeaderMap::new();
        assert_eq!(if_match(&h).unwrap(), None);
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"7\""));
        assert_eq!(if_match(&h).unwrap(), Some(7));
        h.insert(header::IF_MATCH, HeaderValue::from_static("W/\"8\""));
        assert_eq!(if_match(&h).unwrap(), Some(8));
        h.insert(header::IF_MATCH, HeaderValue::from_static("*"));
        assert_eq!(if_match(&h).unwrap(), None);
        h.insert(header::IF_MATCH, HeaderValue::from_static("\"abc\""));
        assert_eq!(if_match(&h).unwrap_err().status, StatusCode::BAD_REQUEST);
    }
}
