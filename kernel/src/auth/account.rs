//! The sign-on use cases, independent of HTTP: login, registration with an HR activation
//! code, authenticator re-enrolment ("Generate Ulang"), password change and reset,
//! recovery codes, ending sessions. Handlers in `auth::web` parse input, call these and
//! render; the CLI uses `auth::admin`.
//!
//! Rules kept here:
//! - Bad input (malformed NIP, empty or oversize fields) is refused with a clear message
//!   before anything is read or written.
//! - Every credential check counts failures per NIP (`login_failures`, also for NIPs
//!   without an account) and refuses a locked NIP even with the right credentials; an
//!   unknown, locked or disabled NIP gets the same message, in about the same time (a
//!   dummy password verification), as a wrong password.
//! - A TOTP code is accepted once: the step is recorded in the same transaction that
//!   applies the change, by a conditional update.
//! - Every attempt is audited (actor, subject, IP, request id, reason internally).

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::auth::{CurrentUser, codes, is_valid_nip, password, throttle, totp};
use crate::db::audit::{self, AuditEntry};
use crate::db::{self, Db};
use crate::error::AppError;
use crate::state::AppState;

/// The one message of every failed login (wrong NIP, password or code; locked; disabled).
pub const LOGIN_FAILED: &str = "NIP, kata sandi, atau kode OTP salah.";
/// The message of a refused re-enrolment request.
pub const REENROL_FAILED: &str = "NIP, kata sandi, atau kode pemulihan / token reset OTP salah.";
/// The message of a refused password reset.
pub const RESET_FAILED: &str = "NIP, token reset, atau kode OTP salah.";
/// The message of a refused password change or recovery-code regeneration.
pub const CHANGE_FAILED: &str = "Kata sandi saat ini atau kode OTP salah.";
/// The message of an unknown activation code.
pub const ACTIVATION_FAILED: &str = "NIP atau kode aktivasi salah.";
/// The message of a wrong first code from a new authenticator.
pub const ENROL_OTP_FAILED: &str = "Kode OTP salah. Pastikan jam ponsel tepat, lalu masukkan kode terbaru dari aplikasi authenticator.";

/// How long a pending enrolment (QR code shown, first code not yet entered) stays valid.
pub const ENROLMENT_TTL_SECS: i64 = 15 * 60;
/// Longest opaque value accepted in a code/token field.
const MAX_CODE_CHARS: usize = 64;
/// Longest user agent kept with a session.
const MAX_USER_AGENT_CHARS: usize = 200;

/// Where a request came from, for sessions and the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    /// Client IP.
    pub ip: String,
    /// Request id.
    pub request_id: String,
    /// User agent (truncated).
    pub user_agent: String,
}

impl RequestMeta {
    /// Reads the meta data of a request.
    pub fn from_parts(parts: &Parts) -> RequestMeta {
        RequestMeta {
            ip: crate::web::client_ip(parts),
            request_id: crate::web::request_id(&parts.headers),
            user_agent: parts
                .headers
                .get(axum::http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .chars()
                .take(MAX_USER_AGENT_CHARS)
                .collect(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestMeta {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        _: &S,
    ) -> std::result::Result<Self, Self::Rejection> {
        Ok(RequestMeta::from_parts(parts))
    }
}

/// Why a use case refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The input is invalid; the message says what to fix. Nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// Credentials were refused; the flow's generic message. Only the failure counter
    /// and the audit log changed.
    #[error("{0}")]
    Denied(&'static str),
    /// Something unexpected.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AccountError {
    fn from(e: sqlx::Error) -> Self {
        AccountError::Internal(e.into())
    }
}

impl From<AccountError> for AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Invalid(m) => AppError::BadRequest(m),
            AccountError::Denied(m) => AppError::BadRequest(m.to_string()),
            AccountError::Internal(e) => AppError::Internal(e),
        }
    }
}

type Result<T> = std::result::Result<T, AccountError>;

fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    Err(AccountError::Invalid(msg.into()))
}

/// Normalises a typed NIP (spaces removed) and checks it is 18 digits.
pub fn parse_nip(raw: &str) -> Result<String> {
    let nip = crate::domain::nip::normalize_nip(raw);
    if nip.is_empty() {
        return invalid("NIP wajib diisi.");
    }
    if !is_valid_nip(&nip) {
        return invalid("NIP harus terdiri dari 18 digit angka.");
    }
    Ok(nip)
}

/// Checks a typed OTP: six digits (spaces ignored).
pub fn parse_otp(raw: &str) -> Result<String> {
    let otp: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if otp.is_empty() {
        return invalid("Kode OTP wajib diisi.");
    }
    if otp.len() != totp::DIGITS as usize || !otp.bytes().all(|b| b.is_ascii_digit()) {
        return invalid("Kode OTP harus 6 digit angka dari aplikasi authenticator.");
    }
    Ok(otp)
}

fn require_password<'a>(value: &'a str, label: &str) -> Result<&'a str> {
    if value.is_empty() {
        return invalid(format!("{label} wajib diisi."));
    }
    if value.chars().count() > password::MAX_CHARS {
        return invalid(format!(
            "{label} terlalu panjang (maksimal {} karakter).",
            password::MAX_CHARS
        ));
    }
    Ok(value)
}

fn require_code<'a>(value: &'a str, label: &str) -> Result<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        return invalid(format!("{label} wajib diisi."));
    }
    if v.chars().count() > MAX_CODE_CHARS {
        return invalid(format!("{label} terlalu panjang."));
    }
    Ok(v)
}

fn policy(r: std::result::Result<(), password::PolicyViolation>) -> Result<()> {
    r.map_err(|v| AccountError::Invalid(v.to_string()))
}

/// A signed session.
#[derive(Debug, Clone)]
pub struct IssuedSession {
    /// The session JWT.
    pub token: String,
    /// The server-side session id.
    pub session_id: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// An enrolment waiting for its first code, with what the page shows.
#[derive(Debug, Clone)]
pub struct PendingEnrolment {
    /// NIP.
    pub nip: String,
    /// The opaque token naming the enrolment (hidden form field `enrolment`).
    pub token: String,
    /// Secret, URI and QR code.
    pub display: totp::EnrolmentDisplay,
}

async fn audit_event(
    state: &AppState,
    meta: &RequestMeta,
    actor: Option<&str>,
    subject: &str,
    action: &str,
    outcome: &str,
    detail: serde_json::Value,
) -> Result<()> {
    audit::record(
        &state.db.pool,
        state.now(),
        &AuditEntry {
            actor_nip: actor,
            subject,
            action,
            outcome,
            detail,
            ip: &meta.ip,
            request_id: &meta.request_id,
        },
    )
    .await?;
    Ok(())
}

async fn audit_tx(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    now: i64,
    meta: &RequestMeta,
    actor: Option<&str>,
    subject: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<()> {
    audit::record(
        &mut **tx,
        now,
        &AuditEntry {
            actor_nip: actor,
            subject,
            action,
            outcome: "ok",
            detail,
            ip: &meta.ip,
            request_id: &meta.request_id,
        },
    )
    .await?;
    Ok(())
}

/// Whether `nip` is locked out at `now`.
async fn is_locked(db: &Db, nip: &str, now: i64) -> Result<bool> {
    Ok(db::login_failures::get(db, nip)
        .await?
        .is_some_and(|f| f.locked_until > now))
}

/// Counts a failed credential check for `nip` and locks it when due.
async fn count_failure(state: &AppState, nip: &str) -> Result<i64> {
    let now = state.now();
    let n = db::login_failures::record_failure(
        &state.db,
        nip,
        now,
        now - throttle::FAILURE_MEMORY_SECS,
    )
    .await?;
    let lock = throttle::lock_secs(n);
    if lock > 0 {
        db::login_failures::lock_until(&state.db, nip, now + lock).await?;
    }
    Ok(n)
}

/// Records a refused attempt (counter unless already locked, audit) and returns the
/// flow's generic error.
#[allow(clippy::too_many_arguments)]
async fn refuse(
    state: &AppState,
    meta: &RequestMeta,
    actor: Option<&str>,
    nip: &str,
    action: &str,
    reason: &str,
    locked: bool,
    message: &'static str,
) -> AccountError {
    let failures = if locked {
        None
    } else {
        match count_failure(state, nip).await {
            Ok(n) => Some(n),
            Err(e) => return e,
        }
    };
    let detail = serde_json::json!({ "reason": reason, "failures": failures });
    if let Err(e) = audit_event(state, meta, actor, nip, action, "failed", detail).await {
        return e;
    }
    AccountError::Denied(message)
}

/// Verifies `password` for `user`, or spends the same time on a dummy hash.
async fn check_password(
    state: &AppState,
    user: Option<&db::users::User>,
    password: &str,
) -> Result<bool> {
    match user {
        Some(u) => Ok(state
            .auth
            .passwords
            .verify(password, &u.password_hash)
            .await?),
        None => {
            state.auth.passwords.verify_dummy(password).await?;
            Ok(false)
        }
    }
}

/// The step `otp` is valid for with `user`'s secret (later than its last used step).
fn check_otp(state: &AppState, user: &db::users::User, otp: &str, now: i64) -> Result<Option<i64>> {
    let secret = state
        .auth
        .secret_box
        .open(&user.nip, &user.totp_secret_enc)?;
    Ok(totp::verify(&secret, otp, now, user.totp_last_step))
}

/// How many sessions are created between two clean-ups of ended sign-on rows.
const CLEANUP_EVERY: u64 = 500;
/// Ended sessions are kept this long (seconds) before being deleted.
const KEEP_ENDED_SESSIONS_SECS: i64 = 7 * 24 * 60 * 60;
static SESSIONS_CREATED: AtomicU64 = AtomicU64::new(0);

/// Every [`CLEANUP_EVERY`] new sessions, deletes in the background what no longer
/// matters: sessions ended a week ago, expired pending enrolments and failure counters
/// that are neither recent nor locking. Idempotent, so several kernels may all do it.
fn maybe_clean_up(state: &AppState) {
    if SESSIONS_CREATED.fetch_add(1, Ordering::Relaxed) % CLEANUP_EVERY != CLEANUP_EVERY - 1 {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        let now = state.now();
        let db = &state.db;
        let result = async {
            let sessions = db::sessions::delete_ended(db, now - KEEP_ENDED_SESSIONS_SECS).await?;
            let enrolments = db::codes::delete_expired_enrolments(db, now).await?;
            let failures =
                db::login_failures::prune(db, now - throttle::FAILURE_MEMORY_SECS).await?;
            Ok::<_, sqlx::Error>((sessions, enrolments, failures))
        }
        .await;
        match result {
            Ok((s, e, f)) => tracing::info!(
                sessions = s,
                enrolments = e,
                failures = f,
                "sign-on clean-up"
            ),
            Err(e) => tracing::warn!(error = %e, "sign-on clean-up failed"),
        }
    });
}

/// Creates a server-side session for `nip` and signs its token.
pub async fn create_session(
    state: &AppState,
    nip: &str,
    meta: &RequestMeta,
    kind: &str,
) -> anyhow::Result<IssuedSession> {
    let now = state.now();
    let id = codes::new_session_id();
    let expires_at = now + state.config.session_max_secs;
    db::sessions::insert(
        &state.db.pool,
        &db::sessions::NewSession {
            id: &id,
            nip,
            now,
            expires_at,
            ip: &meta.ip,
            user_agent: &meta.user_agent,
            kind,
        },
    )
    .await?;
    let exp = (now + state.config.session_ttl_secs).min(expires_at);
    let token = state.auth.jwt.sign(nip, &id, now, exp)?;
    maybe_clean_up(state);
    Ok(IssuedSession {
        token,
        session_id: id,
        expires_in: exp - now,
    })
}

/// Signs in with NIP + password + OTP and opens a session of `kind` (`web` | `api`).
pub async fn login(
    state: &AppState,
    meta: &RequestMeta,
    nip: &str,
    password: &str,
    otp: &str,
    kind: &str,
) -> Result<IssuedSession> {
    let nip = parse_nip(nip)?;
    let password = require_password(password, "Kata sandi")?;
    let otp = parse_otp(otp)?;
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let user = db::users::get(&state.db.pool, &nip).await?;
    let password_ok = check_password(state, user.as_ref(), password).await?;
    let step = match &user {
        Some(u) => check_otp(state, u, &otp, now)?,
        None => None,
    };
    let reason = match (&user, locked) {
        (_, true) => Some("locked"),
        (None, _) => Some("unknown-account"),
        (Some(u), _) if u.disabled => Some("disabled"),
        _ if !password_ok => Some("password"),
        _ if step.is_none() => Some("otp"),
        _ => None,
    };
    let action = if kind == "api" { "login.api" } else { "login" };
    if let Some(reason) = reason {
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            action,
            reason,
            locked,
            LOGIN_FAILED,
        )
        .await);
    }
    let step = step.context("checked above")?;
    if !db::users::consume_totp_step(&state.db.pool, &nip, step).await? {
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            action,
            "otp-replay",
            false,
            LOGIN_FAILED,
        )
        .await);
    }
    db::login_failures::clear(&state.db.pool, &nip).await?;
    let session = create_session(state, &nip, meta, kind).await?;
    audit_event(
        state,
        meta,
        Some(&nip),
        &nip,
        action,
        "ok",
        serde_json::json!({ "session": session.session_id }),
    )
    .await?;
    Ok(session)
}

/// Ends the session of `user` (logout).
pub async fn logout(state: &AppState, meta: &RequestMeta, user: &CurrentUser) -> Result<()> {
    let now = state.now();
    db::sessions::revoke(&state.db.pool, &user.session_id, &user.nip, now).await?;
    audit_event(
        state,
        meta,
        Some(&user.nip),
        &user.nip,
        "logout",
        "ok",
        serde_json::json!({ "session": user.session_id }),
    )
    .await
}

/// The registration form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RegisterInput {
    /// NIP.
    pub nip: String,
    /// HR activation code.
    pub activation_code: String,
    /// Chosen password.
    pub password: String,
    /// Its confirmation.
    pub password_confirm: String,
}

async fn new_enrolment(
    state: &AppState,
    nip: &str,
    purpose: &str,
    password_hash: Option<String>,
    code_hash: String,
) -> Result<PendingEnrolment> {
    let now = state.now();
    let secret = totp::generate_secret();
    let sealed = state.auth.secret_box.seal(nip, &secret)?;
    let token = codes::new_token();
    db::codes::put_enrolment(
        &state.db,
        &db::codes::Enrolment {
            token_hash: codes::hash_token(&token),
            nip: nip.to_string(),
            purpose: purpose.to_string(),
            secret_enc: sealed,
            password_hash,
            code_hash: Some(code_hash),
            created_at: now,
            expires_at: now + ENROLMENT_TTL_SECS,
        },
    )
    .await?;
    let display = totp::display(&secret, nip, &state.auth.otp_issuer)?;
    Ok(PendingEnrolment {
        nip: nip.to_string(),
        token,
        display,
    })
}

/// The pending enrolment named by `token` (to show its QR code again), if still valid.
pub async fn pending_enrolment(
    state: &AppState,
    nip: &str,
    token: &str,
    purpose: &str,
) -> Result<Option<PendingEnrolment>> {
    let Ok(nip) = parse_nip(nip) else {
        return Ok(None);
    };
    if token.is_empty() || token.len() > MAX_CODE_CHARS {
        return Ok(None);
    }
    let Some(e) = db::codes::find_enrolment(
        &state.db,
        &codes::hash_token(token),
        &nip,
        purpose,
        state.now(),
    )
    .await?
    else {
        return Ok(None);
    };
    let secret = state.auth.secret_box.open(&nip, &e.secret_enc)?;
    Ok(Some(PendingEnrolment {
        display: totp::display(&secret, &nip, &state.auth.otp_issuer)?,
        nip,
        token: token.to_string(),
    }))
}

/// Step 1 of registration: checks the activation code and the password, then stores a
/// pending enrolment with a new secret (nothing else changes until step 2).
pub async fn start_registration(
    state: &AppState,
    meta: &RequestMeta,
    input: &RegisterInput,
) -> Result<PendingEnrolment> {
    let nip = parse_nip(&input.nip)?;
    let code = require_code(&input.activation_code, "Kode aktivasi")?;
    require_password(&input.password, "Kata sandi")?;
    require_password(&input.password_confirm, "Konfirmasi kata sandi")?;
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let code_hash = codes::hash_code(code);
    let found = db::codes::find(&state.db.pool, &code_hash, &nip, "activation").await?;
    let Some(found) = found.filter(|_| !locked) else {
        return Err(refuse(
            state,
            meta,
            None,
            &nip,
            "register",
            if locked { "locked" } else { "activation-code" },
            locked,
            ACTIVATION_FAILED,
        )
        .await);
    };
    // The caller holds a code issued for this NIP, so precise messages leak nothing.
    if db::users::exists(&state.db.pool, &nip).await? {
        return invalid(
            "NIP ini sudah terdaftar. Silakan masuk, atau gunakan Lupa Kata Sandi / Generate Ulang.",
        );
    }
    if found.used_at.is_some() {
        return invalid("Kode aktivasi ini sudah dipakai. Minta kode baru ke bagian kepegawaian.");
    }
    if found.expires_at <= now {
        return invalid(
            "Kode aktivasi ini sudah kedaluwarsa. Minta kode baru ke bagian kepegawaian.",
        );
    }
    let employee = db::employees::get(&state.db, &nip)
        .await?
        .context("activation code for a missing employee")?;
    policy(password::check_new_password(
        &input.password,
        &input.password_confirm,
        &nip,
        &employee.nama,
    ))?;
    let hash = state.auth.passwords.hash(&input.password).await?;
    let pending = new_enrolment(state, &nip, "registration", Some(hash), code_hash).await?;
    audit_event(
        state,
        meta,
        None,
        &nip,
        "register.start",
        "ok",
        serde_json::json!({}),
    )
    .await?;
    Ok(pending)
}

/// What a confirm form submitted for a pending enrolment.
struct EnrolmentCheck<'a> {
    nip: &'a str,
    token: &'a str,
    otp: &'a str,
    /// `registration` or `re-enrolment`.
    purpose: &'static str,
    /// Audit action of a refusal.
    action: &'static str,
    /// Message when no such pending enrolment exists (any more).
    not_found: &'static str,
}

/// A pending enrolment whose first code from the new secret checked out.
struct EnrolmentCode {
    nip: String,
    e: db::codes::Enrolment,
    step: i64,
    now: i64,
}

/// The first half of confirming an enrolment, shared by registration and re-enrolment:
/// finds the pending enrolment and checks the first code from its new secret, refusing
/// (audited) when the account is locked or the code is wrong. Changes nothing.
async fn check_enrolment_code(
    state: &AppState,
    meta: &RequestMeta,
    c: EnrolmentCheck<'_>,
) -> Result<EnrolmentCode> {
    let nip = parse_nip(c.nip)?;
    let token = require_code(c.token, "Token pendaftaran")?;
    let otp = parse_otp(c.otp)?;
    let now = state.now();
    let Some(e) =
        db::codes::find_enrolment(&state.db, &codes::hash_token(token), &nip, c.purpose, now)
            .await?
    else {
        return invalid(c.not_found);
    };
    let locked = is_locked(&state.db, &nip, now).await?;
    let secret = state.auth.secret_box.open(&nip, &e.secret_enc)?;
    let (Some(step), false) = (totp::verify(&secret, &otp, now, 0), locked) else {
        let reason = if locked { "locked" } else { "otp" };
        let actor = (c.purpose == "re-enrolment").then_some(nip.as_str());
        let _ = refuse(
            state,
            meta,
            actor,
            &nip,
            c.action,
            reason,
            locked,
            ENROL_OTP_FAILED,
        )
        .await;
        return invalid(ENROL_OTP_FAILED);
    };
    Ok(EnrolmentCode { nip, e, step, now })
}

/// Step 2 of registration: the first code from the new authenticator activates the
/// account, consumes the activation code and returns the recovery codes (shown once).
pub async fn confirm_registration(
    state: &AppState,
    meta: &RequestMeta,
    nip: &str,
    token: &str,
    otp: &str,
) -> Result<Vec<String>> {
    let EnrolmentCode { nip, e, step, now } = check_enrolment_code(
        state,
        meta,
        EnrolmentCheck {
            nip,
            token,
            otp,
            purpose: "registration",
            action: "register",
            not_found: "Pendaftaran tidak ditemukan atau sudah kedaluwarsa. Silakan ulangi pendaftaran.",
        },
    )
    .await?;
    let (Some(password_hash), Some(code_hash)) = (e.password_hash.clone(), e.code_hash.clone())
    else {
        return Err(anyhow::anyhow!("registration enrolment without password or code").into());
    };
    let recovery = codes::new_recovery_codes();
    let hashes: Vec<String> = recovery.iter().map(|c| codes::hash_code(c)).collect();
    let mut tx = state.db.begin().await?;
    if !db::codes::consume(&mut *tx, &code_hash, &nip, "activation", now).await? {
        return invalid(
            "Kode aktivasi sudah dipakai atau kedaluwarsa. Minta kode baru ke bagian kepegawaian.",
        );
    }
    let inserted = db::users::insert(
        &mut *tx,
        &db::users::NewUser {
            nip: &nip,
            password_hash: &password_hash,
            totp_secret_enc: &e.secret_enc,
            totp_last_step: step,
            demo: false,
            now,
        },
    )
    .await?;
    if !inserted {
        return invalid("NIP ini sudah terdaftar. Silakan masuk.");
    }
    db::codes::delete_enrolment(&mut *tx, &e.token_hash).await?;
    db::codes::replace_recovery_codes(&mut tx, &nip, &hashes).await?;
    db::login_failures::clear(&mut *tx, &nip).await?;
    audit_tx(
        &mut tx,
        now,
        meta,
        Some(&nip),
        &nip,
        "register",
        serde_json::json!({ "recovery_codes": hashes.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(recovery)
}

/// The re-enrolment request form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReenrolInput {
    /// NIP.
    pub nip: String,
    /// Current password.
    pub password: String,
    /// One of the recovery codes…
    pub recovery_code: String,
    /// …or an HR-issued OTP reset token.
    pub reset_token: String,
}

/// Step 1 of "Generate Ulang": password plus a recovery code or an HR reset token →
/// a pending enrolment with a new secret. The old secret keeps working until step 2.
pub async fn start_reenrolment(
    state: &AppState,
    meta: &RequestMeta,
    input: &ReenrolInput,
) -> Result<PendingEnrolment> {
    let nip = parse_nip(&input.nip)?;
    let password = require_password(&input.password, "Kata sandi")?;
    let recovery = input.recovery_code.trim();
    let token = input.reset_token.trim();
    let (via, factor) = match (recovery.is_empty(), token.is_empty()) {
        (true, true) => {
            return invalid(
                "Isi kode pemulihan, atau token reset OTP dari bagian kepegawaian. Kata sandi saja tidak cukup.",
            );
        }
        (false, false) => {
            return invalid("Isi salah satu saja: kode pemulihan atau token reset OTP.");
        }
        (false, true) => ("recovery", require_code(recovery, "Kode pemulihan")?),
        (true, false) => ("otp-reset", require_code(token, "Token reset OTP")?),
    };
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let user = db::users::get(&state.db.pool, &nip).await?;
    let password_ok = check_password(state, user.as_ref(), password).await?;
    let factor_hash = codes::hash_code(factor);
    let factor_ok = match via {
        "recovery" => db::codes::recovery_code_usable(&state.db.pool, &nip, &factor_hash).await?,
        _ => db::codes::find(&state.db.pool, &factor_hash, &nip, "otp-reset")
            .await?
            .is_some_and(|c| c.is_usable(now)),
    };
    let reason = match (&user, locked) {
        (_, true) => Some("locked"),
        (None, _) => Some("unknown-account"),
        (Some(u), _) if u.disabled => Some("disabled"),
        _ if !password_ok => Some("password"),
        _ if !factor_ok => Some(via),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(refuse(
            state,
            meta,
            None,
            &nip,
            "otp.reenrol.start",
            reason,
            locked,
            REENROL_FAILED,
        )
        .await);
    }
    let pending = new_enrolment(
        state,
        &nip,
        "re-enrolment",
        None,
        format!("{via}:{factor_hash}"),
    )
    .await?;
    audit_event(
        state,
        meta,
        Some(&nip),
        &nip,
        "otp.reenrol.start",
        "ok",
        serde_json::json!({ "via": via }),
    )
    .await?;
    Ok(pending)
}

/// Step 2 of "Generate Ulang": a code from the NEW secret replaces the old secret,
/// consumes the recovery code or token and ends every session. Returns how many
/// sessions were ended.
pub async fn confirm_reenrolment(
    state: &AppState,
    meta: &RequestMeta,
    nip: &str,
    token: &str,
    otp: &str,
) -> Result<u64> {
    let EnrolmentCode { nip, e, step, now } = check_enrolment_code(
        state,
        meta,
        EnrolmentCheck {
            nip,
            token,
            otp,
            purpose: "re-enrolment",
            action: "otp.reenrol",
            not_found: "Permintaan Generate Ulang tidak ditemukan atau sudah kedaluwarsa. Silakan ulangi.",
        },
    )
    .await?;
    let code_hash = e.code_hash.clone().unwrap_or_default();
    let (via, factor_hash) = code_hash
        .split_once(':')
        .context("re-enrolment without its authorising code")?;
    let mut tx = state.db.begin().await?;
    let user = db::users::get(&mut *tx, &nip).await?;
    if user.as_ref().is_none_or(|u| u.disabled) {
        return Err(AccountError::Denied(REENROL_FAILED));
    }
    let consumed = match via {
        "recovery" => db::codes::consume_recovery_code(&mut *tx, &nip, factor_hash, now).await?,
        _ => db::codes::consume(&mut *tx, factor_hash, &nip, "otp-reset", now).await?,
    };
    if !consumed {
        return invalid(
            "Kode pemulihan atau token reset OTP sudah dipakai. Silakan ulangi Generate Ulang.",
        );
    }
    db::users::set_totp_secret(&mut *tx, &nip, &e.secret_enc, step).await?;
    let ended = db::sessions::revoke_all(&mut *tx, &nip, now, None).await?;
    db::codes::delete_enrolment(&mut *tx, &e.token_hash).await?;
    db::login_failures::clear(&mut *tx, &nip).await?;
    audit_tx(
        &mut tx,
        now,
        meta,
        Some(&nip),
        &nip,
        "otp.reenrol",
        serde_json::json!({ "via": via, "sessions_ended": ended }),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// The password change form (signed in).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ChangePasswordInput {
    /// Current password.
    pub current_password: String,
    /// New password.
    pub password: String,
    /// Its confirmation.
    pub password_confirm: String,
    /// A current code.
    pub otp: String,
}

/// Changes the password of the signed-in user (current password + OTP); ends every
/// other session. Returns how many were ended.
pub async fn change_password(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
    input: &ChangePasswordInput,
) -> Result<u64> {
    let nip = user.nip.clone();
    let current = require_password(&input.current_password, "Kata sandi saat ini")?;
    require_password(&input.password, "Kata sandi baru")?;
    require_password(&input.password_confirm, "Konfirmasi kata sandi")?;
    let otp = parse_otp(&input.otp)?;
    let employee = db::employees::get(&state.db, &nip).await?;
    let name = employee.map(|e| e.nama).unwrap_or_default();
    policy(password::check_new_password(
        &input.password,
        &input.password_confirm,
        &nip,
        &name,
    ))?;
    if input.password == current {
        return invalid("Kata sandi baru harus berbeda dari kata sandi saat ini.");
    }
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let account = db::users::get(&state.db.pool, &nip).await?;
    let password_ok = check_password(state, account.as_ref(), current).await?;
    let step = match &account {
        Some(a) => check_otp(state, a, &otp, now)?,
        None => None,
    };
    let reason = match (password_ok, step, locked) {
        (_, _, true) => Some("locked"),
        (false, _, _) => Some("password"),
        (_, None, _) => Some("otp"),
        _ => None,
    };
    let (None, Some(step)) = (reason, step) else {
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            "password.change",
            reason.unwrap_or("otp"),
            locked,
            CHANGE_FAILED,
        )
        .await);
    };
    let hash = state.auth.passwords.hash(&input.password).await?;
    let mut tx = state.db.begin().await?;
    if !db::users::consume_totp_step(&mut *tx, &nip, step).await? {
        drop(tx);
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            "password.change",
            "otp-replay",
            false,
            CHANGE_FAILED,
        )
        .await);
    }
    db::users::set_password(&mut *tx, &nip, &hash, now).await?;
    let ended = db::sessions::revoke_all(&mut *tx, &nip, now, Some(&user.session_id)).await?;
    audit_tx(
        &mut tx,
        now,
        meta,
        Some(&nip),
        &nip,
        "password.change",
        serde_json::json!({ "sessions_ended": ended }),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// The forgotten-password form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ResetPasswordInput {
    /// NIP.
    pub nip: String,
    /// HR-issued password reset token.
    pub reset_token: String,
    /// A current code.
    pub otp: String,
    /// New password.
    pub password: String,
    /// Its confirmation.
    pub password_confirm: String,
}

/// Resets a forgotten password with an HR reset token and a current OTP; ends every
/// session. Returns how many were ended.
pub async fn reset_password(
    state: &AppState,
    meta: &RequestMeta,
    input: &ResetPasswordInput,
) -> Result<u64> {
    let nip = parse_nip(&input.nip)?;
    let token = require_code(&input.reset_token, "Token reset kata sandi")?;
    let otp = parse_otp(&input.otp)?;
    require_password(&input.password, "Kata sandi baru")?;
    require_password(&input.password_confirm, "Konfirmasi kata sandi")?;
    let name = db::employees::get(&state.db, &nip)
        .await?
        .map(|e| e.nama)
        .unwrap_or_default();
    policy(password::check_new_password(
        &input.password,
        &input.password_confirm,
        &nip,
        &name,
    ))?;
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let account = db::users::get(&state.db.pool, &nip).await?;
    let token_hash = codes::hash_code(token);
    let token_ok = db::codes::find(&state.db.pool, &token_hash, &nip, "password-reset")
        .await?
        .is_some_and(|c| c.is_usable(now));
    let step = match &account {
        Some(a) => check_otp(state, a, &otp, now)?,
        None => None,
    };
    let reason = match (&account, locked) {
        (_, true) => Some("locked"),
        (None, _) => Some("unknown-account"),
        (Some(a), _) if a.disabled => Some("disabled"),
        _ if !token_ok => Some("reset-token"),
        _ if step.is_none() => Some("otp"),
        _ => None,
    };
    let (None, Some(step)) = (reason, step) else {
        return Err(refuse(
            state,
            meta,
            None,
            &nip,
            "password.reset",
            reason.unwrap_or("otp"),
            locked,
            RESET_FAILED,
        )
        .await);
    };
    let hash = state.auth.passwords.hash(&input.password).await?;
    let mut tx = state.db.begin().await?;
    let consumed = db::codes::consume(&mut *tx, &token_hash, &nip, "password-reset", now).await?
        && db::users::consume_totp_step(&mut *tx, &nip, step).await?;
    if !consumed {
        drop(tx);
        return Err(refuse(
            state,
            meta,
            None,
            &nip,
            "password.reset",
            "replay",
            false,
            RESET_FAILED,
        )
        .await);
    }
    db::users::set_password(&mut *tx, &nip, &hash, now).await?;
    let ended = db::sessions::revoke_all(&mut *tx, &nip, now, None).await?;
    db::login_failures::clear(&mut *tx, &nip).await?;
    audit_tx(
        &mut tx,
        now,
        meta,
        Some(&nip),
        &nip,
        "password.reset",
        serde_json::json!({ "sessions_ended": ended }),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Replaces the recovery codes of the signed-in user (a current OTP is required) and
/// returns the new set (shown once).
pub async fn regenerate_recovery_codes(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
    otp: &str,
) -> Result<Vec<String>> {
    let nip = user.nip.clone();
    let otp = parse_otp(otp)?;
    let now = state.now();
    let locked = is_locked(&state.db, &nip, now).await?;
    let account = db::users::get(&state.db.pool, &nip)
        .await?
        .context("signed-in user without an account")?;
    let step = check_otp(state, &account, &otp, now)?;
    let (Some(step), false) = (step, locked) else {
        let reason = if locked { "locked" } else { "otp" };
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            "recovery.regenerate",
            reason,
            locked,
            CHANGE_FAILED,
        )
        .await);
    };
    let recovery = codes::new_recovery_codes();
    let hashes: Vec<String> = recovery.iter().map(|c| codes::hash_code(c)).collect();
    let mut tx = state.db.begin().await?;
    if !db::users::consume_totp_step(&mut *tx, &nip, step).await? {
        drop(tx);
        return Err(refuse(
            state,
            meta,
            Some(&nip),
            &nip,
            "recovery.regenerate",
            "otp-replay",
            false,
            CHANGE_FAILED,
        )
        .await);
    }
    db::codes::replace_recovery_codes(&mut tx, &nip, &hashes).await?;
    audit_tx(
        &mut tx,
        now,
        meta,
        Some(&nip),
        &nip,
        "recovery.regenerate",
        serde_json::json!({ "count": hashes.len() }),
    )
    .await?;
    tx.commit().await?;
    Ok(recovery)
}

/// Ends every session of the signed-in user except the current one.
pub async fn end_other_sessions(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
) -> Result<u64> {
    let now = state.now();
    let ended =
        db::sessions::revoke_all(&state.db.pool, &user.nip, now, Some(&user.session_id)).await?;
    audit_event(
        state,
        meta,
        Some(&user.nip),
        &user.nip,
        "session.end-others",
        "ok",
        serde_json::json!({ "sessions_ended": ended }),
    )
    .await?;
    Ok(ended)
}

/// A security event as the account page lists it.
#[derive(Debug, Clone)]
pub struct SecurityEvent {
    /// Unix time.
    pub at: i64,
    /// What happened, in Indonesian.
    pub label: String,
    /// Whether it succeeded.
    pub ok: bool,
    /// Client IP.
    pub ip: String,
}

/// Indonesian label of a sign-on audit action, or `None` for other actions.
pub fn event_label(action: &str, ok: bool) -> Option<&'static str> {
    Some(match (action, ok) {
        ("login" | "login.api", true) => "Berhasil masuk",
        ("login" | "login.api", false) => "Percobaan masuk gagal",
        ("logout", _) => "Keluar",
        ("register", true) => "Akun didaftarkan",
        ("register" | "register.start", false) => "Percobaan pendaftaran gagal",
        ("otp.reenrol", true) => "Aplikasi authenticator diganti (Generate Ulang)",
        ("otp.reenrol" | "otp.reenrol.start", false) => "Percobaan Generate Ulang gagal",
        ("otp.reenrol.start", true) => "Generate Ulang dimulai",
        ("password.change", true) => "Kata sandi diubah",
        ("password.change", false) => "Percobaan ubah kata sandi gagal",
        ("password.reset", true) => "Kata sandi direset",
        ("password.reset", false) => "Percobaan reset kata sandi gagal",
        ("recovery.regenerate", true) => "Kode pemulihan dibuat ulang",
        ("recovery.regenerate", false) => "Percobaan membuat ulang kode pemulihan gagal",
        ("session.end-others", _) => "Sesi lain diakhiri",
        ("role.grant", _) => "Peran diberikan",
        ("role.revoke", _) => "Peran dicabut",
        ("account.disable", _) => "Akun dinonaktifkan",
        ("account.enable", _) => "Akun diaktifkan kembali",
        ("code.issue", _) => "Kode/token diterbitkan oleh kepegawaian",
        _ => return None,
    })
}

/// The most recent sign-on events about `nip`, newest first.
pub async fn security_events(
    state: &AppState,
    nip: &str,
    limit: usize,
) -> Result<Vec<SecurityEvent>> {
    let records = audit::for_subject(&state.db, nip, 200).await?;
    Ok(records
        .into_iter()
        .filter(|r| r.subject == nip)
        .filter_map(|r| {
            let ok = r.outcome == "ok";
            event_label(&r.action, ok).map(|label| SecurityEvent {
                at: r.at,
                label: label.to_string(),
                ok,
                ip: r.ip,
            })
        })
        .take(limit)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_parsing() {
        assert_eq!(
            parse_nip(" 19850714 201001 2 003 ").unwrap(),
            "198507142010012003"
        );
        for bad in ["", "123", "19850714201001200x", "1985071420100120031"] {
            assert!(
                matches!(parse_nip(bad), Err(AccountError::Invalid(_))),
                "{bad}"
            );
        }
        assert_eq!(parse_otp("123 456").unwrap(), "123456");
        for bad in ["", "12345", "1234567", "abcdef"] {
            assert!(parse_otp(bad).is_err(), "{bad}");
        }
        assert!(require_password(&"x".repeat(129), "Kata sandi").is_err());
        assert!(require_password(&"x".repeat(128), "Kata sandi").is_ok());
        assert!(require_code(&"x".repeat(65), "Kode").is_err());
        assert_eq!(event_label("login", false), Some("Percobaan masuk gagal"));
        assert_eq!(event_label("employee.update", true), None);
    }

    #[tokio::test]
    async fn clean_up_queries_run_on_every_engine() {
        for engine in crate::testkit::engines() {
            let t = crate::testkit::TestDb::new(engine).await;
            let now = crate::testkit::TEST_EPOCH;
            assert_eq!(db::sessions::delete_ended(&t.db, now).await.unwrap(), 0);
            assert_eq!(
                db::codes::delete_expired_enrolments(&t.db, now)
                    .await
                    .unwrap(),
                0
            );
            db::login_failures::record_failure(&t.db, "197001011990031001", now - 100_000, 0)
                .await
                .unwrap();
            assert_eq!(
                db::login_failures::record_failure(&t.db, "197001011990031001", now - 90_000, 0)
                    .await
                    .unwrap(),
                2
            );
            // An old failure is forgotten when the next one comes.
            assert_eq!(
                db::login_failures::record_failure(
                    &t.db,
                    "197001011990031001",
                    now - 1,
                    now - 50_000
                )
                .await
                .unwrap(),
                1
            );
            assert_eq!(db::login_failures::prune(&t.db, now).await.unwrap(), 1);
        }
    }
}
