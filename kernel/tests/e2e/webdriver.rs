//! A minimal W3C WebDriver client over HTTP (enough for the browser test): starts
//! Debian's `chromedriver`, opens headless Chromium, navigates, types, clicks, reads text
//! and takes element screenshots.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};
use base64::Engine as _;
use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver with one browser session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    profile_dir: std::path::PathBuf,
}

/// Why the browser test cannot run on this machine.
pub fn unavailable() -> Option<String> {
    for bin in ["chromedriver", "chromium"] {
        let found = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {bin}"))
            .output()
            .map(|o| o.status.success());
        if !matches!(found, Ok(true)) {
            return Some(format!(
                "`{bin}` is not installed (scripts/install-system-packages installs it)"
            ));
        }
    }
    None
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub async fn start() -> anyhow::Result<Browser> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start chromedriver")?;
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile_dir =
            std::env::temp_dir().join(format!("eoffice-chromium-{}-{port}", std::process::id()));
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=800,1400",
                    format!("--user-data-dir={}", profile_dir.display()),
                ]
            }
        }}});
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
            profile_dir,
        };
        let created = browser
            .call(reqwest::Method::POST, "/session", Some(caps))
            .await?;
        browser.session = created["sessionId"]
            .as_str()
            .context("no sessionId in the new-session answer")?
            .to_string();
        Ok(browser)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let url = format!("{}{}", self.base, path);
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req
            .send()
            .await
            .with_context(|| format!("webdriver {url}"))?;
        let status = resp.status();
        let v: Value = resp.json().await?;
        if !status.is_success() {
            bail!("webdriver {path}: {status}: {}", v["value"]["message"]);
        }
        Ok(v["value"].clone())
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.call(
            reqwest::Method::POST,
            &self.s("/url"),
            Some(json!({ "url": url })),
        )
        .await?;
        Ok(())
    }

    /// The current URL.
    pub async fn url(&self) -> anyhow::Result<String> {
        Ok(self
            .call(reqwest::Method::GET, &self.s("/url"), None)
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// Finds one element by CSS selector.
    pub async fn find(&self, css: &str) -> anyhow::Result<String> {
        let v = self
            .call(
                reqwest::Method::POST,
                &self.s("/element"),
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await
            .with_context(|| format!("element {css:?} not found"))?;
        Ok(v[ELEMENT_KEY]
            .as_str()
            .with_context(|| format!("no element id for {css:?} in {v}"))?
            .to_string())
    }

    /// Waits up to `secs` seconds for an element matching `css` to appear (after a click
    /// that submits a form, the next page may still be loading).
    pub async fn wait_for(&self, css: &str, secs: u64) -> anyhow::Result<String> {
        let deadline = std::time::Instant::now() + Duration::from_secs(secs);
        loop {
            match self.find(css).await {
                Ok(el) => return Ok(el),
                Err(e) if std::time::Instant::now() >= deadline => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Types into the element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let el = self.find(css).await?;
        self.call(
            reqwest::Method::POST,
            &self.s(&format!("/element/{el}/value")),
            Some(json!({ "text": text })),
        )
        .await?;
        Ok(())
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let el = self.find(css).await?;
        self.call(
            reqwest::Method::POST,
            &self.s(&format!("/element/{el}/click")),
            Some(json!({})),
        )
        .await?;
        Ok(())
    }

    /// Visible text of the element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let el = self.find(css).await?;
        Ok(self
            .call(
                reqwest::Method::GET,
                &self.s(&format!("/element/{el}/text")),
                None,
            )
            .await?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// PNG screenshot of the visible viewport.
    pub async fn screenshot_page(&self) -> anyhow::Result<Vec<u8>> {
        let b64 = self
            .call(reqwest::Method::GET, &self.s("/screenshot"), None)
            .await?;
        Ok(base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap_or_default())?)
    }

    /// Ends the session and stops chromedriver.
    pub async fn quit(mut self) {
        let _ = self.call(reqwest::Method::DELETE, &self.s(""), None).await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile_dir);
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// Decodes the first QR code in a PNG image.
pub fn decode_qr(png: &[u8]) -> anyhow::Result<String> {
    if let Ok(path) = std::env::var("EOFFICE_TEST_SAVE_QR") {
        let _ = std::fs::write(path, png);
    }
    let img = image::load_from_memory(png)
        .context("screenshot is not an image")?
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    let grid = grids.first().context("no QR code found in the image")?;
    let (_meta, content) = grid.decode().context("QR code could not be decoded")?;
    Ok(content)
}
