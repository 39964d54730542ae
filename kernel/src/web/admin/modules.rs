//! `/admin/modul…`: the installed modules, install/upgrade by upload, a module's details
//! and actions, its settings form (from the manifest's schema) and the modules × roles
//! matrix.

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use subtle::ConstantTimeEq;

use super::{AdminCtx, done, ok_message};
use crate::error::{AppError, AppResult};
use crate::plugins::LoadedModule;
use crate::plugins::admin::{self, AdminError};
use crate::plugins::bindings::exports::eoffice::portal::plugin::SettingKind;
use crate::state::AppState;
use crate::web::csrf;
use crate::web::format;
use crate::web::layout::{MENU_GROUPS, Shell, render};

/// Routes behind the CSRF middleware.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/modul", get(list))
        .route("/admin/modul/akses", get(access).post(save_access))
        .route("/admin/modul/{id}", get(info))
        .route("/admin/modul/{id}/hibah", post(grant))
        .route("/admin/modul/{id}/cabut", post(revoke))
        .route("/admin/modul/{id}/rollback", post(rollback))
        .route("/admin/modul/{id}/batas", post(limits))
        .route("/admin/modul/{id}/aktifkan", post(release))
        .route("/admin/modul/{id}/hapus", post(remove))
        .route(
            "/admin/modul/{id}/pengaturan",
            get(settings).post(save_settings),
        )
}

/// The multipart upload route (CSRF checked by the handler).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/admin/modul/unggah", post(upload))
}

/// `?ok=` after an action.
#[derive(Debug, Default, serde::Deserialize)]
pub struct OkQuery {
    ok: Option<String>,
}

fn with_result(shell: Shell, ok: &OkQuery, error: Option<&str>) -> Shell {
    let shell = match ok_message(ok.ok.as_deref()) {
        Some(m) => shell.flash("ok", m),
        None => shell,
    };
    match error {
        Some(e) => shell.flash("error", e),
        None => shell,
    }
}

fn status_label(m: &LoadedModule) -> String {
    match &m.quarantine {
        Some(reason) => format!("Dikarantina: {reason}"),
        None if m.is_active() => "Aktif".into(),
        None => "Tidak dimuat".into(),
    }
}

fn installed(state: &AppState, id: &str) -> AppResult<Arc<LoadedModule>> {
    state.plugins.module(id).ok_or(AppError::NotFound)
}

/// An admin action's refusal as a page message (nothing changed).
fn refusal(e: &AdminError) -> String {
    match e {
        AdminError::Db(err) => {
            tracing::error!(error = %err, "module administration failed");
            "Terjadi kesalahan basis data; tidak ada yang diubah. Silakan coba lagi.".into()
        }
        other => format!("Tidak ada yang diubah: {other}."),
    }
}

// ---------------------------------------------------------------------------------------
// List and upload
// ---------------------------------------------------------------------------------------

struct ModuleRow {
    id: String,
    name: String,
    version: String,
    status: String,
    quarantined: bool,
    roles: String,
}

#[derive(Template)]
#[template(path = "admin/modules.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<ModuleRow>,
    max_mib: usize,
}

fn list_page(state: &AppState, shell: Shell) -> ListPage {
    let rows = state
        .plugins
        .all()
        .iter()
        .map(|m| ModuleRow {
            id: m.id.clone(),
            name: m.manifest.name.clone(),
            version: m.version.to_string(),
            status: status_label(m),
            quarantined: m.quarantine.is_some(),
            roles: m.roles.iter().cloned().collect::<Vec<_>>().join(", "),
        })
        .collect();
    ListPage {
        shell,
        rows,
        max_mib: super::MAX_UPLOAD_BYTES / (1024 * 1024),
    }
}

async fn list(
    State(state): State<AppState>,
    admin: AdminCtx,
    Query(ok): Query<OkQuery>,
) -> AppResult<Response> {
    let page = list_page(&state, with_result(admin.shell("Modul"), &ok, None));
    Ok(render(&page)?.into_response())
}

/// `POST /admin/modul/unggah` (multipart): install or upgrade a package.
async fn upload(
    State(state): State<AppState>,
    admin: AdminCtx,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fail = |status: StatusCode, message: String| -> Response {
        let page = list_page(&state, admin.shell("Modul").flash("error", message));
        match render(&page) {
            Ok(html) => (status, html).into_response(),
            Err(e) => e.into_response(),
        }
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(parts) = super::multipart::parse(content_type, &body) else {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Unggahan tidak terbaca; pilih berkas .wasm lalu kirim ulang.".into(),
        );
    };
    let field = |name: &str| parts.iter().find(|p| p.name == name);
    let submitted = field(csrf::FIELD)
        .map(|p| p.data.as_slice())
        .unwrap_or_default();
    let cookie = csrf::cookie_value(&headers, csrf::COOKIE).unwrap_or_default();
    if cookie.len() < 32 || !bool::from(cookie.as_bytes().ct_eq(submitted)) {
        return AppError::Csrf.into_response();
    }
    let Some(file) = field("berkas").filter(|p| !p.data.is_empty()) else {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Pilih berkas modul (.wasm) terlebih dahulu.".into(),
        );
    };
    let force = field("paksa").is_some_and(|p| p.data == b"on");
    let upgrade = field("mode").is_some_and(|p| p.data == b"tingkat");
    let result = if upgrade {
        admin::upgrade(&state, &file.data, force, &admin.actor()).await
    } else {
        admin::install(&state, &file.data, force, &admin.actor()).await
    };
    match result {
        Ok(report) => done(
            &format!("/admin/modul/{}", report.id),
            if upgrade || report.previous_version.is_some() {
                "tingkat"
            } else {
                "pasang"
            },
        ),
        Err(e) => fail(StatusCode::UNPROCESSABLE_ENTITY, refusal(&e)),
    }
}

// ---------------------------------------------------------------------------------------
// One module
// ---------------------------------------------------------------------------------------

struct CapRow {
    name: String,
    requested: bool,
    granted: bool,
}

struct VersionRow {
    version: String,
    api_version: String,
    installed: String,
    by: String,
    current: bool,
    previous: bool,
}

struct MenuRow {
    group: &'static str,
    label: String,
    path: String,
    roles: String,
}

#[derive(Template)]
#[template(path = "admin/module.html")]
struct InfoPage {
    shell: Shell,
    m: Arc<LoadedModule>,
    status: String,
    roles: String,
    menu: Vec<MenuRow>,
    tabs: Vec<String>,
    collections: Vec<String>,
    caps: Vec<CapRow>,
    versions: Vec<VersionRow>,
    deadline_ms: u128,
}

async fn info_page(
    state: &AppState,
    id: &str,
    shell: impl FnOnce(&str) -> Shell,
) -> AppResult<Response> {
    let m = installed(state, id)?;
    let menu = m
        .manifest
        .menu
        .iter()
        .map(|i| MenuRow {
            group: MENU_GROUPS
                .iter()
                .find(|(g, _)| *g == i.group)
                .map(|(_, l)| *l)
                .unwrap_or(""),
            label: i.label.clone(),
            path: i.path.clone(),
            roles: if i.roles.is_empty() {
                "semua".into()
            } else {
                i.roles.join(", ")
            },
        })
        .collect();
    let mut cap_names: BTreeSet<String> = m.manifest.capabilities.iter().cloned().collect();
    cap_names.extend(m.grants.iter().cloned());
    let caps = cap_names
        .into_iter()
        .map(|name| CapRow {
            requested: m.manifest.capabilities.contains(&name),
            granted: m.grants.contains(&name),
            name,
        })
        .collect();
    let current = m.version.to_string();
    let versions = crate::db::plugins::versions(&state.db, id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            current: v.version == current,
            previous: m.previous_version.as_deref() == Some(v.version.as_str()),
            installed: format::waktu(v.installed_at),
            by: v.installed_by.unwrap_or_else(|| "baris perintah".into()),
            api_version: v.api_version,
            version: v.version,
        })
        .collect();
    let page = InfoPage {
        shell: shell(&format!("Modul {}", m.manifest.name)),
        status: status_label(&m),
        roles: m.roles.iter().cloned().collect::<Vec<_>>().join(", "),
        menu,
        tabs: m
            .manifest
            .tabs
            .iter()
            .map(|t| format!("{} ({}, urutan {})", t.label, t.id, t.order))
            .collect(),
        collections: m
            .manifest
            .collections
            .iter()
            .map(|c| {
                let idx: Vec<String> = c
                    .indexes
                    .iter()
                    .map(|i| format!("{} → {}", i.name, i.field))
                    .collect();
                if idx.is_empty() {
                    c.name.clone()
                } else {
                    format!("{} (indeks: {})", c.name, idx.join(", "))
                }
            })
            .collect(),
        caps,
        versions,
        deadline_ms: m.deadline.as_millis(),
        m,
    };
    Ok(render(&page)?.into_response())
}

async fn info(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    Query(ok): Query<OkQuery>,
) -> AppResult<Response> {
    info_page(&state, &id, |t| with_result(admin.shell(t), &ok, None)).await
}

/// Runs an action; on success redirects to the module page with `code`, otherwise shows
/// the module page with the reason (nothing changed).
async fn act(
    state: &AppState,
    admin: &AdminCtx,
    id: &str,
    code: &str,
    result: Result<(), AdminError>,
) -> AppResult<Response> {
    match result {
        Ok(()) if code == "hapus" => Ok(done("/admin/modul", code)),
        Ok(()) => Ok(done(&format!("/admin/modul/{id}"), code)),
        Err(AdminError::NotFound(_)) => Err(AppError::NotFound),
        Err(e) => {
            let message = refusal(&e);
            let mut response =
                info_page(state, id, |t| admin.shell(t).flash("error", message)).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct CapForm {
    kapabilitas: String,
}

async fn grant(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<CapForm>,
) -> AppResult<Response> {
    let r = admin::grant(&state, &id, &f.kapabilitas, &admin.actor()).await;
    act(&state, &admin, &id, "hibah", r).await
}

async fn revoke(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<CapForm>,
) -> AppResult<Response> {
    let r = admin::revoke(&state, &id, &f.kapabilitas, &admin.actor()).await;
    act(&state, &admin, &id, "cabut", r).await
}

async fn rollback(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let r = admin::rollback(&state, &id, &admin.actor())
        .await
        .map(|_| ());
    act(&state, &admin, &id, "rollback", r).await
}

#[derive(Debug, serde::Deserialize)]
struct LimitsForm {
    deadline_ms: String,
    memori_mib: String,
}

async fn limits(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<LimitsForm>,
) -> AppResult<Response> {
    let r = match (
        f.deadline_ms.trim().parse::<u64>(),
        f.memori_mib.trim().parse::<u64>(),
    ) {
        (Ok(d), Ok(mem)) => admin::set_limits(&state, &id, d, mem, &admin.actor()).await,
        _ => Err(AdminError::Refused(
            "batas waktu dan memori harus bilangan bulat positif".into(),
        )),
    };
    act(&state, &admin, &id, "batas", r).await
}

async fn release(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let r = admin::release_quarantine(&state, &id, &admin.actor()).await;
    act(&state, &admin, &id, "aktif", r).await
}

#[derive(Debug, serde::Deserialize)]
struct RemoveForm {
    konfirmasi: String,
    purge: Option<String>,
}

async fn remove(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<RemoveForm>,
) -> AppResult<Response> {
    let r = if f.konfirmasi.trim() != id {
        Err(AdminError::Refused(format!(
            "ketik id modul ({id}) untuk mengonfirmasi penghapusan"
        )))
    } else {
        let purge = f.purge.as_deref() == Some("on");
        admin::remove(&state, &id, purge, &admin.actor())
            .await
            .map(|_| ())
    };
    act(&state, &admin, &id, "hapus", r).await
}

// ---------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------

/// One field of the settings form.
struct SettingField {
    key: String,
    label: String,
    /// `text`, `url`, `number`, `boolean`, `time` or `select`.
    kind: &'static str,
    options: Vec<String>,
    value: String,
    help: Option<String>,
    default_value: String,
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    shell: Shell,
    id: String,
    name: String,
    fields: Vec<SettingField>,
}

fn settings_page(
    m: &LoadedModule,
    shell: Shell,
    submitted: Option<&[(String, String)]>,
) -> SettingsPage {
    let fields = m
        .manifest
        .settings
        .iter()
        .map(|s| {
            let (kind, options) = match &s.kind {
                SettingKind::Text => ("text", vec![]),
                SettingKind::Url => ("url", vec![]),
                SettingKind::Number => ("number", vec![]),
                SettingKind::Boolean => ("boolean", vec![]),
                SettingKind::Time => ("time", vec![]),
                SettingKind::Select(o) => ("select", o.clone()),
            };
            let value = submitted
                .and_then(|v| v.iter().find(|(k, _)| *k == s.key).map(|(_, v)| v.clone()))
                .or_else(|| m.settings.get(&s.key).cloned())
                .unwrap_or_else(|| s.default_value.clone());
            SettingField {
                key: s.key.clone(),
                label: s.label.clone(),
                kind,
                options,
                value,
                help: s.help.clone(),
                default_value: s.default_value.clone(),
            }
        })
        .collect();
    SettingsPage {
        shell,
        id: m.id.clone(),
        name: m.manifest.name.clone(),
        fields,
    }
}

async fn settings(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    Query(ok): Query<OkQuery>,
) -> AppResult<Response> {
    let m = installed(&state, &id)?;
    let shell = with_result(
        admin.shell(&format!("Pengaturan {}", m.manifest.name)),
        &ok,
        None,
    );
    Ok(render(&settings_page(&m, shell, None))?.into_response())
}

async fn save_settings(
    State(state): State<AppState>,
    admin: AdminCtx,
    Path(id): Path<String>,
    body: Bytes,
) -> AppResult<Response> {
    let m = installed(&state, &id)?;
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    // Values in manifest order; an unticked boolean is "false".
    let values: Vec<(String, String)> = m
        .manifest
        .settings
        .iter()
        .map(|s| {
            let v = form
                .iter()
                .find(|(k, _)| *k == s.key)
                .map(|(_, v)| v.trim().to_string());
            let v = match (&s.kind, v) {
                (SettingKind::Boolean, v) => if v.as_deref() == Some("true") {
                    "true"
                } else {
                    "false"
                }
                .to_string(),
                (_, v) => v.unwrap_or_default(),
            };
            (s.key.clone(), v)
        })
        .collect();
    match admin::set_settings(&state, &id, &values, &admin.actor()).await {
        Ok(()) => Ok(done(&format!("/admin/modul/{id}/pengaturan"), "pengaturan")),
        Err(AdminError::NotFound(_)) => Err(AppError::NotFound),
        Err(e) => {
            let shell = admin
                .shell(&format!("Pengaturan {}", m.manifest.name))
                .flash("error", refusal(&e));
            let html = render(&settings_page(&m, shell, Some(&values)))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// Modules × roles
// ---------------------------------------------------------------------------------------

struct MatrixRow {
    id: String,
    name: String,
    /// (checkbox value `id:role`, role label, ticked)
    cells: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "admin/access.html")]
struct AccessPage {
    shell: Shell,
    roles: Vec<(String, String)>,
    rows: Vec<MatrixRow>,
}

fn access_page(state: &AppState, shell: Shell) -> AccessPage {
    let roles = admin::known_roles(state);
    let rows = state
        .plugins
        .all()
        .iter()
        .map(|m| MatrixRow {
            id: m.id.clone(),
            name: m.manifest.name.clone(),
            cells: roles
                .iter()
                .map(|(r, label)| (format!("{}:{r}", m.id), label.clone(), m.roles.contains(r)))
                .collect(),
        })
        .collect();
    AccessPage { shell, roles, rows }
}

async fn access(
    State(state): State<AppState>,
    admin: AdminCtx,
    Query(ok): Query<OkQuery>,
) -> AppResult<Response> {
    let shell = with_result(admin.shell("Akses Modul per Peran"), &ok, None);
    Ok(render(&access_page(&state, shell))?.into_response())
}

async fn save_access(
    State(state): State<AppState>,
    admin: AdminCtx,
    body: Bytes,
) -> AppResult<Response> {
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let wanted: BTreeSet<&str> = form
        .iter()
        .filter(|(k, _)| k == "akses")
        .map(|(_, v)| v.as_str())
        .collect();
    let roles = admin::known_roles(&state);
    let mut errors = Vec::new();
    for m in state.plugins.all() {
        for (role, _) in &roles {
            let want = wanted.contains(format!("{}:{role}", m.id).as_str());
            let has = m.roles.contains(role);
            let r = if want && !has {
                admin::enable(&state, &m.id, role, &admin.actor()).await
            } else if !want && has {
                admin::disable(&state, &m.id, role, &admin.actor()).await
            } else {
                continue;
            };
            if let Err(e) = r {
                errors.push(format!("{} / {role}: {}", m.id, refusal(&e)));
            }
        }
    }
    if errors.is_empty() {
        return Ok(done("/admin/modul/akses", "akses"));
    }
    let mut shell = admin.shell("Akses Modul per Peran");
    for e in errors {
        shell = shell.flash("error", e);
    }
    let html = render(&access_page(&state, shell))?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}
