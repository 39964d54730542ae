//! Employees: the system of record for each civil servant's current data (identity,
//! status, unit, rank, position, supervisor). History sections live in `db::history`.
//!
//! Writes go through [`upsert_batch`] (multi-row `INSERT … ON CONFLICT (nip) DO UPDATE`),
//! which also keeps `nama_cari` and the search tokens in `employee_name_tokens` in step
//! with the name. Anpeg (HR analyst) ↔ unit assignments are written with
//! [`assign_anpeg`] / [`unassign_anpeg`].

use std::collections::HashSet;

use sqlx::{AnyConnection, AssertSqlSafe};

use super::Db;
use super::reference::{is_sqlite, placeholders};

/// Columns of `employees`, in the order [`Employee`] reads them.
pub const COLUMNS: &str = "nip, nama, gelar_depan, gelar_belakang, jenis_kelamin, tempat_lahir, \
    tanggal_lahir, agama, status_kepegawaian, email, telepon, unit_kode, golongan, jabatan, \
    jenis_jabatan, jenjang, atasan_nip, tmt_cpns, tmt_golongan, tmt_jabatan, updated_at";

/// One employee's current record.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Employee {
    /// 18-digit NIP (or NI PPPK).
    pub nip: String,
    /// Name without titles.
    pub nama: String,
    /// Academic titles before the name (`dr.`, `Ir.`).
    pub gelar_depan: String,
    /// Academic titles after the name (`S.Kom., M.Kes.`).
    pub gelar_belakang: String,
    /// `L` or `P`.
    pub jenis_kelamin: String,
    /// Birth place.
    pub tempat_lahir: String,
    /// Birth date `YYYY-MM-DD`.
    pub tanggal_lahir: String,
    /// Religion.
    pub agama: String,
    /// `PNS` or `PPPK`.
    pub status_kepegawaian: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub telepon: String,
    /// Unit code.
    pub unit_kode: String,
    /// Current golongan, e.g. `III/a` (PPPK: `IX`).
    pub golongan: String,
    /// Current position name.
    pub jabatan: String,
    /// `struktural`, `fungsional` or `pelaksana`.
    pub jenis_jabatan: String,
    /// Position level code (`ahli-muda`, `pengawas`, ...), may be empty.
    pub jenjang: String,
    /// Direct supervisor's NIP.
    pub atasan_nip: Option<String>,
    /// TMT CPNS.
    pub tmt_cpns: Option<String>,
    /// TMT of the current golongan.
    pub tmt_golongan: Option<String>,
    /// TMT of the current position.
    pub tmt_jabatan: Option<String>,
    /// Last change, unix seconds.
    pub updated_at: i64,
}

impl Employee {
    /// The name with academic titles, as written on documents: `dr. Siti Rahma, M.Kes.`
    pub fn full_name(&self) -> String {
        full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }
}

/// Joins titles and name the Indonesian way.
pub fn full_name(depan: &str, nama: &str, belakang: &str) -> String {
    let mut s = String::new();
    if !depan.trim().is_empty() {
        s.push_str(depan.trim());
        s.push(' ');
    }
    s.push_str(nama.trim());
    if !belakang.trim().is_empty() {
        s.push_str(", ");
        s.push_str(belakang.trim());
    }
    s
}

/// Folds a name for search: lowercase ASCII, accents and punctuation removed, single spaces.
pub fn fold_name(s: &str) -> String {
    let ascii = deunicode::deunicode(s).to_lowercase();
    let cleaned: String = ascii
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The employee with this NIP.
pub async fn get(db: &Db, nip: &str) -> sqlx::Result<Option<Employee>> {
    sqlx::query_as::<_, Employee>(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM employees WHERE nip = $1"
    )))
    .bind(nip.to_string())
    .fetch_optional(&db.pool)
    .await
}

/// Number of employees.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM employees")
        .fetch_one(&db.pool)
        .await
}

/// [`COLUMNS`] with a table alias.
pub fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Columns written by [`upsert_batch`], in bind order.
const UPSERT_COLUMNS: [&str; 22] = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "agama",
    "status_kepegawaian",
    "email",
    "telepon",
    "unit_kode",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "jenjang",
    "atasan_nip",
    "tmt_cpns",
    "tmt_golongan",
    "tmt_jabatan",
    "nama_cari",
    "updated_at",
];

/// Rows per upsert statement. Each batch travels as ONE JSON parameter (an array of
/// row arrays) expanded by the database (`json_each` on SQLite, `json_array_elements` on
/// PostgreSQL): binding tens of thousands of separate parameters costs far more (one
/// allocation per value, and quadratic parameter-name lookups on SQLite).
pub const UPSERT_BATCH: usize = 5000;
/// Rows per token insert.
const TOKEN_BATCH: usize = 20_000;
/// NIPs per `IN (…)` list.
const IN_BATCH: usize = 20_000;

/// The search tokens of a name: the distinct words of [`fold_name`], in order.
pub fn name_tokens(nama: &str) -> Vec<String> {
    folded_tokens(&fold_name(nama))
        .map(str::to_string)
        .collect()
}

/// The distinct words of an already folded name, in order.
fn folded_tokens(folded: &str) -> impl Iterator<Item = &str> {
    let mut seen: Vec<&str> = Vec::with_capacity(4);
    folded.split(' ').filter(move |w| {
        if w.is_empty() || seen.contains(w) {
            false
        } else {
            seen.push(w);
            true
        }
    })
}

/// `FROM …` expanding the JSON array in `$1` into rows with a `value` column.
fn json_rows(sqlite: bool) -> &'static str {
    if sqlite {
        "json_each($1)"
    } else {
        "json_array_elements($1::json) AS j(value)"
    }
}

/// `SELECT …` of the JSON array of strings in `$1`, one text value per row.
fn json_texts(sqlite: bool) -> &'static str {
    if sqlite {
        "SELECT value FROM json_each($1)"
    } else {
        "SELECT json_array_elements_text($1::json)"
    }
}

fn upsert_sql(sqlite: bool) -> String {
    let cols = UPSERT_COLUMNS;
    let keep_if_null = ["tmt_cpns", "tmt_golongan", "tmt_jabatan"];
    let updates: Vec<String> = cols
        .iter()
        .filter(|c| **c != "nip")
        .map(|c| {
            if keep_if_null.contains(c) {
                format!("{c} = COALESCE(excluded.{c}, employees.{c})")
            } else {
                format!("{c} = excluded.{c}")
            }
        })
        .collect();
    // Rows whose data did not change are left alone (updated_at keeps its value).
    let changed: Vec<String> = cols
        .iter()
        .filter(|c| !matches!(**c, "nip" | "updated_at"))
        .map(|c| {
            if keep_if_null.contains(c) {
                format!("COALESCE(excluded.{c}, employees.{c}) IS DISTINCT FROM employees.{c}")
            } else {
                format!("excluded.{c} IS DISTINCT FROM employees.{c}")
            }
        })
        .collect();
    // Every column but the last (updated_at = $2) comes from the JSON row.
    let values: Vec<String> = (0..cols.len() - 1)
        .map(|i| format!("value ->> {i}"))
        .collect();
    // `WHERE true` resolves SQLite's INSERT … SELECT … ON CONFLICT parsing ambiguity.
    format!(
        "INSERT INTO employees ({}) SELECT {}, $2 FROM {} WHERE true \
         ON CONFLICT (nip) DO UPDATE SET {} WHERE {}",
        cols.join(", "),
        values.join(", "),
        json_rows(sqlite),
        updates.join(", "),
        changed.join(" OR ")
    )
}

fn to_json<T: serde::Serialize>(rows: &T) -> sqlx::Result<String> {
    serde_json::to_string(rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Creates or updates employees by NIP, [`UPSERT_BATCH`] rows per statement, on a
/// connection or inside a transaction (pass `&mut *tx`).
///
/// Sets `nama_cari = fold_name(nama)` and `updated_at = now` (the struct's `updated_at`
/// is ignored) on every row inserted or changed; a row identical to the stored one is
/// left untouched. The search tokens of a new employee, or of one whose folded name
/// changed, are replaced with the distinct words of the folded name. `tmt_cpns`, `tmt_golongan` and `tmt_jabatan`
/// given as `None` keep the stored value. Units (`unit_kode`) must exist; `atasan_nip`
/// is not checked here. NIPs must be distinct within one call (PostgreSQL refuses to
/// update a row twice in one statement).
///
/// Returns the number of rows inserted or changed.
pub async fn upsert_batch(
    conn: &mut AnyConnection,
    employees: &[Employee],
    now: i64,
) -> sqlx::Result<u64> {
    if employees.is_empty() {
        return Ok(0);
    }
    let sql = upsert_sql(is_sqlite(conn));
    let folded: Vec<String> = employees.iter().map(|e| fold_name(&e.nama)).collect();
    // The stored folded names decide whose tokens must be rewritten.
    let nips: Vec<&str> = employees.iter().map(|e| e.nip.as_str()).collect();
    let stored = stored_names(conn, &nips).await?;
    let mut written = 0;
    for (chunk, folded) in employees
        .chunks(UPSERT_BATCH)
        .zip(folded.chunks(UPSERT_BATCH))
    {
        let rows: Vec<[Option<&str>; 21]> = chunk
            .iter()
            .zip(folded)
            .map(|(e, f)| {
                [
                    Some(e.nip.as_str()),
                    Some(e.nama.as_str()),
                    Some(e.gelar_depan.as_str()),
                    Some(e.gelar_belakang.as_str()),
                    Some(e.jenis_kelamin.as_str()),
                    Some(e.tempat_lahir.as_str()),
                    Some(e.tanggal_lahir.as_str()),
                    Some(e.agama.as_str()),
                    Some(e.status_kepegawaian.as_str()),
                    Some(e.email.as_str()),
                    Some(e.telepon.as_str()),
                    Some(e.unit_kode.as_str()),
                    Some(e.golongan.as_str()),
                    Some(e.jabatan.as_str()),
                    Some(e.jenis_jabatan.as_str()),
                    Some(e.jenjang.as_str()),
                    e.atasan_nip.as_deref(),
                    e.tmt_cpns.as_deref(),
                    e.tmt_golongan.as_deref(),
                    e.tmt_jabatan.as_deref(),
                    Some(f.as_str()),
                ]
            })
            .collect();
        written += sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(to_json(&rows)?)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    let mut renamed: Vec<&str> = Vec::new();
    let mut keys: Vec<(String, &str, &str)> = Vec::with_capacity(employees.len() * 8);
    for (e, f) in employees.iter().zip(&folded) {
        match stored.get(e.nip.as_str()) {
            Some(old) if old == f => continue,
            Some(_) => renamed.push(e.nip.as_str()),
            None => {}
        }
        for t in folded_tokens(f) {
            for key in crate::db::search::index_keys(t) {
                keys.push((key, f.as_str(), e.nip.as_str()));
            }
        }
    }
    delete_tokens(conn, &renamed).await?;
    // Primary-key order (token, nama_cari, nip) makes the inserts mostly sequential.
    keys.sort_unstable();
    keys.dedup();
    insert_tokens(conn, &keys).await?;
    Ok(written)
}

/// `nip → nama_cari` of the given NIPs that exist.
async fn stored_names(
    conn: &mut AnyConnection,
    nips: &[&str],
) -> sqlx::Result<std::collections::HashMap<String, String>> {
    let sql = format!(
        "SELECT nip, nama_cari FROM employees WHERE nip IN ({})",
        json_texts(is_sqlite(conn))
    );
    let mut out = std::collections::HashMap::new();
    for chunk in nips.chunks(IN_BATCH) {
        let rows: Vec<(String, String)> = sqlx::query_as(AssertSqlSafe(sql.clone()))
            .bind(to_json(&chunk)?)
            .fetch_all(&mut *conn)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Creates or updates one employee (see [`upsert_batch`]); returns whether anything
/// was written.
pub async fn upsert(conn: &mut AnyConnection, employee: &Employee, now: i64) -> sqlx::Result<bool> {
    Ok(upsert_batch(conn, std::slice::from_ref(employee), now).await? > 0)
}

async fn delete_tokens(conn: &mut AnyConnection, nips: &[&str]) -> sqlx::Result<()> {
    let sql = format!(
        "DELETE FROM employee_name_tokens WHERE nip IN ({})",
        json_texts(is_sqlite(conn))
    );
    for chunk in nips.chunks(IN_BATCH) {
        sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(to_json(&chunk)?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Inserts (key, nama_cari, nip) rows into the search index.
async fn insert_tokens(
    conn: &mut AnyConnection,
    tokens: &[(String, &str, &str)],
) -> sqlx::Result<()> {
    let sql = format!(
        "INSERT INTO employee_name_tokens (token, nama_cari, nip) \
         SELECT value ->> 0, value ->> 1, value ->> 2 FROM {} WHERE true ON CONFLICT DO NOTHING",
        json_rows(is_sqlite(conn))
    );
    for chunk in tokens.chunks(TOKEN_BATCH) {
        sqlx::query(AssertSqlSafe(sql.clone()))
            .bind(to_json(&chunk)?)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The subset of `nips` that exist in `employees`.
pub async fn existing_nips(
    conn: &mut AnyConnection,
    nips: &[String],
) -> sqlx::Result<HashSet<String>> {
    let sql = format!(
        "SELECT nip FROM employees WHERE nip IN ({})",
        json_texts(is_sqlite(conn))
    );
    let mut out = HashSet::new();
    for chunk in nips.chunks(IN_BATCH) {
        let found: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql.clone()))
            .bind(to_json(&chunk)?)
            .fetch_all(&mut *conn)
            .await?;
        out.extend(found);
    }
    Ok(out)
}

/// Prepares a connection for a bulk load of `rows` employees: on SQLite, a page cache big
/// enough (≈ 1.5 KiB per employee, at least the current size) that large batches do not
/// spill and re-read pages. Returns the previous setting for [`end_bulk_load`]; a no-op
/// on PostgreSQL.
pub async fn begin_bulk_load(conn: &mut AnyConnection, rows: usize) -> sqlx::Result<Option<i64>> {
    if !is_sqlite(conn) {
        return Ok(None);
    }
    let previous: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&mut *conn)
        .await?;
    let kib = (rows as i64).saturating_mul(3) / 2 + 16 * 1024;
    let wanted = -kib.clamp(2000, 1024 * 1024);
    if previous >= 0 || wanted < previous {
        sqlx::query(AssertSqlSafe(format!("PRAGMA cache_size = {wanted}")))
            .execute(&mut *conn)
            .await?;
    }
    Ok(Some(previous))
}

/// Restores the page-cache setting saved by [`begin_bulk_load`].
pub async fn end_bulk_load(conn: &mut AnyConnection, previous: Option<i64>) -> sqlx::Result<()> {
    if let Some(p) = previous {
        sqlx::query(AssertSqlSafe(format!("PRAGMA cache_size = {p}")))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The search tokens (whole folded words; prefix keys left out) stored for `nip`, sorted.
pub async fn tokens_of(db: &Db, nip: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT token FROM employee_name_tokens WHERE nip = $1 AND token NOT LIKE '%*' ORDER BY token",
    )
        .bind(nip.to_string())
        .fetch_all(&db.pool)
        .await
}

/// Number of employees in the unit `kode` and all its descendants.
pub async fn count_in_unit_tree(db: &Db, kode: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "WITH RECURSIVE t(kode) AS (SELECT kode FROM units WHERE kode = $1 \
         UNION ALL SELECT u.kode FROM units u JOIN t ON u.induk_kode = t.kode) \
         SELECT COUNT(*) FROM employees WHERE unit_kode IN (SELECT kode FROM t)",
    )
    .bind(kode.to_string())
    .fetch_one(&db.pool)
    .await
}

/// Assigns the Anpeg `anpeg_nip` to `unit_kode`; returns whether it was new.
pub async fn assign_anpeg(
    conn: &mut AnyConnection,
    anpeg_nip: &str,
    unit_kode: &str,
) -> sqlx::Result<bool> {
    let r = sqlx::query(
        "INSERT INTO anpeg_units (anpeg_nip, unit_kode) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(anpeg_nip.to_string())
    .bind(unit_kode.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() > 0)
}

/// Assigns many (Anpeg NIP, unit code) pairs at once; returns how many were new.
pub async fn assign_anpeg_batch(
    conn: &mut AnyConnection,
    pairs: &[(String, String)],
) -> sqlx::Result<u64> {
    let mut n = 0;
    for chunk in pairs.chunks(TOKEN_BATCH) {
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO anpeg_units (anpeg_nip, unit_kode) VALUES {} ON CONFLICT DO NOTHING",
            placeholders(is_sqlite(conn), chunk.len(), 2)
        )));
        for (nip, unit) in chunk {
            q = q.bind(nip.as_str()).bind(unit.as_str());
        }
        n += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

/// Removes the assignment of `anpeg_nip` to `unit_kode`; returns whether it existed.
pub async fn unassign_anpeg(
    conn: &mut AnyConnection,
    anpeg_nip: &str,
    unit_kode: &str,
) -> sqlx::Result<bool> {
    let r = sqlx::query("DELETE FROM anpeg_units WHERE anpeg_nip = $1 AND unit_kode = $2")
        .bind(anpeg_nip.to_string())
        .bind(unit_kode.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// The unit codes an Anpeg is assigned to, sorted.
pub async fn anpeg_units(db: &Db, anpeg_nip: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT unit_kode FROM anpeg_units WHERE anpeg_nip = $1 ORDER BY unit_kode")
        .bind(anpeg_nip.to_string())
        .fetch_all(&db.pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::units::{self, Unit};
    use crate::testkit::{TestDb, engines};

    pub(crate) fn sample(nip: &str, nama: &str, unit: &str) -> Employee {
        Employee {
            nip: nip.into(),
            nama: nama.into(),
            gelar_depan: String::new(),
            gelar_belakang: "S.Kom.".into(),
            jenis_kelamin: "L".into(),
            tempat_lahir: "Bandung".into(),
            tanggal_lahir: format!("{}-{}-{}", &nip[..4], &nip[4..6], &nip[6..8]),
            agama: "Islam".into(),
            status_kepegawaian: "PNS".into(),
            email: String::new(),
            telepon: String::new(),
            unit_kode: unit.into(),
            golongan: "III/a".into(),
            jabatan: "Pranata Komputer Ahli Pertama".into(),
            jenis_jabatan: "fungsional".into(),
            jenjang: "ahli-pertama".into(),
            atasan_nip: None,
            tmt_cpns: Some("2015-05-01".into()),
            tmt_golongan: Some("2015-05-01".into()),
            tmt_jabatan: None,
            updated_at: 0,
        }
    }

    #[test]
    fn tokens_are_distinct_folded_words() {
        assert_eq!(
            name_tokens("Ni Luh Putu  Ayu-Ayu Sukmawati"),
            ["ni", "luh", "putu", "ayu", "sukmawati"]
        );
        assert_eq!(name_tokens("Zoë O'Neil"), ["zoe", "o", "neil"]);
        assert!(name_tokens("  ").is_empty());
    }

    #[tokio::test]
    async fn upserts_employees_with_tokens_and_anpeg() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let mut conn = t.db.pool.acquire().await.unwrap();
            let unit = Unit {
                kode: "U1".into(),
                nama: "Biro Organisasi dan Sumber Daya Manusia".into(),
                induk_kode: None,
                jenis: "biro".into(),
            };
            units::upsert(&mut *conn, &unit).await.unwrap();

            // More rows than one batch, to cross the chunk boundary.
            let many: Vec<Employee> = (0..UPSERT_BATCH + 7)
                .map(|i| {
                    sample(
                        &format!("19860926201505{i:04}"),
                        &format!("Budi Santoso {i}"),
                        "U1",
                    )
                })
                .collect();
            upsert_batch(&mut conn, &many, 100).await.unwrap();
            assert_eq!(count(&t.db).await.unwrap(), many.len() as i64, "{engine:?}");
            let e = get(&t.db, &many[3].nip).await.unwrap().unwrap();
            assert_eq!(e.updated_at, 100);
            assert_eq!(e.tmt_cpns.as_deref(), Some("2015-05-01"));
            assert_eq!(
                tokens_of(&t.db, &many[3].nip).await.unwrap(),
                ["3", "budi", "santoso"]
            );

            // Rename and keep unknown TMTs: tokens follow the name, stored TMTs stay.
            let mut changed = many[3].clone();
            changed.nama = "Siti Nurhaliza Putri".into();
            changed.tmt_cpns = None;
            changed.tmt_jabatan = Some("2020-01-01".into());
            upsert(&mut conn, &changed, 200).await.unwrap();
            let e = get(&t.db, &changed.nip).await.unwrap().unwrap();
            assert_eq!(e.nama, "Siti Nurhaliza Putri");
            assert_eq!(e.tmt_cpns.as_deref(), Some("2015-05-01"));
            assert_eq!(e.tmt_jabatan.as_deref(), Some("2020-01-01"));
            assert_eq!(e.updated_at, 200);
            assert_eq!(
                tokens_of(&t.db, &changed.nip).await.unwrap(),
                ["nurhaliza", "putri", "siti"]
            );
            let nama_cari: String =
                sqlx::query_scalar("SELECT nama_cari FROM employees WHERE nip = $1")
                    .bind(changed.nip.clone())
                    .fetch_one(&t.db.pool)
                    .await
                    .unwrap();
            assert_eq!(nama_cari, "siti nurhaliza putri");
            assert_eq!(count(&t.db).await.unwrap(), many.len() as i64);

            let wanted = vec![many[0].nip.clone(), "199901012020011001".to_string()];
            let found = existing_nips(&mut conn, &wanted).await.unwrap();
            assert!(found.contains(&many[0].nip) && found.len() == 1);

            // Anpeg assignments.
            assert!(assign_anpeg(&mut conn, &many[0].nip, "U1").await.unwrap());
            assert!(!assign_anpeg(&mut conn, &many[0].nip, "U1").await.unwrap());
            let pairs = vec![
                (many[1].nip.clone(), "U1".to_string()),
                (many[0].nip.clone(), "U1".to_string()),
            ];
            assert_eq!(assign_anpeg_batch(&mut conn, &pairs).await.unwrap(), 1);
            assert_eq!(anpeg_units(&t.db, &many[0].nip).await.unwrap(), ["U1"]);
            let anpeg = crate::db::profile::unit_path_and_anpeg(&t.db, "U1")
                .await
                .unwrap()
                .1;
            assert_eq!(anpeg.len(), 2);
            assert!(unassign_anpeg(&mut conn, &many[1].nip, "U1").await.unwrap());
            assert!(!unassign_anpeg(&mut conn, &many[1].nip, "U1").await.unwrap());
            assert_eq!(
                crate::db::profile::unit_path_and_anpeg(&t.db, "U1")
                    .await
                    .unwrap()
                    .1
                    .len(),
                1
            );
        }
    }
}
