//! The account's history over HTTP: the filters of `GET /api/v1/audit` and the portal's
//! `/audit` (`user`, `actor`, `channel`, `since`, `until`, `cursor`) read into the store's
//! filter, each bad one named.

use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time};

use super::paging::decode_event_cursor;
use super::HttpError;
use crate::service::Channel;
use crate::store::audit::AuditFilter;

const CHANNELS: [Channel; 6] = [
    Channel::Portal,
    Channel::Api,
    Channel::Scim,
    Channel::Cli,
    Channel::Import,
    Channel::System,
];

/// The history filters as a query string carries them; empty means absent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HistoryFilters {
    pub user: Option<String>,
    pub actor: Option<String>,
    pub channel: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub cursor: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Unix milliseconds of an RFC 3339 time, or of a date (UTC): its first millisecond, or
/// with `end_of_day` its last, so `until=2026-11-30` includes that whole day.
fn parse_time(field: &'static str, s: &str, end_of_day: bool) -> Result<i64, HttpError> {
    let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(ms(t));
    }
    let day = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(s, &day) {
        Ok(d) if end_of_day => Ok(ms(d.with_time(Time::MIDNIGHT).assume_utc()) + 86_400_000 - 1),
        Ok(d) => Ok(ms(d.with_time(Time::MIDNIGHT).assume_utc())),
        Err(_) => Err(HttpError::bad_request(
            field,
            format!("'{s}' is not a date (2026-11-30) or an RFC 3339 time (2026-11-30T08:00:00Z)"),
        )),
    }
}

impl HistoryFilters {
    /// The filter these ask, and the event the page starts below; names the one at fault.
    pub fn to_filter(&self) -> Result<(AuditFilter, Option<i64>), HttpError> {
        let channel = given(&self.channel)
            .map(|c| {
                CHANNELS
                    .iter()
                    .find(|k| k.as_str() == c)
                    .map(|k| k.as_str().to_string())
                    .ok_or_else(|| {
                        HttpError::bad_request(
                            "channel",
                            format!(
                                "unknown channel '{c}' ({})",
                                CHANNELS.map(|k| k.as_str()).join(", ")
                            ),
                        )
                    })
            })
            .transpose()?;
        // An email names the person (`user:EMAIL` in the audit); other labels as recorded.
        let actor = given(&self.actor).map(|a| {
            if a.contains('@') && !a.contains(':') {
                format!("user:{a}")
            } else {
                a.to_string()
            }
        });
        let since = given(&self.since)
            .map(|s| parse_time("since", s, false))
            .transpose()?;
        let until = given(&self.until)
            .map(|s| parse_time("until", s, true))
            .transpose()?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(HttpError::bad_request("until", "until is before since"));
            }
        }
        let before = given(&self.cursor).map(decode_event_cursor).transpose()?;
        let filter = AuditFilter {
            user_id: given(&self.user).map(str::to_string),
            actor,
            channel,
            since,
            until,
        };
        Ok((filter, before))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(f: HistoryFilters) -> Option<String> {
        f.to_filter().unwrap_err().field.map(|f| f.to_string())
    }

    #[test]
    fn dates_cover_whole_days_and_times_are_exact() {
        let f = HistoryFilters {
            since: Some("2026-11-30".into()),
            until: Some("2026-11-30".into()),
            ..HistoryFilters::default()
        };
        let (filter, before) = f.to_filter().unwrap();
        assert_eq!(filter.since, Some(1_795_996_800_000));
        assert_eq!(filter.until, Some(1_795_996_800_000 + 86_399_999));
        assert!(before.is_none());
        let f = HistoryFilters {
            since: Some("2026-11-30T08:00:00+01:00".into()),
            ..HistoryFilters::default()
        };
        assert_eq!(
            f.to_filter().unwrap().0.since,
            Some(1_795_996_800_000 + 7 * 3_600_000)
        );
    }

    #[test]
    fn each_bad_filter_is_named() {
        let bad = |f: fn(&mut HistoryFilters)| {
            let mut h = HistoryFilters::default();
            f(&mut h);
            field_of(h)
        };
        assert_eq!(
            bad(|h| h.channel = Some("fax".into())).as_deref(),
            Some("channel")
        );
        assert_eq!(
            bad(|h| h.since = Some("yesterday".into())).as_deref(),
            Some("since")
        );
        assert_eq!(
            bad(|h| h.until = Some("2026-13-01".into())).as_deref(),
            Some("until")
        );
        assert_eq!(
            bad(|h| h.cursor = Some("zz".into())).as_deref(),
            Some("cursor")
        );
        assert_eq!(
            bad(|h| {
                h.since = Some("2026-11-30".into());
                h.until = Some("2026-11-01".into());
            })
            .as_deref(),
            Some("until")
        );
    }

    #[test]
    fn an_email_names_a_person() {
        let f = HistoryFilters {
            actor: Some("olivia@x.test".into()),
            channel: Some("portal".into()),
            ..HistoryFilters::default()
        };
        let (filter, _) = f.to_filter().unwrap();
        assert_eq!(filter.actor.as_deref(), Some("user:olivia@x.test"));
        assert_eq!(filter.channel.as_deref(), Some("portal"));
    }
}
