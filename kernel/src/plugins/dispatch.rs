//! The event dispatcher: every [`INTERVAL`] it claims due deliveries from the outbox
//! and calls each subscribed module's `on-event` under its deadline, marking the
//! delivery delivered or failed (the outbox applies backoff). Deliveries to inactive
//! (quarantined) modules are left alone: their lease expires and they are retried later.

use std::time::Duration;

use super::bindings::{Context, Event};
use crate::state::AppState;

/// How often the outbox is polled.
pub const INTERVAL: Duration = Duration::from_millis(500);
/// How long a claimed delivery is reserved for this dispatcher.
pub const LEASE_SECS: i64 = 60;
/// Deliveries claimed per round.
pub const BATCH: i64 = 32;

/// Delivers one round of due events; returns how many were delivered.
pub async fn run_once(state: &AppState) -> anyhow::Result<usize> {
    let due = crate::db::outbox::claim_due(&state.db, state.now(), LEASE_SECS, BATCH).await?;
    let mut delivered = 0;
    for d in due {
        let now = state.now();
        let Some(module) = state.plugins.module(&d.plugin_id) else {
            crate::db::outbox::mark_failed(
                &state.db,
                d.event_id,
                &d.plugin_id,
                "modul tidak terpasang",
                now,
            )
            .await?;
            continue;
        };
        if !module.is_active() {
            continue;
        }
        let ctx = Context {
            user: None,
            request_id: format!("event-{}", d.event_id),
            locale: "id".into(),
            base_path: format!("/m/{}", module.id),
        };
        let event = Event {
            id: d.event_id.max(0) as u64,
            topic: d.topic.clone(),
            source: d.source.clone(),
            payload: d.payload.clone(),
            published_at: d.published_at.saturating_mul(1000),
            attempt: (d.attempts.max(0) + 1).min(u32::MAX as i64) as u32,
        };
        match state.plugins.on_event(state, &module, ctx, event).await {
            Ok(()) => {
                crate::db::outbox::mark_delivered(&state.db, d.event_id, &d.plugin_id, state.now())
                    .await?;
                delivered += 1;
            }
            Err(e) => {
                crate::db::outbox::mark_failed(
                    &state.db,
                    d.event_id,
                    &d.plugin_id,
                    &e.to_string(),
                    state.now(),
                )
                .await?;
            }
        }
    }
    Ok(delivered)
}

/// Runs the dispatcher until the process ends.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&state).await {
                tracing::warn!(error = %format!("{e:#}"), "event dispatch failed");
            }
        }
    })
}
