//! The audit log: every login attempt, credential change and record change, with actor,
//! subject, outcome, details (before/after as JSON), IP and request id.

use sqlx::Row;

use super::Db;

/// One audit entry to write.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry<'a> {
    /// Who acted (NIP), if known.
    pub actor_nip: Option<&'a str>,
    /// What was acted on (a NIP, a module id, ...).
    pub subject: &'a str,
    /// Dotted action name, e.g. `login`, `password.change`, `employee.import`.
    pub action: &'a str,
    /// `ok`, `denied`, `failed`, ...
    pub outcome: &'a str,
    /// JSON details.
    pub detail: serde_json::Value,
    /// Client IP.
    pub ip: &'a str,
    /// Request id.
    pub request_id: &'a str,
}

/// A stored audit entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditRecord {
    /// Row id.
    pub id: i64,
    /// Unix time.
    pub at: i64,
    /// Actor NIP.
    pub actor_nip: Option<String>,
    /// Subject.
    pub subject: String,
    /// Action.
    pub action: String,
    /// Outcome.
    pub outcome: String,
    /// JSON details.
    pub detail: String,
    /// Client IP.
    pub ip: String,
}

/// Appends an entry, on the pool or inside a transaction.
pub async fn record<'e, E>(exec: E, at: i64, entry: &AuditEntry<'_>) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let detail = if entry.detail.is_null() {
        "{}".to_string()
    } else {
        entry.detail.to_string()
    };
    sqlx::query(
        "INSERT INTO audit_log (at, actor_nip, subject, action, outcome, detail, ip, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(at)
    .bind(entry.actor_nip.map(str::to_string))
    .bind(entry.subject.to_string())
    .bind(entry.action.to_string())
    .bind(
        if entry.outcome.is_empty() {
            "ok"
        } else {
            entry.outcome
        }
        .to_string(),
    )
    .bind(detail)
    .bind(entry.ip.to_string())
    .bind(entry.request_id.to_string())
    .execute(exec)
    .await?;
    Ok(())
}

/// The newest entries about `subject` (or by it as actor), newest first.
pub async fn for_subject(db: &Db, subject: &str, limit: i64) -> sqlx::Result<Vec<AuditRecord>> {
    let rows = sqlx::query(
        "SELECT id, at, actor_nip, subject, action, outcome, detail, ip FROM audit_log \
         WHERE subject = $1 OR actor_nip = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(subject.to_string())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditRecord {
                id: r.try_get("id")?,
                at: r.try_get("at")?,
                actor_nip: r.try_get("actor_nip")?,
                subject: r.try_get("subject")?,
                action: r.try_get("action")?,
                outcome: r.try_get("outcome")?,
                detail: r.try_get("detail")?,
                ip: r.try_get("ip")?,
            })
        })
        .collect()
}
