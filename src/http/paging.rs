//! User lists over HTTP: the list filters of the API and the portal (`status`, `role`,
//! `product`, `q`, `sort`) read into the domain's query, and the opaque cursor that
//! carries a keyset position from one page to the next.

use axum::http::StatusCode;
use serde::Deserialize;

use super::HttpError;
use crate::domain::query::{Position, SortOrder, UserQuery};
use crate::domain::{Catalog, Role, Status};

/// The list filters as a query string carries them; empty means absent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListFilters {
    pub status: Option<String>,
    pub role: Option<String>,
    pub product: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
    /// Days without a use of access: 30, 60 or 90.
    pub inactive: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

impl ListFilters {
    /// The query these filters ask, and where the page starts; names the filter at fault.
    pub fn to_query(&self, catalog: &Catalog) -> Result<(UserQuery, Option<Position>), HttpError> {
        let status = given(&self.status)
            .map(|s| {
                Status::parse(s).ok_or_else(|| {
                    HttpError::bad_request(
                        "status",
                        format!("unknown status '{s}' (active, suspended, deleted)"),
                    )
                })
            })
            .transpose()?;
        let role = given(&self.role)
            .map(|r| {
                r.parse::<Role>()
                    .map_err(|e| HttpError::bad_request("role", e.to_string()))
            })
            .transpose()?;
        let product = given(&self.product).map(str::to_string);
        if let Some(p) = &product {
            if catalog.get(p).is_none() {
                return Err(HttpError {
                    field: Some("product".into()),
                    ..HttpError::new(
                        StatusCode::BAD_REQUEST,
                        "unknown_product",
                        format!("unknown product '{p}'"),
                    )
                });
            }
        }
        let order = match given(&self.sort) {
            None => SortOrder::default(),
            Some(s) => SortOrder::parse(s).ok_or_else(|| {
                HttpError::bad_request(
                    "sort",
                    format!(
                        "unknown sort '{s}' (email, name, created; a leading - for descending)"
                    ),
                )
            })?,
        };
        let inactive_since = given(&self.inactive)
            .map(|d| match d.parse::<i64>() {
                Ok(days @ (30 | 60 | 90)) => {
                    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
                    Ok(now - days * 86_400_000)
                }
                _ => Err(HttpError::bad_request(
                    "inactive",
                    format!("unknown inactivity '{d}' (30, 60 or 90 days)"),
                )),
            })
            .transpose()?;
        let after = given(&self.cursor)
            .map(|c| decode_cursor(order, c))
            .transpose()?;
        let query = UserQuery {
            status,
            role,
            product,
            text: self.q.clone(),
            expr: None,
            sort: order.sort,
            direction: order.direction,
            inactive_since,
        };
        Ok((query, after))
    }
}

/// A cursor: opaque to clients, tied to the kind of list (and order) it pages.
fn encode(kind: &str, value: &str, id: &str) -> String {
    hex::encode(serde_json::json!([kind, value, id]).to_string())
}

/// The value and id a cursor of this kind carries; names `cursor` when it is not one.
fn decode(kind: &str, cursor: &str) -> Result<(String, String), HttpError> {
    let bad = || {
        HttpError::bad_request(
            "cursor",
            "invalid cursor; pass next_cursor from the previous page unchanged",
        )
    };
    let bytes = hex::decode(cursor).map_err(|_| bad())?;
    let (k, value, id): (String, String, String) =
        serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if k != kind {
        return Err(HttpError::bad_request(
            "cursor",
            "the cursor belongs to another list or sort order",
        ));
    }
    // Hex hides a NUL from the check every other parameter gets; no stored key holds
    // one, and PostgreSQL refuses it in a text (a 500 before this).
    if value.contains('\0') || id.contains('\0') {
        return Err(bad());
    }
    Ok((value, id))
}

/// The cursor of a position in a user list, tied to its sort order and direction.
pub fn encode_cursor(order: SortOrder, p: &Position) -> String {
    encode(&order.as_param(), &p.value, &p.id)
}

pub fn decode_cursor(order: SortOrder, cursor: &str) -> Result<Position, HttpError> {
    let (value, id) = decode(&order.as_param(), cursor)?;
    Ok(Position { value, id })
}

/// The cursor of the account's history: events older than this one.
pub fn encode_event_cursor(before_id: i64) -> String {
    encode("audit", &before_id.to_string(), "")
}

pub fn decode_event_cursor(cursor: &str) -> Result<i64, HttpError> {
    let (value, _) = decode("audit", cursor)?;
    value.parse().map_err(|_| {
        HttpError::bad_request(
            "cursor",
            "invalid cursor; pass next_cursor from the previous page unchanged",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_within_its_sort() {
        let p = Position {
            value: "a@b.cc".into(),
            id: "u1".into(),
        };
        let email = SortOrder::default();
        let c = encode_cursor(email, &p);
        assert_eq!(decode_cursor(email, &c).unwrap(), p);
        for other in ["name", "-email"] {
            assert_eq!(
                decode_cursor(SortOrder::parse(other).unwrap(), &c)
                    .unwrap_err()
                    .field
                    .as_deref(),
                Some("cursor")
            );
        }
        assert!(decode_cursor(email, "zz").is_err());
        let nul = encode_cursor(
            email,
            &Position {
                value: "a\0b".into(),
                id: "u1".into(),
            },
        );
        assert_eq!(
            decode_cursor(email, &nul).unwrap_err().field.as_deref(),
            Some("cursor")
        );
        let e = encode_event_cursor(42);
        assert_eq!(decode_event_cursor(&e).unwrap(), 42);
        assert!(
            decode_event_cursor(&c).is_err(),
            "a user cursor is no event cursor"
        );
        assert!(decode_cursor(email, &e).is_err());
    }

    #[test]
    fn filters_name_the_one_at_fault() {
        let catalog = Catalog::default_suite();
        let f = |status: &str, role: &str, product: &str| ListFilters {
            status: Some(status.into()),
            role: Some(role.into()),
            product: Some(product.into()),
            ..ListFilters::default()
        };
        let (q, after) = f("active", "admin", "meeting").to_query(&catalog).unwrap();
        assert_eq!(q.status, Some(Status::Active));
        let by_name_desc = ListFilters {
            sort: Some("-name".into()),
            ..ListFilters::default()
        };
        let (desc, _) = by_name_desc.to_query(&catalog).unwrap();
        assert_eq!(
            (desc.sort, desc.direction),
            (
                crate::domain::query::Sort::Name,
                crate::domain::query::Direction::Descending
            )
        );
        assert_eq!(q.role, Some(Role::Admin));
        assert!(after.is_none());
        assert_eq!(
            f("x", "", "")
                .to_query(&catalog)
                .unwrap_err()
                .field
                .as_deref(),
            Some("status")
        );
        assert_eq!(
            f("", "x", "")
                .to_query(&catalog)
                .unwrap_err()
                .field
                .as_deref(),
            Some("role")
        );
        assert_eq!(
            f("", "", "x")
                .to_query(&catalog)
                .unwrap_err()
                .field
                .as_deref(),
            Some("product")
        );
    }
}
