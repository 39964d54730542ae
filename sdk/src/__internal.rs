//! Items the SDK's macros name from the module's crate. Not part of the public API.

pub use crate::plugin::Adapter;

/// The wit-bindgen bindings of the plugin contract `wit/v1.1.0` (world `module`).
///
/// Private to the SDK in spirit: modules use the re-exports and wrappers of the crate
/// root. It is `pub` only because `register_plugin!` expands in the module's crate and
/// names it through `eoffice_sdk::__internal::bindings`.
#[allow(missing_docs, clippy::all)]
pub mod bindings {
    wit_bindgen::generate!({
        world: "module",
        path: "../wit/v1.1.0",
        pub_export_macro: true,
        export_macro_name: "__export_eoffice_module",
        default_bindings_module: "eoffice_sdk::__internal::bindings",
        additional_derives: [PartialEq],
    });
}
