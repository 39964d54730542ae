//! The in-memory kernel behind the capability wrappers in native builds: one
//! [`HostState`] per [`TestHost`](super::TestHost), made current for the thread while a
//! test runs, and the `sys` functions (same signatures as the wit imports) that use it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use super::store::Store;
use crate::__internal::bindings::eoffice::portal::clock::Instant;
use crate::__internal::bindings::eoffice::portal::directory::{Employee, Unit};
use crate::__internal::bindings::eoffice::portal::http;
use crate::__internal::bindings::eoffice::portal::log::Level;
use crate::__internal::bindings::eoffice::portal::notifications::Notification;
use crate::__internal::bindings::eoffice::portal::records::Change;
use crate::__internal::bindings::eoffice::portal::types::Error as WitError;
use crate::Manifest;

/// An event the module published.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedEvent {
    /// The id `publish` returned.
    pub id: u64,
    /// The topic.
    pub topic: String,
    /// The payload.
    pub payload: serde_json::Value,
}

/// A notification the module sent, with where it went.
#[derive(Debug, Clone, PartialEq)]
pub struct SentNotification {
    /// The recipient's NIP, or `role:ROLE` for `send_to_role`.
    pub to: String,
    /// The notification as sent.
    pub notification: Notification,
}

/// The state of the in-memory kernel.
#[derive(Debug)]
pub(crate) struct HostState {
    pub(crate) module_id: String,
    pub(crate) grants: BTreeSet<String>,
    pub(crate) now: Instant,
    pub(crate) store: Store,
    /// Collection → declared (index name, field).
    pub(crate) indexes: BTreeMap<String, Vec<(String, String)>>,
    pub(crate) employees: BTreeMap<String, Employee>,
    pub(crate) supervisors: BTreeMap<String, String>,
    pub(crate) anpeg: BTreeMap<String, Vec<String>>,
    pub(crate) units: BTreeMap<String, Unit>,
    pub(crate) role_members: BTreeMap<String, BTreeSet<String>>,
    pub(crate) settings: BTreeMap<String, String>,
    pub(crate) notifications: Vec<SentNotification>,
    pub(crate) events: Vec<PublishedEvent>,
    pub(crate) next_event_id: u64,
    pub(crate) records: Vec<Change>,
    pub(crate) logs: Vec<(Level, String)>,
    pub(crate) http_routes: Vec<(String, http::Response)>,
    pub(crate) http_requests: Vec<http::Request>,
}

impl HostState {
    pub(crate) fn new(manifest: &Manifest) -> HostState {
        HostState {
            module_id: manifest.id.clone(),
            grants: manifest.capabilities.iter().cloned().collect(),
            // 2026-01-05 08:00 WIB, a Monday.
            now: Instant {
                unix_ms: 1_767_574_800_000,
                utc_offset_minutes: 420,
            },
            store: Store::default(),
            indexes: manifest
                .collections
                .iter()
                .map(|c| {
                    let idx = c
                        .indexes
                        .iter()
                        .map(|i| (i.name.clone(), i.field.clone()))
                        .collect();
                    (c.name.clone(), idx)
                })
                .collect(),
            employees: BTreeMap::new(),
            supervisors: BTreeMap::new(),
            anpeg: BTreeMap::new(),
            units: BTreeMap::new(),
            role_members: BTreeMap::new(),
            settings: manifest
                .settings
                .iter()
                .map(|s| (s.key.clone(), s.default_value.clone()))
                .collect(),
            notifications: Vec::new(),
            events: Vec::new(),
            next_event_id: 1,
            records: Vec::new(),
            logs: Vec::new(),
            http_routes: Vec::new(),
            http_requests: Vec::new(),
        }
    }

    /// The kernel's grant check (`log` and `clock` need none).
    fn require(&self, capability: &str) -> Result<(), WitError> {
        if self.grants.contains(capability) {
            Ok(())
        } else {
            Err(WitError::Denied(format!(
                "kapabilitas {capability} tidak diberikan kepada modul {}",
                self.module_id
            )))
        }
    }

    fn indexes(&self, collection: &str) -> Result<Vec<(String, String)>, WitError> {
        self.indexes.get(collection).cloned().ok_or_else(|| {
            WitError::Invalid(format!(
                "koleksi {collection:?} tidak dideklarasikan di manifest"
            ))
        })
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<RefCell<HostState>>>> = const { RefCell::new(None) };
}

/// Makes `state` the host of this thread's capability calls.
pub(crate) fn install(state: &Rc<RefCell<HostState>>) {
    CURRENT.with(|c| *c.borrow_mut() = Some(Rc::clone(state)));
}

fn with<R>(f: impl FnOnce(&mut HostState) -> R) -> R {
    let state = CURRENT.with(|c| c.borrow().clone()).expect(
        "a capability was called outside a test host: create an eoffice_sdk::testing::TestHost first",
    );
    let mut guard = state.borrow_mut();
    f(&mut guard)
}

/// The capability imports, implemented in memory (same signatures as the wit imports).
pub mod sys {
    #![allow(missing_docs)]

    pub mod log {
        pub use crate::__internal::bindings::eoffice::portal::log::Level;

        pub fn log(level: Level, message: &str) {
            super::super::with(|s| s.logs.push((level, message.to_string())));
        }
    }

    pub mod clock {
        use crate::__internal::bindings::eoffice::portal::clock::Instant;

        pub fn now() -> Instant {
            super::super::with(|s| s.now)
        }
    }

    pub mod storage {
        use super::super::with;
        use crate::__internal::bindings::eoffice::portal::storage::{
            Document, Expect, Page, QuerySpec,
        };
        use crate::__internal::bindings::eoffice::portal::types::Error;

        pub fn get(collection: &str, key: &str) -> Result<Option<Document>, Error> {
            with(|s| {
                s.require("storage")?;
                s.indexes(collection)?;
                s.store.get(collection, key)
            })
        }

        pub fn put(collection: &str, key: &str, data: &str, expect: Expect) -> Result<u64, Error> {
            with(|s| {
                s.require("storage")?;
                let indexes = s.indexes(collection)?;
                s.store.put(collection, key, data, expect, &indexes)
            })
        }

        pub fn delete(collection: &str, key: &str, expect: Expect) -> Result<bool, Error> {
            with(|s| {
                s.require("storage")?;
                s.indexes(collection)?;
                s.store.delete(collection, key, expect)
            })
        }

        pub fn query(q: &QuerySpec) -> Result<Page, Error> {
            with(|s| {
                s.require("storage")?;
                let indexes = s.indexes(&q.collection)?;
                if let Some(index) = &q.index
                    && !indexes.iter().any(|(name, _)| name == index)
                {
                    return Err(Error::Invalid(format!(
                        "indeks {index:?} tidak dideklarasikan untuk koleksi {:?}",
                        q.collection
                    )));
                }
                s.store.query(q)
            })
        }
    }

    pub mod directory {
        use super::super::{HostState, with};
        use crate::__internal::bindings::eoffice::portal::directory::{Employee, Unit};
        use crate::__internal::bindings::eoffice::portal::types::Error;

        fn sorted(mut list: Vec<Employee>) -> Vec<Employee> {
            list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.nip.cmp(&b.nip)));
            list
        }

        fn employee(s: &HostState, nip: &str) -> Result<Employee, Error> {
            s.employees.get(nip).cloned().ok_or(Error::NotFound)
        }

        pub fn get(nip: &str) -> Result<Employee, Error> {
            with(|s| {
                s.require("directory")?;
                employee(s, nip)
            })
        }

        pub fn supervisor(nip: &str) -> Result<Option<Employee>, Error> {
            with(|s| {
                s.require("directory")?;
                employee(s, nip)?;
                Ok(s.supervisors
                    .get(nip)
                    .and_then(|a| s.employees.get(a))
                    .cloned())
            })
        }

        pub fn direct_reports(nip: &str) -> Result<Vec<Employee>, Error> {
            with(|s| {
                s.require("directory")?;
                Ok(sorted(
                    s.supervisors
                        .iter()
                        .filter(|(_, a)| *a == nip)
                        .filter_map(|(n, _)| s.employees.get(n).cloned())
                        .collect(),
                ))
            })
        }

        pub fn anpeg(nip: &str) -> Result<Vec<Employee>, Error> {
            with(|s| {
                s.require("directory")?;
                let unit = employee(s, nip)?.unit_code;
                Ok(sorted(
                    s.anpeg
                        .get(&unit)
                        .into_iter()
                        .flatten()
                        .filter_map(|n| s.employees.get(n).cloned())
                        .collect(),
                ))
            })
        }

        pub fn get_unit(code: &str) -> Result<Unit, Error> {
            with(|s| {
                s.require("directory")?;
                s.units.get(code).cloned().ok_or(Error::NotFound)
            })
        }

        pub fn unit_members(code: &str, offset: u32, limit: u32) -> Result<Vec<Employee>, Error> {
            with(|s| {
                s.require("directory")?;
                if limit > 500 {
                    return Err(Error::Invalid("limit paling banyak 500".into()));
                }
                Ok(sorted(
                    s.employees
                        .values()
                        .filter(|e| e.unit_code == code)
                        .cloned()
                        .collect(),
                )
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .collect())
            })
        }

        pub fn search(query: &str, limit: u32) -> Result<Vec<Employee>, Error> {
            with(|s| {
                s.require("directory")?;
                if limit > 50 {
                    return Err(Error::Invalid("limit paling banyak 50".into()));
                }
                if query.len() > 200 {
                    return Err(Error::Invalid("kueri terlalu panjang".into()));
                }
                let wanted: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
                if wanted.is_empty() {
                    return Ok(Vec::new());
                }
                Ok(sorted(
                    s.employees
                        .values()
                        .filter(|e| {
                            let words: Vec<String> = e
                                .name
                                .split(|c: char| !c.is_alphanumeric())
                                .map(str::to_lowercase)
                                .collect();
                            wanted
                                .iter()
                                .all(|w| words.iter().any(|x| x.starts_with(w.as_str())))
                        })
                        .cloned()
                        .collect(),
                )
                .into_iter()
                .take(limit as usize)
                .collect())
            })
        }
    }

    pub mod records {
        use super::super::with;
        use crate::__internal::bindings::eoffice::portal::records::Change;
        use crate::__internal::bindings::eoffice::portal::types::Error;

        pub fn apply(change: &Change) -> Result<(), Error> {
            with(|s| {
                s.require("records")?;
                if change.section != "identitas" {
                    return Err(Error::Invalid(format!(
                        "bagian {:?} tidak dikenal",
                        change.section
                    )));
                }
                if let Some((field, _)) = change
                    .fields
                    .iter()
                    .find(|(f, _)| f != "email" && f != "telepon")
                {
                    return Err(Error::Invalid(format!(
                        "kolom {field:?} tidak dapat diubah"
                    )));
                }
                if !s.employees.is_empty() && !s.employees.contains_key(&change.nip) {
                    return Err(Error::NotFound);
                }
                s.records.push(change.clone());
                Ok(())
            })
        }
    }

    pub mod notifications {
        use super::super::{SentNotification, with};
        use crate::__internal::bindings::eoffice::portal::notifications::Notification;
        use crate::__internal::bindings::eoffice::portal::types::Error;

        fn validate(n: &Notification) -> Result<(), Error> {
            if n.title.trim().is_empty() || n.title.len() > 200 {
                return Err(Error::Invalid(
                    "judul kosong atau lebih dari 200 byte".into(),
                ));
            }
            if n.body.len() > 4000 {
                return Err(Error::Invalid("isi lebih dari 4000 byte".into()));
            }
            if n.link.as_ref().is_some_and(|l| l.len() > 1000) {
                return Err(Error::Invalid("tautan terlalu panjang".into()));
            }
            Ok(())
        }

        pub fn send(n: &Notification) -> Result<(), Error> {
            with(|s| {
                s.require("notifications")?;
                validate(n)?;
                // Like the kernel, the recipient must be an employee (when the test filled
                // the directory at all).
                if !s.employees.is_empty() && !s.employees.contains_key(&n.recipient) {
                    return Err(Error::NotFound);
                }
                s.notifications.push(SentNotification {
                    to: n.recipient.clone(),
                    notification: n.clone(),
                });
                Ok(())
            })
        }

        pub fn send_to_role(role: &str, n: &Notification) -> Result<u32, Error> {
            with(|s| {
                s.require("notifications")?;
                validate(n)?;
                let count = if role == "pegawai" {
                    s.employees.len()
                } else {
                    s.role_members.get(role).map_or(0, |m| m.len())
                };
                s.notifications.push(SentNotification {
                    to: format!("role:{role}"),
                    notification: n.clone(),
                });
                Ok(count as u32)
            })
        }
    }

    pub mod events {
        use super::super::{PublishedEvent, with};
        use crate::__internal::bindings::eoffice::portal::types::Error;

        pub fn publish(topic: &str, payload: &str) -> Result<u64, Error> {
            with(|s| {
                s.require("events")?;
                let b = topic.as_bytes();
                let valid = (1..=100).contains(&b.len())
                    && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
                    && b.iter().all(|c| {
                        c.is_ascii_lowercase()
                            || c.is_ascii_digit()
                            || matches!(c, b'.' | b'_' | b'-')
                    });
                if !valid {
                    return Err(Error::Invalid(format!("topik {topic:?} tidak valid")));
                }
                if payload.len() > 64 * 1024 {
                    return Err(Error::Invalid("payload melebihi 64 KiB".into()));
                }
                let payload: serde_json::Value = serde_json::from_str(payload)
                    .map_err(|_| Error::Invalid("payload bukan JSON".into()))?;
                let id = s.next_event_id;
                s.next_event_id += 1;
                s.events.push(PublishedEvent {
                    id,
                    topic: topic.to_string(),
                    payload,
                });
                Ok(id)
            })
        }
    }

    pub mod settings {
        use super::super::with;
        use crate::__internal::bindings::eoffice::portal::types::Error;

        pub fn get(key: &str) -> Result<String, Error> {
            with(|s| {
                s.require("settings")?;
                s.settings.get(key).cloned().ok_or(Error::NotFound)
            })
        }

        pub fn all() -> Result<Vec<(String, String)>, Error> {
            with(|s| {
                s.require("settings")?;
                Ok(s.settings
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect())
            })
        }
    }

    pub mod http {
        use super::super::with;
        use crate::__internal::bindings::eoffice::portal::http::{Request, Response};
        use crate::__internal::bindings::eoffice::portal::types::Error;

        /// `http:HOST` (or `http:HOST:PORT` with an explicit port) for a URL.
        fn capability_for(url: &str) -> Result<String, Error> {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .ok_or_else(|| Error::Invalid("hanya URL http(s)".into()))?;
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            if authority.contains('@') {
                return Err(Error::Invalid("URL tidak boleh memuat kredensial".into()));
            }
            if authority.is_empty() {
                return Err(Error::Invalid("URL tanpa host".into()));
            }
            Ok(format!("http:{}", authority.to_ascii_lowercase()))
        }

        pub fn fetch(req: &Request) -> Result<Response, Error> {
            with(|s| {
                let capability = capability_for(&req.url)?;
                s.require(&capability)?;
                s.http_requests.push(req.clone());
                s.http_routes
                    .iter()
                    .rev()
                    .find(|(prefix, _)| req.url.starts_with(prefix.as_str()))
                    .map(|(_, resp)| resp.clone())
                    .ok_or_else(|| {
                        Error::Unavailable(format!("tidak ada respons uji untuk {}", req.url))
                    })
            })
        }
    }
}
