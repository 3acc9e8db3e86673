//! A link's secret is never at rest once its email is delivered: not in the outbox,
//! not in a mail file anyone else can read.

use sqlx::Row;

use super::*;
use crate::both_stores;

both_stores!(
    a_link_secret_leaves_no_trace_once_its_email_is_sent,
    |app: TestApp| async move {
        let email = "rita@acme.test";
        let id = invite(&app, email, "en").await;
        let mail = &mails_to(&app, email, "invitation", 1).await[0];
        let secret = link_path(mail).trim_start_matches("/password/").to_string();
        app.settle_mail().await;
        let rows = sqlx::query(
            "SELECT b.body_text, b.body_html, o.secret, o.state \
             FROM outbox o JOIN outbox_bodies b ON b.id = o.id WHERE o.user_id = $1",
        )
        .bind(id.clone())
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert!(!rows.is_empty());
        for r in rows {
            let state: String = r.try_get("state").unwrap();
            assert_eq!(state, "sent");
            let stored: Option<String> = r.try_get("secret").unwrap();
            assert_eq!(stored, None, "the secret is erased once sent");
            for column in ["body_text", "body_html"] {
                let body: String = r.try_get(column).unwrap();
                assert!(!body.contains(&secret), "{column} holds the secret");
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for entry in std::fs::read_dir(&app.mail_dir).unwrap() {
                let mode = entry.unwrap().metadata().unwrap().permissions().mode();
                assert_eq!(mode & 0o077, 0, "mail files are the owner's only: {mode:o}");
            }
        }
        // The link works all the same.
        let res = post_password(&app, &link_path(mail), NEW_PASSWORD, NEW_PASSWORD).await;
        assert_eq!(res.status(), 303);
    }
);
