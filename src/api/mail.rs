//! /api/v1/mail: the account's outbox, so that an admin sees emails that could not be
//! delivered (dead) or are waiting for another attempt (retrying).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::ApiActor;
use crate::http::error::{ErrorBody, HttpError};
use crate::http::rfc3339;
use crate::http::AppState;
use crate::store::outbox::TroubledMessage;

/// How many of the account's emails are in each state.
#[derive(Debug, Serialize, ToSchema)]
pub struct MailCounts {
    /// Waiting for their first attempt.
    pub queued: i64,
    /// Failed at least once; another attempt is scheduled.
    pub retrying: i64,
    pub sent: i64,
    /// Given up (permanent refusal or too many attempts); `roster mail retry` requeues them.
    pub dead: i64,
}

/// An email that failed at least once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TroubledMail {
    /// Also the local part of its Message-ID (`<id@roster>`).
    pub id: String,
    pub to: String,
    /// products_changed, role_changed, getting_started, invitation, password_reset.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// retrying or dead.
    pub state: String,
    pub attempts: i64,
    pub last_error: String,
    /// When the next attempt is due (retrying only), RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MailStatusBody {
    pub counts: MailCounts,
    /// Dead and retrying emails, newest first (at most 50; `counts` covers all).
    pub troubled: Vec<TroubledMail>,
}

impl From<TroubledMessage> for TroubledMail {
    fn from(m: TroubledMessage) -> TroubledMail {
        TroubledMail {
            id: m.id,
            to: m.to_email,
            kind: m.kind,
            product: m.product,
            state: m.state,
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at.map(rfc3339),
            created_at: rfc3339(m.created_at),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/mail", tag = "mail",
    responses((status = 200, body = MailStatusBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
/// The account's outbox: counts by state and the emails that need attention.
pub async fn mail_status(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<MailStatusBody>, HttpError> {
    let status = state.service.mail_status(&actor).await?;
    let count = |s: &str| status.counts.get(s).copied().unwrap_or(0);
    Ok(Json(MailStatusBody {
        counts: MailCounts {
            queued: count("queued"),
            retrying: count("retrying"),
            sent: count("sent"),
            dead: count("dead"),
        },
        troubled: status
            .troubled
            .into_iter()
            .map(TroubledMail::from)
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RetryBody {
    /// How many dead emails were queued again.
    pub requeued: u64,
}

#[utoipa::path(post, path = "/api/v1/mail/retry", tag = "mail",
    responses((status = 200, body = RetryBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
/// Queues the account's dead emails again (after the mail server was fixed, say).
pub async fn retry_mail(
    State(state): State<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<Json<RetryBody>, HttpError> {
    Ok(Json(RetryBody {
        requeued: state.service.retry_account_mail(&actor).await?,
    }))
}
