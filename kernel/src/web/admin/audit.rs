//! `/admin/audit`: the audit log, filtered by actor, subject, action and date range
//! (dates in WIB), newest first, paginated.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;

use super::AdminCtx;
use crate::db::audit::{AuditFilter, search};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::format;
use crate::web::layout::{Shell, render};

/// Entries per page.
pub const PAGE_SIZE: i64 = 50;

/// Routes of this page.
pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/audit", get(page))
}

/// The filter form.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    aktor: String,
    #[serde(default)]
    subjek: String,
    #[serde(default)]
    aksi: String,
    #[serde(default)]
    dari: String,
    #[serde(default)]
    sampai: String,
    hal: Option<i64>,
}

struct Row {
    waktu: String,
    actor: String,
    subject: String,
    action: String,
    outcome: String,
    ip: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    shell: Shell,
    q: AuditQuery,
    rows: Vec<Row>,
    page: i64,
    prev: Option<String>,
    next: Option<String>,
}

/// `YYYY-MM-DD` as the unix time of its midnight in WIB.
pub fn wib_midnight(date: &str) -> Option<i64> {
    let d = time::Date::parse(
        date.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    Some(
        d.midnight()
            .assume_offset(time::macros::offset!(+7))
            .unix_timestamp(),
    )
}

fn link(q: &AuditQuery, page: i64) -> String {
    let pairs = [
        ("aktor", q.aktor.as_str()),
        ("subjek", q.subjek.as_str()),
        ("aksi", q.aksi.as_str()),
        ("dari", q.dari.as_str()),
        ("sampai", q.sampai.as_str()),
    ];
    let mut s = serde_urlencoded::to_string(
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    if !s.is_empty() {
        s.push('&');
    }
    format!("/admin/audit?{s}hal={page}")
}

async fn page(
    State(state): State<AppState>,
    admin: AdminCtx,
    Query(q): Query<AuditQuery>,
) -> AppResult<Html<String>> {
    let mut shell = admin.shell("Log Audit");
    let from = match q.dari.trim() {
        "" => None,
        d => {
            let t = wib_midnight(d);
            if t.is_none() {
                shell = shell.flash("error", "Tanggal \"dari\" harus berformat TTTT-BB-HH.");
            }
            t
        }
    };
    let until = match q.sampai.trim() {
        "" => None,
        d => {
            let t = wib_midnight(d).map(|t| t + 86_400);
            if t.is_none() {
                shell = shell.flash("error", "Tanggal \"sampai\" harus berformat TTTT-BB-HH.");
            }
            t
        }
    };
    let page = q.hal.unwrap_or(1).clamp(1, 100_000);
    let filter = AuditFilter {
        actor: q.aktor.clone(),
        subject: q.subjek.clone(),
        action: q.aksi.clone(),
        from,
        until,
    };
    let (records, more) = search(&state.db, &filter, (page - 1) * PAGE_SIZE, PAGE_SIZE).await?;
    let rows = records
        .into_iter()
        .map(|r| Row {
            waktu: format::waktu(r.at),
            actor: r.actor_nip.unwrap_or_else(|| "—".into()),
            subject: r.subject,
            action: r.action,
            outcome: r.outcome,
            ip: r.ip,
            detail: if r.detail.chars().count() > 300 {
                format!("{}…", r.detail.chars().take(300).collect::<String>())
            } else {
                r.detail
            },
        })
        .collect();
    render(&AuditPage {
        shell,
        prev: (page > 1).then(|| link(&q, page - 1)),
        next: more.then(|| link(&q, page + 1)),
        q,
        rows,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_wib_midnights() {
        // 2026-12-03 00:00 WIB = 2026-12-02 17:00 UTC.
        assert_eq!(wib_midnight("2026-12-03"), Some(1_796_230_800));
        assert_eq!(wib_midnight("03-12-2026"), None);
    }
}
