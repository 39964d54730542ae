//! The plugin host: loads WebAssembly components, checks them, grants capabilities and
//! runs them sandboxed (fresh instance per call, CPU deadline, memory limit).
//!
//! - [`engine`]: the shared wasmtime engine, code cache, epoch ticker;
//! - [`registry`]: [`PluginHost`] and the in-memory snapshot of [`LoadedModule`]s;
//! - [`runtime`]: calls (dashboard, handle, on-event) with limits and quarantine;
//! - `caps`: the capabilities modules import (deny by default);
//! - [`package`] / [`manifest`]: install-time checks;
//! - [`admin`]: install, upgrade, grants, roles, settings, limits (CLI and admin pages);
//! - [`bundled`]: the modules the demo installs; [`dispatch`]: event delivery.

pub mod admin;
pub mod bindings;
pub mod bundled;
mod caps;
pub mod cli;
pub mod dispatch;
pub mod engine;
pub mod manifest;
pub mod package;
pub mod registry;
pub mod runtime;

pub use registry::{LoadedModule, PluginHost, spawn_poller};
pub use runtime::CallError;
