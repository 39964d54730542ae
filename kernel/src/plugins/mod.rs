//! The plugin host: loads WebAssembly components, checks them, grants capabilities and
//! runs them sandboxed (fresh instance per call, CPU deadline, memory limit).

pub mod bindings;
