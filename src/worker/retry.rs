//! What to do after a failed attempt: when to try again, or when to give up. Pure, so the
//! schedule is tested without a clock or a server.

/// Delay before attempt `attempts + 1`: base·2^(attempts-1), capped, times (1 + jitter).
/// The jitter (±20% in the worker) spreads the retries of many messages queued by one
/// outage, so that the server coming back is not hit by all of them in the same instant.
pub fn backoff_ms(attempts: i64, base: i64, max: i64, jitter: f64) -> i64 {
    let exp = base
        .saturating_mul(1i64 << (attempts.clamp(1, 30) - 1) as u32)
        .min(max);
    (exp as f64 * (1.0 + jitter)).round() as i64
}

/// The next state of a message whose attempt number `attempts` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Queued again, due at this time (ms).
    RetryAt(i64),
    /// Dead: kept for an operator (`roster mail status`, `roster events status`) to see
    /// and requeue (`roster mail retry`, `roster events retry`).
    Dead,
}

pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_ms: i64,
    pub max_ms: i64,
}

impl RetryPolicy {
    pub fn after_failure(
        &self,
        attempts: i64,
        permanent: bool,
        now: i64,
        jitter: f64,
    ) -> AfterFailure {
        if permanent || attempts >= i64::from(self.max_attempts) {
            AfterFailure::Dead
        } else {
            AfterFailure::RetryAt(now + backoff_ms(attempts, self.base_ms, self.max_ms, jitter))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_ms(1, 1000, 60_000, 0.0), 1000);
        assert_eq!(backoff_ms(2, 1000, 60_000, 0.0), 2000);
        assert_eq!(backoff_ms(4, 1000, 60_000, 0.0), 8000);
        assert_eq!(backoff_ms(30, 1000, 60_000, 0.0), 60_000);
        assert_eq!(backoff_ms(2, 1000, 60_000, 0.2), 2400);
        assert_eq!(backoff_ms(200, 1000, 60_000, -0.2), 48_000);
    }

    #[test]
    fn permanent_failures_and_the_last_attempt_are_dead() {
        let p = RetryPolicy {
            max_attempts: 3,
            base_ms: 100,
            max_ms: 1000,
        };
        assert_eq!(
            p.after_failure(1, false, 0, 0.0),
            AfterFailure::RetryAt(100)
        );
        assert_eq!(
            p.after_failure(2, false, 0, 0.0),
            AfterFailure::RetryAt(200)
        );
        assert_eq!(p.after_failure(3, false, 0, 0.0), AfterFailure::Dead);
        assert_eq!(p.after_failure(1, true, 0, 0.0), AfterFailure::Dead);
    }
}
