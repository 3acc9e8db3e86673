//! Roster as a Shared Signals transmitter (DESIGN §1 "Signals to products", §4 SSF): a
//! test receiver discovers it, creates streams, verifies every SET with the published
//! key, and hears the changes it should and only those.

mod events;
mod latency;
mod management;
mod receiver;
mod verification;

use std::time::Duration;

use jsonwebtoken::jwk::JwkSet;
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::TestApp;
use roster::signals::push::{PushConfig, PushWorker, PushWorkerHandle};

/// Retries come quickly in tests.
pub fn fast_push() -> PushConfig {
    PushConfig {
        backoff_base_ms: 50,
        backoff_max_ms: 400,
        lease_ms: 10_000,
        ..PushConfig::default()
    }
}

pub fn start_push(app: &TestApp) -> PushWorkerHandle {
    PushWorker::new(app.service.clone(), fast_push())
        .unwrap()
        .spawn()
}

/// An `events` token of the test account, bound to `product` or not.
pub async fn events_token(app: &TestApp, product: Option<&str>) -> String {
    let mut body = json!({"name": "receiver", "scope": "events"});
    if let Some(p) = product {
        body["product"] = json!(p);
    }
    let res = app
        .api(Method::POST, "/api/v1/tokens")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

/// What discovery says, fetched as a receiver does.
pub async fn discover(app: &TestApp) -> Value {
    let res = app
        .client
        .get(app.url("/.well-known/ssf-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    res.json().await.unwrap()
}

/// The path of one of the transmitter's URLs: the test server listens on a random port,
/// while the issuer is the configured public address.
pub fn path_of(url: &str) -> String {
    let u = reqwest::Url::parse(url).unwrap();
    u.path().to_string()
}

pub async fn jwks(app: &TestApp) -> JwkSet {
    let config = discover(app).await;
    let path = path_of(config["jwks_uri"].as_str().unwrap());
    app.client
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A request to stream management with an events token.
pub fn ssf(app: &TestApp, token: &str, method: Method, path: &str) -> reqwest::RequestBuilder {
    app.client.request(method, app.url(path)).bearer_auth(token)
}

/// Creates a push stream to `endpoint` and answers its configuration.
pub async fn push_stream(app: &TestApp, token: &str, endpoint: &str, extra: Value) -> Value {
    let mut body = json!({
        "delivery": {"method": "urn:ietf:rfc:8935", "endpoint_url": endpoint,
                     "authorization_header": "Bearer receiver-secret"},
        "description": "test receiver",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let res = ssf(app, token, Method::POST, "/ssf/streams")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// Creates a poll stream and answers its configuration.
pub async fn poll_stream(app: &TestApp, token: &str, extra: Value) -> Value {
    let res = ssf(app, token, Method::POST, "/ssf/streams")
        .json(&extra)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

/// One RFC 8936 poll: answers the SETs by jti and `moreAvailable`.
pub async fn poll(
    app: &TestApp,
    token: &str,
    stream: &Value,
    body: Value,
) -> (Vec<(String, String)>, bool) {
    let path = path_of(stream["delivery"]["endpoint_url"].as_str().unwrap());
    let res = ssf(app, token, Method::POST, &path)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let v: Value = res.json().await.unwrap();
    let sets = v["sets"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    (sets, v["moreAvailable"].as_bool().unwrap())
}

pub const WAIT: Duration = Duration::from_secs(10);
