//! The list's bulk form, its preview and its result, clicked through in headless
//! Chromium in English and in French, with "Do not notify" ticked.

use serde_json::Value;

use crate::both_stores;
use crate::portal::{api_user, person};
use crate::support::browser::Browser;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

async fn choose_action(b: &Browser, action: &str) {
    b.execute(&format!(
        "var s = document.getElementById('bulk-action'); s.value = '{action}'; \
         s.dispatchEvent(new Event('change')); return s.value;"
    ))
    .await;
}

fn products_changed(app: &TestApp) -> usize {
    app.mails()
        .iter()
        .filter(|m| m.header("X-Roster-Template").as_deref() == Some("products_changed"))
        .count()
}

both_stores!(
    bulk_preview_and_apply_in_english_and_french,
    |app: TestApp| async move {
        let Some(b) = Browser::start(&app.base).await else {
            return;
        };
        let ids: Vec<String> = {
            let mut ids = Vec::new();
            for (email, locale) in [
                ("ada@acme.test", "en"),
                ("jean@acme.test", "fr"),
                ("kept@acme.test", "en"),
            ] {
                let u: Value = person(&app, email, "member", &["rescue"], locale).await;
                ids.push(u["id"].as_str().unwrap().to_string());
            }
            ids
        };
        let _ = app.settle_mail().await;
        let announced = products_changed(&app);

        // English: two rows ticked, Suspend, do not notify.
        b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        b.goto("/users").await;
        for id in &ids[..2] {
            b.find(&format!("input[name=ids][value=\"{id}\"]"))
                .await
                .set_checked(true)
                .await;
        }
        choose_action(&b, "suspend").await;
        b.find("#bulk-do-not-notify").await.set_checked(true).await;
        b.click_to_load("#bulk-preview").await;
        let summary = b.text("#bulk-summary").await;
        assert!(summary.contains("2 users will be changed"), "{summary}");
        assert!(b
            .text("#bulk-emails")
            .await
            .contains("No email will be sent"));
        assert!(b.text("#bulk-notify").await.contains("not notified"));
        b.screenshot("bulk-preview-en-desktop", 1280).await;
        b.screenshot("bulk-preview-en-phone", 390).await;
        // Nothing changed yet.
        assert_eq!(api_user(&app, &ids[0]).await["status"], "active");
        b.click_to_load("#apply-bulk").await;
        assert!(b
            .text("#bulk-summary")
            .await
            .contains("2 users were changed"));
        b.screenshot("bulk-done-en-desktop", 1280).await;
        for id in &ids[..2] {
            assert_eq!(api_user(&app, id).await["status"], "suspended");
        }
        assert_eq!(api_user(&app, &ids[2]).await["status"], "active");

        // French: every suspended user (the filter), Reactivate, do not notify.
        b.goto("/lang?lang=fr&next=/users%3Fstatus%3Dsuspended")
            .await;
        b.find("#select-all").await.set_checked(true).await;
        choose_action(&b, "reactivate").await;
        b.find("#bulk-do-not-notify").await.set_checked(true).await;
        b.click_to_load("#bulk-preview").await;
        let summary = b.text("#bulk-summary").await;
        assert!(
            summary.contains("2 utilisateurs seront modifiés"),
            "{summary}"
        );
        assert!(b.text("#bulk-notify").await.contains("ne sont pas avertis"));
        assert!(b
            .text("#apply-bulk")
            .await
            .contains("Appliquer à 2 utilisateurs"));
        b.screenshot("bulk-preview-fr-desktop", 1280).await;
        b.screenshot("bulk-preview-fr-phone", 390).await;
        b.click_to_load("#apply-bulk").await;
        assert!(b
            .text("#bulk-summary")
            .await
            .contains("2 utilisateurs ont été modifiés"));
        for id in &ids[..2] {
            let u = api_user(&app, id).await;
            assert_eq!(u["status"], "active");
            assert_eq!(u["products"], serde_json::json!(["rescue"]));
        }
        // Do not notify held both times.
        let _ = app.settle_mail().await;
        assert_eq!(products_changed(&app), announced);
    }
);
