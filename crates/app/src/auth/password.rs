//! Passwords are hashed with argon2id (the OWASP recommendation) with a per-password salt.
//! Hashing is deliberately slow: callers on the async runtime use [`hash_blocking`] and
//! [`verify_blocking`], which run on tokio's blocking pool so sign-in cannot stall other requests.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;

/// The shortest password haven accepts (NCSC: length over complexity rules).
pub const MIN_LENGTH: usize = 12;

/// The longest password accepted: long passphrases are welcome, megabytes are not.
pub const MAX_LENGTH: usize = 256;

/// Whether `password` may be someone's new password: long enough, not absurdly long, not their
/// username (or built on it, or on their name), and not one that attackers try early.
/// Guessability is zxcvbn's estimate (Dropbox's, ported): it knows some 30,000 common and
/// breached passwords, names and words, keyboard walks, dates, repeats and l33t, and scores
/// 0–4; below 3 is refused, as NCSC advises blocking common passwords rather than imposing
/// complexity rules.
pub fn check_new(password: &str, username: &str, display_name: &str) -> Result<(), &'static str> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err("password-too-short");
    }
    if length > MAX_LENGTH {
        return Err("password-too-long");
    }
    let lower = password.to_lowercase();
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Err("password-has-username");
    }
    let inputs: Vec<&str> = [username, display_name].into_iter().chain(display_name.split_whitespace()).collect();
    if zxcvbn::zxcvbn(password, &inputs).score() < zxcvbn::Score::Three {
        return Err("password-too-common");
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    // OWASP's first recommended argon2id configuration: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$…`).
pub fn hash(password: &str) -> anyhow::Result<String> {
    // A fresh random salt is drawn from the operating system for every hash.
    let hashed = argon2().hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("hash: {e}"))?;
    Ok(hashed.to_string())
}

/// Whether `password` matches the stored hash. A malformed hash is a mismatch, never a panic.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
}

pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_blocking(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &stored)).await.unwrap_or(false)
}

/// A one-time password for a new account: 20 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), about 115 bits.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterx", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn a_new_password_is_long_not_the_username_and_not_a_common_one() {
        assert_eq!(check_new("correct horse battery staple", "j.evans", "Jane Evans"), Ok(()));
        assert_eq!(check_new("short", "j.evans", ""), Err("password-too-short"));
        assert_eq!(check_new(&"x".repeat(MAX_LENGTH + 1), "j.evans", ""), Err("password-too-long"));
        assert_eq!(check_new("J.Evans-2026-password", "j.evans", ""), Err("password-has-username"));
        // Long enough, and still what an attacker tries first.
        for common in ["password1234", "qwertyuiop123", "123456789012", "iloveyou1234", "Password2026!"] {
            assert_eq!(check_new(common, "j.evans", ""), Err("password-too-common"), "{common}");
        }
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), 20);
        assert!(a.len() >= MIN_LENGTH);
        assert_ne!(a, b);
    }
}
