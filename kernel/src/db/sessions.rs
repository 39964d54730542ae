//! Server-side sessions: the revocation list behind the signed session tokens.
//!
//! [`lookup`] is on the path of every authenticated request, so it is a single indexed
//! query (session by primary key, joined to the account, the employee's name and the
//! granted roles — one row per role).

use sqlx::Row;

use super::Db;

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    /// Random id (the token's `sid`).
    pub id: &'a str,
    /// NIP.
    pub nip: &'a str,
    /// Now.
    pub now: i64,
    /// Absolute end.
    pub expires_at: i64,
    /// Client IP.
    pub ip: &'a str,
    /// Client user agent (truncated).
    pub user_agent: &'a str,
    /// `web` or `api`.
    pub kind: &'a str,
}

/// Inserts a session.
pub async fn insert<'e, E>(exec: E, s: &NewSession<'_>) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO sessions (id, nip, created_at, last_seen_at, expires_at, ip, user_agent, kind) \
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7)",
    )
    .bind(s.id.to_string())
    .bind(s.nip.to_string())
    .bind(s.now)
    .bind(s.expires_at)
    .bind(s.ip.to_string())
    .bind(s.user_agent.to_string())
    .bind(s.kind.to_string())
    .execute(exec)
    .await?;
    Ok(())
}

/// What the session middleware needs about a session.
#[derive(Debug, Clone)]
pub struct SessionAuth {
    /// NIP of the session's user.
    pub nip: String,
    /// Absolute end.
    pub expires_at: i64,
    /// Whether it was revoked.
    pub revoked: bool,
    /// Last renewal.
    pub last_seen_at: i64,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Employee name (without titles).
    pub nama: String,
    /// Titles before the name.
    pub gelar_depan: String,
    /// Titles after the name.
    pub gelar_belakang: String,
    /// Granted roles (without `pegawai`).
    pub roles: Vec<String>,
}

/// The session `id` with its user, or `None` if there is no such session (or account).
pub async fn lookup(db: &Db, id: &str) -> sqlx::Result<Option<SessionAuth>> {
    let rows = sqlx::query(
        "SELECT s.nip, s.expires_at, s.revoked_at, s.last_seen_at, u.disabled, e.nama, \
         e.gelar_depan, e.gelar_belakang, r.role \
         FROM sessions s JOIN users u ON u.nip = s.nip JOIN employees e ON e.nip = s.nip \
         LEFT JOIN user_roles r ON r.nip = s.nip WHERE s.id = $1",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut roles = Vec::new();
    for r in &rows {
        if let Some(role) = r.try_get::<Option<String>, _>("role")? {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(Some(SessionAuth {
        nip: first.try_get("nip")?,
        expires_at: first.try_get("expires_at")?,
        revoked: first.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        last_seen_at: first.try_get("last_seen_at")?,
        disabled: first.try_get::<i64, _>("disabled")? != 0,
        nama: first.try_get("nama")?,
        gelar_depan: first.try_get("gelar_depan")?,
        gelar_belakang: first.try_get("gelar_belakang")?,
        roles,
    }))
}

/// Records activity on a session (at renewal time).
pub async fn touch(db: &Db, id: &str, now: i64, ip: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1, ip = $2 WHERE id = $3")
        .bind(now)
        .bind(ip.to_string())
        .bind(id.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Revokes one session of `nip`; `false` if it was not active.
pub async fn revoke<'e, E>(exec: E, id: &str, nip: &str, now: i64) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND nip = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id.to_string())
    .bind(nip.to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every active session of `nip` except `keep` (if given); returns how many.
pub async fn revoke_all<'e, E>(
    exec: E,
    nip: &str,
    now: i64,
    keep: Option<&str>,
) -> sqlx::Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE nip = $2 AND revoked_at IS NULL \
         AND expires_at > $1 AND id <> $3",
    )
    .bind(now)
    .bind(nip.to_string())
    .bind(keep.unwrap_or("").to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected())
}

/// A session as the account page lists it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// Id.
    pub id: String,
    /// Start.
    pub created_at: i64,
    /// Last renewal.
    pub last_seen_at: i64,
    /// Client IP at the last renewal.
    pub ip: String,
    /// Client user agent.
    pub user_agent: String,
    /// `web` or `api`.
    pub kind: String,
}

/// Active (not revoked, not past the absolute end) sessions of `nip`, newest first.
pub async fn active_for(db: &Db, nip: &str, now: i64) -> sqlx::Result<Vec<SessionInfo>> {
    let rows = sqlx::query(
        "SELECT id, created_at, last_seen_at, ip, user_agent, kind FROM sessions \
         WHERE nip = $1 AND revoked_at IS NULL AND expires_at > $2 \
         ORDER BY last_seen_at DESC, created_at DESC LIMIT 50",
    )
    .bind(nip.to_string())
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SessionInfo {
                id: r.try_get("id")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
                ip: r.try_get("ip")?,
                user_agent: r.try_get("user_agent")?,
                kind: r.try_get("kind")?,
            })
        })
        .collect()
}

/// Number of active sessions of `nip`.
pub async fn count_active(db: &Db, nip: &str, now: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE nip = $1 AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(nip.to_string())
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Deletes sessions that ended (revoked or past their absolute end) before `before`.
pub async fn delete_ended(db: &Db, before: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "DELETE FROM sessions WHERE expires_at < $1 OR (revoked_at IS NOT NULL AND revoked_at < $1)",
    )
    .bind(before)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}
