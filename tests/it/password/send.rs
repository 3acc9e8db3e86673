//! "Send a password link" from the portal and the API, under the rules of any change.

use reqwest::Method;
use serde_json::Value;

use super::*;
use crate::both_stores;
use crate::portal::{api_user, hidden, person, signed_in, PASSWORD};
use crate::support::{ADMIN_EMAIL, ADMIN_PASSWORD};

both_stores!(
    the_portal_button_and_the_api_send_a_fresh_link,
    |app: TestApp| async move {
        let id = invite(&app, "max@acme.test", "en").await;
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
        let reset = &mails_to(&app, "peer@acme.test", "password_reset", 1).await[0];
        // The link replaces the password the peer had.
        let res = post_password(&app, &link_path(reset), NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status(), 303);
        assert_eq!(sign_in_status(&app, "peer@acme.test", PASSWORD).await, 401);
        assert_eq!(
            sign_in_status(&app, "peer@acme.test", NEW_PASSWORD).await,
            303
        );
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
