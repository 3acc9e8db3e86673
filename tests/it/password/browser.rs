//! The password link clicked through in headless Chromium: a real browser sends `Origin`
//! with its form posts, which the page must accept from its own site.

use super::*;
use crate::both_stores;
use crate::support::browser::Browser;
use crate::support::{ADMIN_EMAIL, ADMIN_PASSWORD};

both_stores!(
    an_admin_sends_a_link_and_the_user_sets_a_password,
    |app: TestApp| async move {
        let Some(b) = Browser::start(&app.base).await else {
            return;
        };
        let id = invite(&app, "lea@acme.test", "es").await;
        b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        b.goto(&format!("/users/{id}")).await;
        b.click_to_load("#send-password-link").await;
        assert!(b.has("#notice").await, "{}", b.source().await);
        if app.backend == crate::support::Backend::Sqlite {
            b.screenshot("password-link-sent-en", 1280).await;
        }
        let reset = &mails_to(&app, "lea@acme.test", "password_reset", 1).await[0];
        let path = link_path(reset);

        b.goto(&path).await;
        let heading = b.text("h1").await;
        assert_eq!(heading, "Elija su contraseña", "in Lea's language");
        if app.backend == crate::support::Backend::Sqlite {
            b.screenshot("password-page-es", 1280).await;
        }
        b.find("#password").await.type_text(NEW_PASSWORD).await;
        b.find("#confirm").await.type_text("a-typo-in-it").await;
        b.click_to_load("#set-password").await;
        assert!(b.has("#confirm-error").await, "{}", b.source().await);
        b.find("#password").await.type_text(NEW_PASSWORD).await;
        b.find("#confirm").await.type_text(NEW_PASSWORD).await;
        b.click_to_load("#set-password").await;
        assert_eq!(
            b.wait_for_path(|p| p.starts_with("/login")).await,
            "/login?notice=password-set"
        );
        assert!(b.has("#notice").await, "{}", b.source().await);
        b.sign_in("lea@acme.test", NEW_PASSWORD).await;
        assert_eq!(b.current_path().await, "/users");
        // The link is spent.
        b.goto(&path).await;
        assert!(b.has("#link-gone").await);
    }
);
