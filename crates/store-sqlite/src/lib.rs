//! SQLite adapter. (Being built.)
