//! The clock: the application layer's, so that pages, API, imports and the binary read one.

pub use haven_app::clock::{now, uk_today};
