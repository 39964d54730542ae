//! The PDM history sections of a staff record (family, rank, position, education, work
//! teams, awards, competency development, assignments) and credit-point records.
//! Each section is its own table keyed by NIP; rows are read newest first.

use super::Db;

/// A family member (`riwayat_keluarga`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Keluarga {
    /// Row id.
    pub id: i64,
    /// `suami`, `istri`, `anak`, `ayah`, `ibu`.
    pub hubungan: String,
    /// Name.
    pub nama: String,
    /// Birth date.
    pub tanggal_lahir: Option<String>,
    /// Occupation.
    pub pekerjaan: String,
}

/// A rank step (`riwayat_golongan`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RiwayatGolongan {
    /// Row id.
    pub id: i64,
    /// Golongan, e.g. `III/b`.
    pub golongan: String,
    /// TMT.
    pub tmt: String,
    /// Decree number.
    pub nomor_sk: String,
    /// Decree date.
    pub tanggal_sk: Option<String>,
}

/// A position held (`riwayat_jabatan`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct RiwayatJabatan {
    /// Row id.
    pub id: i64,
    /// Position name.
    pub jabatan: String,
    /// Position type.
    pub jenis_jabatan: String,
    /// Position level code.
    pub jenjang: String,
    /// Unit name at the time.
    pub unit_nama: String,
    /// TMT.
    pub tmt: String,
    /// Decree number.
    pub nomor_sk: String,
}

/// A completed education (`riwayat_pendidikan`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Pendidikan {
    /// Row id.
    pub id: i64,
    /// `SD` … `S3`.
    pub jenjang: String,
    /// Major.
    pub jurusan: String,
    /// School or university.
    pub institusi: String,
    /// Graduation year.
    pub tahun_lulus: i64,
}

/// Membership in a work team (`riwayat_tim_kerja`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct TimKerja {
    /// Row id.
    pub id: i64,
    /// Team name.
    pub nama_tim: String,
    /// Role in the team.
    pub peran: String,
    /// Year.
    pub tahun: i64,
}

/// An award (`riwayat_penghargaan`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Penghargaan {
    /// Row id.
    pub id: i64,
    /// Award name.
    pub nama: String,
    /// Awarded by.
    pub pemberi: String,
    /// Year.
    pub tahun: i64,
}

/// A competency-development activity (`riwayat_pengembangan_kompetensi`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PengembanganKompetensi {
    /// Row id.
    pub id: i64,
    /// Activity name.
    pub nama_kegiatan: String,
    /// Form: pelatihan, seminar, coaching, mentoring, e-learning, ...
    pub bentuk: String,
    /// Lesson hours (JP).
    pub jp: i64,
    /// Provider.
    pub penyelenggara: String,
    /// Start date.
    pub tanggal_mulai: String,
    /// End date.
    pub tanggal_selesai: String,
}

/// An activity or assignment (`riwayat_penugasan`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Penugasan {
    /// Row id.
    pub id: i64,
    /// Activity name.
    pub nama_kegiatan: String,
    /// Role.
    pub peran: String,
    /// Start date.
    pub tanggal_mulai: String,
    /// End date.
    pub tanggal_selesai: Option<String>,
    /// Notes.
    pub keterangan: String,
}

/// A credit-point record (`angka_kredit`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct AngkaKredit {
    /// Row id.
    pub id: i64,
    /// Period start.
    pub periode_mulai: String,
    /// Period end.
    pub periode_selesai: String,
    /// Position level code during the period.
    pub jenjang: String,
    /// Performance rating.
    pub predikat: String,
    /// Credit earned, decimal text.
    pub nilai: String,
}

/// Every history section of one employee.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct History {
    /// Family.
    pub keluarga: Vec<Keluarga>,
    /// Rank history.
    pub golongan: Vec<RiwayatGolongan>,
    /// Position history.
    pub jabatan: Vec<RiwayatJabatan>,
    /// Education.
    pub pendidikan: Vec<Pendidikan>,
    /// Work teams.
    pub tim_kerja: Vec<TimKerja>,
    /// Awards.
    pub penghargaan: Vec<Penghargaan>,
    /// Competency development.
    pub pengembangan_kompetensi: Vec<PengembanganKompetensi>,
    /// Activities and assignments.
    pub penugasan: Vec<Penugasan>,
    /// Credit points.
    pub angka_kredit: Vec<AngkaKredit>,
}

async fn section<T>(db: &Db, sql: &'static str, nip: &str) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as::<_, T>(sql)
        .bind(nip.to_string())
        .fetch_all(&db.pool)
        .await
}

/// Loads every section for `nip`.
pub async fn load(db: &Db, nip: &str) -> sqlx::Result<History> {
    Ok(History {
        keluarga: section(
            db,
            "SELECT id, hubungan, nama, tanggal_lahir, pekerjaan FROM riwayat_keluarga \
             WHERE nip = $1 ORDER BY id",
            nip,
        )
        .await?,
        golongan: section(
            db,
            "SELECT id, golongan, tmt, nomor_sk, tanggal_sk FROM riwayat_golongan \
             WHERE nip = $1 ORDER BY tmt DESC",
            nip,
        )
        .await?,
        jabatan: section(
            db,
            "SELECT id, jabatan, jenis_jabatan, jenjang, unit_nama, tmt, nomor_sk FROM riwayat_jabatan \
             WHERE nip = $1 ORDER BY tmt DESC",
            nip,
        )
        .await?,
        pendidikan: section(
            db,
            "SELECT id, jenjang, jurusan, institusi, tahun_lulus FROM riwayat_pendidikan \
             WHERE nip = $1 ORDER BY tahun_lulus DESC",
            nip,
        )
        .await?,
        tim_kerja: section(
            db,
            "SELECT id, nama_tim, peran, tahun FROM riwayat_tim_kerja WHERE nip = $1 ORDER BY tahun DESC",
            nip,
        )
        .await?,
        penghargaan: section(
            db,
            "SELECT id, nama, pemberi, tahun FROM riwayat_penghargaan WHERE nip = $1 ORDER BY tahun DESC",
            nip,
        )
        .await?,
        pengembangan_kompetensi: section(
            db,
            "SELECT id, nama_kegiatan, bentuk, jp, penyelenggara, tanggal_mulai, tanggal_selesai \
             FROM riwayat_pengembangan_kompetensi WHERE nip = $1 ORDER BY tanggal_mulai DESC",
            nip,
        )
        .await?,
        penugasan: section(
            db,
            "SELECT id, nama_kegiatan, peran, tanggal_mulai, tanggal_selesai, keterangan \
             FROM riwayat_penugasan WHERE nip = $1 ORDER BY tanggal_mulai DESC",
            nip,
        )
        .await?,
        angka_kredit: section(
            db,
            "SELECT id, periode_mulai, periode_selesai, jenjang, predikat, nilai FROM angka_kredit \
             WHERE nip = $1 ORDER BY periode_mulai DESC",
            nip,
        )
        .await?,
    })
}
