//! Testing modules natively, without compiling to WebAssembly or running the kernel.
//!
//! In native builds every capability wrapper of the SDK calls an in-memory kernel
//! instead of the WebAssembly imports. [`TestHost`] owns one, drives the module's entry
//! points like the kernel does (a [`Context`] for the chosen user, requests, events) and
//! lets the test inspect what the module did:
//!
//! - storage with the kernel's semantics: versions and `Expect`, only the collections
//!   and indexes declared in the manifest, filters, ordering, cursors and limits;
//! - a directory the test fills ([`TestHost::add_employee`], supervisors, Anpeg, units);
//! - notifications, published events, staff-record changes and log lines, captured;
//! - settings with the manifest's defaults, overridable ([`TestHost::set_setting`]);
//! - a settable clock (default 2026-01-05 08:00 WIB, a Monday);
//! - canned HTTP responses ([`TestHost::http_response`]);
//! - **grants**: the capabilities the manifest requests are granted (as an administrator
//!   would); [`TestHost::revoke`] withdraws one and calls then fail with
//!   [`Error::Denied`], like the kernel. A capability missing from the manifest is never
//!   granted unless the test calls [`TestHost::grant`].
//!
//! ```
//! use eoffice_sdk::prelude::*;
//! use eoffice_sdk::testing::TestHost;
//!
//! struct Halo;
//! impl Plugin for Halo {
//!     fn describe() -> Manifest { manifest!("halo", "Halo") }
//!     fn handle(ctx: &Context, _req: &Request) -> Result<Response> {
//!         Ok(Response::page("Halo", vec![Block::text(format!("Halo, {}", ctx.nip().unwrap_or("-")))]))
//!     }
//! }
//!
//! let mut host = TestHost::new::<Halo>();
//! host.as_user("198701012010011001", &["pegawai"]);
//! let page = host.get("/");
//! assert_eq!(page.status, 200);
//! assert!(page.text().contains("Halo, 198701012010011001"));
//! ```
//!
//! Not modelled: the per-call budgets (host calls, bytes, 100 ms deadline, 64 MiB
//! memory), HTML rendering and CSRF (the kernel's), and event delivery between modules
//! (deliver events yourself with [`TestHost::deliver_event`]).

mod host;
mod store;

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;

#[doc(hidden)]
pub use host::sys;
pub use host::{PublishedEvent, SentNotification};

use crate::clock::{Date, LocalDateTime};
use crate::directory::{Employee, Unit};
use crate::http;
use crate::log::Level;
use crate::records::Change;
use crate::storage::Document;
use crate::{
    Card, Context, Error, Event, Format, Manifest, Method, Plugin, Request, Response, User,
};
use host::HostState;

/// The NIP of the default test user.
pub const DEFAULT_NIP: &str = "198701012010011001";

type Dashboard = fn(&Context) -> Result<Vec<Card>, Error>;
type Handle = fn(&Context, &Request) -> Result<Response, Error>;
type OnEvent = fn(&Context, &Event) -> Result<(), Error>;

/// A module running against an in-memory kernel. See the [module docs](self).
pub struct TestHost {
    state: Rc<RefCell<HostState>>,
    manifest: Manifest,
    user: Option<User>,
    dashboard: Dashboard,
    handle: Handle,
    on_event: OnEvent,
    next_request: u64,
    next_event: u64,
}

impl std::fmt::Debug for TestHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestHost")
            .field("module", &self.manifest.id)
            .field("user", &self.user.as_ref().map(|u| &u.nip))
            .finish()
    }
}

impl TestHost {
    /// A host for module `P`, with its manifest checked (panics with the reason when the
    /// kernel would refuse it at install), every requested capability granted, and
    /// signed in as a plain employee ([`DEFAULT_NIP`], role `pegawai`).
    pub fn new<P: Plugin>() -> TestHost {
        let manifest = P::describe();
        if let Err(reason) = check_manifest(&manifest) {
            panic!(
                "the manifest of module {:?} would be refused: {reason}",
                manifest.id
            );
        }
        let state = Rc::new(RefCell::new(HostState::new(&manifest)));
        host::install(&state);
        let mut host = TestHost {
            state,
            manifest,
            user: None,
            dashboard: P::dashboard,
            handle: P::handle,
            on_event: P::on_event,
            next_request: 1,
            next_event: 1,
        };
        host.as_user(DEFAULT_NIP, &["pegawai"]);
        host
    }

    /// The module's manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    // ---- who is calling ---------------------------------------------------------------

    /// Calls are made for employee `nip` holding `roles` (`pegawai` is added). Name and
    /// unit come from the test directory when the employee was added, else placeholders.
    pub fn as_user(&mut self, nip: &str, roles: &[&str]) -> &mut TestHost {
        let mut all: Vec<String> = vec!["pegawai".into()];
        all.extend(
            roles
                .iter()
                .filter(|r| **r != "pegawai")
                .map(|r| r.to_string()),
        );
        let known = self.state.borrow().employees.get(nip).cloned();
        self.user = Some(match known {
            Some(e) => User {
                nip: e.nip,
                name: e.name,
                roles: all,
                unit_code: e.unit_code,
                unit_name: e.unit_name,
            },
            None => User {
                nip: nip.into(),
                name: format!("Pegawai {nip}"),
                roles: all,
                unit_code: "UJI".into(),
                unit_name: "Unit Uji".into(),
            },
        });
        self
    }

    /// Calls are made without a user (as for background work).
    pub fn anonymous(&mut self) -> &mut TestHost {
        self.user = None;
        self
    }

    /// The context the next call gets.
    pub fn context(&mut self) -> Context {
        let id = self.next_request;
        self.next_request += 1;
        Context {
            user: self.user.clone(),
            request_id: format!("uji-{id}"),
            locale: "id".into(),
            base_path: format!("/m/{}", self.manifest.id),
        }
    }

    // ---- calling the module -------------------------------------------------------------

    /// The module's dashboard cards.
    pub fn dashboard(&mut self) -> Result<Vec<Card>, Error> {
        let ctx = self.context();
        host::install(&self.state);
        (self.dashboard)(&ctx)
    }

    /// Sends a request; an `Err` of the module becomes its error page, as in the kernel.
    pub fn request(&mut self, req: Request) -> Response {
        let ctx = self.context();
        host::install(&self.state);
        (self.handle)(&ctx, &req).unwrap_or_else(|e| Response::from_error(&e))
    }

    /// A browser GET of a module path (`/`, `/dokumen/1?tab=riwayat`).
    pub fn get(&mut self, path: &str) -> Response {
        self.request(request(Method::Get, path, Format::Html, vec![], None))
    }

    /// A JSON API GET of a module path.
    pub fn get_json(&mut self, path: &str) -> Response {
        self.request(request(Method::Get, path, Format::Json, vec![], None))
    }

    /// A browser form POST (the kernel has already checked the CSRF token).
    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let form = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.request(request(Method::Post, path, Format::Html, form, None))
    }

    /// A JSON API request with a body (`serde_json::json!({...})` or any serde value).
    pub fn send_json<T: Serialize + ?Sized>(
        &mut self,
        method: Method,
        path: &str,
        body: &T,
    ) -> Response {
        let body = serde_json::to_string(body).expect("the test body serialises to JSON");
        self.request(request(method, path, Format::Json, vec![], Some(body)))
    }

    /// A JSON API POST.
    pub fn post_json<T: Serialize + ?Sized>(&mut self, path: &str, body: &T) -> Response {
        self.send_json(Method::Post, path, body)
    }

    /// Delivers an event (first attempt, from the kernel) to `on_event`, without a user.
    pub fn deliver_event<T: Serialize + ?Sized>(
        &mut self,
        topic: &str,
        payload: &T,
    ) -> Result<(), Error> {
        let id = self.next_event;
        let event = Event {
            id,
            topic: topic.into(),
            source: "kernel".into(),
            payload: serde_json::to_string(payload).expect("the test payload serialises to JSON"),
            published_at: self.state.borrow().now.unix_ms,
            attempt: 1,
        };
        self.deliver(&event)
    }

    /// Delivers a prepared event (e.g. the same one twice, to test idempotency).
    pub fn deliver(&mut self, event: &Event) -> Result<(), Error> {
        self.next_event = self.next_event.max(event.id + 1);
        let mut ctx = self.context();
        ctx.user = None;
        host::install(&self.state);
        (self.on_event)(&ctx, event)
    }

    /// Makes this host current for capability calls made directly by the test (e.g. a
    /// module's helper functions). Every call through the host does this itself.
    pub fn enter(&self) {
        host::install(&self.state);
    }

    // ---- the kernel's state ------------------------------------------------------------

    /// Grants a capability (`storage`, `http:host`, …).
    pub fn grant(&mut self, capability: &str) -> &mut TestHost {
        self.state.borrow_mut().grants.insert(capability.into());
        self
    }

    /// Revokes a capability: calls needing it now fail with [`Error::Denied`].
    pub fn revoke(&mut self, capability: &str) -> &mut TestHost {
        self.state.borrow_mut().grants.remove(capability);
        self
    }

    /// Sets the clock to Unix milliseconds.
    pub fn set_now(&mut self, unix_ms: i64) -> &mut TestHost {
        self.state.borrow_mut().now.unix_ms = unix_ms;
        self
    }

    /// Sets the clock to a local date (`YYYY-MM-DD`) and time (`HH:MM`); panics when
    /// either is malformed.
    pub fn set_local_time(&mut self, date: &str, hhmm: &str) -> &mut TestHost {
        let d = Date::parse(date).unwrap_or_else(|| panic!("not a YYYY-MM-DD date: {date:?}"));
        let minutes =
            crate::clock::parse_hhmm(hhmm).unwrap_or_else(|| panic!("not an HH:MM time: {hhmm:?}"));
        let offset = self.state.borrow().now.utc_offset_minutes;
        let t = LocalDateTime {
            date: d,
            hour: (minutes / 60) as u8,
            minute: (minutes % 60) as u8,
            second: 0,
        };
        self.set_now(t.to_unix_ms(offset))
    }

    /// Moves the clock forward.
    pub fn advance_minutes(&mut self, minutes: i64) -> &mut TestHost {
        self.state.borrow_mut().now.unix_ms += minutes * 60_000;
        self
    }

    /// The portal's UTC offset in minutes (default 420, WIB).
    pub fn set_utc_offset(&mut self, minutes: i32) -> &mut TestHost {
        self.state.borrow_mut().now.utc_offset_minutes = minutes;
        self
    }

    /// Overrides a setting (as the administrator would on the settings page).
    pub fn set_setting(&mut self, key: &str, value: &str) -> &mut TestHost {
        self.state
            .borrow_mut()
            .settings
            .insert(key.into(), value.into());
        self
    }

    /// Adds an employee to the directory (and its unit, when unknown).
    ///
    /// Once the directory holds anyone, `notifications::send` and `records::apply`
    /// refuse unknown NIPs with [`Error::NotFound`], like the kernel.
    pub fn add_employee(&mut self, employee: Employee) -> &mut TestHost {
        let mut s = self.state.borrow_mut();
        s.units
            .entry(employee.unit_code.clone())
            .or_insert_with(|| Unit {
                code: employee.unit_code.clone(),
                name: employee.unit_name.clone(),
                parent: None,
            });
        s.employees.insert(employee.nip.clone(), employee);
        drop(s);
        self.refresh_user();
        self
    }

    /// Sets an employee's direct supervisor (Atasan).
    pub fn set_supervisor(&mut self, nip: &str, supervisor_nip: &str) -> &mut TestHost {
        self.state
            .borrow_mut()
            .supervisors
            .insert(nip.into(), supervisor_nip.into());
        self
    }

    /// Sets the Anpeg (HR managers) of a unit.
    pub fn set_anpeg(&mut self, unit_code: &str, nips: &[&str]) -> &mut TestHost {
        let list = nips.iter().map(|n| n.to_string()).collect();
        self.state.borrow_mut().anpeg.insert(unit_code.into(), list);
        self
    }

    /// Adds (or replaces) a unit.
    pub fn add_unit(&mut self, code: &str, name: &str, parent: Option<&str>) -> &mut TestHost {
        let unit = Unit {
            code: code.into(),
            name: name.into(),
            parent: parent.map(String::from),
        };
        self.state.borrow_mut().units.insert(code.into(), unit);
        self
    }

    /// Records that `nip` holds `role` (counted by `notifications::send_to_role`).
    pub fn add_role_member(&mut self, role: &str, nip: &str) -> &mut TestHost {
        self.state
            .borrow_mut()
            .role_members
            .entry(role.into())
            .or_default()
            .insert(nip.into());
        self
    }

    /// Answers `http::fetch` of every URL starting with `url_prefix` (the latest matching
    /// registration wins). Unanswered URLs fail with [`Error::Unavailable`].
    pub fn http_response(&mut self, url_prefix: &str, status: u16, body: &str) -> &mut TestHost {
        let resp = http::Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        };
        self.state
            .borrow_mut()
            .http_routes
            .push((url_prefix.into(), resp));
        self
    }

    // ---- what the module did -----------------------------------------------------------

    /// Notifications sent so far.
    pub fn notifications(&self) -> Vec<SentNotification> {
        self.state.borrow().notifications.clone()
    }

    /// Events published so far.
    pub fn events(&self) -> Vec<PublishedEvent> {
        self.state.borrow().events.clone()
    }

    /// Staff-record changes applied so far.
    pub fn records(&self) -> Vec<Change> {
        self.state.borrow().records.clone()
    }

    /// Log lines written so far.
    pub fn logs(&self) -> Vec<(Level, String)> {
        self.state.borrow().logs.clone()
    }

    /// HTTP requests made so far.
    pub fn http_requests(&self) -> Vec<http::Request> {
        self.state.borrow().http_requests.clone()
    }

    /// The documents of a collection in key order (bypassing grants).
    pub fn documents(&self, collection: &str) -> Vec<Document> {
        let s = self.state.borrow();
        let mut out = Vec::new();
        let mut spec = crate::storage::QuerySpec {
            collection: collection.into(),
            index: None,
            filter: crate::storage::Filter::All,
            order: crate::storage::Order::Ascending,
            limit: crate::storage::MAX_LIMIT,
            cursor: None,
        };
        while let Ok(page) = s.store.query(&spec) {
            out.extend(page.documents);
            match page.next_cursor {
                Some(c) => spec.cursor = Some(c),
                None => break,
            }
        }
        out
    }

    fn refresh_user(&mut self) {
        if let Some(u) = self.user.clone() {
            let roles: Vec<&str> = u.roles.iter().map(String::as_str).collect();
            self.as_user(&u.nip, &roles);
        }
    }
}

/// A test employee with placeholder position data.
pub fn employee(nip: &str, name: &str, unit_code: &str, unit_name: &str) -> Employee {
    Employee {
        nip: nip.into(),
        name: name.into(),
        unit_code: unit_code.into(),
        unit_name: unit_name.into(),
        position: "Analis".into(),
        position_type: "pelaksana".into(),
        rank: "III/a".into(),
        status: "PNS".into(),
        email: format!("{nip}@contoh.go.id"),
    }
}

fn request(
    method: Method,
    path: &str,
    format: Format,
    form: Vec<(String, String)>,
    body: Option<String>,
) -> Request {
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, q),
        None => (path, ""),
    };
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect();
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    Request {
        method,
        path,
        query,
        form,
        body,
        format,
    }
}

/// The install-time checks of the kernel that a module author can get wrong.
fn check_manifest(m: &Manifest) -> Result<(), String> {
    let id = m.id.as_bytes();
    if !((2..=32).contains(&id.len())
        && id[0].is_ascii_lowercase()
        && id
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-'))
    {
        return Err(format!("id {:?} must match [a-z][a-z0-9-]{{1,31}}", m.id));
    }
    let (major, minor) = crate::API_VERSION
        .split_once('.')
        .map(|(a, b)| (a, b.split('.').next().unwrap_or("")))
        .unwrap_or(("", ""));
    let mut declared = m.api_version.split('.');
    if declared.next() != Some(major) || declared.next() != Some(minor) {
        return Err(format!(
            "api-version {} does not match the SDK's {}",
            m.api_version,
            crate::API_VERSION
        ));
    }
    if m.version.split('.').count() != 3
        || m.version.split('.').any(|p| {
            p.split(['-', '+'])
                .next()
                .unwrap_or("")
                .parse::<u64>()
                .is_err()
        })
    {
        return Err(format!("version {:?} is not semver", m.version));
    }
    for c in &m.capabilities {
        let known = matches!(
            c.as_str(),
            "storage" | "directory" | "records" | "notifications" | "events" | "settings"
        ) || c.strip_prefix("http:").is_some_and(|h| !h.is_empty());
        if !known {
            return Err(format!("unknown capability {c:?}"));
        }
    }
    for item in &m.menu {
        if !item.path.starts_with('/') {
            return Err(format!("menu path {:?} must start with '/'", item.path));
        }
    }
    let mut names = std::collections::BTreeSet::new();
    for c in &m.collections {
        if !names.insert(&c.name) {
            return Err(format!("collection {:?} declared twice", c.name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
