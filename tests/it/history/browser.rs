//! The list and the account's history driven in headless Chromium, in English and French:
//! sorting both ways, paging forward and back, the page size, the inactivity filter, the
//! export links carrying the filters, the bulk form reaching its preview, `/audit` with
//! its filters. Screenshots at desktop and phone widths (SQLite run).

use reqwest::Method;

use crate::both_stores;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

async fn import(app: &TestApp, n: usize) {
    let mut csv = String::from("email,first_name,last_name,products\n");
    for i in 0..n {
        let (first, last) = [
            ("Olivia", "Martin"),
            ("Lucas", "Bernard"),
            ("Emma", "Dubois"),
            ("Noah", "Thomas"),
            ("Chloé", "Robert"),
            ("Hugo", "Richard"),
        ][i % 6];
        csv.push_str(&format!(
            "u{i:02}@acme.test,{first},{last} {i:02},{}\n",
            ["meeting", "webinar;rescue", "connect", ""][i % 4]
        ));
    }
    let res = app
        .api(Method::POST, "/api/v1/users/import?notify=false")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn ids(b: &Browser) -> Vec<String> {
    let mut out = Vec::new();
    for row in b.find_all("tr[data-user-id]").await {
        out.push(row.attr("data-user-id").await.unwrap());
    }
    out
}

async fn api_ids(app: &TestApp, query: &str) -> Vec<String> {
    let page: serde_json::Value = app
        .api(Method::GET, &format!("/api/v1/users?{query}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect()
}

both_stores!(list_sorting_paging_and_filters, |app: TestApp| async move {
    let Some(b) = Browser::start(&app.base).await else {
        return;
    };
    let shots = app.backend == Backend::Sqlite;
    import(&app, 30).await;
    b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    b.goto("/users").await;
    assert_eq!(b.text("#page-range").await, "1–25 of 31");

    // The name column sorts ascending, then descending.
    b.click_to_load("a.sort[data-sort=name]").await;
    assert_eq!(ids(&b).await, api_ids(&app, "sort=name&limit=25").await);
    b.click_to_load("a.sort[data-sort=name]").await;
    assert_eq!(ids(&b).await, api_ids(&app, "sort=-name&limit=25").await);
    assert_eq!(
        b.find("th[aria-sort=descending] a")
            .await
            .attr("data-sort")
            .await
            .as_deref(),
        Some("name")
    );
    let first_page = ids(&b).await;
    // Next, then previous, back to the same rows.
    b.click_to_load("#next-page").await;
    assert_eq!(b.text("#page-range").await, "26–31 of 31");
    assert_eq!(ids(&b).await.len(), 6);
    if shots {
        b.screenshot("users-list-page2-en", 1280).await;
    }
    b.click_to_load("#prev-page").await;
    assert_eq!(ids(&b).await, first_page);
    assert!(!b.has("#prev-page").await);

    // Page size: 50 at once, no next page; the sort is kept.
    b.find("#size option[value='50']").await.click().await;
    b.click_to_load("#apply-filters").await;
    assert_eq!(ids(&b).await, api_ids(&app, "sort=-name&limit=50").await);
    assert!(!b.has("#next-page").await);
    if shots {
        b.screenshot("users-list-en", 1280).await;
        b.screenshot("users-list-en-phone", 390).await;
    }

    // Inactive for 30 days: u00–u04 signed in long ago; the others are new.
    let day = 86_400_000i64;
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    sqlx::query("UPDATE users SET created_at = $1, last_sign_in_at = $2 WHERE email_lower LIKE 'u0%' AND email_lower < 'u05'")
        .bind(now - 200 * day)
        .bind(now - 45 * day)
        .execute(&app.db)
        .await
        .unwrap();
    b.find("#inactive option[value='30']").await.click().await;
    b.find("#product option[value='']").await.click().await;
    b.click_to_load("#apply-filters").await;
    assert_eq!(ids(&b).await.len(), 5);
    let export = b.find("#export-users").await.attr("href").await.unwrap();
    assert!(
        export.starts_with("/users/export?")
            && export.contains("inactive=30")
            && export.contains("sort=-name"),
        "{export}"
    );
    b.find("#inactive option[value='60']").await.click().await;
    b.click_to_load("#apply-filters").await;
    assert!(b.has("p.empty").await, "nobody is 60 days inactive");

    // A product filter narrows the list and its export.
    b.goto("/users?product=meeting").await;
    let shown = ids(&b).await.len();
    assert_eq!(shown, 8);
    let export = b.find("#export-users").await.attr("href").await.unwrap();
    let res = app.client.get(app.url(&export)).send().await.unwrap();
    assert_eq!(res.status(), 303, "the export needs a session");
    assert!(export.contains("product=meeting"), "{export}");

    // The bulk form: one row ticked, Suspend, Preview.
    let first = ids(&b).await[0].clone();
    b.find(&format!("tr[data-user-id='{first}'] input[name=ids]"))
        .await
        .set_checked(true)
        .await;
    b.find("#bulk-action option[value=suspend]")
        .await
        .click()
        .await;
    assert!(
        b.execute("return document.querySelector('[data-for-actions=set_role]').hidden")
            .await
            == serde_json::json!(true),
        "the role select shows only for set_role"
    );
    b.click_to_load("#bulk-preview").await;
    assert_eq!(b.current_path().await, "/users/bulk");

    // In French.
    b.goto("/users").await;
    b.find("#lang-select option[value=fr]").await.click().await;
    b.click_to_load(".lang button").await;
    assert_eq!(b.text("#page-range").await, "1–25 sur 31");
    assert_eq!(b.text("#prev-page, #next-page").await, "Page suivante");
    b.click_to_load("#next-page").await;
    assert_eq!(b.text("#page-range").await, "26–31 sur 31");
    assert_eq!(b.text("#prev-page").await, "Page précédente");
    b.goto("/users?status=bogus").await;
    assert!(b.text("#filter-error").await.contains("Statut"));
    if shots {
        b.screenshot("users-list-fr", 1280).await;
        b.screenshot("users-list-fr-phone", 390).await;
    }
});

both_stores!(
    history_page_with_filters_and_export,
    |app: TestApp| async move {
        let Some(b) = Browser::start(&app.base).await else {
            return;
        };
        let shots = app.backend == Backend::Sqlite;
        let olivia = app
        .create_user(serde_json::json!({"email": "olivia@acme.test", "first_name": "Olivia", "last_name": "Martin", "role": "manager", "products": ["meeting"], "password": "olivia-password-1"}))
        .await;
        import(&app, 6).await;
        // Olivia, a manager, changes someone in the portal.
        b.sign_in("olivia@acme.test", "olivia-password-1").await;
        let target = api_ids(&app, "q=u01").await[0].clone();
        b.goto(&format!("/users/{target}")).await;
        b.goto("/audit").await;
        assert_eq!(b.text("h1").await, "Account history");
        let actors: Vec<String> = {
            let mut v = Vec::new();
            for td in b.find_all("td.actor").await {
                v.push(td.text().await);
            }
            v
        };
        assert!(
            actors.iter().any(|a| a == "API token “test” via an import"),
            "{actors:?}"
        );
        assert!(
            actors.iter().any(|a| a == "API token “test” via the API"),
            "{actors:?}"
        );
        b.find("#audit-channel option[value=import]")
            .await
            .click()
            .await;
        b.click_to_load("#apply-filters").await;
        assert_eq!(b.find_all("tr.event").await.len(), 6);
        let export = b.find("#export-history").await.attr("href").await.unwrap();
        assert_eq!(export, "/audit/export?channel=import");
        b.find("#audit-user")
            .await
            .type_text("olivia@acme.test")
            .await;
        b.find("#audit-channel option[value='']")
            .await
            .click()
            .await;
        b.click_to_load("#apply-filters").await;
        assert_eq!(b.find_all("tr.event").await.len(), 1);
        assert!(b.text("tr.event").await.contains("Olivia Martin"));
        let _ = olivia;
        b.goto("/audit").await;
        if shots {
            b.screenshot("audit-en", 1280).await;
            b.screenshot("audit-en-phone", 390).await;
        }
        // Times shown in the browser's zone by the script, UTC kept as the tooltip.
        assert_eq!(
            b.find("tr.event time")
                .await
                .attr("data-local")
                .await
                .as_deref(),
            Some("true")
        );

        b.find("#lang-select option[value=fr]").await.click().await;
        b.click_to_load(".lang button").await;
        assert_eq!(b.text("h1").await, "Historique du compte");
        assert!(b.text("td.actor").await.contains("via un import"));
        b.goto("/audit?since=demain").await;
        assert!(b.text("#filter-error").await.contains("Du"));
        b.goto("/audit").await;
        if shots {
            b.screenshot("audit-fr", 1280).await;
            b.screenshot("audit-fr-phone", 390).await;
        }
    }
);
