//! CSRF protection for every form, enforced by middleware rather than by each handler.
//!
//! Double-submit token: a random value in the `__Host-csrf` cookie (Secure, HttpOnly,
//! SameSite=Strict) must equal the form field `csrf_token`. Every state-changing request
//! outside `/api/` must be an `application/x-www-form-urlencoded` form carrying it; the
//! JSON API authenticates with bearer tokens only, never with cookies, so it needs none.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::state::AppState;

/// Name of the cookie holding the token.
pub const COOKIE: &str = "__Host-csrf";
/// Name of the hidden form field.
pub const FIELD: &str = "csrf_token";

/// The CSRF token for the current request, to put in forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CsrfToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("csrf middleware not installed")))
    }
}

/// Reads a cookie value from request headers.
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn new_token() -> String {
    B64URL.encode(crate::secrets::random_key())
}

/// Middleware: issues the token cookie and checks the token on unsafe methods.
pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let existing = cookie_value(req.headers(), COOKIE).filter(|t| t.len() >= 32 && t.len() <= 64);
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let is_api = req.uri().path().starts_with("/api/");
    let (mut parts, body) = req.into_parts();
    let body = if unsafe_method && !is_api {
        let form_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let Ok(bytes) = to_bytes(body, state.config.max_body_bytes).await else {
            return AppError::PayloadTooLarge.into_response();
        };
        let submitted = form_type
            .then(|| {
                form_urlencoded_pairs(&bytes)
                    .into_iter()
                    .find(|(k, _)| k == FIELD)
                    .map(|(_, v)| v)
            })
            .flatten();
        let ok = match (&existing, &submitted) {
            (Some(c), Some(s)) => c.as_bytes().ct_eq(s.as_bytes()).into(),
            _ => false,
        };
        if !ok {
            return AppError::Csrf.into_response();
        }
        Body::from(bytes)
    } else {
        body
    };
    let token = existing.clone().unwrap_or_else(new_token);
    parts.extensions.insert(CsrfToken(token.clone()));
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if existing.is_none() {
        let cookie = format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}
