//! Single sign-on end to end, on every engine: registration with an HR activation code
//! and QR enrolment, login/logout, OTP replay, lockout, per-IP 429, "Generate Ulang",
//! password change and reset, disabling, CSRF, security headers, session renewal, the
//! JSON API, and JWT verification against the published JWKS with an independent
//! Ed25519 implementation (not the kernel's `jsonwebtoken`).

use eoffice::auth::account::LOGIN_FAILED;
use eoffice::auth::admin::CodePurpose;
use eoffice::auth::session::COOKIE as SESSION;
use eoffice::testkit::engines;

use crate::support::{Client, PASSWORD, Page, TestPortal};

const NIP: &str = "198507142010012003";
const NIP2: &str = "199001012015011001";
const UNKNOWN_NIP: &str = "197001011990031001";

/// A bad request: path, fields, expected message fragment.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

/// Sign-on rows of one NIP, to show that a refused request changed nothing.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    users: i64,
    active_sessions: i64,
    codes: i64,
    unused_recovery: i64,
    password_hash: Option<String>,
    totp_secret: Option<Vec<u8>>,
    totp_last_step: Option<i64>,
}

async fn snapshot(portal: &TestPortal, nip: &str) -> Snapshot {
    let db = &portal.state.db;
    let user = eoffice::db::users::get(&db.pool, nip).await.unwrap();
    Snapshot {
        users: eoffice::db::users::count(db).await.unwrap(),
        active_sessions: eoffice::db::sessions::count_active(db, nip, portal.now())
            .await
            .unwrap(),
        codes: eoffice::db::codes::count_for(db, nip).await.unwrap(),
        unused_recovery: eoffice::db::codes::unused_recovery_codes(db, nip)
            .await
            .unwrap(),
        password_hash: user.as_ref().map(|u| u.password_hash.clone()),
        totp_secret: user.as_ref().map(|u| u.totp_secret_enc.clone()),
        totp_last_step: user.as_ref().map(|u| u.totp_last_step),
    }
}

fn assert_signed_out(page: &Page) {
    assert_eq!(page.status, 303, "expected a redirect, got {}", page.status);
    assert_eq!(page.location().as_deref(), Some("/masuk"));
}

async fn login_with(portal: &TestPortal, client: &Client, nip: &str, pw: &str, otp: &str) -> Page {
    let _ = portal;
    client
        .submit(
            "/masuk",
            "/masuk",
            &[("nip", nip), ("password", pw), ("otp", otp)],
        )
        .await
}

fn assert_login_refused(page: &Page) {
    assert_eq!(page.status, 401, "{}", page.body);
    assert!(page.contains(LOGIN_FAILED), "{}", page.body);
    assert!(
        page.contains("href=\"/otp/ulang\""),
        "no Generate Ulang link"
    );
    assert!(page.contains("Generate Ulang"));
}

#[tokio::test]
async fn register_login_logout() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        portal.ensure_employee(NIP).await;
        let client = portal.client();
        let code = portal.issue_code(NIP, CodePurpose::Activation).await;

        let form = client.get("/daftar").await;
        assert_eq!(form.status, 200);
        for field in [
            "nip",
            "activation_code",
            "password",
            "password_confirm",
            "csrf_token",
        ] {
            assert!(
                form.contains(&format!("name=\"{field}\"")),
                "registration form lacks {field}"
            );
        }
        let page = client
            .submit(
                "/daftar",
                "/daftar",
                &[
                    ("nip", NIP),
                    ("activation_code", &code.to_lowercase()),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        let img = page.attr("img.qr", "src").expect("QR image");
        assert!(img.starts_with("data:image/png;base64,"), "{img}");
        let secret = page.attr("#otp-secret", "data-secret").unwrap();
        assert_eq!(secret.len(), 32, "160-bit secret in base32");
        let uri = page.texts("#otpauth-uri").remove(0);
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&format!("secret={secret}")));
        assert!(page.texts("#otp-secret")[0].replace(' ', "") == secret);
        // Nothing is active yet.
        assert_eq!(snapshot(&portal, NIP).await.users, 0);

        let enrolment = page.input_value("enrolment").unwrap();
        let otp = portal.otp(&secret);
        let done = client
            .post_form(
                "/daftar/konfirmasi",
                &[("nip", NIP), ("enrolment", &enrolment), ("otp", &otp)],
            )
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        let recovery = done.texts("code.recovery-code");
        assert_eq!(recovery.len(), 10);
        let snap = snapshot(&portal, NIP).await;
        assert_eq!(snap.users, 1);
        assert_eq!(snap.unused_recovery, 10);
        // The stored secret is encrypted, not the plain bytes.
        let plain = totp_rs::Secret::try_from_base32(&secret).unwrap();
        assert!(
            !snap
                .totp_secret
                .as_ref()
                .unwrap()
                .windows(20)
                .any(|w| w == plain.as_ref())
        );
        assert!(
            snap.password_hash
                .as_ref()
                .unwrap()
                .starts_with("$argon2id$")
        );

        // The activation code is consumed: registering again is refused clearly.
        let again = client
            .submit(
                "/daftar",
                "/daftar",
                &[
                    ("nip", NIP),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(again.status, 422);
        assert!(again.contains("sudah terdaftar"), "{}", again.body);
        // And HR cannot issue another activation code.
        assert!(
            eoffice::auth::admin::issue_code(&portal.state, NIP, CodePurpose::Activation)
                .await
                .is_err()
        );

        // Log in.
        let login = portal.login(&client, NIP, PASSWORD, &secret).await;
        assert_eq!(login.status, 303, "{}", login.body);
        assert_eq!(login.location().as_deref(), Some("/"));
        let cookie = login
            .set_cookies()
            .into_iter()
            .find(|c| c.starts_with(&format!("{SESSION}=")))
            .expect("session cookie");
        for attr in ["Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
            assert!(cookie.contains(attr), "{cookie} lacks {attr}");
        }
        assert!(!cookie.contains("Domain="));
        let account = client.get("/akun").await;
        assert_eq!(account.status, 200);
        assert!(account.contains("Rina Kartikasari, S.Kom."));
        assert!(account.contains("Akhiri sesi lainnya"));
        assert!(account.contains("Berhasil masuk"));
        assert!(account.contains("Akun didaftarkan"));
        // A signed-in user visiting /masuk goes home.
        assert_eq!(client.get("/masuk").await.location().as_deref(), Some("/"));

        // Log out.
        let token = client.cookie(SESSION).unwrap();
        let out = client.post_form("/keluar", &[]).await;
        assert_eq!(out.status, 303);
        assert_eq!(out.location().as_deref(), Some("/masuk"));
        assert!(client.cookie(SESSION).is_none(), "cookie not cleared");
        assert_signed_out(&client.get("/akun").await);
        // The old token is dead server-side, even if replayed.
        client.set_cookie(SESSION, Some(&token));
        assert_signed_out(&client.get("/akun").await);
        assert_eq!(snapshot(&portal, NIP).await.active_sessions, 0);
    }
}

#[tokio::test]
async fn same_otp_twice_is_refused() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (first, secret) = portal.register_and_login(NIP).await;
        first.post_form("/keluar", &[]).await;
        portal.advance(30);
        let otp = portal.otp(&secret);
        let a = portal.client();
        assert_eq!(
            login_with(&portal, &a, NIP, PASSWORD, &otp).await.status,
            303
        );
        // Same code again, same step and still inside the ±1 window.
        let b = portal.client();
        assert_login_refused(&login_with(&portal, &b, NIP, PASSWORD, &otp).await);
        portal.advance(10);
        assert_login_refused(&login_with(&portal, &b, NIP, PASSWORD, &otp).await);
        // An older code (previous step) is refused too once a newer one was used.
        let previous = crate::support::totp_code(&secret, portal.now() - 30);
        assert_login_refused(&login_with(&portal, &b, NIP, PASSWORD, &previous).await);
        // The next step's code works.
        let next = portal.next_otp(&secret);
        assert_eq!(
            login_with(&portal, &b, NIP, PASSWORD, &next).await.status,
            303
        );
    }
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_like_an_unknown_nip() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (_, secret) = portal.register_and_login(NIP).await;
        let client = portal.client();
        for _ in 0..5 {
            let otp = portal.next_otp(&secret);
            assert_login_refused(
                &login_with(&portal, &client, NIP, "salah-sekali-123", &otp).await,
            );
        }
        // Locked now: the right credentials (an unused code of this step) are refused
        // with the same message.
        let otp = portal.otp(&secret);
        let before = snapshot(&portal, NIP).await;
        let locked = login_with(&portal, &client, NIP, PASSWORD, &otp).await;
        assert_login_refused(&locked);
        assert_eq!(snapshot(&portal, NIP).await, before);
        // An unknown NIP looks exactly the same.
        let unknown = login_with(&portal, &client, UNKNOWN_NIP, PASSWORD, &otp).await;
        assert_login_refused(&unknown);
        assert_eq!(unknown.alerts(), locked.alerts());
        for _ in 0..6 {
            assert_login_refused(
                &login_with(&portal, &client, UNKNOWN_NIP, "x-y-z-1234", "123456").await,
            );
        }
        let f = eoffice::db::login_failures::get(&portal.state.db, UNKNOWN_NIP)
            .await
            .unwrap()
            .expect("unknown NIPs are counted too");
        assert!(f.locked_until > portal.now());
        // The lock (30 s after the fifth failure) expires.
        portal.advance(31);
        let otp = portal.otp(&secret);
        let ok = login_with(&portal, &client, NIP, PASSWORD, &otp).await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        // Failures are forgotten after a success.
        assert!(
            eoffice::db::login_failures::get(&portal.state.db, NIP)
                .await
                .unwrap()
                .is_none()
        );
        // The lock doubles: 5 failures → 30 s, 6 → 60 s.
        let client = portal.client();
        for _ in 0..6 {
            let otp = portal.next_otp(&secret);
            login_with(&portal, &client, NIP, "salah-lagi-456", &otp).await;
        }
        let f = eoffice::db::login_failures::get(&portal.state.db, NIP)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(f.failures, 6);
        assert_eq!(f.locked_until - f.last_failure, 60);
        // The JSON API shares the lockout and the message.
        let api = client
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({"nip": NIP, "password": PASSWORD, "otp": portal.next_otp(&secret)}),
            )
            .await;
        assert_eq!(api.status, 401);
        assert_eq!(api.json()["message"], LOGIN_FAILED);
    }
}

#[tokio::test]
async fn per_ip_rate_limit_answers_429() {
    for engine in engines() {
        let portal = TestPortal::start_with(engine, |c| c.login_rate_per_ip_per_minute = 3).await;
        let client = portal.client();
        for _ in 0..3 {
            let page = login_with(&portal, &client, UNKNOWN_NIP, "whatever-123", "123456").await;
            assert_eq!(page.status, 401);
        }
        let limited = login_with(&portal, &client, UNKNOWN_NIP, "whatever-123", "123456").await;
        assert_eq!(limited.status, 429, "{}", limited.body);
        assert!(limited.header("retry-after").is_some());
        // Every credential endpoint shares the limit, the JSON API answers in JSON.
        let api = client
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({"nip": UNKNOWN_NIP, "password": "x", "otp": "123456"}),
            )
            .await;
        assert_eq!(api.status, 429);
        assert_eq!(api.json()["error"], "rate_limited");
        for path in ["/daftar", "/otp/ulang", "/lupa-sandi"] {
            let page = client.post_form(path, &[("nip", UNKNOWN_NIP)]).await;
            assert_eq!(page.status, 429, "{path}");
        }
        // Pages (GET) still work.
        assert_eq!(client.get("/masuk").await.status, 200);
    }
}

#[tokio::test]
async fn reenrolment_with_recovery_code_replaces_the_secret_and_ends_sessions() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let first = portal.client();
        let reg = portal.register(&first, NIP, PASSWORD).await;
        let a = portal.login_client(NIP, PASSWORD, &reg.secret).await;
        let b = portal.login_client(NIP, PASSWORD, &reg.secret).await;
        assert_eq!(a.get("/akun").await.status, 200);

        let phone = portal.client();
        let form = phone.get("/otp/ulang").await;
        for field in [
            "nip",
            "password",
            "recovery_code",
            "reset_token",
            "csrf_token",
        ] {
            assert!(form.contains(&format!("name=\"{field}\"")), "{field}");
        }
        let page = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", PASSWORD),
                    ("recovery_code", &reg.recovery_codes[0]),
                    ("reset_token", ""),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        let new_secret = page.attr("#otp-secret", "data-secret").unwrap();
        assert_ne!(new_secret, reg.secret);
        assert!(
            page.attr("img.qr", "src")
                .unwrap()
                .starts_with("data:image/png;base64,")
        );
        let enrolment = page.input_value("enrolment").unwrap();
        // Until confirmed, the old secret still works and sessions live on.
        assert_eq!(a.get("/akun").await.status, 200);
        // A code from the OLD secret does not confirm the new one.
        let wrong = phone
            .post_form(
                "/otp/ulang/konfirmasi",
                &[
                    ("nip", NIP),
                    ("enrolment", &enrolment),
                    ("otp", &portal.next_otp(&reg.secret)),
                ],
            )
            .await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.attr("#otp-secret", "data-secret").as_deref() == Some(new_secret.as_str()));
        let done = phone
            .post_form(
                "/otp/ulang/konfirmasi",
                &[
                    ("nip", NIP),
                    ("enrolment", &enrolment),
                    ("otp", &portal.otp(&new_secret)),
                ],
            )
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        assert!(done.contains("2 sesi diakhiri"), "{}", done.body);
        // Every session ended.
        assert_signed_out(&a.get("/akun").await);
        assert_signed_out(&b.get("/akun").await);
        // The old secret is dead, the new one works.
        let old = login_with(
            &portal,
            &portal.client(),
            NIP,
            PASSWORD,
            &portal.next_otp(&reg.secret),
        )
        .await;
        assert_login_refused(&old);
        let c = portal.login_client(NIP, PASSWORD, &new_secret).await;
        // The user is told: the account page shows the event.
        let account = c.get("/akun").await;
        assert!(
            account.contains("Aplikasi authenticator diganti"),
            "{}",
            account.body
        );
        assert_eq!(snapshot(&portal, NIP).await.unused_recovery, 9);
        // The recovery code is consumed.
        let reuse = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", PASSWORD),
                    ("recovery_code", &reg.recovery_codes[0]),
                ],
            )
            .await;
        assert_eq!(reuse.status, 401);
        let audit = eoffice::db::audit::for_subject(&portal.state.db, NIP, 100)
            .await
            .unwrap();
        let entry = audit
            .iter()
            .find(|r| r.action == "otp.reenrol")
            .expect("audited");
        assert_eq!(entry.ip, "127.0.0.1");
    }
}

#[tokio::test]
async fn password_alone_cannot_reenrol() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (client, secret) = portal.register_and_login(NIP).await;
        let before = snapshot(&portal, NIP).await;
        let phone = portal.client();
        let alone = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[("nip", NIP), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(alone.status, 422);
        assert!(
            alone.contains("Kata sandi saja tidak cukup"),
            "{}",
            alone.body
        );
        assert!(alone.attr("#otp-secret", "data-secret").is_none());
        let guessed = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", PASSWORD),
                    ("recovery_code", "ABCD-EFGH-JKMN"),
                ],
            )
            .await;
        assert_eq!(guessed.status, 401);
        assert!(guessed.attr("#otp-secret", "data-secret").is_none());
        let wrong_pw = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", "bukan-sandinya-9"),
                    ("reset_token", "ABCD-EFGH-JKMN"),
                ],
            )
            .await;
        assert_eq!(wrong_pw.status, 401);
        assert_eq!(snapshot(&portal, NIP).await, before);
        assert_eq!(client.get("/akun").await.status, 200);

        // With an HR-issued OTP reset token it works, once.
        let token = portal.issue_code(NIP, CodePurpose::OtpReset).await;
        let page = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", PASSWORD),
                    ("reset_token", &token),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        let new_secret = page.attr("#otp-secret", "data-secret").unwrap();
        let done = phone
            .post_form(
                "/otp/ulang/konfirmasi",
                &[
                    ("nip", NIP),
                    ("enrolment", &page.input_value("enrolment").unwrap()),
                    ("otp", &portal.otp(&new_secret)),
                ],
            )
            .await;
        assert_eq!(done.status, 200, "{}", done.body);
        assert_signed_out(&client.get("/akun").await);
        let again = phone
            .submit(
                "/otp/ulang",
                "/otp/ulang",
                &[
                    ("nip", NIP),
                    ("password", PASSWORD),
                    ("reset_token", &token),
                ],
            )
            .await;
        assert_eq!(again.status, 401);
        let _ = secret;
    }
}

#[tokio::test]
async fn password_change_ends_other_sessions() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (a, secret) = portal.register_and_login(NIP).await;
        let b = portal.login_client(NIP, PASSWORD, &secret).await;
        let new_pw = "Tiga-Ekor-Kucing-Oranye";

        // Policy failures change nothing.
        let before = snapshot(&portal, NIP).await;
        for (pw, confirm, expect) in [
            ("bismillah123", "bismillah123", "terlalu umum"),
            ("Kartikasari#77", "Kartikasari#77", "nama"),
            (new_pw, "lain-sekali-99", "Konfirmasi"),
            ("pendek", "pendek", "minimal 8"),
        ] {
            let otp = portal.next_otp(&secret);
            let page = a
                .submit(
                    "/akun",
                    "/akun/sandi",
                    &[
                        ("current_password", PASSWORD),
                        ("password", pw),
                        ("password_confirm", confirm),
                        ("otp", &otp),
                    ],
                )
                .await;
            assert_eq!(page.status, 422, "{pw}");
            assert!(page.contains(expect), "{pw}: {}", page.alerts().join(" | "));
        }
        assert_eq!(snapshot(&portal, NIP).await, before);
        // Wrong current password.
        let otp = portal.next_otp(&secret);
        let page = a
            .submit(
                "/akun",
                "/akun/sandi",
                &[
                    ("current_password", "bukan-ini-123"),
                    ("password", new_pw),
                    ("password_confirm", new_pw),
                    ("otp", &otp),
                ],
            )
            .await;
        assert_eq!(page.status, 401);
        assert_eq!(
            snapshot(&portal, NIP).await.password_hash,
            before.password_hash
        );

        let otp = portal.next_otp(&secret);
        let page = a
            .submit(
                "/akun",
                "/akun/sandi",
                &[
                    ("current_password", PASSWORD),
                    ("password", new_pw),
                    ("password_confirm", new_pw),
                    ("otp", &otp),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(
            page.contains("1 sesi lain diakhiri"),
            "{}",
            page.alerts().join(" | ")
        );
        assert_eq!(a.get("/akun").await.status, 200);
        assert_signed_out(&b.get("/akun").await);
        let old = login_with(
            &portal,
            &portal.client(),
            NIP,
            PASSWORD,
            &portal.next_otp(&secret),
        )
        .await;
        assert_login_refused(&old);
        portal.login_client(NIP, new_pw, &secret).await;

        // "Akhiri sesi lainnya".
        let c = portal.login_client(NIP, new_pw, &secret).await;
        let page = a.submit("/akun", "/akun/sesi/akhiri-lainnya", &[]).await;
        assert_eq!(page.status, 200);
        assert!(
            page.contains("2 sesi lain diakhiri"),
            "{}",
            page.alerts().join(" | ")
        );
        assert_signed_out(&c.get("/akun").await);
        assert_eq!(a.get("/akun").await.status, 200);

        // Regenerating recovery codes needs a current code and replaces the set.
        let page = a
            .submit("/akun", "/akun/kode-pemulihan", &[("otp", "000000")])
            .await;
        assert_eq!(page.status, 401);
        let page = a
            .submit(
                "/akun",
                "/akun/kode-pemulihan",
                &[("otp", &portal.next_otp(&secret))],
            )
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(page.texts("code.recovery-code").len(), 10);
        assert_eq!(snapshot(&portal, NIP).await.unused_recovery, 10);
    }
}

#[tokio::test]
async fn reset_token_works_once_and_ends_all_sessions() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (a, secret) = portal.register_and_login(NIP).await;
        let token = portal.issue_code(NIP, CodePurpose::PasswordReset).await;
        let new_pw = "Lima-Burung-Hantu-Malam";
        let form = a.get("/lupa-sandi").await;
        for field in [
            "nip",
            "reset_token",
            "otp",
            "password",
            "password_confirm",
            "csrf_token",
        ] {
            assert!(form.contains(&format!("name=\"{field}\"")), "{field}");
        }
        // Wrong OTP: refused, token still usable.
        let page = portal
            .client()
            .submit(
                "/lupa-sandi",
                "/lupa-sandi",
                &[
                    ("nip", NIP),
                    ("reset_token", &token),
                    ("otp", "000000"),
                    ("password", new_pw),
                    ("password_confirm", new_pw),
                ],
            )
            .await;
        assert_eq!(page.status, 401);
        assert!(page.contains("token reset"), "{}", page.body);
        // Form values except passwords are kept.
        assert_eq!(page.input_value("nip").as_deref(), Some(NIP));
        assert_eq!(
            page.input_value("reset_token").as_deref(),
            Some(token.as_str())
        );
        assert!(page.input_value("password").is_none());

        let page = portal
            .client()
            .submit(
                "/lupa-sandi",
                "/lupa-sandi",
                &[
                    ("nip", NIP),
                    ("reset_token", &token),
                    ("otp", &portal.next_otp(&secret)),
                    ("password", new_pw),
                    ("password_confirm", new_pw),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_signed_out(&a.get("/akun").await);
        let again = portal
            .client()
            .submit(
                "/lupa-sandi",
                "/lupa-sandi",
                &[
                    ("nip", NIP),
                    ("reset_token", &token),
                    ("otp", &portal.next_otp(&secret)),
                    ("password", "Enam-Kuda-Lari-Kencang"),
                    ("password_confirm", "Enam-Kuda-Lari-Kencang"),
                ],
            )
            .await;
        assert_eq!(again.status, 401);
        portal.login_client(NIP, new_pw, &secret).await;
    }
}

#[tokio::test]
async fn disabling_ends_sessions_and_blocks_login() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (a, secret) = portal.register_and_login(NIP).await;
        let b = portal.login_client(NIP, PASSWORD, &secret).await;
        let ended = eoffice::auth::admin::set_disabled(&portal.state, NIP, true)
            .await
            .unwrap();
        assert_eq!(ended, 2);
        assert_signed_out(&a.get("/akun").await);
        assert_signed_out(&b.get("/akun").await);
        let refused = login_with(
            &portal,
            &portal.client(),
            NIP,
            PASSWORD,
            &portal.next_otp(&secret),
        )
        .await;
        assert_login_refused(&refused);
        eoffice::auth::admin::set_disabled(&portal.state, NIP, false)
            .await
            .unwrap();
        portal.login_client(NIP, PASSWORD, &secret).await;
        // Roles show up in the session.
        portal.grant_role(NIP, "anpeg").await;
        assert_eq!(
            eoffice::auth::admin::roles_of(&portal.state, NIP)
                .await
                .unwrap(),
            vec!["pegawai", "anpeg"]
        );
        assert!(
            eoffice::auth::admin::grant_role(&portal.state, NIP, "superuser")
                .await
                .is_err()
        );
        let audit = eoffice::db::audit::for_subject(&portal.state.db, NIP, 100)
            .await
            .unwrap();
        for action in [
            "account.disable",
            "account.enable",
            "role.grant",
            "login",
            "register",
        ] {
            assert!(
                audit.iter().any(|r| r.action == action),
                "{action} not audited"
            );
        }
        assert!(audit.iter().any(|r| r.action == "login"
            && r.outcome == "failed"
            && r.detail.contains("disabled")));
    }
}

#[tokio::test]
async fn missing_csrf_token_is_refused_and_changes_nothing() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (client, secret) = portal.register_and_login(NIP).await;
        portal.ensure_employee(NIP2).await;
        let code = portal.issue_code(NIP2, CodePurpose::Activation).await;
        let before = snapshot(&portal, NIP).await;
        let before2 = snapshot(&portal, NIP2).await;
        let otp = portal.next_otp(&secret);
        let attempts: Vec<(&str, Vec<(&str, &str)>)> = vec![
            (
                "/masuk",
                vec![("nip", NIP), ("password", PASSWORD), ("otp", &otp)],
            ),
            (
                "/daftar",
                vec![
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            ),
            (
                "/akun/sandi",
                vec![
                    ("current_password", PASSWORD),
                    ("password", "Tujuh-Gajah-Biru-Muda"),
                    ("password_confirm", "Tujuh-Gajah-Biru-Muda"),
                    ("otp", &otp),
                ],
            ),
            ("/akun/sesi/akhiri-lainnya", vec![]),
            ("/keluar", vec![]),
        ];
        for (path, fields) in &attempts {
            let page = client.post_form_raw(path, fields).await;
            assert_eq!(page.status, 403, "{path}");
            let mut wrong = fields.clone();
            wrong.push(("csrf_token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            assert_eq!(
                client.post_form_raw(path, &wrong).await.status,
                403,
                "{path}"
            );
        }
        assert_eq!(snapshot(&portal, NIP).await, before);
        assert_eq!(snapshot(&portal, NIP2).await, before2);
        assert_eq!(client.get("/akun").await.status, 200);
    }
}

#[tokio::test]
async fn security_headers_on_responses() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (client, _) = portal.register_and_login(NIP).await;
        for page in [
            portal.client().get("/masuk").await,
            client.get("/akun").await,
            portal.client().get("/.well-known/jwks.json").await,
        ] {
            let csp = page.header("content-security-policy").expect("CSP");
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
            assert!(csp.contains("img-src 'self' data:"), "{csp}");
            assert!(!csp.contains("unsafe-inline"));
            assert_eq!(
                page.header("x-content-type-options").as_deref(),
                Some("nosniff")
            );
            assert!(
                page.header("strict-transport-security")
                    .unwrap()
                    .contains("max-age=")
            );
            assert!(page.header("referrer-policy").is_some());
            assert!(page.header("cache-control").unwrap().contains("no-store"));
        }
        // The login page has no script at all.
        assert!(!portal.client().get("/masuk").await.contains("<script"));
    }
}

/// Verifies a session JWT against a JWKS document with `jwt-simple` — a JWT library
/// independent of the kernel's `jsonwebtoken` — checking signature, key id, issuer,
/// audience and expiry at the portal's (manual) time `now`. Returns the claims.
fn verify_independently(
    token: &str,
    jwks: &serde_json::Value,
    issuer: &str,
    now: i64,
) -> Result<serde_json::Value, String> {
    use base64::Engine as _;
    use jwt_simple::prelude::*;
    let meta = Token::decode_metadata(token).map_err(|e| e.to_string())?;
    if meta.algorithm() != "EdDSA" {
        return Err(format!("alg {}", meta.algorithm()));
    }
    let kid = meta.key_id().ok_or("no kid")?.to_string();
    let jwk = jwks["keys"]
        .as_array()
        .ok_or("no keys")?
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .ok_or("kid not in JWKS")?;
    if jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" {
        return Err("not an Ed25519 key".into());
    }
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(jwk["x"].as_str().ok_or("no x")?)
        .map_err(|e| e.to_string())?;
    let key = Ed25519PublicKey::from_bytes(&x)
        .map_err(|e| e.to_string())?
        .with_key_id(&kid);
    let options = VerificationOptions {
        required_key_id: Some(kid),
        allowed_issuers: Some(HashSet::from_strings(&[issuer])),
        allowed_audiences: Some(HashSet::from_strings(&["eoffice"])),
        artificial_time: Some(UnixTimeStamp::from_secs(now as u64)),
        time_tolerance: Some(Duration::from_secs(5)),
        ..Default::default()
    };
    let claims = key
        .verify_token::<serde_json::Value>(token, Some(options))
        .map_err(|e| e.to_string())?;
    serde_json::to_value(&claims).map_err(|e| e.to_string())
}

#[tokio::test]
async fn session_jwt_verifies_against_jwks_and_the_api_works() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (client, secret) = portal.register_and_login(NIP).await;
        let jwks_page = portal.client().get("/.well-known/jwks.json").await;
        assert_eq!(jwks_page.status, 200);
        let jwks = jwks_page.json();
        let key = &jwks["keys"][0];
        assert_eq!(key["kty"], "OKP");
        assert_eq!(key["crv"], "Ed25519");
        assert_eq!(key["alg"], "EdDSA");
        assert_eq!(key["use"], "sig");
        assert!(key.get("d").is_none(), "private key leaked");

        let token = client.cookie(SESSION).unwrap();
        let claims =
            verify_independently(&token, &jwks, &portal.state.config.public_url, portal.now())
                .expect("valid signature");
        assert_eq!(claims["iss"], portal.state.config.public_url.as_str());
        assert_eq!(claims["aud"], "eoffice");
        assert_eq!(claims["sub"], NIP);
        assert!(claims["sid"].as_str().is_some_and(|s| s.len() >= 16));
        let (iat, exp) = (
            claims["iat"].as_i64().unwrap(),
            claims["exp"].as_i64().unwrap(),
        );
        assert_eq!(exp - iat, portal.state.config.session_ttl_secs);
        let after_expiry = portal.now() + portal.state.config.session_ttl_secs + 60;
        assert!(
            verify_independently(&token, &jwks, &portal.state.config.public_url, after_expiry)
                .is_err(),
            "an expired token must not verify"
        );
        assert!(
            verify_independently(&token, &jwks, "https://other.example", portal.now()).is_err()
        );
        // A tampered token fails the independent check and the portal.
        let parts: Vec<&str> = token.split('.').collect();
        let forged_claims = parts[1].replacen('e', "f", 1);
        let forged = format!("{}.{}.{}", parts[0], forged_claims, parts[2]);
        assert!(
            verify_independently(
                &forged,
                &jwks,
                &portal.state.config.public_url,
                portal.now()
            )
            .is_err()
        );
        let other = portal.client();
        other.set_cookie(SESSION, Some(&forged));
        assert_signed_out(&other.get("/akun").await);

        // JSON login for the mobile app, and /api/v1/me with the bearer token.
        let api = portal.client();
        let bad = api
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({"nip": NIP, "password": "salah-123456", "otp": portal.next_otp(&secret)}),
            )
            .await;
        assert_eq!(bad.status, 401);
        assert_eq!(bad.json()["error"], "invalid_credentials");
        let malformed = api
            .post_json("/api/v1/auth/login", &serde_json::json!("x"))
            .await;
        assert_eq!(malformed.status, 422);
        let ok = api
            .post_json(
                "/api/v1/auth/login",
                &serde_json::json!({"nip": NIP, "password": PASSWORD, "otp": portal.next_otp(&secret)}),
            )
            .await;
        assert_eq!(ok.status, 200, "{}", ok.body);
        let body = ok.json();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], portal.state.config.session_ttl_secs);
        let bearer = body["token"].as_str().unwrap();
        verify_independently(bearer, &jwks, &portal.state.config.public_url, portal.now())
            .expect("API token verifies too");
        let me = api.get_bearer("/api/v1/me", bearer).await;
        assert_eq!(me.status, 200, "{}", me.body);
        let me = me.json();
        assert_eq!(me["nip"], NIP);
        assert_eq!(me["nama"], "Rina Kartikasari, S.Kom.");
        assert_eq!(me["roles"], serde_json::json!(["pegawai"]));
        // No token / the cookie instead of a bearer: 401 JSON.
        let anon = portal.client().get("/api/v1/me").await;
        assert_eq!(anon.status, 401);
        assert_eq!(anon.json()["error"], "unauthorized");
        assert_eq!(client.get("/api/v1/me").await.status, 401);
        // A bearer token does not open pages (cookies only there).
        let page = portal.client().get_bearer("/akun", bearer).await;
        assert_eq!(page.status, 303);
    }
}

#[tokio::test]
async fn sessions_renew_while_active_and_end_when_idle_or_too_old() {
    for engine in engines() {
        let portal = TestPortal::start_with(engine, |c| {
            c.session_ttl_secs = 120;
            c.session_max_secs = 300;
        })
        .await;
        let (client, secret) = portal.register_and_login(NIP).await;
        let first = client.cookie(SESSION).unwrap();
        portal.advance(30);
        let page = client.get("/akun").await;
        assert_eq!(page.status, 200);
        assert!(
            page.set_cookies().iter().all(|c| !c.starts_with(SESSION)),
            "renewed too early"
        );
        // Less than half the TTL left: a fresh cookie.
        portal.advance(40);
        let page = client.get("/akun").await;
        assert_eq!(page.status, 200);
        let renewed = client.cookie(SESSION).unwrap();
        assert_ne!(renewed, first);
        // Keep using it beyond the first token's expiry.
        portal.advance(70);
        assert_eq!(client.get("/akun").await.status, 200);
        // The first token itself has expired.
        let stale = portal.client();
        stale.set_cookie(SESSION, Some(&first));
        assert_signed_out(&stale.get("/akun").await);
        // Past the absolute lifetime the session ends even while active.
        for _ in 0..4 {
            portal.advance(55);
            let _ = client.get("/akun").await;
        }
        assert_signed_out(&client.get("/akun").await);
        // Idle longer than the TTL: signed out.
        let idle = portal.login_client(NIP, PASSWORD, &secret).await;
        portal.advance(121);
        assert_signed_out(&idle.get("/akun").await);
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let (_, secret) = portal.register_and_login(NIP).await;
        portal.ensure_employee(NIP2).await;
        let code = portal.issue_code(NIP2, CodePurpose::Activation).await;
        let client = portal.client();
        let before = snapshot(&portal, NIP).await;
        let before2 = snapshot(&portal, NIP2).await;
        let long = "a".repeat(129);
        let otp = portal.otp(&secret);

        let cases: Vec<Case> = vec![
            (
                "/masuk",
                vec![("nip", "12345"), ("password", PASSWORD), ("otp", &otp)],
                "18 digit",
            ),
            (
                "/masuk",
                vec![
                    ("nip", "1985071420100120ab"),
                    ("password", PASSWORD),
                    ("otp", &otp),
                ],
                "18 digit",
            ),
            (
                "/masuk",
                vec![("nip", ""), ("password", PASSWORD), ("otp", &otp)],
                "NIP wajib diisi",
            ),
            (
                "/masuk",
                vec![("nip", NIP), ("password", ""), ("otp", &otp)],
                "wajib diisi",
            ),
            (
                "/masuk",
                vec![("nip", NIP), ("password", PASSWORD), ("otp", "")],
                "wajib diisi",
            ),
            (
                "/masuk",
                vec![("nip", NIP), ("password", PASSWORD), ("otp", "12ab56")],
                "6 digit",
            ),
            (
                "/masuk",
                vec![("nip", NIP), ("password", &long), ("otp", &otp)],
                "terlalu panjang",
            ),
            ("/masuk", vec![], "NIP wajib diisi"),
            (
                "/daftar",
                vec![
                    ("nip", "abc"),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
                "18 digit",
            ),
            (
                "/daftar",
                vec![
                    ("nip", NIP2),
                    ("activation_code", ""),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
                "wajib diisi",
            ),
            (
                "/daftar",
                vec![
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", "Beda-Sekali-77"),
                ],
                "Konfirmasi",
            ),
            (
                "/daftar",
                vec![
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", "indonesia2024"),
                    ("password_confirm", "indonesia2024"),
                ],
                "terlalu umum",
            ),
            (
                "/daftar",
                vec![
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", "x199001012015011001"),
                    ("password_confirm", "x199001012015011001"),
                ],
                "NIP",
            ),
            (
                "/daftar/konfirmasi",
                vec![("nip", NIP2), ("enrolment", "nope"), ("otp", "123456")],
                "tidak ditemukan",
            ),
            (
                "/lupa-sandi",
                vec![("nip", "1"), ("reset_token", "X"), ("otp", &otp)],
                "18 digit",
            ),
            (
                "/otp/ulang",
                vec![("nip", NIP), ("password", "")],
                "wajib diisi",
            ),
        ];
        for (path, fields, expect) in &cases {
            let page = client.post_form(path, fields).await;
            assert_eq!(page.status, 422, "{path} {fields:?}: {}", page.body);
            let alerts = page.alerts().join(" | ");
            assert!(alerts.contains(expect), "{path} {fields:?}: {alerts}");
        }
        // Registration keeps the typed values except passwords.
        let page = client
            .post_form(
                "/daftar",
                &[
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", "Beda-Sekali-77"),
                ],
            )
            .await;
        assert_eq!(page.input_value("nip").as_deref(), Some(NIP2));
        assert_eq!(
            page.input_value("activation_code").as_deref(),
            Some(code.as_str())
        );
        assert!(page.input_value("password").is_none());
        // A wrong activation code is refused without saying whether the NIP exists.
        let page = client
            .post_form(
                "/daftar",
                &[
                    ("nip", NIP2),
                    ("activation_code", "AAAA-BBBB-CCCC"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 401);
        let unknown = client
            .post_form(
                "/daftar",
                &[
                    ("nip", UNKNOWN_NIP),
                    ("activation_code", "AAAA-BBBB-CCCC"),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(unknown.alerts(), page.alerts());
        // An oversize body is refused.
        let huge = "9".repeat(portal.state.config.max_body_bytes + 10);
        let page = client.post_form("/masuk", &[("nip", &huge)]).await;
        assert!(page.status == 413 || page.status == 422, "{}", page.status);
        let page = client
            .post_json("/api/v1/auth/login", &serde_json::json!({"nip": huge}))
            .await;
        assert!(page.status == 413 || page.status == 422, "{}", page.status);
        // Nothing changed (not even failure counters).
        assert_eq!(snapshot(&portal, NIP).await, before);
        assert_eq!(snapshot(&portal, NIP2).await, before2);
        assert!(
            eoffice::db::login_failures::get(&portal.state.db, NIP)
                .await
                .unwrap()
                .is_none()
        );

        // A wrong first code from the new app shows the QR page again; nothing activated.
        let page = client
            .post_form(
                "/daftar",
                &[
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 200);
        let enrolment = page.input_value("enrolment").unwrap();
        let new_secret = page.attr("#otp-secret", "data-secret").unwrap();
        let wrong = client
            .post_form(
                "/daftar/konfirmasi",
                &[
                    ("nip", NIP2),
                    ("enrolment", &enrolment),
                    (
                        "otp",
                        &crate::support::totp_code(&new_secret, portal.now() + 300),
                    ),
                ],
            )
            .await;
        assert_eq!(wrong.status, 422);
        assert_eq!(
            wrong.attr("#otp-secret", "data-secret"),
            Some(new_secret.clone())
        );
        assert_eq!(snapshot(&portal, NIP2).await.users, before2.users);
        // An expired activation code is explained.
        portal.advance(7 * 24 * 3600 + 1);
        let page = client
            .post_form(
                "/daftar",
                &[
                    ("nip", NIP2),
                    ("activation_code", &code),
                    ("password", PASSWORD),
                    ("password_confirm", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, 422);
        assert!(
            page.contains("kedaluwarsa"),
            "{}",
            page.alerts().join(" | ")
        );
    }
}
