//! Defences applied to every request: strict response headers, a body size limit, and
//! cross-site request forgery checks on every state-changing request.

use crate::error::{ErrorPage, PageKind};
use crate::map_tiles::TileSource;
use crate::session::{CurrentSession, SIGNIN_CSRF_COOKIE, cookie_value};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

/// The largest request body haven reads: forms are small; anything bigger is refused (413).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The name of the hidden form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf_token";

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; \
     form-action 'self'; base-uri 'none'; object-src 'none'";

const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), \
     midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), \
     sync-xhr=(), usb=(), xr-spatial-tracking=(), browsing-topics=()";

/// The policy with images also allowed from a configured map tile server's origin (checked
/// by [`TileSource::parse`] to need no escaping).
pub fn content_security_policy(tiles: Option<&TileSource>) -> String {
    match tiles {
        Some(t) => {
            CONTENT_SECURITY_POLICY.replace("img-src 'self' data:;", &format!("img-src 'self' data: {};", t.origin()))
        }
        None => CONTENT_SECURITY_POLICY.to_owned(),
    }
}

/// What the security headers depend on in this install.
#[derive(Debug, Clone)]
pub struct HeaderPolicy {
    /// Strict-Transport-Security (served over HTTPS).
    pub hsts: bool,
    pub csp: HeaderValue,
}

impl HeaderPolicy {
    pub fn new(hsts: bool, tiles: Option<&TileSource>) -> Self {
        let csp = HeaderValue::from_str(&content_security_policy(tiles))
            .unwrap_or_else(|_| HeaderValue::from_static(CONTENT_SECURITY_POLICY));
        Self { hsts, csp }
    }
}

/// Sets the security headers on every response, pages and API alike. Responses that did not
/// choose their own caching (everything but assets) are `no-store`: pages carry case data.
pub async fn headers(State(policy): State<HeaderPolicy>, request: Request, next: Next) -> Response {
    let hsts = policy.hsts;
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    h.insert(header::CONTENT_SECURITY_POLICY, policy.csp);
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY);
    set(h, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, header::HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    if hsts {
        set(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The API authenticates with a bearer token only and never reads a cookie, so no CSRF can ride
/// it; a call without a token is refused there with 401 and a problem body, not here.
fn is_api_call(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

/// Whether the browser says the request came from another site. Uses `Sec-Fetch-Site` where
/// the browser sends it, else compares `Origin` with `Host`. A request with neither (an old
/// browser, a command-line client) passes this check and still needs its token.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let authority = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    origin == "null" || !authority.eq_ignore_ascii_case(host)
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn tokens_match(given: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn forbidden() -> Response {
    let mut r = StatusCode::FORBIDDEN.into_response();
    r.extensions_mut().insert(ErrorPage(PageKind::Csrf));
    r
}

/// Checks every state-changing request: refuses cross-site ones, then compares the form's
/// `csrf_token` with the session's token (or, for the sign-in form, which has no session
/// yet, with the double-submit cookie). The body is read here (up to [`BODY_LIMIT`]) and handed
/// on unchanged.
pub async fn csrf(request: Request, next: Next) -> Response {
    if is_safe(request.method()) || is_api_call(&request) {
        return next.run(request).await;
    }
    if is_cross_site(request.headers()) {
        tracing::warn!(path = request.uri().path(), "cross-site request refused");
        return forbidden();
    }
    let expected = if request.uri().path() == "/sign-in" {
        cookie_value(request.headers(), SIGNIN_CSRF_COOKIE).unwrap_or_default()
    } else {
        request.extensions().get::<CurrentSession>().map(|s| s.record.csrf_token.clone()).unwrap_or_default()
    };
    // A file upload's body is streamed to its handler, never buffered here: its form carries the
    // token in its action's query string instead (the query is never logged, and no referrer leaves).
    if is_multipart(request.headers()) {
        let given = query_field(request.uri().query(), CSRF_FIELD).unwrap_or_default();
        if !tokens_match(&given, &expected) {
            tracing::warn!(path = request.uri().path(), "missing or wrong CSRF token on an upload");
            return forbidden();
        }
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            let mut r = StatusCode::PAYLOAD_TOO_LARGE.into_response();
            r.extensions_mut().insert(ErrorPage(PageKind::TooLarge));
            return r;
        }
    };
    let given = form_field(&parts.headers, &bytes, CSRF_FIELD).unwrap_or_default();
    if !tokens_match(&given, &expected) {
        tracing::warn!(path = parts.uri.path(), "missing or wrong CSRF token");
        return forbidden();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// One field of a query string.
fn query_field(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// One field of an `application/x-www-form-urlencoded` body.
fn form_field(headers: &HeaderMap, body: &[u8], name: &str) -> Option<String> {
    let urlencoded = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        return None;
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_is_judged_by_fetch_metadata_then_origin() {
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[("sec-fetch-site", "same-origin"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&headers(&[("origin", "https://evil.example"), ("host", "haven.example")])));
        assert!(!is_cross_site(&headers(&[("origin", "https://haven.example"), ("host", "haven.example")])));
        assert!(is_cross_site(&headers(&[("origin", "null"), ("host", "haven.example")])));
        assert!(!is_cross_site(&headers(&[("host", "haven.example")])));
    }

    #[test]
    fn tokens_must_match_exactly_and_an_empty_expectation_matches_nothing() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abd", "abc"));
        assert!(!tokens_match("ab", "abc"));
        assert!(!tokens_match("", ""));
    }

    #[test]
    fn the_token_is_read_from_an_urlencoded_form_only() {
        let form = headers(&[("content-type", "application/x-www-form-urlencoded")]);
        assert_eq!(form_field(&form, b"a=1&csrf_token=x%2By", "csrf_token"), Some("x+y".to_owned()));
        assert_eq!(form_field(&headers(&[]), b"csrf_token=x", "csrf_token"), None);
    }
}
