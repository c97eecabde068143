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

    #[test]
    fn the_fifth_failure_locks_the_account_and_the_twentieth_the_address() {
        assert_eq!(may_attempt(4, 19), Ok(()));
        assert_eq!(may_attempt(5, 0), Err("account-locked"));
        assert_eq!(may_attempt(0, 20), Err("address-locked"));
    }
}
