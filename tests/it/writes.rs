//! Changes at once: the rules stay exact while changes run together (SQLite commits them
//! in groups, PostgreSQL runs those that concern neither seats nor the last admin beside
//! each other), and a change refused in a group takes none of the others down.

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{Backend, TestApp};

async fn send(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = app.api(method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .bind(bind.to_string())
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn users(app: &TestApp, prefix: &str, n: usize, products: Value) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let u = app
            .create_user(json!({"email": format!("{prefix}{i}@acme.test"), "products": products}))
            .await;
        ids.push(u["id"].as_str().unwrap().to_string());
    }
    ids
}

both_stores!(
    seats_are_never_oversubscribed_by_changes_at_once,
    |app: TestApp| async move {
        let (s, _) = send(
            &app,
            Method::PUT,
            "/api/v1/products/webinar",
            Some(json!({"seats": 3})),
        )
        .await;
        assert_eq!(s, 200);
        let takers = users(&app, "taker", 8, json!(["pro"])).await;
        let others = users(&app, "other", 8, json!(["pro"])).await;
        // Eight ask for one of three seats while eight others change what no rule limits.
        let app = &app;
        let asks = takers.iter().map(|id| async move {
            let path = format!("/api/v1/users/{id}");
            let body = json!({"products": ["pro", "webinar"]});
            send(app, Method::PATCH, &path, Some(body)).await
        });
        let edits = others.iter().enumerate().map(|(i, id)| async move {
            let path = format!("/api/v1/users/{id}");
            let body = json!({"products": ["pro", "hamachi"], "last_name": format!("Other {i}")});
            send(app, Method::PATCH, &path, Some(body)).await
        });
        let (asked, edited) = tokio::join!(join_all(asks), join_all(edits));
        let granted = asked.iter().filter(|(s, _)| *s == 200).count();
        let refused: Vec<_> = asked.iter().filter(|(s, _)| *s != 200).collect();
        assert_eq!(granted, 3, "{asked:?}");
        assert!(
            refused
                .iter()
                .all(|(s, b)| *s == 409 && b["error"]["code"] == "seats_exhausted"),
            "{refused:?}"
        );
        assert!(edited.iter().all(|(s, _)| *s == 200), "{edited:?}");
        let (_, p) = send(app, Method::GET, "/api/v1/products", None).await;
        let webinar = p["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == "webinar")
            .unwrap()
            .clone();
        assert_eq!(webinar["seats_used"], 3);
        let held =
            "SELECT COUNT(*) FROM user_products WHERE account_id = $1 AND product = 'webinar'";
        assert_eq!(scalar(app, held, &app.account_id).await, 3);
        let hamachi =
            "SELECT COUNT(*) FROM user_products WHERE account_id = $1 AND product = 'hamachi'";
        assert_eq!(scalar(app, hamachi, &app.account_id).await, 8);
    }
);

both_stores!(
    a_change_refused_among_others_at_once_takes_none_of_them_down,
    |app: TestApp| async move {
        // Twelve creates at once, four of them asking for an email already taken.
        let existing = users(&app, "taken", 4, json!(["pro"])).await;
        let creates = (0..12).map(|i| {
            let email = match i % 3 {
                0 => format!("taken{}@acme.test", i / 3),
                _ => format!("fresh{i}@acme.test"),
            };
            let app = &app;
            async move {
                let (s, b) = send(
                    app,
                    Method::POST,
                    "/api/v1/users",
                    Some(json!({"email": email, "products": ["meeting"]})),
                )
                .await;
                (email, s, b)
            }
        });
        let done = join_all(creates).await;
        for (email, s, b) in &done {
            if email.starts_with("taken") {
                assert_eq!(
                    (*s, b["error"]["code"].clone()),
                    (409, json!("duplicate")),
                    "{email}: {b}"
                );
            } else {
                assert_eq!(*s, 201, "{email}: {b}");
                // Each kept change is whole: its user, its audit event, its emails.
                let id = b["id"].as_str().unwrap();
                let audit = "SELECT COUNT(*) FROM audit_events WHERE user_id = $1";
                assert_eq!(scalar(&app, audit, id).await, 1, "{email}");
                let mail = "SELECT COUNT(*) FROM outbox WHERE user_id = $1";
                assert!(scalar(&app, mail, id).await >= 1, "{email}");
            }
        }
        let (_, list) = send(&app, Method::GET, "/api/v1/users?product=meeting", None).await;
        assert_eq!(list["total"], 8);
        for id in &existing {
            let audit = "SELECT COUNT(*) FROM audit_events WHERE user_id = $1";
            assert_eq!(scalar(&app, audit, id).await, 1);
        }
    }
);

/// On PostgreSQL a change that concerns neither seats nor the last admin holds its
/// account's row only against those that do: while something holds the row against
/// them, it still goes through, and a change asking for a limited seat waits its turn.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_concerning_no_rule_of_the_account_does_not_wait_for_the_others() {
    let Some(app) = crate::support::spawn_app(Backend::Postgres).await else {
        return;
    };
    send(
        &app,
        Method::PUT,
        "/api/v1/products/webinar",
        Some(json!({"seats": 5})),
    )
    .await;
    let ids = users(&app, "held", 2, json!(["pro"])).await;
    let mut holder = app.db.begin().await.unwrap();
    // Conflicts with what a change concerning seats takes, not with the others' hold.
    sqlx::query("SELECT id FROM accounts WHERE id = $1 FOR NO KEY UPDATE")
        .bind(app.account_id.clone())
        .execute(&mut *holder)
        .await
        .unwrap();
    let seat_path = format!("/api/v1/users/{}", ids[1]);
    let seat = send(
        &app,
        Method::PATCH,
        &seat_path,
        Some(json!({"products": ["pro", "webinar"]})),
    );
    let free = async {
        let r = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/users/{}", ids[0]),
            Some(json!({"products": ["pro", "hamachi"], "first_name": "Free"})),
        )
        .await;
        // Only now let the seat change through.
        holder.rollback().await.unwrap();
        r
    };
    let (seat, free) = tokio::join!(seat, free);
    assert_eq!(free.0, 200, "{free:?}");
    assert_eq!(seat.0, 200, "{seat:?}");
    let (_, u) = send(&app, Method::GET, &seat_path, None).await;
    assert_eq!(u["products"], json!(["pro", "webinar"]));
}
