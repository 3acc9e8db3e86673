//! Who is asking: the bearer token of a request, resolved to an actor of its account.

use axum::http::{header, HeaderMap};

use super::AppState;
use crate::auth::scope::{Door, Grant};
use crate::domain::DomainError;
use crate::service::{Actor, Channel, ServiceError};

/// The bearer token of a request, if well-formed.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// The live token of a request if its scope opens `door`; `None` when the request has no
/// token or an unknown, revoked or expired one, a refusal (403) when its scope is another.
pub async fn token_grant(
    state: &AppState,
    headers: &HeaderMap,
    door: Door,
) -> Result<Option<Grant>, ServiceError> {
    let Some(secret) = bearer(headers) else {
        return Ok(None);
    };
    let Some(grant) = state.service.grant_for(secret).await? else {
        return Ok(None);
    };
    if !door.accepts(grant.scope) {
        return Err(DomainError::Forbidden(format!(
            "a token of scope '{}' cannot be used here ({})",
            grant.scope.as_str(),
            door.purpose()
        ))
        .into());
    }
    Ok(Some(grant))
}

/// Resolves a bearer token to an admin actor of its account for `channel` (the API or
/// SCIM, each taking its scopes); `None` when the request has no valid token.
pub async fn token_actor(
    state: &AppState,
    headers: &HeaderMap,
    channel: Channel,
) -> Result<Option<Actor>, ServiceError> {
    let door = match channel {
        Channel::Scim => Door::Scim,
        _ => Door::Api,
    };
    Ok(token_grant(state, headers, door)
        .await?
        .map(|g| Actor::admin(&g.account_id, format!("token:{}", g.token_id), channel)))
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
