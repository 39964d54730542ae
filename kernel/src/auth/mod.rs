//! Single sign-on: registration with an HR activation code, login with NIP + password +
//! TOTP, re-enrolment, sessions as signed JWTs, roles, account care.
//!
//! Architecture invariant: everything cryptographic about sign-on lives here; other
//! modules only see [`CurrentUser`] (put into request extensions by `session::middleware`).

pub mod account;
pub mod admin;
pub mod codes;
pub mod jwt;
pub mod password;
pub mod session;
pub mod throttle;
pub mod totp;
pub mod web;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::config::Config;
use crate::error::AppError;
use crate::secrets::Secrets;

/// Roles a user can be granted; everyone is implicitly `pegawai`.
pub const ROLES: &[&str] = &["admin", "anpeg", "pengelola-berita", "helpdesk"];

/// The role every employee has.
pub const ROLE_PEGAWAI: &str = "pegawai";

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// NIP.
    pub nip: String,
    /// Name with titles.
    pub nama: String,
    /// Granted roles, including `pegawai`.
    pub roles: Vec<String>,
    /// Server-side session id (for revocation).
    pub session_id: String,
    /// Module menu and unread count for the page shell (set by the web layer).
    pub nav: Option<std::sync::Arc<crate::web::layout::Nav>>,
}

impl CurrentUser {
    /// Whether the user holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> Result<Option<Self>, std::convert::Infallible> {
        Ok(parts.extensions.get::<CurrentUser>().cloned())
    }
}

/// The signed-in user of a JSON API request (bearer token); without one the request is
/// refused with a JSON 401 instead of the login redirect of [`CurrentUser`].
#[derive(Debug, Clone)]
pub struct ApiUser(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = axum::response::Response;
    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> Result<Self, axum::response::Response> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .map(ApiUser)
            .ok_or_else(|| AppError::Unauthorized.into_json())
    }
}

/// Whether `nip` is well-formed: exactly 18 ASCII digits.
pub fn is_valid_nip(nip: &str) -> bool {
    nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit())
}

/// Sign-on services shared by handlers and the CLI: the password hasher (with its
/// blocking-pool semaphore), the JWT keys, the per-IP limiter and the TOTP secret box.
pub struct AuthService {
    /// Argon2id hashing off the async workers.
    pub passwords: password::Hasher,
    /// Session token signing and verification.
    pub jwt: jwt::JwtKeys,
    /// Per-IP limiter of credential endpoints.
    pub ip_limiter: throttle::IpLimiter,
    /// Encryption of TOTP secrets at rest.
    pub secret_box: totp::SecretBox,
    /// Issuer label shown in authenticator apps.
    pub otp_issuer: String,
}

impl AuthService {
    /// Builds the service from configuration and keys.
    pub fn new(config: &Config, secrets: &Secrets) -> anyhow::Result<Self> {
        Ok(AuthService {
            passwords: password::Hasher::new(config.argon2_memory_kib, config.argon2_iterations)?,
            jwt: jwt::JwtKeys::new(&secrets.signing_key, &config.public_url)?,
            ip_limiter: throttle::IpLimiter::new(config.login_rate_per_ip_per_minute),
            secret_box: totp::SecretBox::new(&secrets.totp_key),
            otp_issuer: config.otp_issuer.clone(),
        })
    }
}
