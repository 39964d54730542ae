//! The in-memory registry: an immutable snapshot of [`LoadedModule`]s built from the
//! registry tables, swapped atomically by [`PluginHost::reload`]. A poller re-reads
//! `plugin_registry_generation` every second so changes made by another process
//! (`eoffice plugin …`) take effect in a running server without a restart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

use anyhow::Context;
use wasmtime::component::{HasSelf, Linker};

use super::bindings::{self, Manifest};
use super::engine::{self, Shared};
use super::runtime::HostState;
use crate::state::AppState;

/// Default per-call CPU deadline.
pub const DEFAULT_DEADLINE: Duration = Duration::from_millis(100);
/// Default per-instance memory limit in MiB.
pub const DEFAULT_MEMORY_MIB: u64 = 64;
/// How often running kernels look for registry changes made elsewhere.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// An installed module as loaded in memory (an immutable snapshot; a registry change
/// replaces it).
pub struct LoadedModule {
    /// Module id (bound by the host to every call).
    pub id: String,
    /// The manifest the module exported at install.
    pub manifest: Manifest,
    /// The module's version.
    pub version: semver::Version,
    /// The contract version it was built against.
    pub api_version: semver::Version,
    /// SHA-256 of the component, hex.
    pub sha256: String,
    /// Roles the module is enabled for.
    pub roles: BTreeSet<String>,
    /// Granted capabilities.
    pub grants: BTreeSet<String>,
    /// Effective settings (stored values over manifest defaults).
    pub settings: BTreeMap<String, String>,
    /// Per-call CPU deadline.
    pub deadline: Duration,
    /// Per-instance memory limit in MiB.
    pub memory_mib: u64,
    /// Why the module is quarantined, when it is (also when it could not be loaded).
    pub quarantine: Option<String>,
    /// The version `rollback` returns to.
    pub previous_version: Option<String>,
    pub(crate) pre: Option<bindings::ModulePre<HostState>>,
    pub(crate) failures: AtomicU32,
    /// Collection name → declared (index name, field).
    pub(crate) indexes: BTreeMap<String, Vec<(String, String)>>,
}

impl std::fmt::Debug for LoadedModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedModule")
            .field("id", &self.id)
            .field("version", &self.version)
            .field("roles", &self.roles)
            .field("grants", &self.grants)
            .field("quarantine", &self.quarantine)
            .finish_non_exhaustive()
    }
}

impl LoadedModule {
    /// Whether a user holding `roles` may use the module (enabled for any of them).
    pub fn enabled_for(&self, roles: &[String]) -> bool {
        roles.iter().any(|r| self.roles.contains(r))
    }

    /// Whether the module can be called (not quarantined, loaded).
    pub fn is_active(&self) -> bool {
        self.quarantine.is_none() && self.pre.is_some()
    }

    /// A module that is not installed, used to run `describe` on a candidate package.
    pub(crate) fn probe(pre: bindings::ModulePre<HostState>) -> LoadedModule {
        LoadedModule {
            id: String::new(),
            manifest: empty_manifest(),
            version: semver::Version::new(0, 0, 0),
            api_version: semver::Version::new(0, 0, 0),
            sha256: String::new(),
            roles: BTreeSet::new(),
            grants: BTreeSet::new(),
            settings: BTreeMap::new(),
            deadline: DEFAULT_DEADLINE,
            memory_mib: DEFAULT_MEMORY_MIB,
            quarantine: None,
            previous_version: None,
            pre: Some(pre),
            failures: AtomicU32::new(0),
            indexes: BTreeMap::new(),
        }
    }
}

fn empty_manifest() -> Manifest {
    Manifest {
        id: String::new(),
        name: String::new(),
        version: String::new(),
        api_version: String::new(),
        description: String::new(),
        menu: vec![],
        tabs: vec![],
        capabilities: vec![],
        default_roles: vec![],
        roles: vec![],
        collections: vec![],
        subscriptions: vec![],
        settings: vec![],
    }
}

/// One registry snapshot.
#[derive(Default)]
pub(crate) struct Snapshot {
    pub(crate) generation: i64,
    pub(crate) modules: BTreeMap<String, Arc<LoadedModule>>,
}

/// The engine and the linker holding every capability.
pub(crate) struct Runtime {
    pub(crate) shared: Arc<Shared>,
    pub(crate) linker: Linker<HostState>,
}

/// The plugin host: the registry of installed modules and the sandbox that runs them.
pub struct PluginHost {
    data_dir: PathBuf,
    runtime: OnceLock<Runtime>,
    snapshot: RwLock<Arc<Snapshot>>,
    reload_lock: tokio::sync::Mutex<()>,
    http: OnceLock<reqwest::Client>,
}

impl std::fmt::Debug for PluginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginHost")
            .field(
                "modules",
                &self.snapshot().modules.keys().collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl PluginHost {
    /// An empty host; the engine is created on first use, the registry by [`Self::reload`].
    pub fn new(config: &crate::config::Config) -> PluginHost {
        PluginHost {
            data_dir: config.data_dir.clone(),
            runtime: OnceLock::new(),
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            reload_lock: tokio::sync::Mutex::new(()),
            http: OnceLock::new(),
        }
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        self.runtime.get_or_init(|| {
            let shared = engine::shared(&self.data_dir);
            let mut linker = Linker::new(&shared.engine);
            bindings::Module::add_to_linker::<HostState, HasSelf<HostState>>(&mut linker, |s| s)
                .expect("capabilities link once");
            Runtime { shared, linker }
        })
    }

    pub(crate) fn http_client(&self) -> &reqwest::Client {
        self.http.get_or_init(|| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(5))
                .user_agent("e-Office-2.0-plugin-host")
                .build()
                .unwrap_or_default()
        })
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("registry lock").clone()
    }

    /// Active modules enabled for any of `roles`, sorted by id.
    pub fn modules_for(&self, roles: &[String]) -> Vec<Arc<LoadedModule>> {
        self.snapshot()
            .modules
            .values()
            .filter(|m| m.is_active() && m.enabled_for(roles))
            .cloned()
            .collect()
    }

    /// One installed module (active or not).
    pub fn module(&self, id: &str) -> Option<Arc<LoadedModule>> {
        self.snapshot().modules.get(id).cloned()
    }

    /// Every installed module, sorted by id.
    pub fn all(&self) -> Vec<Arc<LoadedModule>> {
        self.snapshot().modules.values().cloned().collect()
    }

    /// Ids of the installed modules whose manifest subscribes to `topic`.
    pub fn subscribers(&self, topic: &str) -> Vec<String> {
        self.snapshot()
            .modules
            .values()
            .filter(|m| m.manifest.subscriptions.iter().any(|t| t == topic))
            .map(|m| m.id.clone())
            .collect()
    }

    /// The registry generation of the loaded snapshot.
    pub fn generation(&self) -> i64 {
        self.snapshot().generation
    }

    /// Re-reads the registry from the database and swaps the snapshot. Packages already
    /// loaded (same SHA-256) are reused; new ones are compiled off the async workers.
    pub async fn reload(&self, state: &AppState) -> anyhow::Result<()> {
        let _one_at_a_time = self.reload_lock.lock().await;
        let reg = crate::db::plugins::load_registry(&state.db)
            .await
            .context("cannot read the module registry")?;
        let old = self.snapshot();
        let mut packages: BTreeMap<String, (crate::db::plugins::VersionRow, Vec<u8>)> = reg
            .active
            .into_iter()
            .map(|(v, bytes)| (v.plugin_id.clone(), (v, bytes)))
            .collect();
        let mut modules = BTreeMap::new();
        for row in reg.plugins {
            let Some((version, bytes)) = packages.remove(&row.id) else {
                tracing::warn!(module = %row.id, "active version missing from plugin_versions");
                continue;
            };
            let reused = old
                .modules
                .get(&row.id)
                .filter(|m| m.sha256 == version.sha256)
                .and_then(|m| m.pre.clone());
            let (pre, load_error) = match reused {
                Some(pre) => (Some(pre), None),
                None => match self.prepare(&version.sha256, bytes).await {
                    Ok(pre) => (Some(pre), None),
                    Err(e) => {
                        tracing::error!(module = %row.id, error = %e, "cannot load module");
                        (None, Some(format!("modul tidak dapat dimuat: {e}")))
                    }
                },
            };
            let manifest: Manifest = match serde_json::from_str(&version.manifest) {
                Ok(m) => m,
                Err(e) => {
                    tracing::error!(module = %row.id, error = %e, "stored manifest unreadable");
                    continue;
                }
            };
            let grants = reg
                .grants
                .iter()
                .filter(|(p, _)| *p == row.id)
                .map(|(_, c)| c.clone())
                .collect();
            let roles = reg
                .roles
                .iter()
                .filter(|(p, _)| *p == row.id)
                .map(|(_, r)| r.clone())
                .collect();
            let mut settings: BTreeMap<String, String> = manifest
                .settings
                .iter()
                .map(|s| (s.key.clone(), s.default_value.clone()))
                .collect();
            for (p, k, v) in &reg.settings {
                if *p == row.id && settings.contains_key(k) {
                    settings.insert(k.clone(), v.clone());
                }
            }
            let indexes = manifest
                .collections
                .iter()
                .map(|c| {
                    (
                        c.name.clone(),
                        c.indexes
                            .iter()
                            .map(|i| (i.name.clone(), i.field.clone()))
                            .collect(),
                    )
                })
                .collect();
            let quarantine = load_error.or_else(|| {
                row.quarantined_at.map(|_| {
                    if row.quarantine_reason.is_empty() {
                        "dikarantina".to_string()
                    } else {
                        row.quarantine_reason.clone()
                    }
                })
            });
            let module = LoadedModule {
                id: row.id.clone(),
                version: semver::Version::parse(&version.version)
                    .unwrap_or_else(|_| semver::Version::new(0, 0, 0)),
                api_version: semver::Version::parse(&version.api_version)
                    .unwrap_or_else(|_| semver::Version::new(0, 0, 0)),
                sha256: version.sha256.clone(),
                manifest,
                roles,
                grants,
                settings,
                deadline: Duration::from_millis(row.deadline_ms.max(1) as u64),
                memory_mib: row.memory_mib.max(1) as u64,
                quarantine,
                previous_version: row.previous_version.clone(),
                pre,
                failures: AtomicU32::new(row.consecutive_failures.clamp(0, u32::MAX as i64) as u32),
                indexes,
            };
            modules.insert(row.id, Arc::new(module));
        }
        *self.snapshot.write().expect("registry lock") = Arc::new(Snapshot {
            generation: reg.generation,
            modules,
        });
        Ok(())
    }

    /// Checks and loads a package WITHOUT installing it (benchmarks, tests): enabled for
    /// its default roles, granted what it requests when `grant_requested`.
    pub async fn load_detached(
        &self,
        state: &AppState,
        wasm: &[u8],
        grant_requested: bool,
    ) -> Result<Arc<LoadedModule>, String> {
        let c = super::package::inspect(state, wasm).await?;
        let pre = self
            .prepare(&c.sha256, wasm.to_vec())
            .await
            .map_err(|e| format!("{e:#}"))?;
        let mut m = LoadedModule::probe(pre);
        m.id = c.manifest.id.clone();
        m.version = c.version;
        m.api_version = c.api_version;
        m.sha256 = c.sha256;
        m.roles = c.manifest.default_roles.iter().cloned().collect();
        if grant_requested {
            m.grants = c.manifest.capabilities.iter().cloned().collect();
        }
        m.settings = c
            .manifest
            .settings
            .iter()
            .map(|s| (s.key.clone(), s.default_value.clone()))
            .collect();
        m.indexes = c
            .manifest
            .collections
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.indexes
                        .iter()
                        .map(|i| (i.name.clone(), i.field.clone()))
                        .collect(),
                )
            })
            .collect();
        m.manifest = c.manifest;
        Ok(Arc::new(m))
    }

    /// Compiles (once per SHA-256 per process) and links a package.
    pub(crate) async fn prepare(
        &self,
        sha256: &str,
        bytes: Vec<u8>,
    ) -> wasmtime::Result<bindings::ModulePre<HostState>> {
        let shared = self.runtime().shared.clone();
        let sha = sha256.to_string();
        let component = tokio::task::spawn_blocking(move || shared.component(&sha, &bytes))
            .await
            .map_err(|e| wasmtime::Error::msg(format!("compilation task failed: {e}")))??;
        let pre = self.runtime().linker.instantiate_pre(&component)?;
        bindings::ModulePre::new(pre)
    }
}

/// Reloads the registry whenever another process bumped its generation; checks every
/// [`POLL_INTERVAL`].
pub fn spawn_poller(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(POLL_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match crate::db::plugins::generation(&state.db).await {
                Ok(g) if g != state.plugins.generation() => {
                    if let Err(e) = state.plugins.reload(&state).await {
                        tracing::error!(error = %format!("{e:#}"), "module registry reload failed");
                    } else {
                        tracing::info!(generation = g, "module registry reloaded");
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot read the registry generation"),
            }
        }
    })
}
