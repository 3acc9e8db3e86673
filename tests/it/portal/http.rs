//! Sign-in, sessions, CSRF and forms over plain HTTP.

use reqwest::header::SET_COOKIE;
use serde_json::json;

use super::{api_user, cookie_client, hidden, person, signed_in, PASSWORD};
use crate::both_stores;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

async fn try_sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    cookie_client()
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

both_stores!(
    sign_in_sets_a_safe_cookie_and_refuses_alike,
    |app: TestApp| async move {
        let res = try_sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/users");
        let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_string();
        assert!(cookie.starts_with("roster_session=rss_"), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );

        person(&app, "member@acme.test", "member", &["meeting"], "en").await;
        let suspended = person(&app, "susp@acme.test", "manager", &[], "en").await;
        let deleted = person(&app, "gone@acme.test", "manager", &["meeting"], "en").await;
        for (id, path) in [(&suspended, "suspend"), (&deleted, "")] {
            let id = id["id"].as_str().unwrap();
            let res = if path.is_empty() {
                app.api(reqwest::Method::DELETE, &format!("/api/v1/users/{id}"))
                    .send()
                    .await
                    .unwrap()
            } else {
                app.api(reqwest::Method::POST, &format!("/api/v1/users/{id}/{path}"))
                    .send()
                    .await
                    .unwrap()
            };
            assert_eq!(res.status(), 200);
        }
        // Wrong password, member, suspended, deleted, unknown: one and the same answer.
        let mut bodies = Vec::new();
        for (email, password) in [
            (ADMIN_EMAIL, "wrong-password"),
            ("member@acme.test", PASSWORD),
            ("susp@acme.test", PASSWORD),
            ("gone@acme.test", PASSWORD),
            ("nobody@acme.test", PASSWORD),
        ] {
            let res = try_sign_in(&app, email, password).await;
            assert_eq!(res.status(), 401, "{email}");
            assert!(
                res.headers().get(SET_COOKIE).is_none(),
                "{email} got a cookie"
            );
            let body = res.text().await.unwrap();
            assert!(body.contains("Sign-in refused"), "{email}");
            bodies.push(body.replace(email, "EMAIL"));
        }
        assert!(bodies.windows(2).all(|w| w[0] == w[1]), "refusals differ");
    }
);

both_stores!(
    repeated_failures_lock_the_email_out,
    |app: TestApp| async move {
        for _ in 0..5 {
            assert_eq!(try_sign_in(&app, ADMIN_EMAIL, "nope").await.status(), 401);
        }
        // Locked: even the right password is refused for a while, with a clear message.
        let res = try_sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().get(SET_COOKIE).is_none());
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Too many failed attempts"));
        // Another email is not affected.
        person(&app, "boss@acme.test", "admin", &[], "en").await;
        assert_eq!(
            try_sign_in(&app, "boss@acme.test", PASSWORD).await.status(),
            303
        );
    }
);

both_stores!(
    redirects_back_only_to_local_pages,
    |app: TestApp| async move {
        let res = app
            .client
            .get(app.url("/users?role=admin"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            res.headers()["location"],
            "/login?next=%2Fusers%3Frole%3Dadmin"
        );
        for (next, expected) in [
            ("/users?role=admin", "/users?role=admin"),
            ("https://evil.test/", "/users"),
            ("//evil.test/x", "/users"),
            ("/\\evil.test", "/users"),
        ] {
            let res = cookie_client()
                .post(app.url("/login"))
                .form(&[
                    ("email", ADMIN_EMAIL),
                    ("password", ADMIN_PASSWORD),
                    ("next", next),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303);
            assert_eq!(res.headers()["location"], expected, "{next}");
        }
    }
);

both_stores!(
    forms_need_the_csrf_token_and_a_same_site_origin,
    |app: TestApp| async move {
        let u = person(&app, "ann@acme.test", "member", &["meeting"], "en").await;
        let id = u["id"].as_str().unwrap();
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let page = admin
            .get(app.url(&format!("/users/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf");
        let url = app.url(&format!("/users/{id}/products"));
        let forged = [("products", "rescue"), ("csrf", "forged")];
        let res = admin.post(&url).form(&forged).send().await.unwrap();
        assert_eq!(res.status(), 403);
        let version = api_user(&app, id).await["version"].to_string();
        let genuine = [
            ("products", "rescue"),
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
        ];
        let res = admin
            .post(&url)
            .header("Origin", "https://evil.test")
            .form(&genuine)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert_eq!(api_user(&app, id).await["products"], json!(["meeting"]));
        // The same form from the portal's own origin, with the session's token, is saved.
        let portal = app.portal(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let path = format!("/users/{id}/products");
        let res = portal
            .post(
                &path,
                &[("products", "rescue"), ("version", version.as_str())],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(api_user(&app, id).await["products"], json!(["rescue"]));
        // The change went through the one change path, as the portal channel.
        let text = serde_json::Value::Array(app.audit_of(id).await).to_string();
        assert!(
            text.contains("\"portal\"") && text.contains("user:admin@acme.test"),
            "{text}"
        );
    }
);

both_stores!(
    preview_tells_the_emails_and_seats_refuse_beside_the_field,
    |app: TestApp| async move {
        let u = person(&app, "bob@acme.test", "member", &["rescue"], "en").await;
        let id = u["id"].as_str().unwrap();
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let page = admin
            .get(app.url(&format!("/users/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf");
        let form = |intent: &str| {
            vec![
                ("csrf", csrf.clone()),
                ("version", "1".to_string()),
                ("products", "meeting".to_string()),
                ("do_not_notify", "on".to_string()),
                ("intent", intent.to_string()),
            ]
        };
        let res = admin
            .post(app.url(&format!("/users/{id}/products")))
            .form(&form("preview"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("Get started with GoTo Meeting"),
            "getting-started announced even without notify"
        );
        assert!(
            !html.contains("Your products have changed"),
            "no products email when not notifying"
        );
        assert_eq!(
            api_user(&app, id).await["version"],
            1,
            "a preview changes nothing"
        );

        app.api(reqwest::Method::PUT, "/api/v1/products/webinar")
            .json(&json!({"seats": 0}))
            .send()
            .await
            .unwrap();
        let res = admin
            .post(app.url(&format!("/users/{id}/products")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("version", "1"),
                ("products", "webinar"),
                ("intent", "save"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"products-error\""),
            "error beside the products"
        );
        assert!(html.contains("No seats left for GoTo Webinar"));
        assert_eq!(api_user(&app, id).await["products"], json!(["rescue"]));
    }
);

both_stores!(
    sessions_end_on_sign_out_and_on_demotion,
    |app: TestApp| async move {
        let m = person(&app, "mgr@acme.test", "manager", &["meeting"], "en").await;
        let client = signed_in(&app, "mgr@acme.test", PASSWORD).await;
        assert_eq!(
            client.get(app.url("/users")).send().await.unwrap().status(),
            200
        );
        // Demoted to member (still active with a product): the portal closes at once.
        let res = app
            .api(
                reqwest::Method::PATCH,
                &format!("/api/v1/users/{}", m["id"].as_str().unwrap()),
            )
            .json(&json!({"role": "member"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            client.get(app.url("/users")).send().await.unwrap().status(),
            303
        );

        // Signing out ends the session on the server: the old cookie opens nothing.
        let res = try_sign_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let cookie = res.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let with_cookie = |path: &str| {
            app.client
                .get(app.url(path))
                .header("Cookie", cookie.clone())
                .send()
        };
        let page = with_cookie("/users").await.unwrap().text().await.unwrap();
        let csrf = hidden(&page, "csrf");
        let res = app
            .client
            .post(app.url("/logout"))
            .header("Cookie", cookie.clone())
            .form(&[("csrf", csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(with_cookie("/users").await.unwrap().status(), 303);
    }
);

both_stores!(list_searches_filters_and_pages, |app: TestApp| async move {
    for i in 0..30 {
        let products: &[&str] = if i % 3 == 0 {
            &["webinar"]
        } else {
            &["rescue"]
        };
        app.create_user(
            json!({"email": format!("user{i:02}@acme.test"), "first_name": "User",
            "last_name": format!("Number{i:02}"), "products": products}),
        )
        .await;
    }
    let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let get = |path: String| {
        let admin = admin.clone();
        let url = app.url(&path);
        async move {
            let res = admin.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.unwrap()
        }
    };
    let rows = |html: &str| html.matches("data-user-id=").count();
    let first = get("/users".into()).await;
    assert!(first.contains("Users found: 31"));
    assert_eq!(rows(&first), 25);
    let next = first
        .split("id=\"next-page\"")
        .next()
        .and_then(|s| s.rsplit("href=\"").next())
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"))
        .unwrap();
    let second = get(next).await;
    assert_eq!(rows(&second), 6);
    assert!(!second.contains("id=\"next-page\""));

    let webinar = get("/users?product=webinar&sort=name".into()).await;
    assert!(webinar.contains("Users found: 10"));
    let search = get("/users?q=number07".into()).await;
    assert!(search.contains("Users found: 1") && search.contains("user07@acme.test"));
    let admins = get("/users?role=admin".into()).await;
    assert!(admins.contains("Users found: 1"));
});

both_stores!(
    suspend_and_reactivate_from_the_page,
    |app: TestApp| async move {
        let u = person(
            &app,
            "rae@acme.test",
            "member",
            &["meeting", "rescue"],
            "en",
        )
        .await;
        let id = u["id"].as_str().unwrap();
        let never = person(&app, "new@acme.test", "member", &[], "en").await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let page = admin
            .get(app.url(&format!("/users/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&page, "csrf");
        let act = |user: &str, action: &str, version: &str, notify: bool| {
            let mut form = vec![("csrf", csrf.clone()), ("version", version.to_string())];
            if !notify {
                form.push(("do_not_notify", "on".to_string()));
            }
            admin
                .post(app.url(&format!("/users/{user}/{action}")))
                .form(&form)
                .send()
        };
        let mails = app.settle_mail().await.len();
        assert_eq!(act(id, "suspend", "1", false).await.unwrap().status(), 303);
        assert_eq!(api_user(&app, id).await["status"], "suspended");
        assert_eq!(
            app.settle_mail().await.len(),
            mails,
            "suspended without notifying"
        );
        assert_eq!(
            act(id, "reactivate", "2", true).await.unwrap().status(),
            303
        );
        let back = api_user(&app, id).await;
        assert_eq!(back["status"], "active");
        assert_eq!(back["products"], json!(["meeting", "rescue"]));
        let mails = app.wait_for_mails(mails + 1).await;
        assert!(mails
            .iter()
            .any(|m| m.template() == "products_changed" && m.to().contains("rae@")));

        // Someone never active has nothing to give back: said at the top of the page.
        let res = act(never["id"].as_str().unwrap(), "reactivate", "1", true)
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"page-error\"") && html.contains("nothing to give back"));
    }
);

both_stores!(idle_and_old_sessions_expire, |app: TestApp| async move {
    let pool = app.db.clone();
    let age = |column: &'static str, by_ms: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query(&format!("UPDATE sessions SET {column} = {column} - $1"))
                .bind(by_ms)
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    // Idle for 31 minutes: gone.
    let client = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    age("last_seen_at", 31 * 60 * 1000).await;
    assert_eq!(
        client.get(app.url("/users")).send().await.unwrap().status(),
        303
    );
    // Busy, but past the absolute limit: gone too.
    let client = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(
        client.get(app.url("/users")).send().await.unwrap().status(),
        200
    );
    age("expires_at", 13 * 60 * 60 * 1000).await;
    assert_eq!(
        client.get(app.url("/users")).send().await.unwrap().status(),
        303
    );
});

both_stores!(
    a_form_without_its_version_changes_nothing,
    |app: TestApp| async move {
        let user = crate::portal::person(&app, "kept@acme.test", "member", &["pro"], "en").await;
        let id = user["id"].as_str().unwrap();
        let client = crate::portal::signed_in(
            &app,
            crate::support::ADMIN_EMAIL,
            crate::support::ADMIN_PASSWORD,
        )
        .await;
        let page = client
            .get(app.url(&format!("/users/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = crate::portal::hidden(&page, "csrf");
        for version in [None, Some(""), Some("abc")] {
            let mut form = vec![("csrf", csrf.as_str()), ("products", "meeting")];
            if let Some(v) = version {
                form.push(("version", v));
            }
            let res = client
                .post(app.url(&format!("/users/{id}/products")))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 412, "version {version:?}");
            let res = client
                .post(app.url(&format!("/users/{id}/suspend")))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 412, "version {version:?}");
        }
        let after = crate::portal::api_user(&app, id).await;
        assert_eq!(after["version"], 1);
        assert_eq!(after["products"], serde_json::json!(["pro"]));
    }
);
