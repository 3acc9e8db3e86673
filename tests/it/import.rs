//! CSV import over the API and the CLI: one change per row, channel `import`.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

async fn import(app: &TestApp, csv: &str, query: &str) -> (u16, Value) {
    let res = app
        .api(Method::POST, &format!("/api/v1/users/import{query}"))
        .header("content-type", "text/csv")
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

both_stores!(
    a_csv_creates_and_updates_through_the_change_path,
    |app: TestApp| async move {
        let existing = app
            .create_user(json!({"email": "old@acme.test", "products": ["pro"]}))
            .await;
        let csv = "email,first_name,last_name,locale,role,products\n\
               new@acme.test,Nina,Neu,de,member,meeting;rescue\n\
               OLD@acme.test,,,,manager,pro|webinar\n\
               same@acme.test,Sam,Same,en,member,\n";
        let (s, report) = import(&app, csv, "").await;
        assert_eq!(s, 200, "{report}");
        assert_eq!(
            (
                report["created"].clone(),
                report["updated"].clone(),
                report["failed"].clone()
            ),
            (json!(2), json!(1), json!(0))
        );
        let id = existing["id"].as_str().unwrap();
        let u: Value = app
            .api(Method::GET, &format!("/api/v1/users/{id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(u["role"], "manager");
        assert_eq!(u["products"], json!(["pro", "webinar"]));
        let audit: Value = app
            .api(Method::GET, &format!("/api/v1/audit?user={id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(audit["events"][0]["channel"], "import");
        // The imported German user got their getting-started email in German.
        let mails = app.settle_mail().await;
        let gs = mails
            .iter()
            .find(|m| {
                m.template() == "getting_started" && m.product().as_deref() == Some("meeting")
            })
            .expect("getting-started for meeting");
        assert_eq!(gs.header("Content-Language").as_deref(), Some("de"));
        // A member imported with no products is suspended, as the rules say.
        let list: Value = app
            .api(Method::GET, "/api/v1/users?q=same@")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["users"][0]["status"], "suspended");

        // Importing the same file again changes nothing.
        let (_, again) = import(&app, csv, "?notify=false").await;
        assert_eq!(again["unchanged"], 3, "{again}");
    }
);

both_stores!(
    a_malformed_csv_changes_nothing_and_names_the_lines,
    |app: TestApp| async move {
        let csv =
            "email,role,products\ngood@acme.test,member,meeting\nbad@acme.test,owner,metting\n";
        let (s, body) = import(&app, csv, "").await;
        assert_eq!(s, 400);
        assert_eq!(body["error"]["code"], "invalid_csv");
        let msg = body["error"]["message"].as_str().unwrap();
        assert!(
            msg.contains("line 3") && msg.contains("owner") && msg.contains("metting"),
            "{msg}"
        );
        let list: Value = app
            .api(Method::GET, "/api/v1/users?q=good@")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0, "not even the good row");
        let res = app
            .api(Method::POST, "/api/v1/users/import")
            .body("email\nx@acme.test\n")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 415);
    }
);

both_stores!(
    rows_refused_by_the_rules_are_reported_and_the_rest_applied,
    |app: TestApp| async move {
        app.api(Method::PUT, "/api/v1/products/room")
            .json(&json!({"seats": 1}))
            .send()
            .await
            .unwrap();
        let csv = "email,products\na@acme.test,room\nb@acme.test,room\nc@acme.test,pro\n";
        let (s, report) = import(&app, csv, "").await;
        assert_eq!(s, 200);
        assert_eq!(
            (report["created"].clone(), report["failed"].clone()),
            (json!(2), json!(1))
        );
        let failed = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["result"] == "failed")
            .unwrap();
        assert_eq!(failed["line"], 3);
        assert!(failed["message"].as_str().unwrap().contains("GoTo Room"));
    }
);
