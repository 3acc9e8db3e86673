//! One-time links to set a password: the invitation's link, the page at
//! `/password/{secret}`, single use, expiry, loss of access, and "send a password link"
//! from the portal and the API, on both stores.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

mod browser;
mod link;
mod send;

use crate::support::mail_files::Mail;
use crate::support::TestApp;

/// The address every test app's emails link to (no `--public-url` in tests).
pub const PUBLIC_URL: &str = "http://127.0.0.1:8080";
pub const NEW_PASSWORD: &str = "a-brand-new-secret";

/// Creates a manager over the API without a password; answers its id.
pub async fn invite(app: &TestApp, email: &str, locale: &str) -> String {
    let u = app
        .create_user(
            json!({"email": email, "first_name": "Nina", "last_name": "Neu",
            "role": "manager", "locale": locale}),
        )
        .await;
    u["id"].as_str().unwrap().to_string()
}

/// The emails of one template to one address, waiting for at least `n` of them.
pub async fn mails_to(app: &TestApp, to: &str, template: &str, n: usize) -> Vec<Mail> {
    for _ in 0..100 {
        let found: Vec<Mail> = app
            .mails()
            .into_iter()
            .filter(|m| m.to().contains(to) && m.template() == template)
            .collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} {template} email(s) to {to}");
}

/// The path of the one-time link in an email, checked to be absolute in text and HTML.
pub fn link_path(mail: &Mail) -> String {
    let body = mail.body();
    let prefix = format!("{PUBLIC_URL}/password/");
    let links: Vec<String> = body
        .match_indices(&prefix)
        .map(|(i, _)| {
            body[i + PUBLIC_URL.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/_".contains(*c))
                .collect()
        })
        .collect();
    assert!(links.len() >= 2, "link in text and HTML: {body}");
    assert!(links.windows(2).all(|w| w[0] == w[1]), "{links:?}");
    assert!(body.contains(&format!("href=\"{PUBLIC_URL}{}\"", links[0])));
    links[0].clone()
}

pub async fn count(app: &TestApp, sql: &str, user_id: &str) -> i64 {
    sqlx::query(sql)
        .bind(user_id.to_string())
        .fetch_one(&app.db)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

pub async fn tokens_of(app: &TestApp, user_id: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM password_tokens WHERE user_id = $1 AND used_at IS NULL";
    count(app, sql, user_id).await
}

pub async fn audit_actions(app: &TestApp, id: &str) -> Vec<(String, String)> {
    let audit: Value = app
        .api(Method::GET, &format!("/api/v1/audit?user={id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = audit
        .get("events")
        .or(Some(&audit))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    events
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["channel"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub async fn post_password(
    app: &TestApp,
    path: &str,
    password: &str,
    confirm: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("Origin", app.base.as_str())
        .form(&[("password", password), ("confirm", confirm)])
        .send()
        .await
        .unwrap()
}

pub async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    crate::portal::cookie_client()
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
