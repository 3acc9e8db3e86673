//! Okta's SCIM 2.0 spec test and Microsoft Entra ID's documented provisioning requests,
//! replayed request by request (fixtures in tests/fixtures/scim/).

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{json, Value};

use super::replay::replay;
use crate::both_stores;
use crate::support::TestApp;

/// Okta's test reads the first user of the list and expects a name: give the admin one.
async fn name_the_admin(app: &TestApp) {
    let page: Value = app
        .api(Method::GET, "/api/v1/users")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = page["users"][0]["id"]
        .as_str()
        .expect("the admin")
        .to_string();
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{id}"))
        .json(&json!({"first_name": "Ada", "last_name": "Admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

both_stores!(okta_spec_sequence, |app: TestApp| async move {
    name_the_admin(&app).await;
    replay(&app, "okta_spec.json", &mut HashMap::new()).await;
});

both_stores!(entra_documented_requests, |app: TestApp| async move {
    replay(&app, "entra_docs.json", &mut HashMap::new()).await;
});
