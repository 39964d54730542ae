//! Host bindings generated from the current plugin contract (`wit/v1.1.0`).
//!
//! Modules built against an older 1.x contract load through the same bindings:
//! wasmtime matches component import and export names semver-compatibly
//! (`eoffice:portal/storage@1.0.0` is satisfied by `…@1.1.0`), and every 1.x
//! addition is backward compatible (new functions on imported interfaces only).

wasmtime::component::bindgen!({
    world: "module",
    path: "../wit/v1.1.0",
    imports: { default: async },
    exports: { default: async },
    additional_derives: [serde::Serialize, serde::Deserialize],
});

/// The contract version the host implements.
pub const API_VERSION: &str = "1.1.0";

pub use self::eoffice::portal::types::{Context, Error as CapabilityError, User};
pub use self::eoffice::portal::ui;
pub use self::exports::eoffice::portal::plugin::{
    Card, Event, Format, Manifest, Method, Page, Request, Response, ResponseBody,
};

/// Major and minor version of [`API_VERSION`]: modules built against `1.0` … `1.1` load.
pub const API_MAJOR: u64 = 1;
/// See [`API_MAJOR`].
pub const API_MINOR: u64 = 1;
