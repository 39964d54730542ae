//! Choosing (and if need be installing) the compiler that builds plugins for
//! `wasm32-unknown-unknown`.
//!
//! Two routes, tried in this order (see `/work/shared/TOOLCHAIN.md` in the project notes
//! and `docs/plugin-authors.md`):
//! 1. **rustup**: `rustup target list --installed` lists `wasm32-unknown-unknown`; the
//!    ordinary `cargo build --target wasm32-unknown-unknown` is used.
//! 2. **Debian**: Debian's Rust (`rustc-web`, `cargo-web`), its standard library source
//!    (`rust-web-src`) and the LLVM linker (`lld-22`); the standard library is built from
//!    source with `-Zbuild-std`. Missing packages are installed with apt-get when it is
//!    available (as root, or through sudo).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Result, bail};

/// The wasm target every plugin is built for.
pub const TARGET: &str = "wasm32-unknown-unknown";

const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_CARGO: &str = "/usr/bin/cargo";
const DEBIAN_STD_SRC: &str = "/usr/lib/rustlib/src/rust/library";
const DEBIAN_PACKAGES: &[&str] = &["rustc-web", "cargo-web", "rust-web-src", "lld-22"];
/// Linkers able to link wasm, best first (Debian's lld-22 ships no `rust-lld`).
const WASM_LINKERS: &[&str] = &[
    "/usr/bin/wasm-ld-22",
    "/usr/bin/rust-lld",
    "/usr/bin/wasm-ld",
];

/// How plugins get compiled on this machine.
#[derive(Debug, Clone)]
pub enum Route {
    /// rustup's toolchain with the wasm32 target installed.
    Rustup,
    /// Debian's toolchain with `-Zbuild-std` and an explicit wasm linker.
    Debian {
        /// The wasm linker to use.
        linker: PathBuf,
    },
}

impl Route {
    /// A short human description for progress output.
    pub fn describe(&self) -> String {
        match self {
            Route::Rustup => format!("rustup toolchain with target {TARGET}"),
            Route::Debian { linker } => format!(
                "Debian toolchain ({}) with -Zbuild-std, linker {}",
                rustc_version(DEBIAN_RUSTC).unwrap_or_else(|| "rustc".into()),
                linker.display()
            ),
        }
    }

    /// The `cargo build` command for this route, without the `-p` arguments.
    pub fn cargo_build(&self) -> Command {
        match self {
            Route::Rustup => {
                let mut cmd = Command::new(std::env::var("CARGO").unwrap_or("cargo".into()));
                cmd.args(["build", "--release", "--target", TARGET]);
                cmd
            }
            Route::Debian { linker } => {
                let mut cmd = Command::new(DEBIAN_CARGO);
                let path = std::env::var("PATH").unwrap_or_default();
                cmd.env("PATH", format!("/usr/bin:{path}"))
                    .env("RUSTC", DEBIAN_RUSTC)
                    .env("RUSTC_BOOTSTRAP", "1")
                    .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker)
                    // Set by the rustup proxy that started xtask; meaningless to Debian's cargo.
                    .env_remove("RUSTUP_TOOLCHAIN")
                    .env_remove("RUSTC_WRAPPER")
                    .env_remove("RUSTC_WORKSPACE_WRAPPER");
                cmd.args(["build", "--release", "--target", TARGET])
                    .arg("-Zbuild-std=std,panic_abort");
                cmd
            }
        }
    }
}

/// Picks the route, installing Debian's packages when that is the only way.
pub fn detect() -> Result<Route> {
    if rustup_has_wasm_target() {
        return Ok(Route::Rustup);
    }
    if let Some(route) = debian_route() {
        return Ok(route);
    }
    if let Some(sudo) = apt_access() {
        eprintln!(
            "wasm32 target not installed in rustup; installing Debian's Rust toolchain: {}",
            DEBIAN_PACKAGES.join(" ")
        );
        apt_install(sudo)?;
        if let Some(route) = debian_route() {
            return Ok(route);
        }
        bail!(
            "installed {} but {DEBIAN_RUSTC} (1.95 or later), {DEBIAN_STD_SRC} or a wasm linker \
             ({}) is still missing",
            DEBIAN_PACKAGES.join(" "),
            WASM_LINKERS.join(", ")
        );
    }
    bail!(
        "no toolchain can build plugins for {TARGET}. Either\n  \
         1. rustup: `rustup target add {TARGET}` (needs access to static.rust-lang.org), or\n  \
         2. Debian: `apt-get install {}` (as root; xtask installs them itself when run as root \
         or with sudo available)",
        DEBIAN_PACKAGES.join(" ")
    )
}

fn rustup_has_wasm_target() -> bool {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|out| {
            out.status.success()
                && String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .any(|l| l.trim() == TARGET)
        })
}

/// The Debian route when its compiler, std source and a linker are all present.
fn debian_route() -> Option<Route> {
    let version = rustc_version(DEBIAN_RUSTC)?;
    if !version_at_least(&version, 1, 95)
        || !Path::new(DEBIAN_STD_SRC).is_dir()
        || !Path::new(DEBIAN_CARGO).is_file()
    {
        return None;
    }
    let linker = WASM_LINKERS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())?;
    Some(Route::Debian { linker })
}

fn rustc_version(rustc: &str) -> Option<String> {
    let out = Command::new(rustc).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether `rustc X.Y.Z (…)` is at least `major.minor`.
fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    let Some(number) = version.split_whitespace().nth(1) else {
        return false;
    };
    let mut parts = number.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (a, b) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (a, b) >= (major, minor)
}

/// `Some(false)` when apt-get can run directly (root), `Some(true)` through sudo.
fn apt_access() -> Option<bool> {
    let on_path = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !on_path("apt-get") {
        return None;
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        Some(false)
    } else if on_path("sudo") {
        Some(true)
    } else {
        None
    }
}

fn apt_install(sudo: bool) -> Result<()> {
    let run = |args: &[&str]| -> Result<()> {
        let mut cmd = if sudo {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        } else {
            Command::new("apt-get")
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        let status = cmd.status()?;
        if !status.success() {
            bail!("apt-get {} failed ({status})", args.join(" "));
        }
        Ok(())
    };
    run(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend_from_slice(DEBIAN_PACKAGES);
    run(&install)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare() {
        assert!(version_at_least(
            "rustc 1.96.0 (ac68faa20 2026-05-25)",
            1,
            95
        ));
        assert!(version_at_least("rustc 1.95.0", 1, 95));
        assert!(!version_at_least("rustc 1.85.1 (x)", 1, 95));
        assert!(!version_at_least("garbage", 1, 95));
    }
}
