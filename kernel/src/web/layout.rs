//! The portal shell shared by every page: header with the user's name, menu and logout,
//! flash messages, and the error page. Pages embed a [`Shell`] and extend `base.html`.

use askama::Template;
use axum::response::Html;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::web::csrf::CsrfToken;

/// The signed-in user as the header shows them.
#[derive(Debug, Clone)]
pub struct ShellUser {
    /// NIP.
    pub nip: String,
    /// Name with titles.
    pub nama: String,
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
}

impl Shell {
    /// A shell for a page.
    pub fn new(title: impl Into<String>, user: Option<&CurrentUser>, csrf: &CsrfToken) -> Shell {
        Shell {
            title: title.into(),
            user: user.map(|u| ShellUser {
                nip: u.nip.clone(),
                nama: u.nama.clone(),
            }),
            csrf: csrf.0.clone(),
            flashes: Vec::new(),
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
