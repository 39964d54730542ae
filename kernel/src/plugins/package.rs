//! Checks a candidate package before install or upgrade: it must be a WebAssembly
//! component of the world `module`, exporting `eoffice:portal/plugin@1.x` with a minor
//! no newer than the host's, importing only what the host provides, and its manifest
//! (read by calling `describe()` inside the sandbox) must be valid and name the same
//! contract version.

use wasmtime::component::types::ComponentItem;

use super::bindings::{self, API_MAJOR, API_MINOR, API_VERSION, Manifest};
use super::runtime::HostState;
use crate::state::AppState;

/// Largest accepted package.
pub const MAX_PACKAGE_BYTES: usize = 32 << 20;
/// The export every module must provide (without version).
pub const PLUGIN_EXPORT: &str = "eoffice:portal/plugin";

/// A package that passed every check.
pub struct Candidate {
    /// Its manifest.
    pub manifest: Manifest,
    /// The manifest as stored (JSON).
    pub manifest_json: String,
    /// Its module version.
    pub version: semver::Version,
    /// The contract version of its `plugin` export.
    pub api_version: semver::Version,
    /// SHA-256 of the package, hex.
    pub sha256: String,
}

/// The contract version of the component's `plugin` export, if it has one.
fn plugin_export_version(
    engine: &wasmtime::Engine,
    component: &wasmtime::component::Component,
) -> Option<Result<semver::Version, String>> {
    component
        .component_type()
        .exports(engine)
        .find_map(|(name, item)| {
            let version = name.strip_prefix(PLUGIN_EXPORT)?.strip_prefix('@')?;
            Some(if matches!(item.ty, ComponentItem::ComponentInstance(_)) {
                semver::Version::parse(version)
                    .map_err(|_| format!("versi ekspor {name:?} bukan semver"))
            } else {
                Err(format!("ekspor {name:?} bukan sebuah interface"))
            })
        })
}

/// Runs every check; the error is the reason for the refusal (Bahasa Indonesia).
pub async fn inspect(state: &AppState, wasm: &[u8]) -> Result<Candidate, String> {
    if wasm.len() > MAX_PACKAGE_BYTES {
        return Err(format!(
            "paket terlalu besar ({} byte; maks. {MAX_PACKAGE_BYTES})",
            wasm.len()
        ));
    }
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("bukan berkas WebAssembly (komponen .wasm)".into());
    }
    if wasm[4..8] == [1, 0, 0, 0] {
        return Err(
            "modul inti WebAssembly, bukan komponen: bangun dengan `cargo run -p xtask -- build-plugins`"
                .into(),
        );
    }
    let host = &state.plugins;
    let sha256 = super::engine::sha256_hex(wasm);
    let shared = host.runtime().shared.clone();
    let component = {
        let (sha, bytes) = (sha256.clone(), wasm.to_vec());
        tokio::task::spawn_blocking(move || shared.component(&sha, &bytes))
            .await
            .map_err(|e| format!("kompilasi gagal: {e}"))?
            .map_err(|e| format!("bukan komponen WebAssembly yang valid: {e:#}"))?
    };
    let engine = &host.runtime().shared.engine;
    let api_version = match plugin_export_version(engine, &component) {
        None => {
            return Err(format!(
                "dunia salah: komponen tidak mengekspor {PLUGIN_EXPORT}@{API_MAJOR}.x \
                 (bangun untuk dunia `module` dari wit/)"
            ));
        }
        Some(v) => v?,
    };
    if api_version.major != API_MAJOR {
        return Err(format!(
            "versi API {api_version} tidak kompatibel: kernel menjalankan kontrak {API_VERSION}"
        ));
    }
    if api_version.minor > API_MINOR {
        return Err(format!(
            "versi API {api_version} lebih baru dari kontrak kernel {API_VERSION}; perbarui kernel"
        ));
    }
    let pre = host
        .runtime()
        .linker
        .instantiate_pre(&component)
        .map_err(|e| format!("komponen membutuhkan impor yang tidak disediakan kernel: {e:#}"))?;
    let pre: bindings::ModulePre<HostState> =
        bindings::ModulePre::new(pre).map_err(|e| format!("dunia salah: {e:#}"))?;
    let manifest = host
        .describe(state, pre)
        .await
        .map_err(|e| format!("describe() gagal: {e}"))?;
    let problems = super::manifest::problems(&manifest);
    if !problems.is_empty() {
        return Err(format!("manifest tidak valid: {}", problems.join("; ")));
    }
    let declared = semver::Version::parse(&manifest.api_version).map_err(|e| e.to_string())?;
    if (declared.major, declared.minor) != (api_version.major, api_version.minor) {
        return Err(format!(
            "api-version manifest {declared} tidak sesuai dengan kontrak yang diekspor komponen {api_version}"
        ));
    }
    let version = semver::Version::parse(&manifest.version).map_err(|e| e.to_string())?;
    let manifest_json = serde_json::to_string(&manifest).map_err(|e| e.to_string())?;
    Ok(Candidate {
        manifest,
        manifest_json,
        version,
        api_version,
        sha256,
    })
}
