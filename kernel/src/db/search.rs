//! Name search over employees: case- and accent-insensitive, matching the start of any
//! word of the name ("sit nur" finds "Siti Nurhaliza"), paginated.
//!
//! Each word of the query must prefix-match one of the employee's name tokens
//! (`employee_name_tokens`, maintained on every employee write). Token comparison is
//! bytewise on both engines (the PostgreSQL column is `COLLATE "C"`), so a prefix is the
//! index range `[word, word + '~')` over folded ASCII tokens.

use sqlx::AssertSqlSafe;

use super::Db;
use super::employees::fold_name;

/// Results per page.
pub const PAGE_SIZE: i64 = 20;
/// At most this many query words are used.
pub const MAX_WORDS: usize = 4;

/// One search hit.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Hit {
    /// NIP.
    pub nip: String,
    /// Name.
    pub nama: String,
    /// Titles before.
    pub gelar_depan: String,
    /// Titles after.
    pub gelar_belakang: String,
    /// Position.
    pub jabatan: String,
    /// Unit name.
    pub unit_nama: String,
}

impl Hit {
    /// Name with titles.
    pub fn full_name(&self) -> String {
        super::employees::full_name(&self.gelar_depan, &self.nama, &self.gelar_belakang)
    }
}

/// A page of results.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Hits on this page, by name.
    pub hits: Vec<Hit>,
    /// Whether a next page exists.
    pub has_next: bool,
    /// 1-based page number.
    pub page: i64,
}

/// The words a query searches for (folded, deduplicated, at most [`MAX_WORDS`]).
pub fn query_words(q: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for w in fold_name(q).split(' ').filter(|w| !w.is_empty()) {
        if !words.iter().any(|x| x == w) {
            words.push(w.to_string());
        }
    }
    words.truncate(MAX_WORDS);
    words
}

/// Searches employees by name; `page` is 1-based. An empty query gives an empty page.
pub async fn search(db: &Db, q: &str, page: i64) -> sqlx::Result<Page> {
    let words = query_words(q);
    let page = page.max(1);
    if words.is_empty() {
        return Ok(Page {
            page,
            ..Page::default()
        });
    }
    let mut sql = String::from(
        "SELECT e.nip, e.nama, e.gelar_depan, e.gelar_belakang, e.jabatan, u.nama AS unit_nama \
         FROM employees e JOIN units u ON u.kode = e.unit_kode WHERE 1 = 1",
    );
    for i in 0..words.len() {
        let (lo, hi) = (2 * i + 1, 2 * i + 2);
        sql.push_str(&format!(
            " AND e.nip IN (SELECT nip FROM employee_name_tokens WHERE token >= ${lo} AND token < ${hi})"
        ));
    }
    let n = 2 * words.len();
    sql.push_str(&format!(
        " ORDER BY e.nama_cari, e.nip LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    ));
    let mut query = sqlx::query_as::<_, Hit>(AssertSqlSafe(sql));
    for w in &words {
        query = query.bind(w.clone()).bind(format!("{w}~"));
    }
    let mut hits = query
        .bind(PAGE_SIZE + 1)
        .bind((page - 1) * PAGE_SIZE)
        .fetch_all(&db.pool)
        .await?;
    let has_next = hits.len() as i64 > PAGE_SIZE;
    hits.truncate(PAGE_SIZE as usize);
    Ok(Page {
        hits,
        has_next,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, employee, engines, insert_org};

    fn names(page: &Page) -> Vec<String> {
        page.hits.iter().map(|h| h.nama.clone()).collect()
    }

    #[tokio::test]
    async fn finds_by_word_prefixes_ignoring_case_and_accents() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let mut people = vec![
                employee("199001012015011001", "Siti Nurhaliza", "U1"),
                employee("199001012015011002", "Nur Siti Aisyah", "U1"),
                employee("199001012015011003", "José Ramos-Horta", "U1"),
                employee("199001012015011004", "I Gusti Ngurah Rai", "U1"),
                employee("199001012015011005", "Sitompul", "U1"),
            ];
            people[0].gelar_depan = "dr.".into();
            insert_org(&t.db, &[("U1", "Biro Umum", None)], &people).await;
            let check = |q: &'static str, expect: &'static [&'static str]| {
                let db = t.db.clone();
                async move {
                    let page = search(&db, q, 1).await.unwrap();
                    assert_eq!(names(&page), expect, "{engine:?}: query {q:?}");
                }
            };
            check("SITI", &["Nur Siti Aisyah", "Siti Nurhaliza"]).await;
            check("sit nur", &["Nur Siti Aisyah", "Siti Nurhaliza"]).await;
            check("nurh", &["Siti Nurhaliza"]).await;
            check("sit", &["Nur Siti Aisyah", "Siti Nurhaliza", "Sitompul"]).await;
            check("jose", &["José Ramos-Horta"]).await;
            check("JOSÉ horta", &["José Ramos-Horta"]).await;
            check("ngurah", &["I Gusti Ngurah Rai"]).await;
            check("dr.", &[]).await; // titles are not part of the name
            check("xyz", &[]).await;
            check("   ", &[]).await;
            check("%", &[]).await;
            check("' OR 1=1 --", &[]).await;
        }
    }

    #[tokio::test]
    async fn paginates_in_name_order() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let people: Vec<_> = (0..45)
                .map(|i| {
                    employee(
                        &format!("1990010120150110{i:02}"),
                        &format!("Budi Santoso {i:02}"),
                        "U1",
                    )
                })
                .collect();
            insert_org(&t.db, &[("U1", "Biro Umum", None)], &people).await;
            let p1 = search(&t.db, "budi", 1).await.unwrap();
            let p3 = search(&t.db, "budi", 3).await.unwrap();
            assert_eq!(p1.hits.len(), PAGE_SIZE as usize);
            assert!(p1.has_next);
            assert_eq!(p1.hits[0].nama, "Budi Santoso 00");
            assert_eq!(
                names(&p3),
                vec![
                    "Budi Santoso 40",
                    "Budi Santoso 41",
                    "Budi Santoso 42",
                    "Budi Santoso 43",
                    "Budi Santoso 44"
                ]
            );
            assert!(!p3.has_next);
            assert!(search(&t.db, "budi", 4).await.unwrap().hits.is_empty());
            assert_eq!(
                search(&t.db, "budi", 1).await.unwrap().hits[0].unit_nama,
                "Biro Umum"
            );
        }
    }

    #[test]
    fn folds_query_words() {
        assert_eq!(query_words("  SITI  Nur  "), vec!["siti", "nur"]);
        assert_eq!(query_words("Ségun O'Neil"), vec!["segun", "o", "neil"]);
        assert_eq!(query_words("a a a"), vec!["a"]);
        assert!(query_words("!!!").is_empty());
        assert_eq!(query_words("a b c d e f").len(), MAX_WORDS);
    }
}
