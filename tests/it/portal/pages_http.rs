//! The admin's pages over plain HTTP, on both stores: adding a user, editing details,
//! licences, import, the rules the pages enforce (one's own access, refusals atop the page)
//! and the last sign-in.

use serde_json::json;
use sqlx::Row;

use super::{api_user, hidden, person, signed_in, PASSWORD};
use crate::both_stores;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// The admin's id (the account's first user).
async fn admin_id(app: &TestApp) -> String {
    let list: serde_json::Value = app
        .api(reqwest::Method::GET, "/api/v1/users?q=admin%40acme.test")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    list["users"][0]["id"].as_str().unwrap().to_string()
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

both_stores!(
    an_admin_cannot_remove_their_own_portal_access,
    |app: TestApp| async move {
        // Another admin exists, so the last-admin rule is not what refuses.
        person(&app, "other@acme.test", "admin", &[], "en").await;
        let me = admin_id(&app).await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = page(&admin, &app, &format!("/users/{me}")).await;
        assert!(html.contains("id=\"own-access-note\""), "the page says why");
        assert!(
            !html.contains("id=\"suspend\"") && !html.contains("id=\"delete\""),
            "no Suspend or Delete on one's own page"
        );
        let csrf = hidden(&html, "csrf");
        let version = api_user(&app, &me).await["version"].to_string();
        for (path, extra) in [
            ("role", Some(("role", "member"))),
            ("suspend", None),
            ("delete", None),
        ] {
            let mut form = vec![("csrf", csrf.as_str()), ("version", version.as_str())];
            form.extend(extra);
            let res = admin
                .post(app.url(&format!("/users/{me}/{path}")))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 403, "{path}");
            let body = res.text().await.unwrap();
            let top = body
                .split("id=\"page-error\">")
                .nth(1)
                .unwrap_or_else(|| panic!("{path}: no error atop the page"));
            assert!(
                top.starts_with("You cannot take away your own portal access"),
                "{path}: {top}"
            );
        }
        let now = api_user(&app, &me).await;
        assert_eq!(
            (now["role"].as_str(), now["status"].as_str()),
            (Some("admin"), Some("active"))
        );
        // Another admin may; the API (a token, nobody's own access) may too.
        let res = app
            .api(reqwest::Method::PATCH, &format!("/api/v1/users/{me}"))
            .json(&json!({"role": "manager"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
);

both_stores!(
    details_are_edited_and_a_taken_email_is_refused,
    |app: TestApp| async move {
        let u = person(&app, "chloe@acme.test", "member", &["meeting"], "en").await;
        person(&app, "taken@acme.test", "member", &["meeting"], "en").await;
        let id = u["id"].as_str().unwrap();
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = page(&admin, &app, &format!("/users/{id}")).await;
        let csrf = hidden(&html, "csrf");
        let post = |email: &'static str, version: String| {
            let admin = admin.clone();
            let url = app.url(&format!("/users/{id}/profile"));
            let csrf = csrf.clone();
            async move {
                admin
                    .post(url)
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("version", version.as_str()),
                        ("email", email),
                        ("first_name", "Chloé"),
                        ("last_name", "Martin"),
                        ("locale", "fr"),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        let res = post("TAKEN@acme.test", "1".into()).await;
        assert_eq!(res.status(), 409);
        let body = res.text().await.unwrap();
        assert!(body.contains("id=\"email-error\""), "beside the field");
        assert!(body.contains("Another user of the account already has this email address"));
        assert!(body.contains("value=\"Chloé\""), "what was typed is kept");
        assert_eq!(api_user(&app, id).await["version"], 1, "nothing saved");

        let res = post("chloe.martin@acme.test", "1".into()).await;
        assert_eq!(res.status(), 303);
        let now = api_user(&app, id).await;
        assert_eq!(now["email"], "chloe.martin@acme.test");
        assert_eq!(
            (now["first_name"].as_str(), now["locale"].as_str()),
            (Some("Chloé"), Some("fr"))
        );
        // A stale form is a conflict, not an overwrite.
        let res = post("chloe@acme.test", "1".into()).await;
        assert_eq!(res.status(), 412);
        let html = page(&admin, &app, &format!("/users/{id}")).await;
        assert!(
            html.contains("email chloe@acme.test → chloe.martin@acme.test"),
            "history"
        );
    }
);

both_stores!(
    a_user_is_added_in_the_portal_with_a_preview,
    |app: TestApp| async move {
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = page(&admin, &app, "/users/new").await;
        for field in ["email", "first_name", "last_name", "locale"] {
            assert!(html.contains(&format!("name=\"{field}\"")), "{field}");
        }
        assert!(html.contains("name=\"products\" value=\"meeting\""));
        assert!(html.contains("name=\"role\" value=\"admin\""));
        assert!(html.contains("name=\"do_not_notify\""));
        let csrf = hidden(&html, "csrf");
        let form = |intent: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("intent", intent.to_string()),
                ("email", "olivia@acme.test".to_string()),
                ("first_name", "Olivia".to_string()),
                ("last_name", "Martin".to_string()),
                ("locale", "fr".to_string()),
                ("role", "manager".to_string()),
                ("products", "meeting".to_string()),
            ]
        };
        let res = admin
            .post(app.url("/users/new"))
            .form(&form("preview"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let preview = res.text().await.unwrap();
        assert!(preview.contains("id=\"new-user-preview\""));
        assert!(
            preview.contains("Getting started, to olivia@acme.test"),
            "{preview}"
        );
        assert!(preview.contains("Invitation, to olivia@acme.test"));
        let list: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/users?q=olivia")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["users"].as_array().unwrap().len(),
            0,
            "a preview creates nothing"
        );

        let res = admin
            .post(app.url("/users/new"))
            .form(&form("save"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let to = res.headers()["location"].to_str().unwrap().to_string();
        let id = to
            .strip_prefix("/users/")
            .and_then(|r| r.strip_suffix("?notice=created"))
            .unwrap_or_else(|| panic!("{to}"));
        let u = api_user(&app, id).await;
        assert_eq!(u["role"], "manager");
        assert_eq!(u["locale"], "fr");
        assert_eq!(u["products"], json!(["meeting"]));
        // The worker delivers in any order: wait for everything the creation queued.
        let mails = app.settle_mail().await;
        assert!(
            mails.iter().any(|m| m.template() == "invitation"),
            "{:?}",
            mails.iter().map(|m| m.template()).collect::<Vec<_>>()
        );
        assert!(mails
            .iter()
            .all(|m| m.header("Auto-Submitted").as_deref() == Some("auto-generated")));

        // The same address again: refused beside the field and atop the page.
        let res = admin
            .post(app.url("/users/new"))
            .form(&form("save"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let body = res.text().await.unwrap();
        assert!(body.contains("id=\"email-error\"") && body.contains("id=\"page-error\""));
    }
);

both_stores!(
    licences_show_seats_and_admins_set_limits,
    |app: TestApp| async move {
        person(&app, "a@acme.test", "member", &["meeting", "rescue"], "en").await;
        person(&app, "b@acme.test", "member", &["meeting"], "en").await;
        person(&app, "mia@acme.test", "manager", &[], "en").await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = page(&admin, &app, "/licences").await;
        assert_eq!(
            html.matches("data-product=\"").count(),
            17,
            "one row per product"
        );
        let meeting = html.split("data-product=\"meeting\"").nth(1).unwrap();
        let meeting = meeting.split("</tr>").next().unwrap();
        assert!(
            meeting.contains("href=\"/users?product=meeting\""),
            "{meeting}"
        );
        assert!(meeting.contains("2 users"), "{meeting}");
        let csrf = hidden(&html, "csrf");
        let res = admin
            .post(app.url("/licences/meeting"))
            .form(&[("csrf", csrf.as_str()), ("seats", "5")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let products: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/products")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let meeting = products
            .as_array()
            .or_else(|| products["products"].as_array())
            .unwrap()
            .iter()
            .find(|p| p["key"] == "meeting")
            .unwrap()
            .clone();
        assert_eq!(meeting["seats"], 5);
        let html = page(&admin, &app, "/licences").await;
        assert!(html.contains("2 of 5 seats used"), "plural through Fluent");
        // Not a number: refused on its row, nothing changed.
        let res = admin
            .post(app.url("/licences/meeting"))
            .form(&[("csrf", csrf.as_str()), ("seats", "lots")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("id=\"seats-error-meeting\""));
        // Empty: unlimited again.
        let res = admin
            .post(app.url("/licences/meeting"))
            .form(&[("csrf", csrf.as_str()), ("seats", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // A manager sees the licences but sets no limit.
        let mia = signed_in(&app, "mia@acme.test", PASSWORD).await;
        let html = page(&mia, &app, "/licences").await;
        assert!(!html.contains("name=\"seats\""));
        let res = mia
            .post(app.url("/licences/meeting"))
            .form(&[("csrf", hidden(&html, "csrf").as_str()), ("seats", "1")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
);

fn multipart(csrf: &str, csv: &str, no_notify: bool) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part(
            "file",
            reqwest::multipart::Part::text(csv.to_string())
                .file_name("users.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    if no_notify {
        form = form.text("do_not_notify", "on");
    }
    form
}

both_stores!(
    an_import_is_previewed_then_applied,
    |app: TestApp| async move {
        person(&app, "known@acme.test", "member", &["meeting"], "en").await;
        let res = app
            .api(reqwest::Method::PUT, "/api/v1/products/rescue")
            .json(&json!({"seats": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let html = page(&admin, &app, "/import").await;
        let csrf = hidden(&html, "csrf");
        let csv = "email,first_name,last_name,role,products\n\
                   new1@acme.test,Ana,One,member,rescue\n\
                   new2@acme.test,Bo,Two,member,rescue\n\
                   known@acme.test,Known,Person,member,meeting;webinar\n";
        let res = admin
            .post(app.url("/import"))
            .multipart(multipart(&csrf, csv, false))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let preview = res.text().await.unwrap();
        // The second rescue row sees the first one's seat: refused, as the real run will.
        assert!(
            preview.contains("data-line=\"2\" data-result=\"created\""),
            "{preview}"
        );
        assert!(
            preview.contains("data-line=\"3\" data-result=\"failed\""),
            "{preview}"
        );
        assert!(preview.contains("No seats left for Rescue"), "{preview}");
        assert!(preview.contains("data-line=\"4\" data-result=\"updated\""));
        assert!(preview.contains("1 user will be created"));
        let users: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/users?q=new1")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            users["users"].as_array().unwrap().len(),
            0,
            "the check changes nothing"
        );

        let carried = hidden_textarea(&preview);
        let res = admin
            .post(app.url("/import/apply"))
            .form(&[("csrf", csrf.as_str()), ("csv", carried.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let done = res.text().await.unwrap();
        assert!(
            done.contains("1 user created") && done.contains("1 row refused"),
            "{done}"
        );
        let users: serde_json::Value = app
            .api(reqwest::Method::GET, "/api/v1/users?q=new1")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(users["users"][0]["products"], json!(["rescue"]));
        let audit: serde_json::Value = app
            .api(
                reqwest::Method::GET,
                &format!(
                    "/api/v1/audit?user={}",
                    users["users"][0]["id"].as_str().unwrap()
                ),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let first = audit
            .as_array()
            .or_else(|| audit["events"].as_array())
            .unwrap()[0]
            .clone();
        assert_eq!(first["channel"], "import");

        // A malformed file changes nothing and says which lines.
        let res = admin
            .post(app.url("/import"))
            .multipart(multipart(&csrf, "email,role\nx@acme.test,owner\n", false))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(res.text().await.unwrap().contains("Line 2:"));
    }
);

/// The CSV carried by the preview page's hidden textarea, unescaped.
fn hidden_textarea(html: &str) -> String {
    let start = html.find("<textarea name=\"csv\"").unwrap();
    let body = &html[start..];
    let body = &body[body.find('>').unwrap() + 1..];
    let text = &body[..body.find("</textarea>").unwrap()];
    text.replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

both_stores!(
    sign_ins_and_allowed_access_checks_are_recorded,
    |app: TestApp| async move {
        let u = person(&app, "ria@acme.test", "manager", &["meeting"], "en").await;
        let id = u["id"].as_str().unwrap().to_string();
        let last = |id: String| {
            let pool = app.db.clone();
            async move {
                let row = sqlx::query("SELECT last_sign_in_at FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
                row.try_get::<Option<i64>, _>("last_sign_in_at").unwrap()
            }
        };
        assert_eq!(last(id.clone()).await, None);
        signed_in(&app, "ria@acme.test", PASSWORD).await;
        let first = last(id.clone()).await.expect("a sign-in is recorded");
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let list = page(&admin, &app, "/users?q=ria").await;
        let cell = list.split("class=\"last-sign-in\"").nth(1).unwrap();
        assert!(
            cell.trim_start_matches(|c| c != '>').starts_with("><time"),
            "{cell}"
        );
        // Within the hour nothing is written again (the access check's hot path).
        let res = app
            .api(
                reqwest::Method::GET,
                "/api/v1/access?user=ria@acme.test&product=meeting",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(last(id.clone()).await, Some(first));

        // A member who never signed in to the portal: an allowed check is their sign-in.
        let m = person(&app, "max@acme.test", "member", &["meeting"], "en").await;
        let mid = m["id"].as_str().unwrap().to_string();
        let check = |product: &'static str| {
            app.api(
                reqwest::Method::GET,
                &format!("/api/v1/access?user=max@acme.test&product={product}"),
            )
            .send()
        };
        assert_eq!(check("rescue").await.unwrap().status(), 200);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(
            last(mid.clone()).await,
            None,
            "a refused check is no sign-in"
        );
        let list = page(&admin, &app, "/users?q=max").await;
        assert!(list.contains(">Never<"), "never signed in");
        assert_eq!(check("meeting").await.unwrap().status(), 200);
        let mut seen = None;
        for _ in 0..50 {
            seen = last(mid.clone()).await;
            if seen.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(seen.is_some(), "an allowed check is recorded");
    }
);
