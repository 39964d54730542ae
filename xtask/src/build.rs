//! `build-plugins`: compile plugin crates to core wasm modules with one cargo
//! invocation, then encode each into a component in `target/wasm-plugins/`.
//!
//! Plugins get their own target dir (`target/wasm-build`): the Debian route uses a
//! different compiler than the host build and the two must not share artefacts. The
//! size-oriented release profile (opt-level "s", LTO, panic=abort, stripped) is passed
//! through `CARGO_PROFILE_RELEASE_*` variables so the workspace's own `[profile.release]`
//! (used for the kernel) stays untouched.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use anyhow::{Context as _, Result, bail};

use crate::discover::{self, PluginCrate};
use crate::toolchain::{self, TARGET};

/// The release profile for plugins, as cargo environment overrides.
const WASM_PROFILE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s"),
    ("CARGO_PROFILE_RELEASE_LTO", "true"),
    ("CARGO_PROFILE_RELEASE_PANIC", "abort"),
    ("CARGO_PROFILE_RELEASE_STRIP", "true"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
];

/// Builds the plugin crates named in `names` (all when empty).
pub fn build_plugins(root: &Path, names: &[String]) -> Result<()> {
    let all = discover::plugin_crates(root)?;
    let crates = select(&all, names)?;
    if crates.is_empty() {
        println!(
            "no plugin crates under {}",
            discover::PLUGIN_ROOTS.join(", ")
        );
        return Ok(());
    }

    let route = toolchain::detect()?;
    let target_dir = root.join("target/wasm-build");
    let out_dir = root.join("target/wasm-plugins");
    let list: Vec<&str> = crates.iter().map(|c| c.name.as_str()).collect();
    println!("building {} plugin(s): {}", crates.len(), list.join(", "));
    println!("  toolchain: {}", route.describe());

    let started = Instant::now();
    let mut cmd = route.cargo_build();
    cmd.current_dir(root).env("CARGO_TARGET_DIR", &target_dir);
    for (key, value) in WASM_PROFILE {
        cmd.env(key, value);
    }
    for c in &crates {
        cmd.args(["-p", &c.name]);
    }
    run(cmd)?;
    println!("  compiled in {:.1} s", started.elapsed().as_secs_f64());

    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let core_dir = target_dir.join(TARGET).join("release");
    for c in &crates {
        let core = core_dir.join(c.core_file_name());
        let out = out_dir.join(c.component_file_name());
        let fresh = is_newer(&out, &core)?;
        if !fresh {
            encode(&core, &out).with_context(|| format!("encoding {} as a component", c.name))?;
        }
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        println!(
            "  {:<24} {:>9} core → {:>9} component{}  {}",
            c.name,
            kib(size(&core)),
            kib(size(&out)),
            if fresh { " (up to date)" } else { "" },
            relative(root, &out).display(),
        );
    }
    Ok(())
}

/// The crates selected by `names` (every crate when empty); unknown names are an error.
fn select(all: &[PluginCrate], names: &[String]) -> Result<Vec<PluginCrate>> {
    if names.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen: Vec<PluginCrate> = Vec::new();
    for name in names {
        let Some(c) = all.iter().find(|c| c.matches(name)) else {
            let known: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
            bail!(
                "no plugin crate named `{name}` (known: {})",
                known.join(", ")
            );
        };
        if !chosen.iter().any(|x| x.name == c.name) {
            chosen.push(c.clone());
        }
    }
    Ok(chosen)
}

fn run(mut cmd: Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("starting {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("cargo build for {TARGET} failed ({status})");
    }
    Ok(())
}

/// Wraps a core module (with wit-bindgen's component-type section) into a component.
fn encode(core: &Path, out: &Path) -> Result<()> {
    let module = std::fs::read(core).with_context(|| format!("reading {}", core.display()))?;
    let component = wit_component::ComponentEncoder::default()
        .module(&module)?
        .validate(true)
        .encode()?;
    let tmp = out.with_extension("wasm.tmp");
    std::fs::write(&tmp, &component).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// Whether `out` exists and is at least as new as `input`.
fn is_newer(out: &Path, input: &Path) -> Result<bool> {
    let modified = |p: &Path| -> Option<SystemTime> { std::fs::metadata(p).ok()?.modified().ok() };
    let Some(input_time) = modified(input) else {
        bail!("cargo reported success but {} is missing", input.display());
    };
    Ok(modified(out).is_some_and(|t| t >= input_time))
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn relative(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}
