//! `POST /users/bulk` over HTTP: the preview changes nothing, its form applies exactly
//! what it showed, do-not-notify is carried, refusals are said in the page's language.

use serde_json::{json, Value};

use crate::both_stores;
use crate::portal::{hidden, person, signed_in, PASSWORD};
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// The hidden fields of the apply form, in order.
pub fn apply_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("id=\"bulk-apply-form\"").expect("an apply form");
    let form = &html[start..html[start..].find("</form>").unwrap() + start];
    form.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let value = rest
                .split_once("value=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap();
            (name.to_string(), value.replace("&#x2F;", "/"))
        })
        .collect()
}

async fn status_of(app: &TestApp, id: &str) -> String {
    let u: Value = crate::portal::api_user(app, id).await;
    u["status"].as_str().unwrap().to_string()
}

both_stores!(
    preview_then_apply_without_notifying,
    |app: TestApp| async move {
        let m1 = person(&app, "m1@acme.test", "member", &["rescue"], "en").await;
        let mgr = person(&app, "mgr@acme.test", "manager", &["rescue"], "fr").await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let list = admin
            .get(app.url("/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&list, "csrf");
        let (m1, mgr) = (m1["id"].as_str().unwrap(), mgr["id"].as_str().unwrap());
        let _ = app.settle_mail().await;
        let mails_before = app.mails().len();

        let res = admin
            .post(app.url("/users/bulk"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("ids", m1),
                ("ids", mgr),
                ("action", "suspend"),
                ("do_not_notify", "on"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let preview = res.text().await.unwrap();
        assert!(preview.contains("data-stage=\"preview\""));
        assert!(preview.contains("2 users will be changed"), "{preview}");
        assert!(preview.contains("No email will be sent."));
        assert!(preview.contains("Users are not notified"));
        // The manager loses the portal; the member had none.
        let losing = &preview[preview.find("id=\"bulk-losing-portal\"").unwrap()..];
        assert!(losing.contains(&format!("data-user-id=\"{mgr}\"")));
        assert!(!losing[..losing.find("</ul>").unwrap()].contains(m1));
        assert_eq!(status_of(&app, m1).await, "active");

        let fields = apply_fields(&preview);
        assert!(fields.contains(&("do_not_notify".into(), "on".into())));
        assert!(fields.contains(&("confirm".into(), "1".into())));
        let res = admin
            .post(app.url("/users/bulk"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let done = res.text().await.unwrap();
        assert!(done.contains("data-stage=\"done\""));
        assert!(done.contains("2 users were changed"), "{done}");
        assert_eq!(status_of(&app, m1).await, "suspended");
        assert_eq!(status_of(&app, mgr).await, "suspended");
        assert_eq!(app.settle_mail().await.len(), mails_before);
        // The suspended manager cannot sign in any more.
        let manager_page = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        drop(manager_page);
        let refused = crate::portal::cookie_client()
            .post(app.url("/login"))
            .form(&[("email", "mgr@acme.test"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_ne!(refused.status(), 303);
    }
);

both_stores!(
    select_all_filter_refusals_and_french,
    |app: TestApp| async move {
        for n in 0..3 {
            person(
                &app,
                &format!("r{n}@acme.test"),
                "member",
                &["rescue"],
                "en",
            )
            .await;
        }
        let res = app
            .api(reqwest::Method::PUT, "/api/v1/products/webinar")
            .json(&json!({"seats": 2}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let list = admin
            .get(app.url("/users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = hidden(&list, "csrf");
        // French: the page's language.
        let res = admin
            .get(app.url("/lang?lang=fr&next=/users"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let post = |fields: Vec<(&'static str, &'static str)>| {
            let mut f = vec![("csrf", csrf.clone())];
            f.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
            admin.post(app.url("/users/bulk")).form(&f).send()
        };
        // Three rescue users, two webinar seats: everything refused, named in French.
        let res = post(vec![
            ("select_all", "1"),
            ("product", "rescue"),
            ("action", "add_products"),
            ("products", "webinar"),
        ])
        .await
        .unwrap();
        assert_eq!(res.status(), 409);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Licences insuffisantes pour GoTo Webinar"),
            "{page}"
        );
        assert!(!page.contains("id=\"apply-bulk\""));
        // Within the seats: the preview counts in French, with the getting-started emails.
        let res = post(vec![
            ("select_all", "1"),
            ("product", "rescue"),
            ("action", "add_products"),
            ("products", "meeting"),
        ])
        .await
        .unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("3 utilisateurs seront modifiés"), "{page}");
        assert!(page.contains("3 e-mails de prise en main"), "{page}");
        assert!(page.contains("Appliquer à 3 utilisateurs"));
        let fields = apply_fields(&page);
        assert!(fields.contains(&("select_all".into(), "1".into())));
        assert!(fields.contains(&("product".into(), "rescue".into())));
        // Nothing selected: said, nothing done.
        let res = post(vec![("action", "suspend")]).await.unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Sélectionnez des utilisateurs"));
        // The last admin refuses to suspend themself, with the reason shown.
        let me: Value = app
            .api(reqwest::Method::GET, "/api/v1/users?role=admin")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let my_id = me["users"][0]["id"].as_str().unwrap().to_string();
        let res = admin
            .post(app.url("/users/bulk"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("ids", my_id.as_str()),
                ("action", "suspend"),
            ])
            .send()
            .await
            .unwrap();
        let page = res.text().await.unwrap();
        assert!(page.contains("1 utilisateur est refusé"), "{page}");
        assert!(page.contains(&format!("data-user-id=\"{my_id}\" data-result=\"refused\"")));
    }
);
