//! The clock, as every adapter reads it: now to the microsecond (what both stores keep, so a
//! time returned on a write is the time a later read returns) and today's date in the UK (a
//! date of birth entered at 00:30 BST is checked against the UK date, not UTC's).

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::uktime::uk_date;

pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub fn uk_today() -> NaiveDate {
    uk_date(Utc::now())
}
