//! Administrative sign-on operations behind the CLI (`eoffice activation-code`,
//! `password-reset-token`, `otp-reset-token`, `role`, `user`, `demo-otp`) and the demo
//! seeder ([`ensure_demo_account`]). Each refuses with a clear message and then changes
//! nothing; each change is audited (actor `None`, IP `cli`).

use anyhow::Context;

use crate::auth::{ROLE_PEGAWAI, ROLES, codes, is_valid_nip, totp};
use crate::db::audit::{self, AuditEntry};
use crate::state::AppState;

/// Kinds of HR-issued single-use codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    /// Registration.
    Activation,
    /// Forgotten password.
    PasswordReset,
    /// Authenticator re-enrolment without a recovery code.
    OtpReset,
}

impl CodePurpose {
    /// The value stored in `one_time_codes.purpose`.
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Activation => "activation",
            CodePurpose::PasswordReset => "password-reset",
            CodePurpose::OtpReset => "otp-reset",
        }
    }

    /// How long a code of this kind is valid, in seconds.
    pub fn validity_secs(self) -> i64 {
        match self {
            CodePurpose::Activation => 7 * 24 * 60 * 60,
            CodePurpose::PasswordReset | CodePurpose::OtpReset => 24 * 60 * 60,
        }
    }
}

const CLI_IP: &str = "cli";

async fn cli_audit(
    state: &AppState,
    subject: &str,
    action: &str,
    detail: serde_json::Value,
) -> anyhow::Result<()> {
    audit::record(
        &state.db.pool,
        state.now(),
        &AuditEntry {
            actor_nip: None,
            subject,
            action,
            outcome: "ok",
            detail,
            ip: CLI_IP,
            request_id: "",
        },
    )
    .await
    .context("cannot write the audit log")
}

async fn require_employee(state: &AppState, nip: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        is_valid_nip(nip),
        "NIP {nip:?} is not valid: it must be 18 digits"
    );
    anyhow::ensure!(
        crate::db::employees::get(&state.db, nip).await?.is_some(),
        "no employee with NIP {nip}: import the staff master data first"
    );
    Ok(())
}

/// Issues a single-use code for `nip` and returns it (shown once; only its hash is
/// kept). The employee must exist; an activation code is refused once the employee has
/// an account, reset tokens need one. Earlier unused codes of the same kind stop working.
pub async fn issue_code(
    state: &AppState,
    nip: &str,
    purpose: CodePurpose,
) -> anyhow::Result<String> {
    require_employee(state, nip).await?;
    let registered = crate::db::users::exists(&state.db.pool, nip).await?;
    match purpose {
        CodePurpose::Activation => anyhow::ensure!(
            !registered,
            "{nip} already has an account; use password-reset-token or otp-reset-token instead"
        ),
        _ => anyhow::ensure!(
            registered,
            "{nip} has no account yet; issue an activation code instead"
        ),
    }
    let code = codes::new_code();
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let replaced = crate::db::codes::delete_unused(&mut *tx, nip, purpose.as_str()).await?;
    crate::db::codes::insert(
        &mut *tx,
        &codes::hash_code(&code),
        nip,
        purpose.as_str(),
        now,
        now + purpose.validity_secs(),
    )
    .await?;
    audit::record(
        &mut *tx,
        now,
        &AuditEntry {
            actor_nip: None,
            subject: nip,
            action: "code.issue",
            outcome: "ok",
            detail: serde_json::json!({ "purpose": purpose.as_str(), "replaced": replaced }),
            ip: CLI_IP,
            request_id: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

fn check_role(role: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        role != ROLE_PEGAWAI,
        "every employee is implicitly {ROLE_PEGAWAI}; it cannot be granted or revoked"
    );
    anyhow::ensure!(
        ROLES.contains(&role),
        "unknown role {role:?}; known roles: {}",
        ROLES.join(", ")
    );
    Ok(())
}

/// Grants `role` (one of [`ROLES`]) to the employee `nip`.
pub async fn grant_role(state: &AppState, nip: &str, role: &str) -> anyhow::Result<()> {
    check_role(role)?;
    require_employee(state, nip).await?;
    let added = crate::db::users::grant_role(&state.db.pool, nip, role).await?;
    if added {
        cli_audit(
            state,
            nip,
            "role.grant",
            serde_json::json!({ "role": role }),
        )
        .await?;
    }
    Ok(())
}

/// Revokes `role` from `nip`; refused if it was not granted.
pub async fn revoke_role(state: &AppState, nip: &str, role: &str) -> anyhow::Result<()> {
    check_role(role)?;
    require_employee(state, nip).await?;
    let removed = crate::db::users::revoke_role(&state.db.pool, nip, role).await?;
    anyhow::ensure!(removed, "{nip} does not have the role {role}");
    cli_audit(
        state,
        nip,
        "role.revoke",
        serde_json::json!({ "role": role }),
    )
    .await
}

/// The roles of `nip`: `pegawai` first, then the granted ones.
pub async fn roles_of(state: &AppState, nip: &str) -> anyhow::Result<Vec<String>> {
    require_employee(state, nip).await?;
    let mut roles = vec![ROLE_PEGAWAI.to_string()];
    roles.extend(crate::db::users::roles(&state.db, nip).await?);
    Ok(roles)
}

/// Disables or enables the account of `nip`; disabling ends every session at once.
/// Returns the number of sessions ended.
pub async fn set_disabled(state: &AppState, nip: &str, disabled: bool) -> anyhow::Result<u64> {
    anyhow::ensure!(
        is_valid_nip(nip),
        "NIP {nip:?} is not valid: it must be 18 digits"
    );
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let found = crate::db::users::set_disabled(&mut *tx, nip, disabled).await?;
    anyhow::ensure!(found, "{nip} has no account");
    let ended = if disabled {
        crate::db::sessions::revoke_all(&mut *tx, nip, now, None).await?
    } else {
        0
    };
    audit::record(
        &mut *tx,
        now,
        &AuditEntry {
            actor_nip: None,
            subject: nip,
            action: if disabled {
                "account.disable"
            } else {
                "account.enable"
            },
            outcome: "ok",
            detail: serde_json::json!({ "sessions_ended": ended }),
            ip: CLI_IP,
            request_id: "",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// The current OTP of a demo account (one made by [`ensure_demo_account`]); refused for
/// real accounts.
pub async fn demo_otp(state: &AppState, nip: &str) -> anyhow::Result<String> {
    let secret = demo_secret(state, nip).await?;
    totp::code_at(&secret, state.now())
}

async fn demo_secret(state: &AppState, nip: &str) -> anyhow::Result<Vec<u8>> {
    let user = crate::db::users::get(&state.db.pool, nip)
        .await?
        .with_context(|| format!("{nip} has no account"))?;
    anyhow::ensure!(
        user.demo,
        "{nip} is not a demo account; codes are only shown for accounts made by `eoffice demo`"
    );
    state.auth.secret_box.open(nip, &user.totp_secret_enc)
}

/// Makes sure `nip` (an existing employee) has an active demo account with `password`
/// and returns its TOTP secret in base32. Idempotent: an existing demo account keeps its
/// password and secret, and its secret is returned. Refused if `nip` has a real account.
/// The password policy is not applied (demo data only).
pub async fn ensure_demo_account(
    state: &AppState,
    nip: &str,
    password: &str,
) -> anyhow::Result<String> {
    require_employee(state, nip).await?;
    anyhow::ensure!(!password.is_empty(), "the demo password must not be empty");
    if crate::db::users::exists(&state.db.pool, nip).await? {
        return Ok(totp::to_base32(&demo_secret(state, nip).await?));
    }
    let secret = totp::generate_secret();
    let sealed = state.auth.secret_box.seal(nip, &secret)?;
    let hash = state.auth.passwords.hash(password).await?;
    let now = state.now();
    let inserted = crate::db::users::insert(
        &state.db.pool,
        &crate::db::users::NewUser {
            nip,
            password_hash: &hash,
            totp_secret_enc: &sealed,
            totp_last_step: 0,
            demo: true,
            now,
        },
    )
    .await?;
    if !inserted {
        // Created concurrently: return whatever is stored now.
        return Ok(totp::to_base32(&demo_secret(state, nip).await?));
    }
    cli_audit(state, nip, "account.demo-create", serde_json::json!({})).await?;
    Ok(totp::to_base32(&secret))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, engines};

    const NIP: &str = "198507142010012003";

    async fn with_employee(t: &TestDb) -> AppState {
        let (state, _) = t.state();
        crate::db::units::upsert(
            &state.db.pool,
            &crate::db::units::Unit {
                kode: "U".into(),
                nama: "Unit".into(),
                induk_kode: None,
                jenis: "unit".into(),
            },
        )
        .await
        .unwrap();
        let e = crate::db::employees::Employee {
            nip: NIP.into(),
            nama: "Siti Rahmawati".into(),
            gelar_depan: String::new(),
            gelar_belakang: String::new(),
            jenis_kelamin: "P".into(),
            tempat_lahir: "Bogor".into(),
            tanggal_lahir: "1985-07-14".into(),
            agama: "Islam".into(),
            status_kepegawaian: "PNS".into(),
            email: String::new(),
            telepon: String::new(),
            unit_kode: "U".into(),
            golongan: "III/b".into(),
            jabatan: "Analis".into(),
            jenis_jabatan: "pelaksana".into(),
            jenjang: String::new(),
            atasan_nip: None,
            tmt_cpns: None,
            tmt_golongan: None,
            tmt_jabatan: None,
            updated_at: 0,
        };
        let mut conn = state.db.pool.acquire().await.unwrap();
        crate::db::employees::upsert(&mut conn, &e, state.now())
            .await
            .unwrap();
        state
    }

    #[tokio::test]
    async fn codes_roles_demo_accounts() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let state = with_employee(&t).await;
            // Unknown or malformed NIPs are refused.
            assert!(
                issue_code(&state, "198507142010012999", CodePurpose::Activation)
                    .await
                    .is_err()
            );
            assert!(
                issue_code(&state, "abc", CodePurpose::Activation)
                    .await
                    .is_err()
            );
            // Reset tokens need an account.
            assert!(
                issue_code(&state, NIP, CodePurpose::PasswordReset)
                    .await
                    .is_err()
            );
            let first = issue_code(&state, NIP, CodePurpose::Activation)
                .await
                .unwrap();
            assert!(codes::looks_like_code(&first), "{first}");
            let second = issue_code(&state, NIP, CodePurpose::Activation)
                .await
                .unwrap();
            // The earlier unused code stops working; only hashes are stored.
            let db = &state.db.pool;
            assert!(
                crate::db::codes::find(db, &codes::hash_code(&first), NIP, "activation")
                    .await
                    .unwrap()
                    .is_none()
            );
            let c = crate::db::codes::find(db, &codes::hash_code(&second), NIP, "activation")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(c.expires_at - c.created_at, 7 * 24 * 3600);
            assert_eq!(
                crate::db::codes::count_for(&state.db, NIP).await.unwrap(),
                1
            );

            // Roles.
            assert!(grant_role(&state, NIP, "pegawai").await.is_err());
            assert!(grant_role(&state, NIP, "root").await.is_err());
            grant_role(&state, NIP, "helpdesk").await.unwrap();
            grant_role(&state, NIP, "admin").await.unwrap();
            grant_role(&state, NIP, "admin").await.unwrap();
            assert_eq!(
                roles_of(&state, NIP).await.unwrap(),
                vec!["pegawai", "admin", "helpdesk"]
            );
            revoke_role(&state, NIP, "admin").await.unwrap();
            assert!(revoke_role(&state, NIP, "admin").await.is_err());

            // Demo accounts: idempotent, flagged, with codes on request.
            assert!(demo_otp(&state, NIP).await.is_err());
            let secret = ensure_demo_account(&state, NIP, "demo-sandi-123")
                .await
                .unwrap();
            assert_eq!(secret.len(), 32);
            let again = ensure_demo_account(&state, NIP, "other").await.unwrap();
            assert_eq!(secret, again);
            let user = crate::db::users::get(db, NIP).await.unwrap().unwrap();
            assert!(user.demo && !user.disabled);
            let code = demo_otp(&state, NIP).await.unwrap();
            let raw = state
                .auth
                .secret_box
                .open(NIP, &user.totp_secret_enc)
                .unwrap();
            assert_eq!(totp::to_base32(&raw), secret);
            assert_eq!(code, totp::code_at(&raw, state.now()).unwrap());
            // Activation is refused once registered; resets are allowed.
            assert!(
                issue_code(&state, NIP, CodePurpose::Activation)
                    .await
                    .is_err()
            );
            let reset = issue_code(&state, NIP, CodePurpose::PasswordReset)
                .await
                .unwrap();
            let r = crate::db::codes::find(db, &codes::hash_code(&reset), NIP, "password-reset")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(r.expires_at - r.created_at, 24 * 3600);

            // Disabling / enabling.
            assert_eq!(set_disabled(&state, NIP, true).await.unwrap(), 0);
            assert!(
                crate::db::users::get(db, NIP)
                    .await
                    .unwrap()
                    .unwrap()
                    .disabled
            );
            set_disabled(&state, NIP, false).await.unwrap();
            assert!(
                set_disabled(&state, "199001012015011001", true)
                    .await
                    .is_err()
            );
            let audit = crate::db::audit::for_subject(&state.db, NIP, 50)
                .await
                .unwrap();
            for action in [
                "code.issue",
                "role.grant",
                "role.revoke",
                "account.demo-create",
                "account.disable",
                "account.enable",
            ] {
                assert!(audit.iter().any(|a| a.action == action), "{action}");
            }
        }
    }
}
