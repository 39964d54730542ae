//! `log`: structured log lines, tagged with the module id (always available).

use crate::plugins::bindings::eoffice::portal::log::{Host, Level};
use crate::plugins::runtime::HostState;

/// Longest message kept, in bytes.
const MAX_MESSAGE: usize = 4096;

impl Host for HostState {
    async fn log(&mut self, level: Level, message: String) {
        if self.spend().is_err() {
            return;
        }
        let mut message = message;
        if message.len() > MAX_MESSAGE {
            let mut end = MAX_MESSAGE;
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            message.truncate(end);
        }
        let module = self.module.id.as_str();
        let request_id = self.request_id.as_str();
        match level {
            Level::Debug => tracing::debug!(target: "plugin", module, request_id, "{message}"),
            Level::Info => tracing::info!(target: "plugin", module, request_id, "{message}"),
            Level::Warn => tracing::warn!(target: "plugin", module, request_id, "{message}"),
            Level::Error => tracing::error!(target: "plugin", module, request_id, "{message}"),
        }
    }
}
