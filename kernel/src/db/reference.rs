//! Reference data (placeholder until seeding lands).

use super::Db;

/// Seeds the reference tables (idempotent).
pub async fn seed(_db: &Db) -> anyhow::Result<()> {
    Ok(())
}
