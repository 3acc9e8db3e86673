//! Delivery over SMTP from the in-process app: outages, 4xx, 5xx, dead letters.

use std::time::Duration;

use serde_json::json;

use super::{assert_exactly_once, mail_status, queued_ids, settle};
use crate::mail_on_both_stores;
use crate::support::smtp_sink::{free_port, url_of, SmtpSink};
use crate::support::{spawn_app_with, Backend, TestOptions};

fn smtp(url: String) -> TestOptions {
    TestOptions {
        smtp: Some(url),
        ..TestOptions::default()
    }
}

mail_on_both_stores!(
    server_down_then_up_delivers_each_email_once,
    |b: Backend| async move {
        let port = free_port();
        let Some(app) = spawn_app_with(b, smtp(url_of(port))).await else {
            return;
        };
        for i in 0..6 {
            app.create_user(
                json!({"email": format!("down{i}@acme.test"), "first_name": "Down",
            "products": ["meeting", "rescue"]}),
            )
            .await;
        }
        // Several attempts fail while nothing listens; the API shows them waiting.
        tokio::time::sleep(Duration::from_millis(700)).await;
        let status = mail_status(&app).await;
        assert_eq!(status["counts"]["sent"], 0, "{status}");
        assert_eq!(status["counts"]["dead"], 0, "{status}");
        assert!(
            status["counts"]["retrying"].as_i64().unwrap() > 0,
            "{status}"
        );
        assert!(status["troubled"][0]["last_error"].as_str().unwrap().len() > 3);

        let sink = SmtpSink::start_on(port).await;
        let expected = queued_ids(&app.db).await;
        assert_eq!(
            expected.len(),
            12,
            "products_changed + getting_started per user"
        );
        sink.wait_for(12, Duration::from_secs(15)).await;
        let received = settle(&app, &sink).await;
        assert_exactly_once(&received, &expected);
        let status = mail_status(&app).await;
        assert_eq!(status["counts"]["sent"], 12, "{status}");
        assert_eq!(status["troubled"].as_array().unwrap().len(), 0, "{status}");
    }
);

mail_on_both_stores!(
    answers_4xx_are_retried_until_accepted,
    |b: Backend| async move {
        let sink = SmtpSink::start().await;
        sink.fail_next(3);
        let Some(app) = spawn_app_with(b, smtp(sink.url())).await else {
            return;
        };
        for i in 0..2 {
            app.create_user(
                json!({"email": format!("tmp{i}@acme.test"), "products": ["webinar", "pro"]}),
            )
            .await;
        }
        sink.wait_for(4, Duration::from_secs(15)).await;
        let received = settle(&app, &sink).await;
        assert_exactly_once(&received, &queued_ids(&app.db).await);
        assert_eq!(
            sink.data_seen(),
            4 + 3,
            "three refused attempts, then each once"
        );
    }
);

mail_on_both_stores!(
    a_5xx_is_dead_at_once_shown_per_account_and_retried_on_demand,
    |b: Backend| async move {
        let sink = SmtpSink::start().await;
        sink.reject_rcpt("bounce", 550);
        let Some(app) = spawn_app_with(b, smtp(sink.url())).await else {
            return;
        };
        app.create_user(json!({"email": "bounce@acme.test", "products": ["rescue"]}))
            .await;
        app.create_user(json!({"email": "fine@acme.test", "products": ["rescue"]}))
            .await;
        sink.wait_for(1, Duration::from_secs(10)).await;
        let received = settle(&app, &sink).await;
        assert_eq!(received.len(), 1);
        assert_eq!(received[0].rcpt, ["fine@acme.test"]);

        let status = mail_status(&app).await;
        assert_eq!(status["counts"]["dead"], 1, "{status}");
        assert_eq!(status["counts"]["sent"], 1, "{status}");
        let dead = &status["troubled"][0];
        assert_eq!(dead["to"], "bounce@acme.test");
        assert_eq!(dead["state"], "dead");
        assert_eq!(dead["attempts"], 1, "a permanent refusal is not retried");
        assert_eq!(dead["kind"], "products_changed");
        assert!(
            dead["last_error"].as_str().unwrap().contains("550"),
            "{dead}"
        );

        // Another account sees none of it.
        let other = app.other_account_token("globex").await;
        let theirs: serde_json::Value = app
            .client
            .get(app.url("/api/v1/mail"))
            .bearer_auth(other)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(theirs["counts"]["dead"], 0, "{theirs}");
        assert_eq!(theirs["counts"]["sent"], 0, "{theirs}");
        assert_eq!(theirs["troubled"].as_array().unwrap().len(), 0);

        // Another account's admin cannot requeue it.
        let other_retry: serde_json::Value = app
            .client
            .post(app.url("/api/v1/mail/retry"))
            .bearer_auth(app.other_account_token("initech").await)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(other_retry["requeued"], 0);

        // The admin fixes the cause and requeues over the API: it arrives, once.
        sink.accept_all_rcpt();
        let retried: serde_json::Value = app
            .api(reqwest::Method::POST, "/api/v1/mail/retry")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(retried["requeued"], 1, "{retried}");
        sink.wait_for(2, Duration::from_secs(10)).await;
        let received = settle(&app, &sink).await;
        assert_exactly_once(&received, &queued_ids(&app.db).await);
        assert_eq!(mail_status(&app).await["counts"]["sent"], 2);
    }
);

mail_on_both_stores!(
    a_server_down_for_good_leaves_the_email_dead_after_max_attempts,
    |b: Backend| async move {
        let opts = TestOptions {
            max_mail_attempts: Some(2),
            ..smtp(url_of(free_port()))
        };
        let Some(app) = spawn_app_with(b, opts).await else {
            return;
        };
        app.create_user(json!({"email": "nowhere@acme.test", "products": ["rescue"]}))
            .await;
        let mut status = serde_json::Value::Null;
        for _ in 0..100 {
            status = mail_status(&app).await;
            if status["counts"]["dead"] == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(status["counts"]["dead"], 1, "{status}");
        assert_eq!(status["troubled"][0]["attempts"], 2, "{status}");
        assert_eq!(status["counts"]["queued"], 0);
    }
);
