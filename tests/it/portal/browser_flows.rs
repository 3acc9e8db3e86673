//! The seed workflow and the portal's rules, clicked through in headless Chromium.

use serde_json::json;

use super::{api_user, cookie_client, person, signed_in, PASSWORD};
use crate::both_stores;
use crate::support::browser::Browser;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

both_stores!(
    seed_flow_suspends_and_ends_the_session,
    |app: TestApp| async move {
        let Some(b) = Browser::start(&app.base).await else {
            return;
        };
        let jean = person(
            &app,
            "jean@acme.test",
            "manager",
            &["meeting", "rescue"],
            "fr",
        )
        .await;
        let id = jean["id"].as_str().unwrap().to_string();
        // Jean is signed in elsewhere.
        let jeans_session = signed_in(&app, "jean@acme.test", PASSWORD).await;
        assert_eq!(
            jeans_session
                .get(app.url("/users"))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let mails_before = app.settle_mail().await.len();

        b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(b.current_path().await, "/users");
        b.click_to_load(&format!("tr[data-user-id=\"{id}\"] a"))
            .await;
        let user_path = format!("/users/{id}");
        assert_eq!(b.wait_for_path(|p| p == user_path).await, user_path);

        // Products: untick everything, do not notify, save.
        b.find("#edit-products").await.click().await;
        for checkbox in b.find_all("input[name=products]").await {
            checkbox.set_checked(false).await;
        }
        // Before saving, the page tells which emails will go (the live preview).
        let preview = b.wait_for_text("#products-preview", "jean@acme.test").await;
        assert!(
            preview.contains("Vos produits ont changé"),
            "in Jean's language: {preview}"
        );
        b.find("#products-no-notify").await.set_checked(true).await;
        b.wait_for_text("#products-preview", "No email will be sent")
            .await;
        b.click_to_load("#save-products").await;
        assert!(b.has("#notice").await, "saved: {}", b.source().await);
        assert_eq!(
            b.text("[data-status]").await,
            "Active",
            "a manager without products stays active"
        );

        // Role: Member, save: the user is suspended.
        b.find("#edit-role").await.click().await;
        b.find("input[name=role][value=member]").await.click().await;
        b.find("#role-no-notify").await.set_checked(true).await;
        b.click_to_load("#save-role").await;
        let badge = b.find("#user-status").await;
        assert_eq!(
            badge.attr("data-status").await.as_deref(),
            Some("suspended")
        );
        assert_eq!(badge.text().await, "Suspended");

        // Their open session ended at once, and they cannot sign in again.
        assert_eq!(
            jeans_session
                .get(app.url("/users"))
                .send()
                .await
                .unwrap()
                .status(),
            303
        );
        let res = cookie_client()
            .post(app.url("/login"))
            .form(&[("email", "jean@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let u = api_user(&app, &id).await;
        assert_eq!(u["status"], "suspended");
        assert_eq!(u["products"], json!([]));
        // Do-not-notify was honoured twice: no products or role email.
        let mails = app.settle_mail().await;
        assert_eq!(mails.len(), mails_before, "no email for unnotified changes");

        // The list shows the badge too.
        b.goto("/users?status=suspended").await;
        let row = b
            .find(&format!("tr[data-user-id=\"{id}\"] [data-status]"))
            .await;
        assert_eq!(row.attr("data-status").await.as_deref(), Some("suspended"));
        if app.backend == crate::support::Backend::Sqlite {
            b.goto(&format!("/users/{id}")).await;
            b.screenshot("user-suspended-en", 1280).await;
        }
    }
);

both_stores!(a_manager_cannot_edit_an_admin, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    person(&app, "mia@acme.test", "manager", &["meeting"], "en").await;
    let boss = person(&app, "boss@acme.test", "admin", &["meeting"], "en").await;
    let member = person(&app, "max@acme.test", "member", &["rescue"], "en").await;
    b.sign_in("mia@acme.test", PASSWORD).await;

    b.goto(&format!("/users/{}", boss["id"].as_str().unwrap()))
        .await;
    assert!(b.has("#read-only").await);
    assert!(!b.has("#edit-products").await && !b.has("#edit-role").await);
    assert!(!b.has("#suspend").await && !b.has("#delete").await);
    assert!(!b.has("input[name=products]").await);

    b.goto(&format!("/users/{}", member["id"].as_str().unwrap()))
        .await;
    assert!(b.has("#edit-role").await);
    let roles: Vec<String> = {
        let mut v = Vec::new();
        for r in b.find_all("input[name=role]").await {
            v.push(r.attr("value").await.unwrap_or_default());
        }
        v
    };
    assert_eq!(roles, ["member", "manager"], "a manager never sees Admin");

    // Forging the form anyway is refused by the service, nothing changes.
    let mia = signed_in(&app, "mia@acme.test", PASSWORD).await;
    let html = mia
        .get(app.url(&format!("/users/{}", member["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::portal::hidden(&html, "csrf");
    // Forms carry the version they were shown at; a manager is refused all the same.
    let member_version =
        api_user(&app, member["id"].as_str().unwrap()).await["version"].to_string();
    let boss_version = api_user(&app, boss["id"].as_str().unwrap()).await["version"].to_string();
    let res = mia
        .post(app.url(&format!("/users/{}/role", member["id"].as_str().unwrap())))
        .form(&[
            ("csrf", csrf.as_str()),
            ("role", "admin"),
            ("version", member_version.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = mia
        .post(app.url(&format!("/users/{}/suspend", boss["id"].as_str().unwrap())))
        .form(&[("csrf", csrf.as_str()), ("version", boss_version.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        api_user(&app, boss["id"].as_str().unwrap()).await["status"],
        "active"
    );
});

both_stores!(a_stale_edit_shows_a_conflict, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let u = person(&app, "lea@acme.test", "member", &["meeting"], "en").await;
    let id = u["id"].as_str().unwrap();
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    b.goto(&format!("/users/{id}")).await;
    b.find("#edit-products").await.click().await;
    b.find("#product-rescue").await.set_checked(true).await;

    // Meanwhile someone else changes the user.
    let res = app
        .api(reqwest::Method::PATCH, &format!("/api/v1/users/{id}"))
        .json(&json!({"products": ["meeting", "webinar"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    b.click_to_load("#save-products").await;
    let message = b.text("#page-error").await;
    assert!(message.contains("Someone changed this user"), "{message}");
    let now = api_user(&app, id).await;
    assert_eq!(
        now["products"],
        json!(["meeting", "webinar"]),
        "nothing applied over the newer version"
    );
    assert_eq!(now["version"], 2);
    // The page now shows the stored state, ready to redo the edit.
    assert!(b.find("#product-webinar").await.selected().await);
    assert!(!b.find("#product-rescue").await.selected().await);
});

both_stores!(french_ui_and_restore, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let u = person(
        &app,
        "paul@acme.test",
        "member",
        &["meeting", "rescue"],
        "fr",
    )
    .await;
    let id = u["id"].as_str().unwrap().to_string();
    let shots = app.backend == crate::support::Backend::Sqlite;
    if shots {
        b.goto("/login").await;
        b.screenshot("login-en", 1280).await;
    }
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    if shots {
        b.screenshot("users-en", 1280).await;
        b.goto(&format!("/users/{id}")).await;
        b.find("#edit-products").await.click().await;
        b.screenshot("user-en", 1280).await;
        b.screenshot("user-en-phone", 390).await;
        b.goto("/users").await;
        b.screenshot("users-en-phone", 390).await;
    }

    // Switch to French with the language switcher.
    b.goto("/users").await;
    b.find("#lang-select option[value=fr]").await.click().await;
    b.click_to_load(".lang button").await;
    assert_eq!(b.text("h1").await, "Gérer les utilisateurs");
    assert_eq!(b.text("#apply-filters").await, "Appliquer");

    // Delete (with confirmation), then restore from the deleted users.
    b.goto(&format!("/users/{id}")).await;
    assert_eq!(b.text("#products-h").await, "Produits");
    if shots {
        b.screenshot("user-fr", 1280).await;
    }
    b.find("#delete").await.click().await;
    b.click_to_load("#confirm-delete").await;
    assert!(b
        .wait_for_path(|p| p.starts_with("/users?notice=deleted"))
        .await
        .starts_with("/users?notice=deleted"));
    assert_eq!(api_user(&app, &id).await["status"], "deleted");
    b.click_to_load("nav.nav a[href=\"/users?status=deleted\"]")
        .await;
    let row = format!("tr[data-user-id=\"{id}\"]");
    assert_eq!(
        b.find(&format!("{row} [data-status]"))
            .await
            .attr("data-status")
            .await
            .as_deref(),
        Some("deleted")
    );
    assert!(
        b.text(&row).await.contains("30 jour"),
        "days left shown: {}",
        b.text(&row).await
    );
    if shots {
        b.screenshot("deleted-fr", 1280).await;
    }
    b.click_to_load(&format!("{row} button")).await;
    assert_eq!(api_user(&app, &id).await["status"], "active");
    assert_eq!(
        api_user(&app, &id).await["products"],
        json!(["meeting", "rescue"])
    );
    b.goto(&format!("/users/{id}")).await;
    assert_eq!(
        b.find("#user-status")
            .await
            .attr("data-status")
            .await
            .as_deref(),
        Some("active")
    );
    assert_eq!(b.text("#user-status").await, "Actif");
    if shots {
        b.screenshot("user-fr-restored", 1280).await;
        b.goto("/users").await;
        b.screenshot("users-fr", 1280).await;
        b.screenshot("users-fr-phone", 390).await;
        b.click_to_load("#sign-out").await;
        b.screenshot("login-fr", 1280).await;
    }
});
