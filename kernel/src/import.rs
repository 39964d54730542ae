//! CSV import of employees (placeholder until the importer lands).

use std::path::Path;
use std::process::ExitCode;

use crate::state::AppState;

/// Runs `eoffice import-employees FILE`.
pub async fn run_cli(_state: &AppState, _file: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("importer not available yet")
}
