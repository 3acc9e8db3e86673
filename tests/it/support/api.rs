//! Typed helpers for the REST API: the requests tests make again and again, each
//! asserting the status it expects so a test reads as the rule it checks.

use reqwest::Method;
use serde_json::{json, Value};

use super::TestApp;

impl TestApp {
    /// `GET /api/v1/users/{id}`.
    pub async fn user(&self, id: &str) -> Value {
        let res = self
            .api(Method::GET, &format!("/api/v1/users/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "GET user {id}");
        res.json().await.unwrap()
    }

    /// `PATCH /api/v1/users/{id}` with `body` (notify as the body says), the response as is.
    pub async fn patch_user(&self, id: &str, body: Value) -> reqwest::Response {
        self.api(Method::PATCH, &format!("/api/v1/users/{id}"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/v1/users/{id}/{action}` (suspend, reactivate, restore) or
    /// `DELETE /api/v1/users/{id}` for `"delete"`, the response as is.
    pub async fn user_action(&self, id: &str, action: &str) -> reqwest::Response {
        let req = if action == "delete" {
            self.api(Method::DELETE, &format!("/api/v1/users/{id}"))
        } else {
            self.api(Method::POST, &format!("/api/v1/users/{id}/{action}"))
        };
        req.send().await.unwrap()
    }

    /// Like `user_action`, asserting 200 and answering the user.
    pub async fn act(&self, id: &str, action: &str) -> Value {
        let res = self.user_action(id, action).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{action} of {id}: {body}");
        body
    }

    /// `GET /api/v1/access?user=..&product=..`.
    pub async fn access(&self, user: &str, product: &str) -> Value {
        let res = self
            .api(Method::GET, "/api/v1/access")
            .query(&[("user", user), ("product", product)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "access of {user} to {product}");
        res.json().await.unwrap()
    }

    /// Whether the access check lets `user` into `product`.
    pub async fn allowed(&self, user: &str, product: &str) -> bool {
        self.access(user, product).await["allowed"] == json!(true)
    }

    /// The ids of the users `GET /api/v1/users?{query}` lists on its first page.
    pub async fn listed_ids(&self, query: &str) -> Vec<String> {
        let res = self
            .api(Method::GET, &format!("/api/v1/users?{query}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "list ?{query}");
        let body: Value = res.json().await.unwrap();
        body["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// The user's audit events, newest first.
    pub async fn audit_of(&self, id: &str) -> Vec<Value> {
        let res = self
            .api(Method::GET, &format!("/api/v1/audit?user={id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "audit of {id}");
        let body: Value = res.json().await.unwrap();
        body["events"].as_array().unwrap().clone()
    }
}
