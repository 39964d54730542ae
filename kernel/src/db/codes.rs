//! Single-use secrets of sign-on, all stored as SHA-256 hashes: HR-issued codes
//! (`one_time_codes`: activation, password reset, OTP reset), recovery codes
//! (`recovery_codes`) and pending authenticator enrolments (`totp_enrolments`).
//!
//! Consuming is always one conditional update (`... AND used_at IS NULL`), so a code can
//! be used once even under concurrent requests.

use sqlx::Row;

use super::Db;

/// An HR-issued code as stored.
#[derive(Debug, Clone)]
pub struct OneTimeCode {
    /// SHA-256 hex of the normalised code.
    pub code_hash: String,
    /// The employee it was issued for.
    pub nip: String,
    /// `activation`, `password-reset` or `otp-reset`.
    pub purpose: String,
    /// Issue time.
    pub created_at: i64,
    /// Expiry time.
    pub expires_at: i64,
    /// When it was used, if it was.
    pub used_at: Option<i64>,
}

impl OneTimeCode {
    /// Unused and not expired at `now`.
    pub fn is_usable(&self, now: i64) -> bool {
        self.used_at.is_none() && self.expires_at > now
    }
}

/// Deletes the unused codes of `nip` for `purpose` (a new code replaces them).
pub async fn delete_unused<'e, E>(exec: E, nip: &str, purpose: &str) -> sqlx::Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "DELETE FROM one_time_codes WHERE nip = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(nip.to_string())
    .bind(purpose.to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected())
}

/// Stores a new code.
pub async fn insert<'e, E>(
    exec: E,
    code_hash: &str,
    nip: &str,
    purpose: &str,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO one_time_codes (code_hash, nip, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash.to_string())
    .bind(nip.to_string())
    .bind(purpose.to_string())
    .bind(now)
    .bind(expires_at)
    .execute(exec)
    .await?;
    Ok(())
}

/// The code with this hash issued to `nip` for `purpose`, used or not.
pub async fn find<'e, E>(
    exec: E,
    code_hash: &str,
    nip: &str,
    purpose: &str,
) -> sqlx::Result<Option<OneTimeCode>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT code_hash, nip, purpose, created_at, expires_at, used_at FROM one_time_codes \
         WHERE code_hash = $1 AND nip = $2 AND purpose = $3",
    )
    .bind(code_hash.to_string())
    .bind(nip.to_string())
    .bind(purpose.to_string())
    .fetch_optional(exec)
    .await?;
    row.map(|r| {
        Ok(OneTimeCode {
            code_hash: r.try_get("code_hash")?,
            nip: r.try_get("nip")?,
            purpose: r.try_get("purpose")?,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            used_at: r.try_get("used_at")?,
        })
    })
    .transpose()
}

/// Marks a code used if it is still usable; `false` otherwise (used, expired, unknown).
pub async fn consume<'e, E>(
    exec: E,
    code_hash: &str,
    nip: &str,
    purpose: &str,
    now: i64,
) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE one_time_codes SET used_at = $1 WHERE code_hash = $2 AND nip = $3 \
         AND purpose = $4 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(code_hash.to_string())
    .bind(nip.to_string())
    .bind(purpose.to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Number of HR codes stored for `nip` (any purpose, any state).
pub async fn count_for(db: &Db, nip: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM one_time_codes WHERE nip = $1")
        .bind(nip.to_string())
        .fetch_one(&db.pool)
        .await
}

/// Replaces the recovery codes of `nip` by the given hashes.
pub async fn replace_recovery_codes(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    nip: &str,
    hashes: &[String],
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE nip = $1")
        .bind(nip.to_string())
        .execute(&mut **tx)
        .await?;
    for h in hashes {
        sqlx::query("INSERT INTO recovery_codes (nip, code_hash) VALUES ($1, $2)")
            .bind(nip.to_string())
            .bind(h.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Whether `nip` has an unused recovery code with this hash.
pub async fn recovery_code_usable<'e, E>(exec: E, nip: &str, code_hash: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM recovery_codes WHERE nip = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(nip.to_string())
    .bind(code_hash.to_string())
    .fetch_one(exec)
    .await?;
    Ok(n > 0)
}

/// Marks one unused recovery code used; `false` if there is none with this hash.
pub async fn consume_recovery_code<'e, E>(
    exec: E,
    nip: &str,
    code_hash: &str,
    now: i64,
) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE id = (SELECT MIN(id) FROM recovery_codes \
         WHERE nip = $2 AND code_hash = $3 AND used_at IS NULL) AND used_at IS NULL",
    )
    .bind(now)
    .bind(nip.to_string())
    .bind(code_hash.to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Number of unused recovery codes of `nip`.
pub async fn unused_recovery_codes(db: &Db, nip: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE nip = $1 AND used_at IS NULL")
        .bind(nip.to_string())
        .fetch_one(&db.pool)
        .await
}

/// A pending authenticator enrolment.
#[derive(Debug, Clone)]
pub struct Enrolment {
    /// SHA-256 hex of the enrolment token.
    pub token_hash: String,
    /// NIP.
    pub nip: String,
    /// `registration` or `re-enrolment`.
    pub purpose: String,
    /// The new secret, encrypted.
    pub secret_enc: Vec<u8>,
    /// Registration: the chosen password's hash.
    pub password_hash: Option<String>,
    /// The code that authorised it (see `auth::account`), consumed on confirmation.
    pub code_hash: Option<String>,
    /// Creation time.
    pub created_at: i64,
    /// Expiry time.
    pub expires_at: i64,
}

/// Stores a pending enrolment, replacing any other pending one of `nip` for the purpose.
pub async fn put_enrolment(db: &Db, e: &Enrolment) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM totp_enrolments WHERE nip = $1 AND purpose = $2")
        .bind(e.nip.clone())
        .bind(e.purpose.clone())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO totp_enrolments (token_hash, nip, purpose, secret_enc, password_hash, \
         code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.token_hash.clone())
    .bind(e.nip.clone())
    .bind(e.purpose.clone())
    .bind(e.secret_enc.clone())
    .bind(e.password_hash.clone())
    .bind(e.code_hash.clone())
    .bind(e.created_at)
    .bind(e.expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The unexpired pending enrolment with this token hash for `nip` and `purpose`.
pub async fn find_enrolment(
    db: &Db,
    token_hash: &str,
    nip: &str,
    purpose: &str,
    now: i64,
) -> sqlx::Result<Option<Enrolment>> {
    let row = sqlx::query(
        "SELECT token_hash, nip, purpose, secret_enc, password_hash, code_hash, created_at, \
         expires_at FROM totp_enrolments \
         WHERE token_hash = $1 AND nip = $2 AND purpose = $3 AND expires_at > $4",
    )
    .bind(token_hash.to_string())
    .bind(nip.to_string())
    .bind(purpose.to_string())
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Enrolment {
            token_hash: r.try_get("token_hash")?,
            nip: r.try_get("nip")?,
            purpose: r.try_get("purpose")?,
            secret_enc: r.try_get("secret_enc")?,
            password_hash: r.try_get("password_hash")?,
            code_hash: r.try_get("code_hash")?,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// Deletes a pending enrolment; `false` if it was already gone.
pub async fn delete_enrolment<'e, E>(exec: E, token_hash: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM totp_enrolments WHERE token_hash = $1")
        .bind(token_hash.to_string())
        .execute(exec)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes expired pending enrolments.
pub async fn delete_expired_enrolments(db: &Db, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM totp_enrolments WHERE expires_at <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}
