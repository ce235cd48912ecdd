//! The web workbench's static assets (`web/`), embedded for `tifa serve`.
//! Placeholder: the HTTP server itself lands with the service layer.

/// `web/index.html`, served at `/`.
pub const INDEX_HTML: &str = include_str!("../web/index.html");
