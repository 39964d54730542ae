//! The PDM history sections of a staff record (family, rank, position, education, work
//! teams, awards, competency development, assignments) and credit-point records.
//! Each section is its own table keyed by NIP; rows are read newest first.
//!
//! Writes: every section struct implements [`Section`], so [`insert`] adds one row (the
//! struct's `id` is ignored; the new id is returned), [`insert_batch`] adds many rows in
//! multi-row statements (the demo generator, imports), and [`delete_for`] clears a
//! section of one employee. Credit-point records ([`AngkaKredit`]) are written the same way.

use sqlx::{AnyConnection, AssertSqlSafe};

use super::Db;
use super::reference::{is_sqlite, placeholders};

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

/// A query on the Any driver, as passed to [`Section::bind_values`].
pub type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// A history section that can be written: its table and the columns after `nip`.
pub trait Section {
    /// Table name.
    const TABLE: &'static str;
    /// Columns written after `nip`, in the order [`Section::bind_values`] binds them.
    const COLUMNS: &'static [&'static str];
    /// Binds this row's values for [`Section::COLUMNS`], in order.
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q>;
}

impl Section for Keluarga {
    const TABLE: &'static str = "riwayat_keluarga";
    const COLUMNS: &'static [&'static str] = &["hubungan", "nama", "tanggal_lahir", "pekerjaan"];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.hubungan.clone())
            .bind(self.nama.clone())
            .bind(self.tanggal_lahir.clone())
            .bind(self.pekerjaan.clone())
    }
}

impl Section for RiwayatGolongan {
    const TABLE: &'static str = "riwayat_golongan";
    const COLUMNS: &'static [&'static str] = &["golongan", "tmt", "nomor_sk", "tanggal_sk"];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.golongan.clone())
            .bind(self.tmt.clone())
            .bind(self.nomor_sk.clone())
            .bind(self.tanggal_sk.clone())
    }
}

impl Section for RiwayatJabatan {
    const TABLE: &'static str = "riwayat_jabatan";
    const COLUMNS: &'static [&'static str] = &[
        "jabatan",
        "jenis_jabatan",
        "jenjang",
        "unit_nama",
        "tmt",
        "nomor_sk",
    ];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.jabatan.clone())
            .bind(self.jenis_jabatan.clone())
            .bind(self.jenjang.clone())
            .bind(self.unit_nama.clone())
            .bind(self.tmt.clone())
            .bind(self.nomor_sk.clone())
    }
}

impl Section for Pendidikan {
    const TABLE: &'static str = "riwayat_pendidikan";
    const COLUMNS: &'static [&'static str] = &["jenjang", "jurusan", "institusi", "tahun_lulus"];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.jenjang.clone())
            .bind(self.jurusan.clone())
            .bind(self.institusi.clone())
            .bind(self.tahun_lulus)
    }
}

impl Section for TimKerja {
    const TABLE: &'static str = "riwayat_tim_kerja";
    const COLUMNS: &'static [&'static str] = &["nama_tim", "peran", "tahun"];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.nama_tim.clone())
            .bind(self.peran.clone())
            .bind(self.tahun)
    }
}

impl Section for Penghargaan {
    const TABLE: &'static str = "riwayat_penghargaan";
    const COLUMNS: &'static [&'static str] = &["nama", "pemberi", "tahun"];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.nama.clone())
            .bind(self.pemberi.clone())
            .bind(self.tahun)
    }
}

impl Section for PengembanganKompetensi {
    const TABLE: &'static str = "riwayat_pengembangan_kompetensi";
    const COLUMNS: &'static [&'static str] = &[
        "nama_kegiatan",
        "bentuk",
        "jp",
        "penyelenggara",
        "tanggal_mulai",
        "tanggal_selesai",
    ];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.nama_kegiatan.clone())
            .bind(self.bentuk.clone())
            .bind(self.jp)
            .bind(self.penyelenggara.clone())
            .bind(self.tanggal_mulai.clone())
            .bind(self.tanggal_selesai.clone())
    }
}

impl Section for Penugasan {
    const TABLE: &'static str = "riwayat_penugasan";
    const COLUMNS: &'static [&'static str] = &[
        "nama_kegiatan",
        "peran",
        "tanggal_mulai",
        "tanggal_selesai",
        "keterangan",
    ];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.nama_kegiatan.clone())
            .bind(self.peran.clone())
            .bind(self.tanggal_mulai.clone())
            .bind(self.tanggal_selesai.clone())
            .bind(self.keterangan.clone())
    }
}

impl Section for AngkaKredit {
    const TABLE: &'static str = "angka_kredit";
    const COLUMNS: &'static [&'static str] = &[
        "periode_mulai",
        "periode_selesai",
        "jenjang",
        "predikat",
        "nilai",
    ];
    fn bind_values<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.periode_mulai.clone())
            .bind(self.periode_selesai.clone())
            .bind(self.jenjang.clone())
            .bind(self.predikat.clone())
            .bind(self.nilai.clone())
    }
}

/// Bound parameters per multi-row statement (below SQLite's 32,766 limit).
const MAX_PARAMS: usize = 30_000;

fn insert_sql<T: Section>(sqlite: bool, rows: usize) -> String {
    format!(
        "INSERT INTO {} (nip, {}) VALUES {}",
        T::TABLE,
        T::COLUMNS.join(", "),
        placeholders(sqlite, rows, T::COLUMNS.len() + 1)
    )
}

/// Adds one row to `nip`'s section and returns its id (the struct's `id` is ignored).
pub async fn insert<T: Section>(conn: &mut AnyConnection, nip: &str, row: &T) -> sqlx::Result<i64> {
    let sql = format!("{} RETURNING id", insert_sql::<T>(is_sqlite(conn), 1));
    let q = sqlx::query(AssertSqlSafe(sql)).bind(nip.to_string());
    let q = row.bind_values(q);
    let r = q.fetch_one(&mut *conn).await?;
    sqlx::Row::try_get::<i64, _>(&r, 0)
}

/// Adds many `(nip, row)` pairs in multi-row statements; returns the number inserted.
pub async fn insert_batch<T: Section>(
    conn: &mut AnyConnection,
    rows: &[(String, T)],
) -> sqlx::Result<u64> {
    let per_row = T::COLUMNS.len() + 1;
    let batch = (MAX_PARAMS / per_row).max(1);
    let mut n = 0;
    for chunk in rows.chunks(batch) {
        let mut q = sqlx::query(AssertSqlSafe(insert_sql::<T>(is_sqlite(conn), chunk.len())));
        for (nip, row) in chunk {
            q = row.bind_values(q.bind(nip.as_str()));
        }
        n += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(n)
}

/// Removes every row of section `T` for `nip`; returns how many were removed.
pub async fn delete_for<T: Section>(conn: &mut AnyConnection, nip: &str) -> sqlx::Result<u64> {
    let r = sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM {} WHERE nip = $1",
        T::TABLE
    )))
    .bind(nip.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected())
}

/// Number of rows of section `T` for `nip`.
pub async fn count_for<T: Section>(db: &Db, nip: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {} WHERE nip = $1",
        T::TABLE
    )))
    .bind(nip.to_string())
    .fetch_one(&db.pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::employees::{self, Employee};
    use crate::db::units::{self, Unit};
    use crate::testkit::{TestDb, engines};

    #[tokio::test]
    async fn inserts_every_section() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let mut conn = t.db.pool.acquire().await.unwrap();
            let unit = Unit {
                kode: "U1".into(),
                nama: "Unit".into(),
                induk_kode: None,
                jenis: "unit".into(),
            };
            units::upsert(&mut *conn, &unit).await.unwrap();
            let e = Employee {
                nip: "198609262015052001".into(),
                nama: "Rina Wulandari".into(),
                gelar_depan: String::new(),
                gelar_belakang: "S.KM.".into(),
                jenis_kelamin: "P".into(),
                tempat_lahir: "Klaten".into(),
                tanggal_lahir: "1986-09-26".into(),
                agama: "Islam".into(),
                status_kepegawaian: "PNS".into(),
                email: String::new(),
                telepon: String::new(),
                unit_kode: "U1".into(),
                golongan: "III/c".into(),
                jabatan: "Epidemiolog Kesehatan Ahli Muda".into(),
                jenis_jabatan: "fungsional".into(),
                jenjang: "ahli-muda".into(),
                atasan_nip: None,
                tmt_cpns: None,
                tmt_golongan: None,
                tmt_jabatan: None,
                updated_at: 0,
            };
            employees::upsert(&mut conn, &e, 1).await.unwrap();
            let nip = e.nip.as_str();
            let id = insert(
                &mut conn,
                nip,
                &Keluarga {
                    id: 0,
                    hubungan: "suami".into(),
                    nama: "Agus".into(),
                    tanggal_lahir: None,
                    pekerjaan: "Guru".into(),
                },
            )
            .await
            .unwrap();
            assert!(id > 0);
            let gol = |g: &str, tmt: &str| RiwayatGolongan {
                id: 0,
                golongan: g.into(),
                tmt: tmt.into(),
                nomor_sk: "SK/1".into(),
                tanggal_sk: Some(tmt.into()),
            };
            let rows = vec![
                (nip.to_string(), gol("III/a", "2015-05-01")),
                (nip.to_string(), gol("III/b", "2019-04-01")),
                (nip.to_string(), gol("III/c", "2023-04-01")),
            ];
            assert_eq!(insert_batch(&mut conn, &rows).await.unwrap(), 3);
            insert(
                &mut conn,
                nip,
                &RiwayatJabatan {
                    id: 0,
                    jabatan: "Epidemiolog Kesehatan Ahli Muda".into(),
                    jenis_jabatan: "fungsional".into(),
                    jenjang: "ahli-muda".into(),
                    unit_nama: "Direktorat".into(),
                    tmt: "2023-04-01".into(),
                    nomor_sk: "SK/2".into(),
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &Pendidikan {
                    id: 0,
                    jenjang: "S2".into(),
                    jurusan: "Epidemiologi".into(),
                    institusi: "Universitas Gadjah Mada".into(),
                    tahun_lulus: 2014,
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &TimKerja {
                    id: 0,
                    nama_tim: "Tim Surveilans".into(),
                    peran: "Anggota".into(),
                    tahun: 2025,
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &Penghargaan {
                    id: 0,
                    nama: "Satyalancana Karya Satya X Tahun".into(),
                    pemberi: "Presiden Republik Indonesia".into(),
                    tahun: 2025,
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &PengembanganKompetensi {
                    id: 0,
                    nama_kegiatan: "Pelatihan Surveilans".into(),
                    bentuk: "pelatihan".into(),
                    jp: 40,
                    penyelenggara: "BBPK Jakarta".into(),
                    tanggal_mulai: "2025-03-01".into(),
                    tanggal_selesai: "2025-03-05".into(),
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &Penugasan {
                    id: 0,
                    nama_kegiatan: "Tim Kesehatan Haji".into(),
                    peran: "Petugas".into(),
                    tanggal_mulai: "2024-05-01".into(),
                    tanggal_selesai: None,
                    keterangan: String::new(),
                },
            )
            .await
            .unwrap();
            insert(
                &mut conn,
                nip,
                &AngkaKredit {
                    id: 0,
                    periode_mulai: "2025-01-01".into(),
                    periode_selesai: "2025-12-31".into(),
                    jenjang: "ahli-muda".into(),
                    predikat: "Baik".into(),
                    nilai: "25.000".into(),
                },
            )
            .await
            .unwrap();

            let h = load(&t.db, nip).await.unwrap();
            assert_eq!(h.keluarga.len(), 1, "{engine:?}");
            assert_eq!(h.keluarga[0].id, id);
            assert_eq!(
                h.golongan
                    .iter()
                    .map(|g| g.golongan.as_str())
                    .collect::<Vec<_>>(),
                ["III/c", "III/b", "III/a"]
            );
            assert_eq!(h.jabatan.len(), 1);
            assert_eq!(h.pendidikan[0].tahun_lulus, 2014);
            assert_eq!(h.tim_kerja.len(), 1);
            assert_eq!(h.penghargaan.len(), 1);
            assert_eq!(h.pengembangan_kompetensi[0].jp, 40);
            assert_eq!(h.penugasan[0].tanggal_selesai, None);
            assert_eq!(h.angka_kredit[0].nilai, "25.000");
            assert_eq!(count_for::<RiwayatGolongan>(&t.db, nip).await.unwrap(), 3);
            assert_eq!(
                delete_for::<RiwayatGolongan>(&mut conn, nip).await.unwrap(),
                3
            );
            assert_eq!(count_for::<RiwayatGolongan>(&t.db, nip).await.unwrap(), 0);
        }
    }
}
