//! The capabilities a module may import, one file per WIT interface. `log` and `clock`
//! are always available; every other capability is checked by the host on each call
//! against the module's grants (deny by default). A denied call returns
//! `error::denied` to the guest — never a trap — and is written to the audit log
//! (once per capability and call). The module id always comes from the host's
//! [`LoadedModule`](super::LoadedModule), never from guest input.

mod clock;
mod directory;
mod events;
mod http;
mod log;
mod notifications;
mod records;
mod settings;
mod storage;

use super::bindings::CapabilityError;
use super::bindings::eoffice::portal::{types, ui};
use super::runtime::HostState;

impl types::Host for HostState {}
impl ui::Host for HostState {}

impl HostState {
    /// Spends a host call and checks that `capability` is granted; otherwise audits the
    /// denial (`plugin.capability_denied`, subject = module id) and returns `denied`.
    pub(crate) async fn require(
        &mut self,
        capability: &str,
        function: &str,
    ) -> Result<(), CapabilityError> {
        self.spend()?;
        if self.module.grants.contains(capability) {
            return Ok(());
        }
        if !self.denied.iter().any(|c| c == capability) {
            self.denied.push(capability.to_string());
            let entry = crate::db::audit::AuditEntry {
                actor_nip: self.user.as_deref(),
                subject: &self.module.id,
                action: "plugin.capability_denied",
                outcome: "denied",
                detail: serde_json::json!({ "capability": capability, "function": function }),
                ip: "",
                request_id: &self.request_id,
            };
            if let Err(e) =
                crate::db::audit::record(&self.state.db.pool, self.state.now(), &entry).await
            {
                tracing::error!(module = %self.module.id, error = %e, "cannot audit a capability denial");
            }
        }
        tracing::warn!(module = %self.module.id, capability, function, "capability denied");
        Err(CapabilityError::Denied(format!(
            "kapabilitas {capability} tidak diberikan kepada modul {}",
            self.module.id
        )))
    }
}

/// A transient kernel failure, as the guest sees it.
pub(crate) fn unavailable(e: impl std::fmt::Display) -> CapabilityError {
    tracing::warn!(error = %e, "capability call failed");
    CapabilityError::Unavailable("layanan kernel sedang tidak tersedia".into())
}
