//! The [`Plugin`] trait a module implements, and the adapter `register_plugin!` exports.

use std::marker::PhantomData;

use crate::__internal::bindings::exports::eoffice::portal::plugin::Guest;
use crate::{Card, Context, Error, Event, Manifest, Request, Response};

/// A portal module.
///
/// Only [`describe`](Plugin::describe) is required; the other entry points have
/// defaults (no cards, a 404 page, events accepted and ignored). Every call runs in a
/// fresh instance, so a module keeps no state between calls: what must last goes into
/// [`storage`](crate::storage).
///
/// ```
/// use eoffice_sdk::{manifest, Context, Manifest, Plugin, Request, Response, Result, ui::Block};
///
/// struct Halo;
///
/// impl Plugin for Halo {
///     fn describe() -> Manifest {
///         manifest!("halo", "Halo").description("Menyapa pegawai")
///     }
///
///     fn handle(ctx: &Context, _req: &Request) -> Result<Response> {
///         let name = ctx.user().map(|u| u.name.as_str()).unwrap_or("tamu");
///         Ok(Response::page("Halo", vec![Block::text(format!("Halo, {name}!"))]))
///     }
/// }
///
/// eoffice_sdk::register_plugin!(Halo);
/// ```
pub trait Plugin {
    /// The module's static description, read once at install.
    fn describe() -> Manifest;

    /// The module's cards for this user's dashboard. An error hides the module's cards
    /// and is logged by the kernel.
    fn dashboard(ctx: &Context) -> Result<Vec<Card>, Error> {
        let _ = ctx;
        Ok(Vec::new())
    }

    /// A page or JSON request under the module's paths (`/m/{id}/…`,
    /// `/api/v1/m/{id}/…`). An `Err` becomes an error page (see
    /// [`Response::from_error`]).
    fn handle(ctx: &Context, req: &Request) -> Result<Response, Error> {
        let _ = (ctx, req);
        Ok(Response::not_found())
    }

    /// An event from a subscribed topic. Delivered at least once: make it idempotent
    /// (use [`Event::id`] or a natural key). An `Err` is retried with backoff.
    fn on_event(ctx: &Context, event: &Event) -> Result<(), Error> {
        let _ = (ctx, event);
        Ok(())
    }
}

/// Bridges a [`Plugin`] to the generated `Guest` trait. Used by `register_plugin!`.
#[doc(hidden)]
pub struct Adapter<P>(PhantomData<P>);

impl<P: Plugin> Guest for Adapter<P> {
    fn describe() -> Manifest {
        P::describe()
    }

    fn dashboard(ctx: Context) -> Result<Vec<Card>, String> {
        P::dashboard(&ctx).map_err(|e| e.to_string())
    }

    fn handle(ctx: Context, req: Request) -> Response {
        P::handle(&ctx, &req).unwrap_or_else(|e| Response::from_error(&e))
    }

    fn on_event(ctx: Context, event: Event) -> Result<(), String> {
        P::on_event(&ctx, &event).map_err(|e| e.to_string())
    }
}

/// Exports a [`Plugin`] implementation as the module's `plugin` interface.
///
/// Write it once, at the crate root of the module: `eoffice_sdk::register_plugin!(MyModule);`.
/// It only has an effect when compiling for WebAssembly; native builds (tests) call the
/// trait directly through [`testing::TestHost`](crate::testing::TestHost).
#[macro_export]
macro_rules! register_plugin {
    ($plugin:ty) => {
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            type __EofficePluginAdapter = $crate::__internal::Adapter<$plugin>;
            $crate::__internal::bindings::__export_eoffice_module!(
                __EofficePluginAdapter with_types_in $crate::__internal::bindings
            );
        };
    };
}

/// A [`Manifest`] with the module's id and name, the crate's version
/// (`CARGO_PKG_VERSION`) and the SDK's contract version.
///
/// ```
/// let m = eoffice_sdk::manifest!("contoh", "Contoh");
/// assert_eq!(m.api_version, eoffice_sdk::API_VERSION);
/// ```
#[macro_export]
macro_rules! manifest {
    ($id:expr, $name:expr $(,)?) => {
        $crate::Manifest::new($id, $name, env!("CARGO_PKG_VERSION"))
    };
}
