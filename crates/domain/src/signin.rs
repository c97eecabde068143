//! Sign-in throttling: after repeated failures an account, or an address, is refused for a
//! while, so that passwords cannot be guessed at speed. The numbers are the service's policy
//! (NCSC guidance favours throttling over permanent lock-outs, which attackers can abuse to
//! deny service to a whole control room).

use crate::code_enum;
use crate::user::User;
use chrono::{DateTime, Duration, Utc};

code_enum!(
    /// How a user proved who they are when their session began.
    SignInMethod {
        /// haven's own username and password.
        Password => "password",
        /// The organisation's identity provider (OpenID Connect).
        Oidc => "oidc",
    }
);

/// Failed attempts on one account from one address within the window after which that address
/// may not try that account. Per address, so that an attacker cannot lock out the real user;
/// the address limit below stops one address trying many accounts.
pub const MAX_ACCOUNT_FAILURES: u32 = 5;
/// Failed attempts from one address within the window after which it is refused.
pub const MAX_ADDRESS_FAILURES: u32 = 20;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures on one account from anywhere within the window (since its last success) after
/// which each further attempt from a browser the account has not signed in on must wait: a
/// guess spread over many addresses (a botnet) is slowed to a trickle. The real user's own
/// browser is exempt ([`backoff`]), so the attacker cannot turn this into a lock-out either.
pub const BACKOFF_AFTER: u32 = 10;
/// The longest wait between attempts: 5 minutes, so at most a few hundred guesses a day at an
/// account, and a real user on a new device waits minutes, never hours.
pub const MAX_BACKOFF_SECONDS: i64 = 300;

/// The start of the window that failures before `now` are counted in.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::minutes(WINDOW_MINUTES)
}

/// Whether another attempt may be made, given the failures counted since [`window_start`].
/// When it may not, the reason key says which limit was reached.
pub fn may_attempt(account_failures: u32, address_failures: u32) -> Result<(), &'static str> {
    if account_failures >= MAX_ACCOUNT_FAILURES {
        Err("account-locked")
    } else if address_failures >= MAX_ADDRESS_FAILURES {
        Err("address-locked")
    } else {
        Ok(())
    }
}

/// How long an attempt on an account must still wait, given its failures from anywhere since
/// [`window_start`] and the time of the latest: none below [`BACKOFF_AFTER`], then 1 second,
/// doubling with each further failure up to [`MAX_BACKOFF_SECONDS`]. `None` when it may go
/// ahead, and always for a browser the account has signed in on before (`known_device`).
pub fn backoff(
    failures_anywhere: u32,
    last_failure: Option<DateTime<Utc>>,
    known_device: bool,
    now: DateTime<Utc>,
) -> Option<Duration> {
    if known_device || failures_anywhere < BACKOFF_AFTER {
        return None;
    }
    let doublings = (failures_anywhere - BACKOFF_AFTER).min(16);
    let delay = Duration::seconds((1_i64 << doublings).min(MAX_BACKOFF_SECONDS));
    let wait = last_failure? + delay - now;
    (wait > Duration::zero()).then_some(wait)
}

/// Who may sign in with an identity the organisation's provider vouched for: the user an admin
/// linked it to, unless disabled. A refusal's key says why (`not-linked`, `disabled`). Nobody
/// is made on the fly: roles and agencies are haven's to manage, not the provider's.
pub fn by_identity(linked: Option<&User>) -> Result<&User, &'static str> {
    match linked {
        None => Err("not-linked"),
        Some(u) if u.disabled => Err("disabled"),
        Some(u) => Ok(u),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, UserId};
    use crate::user::{Identity, Role, Username};

    #[test]
    fn an_identity_signs_in_only_as_the_enabled_user_it_is_linked_to() {
        let user = User {
            id: UserId::new(),
            username: Username::parse("j.evans").unwrap(),
            display_name: "Jane Evans".into(),
            agency_id: AgencyId::new(),
            role: Role::Practitioner,
            disabled: false,
            identity: Some(Identity::parse("248289761001").unwrap()),
        };
        assert_eq!(by_identity(Some(&user)), Ok(&user));
        assert_eq!(by_identity(None), Err("not-linked"));
        let disabled = User { disabled: true, ..user };
        assert_eq!(by_identity(Some(&disabled)), Err("disabled"));
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn guesses_from_many_addresses_wait_longer_and_longer_up_to_five_minutes() {
        let last = Some(at(0));
        assert_eq!(backoff(9, last, false, at(0)), None, "a few mistakes cost nothing");
        assert_eq!(backoff(10, last, false, at(0)), Some(Duration::seconds(1)));
        assert_eq!(backoff(10, last, false, at(1)), None, "the wait is over");
        assert_eq!(backoff(12, last, false, at(1)), Some(Duration::seconds(3)));
        assert_eq!(backoff(18, last, false, at(0)), Some(Duration::seconds(256)));
        assert_eq!(backoff(19, last, false, at(0)), Some(Duration::seconds(300)));
        assert_eq!(backoff(u32::MAX, last, false, at(10)), Some(Duration::seconds(290)));
    }

    #[test]
    fn the_users_own_browser_never_waits() {
        assert_eq!(backoff(u32::MAX, Some(at(0)), true, at(0)), None);
    }

    #[test]
    fn the_fifth_failure_locks_the_account_and_the_twentieth_the_address() {
        assert_eq!(may_attempt(4, 19), Ok(()));
        assert_eq!(may_attempt(5, 0), Err("account-locked"));
        assert_eq!(may_attempt(0, 20), Err("address-locked"));
    }
}
