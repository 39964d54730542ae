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

/// Filters of the audit-log page; empty strings and `None` mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Actor NIP, exact.
    pub actor: String,
    /// Subject, exact.
    pub subject: String,
    /// Action, exact or a dotted prefix written as `plugin.*`.
    pub action: String,
    /// From this unix time (inclusive).
    pub from: Option<i64>,
    /// Before this unix time (exclusive).
    pub until: Option<i64>,
}

/// One page of filtered entries, newest first: `limit` rows after skipping `offset`, and
/// whether more follow.
pub async fn search(
    db: &Db,
    f: &AuditFilter,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<AuditRecord>, bool)> {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let mut push = |clause: &str, value: String| {
        binds.push(value);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    if !f.actor.trim().is_empty() {
        push("actor_nip = ?", f.actor.trim().to_string());
    }
    if !f.subject.trim().is_empty() {
        push("subject = ?", f.subject.trim().to_string());
    }
    let action = f.action.trim();
    if let Some(prefix) = action.strip_suffix('*') {
        // `LIKE` with the wildcards of the prefix itself escaped.
        let escaped = prefix
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        push("action LIKE ? ESCAPE '\\'", format!("{escaped}%"));
    } else if !action.is_empty() {
        push("action = ?", action.to_string());
    }
    let mut numbers: Vec<i64> = Vec::new();
    if let Some(from) = f.from {
        numbers.push(from);
        clauses.push(format!("at >= ${}", binds.len() + numbers.len()));
    }
    if let Some(until) = f.until {
        numbers.push(until);
        clauses.push(format!("at < ${}", binds.len() + numbers.len()));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let n = binds.len() + numbers.len();
    let sql = format!(
        "SELECT id, at, actor_nip, subject, action, outcome, detail, ip FROM audit_log {filter} \
         ORDER BY id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b);
    }
    for v in numbers {
        q = q.bind(v);
    }
    let rows = q
        .bind(limit.clamp(1, 500) + 1)
        .bind(offset.max(0))
        .fetch_all(&db.pool)
        .await?;
    let mut records = rows
        .iter()
        .map(to_record)
        .collect::<sqlx::Result<Vec<_>>>()?;
    let more = records.len() as i64 > limit.clamp(1, 500);
    records.truncate(limit.clamp(1, 500) as usize);
    Ok((records, more))
}

fn to_record(r: &sqlx::any::AnyRow) -> sqlx::Result<AuditRecord> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, engines};

    #[tokio::test]
    async fn search_filters_and_pages() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let entries = [
                (Some("198001012000011001"), "berita", "plugin.install", 0),
                (Some("198001012000011001"), "berita", "plugin.grant", 10),
                (None, "presensi", "plugin.install", 20),
                (
                    Some("198001012000011002"),
                    "198001012000011002",
                    "login",
                    30,
                ),
                (Some("198001012000011002"), "x", "plugin_install", 40),
            ];
            for (actor, subject, action, dt) in entries {
                record(
                    &db.pool,
                    TEST_EPOCH + dt,
                    &AuditEntry {
                        actor_nip: actor,
                        subject,
                        action,
                        outcome: "ok",
                        ip: "127.0.0.1",
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            }
            let find = |f: AuditFilter, offset, limit| async move {
                let (rows, more) = search(db, &f, offset, limit).await.unwrap();
                (rows.into_iter().map(|r| r.action).collect::<Vec<_>>(), more)
            };
            let all = find(AuditFilter::default(), 0, 10).await;
            assert_eq!(all.0.len(), 5, "{engine:?}");
            assert_eq!(all.0[0], "plugin_install", "newest first");
            let f = AuditFilter {
                action: "plugin.*".into(),
                ..Default::default()
            };
            assert_eq!(
                find(f, 0, 10).await.0,
                ["plugin.install", "plugin.grant", "plugin.install"],
                "prefix with `_` and `%` taken literally ({engine:?})"
            );
            let f = AuditFilter {
                actor: "198001012000011001".into(),
                subject: "berita".into(),
                action: "plugin.grant".into(),
                ..Default::default()
            };
            assert_eq!(find(f, 0, 10).await.0, ["plugin.grant"]);
            let f = AuditFilter {
                from: Some(TEST_EPOCH + 10),
                until: Some(TEST_EPOCH + 30),
                ..Default::default()
            };
            assert_eq!(find(f, 0, 10).await.0, ["plugin.install", "plugin.grant"]);
            assert_eq!(
                find(AuditFilter::default(), 0, 2).await,
                (vec!["plugin_install".into(), "login".into()], true)
            );
            assert_eq!(
                find(AuditFilter::default(), 4, 2).await,
                (vec!["plugin.install".into()], false)
            );
        }
    }
}
