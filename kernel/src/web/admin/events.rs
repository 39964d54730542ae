//! `/admin/event`: event deliveries that failed at least once (pending retry or given
//! up), with a button to schedule a delivery again.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{AdminCtx, done, ok_message};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::format;
use crate::web::layout::{Shell, render};

/// Routes of this page.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/event", get(page))
        .route("/admin/event/ulang", post(retry))
}

struct Row {
    event_id: i64,
    topic: String,
    source: String,
    plugin_id: String,
    attempts: i64,
    last_error: String,
    status: &'static str,
    next: String,
    published: String,
}

#[derive(Template)]
#[template(path = "admin/events.html")]
struct EventsPage {
    shell: Shell,
    rows: Vec<Row>,
    pending: i64,
    retrying: i64,
    failed: i64,
}

#[derive(Debug, Default, serde::Deserialize)]
struct PageQuery {
    ok: Option<String>,
}

async fn render_page(state: &AppState, shell: Shell) -> AppResult<Response> {
    let summary = crate::db::outbox::summary(&state.db).await?;
    let rows = crate::db::outbox::failures(&state.db, 200)
        .await?
        .into_iter()
        .map(|d| Row {
            status: if d.status == "failed" {
                "Gagal (berhenti)"
            } else {
                "Menunggu percobaan ulang"
            },
            next: if d.status == "failed" {
                "—".into()
            } else {
                format::waktu(d.next_attempt_at)
            },
            published: format::waktu(d.published_at),
            event_id: d.event_id,
            topic: d.topic,
            source: d.source,
            plugin_id: d.plugin_id,
            attempts: d.attempts,
            last_error: d.last_error,
        })
        .collect();
    Ok(render(&EventsPage {
        shell,
        rows,
        pending: summary.pending,
        retrying: summary.retrying,
        failed: summary.failed,
    })?
    .into_response())
}

async fn page(
    State(state): State<AppState>,
    admin: AdminCtx,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let mut shell = admin.shell("Pengiriman Event");
    if let Some(m) = ok_message(q.ok.as_deref()) {
        shell = shell.flash("ok", m);
    }
    render_page(&state, shell).await
}

#[derive(Debug, serde::Deserialize)]
struct RetryForm {
    event_id: i64,
    plugin: String,
}

async fn retry(
    State(state): State<AppState>,
    admin: AdminCtx,
    axum::Form(f): axum::Form<RetryForm>,
) -> AppResult<Response> {
    let now = state.now();
    if crate::db::outbox::retry(&state.db, f.event_id, &f.plugin, now).await? {
        crate::db::audit::record(
            &state.db.pool,
            now,
            &crate::db::audit::AuditEntry {
                actor_nip: Some(&admin.user.nip),
                subject: &f.plugin,
                action: "event.retry",
                outcome: "ok",
                detail: serde_json::json!({ "event_id": f.event_id }),
                ip: &admin.ip,
                request_id: &admin.request_id,
            },
        )
        .await?;
        return Ok(done("/admin/event", "ulang"));
    }
    let shell = admin.shell("Pengiriman Event").flash(
        "error",
        "Pengiriman itu tidak ditemukan atau sudah terkirim; tidak ada yang diubah.",
    );
    let mut r = render_page(&state, shell).await?;
    *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}
