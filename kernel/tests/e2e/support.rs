//! Fixtures: a real portal server on a free port, and an HTTP client that keeps cookies
//! and fills forms (CSRF token included) the way a browser would.
//!
//! ```ignore
//! for engine in eoffice::testkit::engines() {
//!     let portal = TestPortal::start(engine).await;
//!     let (client, secret) = portal.register_and_login("198507142010012003").await;
//!     let page = client.get("/akun").await;
//!     assert_eq!(page.status, 200);
//! }
//! ```
//!
//! The portal's cookies are `__Host-` cookies marked `Secure` while the test server speaks
//! plain HTTP, so [`Client`] keeps them itself: it parses `Set-Cookie` and sends `Cookie`.
//! It never follows redirects; a [`Page`] shows the `Location`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use eoffice::auth::admin::CodePurpose;
use eoffice::clock::{Clock, ManualClock};
use eoffice::config::Config;
use eoffice::db::Engine;
use eoffice::state::AppState;
use eoffice::testkit::TestDb;

/// The password [`TestPortal::register_and_login`] gives accounts.
pub const PASSWORD: &str = "Jv7#qTm2-Hz9!wRx";

/// Name given to employees created by [`TestPortal::ensure_employee`].
pub const EMPLOYEE_NAME: &str = "Rina Kartikasari";

/// Code of the unit test employees are placed in.
pub const TEST_UNIT: &str = "UJI";

/// A running portal over a fresh database of one engine, with a manual clock.
pub struct TestPortal {
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub base: String,
    /// The server's state (database, config, keys, clock).
    pub state: AppState,
    /// The clock the server reads; move it with `advance`.
    pub clock: ManualClock,
    /// The engine under test.
    pub engine: Engine,
    /// The test database (kept alive for the portal's lifetime).
    pub test_db: TestDb,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    background: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for TestPortal {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for task in &self.background {
            task.abort();
        }
    }
}

/// What [`TestPortal::register`] produced.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The TOTP secret in base32, as read from the enrolment page.
    pub secret: String,
    /// The recovery codes shown once after registration.
    pub recovery_codes: Vec<String>,
}

impl TestPortal {
    /// Starts a portal on `engine` with the test configuration.
    pub async fn start(engine: Engine) -> TestPortal {
        Self::start_with(engine, |_| {}).await
    }

    /// Starts a portal on `engine`, letting `configure` adjust the configuration first
    /// (e.g. a low `login_rate_per_ip_per_minute`).
    pub async fn start_with(engine: Engine, configure: impl FnOnce(&mut Config)) -> TestPortal {
        let test_db = TestDb::new(engine).await;
        let mut config = test_db.config();
        configure(&mut config);
        let (state, clock) = test_db.state_with(config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let addr = listener.local_addr().expect("local address");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // The registry poller and the event dispatcher, as `eoffice serve` runs them.
        let background = eoffice::server::start_background(&state);
        let server_state = state.clone();
        tokio::spawn(async move {
            let shutdown = async move {
                let _ = rx.await;
            };
            if let Err(e) = eoffice::server::serve_on(listener, server_state, shutdown).await {
                eprintln!("test portal stopped: {e:#}");
            }
        });
        TestPortal {
            base: format!("http://{addr}"),
            state,
            clock,
            engine,
            test_db,
            shutdown: Some(tx),
            background,
        }
    }

    /// A new client (no cookies) talking to this portal.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// The current time of the portal's clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Moves the portal's clock forward.
    pub fn advance(&self, secs: i64) {
        self.clock.advance(secs);
    }

    /// Creates the test unit and an employee `nip` named `nama`, unless it exists.
    pub async fn add_employee(&self, nip: &str, nama: &str) {
        let db = &self.state.db;
        if eoffice::db::employees::get(db, nip)
            .await
            .expect("read employee")
            .is_some()
        {
            return;
        }
        eoffice::db::units::upsert(
            &db.pool,
            &eoffice::db::units::Unit {
                kode: TEST_UNIT.into(),
                nama: "Unit Uji Coba".into(),
                induk_kode: None,
                jenis: "unit".into(),
            },
        )
        .await
        .expect("create the test unit");
        let gender = if nip.as_bytes().get(14) == Some(&b'2') {
            "P"
        } else {
            "L"
        };
        let employee = eoffice::db::employees::Employee {
            nip: nip.into(),
            nama: nama.into(),
            gelar_depan: String::new(),
            gelar_belakang: "S.Kom.".into(),
            jenis_kelamin: gender.into(),
            tempat_lahir: "Jakarta".into(),
            tanggal_lahir: nip
                .get(..8)
                .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]))
                .unwrap_or_else(|| "1990-01-01".into()),
            agama: "Islam".into(),
            status_kepegawaian: "PNS".into(),
            email: String::new(),
            telepon: String::new(),
            unit_kode: TEST_UNIT.into(),
            golongan: "III/a".into(),
            jabatan: "Pranata Komputer Ahli Pertama".into(),
            jenis_jabatan: "fungsional".into(),
            jenjang: "ahli-pertama".into(),
            atasan_nip: None,
            tmt_cpns: None,
            tmt_golongan: None,
            tmt_jabatan: None,
            updated_at: self.now(),
        };
        let mut conn = db.pool.acquire().await.expect("database connection");
        eoffice::db::employees::upsert(&mut conn, &employee, self.now())
            .await
            .expect("insert the test employee");
    }

    /// Makes `atasan` the direct supervisor of `nip` (both must exist).
    pub async fn set_supervisor(&self, nip: &str, atasan: &str) {
        let db = &self.state.db;
        let mut employee = eoffice::db::employees::get(db, nip)
            .await
            .expect("read employee")
            .expect("the employee exists");
        employee.atasan_nip = Some(atasan.into());
        let mut conn = db.pool.acquire().await.expect("database connection");
        eoffice::db::employees::upsert(&mut conn, &employee, self.now())
            .await
            .expect("update the employee");
    }

    /// [`TestPortal::add_employee`] with [`EMPLOYEE_NAME`].
    pub async fn ensure_employee(&self, nip: &str) {
        self.add_employee(nip, EMPLOYEE_NAME).await;
    }

    /// Issues an HR code the way `eoffice activation-code` etc. do.
    pub async fn issue_code(&self, nip: &str, purpose: CodePurpose) -> String {
        eoffice::auth::admin::issue_code(&self.state, nip, purpose)
            .await
            .expect("issue code")
    }

    /// The TOTP code of `secret` (base32) at the portal's current time.
    pub fn otp(&self, secret: &str) -> String {
        totp_code(secret, self.now())
    }

    /// Moves the clock to the next 30-second step and returns that step's code (a code
    /// is accepted once, so each sign-on needs a fresh step).
    pub fn next_otp(&self, secret: &str) -> String {
        self.advance(30);
        self.otp(secret)
    }

    /// Registers `nip` through the real pages (`/daftar` → QR page → `/daftar/konfirmasi`)
    /// with `password`, creating the employee if needed. Panics if any step fails.
    pub async fn register(&self, client: &Client, nip: &str, password: &str) -> Registered {
        self.ensure_employee(nip).await;
        let code = self.issue_code(nip, CodePurpose::Activation).await;
        let page = client
            .submit(
                "/daftar",
                "/daftar",
                &[
                    ("nip", nip),
                    ("activation_code", &code),
                    ("password", password),
                    ("password_confirm", password),
                ],
            )
            .await;
        assert_eq!(page.status, 200, "registration form refused: {}", page.body);
        let secret = page
            .attr("#otp-secret", "data-secret")
            .expect("the enrolment page shows the secret");
        let enrolment = page
            .input_value("enrolment")
            .expect("the enrolment page has its token");
        let otp = self.otp(&secret);
        let done = client
            .post_form(
                "/daftar/konfirmasi",
                &[("nip", nip), ("enrolment", &enrolment), ("otp", &otp)],
            )
            .await;
        assert_eq!(done.status, 200, "enrolment refused: {}", done.body);
        let recovery_codes = done.texts("code.recovery-code");
        assert!(!recovery_codes.is_empty(), "no recovery codes shown");
        Registered {
            secret,
            recovery_codes,
        }
    }

    /// Signs `client` in with NIP, password and the code of the next time step; returns
    /// the response (303 to `/` on success).
    pub async fn login(&self, client: &Client, nip: &str, password: &str, secret: &str) -> Page {
        let otp = self.next_otp(secret);
        client
            .submit(
                "/masuk",
                "/masuk",
                &[("nip", nip), ("password", password), ("otp", &otp)],
            )
            .await
    }

    /// Registers `nip` (creating the employee if needed) with [`PASSWORD`] and returns a
    /// signed-in client and the account's TOTP secret (base32).
    pub async fn register_and_login(&self, nip: &str) -> (Client, String) {
        let client = self.client();
        let reg = self.register(&client, nip, PASSWORD).await;
        let page = self.login(&client, nip, PASSWORD, &reg.secret).await;
        assert_eq!(page.status, 303, "login refused: {}", page.body);
        assert!(
            client.cookie(eoffice::auth::session::COOKIE).is_some(),
            "no session cookie"
        );
        (client, reg.secret)
    }

    /// A further signed-in client for an already registered account.
    pub async fn login_client(&self, nip: &str, password: &str, secret: &str) -> Client {
        let client = self.client();
        let page = self.login(&client, nip, password, secret).await;
        assert_eq!(page.status, 303, "login refused: {}", page.body);
        client
    }

    /// Grants a role the way `eoffice role grant` does.
    pub async fn grant_role(&self, nip: &str, role: &str) {
        eoffice::auth::admin::grant_role(&self.state, nip, role)
            .await
            .expect("grant role");
    }
}

/// The TOTP code (SHA-1, 6 digits, 30 s) of a base32 secret at unix time `at`.
pub fn totp_code(secret: &str, at: i64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret).expect("base32 secret");
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build()
        .expect("totp")
        .generate(at as u64)
        .to_string()
}

/// An HTTP client that keeps the portal's cookies by hand and never follows redirects.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    cookies: Arc<Mutex<BTreeMap<String, String>>>,
}

/// A response, read completely.
#[derive(Debug, Clone)]
pub struct Page {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// Body text.
    pub body: String,
}

impl Client {
    /// A client for the portal at `base`.
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .user_agent("Mozilla/5.0 (X11; Linux x86_64) eoffice-e2e Firefox/140.0")
                .build()
                .expect("http client"),
            base: base.trim_end_matches('/').to_string(),
            cookies: Arc::new(Mutex::new(BTreeMap::new())),
        }
    }

    /// The value of a cookie the client holds.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().expect("cookie jar").get(name).cloned()
    }

    /// Sets (or with `None` removes) a cookie by hand.
    pub fn set_cookie(&self, name: &str, value: Option<&str>) {
        let mut jar = self.cookies.lock().expect("cookie jar");
        match value {
            Some(v) => {
                jar.insert(name.to_string(), v.to_string());
            }
            None => {
                jar.remove(name);
            }
        }
    }

    /// An independent copy of this client with the same cookies (a second tab).
    pub fn fork(&self) -> Client {
        let jar = self.cookies.lock().expect("cookie jar").clone();
        Client {
            http: self.http.clone(),
            base: self.base.clone(),
            cookies: Arc::new(Mutex::new(jar)),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn cookie_header(&self) -> Option<String> {
        let jar = self.cookies.lock().expect("cookie jar");
        (!jar.is_empty()).then(|| {
            jar.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    fn store_cookies(&self, headers: &reqwest::header::HeaderMap) {
        let mut jar = self.cookies.lock().expect("cookie jar");
        for value in headers.get_all(reqwest::header::SET_COOKIE) {
            let Ok(text) = value.to_str() else { continue };
            let mut parts = text.split(';');
            let Some((name, val)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            let expired = parts.any(|a| {
                let a = a.trim().to_ascii_lowercase();
                a == "max-age=0" || a.starts_with("max-age=-")
            });
            if expired || val.is_empty() {
                jar.remove(name);
            } else {
                jar.insert(name.to_string(), val.to_string());
            }
        }
    }

    /// Sends a request built by `build` with the cookies, and stores returned cookies.
    pub async fn send(&self, build: reqwest::RequestBuilder) -> Page {
        let build = match self.cookie_header() {
            Some(c) => build.header(reqwest::header::COOKIE, c),
            None => build,
        };
        let response = build.send().await.expect("request to the test portal");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        self.store_cookies(&headers);
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Page {
        self.send(self.http.get(self.url(path))).await
    }

    /// `GET path` with `Authorization: Bearer token` (and no cookies).
    pub async fn get_bearer(&self, path: &str, token: &str) -> Page {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request to the test portal");
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap_or_default(),
        }
    }

    /// `POST path` with a JSON body and a bearer token (the mobile app's calls).
    pub async fn post_json_bearer(&self, path: &str, token: &str, body: &str) -> Page {
        let response = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("request to the test portal");
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap_or_default(),
        }
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Page {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    /// `POST path` with exactly these urlencoded fields (no CSRF token added).
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(self.http.post(self.url(path)).form(fields)).await
    }

    /// `POST path` with these fields plus the `csrf_token` the client holds (from any
    /// earlier page of the portal; one is fetched from `/masuk` if none is held yet).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = match self.cookie(CSRF_COOKIE) {
            Some(t) => t,
            None => {
                let page = self.get("/masuk").await;
                page.csrf_token().expect("a form page carries a CSRF token")
            }
        };
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if !fields.iter().any(|(k, _)| *k == "csrf_token") {
            all.push(("csrf_token", &token));
        }
        self.post_form_raw(path, &all).await
    }

    /// Opens the form page `page_path`, takes the `csrf_token` of its form posting to
    /// `action`, and submits `fields` there — what a person filling the form does.
    pub async fn submit(&self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let form_page = self.get(page_path).await;
        assert_eq!(
            form_page.status, 200,
            "form page {page_path} answered {}",
            form_page.status
        );
        let token = form_page
            .form_csrf_token(action)
            .unwrap_or_else(|| panic!("no form posting to {action} on {page_path}"));
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_form_raw(action, &all).await
    }
}

/// Name of the CSRF cookie.
pub const CSRF_COOKIE: &str = "__Host-csrf";

impl Page {
    /// The parsed HTML document.
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }

    /// Every `Set-Cookie` header.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect()
    }

    /// The redirect target, if any.
    pub fn location(&self) -> Option<String> {
        self.header("location")
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Whether the body contains `text`.
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }

    /// The trimmed text of every element matching the CSS `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("CSS selector");
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// Attribute `attr` of the first element matching `selector`.
    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).expect("CSS selector");
        self.html()
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(attr))
            .map(str::to_string)
    }

    /// The `value` of the first `<input name=...>`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        self.attr(&format!("input[name=\"{name}\"]"), "value")
    }

    /// The first `csrf_token` on the page.
    pub fn csrf_token(&self) -> Option<String> {
        self.input_value("csrf_token")
    }

    /// The `csrf_token` of the form posting to `action`.
    pub fn form_csrf_token(&self, action: &str) -> Option<String> {
        let forms = scraper::Selector::parse("form").expect("selector");
        let token = scraper::Selector::parse("input[name=\"csrf_token\"]").expect("selector");
        self.html()
            .select(&forms)
            .filter(|f| f.value().attr("action") == Some(action))
            .find_map(|f| {
                f.select(&token)
                    .next()
                    .and_then(|i| i.value().attr("value"))
                    .map(str::to_string)
            })
    }

    /// The text of the page's alert boxes.
    pub fn alerts(&self) -> Vec<String> {
        self.texts(".alert")
    }
}
