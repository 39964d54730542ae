//! Name search over employees: case- and accent-insensitive, matching the start of any
//! word of the name ("sit nur" finds "Siti Nurhaliza"), paginated in name order.
//!
//! `employee_name_tokens` (maintained on every employee write) holds, per employee, each
//! folded word of the name and `p*` keys for the word's 1–3 character prefixes, with the
//! employee's `nama_cari` as part of the key. Comparison is bytewise on both engines (the
//! PostgreSQL columns are `COLLATE "C"`). See [`search`] for how a query uses them.

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

/// Words this short are looked up through their prefix keys.
pub const PREFIX_KEY_CHARS: usize = 3;

/// The keys stored in `employee_name_tokens` for one folded word: the word itself, and
/// `p*` for each of its prefixes `p` of 1 to [`PREFIX_KEY_CHARS`] characters. A query word
/// that short is then one exact key whose index entries are already in name order; a
/// longer one is a range over whole words (`*` sorts before every letter and digit, so
/// prefix keys never fall into such a range).
pub fn index_keys(word: &str) -> Vec<String> {
    let mut keys = vec![word.to_string()];
    for (i, c) in word.char_indices().take(PREFIX_KEY_CHARS) {
        keys.push(format!("{}*", &word[..i + c.len_utf8()]));
    }
    keys
}

/// The condition matching a query word against `alias.token`; its values are appended
/// to `params` (placeholders are numbered by position there).
fn word_condition(alias: &str, word: &str, params: &mut Vec<String>) -> String {
    if word.chars().count() <= PREFIX_KEY_CHARS {
        params.push(format!("{word}*"));
        format!("{alias}.token = ${}", params.len())
    } else {
        params.push(word.to_string());
        params.push(format!("{word}~"));
        format!(
            "{alias}.token >= ${} AND {alias}.token < ${}",
            params.len() - 1,
            params.len()
        )
    }
}

/// Searches employees by name; `page` is 1-based. An empty query gives an empty page.
///
/// The longest word drives: its keys in the `(token, nama_cari, nip)` index yield
/// candidates with their sort key (for a short word, one exact prefix key, already in
/// name order so the scan stops after a page); the other words are checked per candidate
/// through the `(nip, token)` index; only one page of rows is joined to `employees`.
pub async fn search(db: &Db, q: &str, page: i64) -> sqlx::Result<Page> {
    let mut words = query_words(q);
    let page = page.max(1);
    if words.is_empty() {
        return Ok(Page {
            page,
            ..Page::default()
        });
    }
    let driver = (0..words.len())
        .max_by_key(|&i| words[i].chars().count())
        .unwrap_or(0);
    words.swap(0, driver);
    let mut params = Vec::new();
    let driving = word_condition("t", &words[0], &mut params);
    let others: String = words[1..]
        .iter()
        .map(|w| {
            let cond = word_condition("o", w, &mut params);
            format!(
                " AND EXISTS (SELECT 1 FROM employee_name_tokens o WHERE o.nip = t.nip AND {cond})"
            )
        })
        .collect();
    let sql = format!(
        "SELECT e.nip, e.nama, e.gelar_depan, e.gelar_belakang, e.jabatan, u.nama AS unit_nama \
         FROM (SELECT DISTINCT t.nama_cari, t.nip FROM employee_name_tokens t WHERE {driving}{others} \
               ORDER BY t.nama_cari, t.nip LIMIT ${} OFFSET ${}) m \
         JOIN employees e ON e.nip = m.nip JOIN units u ON u.kode = e.unit_kode \
         ORDER BY m.nama_cari, m.nip",
        params.len() + 1,
        params.len() + 2
    );
    let mut query = sqlx::query_as::<_, Hit>(AssertSqlSafe(sql));
    for p in params {
        query = query.bind(p);
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

    #[test]
    fn index_keys_hold_word_and_short_prefixes() {
        assert_eq!(index_keys("siti"), ["siti", "s*", "si*", "sit*"]);
        assert_eq!(index_keys("i"), ["i", "i*"]);
    }

    #[tokio::test]
    async fn short_and_long_words_agree_on_order() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let people: Vec<_> = (0..60)
                .map(|i| {
                    employee(
                        &format!("1990010120150{i:05}"),
                        &format!("Sri Wahyuni {:04}", 60 - i),
                        "U1",
                    )
                })
                .collect();
            insert_org(&t.db, &[("U1", "Biro Umum", None)], &people).await;
            let short = search(&t.db, "sr", 1).await.unwrap();
            assert_eq!(short.hits.len(), PAGE_SIZE as usize);
            assert!(short.has_next);
            assert_eq!(short.hits[0].nama, "Sri Wahyuni 0001");
            assert_eq!(short.hits[19].nama, "Sri Wahyuni 0020");
            let long = search(&t.db, "wahyu sri", 2).await.unwrap();
            assert_eq!(long.hits[0].nama, "Sri Wahyuni 0021");
            assert_eq!(
                names(&search(&t.db, "sri 0001", 1).await.unwrap()),
                vec!["Sri Wahyuni 0001"]
            );
            assert_eq!(
                names(&search(&t.db, "s 0001", 1).await.unwrap()),
                vec!["Sri Wahyuni 0001"]
            );
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
