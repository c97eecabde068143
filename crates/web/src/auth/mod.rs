//! Credentials: password hashing and API tokens. Sessions and sign-in pages live in `pages`.

pub mod password;
pub mod token;
