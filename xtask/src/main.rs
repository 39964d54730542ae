//! Developer tasks of the portal, run as `cargo run -p xtask -- <task>`.
//!
//! The only task today is `build-plugins [NAME...]`: it builds every plugin module crate
//! (`plugins/*`, `tests/fixtures/*`) for `wasm32-unknown-unknown`, turns each core
//! module into a WebAssembly component and writes it to `target/wasm-plugins/<crate>.wasm`,
//! ready for `eoffice plugin install`.
//!
//! xtask knows nothing about the kernel: it only drives cargo and `wit-component`.

mod build;
mod discover;
mod toolchain;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo run -p xtask -- <task>

tasks:
  build-plugins [NAME...]   build plugin modules (all, or the named crates / folders) into
                            components under target/wasm-plugins/
  help                      this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build-plugins") => build::build_plugins(&workspace_root(), &args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("unknown task `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
