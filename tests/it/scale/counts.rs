//! The counts kept by the change path equal a real COUNT after every kind of change.

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::Row;

use crate::both_stores;
use crate::support::TestApp;

/// The non-zero cells of `user_counts`, sorted.
async fn kept(app: &TestApp) -> Vec<(String, String, String, i64)> {
    let rows = sqlx::query(
        "SELECT status, role, product, n FROM user_counts WHERE account_id = $1 AND n <> 0 \
         ORDER BY status, role, product",
    )
    .bind(app.account_id.clone())
    .fetch_all(&app.db)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.get("status"),
                r.get("role"),
                r.get("product"),
                r.get::<i64, _>("n"),
            )
        })
        .collect()
}

/// The same cells counted from the users themselves.
async fn real(app: &TestApp) -> Vec<(String, String, String, i64)> {
    let rows = sqlx::query(
        "SELECT status, role, product, n FROM ( \
           SELECT status, role, '' AS product, COUNT(*) AS n FROM users WHERE account_id = $1 \
           GROUP BY status, role \
           UNION ALL \
           SELECT u.status AS status, u.role AS role, p.product AS product, COUNT(*) AS n \
           FROM users u JOIN user_products p ON p.user_id = u.id WHERE u.account_id = $1 \
           GROUP BY u.status, u.role, p.product) AS c ORDER BY status, role, product",
    )
    .bind(app.account_id.clone())
    .fetch_all(&app.db)
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.get("status"),
                r.get("role"),
                r.get("product"),
                r.get::<i64, _>("n"),
            )
        })
        .collect()
}

async fn send(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> Value {
    let mut req = app.api(method, path);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The list's total for a query string, and whether it says it is exact.
async fn total(app: &TestApp, query: &str) -> (u64, bool) {
    let page = send(app, Method::GET, &format!("/api/v1/users?{query}"), None).await;
    (
        page["total"].as_u64().unwrap(),
        page["total_exact"].as_bool().unwrap(),
    )
}

async fn real_count(app: &TestApp, condition: &str) -> u64 {
    let sql = format!("SELECT COUNT(*) FROM users u WHERE u.account_id = $1 AND {condition}");
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(app.account_id.clone())
        .fetch_one(&app.db)
        .await
        .unwrap() as u64
}

async fn check(app: &TestApp, after: &str) {
    assert_eq!(kept(app).await, real(app).await, "counts after {after}");
    // The list's totals and the seat usage read them.
    let has = |p: &str| {
        format!(
            "EXISTS (SELECT 1 FROM user_products p WHERE p.user_id = u.id AND p.product = '{p}')"
        )
    };
    let cases = [
        ("limit=1", "u.deleted_at IS NULL".to_string()),
        ("limit=1&status=active", "u.status = 'active'".to_string()),
        ("limit=1&status=suspended", "u.status = 'suspended'".into()),
        ("limit=1&status=deleted", "u.status = 'deleted'".into()),
        (
            "limit=1&role=manager",
            "u.deleted_at IS NULL AND u.role = 'manager'".into(),
        ),
        (
            "limit=1&product=meeting",
            format!("u.deleted_at IS NULL AND {}", has("meeting")),
        ),
        (
            "limit=1&status=deleted&product=rescue",
            format!("u.status = 'deleted' AND {}", has("rescue")),
        ),
        (
            "limit=1&role=member&product=rescue",
            format!(
                "u.deleted_at IS NULL AND u.role = 'member' AND {}",
                has("rescue")
            ),
        ),
    ];
    for (query, condition) in cases {
        assert_eq!(
            total(app, query).await,
            (real_count(app, &condition).await, true),
            "{query} after {after}"
        );
    }
    let products = send(app, Method::GET, "/api/v1/products", None).await;
    let meeting = products
        .as_array()
        .or_else(|| products["products"].as_array())
        .unwrap()
        .iter()
        .find(|p| p["key"] == "meeting")
        .unwrap()
        .clone();
    assert_eq!(
        meeting["seats_used"].as_u64().or(meeting["used"].as_u64()),
        Some(real_count(app, &format!("u.deleted_at IS NULL AND {}", has("meeting"))).await),
        "seats used after {after}: {meeting}"
    );
}

both_stores!(counts_follow_every_change, |app: TestApp| async move {
    check(&app, "the start").await;
    let mut ids = Vec::new();
    for (i, (role, products)) in [
        ("member", json!(["meeting", "rescue"])),
        ("manager", json!(["meeting"])),
        ("member", json!([])),
        ("admin", json!(["webinar"])),
    ]
    .into_iter()
    .enumerate()
    {
        let u = app
            .create_user(
                json!({"email": format!("c{i}@acme.test"), "role": role, "products": products}),
            )
            .await;
        ids.push(u["id"].as_str().unwrap().to_string());
    }
    check(&app, "create").await;
    let path = |id: &str| format!("/api/v1/users/{id}");
    send(
        &app,
        Method::PATCH,
        &path(&ids[0]),
        Some(json!({"products": ["rescue", "webinar"]})),
    )
    .await;
    check(&app, "a change of products").await;
    send(
        &app,
        Method::PATCH,
        &path(&ids[1]),
        Some(json!({"role": "member"})),
    )
    .await;
    check(&app, "a change of role").await;
    send(
        &app,
        Method::PATCH,
        &path(&ids[1]),
        Some(json!({"first_name": "Renamed"})),
    )
    .await;
    check(&app, "a change of name").await;
    send(
        &app,
        Method::POST,
        &format!("{}/suspend", path(&ids[0])),
        None,
    )
    .await;
    check(&app, "suspend").await;
    send(
        &app,
        Method::POST,
        &format!("{}/reactivate", path(&ids[0])),
        None,
    )
    .await;
    check(&app, "reactivate").await;
    send(&app, Method::DELETE, &path(&ids[0]), None).await;
    send(&app, Method::DELETE, &path(&ids[3]), None).await;
    check(&app, "delete").await;
    send(
        &app,
        Method::POST,
        &format!("{}/restore", path(&ids[3])),
        None,
    )
    .await;
    check(&app, "restore").await;
    let old = app.service.now_ms() - 31 * 24 * 3600 * 1000;
    sqlx::query("UPDATE users SET deleted_at = $1 WHERE id = $2")
        .bind(old)
        .bind(ids[0].clone())
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(app.service.purge_expired().await.unwrap(), 1);
    check(&app, "purge").await;
});

both_stores!(
    a_search_total_is_bounded_or_exact,
    |app: TestApp| async move {
        for i in 0..3 {
            app.create_user(json!({"email": format!("smith{i}@acme.test"), "last_name": "Smith"}))
                .await;
        }
        // A search counts its matches (here all on the first page): exact.
        assert_eq!(total(&app, "q=smith&limit=2").await, (3, true));
        assert_eq!(total(&app, "q=SMITH").await, (3, true));
        assert_eq!(total(&app, "q=nobody-at-all").await, (0, true));
    }
);

both_stores!(
    a_short_prefix_of_many_users_says_more_than_its_bound,
    |app: TestApp| async move {
        // 1,100 users whose emails start with "jo", written as rows (the count is what is
        // tested, not the change path): more than a search counts to.
        // And 20 whose emails start with "ka": fewer than the bound, more than a page.
        for (prefix, n) in [("jo", 1100), ("ka", 20)] {
            add_users(&app, prefix, n).await;
        }
        // PostgreSQL sees it from the email order's index alone, without counting; SQLite
        // counts the matches to the bound. Either way: more than 1,000.
        assert_eq!(total(&app, "q=jo&limit=5").await, (1000, false));
        assert_eq!(
            total(&app, "q=JO&sort=-created&limit=5").await,
            (1000, false)
        );
        assert_eq!(
            total(&app, "q=jo&status=active&limit=5").await,
            (1000, false)
        );
        // A prefix of fewer is still counted exactly.
        assert_eq!(total(&app, "q=ka&limit=5").await, (20, true));
        assert_eq!(
            total(&app, "q=jo100").await,
            (11, true),
            "jo100 and jo1000-jo1009"
        );
        assert_eq!(total(&app, "q=jp").await, (0, true));
    }
);

both_stores!(
    the_active_users_of_a_short_prefix_leave_the_suspended_out,
    |app: TestApp| async move {
        for (prefix, n) in [("jo", 1100), ("ka", 20)] {
            add_users(&app, prefix, n).await;
        }
        // Suspended as rows (PostgreSQL's trigger keeps their entries, migration 0021):
        // jo100-jo199 and ka10-ka19.
        sqlx::query(
            "UPDATE users SET status = 'suspended' WHERE account_id = $1 \
             AND (email_lower LIKE 'jo1__@%' OR email_lower LIKE 'ka1_@%')",
        )
        .bind(app.account_id.clone())
        .execute(&app.db)
        .await
        .unwrap();
        // 1,100 emails start with "jo", but only 1,000 of their users are active: counted
        // exactly, not "more than" on the word of the email order's index.
        assert_eq!(
            total(&app, "q=jo&status=active&limit=5").await,
            (1000, true)
        );
        assert_eq!(
            total(&app, "q=jo&status=suspended&limit=5").await,
            (100, true)
        );
        assert_eq!(total(&app, "q=jo&limit=5").await, (1000, false));
        for sort in ["email", "name", "-created"] {
            let page = send(
                &app,
                Method::GET,
                &format!("/api/v1/users?q=ka&status=active&sort={sort}&limit=50"),
                None,
            )
            .await;
            let mut emails: Vec<&str> = page["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["email"].as_str().unwrap())
                .collect();
            emails.sort_unstable();
            let mut active: Vec<String> = (1..=20)
                .filter(|i| !(10..20).contains(i))
                .map(|i| format!("ka{i}@acme.test"))
                .collect();
            active.sort_unstable();
            assert_eq!(emails, active, "sort={sort}");
            assert_eq!(page["total"], 10, "sort={sort}");
        }
    }
);

/// `n` users (members, active) whose emails are `{prefix}{i}@acme.test`, written as rows.
async fn add_users(app: &TestApp, prefix: &str, n: u32) {
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
             INSERT INTO users (id, account_id, email, email_lower, first_name, last_name, \
               locale, role, status, version, created_at, updated_at, user_name_key, \
               name_key, search_text) \
             SELECT $3 || '-' || CAST(i AS TEXT), $1, $3 || CAST(i AS TEXT) || '@acme.test', \
               $3 || CAST(i AS TEXT) || '@acme.test', 'Jo', 'Lee', 'en', 'member', \
               'active', 1, i, i, $3 || CAST(i AS TEXT) || '@acme.test', 'lee jo', \
               $3 || CAST(i AS TEXT) || '@acme.test' FROM n",
    )
    .bind(app.account_id.clone())
    .bind(i64::from(n))
    .bind(prefix.to_string())
    .execute(&app.db)
    .await
    .unwrap();
    // On SQLite, users written by another program are indexed for search by the next
    // commit of a store (migration 0030): a store opening commits.
    roster::store::Store::connect(&app.database_url)
        .await
        .expect("reopen")
        .close()
        .await;
}

both_stores!(counts_follow_the_bulk_path, |app: TestApp| async move {
    // `roster demo --users N` writes rows in bulk, not changes: the counts follow too.
    roster::demo::fill(&app.service, "acme", 300).await.unwrap();
    check(&app, "a generated fill").await;
});
