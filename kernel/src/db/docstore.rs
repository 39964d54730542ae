//! The plugin-private JSON document store behind the `storage` capability
//! (`plugin_documents`, `plugin_document_index`).
//!
//! Every function takes the plugin id from the host — never from the guest — and every
//! statement is scoped by it, so a module can only ever see its own documents.
//!
//! - Writes are optimistic: [`Expect`] states what the caller believes is stored, and a
//!   mismatch fails with [`DocError::Conflict`] without changing anything. The conditional
//!   write is the first statement of its transaction (no read-then-write window).
//! - Each document carries entries for the collection's declared indexes (an index name and
//!   a top-level field): string values as they are, numbers and booleans as their JSON
//!   text; a missing, `null`, object or array value gives no entry. They are recomputed
//!   in the same transaction as every write.
//! - Queries order by key, or by an index value then key, and page with keyset cursors
//!   (never `OFFSET`), so a page boundary is stable while documents are being added.
//!   Comparison is bytewise on both engines (the PostgreSQL columns are `COLLATE "C"`).
//!   A cursor is bound to the plugin, collection, index, filter and order it came from; a
//!   cursor from elsewhere, or a malformed one, is refused.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, Row};

use super::Db;

/// Longest collection or index name, in bytes.
pub const MAX_NAME_BYTES: usize = 64;
/// Longest key, in bytes.
pub const MAX_KEY_BYTES: usize = 256;
/// Largest document (JSON text), in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 256 * 1024;
/// Longest index value (and filter value), in bytes; longer indexed values are refused
/// so index entries stay within what a B-tree accepts on both engines.
pub const MAX_INDEX_VALUE_BYTES: usize = 1024;
/// Most documents a query returns.
pub const MAX_LIMIT: u32 = 200;

/// A stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The key within its collection.
    pub key: String,
    /// 1 after the first write, +1 with every write.
    pub version: i64,
    /// The JSON object, as written.
    pub data: String,
}

/// What a write expects to be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Write regardless of what is stored.
    Any,
    /// No document may exist under the key.
    Absent,
    /// The stored version must be this one (`Version(0)` means the same as `Absent`).
    Version(i64),
}

/// Which documents a query selects, by index value (or by key without an index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Every document.
    All,
    /// Value equal to.
    Equals(String),
    /// Value starting with.
    Prefix(String),
    /// Value within `[from, to]`; an absent end is open.
    Range(Option<String>, Option<String>),
}

/// A query over one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The collection.
    pub collection: String,
    /// Declared index to filter and order by; `None` = by key.
    pub index: Option<String>,
    /// Which documents.
    pub filter: Filter,
    /// Largest first.
    pub descending: bool,
    /// Page size, 1–[`MAX_LIMIT`].
    pub limit: u32,
    /// The previous page's [`Page::next_cursor`].
    pub cursor: Option<String>,
}

/// One page of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The documents, in query order.
    pub documents: Vec<Document>,
    /// Where the next page starts, if there is one.
    pub next_cursor: Option<String>,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The stored version is not the expected one; nothing changed.
    #[error("version conflict: the stored version is {current}")]
    Conflict {
        /// The stored version (0 = no document).
        current: i64,
    },
    /// The request is not acceptable; the reason is for the plugin author.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

fn invalid(reason: impl Into<String>) -> DocError {
    DocError::Invalid(reason.into())
}

/// Checks a collection or index name: `[a-z0-9_-]{1,64}`.
pub fn validate_name(what: &str, name: &str) -> Result<(), DocError> {
    if name.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(invalid(format!(
            "{what} name must be 1 to {MAX_NAME_BYTES} characters long"
        )));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    {
        return Err(invalid(format!(
            "{what} name {name:?} may only contain a-z, 0-9, '_' and '-'"
        )));
    }
    Ok(())
}

/// Checks a key: 1–256 bytes of UTF-8 without control characters.
pub fn validate_key(key: &str) -> Result<(), DocError> {
    if key.is_empty() || key.len() > MAX_KEY_BYTES {
        return Err(invalid(format!(
            "key must be 1 to {MAX_KEY_BYTES} bytes long"
        )));
    }
    if key.chars().any(char::is_control) {
        return Err(invalid("key must not contain control characters"));
    }
    Ok(())
}

/// Checks a document: a JSON object of at most 256 KiB. Returns the parsed object.
pub fn validate_data(data: &str) -> Result<serde_json::Map<String, serde_json::Value>, DocError> {
    if data.len() > MAX_DOCUMENT_BYTES {
        return Err(invalid(format!(
            "document is {} bytes; at most {MAX_DOCUMENT_BYTES} bytes are allowed",
            data.len()
        )));
    }
    match serde_json::from_str::<serde_json::Value>(data) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(invalid("document must be a JSON object")),
        Err(e) => Err(invalid(format!("document is not valid JSON: {e}"))),
    }
}

fn validate_value(what: &str, value: &str) -> Result<(), DocError> {
    if value.len() > MAX_INDEX_VALUE_BYTES {
        return Err(invalid(format!(
            "{what} is {} bytes; at most {MAX_INDEX_VALUE_BYTES} bytes are allowed",
            value.len()
        )));
    }
    if value.contains('\0') {
        return Err(invalid(format!("{what} must not contain NUL characters")));
    }
    Ok(())
}

/// The index entries of a document: `(index name, value)` for each declared index whose
/// field holds a string, number or boolean.
pub fn index_entries(
    data: &serde_json::Map<String, serde_json::Value>,
    indexes: &[(String, String)],
) -> Result<Vec<(String, String)>, DocError> {
    let mut entries = Vec::new();
    for (name, field) in indexes {
        validate_name("index", name)?;
        let value = match data.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            _ => continue,
        };
        validate_value(
            &format!("value of field {field:?} (index {name:?})"),
            &value,
        )?;
        if !entries.iter().any(|(n, _)| n == name) {
            entries.push((name.clone(), value));
        }
    }
    Ok(entries)
}

/// The document `key` of `collection`, if stored.
pub async fn get(
    db: &Db,
    plugin: &str,
    collection: &str,
    key: &str,
) -> sqlx::Result<Option<Document>> {
    let row = sqlx::query(
        "SELECT key, version, data FROM plugin_documents \
         WHERE plugin_id = $1 AND collection = $2 AND key = $3",
    )
    .bind(plugin.to_string())
    .bind(collection.to_string())
    .bind(key.to_string())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| document(&r)).transpose()
}

fn document(r: &sqlx::any::AnyRow) -> sqlx::Result<Document> {
    Ok(Document {
        key: r.try_get("key")?,
        version: r.try_get("version")?,
        data: r.try_get("data")?,
    })
}

async fn current_version(
    conn: &mut sqlx::AnyConnection,
    plugin: &str,
    collection: &str,
    key: &str,
) -> sqlx::Result<i64> {
    let v: Option<i64> = sqlx::query_scalar(
        "SELECT version FROM plugin_documents \
         WHERE plugin_id = $1 AND collection = $2 AND key = $3",
    )
    .bind(plugin.to_string())
    .bind(collection.to_string())
    .bind(key.to_string())
    .fetch_optional(conn)
    .await?;
    Ok(v.unwrap_or(0))
}

/// Writes `data` under `key` if `expect` holds, recomputing the index entries from the
/// collection's declared `indexes` (index name, top-level field). Returns the new version.
#[allow(clippy::too_many_arguments)]
pub async fn put(
    db: &Db,
    plugin: &str,
    collection: &str,
    key: &str,
    data: &str,
    expect: Expect,
    indexes: &[(String, String)],
    now: i64,
) -> Result<i64, DocError> {
    validate_name("collection", collection)?;
    validate_key(key)?;
    let object = validate_data(data)?;
    let entries = index_entries(&object, indexes)?;
    let mut tx = db.begin().await?;
    let args = (plugin.to_string(), collection.to_string(), key.to_string());
    let written: Option<i64> = match expect {
        Expect::Any => sqlx::query_scalar(
            "INSERT INTO plugin_documents (plugin_id, collection, key, version, data, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $5) \
                 ON CONFLICT (plugin_id, collection, key) DO UPDATE SET \
                   version = plugin_documents.version + 1, data = excluded.data, \
                   updated_at = excluded.updated_at \
                 RETURNING version",
        )
        .bind(args.0.clone())
        .bind(args.1.clone())
        .bind(args.2.clone())
        .bind(data.to_string())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?,
        Expect::Absent | Expect::Version(0) => sqlx::query_scalar(
            "INSERT INTO plugin_documents (plugin_id, collection, key, version, data, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $5) \
                 ON CONFLICT (plugin_id, collection, key) DO NOTHING \
                 RETURNING version",
        )
        .bind(args.0.clone())
        .bind(args.1.clone())
        .bind(args.2.clone())
        .bind(data.to_string())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?,
        Expect::Version(n) => {
            sqlx::query_scalar(
                "UPDATE plugin_documents SET version = version + 1, data = $4, updated_at = $5 \
                 WHERE plugin_id = $1 AND collection = $2 AND key = $3 AND version = $6 \
                 RETURNING version",
            )
            .bind(args.0.clone())
            .bind(args.1.clone())
            .bind(args.2.clone())
            .bind(data.to_string())
            .bind(now)
            .bind(n)
            .fetch_optional(&mut *tx)
            .await?
        }
    };
    let Some(version) = written else {
        let current = current_version(&mut tx, plugin, collection, key).await?;
        tx.rollback().await?;
        return Err(DocError::Conflict { current });
    };
    delete_index_entries(&mut tx, plugin, collection, key).await?;
    for (name, value) in entries {
        sqlx::query(
            "INSERT INTO plugin_document_index (plugin_id, collection, index_name, value, key) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(args.0.clone())
        .bind(args.1.clone())
        .bind(name)
        .bind(value)
        .bind(args.2.clone())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(version)
}

async fn delete_index_entries(
    conn: &mut sqlx::AnyConnection,
    plugin: &str,
    collection: &str,
    key: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM plugin_document_index WHERE plugin_id = $1 AND collection = $2 AND key = $3",
    )
    .bind(plugin.to_string())
    .bind(collection.to_string())
    .bind(key.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes the document `key` if `expect` holds. Returns whether one was deleted
/// (`Expect::Any` on a missing key is `Ok(false)`; `Version(n)` on a missing key is a
/// conflict with `current: 0`; `Absent` on a present key is a conflict).
pub async fn delete(
    db: &Db,
    plugin: &str,
    collection: &str,
    key: &str,
    expect: Expect,
) -> Result<bool, DocError> {
    validate_name("collection", collection)?;
    validate_key(key)?;
    let mut tx = db.begin().await?;
    let deleted: Option<i64> = match expect {
        Expect::Absent | Expect::Version(0) => {
            let current = current_version(&mut tx, plugin, collection, key).await?;
            tx.rollback().await?;
            return if current == 0 {
                Ok(false)
            } else {
                Err(DocError::Conflict { current })
            };
        }
        Expect::Any => {
            sqlx::query_scalar(
                "DELETE FROM plugin_documents \
                 WHERE plugin_id = $1 AND collection = $2 AND key = $3 RETURNING version",
            )
            .bind(plugin.to_string())
            .bind(collection.to_string())
            .bind(key.to_string())
            .fetch_optional(&mut *tx)
            .await?
        }
        Expect::Version(n) => {
            let deleted = sqlx::query_scalar(
                "DELETE FROM plugin_documents \
                 WHERE plugin_id = $1 AND collection = $2 AND key = $3 AND version = $4 \
                 RETURNING version",
            )
            .bind(plugin.to_string())
            .bind(collection.to_string())
            .bind(key.to_string())
            .bind(n)
            .fetch_optional(&mut *tx)
            .await?;
            if deleted.is_none() {
                let current = current_version(&mut tx, plugin, collection, key).await?;
                tx.rollback().await?;
                return Err(DocError::Conflict { current });
            }
            deleted
        }
    };
    if deleted.is_some() {
        delete_index_entries(&mut tx, plugin, collection, key).await?;
    }
    tx.commit().await?;
    Ok(deleted.is_some())
}

/// Deletes every document and index entry of `plugin`; returns the number of documents.
pub async fn purge(db: &Db, plugin: &str) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM plugin_document_index WHERE plugin_id = $1")
        .bind(plugin.to_string())
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM plugin_documents WHERE plugin_id = $1")
        .bind(plugin.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// Number of documents `plugin` stores (all collections).
pub async fn count(db: &Db, plugin: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM plugin_documents WHERE plugin_id = $1")
        .bind(plugin.to_string())
        .fetch_one(&db.pool)
        .await
}

/// The position after which a page starts: the last row's index value (when querying an
/// index) and key, plus a fingerprint of the query it belongs to.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Cursor {
    /// Fingerprint of plugin, collection, index, filter and order.
    q: String,
    /// Index value of the last row (absent when ordering by key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    /// Key of the last row.
    k: String,
}

fn fingerprint(plugin: &str, q: &Query) -> String {
    let mut h = Sha256::new();
    let filter = serde_json::json!(match &q.filter {
        Filter::All => vec![Some("all".to_string())],
        Filter::Equals(v) => vec![Some("eq".to_string()), Some(v.clone())],
        Filter::Prefix(v) => vec![Some("prefix".to_string()), Some(v.clone())],
        Filter::Range(a, b) => vec![Some("range".to_string()), a.clone(), b.clone()],
    });
    let parts = serde_json::json!([
        "eoffice-docstore-cursor-1",
        plugin,
        q.collection,
        q.index,
        filter,
        q.descending
    ]);
    h.update(parts.to_string().as_bytes());
    let digest = h.finalize();
    B64URL.encode(&digest[..12])
}

const CURSOR_REFUSED: &str = "cursor is not valid for this query; start again without a cursor";

fn encode_cursor(plugin: &str, q: &Query, value: Option<String>, key: String) -> String {
    let cursor = Cursor {
        q: fingerprint(plugin, q),
        v: value,
        k: key,
    };
    B64URL.encode(serde_json::to_vec(&cursor).unwrap_or_default())
}

fn decode_cursor(
    plugin: &str,
    q: &Query,
    text: &str,
) -> Result<(Option<String>, String), DocError> {
    if text.len() > 4 * (MAX_INDEX_VALUE_BYTES + MAX_KEY_BYTES) {
        return Err(invalid(CURSOR_REFUSED));
    }
    let bytes = B64URL.decode(text).map_err(|_| invalid(CURSOR_REFUSED))?;
    let cursor: Cursor = serde_json::from_slice(&bytes).map_err(|_| invalid(CURSOR_REFUSED))?;
    if cursor.q != fingerprint(plugin, q)
        || cursor.v.is_some() != q.index.is_some()
        || validate_key(&cursor.k).is_err()
        || cursor
            .v
            .as_deref()
            .is_some_and(|v| validate_value("cursor", v).is_err())
    {
        return Err(invalid(CURSOR_REFUSED));
    }
    Ok((cursor.v, cursor.k))
}

/// The smallest string greater than every string starting with `prefix`, or `None` when
/// there is none (the prefix is all U+10FFFF). Bytewise UTF-8 order is code point order.
fn prefix_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// One page of documents of `q.collection` matching `q`.
pub async fn query(db: &Db, plugin: &str, q: &Query) -> Result<Page, DocError> {
    validate_name("collection", &q.collection)?;
    if let Some(index) = &q.index {
        validate_name("index", index)?;
    }
    if !(1..=MAX_LIMIT).contains(&q.limit) {
        return Err(invalid(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    match &q.filter {
        Filter::All => {}
        Filter::Equals(v) | Filter::Prefix(v) => validate_value("filter value", v)?,
        Filter::Range(a, b) => {
            for v in [a, b].into_iter().flatten() {
                validate_value("filter value", v)?;
            }
        }
    }
    let cursor = q
        .cursor
        .as_deref()
        .map(|c| decode_cursor(plugin, q, c))
        .transpose()?;

    // Column holding the ordered value: the index value, or the key itself.
    let (from, value_col, key_col) = match q.index {
        Some(_) => (
            "plugin_document_index i JOIN plugin_documents d \
             ON d.plugin_id = i.plugin_id AND d.collection = i.collection AND d.key = i.key",
            "i.value",
            "i.key",
        ),
        None => ("plugin_documents d", "d.key", "d.key"),
    };
    let mut binds: Vec<String> = vec![plugin.to_string(), q.collection.clone()];
    let mut conds: Vec<String> = Vec::new();
    fn bind(value: String, binds: &mut Vec<String>) -> String {
        binds.push(value);
        format!("${}", binds.len())
    }
    if q.index.is_some() {
        conds.push(format!(
            "i.plugin_id = $1 AND i.collection = $2 AND i.index_name = {}",
            bind(q.index.clone().unwrap_or_default(), &mut binds)
        ));
    } else {
        conds.push("d.plugin_id = $1 AND d.collection = $2".to_string());
    }
    match &q.filter {
        Filter::All => {}
        Filter::Equals(v) => {
            conds.push(format!("{value_col} = {}", bind(v.clone(), &mut binds)));
        }
        Filter::Prefix(p) => {
            if !p.is_empty() {
                conds.push(format!("{value_col} >= {}", bind(p.clone(), &mut binds)));
                if let Some(end) = prefix_successor(p) {
                    conds.push(format!("{value_col} < {}", bind(end, &mut binds)));
                }
            }
        }
        Filter::Range(a, b) => {
            if let Some(a) = a {
                conds.push(format!("{value_col} >= {}", bind(a.clone(), &mut binds)));
            }
            if let Some(b) = b {
                conds.push(format!("{value_col} <= {}", bind(b.clone(), &mut binds)));
            }
        }
    }
    let cmp = if q.descending { "<" } else { ">" };
    let dir = if q.descending { "DESC" } else { "ASC" };
    match cursor {
        Some((Some(value), key)) => {
            let v = bind(value, &mut binds);
            let k = bind(key, &mut binds);
            conds.push(format!("({value_col}, {key_col}) {cmp} ({v}, {k})"));
        }
        Some((None, key)) => {
            conds.push(format!("{key_col} {cmp} {}", bind(key, &mut binds)));
        }
        None => {}
    }
    let order = if q.index.is_some() {
        format!("{value_col} {dir}, {key_col} {dir}")
    } else {
        format!("{key_col} {dir}")
    };
    let sql = format!(
        "SELECT {value_col} AS position, d.key AS key, d.version AS version, d.data AS data \
         FROM {from} WHERE {} ORDER BY {order} LIMIT {}",
        conds.join(" AND "),
        i64::from(q.limit) + 1
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&db.pool).await?;
    let mut documents = Vec::with_capacity(rows.len());
    let mut last_position = None;
    for r in rows.iter().take(q.limit as usize) {
        documents.push(document(r)?);
        last_position = Some(r.try_get::<String, _>("position")?);
    }
    let next_cursor = if rows.len() > q.limit as usize {
        let key = documents.last().map(|d| d.key.clone()).unwrap_or_default();
        let value = q.index.as_ref().and(last_position);
        Some(encode_cursor(plugin, q, value, key))
    } else {
        None
    };
    Ok(Page {
        documents,
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, engines};

    const P: &str = "berita";

    fn idx() -> Vec<(String, String)> {
        vec![
            ("by-status".into(), "status".into()),
            ("by-n".into(), "n".into()),
        ]
    }

    async fn put_any(db: &Db, plugin: &str, key: &str, data: &str) -> i64 {
        put(
            db,
            plugin,
            "items",
            key,
            data,
            Expect::Any,
            &idx(),
            TEST_EPOCH,
        )
        .await
        .unwrap()
    }

    fn q(index: Option<&str>, filter: Filter, descending: bool, limit: u32) -> Query {
        Query {
            collection: "items".into(),
            index: index.map(str::to_string),
            filter,
            descending,
            limit,
            cursor: None,
        }
    }

    async fn keys(db: &Db, plugin: &str, q: &Query) -> Vec<String> {
        query(db, plugin, q)
            .await
            .unwrap()
            .documents
            .into_iter()
            .map(|d| d.key)
            .collect()
    }

    #[test]
    fn validates_names_keys_and_data() {
        assert!(validate_name("collection", "news_2026-x").is_ok());
        assert!(validate_name("collection", "").is_err());
        assert!(validate_name("collection", "Berita").is_err());
        assert!(validate_name("collection", &"a".repeat(65)).is_err());
        assert!(validate_key("Surat/2026 ñ").is_ok());
        assert!(validate_key("").is_err());
        assert!(validate_key("a\nb").is_err());
        assert!(validate_key(&"é".repeat(129)).is_err());
        assert!(validate_data("{\"a\":1}").is_ok());
        assert!(validate_data("[1]").is_err());
        assert!(validate_data("{").is_err());
        let big = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_DOCUMENT_BYTES));
        assert!(matches!(validate_data(&big), Err(DocError::Invalid(m)) if m.contains("bytes")));
    }

    #[test]
    fn computes_index_entries() {
        let data =
            validate_data(r#"{"s":"abc","n":12.5,"b":true,"z":null,"o":{},"a":[1]}"#).unwrap();
        let indexes: Vec<(String, String)> = ["s", "n", "b", "z", "o", "a", "missing"]
            .iter()
            .map(|f| (format!("i{f}"), f.to_string()))
            .collect();
        assert_eq!(
            index_entries(&data, &indexes).unwrap(),
            vec![
                ("is".into(), "abc".into()),
                ("in".into(), "12.5".into()),
                ("ib".into(), "true".into())
            ]
        );
    }

    #[test]
    fn prefix_successor_is_exact() {
        assert_eq!(prefix_successor("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_successor("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_successor("\u{10FFFF}"), None);
    }

    #[tokio::test]
    async fn refuses_invalid_input() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            for (c, k, d) in [
                ("Bad", "k", "{}"),
                ("items", "", "{}"),
                ("items", "k\u{7}", "{}"),
                ("items", "k", "\"text\""),
            ] {
                let r = put(db, P, c, k, d, Expect::Any, &[], TEST_EPOCH).await;
                assert!(matches!(r, Err(DocError::Invalid(_))), "{c} {k} {d}: {r:?}");
            }
            let long = format!("{{\"status\":\"{}\"}}", "x".repeat(2000));
            let r = put(db, P, "items", "k", &long, Expect::Any, &idx(), TEST_EPOCH).await;
            assert!(matches!(r, Err(DocError::Invalid(_))), "{r:?}");
            for limit in [0, 201] {
                let r = query(db, P, &q(None, Filter::All, false, limit)).await;
                assert!(matches!(r, Err(DocError::Invalid(_))));
            }
            assert_eq!(count(db, P).await.unwrap(), 0);
        }
    }

    #[tokio::test]
    async fn optimistic_concurrency() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let put_e = |data: &'static str, expect| {
                put(db, P, "items", "a", data, expect, &[], TEST_EPOCH)
            };
            assert!(matches!(
                put_e(r#"{"v":0}"#, Expect::Version(3)).await,
                Err(DocError::Conflict { current: 0 })
            ));
            assert_eq!(put_e(r#"{"v":1}"#, Expect::Absent).await.unwrap(), 1);
            assert!(matches!(
                put_e(r#"{"v":"x"}"#, Expect::Absent).await,
                Err(DocError::Conflict { current: 1 })
            ));
            assert_eq!(put_e(r#"{"v":2}"#, Expect::Version(1)).await.unwrap(), 2);
            // A stale writer fails and changes nothing.
            assert!(matches!(
                put_e(r#"{"v":"stale"}"#, Expect::Version(1)).await,
                Err(DocError::Conflict { current: 2 })
            ));
            let doc = get(db, P, "items", "a").await.unwrap().unwrap();
            assert_eq!((doc.version, doc.data.as_str()), (2, r#"{"v":2}"#));
            assert_eq!(put_e(r#"{"v":3}"#, Expect::Any).await.unwrap(), 3);
            // Deletes check too.
            assert!(matches!(
                delete(db, P, "items", "a", Expect::Version(2)).await,
                Err(DocError::Conflict { current: 3 })
            ));
            assert!(matches!(
                delete(db, P, "items", "a", Expect::Absent).await,
                Err(DocError::Conflict { current: 3 })
            ));
            assert!(get(db, P, "items", "a").await.unwrap().is_some());
            assert!(
                delete(db, P, "items", "a", Expect::Version(3))
                    .await
                    .unwrap()
            );
            assert!(!delete(db, P, "items", "a", Expect::Any).await.unwrap());
            assert!(matches!(
                delete(db, P, "items", "a", Expect::Version(3)).await,
                Err(DocError::Conflict { current: 0 })
            ));
            // Recreated documents start at version 1 again.
            assert_eq!(put_e(r#"{"v":4}"#, Expect::Absent).await.unwrap(), 1);
        }
    }

    #[tokio::test]
    async fn concurrent_writers_with_the_same_version_one_wins() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            put(db, P, "items", "a", "{}", Expect::Any, &idx(), TEST_EPOCH)
                .await
                .unwrap();
            let mut tasks = Vec::new();
            for i in 0..8 {
                let db = db.clone();
                tasks.push(tokio::spawn(async move {
                    let data = format!("{{\"status\":\"w{i}\"}}");
                    put(
                        &db,
                        P,
                        "items",
                        "a",
                        &data,
                        Expect::Version(1),
                        &idx(),
                        TEST_EPOCH,
                    )
                    .await
                }));
            }
            let mut ok = 0;
            for task in tasks {
                match task.await.unwrap() {
                    Ok(v) => {
                        assert_eq!(v, 2);
                        ok += 1;
                    }
                    Err(DocError::Conflict { current }) => assert_eq!(current, 2),
                    Err(e) => panic!("{engine:?}: {e}"),
                }
            }
            assert_eq!(ok, 1, "{engine:?}");
            let all = query(db, P, &q(Some("by-status"), Filter::All, false, 10))
                .await
                .unwrap();
            assert_eq!(all.documents.len(), 1, "one index entry per document");
        }
    }

    #[tokio::test]
    async fn maintains_indexes_on_update_and_delete() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            put_any(db, P, "a", r#"{"status":"draft","n":1}"#).await;
            let eq = |v: &str| q(Some("by-status"), Filter::Equals(v.into()), false, 10);
            assert_eq!(keys(db, P, &eq("draft")).await, ["a"]);
            put_any(db, P, "a", r#"{"status":"published"}"#).await;
            assert!(keys(db, P, &eq("draft")).await.is_empty());
            assert_eq!(keys(db, P, &eq("published")).await, ["a"]);
            // The field gone: no entry for that index any more.
            assert!(
                keys(db, P, &q(Some("by-n"), Filter::All, false, 10))
                    .await
                    .is_empty()
            );
            put_any(db, P, "a", r#"{"status":null}"#).await;
            assert!(keys(db, P, &eq("published")).await.is_empty());
            put_any(db, P, "a", r#"{"status":"x"}"#).await;
            delete(db, P, "items", "a", Expect::Any).await.unwrap();
            assert!(
                keys(db, P, &q(Some("by-status"), Filter::All, false, 10))
                    .await
                    .is_empty()
            );
        }
    }

    #[tokio::test]
    async fn filters_and_orders() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            for (key, status) in [
                ("k1", "apel"),
                ("k2", "apel"),
                ("k3", "apelmalang"),
                ("k4", "anggur"),
                ("k5", "Zaitun"),
                ("k6", "ápel"),
                ("k7", "apf"),
            ] {
                put_any(db, P, key, &format!(r#"{{"status":"{status}"}}"#)).await;
            }
            put_any(db, P, "k8", r#"{"other":1}"#).await;
            let s = Some("by-status");
            // Index order is bytewise: uppercase first, accented last.
            assert_eq!(
                keys(db, P, &q(s, Filter::All, false, 50)).await,
                ["k5", "k4", "k1", "k2", "k3", "k7", "k6"]
            );
            assert_eq!(
                keys(db, P, &q(s, Filter::All, true, 50)).await,
                ["k6", "k7", "k3", "k2", "k1", "k4", "k5"]
            );
            assert_eq!(
                keys(db, P, &q(s, Filter::Equals("apel".into()), false, 50)).await,
                ["k1", "k2"]
            );
            assert_eq!(
                keys(db, P, &q(s, Filter::Equals("apel".into()), true, 50)).await,
                ["k2", "k1"]
            );
            assert_eq!(
                keys(db, P, &q(s, Filter::Prefix("apel".into()), false, 50)).await,
                ["k1", "k2", "k3"]
            );
            assert_eq!(
                keys(db, P, &q(s, Filter::Prefix("a".into()), true, 50)).await,
                ["k7", "k3", "k2", "k1", "k4"]
            );
            let range = |a: Option<&str>, b: Option<&str>| {
                Filter::Range(a.map(str::to_string), b.map(str::to_string))
            };
            assert_eq!(
                keys(db, P, &q(s, range(Some("anggur"), Some("apel")), false, 50)).await,
                ["k4", "k1", "k2"]
            );
            assert_eq!(
                keys(db, P, &q(s, range(Some("apelmalang"), None), false, 50)).await,
                ["k3", "k7", "k6"]
            );
            assert_eq!(
                keys(db, P, &q(s, range(None, Some("anggur")), true, 50)).await,
                ["k4", "k5"]
            );
            // Without an index: every document by key; filters apply to the key.
            assert_eq!(
                keys(db, P, &q(None, Filter::All, true, 3)).await,
                ["k8", "k7", "k6"]
            );
            assert_eq!(
                keys(db, P, &q(None, Filter::Prefix("k".into()), false, 50))
                    .await
                    .len(),
                8
            );
            assert_eq!(
                keys(db, P, &q(None, range(Some("k2"), Some("k4")), false, 50)).await,
                ["k2", "k3", "k4"]
            );
            assert_eq!(
                keys(db, P, &q(None, Filter::Equals("k5".into()), false, 50)).await,
                ["k5"]
            );
            // Numbers and booleans are indexed as their JSON text.
            put_any(db, P, "n", r#"{"n":42}"#).await;
            assert_eq!(
                keys(
                    db,
                    P,
                    &q(Some("by-n"), Filter::Equals("42".into()), false, 5)
                )
                .await,
                ["n"]
            );
        }
    }

    #[tokio::test]
    async fn pages_cover_every_document_once_even_with_concurrent_inserts() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            for i in 0..23 {
                let status = ["a", "b", "c"][i % 3];
                put_any(
                    db,
                    P,
                    &format!("d{i:02}"),
                    &format!(r#"{{"status":"{status}"}}"#),
                )
                .await;
            }
            for (round, (index, descending)) in [
                (None, false),
                (None, true),
                (Some("by-status"), false),
                (Some("by-status"), true),
            ]
            .into_iter()
            .enumerate()
            {
                let mut spec = q(index, Filter::All, descending, 5);
                let mut seen = Vec::new();
                let mut pages = 0;
                loop {
                    let page = query(db, P, &spec).await.unwrap();
                    pages += 1;
                    seen.extend(page.documents.into_iter().map(|d| d.key));
                    if pages == 2 {
                        // Inserted meanwhile, before and after the current position.
                        let (before, after) = if descending {
                            (format!("z{round}"), format!("a{round}"))
                        } else {
                            (format!("a{round}"), format!("z{round}"))
                        };
                        let (sb, sa) = if descending { ("c", "a") } else { ("a", "c") };
                        put_any(db, P, &before, &format!(r#"{{"status":"{sb}"}}"#)).await;
                        put_any(db, P, &after, &format!(r#"{{"status":"{sa}"}}"#)).await;
                    }
                    match page.next_cursor {
                        Some(c) => spec.cursor = Some(c),
                        None => break,
                    }
                }
                let label = format!("{engine:?} {index:?} {descending}: {seen:?}");
                let mut originals: Vec<&String> =
                    seen.iter().filter(|k| k.starts_with('d')).collect();
                assert_eq!(originals.len(), 23, "{label}");
                originals.sort();
                originals.dedup();
                assert_eq!(originals.len(), 23, "{label}");
                let round_keys: Vec<&String> = seen
                    .iter()
                    .filter(|k| k.ends_with(&round.to_string()) && !k.starts_with('d'))
                    .collect();
                assert_eq!(
                    round_keys.len(),
                    1,
                    "only the later insert is seen: {label}"
                );
            }
            // An exact multiple of the page size ends without an empty page.
            let page = query(db, P, &q(None, Filter::Prefix("d0".into()), false, 10))
                .await
                .unwrap();
            assert_eq!(page.documents.len(), 10);
            assert!(page.next_cursor.is_none());
        }
    }

    #[tokio::test]
    async fn refuses_foreign_and_forged_cursors() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            for i in 0..4 {
                put_any(db, P, &format!("k{i}"), r#"{"status":"s"}"#).await;
                put_any(db, "other", &format!("k{i}"), r#"{"status":"s"}"#).await;
            }
            let spec = q(Some("by-status"), Filter::All, false, 2);
            let cursor = query(db, P, &spec).await.unwrap().next_cursor.unwrap();
            let with = |mut s: Query, c: &str| {
                s.cursor = Some(c.to_string());
                s
            };
            assert_eq!(
                keys(db, P, &with(spec.clone(), &cursor)).await,
                ["k2", "k3"]
            );
            let refused = [
                (P, with(spec.clone(), "not a cursor")),
                (P, with(spec.clone(), &B64URL.encode(b"[\"s\",\"k1\"]"))),
                (
                    P,
                    with(
                        spec.clone(),
                        &B64URL.encode(br#"{"q":"AAAAAAAAAAAAAAAA","v":"s","k":"k1"}"#),
                    ),
                ),
                // Another plugin, order, filter or index.
                ("other", with(spec.clone(), &cursor)),
                (P, with(q(Some("by-status"), Filter::All, true, 2), &cursor)),
                (
                    P,
                    with(
                        q(Some("by-status"), Filter::Equals("s".into()), false, 2),
                        &cursor,
                    ),
                ),
                (P, with(q(None, Filter::All, false, 2), &cursor)),
            ];
            for (plugin, spec) in refused {
                let r = query(db, plugin, &spec).await;
                assert!(matches!(r, Err(DocError::Invalid(_))), "{plugin} {spec:?}");
            }
            // Tampering with the position inside a genuine cursor is refused as well.
            let mut c: serde_json::Value =
                serde_json::from_slice(&B64URL.decode(&cursor).unwrap()).unwrap();
            c["k"] = serde_json::json!("k\u{1}");
            let forged = B64URL.encode(c.to_string());
            assert!(matches!(
                query(db, P, &with(spec.clone(), &forged)).await,
                Err(DocError::Invalid(_))
            ));
        }
    }

    #[tokio::test]
    async fn scopes_by_plugin_and_purges() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            put_any(db, "a", "same", r#"{"status":"rahasia"}"#).await;
            assert!(get(db, "b", "items", "same").await.unwrap().is_none());
            let eq = q(
                Some("by-status"),
                Filter::Equals("rahasia".into()),
                false,
                10,
            );
            assert!(keys(db, "b", &eq).await.is_empty());
            assert!(
                keys(db, "b", &q(None, Filter::All, false, 10))
                    .await
                    .is_empty()
            );
            assert!(!delete(db, "b", "items", "same", Expect::Any).await.unwrap());
            assert!(matches!(
                put(
                    db,
                    "b",
                    "items",
                    "same",
                    "{}",
                    Expect::Version(1),
                    &[],
                    TEST_EPOCH
                )
                .await,
                Err(DocError::Conflict { current: 0 })
            ));
            // B writing the same collection/key makes its own document.
            assert_eq!(put_any(db, "b", "same", r#"{"status":"b"}"#).await, 1);
            assert_eq!(
                get(db, "a", "items", "same").await.unwrap().unwrap().data,
                r#"{"status":"rahasia"}"#
            );
            assert_eq!(keys(db, "a", &eq).await, ["same"]);
            put(
                db,
                "a",
                "other-col",
                "x",
                "{}",
                Expect::Any,
                &[],
                TEST_EPOCH,
            )
            .await
            .unwrap();
            assert_eq!(purge(db, "a").await.unwrap(), 2);
            assert!(get(db, "a", "items", "same").await.unwrap().is_none());
            assert!(keys(db, "a", &eq).await.is_empty());
            let idx_rows: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM plugin_document_index WHERE plugin_id = 'a'",
            )
            .fetch_one(&db.pool)
            .await
            .unwrap();
            assert_eq!(idx_rows, 0);
            assert_eq!(count(db, "b").await.unwrap(), 1);
        }
    }
}
