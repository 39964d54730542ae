//! `events`: publish to the durable outbox; delivered to every module whose manifest
//! subscribes to the topic.

use super::unavailable;
use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::events::Host;
use crate::plugins::runtime::HostState;

/// Largest event payload, in bytes.
const MAX_PAYLOAD: usize = 64 * 1024;

impl Host for HostState {
    async fn publish(&mut self, topic: String, payload: String) -> Result<u64, CapabilityError> {
        self.require("events", "events.publish").await?;
        if !crate::plugins::manifest::valid_topic(&topic) {
            return Err(CapabilityError::Invalid(format!(
                "topik {topic:?} tidak valid"
            )));
        }
        if payload.len() > MAX_PAYLOAD {
            return Err(CapabilityError::Invalid("payload melebihi 64 KiB".into()));
        }
        if serde_json::from_str::<serde::de::IgnoredAny>(&payload).is_err() {
            return Err(CapabilityError::Invalid("payload bukan JSON".into()));
        }
        let subscribers = self.state.plugins.subscribers(&topic);
        let id = crate::db::outbox::publish(
            &self.state.db,
            &topic,
            &self.module.id,
            &payload,
            &subscribers,
            self.state.now(),
        )
        .await
        .map_err(unavailable)?;
        Ok(id.max(0) as u64)
    }
}
