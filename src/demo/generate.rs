//! Realistic users for `roster demo --users N`: names in the seven languages, a few admins,
//! some managers, products drawn the way a suite's accounts hold them, some suspended
//! (with what Reactivate gives back), some deleted within the retention, sign-ins spread
//! over months. Deterministic: user number `i` is the same person on every run.

use std::collections::BTreeSet;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::people::{ascii_local, POPULATIONS, PRODUCT_WEIGHTS};
use crate::domain::{Catalog, Memory, Role, Status};
use crate::store::bulk_load::LoadedUser;
use crate::store::users::UserRecord;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// What the generator needs besides the user's number.
pub struct Generator<'a> {
    pub account_id: &'a str,
    pub catalog: &'a Catalog,
    /// Products never drawn: those with a seat limit, which generated users would overrun.
    pub skip: &'a BTreeSet<String>,
    /// Now, in Unix milliseconds: creation dates lie in the three years before it.
    pub now: i64,
    /// The password hash given to managers and admins (so the demo's people can sign in).
    pub portal_hash: &'a str,
}

impl Generator<'_> {
    /// User number `i` of the account.
    pub fn user(&self, i: u64) -> LoadedUser {
        let mut rng = StdRng::seed_from_u64(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (locale, _, firsts, lasts, domains) = pick_population(rng.gen_range(0..100));
        let first = firsts[rng.gen_range(0..firsts.len())];
        let last = lasts[rng.gen_range(0..lasts.len())];
        let domain = domains[rng.gen_range(0..domains.len())];
        let email = format!("{}.{}{i}@{domain}", ascii_local(first), ascii_local(last));

        let role = match rng.gen_range(0..1000) {
            0..=1 => Role::Admin,
            2..=31 => Role::Manager,
            _ => Role::Member,
        };
        let drawn = self.products(&mut rng);
        let created_at = self.now - rng.gen_range(DAY_MS..3 * 365 * DAY_MS);
        let fate = rng.gen_range(0..100);
        // 5% suspended after having been active (Reactivate gives back what they had),
        // 2% deleted within the retention, the others as drawn (a member drawn without
        // products is suspended and has nothing to give back).
        let (role, products, memory, deleted_at) = match fate {
            0..=4 if !drawn.is_empty() => (
                Role::Member,
                BTreeSet::new(),
                Some(Memory {
                    role,
                    products: drawn,
                }),
                None,
            ),
            5..=6 if role == Role::Member => (
                role,
                drawn,
                None,
                Some(self.now - rng.gen_range(0..25 * DAY_MS)),
            ),
            _ => (role, drawn, None, None),
        };
        let status = Status::derive(role, &products, deleted_at.is_some());
        let updated_at = deleted_at.unwrap_or(created_at + rng.gen_range(0..DAY_MS));
        let last_used_at = (status == Status::Active && rng.gen_range(0..10) < 8)
            .then(|| self.now - rng.gen_range(0..120 * DAY_MS));
        let started = products
            .iter()
            .chain(memory.iter().flat_map(|m| m.products.iter()))
            .filter(|p| self.catalog.get(p).is_some_and(|p| p.getting_started_email))
            .map(|p| (p.clone(), created_at))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        LoadedUser {
            user: UserRecord {
                id: uuid::Uuid::new_v4().to_string(),
                account_id: self.account_id.to_string(),
                email,
                first_name: first.to_string(),
                last_name: last.to_string(),
                locale: locale.to_string(),
                role,
                products,
                status,
                deleted_at,
                version: if memory.is_some() || deleted_at.is_some() {
                    2
                } else {
                    1
                },
                password_hash: role
                    .has_portal_access()
                    .then(|| self.portal_hash.to_string()),
                external_id: None,
                memory,
                extra: serde_json::Map::new(),
                created_at,
                updated_at,
            },
            last_used_at,
            started,
        }
    }

    /// One to four products, weighted, only those of the catalog; a few users get none.
    fn products(&self, rng: &mut StdRng) -> BTreeSet<String> {
        let count = match rng.gen_range(0..100) {
            0..=3 => 0,
            4..=48 => 1,
            49..=78 => 2,
            79..=93 => 3,
            _ => 4,
        };
        let choices: Vec<(&str, u32)> = PRODUCT_WEIGHTS
            .iter()
            .copied()
            .filter(|(k, _)| self.catalog.get(k).is_some() && !self.skip.contains(*k))
            .collect();
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut out = BTreeSet::new();
        for _ in 0..count {
            if total == 0 {
                break;
            }
            let mut n = rng.gen_range(0..total);
            for (key, w) in &choices {
                if n < *w {
                    out.insert(key.to_string());
                    break;
                }
                n -= w;
            }
        }
        out
    }
}

fn pick_population(percent: u32) -> &'static super::people::Population {
    let mut n = percent;
    for p in POPULATIONS {
        if n < p.1 {
            return p;
        }
        n -= p.1;
    }
    &POPULATIONS[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    static NOTHING: BTreeSet<String> = BTreeSet::new();

    fn generator(catalog: &Catalog) -> Generator<'_> {
        Generator {
            account_id: "a1",
            catalog,
            skip: &NOTHING,
            now: 1_800_000_000_000,
            portal_hash: "$argon2id$x",
        }
    }

    #[test]
    fn every_user_obeys_the_status_rule_and_the_catalog() {
        let catalog = Catalog::default_suite();
        let g = generator(&catalog);
        let mut statuses = std::collections::HashMap::new();
        let mut emails = BTreeSet::new();
        for i in 0..5_000 {
            let u = g.user(i).user;
            assert_eq!(
                u.status,
                Status::derive(u.role, &u.products, u.deleted_at.is_some())
            );
            assert!(u.products.iter().all(|p| catalog.get(p).is_some()));
            assert_eq!(u.password_hash.is_some(), u.role.has_portal_access());
            assert!(emails.insert(u.email.to_lowercase()), "{} twice", u.email);
            if let Some(m) = &u.memory {
                assert_eq!(u.status, Status::Suspended);
                assert!(
                    !m.products.is_empty(),
                    "a suspended user gets something back"
                );
            }
            *statuses.entry(u.status).or_insert(0) += 1;
        }
        // Every status is represented, most users are active.
        assert!(statuses[&Status::Suspended] > 100);
        assert!(statuses[&Status::Deleted] > 30);
        assert!(statuses[&Status::Active] > 4_000);
    }

    #[test]
    fn the_same_number_is_the_same_person() {
        let catalog = Catalog::default_suite();
        let g = generator(&catalog);
        let (a, b) = (g.user(42).user, g.user(42).user);
        assert_eq!(
            (a.email, a.first_name, a.products),
            (b.email, b.first_name, b.products)
        );
    }

    #[test]
    fn products_with_a_seat_limit_are_never_drawn() {
        let catalog = Catalog::default_suite();
        let skip: BTreeSet<String> = ["meeting".to_string(), "room".to_string()].into();
        let g = Generator {
            skip: &skip,
            ..generator(&catalog)
        };
        for i in 0..2_000 {
            let u = g.user(i).user;
            let held = u
                .products
                .iter()
                .chain(u.memory.iter().flat_map(|m| m.products.iter()));
            assert!(held.clone().all(|p| !skip.contains(p)), "{:?}", u.products);
        }
    }

    #[test]
    fn names_carry_their_accents() {
        let catalog = Catalog::default_suite();
        let g = generator(&catalog);
        assert!((0..2_000).any(|i| !g.user(i).user.last_name.is_ascii()));
    }
}
