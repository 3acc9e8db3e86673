//! Every page in every language: 200, no raw message key, no server error.

use std::collections::BTreeSet;

use super::{hidden, person, signed_in, PASSWORD};
use crate::both_stores;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

const LANGS: [&str; 7] = ["en", "fr", "de", "es", "it", "pt", "nl"];

/// The portal's message keys, which must never reach a page as such.
fn keys() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en/portal.ftl");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
        .collect()
}

/// A message of the language's own catalog, as a page shows it (HTML-escaped).
fn message(lang: &str, key: &str) -> String {
    let path = format!("{}/locales/{lang}/portal.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("{lang} has no {key}"));
    value.replace('&', "&amp;").replace('\'', "&#39;")
}

fn check(page: &str, lang: &str, html: &str, keys: &BTreeSet<String>) {
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "{page} is not in {lang}"
    );
    let language = message(lang, "portal-language");
    assert!(
        html.contains(&language),
        "{page} ({lang}) lacks the word {language}"
    );
    assert!(
        !html.contains("Unknown localization"),
        "{page} ({lang}) has a missing message"
    );
    for k in keys {
        assert!(
            !html.contains(k.as_str()),
            "{page} ({lang}) shows the raw key {k}"
        );
    }
}

both_stores!(every_page_in_every_language, |app: TestApp| async move {
    let keys = keys();
    let active = person(&app, "ada@acme.test", "member", &["meeting"], "de").await;
    let suspended = person(&app, "sam@acme.test", "member", &[], "it").await;
    let deleted = person(&app, "del@acme.test", "member", &["rescue"], "nl").await;
    person(&app, "mgr@acme.test", "manager", &["webinar"], "pt").await;
    let del_id = deleted["id"].as_str().unwrap();
    app.api(reqwest::Method::DELETE, &format!("/api/v1/users/{del_id}"))
        .send()
        .await
        .unwrap();
    let admin_id = {
        let v: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/users?role=admin")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["users"][0]["id"].as_str().unwrap().to_string()
    };
    let pages = [
        "/users".to_string(),
        "/users?status=deleted".into(),
        "/users?status=suspended&role=member&product=meeting&sort=name&q=a".into(),
        format!("/users/{}", active["id"].as_str().unwrap()),
        format!("/users/{}", suspended["id"].as_str().unwrap()),
        format!("/users/{del_id}"),
        format!("/users/{admin_id}"),
    ];
    for (who, password) in [(ADMIN_EMAIL, ADMIN_PASSWORD), ("mgr@acme.test", PASSWORD)] {
        let client = signed_in(&app, who, password).await;
        for lang in LANGS {
            let res = client
                .get(app.url(&format!("/lang?lang={lang}&next=/users")))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303);
            for page in &pages {
                let res = client.get(app.url(page)).send().await.unwrap();
                assert_eq!(res.status(), 200, "{page} in {lang} as {who}");
                check(page, lang, &res.text().await.unwrap(), &keys);
            }
            // A preview and a refusal render their messages too.
            let id = active["id"].as_str().unwrap();
            let html = client
                .get(app.url(&format!("/users/{id}")))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let csrf = hidden(&html, "csrf");
            let res = client
                .post(app.url(&format!("/users/{id}/products")))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("products", "training"),
                    ("intent", "preview"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            check("preview", lang, &res.text().await.unwrap(), &keys);
            let res = client
                .post(app.url(&format!("/users/{id}/products")))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("version", "999"),
                    ("products", "training"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 412);
            check("conflict", lang, &res.text().await.unwrap(), &keys);
        }
    }
    // The sign-in page follows Accept-Language, and so does its refusal.
    for lang in LANGS {
        let client = crate::portal::cookie_client();
        let res = client
            .get(app.url("/login"))
            .header("Accept-Language", format!("{lang};q=0.9, sv;q=0.5"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        check("/login", lang, &res.text().await.unwrap(), &keys);
        let res = client
            .post(app.url("/login"))
            .header("Accept-Language", lang)
            .form(&[
                ("email", format!("nobody-{lang}@acme.test").as_str()),
                ("password", "x"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        check("refused", lang, &res.text().await.unwrap(), &keys);
    }
});
