//! Queries behind the modules' `directory` capability (read access to the employee
//! database) and the `records` capability's contact update.

use sqlx::{AnyConnection, Row};

use super::Db;

/// An employee as modules see them.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    /// NIP.
    pub nip: String,
    /// Name without titles.
    pub nama: String,
    /// Academic title before the name.
    pub gelar_depan: String,
    /// Academic title after the name.
    pub gelar_belakang: String,
    /// Unit code.
    pub unit_kode: String,
    /// Unit name.
    pub unit_nama: String,
    /// Position title.
    pub jabatan: String,
    /// `struktural`, `fungsional` or `pelaksana`.
    pub jenis_jabatan: String,
    /// Golongan/ruang or PPPK grade.
    pub golongan: String,
    /// `PNS` or `PPPK`.
    pub status_kepegawaian: String,
    /// E-mail address.
    pub email: String,
}

impl Entry {
    /// Display name with academic titles.
    pub fn full_name(&self) -> String {
        super::employees::full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }
}

const SELECT: &str = "SELECT e.nip, e.nama, e.gelar_depan, e.gelar_belakang, e.unit_kode, \
     u.nama AS unit_nama, e.jabatan, e.jenis_jabatan, e.golongan, e.status_kepegawaian, e.email \
     FROM employees e JOIN units u ON u.kode = e.unit_kode";

/// One employee.
pub async fn get(db: &Db, nip: &str) -> sqlx::Result<Option<Entry>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE e.nip = $1")))
        .bind(nip.to_string())
        .fetch_optional(&db.pool)
        .await
}

/// The employees with these NIPs, in the given order (unknown NIPs are skipped).
pub async fn many(db: &Db, nips: &[String]) -> sqlx::Result<Vec<Entry>> {
    let mut out = Vec::with_capacity(nips.len());
    for chunk in nips.chunks(500) {
        let marks = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut q = sqlx::query_as::<_, Entry>(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE e.nip IN ({marks})"
        )));
        for nip in chunk {
            q = q.bind(nip.clone());
        }
        let mut found = q.fetch_all(&db.pool).await?;
        for nip in chunk {
            if let Some(i) = found.iter().position(|e| &e.nip == nip) {
                out.push(found.swap_remove(i));
            }
        }
    }
    Ok(out)
}

/// The NIP of the employee's supervisor: `None` when the employee does not exist,
/// `Some(None)` when they have no supervisor.
pub async fn supervisor_nip(db: &Db, nip: &str) -> sqlx::Result<Option<Option<String>>> {
    let row = sqlx::query("SELECT atasan_nip FROM employees WHERE nip = $1")
        .bind(nip.to_string())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get::<Option<String>, _>(0)).transpose()
}

/// The unit code of an employee.
pub async fn unit_of(db: &Db, nip: &str) -> sqlx::Result<Option<String>> {
    let row = sqlx::query("SELECT unit_kode FROM employees WHERE nip = $1")
        .bind(nip.to_string())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get::<String, _>(0)).transpose()
}

/// Employees whose supervisor is `nip`, by name.
pub async fn direct_reports(db: &Db, nip: &str) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE e.atasan_nip = $1 ORDER BY e.nama_cari, e.nip LIMIT 500"
    )))
    .bind(nip.to_string())
    .fetch_all(&db.pool)
    .await
}

/// Members of a unit (not of its sub-units), by name.
pub async fn unit_members(
    db: &Db,
    unit_kode: &str,
    offset: i64,
    limit: i64,
) -> sqlx::Result<Vec<Entry>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE e.unit_kode = $1 ORDER BY e.nama_cari, e.nip LIMIT $2 OFFSET $3"
    )))
    .bind(unit_kode.to_string())
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await
}

/// The contact fields (`email`, `telepon`) of an employee, read inside a transaction.
pub async fn contact(
    conn: &mut AnyConnection,
    nip: &str,
) -> sqlx::Result<Option<(String, String)>> {
    let row = sqlx::query("SELECT email, telepon FROM employees WHERE nip = $1")
        .bind(nip.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Writes the contact fields of an employee.
pub async fn update_contact(
    conn: &mut AnyConnection,
    nip: &str,
    email: &str,
    telepon: &str,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(
        sqlx::query(
            "UPDATE employees SET email = $2, telepon = $3, updated_at = $4 WHERE nip = $1",
        )
        .bind(nip.to_string())
        .bind(email.to_string())
        .bind(telepon.to_string())
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected()
            > 0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, employee, engines, insert_org};

    #[tokio::test]
    async fn directory_queries() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let boss = employee("198001012005011001", "Budi Santoso", "U1");
            let mut a = employee("199001012015011002", "Ani Lestari", "U1");
            a.atasan_nip = Some(boss.nip.clone());
            let mut b = employee("199001012015011003", "Citra Dewi", "U2");
            b.atasan_nip = Some(boss.nip.clone());
            insert_org(
                &t.db,
                &[("U1", "Biro Umum", None), ("U2", "Bagian TU", Some("U1"))],
                &[boss.clone(), a.clone(), b.clone()],
            )
            .await;
            let e = get(&t.db, &a.nip).await.unwrap().unwrap();
            assert_eq!(e.unit_nama, "Biro Umum", "{engine:?}");
            assert_eq!(
                supervisor_nip(&t.db, &a.nip).await.unwrap(),
                Some(Some(boss.nip.clone()))
            );
            assert_eq!(supervisor_nip(&t.db, "x").await.unwrap(), None);
            let reports: Vec<_> = direct_reports(&t.db, &boss.nip)
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.nama)
                .collect();
            assert_eq!(reports, ["Ani Lestari", "Citra Dewi"]);
            let members = unit_members(&t.db, "U1", 0, 10).await.unwrap();
            assert_eq!(members.len(), 2);
            let got = many(&t.db, &[b.nip.clone(), "nope".into(), a.nip.clone()])
                .await
                .unwrap();
            assert_eq!(
                got.iter().map(|e| e.nip.as_str()).collect::<Vec<_>>(),
                [b.nip.as_str(), a.nip.as_str()]
            );
            let mut tx = t.db.begin().await.unwrap();
            assert!(
                update_contact(&mut tx, &a.nip, "ani@kemkes.go.id", "0812", 5)
                    .await
                    .unwrap()
            );
            assert_eq!(
                contact(&mut tx, &a.nip).await.unwrap(),
                Some(("ani@kemkes.go.id".into(), "0812".into()))
            );
            tx.commit().await.unwrap();
        }
    }
}
