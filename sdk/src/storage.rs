//! Capability `storage`: the module's private JSON document store, typed.
//!
//! Declare every collection (and its indexes) in the manifest with
//! [`Manifest::collection`](crate::Manifest::collection); the kernel refuses the others.
//! A [`Collection<T>`] stores values of one serde type as JSON objects:
//!
//! ```no_run
//! use eoffice_sdk::storage::{Collection, Expect};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Dokumen { nip: String, judul: String }
//!
//! const DOKUMEN: Collection<Dokumen> = Collection::new("dokumen");
//!
//! # fn main() -> eoffice_sdk::Result<()> {
//! DOKUMEN.insert("1", &Dokumen { nip: "1987".into(), judul: "Nota".into() })?;
//! let mut stored = DOKUMEN.get("1")?.expect("just written");
//! stored.value.judul = "Nota dinas".into();
//! DOKUMEN.update(&stored)?;                       // fails with Conflict if changed meanwhile
//! let mine = DOKUMEN.by("pemilik").equals("1987").limit(20).fetch()?;
//! for doc in mine.items { println!("{} v{}: {}", doc.key, doc.version, doc.value.judul); }
//! # Ok(()) }
//! ```
//!
//! Semantics (the kernel's and the test host's): the first write makes version 1, each
//! write adds one; [`Expect`] states what the caller believes is stored and a mismatch
//! fails with [`Error::Conflict`] carrying the stored version (0 = none) without
//! changing anything. Queries order by key, or by an index value then key, and page with
//! opaque cursors. Index values are top-level fields: strings as is, numbers and booleans
//! as their JSON text (so number order is text order: pad numbers you range over);
//! documents without the field are not in the index.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::__internal::bindings::eoffice::portal::storage::{
    Document, Expect, Filter, Order, Page, QuerySpec,
};
use crate::{Error, sys};

/// Most documents one query returns.
pub const MAX_LIMIT: u32 = 200;

/// The raw document `key` of `collection`.
pub fn get(collection: &str, key: &str) -> Result<Option<Document>, Error> {
    Ok(sys::storage::get(collection, key)?)
}

/// Writes raw JSON text (an object); returns the new version.
pub fn put(collection: &str, key: &str, data: &str, expect: Expect) -> Result<u64, Error> {
    Ok(sys::storage::put(collection, key, data, expect)?)
}

/// Deletes a document; returns whether one was deleted.
pub fn delete(collection: &str, key: &str, expect: Expect) -> Result<bool, Error> {
    Ok(sys::storage::delete(collection, key, expect)?)
}

/// Runs a raw query.
pub fn query(q: &QuerySpec) -> Result<Page, Error> {
    Ok(sys::storage::query(q)?)
}

/// A stored value with its key and version.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    /// The key within the collection.
    pub key: String,
    /// The version read (1 after the first write).
    pub version: u64,
    /// The value.
    pub value: T,
}

/// One page of query results.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The values, in query order.
    pub items: Vec<Stored<T>>,
    /// Pass to [`Query::after`] for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A typed collection of JSON documents (values of `T` must serialise to JSON objects).
pub struct Collection<T> {
    name: &'static str,
    _value: PhantomData<fn() -> T>,
}

impl<T> Clone for Collection<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Collection<T> {}

impl<T> std::fmt::Debug for Collection<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Collection({:?})", self.name)
    }
}

impl<T> Collection<T> {
    /// The collection `name` (declared in the manifest).
    pub const fn new(name: &'static str) -> Collection<T> {
        Collection {
            name,
            _value: PhantomData,
        }
    }

    /// The collection's name.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<T: Serialize + DeserializeOwned> Collection<T> {
    fn decode(&self, d: Document) -> Result<Stored<T>, Error> {
        let value = serde_json::from_str(&d.data).map_err(|e| {
            Error::Invalid(format!(
                "dokumen {:?} di koleksi {} tidak cocok dengan tipenya: {e}",
                d.key, self.name
            ))
        })?;
        Ok(Stored {
            key: d.key,
            version: d.version,
            value,
        })
    }

    fn encode(value: &T) -> Result<String, Error> {
        serde_json::to_string(value)
            .map_err(|e| Error::Invalid(format!("nilai tidak dapat disimpan: {e}")))
    }

    /// The value under `key`, if any.
    pub fn get(&self, key: &str) -> Result<Option<Stored<T>>, Error> {
        get(self.name, key)?.map(|d| self.decode(d)).transpose()
    }

    /// Writes `value` if `expect` matches what is stored; returns the new version.
    pub fn put(&self, key: &str, value: &T, expect: Expect) -> Result<u64, Error> {
        put(self.name, key, &Self::encode(value)?, expect)
    }

    /// Writes a new value; [`Error::Conflict`] if the key exists.
    pub fn insert(&self, key: &str, value: &T) -> Result<u64, Error> {
        self.put(key, value, Expect::Absent)
    }

    /// Writes back a value read with [`get`](Self::get) (expecting its version);
    /// [`Error::Conflict`] if someone wrote in between. Returns the new version.
    pub fn update(&self, stored: &Stored<T>) -> Result<u64, Error> {
        self.put(&stored.key, &stored.value, Expect::Version(stored.version))
    }

    /// Writes regardless of what is stored; returns the new version.
    pub fn upsert(&self, key: &str, value: &T) -> Result<u64, Error> {
        self.put(key, value, Expect::Any)
    }

    /// Deletes `key` if `expect` matches; returns whether a document was deleted.
    pub fn delete(&self, key: &str, expect: Expect) -> Result<bool, Error> {
        delete(self.name, key, expect)
    }

    /// A query over all documents, in key order.
    pub fn all(&self) -> Query<T> {
        Query {
            collection: *self,
            spec: QuerySpec {
                collection: self.name.to_string(),
                index: None,
                filter: Filter::All,
                order: Order::Ascending,
                limit: 50,
                cursor: None,
            },
        }
    }

    /// A query by a declared index, in index-value then key order.
    pub fn by(&self, index: &str) -> Query<T> {
        let mut q = self.all();
        q.spec.index = Some(index.to_string());
        q
    }
}

/// A query being built; run it with [`fetch`](Query::fetch). Default: every document,
/// ascending, 50 per page.
pub struct Query<T> {
    collection: Collection<T>,
    spec: QuerySpec,
}

impl<T> Clone for Query<T> {
    fn clone(&self) -> Self {
        Query {
            collection: self.collection,
            spec: self.spec.clone(),
        }
    }
}

impl<T> std::fmt::Debug for Query<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query").field("spec", &self.spec).finish()
    }
}

impl<T: Serialize + DeserializeOwned> Query<T> {
    /// Value (or key, without an index) equal to `value`.
    pub fn equals(mut self, value: impl Into<String>) -> Query<T> {
        self.spec.filter = Filter::Equals(value.into());
        self
    }
    /// Value starting with `prefix`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Query<T> {
        self.spec.filter = Filter::Prefix(prefix.into());
        self
    }
    /// Value within `[from, to]`; `None` leaves an end open.
    pub fn range(mut self, from: Option<&str>, to: Option<&str>) -> Query<T> {
        self.spec.filter = Filter::Range((from.map(str::to_string), to.map(str::to_string)));
        self
    }
    /// Largest first.
    pub fn descending(mut self) -> Query<T> {
        self.spec.order = Order::Descending;
        self
    }
    /// Page size, 1–[`MAX_LIMIT`].
    pub fn limit(mut self, limit: u32) -> Query<T> {
        self.spec.limit = limit;
        self
    }
    /// Continues after a previous page (`Found::next_cursor`); `None` starts at the top.
    pub fn after(mut self, cursor: Option<impl Into<String>>) -> Query<T> {
        self.spec.cursor = cursor.map(Into::into);
        self
    }
    /// The raw query.
    pub fn spec(&self) -> &QuerySpec {
        &self.spec
    }
    /// Runs the query: one page.
    pub fn fetch(&self) -> Result<Found<T>, Error> {
        let page = query(&self.spec)?;
        Ok(Found {
            items: page
                .documents
                .into_iter()
                .map(|d| self.collection.decode(d))
                .collect::<Result<_, _>>()?,
            next_cursor: page.next_cursor,
        })
    }
    /// The first match, if any.
    pub fn first(&self) -> Result<Option<Stored<T>>, Error> {
        let mut q = self.clone();
        q.spec.limit = 1;
        Ok(q.fetch()?.items.into_iter().next())
    }
}
