//! Accounts (`users`) and granted roles (`user_roles`).
//!
//! The TOTP replay guard is one conditional update ([`consume_totp_step`]), so two
//! concurrent logins with the same code cannot both succeed.

use sqlx::Row;

use super::Db;

/// An account as stored.
#[derive(Debug, Clone)]
pub struct User {
    /// NIP.
    pub nip: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Encrypted TOTP secret (nonce ‖ ciphertext).
    pub totp_secret_enc: Vec<u8>,
    /// Last accepted TOTP step.
    pub totp_last_step: i64,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// Whether the account was made by the demo seeder.
    pub demo: bool,
    /// Creation time.
    pub created_at: i64,
    /// Last password change.
    pub password_changed_at: i64,
}

/// A new account to insert.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// NIP (an existing employee).
    pub nip: &'a str,
    /// Argon2id PHC string.
    pub password_hash: &'a str,
    /// Encrypted TOTP secret.
    pub totp_secret_enc: &'a [u8],
    /// Step of the code that confirmed the enrolment (0 if none).
    pub totp_last_step: i64,
    /// Demo account flag.
    pub demo: bool,
    /// Now.
    pub now: i64,
}

fn user_from_row(r: &sqlx::any::AnyRow) -> sqlx::Result<User> {
    Ok(User {
        nip: r.try_get("nip")?,
        password_hash: r.try_get("password_hash")?,
        totp_secret_enc: r.try_get("totp_secret_enc")?,
        totp_last_step: r.try_get("totp_last_step")?,
        disabled: r.try_get::<i64, _>("disabled")? != 0,
        demo: r.try_get::<i64, _>("demo")? != 0,
        created_at: r.try_get("created_at")?,
        password_changed_at: r.try_get("password_changed_at")?,
    })
}

/// The account of `nip`, if registered.
pub async fn get<'e, E>(exec: E, nip: &str) -> sqlx::Result<Option<User>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT nip, password_hash, totp_secret_enc, totp_last_step, disabled, demo, \
         created_at, password_changed_at FROM users WHERE nip = $1",
    )
    .bind(nip.to_string())
    .fetch_optional(exec)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

/// Whether `nip` has an account.
pub async fn exists<'e, E>(exec: E, nip: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE nip = $1")
        .bind(nip.to_string())
        .fetch_one(exec)
        .await?;
    Ok(n > 0)
}

/// Number of accounts.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await
}

/// Inserts an account; `false` if `nip` already has one.
pub async fn insert<'e, E>(exec: E, user: &NewUser<'_>) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "INSERT INTO users (nip, password_hash, totp_secret_enc, totp_last_step, disabled, demo, \
         created_at, password_changed_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $6) \
         ON CONFLICT (nip) DO NOTHING",
    )
    .bind(user.nip.to_string())
    .bind(user.password_hash.to_string())
    .bind(user.totp_secret_enc.to_vec())
    .bind(user.totp_last_step)
    .bind(i64::from(user.demo))
    .bind(user.now)
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records `step` as the last accepted TOTP step if it is later than the stored one;
/// `false` means the code was already used (a replay) and must be refused.
pub async fn consume_totp_step<'e, E>(exec: E, nip: &str, step: i64) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done =
        sqlx::query("UPDATE users SET totp_last_step = $1 WHERE nip = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(nip.to_string())
            .execute(exec)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the password hash.
pub async fn set_password<'e, E>(
    exec: E,
    nip: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE nip = $3")
        .bind(password_hash.to_string())
        .bind(now)
        .bind(nip.to_string())
        .execute(exec)
        .await?;
    Ok(())
}

/// Replaces the TOTP secret (re-enrolment), with the step of the confirming code.
pub async fn set_totp_secret<'e, E>(
    exec: E,
    nip: &str,
    secret_enc: &[u8],
    last_step: i64,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET totp_secret_enc = $1, totp_last_step = $2 WHERE nip = $3")
        .bind(secret_enc.to_vec())
        .bind(last_step)
        .bind(nip.to_string())
        .execute(exec)
        .await?;
    Ok(())
}

/// Sets the disabled flag; `false` if there is no such account.
pub async fn set_disabled<'e, E>(exec: E, nip: &str, disabled: bool) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("UPDATE users SET disabled = $1 WHERE nip = $2")
        .bind(i64::from(disabled))
        .bind(nip.to_string())
        .execute(exec)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Roles granted to `nip` (without the implicit `pegawai`), sorted.
pub async fn roles(db: &Db, nip: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT role FROM user_roles WHERE nip = $1 ORDER BY role")
        .bind(nip.to_string())
        .fetch_all(&db.pool)
        .await
}

/// Grants `role`; `false` if it was already granted.
pub async fn grant_role<'e, E>(exec: E, nip: &str, role: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query(
        "INSERT INTO user_roles (nip, role) VALUES ($1, $2) ON CONFLICT (nip, role) DO NOTHING",
    )
    .bind(nip.to_string())
    .bind(role.to_string())
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes `role`; `false` if it was not granted.
pub async fn revoke_role<'e, E>(exec: E, nip: &str, role: &str) -> sqlx::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let done = sqlx::query("DELETE FROM user_roles WHERE nip = $1 AND role = $2")
        .bind(nip.to_string())
        .bind(role.to_string())
        .execute(exec)
        .await?;
    Ok(done.rows_affected() == 1)
}
