//! Secrets: share links, sessions, API tokens, password links and CSRF
//! tokens are 256 random bits from the operating system, written in
//! URL-safe base64. Those that only prove who someone is (sessions,
//! tokens, password links) are stored as their SHA-256, so a copy of the
//! database does not let anyone in.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A new secret of 256 random bits.
pub fn new() -> String {
    URL_SAFE_NO_PAD.encode(random::<32>())
}

/// `N` random bytes from the operating system.
pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The operating system's generator fails only if the system is broken.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    bytes
}

/// How a secret is stored.
pub fn stored(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two strings in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_differ() {
        let (a, b) = (new(), new());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(stored(&a).len(), 64);
        assert!(same(&a, &a.clone()) && !same(&a, &b));
    }
}
