//! Reference data (placeholder until seeding lands).

use super::Db;

/// Seeds the reference tables (idempotent).
pub async fn seed(_db: &Db) -> anyhow::Result<()> {
    Ok(())
}

/// A competency of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Kompetensi {
    /// Code.
    pub kode: String,
    /// Name.
    pub nama: String,
    /// `manajerial`, `sosial-kultural` or `teknis`.
    pub kelompok: String,
    /// Description.
    pub deskripsi: String,
}

/// The pangkat title of a golongan.
pub async fn pangkat(db: &Db, golongan: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT pangkat FROM golongan WHERE kode = $1")
        .bind(golongan.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// The competency dictionary, managerial first.
pub async fn kompetensi(db: &Db) -> sqlx::Result<Vec<Kompetensi>> {
    sqlx::query_as::<_, Kompetensi>("SELECT kode, nama, kelompok, deskripsi FROM kompetensi ORDER BY kelompok, nama")
        .fetch_all(&db.pool)
        .await
}
