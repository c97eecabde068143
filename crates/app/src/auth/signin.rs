//! Signing in with a username and password, for every adapter that takes one (today the sign-in
//! page): throttled per account and per address, and backed off per account from everywhere
//! except a browser it signed in on before (`haven_domain::signin`); every attempt audited with
//! its reason; the answer never says whether the username exists (an unknown name costs the
//! same argon2 check as a wrong password); a disabled account cannot sign in. Starting the
//! session is the adapter's: a cookie for the pages.

use super::{device, password};
use chrono::{DateTime, Duration, Utc};
use haven_domain::audit::{AuditAction, AuditEvent, Detail, SubjectKind};
use haven_domain::signin::{backoff, may_attempt, window_start};
use haven_domain::user::{User, Username};
use haven_store::{Store, StoreError};

/// A valid argon2id hash (of a random password nobody knows) with haven's parameters, checked
/// when the username does not exist, so that an unknown name takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zq2t8bXq7H3JvN6JYl0lJ1oC4H7m3l9xq8b0m5wQ2kE";

/// One attempt as typed.
#[derive(Debug)]
pub struct Attempt<'a> {
    pub username: &'a str,
    pub password: String,
    /// The client's address, for throttling.
    pub address: &'a str,
    /// What the browser kept from an earlier sign-in ([`device`]), if anything.
    pub device: Option<&'a str>,
    pub purpose: &'a str,
    pub now: DateTime<Utc>,
}

/// What an attempt came to.
#[derive(Debug)]
pub enum Checked {
    /// The right password for an enabled account.
    SignedIn {
        user: User,
        /// The password was set by an administrator: the user must change it first.
        must_change_password: bool,
        /// For the browser to keep ([`device::proof`]).
        device_proof: String,
        /// The name the attempt is recorded under, for the session's audit event.
        label: String,
    },
    /// A wrong username or password, or a disabled account: one answer for all three.
    Refused,
    /// Too many failures: try again later; `wait` when the backoff says how long.
    Throttled { wait: Option<Duration> },
}

/// What the attempt is recorded under: the normalised username when it is one, else a
/// bounded copy of what was typed (it may be a mistyped password, so never more than that).
pub fn attempted_name(raw: &str) -> String {
    match Username::parse(raw) {
        Ok(u) => u.as_str().to_owned(),
        Err(_) => raw.trim().chars().take(64).collect(),
    }
}

/// Checks an attempt, records it (for throttling) with its audit event, and says what it came to.
pub async fn check_password(store: &dyn Store, attempt: Attempt<'_>) -> Result<Checked, StoreError> {
    let Attempt { username, password, address, device, purpose, now } = attempt;
    let name = attempted_name(username);
    let label = if name.is_empty() { "unknown".to_owned() } else { name.clone() };
    let found = match Username::parse(username) {
        Ok(username) => store.user_with_credentials(&username).await?,
        Err(_) => None,
    };
    let since = window_start(now);
    let (account_failures, address_failures) = store.recent_sign_in_failures(&name, address, since).await?;
    let (anywhere, last_failure) = store.account_failures(&name, since).await?;
    // A browser this account signed in on before is spared the backoff (never an unknown name).
    let known_device = match (device, &found) {
        (Some(kept), Some((_, credentials))) => device::is_known(kept, &name, &credentials.password_hash),
        _ => false,
    };
    let refused = match may_attempt(account_failures, address_failures) {
        Err(reason) => Some((reason, None)),
        Ok(()) => backoff(anywhere, last_failure, known_device, now).map(|wait| ("account-backoff", Some(wait))),
    };
    if let Some((reason, wait)) = refused {
        let event = AuditEvent::system(&label, AuditAction::SignInFailed, purpose, now).detail(Detail::Code(reason));
        store.append_audit(&event).await?;
        return Ok(Checked::Throttled { wait });
    }

    let hash = found.as_ref().map_or_else(|| DUMMY_HASH.to_owned(), |(_, c)| c.password_hash.clone());
    let password_ok = password::verify_blocking(password, hash).await;
    let reason = match &found {
        None => Some("unknown-user"),
        Some((u, _)) if u.disabled => Some("disabled"),
        Some(_) if !password_ok => Some("wrong-password"),
        Some(_) => None,
    };
    let user_id = found.as_ref().map(|(u, _)| u.id);
    let (Some((user, credentials)), None) = (found, reason) else {
        let mut event = AuditEvent::system(&label, AuditAction::SignInFailed, purpose, now)
            .detail(Detail::Code(reason.unwrap_or("failed")));
        if let Some(id) = user_id {
            event = event.subject(SubjectKind::User, id.0);
        }
        store.record_sign_in(&name, address, false, &event).await?;
        return Ok(Checked::Refused);
    };
    let event =
        AuditEvent::by(user.actor(), &label, AuditAction::SignIn, purpose, now).subject(SubjectKind::User, user.id.0);
    store.record_sign_in(&name, address, true, &event).await?;
    Ok(Checked::SignedIn {
        device_proof: device::proof(&name, &credentials.password_hash),
        must_change_password: credentials.must_change_password,
        user,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_so_unknown_names_cost_the_same() {
        let parsed = argon2::password_hash::phc::PasswordHash::new(DUMMY_HASH);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert!(!password::verify("", DUMMY_HASH));
    }

    #[test]
    fn attempts_are_recorded_under_a_bounded_name() {
        assert_eq!(attempted_name(" J.Evans "), "j.evans");
        assert_eq!(attempted_name(&"x ".repeat(100)).chars().count(), 64);
    }
}
