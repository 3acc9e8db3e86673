//! Who is asking: the bearer token of a request, resolved to an actor of its account.

use axum::http::{header, HeaderMap};

use super::AppState;
use crate::service::{Actor, Channel, ServiceError};

/// The bearer token of a request, if well-formed.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// Resolves a bearer token to an admin actor of its account for `channel`; `None` when
/// the request has no token or an unknown one.
pub async fn token_actor(
    state: &AppState,
    headers: &HeaderMap,
    channel: Channel,
) -> Result<Option<Actor>, ServiceError> {
    let Some(token) = bearer(headers) else {
        return Ok(None);
    };
    let found = state.service.authenticate_token(token).await?;
    Ok(found.map(|(token_id, account_id)| {
        Actor::admin(&account_id, format!("token:{token_id}"), channel)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_needs_the_scheme() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer abc"),
        );
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer(&h), None);
    }
}
