//! One error type for the HTML routes. A handler returns `Err(AppError::…)`; the response
//! carries an [`ErrorPage`] marker, and the context middleware (which knows the user's
//! language) renders the page. Internal causes are logged with their chain, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use haven_store::StoreError;

/// Which error page to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    BadRequest,
    Forbidden,
    /// A state-changing request without a valid CSRF token, or from another site.
    Csrf,
    NotFound,
    TooLarge,
    TooManyRequests,
    Internal,
}

impl PageKind {
    pub fn status(self) -> StatusCode {
        match self {
            PageKind::BadRequest => StatusCode::BAD_REQUEST,
            PageKind::Forbidden | PageKind::Csrf => StatusCode::FORBIDDEN,
            PageKind::NotFound => StatusCode::NOT_FOUND,
            PageKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            PageKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            PageKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The page for a bare error status (an axum rejection, the router's fallback).
    pub fn for_status(status: StatusCode) -> PageKind {
        match status.as_u16() {
            403 => PageKind::Forbidden,
            404 => PageKind::NotFound,
            413 => PageKind::TooLarge,
            429 => PageKind::TooManyRequests,
            400..=499 => PageKind::BadRequest,
            _ => PageKind::Internal,
        }
    }

    /// Message keys: the title and the explanation.
    pub fn keys(self) -> (&'static str, &'static str) {
        match self {
            PageKind::BadRequest => ("error-page-400-title", "error-page-400-text"),
            PageKind::Forbidden => ("error-page-403-title", "error-page-403-text"),
            PageKind::Csrf => ("error-page-403-title", "error-page-403-csrf-text"),
            PageKind::NotFound => ("error-page-404-title", "error-page-404-text"),
            PageKind::TooLarge => ("error-page-413-title", "error-page-413-text"),
            PageKind::TooManyRequests => ("error-page-429-title", "error-page-429-text"),
            PageKind::Internal => ("error-page-500-title", "error-page-500-text"),
        }
    }
}

/// Marks a response as one that should show an error page.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage(pub PageKind);

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page needs a signed-in user: go to the sign-in page, and afterwards back to
    /// `next` (a local path) when there is one.
    #[error("sign-in required")]
    SignInRequired(Option<String>),
    /// The user must change their password before anything else.
    #[error("password change required")]
    PasswordChangeRequired,
    /// The access policy said no; the reason is a policy key.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// Throttled: try again after this many seconds; `None` is the whole sign-in window.
    #[error("too many requests")]
    TooManyRequests(Option<i64>),
    #[error("bad request")]
    BadRequest,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Internal(anyhow::Error::new(other).context("store")),
        }
    }
}

impl From<haven_app::Refusal> for AppError {
    fn from(r: haven_app::Refusal) -> Self {
        match r {
            haven_app::Refusal::NotFound => AppError::NotFound,
            haven_app::Refusal::Forbidden(reason) => AppError::Forbidden(reason),
            haven_app::Refusal::Store(e) => e.into(),
        }
    }
}

/// A failure where the page has no form to show it on: a problem of the request itself is a
/// bad request; not found, refused and store failures are their own pages.
impl From<haven_app::Failure> for AppError {
    fn from(f: haven_app::Failure) -> Self {
        match f {
            haven_app::Failure::Invalid(_) | haven_app::Failure::Conflict => AppError::BadRequest,
            haven_app::Failure::NotFound => AppError::NotFound,
            haven_app::Failure::Forbidden(reason) => AppError::Forbidden(reason),
            haven_app::Failure::Store(e) => e.into(),
        }
    }
}

/// A write's outcome for a form: done, or the form again with its errors or its conflict.
#[derive(Debug)]
pub enum Outcome<T> {
    Done(T),
    Invalid(haven_domain::Invalid),
    Conflict,
}

impl<T> Outcome<T> {
    /// Splits what the form shows again from what is an error page (not found, refused, a
    /// store failure).
    pub fn of(result: Result<T, haven_app::Failure>) -> Result<Self, AppError> {
        match result {
            Ok(done) => Ok(Self::Done(done)),
            Err(haven_app::Failure::Invalid(invalid)) => Ok(Self::Invalid(invalid)),
            Err(haven_app::Failure::Conflict) => Ok(Self::Conflict),
            Err(haven_app::Failure::NotFound) => Err(AppError::NotFound),
            Err(haven_app::Failure::Forbidden(reason)) => Err(AppError::Forbidden(reason)),
            Err(haven_app::Failure::Store(e)) => Err(e.into()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e).context("rendering a template"))
    }
}

/// The bare error response for a kind: status and marker, no body (the middleware adds it).
pub fn error_response(kind: PageKind) -> Response {
    let mut r = kind.status().into_response();
    r.extensions_mut().insert(ErrorPage(kind));
    r
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let kind = match self {
            AppError::SignInRequired(next) => {
                let to = match next.as_deref().and_then(crate::session::safe_next) {
                    Some(next) if next != "/" => {
                        format!("/sign-in?{}", serde_urlencoded::to_string([("next", next)]).unwrap_or_default())
                    }
                    _ => "/sign-in".to_owned(),
                };
                return Redirect::to(&to).into_response();
            }
            AppError::PasswordChangeRequired => return Redirect::to("/account/password").into_response(),
            AppError::Forbidden(reason) => {
                tracing::info!(reason, "access refused");
                PageKind::Forbidden
            }
            AppError::NotFound => PageKind::NotFound,
            AppError::TooManyRequests(wait) => {
                let mut response = error_response(PageKind::TooManyRequests);
                // Without a wait of its own, the sign-in window (haven_domain::signin::WINDOW_MINUTES).
                let seconds = wait.unwrap_or(haven_domain::signin::WINDOW_MINUTES * 60);
                if let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
                }
                return response;
            }
            AppError::BadRequest => PageKind::BadRequest,
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                PageKind::Internal
            }
        };
        error_response(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_becomes_a_bare_500_that_never_carries_its_cause() {
        let response = AppError::Internal(anyhow::anyhow!("database password is hunter2")).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(matches!(response.extensions().get::<ErrorPage>(), Some(ErrorPage(PageKind::Internal))));
        let body = axum::body::Body::new(response.into_body());
        let bytes = exact_len(body);
        assert_eq!(bytes, Some(0));
    }

    /// The exact size of a body, when it knows it.
    fn exact_len(body: axum::body::Body) -> Option<u64> {
        use axum::body::HttpBody;
        body.size_hint().exact()
    }

    #[test]
    fn store_errors_map_to_not_found_or_internal() {
        assert!(matches!(AppError::from(StoreError::NotFound), AppError::NotFound));
        assert!(matches!(AppError::from(StoreError::Backend("x".into())), AppError::Internal(_)));
        let throttled = AppError::TooManyRequests(None).into_response();
        assert_eq!(throttled.headers().get("retry-after").map(|v| v.as_bytes()), Some(&b"900"[..]));
        let waited = AppError::TooManyRequests(Some(16)).into_response();
        assert_eq!(waited.headers().get("retry-after").map(|v| v.as_bytes()), Some(&b"16"[..]));
    }
}
