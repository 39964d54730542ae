//! The SDK for e-Office 2.0 portal modules.
//!
//! A module is a WebAssembly component built from a Rust crate that depends on this SDK.
//! It implements [`Plugin`] (only [`Plugin::describe`] is required), registers it with
//! [`register_plugin!`], and answers with typed UI trees ([`ui`]) that the kernel renders;
//! it never writes HTML. What the module may do beyond logging and reading the clock
//! (storage, directory, notifications, …) is a *capability* the module requests in its
//! [`Manifest`] and the administrator grants; a call without the grant returns
//! [`Error::Denied`].
//!
//! ```
//! use eoffice_sdk::{manifest, Card, Context, Manifest, MenuGroup, Plugin, Request, Response, Result};
//! use eoffice_sdk::ui::Block;
//!
//! struct Halo;
//!
//! impl Plugin for Halo {
//!     fn describe() -> Manifest {
//!         manifest!("halo", "Halo").menu(MenuGroup::Bantuan, "Halo", "/")
//!     }
//!     fn dashboard(_ctx: &Context) -> Result<Vec<Card>> {
//!         Ok(vec![Card::new("Halo").block(Block::text("Selamat datang"))])
//!     }
//!     fn handle(_ctx: &Context, _req: &Request) -> Result<Response> {
//!         Ok(Response::page("Halo", vec![Block::text("Halo!")]))
//!     }
//! }
//!
//! eoffice_sdk::register_plugin!(Halo);
//! ```
//!
//! Map of the crate:
//! - [`Plugin`], [`register_plugin!`], [`manifest!`] and the [`Manifest`] builder;
//! - [`Context`], [`Request`], [`Response`], [`Card`], [`Page`], [`Event`];
//! - [`ui`]: the blocks of pages and cards, with builders;
//! - [`Form`]: reading and validating submitted forms;
//! - capabilities: [`log`], [`clock`], [`storage`], [`directory`], [`records`],
//!   [`notifications`], [`events`], [`settings`], [`http`];
//! - [`testing`] (native builds only): [`testing::TestHost`] runs a module's entry points
//!   against an in-memory kernel with the kernel's semantics, under plain `cargo test`.
//!
//! The contract is `wit/v1.1.0/portal.wit` ([`API_VERSION`]). The generated bindings
//! stay private to the SDK.

#![warn(missing_docs)]

#[doc(hidden)]
pub mod __internal;

mod error;
mod form;
mod manifest;
mod plugin;
mod web;

pub mod clock;
pub mod directory;
pub mod events;
pub mod http;
pub mod log;
pub mod notifications;
pub mod records;
pub mod settings;
pub mod storage;
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

/// Where capability calls go: the kernel's imports in WebAssembly, the in-memory test
/// host natively.
#[cfg(target_arch = "wasm32")]
use crate::__internal::bindings::eoffice::portal as sys;
#[cfg(not(target_arch = "wasm32"))]
use crate::testing::sys;

pub use error::{Error, Result};
pub use form::{Form, MSG_CHOICE, MSG_DATE, MSG_NUMBER, MSG_REQUIRED};
pub use manifest::{
    API_VERSION, CollectionSpec, IndexSpec, Manifest, MenuGroup, MenuItem, RoleSpec, SettingKind,
    SettingSpec, Tab,
};
pub use plugin::Plugin;
pub use storage::{Collection, Expect, Stored};
pub use web::{Card, Context, Event, Format, Method, Page, Request, Response, ResponseBody, User};

/// Everything a module usually needs: `use eoffice_sdk::prelude::*;`.
pub mod prelude {
    pub use crate::clock::Date;
    pub use crate::notifications::Notification;
    pub use crate::ui::{
        Action, Alert, Badge, Block, Cell, Chart, EmptyState, Field, Inline, KeyValue, Progress,
        Stat, Step, StepState, Table, Tone,
    };
    pub use crate::{
        Card, Collection, Context, Error, Event, Expect, Form, Format, Manifest, MenuGroup, Method,
        Plugin, Request, Response, Result, SettingSpec, Stored, User, manifest, register_plugin,
    };
    /// The capability and UI modules, so `ui::Form`, `clock::now()`, `settings::get(..)`
    /// and friends work after `use eoffice_sdk::prelude::*`.
    pub use crate::{
        clock, directory, events, http, log, notifications, records, settings, storage, ui,
    };
}
