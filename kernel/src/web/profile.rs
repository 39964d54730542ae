//! Profiles: `GET /profil` (my whole staff record, read-only; PDM editing comes with its
//! module), `GET /profil/{nip}` (a colleague's public profile: no birth date, family,
//! religion or phone) and `POST /profil/{nip}/rekomendasi` (endorse a colleague).
//!
//! Sections are turned into generic [`Section`] tables here, so the templates stay small
//! and the public/private split is decided in one place: [`sections`].

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::auth::account::RequestMeta;
use crate::db::{self, employees::Employee, history::History};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::format::{self, tanggal, tanggal_opt};
use crate::web::layout::{Shell, render};

/// Routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/profil", get(my_profile))
        .route("/profil/{nip}", get(public_profile))
        .route("/profil/{nip}/rekomendasi", post(give_recommendation))
}

/// One history section as a table.
pub struct Section {
    /// Anchor id.
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Column headers.
    pub headers: &'static [&'static str],
    /// Rows of display text.
    pub rows: Vec<Vec<String>>,
    /// Shown when there are no rows.
    pub empty: &'static str,
}

/// Which sections a viewer may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The employee themself: everything.
    Owner,
    /// A colleague: nothing personal (no family).
    Colleague,
}

/// Builds the displayable sections of a record for an audience.
pub fn sections(h: &History, jenis_jabatan: &str, audience: Audience) -> Vec<Section> {
    let mut out = Vec::new();
    if audience == Audience::Owner {
        out.push(Section {
            id: "keluarga",
            title: "Keluarga",
            headers: &["Hubungan", "Nama", "Tanggal lahir", "Pekerjaan"],
            rows: h
                .keluarga
                .iter()
                .map(|k| {
                    vec![
                        capitalize(&k.hubungan),
                        k.nama.clone(),
                        tanggal_opt(k.tanggal_lahir.as_deref()),
                        k.pekerjaan.clone(),
                    ]
                })
                .collect(),
            empty: "Belum ada data keluarga.",
        });
    }
    out.push(Section {
        id: "golongan",
        title: "Riwayat Pangkat/Golongan",
        headers: &["Golongan", "TMT", "Nomor SK", "Tanggal SK"],
        rows: h
            .golongan
            .iter()
            .map(|g| {
                vec![
                    g.golongan.clone(),
                    tanggal(&g.tmt),
                    g.nomor_sk.clone(),
                    tanggal_opt(g.tanggal_sk.as_deref()),
                ]
            })
            .collect(),
        empty: "Belum ada riwayat golongan.",
    });
    out.push(Section {
        id: "jabatan",
        title: "Riwayat Jabatan",
        headers: &["Jabatan", "Jenis", "Unit", "TMT"],
        rows: h
            .jabatan
            .iter()
            .map(|j| {
                vec![
                    j.jabatan.clone(),
                    format::jenis_jabatan(&j.jenis_jabatan).to_string(),
                    j.unit_nama.clone(),
                    tanggal(&j.tmt),
                ]
            })
            .collect(),
        empty: "Belum ada riwayat jabatan.",
    });
    out.push(Section {
        id: "pendidikan",
        title: "Pendidikan",
        headers: &["Jenjang", "Jurusan", "Institusi", "Lulus"],
        rows: h
            .pendidikan
            .iter()
            .map(|p| {
                vec![
                    p.jenjang.clone(),
                    p.jurusan.clone(),
                    p.institusi.clone(),
                    p.tahun_lulus.to_string(),
                ]
            })
            .collect(),
        empty: "Belum ada data pendidikan.",
    });
    out.push(Section {
        id: "tim-kerja",
        title: "Tim Kerja",
        headers: &["Tim", "Peran", "Tahun"],
        rows: h
            .tim_kerja
            .iter()
            .map(|t| vec![t.nama_tim.clone(), t.peran.clone(), t.tahun.to_string()])
            .collect(),
        empty: "Belum tergabung dalam tim kerja.",
    });
    out.push(Section {
        id: "penghargaan",
        title: "Penghargaan",
        headers: &["Penghargaan", "Pemberi", "Tahun"],
        rows: h
            .penghargaan
            .iter()
            .map(|p| vec![p.nama.clone(), p.pemberi.clone(), p.tahun.to_string()])
            .collect(),
        empty: "Belum ada penghargaan.",
    });
    out.push(Section {
        id: "pengembangan-kompetensi",
        title: "Pengembangan Kompetensi",
        headers: &["Kegiatan", "Bentuk", "JP", "Penyelenggara", "Waktu"],
        rows: h
            .pengembangan_kompetensi
            .iter()
            .map(|p| {
                vec![
                    p.nama_kegiatan.clone(),
                    capitalize(&p.bentuk),
                    p.jp.to_string(),
                    p.penyelenggara.clone(),
                    format!(
                        "{} – {}",
                        tanggal(&p.tanggal_mulai),
                        tanggal(&p.tanggal_selesai)
                    ),
                ]
            })
            .collect(),
        empty: "Belum ada riwayat pengembangan kompetensi.",
    });
    out.push(Section {
        id: "penugasan",
        title: "Kegiatan & Penugasan",
        headers: &["Kegiatan", "Peran", "Waktu", "Keterangan"],
        rows: h
            .penugasan
            .iter()
            .map(|p| {
                vec![
                    p.nama_kegiatan.clone(),
                    p.peran.clone(),
                    format!(
                        "{} – {}",
                        tanggal(&p.tanggal_mulai),
                        tanggal_opt(p.tanggal_selesai.as_deref())
                    ),
                    p.keterangan.clone(),
                ]
            })
            .collect(),
        empty: "Belum ada kegiatan atau penugasan.",
    });
    if audience == Audience::Owner && (jenis_jabatan == "fungsional" || !h.angka_kredit.is_empty())
    {
        out.push(Section {
            id: "angka-kredit",
            title: "Angka Kredit",
            headers: &["Periode", "Jenjang", "Predikat", "Angka kredit"],
            rows: h
                .angka_kredit
                .iter()
                .map(|a| {
                    vec![
                        format!(
                            "{} – {}",
                            tanggal(&a.periode_mulai),
                            tanggal(&a.periode_selesai)
                        ),
                        a.jenjang.clone(),
                        a.predikat.clone(),
                        a.nilai.clone(),
                    ]
                })
                .collect(),
            empty: "Belum ada penetapan angka kredit.",
        });
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A recommendation as displayed.
pub struct RecommendationView {
    /// Giver's NIP.
    pub pemberi_nip: String,
    /// Giver's name.
    pub pemberi: String,
    /// Competency name.
    pub kompetensi: String,
    /// The note.
    pub catatan: String,
    /// When.
    pub waktu: String,
}

fn recommendation_views(list: Vec<db::recommendations::Received>) -> Vec<RecommendationView> {
    list.into_iter()
        .map(|r| RecommendationView {
            pemberi: r.pemberi_full_name(),
            pemberi_nip: r.pemberi_nip,
            kompetensi: r.kompetensi_nama,
            catatan: r.catatan,
            waktu: format::waktu(r.created_at),
        })
        .collect()
}

/// Identity rows of a record for an audience.
fn identity(
    e: &Employee,
    unit_path: &str,
    pangkat: Option<&str>,
    audience: Audience,
) -> Vec<(&'static str, String)> {
    let golongan = match pangkat {
        Some(p) => format!("{p} ({})", e.golongan),
        None => e.golongan.clone(),
    };
    let mut rows = vec![("NIP", e.nip.clone()), ("Nama", e.full_name())];
    if audience == Audience::Owner {
        rows.push((
            "Tempat, tanggal lahir",
            format!("{}, {}", e.tempat_lahir, tanggal(&e.tanggal_lahir)),
        ));
        rows.push((
            "Jenis kelamin",
            format::jenis_kelamin(&e.jenis_kelamin).to_string(),
        ));
        rows.push(("Agama", e.agama.clone()));
    }
    rows.push(("Status kepegawaian", e.status_kepegawaian.clone()));
    rows.push(("Unit kerja", unit_path.to_string()));
    rows.push(("Pangkat/golongan", golongan));
    rows.push((
        "Jabatan",
        format!(
            "{} ({})",
            e.jabatan,
            format::jenis_jabatan(&e.jenis_jabatan)
        ),
    ));
    if !e.email.is_empty() {
        rows.push(("E-mail", e.email.clone()));
    }
    if audience == Audience::Owner {
        rows.push((
            "Telepon",
            if e.telepon.is_empty() {
                "–".into()
            } else {
                e.telepon.clone()
            },
        ));
        rows.push(("TMT CPNS", tanggal_opt(e.tmt_cpns.as_deref())));
        rows.push(("TMT golongan", tanggal_opt(e.tmt_golongan.as_deref())));
        rows.push(("TMT jabatan", tanggal_opt(e.tmt_jabatan.as_deref())));
    }
    rows
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    shell: Shell,
    nama: String,
    nip: String,
    own: bool,
    identity: Vec<(&'static str, String)>,
    sections: Vec<Section>,
    recommendations: Vec<RecommendationView>,
    kompetensi: Vec<(String, String)>,
    form: RecommendationForm,
}

struct Loaded {
    employee: Employee,
    unit_path: String,
    pangkat: Option<String>,
    history: History,
    recommendations: Vec<db::recommendations::Received>,
}

async fn load(state: &AppState, nip: &str) -> AppResult<Loaded> {
    let employee = db::employees::get(&state.db, nip)
        .await?
        .ok_or(AppError::NotFound)?;
    let (path, pangkat, history, recommendations) = tokio::try_join!(
        db::profile::unit_path(&state.db, &employee.unit_kode),
        db::reference::pangkat(&state.db, &employee.golongan),
        db::history::load(&state.db, nip),
        db::recommendations::received(&state.db, nip),
    )?;
    let unit_path = path
        .iter()
        .map(|u| u.nama.as_str())
        .collect::<Vec<_>>()
        .join(" › ");
    Ok(Loaded {
        employee,
        unit_path,
        pangkat,
        history,
        recommendations,
    })
}

async fn my_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    let l = load(&state, &user.nip).await?;
    render(&ProfilePage {
        shell: Shell::new("Profil Saya", Some(&user), &csrf),
        nama: l.employee.full_name(),
        nip: l.employee.nip.clone(),
        own: true,
        identity: identity(
            &l.employee,
            &l.unit_path,
            l.pangkat.as_deref(),
            Audience::Owner,
        ),
        sections: sections(&l.history, &l.employee.jenis_jabatan, Audience::Owner),
        recommendations: recommendation_views(l.recommendations),
        kompetensi: Vec::new(),
        form: RecommendationForm::default(),
    })
}

/// Query of the public profile page (after a recommendation was sent).
#[derive(Debug, Deserialize, Default)]
struct ProfileQuery {
    terkirim: Option<String>,
}

async fn public_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    Path(nip): Path<String>,
    Query(q): Query<ProfileQuery>,
) -> AppResult<Response> {
    if nip == user.nip {
        return Ok(Redirect::to("/profil").into_response());
    }
    let mut shell = Shell::new("Profil Pegawai", Some(&user), &csrf);
    if q.terkirim.is_some() {
        shell = shell.flash("ok", "Rekomendasi Anda telah terkirim. Terima kasih!");
    }
    Ok(
        public_page(&state, shell, &nip, RecommendationForm::default())
            .await?
            .into_response(),
    )
}

async fn public_page(
    state: &AppState,
    shell: Shell,
    nip: &str,
    form: RecommendationForm,
) -> AppResult<Html<String>> {
    let l = load(state, nip).await?;
    let kompetensi = db::reference::kompetensi(&state.db)
        .await?
        .into_iter()
        .map(|k| (k.kode, k.nama))
        .collect();
    render(&ProfilePage {
        shell,
        nama: l.employee.full_name(),
        nip: l.employee.nip.clone(),
        own: false,
        identity: identity(
            &l.employee,
            &l.unit_path,
            l.pangkat.as_deref(),
            Audience::Colleague,
        ),
        sections: sections(&l.history, &l.employee.jenis_jabatan, Audience::Colleague),
        recommendations: recommendation_views(l.recommendations),
        kompetensi,
        form,
    })
}

/// The recommendation form (values kept when refused).
#[derive(Debug, Deserialize, Default)]
struct RecommendationForm {
    #[serde(default)]
    kompetensi: String,
    #[serde(default)]
    catatan: String,
}

async fn give_recommendation(
    State(state): State<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    meta: RequestMeta,
    Path(nip): Path<String>,
    Form(form): Form<RecommendationForm>,
) -> AppResult<Response> {
    let now = state.now();
    match db::recommendations::give(
        &state.db,
        &user.nip,
        &nip,
        &form.kompetensi,
        &form.catatan,
        now,
    )
    .await
    {
        Ok(()) => {
            let entry = db::audit::AuditEntry {
                actor_nip: Some(&user.nip),
                subject: &nip,
                action: "recommendation.give",
                outcome: "ok",
                detail: serde_json::json!({ "kompetensi": form.kompetensi }),
                ip: &meta.ip,
                request_id: &meta.request_id,
            };
            db::audit::record(&state.db.pool, now, &entry).await?;
            Ok(Redirect::to(&format!("/profil/{nip}?terkirim=1")).into_response())
        }
        Err(db::recommendations::GiveError::Refused(
            db::recommendations::RefusedRecommendation::UnknownEmployee,
        )) => Err(AppError::NotFound),
        Err(db::recommendations::GiveError::Refused(reason)) => {
            let shell =
                Shell::new("Profil Pegawai", Some(&user), &csrf).flash("error", reason.to_string());
            let page = public_page(&state, shell, &nip, form).await?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(db::recommendations::GiveError::Db(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colleagues_never_see_family_or_credit_points() {
        let h = History {
            keluarga: vec![db::history::Keluarga {
                id: 1,
                hubungan: "istri".into(),
                nama: "Rahasia".into(),
                tanggal_lahir: None,
                pekerjaan: String::new(),
            }],
            ..History::default()
        };
        let ids = |a| {
            sections(&h, "fungsional", a)
                .iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        };
        assert!(ids(Audience::Owner).contains(&"keluarga"));
        assert!(ids(Audience::Owner).contains(&"angka-kredit"));
        assert!(!ids(Audience::Colleague).contains(&"keluarga"));
        assert!(!ids(Audience::Colleague).contains(&"angka-kredit"));
    }
}
