//! `GET /api/v1/users/export`: the list's filters, CSV that `roster import` reads back.

use reqwest::Method;
use serde_json::json;

use super::get_csv;
use crate::both_stores;
use crate::support::TestApp;

const HEADER: [&str; 7] = [
    "email",
    "first_name",
    "last_name",
    "locale",
    "role",
    "products",
    "status",
];

async fn some_users(app: &TestApp) {
    for body in [
        json!({"email": "ada@acme.test", "first_name": "Ada", "last_name": "Lovelace, Countess", "locale": "fr", "products": ["meeting", "webinar"]}),
        json!({"email": "bob@acme.test", "first_name": "Bob \"Bobby\"", "last_name": "Ödegaard", "locale": "de", "role": "manager", "products": []}),
        json!({"email": "cyd@acme.test", "first_name": "Cyd", "last_name": "Charisse", "products": []}),
        json!({"email": "dan@acme.test", "first_name": "Dan", "last_name": "Dare", "locale": "nl", "products": ["rescue"]}),
    ] {
        let res = app
            .api(Method::POST, "/api/v1/users?notify=false")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
}

both_stores!(
    an_export_imports_into_another_account,
    |app: TestApp| async move {
        some_users(&app).await;
        let (s, ctype, disposition, rows) = get_csv(&app, &app.token, "/api/v1/users/export").await;
        assert_eq!(s, 200);
        assert!(ctype.starts_with("text/csv"), "{ctype}");
        assert!(disposition.contains("attachment"), "{disposition}");
        assert_eq!(rows[0], HEADER);
        let ada = rows.iter().find(|r| r[0] == "ada@acme.test").unwrap();
        assert_eq!(ada[2], "Lovelace, Countess");
        assert_eq!(ada[5], "meeting;webinar");
        let cyd = rows.iter().find(|r| r[0] == "cyd@acme.test").unwrap();
        assert_eq!((cyd[5].as_str(), cyd[6].as_str()), ("", "suspended"));
        assert_eq!(rows.len(), 6, "the admin and four users");

        let body = app
            .client
            .get(app.url("/api/v1/users/export"))
            .bearer_auth(&app.token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let other = app.other_account_token("globex").await;
        let res = app
            .client
            .post(app.url("/api/v1/users/import?notify=false"))
            .bearer_auth(&other)
            .header("content-type", "text/csv")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let report: serde_json::Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["failed"], 0, "{report}");
        let (_, _, _, theirs) = get_csv(&app, &other, "/api/v1/users/export").await;
        let theirs: Vec<_> = theirs
            .into_iter()
            .filter(|r| r[0] != "admin@globex.test")
            .collect();
        assert_eq!(theirs, rows, "the imported account exports the same rows");
    }
);

both_stores!(
    the_export_selects_what_the_list_selects,
    |app: TestApp| async move {
        some_users(&app).await;
        let emails = |rows: Vec<Vec<String>>| -> Vec<String> {
            rows.into_iter().skip(1).map(|r| r[0].clone()).collect()
        };
        let (_, _, _, rows) =
            get_csv(&app, &app.token, "/api/v1/users/export?product=meeting").await;
        assert_eq!(emails(rows), ["ada@acme.test"]);
        let (_, _, _, rows) =
            get_csv(&app, &app.token, "/api/v1/users/export?status=suspended").await;
        assert_eq!(emails(rows), ["cyd@acme.test"]);
        let (_, _, _, rows) =
            get_csv(&app, &app.token, "/api/v1/users/export?role=manager&q=bob").await;
        assert_eq!(emails(rows), ["bob@acme.test"]);
        let (_, _, _, rows) = get_csv(&app, &app.token, "/api/v1/users/export?sort=name").await;
        assert_eq!(
            emails(rows),
            [
                "admin@acme.test",
                "cyd@acme.test",
                "dan@acme.test",
                "ada@acme.test",
                "bob@acme.test"
            ]
        );
        // Deleted users only when asked, as in the list.
        let (_, dan) = crate::history::get_json(&app, "/api/v1/users?q=dan").await;
        let id = dan["users"][0]["id"].as_str().unwrap();
        let res = app
            .api(Method::DELETE, &format!("/api/v1/users/{id}"))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        let (_, _, _, rows) = get_csv(&app, &app.token, "/api/v1/users/export").await;
        assert!(!emails(rows).contains(&"dan@acme.test".to_string()));
        let (_, _, _, rows) =
            get_csv(&app, &app.token, "/api/v1/users/export?status=deleted").await;
        assert_eq!(emails(rows), ["dan@acme.test"]);
        for (q, field) in [
            ("status=gone", "status"),
            ("role=owner", "role"),
            ("product=nope", "product"),
            ("sort=age", "sort"),
        ] {
            let res = app
                .api(Method::GET, &format!("/api/v1/users/export?{q}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 400, "{q}");
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["error"]["field"], field);
        }
    }
);

both_stores!(
    a_large_export_walks_every_chunk,
    |app: TestApp| async move {
        // More than one chunk (1,000 rows), so the keyset walk is what is tested.
        let mut csv = String::from("email,products\n");
        for i in 0..1050 {
            csv.push_str(&format!("u{i:05}@acme.test,pro\n"));
        }
        let res = app
            .api(Method::POST, "/api/v1/users/import?notify=false")
            .header("content-type", "text/csv")
            .body(csv)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let (_, _, _, rows) = get_csv(&app, &app.token, "/api/v1/users/export?product=pro").await;
        assert_eq!(rows.len(), 1051);
        let mut emails: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        let in_order = emails.clone();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), 1050, "no row twice");
        assert_eq!(emails, in_order, "in the list's order");
    }
);
