//! Reference tables: golongan/pangkat, position types and levels (with credit-point
//! coefficients), and the competency dictionary with its level descriptions.
//!
//! [`seed`] copies the constants of `domain::reference` into these tables; it is
//! idempotent (upserts) and runs after every migration (`server::open_database`).
//! Pure lookups that need no database are in `domain::reference`.

use sqlx::AssertSqlSafe;

use super::Db;
use crate::domain::reference::{GOLONGAN, JENIS_JABATAN, JENJANG, KOMPETENSI};

/// `($1, $2, …), (…)` for `rows` rows of `cols` parameters each.
pub(crate) fn values_placeholders(rows: usize, cols: usize) -> String {
    placeholders(false, rows, cols)
}

/// Whether a connection talks to SQLite.
pub(crate) fn is_sqlite(conn: &sqlx::AnyConnection) -> bool {
    conn.backend_name() == "SQLite"
}

/// `(…), (…)` for `rows` rows of `cols` parameters: numbered `$n` for PostgreSQL,
/// anonymous `?` for SQLite. Large multi-row statements need the anonymous form on
/// SQLite: looking up a numbered parameter's name scans every parameter
/// (`sqlite3_bind_parameter_name`), so binding N numbered parameters costs O(N²).
/// `cols == 0` gives a flat list `$1, $2, …` of `rows` parameters (for `IN (…)`).
pub(crate) fn placeholders(sqlite: bool, rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols.max(1) * 6);
    let mut n = 1;
    let mut param = |s: &mut String| {
        if sqlite {
            s.push('?');
        } else {
            s.push('$');
            s.push_str(&n.to_string());
        }
        n += 1;
    };
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        if cols == 0 {
            param(&mut s);
            continue;
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            param(&mut s);
        }
        s.push(')');
    }
    s
}

/// Seeds the reference tables from the constants (idempotent: inserts what is missing,
/// updates what changed, never deletes).
pub async fn seed(db: &Db) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;

    // golongan.ruang_ke is UNIQUE; rows keep their order, so an upsert by kode is safe.
    let mut q = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO golongan (kode, ruang_ke, pangkat) VALUES {} \
         ON CONFLICT (kode) DO UPDATE SET ruang_ke = excluded.ruang_ke, pangkat = excluded.pangkat",
        values_placeholders(GOLONGAN.len(), 3)
    )));
    for g in &GOLONGAN {
        q = q.bind(g.kode).bind(g.ruang_ke).bind(g.pangkat);
    }
    q.execute(&mut *tx).await?;

    let mut q = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO jenis_jabatan (kode, nama) VALUES {} \
         ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama",
        values_placeholders(JENIS_JABATAN.len(), 2)
    )));
    for j in &JENIS_JABATAN {
        q = q.bind(j.kode).bind(j.nama);
    }
    q.execute(&mut *tx).await?;

    let mut q = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO jenjang_jabatan (kode, jenis_jabatan, nama, urutan, koefisien_ak) VALUES {} \
         ON CONFLICT (kode) DO UPDATE SET jenis_jabatan = excluded.jenis_jabatan, \
         nama = excluded.nama, urutan = excluded.urutan, koefisien_ak = excluded.koefisien_ak",
        values_placeholders(JENJANG.len(), 5)
    )));
    for j in &JENJANG {
        q = q
            .bind(j.kode)
            .bind(j.jenis_jabatan)
            .bind(j.nama)
            .bind(j.urutan)
            .bind(j.koefisien_ak.map(str::to_string));
    }
    q.execute(&mut *tx).await?;

    let mut q = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO kompetensi (kode, nama, kelompok, deskripsi) VALUES {} \
         ON CONFLICT (kode) DO UPDATE SET nama = excluded.nama, kelompok = excluded.kelompok, \
         deskripsi = excluded.deskripsi",
        values_placeholders(KOMPETENSI.len(), 4)
    )));
    for k in &KOMPETENSI {
        q = q
            .bind(k.kode)
            .bind(k.nama)
            .bind(k.kelompok)
            .bind(k.deskripsi);
    }
    q.execute(&mut *tx).await?;

    let mut q = sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO kompetensi_level (kompetensi_kode, level, deskripsi) VALUES {} \
         ON CONFLICT (kompetensi_kode, level) DO UPDATE SET deskripsi = excluded.deskripsi",
        values_placeholders(KOMPETENSI.len() * 5, 3)
    )));
    for k in &KOMPETENSI {
        for (i, d) in k.level.iter().enumerate() {
            q = q.bind(k.kode).bind(i as i64 + 1).bind(*d);
        }
    }
    q.execute(&mut *tx).await?;

    tx.commit().await?;
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

/// A behaviour description of one competency level.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct KompetensiLevel {
    /// Competency code.
    pub kompetensi_kode: String,
    /// Level 1–5.
    pub level: i64,
    /// Behaviour description.
    pub deskripsi: String,
}

/// The pangkat title of a golongan.
pub async fn pangkat(db: &Db, golongan: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT pangkat FROM golongan WHERE kode = $1")
        .bind(golongan.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// The display name of a position level (`ahli-muda` → `Ahli Muda`).
pub async fn jenjang_nama(db: &Db, kode: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT nama FROM jenjang_jabatan WHERE kode = $1")
        .bind(kode.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// The competency dictionary, managerial first.
pub async fn kompetensi(db: &Db) -> sqlx::Result<Vec<Kompetensi>> {
    sqlx::query_as::<_, Kompetensi>(
        "SELECT kode, nama, kelompok, deskripsi FROM kompetensi ORDER BY kelompok, nama",
    )
    .fetch_all(&db.pool)
    .await
}

/// The level descriptions (1–5) of one competency, in level order.
pub async fn kompetensi_levels(db: &Db, kode: &str) -> sqlx::Result<Vec<KompetensiLevel>> {
    sqlx::query_as::<_, KompetensiLevel>(
        "SELECT kompetensi_kode, level, deskripsi FROM kompetensi_level \
         WHERE kompetensi_kode = $1 ORDER BY level",
    )
    .bind(kode.to_string())
    .fetch_all(&db.pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, engines};

    #[test]
    fn builds_placeholders() {
        assert_eq!(values_placeholders(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(values_placeholders(1, 3), "($1, $2, $3)");
        assert_eq!(placeholders(true, 2, 2), "(?, ?), (?, ?)");
        assert_eq!(placeholders(false, 3, 0), "$1, $2, $3");
        assert_eq!(placeholders(true, 2, 0), "?, ?");
    }

    #[tokio::test]
    async fn seeds_reference_tables_idempotently() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            // open_database has seeded once; seeding again changes nothing.
            seed(&t.db).await.unwrap();
            seed(&t.db).await.unwrap();
            let count = |table: &'static str| {
                let db = t.db.clone();
                async move {
                    sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
                        "SELECT COUNT(*) FROM {table}"
                    )))
                    .fetch_one(&db.pool)
                    .await
                    .unwrap()
                }
            };
            assert_eq!(count("golongan").await, 17, "{engine:?}");
            assert_eq!(count("jenis_jabatan").await, 3);
            assert_eq!(count("jenjang_jabatan").await, 14);
            assert_eq!(count("kompetensi").await, 9);
            assert_eq!(count("kompetensi_level").await, 45);

            assert_eq!(
                pangkat(&t.db, "III/a").await.unwrap().as_deref(),
                Some("Penata Muda")
            );
            assert_eq!(
                pangkat(&t.db, "IV/e").await.unwrap().as_deref(),
                Some("Pembina Utama")
            );
            assert_eq!(pangkat(&t.db, "V/a").await.unwrap(), None);
            assert_eq!(
                jenjang_nama(&t.db, "ahli-madya").await.unwrap().as_deref(),
                Some("Ahli Madya")
            );
            assert_eq!(jenjang_nama(&t.db, "x").await.unwrap(), None);
            let koef: Option<String> =
                sqlx::query_scalar("SELECT koefisien_ak FROM jenjang_jabatan WHERE kode = $1")
                    .bind("ahli-pertama")
                    .fetch_one(&t.db.pool)
                    .await
                    .unwrap();
            assert_eq!(koef.as_deref(), Some("12.5"));

            let k = kompetensi(&t.db).await.unwrap();
            assert_eq!(k.len(), 9);
            assert!(k[..8].iter().all(|k| k.kelompok == "manajerial"));
            assert_eq!(k[8].kode, "perekat-bangsa");
            let levels = kompetensi_levels(&t.db, "integritas").await.unwrap();
            assert_eq!(
                levels.iter().map(|l| l.level).collect::<Vec<_>>(),
                [1, 2, 3, 4, 5]
            );
        }
    }
}
