//! Lockout with backoff after repeated failed sign-ins, counted per email (whichever
//! account it belongs to, known or not) and per client address.

use super::{Service, ServiceError};
use crate::store::sessions::{self, Failures};

/// Failures under one email before it is locked.
pub const EMAIL_THRESHOLD: i64 = 5;
/// A client may mistype for several people (a shared office address): a higher bar.
pub const CLIENT_THRESHOLD: i64 = 20;
const FIRST_LOCK_MS: i64 = 30 * 1000;
const MAX_LOCK_MS: i64 = 15 * 60 * 1000;
/// A quiet hour forgives earlier failures.
const FORGET_AFTER_MS: i64 = 60 * 60 * 1000;

/// The counter after one more failure at `now`: locked once it reaches `threshold`, for a
/// time that doubles with each further failure, up to a ceiling.
pub fn after_failure(prev: Failures, threshold: i64, now: i64) -> Failures {
    let count = if now - prev.updated_at > FORGET_AFTER_MS {
        1
    } else {
        prev.count + 1
    };
    let locked_until = if count >= threshold {
        let doublings = (count - threshold).min(10) as u32;
        now + (FIRST_LOCK_MS << doublings).min(MAX_LOCK_MS)
    } else {
        0
    };
    Failures {
        count,
        locked_until,
        updated_at: now,
    }
}

/// Milliseconds left while locked.
pub fn locked_for(f: &Failures, now: i64) -> Option<i64> {
    (f.locked_until > now).then(|| f.locked_until - now)
}

/// The key failures under an email count under.
pub fn email_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

/// The keys an attempt counts under.
pub fn keys(email: &str, client: Option<&str>) -> Vec<(String, i64)> {
    let mut keys = vec![(email_key(email), EMAIL_THRESHOLD)];
    if let Some(c) = client {
        keys.push((format!("client:{c}"), CLIENT_THRESHOLD));
    }
    keys
}

impl Service {
    /// The longest lock among the keys, if any is locked.
    pub(super) async fn locked_for(
        &self,
        keys: &[(String, i64)],
        now: i64,
    ) -> Result<Option<i64>, ServiceError> {
        let mut read = self.read_conn().await?;
        let mut longest = None;
        for (key, _) in keys {
            let f = sessions::failures(read.conn(), key).await?;
            if let Some(left) = locked_for(&f, now) {
                longest = Some(longest.map_or(left, |l: i64| l.max(left)));
            }
        }
        Ok(longest)
    }

    pub(super) async fn record_failure(
        &self,
        keys: &[(String, i64)],
        now: i64,
    ) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        sessions::forget_failures_before(change.db(), now - FORGET_AFTER_MS, now).await?;
        for (key, threshold) in keys {
            let prev = sessions::failures(change.db(), key).await?;
            sessions::set_failures(change.db(), key, after_failure(prev, *threshold, now)).await?;
        }
        self.commit(change).await
    }

    /// A successful sign-in clears the email's counter (not the client's: one good
    /// password must not reset a guessing spree on other emails).
    pub(super) async fn record_success(&self, email: &str) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        sessions::clear_failures(change.db(), &email_key(email)).await?;
        self.commit(change).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_at_the_threshold_and_backs_off() {
        let mut f = Failures::default();
        let now = 10 * FORGET_AFTER_MS;
        for _ in 0..EMAIL_THRESHOLD - 1 {
            f = after_failure(f, EMAIL_THRESHOLD, now);
            assert_eq!(locked_for(&f, now), None);
        }
        f = after_failure(f, EMAIL_THRESHOLD, now);
        assert_eq!(locked_for(&f, now), Some(FIRST_LOCK_MS));
        f = after_failure(f, EMAIL_THRESHOLD, now);
        assert_eq!(locked_for(&f, now), Some(2 * FIRST_LOCK_MS));
        for _ in 0..20 {
            f = after_failure(f, EMAIL_THRESHOLD, now);
        }
        assert_eq!(locked_for(&f, now), Some(MAX_LOCK_MS));
        assert_eq!(locked_for(&f, now + MAX_LOCK_MS), None);
    }

    #[test]
    fn a_quiet_hour_forgives() {
        let now = 10 * FORGET_AFTER_MS;
        let f = Failures {
            count: 4,
            locked_until: 0,
            updated_at: now - FORGET_AFTER_MS - 1,
        };
        assert_eq!(after_failure(f, EMAIL_THRESHOLD, now).count, 1);
    }

    #[test]
    fn counts_per_email_and_per_client() {
        let k = keys(" Ann@X.test ", Some("10.0.0.1"));
        assert_eq!(k[0], ("email:ann@x.test".to_string(), EMAIL_THRESHOLD));
        assert_eq!(k[1], ("client:10.0.0.1".to_string(), CLIENT_THRESHOLD));
        assert_eq!(keys("a@x", None).len(), 1);
    }
}
