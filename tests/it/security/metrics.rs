//! `GET /metrics`: Prometheus text with route templates (never ids or emails), access-check
//! answers, sign-in outcomes and the outbox backlog.

use reqwest::Method;
use serde_json::json;

use crate::both_stores;
use crate::support::{TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

fn value_of(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
        .parse()
        .unwrap()
}

both_stores!(
    metrics_count_requests_answers_and_sign_ins,
    |app: TestApp| async move {
        let user = app
            .create_user(json!({"email": "m@acme.test", "products": ["meeting"]}))
            .await;
        let id = user["id"].as_str().unwrap();
        app.api(Method::GET, &format!("/api/v1/users/{id}"))
            .send()
            .await
            .unwrap();
        for product in ["meeting", "rescue"] {
            let res = app
                .api(
                    Method::GET,
                    &format!("/api/v1/access?user=m@acme.test&product={product}"),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
        for password in ["wrong", ADMIN_PASSWORD] {
            app.client
                .post(app.url("/login"))
                .form(&[("email", ADMIN_EMAIL), ("password", password)])
                .send()
                .await
                .unwrap();
        }
        let res = app.client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = res.text().await.unwrap();
        assert_eq!(
            value_of(
                &text,
                r#"roster_http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"}"#
            ),
            1.0
        );
        assert!(
            !text.contains(id) && !text.contains("m@acme.test"),
            "{text}"
        );
        assert_eq!(
            value_of(&text, r#"roster_access_checks_total{answer="allowed"}"#),
            1.0
        );
        assert_eq!(
            value_of(&text, r#"roster_access_checks_total{answer="denied"}"#),
            1.0
        );
        assert_eq!(
            value_of(&text, r#"roster_sign_ins_total{outcome="refused"}"#),
            1.0
        );
        assert_eq!(
            value_of(&text, r#"roster_sign_ins_total{outcome="admitted"}"#),
            1.0
        );
        assert!(text.contains("roster_http_request_duration_seconds_bucket{"));
        // The getting-started email of Meeting is in the backlog or already sent.
        assert!(value_of(&text, "roster_outbox_depth") >= 0.0);
        assert!(value_of(&text, "roster_outbox_oldest_age_seconds") >= 0.0);
        assert!(value_of(&text, "roster_db_pool_max_connections") >= 1.0);
    }
);
