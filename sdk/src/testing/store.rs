//! The in-memory document store of the test host, with the kernel's semantics
//! (`kernel/src/db/docstore.rs`): versions and `expect`, declared indexes over top-level
//! fields, filters, bytewise ordering by (index value, key), keyset cursors bound to
//! their query, and the same limits.

use std::collections::BTreeMap;

use crate::__internal::bindings::eoffice::portal::storage::{
    Document, Expect, Filter, Order, Page, QuerySpec,
};
use crate::__internal::bindings::eoffice::portal::types::Error as WitError;

/// Longest collection or index name, in bytes.
const MAX_NAME_BYTES: usize = 64;
/// Longest key, in bytes.
const MAX_KEY_BYTES: usize = 256;
/// Largest document (JSON text), in bytes.
const MAX_DOCUMENT_BYTES: usize = 256 * 1024;
/// Longest index or filter value, in bytes.
const MAX_INDEX_VALUE_BYTES: usize = 1024;

fn invalid(reason: impl Into<String>) -> WitError {
    WitError::Invalid(reason.into())
}

#[derive(Debug, Clone)]
struct Doc {
    version: u64,
    data: String,
    /// (index name, value) entries.
    index: Vec<(String, String)>,
}

/// Documents of one module, by (collection, key).
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    docs: BTreeMap<(String, String), Doc>,
}

fn validate_name(what: &str, name: &str) -> Result<(), WitError> {
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

fn validate_key(key: &str) -> Result<(), WitError> {
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

fn validate_value(what: &str, value: &str) -> Result<(), WitError> {
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

fn index_entries(
    data: &str,
    indexes: &[(String, String)],
) -> Result<Vec<(String, String)>, WitError> {
    if data.len() > MAX_DOCUMENT_BYTES {
        return Err(invalid(format!(
            "document is {} bytes; at most {MAX_DOCUMENT_BYTES} bytes are allowed",
            data.len()
        )));
    }
    let map = match serde_json::from_str::<serde_json::Value>(data) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(_) => return Err(invalid("document must be a JSON object")),
        Err(e) => return Err(invalid(format!("document is not valid JSON: {e}"))),
    };
    let mut entries: Vec<(String, String)> = Vec::new();
    for (name, field) in indexes {
        let value = match map.get(field) {
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

impl Store {
    pub(crate) fn get(&self, collection: &str, key: &str) -> Result<Option<Document>, WitError> {
        validate_name("collection", collection)?;
        validate_key(key)?;
        Ok(self
            .docs
            .get(&(collection.to_string(), key.to_string()))
            .map(|d| Document {
                key: key.to_string(),
                version: d.version,
                data: d.data.clone(),
            }))
    }

    fn current(&self, collection: &str, key: &str) -> u64 {
        self.docs
            .get(&(collection.to_string(), key.to_string()))
            .map_or(0, |d| d.version)
    }

    pub(crate) fn put(
        &mut self,
        collection: &str,
        key: &str,
        data: &str,
        expect: Expect,
        indexes: &[(String, String)],
    ) -> Result<u64, WitError> {
        validate_name("collection", collection)?;
        validate_key(key)?;
        let index = index_entries(data, indexes)?;
        let current = self.current(collection, key);
        let ok = match expect {
            Expect::Any => true,
            Expect::Absent | Expect::Version(0) => current == 0,
            Expect::Version(n) => current == n,
        };
        if !ok {
            return Err(WitError::Conflict(current));
        }
        let version = current + 1;
        self.docs.insert(
            (collection.to_string(), key.to_string()),
            Doc {
                version,
                data: data.to_string(),
                index,
            },
        );
        Ok(version)
    }

    pub(crate) fn delete(
        &mut self,
        collection: &str,
        key: &str,
        expect: Expect,
    ) -> Result<bool, WitError> {
        validate_name("collection", collection)?;
        validate_key(key)?;
        let current = self.current(collection, key);
        match expect {
            Expect::Any => {}
            Expect::Absent | Expect::Version(0) => {
                return if current == 0 {
                    Ok(false)
                } else {
                    Err(WitError::Conflict(current))
                };
            }
            Expect::Version(n) if n != current => return Err(WitError::Conflict(current)),
            Expect::Version(_) => {}
        }
        Ok(self
            .docs
            .remove(&(collection.to_string(), key.to_string()))
            .is_some())
    }

    pub(crate) fn query(&self, q: &QuerySpec) -> Result<Page, WitError> {
        validate_name("collection", &q.collection)?;
        if let Some(index) = &q.index {
            validate_name("index", index)?;
        }
        if !(1..=crate::storage::MAX_LIMIT).contains(&q.limit) {
            return Err(invalid(format!(
                "limit must be between 1 and {}",
                crate::storage::MAX_LIMIT
            )));
        }
        match &q.filter {
            Filter::All => {}
            Filter::Equals(v) | Filter::Prefix(v) => validate_value("filter value", v)?,
            Filter::Range((a, b)) => {
                for v in [a, b].into_iter().flatten() {
                    validate_value("filter value", v)?;
                }
            }
        }
        let cursor = q
            .cursor
            .as_deref()
            .map(|c| decode_cursor(q, c))
            .transpose()?;
        let descending = q.order == Order::Descending;

        let mut rows: Vec<(String, &String, &Doc)> = self
            .docs
            .iter()
            .filter(|((c, _), _)| *c == q.collection)
            .filter_map(|((_, key), doc)| {
                let position = match &q.index {
                    Some(name) => doc.index.iter().find(|(n, _)| n == name)?.1.clone(),
                    None => key.clone(),
                };
                Some((position, key, doc))
            })
            .filter(|(pos, _, _)| match &q.filter {
                Filter::All => true,
                Filter::Equals(v) => pos == v,
                Filter::Prefix(p) => pos.starts_with(p.as_str()),
                Filter::Range((a, b)) => {
                    a.as_ref().is_none_or(|a| pos >= a) && b.as_ref().is_none_or(|b| pos <= b)
                }
            })
            .filter(|(pos, key, _)| match &cursor {
                None => true,
                Some((cv, ck)) => {
                    let here = (pos.as_str(), key.as_str());
                    let there = (cv.as_str(), ck.as_str());
                    if descending {
                        here < there
                    } else {
                        here > there
                    }
                }
            })
            .collect();
        rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        if descending {
            rows.reverse();
        }
        let limit = q.limit as usize;
        let next_cursor = (rows.len() > limit).then(|| {
            let (pos, key, _) = &rows[limit - 1];
            encode_cursor(q, pos, key)
        });
        Ok(Page {
            documents: rows
                .into_iter()
                .take(limit)
                .map(|(_, key, doc)| Document {
                    key: key.clone(),
                    version: doc.version,
                    data: doc.data.clone(),
                })
                .collect(),
            next_cursor,
        })
    }
}

/// What a cursor is bound to: the collection, index, filter and order of its query.
fn fingerprint(q: &QuerySpec) -> String {
    format!(
        "{}|{:?}|{:?}|{:?}",
        q.collection, q.index, q.filter, q.order
    )
}

fn encode_cursor(q: &QuerySpec, position: &str, key: &str) -> String {
    let json = serde_json::json!({ "q": fingerprint(q), "v": position, "k": key }).to_string();
    json.bytes().map(|b| format!("{b:02x}")).collect()
}

const CURSOR_REFUSED: &str = "cursor is not valid for this query; start again without a cursor";

fn decode_cursor(q: &QuerySpec, cursor: &str) -> Result<(String, String), WitError> {
    let bytes: Option<Vec<u8>> = cursor
        .len()
        .is_multiple_of(2)
        .then(|| {
            (0..cursor.len())
                .step_by(2)
                .map(|i| {
                    cursor
                        .get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                })
                .collect()
        })
        .flatten();
    let value: serde_json::Value = bytes
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| invalid(CURSOR_REFUSED))?;
    if value["q"].as_str() != Some(fingerprint(q).as_str()) {
        return Err(invalid(CURSOR_REFUSED));
    }
    match (value["v"].as_str(), value["k"].as_str()) {
        (Some(v), Some(k)) => Ok((v.to_string(), k.to_string())),
        _ => Err(invalid(CURSOR_REFUSED)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx() -> Vec<(String, String)> {
        vec![("by_nip".into(), "nip".into()), ("by_n".into(), "n".into())]
    }

    fn q(index: Option<&str>, filter: Filter, order: Order, limit: u32) -> QuerySpec {
        QuerySpec {
            collection: "docs".into(),
            index: index.map(String::from),
            filter,
            order,
            limit,
            cursor: None,
        }
    }

    fn keys(p: &Page) -> Vec<&str> {
        p.documents.iter().map(|d| d.key.as_str()).collect()
    }

    #[test]
    fn versions_and_expect() {
        let mut s = Store::default();
        assert_eq!(s.put("docs", "a", "{}", Expect::Absent, &[]), Ok(1));
        assert_eq!(
            s.put("docs", "a", "{}", Expect::Absent, &[]),
            Err(WitError::Conflict(1))
        );
        assert_eq!(
            s.put("docs", "a", "{}", Expect::Version(2), &[]),
            Err(WitError::Conflict(1))
        );
        assert_eq!(s.put("docs", "a", "{}", Expect::Version(1), &[]), Ok(2));
        assert_eq!(s.put("docs", "a", "{}", Expect::Any, &[]), Ok(3));
        assert_eq!(
            s.put("docs", "b", "{}", Expect::Version(1), &[]),
            Err(WitError::Conflict(0))
        );
        assert_eq!(s.delete("docs", "b", Expect::Any), Ok(false));
        assert_eq!(
            s.delete("docs", "b", Expect::Version(1)),
            Err(WitError::Conflict(0))
        );
        assert_eq!(
            s.delete("docs", "a", Expect::Absent),
            Err(WitError::Conflict(3))
        );
        assert_eq!(s.delete("docs", "a", Expect::Version(3)), Ok(true));
        assert_eq!(s.get("docs", "a"), Ok(None));
        assert!(matches!(
            s.put("docs", "x", "[1]", Expect::Any, &[]),
            Err(WitError::Invalid(_))
        ));
        assert!(matches!(
            s.put("Docs", "x", "{}", Expect::Any, &[]),
            Err(WitError::Invalid(_))
        ));
        assert!(matches!(
            s.put("docs", "", "{}", Expect::Any, &[]),
            Err(WitError::Invalid(_))
        ));
    }

    #[test]
    fn queries_filter_order_and_page() {
        let mut s = Store::default();
        for (k, nip, n) in [
            ("k1", "200", 3),
            ("k2", "100", 1),
            ("k3", "100", 2),
            ("k4", "300", 10),
        ] {
            let data = serde_json::json!({ "nip": nip, "n": n }).to_string();
            s.put("docs", k, &data, Expect::Any, &idx()).unwrap();
        }
        s.put("docs", "k5", r#"{"other":1}"#, Expect::Any, &idx())
            .unwrap();
        s.put("other", "k9", r#"{"nip":"100"}"#, Expect::Any, &idx())
            .unwrap();

        let all = s
            .query(&q(None, Filter::All, Order::Ascending, 10))
            .unwrap();
        assert_eq!(keys(&all), ["k1", "k2", "k3", "k4", "k5"]);
        let eq = s
            .query(&q(
                Some("by_nip"),
                Filter::Equals("100".into()),
                Order::Ascending,
                10,
            ))
            .unwrap();
        assert_eq!(keys(&eq), ["k2", "k3"]);
        let desc = s
            .query(&q(Some("by_nip"), Filter::All, Order::Descending, 10))
            .unwrap();
        assert_eq!(keys(&desc), ["k4", "k1", "k3", "k2"]);
        // Numbers are indexed as JSON text: "10" < "2".
        let by_n = s
            .query(&q(
                Some("by_n"),
                Filter::Range((Some("1".into()), Some("2".into()))),
                Order::Ascending,
                10,
            ))
            .unwrap();
        assert_eq!(keys(&by_n), ["k2", "k4", "k3"]);
        let prefix = s
            .query(&q(None, Filter::Prefix("k".into()), Order::Ascending, 10))
            .unwrap();
        assert_eq!(prefix.documents.len(), 5);

        // Paging: two per page, ascending and descending, over an index.
        for order in [Order::Ascending, Order::Descending] {
            let mut spec = q(Some("by_nip"), Filter::All, order, 2);
            let mut seen = Vec::new();
            loop {
                let page = s.query(&spec).unwrap();
                seen.extend(keys(&page).into_iter().map(String::from));
                match page.next_cursor {
                    Some(c) => spec.cursor = Some(c),
                    None => break,
                }
            }
            let mut expected = vec!["k2", "k3", "k1", "k4"];
            if order == Order::Descending {
                expected.reverse();
            }
            assert_eq!(seen, expected);
        }

        // A cursor is bound to its query.
        let page = s
            .query(&q(Some("by_nip"), Filter::All, Order::Ascending, 1))
            .unwrap();
        let mut other = q(None, Filter::All, Order::Ascending, 1);
        other.cursor = page.next_cursor;
        assert!(matches!(s.query(&other), Err(WitError::Invalid(_))));
        let mut garbage = q(None, Filter::All, Order::Ascending, 1);
        garbage.cursor = Some("zz".into());
        assert!(matches!(s.query(&garbage), Err(WitError::Invalid(_))));
        for limit in [0, 201] {
            assert!(matches!(
                s.query(&q(None, Filter::All, Order::Ascending, limit)),
                Err(WitError::Invalid(_))
            ));
        }
    }
}
