//! The page a one-time link opens: single use, expiry, loss of access, rollback, languages.

use reqwest::Method;
use serde_json::json;
use sqlx::Row;

use super::*;
use crate::both_stores;
use crate::portal::api_user;
use roster::domain::Role;
use roster::service::{Action, Actor, Channel, NewUser};

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
        assert_eq!(res.headers()["referrer-policy"], "same-origin");
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

        // Guessing locked the email out; choosing a password through the link clears it.
        for _ in 0..5 {
            sign_in_status(&app, email, "guess-guess").await;
        }
        assert_eq!(sign_in_status(&app, email, "guess-guess").await, 429);
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
            .execute(&app.db)
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
        let pool = &app.db;
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

        // Created with a password: the invitation says to sign in with it, and no link.
        let pat = crate::portal::person(&app, "pat@acme.test", "manager", &[], "en").await;
        let mail = &mails_to(&app, "pat@acme.test", "invitation", 1).await[0];
        assert!(mail.body().contains("/login") && !mail.body().contains("/password/"));
        assert_eq!(tokens_of(&app, pat["id"].as_str().unwrap()).await, 0);
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

both_stores!(
    a_password_set_another_way_ends_the_pending_link,
    |app: TestApp| async move {
        let email = "otto@acme.test";
        let id = invite(&app, email, "de").await;
        mails_to(&app, email, "invitation", 1).await;
        assert_eq!(tokens_of(&app, &id).await, 1);
        let res = app
            .api(Method::PATCH, &format!("/api/v1/users/{id}"))
            .json(&json!({"password": "chosen-by-the-admin"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(tokens_of(&app, &id).await, 0, "the link is gone");
    }
);
