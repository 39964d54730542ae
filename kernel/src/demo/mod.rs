//! Deterministic demo data (placeholder until the generator lands).

use crate::config::Config;
use crate::state::AppState;

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of employees.
    pub employees: usize,
    /// Random seed.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            employees: 2500,
            seed: 2026,
        }
    }
}

/// What the seed did.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {}

impl DemoReport {
    /// Prints where to open the portal and how to sign in.
    pub fn print(&self, _config: &Config) {}
}

/// Seeds demo data and demo accounts.
pub async fn seed(_state: &AppState, _options: &DemoOptions) -> anyhow::Result<DemoReport> {
    anyhow::bail!("demo data generator not available yet")
}
