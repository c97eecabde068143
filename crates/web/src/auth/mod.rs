//! Credentials: password hashing and API tokens live in `haven_app::auth`, with the accounts
//! they belong to; browser sessions live in `crate::session`, the sign-in pages in
//! `crate::pages::sessions`.

pub use haven_app::auth::{password, token};
