//! The seed workflow over HTTP, on both stores (DESIGN §1), one test per rule.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

/// Jean, a French-speaking manager with Meeting and Rescue; answers the id.
async fn jean(app: &TestApp) -> String {
    let u = app
        .create_user(
            json!({"email": "jean.dupont@acme.test", "first_name": "Jean",
            "last_name": "Dupont", "locale": "fr", "role": "manager",
            "products": ["meeting", "rescue"]}),
        )
        .await;
    assert_eq!(
        (u["status"].clone(), u["version"].clone()),
        (json!("active"), json!(1))
    );
    u["id"].as_str().unwrap().to_string()
}

/// Jean once suspended by editing: every product removed, then made a member quietly.
async fn suspended_by_editing(app: &TestApp) -> String {
    let id = jean(app).await;
    assert_eq!(
        app.patch_user(&id, json!({"products": []})).await.status(),
        200
    );
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{id}?notify=false"))
        .header("If-Match", "\"2\"")
        .json(&json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

both_stores!(
    a_first_getting_started_product_brings_its_email_in_the_users_language,
    |app: TestApp| async move {
        jean(&app).await;
        let mails = app.wait_for_mails(2).await;
        let gs: Vec<_> = mails
            .iter()
            .filter(|m| m.template() == "getting_started")
            .collect();
        assert_eq!(
            gs.len(),
            1,
            "one getting-started email: meeting has one, rescue not"
        );
        assert_eq!(gs[0].product().as_deref(), Some("meeting"));
        assert_eq!(gs[0].header("Content-Language").as_deref(), Some("fr"));
        assert_eq!(gs[0].subject(), "Bien démarrer avec GoTo Meeting");
        assert!(gs[0].to().contains("jean.dupont@acme.test"));
    }
);

both_stores!(
    removing_every_product_from_a_manager_keeps_them_active_with_one_email,
    |app: TestApp| async move {
        let id = jean(&app).await;
        let before = app.settle_mail().await.len();
        let res = app.patch_user(&id, json!({"products": []})).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["etag"], "\"2\"");
        let u: Value = res.json().await.unwrap();
        assert_eq!(u["status"], "active", "a manager keeps portal access");
        app.wait_for_mails(before + 1).await;
        let mails = app.settle_mail().await;
        assert_eq!(mails.len(), before + 1, "exactly one email for the change");
        assert_eq!(
            mails
                .iter()
                .filter(|m| m.template() == "products_changed")
                .count(),
            2
        );
    }
);

both_stores!(
    a_member_without_products_is_suspended_and_refused_everywhere,
    |app: TestApp| async move {
        let id = jean(&app).await;
        app.patch_user(&id, json!({"products": []})).await;
        let count = app.settle_mail().await.len();
        let res = app
            .api(Method::PATCH, &format!("/api/v1/users/{id}?notify=false"))
            .header("If-Match", "\"2\"")
            .json(&json!({"role": "member"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "suspended");
        assert_eq!(
            app.settle_mail().await.len(),
            count,
            "notify=false sends nothing"
        );
        for p in ["meeting", "rescue", "connect"] {
            let a = app.access(&id, p).await;
            assert_eq!(
                (a["allowed"].clone(), a["status"].clone()),
                (json!(false), json!("suspended"))
            );
        }
        assert!(
            !app.allowed("Jean.Dupont@acme.test", "meeting").await,
            "by email too, whatever its case"
        );
    }
);

both_stores!(
    a_change_from_a_stale_version_is_refused_and_changes_nothing,
    |app: TestApp| async move {
        let id = suspended_by_editing(&app).await;
        let res = app
            .api(Method::PATCH, &format!("/api/v1/users/{id}"))
            .header("If-Match", "\"1\"")
            .json(&json!({"products": ["meeting"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 412);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "stale_version");
        assert_eq!(app.user(&id).await["products"], json!([]));
    }
);

both_stores!(
    reactivate_gives_back_the_state_before_the_edit_that_suspended,
    |app: TestApp| async move {
        let id = suspended_by_editing(&app).await;
        let u = app.act(&id, "reactivate").await;
        assert_eq!(u["role"], "manager", "the role before the suspending edit");
        assert_eq!(
            u["products"],
            json!([]),
            "the products were already gone then"
        );
        assert_eq!(u["status"], "active");
    }
);

both_stores!(
    suspend_then_reactivate_gives_back_role_and_products,
    |app: TestApp| async move {
        let id = jean(&app).await;
        app.patch_user(&id, json!({"products": ["meeting", "webinar"]}))
            .await;
        let u = app.act(&id, "suspend").await;
        assert_eq!(
            (
                u["status"].clone(),
                u["role"].clone(),
                u["products"].clone()
            ),
            (json!("suspended"), json!("member"), json!([]))
        );
        assert!(!app.allowed(&id, "meeting").await);
        let u = app.act(&id, "reactivate").await;
        assert_eq!(u["role"], "manager");
        assert_eq!(u["products"], json!(["meeting", "webinar"]));
        assert!(app.allowed(&id, "meeting").await);
    }
);

both_stores!(
    delete_hides_and_cuts_access_restore_brings_everything_back,
    |app: TestApp| async move {
        let id = jean(&app).await;
        app.patch_user(&id, json!({"products": ["meeting", "webinar"]}))
            .await;
        app.act(&id, "delete").await;
        assert!(
            !app.listed_ids("").await.contains(&id),
            "hidden from the list"
        );
        assert_eq!(app.listed_ids("status=deleted").await, vec![id.clone()]);
        let a = app.access(&id, "meeting").await;
        assert_eq!(
            (a["allowed"].clone(), a["status"].clone()),
            (json!(false), json!("deleted"))
        );
        let u = app.act(&id, "restore").await;
        assert_eq!(u["status"], "active");
        assert_eq!(u["products"], json!(["meeting", "webinar"]));
        assert!(app.allowed(&id, "webinar").await);
    }
);

both_stores!(
    the_audit_tells_every_change_newest_first_with_channel_and_notify,
    |app: TestApp| async move {
        let id = suspended_by_editing(&app).await;
        app.act(&id, "reactivate").await;
        app.act(&id, "delete").await;
        app.act(&id, "restore").await;
        let events = app.audit_of(&id).await;
        let actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "restore",
                "delete",
                "reactivate",
                "update",
                "update",
                "create"
            ]
        );
        let quiet = &events[3];
        assert_eq!(quiet["notify"], false);
        assert_eq!(quiet["channel"], "api");
        assert_eq!(quiet["before"]["role"], "manager");
        assert_eq!(quiet["after"]["status"], "suspended");
        assert_eq!(events[4]["notify"], true);
    }
);
