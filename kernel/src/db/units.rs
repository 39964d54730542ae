//! Units: the ministry's organisation tree (echelon I units, directorates, bureaus,
//! hospitals, ...), each with an optional parent.

use sqlx::AnyConnection;

use super::Db;

/// One unit of the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Unit {
    /// Unit code.
    pub kode: String,
    /// Unit name.
    pub nama: String,
    /// Parent unit code (none for the top).
    pub induk_kode: Option<String>,
    /// Kind: `kementerian`, `eselon-1`, `direktorat`, `biro`, `rumah-sakit`, `unit` ...
    pub jenis: String,
}

/// The unit with this code.
pub async fn get(db: &Db, kode: &str) -> sqlx::Result<Option<Unit>> {
    sqlx::query_as::<_, Unit>("SELECT kode, nama, induk_kode, jenis FROM units WHERE kode = $1")
        .bind(kode.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// Creates or updates a unit.
pub async fn upsert<'e, E>(exec: E, unit: &Unit) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO units (kode, nama, induk_kode, jenis) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, induk_kode = excluded.induk_kode, \
         jenis = excluded.jenis",
    )
    .bind(unit.kode.clone())
    .bind(unit.nama.clone())
    .bind(unit.induk_kode.clone())
    .bind(unit.jenis.clone())
    .execute(exec)
    .await?;
    Ok(())
}

/// Creates or updates units one by one, in the given order (a parent must come before
/// its children, since `induk_kode` references `units`).
pub async fn upsert_many(conn: &mut AnyConnection, units: &[Unit]) -> sqlx::Result<()> {
    for u in units {
        upsert(&mut *conn, u).await?;
    }
    Ok(())
}

/// Every unit, by code.
pub async fn all(conn: &mut AnyConnection) -> sqlx::Result<Vec<Unit>> {
    sqlx::query_as::<_, Unit>("SELECT kode, nama, induk_kode, jenis FROM units ORDER BY kode")
        .fetch_all(conn)
        .await
}

/// The direct sub-units of `kode`, by name.
pub async fn children(db: &Db, kode: &str) -> sqlx::Result<Vec<Unit>> {
    sqlx::query_as::<_, Unit>(
        "SELECT kode, nama, induk_kode, jenis FROM units WHERE induk_kode = $1 ORDER BY nama",
    )
    .bind(kode.to_string())
    .fetch_all(&db.pool)
    .await
}

/// Number of units.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM units")
        .fetch_one(&db.pool)
        .await
}
