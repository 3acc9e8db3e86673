//! Sign-in and sessions against hostile clients: guesses in parallel are bounded by the
//! lockout, and a session ends with the access or the password it was opened with.

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::Method;
use serde_json::json;

use crate::both_stores;
use crate::portal::{cookie_client, person, PASSWORD};
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};
use roster::service::lockout::{CLIENT_THRESHOLD, EMAIL_THRESHOLD};

/// Sends every (email, password) at once; answers the statuses.
async fn parallel_sign_ins(app: &TestApp, attempts: Vec<(String, String)>) -> Vec<u16> {
    let tasks: Vec<_> = attempts
        .into_iter()
        .map(|(email, password)| {
            let url = app.url("/login");
            tokio::spawn(async move {
                cookie_client()
                    .post(url)
                    .form(&[("email", email), ("password", password)])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

/// A session's cookie value (`roster_session=...`) from a sign-in answer.
async fn session_cookie(
    app: &TestApp,
    email: &str,
    password: &str,
    previous: Option<&str>,
) -> String {
    let mut req = app
        .client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)]);
    if let Some(c) = previous {
        req = req.header(COOKIE, c);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 303, "sign-in of {email} refused");
    let set = res.headers()[SET_COOKIE].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

/// Whether a cookie still opens the portal.
async fn opens_portal(app: &TestApp, cookie: &str) -> bool {
    let res = app
        .client
        .get(app.url("/users"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    res.status() == 200
}

both_stores!(
    parallel_guesses_verify_no_more_passwords_than_the_email_threshold,
    |app: TestApp| async move {
        let wrong: Vec<_> = (0..40)
            .map(|i| (ADMIN_EMAIL.to_string(), format!("wrong-guess-{i}")))
            .collect();
        let statuses = parallel_sign_ins(&app, wrong).await;
        // 401 = a password was verified and refused; 429 = refused before verifying.
        let verified = statuses.iter().filter(|s| **s == 401).count();
        assert!(
            verified as i64 <= EMAIL_THRESHOLD,
            "{verified} verifications: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 401 || *s == 429),
            "{statuses:?}"
        );
        // Locked now: the right password does not sign in.
        let res = cookie_client()
            .post(app.url("/login"))
            .form(&[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429);
        assert!(res.headers().get(SET_COOKIE).is_none());
    }
);

both_stores!(
    parallel_guesses_from_one_client_verify_no_more_than_its_threshold,
    |app: TestApp| async move {
        // Two guesses each at many emails: no email reaches its own threshold.
        let attempts: Vec<_> = (0..60)
            .map(|i| {
                (
                    format!("nobody{}@acme.test", i / 2),
                    "wrong-guess".to_string(),
                )
            })
            .collect();
        let statuses = parallel_sign_ins(&app, attempts).await;
        let verified = statuses.iter().filter(|s| **s == 401).count();
        assert!(
            verified as i64 <= CLIENT_THRESHOLD,
            "{verified} verifications: {statuses:?}"
        );
    }
);

both_stores!(
    a_password_set_through_the_api_or_scim_ends_portal_sessions,
    |app: TestApp| async move {
        let m = person(&app, "mia@acme.test", "manager", &[], "en").await;
        let id = m["id"].as_str().unwrap();
        let cookie = session_cookie(&app, "mia@acme.test", PASSWORD, None).await;
        assert!(opens_portal(&app, &cookie).await);
        let res = app
            .api(Method::PATCH, &format!("/api/v1/users/{id}"))
            .json(&json!({"password": "a-new-password-1"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(!opens_portal(&app, &cookie).await, "API password change");

        let cookie = session_cookie(&app, "mia@acme.test", "a-new-password-1", None).await;
        assert!(opens_portal(&app, &cookie).await);
        let res = app
            .client
            .patch(app.url(&format!("/scim/v2/Users/{id}")))
            .bearer_auth(&app.token)
            .header("Content-Type", "application/scim+json")
            .body(
                json!({
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    "Operations": [{"op": "replace", "path": "password", "value": "a-new-password-2"}]
                })
                .to_string(),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(!opens_portal(&app, &cookie).await, "SCIM password change");
    }
);

both_stores!(
    demoting_a_manager_ends_their_sessions_even_once_promoted_back,
    |app: TestApp| async move {
        let m = person(&app, "max@acme.test", "manager", &["meeting"], "en").await;
        let id = m["id"].as_str().unwrap();
        let cookie = session_cookie(&app, "max@acme.test", PASSWORD, None).await;
        assert!(opens_portal(&app, &cookie).await);
        for role in ["member", "manager"] {
            let res = app
                .api(Method::PATCH, &format!("/api/v1/users/{id}"))
                .json(&json!({"role": role}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        assert!(!opens_portal(&app, &cookie).await);
        // Suspension and deletion end them too.
        for action in ["suspend", "delete"] {
            let cookie = session_cookie(&app, "max@acme.test", PASSWORD, None).await;
            let res = match action {
                "suspend" => app
                    .api(Method::POST, &format!("/api/v1/users/{id}/suspend"))
                    .send()
                    .await
                    .unwrap(),
                _ => app
                    .api(Method::DELETE, &format!("/api/v1/users/{id}"))
                    .send()
                    .await
                    .unwrap(),
            };
            assert_eq!(res.status(), 200, "{action}");
            assert!(!opens_portal(&app, &cookie).await, "{action}");
            let res = app
                .api(
                    Method::POST,
                    &format!(
                        "/api/v1/users/{id}/{}",
                        match action {
                            "suspend" => "reactivate",
                            _ => "restore",
                        }
                    ),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "undo {action}");
            assert!(!opens_portal(&app, &cookie).await, "undo {action}");
        }
    }
);

both_stores!(
    a_new_sign_in_ends_the_browser_s_previous_session,
    |app: TestApp| async move {
        let first = session_cookie(&app, ADMIN_EMAIL, ADMIN_PASSWORD, None).await;
        assert!(opens_portal(&app, &first).await);
        let second = session_cookie(&app, ADMIN_EMAIL, ADMIN_PASSWORD, Some(&first)).await;
        assert_ne!(first, second);
        assert!(
            !opens_portal(&app, &first).await,
            "the previous session ended"
        );
        assert!(opens_portal(&app, &second).await);
        // Another browser's session is not this one's to end.
        let other = session_cookie(&app, ADMIN_EMAIL, ADMIN_PASSWORD, None).await;
        assert!(opens_portal(&app, &second).await && opens_portal(&app, &other).await);
    }
);
