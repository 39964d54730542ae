//! `storage`: the module's private JSON documents. The module id is the host's; the
//! guest names only collection and key, so it can never reach another module's data.
//! Collections must be declared in the manifest, and queries may use declared indexes only.

use super::unavailable;
use crate::db::docstore::{self, DocError};
use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::storage::{
    Document, Expect, Filter, Host, Order, Page, QuerySpec,
};
use crate::plugins::runtime::HostState;

fn doc(d: docstore::Document) -> Document {
    Document {
        key: d.key,
        version: d.version.max(0) as u64,
        data: d.data,
    }
}

fn expect(e: Expect) -> docstore::Expect {
    match e {
        Expect::Any => docstore::Expect::Any,
        Expect::Absent => docstore::Expect::Absent,
        Expect::Version(v) => docstore::Expect::Version(v.min(i64::MAX as u64) as i64),
    }
}

fn error(e: DocError) -> CapabilityError {
    match e {
        DocError::Conflict { current } => CapabilityError::Conflict(current.max(0) as u64),
        DocError::Invalid(reason) => CapabilityError::Invalid(reason),
        DocError::Db(e) => unavailable(e),
    }
}

impl HostState {
    /// The declared indexes of a collection; unknown collections are refused.
    fn indexes(&self, collection: &str) -> Result<Vec<(String, String)>, CapabilityError> {
        self.module.indexes.get(collection).cloned().ok_or_else(|| {
            CapabilityError::Invalid(format!(
                "koleksi {collection:?} tidak dideklarasikan di manifest"
            ))
        })
    }
}

impl Host for HostState {
    async fn get(
        &mut self,
        collection: String,
        key: String,
    ) -> Result<Option<Document>, CapabilityError> {
        self.require("storage", "storage.get").await?;
        self.indexes(&collection)?;
        docstore::get(&self.state.db, &self.module.id, &collection, &key)
            .await
            .map(|d| d.map(doc))
            .map_err(unavailable)
    }

    async fn put(
        &mut self,
        collection: String,
        key: String,
        data: String,
        exp: Expect,
    ) -> Result<u64, CapabilityError> {
        self.require("storage", "storage.put").await?;
        let indexes = self.indexes(&collection)?;
        docstore::put(
            &self.state.db,
            &self.module.id,
            &collection,
            &key,
            &data,
            expect(exp),
            &indexes,
            self.state.now(),
        )
        .await
        .map(|v| v.max(0) as u64)
        .map_err(error)
    }

    async fn delete(
        &mut self,
        collection: String,
        key: String,
        exp: Expect,
    ) -> Result<bool, CapabilityError> {
        self.require("storage", "storage.delete").await?;
        self.indexes(&collection)?;
        docstore::delete(
            &self.state.db,
            &self.module.id,
            &collection,
            &key,
            expect(exp),
        )
        .await
        .map_err(error)
    }

    async fn query(&mut self, q: QuerySpec) -> Result<Page, CapabilityError> {
        self.require("storage", "storage.query").await?;
        let indexes = self.indexes(&q.collection)?;
        if let Some(index) = &q.index
            && !indexes.iter().any(|(name, _)| name == index)
        {
            return Err(CapabilityError::Invalid(format!(
                "indeks {index:?} tidak dideklarasikan untuk koleksi {:?}",
                q.collection
            )));
        }
        let query = docstore::Query {
            collection: q.collection,
            index: q.index,
            filter: match q.filter {
                Filter::All => docstore::Filter::All,
                Filter::Equals(v) => docstore::Filter::Equals(v),
                Filter::Prefix(v) => docstore::Filter::Prefix(v),
                Filter::Range((from, to)) => docstore::Filter::Range(from, to),
            },
            descending: matches!(q.order, Order::Descending),
            limit: q.limit,
            cursor: q.cursor,
        };
        let page = docstore::query(&self.state.db, &self.module.id, &query)
            .await
            .map_err(error)?;
        Ok(Page {
            documents: page.documents.into_iter().map(doc).collect(),
            next_cursor: page.next_cursor,
        })
    }
}
