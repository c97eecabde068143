//! Sign-in throttling: after repeated failures an account, or an address, is refused for a
//! while, so that passwords cannot be guessed at speed. The numbers are the service's policy
//! (NCSC guidance favours throttling over permanent lock-outs, which attackers can abuse to
//! deny service to a whole control room).

use chrono::{DateTime, Duration, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_the_account_and_the_twentieth_the_address() {
        assert_eq!(may_attempt(4, 19), Ok(()));
        assert_eq!(may_attempt(5, 0), Err("account-locked"));
        assert_eq!(may_attempt(0, 20), Err("address-locked"));
    }
}
