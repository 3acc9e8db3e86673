//! The admin's pages clicked through in headless Chromium, in English and French: adding
//! a user, editing details, licences, import, and consequences said before they happen.
//! Screenshots at desktop and phone widths go to test-artifacts/screenshots/.

use serde_json::json;

use super::{api_user, person};
use crate::both_stores;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

async fn to_french(b: &Browser) {
    b.find("#lang-select option[value=fr]").await.click().await;
    b.click_to_load(".lang button").await;
}

both_stores!(add_a_user_and_edit_details, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let shots = app.backend == Backend::Sqlite;
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    b.click_to_load("#new-user").await;
    assert_eq!(b.current_path().await, "/users/new");
    b.find("#email").await.type_text("olivia@acme.test").await;
    b.find("#first_name").await.type_text("Olivia").await;
    b.find("#last_name").await.type_text("Martin").await;
    b.find("#locale option[value=fr]").await.click().await;
    b.find("#role-manager").await.click().await;
    b.find("#product-meeting").await.set_checked(true).await;
    // Before adding, the page says which emails will go, in Olivia's language.
    let preview = b
        .wait_for_text("#new-user-preview", "Bien démarrer avec GoTo Meeting")
        .await;
    assert!(preview.contains("olivia@acme.test"), "{preview}");
    if shots {
        b.screenshot("new-user-en", 1280).await;
        b.screenshot("new-user-en-phone", 390).await;
    }
    b.click_to_load("#create-user").await;
    let path = b.wait_for_path(|p| p.ends_with("?notice=created")).await;
    let id = path
        .strip_prefix("/users/")
        .and_then(|p| p.strip_suffix("?notice=created"))
        .unwrap_or_else(|| panic!("{path}"))
        .to_string();
    assert_eq!(b.text("#user-status").await, "Active");
    let u = api_user(&app, &id).await;
    assert_eq!(
        (u["role"].as_str(), u["locale"].as_str()),
        (Some("manager"), Some("fr"))
    );
    assert_eq!(u["products"], json!(["meeting"]));

    // Edit details: the name and the language.
    b.find("#edit-profile").await.click().await;
    b.find("#profile-first-name")
        .await
        .type_text("Olivia-Rose")
        .await;
    b.find("#profile-locale option[value=de]")
        .await
        .click()
        .await;
    if shots {
        b.screenshot("user-details-en", 1280).await;
    }
    b.click_to_load("#save-profile").await;
    assert_eq!(b.text("#user-name").await, "Olivia-Rose Martin");
    assert_eq!(b.text("#user-language").await, "Deutsch");
    assert!(b
        .text(".audit")
        .await
        .contains("first name Olivia → Olivia-Rose"));

    // In French: the same address again is refused, atop the form and beside the field.
    to_french(&b).await;
    b.goto("/users/new").await;
    assert_eq!(b.text("h1").await, "Ajouter un utilisateur");
    assert_eq!(
        b.text("label[for=new-no-notify]").await,
        "Ne pas avertir les utilisateurs de ce changement"
    );
    b.find("#email").await.type_text("OLIVIA@acme.test").await;
    b.click_to_load("#create-user").await;
    assert!(b
        .text("#page-error")
        .await
        .contains("Un autre utilisateur du compte"));
    assert!(b.has("#email-error").await);
    if shots {
        b.screenshot("new-user-fr-error-phone", 390).await;
    }
});

both_stores!(
    consequences_are_said_before_saving,
    |app: TestApp| async move {
        let Some(b) = Browser::start(&app.base).await else {
            return;
        };
        let shots = app.backend == Backend::Sqlite;
        let c = app
            .create_user(
                json!({"email": "charlotte@acme.test", "first_name": "Charlotte",
            "last_name": "Dubois", "role": "member", "products": ["meeting", "rescue"]}),
            )
            .await;
        let id = c["id"].as_str().unwrap().to_string();
        b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
        b.goto(&format!("/users/{id}")).await;
        b.find("#edit-products").await.click().await;
        for checkbox in b.find_all("input[name=products]").await {
            checkbox.set_checked(false).await;
        }
        let said = b
            .wait_for_text("#products-consequence", "suspends Charlotte Dubois")
            .await;
        assert!(said.contains("signs them out"), "{said}");
        if shots {
            b.screenshot("consequence-en", 1280).await;
        }
        b.click_to_load("#save-products").await;
        assert_eq!(
            b.find("#user-status")
                .await
                .attr("data-status")
                .await
                .as_deref(),
            Some("suspended")
        );
        // Reactivate says what it gives back.
        let back = b.text("#gives-back").await;
        assert!(
            back.contains("Member") && back.contains("GoTo Meeting") && back.contains("Rescue"),
            "{back}"
        );
        // The delete confirmation names the retention days.
        b.find("#delete").await.click().await;
        assert!(b.text("#delete-confirm-text").await.contains("30 days"));
        if shots {
            b.screenshot("reactivate-en-phone", 390).await;
        }
        b.click_to_load("#reactivate").await;
        assert_eq!(b.text("#user-status").await, "Active");
        assert_eq!(
            api_user(&app, &id).await["products"],
            json!(["meeting", "rescue"])
        );

        // One's own page: Member is greyed out, no Suspend or Delete, the reason is given.
        let list: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/users?q=admin%40acme.test")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let me = list["users"][0]["id"].as_str().unwrap().to_string();
        b.goto(&format!("/users/{me}")).await;
        b.find("#edit-role").await.click().await;
        assert!(b
            .find("#role-member")
            .await
            .attr("disabled")
            .await
            .is_some());
        assert!(b.has("#own-access-note").await && b.has("#self-actions-note").await);
        assert!(!b.has("#suspend").await && !b.has("#delete").await);

        // In French, the history names who did it and through which door.
        to_french(&b).await;
        b.goto(&format!("/users/{id}")).await;
        let history = b.text(".audit").await;
        assert!(history.contains("via le portail"), "{history}");
        assert!(history.contains("via l’API"), "{history}");
        if shots {
            b.screenshot("user-history-fr-phone", 390).await;
        }
    }
);

both_stores!(licences_and_their_holders, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let shots = app.backend == Backend::Sqlite;
    person(&app, "a@acme.test", "member", &["meeting", "webinar"], "en").await;
    person(&app, "b@acme.test", "member", &["meeting"], "en").await;
    person(&app, "c@acme.test", "member", &["rescue"], "en").await;
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    b.click_to_load("nav.nav a[href=\"/licences\"]").await;
    let row = "tr[data-product=meeting]";
    assert!(b.text(row).await.contains("2 users"));
    b.find("#seats-meeting").await.type_text("2").await;
    b.click_to_load("#save-seats-meeting").await;
    assert!(b.has("#notice").await);
    assert!(b
        .text(&format!("{row} .used"))
        .await
        .contains("2 of 2 seats used"));
    assert!(b
        .text(&format!("{row} .used"))
        .await
        .contains("No seats left"));
    if shots {
        b.screenshot("licences-en", 1280).await;
    }
    b.click_to_load(&format!("{row} a.holders")).await;
    assert_eq!(b.current_path().await, "/users?product=meeting");
    assert_eq!(b.find_all("tr[data-user-id]").await.len(), 2);

    to_french(&b).await;
    b.goto("/licences").await;
    assert_eq!(b.text("h1").await, "Licences");
    let used = b.text(&format!("{row} .used")).await;
    assert!(used.contains("2 licences utilisées sur 2"), "{used}");
    assert!(b
        .text("tr[data-product=rescue] .used")
        .await
        .contains("1 licence utilisée"));
    if shots {
        b.screenshot("licences-fr-phone", 390).await;
    }
});

both_stores!(import_a_file_in_french, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let shots = app.backend == Backend::Sqlite;
    person(&app, "known@acme.test", "member", &["meeting"], "en").await;
    let dir = crate::support::TempDir::new();
    let file = dir.0.join("users.csv");
    std::fs::write(
        &file,
        "email,first_name,last_name,locale,role,products\n\
         lucie@acme.test,Lucie,Bernard,fr,member,meeting;webinar\n\
         known@acme.test,Known,Person,en,member,meeting;rescue\n",
    )
    .unwrap();
    let mails_before = app.settle_mail().await.len();
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    to_french(&b).await;
    b.click_to_load("nav.nav a[href=\"/import\"]").await;
    assert_eq!(b.text("h1").await, "Importer des utilisateurs");
    b.find("#import-file")
        .await
        .send_keys(&file.display().to_string())
        .await;
    b.click_to_load("#check-import").await;
    let summary = b.text("#import-summary").await;
    assert!(summary.contains("1 utilisateur sera créé"), "{summary}");
    assert!(summary.contains("1 utilisateur sera modifié"), "{summary}");
    assert!(b.text("tr[data-line=\"2\"]").await.contains("Sera créé"));
    let lucie_mails = b.text("tr[data-line=\"2\"]").await;
    assert!(lucie_mails.contains("Bien démarrer"), "{lucie_mails}");
    let count = app.settle_mail().await.len();
    assert_eq!(count, mails_before, "the check sends nothing");
    if shots {
        b.screenshot("import-preview-fr", 1280).await;
        b.screenshot("import-preview-fr-phone", 390).await;
    }
    b.click_to_load("#apply-import").await;
    let summary = b.text("#import-summary").await;
    assert!(
        summary.contains("1 utilisateur créé") && summary.contains("1 utilisateur modifié"),
        "{summary}"
    );
    assert_eq!(
        b.find("tr[data-line=\"2\"]")
            .await
            .attr("data-result")
            .await
            .as_deref(),
        Some("created")
    );
    if shots {
        b.screenshot("import-done-fr", 1280).await;
    }
    b.click_to_load("tr[data-line=\"2\"] a").await;
    assert_eq!(b.text("#user-name").await, "Lucie Bernard");
});
