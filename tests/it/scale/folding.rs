//! One Unicode folding for every lookup: SCIM's userName, uniqueness, search, sign-in.

use reqwest::Method;
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::TestApp;

async fn get(app: &TestApp, path: &str) -> Value {
    let res = app.api(Method::GET, path).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

fn emails(page: &Value) -> Vec<String> {
    let mut v: Vec<String> = page["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

both_stores!(
    scim_finds_a_user_whatever_the_case,
    |app: TestApp| async move {
        app.create_user(
            json!({"email": "élodie.öst@uni.test", "first_name": "Élodie", "last_name": "Öst"}),
        )
        .await;
        let filter = "userName eq \"ÉLODIE.ÖST@uni.test\"";
        let found = get(
            &app,
            &format!(
                "/scim/v2/Users?filter={}",
                percent_encoding::utf8_percent_encode(filter, percent_encoding::NON_ALPHANUMERIC)
            ),
        )
        .await;
        assert_eq!(found["totalResults"], 1, "{found}");
        assert_eq!(found["Resources"][0]["userName"], "élodie.öst@uni.test");
        // Creating it again in capitals is the same user: refused as a duplicate.
        let res = app
            .api(Method::POST, "/scim/v2/Users")
            .json(&json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "ÉLODIE.ÖST@UNI.TEST",
                "name": {"givenName": "Élodie", "familyName": "Öst"},
                "emails": [{"value": "ÉLODIE.ÖST@UNI.TEST", "primary": true}]
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{}", res.text().await.unwrap());
        // The API's own lookups agree.
        let res = app
            .api(Method::POST, "/api/v1/users")
            .json(&json!({"email": "Élodie.Öst@Uni.Test"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
    }
);

both_stores!(text_search_folds_accents_alike, |app: TestApp| async move {
    for (email, first, last) in [
        ("jorg@acme.test", "Jörg", "Müller"),
        ("mueller@acme.test", "Hans", "Mueller"),
        ("angstrom@acme.test", "Anders", "Ångström"),
        ("olaf@acme.test", "Ölaf", "Émile"),
    ] {
        app.create_user(json!({"email": email, "first_name": first, "last_name": last}))
            .await;
    }
    let q = |text: &str| {
        format!(
            "/api/v1/users?q={}",
            percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
        )
    };
    for text in ["Müller", "MÜLLER", "müll", "jörg müller", "MÜLLER JÖRG"] {
        assert_eq!(
            emails(&get(&app, &q(text)).await),
            vec!["jorg@acme.test"],
            "{text}"
        );
    }
    assert_eq!(
        emails(&get(&app, &q("ÅNGSTRÖM")).await),
        vec!["angstrom@acme.test"]
    );
    // Shorter than a trigram: a prefix of the email or of the name (last name first).
    assert_eq!(emails(&get(&app, &q("ÉM")).await), vec!["olaf@acme.test"]);
    assert_eq!(
        emails(&get(&app, &q("mu")).await),
        vec!["mueller@acme.test"]
    );
    assert_eq!(
        emails(&get(&app, &q("MÜ")).await),
        vec!["jorg@acme.test"],
        "ü is not u"
    );
    // Wildcards of either store are plain characters.
    assert_eq!(emails(&get(&app, &q("%_%")).await), Vec::<String>::new());
    assert_eq!(emails(&get(&app, &q("ö\"s\"")).await), Vec::<String>::new());
});

both_stores!(
    rows_written_before_the_keys_are_refolded_at_start,
    |app: TestApp| async move {
        app.create_user(
            json!({"email": "ÉMILE@uni.test", "first_name": "Émile", "last_name": "Zola"}),
        )
        .await;
        // As a database migrated from before the folded keys holds them.
        sqlx::query("UPDATE users SET user_name_key = NULL, name_key = NULL, search_text = NULL")
            .execute(&app.db)
            .await
            .unwrap();
        roster::store::Store::connect(&app.database_url)
            .await
            .expect("reopen");
        let (name_key, user_name_key): (String, String) = sqlx::query_as(
            "SELECT name_key, user_name_key FROM users WHERE email_lower = 'émile@uni.test'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(
            (name_key.as_str(), user_name_key.as_str()),
            ("zola émile", "émile@uni.test")
        );
        let found = get(&app, "/api/v1/users?q=zola%20%C3%A9mile").await;
        assert_eq!(emails(&found), vec!["ÉMILE@uni.test"]);
    }
);

both_stores!(
    scim_name_filters_fold_beyond_ascii,
    |app: TestApp| async move {
        for (email, first, last) in [
            ("elodie@uni.test", "Élodie", "Öst"),
            ("ann@uni.test", "Ann Marie", "de Jong"),
            ("olaf@uni.test", "Ölaf", "Ångström"),
        ] {
            app.create_user(json!({"email": email, "first_name": first, "last_name": last}))
                .await;
        }
        let scim = |filter: &str| {
            format!(
                "/scim/v2/Users?filter={}",
                percent_encoding::utf8_percent_encode(filter, percent_encoding::NON_ALPHANUMERIC)
            )
        };
        let found = |page: Value| -> Vec<String> {
            let mut v: Vec<String> = page["Resources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["userName"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        for (filter, want) in [
            ("name.givenName eq \"ÉLODIE\"", vec!["elodie@uni.test"]),
            ("name.familyName eq \"öST\"", vec!["elodie@uni.test"]),
            ("name.familyName sw \"ÅNG\"", vec!["olaf@uni.test"]),
            ("name.givenName ew \"LAF\"", vec!["olaf@uni.test"]),
            ("name.givenName eq \"ann marie\"", vec!["ann@uni.test"]),
            ("name.familyName eq \"DE JONG\"", vec!["ann@uni.test"]),
            // The cut between the two names falls where it should.
            ("name.givenName eq \"jong ann marie\"", vec![]),
            ("name.familyName eq \"de\"", vec![]),
            ("name.givenName co \"Ö\"", vec!["olaf@uni.test"]),
            ("name.givenName eq \"Elodie\"", vec![]),
        ] {
            assert_eq!(found(get(&app, &scim(filter)).await), want, "{filter}");
        }
    }
);

both_stores!(
    scim_family_name_pages_hold_every_match_once_and_count_them,
    |app: TestApp| async move {
        // Five Müllers however spelt, created in this order, and names the family name's
        // range holds that are not it: a longer family name, one with a space, a Müller
        // deleted.
        let mut mullers = Vec::new();
        for (i, (last, first)) in [
            ("Müller", "Anna"),
            ("MÜLLER", "Bernd"),
            ("Muller", "Nope"),
            ("müller", "Carla"),
            ("Müllerová", "Nope"),
            ("Müller Schmidt", "Nope"),
            ("Müller", "Dora"),
            ("Müller", "Gone"),
            ("Müller", "Emil"),
        ]
        .into_iter()
        .enumerate()
        {
            let u = app
                .create_user(json!({"email": format!("u{i}@uni.test"), "first_name": first, "last_name": last}))
                .await;
            match first {
                "Nope" => {}
                "Gone" => {
                    let res = app
                        .api(
                            Method::DELETE,
                            &format!("/api/v1/users/{}", u["id"].as_str().unwrap()),
                        )
                        .send()
                        .await
                        .unwrap();
                    assert!(res.status().is_success(), "{}", res.status());
                }
                _ => mullers.push(
                    u["userName"]
                        .as_str()
                        .unwrap_or(u["email"].as_str().unwrap())
                        .to_string(),
                ),
            }
        }
        let filter = percent_encoding::utf8_percent_encode(
            "name.familyName eq \"müller\"",
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string();
        let mut seen = Vec::new();
        for start in [1, 3, 5, 7] {
            let page = get(
                &app,
                &format!("/scim/v2/Users?filter={filter}&startIndex={start}&count=2"),
            )
            .await;
            assert_eq!(page["totalResults"], 5, "startIndex={start}: {page}");
            for u in page["Resources"].as_array().unwrap() {
                seen.push(u["userName"].as_str().unwrap().to_string());
            }
        }
        assert_eq!(seen, mullers, "every Müller once, in creation order");
    }
);

both_stores!(
    search_survives_renumbered_rowids,
    |app: TestApp| async move {
        for (email, first, last) in [
            ("first@acme.test", "Anna", "Zeller"),
            ("second@acme.test", "Bruno", "Yilmaz"),
        ] {
            app.create_user(json!({"email": email, "first_name": first, "last_name": last}))
                .await;
        }
        if app.backend == crate::support::Backend::Sqlite {
            // As a VACUUM may renumber a table without a declared integer key (SQLite's
            // documentation): every user moves, the trigram index does not follow.
            sqlx::query("UPDATE users SET rowid = rowid - 1000000")
                .execute(&app.db)
                .await
                .unwrap();
            sqlx::query("VACUUM").execute(&app.db).await.unwrap();
        }
        roster::store::Store::connect(&app.database_url)
            .await
            .expect("reopen");
        for (text, want) in [
            ("yilmaz", "second@acme.test"),
            ("zeller", "first@acme.test"),
        ] {
            let found = get(&app, &format!("/api/v1/users?q={text}")).await;
            assert_eq!(emails(&found), vec![want], "{text}");
        }
    }
);
