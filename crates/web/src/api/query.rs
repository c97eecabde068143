//! Query strings: every parameter known, at most once, each parsed with its name on failure.

use super::error::{ApiError, FieldProblem};
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// A query string as name → value, refused when it is malformed (`invalid-query`) or repeats a
/// parameter (`repeated`). Unknown names are refused by [`QueryParams::only`].
#[derive(Debug, Default)]
pub struct QueryParams(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::BadRequest(vec![FieldProblem::whole("invalid-query")]))?;
        let mut map = HashMap::new();
        let mut problems = Vec::new();
        for (name, value) in pairs {
            match map.entry(name) {
                Entry::Occupied(e) => problems.push(FieldProblem::field(e.key().clone(), "repeated")),
                Entry::Vacant(e) => {
                    e.insert(value);
                }
            }
        }
        if problems.is_empty() { Ok(Self(map)) } else { Err(ApiError::BadRequest(problems)) }
    }
}

impl QueryParams {
    /// Refuses any parameter not in `known`, naming each.
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        let mut unknown: Vec<FieldProblem> = self
            .0
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| FieldProblem::field(k.chars().take(64).collect::<String>(), "unknown-field"))
            .collect();
        unknown.sort_by(|a, b| a.field.cmp(&b.field));
        if unknown.is_empty() { Ok(()) } else { Err(ApiError::BadRequest(unknown)) }
    }

    /// The trimmed value of a parameter, `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// A limit between 1 and `max`, `default` when not given.
    pub fn limit(&self, default: u32, max: u32, problems: &mut Vec<FieldProblem>) -> u32 {
        match self.get("limit").map(str::parse::<u32>) {
            None => default,
            Some(Ok(n)) if (1..=max).contains(&n) => n,
            Some(Ok(_)) => {
                problems.push(FieldProblem::field("limit", "out-of-range"));
                default
            }
            Some(Err(_)) => {
                problems.push(FieldProblem::field("limit", "not-a-number"));
                default
            }
        }
    }
}
