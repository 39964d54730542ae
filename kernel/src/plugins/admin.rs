//! Module administration, used by the CLI (`eoffice plugin …`) and the admin pages.
//! Every action validates first and changes nothing on error (the reason is returned),
//! writes an audit entry (actor, subject = module id, before/after), bumps
//! `plugin_registry_generation` in the same transaction and reloads the in-process
//! registry; other processes pick the change up through their poller.

use std::collections::BTreeSet;

use super::engine::{MAX_DEADLINE_MS, MAX_MEMORY_MIB};
use super::manifest::{Capability, valid_id, validate_setting};
use crate::db::plugins as db;
use crate::state::AppState;

/// Who performs an administrative action.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// NIP of the administrator (`None` for the command line / the kernel itself).
    pub nip: Option<&'a str>,
    /// Client IP (`cli` for the command line).
    pub ip: &'a str,
    /// Request id.
    pub request_id: &'a str,
}

impl Actor<'static> {
    /// The command line.
    pub const CLI: Actor<'static> = Actor {
        nip: None,
        ip: "cli",
        request_id: "",
    };
}

/// Why an administrative action was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The request is not acceptable; the message says why.
    #[error("{0}")]
    Refused(String),
    /// No module with this id is installed.
    #[error("modul {0:?} tidak terpasang")]
    NotFound(String),
    /// The database failed.
    #[error("galat basis data: {0}")]
    Db(#[from] sqlx::Error),
}

fn refused(msg: impl Into<String>) -> AdminError {
    AdminError::Refused(msg.into())
}

/// What an install or upgrade did.
#[derive(Debug, Clone)]
pub struct InstallReport {
    /// Module id.
    pub id: String,
    /// Installed version.
    pub version: String,
    /// Version before an upgrade.
    pub previous_version: Option<String>,
    /// Contract version the module was built against.
    pub api_version: String,
    /// Capabilities the manifest requests.
    pub requested: Vec<String>,
    /// Capabilities granted (none after a first install: deny by default).
    pub granted: Vec<String>,
    /// Roles the module is enabled for.
    pub roles: Vec<String>,
}

/// Writes the audit entry, bumps the generation, commits and reloads.
async fn finish(
    state: &AppState,
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    actor: &Actor<'_>,
    subject: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AdminError> {
    crate::db::audit::record(
        &mut *tx,
        state.now(),
        &crate::db::audit::AuditEntry {
            actor_nip: actor.nip,
            subject,
            action,
            outcome: "ok",
            detail,
            ip: actor.ip,
            request_id: actor.request_id,
        },
    )
    .await?;
    db::bump_generation(&mut tx).await?;
    tx.commit().await?;
    if let Err(e) = state.plugins.reload(state).await {
        tracing::error!(error = %format!("{e:#}"), "registry reload after {action} failed");
    }
    Ok(())
}

async fn row(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: &str,
) -> Result<db::PluginRow, AdminError> {
    db::get(tx, id)
        .await?
        .ok_or_else(|| AdminError::NotFound(id.to_string()))
}

/// Installs a new module: enabled for its manifest's default roles, granted nothing.
/// With `force`, an already installed module is upgraded instead.
pub async fn install(
    state: &AppState,
    wasm: &[u8],
    force: bool,
    actor: &Actor<'_>,
) -> Result<InstallReport, AdminError> {
    let c = super::package::inspect(state, wasm)
        .await
        .map_err(AdminError::Refused)?;
    let id = c.manifest.id.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    if let Some(existing) = db::get(&mut tx, &id).await? {
        drop(tx);
        if force {
            return upgrade(state, wasm, true, actor).await;
        }
        return Err(refused(format!(
            "modul {id} sudah terpasang (versi {}); gunakan `plugin upgrade`",
            existing.active_version
        )));
    }
    let version = c.version.to_string();
    db::insert_plugin(&mut tx, &id, &version, now).await?;
    db::put_version(
        &mut tx,
        &db::NewVersion {
            plugin_id: &id,
            version: &version,
            api_version: &c.api_version.to_string(),
            sha256: &c.sha256,
            manifest: &c.manifest_json,
            component: wasm,
            installed_at: now,
            installed_by: actor.nip,
        },
    )
    .await?;
    let roles: BTreeSet<String> = c.manifest.default_roles.iter().cloned().collect();
    for role in &roles {
        db::enable_role(&mut tx, &id, role).await?;
    }
    let report = InstallReport {
        id: id.clone(),
        version: version.clone(),
        previous_version: None,
        api_version: c.api_version.to_string(),
        requested: c.manifest.capabilities.clone(),
        granted: vec![],
        roles: roles.into_iter().collect(),
    };
    finish(
        state,
        tx,
        actor,
        &id,
        "plugin.install",
        serde_json::json!({
            "before": null,
            "after": { "version": version, "api_version": report.api_version, "sha256": c.sha256,
                       "roles": report.roles, "requested": report.requested },
        }),
    )
    .await?;
    Ok(report)
}

/// Upgrades an installed module; the version must increase unless `force`. The version
/// in use before is kept for [`rollback`]; grants, roles and settings stay.
pub async fn upgrade(
    state: &AppState,
    wasm: &[u8],
    force: bool,
    actor: &Actor<'_>,
) -> Result<InstallReport, AdminError> {
    let c = super::package::inspect(state, wasm)
        .await
        .map_err(AdminError::Refused)?;
    let id = c.manifest.id.clone();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let Some(current) = db::get(&mut tx, &id).await? else {
        return Err(refused(format!(
            "modul {id} belum terpasang; gunakan `plugin install`"
        )));
    };
    let version = c.version.to_string();
    let installed = semver::Version::parse(&current.active_version)
        .unwrap_or_else(|_| semver::Version::new(0, 0, 0));
    if c.version <= installed && !force {
        return Err(refused(format!(
            "versi {version} tidak lebih baru dari versi terpasang {installed}; \
             gunakan --force untuk memasang ulang atau menurunkan versi"
        )));
    }
    db::put_version(
        &mut tx,
        &db::NewVersion {
            plugin_id: &id,
            version: &version,
            api_version: &c.api_version.to_string(),
            sha256: &c.sha256,
            manifest: &c.manifest_json,
            component: wasm,
            installed_at: now,
            installed_by: actor.nip,
        },
    )
    .await?;
    let previous = if version == current.active_version {
        current.previous_version.clone()
    } else {
        Some(current.active_version.clone())
    };
    db::set_active_version(&mut tx, &id, &version, previous.as_deref(), now).await?;
    let mut keep = vec![version.as_str()];
    if let Some(p) = &previous {
        keep.push(p);
    }
    db::prune_versions(&mut tx, &id, &keep).await?;
    let granted = db::grants_of(&mut tx, &id).await?;
    let roles = db::roles_of(&mut tx, &id).await?;
    finish(
        state,
        tx,
        actor,
        &id,
        "plugin.upgrade",
        serde_json::json!({
            "before": { "version": current.active_version },
            "after": { "version": version, "sha256": c.sha256, "forced": force },
        }),
    )
    .await?;
    Ok(InstallReport {
        id,
        version,
        previous_version: previous,
        api_version: c.api_version.to_string(),
        requested: c.manifest.capabilities,
        granted,
        roles,
    })
}

/// Returns to the version in use before the last upgrade (a second rollback undoes it).
pub async fn rollback(state: &AppState, id: &str, actor: &Actor<'_>) -> Result<String, AdminError> {
    let mut tx = state.db.begin().await?;
    let current = row(&mut tx, id).await?;
    let Some(previous) = current.previous_version.clone() else {
        return Err(refused(format!("modul {id} tidak punya versi sebelumnya")));
    };
    if db::version(&mut tx, id, &previous).await?.is_none() {
        return Err(refused(format!("paket versi {previous} tidak tersimpan")));
    }
    db::set_active_version(
        &mut tx,
        id,
        &previous,
        Some(&current.active_version),
        state.now(),
    )
    .await?;
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.rollback",
        serde_json::json!({
            "before": { "version": current.active_version },
            "after": { "version": previous },
        }),
    )
    .await?;
    Ok(previous)
}

/// Uninstalls a module. Its documents stay unless `purge`; returns the number of
/// documents purged.
pub async fn remove(
    state: &AppState,
    id: &str,
    purge: bool,
    actor: &Actor<'_>,
) -> Result<u64, AdminError> {
    let mut tx = state.db.begin().await?;
    let current = row(&mut tx, id).await?;
    db::delete_plugin(&mut tx, id).await?;
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.remove",
        serde_json::json!({
            "before": { "version": current.active_version },
            "after": null,
            "purge": purge,
        }),
    )
    .await?;
    if !purge {
        return Ok(0);
    }
    let purged = crate::db::docstore::purge(&state.db, id).await?;
    crate::db::audit::record(
        &state.db.pool,
        state.now(),
        &crate::db::audit::AuditEntry {
            actor_nip: actor.nip,
            subject: id,
            action: "plugin.purge",
            outcome: "ok",
            detail: serde_json::json!({ "documents": purged }),
            ip: actor.ip,
            request_id: actor.request_id,
        },
    )
    .await?;
    Ok(purged)
}

/// Grants a capability the manifest requests. Granting twice changes nothing.
pub async fn grant(
    state: &AppState,
    id: &str,
    capability: &str,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    let cap = Capability::parse(capability).map_err(AdminError::Refused)?;
    let module = state
        .plugins
        .module(id)
        .ok_or_else(|| AdminError::NotFound(id.to_string()))?;
    if !module
        .manifest
        .capabilities
        .iter()
        .any(|c| *c == cap.to_string())
    {
        return Err(refused(format!(
            "modul {id} tidak meminta kapabilitas {cap} (diminta: {})",
            module.manifest.capabilities.join(", ")
        )));
    }
    let mut tx = state.db.begin().await?;
    row(&mut tx, id).await?;
    if !db::grant(&mut tx, id, &cap.to_string(), actor.nip, state.now()).await? {
        return Ok(());
    }
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.grant",
        serde_json::json!({ "capability": cap.to_string(), "before": false, "after": true }),
    )
    .await
}

/// Revokes a capability. Revoking one that is not granted changes nothing.
pub async fn revoke(
    state: &AppState,
    id: &str,
    capability: &str,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    let mut tx = state.db.begin().await?;
    row(&mut tx, id).await?;
    if !db::revoke(&mut tx, id, capability).await? {
        return Ok(());
    }
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.revoke",
        serde_json::json!({ "capability": capability, "before": true, "after": false }),
    )
    .await
}

/// Kernel roles plus `pegawai` and the roles modules declare: (id, label).
pub fn known_roles(state: &AppState) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![
        ("pegawai".into(), "Pegawai (semua)".into()),
        ("admin".into(), "Administrator".into()),
        ("anpeg".into(), "Analis Kepegawaian (Anpeg)".into()),
        ("pengelola-berita".into(), "Pengelola Berita".into()),
        ("helpdesk".into(), "Helpdesk".into()),
    ];
    for m in state.plugins.all() {
        for r in &m.manifest.roles {
            if !out.iter().any(|(id, _)| *id == r.id) {
                out.push((r.id.clone(), r.label.clone()));
            }
        }
    }
    out
}

async fn set_role(
    state: &AppState,
    id: &str,
    role: &str,
    on: bool,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    if on && (!valid_id(role) || !known_roles(state).iter().any(|(r, _)| r == role)) {
        return Err(refused(format!(
            "peran {role:?} tidak dikenal (dikenal: {})",
            known_roles(state)
                .into_iter()
                .map(|(r, _)| r)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut tx = state.db.begin().await?;
    row(&mut tx, id).await?;
    let changed = if on {
        db::enable_role(&mut tx, id, role).await?
    } else {
        db::disable_role(&mut tx, id, role).await?
    };
    if !changed {
        return Ok(());
    }
    finish(
        state,
        tx,
        actor,
        id,
        if on {
            "plugin.enable"
        } else {
            "plugin.disable"
        },
        serde_json::json!({ "role": role, "before": !on, "after": on }),
    )
    .await
}

/// Enables a module for a role.
pub async fn enable(
    state: &AppState,
    id: &str,
    role: &str,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    set_role(state, id, role, true, actor).await
}

/// Disables a module for a role.
pub async fn disable(
    state: &AppState,
    id: &str,
    role: &str,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    set_role(state, id, role, false, actor).await
}

/// Sets settings, each validated against the manifest's schema (all or nothing).
pub async fn set_settings(
    state: &AppState,
    id: &str,
    values: &[(String, String)],
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    let module = state
        .plugins
        .module(id)
        .ok_or_else(|| AdminError::NotFound(id.to_string()))?;
    let mut problems = Vec::new();
    for (key, value) in values {
        match module.manifest.settings.iter().find(|s| s.key == *key) {
            None => problems.push(format!(
                "pengaturan {key:?} tidak dideklarasikan modul {id}"
            )),
            Some(spec) => {
                if let Err(e) = validate_setting(&spec.kind, value) {
                    problems.push(format!("{}: {e}", spec.label));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems.join("; ")));
    }
    let mut tx = state.db.begin().await?;
    row(&mut tx, id).await?;
    let before: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(k, _)| (k.clone(), module.settings.get(k).cloned().into()))
        .collect();
    for (key, value) in values {
        db::set_setting(&mut tx, id, key, value, actor.nip, state.now()).await?;
    }
    let after: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.settings",
        serde_json::json!({ "before": before, "after": after }),
    )
    .await
}

/// Sets the per-call CPU deadline (10 ms … 10 s) and memory limit (4 … 256 MiB).
pub async fn set_limits(
    state: &AppState,
    id: &str,
    deadline_ms: u64,
    memory_mib: u64,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    if !(10..=MAX_DEADLINE_MS).contains(&deadline_ms) {
        return Err(refused(format!(
            "batas waktu harus 10–{MAX_DEADLINE_MS} ms"
        )));
    }
    if !(4..=MAX_MEMORY_MIB).contains(&memory_mib) {
        return Err(refused(format!(
            "batas memori harus 4–{MAX_MEMORY_MIB} MiB"
        )));
    }
    let mut tx = state.db.begin().await?;
    let current = row(&mut tx, id).await?;
    db::set_limits(
        &mut tx,
        id,
        deadline_ms as i64,
        memory_mib as i64,
        state.now(),
    )
    .await?;
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.limits",
        serde_json::json!({
            "before": { "deadline_ms": current.deadline_ms, "memory_mib": current.memory_mib },
            "after": { "deadline_ms": deadline_ms, "memory_mib": memory_mib },
        }),
    )
    .await
}

/// Ends a quarantine (the failure count starts again from zero).
pub async fn release_quarantine(
    state: &AppState,
    id: &str,
    actor: &Actor<'_>,
) -> Result<(), AdminError> {
    let mut tx = state.db.begin().await?;
    let current = row(&mut tx, id).await?;
    if !db::release(&mut tx, id, state.now()).await? {
        return Err(refused(format!("modul {id} tidak sedang dikarantina")));
    }
    finish(
        state,
        tx,
        actor,
        id,
        "plugin.release",
        serde_json::json!({
            "before": { "quarantine_reason": current.quarantine_reason },
            "after": null,
        }),
    )
    .await
}

/// Quarantines a module after repeated failures (called by the host itself).
pub(crate) async fn quarantine(state: &AppState, id: &str, reason: &str) -> Result<(), AdminError> {
    let mut tx = state.db.begin().await?;
    if !db::quarantine(&mut tx, id, reason, state.now()).await? {
        return Ok(());
    }
    tracing::error!(module = id, reason, "module quarantined");
    finish(
        state,
        tx,
        &Actor {
            nip: None,
            ip: "",
            request_id: "",
        },
        id,
        "plugin.quarantine",
        serde_json::json!({ "reason": reason, "before": null, "after": reason }),
    )
    .await
}
