//! Random secrets (API tokens, session ids) and their stored digests.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh secret with a readable prefix, e.g. `rst_3f9a...` (256 bits of randomness).
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}_{}", hex::encode(bytes))
}

/// What the database keeps: a high-entropy secret needs a fast digest, not a password hash.
pub fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_unique_and_digests_stable() {
        let a = super::generate("rst");
        let b = super::generate("rst");
        assert_ne!(a, b);
        assert!(a.starts_with("rst_") && a.len() == 68);
        assert_eq!(super::digest(&a), super::digest(&a));
        assert_ne!(super::digest(&a), a);
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(super::same_secret("abc", "abc"));
        assert!(!super::same_secret("abc", "abd"));
        assert!(!super::same_secret("abc", "ab"));
    }
}
