//! Employees: the system of record for each civil servant's current data (identity,
//! status, unit, rank, position, supervisor). History sections live in `db::history`.

use sqlx::AssertSqlSafe;

use super::Db;

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

/// Direct reports of `atasan_nip`, by name.
pub async fn direct_reports(db: &Db, atasan_nip: &str) -> sqlx::Result<Vec<Employee>> {
    sqlx::query_as::<_, Employee>(AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM employees WHERE atasan_nip = $1 ORDER BY nama"
    )))
    .bind(atasan_nip.to_string())
    .fetch_all(&db.pool)
    .await
}

/// The Anpeg (HR analysts) assigned to a unit or, failing that, to its nearest ancestor.
pub async fn anpeg_for_unit(db: &Db, unit_kode: &str) -> sqlx::Result<Vec<Employee>> {
    let mut kode = Some(unit_kode.to_string());
    let mut guard = 0;
    while let Some(k) = kode {
        let found = sqlx::query_as::<_, Employee>(AssertSqlSafe(format!(
            "SELECT {} FROM employees e JOIN anpeg_units a ON a.anpeg_nip = e.nip \
             WHERE a.unit_kode = $1 ORDER BY e.nama",
            prefixed("e")
        )))
        .bind(k.clone())
        .fetch_all(&db.pool)
        .await?;
        if !found.is_empty() {
            return Ok(found);
        }
        kode =
            sqlx::query_scalar::<_, Option<String>>("SELECT induk_kode FROM units WHERE kode = $1")
                .bind(k)
                .fetch_optional(&db.pool)
                .await?
                .flatten();
        guard += 1;
        if guard > 32 {
            break;
        }
    }
    Ok(Vec::new())
}

/// [`COLUMNS`] with a table alias.
pub fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
