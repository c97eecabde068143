//! Validation errors as stable keys, so that the web layer can translate them (English and
//! Welsh) and the API can return them as `{field, code}` pairs.

use serde::Serialize;

/// One problem with one field: `field` is the name the user or client used, `code` a stable
/// key such as `dob-in-future` that the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        Self { field: field.into(), code }
    }
}

/// Every problem found in one submission, in the order the fields were checked. Parsing keeps
/// going after the first problem so that a user sees all of them at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid input: {}", .0.iter().map(|e| format!("{} ({})", e.field, e.code)).collect::<Vec<_>>().join(", "))]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn one(field: impl Into<String>, code: &'static str) -> Self {
        Self(vec![FieldError::new(field, code)])
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str) {
        self.0.push(FieldError::new(field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records the error of a parse, if any, under `field`, and returns the value otherwise.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, &'static str>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(code) => {
                self.push(field, code);
                None
            }
        }
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}
