//! Secrets handed to browsers and machine clients (session ids, API tokens) are random 256-bit
//! values; the store keeps only their SHA-256, so a copy of the database cannot be used to act
//! as anyone. SHA-256 (not argon2) is right here: the secret has full entropy, and every
//! request must look it up quickly.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use sha2::{Digest, Sha256};

/// The prefix of API tokens, so that a leaked token is recognisable in logs and by scanners.
pub const API_TOKEN_PREFIX: &str = "haven_";

/// A new random secret, URL-safe.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token as shown once to its owner.
pub fn generate_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", generate_secret())
}

/// The hash under which a secret is stored and looked up.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashes_stable() {
        let (a, b) = (generate_secret(), generate_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(generate_api_token().starts_with("haven_"));
    }
}
