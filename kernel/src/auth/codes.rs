//! Human-typed one-time codes (HR activation codes, reset tokens, recovery codes) and
//! random opaque tokens (enrolment tokens, session ids).
//!
//! Codes look like `K7QM-3XRP-9HDW`: 12 characters of Crockford's base32 alphabet (digits
//! and letters without `I L O U`), i.e. exactly 60 bits, typed case-insensitively with or
//! without dashes and spaces; `O` is read as `0` and `I`/`L` as `1`. Only their SHA-256
//! is stored.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use rand::Rng as _;
use sha2::{Digest, Sha256};

/// The alphabet of codes (Crockford's base32): 32 symbols, 5 bits each.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const GROUPS: usize = 3;
const GROUP_LEN: usize = 4;

/// How many recovery codes a set has.
pub const RECOVERY_CODES: usize = 10;

/// A fresh code `XXXX-XXXX-XXXX` (60 bits from the CSPRNG).
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(GROUPS * (GROUP_LEN + 1));
    for i in 0..GROUPS * GROUP_LEN {
        if i > 0 && i % GROUP_LEN == 0 {
            out.push('-');
        }
        out.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
    }
    out
}

/// Canonical form of a typed code: uppercase, separators removed, look-alikes mapped
/// (`O`→`0`, `I`/`L`→`1`).
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// Hex SHA-256 of the canonical form of a code, as stored.
pub fn hash_code(code: &str) -> String {
    sha256_hex(normalize(code).as_bytes())
}

/// Whether `code` has the shape of one of our codes (after [`normalize`]).
pub fn looks_like_code(code: &str) -> bool {
    let n = normalize(code);
    n.len() == GROUPS * GROUP_LEN && n.bytes().all(|b| ALPHABET.contains(&b))
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// A random opaque token: 256 bits, base64url.
pub fn new_token() -> String {
    B64URL.encode(crate::secrets::random_key())
}

/// Hex SHA-256 of an opaque token, as stored.
pub fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// A new session id: 144 random bits, base64url (24 characters).
pub fn new_session_id() -> String {
    let mut bytes = [0u8; 18];
    rand::rng().fill(&mut bytes);
    B64URL.encode(bytes)
}

/// A fresh set of [`RECOVERY_CODES`] recovery codes.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES).map(|_| new_code()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_readable_and_strong() {
        let c = new_code();
        assert_eq!(c.len(), 14, "{c}");
        assert_eq!(c.matches('-').count(), 2);
        assert!(looks_like_code(&c));
        // 12 symbols of 32: 60 bits.
        assert_eq!(12.0 * (ALPHABET.len() as f64).log2(), 60.0);
        for bad in ['O', 'I', 'L', 'U'] {
            assert!(!ALPHABET.contains(&(bad as u8)));
        }
        assert_ne!(new_code(), new_code());
        assert_eq!(normalize("ab0o-1il"), "AB00111");
    }

    #[test]
    fn typed_codes_normalize() {
        let c = new_code();
        let typed = c.to_lowercase().replace('-', " ");
        assert_eq!(hash_code(&typed), hash_code(&c));
        assert_eq!(hash_code(&c).len(), 64);
        assert!(!looks_like_code("ABCD"));
    }

    #[test]
    fn tokens_are_unique() {
        assert_ne!(new_token(), new_token());
        assert_eq!(new_session_id().len(), 24);
        assert_eq!(new_recovery_codes().len(), RECOVERY_CODES);
    }
}
