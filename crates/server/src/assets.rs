//! The web workbench's static files (`web/`), embedded in the binary so
//! `tifa serve` works offline from any directory: `/` is `index.html`,
//! `/assets/...` the script, style sheet and icon, each with its content type.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// `(path, content type, bytes)` of every embedded file.
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../web/index.html"),
    ),
    (
        "/index.html",
        "text/html; charset=utf-8",
        include_bytes!("../web/index.html"),
    ),
    (
        "/assets/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/assets/app.js"),
    ),
    (
        "/assets/pack.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/assets/pack.js"),
    ),
    (
        "/assets/style.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/assets/style.css"),
    ),
    (
        "/assets/favicon.svg",
        "image/svg+xml",
        include_bytes!("../web/assets/favicon.svg"),
    ),
];

/// The embedded file at `path`, or a plain 404.
pub fn get(path: &str) -> Response {
    let Some((_, ctype, bytes)) = FILES.iter().find(|(p, _, _)| *p == path) else {
        return (StatusCode::NOT_FOUND, "404 not found\n").into_response();
    };
    let mut r = (*bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}
