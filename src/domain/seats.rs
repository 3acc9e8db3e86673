use std::collections::{BTreeMap, BTreeSet};

use super::{Catalog, DomainError};

/// Seats of one product in one account: how many are taken, and the limit (None = unlimited).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeatUsage {
    pub used: u32,
    pub limit: Option<u32>,
}

impl SeatUsage {
    pub fn available(&self) -> Option<u32> {
        self.limit.map(|l| l.saturating_sub(self.used))
    }
}

/// Checks that every product the change *adds* has a free seat. Products the user already
/// holds are not counted again, so lowering a limit never takes a product away.
pub fn check_seats(
    added: &BTreeSet<String>,
    usage: &BTreeMap<String, SeatUsage>,
    catalog: &Catalog,
) -> Result<(), DomainError> {
    for key in added {
        let u = usage.get(key).copied().unwrap_or_default();
        if let Some(limit) = u.limit {
            if u.used >= limit {
                return Err(DomainError::SeatsExhausted {
                    key: key.clone(),
                    name: catalog.name_of(key).to_string(),
                    seats: limit,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn refuses_a_product_beyond_its_seats_naming_it() {
        let c = Catalog::default_suite();
        let usage = BTreeMap::from([(
            "meeting".to_string(),
            SeatUsage {
                used: 5,
                limit: Some(5),
            },
        )]);
        let err = check_seats(&added(&["meeting"]), &usage, &c).unwrap_err();
        assert_eq!(
            err,
            DomainError::SeatsExhausted {
                key: "meeting".into(),
                name: "GoTo Meeting".into(),
                seats: 5
            }
        );
        assert!(err.to_string().contains("GoTo Meeting") && err.to_string().contains('5'));
    }

    #[test]
    fn allows_up_to_the_limit_and_unlimited_products() {
        let c = Catalog::default_suite();
        let usage = BTreeMap::from([
            (
                "meeting".to_string(),
                SeatUsage {
                    used: 4,
                    limit: Some(5),
                },
            ),
            (
                "rescue".to_string(),
                SeatUsage {
                    used: 1000,
                    limit: None,
                },
            ),
        ]);
        assert!(check_seats(&added(&["meeting", "rescue", "connect"]), &usage, &c).is_ok());
        assert_eq!(usage["meeting"].available(), Some(1));
        assert_eq!(usage["rescue"].available(), None);
    }

    #[test]
    fn a_zero_seat_product_cannot_be_given() {
        let c = Catalog::default_suite();
        let usage = BTreeMap::from([(
            "room".to_string(),
            SeatUsage {
                used: 0,
                limit: Some(0),
            },
        )]);
        assert!(check_seats(&added(&["room"]), &usage, &c).is_err());
    }
}
