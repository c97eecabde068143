//! The API's one error type. Every failure becomes an `application/problem+json` body (RFC 9457)
//! with a stable `type`, and `errors`: the `{field, code}` pairs a client acts on. Internal
//! causes are logged with their chain and never returned.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use haven_domain::{FieldError, Invalid};
use haven_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One problem with one part of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    /// The field as the client named it (`date_of_birth`, a query parameter, `id` for the path);
    /// `null` when the problem is with the request as a whole.
    #[schema(example = "date_of_birth")]
    pub field: Option<String>,
    /// A stable key: `required`, `too-long`, `dob-in-future`, `unknown-code`, `unknown-field`,
    /// `invalid-type`, `invalid-json`, `unknown-agency`, `not-found`, `forbidden`,
    /// `version-conflict`, `body-too-large`, `unauthorised`…
    #[schema(example = "dob-in-future")]
    pub code: String,
}

impl FieldProblem {
    pub fn field(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self { field: Some(field.into()), code: code.into() }
    }

    pub fn whole(code: impl Into<String>) -> Self {
        Self { field: None, code: code.into() }
    }
}

impl From<FieldError> for FieldProblem {
    fn from(e: FieldError) -> Self {
        Self::field(e.field, e.code)
    }
}

/// An error body (RFC 9457 problem details).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:haven:problem:<code>`.
    #[serde(rename = "type")]
    #[schema(example = "urn:haven:problem:invalid-input")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// A sentence for the person reading the logs of the client; never personal data.
    pub detail: String,
    pub errors: Vec<FieldProblem>,
}

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// No usable bearer token. `invalid_token` when one was given but is unknown.
    Unauthorised {
        invalid_token: bool,
    },
    /// The access policy said no, with its reason key.
    Forbidden(&'static str),
    NotFound,
    /// The path exists but not for this method.
    MethodNotAllowed,
    /// The request does not have the shape the API expects (malformed JSON, an unknown field, a
    /// wrong type, a malformed id or query parameter): 400.
    BadRequest(Vec<FieldProblem>),
    /// A well-formed request whose values are refused (a date of birth in the future): 422.
    Invalid(Vec<FieldProblem>),
    /// The record changed since the client read it.
    VersionConflict,
    BodyTooLarge,
    UnsupportedMediaType,
    /// A failure of haven or its database: the cause is logged, never returned.
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_field(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self::BadRequest(vec![FieldProblem::field(field, code)])
    }

    pub fn internal(context: impl std::fmt::Display) -> Self {
        Self::Internal(context.to_string())
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str, String, Vec<FieldProblem>) {
        match self {
            Self::Unauthorised { .. } => (
                StatusCode::UNAUTHORIZED,
                "unauthorised",
                "Unauthorised",
                "Send a valid API token as `Authorization: Bearer <token>`.".into(),
                vec![FieldProblem::whole("unauthorised")],
            ),
            Self::Forbidden(reason) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Forbidden",
                format!("The access policy does not allow this ({reason})."),
                vec![FieldProblem::whole("forbidden")],
            ),
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                "There is no such record.".into(),
                vec![FieldProblem::whole("not-found")],
            ),
            Self::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "This path does not take this method; see the OpenAPI document.".into(),
                vec![FieldProblem::whole("method-not-allowed")],
            ),
            Self::BadRequest(errors) => (
                StatusCode::BAD_REQUEST,
                "bad-request",
                "Bad request",
                "The request does not have the shape this endpoint expects.".into(),
                errors.clone(),
            ),
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
                "Some values were refused; nothing was saved.".into(),
                errors.clone(),
            ),
            Self::VersionConflict => (
                StatusCode::CONFLICT,
                "version-conflict",
                "Version conflict",
                "The record changed since it was read; read it again and reapply the change.".into(),
                vec![FieldProblem::field("version", "version-conflict")],
            ),
            Self::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "Body too large",
                format!("A request body may be at most {} bytes.", super::json::BODY_LIMIT),
                vec![FieldProblem::whole("body-too-large")],
            ),
            Self::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "Send the body as `Content-Type: application/json`.".into(),
                vec![FieldProblem::whole("unsupported-media-type")],
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "Something went wrong in haven; it has been logged.".into(),
                vec![FieldProblem::whole("internal")],
            ),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        Self::Invalid(invalid.0.into_iter().map(FieldProblem::from).collect())
    }
}

impl From<haven_app::Refusal> for ApiError {
    fn from(r: haven_app::Refusal) -> Self {
        match r {
            haven_app::Refusal::NotFound => Self::NotFound,
            haven_app::Refusal::Forbidden(reason) => Self::Forbidden(reason),
            haven_app::Refusal::Store(e) => e.into(),
        }
    }
}

impl From<haven_app::Failure> for ApiError {
    fn from(f: haven_app::Failure) -> Self {
        match f {
            haven_app::Failure::NotFound => Self::NotFound,
            haven_app::Failure::Forbidden(reason) => Self::Forbidden(reason),
            haven_app::Failure::Invalid(invalid) => invalid.into(),
            haven_app::Failure::Conflict => Self::VersionConflict,
            haven_app::Failure::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict => Self::VersionConflict,
            StoreError::Duplicate { field } => Self::Invalid(vec![FieldProblem::field(field, "duplicate")]),
            StoreError::Missing { field } => Self::Invalid(vec![FieldProblem::field(field, "unknown-record")]),
            StoreError::Backend(cause) => Self::Internal(format!("store: {cause}")),
        }
    }
}

/// A problem body as a response, for errors raised outside [`ApiError`] (the health check).
pub fn problem_response(status: StatusCode, problem: &Problem) -> Response {
    let mut response = (status, Json(problem)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(%cause, "api request failed");
        }
        let (status, code, title, detail, errors) = self.parts();
        let problem = Problem {
            problem_type: format!("urn:haven:problem:{code}"),
            title: title.into(),
            status: status.as_u16(),
            detail,
            errors,
        };
        let mut response = problem_response(status, &problem);
        if let Self::Unauthorised { invalid_token } = self {
            let challenge = if invalid_token {
                HeaderValue::from_static("Bearer realm=\"haven\", error=\"invalid_token\"")
            } else {
                HeaderValue::from_static("Bearer realm=\"haven\"")
            };
            response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}
