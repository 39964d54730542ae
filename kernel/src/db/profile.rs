//! Read models of a staff record for the portal pages: the dashboard's profile summary
//! (employee + unit + pangkat + Atasan in one query), the unit's path up the org tree and
//! the responsible Anpeg (both by recursive query).

use std::sync::Arc;

use super::Db;

/// What the dashboard shows about the signed-in employee.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Summary {
    /// NIP.
    pub nip: String,
    /// Name.
    pub nama: String,
    /// Titles before.
    pub gelar_depan: String,
    /// Titles after.
    pub gelar_belakang: String,
    /// `L` / `P`.
    pub jenis_kelamin: String,
    /// PNS / PPPK.
    pub status_kepegawaian: String,
    /// Unit code.
    pub unit_kode: String,
    /// Unit name.
    pub unit_nama: String,
    /// Golongan.
    pub golongan: String,
    /// Pangkat title of the golongan (PNS only).
    pub pangkat: Option<String>,
    /// TMT golongan.
    pub tmt_golongan: Option<String>,
    /// Position.
    pub jabatan: String,
    /// Position type.
    pub jenis_jabatan: String,
    /// Position level name.
    pub jenjang_nama: Option<String>,
    /// TMT jabatan.
    pub tmt_jabatan: Option<String>,
    /// Atasan's NIP.
    pub atasan_nip: Option<String>,
    /// Atasan's name.
    pub atasan_nama: Option<String>,
    /// Atasan's titles before.
    pub atasan_gelar_depan: Option<String>,
    /// Atasan's titles after.
    pub atasan_gelar_belakang: Option<String>,
    /// Atasan's position.
    pub atasan_jabatan: Option<String>,
    /// Number of direct reports (the employee is an Atasan when > 0).
    pub bawahan: i64,
}

impl Summary {
    /// Name with titles.
    pub fn full_name(&self) -> String {
        super::employees::full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }

    /// Atasan's name with titles.
    pub fn atasan_full_name(&self) -> Option<String> {
        self.atasan_nama.as_deref().map(|n| {
            super::employees::full_name(
                self.atasan_gelar_depan.as_deref().unwrap_or_default(),
                n,
                self.atasan_gelar_belakang.as_deref().unwrap_or_default(),
            )
        })
    }
}

/// The summary of `nip`.
pub async fn summary(db: &Db, nip: &str) -> sqlx::Result<Option<Summary>> {
    sqlx::query_as::<_, Summary>(
        "SELECT e.nip, e.nama, e.gelar_depan, e.gelar_belakang, e.jenis_kelamin, e.status_kepegawaian, \
                e.unit_kode, u.nama AS unit_nama, e.golongan, g.pangkat, e.tmt_golongan, e.jabatan, \
                e.jenis_jabatan, j.nama AS jenjang_nama, e.tmt_jabatan, e.atasan_nip, \
                a.nama AS atasan_nama, a.gelar_depan AS atasan_gelar_depan, \
                a.gelar_belakang AS atasan_gelar_belakang, a.jabatan AS atasan_jabatan, \
                (SELECT COUNT(*) FROM employees b WHERE b.atasan_nip = e.nip) AS bawahan \
         FROM employees e \
         JOIN units u ON u.kode = e.unit_kode \
         LEFT JOIN golongan g ON g.kode = e.golongan \
         LEFT JOIN jenjang_jabatan j ON j.kode = e.jenjang \
         LEFT JOIN employees a ON a.nip = e.atasan_nip \
         WHERE e.nip = $1",
    )
    .bind(nip.to_string())
    .fetch_optional(&db.pool)
    .await
}

/// A unit on the path from an employee's unit to the top.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct PathUnit {
    /// Unit code.
    pub kode: String,
    /// Unit name.
    pub nama: String,
    /// 0 for the unit itself, 1 for its parent, …
    pub depth: i64,
}

/// The unit and its ancestors, nearest first.
pub async fn unit_path(db: &Db, unit_kode: &str) -> sqlx::Result<Vec<PathUnit>> {
    sqlx::query_as::<_, PathUnit>(
        "WITH RECURSIVE up(kode, nama, induk_kode, depth) AS ( \
             SELECT kode, nama, induk_kode, 0 FROM units WHERE kode = $1 \
             UNION ALL \
             SELECT u.kode, u.nama, u.induk_kode, up.depth + 1 FROM units u JOIN up ON u.kode = up.induk_kode \
             WHERE up.depth < 16) \
         SELECT kode, nama, CAST(depth AS BIGINT) AS depth FROM up ORDER BY depth",
    )
    .bind(unit_kode.to_string())
    .fetch_all(&db.pool)
    .await
}

/// An Anpeg responsible for an employee.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Anpeg {
    /// NIP.
    pub nip: String,
    /// Name.
    pub nama: String,
    /// Titles before.
    pub gelar_depan: String,
    /// Titles after.
    pub gelar_belakang: String,
}

impl Anpeg {
    /// Name with titles.
    pub fn full_name(&self) -> String {
        super::employees::full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }
}

/// A unit's path up the org tree and its responsible Anpeg.
pub type OrgFacts = (Vec<PathUnit>, Vec<Anpeg>);

/// Keeps [`OrgFacts`] per unit for [`OrgCache::TTL_SECS`]: the org tree and Anpeg
/// assignments change only through imports, so every kernel instance may serve them up
/// to that much out of date, and the dashboard saves its only multi-row query.
#[derive(Clone)]
pub struct OrgCache(moka::future::Cache<String, Arc<OrgFacts>>);

impl OrgCache {
    /// How long an entry is kept.
    pub const TTL_SECS: u64 = 60;

    /// An empty cache (bounded to 20,000 units).
    pub fn new() -> OrgCache {
        OrgCache(
            moka::future::Cache::builder()
                .max_capacity(20_000)
                .time_to_live(std::time::Duration::from_secs(Self::TTL_SECS))
                .build(),
        )
    }

    /// The facts of `unit_kode`, from the cache or the database.
    pub async fn get(&self, db: &Db, unit_kode: &str) -> sqlx::Result<Arc<OrgFacts>> {
        self.0
            .try_get_with(unit_kode.to_string(), async {
                unit_path_and_anpeg(db, unit_kode).await.map(Arc::new)
            })
            .await
            .map_err(|e: Arc<sqlx::Error>| match Arc::try_unwrap(e) {
                Ok(e) => e,
                Err(shared) => sqlx::Error::Protocol(shared.to_string()),
            })
    }
}

impl Default for OrgCache {
    fn default() -> Self {
        Self::new()
    }
}

/// The unit's path up the org tree (nearest first) and the Anpeg assigned to the nearest
/// unit on that path that has any — in one query, since the dashboard needs both.
pub async fn unit_path_and_anpeg(
    db: &Db,
    unit_kode: &str,
) -> sqlx::Result<(Vec<PathUnit>, Vec<Anpeg>)> {
    #[derive(sqlx::FromRow)]
    struct Row {
        kode: String,
        nama: String,
        depth: i64,
        anpeg_nip: Option<String>,
        anpeg_nama: Option<String>,
        anpeg_gelar_depan: Option<String>,
        anpeg_gelar_belakang: Option<String>,
    }
    let rows = sqlx::query_as::<_, Row>(
        "WITH RECURSIVE up(kode, nama, induk_kode, depth) AS ( \
             SELECT kode, nama, induk_kode, 0 FROM units WHERE kode = $1 \
             UNION ALL \
             SELECT u.kode, u.nama, u.induk_kode, up.depth + 1 FROM units u JOIN up ON u.kode = up.induk_kode \
             WHERE up.depth < 16) \
         SELECT up.kode, up.nama, CAST(up.depth AS BIGINT) AS depth, e.nip AS anpeg_nip, e.nama AS anpeg_nama, \
                e.gelar_depan AS anpeg_gelar_depan, e.gelar_belakang AS anpeg_gelar_belakang \
         FROM up LEFT JOIN anpeg_units a ON a.unit_kode = up.kode LEFT JOIN employees e ON e.nip = a.anpeg_nip \
         ORDER BY up.depth, e.nama",
    )
    .bind(unit_kode.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut path: Vec<PathUnit> = Vec::new();
    let mut anpeg: Vec<Anpeg> = Vec::new();
    let mut anpeg_depth = None;
    for r in rows {
        if path.last().is_none_or(|p| p.depth != r.depth) {
            path.push(PathUnit {
                kode: r.kode,
                nama: r.nama,
                depth: r.depth,
            });
        }
        if let (Some(nip), Some(nama)) = (r.anpeg_nip, r.anpeg_nama)
            && anpeg_depth.is_none_or(|d| d == r.depth)
        {
            anpeg_depth = Some(r.depth);
            anpeg.push(Anpeg {
                nip,
                nama,
                gelar_depan: r.anpeg_gelar_depan.unwrap_or_default(),
                gelar_belakang: r.anpeg_gelar_belakang.unwrap_or_default(),
            });
        }
    }
    Ok((path, anpeg))
}
