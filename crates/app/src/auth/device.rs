//! A browser the account has signed in on before: after a successful sign-in the browser keeps
//! a proof (`username.digest`), where the digest is SHA-256 over the account's password hash (a
//! secret only the store holds) and its username. The backoff on guesses spread over many
//! addresses (`haven_domain::signin::backoff`) spares such a browser, so an attacker cannot
//! keep the real user out. No table is needed; a password change or reset changes the hash and
//! so forgets every device. The proof opens nothing by itself: it only spares the wait.

use sha2::{Digest, Sha256};

/// The proof a browser keeps for `username` signed in with `password_hash`.
pub fn proof(username: &str, password_hash: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"haven sign-in device\0");
    h.update(password_hash.as_bytes());
    h.update(b"\0");
    h.update(username.as_bytes());
    format!("{username}.{}", hex::encode(h.finalize()))
}

/// Whether `kept` (the browser's cookie) proves an earlier sign-in to `username` with the
/// account's current password. Compared in constant time.
pub fn is_known(kept: &str, username: &str, password_hash: &str) -> bool {
    let expected = proof(username, password_hash);
    kept.len() == expected.len() && kept.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proof_holds_for_its_account_and_password_only() {
        let kept = proof("j.evans", "$argon2id$one");
        assert!(kept.starts_with("j.evans."));
        assert!(is_known(&kept, "j.evans", "$argon2id$one"));
        assert!(!is_known(&kept, "j.evans", "$argon2id$two"), "a new password forgets the device");
        assert!(!is_known(&kept, "a.jones", "$argon2id$one"));
        assert!(!is_known("", "j.evans", "$argon2id$one"));
        assert!(!is_known(&kept[..kept.len() - 1], "j.evans", "$argon2id$one"));
    }
}
