//! Calls into the module: the caller ([`Context`], [`User`]), the [`Request`], and what
//! the module answers ([`Response`], [`Page`], [`Card`]), plus [`Event`]s.

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::__internal::bindings::eoffice::portal::types::{Context, User};
pub use crate::__internal::bindings::exports::eoffice::portal::plugin::{
    Card, Event, Format, Method, Page, Request, Response, ResponseBody,
};

use crate::Error;
use crate::ui::{Block, EmptyState};

impl Context {
    /// The signed-in employee; `None` for background work (events).
    pub fn user(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// The signed-in employee, or [`Error::Denied`] for background calls.
    pub fn require_user(&self) -> Result<&User, Error> {
        self.user
            .as_ref()
            .ok_or_else(|| Error::Denied("perlu masuk sebagai pegawai".into()))
    }

    /// The caller's NIP, if any.
    pub fn nip(&self) -> Option<&str> {
        self.user.as_ref().map(|u| u.nip.as_str())
    }

    /// Whether the caller holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.has_role(role))
    }

    /// An absolute portal path under the module's root: `ctx.path("dokumen/1")` →
    /// `/m/contoh/dokumen/1` (for notifications and redirects that leave the module).
    pub fn path(&self, rel: &str) -> String {
        let base = self.base_path.trim_end_matches('/');
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() {
            base.to_string()
        } else {
            format!("{base}/{rel}")
        }
    }
}

impl User {
    /// Whether the employee holds `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

impl Request {
    /// The first query parameter named `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first submitted form field named `name` (see also [`Form`](crate::Form)).
    pub fn form_value(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path split into non-empty segments: `/dokumen/12` → `["dokumen", "12"]`, `/` → `[]`.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    /// Whether this is a GET request.
    pub fn is_get(&self) -> bool {
        self.method == Method::Get
    }

    /// Whether this is a POST request.
    pub fn is_post(&self) -> bool {
        self.method == Method::Post
    }

    /// Whether the request came through the JSON API.
    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// The JSON body parsed as `T`; a missing or malformed body is [`Error::Invalid`]
    /// (a 400 response when returned from `handle`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let body = self
            .body
            .as_deref()
            .ok_or_else(|| Error::Invalid("permintaan tanpa isi JSON".into()))?;
        serde_json::from_str(body).map_err(|e| Error::Invalid(format!("isi JSON tidak valid: {e}")))
    }
}

impl Event {
    /// The payload parsed as `T`; a mismatch is [`Error::Invalid`].
    pub fn payload<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_str(&self.payload)
            .map_err(|e| Error::Invalid(format!("payload event {} tidak valid: {e}", self.topic)))
    }
}

impl Card {
    /// A card on the kernel's "Beranda" tab.
    pub fn new(title: impl Into<String>) -> Card {
        Card {
            tab: None,
            title: title.into(),
            blocks: Vec::new(),
        }
    }
    /// Puts the card on one of the module's tabs (declared with `Manifest::tab`).
    pub fn tab(mut self, tab: impl Into<String>) -> Card {
        self.tab = Some(tab.into());
        self
    }
    /// Adds a block.
    pub fn block(mut self, block: impl Into<Block>) -> Card {
        self.blocks.push(block.into());
        self
    }
    /// Adds blocks.
    pub fn blocks(mut self, blocks: impl IntoIterator<Item = Block>) -> Card {
        self.blocks.extend(blocks);
        self
    }
}

impl Page {
    /// A page with a title and blocks.
    pub fn new(title: impl Into<String>, blocks: Vec<Block>) -> Page {
        Page {
            title: title.into(),
            blocks,
        }
    }
}

impl Response {
    /// A 200 page rendered by the kernel (HTML for browsers, JSON for the API).
    pub fn page(title: impl Into<String>, blocks: Vec<Block>) -> Response {
        Response {
            status: 200,
            body: ResponseBody::Page(Page::new(title, blocks)),
        }
    }

    /// A 200 JSON answer for the API. A value that cannot be serialised gives a 500.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Response {
        match serde_json::to_string(value) {
            Ok(text) => Response {
                status: 200,
                body: ResponseBody::Json(text),
            },
            Err(e) => Response::from_error(&Error::Other(format!("JSON tidak dapat dibuat: {e}"))),
        }
    }

    /// A 303 redirect (module-relative like `dokumen/1`, or a portal path), the answer to
    /// a successful POST.
    pub fn redirect(path: impl Into<String>) -> Response {
        Response {
            status: 303,
            body: ResponseBody::Redirect(path.into()),
        }
    }

    /// A 404 page.
    pub fn not_found() -> Response {
        Response::error_page(
            404,
            "Tidak ditemukan",
            "Halaman atau data yang dicari tidak ada.",
        )
    }

    /// A 400 page with the reason.
    pub fn bad_request(reason: impl Into<String>) -> Response {
        Response::error_page(400, "Permintaan tidak valid", reason)
    }

    /// A 403 page with the reason.
    pub fn forbidden(reason: impl Into<String>) -> Response {
        Response::error_page(403, "Akses ditolak", reason)
    }

    /// A page with an empty state, for errors.
    pub fn error_page(
        status: u16,
        title: impl Into<String>,
        message: impl Into<String>,
    ) -> Response {
        let title = title.into();
        Response {
            status,
            body: ResponseBody::Page(Page::new(
                title.clone(),
                vec![Block::Empty(EmptyState::new(title, message))],
            )),
        }
    }

    /// The error page for a failed call: Denied → 403, NotFound → 404, Conflict → 409,
    /// Invalid → 400, QuotaExceeded → 429, Unavailable → 503, Other → 500.
    pub fn from_error(error: &Error) -> Response {
        match error {
            Error::Denied(reason) => Response::forbidden(reason.clone()),
            Error::NotFound => Response::not_found(),
            Error::Conflict(_) => Response::error_page(
                409,
                "Data telah berubah",
                "Data ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.",
            ),
            Error::Invalid(reason) => Response::bad_request(reason.clone()),
            Error::QuotaExceeded(reason) => {
                Response::error_page(429, "Terlalu banyak permintaan", reason.clone())
            }
            Error::Unavailable(reason) => {
                Response::error_page(503, "Layanan tidak tersedia", reason.clone())
            }
            Error::Other(message) => {
                Response::error_page(500, "Terjadi kesalahan", message.clone())
            }
        }
    }

    /// The same response with another status.
    pub fn with_status(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    /// The page, if this is one.
    pub fn as_page(&self) -> Option<&Page> {
        match &self.body {
            ResponseBody::Page(p) => Some(p),
            _ => None,
        }
    }

    /// The redirect target, if this is a redirect.
    pub fn redirect_target(&self) -> Option<&str> {
        match &self.body {
            ResponseBody::Redirect(to) => Some(to),
            _ => None,
        }
    }

    /// The JSON body parsed as `T`, if this is a JSON response.
    pub fn json_body<T: DeserializeOwned>(&self) -> Option<T> {
        match &self.body {
            ResponseBody::Json(text) => serde_json::from_str(text).ok(),
            _ => None,
        }
    }

    /// All text of a page (title and blocks, see [`ui::plain_text`](crate::ui::plain_text)),
    /// or the JSON/redirect text; for assertions in tests.
    pub fn text(&self) -> String {
        match &self.body {
            ResponseBody::Page(p) => format!("{}\n{}", p.title, crate::ui::plain_text(&p.blocks)),
            ResponseBody::Json(text) | ResponseBody::Redirect(text) => text.clone(),
        }
    }
}

impl From<Error> for Response {
    fn from(error: Error) -> Response {
        Response::from_error(&error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str) -> Request {
        Request {
            method: Method::Get,
            path: path.into(),
            query: vec![("page".into(), "2".into())],
            form: vec![],
            body: Some("{\"a\":1}".into()),
            format: Format::Json,
        }
    }

    #[test]
    fn request_helpers() {
        let r = req("/dokumen/12/");
        assert_eq!(r.segments(), ["dokumen", "12"]);
        assert_eq!(req("/").segments(), Vec::<&str>::new());
        assert_eq!(r.query_param("page"), Some("2"));
        #[derive(serde::Deserialize)]
        struct A {
            a: i32,
        }
        assert_eq!(r.json::<A>().unwrap().a, 1);
        assert!(matches!(r.json::<Vec<u8>>(), Err(Error::Invalid(_))));
    }

    #[test]
    fn responses() {
        assert_eq!(Response::from(Error::NotFound).status, 404);
        assert_eq!(Response::from(Error::Conflict(2)).status, 409);
        assert_eq!(Response::redirect("/").redirect_target(), Some("/"));
        assert_eq!(
            Response::json(&[1, 2]).json_body::<Vec<i32>>(),
            Some(vec![1, 2])
        );
        assert!(
            Response::page("Judul", vec![Block::text("isi")])
                .text()
                .contains("isi")
        );
    }
}
