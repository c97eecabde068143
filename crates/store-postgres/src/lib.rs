//! PostgreSQL adapter. (Being built.)
