//! The portal's list and history over HTTP: sorting both ways, paging back and forth,
//! page size, the inactivity filter, a refused filter keeping the others, the export
//! links carrying the filters; `/audit` with readable actors, filters and pages.

use reqwest::Method;
use serde_json::json;

use super::get_json;
use crate::both_stores;
use crate::portal::signed_in;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// The ids of the list's rows, in order.
fn row_ids(html: &str) -> Vec<String> {
    html.split("<tr data-user-id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

/// The `href` of the element with this id, unescaped.
fn href(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..at];
    let h = tag.split("href=\"").nth(1)?.split('"').next()?;
    Some(h.replace("&amp;", "&").replace("&#38;", "&"))
}

fn text_of(html: &str, id: &str) -> String {
    let at = html.find(&format!("id=\"{id}\"")).unwrap();
    let rest = &html[at..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..].split('<').next().unwrap().to_string()
}

async fn import(app: &TestApp, n: usize) {
    let mut csv = String::from("email,first_name,last_name,products\n");
    for i in 0..n {
        csv.push_str(&format!(
            "p{i:02}@acme.test,Pat{i:02},Zed{:02},meeting\n",
            n - i
        ));
    }
    let res = app
        .api(Method::POST, "/api/v1/users/import?notify=false")
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

both_stores!(
    the_list_sorts_pages_and_filters,
    |app: TestApp| async move {
        import(&app, 30).await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let get = |path: String| {
            let admin = admin.clone();
            let url = app.url(&path);
            async move {
                let res = admin.get(url).send().await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        // Both directions, as the API orders them.
        for sort in ["name", "-name", "email", "-email", "created", "-created"] {
            let (s, html) = get(format!("/users?sort={sort}&size=50")).await;
            assert_eq!(s, 200);
            let (_, api) = get_json(&app, &format!("/api/v1/users?sort={sort}&limit=50")).await;
            let want: Vec<String> = api["users"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(row_ids(&html), want, "{sort}");
        }
        let (_, asc) = get("/users?sort=name&size=50".into()).await;
        let (_, desc) = get("/users?sort=-name&size=50".into()).await;
        let mut reversed = row_ids(&asc);
        reversed.reverse();
        assert_eq!(row_ids(&desc), reversed);
        // The name header sorts the other way once it is the current sort.
        assert!(href(&asc, "next-page").is_none(), "31 users fit in 50");
        assert!(asc.contains("aria-sort=\"ascending\""));
        let name_header = asc.split("data-sort=\"name\"").next().unwrap();
        let name_header = &name_header[name_header.rfind("href=").unwrap()..];
        assert!(
            name_header.contains("sort=-name"),
            "the header turns the order: {name_header}"
        );

        // Pages of 25: forward then back.
        let (_, first) = get("/users?sort=email".into()).await;
        assert_eq!(row_ids(&first).len(), 25);
        assert_eq!(text_of(&first, "page-range"), "1–25 of 31");
        assert!(href(&first, "prev-page").is_none());
        let next = href(&first, "next-page").unwrap();
        let (s, second) = get(next.clone()).await;
        assert_eq!(s, 200, "{next}");
        assert_eq!(row_ids(&second).len(), 6);
        assert_eq!(text_of(&second, "page-range"), "26–31 of 31");
        assert!(href(&second, "next-page").is_none());
        let (_, back) = get(href(&second, "prev-page").unwrap()).await;
        assert_eq!(row_ids(&back), row_ids(&first));
        // The rank in the link is a hint: edited by hand, the label still tells the truth.
        for forged in ["999999", "-3", "abc"] {
            let edited = next.replace("start=26", &format!("start={forged}"));
            assert_ne!(edited, next);
            let (s, page) = get(edited).await;
            assert_eq!(s, 200, "start={forged}");
            assert_eq!(
                text_of(&page, "page-range"),
                "26–31 of 31",
                "start={forged}"
            );
        }
        // Backwards from a middle page of ten descending.
        let (_, d1) = get("/users?sort=-email&size=25".into()).await;
        let (_, d2) = get(href(&d1, "next-page").unwrap()).await;
        let all: Vec<String> = [row_ids(&d1), row_ids(&d2)].concat();
        assert_eq!(all.len(), 31);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 31, "no row twice, none lost");

        // Inactive for 30 days: signed in 40 days ago, or never and added 100 days ago.
        let day = 86_400_000i64;
        let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
        sqlx::query("UPDATE users SET created_at = $1 WHERE email_lower LIKE 'p0%'")
            .bind(now - 100 * day)
            .execute(&app.db)
            .await
            .unwrap();
        sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE email_lower IN ('p01@acme.test', 'p02@acme.test')")
            .bind(now - 40 * day)
            .execute(&app.db)
            .await
            .unwrap();
        sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE email_lower = 'p03@acme.test'")
            .bind(now - day)
            .execute(&app.db)
            .await
            .unwrap();
        let (s, inactive) = get("/users?inactive=30&sort=email".into()).await;
        assert_eq!(s, 200);
        // p00..p09 are old; p03 signed in yesterday.
        assert_eq!(
            row_ids(&inactive).len(),
            9,
            "{}",
            text_of(&inactive, "result-count")
        );
        let (_, inactive60) = get("/users?inactive=60".into()).await;
        assert_eq!(
            row_ids(&inactive60).len(),
            7,
            "p01 and p02 signed in 40 days ago"
        );
        let export = href(&inactive60, "export-users").unwrap();
        assert!(export.contains("inactive=60"), "{export}");
        let csv = admin.get(app.url(&export)).send().await.unwrap();
        assert!(csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert_eq!(csv.text().await.unwrap().lines().count(), 8);
        let (_, api) = get_json(&app, "/api/v1/users?inactive=60").await;
        assert_eq!(api["users"].as_array().unwrap().len(), 7);
        // Suspended and inactive, counted past a page of one: p04 (never signed in) for
        // 30 and 60 days, p01 (40 days ago) for 30 only; p03 signed in yesterday.
        let mut suspended = Vec::new();
        for email in ["p01@acme.test", "p03@acme.test", "p04@acme.test"] {
            let (_, found) = get_json(&app, &format!("/api/v1/users?q={email}")).await;
            let id = found["users"][0]["id"].as_str().unwrap().to_string();
            app.act(&id, "suspend").await;
            suspended.push(id);
        }
        for (days, total) in [(30, 2), (60, 1)] {
            let (_, page) = get_json(
                &app,
                &format!("/api/v1/users?status=suspended&inactive={days}&limit=1"),
            )
            .await;
            assert_eq!(page["total"], total, "inactive={days}: {page}");
        }
        for id in &suspended {
            app.act(id, "reactivate").await;
        }

        // A refused filter is named and dropped; the search and the others still apply.
        let (s, html) = get("/users?status=bogus&q=pat0&size=50".into()).await;
        assert_eq!(s, 400);
        assert!(text_of(&html, "filter-error").contains("Status"), "{html}");
        assert_eq!(row_ids(&html).len(), 10, "q=pat0 still applies");
        assert!(html.contains("value=\"pat0\""));
        let (s, _) = get("/users?inactive=7".into()).await;
        assert_eq!(s, 400);
        let (s, _) = get_json(&app, "/api/v1/users?inactive=7").await;
        assert_eq!(s, 400);

        // The bulk form carries the filters for "select all".
        let (_, filtered) = get("/users?product=meeting&role=member&q=pat".into()).await;
        assert!(filtered.contains("name=\"select_all\" value=\"1\""));
        assert!(filtered.contains("name=\"filter_role\" value=\"member\""));
        assert!(filtered.contains("name=\"product\" value=\"meeting\""));
        assert_eq!(filtered.matches("name=\"ids\" value=\"").count(), 25);
        let export = href(&filtered, "export-users").unwrap();
        assert!(
            export.starts_with("/users/export?")
                && export.contains("product=meeting")
                && export.contains("role=member")
                && export.contains("q=pat"),
            "{export}"
        );
    }
);

both_stores!(
    the_history_page_reads_like_sentences,
    |app: TestApp| async move {
        let u = app
            .create_user(json!({"email": "olivia@acme.test", "first_name": "Olivia", "last_name": "Martin", "products": ["meeting"]}))
            .await;
        import(&app, 55).await;
        let admin = signed_in(&app, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        let get = |path: String| {
            let admin = admin.clone();
            let url = app.url(&path);
            async move {
                let res = admin.get(url).send().await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (s, html) = get("/audit".into()).await;
        assert_eq!(s, 200);
        assert!(
            html.contains("API token “test” via an import"),
            "readable actors"
        );
        assert_eq!(html.matches("<tr class=\"event\">").count(), 50);
        let older = href(&html, "next-page").unwrap();
        let (_, page2) = get(older).await;
        assert!(page2.contains("Olivia Martin") && page2.contains("via the API"));
        let newer = href(&page2, "prev-page").unwrap();
        let (_, again) = get(newer).await;
        let events = |h: &str| h.matches("<tr class=\"event\">").count();
        assert_eq!(events(&again), 50);
        let body = |h: &str| {
            h.split("<tbody>")
                .nth(1)
                .unwrap()
                .split("</tbody>")
                .next()
                .unwrap()
                .to_string()
        };
        assert!(
            body(&again) == body(&html),
            "newer goes back to the same first page"
        );

        let (_, only) = get("/audit?user=olivia%40acme.test".into()).await;
        assert_eq!(events(&only), 1);
        assert!(only.contains(&format!("href=\"/users/{}\"", u["id"].as_str().unwrap())));
        let (_, api_only) = get("/audit?channel=api".into()).await;
        assert_eq!(events(&api_only), 1);
        let export = href(&api_only, "export-history").unwrap();
        assert_eq!(export, "/audit/export?channel=api");
        let csv = admin
            .get(app.url(&export))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(csv.lines().count(), 2);
        assert!(csv.lines().nth(1).unwrap().contains(",api,create,"));

        let (s, bad) = get("/audit?since=soon&channel=import".into()).await;
        assert_eq!(s, 400);
        assert!(text_of(&bad, "filter-error").contains("From"));
        assert_eq!(events(&bad), 50, "the channel still applies");
        assert!(bad.contains("<option value=\"import\" selected>"));
        let (s, nobody) = get("/audit?user=nobody%40acme.test".into()).await;
        assert_eq!(s, 400);
        assert!(nobody.contains("No user of the account has this email"));
    }
);
