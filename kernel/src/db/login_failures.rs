//! Failed sign-on attempts per NIP (`login_failures`), for the progressive lockout of
//! `auth::throttle`. Rows exist for NIPs without an account too, so an unknown NIP
//! behaves exactly like a known one.

use sqlx::Row;

use super::Db;

/// The failure record of a NIP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    /// Consecutive failures.
    pub failures: i64,
    /// Time of the last failure.
    pub last_failure: i64,
    /// Locked until this time (0: not locked).
    pub locked_until: i64,
}

/// The record of `nip`, if any.
pub async fn get(db: &Db, nip: &str) -> sqlx::Result<Option<Failures>> {
    let row = sqlx::query(
        "SELECT failures, last_failure, locked_until FROM login_failures WHERE nip = $1",
    )
    .bind(nip.to_string())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Failures {
            failures: r.try_get("failures")?,
            last_failure: r.try_get("last_failure")?,
            locked_until: r.try_get("locked_until")?,
        })
    })
    .transpose()
}

/// Counts one failure at `now` (restarting the count when the previous failure is older
/// than `forget_before`) and returns the new count.
pub async fn record_failure(db: &Db, nip: &str, now: i64, forget_before: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO login_failures (nip, failures, last_failure, locked_until) \
         VALUES ($1, 1, $2, 0) \
         ON CONFLICT (nip) DO UPDATE SET \
           failures = CASE WHEN login_failures.last_failure < $3 THEN 1 \
                           ELSE login_failures.failures + 1 END, \
           last_failure = $2 \
         RETURNING failures",
    )
    .bind(nip.to_string())
    .bind(now)
    .bind(forget_before)
    .fetch_one(&db.pool)
    .await
}

/// Locks `nip` until `until`.
pub async fn lock_until(db: &Db, nip: &str, until: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_failures SET locked_until = $1 WHERE nip = $2")
        .bind(until)
        .bind(nip.to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets the failures of `nip` (after a successful sign-on).
pub async fn clear<'e, E>(exec: E, nip: &str) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM login_failures WHERE nip = $1")
        .bind(nip.to_string())
        .execute(exec)
        .await?;
    Ok(())
}

/// Deletes records whose last failure is older than `before` and that are not locked.
pub async fn prune(db: &Db, before: i64) -> sqlx::Result<u64> {
    let done =
        sqlx::query("DELETE FROM login_failures WHERE last_failure < $1 AND locked_until < $1")
            .bind(before)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected())
}
