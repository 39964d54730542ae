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

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use crate::db::notifications as store;
    use crate::testkit::{TEST_EPOCH, TestDb, employee, engines, insert_org};

    const SITI: &str = "198507142010012003";
    const BUDI: &str = "199001012015031001";
    const CSRF: &str = "c5rf-token-for-the-notification-tests-0123456789";

    /// Creates accounts and sessions for SITI and BUDI; returns their tokens.
    async fn sign_in(state: &crate::state::AppState) -> (String, String) {
        let db = &state.db;
        insert_org(
            db,
            &[("UJI", "Unit Uji", None)],
            &[employee(SITI, "Siti", "UJI"), employee(BUDI, "Budi", "UJI")],
        )
        .await;
        let mut tokens = Vec::new();
        for nip in [SITI, BUDI] {
            crate::db::users::insert(
                &db.pool,
                &crate::db::users::NewUser {
                    nip,
                    password_hash: "x",
                    totp_secret_enc: b"x",
                    totp_last_step: 0,
                    demo: false,
                    now: TEST_EPOCH,
                },
            )
            .await
            .unwrap();
            let sid = format!("sesi-{nip}");
            crate::db::sessions::insert(
                &db.pool,
                &crate::db::sessions::NewSession {
                    id: &sid,
                    nip,
                    now: TEST_EPOCH,
                    expires_at: TEST_EPOCH + 86_400,
                    ip: "127.0.0.1",
                    user_agent: "test",
                    kind: "web",
                },
            )
            .await
            .unwrap();
            let exp = TEST_EPOCH + 86_400;
            tokens.push(state.auth.jwt.sign(nip, &sid, TEST_EPOCH, exp).unwrap());
        }
        (tokens.remove(0), tokens.remove(0))
    }

    struct Reply {
        status: StatusCode,
        location: String,
        body: String,
    }

    async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn get(path: &str, token: &str) -> Request<Body> {
        Request::get(path)
            .header(
                header::COOKIE,
                format!("__Host-session={token}; __Host-csrf={CSRF}"),
            )
            .body(Body::empty())
            .unwrap()
    }

    fn post(path: &str, token: &str, form: &str) -> Request<Body> {
        Request::post(path)
            .header(
                header::COOKIE,
                format!("__Host-session={token}; __Host-csrf={CSRF}"),
            )
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_string()))
            .unwrap()
    }

    #[tokio::test]
    async fn pages_are_scoped_to_the_signed_in_user() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let (state, _clock) = t.state();
            let (siti, budi) = sign_in(&state).await;
            let app = crate::web::app(state.clone());
            let db = &state.db;

            let empty = send(&app, get("/notifikasi", &siti)).await;
            assert_eq!(empty.status, StatusCode::OK);
            assert!(
                empty.body.contains("Belum ada notifikasi"),
                "{}",
                empty.body
            );

            let with_link = store::send(
                db,
                SITI,
                "berita",
                "Berita baru",
                "Isi",
                Some("/m/berita/7"),
                TEST_EPOCH,
            )
            .await
            .unwrap();
            let hostile = store::send(
                db,
                SITI,
                "jahat",
                "Klik",
                "",
                Some("javascript:alert(1)"),
                TEST_EPOCH,
            )
            .await
            .unwrap();
            let budis = store::send(db, BUDI, "kernel", "Rahasia Budi", "", None, TEST_EPOCH)
                .await
                .unwrap();

            let page = send(&app, get("/notifikasi", &siti)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.body.contains("Berita baru") && page.body.contains("Baru"));
            assert!(page.body.contains("href=\"/m/berita/7\""));
            assert!(
                !page.body.contains("javascript:"),
                "unsafe links are not offered"
            );
            assert!(!page.body.contains("Rahasia Budi"));
            assert!(page.body.contains("Tandai semua dibaca"));

            // Someone else's notification is "not found" and stays unread.
            let form = format!("csrf_token={CSRF}");
            let r = send(
                &app,
                post(&format!("/notifikasi/{budis}/baca"), &siti, &form),
            )
            .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND);
            assert_eq!(store::unread_count(db, BUDI).await.unwrap(), 1);
            // Without the CSRF token nothing happens.
            let r = send(
                &app,
                post(&format!("/notifikasi/{with_link}/baca"), &siti, ""),
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
            assert_eq!(store::unread_count(db, SITI).await.unwrap(), 2);

            // Opening marks read and follows the link; an unsafe link returns to the list.
            let r = send(
                &app,
                post(&format!("/notifikasi/{with_link}/baca"), &siti, &form),
            )
            .await;
            assert_eq!(
                (r.status, r.location.as_str()),
                (StatusCode::SEE_OTHER, "/m/berita/7")
            );
            let r = send(
                &app,
                post(&format!("/notifikasi/{hostile}/baca"), &siti, &form),
            )
            .await;
            assert_eq!(r.location, "/notifikasi");
            assert_eq!(store::unread_count(db, SITI).await.unwrap(), 0);

            store::send(
                db,
                SITI,
                "berita",
                "Lagi",
                "",
                Some("/m/berita/8"),
                TEST_EPOCH,
            )
            .await
            .unwrap();
            let api = send(
                &app,
                Request::get("/api/v1/notifikasi")
                    .header(header::AUTHORIZATION, format!("Bearer {siti}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(api.status, StatusCode::OK);
            let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
            assert_eq!(json["unread"], 1);
            assert_eq!(json["total"], 3);
            assert_eq!(json["items"][0]["title"], "Lagi");
            assert_eq!(
                json["items"][1]["link"],
                serde_json::Value::Null,
                "unsafe link withheld"
            );
            assert_eq!(json["items"][2]["link"], "/m/berita/7");
            let anonymous = send(
                &app,
                Request::get("/api/v1/notifikasi")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

            let r = send(&app, post("/notifikasi/baca-semua", &siti, &form)).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            assert_eq!(store::unread_count(db, SITI).await.unwrap(), 0);
            assert_eq!(store::unread_count(db, BUDI).await.unwrap(), 1);
            let done = send(&app, get(&r.location, &siti)).await;
            assert!(done.body.contains("Semua notifikasi sudah ditandai dibaca"));
            let budi_page = send(&app, get("/notifikasi", &budi)).await;
            assert!(budi_page.body.contains("Rahasia Budi"));
            assert!(!budi_page.body.contains("Berita baru"));
        }
    }
}
