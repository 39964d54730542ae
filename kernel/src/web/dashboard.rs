//! `GET /`: the dashboard's kernel part — greeting, profile summary, rank and position,
//! and who the employee's Atasan and Anpeg are. (Module cards join with the plugin
//! platform.)

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::format;
use crate::web::layout::{Shell, render};

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(dashboard))
}

/// A person linked from the dashboard.
pub struct PersonLink {
    /// NIP (profile link).
    pub nip: String,
    /// Name with titles.
    pub nama: String,
    /// Position, if shown.
    pub jabatan: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    shell: Shell,
    salam: &'static str,
    s: db::profile::Summary,
    unit_path: String,
    golongan: String,
    tmt_golongan: String,
    jabatan_detail: String,
    tmt_jabatan: String,
    atasan: Option<PersonLink>,
    anpeg: Vec<PersonLink>,
    is_atasan: bool,
}

async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    let s = db::profile::summary(&state.db, &user.nip)
        .await?
        .ok_or(AppError::NotFound)?;
    let org = state.org_cache.get(&state.db, &s.unit_kode).await?;
    let (path, anpeg) = (&org.0, &org.1);
    let unit_path = path
        .iter()
        .map(|u| u.nama.as_str())
        .collect::<Vec<_>>()
        .join(" › ");
    let golongan = match &s.pangkat {
        Some(p) => format!("{p} ({})", s.golongan),
        None => s.golongan.clone(),
    };
    let jabatan_detail = match &s.jenjang_nama {
        Some(j) => format!("{} · {j}", format::jenis_jabatan(&s.jenis_jabatan)),
        None => format::jenis_jabatan(&s.jenis_jabatan).to_string(),
    };
    let atasan = s.atasan_nip.clone().map(|nip| PersonLink {
        nip,
        nama: s.atasan_full_name().unwrap_or_default(),
        jabatan: s.atasan_jabatan.clone().unwrap_or_default(),
    });
    let anpeg = anpeg
        .iter()
        .map(|a| PersonLink {
            nama: a.full_name(),
            nip: a.nip.clone(),
            jabatan: "Analis Kepegawaian".into(),
        })
        .collect();
    let page = DashboardPage {
        shell: Shell::new("Beranda", Some(&user), &csrf),
        salam: format::salam(state.now()),
        unit_path,
        golongan,
        tmt_golongan: format::tanggal_opt(s.tmt_golongan.as_deref()),
        jabatan_detail,
        tmt_jabatan: format::tanggal_opt(s.tmt_jabatan.as_deref()),
        atasan,
        anpeg,
        is_atasan: s.bawahan > 0,
        s,
    };
    render(&page)
}
