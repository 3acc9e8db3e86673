//! POST /api/v1/users/bulk on both stores: per-user refusals reported and the others
//! applied, a seat shortage refusing everything, the dry run changing nothing, notify
//! per user, one audit event per user sharing a batch id, tenants and managers.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

use crate::both_stores;
use crate::support::TestApp;
use roster::domain::bulk::BulkAction;
use roster::domain::ActorRole;
use roster::service::bulk::{BulkRequest, BulkSelection};
use roster::service::{Actor, Channel};

pub async fn bulk(app: &TestApp, body: Value) -> (u16, Value) {
    let res = app
        .api(Method::POST, "/api/v1/users/bulk")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn user(app: &TestApp, id: &str) -> Value {
    app.api(Method::GET, &format!("/api/v1/users/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn id_of(app: &TestApp, email: &str, products: &[&str], role: &str) -> String {
    let u = app
        .create_user(json!({"email": email, "products": products, "role": role}))
        .await;
    u["id"].as_str().unwrap().to_string()
}

async fn admin_id(app: &TestApp) -> String {
    let page: Value = app
        .api(Method::GET, "/api/v1/users?role=admin")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["users"][0]["id"].as_str().unwrap().to_string()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// Rows of every table a change writes, to compare before and after.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM audit_events",
        "SELECT COUNT(*) FROM outbox",
        "SELECT COUNT(*) FROM ssf_events",
        "SELECT COUNT(*) FROM user_products",
        "SELECT COUNT(*) FROM getting_started_sent",
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM users",
    ] {
        out.push(count(app, sql).await);
    }
    out
}

both_stores!(
    refusals_are_reported_and_the_others_applied,
    |app: TestApp| async move {
        let admin = admin_id(&app).await;
        let second = id_of(&app, "second@acme.test", &[], "admin").await;
        let ann = id_of(&app, "ann@acme.test", &["meeting"], "member").await;
        let never = id_of(&app, "never@acme.test", &[], "member").await;
        let (status, answer) = bulk(
            &app,
            json!({"users": [admin, second, ann, never], "action": "suspend"}),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        // The first admin goes, the second is the last one left; `never` is suspended already.
        assert_eq!(answer["matched"], 4);
        assert_eq!(answer["changed"], 2);
        assert_eq!(answer["unchanged"], 1);
        let refused = answer["refused"].as_array().unwrap();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0]["id"], second.as_str());
        assert_eq!(refused[0]["email"], "second@acme.test");
        assert_eq!(refused[0]["code"], "last_admin");
        assert_eq!(answer["emails"]["products_changed"], 1);
        assert_eq!(user(&app, &ann).await["status"], "suspended");
        assert_eq!(user(&app, &admin).await["status"], "suspended");
        assert_eq!(user(&app, &second).await["status"], "active");

        // One audit event per changed user, sharing the answer's batch id.
        let batch = answer["batch_id"].as_str().unwrap().to_string();
        let rows = sqlx::query("SELECT user_id, action FROM audit_events WHERE batch_id = $1")
            .bind(batch)
            .fetch_all(&app.db)
            .await
            .unwrap();
        let mut audited: Vec<String> = rows.iter().map(|r| r.try_get("user_id").unwrap()).collect();
        audited.sort();
        let mut expected = vec![admin.clone(), ann.clone()];
        expected.sort();
        assert_eq!(audited, expected);
        assert!(rows
            .iter()
            .all(|r| r.try_get::<String, _>("action").unwrap() == "suspend"));

        // Reactivate: `never` has nothing to give back, the others get theirs.
        let (_, answer) = bulk(
            &app,
            json!({"users": [ann, never, second], "action": "reactivate"}),
        )
        .await;
        assert_eq!(answer["changed"], 1);
        assert_eq!(answer["unchanged"], 1);
        assert_eq!(answer["refused"][0]["id"], never.as_str());
        assert_eq!(answer["refused"][0]["code"], "conflict");
        assert_eq!(user(&app, &ann).await["products"], json!(["meeting"]));

        // Users are decided in the order named, whatever order the store keeps them in:
        // of two admins, the one named last is the last admin left.
        let third = id_of(&app, "third@acme.test", &[], "admin").await;
        let (_, answer) = bulk(&app, json!({"users": [second, third], "action": "suspend"})).await;
        assert_eq!(answer["changed"], 1, "{answer}");
        assert_eq!(answer["refused"][0]["id"], third.as_str());
        assert_eq!(user(&app, &second).await["status"], "suspended");
    }
);

both_stores!(
    a_seat_shortage_refuses_everything,
    |app: TestApp| async move {
        id_of(&app, "holder@acme.test", &["meeting"], "member").await;
        let mut ids = Vec::new();
        for n in 0..3 {
            ids.push(id_of(&app, &format!("m{n}@acme.test"), &["rescue"], "member").await);
        }
        let res = app
            .api(Method::PUT, "/api/v1/products/meeting")
            .json(&json!({"seats": 3}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let before = footprint(&app).await;
        let (status, answer) = bulk(
        &app,
        json!({"filter": {"product": "rescue"}, "action": "add_products", "products": ["meeting"]}),
    )
    .await;
        assert_eq!(status, 409, "{answer}");
        assert_eq!(answer["error"]["code"], "seats_exhausted");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("GoTo Meeting"), "{message}");
        assert!(
            message.contains("needs 3") && message.contains("2 are left"),
            "{message}"
        );
        assert_eq!(footprint(&app).await, before);
        for id in &ids {
            assert_eq!(user(&app, id).await["products"], json!(["rescue"]));
        }
        // Two fit.
        let (status, answer) = bulk(
            &app,
            json!({"users": [ids[0], ids[1]], "action": "add_products", "products": ["meeting"]}),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(answer["changed"], 2);
        // The account's counts moved with the users: the seats are taken, the list counts.
        let products: Value = app
            .api(Method::GET, "/api/v1/products")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let meeting = products["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "meeting")
            .unwrap()
            .clone();
        assert_eq!(meeting["seats_used"], 3);
        assert_eq!(meeting["seats_available"], 0);
        let (status, answer) = bulk(
            &app,
            json!({"users": [ids[2]], "action": "add_products", "products": ["meeting"]}),
        )
        .await;
        assert_eq!(status, 409, "{answer}");
        let (_, answer) = bulk(
            &app,
            json!({"filter": {"product": "rescue"}, "action": "suspend"}),
        )
        .await;
        assert_eq!(answer["changed"], 3);
        let page: Value = app
            .api(Method::GET, "/api/v1/users?status=suspended&limit=1")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 3, "{page}");
    }
);

both_stores!(a_dry_run_changes_nothing, |app: TestApp| async move {
    for n in 0..3 {
        id_of(&app, &format!("d{n}@acme.test"), &["rescue"], "member").await;
    }
    // A stream hears suspensions, so a real run would write signals.
    let _ = app.settle_mail().await;
    let before = footprint(&app).await;
    let (status, answer) = bulk(
        &app,
        json!({"filter": {"product": "rescue"}, "action": "suspend", "dry_run": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["matched"], 3);
    assert_eq!(answer["changed"], 3);
    assert_eq!(answer["emails"]["products_changed"], 3);
    assert!(answer.get("batch_id").is_none());
    assert_eq!(footprint(&app).await, before);
    let page: Value = app
        .api(Method::GET, "/api/v1/users?status=suspended")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["users"], json!([]));
});

both_stores!(
    notify_is_per_user_and_getting_started_is_sent_once,
    |app: TestApp| async move {
        let a = id_of(&app, "a@acme.test", &["rescue"], "member").await;
        let b = id_of(&app, "b@acme.test", &["rescue"], "member").await;
        let _ = app.settle_mail().await;
        let announced = |mails: &[crate::support::mail_files::Mail]| {
            mails
                .iter()
                .filter(|m| m.header("X-Roster-Template").as_deref() == Some("products_changed"))
                .count()
        };
        let before = announced(&app.mails());
        let (_, answer) = bulk(
            &app,
            json!({"users": [a, b], "action": "add_products", "products": ["webinar"], "notify": false}),
        )
        .await;
        assert_eq!(answer["changed"], 2);
        assert_eq!(answer["emails"], json!({"getting_started": 2}));
        let _ = app.settle_mail().await;
        let mails = app.mails();
        let mut started: Vec<String> = mails
            .iter()
            .filter(|m| m.header("X-Roster-Product").as_deref() == Some("webinar"))
            .map(|m| m.header("To").unwrap())
            .collect();
        started.sort();
        assert_eq!(started.len(), 2);
        assert!(started[0].contains("a@acme.test") && started[1].contains("b@acme.test"));
        assert_eq!(announced(&mails), before);

        // Removed and given again, notified: the change is announced, getting started is not.
        bulk(&app, json!({"users": [a, b], "action": "remove_products", "products": ["webinar"], "notify": false})).await;
        let (_, answer) = bulk(
            &app,
            json!({"users": [a, b], "action": "add_products", "products": ["webinar"]}),
        )
        .await;
        assert_eq!(answer["emails"], json!({"products_changed": 2}));
    }
);

both_stores!(
    another_accounts_users_are_unknown,
    |app: TestApp| async move {
        let other = app.other_account_token("globex").await;
        let theirs: Value = app
            .client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&other)
            .json(&json!({"email": "x@globex.test", "products": ["meeting"]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let theirs = theirs["id"].as_str().unwrap().to_string();
        let mine = id_of(&app, "mine@acme.test", &["meeting"], "member").await;
        let (status, answer) =
            bulk(&app, json!({"users": [theirs, mine], "action": "delete"})).await;
        assert_eq!(status, 200);
        assert_eq!(answer["changed"], 1);
        assert_eq!(answer["refused"][0]["id"], theirs.as_str());
        assert_eq!(answer["refused"][0]["code"], "not_found");
        let still: Value = app
            .client
            .get(app.url(&format!("/api/v1/users/{theirs}")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(still["status"], "active");
        // A filter never reaches another account either.
        let (_, answer) = bulk(
            &app,
            json!({"filter": {"q": "globex"}, "action": "suspend"}),
        )
        .await;
        assert_eq!(answer["matched"], 0);
        // Bad requests name the problem and change nothing.
        let (status, answer) = bulk(&app, json!({"users": [mine], "action": "explode"})).await;
        assert_eq!(status, 422);
        assert_eq!(answer["error"]["field"], "action");
        let (status, _) = bulk(
            &app,
            json!({"users": [mine], "action": "add_products", "products": ["zoom"]}),
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = bulk(&app, json!({"action": "suspend"})).await;
        assert_eq!(status, 400);
    }
);

both_stores!(
    a_manager_changes_in_bulk_only_what_they_could_one_by_one,
    |app: TestApp| async move {
        let admin = admin_id(&app).await;
        let boss = id_of(&app, "boss@acme.test", &[], "admin").await;
        let mem = id_of(&app, "mem@acme.test", &["meeting"], "member").await;
        let manager = Actor {
            account_id: app.account_id.clone(),
            role: ActorRole::Manager,
            label: "user:mgr@acme.test".into(),
            user_id: None,
            channel: Channel::Portal,
        };
        let req = |action: BulkAction| BulkRequest {
            selection: BulkSelection::Ids(vec![admin.clone(), boss.clone(), mem.clone()]),
            action,
            notify: true,
            dry_run: false,
        };
        let report = app
            .service
            .bulk_change(&manager, &req(BulkAction::Suspend))
            .await
            .unwrap();
        assert_eq!(report.changed, 1);
        assert_eq!(report.refused.len(), 2);
        assert!(report.refused.iter().all(|r| r.code == "forbidden"));
        assert_eq!(user(&app, &boss).await["status"], "active");
        assert_eq!(user(&app, &mem).await["status"], "suspended");
        // Granting admin is refused to a manager for everyone.
        let report = app
            .service
            .bulk_change(
                &manager,
                &req(BulkAction::SetRole(roster::domain::Role::Admin)),
            )
            .await
            .unwrap();
        assert_eq!(report.changed, 0);
        assert_eq!(report.refused.len(), 3);
    }
);

both_stores!(
    users_changed_while_a_bulk_change_runs_keep_both_changes,
    |app: TestApp| async move {
        // Chunks are read and decided ahead of their writing: a user renamed meanwhile
        // is written only as stored when written (the chunk decided again if it moved),
        // so both the rename and the suspension land, once each.
        roster::demo::fill(&app.service, "acme", 3000)
            .await
            .unwrap();
        let members: Vec<String> = sqlx::query(
            "SELECT id FROM users WHERE status = 'active' AND role = 'member' ORDER BY id",
        )
        .fetch_all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("id").unwrap())
        .collect();
        assert!(members.len() > 1_000, "{} members", members.len());
        // Every seventh member, spread over every chunk of the bulk change.
        let renamed: Vec<String> = members.iter().step_by(7).cloned().collect();
        let renames = {
            let base = app.base.clone();
            let token = app.token.clone();
            let renamed = renamed.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                for id in &renamed {
                    let res = client
                        .patch(format!("{base}/api/v1/users/{id}"))
                        .bearer_auth(&token)
                        .json(&json!({"first_name": "Renamed"}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
                }
            })
        };
        let (status, answer) = bulk(
            &app,
            json!({"filter": {"status": "active", "role": "member"}, "action": "suspend"}),
        )
        .await;
        renames.await.unwrap();
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["changed"], members.len(), "{answer}");
        assert_eq!(answer["refused"], json!([]));
        for id in &renamed {
            let u = user(&app, id).await;
            assert_eq!(
                (&u["first_name"], &u["status"]),
                (&json!("Renamed"), &json!("suspended"))
            );
        }
        let batch = answer["batch_id"].as_str().unwrap();
        let audited = count(
            &app,
            &format!("SELECT COUNT(DISTINCT user_id) FROM audit_events WHERE batch_id = '{batch}'"),
        )
        .await;
        let events = count(
            &app,
            &format!("SELECT COUNT(*) FROM audit_events WHERE batch_id = '{batch}'"),
        )
        .await;
        assert_eq!(
            (audited, events),
            (members.len() as i64, members.len() as i64)
        );
        let still_active = count(
            &app,
            "SELECT COUNT(*) FROM users WHERE status = 'active' AND role = 'member'",
        )
        .await;
        assert_eq!(still_active, 0);
    }
);

both_stores!(
    the_mail_worker_makes_way_for_bulk_writes,
    |app: TestApp| async move {
        let mut ids = Vec::new();
        for i in 0..60 {
            ids.push(id_of(&app, &format!("way{i}@acme.test"), &["rescue"], "member").await);
        }
        let before = app.settle_mail().await.len();
        // Bulk writes under way (as while a bulk change writes its chunks): the worker
        // claims at most its 16 slots every 250 ms.
        let running = app.service.heavy_writes().begin();
        let (status, answer) = bulk(
            &app,
            json!({"users": ids, "action": "add_products", "products": ["meeting"]}),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["emails"]["products_changed"], 60, "{answer}");
        assert_eq!(answer["emails"]["getting_started"], 60, "{answer}");
        let queued = before + 120;
        let first = app.wait_for_mails(before + 1).await.len();
        assert!(
            first > before,
            "the worker still delivers while it makes way"
        );
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        // At most five claims fit in 600 ms after the first one's deliveries; without the
        // yield the 120 files are written in a few milliseconds.
        let meanwhile = app.mails().len() - before;
        assert!(
            meanwhile <= 5 * 16,
            "{meanwhile} emails delivered while yielding"
        );
        assert!(meanwhile < 120, "all delivered while yielding");
        drop(running);
        assert_eq!(app.wait_for_mails(queued).await.len(), queued);
    }
);
