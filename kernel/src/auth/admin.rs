//! Administrative sign-on operations used by the CLI (placeholder).

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

/// Issues a code.
pub async fn issue_code(
    _state: &AppState,
    _nip: &str,
    _purpose: CodePurpose,
) -> anyhow::Result<String> {
    anyhow::bail!("not available yet")
}
/// Grants a role.
pub async fn grant_role(_state: &AppState, _nip: &str, _role: &str) -> anyhow::Result<()> {
    anyhow::bail!("not available yet")
}
/// Revokes a role.
pub async fn revoke_role(_state: &AppState, _nip: &str, _role: &str) -> anyhow::Result<()> {
    anyhow::bail!("not available yet")
}
/// Lists roles.
pub async fn roles_of(_state: &AppState, _nip: &str) -> anyhow::Result<Vec<String>> {
    anyhow::bail!("not available yet")
}
/// Disables or enables an account; returns the number of sessions ended.
pub async fn set_disabled(_state: &AppState, _nip: &str, _disabled: bool) -> anyhow::Result<u64> {
    anyhow::bail!("not available yet")
}
/// Current OTP of a demo account.
pub async fn demo_otp(_state: &AppState, _nip: &str) -> anyhow::Result<String> {
    anyhow::bail!("not available yet")
}
