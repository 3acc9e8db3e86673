//! `GET /api/v1/audit`: the account's events newest first, each filter narrowing them,
//! cursor paging, another account's events never shown, bad filters named.

use reqwest::Method;
use serde_json::{json, Value};

use super::{get_csv, get_json};
use crate::both_stores;
use crate::support::TestApp;

fn millis(rfc3339: &str) -> i128 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp_nanos()
        / 1_000_000
}

fn ids(page: &Value) -> Vec<i64> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

/// Users `a`, `b` created over the API, `a` changed, `c` imported: (a id, b id).
async fn some_history(app: &TestApp) -> (String, String) {
    let a = app
        .create_user(json!({"email": "ada@acme.test", "products": ["meeting"]}))
        .await;
    let b = app
        .create_user(json!({"email": "bob@acme.test", "products": ["pro"]}))
        .await;
    let a_id = a["id"].as_str().unwrap().to_string();
    let res = app
        .api(Method::PATCH, &format!("/api/v1/users/{a_id}?notify=false"))
        .json(&json!({"role": "manager"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .api(Method::POST, "/api/v1/users/import?notify=false")
        .header("content-type", "text/csv")
        .body("email,products\ncyd@acme.test,rescue\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    (a_id, b["id"].as_str().unwrap().to_string())
}

both_stores!(each_filter_narrows_the_history, |app: TestApp| async move {
    // What the CLI did setting the account up (its admin, the test's token).
    let (_, setup) = get_json(&app, "/api/v1/audit").await;
    let setup = ids(&setup).len();
    let (a, b) = some_history(&app).await;
    let (s, all) = get_json(&app, "/api/v1/audit").await;
    assert_eq!(s, 200, "{all}");
    let all_ids = ids(&all);
    assert_eq!(all_ids.len(), setup + 4, "{all}");
    assert!(
        all_ids.windows(2).all(|w| w[0] > w[1]),
        "newest first: {all_ids:?}"
    );
    assert!(all["next_cursor"].is_null());
    let events = all["events"].as_array().unwrap();

    let (_, only_a) = get_json(&app, &format!("/api/v1/audit?user={a}")).await;
    let actions: Vec<&str> = only_a["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["user_id"], a.as_str());
            e["action"].as_str().unwrap()
        })
        .collect();
    assert_eq!(actions.len(), 2, "{only_a}");

    let (_, imported) = get_json(&app, "/api/v1/audit?channel=import").await;
    assert_eq!(imported["events"].as_array().unwrap().len(), 1);
    assert_eq!(imported["events"][0]["channel"], "import");
    let (_, by_cli) = get_json(&app, "/api/v1/audit?channel=cli").await;
    assert_eq!(ids(&by_cli).len(), setup);
    assert!(by_cli["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["channel"] == "cli"));

    let token_label = events.iter().find(|e| e["user_id"] == b.as_str()).unwrap()["actor"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(token_label.starts_with("token:"), "{token_label}");
    let (_, by_token) = get_json(&app, &format!("/api/v1/audit?actor={token_label}")).await;
    assert_eq!(
        ids(&by_token).len(),
        4,
        "the token made every change but the first"
    );
    let (_, by_cli_actor) = get_json(&app, "/api/v1/audit?actor=cli&channel=api").await;
    assert!(ids(&by_cli_actor).is_empty(), "filters combine");

    // Time: since the patch's instant, only events at or after it.
    let patch = events
        .iter()
        .find(|e| e["action"] != "create" && e["user_id"] == a.as_str());
    let patch = patch.unwrap();
    let at = patch["at"].as_str().unwrap();
    let ms = |e: &Value| millis(e["at"].as_str().unwrap());
    let since = form_urlencoded::byte_serialize(at.as_bytes()).collect::<String>();
    let (s, later) = get_json(&app, &format!("/api/v1/audit?since={since}")).await;
    assert_eq!(s, 200, "{later}");
    let later_ids = ids(&later);
    assert!(later_ids.contains(&patch["id"].as_i64().unwrap()));
    let want: Vec<i64> = events
        .iter()
        .filter(|e| ms(e) >= millis(at))
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(later_ids, want);
    let (_, until) = get_json(&app, &format!("/api/v1/audit?until={since}")).await;
    let want: Vec<i64> = events
        .iter()
        .filter(|e| ms(e) <= millis(at))
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids(&until), want);
    // Whole days (UTC).
    let today = &at[..10];
    let (_, day) = get_json(&app, &format!("/api/v1/audit?since={today}&until={today}")).await;
    assert_eq!(ids(&day), all_ids);
    let (_, before) = get_json(&app, "/api/v1/audit?until=2000-01-01").await;
    assert!(ids(&before).is_empty());
});

both_stores!(
    cursor_paging_walks_newest_first_without_loss,
    |app: TestApp| async move {
        for i in 0..7 {
            app.create_user(json!({"email": format!("u{i}@acme.test")}))
                .await;
        }
        let (_, all) = get_json(&app, "/api/v1/audit?limit=1000").await;
        let all_ids = ids(&all);
        assert!(all_ids.len() >= 8);
        let mut walked = Vec::new();
        let mut path = "/api/v1/audit?limit=3".to_string();
        let mut pages = 0;
        loop {
            let (s, page) = get_json(&app, &path).await;
            assert_eq!(s, 200, "{page}");
            walked.extend(ids(&page));
            pages += 1;
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("/api/v1/audit?limit=3&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(walked, all_ids);
        assert!(pages >= 3);
        // A cursor keeps its filters' meaning: paging within one channel.
        let (_, first) = get_json(&app, "/api/v1/audit?channel=api&limit=4").await;
        let c = first["next_cursor"].as_str().unwrap();
        let (_, second) = get_json(
            &app,
            &format!("/api/v1/audit?channel=api&limit=4&cursor={c}"),
        )
        .await;
        assert_eq!(ids(&first).len() + ids(&second).len(), 7);
        assert!(second["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["channel"] == "api"));
    }
);

both_stores!(
    another_accounts_events_never_appear,
    |app: TestApp| async move {
        let other = app.other_account_token("globex").await;
        let theirs: Value = app
            .client
            .post(app.url("/api/v1/users"))
            .bearer_auth(&other)
            .json(&json!({"email": "secret@globex.test", "products": ["meeting"]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        app.create_user(json!({"email": "mine@acme.test"})).await;
        let (_, all) = get_json(&app, "/api/v1/audit?limit=1000").await;
        let text = all.to_string();
        assert!(!text.contains("globex"), "{text}");
        assert!(!text.contains(theirs["id"].as_str().unwrap()));
        let (s, _) = get_json(
            &app,
            &format!("/api/v1/audit?user={}", theirs["id"].as_str().unwrap()),
        )
        .await;
        assert_eq!(s, 404);
        let (_, _, _, rows) = get_csv(&app, &app.token, "/api/v1/audit/export").await;
        assert!(rows.iter().all(|r| !r.join(",").contains("globex")));
        assert_eq!(rows.len(), ids(&all).len() + 1);
    }
);

both_stores!(bad_filters_are_named, |app: TestApp| async move {
    for (query, field) in [
        ("channel=fax", "channel"),
        ("since=yesterday", "since"),
        ("until=2026-02-30", "until"),
        ("since=2026-11-30&until=2026-11-01", "until"),
        ("cursor=nothex", "cursor"),
        ("limit=0", "limit"),
    ] {
        let (s, body) = get_json(&app, &format!("/api/v1/audit?{query}")).await;
        assert_eq!(s, 400, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}: {body}");
        let res = app
            .api(Method::GET, &format!("/api/v1/audit/export?{query}"))
            .send()
            .await
            .unwrap();
        if field != "cursor" && field != "limit" {
            assert_eq!(res.status(), 400, "export {query}");
        }
    }
    // A user cursor is not a history cursor.
    app.create_user(json!({"email": "a@acme.test"})).await;
    app.create_user(json!({"email": "b@acme.test"})).await;
    let (_, users) = get_json(&app, "/api/v1/users?limit=1").await;
    let c = users["next_cursor"].as_str().unwrap();
    let (s, body) = get_json(&app, &format!("/api/v1/audit?cursor={c}")).await;
    assert_eq!((s, body["error"]["field"].as_str()), (400, Some("cursor")));
});

both_stores!(
    the_csv_export_is_the_api_listing,
    |app: TestApp| async move {
        let (a, _) = some_history(&app).await;
        let (_, all) = get_json(&app, "/api/v1/audit?limit=1000").await;
        let (s, ctype, disposition, rows) = get_csv(&app, &app.token, "/api/v1/audit/export").await;
        assert_eq!(s, 200);
        assert!(ctype.starts_with("text/csv"), "{ctype}");
        assert!(disposition.starts_with("attachment"), "{disposition}");
        assert_eq!(
            rows[0],
            ["id", "at", "user_id", "actor", "channel", "action", "notify", "before", "after"]
        );
        let events = all["events"].as_array().unwrap();
        assert_eq!(rows.len() - 1, events.len());
        for (row, e) in rows[1..].iter().zip(events) {
            assert_eq!(row[0], e["id"].as_i64().unwrap().to_string());
            assert_eq!(row[1], e["at"].as_str().unwrap());
            assert_eq!(row[2], e["user_id"].as_str().unwrap());
            assert_eq!(row[3], e["actor"].as_str().unwrap());
            assert_eq!(row[4], e["channel"].as_str().unwrap());
            assert_eq!(row[5], e["action"].as_str().unwrap());
            assert_eq!(row[6], e["notify"].to_string());
            let after: Value = if row[8].is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&row[8]).unwrap()
            };
            assert_eq!(after, e["after"]);
        }
        // With a filter: the same events as the filtered listing.
        let (_, only_a) = get_json(&app, &format!("/api/v1/audit?user={a}")).await;
        let (_, _, _, rows) =
            get_csv(&app, &app.token, &format!("/api/v1/audit/export?user={a}")).await;
        let csv_ids: Vec<i64> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
        assert_eq!(csv_ids, ids(&only_a));
        let (s, _, _, _) = get_csv(&app, &app.token, "/api/v1/audit/export?user=nobody").await;
        assert_eq!(s, 404);
    }
);
