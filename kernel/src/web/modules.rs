//! Module pages and the modules' JSON API: `/m/{id}/…` (GET, POST) rendered in the portal
//! shell, and `/api/v1/m/{id}/…` (any method, bearer token) as JSON.
//!
//! The kernel decides who may call a module (signed in; the module enabled for one of the
//! user's roles — otherwise 404, so its existence is not revealed), builds the call's
//! context and request, and maps the module's response: pages are rendered by
//! [`crate::web::render`], redirects stay inside the portal, statuses are clamped to
//! 200–599. A failing module only fails its own page.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use crate::auth::{ApiUser, CurrentUser};
use crate::error::AppError;
use crate::plugins::bindings::exports::eoffice::portal::plugin::Method as ModuleMethod;
use crate::plugins::bindings::{Context, Format, Request as ModuleRequest, ResponseBody, User};
use crate::plugins::{CallError, LoadedModule};
use crate::state::AppState;
use crate::web::csrf::{self, CsrfToken};
use crate::web::layout::{Shell, WebCaches, render};
use crate::web::render::{Renderer, blocks_json, redirect_target};

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/m/{id}", get(page).post(page))
        .route("/m/{id}/", get(page).post(page))
        .route("/m/{id}/{*rest}", get(page).post(page))
        .route("/api/v1/m/{id}", any(api))
        .route("/api/v1/m/{id}/", any(api))
        .route("/api/v1/m/{id}/{*rest}", any(api))
}

/// A module page in the portal shell.
#[derive(Template)]
#[template(path = "module.html")]
struct ModulePage {
    shell: Shell,
    module_name: String,
    base: String,
    content: String,
}

/// A module page that could not be shown, in the portal shell.
#[derive(Template)]
#[template(path = "module_error.html")]
struct ModuleErrorPage {
    shell: Shell,
    message: String,
}

/// Splits `/m/{id}/rest` (after `prefix`) into the id and the path below the module root.
fn split_path<'a>(path: &'a str, prefix: &str) -> Option<(&'a str, String)> {
    let rest = path.strip_prefix(prefix)?;
    let (id, below) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    (!id.is_empty()).then(|| (id, below.to_string()))
}

/// The module `id` if `user` may use it: installed and enabled for one of their roles.
/// Otherwise `None` (shown as 404: whether it exists is not revealed).
fn visible_module(state: &AppState, id: &str, roles: &[String]) -> Option<Arc<LoadedModule>> {
    state.plugins.module(id).filter(|m| m.enabled_for(roles))
}

/// The context of a call for `user`.
pub async fn context(
    state: &AppState,
    caches: &WebCaches,
    user: &CurrentUser,
    module_id: &str,
    request_id: String,
) -> Result<Context, AppError> {
    let unit = caches.unit(state, &user.nip).await?;
    Ok(Context {
        user: Some(User {
            nip: user.nip.clone(),
            name: user.nama.clone(),
            roles: user.roles.clone(),
            unit_code: unit.0.clone(),
            unit_name: unit.1.clone(),
        }),
        request_id,
        locale: "id".into(),
        base_path: format!("/m/{module_id}"),
    })
}

fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
}

fn clamp_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status.clamp(200, 599)).unwrap_or(StatusCode::OK)
}

/// The user-facing message and status for a failed call.
fn call_failure(m: &LoadedModule, e: &CallError) -> (StatusCode, &'static str, String) {
    let name = &m.manifest.name;
    match e {
        CallError::Quarantined => (
            StatusCode::SERVICE_UNAVAILABLE,
            "module_quarantined",
            "Modul sedang dinonaktifkan sementara.".into(),
        ),
        CallError::Timeout => (
            StatusCode::GATEWAY_TIMEOUT,
            "module_timeout",
            format!(
                "Modul {name} tidak merespons tepat waktu. Silakan coba lagi beberapa saat lagi."
            ),
        ),
        _ => (
            StatusCode::BAD_GATEWAY,
            "module_failed",
            format!("Modul {name} sedang mengalami gangguan. Silakan coba lagi nanti."),
        ),
    }
}

fn error_page(shell: Shell, status: StatusCode, message: String) -> Response {
    let page = ModuleErrorPage { shell, message };
    match render(&page) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET|POST /m/{id}/…`: a module page.
#[allow(clippy::too_many_arguments)] // one extractor each; the handler is the mapping
async fn page(
    State(state): State<AppState>,
    Extension(caches): Extension<Arc<WebCaches>>,
    user: CurrentUser,
    csrf: CsrfToken,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((id, path)) = split_path(uri.path(), "/m/") else {
        return AppError::NotFound.into_response();
    };
    let Some(m) = visible_module(&state, id, &user.roles) else {
        return AppError::NotFound.into_response();
    };
    let shell = |title: &str| Shell::new(title, Some(&user), &csrf);
    if !m.is_active() {
        return error_page(
            shell(&m.manifest.name),
            StatusCode::SERVICE_UNAVAILABLE,
            "Modul sedang dinonaktifkan sementara.".into(),
        );
    }
    let ctx = match context(&state, &caches, &user, id, crate::web::request_id(&headers)).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let is_post = method == Method::POST;
    let form = if is_post {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k != csrf::FIELD)
            .collect()
    } else {
        Vec::new()
    };
    let req = ModuleRequest {
        method: if is_post {
            ModuleMethod::Post
        } else {
            ModuleMethod::Get
        },
        path,
        query: query_pairs(&uri),
        form,
        body: None,
        format: Format::Html,
    };
    let base = ctx.base_path.clone();
    let response = match state.plugins.handle(&state, &m, ctx, req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(module = %m.id, error = %e, "module page failed");
            let (status, _, message) = call_failure(&m, &e);
            return error_page(shell(&m.manifest.name), status, message);
        }
    };
    let status = clamp_status(response.status);
    match response.body {
        ResponseBody::Page(p) => {
            let content = Renderer::page(&base, &csrf.0)
                .blocks(&p.blocks)
                .into_string();
            let title = if p.title.trim().is_empty() {
                m.manifest.name.clone()
            } else {
                p.title
            };
            let page = ModulePage {
                shell: shell(&title),
                module_name: m.manifest.name.clone(),
                base,
                content,
            };
            match render(&page) {
                Ok(html) => (status, html).into_response(),
                Err(e) => e.into_response(),
            }
        }
        ResponseBody::Json(text) => {
            // A JSON answer on a browser route: shown as text, never interpreted.
            let content = maud::html! { pre.json { (text) } }.into_string();
            let page = ModulePage {
                shell: shell(&m.manifest.name),
                module_name: m.manifest.name.clone(),
                base,
                content,
            };
            match render(&page) {
                Ok(html) => (status, html).into_response(),
                Err(e) => e.into_response(),
            }
        }
        ResponseBody::Redirect(to) => match redirect_target(&to, &base) {
            Some(location) => redirect(&location),
            None => {
                tracing::warn!(module = %m.id, target = %to, "module redirect refused");
                error_page(
                    shell(&m.manifest.name),
                    StatusCode::BAD_GATEWAY,
                    format!(
                        "Modul {} mengarahkan ke alamat yang tidak diizinkan.",
                        m.manifest.name
                    ),
                )
            }
        },
    }
}

fn redirect(location: &str) -> Response {
    match axum::http::HeaderValue::from_str(location) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => AppError::BadRequest("alamat tujuan tidak sah".into()).into_response(),
    }
}

fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "error": code, "message": message })),
    )
        .into_response()
}

/// `ANY /api/v1/m/{id}/…`: the module's JSON API (bearer token).
async fn api(
    State(state): State<AppState>,
    Extension(caches): Extension<Arc<WebCaches>>,
    ApiUser(user): ApiUser,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((id, path)) = split_path(uri.path(), "/api/v1/m/") else {
        return AppError::NotFound.into_json();
    };
    let Some(m) = visible_module(&state, id, &user.roles) else {
        return AppError::NotFound.into_json();
    };
    if !m.is_active() {
        return json_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "module_quarantined",
            "Modul sedang dinonaktifkan sementara.",
        );
    }
    let method = match method {
        Method::GET | Method::HEAD => ModuleMethod::Get,
        Method::POST => ModuleMethod::Post,
        Method::PUT => ModuleMethod::Put,
        Method::PATCH => ModuleMethod::Patch,
        Method::DELETE => ModuleMethod::Delete,
        _ => {
            return json_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Metode tidak didukung.",
            );
        }
    };
    let body = if body.is_empty() {
        None
    } else {
        match std::str::from_utf8(&body)
            .ok()
            .filter(|s| serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok())
        {
            Some(s) => Some(s.to_string()),
            None => {
                return AppError::BadRequest("isi permintaan bukan JSON yang sah".into())
                    .into_json();
            }
        }
    };
    let ctx = match context(&state, &caches, &user, id, crate::web::request_id(&headers)).await {
        Ok(c) => c,
        Err(e) => return e.into_json(),
    };
    let base = ctx.base_path.clone();
    let req = ModuleRequest {
        method,
        path,
        query: query_pairs(&uri),
        form: Vec::new(),
        body,
        format: Format::Json,
    };
    let response = match state.plugins.handle(&state, &m, ctx, req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(module = %m.id, error = %e, "module API call failed");
            let (status, code, message) = call_failure(&m, &e);
            return json_error(status, code, &message);
        }
    };
    let status = clamp_status(response.status);
    match response.body {
        ResponseBody::Page(p) => (
            status,
            axum::Json(serde_json::json!({
                "title": p.title,
                "blocks": blocks_json(&p.blocks, &base),
            })),
        )
            .into_response(),
        ResponseBody::Json(text) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            text,
        )
            .into_response(),
        ResponseBody::Redirect(to) => match redirect_target(&to, &base) {
            Some(location) => (
                StatusCode::SEE_OTHER,
                [(header::LOCATION, location.clone())],
                axum::Json(serde_json::json!({ "redirect": location })),
            )
                .into_response(),
            None => json_error(
                StatusCode::BAD_GATEWAY,
                "module_failed",
                "Modul mengarahkan ke alamat yang tidak diizinkan.",
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_module_and_path_below_it() {
        assert_eq!(split_path("/m/berita", "/m/"), Some(("berita", "/".into())));
        assert_eq!(
            split_path("/m/berita/", "/m/"),
            Some(("berita", "/".into()))
        );
        assert_eq!(
            split_path("/m/berita/post/12", "/m/"),
            Some(("berita", "/post/12".into()))
        );
        assert_eq!(
            split_path("/api/v1/m/presensi/masuk", "/api/v1/m/"),
            Some(("presensi", "/masuk".into()))
        );
        assert_eq!(split_path("/m/", "/m/"), None);
    }

    #[test]
    fn statuses_are_clamped() {
        assert_eq!(clamp_status(100), StatusCode::OK);
        assert_eq!(clamp_status(404), StatusCode::NOT_FOUND);
        assert_eq!(clamp_status(700).as_u16(), 599);
    }
}
