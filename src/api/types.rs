//! Request and response bodies of the REST API, apart from the stored rows.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::http::rfc3339;
use crate::store::users::UserRecord;

/// A user as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserBody {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// One of en, fr, de, es, it, pt, nl.
    pub locale: String,
    /// member, manager or admin.
    pub role: String,
    /// Product keys.
    pub products: Vec<String>,
    /// active, suspended or deleted (derived, never set).
    pub status: String,
    pub version: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<String>,
}

impl From<&UserRecord> for UserBody {
    fn from(u: &UserRecord) -> UserBody {
        UserBody {
            id: u.id.clone(),
            email: u.email.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            locale: u.locale.clone(),
            role: u.role.as_str().to_string(),
            products: u.products.iter().cloned().collect(),
            status: u.status.as_str().to_string(),
            version: u.version,
            external_id: u.external_id.clone(),
            created_at: rfc3339(u.created_at),
            updated_at: rfc3339(u.updated_at),
            deleted_at: u.deleted_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    #[schema(format = Email, min_length = 3)]
    pub email: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    pub locale: Option<String>,
    /// Defaults to member.
    pub role: Option<String>,
    /// Absent: the account's products for new users; `[]`: none.
    pub products: Option<Vec<String>>,
    /// Write-only; at least 8 characters. Lets a manager or admin sign in to the portal.
    #[schema(min_length = 8, write_only)]
    pub password: Option<String>,
    pub external_id: Option<String>,
    /// Default true. Getting-started emails are sent regardless.
    pub notify: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PatchUser {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub role: Option<String>,
    pub products: Option<Vec<String>>,
    /// Write-only; at least 8 characters.
    #[schema(min_length = 8, write_only)]
    pub password: Option<String>,
    pub external_id: Option<String>,
    pub notify: Option<bool>,
}

/// A one-time link to set a password was emailed; the link itself is only in the email.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordLinkBody {
    pub user_id: String,
    /// Where the email goes.
    pub to: String,
    /// The link works once, until then (RFC 3339).
    pub expires_at: String,
}

/// Body of the actions (suspend, reactivate, delete, restore): optional.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    pub notify: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NotifyQuery {
    /// Default true; false skips the products/role emails (not getting-started).
    pub notify: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// active, suspended or deleted (deleted users are listed only when asked).
    pub status: Option<String>,
    pub role: Option<String>,
    /// A product key.
    pub product: Option<String>,
    /// Matches email, first and last name.
    pub q: Option<String>,
    /// email (default), name or created; a leading `-` sorts descending (`-created`:
    /// newest first).
    pub sort: Option<String>,
    /// From `next_cursor` of the previous page.
    /// 30, 60 or 90: only users without a portal sign-in or allowed access check for
    /// that many days (counted from their creation if they never had one).
    pub inactive: Option<String>,
    pub cursor: Option<String>,
    /// 1 to 500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    pub users: Vec<UserBody>,
    /// Users matching the filters over all pages: exact when `total_exact` is true (always
    /// for plain `status`, `role` and `product` filters, which are answered from counts
    /// kept up to date by every change); when false, more than this many match (a `q`
    /// search stops counting at 1,000, an attribute filter at 10,000).
    pub total: u64,
    /// Whether `total` is the exact number, or a lower bound that is exceeded.
    pub total_exact: bool,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AccessQuery {
    /// A user id or email.
    #[param(min_length = 1)]
    pub user: String,
    /// A product key.
    #[param(min_length = 1)]
    pub product: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessBody {
    pub allowed: bool,
    pub status: String,
    /// ok, suspended, deleted or product_not_assigned.
    pub reason: String,
    pub user_id: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only the events of this user (an id).
    pub user: Option<String>,
    /// Only the changes made by this actor: an email (a person), `token:ID`, `cli` or
    /// `system`.
    pub actor: Option<String>,
    /// portal, api, scim, cli, import or system.
    pub channel: Option<String>,
    /// From this time on: a date (UTC) or an RFC 3339 time.
    pub since: Option<String>,
    /// Up to this time: a date (UTC, the whole day) or an RFC 3339 time.
    pub until: Option<String>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Events older than this event id (the older way of paging).
    pub before: Option<i64>,
    /// 1 to 1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditExportQuery {
    pub user: Option<String>,
    pub actor: Option<String>,
    pub channel: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// active, suspended or deleted.
    pub status: Option<String>,
    pub role: Option<String>,
    /// A product key.
    pub product: Option<String>,
    /// Matches email, first and last name.
    pub q: Option<String>,
    /// email (default), name or created.
    pub sort: Option<String>,
    /// 30, 60 or 90 days without a use of access.
    pub inactive: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventBody {
    pub id: i64,
    pub user_id: String,
    pub actor: String,
    /// portal, api, scim, cli, import or system.
    pub channel: String,
    pub action: String,
    #[schema(value_type = Object)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    pub after: Option<serde_json::Value>,
    pub notify: bool,
    pub at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub events: Vec<AuditEventBody>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductBody {
    pub key: String,
    pub name: String,
    pub getting_started_email: bool,
    pub seats_used: u32,
    /// null = unlimited.
    pub seats: Option<u32>,
    pub seats_available: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    pub products: Vec<ProductBody>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetSeats {
    /// A number of seats, or null for unlimited. Required: an empty body lifts nothing.
    #[serde(deserialize_with = "present")]
    #[schema(required = true, nullable = true, value_type = Option<u32>)]
    pub seats: Option<u32>,
}

/// A field that must be present, though it may be null (serde treats a missing
/// `Option` as `None` otherwise, which would turn `{}` into "unlimited").
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Option::<u32>::deserialize(d)
}

/// What a change would do, without doing it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewBody {
    pub allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::http::error::ErrorDetail>,
    pub emails: Vec<PreviewEmailBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<UserBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewEmailBody {
    pub to: String,
    /// products_changed, role_changed, getting_started, invitation or password_reset.
    pub kind: String,
    pub product: Option<String>,
    pub subject: String,
}

/// PATCH body plus an optional action, for a preview.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// suspend, reactivate, delete or restore; absent = an edit.
    pub action: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub role: Option<String>,
    pub products: Option<Vec<String>>,
    pub notify: Option<bool>,
}
