//! Capability `http:HOST`: outbound HTTP(S) to the hosts the administrator granted
//! (request `http:api.example.go.id` in the manifest, one per host).

use serde::de::DeserializeOwned;

pub use crate::__internal::bindings::eoffice::portal::http::{Method, Request, Response};
use crate::{Error, sys};

impl Request {
    /// A request without headers or body.
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }
    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Request {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Sets a JSON body (and `content-type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Request, Error> {
        let bytes = serde_json::to_vec(body)?;
        let mut r = self.header("content-type", "application/json");
        r.body = Some(bytes);
        Ok(r)
    }
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body parsed as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        Ok(serde_json::from_slice(&self.body)?)
    }
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends a request.
pub fn fetch(request: &Request) -> Result<Response, Error> {
    Ok(sys::http::fetch(request)?)
}

/// A GET request.
pub fn get(url: &str) -> Result<Response, Error> {
    fetch(&Request::new(Method::Get, url))
}
