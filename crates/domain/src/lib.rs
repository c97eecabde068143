//! haven's domain: the types practitioners talk about and the rules they can state.
//!
//! Pure by design: no IO, no async, no SQL. Values from outside (forms, API bodies, CSV rows,
//! command-line flags) are parsed into the types here once, at the edge; everything inside
//! haven can then trust them.

pub mod agency;
pub mod audit;
pub mod directory;
pub mod disruption;
pub mod error;
pub mod figures;
pub mod ids;
pub mod import;
pub mod location;
pub mod mace;
pub mod marker;
pub mod missing;
pub mod network;
pub mod nrm;
pub mod person;
pub mod policy;
pub mod priority;
pub mod screening;
pub mod sharing;
pub mod signin;
pub mod text;
pub mod uktime;
pub mod user;

#[cfg(test)]
mod testkit;

pub use error::{FieldError, Invalid};
