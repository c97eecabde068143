//! The per-request context of the pages: the language (from `?lang=`, the cookie or the
//! browser) and the session (from the cookie), put in the request's extensions for handlers;
//! and, on the way out, the error page for any error response that has no page yet.

use crate::error::{ErrorPage, PageKind};
use crate::i18n::{LANG_COOKIE, Lang, negotiate};
use crate::session::{cookie_value, load, set_cookie};
use crate::state::AppState;
use crate::views::{ErrorTemplate, PageCtx};
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;

fn query_lang(query: Option<&str>) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().find(|(k, _)| k == "lang").map(|(_, v)| v)
}

pub async fn context(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    // The API and the health check have their own authentication and error bodies; assets
    // need neither.
    if path.starts_with("/api/") || path.starts_with("/assets/") || path == "/healthz" {
        return next.run(request).await;
    }
    let headers = request.headers();
    let chosen = query_lang(request.uri().query()).and_then(|l| Lang::parse(&l));
    let lang = negotiate(
        chosen.map(Lang::code),
        cookie_value(headers, LANG_COOKIE).as_deref(),
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    );
    let session = load(&state, headers, Utc::now()).await;
    let query = request.uri().query().map(str::to_owned);
    request.extensions_mut().insert(lang);
    if let Some(s) = &session {
        request.extensions_mut().insert(s.clone());
    }

    let mut response = next.run(request).await;

    let status = response.status();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if (status.is_client_error() || status.is_server_error()) && !is_html {
        let kind = response.extensions().get::<ErrorPage>().map(|e| e.0).unwrap_or(PageKind::for_status(status));
        let ctx = PageCtx::new(lang, session.as_ref(), state.config.demo, &path, query.as_deref());
        let (title, text) = kind.keys();
        let page = ErrorTemplate { title: ctx.t(title), text: ctx.t(text), ctx };
        let body = match page.render() {
            Ok(html) => html,
            Err(e) => {
                tracing::error!(error = %e, "could not render an error page");
                String::from("<!DOCTYPE html><title>haven</title><p>Error</p>")
            }
        };
        let mut page = (status, Html(body)).into_response();
        // Keep what the original response set (cookies on a refused sign-in, Retry-After).
        for (name, value) in response.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                page.headers_mut().append(name, value.clone());
            }
        }
        response = page;
    }
    if chosen.is_some() {
        let cookie = set_cookie(LANG_COOKIE, lang.code(), state.config.secure_cookies, Some(365 * 24 * 3600));
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    if !response.headers().contains_key(header::CONTENT_LANGUAGE) {
        response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    }
    response
}
