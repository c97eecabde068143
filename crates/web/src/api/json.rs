//! Request bodies: read at most [`BODY_LIMIT`] bytes, then deserialise with the failing field
//! named. Reading and parsing are two steps so that a handler can authorise the request between
//! them: a caller who may not create people learns nothing from how their body is refused.

use super::error::{ApiError, FieldProblem};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// The largest request body the API reads: 1 MiB.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The raw bytes of a JSON body, read within [`BODY_LIMIT`] (the router sets the limit with
/// `DefaultBodyLimit`, and a declared `Content-Length` over it is refused before reading).
#[derive(Debug)]
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|len| len > BODY_LIMIT as u64) {
            return Err(ApiError::BodyTooLarge);
        }
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiError::UnsupportedMediaType);
        }
        match Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(Self(bytes)),
            Err(BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_))) => {
                Err(ApiError::BodyTooLarge)
            }
            Err(other) => {
                // The client went away or sent a broken stream: nothing of theirs to name.
                tracing::info!(error = %other, "request body could not be read");
                Err(ApiError::BadRequest(vec![FieldProblem::whole("invalid-body")]))
            }
        }
    }
}

fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Deserialises a body that must be a JSON object, naming the field that is wrong: an unknown
/// field is `{field: <name>, code: "unknown-field"}`, a missing one `required`, a value of the
/// wrong type `invalid-type` under the field serde was reading, and anything that is not JSON
/// `invalid-json`. An array is refused as a whole (serde would otherwise read a struct from one).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.trim_ascii_start().starts_with(b"[") {
        return Err(ApiError::BadRequest(vec![FieldProblem::whole("invalid-type")]));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| ApiError::BadRequest(vec![problem(&e)]))?;
    de.end().map_err(|_| ApiError::BadRequest(vec![FieldProblem::whole("invalid-json")]))?;
    Ok(value)
}

/// The longest field name echoed back: a client's unknown field can be anything.
const MAX_ECHOED: usize = 64;

fn problem(e: &serde_path_to_error::Error<serde_json::Error>) -> FieldProblem {
    let inner = e.inner();
    if !matches!(inner.classify(), Category::Data) {
        return FieldProblem::whole("invalid-json");
    }
    let message = inner.to_string();
    let path = e.path().to_string();
    let at = |name: &str| {
        let name: String = name.chars().take(MAX_ECHOED).collect();
        match path.as_str() {
            "." | "" => name,
            p if p == name || p.ends_with(&format!(".{name}")) => p.to_owned(),
            p => format!("{p}.{name}"),
        }
    };
    if let Some(name) = quoted_after(&message, "unknown field `") {
        return FieldProblem::field(at(name), "unknown-field");
    }
    if let Some(name) = quoted_after(&message, "duplicate field `") {
        return FieldProblem::field(at(name), "repeated");
    }
    if let Some(name) = quoted_after(&message, "missing field `") {
        return FieldProblem::field(at(name), "required");
    }
    match path.as_str() {
        "." | "" => FieldProblem::whole("invalid-type"),
        p => FieldProblem::field(p, "invalid-type"),
    }
}

/// The text between `prefix` and the next backtick, if `message` starts with `prefix`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix).and_then(|rest| rest.split('`').next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialised")]
    struct Body {
        name: String,
        version: i64,
        #[serde(default)]
        note: Option<String>,
    }

    fn errors(json: &str) -> Vec<FieldProblem> {
        match parse::<Body>(json.as_bytes()) {
            Err(ApiError::BadRequest(errors)) => errors,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn each_kind_of_mistake_names_its_field() {
        assert_eq!(
            errors(r#"{"name":"a","version":1,"shoe_size":9}"#),
            [FieldProblem::field("shoe_size", "unknown-field")]
        );
        assert_eq!(errors(r#"{"name":"a"}"#), [FieldProblem::field("version", "required")]);
        assert_eq!(errors(r#"{"name":"a","version":1,"name":"b"}"#), [FieldProblem::field("name", "repeated")]);
        assert_eq!(errors(r#"{"name":5,"version":1}"#), [FieldProblem::field("name", "invalid-type")]);
        assert_eq!(errors(r#"{"name":"a","version":"1"}"#), [FieldProblem::field("version", "invalid-type")]);
        assert_eq!(errors(r#"{"name":"a","version":1,"note":[]}"#), [FieldProblem::field("note", "invalid-type")]);
        assert_eq!(errors(r#""a string""#), [FieldProblem::whole("invalid-type")]);
        assert_eq!(errors("42"), [FieldProblem::whole("invalid-type")]);
        assert_eq!(errors(r#" ["a", 1]"#), [FieldProblem::whole("invalid-type")]);
    }

    #[test]
    fn what_is_not_json_is_invalid_json() {
        for bad in ["", "{", r#"{"name":"a","version":1} trailing"#, "{name: 'a'}"] {
            assert_eq!(errors(bad), [FieldProblem::whole("invalid-json")], "{bad:?}");
        }
    }

    #[test]
    fn only_json_media_types_are_read() {
        let v = |s: &'static str| header::HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("Application/JSON; charset=utf-8"))));
        assert!(is_json(Some(&v("application/merge-patch+json"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(Some(&v("application/x-www-form-urlencoded"))));
        assert!(!is_json(None));
    }
}
