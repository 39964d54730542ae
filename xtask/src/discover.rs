//! Finding the plugin module crates of the workspace.
//!
//! A plugin crate is a folder under `plugins/` or `tests/fixtures/` holding a
//! `Cargo.toml` whose `[lib] crate-type` includes `cdylib`. Folders without a manifest
//! are skipped silently; manifests without `cdylib` are skipped with a note.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// The folders (relative to the workspace root) whose sub-folders are plugin crates.
pub const PLUGIN_ROOTS: &[&str] = &["plugins", "tests/fixtures"];

/// One plugin crate to build.
#[derive(Debug, Clone)]
pub struct PluginCrate {
    /// The package name (`contoh`, `hostile-loop`), also the output file's stem.
    pub name: String,
    /// The crate folder.
    pub dir: PathBuf,
}

impl PluginCrate {
    /// File name of the core module cargo writes (`-` becomes `_`).
    pub fn core_file_name(&self) -> String {
        format!("{}.wasm", self.name.replace('-', "_"))
    }

    /// File name of the component xtask writes.
    pub fn component_file_name(&self) -> String {
        format!("{}.wasm", self.name)
    }

    /// Whether `wanted` (a crate name or folder name) selects this crate.
    pub fn matches(&self, wanted: &str) -> bool {
        let folder = self.dir.file_name().and_then(|f| f.to_str()).unwrap_or("");
        self.name == wanted || folder == wanted || self.dir.ends_with(wanted)
    }
}

/// Every plugin crate under the workspace root, sorted by name.
pub fn plugin_crates(root: &Path) -> Result<Vec<PluginCrate>> {
    let mut found = Vec::new();
    for sub in PLUGIN_ROOTS {
        let parent = root.join(sub);
        let Ok(entries) = std::fs::read_dir(&parent) else {
            continue;
        };
        for entry in entries {
            let dir = entry?.path();
            let manifest = dir.join("Cargo.toml");
            if !manifest.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&manifest)
                .with_context(|| format!("reading {}", manifest.display()))?;
            match parse_manifest(&text)
                .with_context(|| format!("parsing {}", manifest.display()))?
            {
                Some(name) => found.push(PluginCrate { name, dir }),
                None => eprintln!(
                    "note: skipping {} (its [lib] crate-type has no \"cdylib\")",
                    dir.display()
                ),
            }
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// The package name when the manifest describes a `cdylib`, `None` otherwise.
fn parse_manifest(text: &str) -> Result<Option<String>> {
    let doc: toml::Table = text.parse()?;
    let name = doc
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .context("no [package] name")?
        .to_string();
    let cdylib = doc
        .get("lib")
        .and_then(|l| l.get("crate-type"))
        .and_then(|t| t.as_array())
        .is_some_and(|types| types.iter().any(|t| t.as_str() == Some("cdylib")));
    Ok(cdylib.then_some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdylib_manifests_are_plugins() {
        let text = "[package]\nname = \"contoh\"\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n";
        assert_eq!(parse_manifest(text).unwrap().as_deref(), Some("contoh"));
        let lib = "[package]\nname = \"helper\"\n";
        assert_eq!(parse_manifest(lib).unwrap(), None);
    }

    #[test]
    fn file_names_follow_cargo() {
        let c = PluginCrate {
            name: "hostile-loop".into(),
            dir: PathBuf::from("tests/fixtures/loop"),
        };
        assert_eq!(c.core_file_name(), "hostile_loop.wasm");
        assert_eq!(c.component_file_name(), "hostile-loop.wasm");
        assert!(c.matches("loop") && c.matches("hostile-loop") && !c.matches("x"));
    }
}
