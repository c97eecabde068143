//! Credentials: password hashing and API tokens. Browser sessions live in `crate::session`,
//! the sign-in pages in `crate::pages::sessions`.

pub mod password;
pub mod token;
