//! The wasmtime engine shared by every module of the process: component model,
//! Cranelift, epoch interruption (a background thread ticks every [`EPOCH_TICK`]), the
//! pooling instance allocator, wasmtime's on-disk compiled-code cache under
//! `<data_dir>/plugin-cache`, and an in-process map from package SHA-256 to the compiled
//! [`Component`] so each package is compiled once per process.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use wasmtime::component::Component;
use wasmtime::{
    Cache, CacheConfig, Config, Enabled, Engine, InstanceAllocationStrategy,
    PoolingAllocationConfig,
};

/// How often the epoch advances; deadlines are counted in ticks of this length.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);
/// Largest memory limit an administrator may set per module, in MiB.
pub const MAX_MEMORY_MIB: u64 = 256;
/// Largest per-call deadline an administrator may set, in milliseconds.
pub const MAX_DEADLINE_MS: u64 = 10_000;
/// Instances that may be alive at once (concurrent calls over all modules).
pub const MAX_CONCURRENT_INSTANCES: u32 = 1000;
/// Bytes of each pooled linear memory kept resident between calls (reset by memset).
const KEEP_RESIDENT_BYTES: usize = 2 << 20;

/// The process-wide engine plus the compiled-component map.
pub struct Shared {
    /// The engine.
    pub engine: Engine,
    compiled: Mutex<HashMap<String, Component>>,
    /// Whether the pooling allocator is in use (else on-demand, after a failure to reserve).
    pub pooling: bool,
}

static SHARED: OnceLock<Arc<Shared>> = OnceLock::new();

/// The process-wide engine, created on first use with its code cache in
/// `<data_dir>/plugin-cache` (the first caller's data directory wins).
pub fn shared(data_dir: &Path) -> Arc<Shared> {
    SHARED
        .get_or_init(|| {
            let (engine, pooling) = build(data_dir);
            let weak = engine.weak();
            std::thread::Builder::new()
                .name("wasm-epoch".into())
                .spawn(move || {
                    while let Some(engine) = weak.upgrade() {
                        std::thread::sleep(EPOCH_TICK);
                        engine.increment_epoch();
                    }
                })
                .expect("spawn the epoch thread");
            Arc::new(Shared {
                engine,
                compiled: Mutex::new(HashMap::new()),
                pooling,
            })
        })
        .clone()
}

fn base_config(data_dir: &Path) -> Config {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .strategy(wasmtime::Strategy::Cranelift)
        .epoch_interruption(true)
        .parallel_compilation(true)
        .max_wasm_stack(512 * 1024);
    let dir = data_dir.join("plugin-cache");
    // wasmtime wants an absolute cache directory; the data dir is often `./data`.
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let mut cache = CacheConfig::new();
    cache.with_directory(&dir);
    match std::fs::create_dir_all(&dir)
        .map_err(wasmtime::Error::from)
        .and_then(|()| Cache::new(cache))
    {
        Ok(cache) => {
            config.cache(Some(cache));
        }
        Err(e) => tracing::warn!(dir = %dir.display(), error = %e, "plugin code cache disabled"),
    }
    config
}

fn build(data_dir: &Path) -> (Engine, bool) {
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(MAX_CONCURRENT_INSTANCES)
        .total_core_instances(MAX_CONCURRENT_INSTANCES * 4)
        .total_memories(MAX_CONCURRENT_INSTANCES)
        .total_tables(MAX_CONCURRENT_INSTANCES * 2)
        .total_stacks(MAX_CONCURRENT_INSTANCES)
        .max_memory_size((MAX_MEMORY_MIB as usize) << 20)
        .max_memories_per_component(4)
        .max_tables_per_component(8)
        .max_core_instances_per_component(16)
        .table_elements(10_000)
        .max_unused_warm_slots(64)
        // A fresh instance per call reuses a warm slot: reset the pages the last call
        // touched with memset (found with PAGEMAP_SCAN where the kernel has it) instead
        // of madvise + page faults on the next call, and batch the decommits that remain.
        .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
        .table_keep_resident(64 << 10)
        .pagemap_scan(Enabled::Auto)
        .decommit_batch_size(32);
    let mut config = base_config(data_dir);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    match Engine::new(&config) {
        Ok(engine) => (engine, true),
        Err(e) => {
            tracing::warn!(error = %e, "pooling allocator unavailable; allocating on demand");
            let config = base_config(data_dir);
            (Engine::new(&config).expect("create the wasm engine"), false)
        }
    }
}

impl Shared {
    /// The compiled component for a package, compiling (or loading from the on-disk cache)
    /// only the first time this process sees `sha256`. CPU-heavy: call off the async
    /// workers (`spawn_blocking`).
    pub fn component(&self, sha256: &str, wasm: &[u8]) -> wasmtime::Result<Component> {
        if let Some(c) = self.compiled.lock().expect("component map").get(sha256) {
            return Ok(c.clone());
        }
        let component = Component::new(&self.engine, wasm)?;
        self.compiled
            .lock()
            .expect("component map")
            .insert(sha256.to_string(), component.clone());
        Ok(component)
    }
}

/// Hex SHA-256 of a package.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
