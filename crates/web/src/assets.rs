//! Static assets (govuk-frontend and haven's own CSS and JS), embedded in the binary and
//! served under `/assets/…`. Pages link to them with a content hash in the query string
//! ([`url`]), so they can be cached for a year and still change on upgrade.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/assets"]
struct Assets;

const LONG_CACHE: &str = "public, max-age=31536000, immutable";

/// The URL of an asset with its content hash, for templates: `/assets/haven.css?v=1a2b3c4d`.
pub fn url(path: &str) -> String {
    match Assets::get(path) {
        Some(file) => format!("/assets/{path}?v={}", &hex::encode(file.metadata.sha256_hash())[..12]),
        None => {
            tracing::error!(path, "template links to a missing asset");
            format!("/assets/{path}")
        }
    }
}

/// The bytes of an embedded asset (the hotspot map reads its boundaries so).
pub fn file(path: &str) -> Option<Vec<u8>> {
    Assets::get(path).map(|f| f.data.into_owned())
}

/// `GET /assets/{*path}`.
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let Some(file) = Assets::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!("\"{}\"", hex::encode(file.metadata.sha256_hash()));
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let mut response = if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, file.data.into_owned()).into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.essence_str()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(LONG_CACHE));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_govuk_frontend_and_our_own_files_are_embedded() {
        for path in [
            "vendor/govuk-frontend/govuk-frontend.min.css",
            "vendor/govuk-frontend/govuk-frontend.min.js",
            "vendor/govuk-frontend/LICENSE.txt",
            "haven.css",
            "haven.js",
        ] {
            assert!(Assets::get(path).is_some(), "{path}");
        }
        assert!(url("haven.js").starts_with("/assets/haven.js?v="));
    }
}
