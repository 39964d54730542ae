//! The headless-browser test: a person registers with an activation code, their
//! authenticator "scans" the QR code from the screen, they sign in with a generated code
//! and see their dashboard — in Debian's Chromium driven over WebDriver.
//!
//! Needs `chromium` and `chromedriver` (installed by `scripts/install-system-packages`).
//! Without them the test fails saying so, unless `EOFFICE_TEST_SKIP_BROWSER=1` asks to
//! skip it (a warning is printed).

use eoffice::auth::admin::CodePurpose;
use eoffice::db::Engine;

use crate::support::{PASSWORD, TestPortal};
use crate::webdriver::{Browser, decode_qr, unavailable};

const NIP: &str = "199104172019032009";

#[tokio::test]
async fn registers_scans_the_qr_code_logs_in_and_sees_the_dashboard() {
    if let Some(why) = unavailable() {
        if std::env::var("EOFFICE_TEST_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("WARNING: browser test skipped (EOFFICE_TEST_SKIP_BROWSER=1): {why}");
            return;
        }
        panic!("the browser test cannot run: {why}");
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
