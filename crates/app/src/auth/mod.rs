//! Credentials: password hashing and API tokens, for every adapter that makes or checks them
//! (the sign-in pages, the API's bearer tokens, the administration of accounts).

pub mod device;
pub mod password;
pub mod signin;
pub mod token;
