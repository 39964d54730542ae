//! `http:HOST`: outbound HTTP(S) to granted hosts only; no redirects, a 5 s timeout and
//! a 1 MiB response body cap.

use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::http::{Host, Method, Request, Response};
use crate::plugins::runtime::HostState;

/// Largest response body, in bytes.
pub const MAX_BODY: usize = 1 << 20;

/// The capability a URL needs: `http:HOST` or `http:HOST:PORT` for an explicit port.
fn capability_for(url: &reqwest::Url) -> Result<String, CapabilityError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CapabilityError::Invalid("hanya URL http(s)".into()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| CapabilityError::Invalid("URL tanpa host".into()))?
        .to_ascii_lowercase();
    Ok(match url.port() {
        Some(port) => format!("http:{host}:{port}"),
        None => format!("http:{host}"),
    })
}

impl Host for HostState {
    async fn fetch(&mut self, req: Request) -> Result<Response, CapabilityError> {
        let url = reqwest::Url::parse(&req.url)
            .map_err(|e| CapabilityError::Invalid(format!("URL tidak valid: {e}")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(CapabilityError::Invalid(
                "URL tidak boleh memuat kredensial".into(),
            ));
        }
        let capability = capability_for(&url)?;
        self.require(&capability, "http.fetch").await?;
        let client = self.state.plugins.http_client().clone();
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = client.request(method, url);
        for (name, value) in &req.headers {
            let lower = name.to_ascii_lowercase();
            if matches!(
                lower.as_str(),
                "host" | "content-length" | "connection" | "transfer-encoding"
            ) {
                continue;
            }
            builder = builder.header(name, value);
        }
        if let Some(body) = req.body {
            if body.len() > MAX_BODY {
                return Err(CapabilityError::Invalid(
                    "badan permintaan melebihi 1 MiB".into(),
                ));
            }
            builder = builder.body(body);
        }
        let mut resp = builder
            .send()
            .await
            .map_err(|e| CapabilityError::Unavailable(format!("permintaan HTTP gagal: {e}")))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| CapabilityError::Unavailable(format!("respons HTTP gagal: {e}")))?
        {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(CapabilityError::QuotaExceeded(
                    "respons HTTP melebihi 1 MiB".into(),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capability_names_host_and_port() {
        let cap = |u: &str| capability_for(&reqwest::Url::parse(u).unwrap());
        assert_eq!(
            cap("https://API.bkn.go.id/x?y").unwrap(),
            "http:api.bkn.go.id"
        );
        assert_eq!(cap("http://h:8080/").unwrap(), "http:h:8080");
        assert!(cap("ftp://h/").is_err());
    }
}
