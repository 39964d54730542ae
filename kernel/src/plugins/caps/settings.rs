//! `settings`: the module's effective settings (stored values over manifest defaults).

use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::settings::Host;
use crate::plugins::runtime::HostState;

impl Host for HostState {
    async fn get(&mut self, key: String) -> Result<String, CapabilityError> {
        self.require("settings", "settings.get").await?;
        self.module
            .settings
            .get(&key)
            .cloned()
            .ok_or(CapabilityError::NotFound)
    }

    async fn all(&mut self) -> Result<Vec<(String, String)>, CapabilityError> {
        self.require("settings", "settings.all").await?;
        Ok(self
            .module
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
}
