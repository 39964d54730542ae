//! The modules shipped with the portal (`berita`, `presensi`), installed by
//! `eoffice serve --demo` / `eoffice demo` from the built packages: installed, or
//! upgraded when the package is newer, then granted what they request and enabled for
//! their default roles. A missing package is a warning, not a failure.

use std::path::{Path, PathBuf};

use super::admin::{self, Actor, AdminError};
use crate::state::AppState;

/// The bundled modules, by crate / module id.
pub const BUNDLED: [&str; 2] = ["berita", "presensi"];

/// Where built packages are looked for by default.
pub const DEFAULT_DIR: &str = "target/wasm-plugins";

/// The package directory: `--plugins DIR`, else `EOFFICE_PLUGINS_DIR`, else [`DEFAULT_DIR`].
pub fn dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("EOFFICE_PLUGINS_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
}

/// Installs (or upgrades) every bundled module found in `dir`; returns one line per
/// module describing what happened.
pub async fn install_dir(state: &AppState, dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for id in BUNDLED {
        let path = dir.join(format!("{id}.wasm"));
        let wasm = match std::fs::read(&path) {
            Ok(w) => w,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "bundled module not built");
                lines.push(format!(
                    "peringatan: modul {id} dilewati ({}: {e}); bangun dengan `cargo run -p xtask -- build-plugins`",
                    path.display()
                ));
                continue;
            }
        };
        let actor = Actor::CLI;
        let outcome = match state.plugins.module(id) {
            None => admin::install(state, &wasm, false, &actor)
                .await
                .map(|r| format!("modul {id} {} dipasang", r.version)),
            Some(m) => match admin::upgrade(state, &wasm, false, &actor).await {
                Ok(r) => Ok(format!("modul {id} diperbarui ke {}", r.version)),
                Err(AdminError::Refused(_)) => {
                    Ok(format!("modul {id} {} sudah terpasang", m.version))
                }
                Err(e) => Err(e),
            },
        };
        match outcome {
            Ok(line) => lines.push(line),
            Err(e) => {
                lines.push(format!("peringatan: modul {id} tidak dipasang: {e}"));
                continue;
            }
        }
        if let Some(m) = state.plugins.module(id) {
            for cap in &m.manifest.capabilities {
                admin::grant(state, id, cap, &actor).await?;
            }
            for role in &m.manifest.default_roles {
                admin::enable(state, id, role, &actor).await?;
            }
        }
    }
    Ok(lines)
}
