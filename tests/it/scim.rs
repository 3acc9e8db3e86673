//! SCIM 2.0 on both stores: the third-party compliance tool, Okta's and Entra's request
//! sequences replayed from fixtures, and the protocol details (filters, paging, errors).

mod compliance;
mod idp;
mod notifications;
mod protocol;
mod put_keeps_access;
mod replay;
mod roundtrip;

use reqwest::Method;
use serde_json::Value;

use crate::support::TestApp;

/// One SCIM request (`path` below `/scim/v2`): the status, the JSON body (null when none)
/// and the headers.
pub async fn scim(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let mut req = app.api(method, &format!("/scim/v2{path}"));
    if let Some(b) = body {
        req = req
            .header("Content-Type", "application/scim+json")
            .body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    )
}
