//! One-time links to set a password: the invitation's link, the page at
//! `/password/{secret}`, single use, expiry, loss of access, and "send a password link"
//! from the portal and the API, on both stores.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

use crate::both_stores;
use crate::portal::{api_user, hidden, person, signed_in, PASSWORD};
use crate::support::mail_files::Mail;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use roster::domain::Role;
use roster::service::{Action, Actor, Channel, NewUser};

/// The address every test app's emails link to (no `--public-url` in tests).
const PUBLIC_URL: &str = "http://127.0.0.1:8080";
const NEW_PASSWORD: &str = "a-brand-new-secret";

/// Creates a manager over the API without a password; answers its id.
async fn invite(app: &TestApp, email: &str, locale: &str) -> String {
    let u = app
        .create_user(
            json!({"email": email, "first_name": "Nina", "last_name": "Neu",
            "role": "manager", "locale": locale}),
        )
        .await;
    u["id"].as_str().unwrap().to_string()
}

/// The emails of one template to one address, waiting for at least `n` of them.
async fn mails_to(app: &TestApp, to: &str, template: &str, n: usize) -> Vec<Mail> {
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
fn link_path(mail: &Mail) -> String {
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

async fn count(app: &TestApp, sql: &str, user_id: &str) -> i64 {
    sqlx::query(sql)
        .bind(user_id.to_string())
        .fetch_one(app.service.store().pool())
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

async fn tokens_of(app: &TestApp, user_id: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM password_tokens WHERE user_id = $1 AND used_at IS NULL";
    count(app, sql, user_id).await
}

async fn audit_actions(app: &TestApp, id: &str) -> Vec<(String, String)> {
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

async fn post_password(
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

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> u16 {
    crate::portal::cookie_client()
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

both_stores!(
    the_invitation_link_sets_the_password_once,
    |app: TestApp| async move {
        let email = "nina@acme.test";
        let id = invite(&app, email, "fr").await;
        let mail = &mails_to(&app, email, "invitation", 1).await[0];
        let path = link_path(mail);
        let secret = path.trim_start_matches("/password/");
        assert!(secret.starts_with("rpt_"), "{path}");
        // Only the digest is stored.
        assert_eq!(tokens_of(&app, &id).await, 1);
        let stored = "SELECT COUNT(*) FROM password_tokens WHERE token_hash = $1";
        assert_eq!(
            count(&app, stored, secret).await,
            0,
            "the secret is not stored"
        );

        // The page, in the user's language, never cached nor leaking its address.
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["referrer-policy"], "no-referrer");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let html = res.text().await.unwrap();
        assert!(html.contains("lang=\"fr\""), "{html}");
        assert!(html.contains("Choisissez votre mot de passe") && html.contains(email));

        // Refusals beside their field change nothing.
        let res = post_password(&app, &path, "short", "short").await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("au moins 8 caractères"));
        let res = post_password(&app, &path, NEW_PASSWORD, "something-else").await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("id=\"confirm-error\""));
        let res = app
            .client
            .post(app.url(&path))
            .header("Origin", "https://evil.test")
            .form(&[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "a cross-site form is refused");
        assert_eq!(api_user(&app, &id).await["version"], 1);

        let res = post_password(&app, &path, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/login?notice=password-set");
        let login = app
            .client
            .get(app.url("/login?notice=password-set"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(login.contains("id=\"notice\""));
        assert_eq!(sign_in_status(&app, email, NEW_PASSWORD).await, 303);
        assert_eq!(api_user(&app, &id).await["version"], 2);
        assert!(audit_actions(&app, &id)
            .await
            .contains(&("set_password".into(), "portal".into())));

        // Single use: the page and the form now refuse, and the password stays.
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 410);
        assert!(res.text().await.unwrap().contains("id=\"link-gone\""));
        let res = post_password(&app, &path, "another-password", "another-password").await;
        assert_eq!(res.status(), 410);
        assert_eq!(sign_in_status(&app, email, "another-password").await, 401);
        assert_eq!(sign_in_status(&app, email, NEW_PASSWORD).await, 303);
        // Setting a password sends no email.
        let mails = app.settle_mail().await;
        assert_eq!(mails.iter().filter(|m| m.to().contains(email)).count(), 1);
        // A made-up link gets the same page.
        let res = app
            .client
            .get(app.url(&format!("/password/rpt_{}", "0".repeat(64))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 410);
    }
);

both_stores!(
    expired_and_lost_access_links_change_nothing,
    |app: TestApp| async move {
        // Expired: aged in the database.
        let old = invite(&app, "old@acme.test", "en").await;
        let path = link_path(&mails_to(&app, "old@acme.test", "invitation", 1).await[0]);
        sqlx::query("UPDATE password_tokens SET expires_at = 1 WHERE user_id = $1")
            .bind(old.clone())
            .execute(app.service.store().pool())
            .await
            .unwrap();
        assert_eq!(
            app.client
                .get(app.url(&path))
                .send()
                .await
                .unwrap()
                .status(),
            410
        );
        let res = post_password(&app, &path, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status(), 410);
        assert_eq!(api_user(&app, &old).await["version"], 1);
        assert_eq!(
            sign_in_status(&app, "old@acme.test", NEW_PASSWORD).await,
            401
        );

        // Suspended, deleted, or demoted to member: their unused links go with the access.
        for (email, how) in [
            ("susp@acme.test", "suspend"),
            ("gone@acme.test", "delete"),
            ("demoted@acme.test", "demote"),
        ] {
            let id = invite(&app, email, "de").await;
            let path = link_path(&mails_to(&app, email, "invitation", 1).await[0]);
            assert_eq!(tokens_of(&app, &id).await, 1);
            let res = match how {
                "suspend" => app.api(Method::POST, &format!("/api/v1/users/{id}/suspend")),
                "delete" => app.api(Method::DELETE, &format!("/api/v1/users/{id}")),
                _ => app
                    .api(Method::PATCH, &format!("/api/v1/users/{id}"))
                    .json(&json!({"role": "member", "products": ["meeting"]})),
            }
            .send()
            .await
            .unwrap();
            assert_eq!(res.status(), 200, "{how}");
            assert_eq!(tokens_of(&app, &id).await, 0, "{how}");
            let res = app.client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 410, "{how}");
            let res = post_password(&app, &path, NEW_PASSWORD, NEW_PASSWORD).await;
            assert_eq!(res.status(), 410, "{how}");
            let audit = audit_actions(&app, &id).await;
            assert!(!audit.iter().any(|(a, _)| a == "set_password"), "{how}");
        }
    }
);

both_stores!(
    the_portal_button_and_the_api_send_a_fresh_link,
    |app: TestApp| async move {
        let m = person(&app, "max@acme.test", "manager", &[], "en").await;
        let id = m["id"].as_str().unwrap().to_string();
        let invitation = link_path(&mails_to(&app, "max@acme.test", "invitation", 1).await[0]);
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let page = admin
            .get(app.url(&format!("/users/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"send-password-link\""));
        let csrf = hidden(&page, "csrf");
        let url = app.url(&format!("/users/{id}/password-link"));
        let res = admin
            .post(&url)
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = admin
            .post(&url)
            .header("Origin", app.base.as_str())
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"],
            format!("/users/{id}?notice=password-link").as_str()
        );
        let reset = &mails_to(&app, "max@acme.test", "password_reset", 1).await[0];
        assert_eq!(reset.header("Content-Language").as_deref(), Some("en"));
        let fresh = link_path(reset);
        assert_ne!(fresh, invitation);
        // Only the newest link works.
        assert_eq!(
            app.client
                .get(app.url(&invitation))
                .send()
                .await
                .unwrap()
                .status(),
            410
        );
        assert_eq!(
            app.client
                .get(app.url(&fresh))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        assert!(audit_actions(&app, &id)
            .await
            .contains(&("password_link".into(), "portal".into())));
        assert_eq!(
            api_user(&app, &id).await["version"],
            1,
            "the user is unchanged"
        );

        // The API does the same.
        let res = app
            .api(Method::POST, &format!("/api/v1/users/{id}/password-link"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 202);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["to"], "max@acme.test");
        assert!(body["expires_at"].as_str().is_some_and(|s| s.contains('T')));
        let resets = mails_to(&app, "max@acme.test", "password_reset", 2).await;
        assert!(audit_actions(&app, &id)
            .await
            .contains(&("password_link".into(), "api".into())));
        // File names do not tell the order: the newest is the link not seen yet.
        let newest = resets.iter().map(link_path).find(|l| *l != fresh).unwrap();
        assert_eq!(
            app.client
                .get(app.url(&fresh))
                .send()
                .await
                .unwrap()
                .status(),
            410
        );
        let res = post_password(&app, &newest, NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            sign_in_status(&app, "max@acme.test", NEW_PASSWORD).await,
            303
        );
        assert_eq!(sign_in_status(&app, "max@acme.test", PASSWORD).await, 401);

        // A member has no portal, and an unknown user is not found.
        let member = person(&app, "mo@acme.test", "member", &["meeting"], "en").await;
        let res = app
            .api(
                Method::POST,
                &format!(
                    "/api/v1/users/{}/password-link",
                    member["id"].as_str().unwrap()
                ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let res = app
            .api(Method::POST, "/api/v1/users/nobody/password-link")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let doc: Value = app
            .client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(doc["paths"]["/api/v1/users/{id}/password-link"]["post"].is_object());
    }
);

both_stores!(
    a_manager_cannot_send_a_link_to_an_admin,
    |app: TestApp| async move {
        let boss = person(&app, "boss@acme.test", "admin", &[], "en").await;
        let peer = person(&app, "peer@acme.test", "manager", &[], "en").await;
        person(&app, "mgr@acme.test", "manager", &[], "en").await;
        let manager = signed_in(&app, "mgr@acme.test", PASSWORD).await;
        let boss_id = boss["id"].as_str().unwrap();
        let page = manager
            .get(app.url(&format!("/users/{boss_id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("id=\"send-password-link\""), "no button");
        let csrf = hidden(&page, "csrf");
        let res = manager
            .post(app.url(&format!("/users/{boss_id}/password-link")))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(res.text().await.unwrap().contains("id=\"page-error\""));
        let peer_id = peer["id"].as_str().unwrap();
        let res = manager
            .post(app.url(&format!("/users/{peer_id}/password-link")))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "a manager may reach another manager");
        mails_to(&app, "peer@acme.test", "password_reset", 1).await;
        let mails = app.settle_mail().await;
        assert!(!mails
            .iter()
            .any(|m| m.to().contains("boss@acme.test") && m.template() == "password_reset"));
        assert!(!audit_actions(&app, boss_id)
            .await
            .iter()
            .any(|(a, _)| a == "password_link"));
    }
);

both_stores!(
    a_rolled_back_change_leaves_no_link,
    |app: TestApp| async move {
        let actor = Actor::admin(&app.account_id, "test".into(), Channel::Api);
        let new = NewUser {
            email: "ghost@acme.test".into(),
            first_name: "Ghost".into(),
            role: Some(Role::Manager),
            ..NewUser::default()
        };
        // The creation (with its invitation and link) is written, then the second step is
        // refused: the whole transaction rolls back.
        let refused = app
            .service
            .create_user_then(&actor, new, vec![Action::Restore], true)
            .await;
        assert!(refused.is_err());
        let pool = app.service.store().pool();
        for table in ["password_tokens", "outbox", "users"] {
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
            // The account's admin is the one user; no email nor link was left.
            let expected = if table == "users" { 1 } else { 0 };
            assert_eq!(n, expected, "{table}");
        }
        assert!(app.settle_mail().await.is_empty());
    }
);

/// A portal message as the language's catalog has it (HTML-escaped like a page shows it).
fn portal_message(lang: &str, key: &str) -> String {
    let path = format!("{}/locales/{lang}/portal.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("{lang} has no {key}"))
        .replace('&', "&amp;")
        .replace('\'', "&#39;")
}

both_stores!(the_page_speaks_every_language, |app: TestApp| async move {
    for lang in ["en", "fr", "de", "es", "it", "pt", "nl"] {
        let email = format!("nina-{lang}@acme.test");
        invite(&app, &email, lang).await;
        let path = link_path(&mails_to(&app, &email, "invitation", 1).await[0]);
        let pages = [
            (200, app.client.get(app.url(&path)).send().await.unwrap()),
            (
                422,
                post_password(&app, &path, "long-enough", "not-the-same").await,
            ),
            (
                410,
                app.client
                    .get(app.url("/password/rpt_unknown"))
                    .header("Accept-Language", lang)
                    .send()
                    .await
                    .unwrap(),
            ),
            (
                200,
                app.client
                    .get(app.url("/login?notice=password-set"))
                    .header("Accept-Language", lang)
                    .send()
                    .await
                    .unwrap(),
            ),
        ];
        let expected = [
            "portal-password-title",
            "portal-password-mismatch",
            "portal-password-gone",
            "portal-notice-password-set",
        ];
        for ((status, res), key) in pages.into_iter().zip(expected) {
            assert_eq!(res.status(), status, "{key} in {lang}");
            let html = res.text().await.unwrap();
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{key} in {lang}"
            );
            assert!(html.contains(&portal_message(lang, key)), "{key} in {lang}");
            assert!(!html.contains("portal-"), "{key} in {lang}: a raw key");
        }
    }
});
