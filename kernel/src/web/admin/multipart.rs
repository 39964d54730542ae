//! A small `multipart/form-data` reader for the module upload form (a few text fields and
//! one file), so the kernel needs no multipart dependency.

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Field name.
    pub name: String,
    /// File name, for file fields.
    pub filename: Option<String>,
    /// Content.
    pub data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        match haystack[i..=haystack.len() - needle.len()]
            .iter()
            .position(|b| *b == first)
        {
            None => return None,
            Some(p) => {
                i += p;
                if haystack[i..].starts_with(needle) {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Splits a multipart body into its parts; `None` when it is malformed.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Vec<Part>> {
    let delim = format!("--{}", boundary(content_type)?).into_bytes();
    let mut next_delim = b"\r\n".to_vec();
    next_delim.extend_from_slice(&delim);
    let mut pos = find(body, &delim)? + delim.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        let rest = rest.strip_prefix(b"\r\n")?;
        let header_end = find(rest, b"\r\n\r\n")?;
        let headers = std::str::from_utf8(&rest[..header_end]).ok()?;
        let content = &rest[header_end + 4..];
        let end = find(content, &next_delim)?;
        let disposition = headers
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        parts.push(Part {
            name: disposition_param(disposition, "name")?,
            filename: disposition_param(disposition, "filename"),
            data: content[..end].to_vec(),
        });
        pos = body.len() - content.len() + end + next_delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_a_binary_file() {
        let ct = "multipart/form-data; boundary=----x1";
        let mut body =
            b"------x1\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n\
            ------x1\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"m.wasm\"\r\n\
            Content-Type: application/wasm\r\n\r\n"
                .to_vec();
        body.extend_from_slice(b"\0asm\r\n--\r\n\x01\x02");
        body.extend_from_slice(b"\r\n------x1\r\nContent-Disposition: form-data; name=\"paksa\"\r\n\r\non\r\n------x1--\r\n");
        let parts = parse(ct, &body).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].name, "csrf_token");
        assert_eq!(parts[0].data, b"abc");
        assert_eq!(parts[1].filename.as_deref(), Some("m.wasm"));
        assert_eq!(parts[1].data, b"\0asm\r\n--\r\n\x01\x02");
        assert_eq!(parts[2].data, b"on");
        assert_eq!(parse("text/plain", &body), None);
        assert_eq!(parse(ct, b"garbage"), None);
        assert_eq!(
            parse(
                ct,
                b"------x1\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"
            ),
            None
        );
    }
}
