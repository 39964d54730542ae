//! The notification pages: `GET /notifikasi` (the signed-in employee's notifications,
//! newest first, paginated), `POST /notifikasi/{id}/baca` (mark one read, then open its
//! link or return to the list), `POST /notifikasi/baca-semua`, and the JSON
//! `GET /api/v1/notifikasi` (a page plus the unread count).
//!
//! Everything is scoped to the signed-in user: someone else's notification id is "not
//! found". Links are offered only when they are portal paths or http(s) URLs
//! ([`db::notifications::is_safe_link`]). Marking read is not audited (no record changes).

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::auth::{ApiUser, CurrentUser};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::format;
use crate::web::layout::{Shell, render};

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/notifikasi", get(list_page))
        .route("/notifikasi/baca-semua", post(mark_all))
        .route("/notifikasi/{id}/baca", post(mark_one))
        .route("/api/v1/notifikasi", get(api_list))
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    #[serde(default)]
    hal: Option<String>,
    #[serde(default)]
    selesai: Option<String>,
}

/// Parses the `hal` page number (absent or empty = 1).
fn page_number(hal: Option<&str>) -> AppResult<i64> {
    match hal.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(1),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(n),
            _ => Err(AppError::BadRequest("Nomor halaman tidak sah.".into())),
        },
    }
}

/// One notification as the list shows it.
struct Row {
    id: i64,
    title: String,
    body: String,
    source: String,
    link: Option<String>,
    waktu: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    shell: Shell,
    rows: Vec<Row>,
    total: i64,
    unread: i64,
    page: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

async fn list_page(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    Query(params): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let page = page_number(params.hal.as_deref())?;
    let result = db::notifications::list(&state.db, &user.nip, page).await?;
    let mut shell = Shell::new("Notifikasi", Some(&user), &csrf);
    if params.selesai.as_deref() == Some("semua") {
        shell = shell.flash("ok", "Semua notifikasi sudah ditandai dibaca.");
    }
    let rows = result
        .items
        .iter()
        .map(|n| Row {
            id: n.id,
            title: n.title.clone(),
            body: n.body.clone(),
            source: n.source.clone(),
            link: n.safe_link().map(str::to_string),
            waktu: format::waktu(n.created_at),
            unread: n.is_unread(),
        })
        .collect();
    render(&ListPage {
        shell,
        rows,
        total: result.total,
        unread: result.unread,
        page,
        prev_link: (page > 1).then(|| format!("/notifikasi?hal={}", page - 1)),
        next_link: result
            .has_next
            .then(|| format!("/notifikasi?hal={}", page + 1)),
    })
}

#[derive(Debug, Deserialize)]
struct MarkForm {
    /// Present (any value) to return to the list instead of opening the link.
    #[serde(default)]
    kembali: Option<String>,
    /// Page of the list to return to.
    #[serde(default)]
    hal: Option<String>,
}

async fn mark_one(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(form): Form<MarkForm>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    if !db::notifications::mark_read(&state.db, &user.nip, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    let back = match page_number(form.hal.as_deref()).unwrap_or(1) {
        1 => "/notifikasi".to_string(),
        n => format!("/notifikasi?hal={n}"),
    };
    if form.kembali.is_some() {
        return Ok(Redirect::to(&back).into_response());
    }
    let link = db::notifications::get(&state.db, &user.nip, id)
        .await?
        .and_then(|n| n.safe_link().map(str::to_string));
    Ok(Redirect::to(link.as_deref().unwrap_or(&back)).into_response())
}

async fn mark_all(State(state): State<AppState>, user: CurrentUser) -> AppResult<Response> {
    db::notifications::mark_all_read(&state.db, &user.nip, state.now()).await?;
    Ok(Redirect::to("/notifikasi?selesai=semua").into_response())
}

async fn api_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Query(params): Query<PageQuery>,
) -> Response {
    let page = match page_number(params.hal.as_deref()) {
        Ok(p) => p,
        Err(e) => return e.into_json(),
    };
    let result = match db::notifications::list(&state.db, &user.nip, page).await {
        Ok(r) => r,
        Err(e) => return AppError::from(e).into_json(),
    };
    let items: Vec<serde_json::Value> = result
        .items
        .iter()
        .map(|n| {
            serde_json::json!({
                "id": n.id,
                "source": n.source,
                "title": n.title,
                "body": n.body,
                "link": n.safe_link(),
                "created_at": n.created_at,
                "read_at": n.read_at,
                "unread": n.is_unread(),
            })
        })
        .collect();
    Json(serde_json::json!({
        "unread": result.unread,
        "total": result.total,
        "page": result.page,
        "page_size": db::notifications::PAGE_SIZE,
        "has_next": result.has_next,
        "items": items,
    }))
    .into_response()
}
