//! `clock`: the portal's time and local offset (always available).

use crate::plugins::bindings::eoffice::portal::clock::{Host, Instant};
use crate::plugins::runtime::HostState;

impl Host for HostState {
    async fn now(&mut self) -> Instant {
        let _ = self.spend();
        Instant {
            unix_ms: self.state.now().saturating_mul(1000),
            utc_offset_minutes: self.state.config.utc_offset_minutes,
        }
    }
}
