//! The module registry: installed modules (`plugins`), every installed version's package
//! (`plugin_versions`), granted capabilities, enabled roles, settings, and the registry
//! generation that running kernels poll to reload without a restart.
//!
//! Writes take a connection (usually a transaction) so an admin action, its audit entry
//! and the generation bump commit together.

use sqlx::{AnyConnection, Row};

use super::Db;

/// One row of `plugins`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PluginRow {
    /// Module id.
    pub id: String,
    /// Version in use.
    pub active_version: String,
    /// Version `rollback` returns to.
    pub previous_version: Option<String>,
    /// When the module was quarantined (unix seconds).
    pub quarantined_at: Option<i64>,
    /// Why it was quarantined.
    pub quarantine_reason: String,
    /// Failed calls in a row.
    pub consecutive_failures: i64,
    /// Per-call CPU deadline in milliseconds.
    pub deadline_ms: i64,
    /// Per-instance memory limit in MiB.
    pub memory_mib: i64,
    /// First installation (unix seconds).
    pub installed_at: i64,
    /// Last registry change of this module (unix seconds).
    pub updated_at: i64,
}

/// One row of `plugin_versions`, without the package bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionRow {
    /// Module id.
    pub plugin_id: String,
    /// Module version (semver).
    pub version: String,
    /// Contract version it was built against.
    pub api_version: String,
    /// SHA-256 of the component, hex.
    pub sha256: String,
    /// JSON of the exported manifest.
    pub manifest: String,
    /// Unix seconds.
    pub installed_at: i64,
    /// NIP of the administrator, when installed by a person.
    pub installed_by: Option<String>,
}

/// A version to store.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    /// Module id.
    pub plugin_id: &'a str,
    /// Module version.
    pub version: &'a str,
    /// Contract version.
    pub api_version: &'a str,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// Manifest JSON.
    pub manifest: &'a str,
    /// The component.
    pub component: &'a [u8],
    /// Unix seconds.
    pub installed_at: i64,
    /// Administrator NIP.
    pub installed_by: Option<&'a str>,
}

/// The active version of every installed module with its package, plus grants, roles and
/// settings: everything the in-memory registry is built from.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Generation read before the rows.
    pub generation: i64,
    /// `plugins` rows.
    pub plugins: Vec<PluginRow>,
    /// Active versions with their component bytes.
    pub active: Vec<(VersionRow, Vec<u8>)>,
    /// (plugin, capability).
    pub grants: Vec<(String, String)>,
    /// (plugin, role).
    pub roles: Vec<(String, String)>,
    /// (plugin, key, value).
    pub settings: Vec<(String, String, String)>,
}

const PLUGIN_COLUMNS: &str = "id, active_version, previous_version, quarantined_at, quarantine_reason, \
     consecutive_failures, deadline_ms, memory_mib, installed_at, updated_at";
const VERSION_COLUMNS: &str =
    "plugin_id, version, api_version, sha256, manifest, installed_at, installed_by";

/// The current registry generation.
pub async fn generation(db: &Db) -> sqlx::Result<i64> {
    sqlx::query("SELECT generation FROM plugin_registry_generation WHERE id = 1")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Increments the registry generation (inside the admin action's transaction).
pub async fn bump_generation(conn: &mut AnyConnection) -> sqlx::Result<()> {
    sqlx::query("UPDATE plugin_registry_generation SET generation = generation + 1 WHERE id = 1")
        .execute(conn)
        .await?;
    Ok(())
}

/// Everything needed to build the in-memory registry.
pub async fn load_registry(db: &Db) -> sqlx::Result<Registry> {
    let generation = generation(db).await?;
    let plugins = list(db).await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {}, v.component FROM plugin_versions v JOIN plugins p \
         ON p.id = v.plugin_id AND p.active_version = v.version ORDER BY v.plugin_id",
        VERSION_COLUMNS
            .split(", ")
            .map(|c| format!("v.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut active = Vec::with_capacity(rows.len());
    for r in &rows {
        active.push((
            <VersionRow as sqlx::FromRow<_>>::from_row(r)?,
            r.try_get::<Vec<u8>, _>("component")?,
        ));
    }
    let grants = pairs(
        db,
        "SELECT plugin_id, capability FROM plugin_grants ORDER BY 1, 2",
    )
    .await?;
    let roles = pairs(db, "SELECT plugin_id, role FROM plugin_roles ORDER BY 1, 2").await?;
    let settings = sqlx::query("SELECT plugin_id, key, value FROM plugin_settings ORDER BY 1, 2")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<sqlx::Result<_>>()?;
    Ok(Registry {
        generation,
        plugins,
        active,
        grants,
        roles,
        settings,
    })
}

async fn pairs(db: &Db, sql: &'static str) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query(sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Every installed module, by id.
pub async fn list(db: &Db) -> sqlx::Result<Vec<PluginRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PLUGIN_COLUMNS} FROM plugins ORDER BY id"
    )))
    .fetch_all(&db.pool)
    .await
}

/// One installed module.
pub async fn get(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<PluginRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PLUGIN_COLUMNS} FROM plugins WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(conn)
    .await
}

/// Every stored version of a module, newest install first.
pub async fn versions(db: &Db, id: &str) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM plugin_versions WHERE plugin_id = $1 \
         ORDER BY installed_at DESC, version DESC"
    )))
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await
}

/// One stored version with its component bytes.
pub async fn version(
    conn: &mut AnyConnection,
    id: &str,
    version: &str,
) -> sqlx::Result<Option<(VersionRow, Vec<u8>)>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS}, component FROM plugin_versions \
         WHERE plugin_id = $1 AND version = $2"
    )))
    .bind(id.to_string())
    .bind(version.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            <VersionRow as sqlx::FromRow<_>>::from_row(&r)?,
            r.try_get::<Vec<u8>, _>("component")?,
        ))
    })
    .transpose()
}

/// Inserts a freshly installed module's row.
pub async fn insert_plugin(
    conn: &mut AnyConnection,
    id: &str,
    version: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO plugins (id, active_version, installed_at, updated_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(id.to_string())
    .bind(version.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores a version's package (replacing a stored package of the same version).
pub async fn put_version(conn: &mut AnyConnection, v: &NewVersion<'_>) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM plugin_versions WHERE plugin_id = $1 AND version = $2")
        .bind(v.plugin_id.to_string())
        .bind(v.version.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO plugin_versions (plugin_id, version, api_version, sha256, manifest, component, \
         installed_at, installed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(v.plugin_id.to_string())
    .bind(v.version.to_string())
    .bind(v.api_version.to_string())
    .bind(v.sha256.to_string())
    .bind(v.manifest.to_string())
    .bind(v.component.to_vec())
    .bind(v.installed_at)
    .bind(v.installed_by.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(())
}

/// Switches the active version (upgrade / rollback), clearing failures.
pub async fn set_active_version(
    conn: &mut AnyConnection,
    id: &str,
    active: &str,
    previous: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE plugins SET active_version = $2, previous_version = $3, consecutive_failures = 0, \
         updated_at = $4 WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(active.to_string())
    .bind(previous.map(str::to_string))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes stored versions of a module other than `keep`.
pub async fn prune_versions(
    conn: &mut AnyConnection,
    id: &str,
    keep: &[&str],
) -> sqlx::Result<u64> {
    let stored: Vec<String> =
        sqlx::query("SELECT version FROM plugin_versions WHERE plugin_id = $1")
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<sqlx::Result<_>>()?;
    let mut deleted = 0;
    for v in stored.iter().filter(|v| !keep.contains(&v.as_str())) {
        deleted += sqlx::query("DELETE FROM plugin_versions WHERE plugin_id = $1 AND version = $2")
            .bind(id.to_string())
            .bind(v.clone())
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(deleted)
}

/// Deletes a module's registry rows (versions, grants, roles, settings); its documents
/// stay unless purged separately.
pub async fn delete_plugin(conn: &mut AnyConnection, id: &str) -> sqlx::Result<bool> {
    for table in [
        "plugin_versions",
        "plugin_grants",
        "plugin_roles",
        "plugin_settings",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE plugin_id = $1"
        )))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(sqlx::query("DELETE FROM plugins WHERE id = $1")
        .bind(id.to_string())
        .execute(conn)
        .await?
        .rows_affected()
        > 0)
}

/// Granted capabilities of a module, sorted.
pub async fn grants_of(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Vec<String>> {
    strings(
        conn,
        "SELECT capability FROM plugin_grants WHERE plugin_id = $1 ORDER BY capability",
        id,
    )
    .await
}

/// Roles a module is enabled for, sorted.
pub async fn roles_of(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Vec<String>> {
    strings(
        conn,
        "SELECT role FROM plugin_roles WHERE plugin_id = $1 ORDER BY role",
        id,
    )
    .await
}

/// Stored settings of a module (key, value), sorted by key.
pub async fn settings_of(
    conn: &mut AnyConnection,
    id: &str,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query("SELECT key, value FROM plugin_settings WHERE plugin_id = $1 ORDER BY key")
        .bind(id.to_string())
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

async fn strings(
    conn: &mut AnyConnection,
    sql: &'static str,
    id: &str,
) -> sqlx::Result<Vec<String>> {
    sqlx::query(sql)
        .bind(id.to_string())
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Grants a capability; false when it was already granted.
pub async fn grant(
    conn: &mut AnyConnection,
    id: &str,
    capability: &str,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO plugin_grants (plugin_id, capability, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(id.to_string())
    .bind(capability.to_string())
    .bind(now)
    .bind(by.map(str::to_string))
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

/// Revokes a capability; false when it was not granted.
pub async fn revoke(conn: &mut AnyConnection, id: &str, capability: &str) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("DELETE FROM plugin_grants WHERE plugin_id = $1 AND capability = $2")
            .bind(id.to_string())
            .bind(capability.to_string())
            .execute(conn)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Enables a module for a role; false when it already was.
pub async fn enable_role(conn: &mut AnyConnection, id: &str, role: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO plugin_roles (plugin_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(id.to_string())
    .bind(role.to_string())
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

/// Disables a module for a role; false when it was not enabled.
pub async fn disable_role(conn: &mut AnyConnection, id: &str, role: &str) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("DELETE FROM plugin_roles WHERE plugin_id = $1 AND role = $2")
            .bind(id.to_string())
            .bind(role.to_string())
            .execute(conn)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Stores a setting value.
pub async fn set_setting(
    conn: &mut AnyConnection,
    id: &str,
    key: &str,
    value: &str,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO plugin_settings (plugin_id, key, value, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (plugin_id, key) \
         DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
         updated_by = excluded.updated_by",
    )
    .bind(id.to_string())
    .bind(key.to_string())
    .bind(value.to_string())
    .bind(now)
    .bind(by.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets the per-call limits.
pub async fn set_limits(
    conn: &mut AnyConnection,
    id: &str,
    deadline_ms: i64,
    memory_mib: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE plugins SET deadline_ms = $2, memory_mib = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(deadline_ms)
    .bind(memory_mib)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the number of failed calls in a row (not a registry change: no generation bump).
pub async fn set_failures(db: &Db, id: &str, failures: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE plugins SET consecutive_failures = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(failures)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Quarantines a module; false when it already was.
pub async fn quarantine(
    conn: &mut AnyConnection,
    id: &str,
    reason: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE plugins SET quarantined_at = $2, quarantine_reason = $3, updated_at = $2 \
         WHERE id = $1 AND quarantined_at IS NULL",
    )
    .bind(id.to_string())
    .bind(now)
    .bind(reason.to_string())
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

/// Ends a quarantine and clears the failure count; false when it was not quarantined.
pub async fn release(conn: &mut AnyConnection, id: &str, now: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "UPDATE plugins SET quarantined_at = NULL, quarantine_reason = '', consecutive_failures = 0, \
         updated_at = $2 WHERE id = $1 AND quarantined_at IS NOT NULL",
    )
    .bind(id.to_string())
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected()
        > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, engines};

    #[tokio::test]
    async fn registry_rows_round_trip() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let mut tx = t.db.begin().await.unwrap();
            insert_plugin(&mut tx, "berita", "1.0.0", 10).await.unwrap();
            put_version(
                &mut tx,
                &NewVersion {
                    plugin_id: "berita",
                    version: "1.0.0",
                    api_version: "1.1.0",
                    sha256: "ab",
                    manifest: "{}",
                    component: &[0, 97, 115, 109, 255],
                    installed_at: 10,
                    installed_by: Some("199001012015011001"),
                },
            )
            .await
            .unwrap();
            assert!(grant(&mut tx, "berita", "storage", None, 10).await.unwrap());
            assert!(!grant(&mut tx, "berita", "storage", None, 11).await.unwrap());
            assert!(enable_role(&mut tx, "berita", "pegawai").await.unwrap());
            set_setting(&mut tx, "berita", "k", "v1", None, 10)
                .await
                .unwrap();
            set_setting(&mut tx, "berita", "k", "v2", None, 11)
                .await
                .unwrap();
            bump_generation(&mut tx).await.unwrap();
            tx.commit().await.unwrap();

            let r = load_registry(&t.db).await.unwrap();
            assert_eq!(r.generation, 1, "{engine:?}");
            assert_eq!(r.plugins.len(), 1);
            assert_eq!(r.active.len(), 1);
            assert_eq!(r.active[0].1, vec![0, 97, 115, 109, 255]);
            assert_eq!(r.grants, vec![("berita".into(), "storage".into())]);
            assert_eq!(r.roles, vec![("berita".into(), "pegawai".into())]);
            assert_eq!(r.settings, vec![("berita".into(), "k".into(), "v2".into())]);

            let mut conn = t.db.pool.acquire().await.unwrap();
            assert!(quarantine(&mut conn, "berita", "x", 20).await.unwrap());
            assert!(!quarantine(&mut conn, "berita", "y", 21).await.unwrap());
            let row = get(&mut conn, "berita").await.unwrap().unwrap();
            assert_eq!(row.quarantined_at, Some(20));
            assert_eq!(row.quarantine_reason, "x");
            assert!(release(&mut conn, "berita", 22).await.unwrap());
            assert!(revoke(&mut conn, "berita", "storage").await.unwrap());
            assert!(disable_role(&mut conn, "berita", "pegawai").await.unwrap());
            assert!(
                version(&mut conn, "berita", "1.0.0")
                    .await
                    .unwrap()
                    .is_some()
            );
            assert!(delete_plugin(&mut conn, "berita").await.unwrap());
            assert!(get(&mut conn, "berita").await.unwrap().is_none());
            assert!(versions(&t.db, "berita").await.unwrap().is_empty());
        }
    }
}
