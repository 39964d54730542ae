//! The portal shell shared by every page: header with the user's name, the grouped
//! navigation menu (kernel links plus the menu items of the modules enabled for the
//! user's roles), the notification bell, logout, flash messages, and the error page.
//! Pages embed a [`Shell`] and extend `base.html`.
//!
//! The menu and the bell are computed once per request by [`nav_middleware`] (inside the
//! session middleware) and carried in [`CurrentUser::nav`], so every existing
//! `Shell::new(title, user, csrf)` shows them. The unread count is cached per user for a
//! few seconds ([`WebCaches`]) so the dashboard's throughput does not pay a query per view.

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{Html, Response};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::plugins::LoadedModule;
use crate::plugins::bindings::exports::eoffice::portal::plugin::MenuGroup;
use crate::state::AppState;
use crate::web::csrf::CsrfToken;

/// The menu groups in display order, with their labels.
pub const MENU_GROUPS: [(MenuGroup, &str); 5] = [
    (MenuGroup::Kepegawaian, "Kepegawaian"),
    (MenuGroup::Kehadiran, "Kehadiran"),
    (MenuGroup::Kinerja, "Kinerja"),
    (MenuGroup::ProgramKompetensi, "Program Kompetensi"),
    (MenuGroup::Bantuan, "Bantuan"),
];

/// One link of the navigation menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    /// Label.
    pub label: String,
    /// Portal path.
    pub href: String,
}

/// A group of the navigation menu; only groups with items are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavGroup {
    /// Group label (`Kepegawaian`, …).
    pub label: &'static str,
    /// Items from the modules, in module order then manifest order.
    pub items: Vec<NavItem>,
}

/// What the header shows for a signed-in user besides the name: the module menu and the
/// unread notification count.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    /// Menu groups from the modules enabled for the user (non-empty groups only).
    pub groups: Vec<NavGroup>,
    /// Unread notifications.
    pub unread: i64,
}

/// The module menu for a user holding `roles`: every active module enabled for one of
/// them contributes the manifest items whose roles are empty or shared with the user.
pub fn menu_groups(modules: &[Arc<LoadedModule>], roles: &[String]) -> Vec<NavGroup> {
    MENU_GROUPS
        .iter()
        .filter_map(|(group, label)| {
            let items: Vec<NavItem> = modules
                .iter()
                .filter(|m| m.is_active() && m.enabled_for(roles))
                .flat_map(|m| {
                    let base = format!("/m/{}", m.id);
                    m.manifest
                        .menu
                        .iter()
                        .filter(|i| i.group == *group)
                        .filter(|i| i.roles.is_empty() || i.roles.iter().any(|r| roles.contains(r)))
                        .filter_map(move |i| {
                            let rel = format!(".{}", i.path);
                            let href = if i.path.starts_with('/') {
                                crate::web::render::module_path(&rel, &base)
                            } else {
                                crate::web::render::module_path(&i.path, &base)
                            }?;
                            Some(NavItem {
                                label: i.label.clone(),
                                href,
                            })
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            (!items.is_empty()).then_some(NavGroup { label, items })
        })
        .collect()
}

/// Per-process caches of the web layer (one per [`crate::web::app`]), available to
/// handlers as an `Extension<Arc<WebCaches>>`.
pub struct WebCaches {
    unread: moka::future::Cache<String, i64>,
    units: moka::future::Cache<String, Arc<(String, String)>>,
}

impl std::fmt::Debug for WebCaches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebCaches").finish_non_exhaustive()
    }
}

/// How long an unread count is reused (marking read in this process forgets it at once).
pub const UNREAD_TTL: Duration = Duration::from_secs(3);
/// How long an employee's unit (for module calls) is reused.
pub const UNIT_TTL: Duration = Duration::from_secs(60);

impl Default for WebCaches {
    fn default() -> Self {
        WebCaches {
            unread: moka::future::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(UNREAD_TTL)
                .build(),
            units: moka::future::Cache::builder()
                .max_capacity(100_000)
                .time_to_live(UNIT_TTL)
                .build(),
        }
    }
}

impl WebCaches {
    /// The unread notification count of `nip`, cached briefly.
    pub async fn unread(&self, state: &AppState, nip: &str) -> sqlx::Result<i64> {
        if let Some(n) = self.unread.get(nip).await {
            return Ok(n);
        }
        let n = crate::db::notifications::unread_count(&state.db, nip).await?;
        self.unread.insert(nip.to_string(), n).await;
        Ok(n)
    }

    /// Forgets the cached unread count of `nip` (after marking read).
    pub async fn forget_unread(&self, nip: &str) {
        self.unread.invalidate(nip).await;
    }

    /// The employee's unit (code, name), cached for a minute; empty when unknown.
    pub async fn unit(&self, state: &AppState, nip: &str) -> sqlx::Result<Arc<(String, String)>> {
        if let Some(u) = self.units.get(nip).await {
            return Ok(u);
        }
        let u = Arc::new(
            crate::db::directory::get(&state.db, nip)
                .await?
                .map(|e| (e.unit_kode, e.unit_nama))
                .unwrap_or_default(),
        );
        self.units.insert(nip.to_string(), u.clone()).await;
        Ok(u)
    }

    /// Remembers a unit already read elsewhere (the dashboard's profile summary).
    pub async fn remember_unit(&self, nip: &str, code: &str, name: &str) {
        if self.units.get(nip).await.is_none() {
            self.units
                .insert(
                    nip.to_string(),
                    Arc::new((code.to_string(), name.to_string())),
                )
                .await;
        }
    }
}

/// Middleware (inside the session middleware): fills [`CurrentUser::nav`] for pages,
/// makes the [`WebCaches`] available to handlers, and forgets the unread count after a
/// successful POST under `/notifikasi`.
pub async fn nav_middleware(
    State((state, caches)): State<(AppState, Arc<WebCaches>)>,
    mut req: Request,
    next: Next,
) -> Response {
    req.extensions_mut().insert(caches.clone());
    let path = req.uri().path();
    let is_page = !path.starts_with("/api/") && !path.starts_with("/static/");
    let marks_read = req.method() == Method::POST && path.starts_with("/notifikasi");
    let nip = req.extensions().get::<CurrentUser>().map(|u| u.nip.clone());
    if is_page && let Some(nip) = &nip {
        let roles = req
            .extensions()
            .get::<CurrentUser>()
            .map(|u| u.roles.clone())
            .unwrap_or_default();
        let groups = menu_groups(&state.plugins.modules_for(&roles), &roles);
        let unread = match caches.unread(&state, nip).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "unread count failed");
                0
            }
        };
        if let Some(u) = req.extensions_mut().get_mut::<CurrentUser>() {
            u.nav = Some(Arc::new(Nav { groups, unread }));
        }
    }
    let response = next.run(req).await;
    if marks_read
        && let Some(nip) = &nip
        && (response.status().is_success() || response.status().is_redirection())
    {
        caches.forget_unread(nip).await;
    }
    response
}

/// The signed-in user as the header shows them.
#[derive(Debug, Clone)]
pub struct ShellUser {
    /// NIP.
    pub nip: String,
    /// Name with titles.
    pub nama: String,
    /// Whether the menu shows "Administrasi".
    pub is_admin: bool,
}

/// What `base.html` needs on every page.
#[derive(Debug, Clone)]
pub struct Shell {
    /// Page title.
    pub title: String,
    /// The signed-in user, if any.
    pub user: Option<ShellUser>,
    /// CSRF token for the page's forms (and the logout form).
    pub csrf: String,
    /// Messages shown above the content: (`ok`|`error`|`info`|`warn`, text).
    pub flashes: Vec<(&'static str, String)>,
    /// Module menu and bell (absent for pages without a signed-in user).
    pub nav: Option<Arc<Nav>>,
}

impl Shell {
    /// A shell for a page.
    pub fn new(title: impl Into<String>, user: Option<&CurrentUser>, csrf: &CsrfToken) -> Shell {
        Shell {
            title: title.into(),
            user: user.map(|u| ShellUser {
                nip: u.nip.clone(),
                nama: u.nama.clone(),
                is_admin: u.has_role("admin"),
            }),
            csrf: csrf.0.clone(),
            flashes: Vec::new(),
            nav: user.and_then(|u| u.nav.clone()),
        }
    }

    /// Adds a message above the content.
    pub fn flash(mut self, kind: &'static str, text: impl Into<String>) -> Shell {
        self.flashes.push((kind, text.into()));
        self
    }
}

/// Renders a template to an HTML response.
pub fn render<T: Template>(template: &T) -> AppResult<Html<String>> {
    template
        .render()
        .map(Html)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template error: {e}")))
}

/// A page explaining an error.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Title.
    pub title: &'static str,
    /// Message for the user.
    pub message: String,
    /// HTTP status.
    pub status: u16,
}

impl ErrorPage {
    /// Renders to a string, falling back to plain text if the template fails.
    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|_| self.message.clone())
    }
}
