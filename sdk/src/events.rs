//! Capability `events`: publish to the kernel's durable outbox. Other modules subscribe
//! in their manifest and receive the event in `Plugin::on_event`, at least once.
//!
//! Topics are `[a-z0-9][a-z0-9._-]{0,99}`, conventionally `<module>.<what-happened>`
//! (`berita.published`); payloads are JSON objects of at most 64 KiB.

use serde::Serialize;

use crate::{Error, sys};

/// Publishes `payload` (serialised to JSON) on `topic`; returns the event id.
pub fn publish<T: Serialize + ?Sized>(topic: &str, payload: &T) -> Result<u64, Error> {
    let json = serde_json::to_string(payload)?;
    publish_raw(topic, &json)
}

/// Publishes JSON text on `topic`; returns the event id.
pub fn publish_raw(topic: &str, payload_json: &str) -> Result<u64, Error> {
    Ok(sys::events::publish(topic, payload_json)?)
}
