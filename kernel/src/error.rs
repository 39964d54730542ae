//! The one error type at the HTTP edge. Each variant maps to a status and a stable
//! machine-readable code; 5xx details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// An error a handler returns.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed or fails validation; the message is shown to the user.
    #[error("{0}")]
    BadRequest(String),
    /// Not signed in (or the session ended).
    #[error("silakan masuk terlebih dahulu")]
    Unauthorized,
    /// Signed in but not allowed.
    #[error("Anda tidak memiliki akses ke halaman ini")]
    Forbidden,
    /// No such object (or not visible to the caller).
    #[error("data tidak ditemukan")]
    NotFound,
    /// The form's CSRF token is missing or wrong.
    #[error("formulir kedaluwarsa atau tidak sah; muat ulang halaman lalu coba lagi")]
    Csrf,
    /// Conflicts with existing data (e.g. a duplicate).
    #[error("{0}")]
    Conflict(String),
    /// The request body is larger than the portal accepts.
    #[error("isian terlalu besar; kurangi isinya lalu kirim ulang")]
    PayloadTooLarge,
    /// Too many attempts.
    #[error("terlalu banyak percobaan; coba lagi beberapa saat lagi")]
    TooManyRequests,
    /// Anything unexpected; logged with its cause.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    /// HTTP status for this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code (used by the JSON API).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "invalid_input",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Csrf => "csrf",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests => "rate_limited",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message safe to show the user.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => "Terjadi kesalahan pada server. Silakan coba lagi.".into(),
            other => other.to_string(),
        }
    }

    /// A JSON body `{ "error": code, "message": ... }` with the right status.
    pub fn into_json(self) -> Response {
        self.log();
        let body = serde_json::json!({ "error": self.code(), "message": self.public_message() });
        (self.status(), axum::Json(body)).into_response()
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            tracing::error!(error = ?e, "internal error");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if matches!(self, AppError::Unauthorized) {
            return axum::response::Redirect::to("/masuk").into_response();
        }
        let page = crate::web::layout::ErrorPage {
            title: "Kesalahan",
            message: self.public_message(),
            status: self.status().as_u16(),
        };
        (self.status(), Html(page.render_html())).into_response()
    }
}

/// Result alias for handlers.
pub type AppResult<T> = Result<T, AppError>;
