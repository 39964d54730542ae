//! Single sign-on: registration with an HR activation code, login with NIP + password +
//! TOTP, re-enrolment, sessions as signed JWTs, roles, account care.
//!
//! Architecture invariant: everything cryptographic about sign-on lives here; other
//! modules only see [`CurrentUser`] (put into request extensions by `session::middleware`).

pub mod admin;
pub mod session;
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

/// Sign-on services shared by handlers and the CLI.
pub struct AuthService {}

impl AuthService {
    /// Builds the service from configuration and keys.
    pub fn new(_config: &Config, _secrets: &Secrets) -> anyhow::Result<Self> {
        Ok(AuthService {})
    }
}
