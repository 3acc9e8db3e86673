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
/// Every access check digests its token (to find it in the cache): hex into a buffer,
/// not char by char.
pub fn digest(secret: &str) -> String {
    let mut out = [0u8; 64];
    hex::encode_to_slice(Sha256::digest(secret.as_bytes()), &mut out)
        .expect("a SHA-256 digest is 32 bytes, 64 in hex");
    std::str::from_utf8(&out).expect("hex is ASCII").to_owned()
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
        // The stored digests of existing tokens and sessions: lowercase hex SHA-256.
        assert_eq!(
            super::digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(super::same_secret("abc", "abc"));
        assert!(!super::same_secret("abc", "abd"));
        assert!(!super::same_secret("abc", "ab"));
    }
}
