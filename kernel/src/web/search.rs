//! `GET /cari?q=&hal=`: search colleagues by name (case- and accent-insensitive, partial
//! words), paginated.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::layout::{Shell, render};

/// Longest accepted query, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/cari", get(search))
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    hal: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    searched: bool,
    hits: Vec<db::search::Hit>,
    page: i64,
    first: i64,
    last: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

fn page_link(q: &str, page: i64) -> String {
    let query =
        serde_urlencoded::to_string([("q", q), ("hal", &page.to_string())]).unwrap_or_default();
    format!("/cari?{query}")
}

async fn search(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    Query(params): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let q = params.q.trim().to_string();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(format!(
            "Kata kunci terlalu panjang (maksimal {MAX_QUERY_CHARS} karakter)."
        )));
    }
    let page = match params
        .hal
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => 1,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=10_000).contains(&n) => n,
            _ => return Err(AppError::BadRequest("Nomor halaman tidak sah.".into())),
        },
    };
    let searched = !db::search::query_words(&q).is_empty();
    let result = db::search::search(&state.db, &q, page).await?;
    let first = (page - 1) * db::search::PAGE_SIZE + 1;
    let last = first + result.hits.len() as i64 - 1;
    render(&SearchPage {
        shell: Shell::new("Cari Pegawai", Some(&user), &csrf),
        prev_link: (page > 1).then(|| page_link(&q, page - 1)),
        next_link: result.has_next.then(|| page_link(&q, page + 1)),
        q,
        searched,
        hits: result.hits,
        page,
        first,
        last,
    })
}
