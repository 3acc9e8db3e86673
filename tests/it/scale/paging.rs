//! Keyset paging in both directions over accented names loses and repeats nobody.

use reqwest::Method;
use serde_json::{json, Value};

use roster::domain::fold::fold;

use crate::both_stores;
use crate::support::TestApp;

const NAMES: [(&str, &str); 15] = [
    ("Émile", "Zola"),
    ("Ölaf", "Ångström"),
    ("Ångström", "Ölaf"),
    ("émile", "zola"),
    ("Zoé", "Émile"),
    ("Anna", "Öberg"),
    ("anna", "oberg"),
    ("Élodie", "Öst"),
    ("Bob", "Smith"),
    ("Ünal", "Çelik"),
    ("Çağla", "Ünal"),
    ("Łukasz", "Żak"),
    ("ßaron", "Straße"),
    ("Ian", "IJsselmeer"),
    ("Ødegaard", "Ærø"),
];

/// One page of the list (`query` with its `limit`, perhaps a `cursor`), answered 200.
async fn page(app: &TestApp, query: &str) -> Value {
    let path = format!("/api/v1/users?{query}");
    let res = app.api(Method::GET, &path).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// Every user the list's `query` selects, fetched `limit` at a time by cursor.
async fn pages(app: &TestApp, query: &str, limit: u32) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..100 {
        let mut at = format!("{query}&limit={limit}");
        if let Some(c) = &cursor {
            at.push_str(&format!("&cursor={c}"));
        }
        let page = page(app, &at).await;
        all.extend(page["users"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return all,
        }
    }
    panic!("paging does not end");
}

fn key(sort: &str, u: &Value) -> String {
    let s = |k: &str| u[k].as_str().unwrap().to_lowercase();
    match sort {
        "name" => format!("{} {}", s("last_name"), s("first_name")),
        _ => s("email"),
    }
}

both_stores!(
    both_directions_page_every_user_once,
    |app: TestApp| async move {
        for (i, (first, last)) in NAMES.iter().enumerate() {
            app.create_user(
                json!({"email": format!("{}{i}@uni.test", first.to_lowercase()),
            "first_name": first, "last_name": last}),
            )
            .await;
        }
        let everyone = NAMES.len() + 1; // and the admin
        every_order_pages_all(&app, "", everyone).await;
        // A cursor belongs to its order and direction.
        let first: Value = app
            .api(Method::GET, "/api/v1/users?sort=name&limit=2")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let c = first["next_cursor"].as_str().unwrap();
        let res = app
            .api(
                Method::GET,
                &format!("/api/v1/users?sort=-name&limit=2&cursor={c}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        let res = app
            .api(Method::GET, "/api/v1/users?sort=--name")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
    }
);

/// In each order, up and down, `filter`'s users come each once, the one direction the
/// other reversed, in the folded order Rust computes.
async fn every_order_pages_all(app: &TestApp, filter: &str, everyone: usize) {
    for sort in ["name", "email", "created"] {
        let up = pages(app, &format!("{filter}sort={sort}"), 4).await;
        let down = pages(app, &format!("{filter}sort=-{sort}"), 4).await;
        let ids = |v: &[Value]| -> Vec<String> {
            v.iter()
                .map(|u| u["id"].as_str().unwrap().to_string())
                .collect()
        };
        let (up_ids, mut down_ids) = (ids(&up), ids(&down));
        let mut unique = up_ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), everyone, "{filter}{sort}: {up_ids:?}");
        assert_eq!(up_ids.len(), everyone, "{filter}{sort}: nobody twice");
        down_ids.reverse();
        assert_eq!(up_ids, down_ids, "{filter}-{sort} is {sort} reversed");
        if sort != "created" {
            // Folded text in byte order, ties by id: what Rust computes.
            let mut expected = up.clone();
            expected.sort_by(|a, b| {
                (key(sort, a), a["id"].as_str()).cmp(&(key(sort, b), b["id"].as_str()))
            });
            assert_eq!(ids(&expected), up_ids, "{filter}{sort} order");
        }
    }
}

both_stores!(
    deleted_users_page_in_every_order,
    |app: TestApp| async move {
        // The deleted users have indexes of their own in each order (PostgreSQL 0023 and
        // 0025, SQLite 0024 and 0026); the ones not deleted stay out of their pages.
        // A deletion keeps the role: a role among the deleted is tested in those indexes
        // (migrations 0025 and 0026).
        let (mut deleted, mut managers) = (0, 0);
        for (i, (first, last)) in NAMES.iter().enumerate() {
            let role = if i % 4 != 1 { "manager" } else { "member" };
            let u = app
                .create_user(
                    json!({"email": format!("{}{i}@uni.test", first.to_lowercase()),
                    "first_name": first, "last_name": last, "role": role}),
                )
                .await;
            if i % 4 != 0 {
                app.act(u["id"].as_str().unwrap(), "delete").await;
                deleted += 1;
                managers += usize::from(role == "manager");
            }
        }
        assert!(managers > 4, "more than a page of deleted managers");
        every_order_pages_all(&app, "status=deleted&", deleted).await;
        every_order_pages_all(&app, "status=deleted&role=manager&", managers).await;
        every_order_pages_all(&app, "status=deleted&role=member&", deleted - managers).await;
    }
);

/// Whether the user's email or name (either way round) holds `text`, folded as search
/// folds.
fn holds(u: &Value, text: &str) -> bool {
    let s = |k: &str| u[k].as_str().unwrap_or_default().to_string();
    let text = fold(text);
    [
        s("email"),
        format!("{} {}", s("first_name"), s("last_name")),
        format!("{} {}", s("last_name"), s("first_name")),
    ]
    .iter()
    .any(|f| fold(f).contains(&text))
}

/// Which users of the whole list a filter keeps.
type Keeps<'a> = dyn Fn(&Value) -> bool + 'a;

both_stores!(
    a_text_in_many_users_pages_as_the_whole_list_does,
    |app: TestApp| async move {
        // More matches than the search's probe counts (a thousand): PostgreSQL walks the
        // sort index for them, and gives way to the matches when the walk runs short (a
        // last page, users who sort together); SQLite drives by them below 20,000. Every
        // way must give the list's own order, filters included.
        roster::demo::fill(&app.service, "acme", 2_500)
            .await
            .unwrap();
        let id = |u: &Value| u["id"].as_str().unwrap().to_string();
        let has = |u: &Value, k: &str, v: &str| {
            u[k].as_str() == Some(v)
                || u[k]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(v)))
        };
        let filters: [(&str, &Keeps<'_>); 3] = [
            ("", &|_| true),
            ("&product=meeting", &|u| has(u, "products", "meeting")),
            ("&role=member&status=active", &|u| {
                has(u, "role", "member") && has(u, "status", "active")
            }),
        ];
        let mut most = 0;
        for sort in ["email", "-name", "created"] {
            let everyone = pages(&app, &format!("sort={sort}"), 500).await;
            for text in ["example", "mar", "MÜLLER", "son"] {
                for (filter, keeps) in &filters {
                    let query = format!("sort={sort}&q={text}{filter}");
                    let found: Vec<String> =
                        pages(&app, &query, 100).await.iter().map(id).collect();
                    let expected: Vec<String> = everyone
                        .iter()
                        .filter(|u| holds(u, text) && keeps(u))
                        .map(id)
                        .collect();
                    assert_eq!(found, expected, "{query}");
                    most = most.max(found.len());
                }
            }
        }
        assert!(most > 1_000, "a text past the probe's bound: {most}");
    }
);

both_stores!(
    suspended_users_page_in_email_order_through_every_kind_of_change,
    |app: TestApp| async move {
        // PostgreSQL finds the suspended users in email order in a table of their own,
        // kept by triggers (migration 0021): every change that suspends, reactivates,
        // renames, deletes or restores someone must move them in it.
        roster::demo::fill(&app.service, "acme", 400).await.unwrap();
        let id = |u: &Value| u["id"].as_str().unwrap().to_string();
        let check = |stage: &'static str| {
            let app = &app;
            async move {
                for sort in ["email", "-email"] {
                    // A short text is a prefix of the email or the name: the same list
                    // without the status filter says which users hold it.
                    for text in ["", "a", "m", "ma", "mar"] {
                        let unfiltered = pages(app, &format!("sort={sort}&q={text}"), 500).await;
                        let query = format!("sort={sort}&status=suspended&q={text}");
                        let found: Vec<String> =
                            pages(app, &query, 7).await.iter().map(id).collect();
                        let expected: Vec<String> = unfiltered
                            .iter()
                            .filter(|u| u["status"] == "suspended")
                            .map(id)
                            .collect();
                        assert!(
                            text.len() > 1 || !expected.is_empty(),
                            "{stage}: {query} selects someone"
                        );
                        assert_eq!(found, expected, "{stage}: {query}");
                        // PostgreSQL counts them from their entries (migration 0026).
                        let first = page(app, &format!("{query}&limit=7")).await;
                        assert_eq!(
                            first["total"].as_u64(),
                            Some(expected.len() as u64),
                            "{stage}: the total of {query}"
                        );
                    }
                }
            }
        };
        check("as generated").await;

        let list = |query: &'static str| {
            let app = &app;
            async move {
                page(app, &format!("{query}&limit=4")).await["users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(id)
                    .collect::<Vec<_>>()
            }
        };
        // The first suspended user by email is renamed to sort last: a stale entry in
        // the suspended users' order would still list them first.
        let active = list("status=active&role=member").await;
        let suspended = list("status=suspended").await;
        app.act(&active[0], "suspend").await;
        assert_eq!(
            app.patch_user(&suspended[0], json!({"email": "zzz.renamed@acme.test"}))
                .await
                .status(),
            200
        );
        assert_eq!(
            app.patch_user(&suspended[1], json!({"products": ["meeting"]}))
                .await
                .status(),
            200
        );
        app.act(&suspended[2], "delete").await;
        // A new name: a search of suspended users tests the name on their entries.
        assert_eq!(
            app.patch_user(
                &suspended[3],
                json!({"first_name": "Zygmunt", "last_name": "Qwertyson"})
            )
            .await
            .status(),
            200
        );
        check("after a suspension, a new email, a reactivation and a deletion").await;
        let renamed = pages(&app, "status=suspended&q=zzz.renamed", 10).await;
        assert_eq!(
            renamed.iter().map(id).collect::<Vec<_>>(),
            [suspended[0].clone()]
        );
        for text in ["qw", "QWERTYSON", "zygmunt", "Zygmunt Qwe"] {
            let found = pages(&app, &format!("status=suspended&q={text}"), 10).await;
            assert_eq!(
                found.iter().map(id).collect::<Vec<_>>(),
                [suspended[3].clone()],
                "the new name {text:?}"
            );
        }

        app.act(&suspended[2], "restore").await;
        check("after a restoration").await;
    }
);
