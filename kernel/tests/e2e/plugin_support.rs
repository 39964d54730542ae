//! Fixtures for the plugin tests: the `eoffice` binary, the wasm components built from
//! source by `cargo run -p xtask -- build-plugins` (once per test run), and running the
//! CLI against a test portal's database.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::support::{Client, TestPortal};

/// The workspace root.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn target_dir() -> PathBuf {
    std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target"))
}

/// The `eoffice` binary, built by cargo with this test build (same features, same profile).
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_eoffice"))
}

/// The component built from crate `name` (under `plugins/` or `tests/fixtures/`). Every
/// plugin is built from source by the project's build pipeline on first use.
pub fn wasm(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["run", "-q", "-p", "xtask", "--", "build-plugins"])
            .current_dir(workspace_root())
            .env_remove("RUSTFLAGS")
            .status()
            .expect("run the plugin build (cargo run -p xtask -- build-plugins)");
        assert!(status.success(), "the plugin build failed");
        target_dir().join("wasm-plugins")
    });
    let path = dir.join(format!("{name}.wasm"));
    assert!(path.exists(), "{} was not built", path.display());
    path
}

/// The bytes of the component built from crate `name`.
pub fn wasm_bytes(name: &str) -> Vec<u8> {
    std::fs::read(wasm(name)).expect("read component")
}

/// A finished CLI run.
#[derive(Debug)]
pub struct CliRun {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl CliRun {
    fn from(output: Output) -> CliRun {
        CliRun {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with the output unless the command succeeded.
    pub fn ok(self) -> CliRun {
        assert_eq!(
            self.code, 0,
            "command failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl TestPortal {
    /// Runs `eoffice ARGS` against this portal's database, as an administrator would on
    /// the server while the portal keeps running.
    pub fn cli(&self, args: &[&str]) -> CliRun {
        let data_dir = std::env::temp_dir().join(format!("eoffice-e2e-cli-{}", std::process::id()));
        std::fs::create_dir_all(&data_dir).expect("cli data dir");
        let output = Command::new(binary())
            .args(args)
            .env("EOFFICE_DATABASE_URL", &self.test_db.url)
            .env("EOFFICE_DATA_DIR", &data_dir)
            .env("EOFFICE_LOG", "warn")
            .env_remove("EOFFICE_CONFIG")
            .output()
            .expect("run eoffice");
        CliRun::from(output)
    }

    /// Installs a built component through the library, granting what it asks for when
    /// `grant_all`, and returns its id.
    pub async fn install_plugin(&self, crate_name: &str, grant_all: bool) -> String {
        let actor = eoffice::plugins::admin::Actor {
            nip: None,
            ip: "",
            request_id: "e2e",
        };
        let report =
            eoffice::plugins::admin::install(&self.state, &wasm_bytes(crate_name), false, &actor)
                .await
                .unwrap_or_else(|e| panic!("install {crate_name}: {e}"));
        let id = report.id.clone();
        if grant_all {
            let module = self.state.plugins.module(&id).expect("installed module");
            for capability in module.manifest.capabilities.clone() {
                eoffice::plugins::admin::grant(&self.state, &id, &capability, &actor)
                    .await
                    .unwrap_or_else(|e| panic!("grant {capability}: {e}"));
            }
        }
        id
    }
}

/// Polls `GET path` with `client` until `check` holds (the running portal picks up
/// registry changes made by another process within about a second), for up to 10 s.
pub async fn eventually(
    client: &Client,
    path: &str,
    what: &str,
    check: impl Fn(&crate::support::Page) -> bool,
) {
    let start = Instant::now();
    loop {
        let page = client.get(path).await;
        if check(&page) {
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!(
                "{what}: not seen on {path} within 10 s; last page ({}):\n{}",
                page.status, page.body
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
