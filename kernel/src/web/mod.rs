//! The HTTP application: one module per resource, each exporting `routes()`, merged here
//! with the cross-cutting layers (request id, body limit, security headers, CSRF, session).
//!
//! Architecture invariant: handlers hold no SQL (that is `db::*`) and no crypto (that is
//! `auth::*`); they parse input, call those, and render.

pub mod admin;
pub mod csrf;
pub mod dashboard;
pub mod format;
pub mod health;
pub mod layout;
pub mod modules;
pub mod notifications;
pub mod profile;
pub mod render;
pub mod search;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::state::AppState;

/// The header carrying the request id.
pub const REQUEST_ID: &str = "x-request-id";

/// Builds the whole application router (tests drive it directly).
pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID);
    let caches = std::sync::Arc::new(layout::WebCaches::default());
    // The module upload form is multipart and larger than any other body: its own body
    // limit, and its CSRF token checked by the handler (the CSRF middleware reads only
    // urlencoded forms).
    let upload = admin::upload_routes()
        .layer(from_fn_with_state(
            state.clone(),
            crate::auth::session::middleware,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(
            admin::MAX_UPLOAD_BYTES,
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            admin::MAX_UPLOAD_BYTES,
        ));
    let core = Router::new()
        .merge(health::routes())
        .merge(crate::auth::web::routes())
        .merge(dashboard::routes())
        .merge(profile::routes())
        .merge(search::routes())
        .merge(notifications::routes())
        .merge(modules::routes())
        .merge(admin::routes())
        .route("/static/app.css", get(stylesheet))
        .layer(from_fn_with_state(
            (state.clone(), caches.clone()),
            layout::nav_middleware,
        ))
        .layer(from_fn_with_state(
            state.clone(),
            crate::auth::session::middleware,
        ))
        .layer(from_fn_with_state(state.clone(), csrf::middleware))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            state.config.max_body_bytes,
        ));
    Router::new()
        .merge(core)
        .merge(upload)
        .layer(from_fn(explain_oversize))
        .layer(from_fn(security_headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
        .into_response()
}

/// Content-Security-Policy of every page: no inline script, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Replaces the body limit's bare 413 with the portal's clear error (HTML, or JSON under
/// `/api/`); nothing of the request was processed.
async fn explain_oversize(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if response.status() != axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    let error = crate::error::AppError::PayloadTooLarge;
    if is_api {
        error.into_json()
    } else {
        error.into_response()
    }
}

/// Adds the security headers to every response; `no-store` on everything but static files.
async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    );
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(self)",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if !is_static {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    response
}

/// The client's IP address as the server saw it.
pub fn client_ip(parts: &axum::http::request::Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The request id set by the request-id layer.
pub fn request_id(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}
