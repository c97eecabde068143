//! Why a write was not done, for every adapter to answer in its own way (a problem document, a
//! page with its errors, a command's message).

use crate::access::Refusal;
use haven_domain::Invalid;
use haven_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// No such record, or one the caller may not see (audited): answered alike.
    #[error("not found")]
    NotFound,
    /// The caller sees the record but may not do this; the reason is a policy key.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Values refused, each naming its field; nothing was written.
    #[error(transparent)]
    Invalid(Invalid),
    /// The record changed since the version the change was made from; nothing was written.
    #[error("the record changed since it was read")]
    Conflict,
    #[error(transparent)]
    Store(StoreError),
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::NotFound => Self::NotFound,
            Refusal::Forbidden(reason) => Self::Forbidden(reason),
            Refusal::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::Conflict,
            StoreError::Duplicate { field } => Self::Invalid(Invalid::one(field, "duplicate")),
            StoreError::Missing { field } => Self::Invalid(Invalid::one(field, "unknown-record")),
            other => Self::Store(other),
        }
    }
}

impl From<Invalid> for Failure {
    fn from(e: Invalid) -> Self {
        Self::Invalid(e)
    }
}

/// A check's result followed by the problems found resolving its references (an unknown
/// person, place or agency), all at once; `Ok` only when there are none.
pub fn with_problems<T>(parsed: Result<T, Invalid>, problems: Invalid) -> Result<T, Failure> {
    match parsed {
        Ok(value) if problems.is_empty() => Ok(value),
        Ok(_) => Err(Failure::Invalid(problems)),
        Err(mut invalid) => {
            invalid.0.extend(problems.0);
            Err(Failure::Invalid(invalid))
        }
    }
}
