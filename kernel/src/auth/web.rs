//! Sign-on pages and the JSON login API.
//!
//! | route | what |
//! |---|---|
//! | `GET/POST /masuk` | login: `nip`, `password`, `otp` → session cookie, redirect `/` |
//! | `GET/POST /daftar` | registration: `nip`, `activation_code`, `password`, `password_confirm` → QR page |
//! | `POST /daftar/konfirmasi` | `nip`, `enrolment`, `otp` → account active, recovery codes shown |
//! | `GET/POST /otp/ulang` | "Generate Ulang": `nip`, `password`, `recovery_code` or `reset_token` → QR page |
//! | `POST /otp/ulang/konfirmasi` | `nip`, `enrolment`, `otp` (new secret) → old secret dead, sessions ended |
//! | `GET/POST /lupa-sandi` | `nip`, `reset_token`, `otp`, `password`, `password_confirm` |
//! | `POST /keluar` | logout |
//! | `GET /akun` | account care; `POST /akun/sandi`, `/akun/kode-pemulihan`, `/akun/sesi/akhiri-lainnya` |
//! | `GET /.well-known/jwks.json` | public keys of session tokens |
//! | `POST /api/v1/auth/login` | `{nip,password,otp}` → `{token, token_type, expires_in}` |
//! | `GET /api/v1/me` | bearer → `{nip, nama, roles}` |
//!
//! Every credential POST passes the per-IP throttle ([`IpThrottle`]) first; the CSRF
//! middleware has already checked the form token.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::de::DeserializeOwned;

use super::account::{self, AccountError, RequestMeta};
use super::session::{clear_cookie, set_cookie};
use super::throttle::IpThrottle;
use super::{ApiUser, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::layout::{Shell, render};

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/masuk", get(login_page).post(login_submit))
        .route("/daftar", get(register_page).post(register_submit))
        .route("/daftar/konfirmasi", post(register_confirm))
        .route("/otp/ulang", get(reenrol_page).post(reenrol_submit))
        .route("/otp/ulang/konfirmasi", post(reenrol_confirm))
        .route("/lupa-sandi", get(forgot_page).post(forgot_submit))
        .route("/keluar", post(logout))
        .route("/akun", get(account_page))
        .route("/akun/sandi", post(change_password))
        .route("/akun/kode-pemulihan", post(regenerate_recovery_codes))
        .route("/akun/sesi/akhiri-lainnya", post(end_other_sessions))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/api/v1/auth/login", post(api_login))
        .route("/api/v1/me", get(api_me))
}

/// A urlencoded form whose malformed input becomes a clear 422 instead of axum's
/// plain-text rejection.
pub struct FormInput<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormInput<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|f| FormInput(f.0))
            .map_err(|_| {
                AppError::BadRequest(
                    "Isian formulir tidak valid. Muat ulang halaman lalu coba lagi.".into(),
                )
            })
    }
}

fn status_of(e: &AccountError) -> StatusCode {
    match e {
        AccountError::Denied(_) => StatusCode::UNAUTHORIZED,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// Renders `page` with `status`.
fn page<T: Template>(status: StatusCode, page: &T) -> AppResult<Response> {
    Ok((status, render(page)?).into_response())
}

/// Keeps a typed value for re-display, bounded.
fn keep(value: &str) -> String {
    value.trim().chars().take(64).collect()
}

// ---------------------------------------------------------------- login / logout

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    shell: Shell,
    nip: String,
    error: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct LoginForm {
    nip: String,
    password: String,
    otp: String,
}

async fn login_page(user: Option<CurrentUser>, csrf: CsrfToken) -> AppResult<Response> {
    if user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    page(
        StatusCode::OK,
        &LoginPage {
            shell: Shell::new("Masuk", None, &csrf),
            nip: String::new(),
            error: None,
        },
    )
}

async fn login_submit(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<LoginForm>,
) -> AppResult<Response> {
    match account::login(&state, &meta, &form.nip, &form.password, &form.otp, "web").await {
        Ok(session) => Ok((
            [(
                header::SET_COOKIE,
                set_cookie(&session.token, session.expires_in),
            )],
            Redirect::to("/"),
        )
            .into_response()),
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => page(
            status_of(&e),
            &LoginPage {
                shell: Shell::new("Masuk", None, &csrf),
                nip: keep(&form.nip),
                error: Some(e.to_string()),
            },
        ),
    }
}

async fn logout(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: Option<CurrentUser>,
) -> AppResult<Response> {
    if let Some(user) = user {
        account::logout(&state, &meta, &user).await?;
    }
    Ok((
        [(header::SET_COOKIE, clear_cookie())],
        Redirect::to("/masuk"),
    )
        .into_response())
}

// ---------------------------------------------------------------- enrolment pages

#[derive(Template)]
#[template(path = "auth/enrol.html")]
struct EnrolPage {
    shell: Shell,
    heading: &'static str,
    intro: &'static str,
    action: &'static str,
    nip: String,
    token: String,
    secret_base32: String,
    secret_grouped: String,
    otpauth_uri: String,
    qr_png_base64: String,
    error: Option<String>,
}

#[derive(Clone, Copy)]
enum EnrolKind {
    Registration,
    Reenrolment,
}

impl EnrolPage {
    fn new(
        kind: EnrolKind,
        csrf: &CsrfToken,
        p: account::PendingEnrolment,
        error: Option<String>,
    ) -> EnrolPage {
        let (title, heading, intro, action) = match kind {
            EnrolKind::Registration => (
                "Pasang authenticator",
                "Pasang aplikasi authenticator",
                "Langkah terakhir pendaftaran: hubungkan aplikasi authenticator di ponsel Anda. \
                 Akun baru aktif setelah kode pertama dari aplikasi dikonfirmasi.",
                "/daftar/konfirmasi",
            ),
            EnrolKind::Reenrolment => (
                "Generate Ulang",
                "Pasang authenticator baru",
                "Aplikasi authenticator lama tetap berlaku sampai Anda mengonfirmasi kode dari \
                 aplikasi baru. Setelah itu aplikasi lama tidak berlaku dan semua sesi diakhiri.",
                "/otp/ulang/konfirmasi",
            ),
        };
        EnrolPage {
            shell: Shell::new(title, None, csrf),
            heading,
            intro,
            action,
            nip: p.nip,
            token: p.token,
            secret_base32: p.display.secret_base32,
            secret_grouped: p.display.secret_grouped,
            otpauth_uri: p.display.otpauth_uri,
            qr_png_base64: p.display.qr_png_base64,
            error,
        }
    }
}

#[derive(Template)]
#[template(path = "auth/recovery_codes.html")]
struct RecoveryCodesPage {
    shell: Shell,
    heading: &'static str,
    message: String,
    codes: Vec<String>,
    next_href: &'static str,
    next_label: &'static str,
}

#[derive(Template)]
#[template(path = "auth/done.html")]
struct DonePage {
    shell: Shell,
    heading: &'static str,
    message: String,
    next_href: &'static str,
    next_label: &'static str,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ConfirmForm {
    nip: String,
    enrolment: String,
    otp: String,
}

// ---------------------------------------------------------------- registration

#[derive(Template)]
#[template(path = "auth/register.html")]
struct RegisterPage {
    shell: Shell,
    nip: String,
    activation_code: String,
    error: Option<String>,
}

async fn register_page(csrf: CsrfToken) -> AppResult<Response> {
    page(
        StatusCode::OK,
        &RegisterPage {
            shell: Shell::new("Daftar", None, &csrf),
            nip: String::new(),
            activation_code: String::new(),
            error: None,
        },
    )
}

async fn register_submit(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<account::RegisterInput>,
) -> AppResult<Response> {
    match account::start_registration(&state, &meta, &form).await {
        Ok(pending) => page(
            StatusCode::OK,
            &EnrolPage::new(EnrolKind::Registration, &csrf, pending, None),
        ),
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => page(
            status_of(&e),
            &RegisterPage {
                shell: Shell::new("Daftar", None, &csrf),
                nip: keep(&form.nip),
                activation_code: keep(&form.activation_code),
                error: Some(e.to_string()),
            },
        ),
    }
}

async fn register_confirm(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<ConfirmForm>,
) -> AppResult<Response> {
    match account::confirm_registration(&state, &meta, &form.nip, &form.enrolment, &form.otp).await
    {
        Ok(codes) => page(
            StatusCode::OK,
            &RecoveryCodesPage {
                shell: Shell::new("Pendaftaran berhasil", None, &csrf),
                heading: "Pendaftaran berhasil",
                message: "Akun Anda sudah aktif. Masuk dengan NIP, kata sandi, dan kode OTP \
                          berikutnya dari aplikasi authenticator."
                    .into(),
                codes,
                next_href: "/masuk",
                next_label: "Saya sudah menyimpan kode ini — Masuk",
            },
        ),
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => {
            let pending =
                account::pending_enrolment(&state, &form.nip, &form.enrolment, "registration")
                    .await?;
            match pending {
                Some(p) => page(
                    status_of(&e),
                    &EnrolPage::new(EnrolKind::Registration, &csrf, p, Some(e.to_string())),
                ),
                None => page(
                    status_of(&e),
                    &RegisterPage {
                        shell: Shell::new("Daftar", None, &csrf),
                        nip: keep(&form.nip),
                        activation_code: String::new(),
                        error: Some(e.to_string()),
                    },
                ),
            }
        }
    }
}

// ---------------------------------------------------------------- re-enrolment

#[derive(Template)]
#[template(path = "auth/reenrol.html")]
struct ReenrolPage {
    shell: Shell,
    nip: String,
    recovery_code: String,
    reset_token: String,
    error: Option<String>,
}

async fn reenrol_page(csrf: CsrfToken, user: Option<CurrentUser>) -> AppResult<Response> {
    page(
        StatusCode::OK,
        &ReenrolPage {
            nip: user.as_ref().map(|u| u.nip.clone()).unwrap_or_default(),
            shell: Shell::new("Generate Ulang", user.as_ref(), &csrf),
            recovery_code: String::new(),
            reset_token: String::new(),
            error: None,
        },
    )
}

async fn reenrol_submit(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<account::ReenrolInput>,
) -> AppResult<Response> {
    match account::start_reenrolment(&state, &meta, &form).await {
        Ok(pending) => page(
            StatusCode::OK,
            &EnrolPage::new(EnrolKind::Reenrolment, &csrf, pending, None),
        ),
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => page(
            status_of(&e),
            &ReenrolPage {
                shell: Shell::new("Generate Ulang", None, &csrf),
                nip: keep(&form.nip),
                recovery_code: keep(&form.recovery_code),
                reset_token: keep(&form.reset_token),
                error: Some(e.to_string()),
            },
        ),
    }
}

async fn reenrol_confirm(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<ConfirmForm>,
) -> AppResult<Response> {
    match account::confirm_reenrolment(&state, &meta, &form.nip, &form.enrolment, &form.otp).await {
        Ok(ended) => {
            let body = render(&DonePage {
                shell: Shell::new("Authenticator diganti", None, &csrf),
                heading: "Authenticator berhasil diganti",
                message: format!(
                    "Aplikasi authenticator baru sudah aktif; aplikasi lama tidak berlaku lagi. \
                     {ended} sesi diakhiri. Silakan masuk dengan kode dari aplikasi baru."
                ),
                next_href: "/masuk",
                next_label: "Masuk",
            })?;
            Ok(([(header::SET_COOKIE, clear_cookie())], body).into_response())
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => {
            let pending =
                account::pending_enrolment(&state, &form.nip, &form.enrolment, "re-enrolment")
                    .await?;
            match pending {
                Some(p) => page(
                    status_of(&e),
                    &EnrolPage::new(EnrolKind::Reenrolment, &csrf, p, Some(e.to_string())),
                ),
                None => page(
                    status_of(&e),
                    &ReenrolPage {
                        shell: Shell::new("Generate Ulang", None, &csrf),
                        nip: keep(&form.nip),
                        recovery_code: String::new(),
                        reset_token: String::new(),
                        error: Some(e.to_string()),
                    },
                ),
            }
        }
    }
}

// ---------------------------------------------------------------- forgotten password

#[derive(Template)]
#[template(path = "auth/forgot.html")]
struct ForgotPage {
    shell: Shell,
    nip: String,
    reset_token: String,
    error: Option<String>,
}

async fn forgot_page(csrf: CsrfToken) -> AppResult<Response> {
    page(
        StatusCode::OK,
        &ForgotPage {
            shell: Shell::new("Lupa kata sandi", None, &csrf),
            nip: String::new(),
            reset_token: String::new(),
            error: None,
        },
    )
}

async fn forgot_submit(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<account::ResetPasswordInput>,
) -> AppResult<Response> {
    match account::reset_password(&state, &meta, &form).await {
        Ok(ended) => {
            let body = render(&DonePage {
                shell: Shell::new("Kata sandi diubah", None, &csrf),
                heading: "Kata sandi berhasil diubah",
                message: format!(
                    "Kata sandi baru sudah berlaku. {ended} sesi diakhiri. Silakan masuk kembali."
                ),
                next_href: "/masuk",
                next_label: "Masuk",
            })?;
            Ok(([(header::SET_COOKIE, clear_cookie())], body).into_response())
        }
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => page(
            status_of(&e),
            &ForgotPage {
                shell: Shell::new("Lupa kata sandi", None, &csrf),
                nip: keep(&form.nip),
                reset_token: keep(&form.reset_token),
                error: Some(e.to_string()),
            },
        ),
    }
}

// ---------------------------------------------------------------- account care

struct SessionRow {
    device: String,
    ip: String,
    started: String,
    last_seen: String,
    current: bool,
}

struct EventRow {
    at: String,
    label: String,
    ok: bool,
    ip: String,
}

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountPage {
    shell: Shell,
    sessions: Vec<SessionRow>,
    events: Vec<EventRow>,
    unused_recovery: i64,
}

/// `03-12-2026 08:00 WIB`.
fn format_wib(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+7));
    format!(
        "{:02}-{:02}-{} {:02}:{:02} WIB",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// A short description of a device from its user agent.
fn describe_device(user_agent: &str, kind: &str) -> String {
    let os = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| user_agent.contains(k))
    .map(|(_, v)| *v);
    let browser = [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(k, _)| user_agent.contains(k))
    .map(|(_, v)| *v);
    let base = match (browser, os) {
        (Some(b), Some(o)) => format!("{b} di {o}"),
        (Some(b), None) => b.to_string(),
        (None, Some(o)) => o.to_string(),
        (None, None) if user_agent.is_empty() => "Perangkat tidak dikenal".to_string(),
        (None, None) => user_agent.chars().take(40).collect(),
    };
    if kind == "api" {
        format!("Aplikasi seluler ({base})")
    } else {
        base
    }
}

async fn account_view(
    state: &AppState,
    user: &CurrentUser,
    csrf: &CsrfToken,
    flash: Option<(&'static str, String)>,
) -> AppResult<AccountPage> {
    let now = state.now();
    let sessions = crate::db::sessions::active_for(&state.db, &user.nip, now)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            device: describe_device(&s.user_agent, &s.kind),
            ip: s.ip,
            started: format_wib(s.created_at),
            last_seen: format_wib(s.last_seen_at),
            current: s.id == user.session_id,
        })
        .collect();
    let events = account::security_events(state, &user.nip, 15)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: format_wib(e.at),
            label: e.label,
            ok: e.ok,
            ip: e.ip,
        })
        .collect();
    let unused_recovery = crate::db::codes::unused_recovery_codes(&state.db, &user.nip).await?;
    let mut shell = Shell::new("Keamanan akun", Some(user), csrf);
    if let Some((kind, text)) = flash {
        shell = shell.flash(kind, text);
    }
    Ok(AccountPage {
        shell,
        sessions,
        events,
        unused_recovery,
    })
}

async fn account_page(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
) -> AppResult<Response> {
    page(
        StatusCode::OK,
        &account_view(&state, &user, &csrf, None).await?,
    )
}

async fn change_password(
    _: IpThrottle,
    State(state): State<AppState>,
    user: CurrentUser,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<account::ChangePasswordInput>,
) -> AppResult<Response> {
    let (status, flash) = match account::change_password(&state, &meta, &user, &form).await {
        Ok(ended) => (
            StatusCode::OK,
            (
                "ok",
                format!("Kata sandi berhasil diubah. {ended} sesi lain diakhiri."),
            ),
        ),
        Err(AccountError::Internal(e)) => return Err(AppError::Internal(e)),
        Err(e) => (status_of(&e), ("error", e.to_string())),
    };
    page(
        status,
        &account_view(&state, &user, &csrf, Some(flash)).await?,
    )
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct OtpForm {
    otp: String,
}

async fn regenerate_recovery_codes(
    _: IpThrottle,
    State(state): State<AppState>,
    user: CurrentUser,
    meta: RequestMeta,
    csrf: CsrfToken,
    FormInput(form): FormInput<OtpForm>,
) -> AppResult<Response> {
    match account::regenerate_recovery_codes(&state, &meta, &user, &form.otp).await {
        Ok(codes) => page(
            StatusCode::OK,
            &RecoveryCodesPage {
                shell: Shell::new("Kode pemulihan baru", Some(&user), &csrf),
                heading: "Kode pemulihan baru",
                message: "Set kode pemulihan baru sudah dibuat; kode lama tidak berlaku lagi."
                    .into(),
                codes,
                next_href: "/akun",
                next_label: "Saya sudah menyimpan kode ini — Kembali",
            },
        ),
        Err(AccountError::Internal(e)) => Err(AppError::Internal(e)),
        Err(e) => page(
            status_of(&e),
            &account_view(&state, &user, &csrf, Some(("error", e.to_string()))).await?,
        ),
    }
}

async fn end_other_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
    meta: RequestMeta,
    csrf: CsrfToken,
) -> AppResult<Response> {
    let ended = account::end_other_sessions(&state, &meta, &user).await?;
    page(
        StatusCode::OK,
        &account_view(
            &state,
            &user,
            &csrf,
            Some(("ok", format!("{ended} sesi lain diakhiri."))),
        )
        .await?,
    )
}

// ---------------------------------------------------------------- keys and JSON API

async fn jwks(State(state): State<AppState>) -> Response {
    axum::Json(state.auth.jwt.jwks().clone()).into_response()
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ApiLogin {
    nip: String,
    password: String,
    otp: String,
}

async fn api_login(
    _: IpThrottle,
    State(state): State<AppState>,
    meta: RequestMeta,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Ok(body) = body else {
        return AppError::BadRequest("Isi permintaan terlalu besar atau tidak terbaca.".into())
            .into_json();
    };
    let Ok(input) = serde_json::from_slice::<ApiLogin>(&body) else {
        return AppError::BadRequest(
            "Isi permintaan harus JSON {\"nip\", \"password\", \"otp\"}.".into(),
        )
        .into_json();
    };
    match account::login(
        &state,
        &meta,
        &input.nip,
        &input.password,
        &input.otp,
        "api",
    )
    .await
    {
        Ok(s) => axum::Json(serde_json::json!({
            "token": s.token,
            "token_type": "Bearer",
            "expires_in": s.expires_in,
        }))
        .into_response(),
        Err(AccountError::Denied(message)) => (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({ "error": "invalid_credentials", "message": message })),
        )
            .into_response(),
        Err(AccountError::Invalid(m)) => AppError::BadRequest(m).into_json(),
        Err(AccountError::Internal(e)) => AppError::Internal(e).into_json(),
    }
}

async fn api_me(ApiUser(user): ApiUser) -> Response {
    axum::Json(serde_json::json!({
        "nip": user.nip,
        "nama": user.nama,
        "roles": user.roles,
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_wib_and_devices() {
        assert_eq!(
            format_wib(crate::testkit::TEST_EPOCH),
            "03-12-2026 08:00 WIB"
        );
        assert_eq!(
            describe_device(
                "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36",
                "web"
            ),
            "Chrome di Android"
        );
        assert_eq!(
            describe_device("", "api"),
            "Aplikasi seluler (Perangkat tidak dikenal)"
        );
    }
}
