//! `GET /`: the dashboard. The kernel's own part — greeting, profile summary, rank and
//! position, who the employee's Atasan and Anpeg are — is the "Beranda" tab; the modules
//! enabled for the user's roles add tabs (from their manifests, `?tab=ID`, no scripts)
//! and cards. Every module's `dashboard` is called concurrently, each bounded by its
//! deadline in the host; a failing, slow or trapping module yields an error card and the
//! rest of the page renders.

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Extension, Query, State};
use axum::response::Html;
use axum::routing::get;
use maud::{Markup, html};

use crate::auth::CurrentUser;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::plugins::bindings::{Card, Context, User};
use crate::plugins::{CallError, LoadedModule};
use crate::state::AppState;
use crate::web::csrf::CsrfToken;
use crate::web::format;
use crate::web::layout::{Shell, WebCaches, render};
use crate::web::render::Renderer;

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

/// One tab of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabLink {
    /// Tab id (`""` for Beranda).
    pub id: String,
    /// Label.
    pub label: String,
    /// Link (`/` or `/?tab=ID`).
    pub href: String,
    /// Whether this tab is shown.
    pub current: bool,
}

/// The kernel's own tab.
pub const BERANDA: &str = "Beranda";

/// The outcome of one module's `dashboard` call.
pub type CardResult = (Arc<LoadedModule>, Result<Vec<Card>, CallError>);

/// The dashboard's tabs: Beranda (order 0) and every tab the modules declare, ordered by
/// `order` (Beranda first among equals), then label. A tab id declared by two modules is
/// one tab (the first declaration's label).
pub fn tabs(modules: &[Arc<LoadedModule>], selected: Option<&str>) -> Vec<TabLink> {
    let mut found: Vec<(i32, u8, String, String)> = vec![(0, 0, String::new(), BERANDA.into())];
    for m in modules {
        for t in &m.manifest.tabs {
            if !t.id.is_empty() && !found.iter().any(|(_, _, id, _)| *id == t.id) {
                found.push((t.order, 1, t.id.clone(), t.label.clone()));
            }
        }
    }
    found.sort();
    let selected = selected
        .filter(|s| found.iter().any(|(_, _, id, _)| id == s))
        .unwrap_or("");
    found
        .into_iter()
        .map(|(_, _, id, label)| TabLink {
            href: if id.is_empty() {
                "/".into()
            } else {
                format!("/?tab={}", crate::web::render::encode_query_value(&id))
            },
            current: id == selected,
            id,
            label,
        })
        .collect()
}

/// Renders the cards of every module for tab `tab` (`""` = Beranda): module cards in
/// module order, an error card for a module whose call failed.
pub fn cards_html(results: &[CardResult], tab: &str, known_tabs: &[TabLink], csrf: &str) -> Markup {
    let mut n = 0usize;
    html! {
        @for (m, result) in results {
            @match result {
                Ok(cards) => {
                    @for card in cards {
                        @let card_tab = card.tab.as_deref()
                            .filter(|t| known_tabs.iter().any(|k| k.id == *t))
                            .unwrap_or("");
                        @if card_tab == tab {
                            @let base = format!("/m/{}", m.id);
                            @let prefix = { n += 1; format!("k{n}") };
                            section.card.module-card aria-labelledby=(format!("{prefix}-title")) {
                                h2 id=(format!("{prefix}-title")) { (card.title) }
                                (Renderer::card(&base, csrf, &prefix).blocks(&card.blocks))
                            }
                        }
                    }
                }
                Err(_) => {
                    // Where the module's cards would have been: Beranda, and each tab
                    // the module declares.
                    @if tab.is_empty() || m.manifest.tabs.iter().any(|t| t.id == tab) {
                        section.card.module-card.error-card {
                            h2 { (m.manifest.name) }
                            p.alert.warn role="status" {
                                "Kartu modul " (m.manifest.name) " tidak dapat ditampilkan saat ini."
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Calls `dashboard` of every module concurrently (one task each, so they also run in
/// parallel), each bounded by its deadline in the host; results in module order. `ctx`
/// gets each module's base path.
pub async fn module_cards(
    state: &AppState,
    modules: Vec<Arc<LoadedModule>>,
    ctx: &Context,
) -> Vec<CardResult> {
    let mut set = tokio::task::JoinSet::new();
    for (i, m) in modules.iter().enumerate() {
        let (state, m) = (state.clone(), m.clone());
        let mut ctx = ctx.clone();
        ctx.base_path = format!("/m/{}", m.id);
        set.spawn(async move {
            let result = state.plugins.dashboard(&state, &m, ctx).await;
            if let Err(e) = &result {
                tracing::warn!(module = %m.id, error = %e, "dashboard card failed");
            }
            (i, result)
        });
    }
    let mut results: Vec<Option<Result<Vec<Card>, CallError>>> =
        modules.iter().map(|_| None).collect();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((i, r)) => results[i] = Some(r),
            Err(e) => tracing::error!(error = %e, "dashboard task failed"),
        }
    }
    modules
        .into_iter()
        .zip(results)
        .map(|(m, r)| {
            let r = r.unwrap_or_else(|| Err(CallError::Failed("tugas dibatalkan".into())));
            (m, r)
        })
        .collect()
}

/// Query of the dashboard.
#[derive(Debug, serde::Deserialize)]
struct DashboardQuery {
    tab: Option<String>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    shell: Shell,
    tabs: Vec<TabLink>,
    on_beranda: bool,
    tab_label: String,
    cards: String,
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
    Extension(caches): Extension<Arc<WebCaches>>,
    Query(q): Query<DashboardQuery>,
    headers: axum::http::HeaderMap,
    user: CurrentUser,
    csrf: CsrfToken,
) -> AppResult<Html<String>> {
    let modules = state.plugins.modules_for(&user.roles);
    let tabs = tabs(&modules, q.tab.as_deref());
    let current = tabs.iter().find(|t| t.current).cloned();
    let current_id = current.as_ref().map(|t| t.id.clone()).unwrap_or_default();
    // The module calls need the unit (cached); the summary is read meanwhile.
    let unit = caches.unit(&state, &user.nip).await?;
    let ctx = Context {
        user: Some(User {
            nip: user.nip.clone(),
            name: user.nama.clone(),
            roles: user.roles.clone(),
            unit_code: unit.0.clone(),
            unit_name: unit.1.clone(),
        }),
        request_id: crate::web::request_id(&headers),
        locale: "id".into(),
        base_path: String::new(),
    };
    let (summary, results) = tokio::join!(
        db::profile::summary(&state.db, &user.nip),
        module_cards(&state, modules, &ctx)
    );
    let s = summary?.ok_or(AppError::NotFound)?;
    let cards = cards_html(&results, &current_id, &tabs, &csrf.0).into_string();
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
        shell: Shell::new(
            current
                .as_ref()
                .map(|t| t.label.as_str())
                .unwrap_or(BERANDA),
            Some(&user),
            &csrf,
        ),
        on_beranda: current_id.is_empty(),
        tab_label: current.map(|t| t.label).unwrap_or_else(|| BERANDA.into()),
        tabs,
        cards,
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
