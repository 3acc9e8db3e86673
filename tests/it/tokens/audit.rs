//! Creating and revoking a token are changes like any other: audited in their change,
//! with the channel and the actor, and listed in the account's history.

use reqwest::Method;
use serde_json::{json, Value};

use super::doors::new_token;
use crate::both_stores;
use crate::support::TestApp;

async fn history(app: &TestApp, query: &str) -> Vec<Value> {
    let res = app
        .api(Method::GET, &format!("/api/v1/audit?{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    page["events"].as_array().unwrap().clone()
}

both_stores!(
    token_create_and_revoke_are_audited,
    |app: TestApp| async move {
        let (id, secret) = new_token(
            &app,
            json!({"name": "okta", "scope": "scim", "expires_days": 30}),
        )
        .await;
        let res = app
            .api(Method::DELETE, &format!("/api/v1/tokens/{id}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
        // A revoke that finds nothing changes nothing, and records nothing.
        let again = app
            .api(Method::DELETE, &format!("/api/v1/tokens/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 404);

        let events = history(&app, "channel=api").await;
        let about = |action: &str| -> Vec<Value> {
            events
                .iter()
                .filter(|e| {
                    e["action"] == action
                        && (e["after"]["token"] == id.as_str()
                            || e["before"]["token"] == id.as_str())
                })
                .cloned()
                .collect()
        };
        let created = about("token_create");
        let revoked = about("token_revoke");
        assert_eq!(created.len(), 1, "{events:#?}");
        assert_eq!(revoked.len(), 1, "{events:#?}");
        for e in created.iter().chain(&revoked) {
            assert_eq!(e["channel"], "api");
            assert!(e["actor"].as_str().unwrap().starts_with("token:"), "{e}");
            assert!(
                !e.to_string().contains(&secret),
                "the secret is never audited"
            );
        }
        assert_eq!(created[0]["after"]["scope"], "scim");
        assert_eq!(created[0]["after"]["name"], "okta");
        assert_eq!(revoked[0]["before"]["name"], "okta");
        // Newest first: the revoke, then the create.
        let ids: Vec<i64> = [&revoked[0], &created[0]]
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert!(ids[0] > ids[1]);
        // The acting token's own filter finds them too.
        let actor = created[0]["actor"].as_str().unwrap().to_string();
        let by_actor = history(&app, &format!("actor={actor}")).await;
        assert!(by_actor.iter().any(|e| e["action"] == "token_revoke"));
    }
);
