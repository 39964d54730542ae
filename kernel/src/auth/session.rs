//! Session middleware: verifies the session JWT (the `__Host-session` cookie, or an
//! `Authorization: Bearer` header under `/api/` only), checks the server-side session
//! (not revoked, not past its absolute end, account not disabled), puts
//! [`super::CurrentUser`] into the request extensions, and renews the token when less
//! than half of its lifetime is left (a fresh cookie, or for bearer clients a fresh
//! token in the `x-session-token` response header).
//!
//! Per request this costs one Ed25519 verification and one indexed query; renewal adds
//! one update, at most once per half TTL.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{CurrentUser, ROLE_PEGAWAI};
use crate::error::AppError;
use crate::state::AppState;

/// Name of the session cookie.
pub const COOKIE: &str = "__Host-session";

/// Response header carrying a renewed token for bearer clients.
pub const RENEWED_TOKEN_HEADER: &str = "x-session-token";

/// `Set-Cookie` value installing a session token for `max_age` seconds.
pub fn set_cookie(token: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={}",
        max_age.max(0)
    ))
    .unwrap_or_else(|_| clear_cookie())
}

/// `Set-Cookie` value removing the session cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("__Host-session=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

fn sets_session_cookie(response: &Response) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&format!("{COOKIE}=")))
}

/// A verified session: the user and, when due, a renewed token.
struct Verified {
    user: CurrentUser,
    renewed: Option<(String, i64)>,
}

async fn verify(state: &AppState, token: &str, ip: &str) -> anyhow::Result<Option<Verified>> {
    let now = state.now();
    let Ok(claims) = state.auth.jwt.verify(token, now) else {
        return Ok(None);
    };
    let Some(s) = crate::db::sessions::lookup(&state.db, &claims.sid).await? else {
        return Ok(None);
    };
    if s.revoked || s.disabled || s.expires_at <= now || s.nip != claims.sub {
        return Ok(None);
    }
    let mut roles = Vec::with_capacity(s.roles.len() + 1);
    roles.push(ROLE_PEGAWAI.to_string());
    roles.extend(s.roles);
    let user = CurrentUser {
        nama: crate::db::employees::full_name(&s.gelar_depan, &s.nama, &s.gelar_belakang),
        nip: s.nip,
        roles,
        session_id: claims.sid,
        nav: None,
    };
    let ttl = state.config.session_ttl_secs;
    let renewed = if claims.exp - now < ttl / 2 {
        let exp = (now + ttl).min(s.expires_at);
        let token = state.auth.jwt.sign(&user.nip, &user.session_id, now, exp)?;
        crate::db::sessions::touch(&state.db, &user.session_id, now, ip).await?;
        Some((token, exp - now))
    } else {
        None
    };
    Ok(Some(Verified { user, renewed }))
}

/// Attaches the current user, if the request carries a valid session.
pub async fn middleware(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let token = if is_api {
        bearer(req.headers())
    } else {
        crate::web::csrf::cookie_value(req.headers(), COOKIE).filter(|t| !t.is_empty())
    };
    let Some(token) = token else {
        return next.run(req).await;
    };
    let ip = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    let verified = match verify(&state, &token, &ip).await {
        Ok(v) => v,
        Err(e) => {
            let e = AppError::Internal(e.context("session check failed"));
            return if is_api {
                e.into_json()
            } else {
                e.into_response()
            };
        }
    };
    match verified {
        Some(Verified { user, renewed }) => {
            req.extensions_mut().insert(user);
            let mut response = next.run(req).await;
            if let Some((token, max_age)) = renewed {
                if is_api {
                    if let Ok(v) = HeaderValue::from_str(&token) {
                        response.headers_mut().insert(RENEWED_TOKEN_HEADER, v);
                    }
                } else if !sets_session_cookie(&response) {
                    response
                        .headers_mut()
                        .append(header::SET_COOKIE, set_cookie(&token, max_age));
                }
            }
            response
        }
        None => {
            let mut response = next.run(req).await;
            if !is_api && !sets_session_cookie(&response) {
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, clear_cookie());
            }
            response
        }
    }
}
