//! The headless-browser tests, in Debian's Chromium driven over WebDriver: a person
//! registers with an activation code, their authenticator "scans" the QR code from the
//! screen, they sign in with a generated code and see their dashboard; and the bundled
//! modules as people use them — a Pengelola Berita writes a pinned announcement through
//! the module's form, reads it back rendered from Markdown with the HTML they typed
//! shown as text, and sees the day's attendance the mobile app recorded.
//!
//! Needs `chromium` and `chromedriver` (installed by `scripts/install-system-packages`).
//! Without them the test fails saying so, unless `EOFFICE_TEST_SKIP_BROWSER=1` asks to
//! skip it (a warning is printed).

use eoffice::auth::admin::CodePurpose;
use eoffice::db::Engine;

use crate::modules::bearer;
use crate::support::{PASSWORD, TestPortal};
use crate::webdriver::{Browser, decode_qr, unavailable};

const NIP: &str = "199104172019032009";

/// Whether the browser tests should run: `false` (with a warning) only when Chromium is
/// missing and `EOFFICE_TEST_SKIP_BROWSER=1`; missing without that is a failure.
fn browser_available() -> bool {
    if let Some(why) = unavailable() {
        if std::env::var("EOFFICE_TEST_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("WARNING: browser test skipped (EOFFICE_TEST_SKIP_BROWSER=1): {why}");
            return false;
        }
        panic!("the browser test cannot run: {why}");
    }
    true
}

#[tokio::test]
async fn registers_scans_the_qr_code_logs_in_and_sees_the_dashboard() {
    if !browser_available() {
        return;
    }
    let portal = TestPortal::start(Engine::Sqlite).await;
    portal.add_employee(NIP, "Ayu Lestari Wulandari").await;
    let activation = portal.issue_code(NIP, CodePurpose::Activation).await;
    let browser = Browser::start().await.expect("start headless Chromium");
    let result = journey(&portal, &browser, &activation).await;
    browser.quit().await;
    result.unwrap();
}

async fn journey(portal: &TestPortal, b: &Browser, activation: &str) -> anyhow::Result<()> {
    let base = &portal.base;
    b.goto(&format!("{base}/daftar")).await?;
    b.type_into("#nip", NIP).await?;
    b.type_into("#activation_code", activation).await?;
    b.type_into("#password", PASSWORD).await?;
    b.type_into("#password_confirm", PASSWORD).await?;
    b.click("form button[type=submit]").await?;

    // The authenticator app's part: read the QR code off the screen.
    if b.wait_for("img.qr", 10).await.is_err() {
        anyhow::bail!("no QR code after registering: {}", b.text("main").await?);
    }
    let png = b.screenshot_page().await?;
    let uri = decode_qr(&png)?;
    anyhow::ensure!(
        uri.starts_with("otpauth://totp/"),
        "the QR code holds {uri:?}, not an otpauth URI"
    );
    let totp = totp_rs::Totp::from_url(&uri)
        .map_err(|e| anyhow::anyhow!("not a valid otpauth URI: {e:?}"))?;
    let code = totp.generate(portal.now() as u64).to_string();
    b.type_into("#otp", &code).await?;
    b.click("form button[type=submit]").await?;
    if b.wait_for("code.recovery-code", 10).await.is_err() {
        anyhow::bail!("no recovery codes shown: {}", b.text("main").await?);
    }

    // Next time step, so the code differs from the one used to confirm.
    portal.advance(30);
    b.goto(&format!("{base}/masuk")).await?;
    b.type_into("#nip", NIP).await?;
    b.type_into("#password", PASSWORD).await?;
    b.type_into("#otp", &totp.generate(portal.now() as u64).to_string())
        .await?;
    b.click("form button[type=submit]").await?;
    if b.wait_for("#ringkasan", 10).await.is_err() {
        anyhow::bail!("no dashboard after login: {}", b.text("main").await?);
    }
    let url = b.url().await?;
    anyhow::ensure!(
        url == format!("{base}/"),
        "after login the browser is at {url}"
    );
    let dashboard = b.text("main").await?;
    anyhow::ensure!(
        dashboard.contains("Ayu Lestari Wulandari"),
        "dashboard does not greet the user: {dashboard}"
    );
    anyhow::ensure!(
        dashboard.contains("Pangkat"),
        "dashboard lacks the rank card: {dashboard}"
    );
    Ok(())
}

const EDITOR: &str = "198612252011012004";

#[tokio::test]
async fn an_editor_publishes_news_and_sees_attendance_in_the_browser() {
    if !browser_available() {
        return;
    }
    let portal = TestPortal::start(Engine::Sqlite).await;
    portal.install_plugin("berita", true).await;
    portal.install_plugin("presensi", true).await;
    portal.add_employee(EDITOR, "Dewi Anggraini").await;
    let registered = portal.register(&portal.client(), EDITOR, PASSWORD).await;
    portal.grant_role(EDITOR, "pengelola-berita").await;
    // The mobile app clocks in this morning.
    let token = bearer(&portal, EDITOR, &registered.secret).await;
    let masuk = portal
        .client()
        .post_json_bearer(
            "/api/v1/m/presensi/absen",
            &token,
            r#"{"jenis":"masuk","lat":-6.2,"lon":106.8}"#,
        )
        .await;
    assert_eq!(masuk.status, 201, "{}", masuk.body);
    // "08:01:30" in the API; pages show hours and minutes.
    let jam: String = masuk.json()["masuk"]["jam"]
        .as_str()
        .unwrap_or_else(|| panic!("the API answers the time: {}", masuk.body))
        .chars()
        .take(5)
        .collect();

    let browser = Browser::start().await.expect("start headless Chromium");
    let result = modules_journey(&portal, &browser, &registered.secret, &jam).await;
    browser.quit().await;
    result.unwrap();
}

async fn modules_journey(
    portal: &TestPortal,
    b: &Browser,
    secret: &str,
    jam: &str,
) -> anyhow::Result<()> {
    let base = &portal.base;
    b.goto(&format!("{base}/masuk")).await?;
    b.type_into("#nip", EDITOR).await?;
    b.type_into("#password", PASSWORD).await?;
    b.type_into("#otp", &portal.next_otp(secret)).await?;
    b.click("form button[type=submit]").await?;
    if b.wait_for("#ringkasan", 10).await.is_err() {
        anyhow::bail!("no dashboard after login: {}", b.text("main").await?);
    }
    b.click("details.menu summary").await?;
    let menu = b.text("details.menu").await?;
    anyhow::ensure!(
        menu.contains("Info Terbaru") && menu.contains("Presensi Saya"),
        "the module menu lists both modules: {menu}"
    );
    let home = b.text("main").await?;
    anyhow::ensure!(home.contains("Belum ada berita"), "empty news card: {home}");

    // The editor writes a pinned announcement through the module's form.
    b.goto(&format!("{base}/m/berita/kelola/baru")).await?;
    b.wait_for("main form input[name=judul]", 10).await?;
    b.type_into("main form input[name=judul]", "Libur Nasional <b>Natal</b>")
        .await?;
    b.type_into(
        "main form textarea[name=isi]",
        "Kantor **tutup** pada 25 Desember.\n\n<script>document.title='diretas'</script>",
    )
    .await?;
    b.click("main form select[name=kategori] option[value=pengumuman]")
        .await?;
    b.click("main form input[name=disematkan]").await?;
    b.click("main form button[type=submit]").await?;
    if b.wait_for("main strong", 10).await.is_err() {
        anyhow::bail!("no post page after publishing: {}", b.text("main").await?);
    }
    let url = b.url().await?;
    anyhow::ensure!(
        url.contains("/m/berita/p/"),
        "after publishing the browser is at {url}"
    );
    let post = b.text("main").await?;
    anyhow::ensure!(
        post.contains("Libur Nasional <b>Natal</b>"),
        "the title is shown as typed, as text: {post}"
    );
    anyhow::ensure!(
        b.text("main strong").await? == "tutup",
        "Markdown is rendered"
    );
    anyhow::ensure!(
        b.find("main script").await.is_err(),
        "the script typed into the body is not part of the page"
    );

    // Back on the dashboard: the announcement on Beranda, today's attendance on its tab.
    b.goto(&format!("{base}/")).await?;
    b.wait_for("#ringkasan", 10).await?;
    let home = b.text("main").await?;
    anyhow::ensure!(home.contains("Libur Nasional"), "the news card: {home}");
    b.goto(&format!("{base}/?tab=presensi")).await?;
    let tab = b.text("main").await?;
    anyhow::ensure!(
        tab.contains("Presensi Hari Ini") && tab.contains(jam),
        "today's clock-in at {jam} on the Presensi tab: {tab}"
    );
    b.goto(&format!("{base}/m/presensi/bulan")).await?;
    if b.wait_for("main figure svg", 10).await.is_err() {
        anyhow::bail!("no chart on the month page: {}", b.text("main").await?);
    }
    let month = b.text("main").await?;
    anyhow::ensure!(month.contains(jam), "the month page lists {jam}: {month}");
    Ok(())
}
