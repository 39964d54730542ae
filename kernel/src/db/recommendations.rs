//! Peer recommendations: an employee endorses a colleague on a competency with a short
//! note. Not oneself (also a CHECK in the schema); one per giver, receiver and competency
//! (a UNIQUE constraint, so concurrent duplicates are refused by the database too).

use super::Db;

/// Shortest accepted note.
pub const MIN_NOTE_CHARS: usize = 10;
/// Longest accepted note.
pub const MAX_NOTE_CHARS: usize = 500;

/// A recommendation as shown on a profile.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Received {
    /// Giver's NIP.
    pub pemberi_nip: String,
    /// Giver's name.
    pub pemberi_nama: String,
    /// Giver's titles before.
    pub pemberi_gelar_depan: String,
    /// Giver's titles after.
    pub pemberi_gelar_belakang: String,
    /// Competency code.
    pub kompetensi_kode: String,
    /// Competency name.
    pub kompetensi_nama: String,
    /// The note.
    pub catatan: String,
    /// When, unix seconds.
    pub created_at: i64,
}

impl Received {
    /// Giver's name with titles.
    pub fn pemberi_full_name(&self) -> String {
        super::employees::full_name(
            &self.pemberi_gelar_depan,
            &self.pemberi_nama,
            &self.pemberi_gelar_belakang,
        )
    }
}

/// Why a recommendation was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RefusedRecommendation {
    /// Giver = receiver.
    #[error("Anda tidak dapat memberi rekomendasi kepada diri sendiri.")]
    SelfEndorsement,
    /// The receiver does not exist.
    #[error("Pegawai yang direkomendasikan tidak ditemukan.")]
    UnknownEmployee,
    /// Not a competency of the dictionary.
    #[error("Pilih kompetensi dari daftar.")]
    UnknownCompetency,
    /// Note too short or too long.
    #[error("Catatan harus {MIN_NOTE_CHARS}–{MAX_NOTE_CHARS} karakter.")]
    BadNote,
    /// Already given.
    #[error("Anda sudah memberi rekomendasi untuk kompetensi ini kepada pegawai tersebut.")]
    Duplicate,
}

/// Recommendations `nip` received, newest first.
pub async fn received(db: &Db, nip: &str) -> sqlx::Result<Vec<Received>> {
    sqlx::query_as::<_, Received>(
        "SELECT r.pemberi_nip, e.nama AS pemberi_nama, e.gelar_depan AS pemberi_gelar_depan, \
                e.gelar_belakang AS pemberi_gelar_belakang, r.kompetensi_kode, k.nama AS kompetensi_nama, \
                r.catatan, r.created_at \
         FROM rekomendasi r JOIN employees e ON e.nip = r.pemberi_nip \
         JOIN kompetensi k ON k.kode = r.kompetensi_kode \
         WHERE r.penerima_nip = $1 ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(nip.to_string())
    .fetch_all(&db.pool)
    .await
}

/// Records a recommendation after checking every rule; nothing is written when refused.
pub async fn give(
    db: &Db,
    pemberi: &str,
    penerima: &str,
    kompetensi_kode: &str,
    catatan: &str,
    now: i64,
) -> Result<(), GiveError> {
    let catatan = catatan.trim();
    if pemberi == penerima {
        return Err(RefusedRecommendation::SelfEndorsement.into());
    }
    let chars = catatan.chars().count();
    if !(MIN_NOTE_CHARS..=MAX_NOTE_CHARS).contains(&chars) {
        return Err(RefusedRecommendation::BadNote.into());
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM employees WHERE nip = $1")
        .bind(penerima.to_string())
        .fetch_optional(&db.pool)
        .await?;
    if exists.is_none() {
        return Err(RefusedRecommendation::UnknownEmployee.into());
    }
    let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM kompetensi WHERE kode = $1")
        .bind(kompetensi_kode.to_string())
        .fetch_optional(&db.pool)
        .await?;
    if known.is_none() {
        return Err(RefusedRecommendation::UnknownCompetency.into());
    }
    let inserted = sqlx::query(
        "INSERT INTO rekomendasi (pemberi_nip, penerima_nip, kompetensi_kode, catatan, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (pemberi_nip, penerima_nip, kompetensi_kode) DO NOTHING",
    )
    .bind(pemberi.to_string())
    .bind(penerima.to_string())
    .bind(kompetensi_kode.to_string())
    .bind(catatan.to_string())
    .bind(now)
    .execute(&db.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(RefusedRecommendation::Duplicate.into());
    }
    Ok(())
}

/// Failure of [`give`].
#[derive(Debug, thiserror::Error)]
pub enum GiveError {
    /// A rule refused it.
    #[error(transparent)]
    Refused(#[from] RefusedRecommendation),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, employee, engines, insert_org};

    async fn count(db: &Db) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM rekomendasi")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn enforces_every_rule_and_writes_nothing_when_refused() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let a = "199001012015011001";
            let b = "199102022016022002";
            insert_org(
                &t.db,
                &[("U1", "Biro Umum", None)],
                &[
                    employee(a, "Andi Wijaya", "U1"),
                    employee(b, "Rina Marlina", "U1"),
                ],
            )
            .await;
            let note = "Selalu sigap membantu tim.";
            let refused = |r: Result<(), GiveError>| match r {
                Err(GiveError::Refused(reason)) => reason,
                other => panic!("expected a refusal, got {other:?}"),
            };
            assert_eq!(
                refused(give(&t.db, a, a, "integritas", note, TEST_EPOCH).await),
                RefusedRecommendation::SelfEndorsement
            );
            assert_eq!(
                refused(give(&t.db, a, b, "integritas", "pendek", TEST_EPOCH).await),
                RefusedRecommendation::BadNote
            );
            assert_eq!(
                refused(give(&t.db, a, b, "integritas", &"x".repeat(501), TEST_EPOCH).await),
                RefusedRecommendation::BadNote
            );
            assert_eq!(
                refused(give(&t.db, a, b, "tidak-ada", note, TEST_EPOCH).await),
                RefusedRecommendation::UnknownCompetency
            );
            assert_eq!(
                refused(
                    give(
                        &t.db,
                        a,
                        "199001012015011999",
                        "integritas",
                        note,
                        TEST_EPOCH
                    )
                    .await
                ),
                RefusedRecommendation::UnknownEmployee
            );
            assert_eq!(
                count(&t.db).await,
                0,
                "{engine:?}: refusals must write nothing"
            );

            give(&t.db, a, b, "integritas", note, TEST_EPOCH)
                .await
                .unwrap();
            give(&t.db, a, b, "kerja-sama", note, TEST_EPOCH + 1)
                .await
                .unwrap();
            assert_eq!(
                refused(
                    give(
                        &t.db,
                        a,
                        b,
                        "integritas",
                        "Catatan lain yang cukup panjang.",
                        TEST_EPOCH
                    )
                    .await
                ),
                RefusedRecommendation::Duplicate
            );
            give(&t.db, b, a, "integritas", note, TEST_EPOCH)
                .await
                .unwrap();
            assert_eq!(count(&t.db).await, 3);

            let got = received(&t.db, b).await.unwrap();
            assert_eq!(got.len(), 2);
            assert_eq!(got[0].kompetensi_kode, "kerja-sama", "newest first");
            assert_eq!(got[0].pemberi_full_name(), "Andi Wijaya");
            assert_eq!(got[1].catatan, note);
        }
    }
}
