//! Administration pages (role `admin` only; everyone else gets 403): the module list with
//! install/upgrade upload, a module's details (grants, versions, limits, quarantine,
//! removal), its settings, the modules × roles matrix, the audit log and event deliveries.
//!
//! Architecture invariant: every change goes through `crate::plugins::admin::*`, which
//! validates, changes nothing on error, audits and reloads the registry; these handlers
//! only parse forms and render. Every form carries the CSRF token (the upload form too: it
//! is checked here because multipart bodies bypass the urlencoded CSRF middleware).

mod audit;
mod events;
mod modules;
pub mod multipart;

use askama::Template;
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::plugins::admin::Actor;
use crate::state::AppState;
use crate::web::csrf::{self, CsrfToken};
use crate::web::layout::{Shell, render};

/// Largest module package the upload form accepts.
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// Routes of the administration pages (behind the portal's CSRF middleware).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(index))
        .merge(modules::routes())
        .merge(audit::routes())
        .merge(events::routes())
}

/// The package upload route: multipart, with a larger body limit; the caller layers the
/// session middleware and the limit (see `crate::web::app`).
pub fn upload_routes() -> Router<AppState> {
    modules::upload_routes()
}

/// A signed-in administrator, with what every admin handler needs.
pub struct AdminCtx {
    /// The administrator.
    pub user: CurrentUser,
    /// The CSRF token for the page's forms.
    pub csrf: CsrfToken,
    /// Client IP.
    pub ip: String,
    /// Request id.
    pub request_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for AdminCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let user = parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthorized)?;
        if !user.has_role("admin") {
            return Err(AppError::Forbidden);
        }
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .cloned()
            .or_else(|| csrf::cookie_value(&parts.headers, csrf::COOKIE).map(CsrfToken))
            .unwrap_or_else(|| CsrfToken(String::new()));
        Ok(AdminCtx {
            ip: crate::web::client_ip(parts),
            request_id: crate::web::request_id(&parts.headers),
            user,
            csrf,
        })
    }
}

impl AdminCtx {
    /// The actor recorded in the audit log.
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            nip: Some(&self.user.nip),
            ip: &self.ip,
            request_id: &self.request_id,
        }
    }

    /// The page shell.
    pub fn shell(&self, title: &str) -> Shell {
        Shell::new(title, Some(&self.user), &self.csrf)
    }
}

/// The message for a `?ok=CODE` after a successful action (codes only: a link cannot
/// make the page say anything else).
pub fn ok_message(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "pasang" => "Modul berhasil dipasang.",
        "tingkat" => "Modul berhasil ditingkatkan ke versi baru.",
        "hibah" => "Kapabilitas diberikan.",
        "cabut" => "Kapabilitas dicabut.",
        "rollback" => "Modul dikembalikan ke versi sebelumnya.",
        "batas" => "Batas sumber daya disimpan.",
        "aktif" => "Modul diaktifkan kembali.",
        "hapus" => "Modul dihapus.",
        "pengaturan" => "Pengaturan disimpan.",
        "akses" => "Hak akses modul disimpan.",
        "ulang" => "Pengiriman event dijadwalkan ulang.",
        _ => return None,
    })
}

/// `303` to `path` with `?ok=code`.
pub fn done(path: &str, code: &str) -> Response {
    Redirect::to(&format!("{path}?ok={code}")).into_response()
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct IndexPage {
    shell: Shell,
    installed: usize,
    quarantined: usize,
    pending: i64,
    failed: i64,
}

async fn index(State(state): State<AppState>, admin: AdminCtx) -> AppResult<Html<String>> {
    let all = state.plugins.all();
    let summary = crate::db::outbox::summary(&state.db).await?;
    render(&IndexPage {
        shell: admin.shell("Administrasi"),
        installed: all.len(),
        quarantined: all.iter().filter(|m| m.quarantine.is_some()).count(),
        pending: summary.pending,
        failed: summary.failed,
    })
}
