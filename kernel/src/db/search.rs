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
        return Ok(Page { page, ..Page::default() });
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
    sql.push_str(&format!(" ORDER BY e.nama_cari, e.nip LIMIT ${} OFFSET ${}", n + 1, n + 2));
    let mut query = sqlx::query_as::<_, Hit>(AssertSqlSafe(sql));
    for w in &words {
        query = query.bind(w.clone()).bind(format!("{w}~"));
    }
    let mut hits = query.bind(PAGE_SIZE + 1).bind((page - 1) * PAGE_SIZE).fetch_all(&db.pool).await?;
    let has_next = hits.len() as i64 > PAGE_SIZE;
    hits.truncate(PAGE_SIZE as usize);
    Ok(Page { hits, has_next, page })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_query_words() {
        assert_eq!(query_words("  SITI  Nur  "), vec!["siti", "nur"]);
        assert_eq!(query_words("Ségun O'Neil"), vec!["segun", "o", "neil"]);
        assert_eq!(query_words("a a a"), vec!["a"]);
        assert!(query_words("!!!").is_empty());
        assert_eq!(query_words("a b c d e f").len(), MAX_WORDS);
    }
}
