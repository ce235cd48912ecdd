//! API errors: every failure is `{"error": {"code": "…", "message": "…"}}`
//! with an HTTP status chosen from the service error's class (400 for the
//! user's mistakes, 404 for an unknown article, 500 for the rest).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tifa_service::{ErrorClass, ServiceError};
use utoipa::ToSchema;

/// An error answered as JSON.
#[derive(Debug, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Per-file results of a refused upload.
    pub files: Option<serde_json::Value>,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
    /// Upload only: what happened to each file (nothing was stored).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub files: Option<serde_json::Value>,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// `bad_request`, `invalid`, `not_found`, `bad_file`, `read_only`,
    /// `unauthorized`, `forbidden`, `too_large`, `internal`.
    pub code: String,
    /// Chinese first, then English, as the CLI says it.
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            files: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

/// The error and its causes, as the CLI prints them on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cur = c.source();
    }
    s
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        let (status, code) = match e.class() {
            ErrorClass::BadRequest => (StatusCode::BAD_REQUEST, "bad_request"),
            ErrorClass::Invalid => (StatusCode::BAD_REQUEST, "invalid"),
            ErrorClass::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ErrorClass::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        };
        ApiError::new(status, code, chain(&e))
    }
}

impl From<tifa_library::LibraryError> for ApiError {
    fn from(e: tifa_library::LibraryError) -> ApiError {
        ApiError::from(ServiceError::from(e))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
            files: self.files,
        };
        (self.status, axum::Json(body)).into_response()
    }
}
